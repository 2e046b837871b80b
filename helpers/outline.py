"""Does the drawn object have the prompted *outline*? Best fit of an ideal circle, square and triangle.

A classifier can call a half-disc a circle or a three-spoke star a triangle; a person would not.
This module measures the outline directly, with no trained network:

1. Every frame's object comes as a **coverage map**: per pixel, the share of the pixel the shape
   covers (0..1), as :mod:`helpers.analytic` measures it (anti-aliased edges count partially).
2. For each of the three shapes, an **ideal** copy is drawn the way the renderer draws one (the
   same signed-distance shapes and one-pixel anti-aliasing ramp, :mod:`helpers.world`) at the
   object's centroid, with the object's area, and then fitted: rotation (any angle: a rotated
   square is still a square), scale and a sub-pixel shift, by a coarse grid of angles followed
   by a few rounds of local search with halving steps.
3. The fit's quality is the **soft IoU** (intersection over union of the two coverage maps:
   ``sum(min(a, b)) / sum(max(a, b))``), and the **outline error** is ``1 - IoU``: 0 for a
   perfect copy, about 0.4 for a half-disc against the best circle.

:func:`fit_outlines` returns, per frame, the error of each shape's best fit; the clip's
``outline`` check (:func:`helpers.analytic.check_clip`) passes when, in every frame, the
prompted shape fits best and its error is below :func:`outline_threshold` for the frame size.
The thresholds were set from real clips at 32 and 64 px against broken drawings
(:mod:`helpers.broken`); ``docs/EVALUATION.md`` shows both distributions.

The ideal shapes, all parametrised by their centroid and their area ``A``:

* circle: radius ``sqrt(A / pi)``;
* square: half-side ``sqrt(A) / 2``, rotated by ``angle`` (period 90°);
* triangle: equilateral, side ``sqrt(4 A / sqrt(3))``, apex up at angle 0 (period 120°); its
  three edges are half-planes at the inradius from the centroid.
"""

from __future__ import annotations

import math

import torch

from .prompts import SHAPES

# Rotation periods and the coarse grid of starting angles per shape.
PERIOD_DEG = {"circle": 360.0, "square": 90.0, "triangle": 120.0}
COARSE_ANGLES = {"circle": 1, "square": 12, "triangle": 12}
REFINE_ROUNDS = 4
# First local-search steps: centroid shift (px), relative scale, angle (degrees); halved each round.
FIRST_SHIFT, FIRST_SCALE, FIRST_ANGLE = 0.5, 0.06, 4.0

# Outline error (1 - soft IoU) accepted for the prompted shape, by frame size (shorter side, px).
# Set from real clips and broken drawings at those sizes (docs/EVALUATION.md, scripts/
# outline_thresholds.py); other sizes interpolate in log(size), clamped at the ends.
OUTLINE_THRESHOLDS: dict[int, float] = {32: 0.08, 64: 0.05}
MAX_HOLE_FRACTION = 0.15  # holes inside a drawing up to this share of its area are texture, not holes


def outline_threshold(side: int | float) -> float:
    """The accepted outline error for frames whose shorter side is ``side`` pixels."""
    sizes = sorted(OUTLINE_THRESHOLDS)
    if side <= sizes[0]:
        return OUTLINE_THRESHOLDS[sizes[0]]
    if side >= sizes[-1]:
        return OUTLINE_THRESHOLDS[sizes[-1]]
    for lo, hi in zip(sizes, sizes[1:]):
        if lo <= side <= hi:
            w = math.log(side / lo) / math.log(hi / lo)
            return (1 - w) * OUTLINE_THRESHOLDS[lo] + w * OUTLINE_THRESHOLDS[hi]
    raise AssertionError("unreachable")


def ideal_coverage(shape: str, u: torch.Tensor, v: torch.Tensor, area: torch.Tensor,
                    scale: torch.Tensor, angle: torch.Tensor) -> torch.Tensor:
    """Coverage of ideal shapes at pixel offsets ``(u, v)`` from their centroid.

    ``u``, ``v``: ``(F, K, P, P)`` offsets (x right, y down); ``area``: ``(F, 1, 1, 1)``;
    ``scale``, ``angle`` (radians): ``(F, K, 1, 1)``. Returns ``(F, K, P, P)`` in [0, 1].
    """
    if shape == "circle":
        sdf = torch.sqrt(u * u + v * v) - torch.sqrt(area / math.pi) * scale
    else:
        c, s = torch.cos(angle), torch.sin(angle)
        x, y = c * u + s * v, -s * u + c * v  # rotate the offsets by -angle
        if shape == "square":
            sdf = torch.maximum(x.abs(), y.abs()) - 0.5 * torch.sqrt(area) * scale
        else:
            side = torch.sqrt(4 * area / math.sqrt(3)) * scale
            inradius = side / (2 * math.sqrt(3))
            # Outward edge normals (y down): the base faces down, the two sides up-left/up-right.
            base = y
            left = -(math.sqrt(3) / 2) * x - 0.5 * y
            right = (math.sqrt(3) / 2) * x - 0.5 * y
            sdf = torch.maximum(torch.maximum(base, left), right) - inradius
    return (0.5 - sdf).clamp(0.0, 1.0)


def _soft_iou(observed: torch.Tensor, ideal: torch.Tensor) -> torch.Tensor:
    """``(F, 1, P, P)`` vs ``(F, K, P, P)`` → ``(F, K)``."""
    inter = torch.minimum(observed, ideal).flatten(2).sum(2)
    union = torch.maximum(observed, ideal).flatten(2).sum(2)
    return inter / union.clamp_min(1e-6)


def _crop(coverage: torch.Tensor, cx: torch.Tensor, cy: torch.Tensor, patch: int):
    """Square patches of side ``patch`` around each frame's centroid, zero outside the frame.

    Returns the patches ``(F, 1, P, P)`` and each patch pixel's offset from the centroid,
    ``u`` ``(F, 1, 1, P)`` and ``v`` ``(F, 1, P, 1)``.
    """
    f, h, w = coverage.shape
    padded = torch.nn.functional.pad(coverage, (patch, patch, patch, patch))
    x0 = torch.floor(cx - patch / 2).long()
    y0 = torch.floor(cy - patch / 2).long()
    local = torch.arange(patch)
    rows = (y0[:, None] + patch + local[None]).clamp(0, h + 2 * patch - 1)  # (F, P)
    cols = (x0[:, None] + patch + local[None]).clamp(0, w + 2 * patch - 1)
    frame = torch.arange(f)[:, None, None]
    patches = padded[frame, rows[:, :, None], cols[:, None, :]]
    u = (x0[:, None] + local[None] + 0.5 - cx[:, None]).view(f, 1, 1, patch)
    v = (y0[:, None] + local[None] + 0.5 - cy[:, None]).view(f, 1, patch, 1)
    return patches.unsqueeze(1).float(), u.float(), v.float()


def _fit_one(shape: str, observed, u, v, area) -> tuple[torch.Tensor, torch.Tensor]:
    """Best soft IoU of one ideal shape per frame, and its parameters ``(F, 4)``:
    shift x, shift y, scale, angle (radians)."""
    f = observed.shape[0]
    period = math.radians(PERIOD_DEG[shape])
    n_angles = COARSE_ANGLES[shape]
    angles = (torch.arange(n_angles, dtype=torch.float32) * period / n_angles).expand(f, n_angles)
    ones = torch.ones(f, n_angles)
    zeros = torch.zeros(f, n_angles)

    def score(dx, dy, scale, angle):  # each (F, K)
        ideal = ideal_coverage(shape, u - dx[..., None, None], v - dy[..., None, None], area,
                                scale[..., None, None], angle[..., None, None])
        return _soft_iou(observed, ideal)

    iou = score(zeros, zeros, ones, angles)
    best_iou, k = iou.max(1)
    params = torch.stack([torch.zeros(f), torch.zeros(f), torch.ones(f), angles[torch.arange(f), k]], 1)
    shift, rel, turn = FIRST_SHIFT, FIRST_SCALE, math.radians(FIRST_ANGLE)
    # Local search: each round tries the 3 x 3 shifts around the best so far, then the 3 x 3
    # (scale, angle) steps around the new best (scale alone for the circle), then halves the steps.
    steps = torch.tensor([-1.0, 0.0, 1.0])
    grid = torch.cartesian_prod(steps, steps)  # (9, 2)
    zero2 = torch.zeros(9, 2)
    shift_moves = torch.cat([grid, zero2], 1)
    if shape == "circle":
        form_moves = torch.stack([torch.zeros(3), torch.zeros(3), steps, torch.zeros(3)], 1)
    else:
        form_moves = torch.cat([zero2, grid], 1)
    rows = torch.arange(f)
    for _ in range(REFINE_ROUNDS):
        size = torch.tensor([shift, shift, rel, turn])
        for moves in (shift_moves, form_moves):
            trial = params[:, None, :] + moves[None] * size  # (F, M, 4)
            trial[..., 2] = trial[..., 2].clamp_min(0.3)
            iou = score(trial[..., 0], trial[..., 1], trial[..., 2], trial[..., 3])
            round_best, k = iou.max(1)
            better = round_best > best_iou
            params = torch.where(better[:, None], trial[rows, k], params)
            best_iou = torch.maximum(best_iou, round_best)
        shift, rel, turn = shift / 2, rel / 2, turn / 2
    return best_iou, params


def _dilate4(x: torch.Tensor) -> torch.Tensor:
    """4-neighbour dilation of boolean frames ``(F, H, W)``."""
    p = torch.nn.functional.pad(x, (1, 1, 1, 1))
    return x | p[:, :-2, 1:-1] | p[:, 2:, 1:-1] | p[:, 1:-1, :-2] | p[:, 1:-1, 2:]


def solid_coverage(coverage: torch.Tensor) -> torch.Tensor:
    """The coverage with the drawing's *texture* removed, so only its outline counts.

    Generated shapes often have lighter specks inside (a pixel at 60 % ink in a filled disc); a
    person still sees a filled disc. Pixels at least half covered form the object's mask; the
    holes inside it (background not reachable from the frame's edge) are filled when together
    they are at most ``MAX_HOLE_FRACTION`` of the object (a ring's hole is far larger and stays),
    and every pixel whose four neighbours are all in the filled mask counts as fully covered.
    Edge pixels keep their partial coverage. A real clip's coverage is unchanged.
    """
    mask = coverage >= 0.5
    outside = torch.zeros_like(mask)
    outside[:, 0, :] = outside[:, -1, :] = outside[:, :, 0] = outside[:, :, -1] = True
    outside &= ~mask
    for _ in range(mask.shape[1] + mask.shape[2]):
        grown = _dilate4(outside) & ~mask
        if torch.equal(grown, outside):
            break
        outside = grown
    holes = ~mask & ~outside
    small = holes.flatten(1).sum(1) <= MAX_HOLE_FRACTION * mask.flatten(1).sum(1)
    filled = mask | (holes & small[:, None, None])
    p = torch.nn.functional.pad(filled, (1, 1, 1, 1))
    interior = filled & p[:, :-2, 1:-1] & p[:, 2:, 1:-1] & p[:, 1:-1, :-2] & p[:, 1:-1, 2:]
    return torch.where(interior, torch.ones_like(coverage), coverage)


def fit_outlines(coverage: torch.Tensor, chunk: int = 128) -> dict[str, torch.Tensor]:
    """Fit the three ideal shapes to every frame's object (its :func:`solid_coverage`).

    ``coverage``: ``(F, H, W)`` float coverage of one object per frame (0 where there is none).
    Returns ``{"error": (F, 3)`` outline error (1 - soft IoU) per shape in :data:`SHAPES` order
    (1.0 for an empty frame), ``"best": (F,)`` the best-fitting shape's index, and
    ``"params": (F, 3, 4)`` (shift x, shift y, scale, angle) of each fit, relative to ``"centre":
    (F, 2)``, the centroid (px) of the object's solid coverage, where each fit starts.
    """
    coverage = solid_coverage(coverage.float())
    f, h, w = coverage.shape
    error = torch.ones(f, len(SHAPES))
    params = torch.zeros(f, len(SHAPES), 4)
    area = coverage.flatten(1).sum(1)
    present = area > 0.5
    ys = torch.arange(h, dtype=torch.float32) + 0.5
    xs = torch.arange(w, dtype=torch.float32) + 0.5
    safe = area.clamp_min(1e-6)
    cx = (coverage * xs.view(1, 1, w)).flatten(1).sum(1) / safe
    cy = (coverage * ys.view(1, h, 1)).flatten(1).sum(1) / safe
    # Patch: twice the farthest covered pixel's distance from the centroid, plus slack for the fit.
    yy, xx = torch.meshgrid(ys, xs, indexing="ij")
    index = present.nonzero().flatten()
    if index.numel() == 0:
        return {"error": error, "best": error.argmin(1), "params": params, "centre": torch.stack([cx, cy], 1)}
    reach = torch.zeros(f)
    for rows in index.split(chunk):
        reach[rows] = (((xx - cx[rows, None, None]) ** 2 + (yy - cy[rows, None, None]) ** 2).sqrt()
                       * (coverage[rows] > 0.02)).flatten(1).amax(1)
    # Frames sorted by reach, so each chunk's patch is tight.
    index = index[torch.argsort(reach[index], stable=True)]
    for rows in index.split(chunk):
        patch = min(int(math.ceil(2 * float(reach[rows].max()))) + 6, max(h, w) + 6)
        observed, u, v = _crop(coverage[rows], cx[rows], cy[rows], patch)
        a = area[rows].view(-1, 1, 1, 1)
        for s, shape in enumerate(SHAPES):
            iou, p = _fit_one(shape, observed, u, v, a)
            error[rows, s] = 1.0 - iou
            params[rows, s] = p
    return {"error": error, "best": error.argmin(1), "params": params, "centre": torch.stack([cx, cy], 1)}


__all__ = ["OUTLINE_THRESHOLDS", "fit_outlines", "ideal_coverage", "outline_threshold", "solid_coverage"]
