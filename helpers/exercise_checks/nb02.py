"""Exercise checks of notebook 02 (synthetic data)."""

from ..exercises import exercise


@exercise("02.1", hint="helpers.prompts.normalise_prompt() spells a prompt the way the model reads it")
def _normalise(answer):
    assert isinstance(answer, str), f"expected a string, got {type(answer).__name__}"
    assert answer == "blue triangle moving down-left", (
        f"{answer!r}: lower-case, single spaces, and 'moving diagonally X' becomes 'moving X'"
    )


@exercise("02.2", hint="for each frame, average the x coordinates of the non-white pixels; "
                       "subtract the first frame's value from the last frame's")
def _travel(answer):
    from ..runtime import world_size
    from ..world import render_prompts

    size = world_size()
    clip = render_prompts(["red square moving right"], seed=0, frames=size.frames,
                          height=size.height, width=size.width)[0].numpy()
    ink = (255 - clip.astype(int)).sum(-1) > 30
    xs = [mask.nonzero()[1].mean() for mask in ink]
    expected = xs[-1] - xs[0]
    assert isinstance(answer, (int, float)) or hasattr(answer, "item"), "expected a number of pixels"
    assert abs(float(answer) - expected) < 1.0, (
        f"{float(answer):.1f} px; the centroid of the clip rendered with seed=0 moves {expected:.1f} px. "
        "Did you use the clip of 'red square moving right' with seed=0 at this notebook's size?"
    )
    assert expected >= 0.25 * size.width


@exercise("02.3", hint="the training split is helpers.split_prompts('train'); "
                       "look for prompts whose shape is circle and motion is 'moving up-right'")
def _headline_pairs(answer):
    assert answer == 0, (
        f"{answer}: training holds no circle moving up-right in any colour; that is what makes "
        "the headline prompt a test of composition"
    )
