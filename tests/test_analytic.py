"""Analytic checks (INTERFACE.md §6): accept real clips, reject what is not a clip of the prompt."""

import numpy as np
import pytest
import torch

from helpers import analytic
from helpers.prompts import MOTIONS, Prompt, all_prompts, parse_prompt
from helpers.world import rasterize, render_prompts, sample_trajectories

PROMPTS = all_prompts(with_colour=True)  # all 192 combinations


@pytest.fixture(scope="module", params=[64, 32], ids=["64px", "32px"])
def real_rates(request):
    """Pass rates of fresh real clips, one of each of the 192 combinations, at 64 and 32 px."""
    size = request.param
    clips = render_prompts(PROMPTS, seed=4242, height=size, width=size).numpy()
    return analytic.check_clips(clips, PROMPTS)


def test_real_clips_pass_every_check(real_rates):
    for name in (*analytic.CHECKS, "all"):
        assert real_rates[name] >= 0.98, f"{name}: {real_rates[name]:.3f} of real clips pass"


def test_analytic_classification_agrees_with_labels(real_rates):
    assert real_rates["motion_classified"] >= 0.95
    assert real_rates["colour_classified"] >= 0.98


def test_extreme_random_draws_still_pass():
    """Corners of the renderer's ranges (every uniform at 0 or 1) are real clips too."""
    generator = torch.Generator().manual_seed(0)
    prompts = PROMPTS
    s = torch.tensor([p.shape_id for p in prompts])
    c = torch.tensor([p.colour_id for p in prompts])
    m = torch.tensor([p.motion_id for p in prompts])
    corners = (torch.rand(len(prompts), 10, generator=generator, dtype=torch.float64) < 0.5) * 0.999999
    clips = rasterize(s, c, sample_trajectories(s, m, 10, 32, 32, uniforms=corners.double()), 32, 32)
    assert analytic.check_clips(clips, prompts)["all"] == 1.0


def test_prompt_without_colour_needs_one_clear_colour():
    clips = render_prompts(["yellow square moving down"], seed=1)
    assert analytic.check_clips(clips, ["square moving down"])["colour"] == 1.0
    assert analytic.check_clips(clips, ["red square moving down"])["colour"] == 0.0


SWAPPED = {"bouncing vertically": "bouncing horizontally", "bouncing horizontally": "bouncing vertically",
           "zigzagging horizontally": "zigzagging vertically", "zigzagging vertically": "zigzagging horizontally"}


def test_wrong_motion_is_rejected():
    """Each clip checked against its time-reversed motion (or the other axis) fails."""
    from helpers.classifier import REVERSED_MOTION

    prompts = [p for p in PROMPTS if p.colour == "red" and p.shape == "circle"]
    clips = render_prompts(prompts, seed=3)
    wrong = [Prompt(p.shape, SWAPPED.get(p.motion, REVERSED_MOTION[p.motion]), p.colour) for p in prompts]
    assert all(w.motion != p.motion for w, p in zip(wrong, prompts))
    assert analytic.check_clips(clips, wrong)["motion"] == 0.0


def test_blank_noise_and_static_clips_are_rejected():
    prompts = [parse_prompt(p) for p in ("red circle moving up", "blue square expanding",
                                         "green triangle rotating clockwise", "yellow circle zigzagging vertically")]
    real = render_prompts(prompts, seed=9).numpy()
    n = len(prompts)
    blank = np.full_like(real, 255)
    noise = np.random.default_rng(0).integers(0, 256, real.shape, dtype=np.uint8)
    static = np.repeat(real[:, :1], real.shape[1], axis=1)
    for name, clips in (("blank", blank), ("noise", noise)):
        rates = analytic.check_clips(clips, prompts)
        assert rates["one_object"] == 0.0 and rates["colour"] == 0.0 and rates["motion"] == 0.0, name
        assert rates["all"] == 0.0, name
    rates = analytic.check_clips(static, prompts)
    assert rates["motion"] == 0.0 and rates["all"] == 0.0
    assert rates["one_object"] == 1.0  # a still frame does show one object
    analyses = analytic.analyse_clips(static)
    assert [analytic.classify_motion(a) for a in analyses] == [None] * n


def test_two_objects_are_counted():
    a = render_prompts(["red circle moving up"], seed=1).numpy()
    b = render_prompts(["red circle moving down"], seed=2).numpy()
    both = np.minimum(a, b)  # two shapes on one white background (they may touch in a few frames)
    analysis = analytic.analyse_clips(both)[0]
    assert analysis.n_objects.max() == 2
    assert not analysis.one_object_every_frame


def test_motion_names_are_checked():
    analysis = analytic.analyse_clips(render_prompts(["red circle moving up"], seed=1))[0]
    assert analytic.motion_matches(analysis, "moving up")
    with pytest.raises(ValueError):
        analytic.motion_matches(analysis, "dancing")
    assert set(MOTIONS) >= {analytic.classify_motion(analysis)}
