"""Exercise checks of notebook 06 (generating video)."""

from __future__ import annotations

from ..exercises import exercise

BLOG_FRAME_NAMES = [f"frame_{i}.png" for i in range(12)]


@exercise("06.1", hint="sorted(blog_names, key=...) with a key that turns 'frame_10.png' into the number 10, "
                       "e.g. int(name.split('_')[1].split('.')[0])")
def check_06_1(answer: object) -> None:
    assert isinstance(answer, (list, tuple)), f"expected a list of file names, got {type(answer).__name__}"
    answer = list(answer)
    assert sorted(answer) == sorted(BLOG_FRAME_NAMES), (
        "the list should hold the same twelve names as blog_names, each once")
    assert answer != sorted(BLOG_FRAME_NAMES), (
        "that is text order (frame_10 and frame_11 come right after frame_1): sort by the number in the name")
    assert answer == BLOG_FRAME_NAMES, f"not in frame order: {answer}"


def _clip_moving(start: tuple[float, float], end: tuple[float, float], frames: int = 10, side: int = 32):
    """A black 3x3 dot on white moving in a straight line (x, y in pixels, y downwards)."""
    import numpy as np

    clip = np.full((frames, side, side, 3), 255, dtype=np.uint8)
    for t in range(frames):
        x = round(start[0] + (end[0] - start[0]) * t / (frames - 1))
        y = round(start[1] + (end[1] - start[1]) * t / (frames - 1))
        clip[t, y - 1 : y + 2, x - 1 : x + 2] = 0
    return clip


@exercise("06.2", hint="compute generation.travel_direction(clip) - generation.STRAIGHT_DIRECTIONS[motion], "
                       "then wrap it into [-180, 180) with (d + 180) % 360 - 180 and take abs()")
def check_06_2(answer: object) -> None:
    import math

    from ..generation import STRAIGHT_DIRECTIONS, travel_direction
    from ..world import render_prompts

    assert callable(answer), "answer should be a function direction_error(clip, motion)"
    clips = render_prompts([f"blue square {m}" for m in STRAIGHT_DIRECTIONS], seed=0).numpy()
    for clip, motion in zip(clips, STRAIGHT_DIRECTIONS):
        got = float(answer(clip, motion))
        diff = abs((travel_direction(clip) - STRAIGHT_DIRECTIONS[motion] + 180) % 360 - 180)
        assert 0 <= got <= 180, (f"{motion!r}: got {got:.1f}; the angle between two directions is at most 180: "
                                 "wrap the difference into [-180, 180) before taking abs()")
        assert math.isclose(got, diff, abs_tol=0.5), (
            f"{motion!r}: got {got:.1f} deg, expected {diff:.1f} deg (a real clip moves almost exactly that way)")
    # Left and slightly down: measures about -177 deg, 3 deg away from "moving left" (180).
    dot = _clip_moving((27, 10), (5, 11))
    got = float(answer(dot, "moving left"))
    assert got < 10, (f"a dot moving left (and one pixel down) measures {travel_direction(dot):.0f} deg: that is "
                      f"{abs(travel_direction(dot) + 180) % 360:.0f} deg from 180, not {got:.0f}; wrap the "
                      "difference into [-180, 180)")
    got = float(answer(dot, "moving right"))
    assert got > 170, f"the same dot is almost opposite to 'moving right', got {got:.0f} deg"


def _tiny_model():
    import torch

    from ..inference import TextToVideoModel
    from ..models import Generator, ModelConfig
    from ..prompts import Vocabulary

    torch.manual_seed(0)
    config = ModelConfig(frames=4, height=16, width=16, embed_dim=8, text_dim=8, z_content=4, z_motion=4,
                         content_dim=8, motion_dim=8, mlp_dim=16, g_ch=2, d_ch=2)
    vocab = Vocabulary()
    return TextToVideoModel(Generator(config, len(vocab)), vocab, torch.device("cpu"))


@exercise("06.3", hint="call model.generate(prompt, seed=s)[0] for each s in seeds and np.stack the clips")
def check_06_3(answer: object) -> None:
    import numpy as np

    assert callable(answer), "answer should be a function seed_sweep(model, prompt, seeds)"
    model = _tiny_model()
    prompt, seeds = "red circle moving up", [3, 1, 3, 7]
    got = np.asarray(answer(model, prompt, seeds))
    expected = np.stack([model.generate(prompt, seed=s)[0] for s in seeds])
    assert got.shape == expected.shape, f"expected shape {expected.shape} (one clip per seed), got {got.shape}"
    assert got.dtype == np.uint8, f"expected uint8 clips, got {got.dtype}"
    same_call = model.generate([prompt] * len(seeds), seed=seeds[0])
    assert not np.array_equal(got, same_call), (
        "these are the clips of one call with seed=seeds[0]: each clip needs its own call with its own seed")
    assert np.array_equal(got, expected), "clip k must equal model.generate(prompt, seed=seeds[k])[0]"
    assert np.array_equal(got[0], got[2]), "the same seed twice must give the same clip"
