"""Broken drawings: real clips whose colour and motion are right but whose *drawing* is not.

An instrument that judges generated clips must reject what a person rejects. These clips are
the test of that: each follows a real clip's trajectory (so its colour and motion are right) and
breaks the drawing in one way, the ways a GAN's drawings break:

==============  ==============================================================================
kind            what a person sees
==============  ==============================================================================
``half``        part of the shape cut away along a straight line (a dome for a circle)
``slit``        a white line through the shape
``fragments``   the shape cut in two and the pieces pulled apart
``star``        thin spokes from the centre instead of a filled shape
``stretched``   the shape stretched along one axis (an ellipse for "circle")
``twin``        a second copy of the shape beside it
``blob``        a lumpy blob of about the right size
``ring``        only the outline, hollow inside
``noise``       coloured noise, no shape at all
``held``        the drawing is right but the clip freezes (the shape stops moving)
``notch``       a wedge bitten out of the shape (test family only)
``cross``       a plus sign (test family only)
``bar``         a thick line segment (test family only)
==============  ==============================================================================

Two **families** are generated differently on purpose. ``"train"`` is what the classifier's
reject head (:mod:`helpers.classifier`) is trained on and what the outline thresholds were set
against; ``"test"`` uses other parameters (cut angles, slit widths, stretch axes, spoke counts,
...) and three kinds the training family never has, so that a false-pass rate measured on it is
not a rate on the instrument's own training distribution.

``render_broken(prompts, kind, family, seed, ...)`` returns uint8 clips ``(N, T, H, W, 3)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch

from .prompts import COLOURS, SHAPES, Prompt
from .world import (
    BACKGROUND,
    COLOUR_RGB,
    H_DEFAULT,
    T_DEFAULT,
    W_DEFAULT,
    _signed_distance,
    prompt_ids,
    sample_trajectories,
)

TRAIN_KINDS: tuple[str, ...] = ("half", "slit", "fragments", "star", "stretched", "twin", "blob", "ring", "noise",
                                "held")
TEST_KINDS: tuple[str, ...] = TRAIN_KINDS + ("notch", "cross", "bar")
FAMILIES: tuple[str, ...] = ("train", "test")


def _uniform(gen: torch.Generator, n: int, lo: float, hi: float) -> torch.Tensor:
    return (lo + (hi - lo) * torch.rand(n, generator=gen, dtype=torch.float32)).view(n, 1, 1, 1)


def _choice(gen: torch.Generator, n: int, values: Sequence[float]) -> torch.Tensor:
    index = torch.randint(len(values), (n,), generator=gen)
    return torch.tensor(values, dtype=torch.float32)[index].view(n, 1, 1, 1)


def _segment_distance(px, py, ax, ay, bx, by):
    """Distance from points to the segment a-b (all broadcastable tensors)."""
    vx, vy = bx - ax, by - ay
    wx, wy = px - ax, py - ay
    t = ((wx * vx + wy * vy) / (vx * vx + vy * vy).clamp_min(1e-6)).clamp(0, 1)
    return torch.sqrt((wx - t * vx) ** 2 + (wy - t * vy) ** 2)


def _broken_sdf(kind: str, family: str, shape: str, dx, dy, r, gen: torch.Generator, centre_x=0.0,
                centre_y=0.0) -> torch.Tensor:
    """Signed distance (px, negative inside) of a broken drawing around the true centre.

    ``dx``/``dy``: offsets of pixel centres from the shape's centre ``(n, T, H, W)``-broadcastable;
    ``r``: the shape's half-extent ``(n, T, 1, 1)``; ``centre_x/y``: the direction from the shape to
    the frame's centre ``(n, 1, 1, 1)``. One random draw per clip (not per frame), so
    a clip is broken the same way throughout, as a generator's drawing usually is.
    """
    n = r.shape[0]
    test = family == "test"
    base = lambda x, y, rr=r: _signed_distance(shape, x, y, rr)  # noqa: E731
    if kind == "held":  # the trajectory froze; the drawing itself is right
        return base(dx, dy)
    angle = (_uniform(gen, n, 0, 2 * math.pi) if test else torch.full((n, 1, 1, 1), math.pi / 2))
    nx, ny = torch.cos(angle), torch.sin(angle)  # a unit direction per clip (train: pointing down)
    if kind == "half":
        keep = _uniform(gen, n, -0.25, 0.1) if test else _uniform(gen, n, -0.05, 0.2)
        if shape == "triangle":
            # A cut parallel to an edge can leave a smaller triangle, which is no broken drawing:
            # cut a corner off instead (train: the cut faces a corner, leaving a trapezoid; test:
            # at least 36° away from every edge's normal).
            turn = (_uniform(gen, n, 0.35, 0.7) * (2 * math.pi / 3) if test else torch.full((n, 1, 1, 1), math.pi))
            a = math.pi / 2 + turn + 2 * math.pi / 3 * torch.randint(3, (n, 1, 1, 1), generator=gen)
            nx, ny = torch.cos(a), torch.sin(a)
        return torch.maximum(base(dx, dy), dx * nx + dy * ny - keep * r)
    if kind == "slit":
        width = _uniform(gen, n, 1.6, 2.6) if test else _uniform(gen, n, 1.0, 1.6)
        offset = _uniform(gen, n, -0.25, 0.25) * r
        across = (dx * nx + dy * ny) - offset if test else dy - offset  # train: a horizontal slit
        return torch.maximum(base(dx, dy), width / 2 - across.abs())
    if kind == "fragments":
        gap = _uniform(gen, n, 0.5, 1.0) * r if test else _uniform(gen, n, 0.3, 0.7) * r
        if not test:  # train: cut vertically, pieces pulled apart sideways
            nx, ny = torch.ones_like(nx), torch.zeros_like(ny)
        s = gap / 2
        pos = torch.maximum(base(dx - s * nx, dy - s * ny), -((dx - s * nx) * nx + (dy - s * ny) * ny))
        neg = torch.maximum(base(dx + s * nx, dy + s * ny), (dx + s * nx) * nx + (dy + s * ny) * ny)
        return torch.minimum(pos, neg)
    if kind == "star":
        spokes = _choice(gen, n, (4.0, 5.0)) if test else torch.full((n, 1, 1, 1), 3.0)
        width = (_uniform(gen, n, 0.2, 0.3) if test else _uniform(gen, n, 0.3, 0.45)) * r
        turn = _uniform(gen, n, 0, 2 * math.pi) if test else torch.full((n, 1, 1, 1), -math.pi / 2)
        dist = None
        for k in range(5):
            a = turn + 2 * math.pi * k / spokes
            d = _segment_distance(dx, dy, 0.0, 0.0, r * torch.cos(a), r * torch.sin(a))
            d = torch.where(spokes > k, d, torch.full_like(d, 1e6))
            dist = d if dist is None else torch.minimum(dist, d)
        return dist - width / 2
    if kind == "stretched":
        factor = _uniform(gen, n, 1.45, 1.7) if test else _uniform(gen, n, 1.7, 1.9)
        vertical = torch.rand(n, generator=gen).view(n, 1, 1, 1) < (0.5 if test else 0.0)
        sx = torch.where(vertical, torch.ones_like(factor), factor)
        sy = torch.where(vertical, factor, torch.ones_like(factor))
        return base(dx / sx, dy / sy) * torch.minimum(sx, sy)
    if kind == "twin":
        dist = _uniform(gen, n, 2.6, 3.6) * r if test else _uniform(gen, n, 2.3, 3.0) * r
        # The copy goes towards the frame's centre, so that it is in view.
        if not test:
            nx, ny = torch.ones_like(nx), torch.zeros_like(ny)
        toward = torch.sign(nx * centre_x + ny * centre_y + 1e-6)
        ox, oy = dist * nx * toward, dist * ny * toward
        small = _uniform(gen, n, 0.6, 1.0) if test else torch.ones(n, 1, 1, 1)
        return torch.minimum(base(dx, dy), base(dx - ox, dy - oy, r * small))
    if kind == "blob":
        theta = torch.atan2(dy, dx)
        lobes = _choice(gen, n, (4.0, 5.0, 6.0)) if test else _choice(gen, n, (2.0, 3.0))
        amp = _uniform(gen, n, 0.15, 0.25) if test else _uniform(gen, n, 0.2, 0.35)
        phase = _uniform(gen, n, 0, 2 * math.pi)
        wobble = 1 + amp * torch.sin(lobes * theta + phase) + 0.5 * amp * torch.sin((lobes + 1) * theta - phase)
        return torch.sqrt(dx * dx + dy * dy) - 0.9 * r * wobble
    if kind == "ring":
        thickness = _uniform(gen, n, 0.3, 0.4) * r if test else _uniform(gen, n, 0.18, 0.28) * r
        thickness = thickness.clamp_min(1.0)
        return base(dx, dy).abs() - thickness / 2
    if kind == "notch":
        half_width = _uniform(gen, n, 0.35, 0.6)  # half-angle of the wedge, radians
        theta = torch.atan2(dy, dx)
        off = torch.remainder(theta - angle + math.pi, 2 * math.pi) - math.pi
        inside_wedge = (off.abs() < half_width) & (torch.sqrt(dx * dx + dy * dy) > 0.15 * r)
        return torch.where(inside_wedge, base(dx, dy).abs() + 0.6, base(dx, dy))
    if kind == "cross":
        arm = _uniform(gen, n, 0.25, 0.35) * r
        horizontal = torch.maximum(dx.abs() - r, dy.abs() - arm)
        vertical = torch.maximum(dy.abs() - r, dx.abs() - arm)
        return torch.minimum(horizontal, vertical)
    if kind == "bar":
        half_length = _uniform(gen, n, 0.9, 1.1) * r
        width = _uniform(gen, n, 0.35, 0.5) * r
        d = _segment_distance(dx, dy, -half_length * nx, -half_length * ny, half_length * nx, half_length * ny)
        return d - width / 2
    raise ValueError(f"unknown broken kind {kind!r}; kinds: {', '.join(TEST_KINDS)}")


def render_broken(prompts: Sequence[str | Prompt], kind: str, family: str = "test", seed: int = 0,
                  frames: int = T_DEFAULT, height: int = H_DEFAULT, width: int = W_DEFAULT) -> np.ndarray:
    """Broken drawings of ``kind`` for ``prompts``: uint8 ``(N, T, H, W, 3)`` RGB.

    Every clip follows a real trajectory for its prompt (same sampler as the real data) with the
    prompt's colour (a random one for a colour-less prompt); only the drawing is broken.
    """
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, not {family!r}")
    kinds = TRAIN_KINDS if family == "train" else TEST_KINDS
    if kind not in kinds:
        raise ValueError(f"kind {kind!r} is not in the {family} family; kinds: {', '.join(kinds)}")
    gen = torch.Generator().manual_seed(seed)
    shape_ids, colour_ids, motion_ids = prompt_ids(prompts, gen)
    traj = sample_trajectories(shape_ids, motion_ids, frames, height, width, generator=gen)
    n = len(shape_ids)
    if kind == "held":
        # The drawing is right, the motion is not: the clip freezes (train: on its first frame;
        # test: from a random frame in the middle on).
        freeze = (torch.zeros(n, dtype=torch.long) if family == "train"
                  else torch.randint(frames // 3, 2 * frames // 3 + 1, (n,), generator=gen))
        index = torch.minimum(torch.arange(frames)[None, :], freeze[:, None])
        traj.cx, traj.cy, traj.size = (v.gather(1, index) for v in (traj.cx, traj.cy, traj.size))
    out = torch.full((n, frames, height, width, 3), float(BACKGROUND))
    inks = torch.tensor([[BACKGROUND - v for v in COLOUR_RGB[c]] for c in COLOURS], dtype=torch.float32)
    xs = torch.arange(width, dtype=torch.float32) + 0.5
    ys = torch.arange(height, dtype=torch.float32) + 0.5
    for s, shape in enumerate(SHAPES):
        rows = (shape_ids == s).nonzero().flatten()
        if rows.numel() == 0:
            continue
        cx, cy, r = (v[rows].float()[..., None, None] for v in (traj.cx, traj.cy, traj.size))
        dx = xs.view(1, 1, 1, width) - cx
        dy = ys.view(1, 1, height, 1) - cy
        if kind == "noise":
            density = _uniform(gen, len(rows), 0.1, 0.3) if family == "train" else _uniform(gen, len(rows), 0.03, 0.1)
            grain = torch.rand(len(rows), frames, height, width, generator=gen)
            coverage = (grain < density).float() * torch.rand(len(rows), frames, height, width, generator=gen)
        else:
            to_centre_x = (width / 2 - cx[:, :1]).mean(dim=(1, 2, 3)).view(-1, 1, 1, 1)
            to_centre_y = (height / 2 - cy[:, :1]).mean(dim=(1, 2, 3)).view(-1, 1, 1, 1)
            sdf = _broken_sdf(kind, family, shape, dx, dy, r, gen, to_centre_x, to_centre_y)
            coverage = (0.5 - sdf).clamp(0.0, 1.0)
        ink = inks[colour_ids[rows]].view(-1, 1, 1, 1, 3)
        out[rows] = BACKGROUND - coverage.unsqueeze(-1) * ink
    return out.add_(0.5).clamp_(0, 255).to(torch.uint8).numpy()


def broken_set(prompts: Sequence[str | Prompt], family: str = "test", seed: int = 0, frames: int = T_DEFAULT,
               height: int = H_DEFAULT, width: int = W_DEFAULT) -> dict[str, np.ndarray]:
    """Every kind of a family for the same prompts: ``{kind: clips}``, kind ``i`` drawn with seed
    ``seed + i``."""
    kinds = TRAIN_KINDS if family == "train" else TEST_KINDS
    return {kind: render_broken(prompts, kind, family, seed + i, frames, height, width)
            for i, kind in enumerate(kinds)}


__all__ = ["FAMILIES", "TEST_KINDS", "TRAIN_KINDS", "broken_set", "render_broken"]
