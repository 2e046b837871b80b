"""The moving-shapes world of INTERFACE.md §1: every motion means what the table says, in every clip."""

import math

import numpy as np
import pytest
import torch

from helpers.prompts import COLOURS, MOTIONS, SHAPES
from helpers.world import (
    _N_UNIFORMS,
    COLOUR_RGB,
    MOTION_KINDS,
    rasterize,
    render_ids,
    render_prompts,
    sample_trajectories,
    to_model_tensor,
    to_uint8_clips,
)

SIZES = [(10, 64, 64), (10, 32, 32), (16, 48, 80)]


def _trajectories(motion, n=300, size=(10, 64, 64), seed=0):
    """Random clips of one motion plus the extremes of every random range (all 0s, all ~1s)."""
    frames, height, width = size
    uniforms = torch.rand(n, _N_UNIFORMS, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    uniforms[0] = 0.0
    uniforms[1] = 1.0 - 1e-9
    uniforms[2, ::2] = 0.0
    uniforms[2, 1::2] = 1.0 - 1e-9
    motion_ids = torch.full((n,), MOTIONS.index(motion))
    shape_ids = torch.arange(n) % 3
    return sample_trajectories(shape_ids, motion_ids, frames, height, width, uniforms=uniforms)


def _sign_changes(values, tolerance):
    """Direction reversals in a 1-D track, ignoring steps smaller than ``tolerance``."""
    steps = np.diff(values)
    signs = [np.sign(s) for s in steps if abs(s) > tolerance]
    return sum(1 for a, b in zip(signs, signs[1:]) if a != b)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("motion", MOTIONS)
def test_shape_stays_inside_the_frame(motion, size):
    frames, height, width = size
    traj = _trajectories(motion, size=size)
    assert (traj.cx - traj.size >= 1.5 - 1e-9).all() and (traj.cx + traj.size <= width - 1.5 + 1e-9).all()
    assert (traj.cy - traj.size >= 1.5 - 1e-9).all() and (traj.cy + traj.size <= height - 1.5 + 1e-9).all()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("motion", [m for m in MOTIONS if MOTION_KINDS[m].family == "straight"])
def test_straight_lines(motion, size):
    frames, height, width = size
    traj = _trajectories(motion, size=size)
    dx, dy = MOTION_KINDS[motion].direction
    side = min(height, width)
    for track, d in ((traj.cx, dx), (traj.cy, dy)):
        travel = (track[:, -1] - track[:, 0]).numpy()
        if d == 0:
            assert np.allclose(travel, 0)
        else:
            assert (np.sign(travel) == d).all()
            assert (np.abs(travel) >= 0.25 * side).all()
        steps = torch.diff(track, dim=1)
        assert torch.allclose(steps, steps[:, :1].expand_as(steps)), "constant speed"
    if dx and dy:  # 45° diagonals
        assert torch.allclose((traj.cx[:, -1] - traj.cx[:, 0]).abs(), (traj.cy[:, -1] - traj.cy[:, 0]).abs())


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("motion", ["bouncing vertically", "bouncing horizontally"])
def test_bouncing_reverses_and_does_not_drift(motion, size):
    traj = _trajectories(motion, size=size)
    along, across = (traj.cy, traj.cx) if motion.endswith("vertically") else (traj.cx, traj.cy)
    assert torch.allclose(across, across[:, :1].expand_as(across)), "no drift on the other axis"
    for track in along.numpy():
        assert _sign_changes(track, 1e-6) >= 1
        assert track.max() - track.min() >= 0.15 * min(size[1:])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("motion", ["zigzagging horizontally", "zigzagging vertically"])
def test_zigzag_travels_steadily_with_two_turns(motion, size):
    traj = _trajectories(motion, size=size)
    along, across = (traj.cx, traj.cy) if motion.endswith("horizontally") else (traj.cy, traj.cx)
    side = min(size[1:])
    for track_along, track_across in zip(along.numpy(), across.numpy()):
        steps = np.diff(track_along)
        assert (steps > 0).all() or (steps < 0).all(), "steady travel"
        assert abs(track_along[-1] - track_along[0]) >= 0.25 * side
        assert _sign_changes(track_across, 1e-6) >= 2


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("motion", ["shrinking", "expanding"])
def test_size_changes_steadily_in_place(motion, size):
    traj = _trajectories(motion, size=size)
    assert torch.allclose(traj.cx, traj.cx[:, :1].expand_as(traj.cx))
    assert torch.allclose(traj.cy, traj.cy[:, :1].expand_as(traj.cy))
    area = traj.size**2
    steps = torch.diff(area, dim=1)
    if motion == "shrinking":
        assert (steps < 0).all() and (area[:, 0] / area[:, -1] >= 2).all()
    else:
        assert (steps > 0).all() and (area[:, -1] / area[:, 0] >= 2).all()
    assert torch.allclose(steps, steps[:, :1].expand_as(steps)), "area changes at a constant rate"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("motion", ["rotating clockwise", "rotating counter-clockwise"])
def test_rotation_orbits_the_centre_by_at_least_half_a_turn(motion, size):
    frames, height, width = size
    traj = _trajectories(motion, size=size)
    dx = (traj.cx - width / 2).numpy()
    dy = (traj.cy - height / 2).numpy()
    radius = np.hypot(dx, dy)
    assert np.allclose(radius, radius[:, :1])
    assert (radius >= 0.15 * min(height, width)).all(), "a visible circle, not a wobble"
    # y points down in images: a growing atan2(dy, dx) is clockwise as seen on screen.
    swept = np.unwrap(np.arctan2(dy, dx), axis=1)
    total = swept[:, -1] - swept[:, 0]
    if motion == "rotating clockwise":
        assert (total >= math.pi).all()
    else:
        assert (total <= -math.pi).all()
    assert (np.abs(np.diff(swept, axis=1)) < math.pi / 2).all(), "each step is unambiguous"


@pytest.mark.parametrize("size", SIZES)
def test_pixels_border_is_white_and_every_frame_shows_one_shape(size):
    frames, height, width = size
    n = len(SHAPES) * len(COLOURS) * len(MOTIONS)
    ids = torch.arange(n)
    shape_ids, colour_ids, motion_ids = ids % 3, (ids // 3) % 4, ids // 12
    clips = render_ids(shape_ids, colour_ids, motion_ids, frames, height, width,
                       generator=torch.Generator().manual_seed(5)).numpy()
    assert clips.shape == (n, frames, height, width, 3) and clips.dtype == np.uint8
    border = np.concatenate([clips[:, :, 0], clips[:, :, -1], clips[:, :, :, 0], clips[:, :, :, -1]], axis=2)
    assert (border == 255).all(), "nothing touches, leaves or wraps around the frame"
    ink = (255 - clips.astype(int)).sum(-1) > 60
    assert (ink.sum(axis=(2, 3)) >= 4).all(), "the shape is drawn in every frame"


def _fill_ratio(mask):
    ys, xs = np.nonzero(mask)
    box = (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1)
    return mask.sum() / box


def test_shapes_are_distinguishable_by_how_they_fill_their_box():
    prompts = [f"red {s} moving right" for s in SHAPES for _ in range(20)]
    clips = render_prompts(prompts, seed=2).numpy()
    ratios = {s: [] for s in SHAPES}
    for prompt, clip in zip(prompts, clips):
        mask = (255 - clip[0].astype(int)).sum(-1) > 200
        ratios[prompt.split()[1]].append(_fill_ratio(mask))
    circle, square, triangle = (np.array(ratios[s]) for s in SHAPES)
    assert triangle.max() < circle.min() and circle.max() < square.min()


def test_colours_are_saturated_and_rendered_as_given():
    palette = np.array([COLOUR_RGB[c] for c in COLOURS], dtype=float)
    distances = np.linalg.norm(palette[:, None] - palette[None], axis=-1)
    assert distances[~np.eye(len(COLOURS), dtype=bool)].min() > 150
    for colour in COLOURS:
        clip = render_prompts([f"{colour} square shrinking"], seed=1).numpy()[0]
        centre = clip[0][np.abs(clip[0].astype(int) - palette[COLOURS.index(colour)]).sum(-1) < 3]
        assert len(centre) > 50, f"{colour}: solid interior pixels in the exact colour"


def test_edges_are_anti_aliased():
    clip = render_prompts(["blue circle shrinking"], seed=0).numpy()[0]
    values = np.unique(clip[..., 0])
    assert len(values) > 10, "intermediate shades along the edge"


def test_same_seed_same_clips_other_seed_other_clips():
    prompts = ["red circle moving up", "green triangle bouncing vertically", "circle expanding"]
    a, b = render_prompts(prompts, seed=3), render_prompts(prompts, seed=3)
    c = render_prompts(prompts, seed=4)
    assert torch.equal(a, b) and not torch.equal(a, c)


def test_clips_vary_within_a_prompt():
    traj = sample_trajectories(torch.zeros(200, dtype=torch.long), torch.full((200,), MOTIONS.index("moving up")),
                               generator=torch.Generator().manual_seed(0))
    assert traj.cx[:, 0].std() / 64 > 0.1 and traj.cy[:, 0].std() / 64 > 0.05
    assert traj.size[:, 0].std() > 0.5
    speed = (traj.cy[:, 0] - traj.cy[:, -1]) / 9
    assert speed.std() > 0.3


def test_clip_i_depends_only_on_seed_index_and_prompt():
    g1, g2 = torch.Generator().manual_seed(9), torch.Generator().manual_seed(9)
    motions_a = torch.tensor([0, 5, 9, 14])
    motions_b = torch.tensor([0, 7, 9, 14])  # clip 1 differs, the others must not
    a = sample_trajectories(torch.zeros(4, dtype=torch.long), motions_a, generator=g1)
    b = sample_trajectories(torch.zeros(4, dtype=torch.long), motions_b, generator=g2)
    for i in (0, 2, 3):
        assert torch.equal(a.cx[i], b.cx[i]) and torch.equal(a.cy[i], b.cy[i])


def test_model_layout_matches_uint8_layout():
    ids = (torch.tensor([0, 1, 2]), torch.tensor([3, 2, 1]), torch.tensor([1, 8, 15]))
    uint8 = render_ids(*ids, generator=torch.Generator().manual_seed(1))
    model = render_ids(*ids, generator=torch.Generator().manual_seed(1), layout="model")
    assert model.shape == (3, 3, 10, 64, 64) and model.dtype == torch.float32
    assert model.min() >= -1 and model.max() <= 1
    assert (to_model_tensor(uint8) - model).abs().max() < 1.5 / 127.5
    assert torch.equal(to_uint8_clips(to_model_tensor(uint8)), uint8)


def test_bad_layout_is_refused():
    traj = sample_trajectories(torch.zeros(1, dtype=torch.long), torch.zeros(1, dtype=torch.long))
    with pytest.raises(ValueError, match="layout"):
        rasterize(torch.zeros(1, dtype=torch.long), torch.zeros(1, dtype=torch.long), traj, layout="rgb")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_gpu_renders_the_same_clips():
    prompts = ["red circle moving up", "blue square rotating clockwise"]
    cpu = render_prompts(prompts, seed=1)
    gpu = render_prompts(prompts, seed=1, device="cuda").cpu()
    assert (cpu.int() - gpu.int()).abs().max() <= 1
