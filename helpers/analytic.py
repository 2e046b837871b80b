"""Analytic checks of INTERFACE.md §6: what a clip shows, measured with no trained network.

Every frame of a uint8 clip ``(N, T, H, W, 3)`` is measured like this:

1. **Object pixels**: pixels whose RGB distance from white exceeds ``INK_THRESHOLD``.
2. **Objects**: 8-connected components of those pixels (components smaller than a few pixels
   are specks and do not count). A frame is fine when it holds exactly one object, of a
   plausible size (at most ``MAX_AREA_FRACTION`` of the frame, so random noise is no object).
3. **Colour**: the mean RGB of the object's core (its most saturated pixels), then its hue,
   nearest of the four palette hues of :data:`helpers.world.COLOUR_RGB`. The colour is *clear*
   when it is saturated, within ``HUE_TOLERANCE_DEG`` of that palette hue, and most core pixels
   agree on it.
4. **Area and centre**: coverage-weighted (anti-aliased edges count partially), so sizes and
   positions are measured to a fraction of a pixel; the triangle's centroid sits a little below
   its bounding-box centre, which no check below is sensitive to.

Then the clip's checks (:func:`check_clip`), lengths in units of the frame's shorter side ``S``:

* ``one_object``: one object in every frame.
* ``in_frame``: the object never touches the frame's border (INTERFACE.md: the whole shape is inside).
* ``colour``: one clear colour, the same in every frame, and the prompt's colour if it names
  one (a prompt without colour needs only one clear, steady colour).
* ``outline``: in every frame the prompted shape is the best-fitting ideal shape and its outline
  error (1 - soft IoU, :mod:`helpers.outline`) is within the threshold for the frame size, set
  from real clips against broken drawings; ``None`` when ``analyse_clips(..., outlines=False)``;
* ``size``: the area varies by at most ``SIZE_TOLERANCE`` (max/min) over the clip; not
  applicable to ``shrinking``/``expanding``.
* ``motion``: the track of the centre (and of the area) is consistent with the motion word, at a
  steady speed (every step at least ``STEADY_FRACTION`` of the mean step; bounces may slow
  around a turn), so a clip that freezes part-way fails:

  - ``moving <dir>``: net travel >= S/4, its direction within 22.5° of the named one (the 8
    directions are 45° apart), never going back, every centre within ``STRAIGHT_DEVIATION`` of
    the straight line from the first to the last;
  - ``bouncing <axis>``: at least one reversal along the axis (each leg >= ``TURN_EPS``), a
    range >= 0.15 S along it and at most ``DRIFT_MAX`` across it;
  - ``zigzagging <axis>``: steady travel >= 0.2 S along the axis, never going back, and at
    least two turns across it;
  - ``shrinking``/``expanding``: the centre stays within ``DRIFT_MAX`` (per axis), the area
    changes by at least a factor of 2, step by step in the right direction;
  - ``rotating clockwise``/``counter-clockwise``: a circle fitted to the centres has its centre
    within 0.1 S of the frame centre, a radius >= 0.12 S and a small residual, and the centre
    sweeps >= 180° around it in the named direction, steadily. The image's y axis points
    down, so clockwise on screen is an *increasing* ``atan2(dy, dx)``.

:func:`classify_motion` and :func:`classify_colour` turn the same measurements into an answer
(the one motion whose check passes, or ``None``), a cross-check of the trained classifier.
Real clips pass every check (see ``tests/test_analytic.py`` and ``docs/EVALUATION.md``); blank,
noise and static clips fail.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from .outline import fit_outlines, outline_threshold
from .prompts import COLOURS, MOTIONS, SHAPES, Prompt, parse_prompt
from .world import COLOUR_RGB, MOTION_KINDS

INK_THRESHOLD = 64.0  # RGB distance from white (0..441) above which a pixel belongs to an object
CORE_FRACTION = 0.75  # core pixels: at least this share of the object's strongest ink
MAX_AREA_FRACTION = 0.35  # an "object" larger than this share of the frame is no object
MIN_SATURATION = 0.35
HUE_TOLERANCE_DEG = 20.0
MIN_PURITY = 0.8  # share of core pixels whose own hue agrees with the object's colour
SIZE_TOLERANCE = 1.3  # max/min area over a clip whose motion keeps the size
QUARTER = 0.25  # straight lines travel at least a quarter of the frame
STRAIGHT_DEVIATION = 0.06
BACKSTEP = 0.02  # a "never going back" track may wobble back this much per frame
TURN_EPS = 0.04  # a turn counts when the track moves at least this far each way
DRIFT_MAX = 0.06
BOUNCE_RANGE = 0.15
ZIGZAG_TRAVEL = 0.2
SCALE_FACTOR = 2.0
STEADY_FRACTION = 0.3  # a steady motion's every frame-to-frame step is at least this share of the mean step
ORBIT_CENTRE_TOLERANCE = 0.1
ORBIT_RADIUS_MIN = 0.12
ORBIT_RESIDUAL = 0.04
ORBIT_SWEEP_DEG = 180.0

CHECKS: tuple[str, ...] = ("one_object", "in_frame", "colour", "size", "outline", "motion")
PALETTE_HUES = np.array([colorsys.rgb_to_hsv(*(v / 255 for v in COLOUR_RGB[c]))[0] * 360 for c in COLOURS])


@dataclass
class ClipAnalysis:
    """Per-frame measurements of one clip (``T`` entries each; NaN / -1 where no object)."""

    height: int
    width: int
    n_objects: np.ndarray  # int (T,): components of at least a few pixels
    pixels: np.ndarray  # int (T,): pixels of the largest component
    area: np.ndarray  # float (T,): coverage-weighted area of the largest component, px²
    cx: np.ndarray  # float (T,): coverage-weighted centre, px (pixel k's centre is at k + 0.5)
    cy: np.ndarray
    rgb: np.ndarray  # float (T, 3): mean colour of the object's core
    hue: np.ndarray  # float (T,): degrees
    saturation: np.ndarray
    colour_id: np.ndarray  # int (T,): nearest palette colour by hue, -1 when not clear
    purity: np.ndarray  # float (T,): share of core pixels whose hue agrees with colour_id
    touches_border: np.ndarray  # bool (T,)
    outline_error: np.ndarray | None = None  # float (T, 3): 1 - soft IoU of each shape's best fit
    extras: dict = field(default_factory=dict)

    @property
    def side(self) -> float:
        return float(min(self.height, self.width))

    @property
    def frames(self) -> int:
        return int(self.n_objects.shape[0])

    @property
    def one_object_every_frame(self) -> bool:
        plausible = (self.pixels <= MAX_AREA_FRACTION * self.height * self.width)
        return bool(np.all((self.n_objects == 1) & plausible))

    @property
    def track(self) -> np.ndarray:
        """Centres in units of the shorter side, ``(T, 2)`` (x right, y down)."""
        return np.stack([self.cx, self.cy], axis=1) / self.side


def _as_uint8_clips(clips) -> torch.Tensor:
    x = torch.from_numpy(np.ascontiguousarray(clips)) if isinstance(clips, np.ndarray) else clips
    if not isinstance(x, torch.Tensor) or x.dtype != torch.uint8:
        raise TypeError("clips must be uint8 (N, T, H, W, 3) RGB (numpy or torch); "
                        "convert model outputs with helpers.world.to_uint8_clips")
    if x.ndim == 4:
        x = x[None]
    if x.ndim != 5 or x.shape[-1] != 3:
        raise ValueError(f"clips must be (N, T, H, W, 3) RGB, got shape {tuple(x.shape)}")
    return x.cpu()


def _max3x3(x: torch.Tensor) -> torch.Tensor:
    """3x3 maximum filter of ``(F, H, W)`` non-negative values (zero outside the frame)."""
    p = F.pad(x, (1, 1, 1, 1))
    rows = torch.maximum(torch.maximum(p[:, :, :-2], p[:, :, 1:-1]), p[:, :, 2:])
    return torch.maximum(torch.maximum(rows[:, :-2], rows[:, 1:-1]), rows[:, 2:])


def _components(mask: torch.Tensor) -> torch.Tensor:
    """8-connected component labels of boolean frames ``(F, H, W)`` (0 = background).

    Each pixel starts with its own label and takes the largest label among its neighbours
    (and the label of the pixel its label names) until nothing changes; only frames still
    changing are processed.
    """
    f, h, w = mask.shape
    maskf = mask.float()
    labels = (torch.arange(1, h * w + 1, dtype=torch.float32).view(1, h, w) * maskf).contiguous()
    active = torch.arange(f)
    for _ in range(h * w):
        if active.numel() == 0:
            break
        current = labels[active]
        m = maskf[active]
        grown = _max3x3(current) * m
        # Pointer jumping: a label is a pixel index (+1) of the same component, so adopting that
        # pixel's label is safe, and labels travel much further than one pixel per round.
        flat = grown.flatten(1)
        jumped = flat.gather(1, (flat.long() - 1).clamp_min(0)) * m.flatten(1)
        grown = torch.maximum(flat, jumped).view_as(current)
        changed = (grown != current).flatten(1).any(dim=1)
        labels[active] = grown
        active = active[changed]
    return labels.long()


def _hue_deg(rgb: torch.Tensor) -> torch.Tensor:
    """Hue in degrees of float RGB ``(..., 3)`` in [0, 255]."""
    r, g, b = rgb.unbind(-1)
    mx, _ = rgb.max(-1)
    mn, _ = rgb.min(-1)
    d = (mx - mn).clamp_min(1e-6)
    hue = torch.where(mx == r, ((g - b) / d) % 6, torch.where(mx == g, (b - r) / d + 2, (r - g) / d + 4))
    return hue * 60.0


def _nearest_palette(hue: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    diff = (hue[..., None] - torch.tensor(PALETTE_HUES, dtype=hue.dtype)).abs() % 360
    diff = torch.minimum(diff, 360 - diff)
    best, index = diff.min(-1)
    return index, best


def analyse_clips(clips, batch_size: int = 64, outlines: bool = True) -> list[ClipAnalysis]:
    """Measure every frame of uint8 clips ``(N, T, H, W, 3)``; one :class:`ClipAnalysis` per clip.

    ``outlines=False`` skips the outline fit (:mod:`helpers.outline`, the slowest measurement);
    the ``outline`` check then does not apply.
    """
    x_all = _as_uint8_clips(clips)
    out: list[ClipAnalysis] = []
    for x in x_all.split(batch_size):
        out.extend(_analyse_batch(x, outlines))
    return out


def object_coverage(clips, batch_size: int = 64) -> torch.Tensor:
    """The coverage map the checks measure, ``(N, T, H, W)`` float in [0, 1]: per pixel, the share
    the clip's object (the largest component and its one-pixel fringe) covers; 0 elsewhere. This
    is what :func:`helpers.outline.fit_outlines` fits the ideal shapes to."""
    x_all = _as_uint8_clips(clips)
    return torch.cat([_analyse_batch(x, outlines=False, coverage_only=True) for x in x_all.split(batch_size)])


def _analyse_batch(x: torch.Tensor, outlines: bool = True, coverage_only: bool = False):
    n, t, h, w, _ = x.shape
    nf = n * t
    rgb = x.reshape(nf, h, w, 3).float()
    dist = (255.0 - rgb).norm(dim=-1)  # (F, H, W)
    mask = dist > INK_THRESHOLD
    labels = _components(mask).view(nf, -1)
    min_pixels = max(3, round(h * w / 1000))

    # Component sizes per frame: unique (frame, label) keys.
    stride = h * w + 1
    keys = (torch.arange(nf)[:, None] * stride + labels).flatten()
    keys = keys[labels.flatten() > 0]
    uniq, counts = torch.unique(keys, return_counts=True)
    frame_of = uniq // stride
    n_objects = torch.zeros(nf, dtype=torch.long).index_add_(0, frame_of, (counts >= min_pixels).long())
    largest = torch.zeros(nf, dtype=torch.long).scatter_reduce(0, frame_of, counts, "amax")
    # The largest component's label (the highest label among ties).
    is_main = counts == largest[frame_of]
    main_label = torch.zeros(nf, dtype=torch.long).scatter_reduce(
        0, frame_of[is_main], uniq[is_main] % stride, "amax")
    main = (labels == main_label[:, None]) & (main_label[:, None] > 0)
    main = main.view(nf, h, w)
    present = main_label > 0

    # Colour of the core.
    strongest = torch.where(main, dist, torch.zeros_like(dist)).flatten(1).amax(1)
    core = main & (dist >= CORE_FRACTION * strongest[:, None, None])
    core_count = core.flatten(1).sum(1).clamp_min(1)
    mean_rgb = (rgb * core[..., None]).flatten(1, 2).sum(1) / core_count[:, None]
    mean_rgb = torch.where(present[:, None], mean_rgb, torch.full_like(mean_rgb, 255.0))
    hue = _hue_deg(mean_rgb)
    mx = mean_rgb.max(-1).values
    saturation = (mx - mean_rgb.min(-1).values) / mx.clamp_min(1e-6)
    colour_id, hue_off = _nearest_palette(hue)
    core_frame = core.nonzero()[:, 0]
    pixel_colour, _ = _nearest_palette(_hue_deg(rgb[core]))
    agree = torch.zeros(nf).index_add_(0, core_frame, (pixel_colour == colour_id[core_frame]).float())
    purity = agree.float() / core_count.float()
    clear = present & (saturation >= MIN_SATURATION) & (hue_off <= HUE_TOLERANCE_DEG) & (purity >= MIN_PURITY)
    colour_id = torch.where(clear, colour_id, torch.full_like(colour_id, -1))

    # Coverage-weighted area and centre over the largest component and its one-pixel fringe.
    ink = (255.0 - mean_rgb).norm(dim=-1).clamp_min(1.0)
    region = _max3x3(main.float())
    coverage = (dist / ink[:, None, None]).clamp(0.0, 1.0) * region
    if coverage_only:
        return coverage.view(n, t, h, w)
    area = coverage.flatten(1).sum(1)
    xs = torch.arange(w, dtype=torch.float32) + 0.5
    ys = torch.arange(h, dtype=torch.float32) + 0.5
    safe = area.clamp_min(1e-6)
    cx = (coverage * xs.view(1, 1, w)).flatten(1).sum(1) / safe
    cy = (coverage * ys.view(1, h, 1)).flatten(1).sum(1) / safe
    nan = torch.full_like(cx, float("nan"))
    cx, cy = torch.where(present, cx, nan), torch.where(present, cy, nan)
    border = torch.zeros(h, w, dtype=torch.bool)
    border[0, :] = border[-1, :] = border[:, 0] = border[:, -1] = True
    touches = (main & border).flatten(1).any(1)
    pixels = main.flatten(1).sum(1)
    outline_error = fit_outlines(coverage)["error"] if outlines else None

    def per_clip(v: torch.Tensor) -> np.ndarray:
        return v.view(n, t, *v.shape[1:]).numpy()

    fields = {
        "n_objects": per_clip(n_objects), "pixels": per_clip(pixels), "area": per_clip(area),
        "cx": per_clip(cx), "cy": per_clip(cy), "rgb": per_clip(mean_rgb), "hue": per_clip(hue),
        "saturation": per_clip(saturation), "colour_id": per_clip(colour_id),
        "purity": per_clip(purity), "touches_border": per_clip(touches),
    }
    if outline_error is not None:
        fields["outline_error"] = per_clip(outline_error)
    return [ClipAnalysis(height=h, width=w, **{k: v[i] for k, v in fields.items()}) for i in range(n)]


# --------------------------------------------------------------------------------------------
# Motion predicates (tracks in units of the frame's shorter side)


def _count_turns(values: np.ndarray, eps: float) -> int:
    """Direction reversals of a 1-D track, each leg at least ``eps`` long (hysteresis)."""
    turns = 0
    direction = 0
    start = extreme = float(values[0])
    for v in values[1:]:
        v = float(v)
        if direction == 0:
            if abs(v - start) >= eps:
                direction = 1 if v > start else -1
                extreme = v
        elif (v - extreme) * direction > 0:
            extreme = v
        elif (extreme - v) * direction >= eps:
            turns += 1
            direction = -direction
            extreme = v
    return turns


def _straight(track: np.ndarray, direction: tuple[int, int]) -> bool:
    net = track[-1] - track[0]
    travel = float(np.hypot(*net))
    if travel < QUARTER:
        return False
    want = math.atan2(direction[1], direction[0])
    got = math.atan2(net[1], net[0])
    off = abs((got - want + math.pi) % (2 * math.pi) - math.pi)
    if off > math.radians(22.5):
        return False
    unit = net / travel
    progress = (track - track[0]) @ unit
    if np.any(np.diff(progress) < -BACKSTEP) or not _steady(np.diff(progress)):
        return False
    rel = track - track[0]
    deviation = np.abs(rel[:, 0] * unit[1] - rel[:, 1] * unit[0])
    return bool(deviation.max() <= STRAIGHT_DEVIATION)


def _steady(steps: np.ndarray) -> bool:
    """Every step forward by at least ``STEADY_FRACTION`` of the mean step: no frame stands still
    (a clip that freezes halfway is not moving at a constant speed)."""
    mean = float(np.mean(steps))
    return bool(mean > 0 and np.all(steps >= STEADY_FRACTION * mean))


def _bounce(track: np.ndarray, axis: int) -> bool:
    along, across = track[:, axis], track[:, 1 - axis]
    if np.ptp(across) > DRIFT_MAX or np.ptp(along) < BOUNCE_RANGE:
        return False
    # Constant speed along the axis: at most two frames (around a turn) may move little.
    speed = np.abs(np.diff(along))
    if np.sum(speed < STEADY_FRACTION * speed.mean()) > 2:
        return False
    return _count_turns(along, TURN_EPS) >= 1


def _zigzag(track: np.ndarray, axis: int) -> bool:
    along, across = track[:, axis], track[:, 1 - axis]
    net = float(along[-1] - along[0])
    if abs(net) < ZIGZAG_TRAVEL:
        return False
    if np.any(np.diff(along) * np.sign(net) < -BACKSTEP) or not _steady(np.diff(along) * np.sign(net)):
        return False
    return _count_turns(across, TURN_EPS) >= 2


def _scale(track: np.ndarray, area: np.ndarray, sign: int) -> bool:
    if np.ptp(track[:, 0]) > DRIFT_MAX or np.ptp(track[:, 1]) > DRIFT_MAX:
        return False
    if area[0] <= 0 or area[-1] <= 0:
        return False
    ratio = float(area[-1] / area[0]) ** sign
    if ratio < SCALE_FACTOR:
        return False
    steps = np.diff(area) * sign
    return bool(np.all(steps >= -0.03 * area[:-1]) and _steady(steps))


def _fit_circle(track: np.ndarray) -> tuple[np.ndarray, float, float] | None:
    """Least-squares (Kåsa) circle through the points: centre, radius, RMS residual."""
    x, y = track[:, 0], track[:, 1]
    design = np.stack([x, y, np.ones_like(x)], axis=1)
    if np.linalg.matrix_rank(design) < 3:
        return None
    (d, e, f), *_ = np.linalg.lstsq(design, -(x * x + y * y), rcond=None)
    centre = np.array([-d / 2, -e / 2])
    r2 = float(centre @ centre - f)
    if not np.isfinite(r2) or r2 <= 0:
        return None
    radius = math.sqrt(r2)
    residual = float(np.sqrt(np.mean((np.hypot(x - centre[0], y - centre[1]) - radius) ** 2)))
    return centre, radius, residual


def _orbit(track: np.ndarray, sign: int, frame_centre: np.ndarray) -> bool:
    fit = _fit_circle(track)
    if fit is None:
        return False
    centre, radius, residual = fit
    if np.hypot(*(centre - frame_centre)) > ORBIT_CENTRE_TOLERANCE or radius < ORBIT_RADIUS_MIN:
        return False
    if residual > ORBIT_RESIDUAL:
        return False
    rel = track - centre
    angle = np.arctan2(rel[:, 1], rel[:, 0])  # y down: increasing = clockwise on screen
    steps = (np.diff(angle) + math.pi) % (2 * math.pi) - math.pi
    if np.any(steps * sign < -0.1) or not _steady(steps * sign):
        return False
    return bool(np.degrees(steps.sum() * sign) >= ORBIT_SWEEP_DEG)


def motion_matches(analysis: ClipAnalysis, motion: str) -> bool:
    """True when the clip's track is consistent with ``motion`` (see the module docstring)."""
    if motion not in MOTION_KINDS:
        raise ValueError(f"unknown motion {motion!r}; motions: {', '.join(MOTIONS)}")
    if not np.all(analysis.n_objects >= 1) or not np.all(np.isfinite(analysis.cx)):
        return False
    kind = MOTION_KINDS[motion]
    track = analysis.track
    if kind.family == "straight":
        return _straight(track, kind.direction)
    if kind.family == "bounce":
        return _bounce(track, kind.axis)
    if kind.family == "zigzag":
        return _zigzag(track, kind.axis)
    if kind.family == "scale":
        return _scale(track, analysis.area, kind.sign)
    frame_centre = np.array([analysis.width / 2, analysis.height / 2]) / analysis.side
    return _orbit(track, kind.sign, frame_centre)


def classify_motion(analysis: ClipAnalysis) -> str | None:
    """The one motion whose check the clip passes; ``None`` when none (or, ambiguously, several) do."""
    matches = [m for m in MOTIONS if motion_matches(analysis, m)]
    return matches[0] if len(matches) == 1 else None


def classify_colour(analysis: ClipAnalysis) -> str | None:
    """The clip's palette colour when it is clear and the same in every frame, else ``None``."""
    ids = analysis.colour_id
    if ids.size == 0 or np.any(ids < 0) or np.any(ids != ids[0]):
        return None
    return COLOURS[int(ids[0])]


def size_steady(analysis: ClipAnalysis) -> bool:
    """One object in every frame, and its area's max/min ratio is at most ``SIZE_TOLERANCE``."""
    area = analysis.area
    if not analysis.one_object_every_frame or not np.all(area > 0):
        return False
    return bool(area.max() / area.min() <= SIZE_TOLERANCE)


def outline_fits(analysis: ClipAnalysis, shape: str) -> bool | None:
    """True when, in every frame, ``shape`` is the best-fitting ideal shape and its outline error
    is within :func:`helpers.outline.outline_threshold` for the frame size; ``None`` when the
    outline was not measured (``analyse_clips(..., outlines=False)``)."""
    if analysis.outline_error is None:
        return None
    if not np.all(analysis.n_objects >= 1):
        return False
    error = analysis.outline_error
    s = SHAPES.index(shape)
    best = error.argmin(axis=1)
    return bool(np.all(best == s) and np.all(error[:, s] <= outline_threshold(analysis.side)))


def classify_shape(analysis: ClipAnalysis) -> str | None:
    """The shape whose outline fits in every frame (see :func:`outline_fits`), else ``None``."""
    matches = [s for s in SHAPES if outline_fits(analysis, s)]
    return matches[0] if len(matches) == 1 else None


def check_clip(analysis: ClipAnalysis, prompt: str | Prompt) -> dict[str, bool | None]:
    """Every check of one clip against its prompt; ``None`` where a check does not apply."""
    p = parse_prompt(prompt)
    colour = classify_colour(analysis)
    results: dict[str, bool | None] = {
        "one_object": analysis.one_object_every_frame,
        "in_frame": bool(np.all(analysis.n_objects >= 1) and not np.any(analysis.touches_border)),
        "colour": colour is not None and (p.colour is None or colour == p.colour),
        "size": None if MOTION_KINDS[p.motion].family == "scale" else size_steady(analysis),
        "outline": outline_fits(analysis, p.shape),
        "motion": motion_matches(analysis, p.motion),
    }
    results["all"] = all(v for v in results.values() if v is not None)
    return results


def check_clips(clips, prompts: Sequence[str | Prompt]) -> dict[str, float]:
    """Pass rate of every check over clips (each over the clips where it applies), plus ``all``.

    Also returns ``n`` and the analytic classifications' agreement with the prompts:
    ``motion_classified`` (the one matching motion is the prompt's) and ``colour_classified``
    (over prompts that name a colour).
    """
    analyses = analyse_clips(clips)
    if len(analyses) != len(prompts):
        raise ValueError(f"{len(analyses)} clips but {len(prompts)} prompts")
    parsed = [parse_prompt(p) for p in prompts]
    per_clip = [check_clip(a, p) for a, p in zip(analyses, parsed)]
    rates: dict[str, float] = {}
    for name in (*CHECKS, "all"):
        values = [r[name] for r in per_clip if r[name] is not None]
        rates[name] = float(np.mean(values)) if values else float("nan")
    rates["motion_classified"] = float(np.mean([classify_motion(a) == p.motion
                                                for a, p in zip(analyses, parsed)]))
    coloured = [(a, p) for a, p in zip(analyses, parsed) if p.colour is not None]
    rates["colour_classified"] = (float(np.mean([classify_colour(a) == p.colour for a, p in coloured]))
                                  if coloured else float("nan"))
    rates["n"] = len(parsed)
    return rates
