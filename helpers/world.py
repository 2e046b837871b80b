"""The moving-shapes world of docs/INTERFACE.md §1: a vectorised renderer that runs on the CPU or the GPU.

A clip is ``T`` frames of ``H x W`` RGB: one coloured shape on white. Rendering has two steps:

1. :func:`sample_trajectories` draws, for every clip, the shape's centre and size in every frame
   (pixels, float64, on the CPU, so a seed gives the same clips on any device). Each clip's
   randomness comes from its own row of uniform numbers, so clip ``i`` depends only on the seed,
   ``i`` and its prompt.
2. :func:`rasterize` turns trajectories into pixels with signed-distance functions: each pixel's
   coverage is ``clamp(0.5 - distance, 0, 1)``, which anti-aliases edges over one pixel. It is
   a handful of broadcast tensor operations per chunk of clips, with no per-frame Python loop.

Every motion keeps the whole shape at least one pixel inside the frame in every frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from .prompts import COLOURS, MOTIONS, SHAPES, Prompt, parse_prompt

T_DEFAULT, H_DEFAULT, W_DEFAULT = 10, 64, 64
FPS = 10

# Saturated, clearly distinct hues (RGB).
COLOUR_RGB: dict[str, tuple[int, int, int]] = {
    "red": (220, 30, 30),
    "green": (20, 160, 40),
    "blue": (30, 70, 230),
    "yellow": (240, 200, 0),
}
BACKGROUND = 255
MARGIN_PX = 1.5  # the bounding box stays this far inside: anti-aliased edges never touch the border
SQUARE_HALF = 0.88  # square half-side relative to the bounding half-extent (area close to the circle's)

# Ranges, as fractions of the frame's shorter side unless noted. See the module docstring of
# each family below for what they guarantee.
SIZE_RANGE = (0.09, 0.14)  # bounding half-extent of the shape
SCALE_BIG_RANGE = (0.16, 0.22)  # half-extent of the large end of shrinking/expanding
SCALE_FACTOR_RANGE = (1.6, 2.0)  # linear size ratio, so the area changes by 2.56-4x
TRAVEL_MIN = 0.30  # straight lines and zigzags travel at least this far (per moving axis)
BOUNCE_HALF_PERIODS = (1.4, 2.2)  # sweeps of the bounce band per clip: at least one reversal
BOUNCE_PHASE = (0.2, 0.8)  # where in the first sweep the clip starts: the turn is never at an end
ZIGZAG_HALF_PERIODS = (2.5, 3.2)  # at least two turns inside the clip
ZIGZAG_PHASE = (0.15, 0.45)
ZIGZAG_AMPLITUDE = (0.15, 0.28)
ORBIT_RADIUS_MIN = 0.20
ORBIT_SWEEP_DEG = (200.0, 300.0)

_N_UNIFORMS = 10


@dataclass(frozen=True)
class MotionKind:
    family: str  # straight | bounce | zigzag | scale | orbit
    direction: tuple[int, int] = (0, 0)  # straight: (dx, dy) in image axes, y down
    axis: int = 0  # bounce: the moving axis; zigzag: the travel axis (0 = x, 1 = y)
    sign: int = 1  # scale: -1 shrinks, +1 expands; orbit: +1 clockwise on screen


_DIRECTIONS = {
    "up": (0, -1), "down": (0, 1), "left": (-1, 0), "right": (1, 0),
    "up-left": (-1, -1), "up-right": (1, -1), "down-left": (-1, 1), "down-right": (1, 1),
}
MOTION_KINDS: dict[str, MotionKind] = {
    **{f"moving {d}": MotionKind("straight", direction=v) for d, v in _DIRECTIONS.items()},
    "bouncing vertically": MotionKind("bounce", axis=1),
    "bouncing horizontally": MotionKind("bounce", axis=0),
    "zigzagging horizontally": MotionKind("zigzag", axis=0),
    "zigzagging vertically": MotionKind("zigzag", axis=1),
    "shrinking": MotionKind("scale", sign=-1),
    "expanding": MotionKind("scale", sign=1),
    "rotating clockwise": MotionKind("orbit", sign=1),
    "rotating counter-clockwise": MotionKind("orbit", sign=-1),
}
assert set(MOTION_KINDS) == set(MOTIONS)


@dataclass
class Trajectories:
    """Per-clip, per-frame geometry in pixels: centre ``(cx, cy)`` and bounding half-extent ``size``.

    All three are float64 tensors of shape ``(N, T)`` on the CPU.
    """

    cx: torch.Tensor
    cy: torch.Tensor
    size: torch.Tensor

    def as_poses(self, height: int, width: int) -> torch.Tensor:
        """``(N, T, 3)`` float32: centre x and y in [-1, 1] frame coordinates (the frame's edges at
        ±1, as ``affine_grid`` counts them) and the half-extent as a share of the frame's half-side:
        the layered generator's poses (``Generator.poses``) in the same units."""
        x = 2.0 * self.cx / width - 1.0
        y = 2.0 * self.cy / height - 1.0
        half = self.size / (min(height, width) / 2.0)
        return torch.stack([x, y, half], dim=-1).float()


def _lerp(lo: float | torch.Tensor, hi: float | torch.Tensor, u: torch.Tensor) -> torch.Tensor:
    return lo + (hi - lo) * u


def _triangle_wave(u: torch.Tensor) -> torch.Tensor:
    """0 → 1 → 0 as ``u`` goes 0 → 1 → 2; turns exactly at integer ``u``."""
    return 1.0 - (1.0 - torch.remainder(u, 2.0)).abs()


def sample_trajectories(
    shape_ids: torch.Tensor,
    motion_ids: torch.Tensor,
    frames: int = T_DEFAULT,
    height: int = H_DEFAULT,
    width: int = W_DEFAULT,
    generator: torch.Generator | None = None,
    uniforms: torch.Tensor | None = None,
) -> Trajectories:
    """Random start, size and speed for each clip, within the rules of INTERFACE §1.

    ``uniforms`` (``(N, 10)`` in [0, 1)) may be given instead of ``generator`` to control the
    randomness exactly; tests use it to probe the extremes of every range.
    """
    n = int(motion_ids.shape[0])
    if uniforms is None:
        uniforms = torch.rand(n, _N_UNIFORMS, generator=generator, dtype=torch.float64)
    u = uniforms.to(torch.float64)
    side = float(min(height, width))
    t = torch.linspace(0.0, 1.0, frames, dtype=torch.float64)[None, :]  # (1, T)
    extent = torch.tensor([width, height], dtype=torch.float64)

    cx = torch.empty(n, frames, dtype=torch.float64)
    cy = torch.empty(n, frames, dtype=torch.float64)
    size = torch.empty(n, frames, dtype=torch.float64)
    motion_ids = motion_ids.cpu()

    for motion_id, motion in enumerate(MOTIONS):
        rows = (motion_ids == motion_id).nonzero().flatten()
        if rows.numel() == 0:
            continue
        kind = MOTION_KINDS[motion]
        uu = u[rows]
        if kind.family == "scale":
            big = side * _lerp(*SCALE_BIG_RANGE, uu[:, 0])
            small = big / _lerp(*SCALE_FACTOR_RANGE, uu[:, 1])
            start, end = (big, small) if kind.sign < 0 else (small, big)
            # The area, not the radius, changes at a constant rate.
            r = torch.sqrt(_lerp(start[:, None] ** 2, end[:, None] ** 2, t))
            r_max = big[:, None]
        else:
            r = side * _lerp(*SIZE_RANGE, uu[:, 0])[:, None].expand(-1, frames)
            r_max = r[:, :1]
        lo = r_max + MARGIN_PX  # (m, 1) lowest allowed centre coordinate on either axis
        hi_x = width - lo
        hi_y = height - lo
        hi = torch.stack([hi_x, hi_y])  # (2, m, 1)

        if kind.family == "straight":
            pos = []
            moving = [a for a in (0, 1) if kind.direction[a] != 0]
            room = torch.min(torch.stack([hi[a] - lo for a in moving]), dim=0).values
            travel = _lerp(TRAVEL_MIN * side, room, uu[:, 1:2])  # same on both axes: 45° diagonals
            for axis in (0, 1):
                d = kind.direction[axis]
                if d == 0:
                    pos.append(_lerp(lo, hi[axis], uu[:, 3 + axis : 4 + axis]).expand(-1, frames))
                else:
                    first = _lerp(lo, hi[axis] - travel, uu[:, 3 + axis : 4 + axis])
                    first = first if d > 0 else first + travel
                    pos.append(first + d * travel * t)
            x, y = pos
        elif kind.family in ("bounce", "zigzag"):
            a = kind.axis
            other = 1 - a
            if kind.family == "bounce":
                # The shape sweeps a band along `a` back and forth (a triangle wave: constant
                # speed, instant reversal at the band's ends) and stays put on the other axis.
                band = _lerp(TRAVEL_MIN * side, hi[a] - lo, uu[:, 1:2])
                band_start = _lerp(lo, hi[a] - band, uu[:, 2:3])
                phase = _lerp(*BOUNCE_PHASE, uu[:, 4:5])
                sweeps = _lerp(*BOUNCE_HALF_PERIODS, uu[:, 5:6])
                wave = _triangle_wave(phase + sweeps * t)
                wave = torch.where(uu[:, 6:7] < 0.5, wave, 1.0 - wave)
                along = band_start + band * wave
                across = _lerp(lo, hi[other], uu[:, 3:4]).expand(-1, frames)
            else:
                # Steady travel along `a` while oscillating across it with at least two turns.
                travel = _lerp(TRAVEL_MIN * side, hi[a] - lo, uu[:, 1:2])
                first = _lerp(lo, hi[a] - travel, uu[:, 2:3])
                forward = uu[:, 6:7] < 0.5
                along = torch.where(forward, first + travel * t, first + travel * (1 - t))
                amp = torch.minimum(side * _lerp(*ZIGZAG_AMPLITUDE, uu[:, 7:8]), hi[other] - lo)
                band_start = _lerp(lo, hi[other] - amp, uu[:, 8:9])
                phase = _lerp(*ZIGZAG_PHASE, uu[:, 4:5])
                turns = _lerp(*ZIGZAG_HALF_PERIODS, uu[:, 5:6])
                wave = _triangle_wave(phase + turns * t)
                wave = torch.where(uu[:, 9:10] < 0.5, wave, 1.0 - wave)
                across = band_start + amp * wave
            x, y = (along, across) if a == 0 else (across, along)
        elif kind.family == "scale":
            x = _lerp(lo, hi[0], uu[:, 3:4]).expand(-1, frames)
            y = _lerp(lo, hi[1], uu[:, 4:5]).expand(-1, frames)
        else:  # orbit around the frame centre; with y pointing down, a growing angle is clockwise
            centre = extent / 2
            radius_max = side / 2 - lo
            radius = _lerp(ORBIT_RADIUS_MIN * side, radius_max, uu[:, 1:2])
            start = 2 * math.pi * uu[:, 2:3]
            sweep = torch.deg2rad(_lerp(*ORBIT_SWEEP_DEG, uu[:, 5:6])) * kind.sign
            angle = start + sweep * t
            x = centre[0] + radius * torch.cos(angle)
            y = centre[1] + radius * torch.sin(angle)
        cx[rows], cy[rows], size[rows] = x, y, r
    return Trajectories(cx=cx, cy=cy, size=size)


def _signed_distance(shape: str, dx: torch.Tensor, dy: torch.Tensor, r: torch.Tensor) -> torch.Tensor:
    """Signed distance (pixels, negative inside) from pixel offsets to a shape of half-extent r.

    ``dx`` is ``(n, T, 1, W)``, ``dy`` is ``(n, T, H, 1)``, ``r`` is ``(n, T, 1, 1)``. The
    square and triangle use the max of their edges' half-plane distances: exact on the edges,
    which is all anti-aliasing needs, and it keeps the corners sharp.
    """
    if shape == "circle":
        return torch.sqrt(dx * dx + dy * dy) - r
    if shape == "square":
        return torch.maximum(dx.abs(), dy.abs()) - SQUARE_HALF * r
    # Equilateral triangle, apex up, side 2r, bounding box centred on (cx, cy).
    half_height = (math.sqrt(3) / 2) * r
    base = dy - half_height
    slope = (math.sqrt(3) / 2) * dx.abs() - 0.5 * (dy + half_height)
    return torch.maximum(base, slope)


@dataclass(frozen=True)
class RasterPlan:
    """How :func:`rasterize` draws a batch, decided on the host: clips grouped by shape and sorted
    by size, in chunks that each get one patch side."""

    chunks: tuple[tuple[int, int, int, int], ...]  # (shape id, start, stop in `order`, patch side)


def raster_inputs(shape_ids: torch.Tensor, colour_ids: torch.Tensor, trajectories: Trajectories,
                  height: int, width: int, chunk: int = 512) -> tuple[dict, RasterPlan]:
    """The CPU tensors :func:`draw` needs and the plan it follows: the first half of
    :func:`rasterize`, so a caller can send these tensors to the device together with its own
    (``helpers.runtime.to_device``: one copy per training step)."""
    geometry = torch.stack([trajectories.cx, trajectories.cy, trajectories.size]).to(torch.float32)
    largest = trajectories.size.amax(dim=1)
    shape_ids = shape_ids.cpu()
    order, chunks, done = [], [], 0
    for shape_id in range(len(SHAPES)):
        rows_all = (shape_ids == shape_id).nonzero().flatten()
        if rows_all.numel() == 0:
            continue
        rows_all = rows_all[torch.argsort(largest[rows_all], stable=True)]
        for rows in rows_all.split(chunk):
            # Patch side: the shape's bounding box plus the anti-aliasing fringe, and at least
            # one pixel of slack on every side; never more than the frame.
            side = min(int(math.ceil(2 * float(largest[rows].max()))) + 4, height, width)
            order.append(rows)
            chunks.append((shape_id, done, done + rows.numel(), side))
            done += rows.numel()
    order_t = torch.cat(order) if order else torch.zeros(0, dtype=torch.long)
    inputs = {"geometry": geometry[:, order_t], "colours": colour_ids.cpu()[order_t], "order": order_t}
    return inputs, RasterPlan(chunks=tuple(chunks))


def draw(inputs: dict, plan: RasterPlan, height: int, width: int, layout: str = "uint8") -> torch.Tensor:
    """Draw clips from :func:`raster_inputs`' tensors, on the device they are on: the second half
    of :func:`rasterize`, which launches kernels only (no host↔device copy, no wait for the device)."""
    geometry, colours, order = inputs["geometry"], inputs["colours"], inputs["order"]
    device = geometry.device
    n, frames = geometry.shape[1:]  # (cx, cy, size) × clips × frames
    dtype = torch.uint8 if layout == "uint8" else torch.float32
    background = BACKGROUND if layout == "uint8" else 1.0
    out = torch.full((n * frames * height * width, 3), background, dtype=dtype, device=device)
    # How far each colour is from white, in the output's units.
    ink_scale = 1.0 if layout == "uint8" else 2.0 / BACKGROUND
    inks = (BACKGROUND - _palette(device)) * ink_scale
    for shape_id, begin, end, side in plan.chunks:
        cx, cy, r = geometry[:, begin:end]  # each (m, T)
        x0 = torch.floor(cx - side / 2).clamp_(0, width - side)
        y0 = torch.floor(cy - side / 2).clamp_(0, height - side)
        offsets = torch.arange(side, dtype=torch.float32, device=device) + 0.5
        dx = (x0 - cx)[..., None, None] + offsets.view(1, 1, 1, side)  # pixel centre - shape centre
        dy = (y0 - cy)[..., None, None] + offsets.view(1, 1, side, 1)
        coverage = (0.5 - _signed_distance(SHAPES[shape_id], dx, dy, r[..., None, None])).clamp_(0.0, 1.0)
        ink = inks[colours[begin:end]].view(-1, 1, 1, 1, 3)
        # background - coverage * ink, in one pass; +0.5 rounds on the cast to uint8
        start = background + 0.5 if layout == "uint8" else background
        patch = torch.addcmul(torch.full((), start, device=device), coverage.unsqueeze(-1), ink, value=-1)
        patch = patch.to(dtype)  # (m, T, side, side, 3)
        clip_frame = order[begin:end, None] * frames + torch.arange(frames, device=device)
        corner = (clip_frame * height + y0.long()) * width + x0.long()  # flat pixel index
        local = torch.arange(side, device=device)
        index = corner[..., None, None] + local.view(side, 1) * width + local.view(1, side)
        out.index_copy_(0, index.flatten(), patch.reshape(-1, 3))
    out = out.view(n, frames, height, width, 3)
    return out if layout == "uint8" else out.permute(0, 4, 1, 2, 3).contiguous()


_PALETTES: dict = {}


def _palette(device: torch.device) -> torch.Tensor:
    """The colours' RGB values ``(len(COLOURS), 3)`` float32, made once per device: a lookup
    table that lives where the drawing happens."""
    key = str(device)
    if key not in _PALETTES:
        _PALETTES[key] = torch.tensor([COLOUR_RGB[c] for c in COLOURS], dtype=torch.float32, device=device)
    return _PALETTES[key]


def rasterize(
    shape_ids: torch.Tensor,
    colour_ids: torch.Tensor,
    trajectories: Trajectories,
    height: int = H_DEFAULT,
    width: int = W_DEFAULT,
    device: torch.device | str = "cpu",
    layout: str = "uint8",
    chunk: int = 512,
) -> torch.Tensor:
    """Draw clips on ``device``.

    ``layout="uint8"``: ``(N, T, H, W, 3)`` uint8 RGB, the public clip format.
    ``layout="model"``: ``(N, 3, T, H, W)`` float32 in [-1, 1], what the networks consume.

    Most of a frame is white, so the frame is filled with white once and the shape is drawn
    only in a small square patch around it, then written into place: 5-10x less arithmetic
    than shading every pixel. Clips are sorted by size so each chunk's patch is tight. The plan
    is made on the host (:func:`raster_inputs`), its tensors reach the device in one copy and
    the drawing (:func:`draw`) runs there.
    """
    if layout not in ("uint8", "model"):
        raise ValueError(f"layout must be 'uint8' or 'model', not {layout!r}")
    from .runtime import to_device

    inputs, plan = raster_inputs(shape_ids, colour_ids, trajectories, height, width, chunk)
    return draw(to_device(inputs, device), plan, height, width, layout)


def shape_masks(shape_ids: torch.Tensor, side: int, half_extent: torch.Tensor,
                device: torch.device | str = "cpu") -> torch.Tensor:
    """Each shape alone, centred on a ``side x side`` canvas: coverage ``(N, 1, side, side)`` in [0, 1].

    ``half_extent`` ``(N,)`` is the shape's bounding half-extent in pixels. The same signed
    distances and anti-aliasing as :func:`rasterize`, so a mask is exactly the coverage a frame's
    object has, without its colour and position: what the layered generator's sprite should look
    like (the sprite critic of :mod:`helpers.models` compares the two)."""
    device = torch.device(device)
    n = int(shape_ids.shape[0])
    offsets = torch.arange(side, dtype=torch.float32, device=device) + 0.5 - side / 2
    dx = offsets.view(1, 1, 1, side).expand(n, 1, 1, side)
    dy = offsets.view(1, 1, side, 1).expand(n, 1, side, 1)
    r = half_extent.to(device=device, dtype=torch.float32).view(n, 1, 1, 1)
    # Every shape's distance for every row, then each row's own: no host-side branching, so on
    # a GPU the masks are made without waiting for the device.
    distances = torch.stack([_signed_distance(shape, dx, dy, r) for shape in SHAPES])  # (S, N, 1, side, side)
    index = shape_ids.to(device).view(1, n, 1, 1, 1).expand(1, n, 1, side, side)
    return (0.5 - distances.gather(0, index)[0]).clamp(0.0, 1.0)


def prompt_ids(
    prompts: Sequence[str | Prompt], generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(shape, colour, motion) id tensors for prompts; an open colour is drawn at random."""
    parsed = [parse_prompt(p) for p in prompts]
    shape_ids = torch.tensor([p.shape_id for p in parsed], dtype=torch.long)
    motion_ids = torch.tensor([p.motion_id for p in parsed], dtype=torch.long)
    random_colours = torch.randint(len(COLOURS), (len(parsed),), generator=generator)
    colour_ids = torch.tensor(
        [p.colour_id if p.colour is not None else int(c) for p, c in zip(parsed, random_colours)],
        dtype=torch.long,
    )
    return shape_ids, colour_ids, motion_ids


def render_ids(
    shape_ids: torch.Tensor,
    colour_ids: torch.Tensor,
    motion_ids: torch.Tensor,
    frames: int = T_DEFAULT,
    height: int = H_DEFAULT,
    width: int = W_DEFAULT,
    generator: torch.Generator | None = None,
    device: torch.device | str = "cpu",
    layout: str = "uint8",
) -> torch.Tensor:
    """Render clips given attribute ids (the training loop's entry point)."""
    traj = sample_trajectories(shape_ids, motion_ids, frames, height, width, generator=generator)
    return rasterize(shape_ids, colour_ids, traj, height, width, device=device, layout=layout)


def render_prompts(
    prompts: Sequence[str | Prompt],
    seed: int = 0,
    frames: int = T_DEFAULT,
    height: int = H_DEFAULT,
    width: int = W_DEFAULT,
    device: torch.device | str = "cpu",
) -> torch.Tensor:
    """Real clips for prompts, ``(N, T, H, W, 3)`` uint8 RGB; the same seed gives the same clips."""
    generator = torch.Generator().manual_seed(seed)
    ids = prompt_ids(prompts, generator)
    return render_ids(*ids, frames=frames, height=height, width=width, generator=generator, device=device)


def to_model_tensor(clips: torch.Tensor) -> torch.Tensor:
    """uint8 ``(N, T, H, W, 3)`` → float ``(N, 3, T, H, W)`` in [-1, 1]."""
    return clips.permute(0, 4, 1, 2, 3).float().div_(127.5).sub_(1.0)


def to_uint8_clips(tensor: torch.Tensor) -> torch.Tensor:
    """float ``(N, 3, T, H, W)`` in [-1, 1] → uint8 ``(N, T, H, W, 3)``: the inverse of
    :func:`to_model_tensor` (the rescale the blog's ``save_image`` call forgot)."""
    scaled = (tensor.detach().float().clamp(-1, 1) + 1.0) * 127.5
    return scaled.add_(0.5).to(torch.uint8).permute(0, 2, 3, 4, 1).contiguous()
