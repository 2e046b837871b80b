"""Exercise checks of notebook 04 (generator and discriminator)."""

from ..exercises import exercise


@exercise("04.1", hint="call the generator on 3 prompts' tokens and 3 noise vectors, then read .shape")
def _shape(answer):
    from ..runtime import world_size

    size = world_size()
    expected = (3, 3, size.frames, size.height, size.width)
    assert tuple(answer) == expected, f"{tuple(answer)}: clips are (N, RGB channels, T, H, W) = {expected}"


@exercise("04.2", hint="helpers.models.count_parameters(model.generator) with model = load_model()")
def _parameters(answer):
    from ..inference import load_model
    from ..models import count_parameters

    expected = count_parameters(load_model(device="cpu").generator)
    assert int(answer) == expected, f"{answer}: the shipped generator has a different count"


@exercise("04.3", hint="look at the output shape of BlogGenerator: (N, 3, H, W) has no time axis")
def _blog_frames(answer):
    assert int(answer) == 1, f"{answer}: the blog draws a single frame per call and calls it once per frame"
