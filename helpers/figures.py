"""Figures of the trained model that notebooks 02–07 draw, kept here so the notebooks stay short.

Each ``plot_*`` function returns its matplotlib figure (the notebook shows it); the numbers a
figure is read by are returned by plain functions beside it, so the text can quote them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import torch

from .prompts import COLOURS, MOTIONS, SHAPES, all_prompts, parse_prompt
from .text_encoder import encode_prompts

WORD_GROUPS = {
    "colour": list(COLOURS),
    "shape": list(SHAPES),
    "direction": ["up", "down", "left", "right", "up-left", "up-right", "down-left", "down-right"],
    "motion word": ["moving", "bouncing", "zigzagging", "shrinking", "expanding", "rotating",
                    "vertically", "horizontally", "clockwise", "counter-clockwise"],
}
PALETTE = {"red": "tab:red", "green": "tab:green", "blue": "tab:blue", "yellow": "gold", None: "grey"}
MARKERS = {"circle": "o", "square": "s", "triangle": "^"}


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


# ---------------------------------------------------------------------------------------------
# Notebook 02: which combinations training never sees


def plot_split_grid():
    """Every (shape, colour) pair (rows) against every motion (columns), coloured by split."""
    from matplotlib.colors import ListedColormap

    from . import split

    plt = _pyplot()
    names = [s for s in ("train", "val", "heldout") if s in split.SPLITS]
    labels = {"train": "training", "val": "validation (never trained on)", "heldout": "held out (test)"}
    colours = {"train": "#e8e8e8", "val": "#fdae6b", "heldout": "#d62728"}
    rows = [(shape, colour) for shape in SHAPES for colour in COLOURS]
    grid = np.zeros((len(rows), len(MOTIONS)), dtype=int)
    for index, name in enumerate(names):
        for p in split.split_prompts(name):
            grid[rows.index((p.shape, p.colour)), MOTIONS.index(p.motion)] = index
    fig, axis = plt.subplots(figsize=(10, 4.6))
    axis.imshow(grid, cmap=ListedColormap([colours[n] for n in names]), vmin=0, vmax=len(names) - 1)
    axis.set_xticks(range(len(MOTIONS)), MOTIONS, rotation=60, ha="right", rotation_mode="anchor", fontsize=8)
    axis.set_yticks(range(len(rows)), [f"{c} {s}" for s, c in rows], fontsize=8)
    axis.set_xticks(np.arange(-0.5, len(MOTIONS)), minor=True)
    axis.set_yticks(np.arange(-0.5, len(rows)), minor=True)
    axis.grid(which="minor", color="white", linewidth=1.5)
    axis.tick_params(which="minor", length=0)
    for name in names:
        axis.scatter([], [], marker="s", s=60, color=colours[name], label=labels[name])
    axis.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    axis.set_title("all 3 × 4 × 16 = 192 combinations, by split", fontsize=10)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook 03: what the word and prompt vectors look like


def word_similarity(model, groups: dict[str, list[str]] = WORD_GROUPS):
    """Cosine similarity between the generator's word vectors: ``(words, roles, matrix)``."""
    vectors = model.generator.text.embedding.weight.detach().cpu()
    words = [w for group in groups.values() for w in group]
    roles = np.array([role for role, group in groups.items() for _ in group])
    chosen = torch.nn.functional.normalize(vectors[[model.vocab.ids[w] for w in words]], dim=1)
    return words, roles, (chosen @ chosen.T).numpy()


def role_cosines(roles: np.ndarray, similarity: np.ndarray) -> dict[str, float]:
    """Mean cosine of pairs of different words in the same role and in different roles, and the
    mean size |cos| of all pairs (random 64-dimensional vectors give about 0.1)."""
    off = ~np.eye(len(roles), dtype=bool)
    same = (roles[:, None] == roles[None, :]) & off
    return {"within role": float(similarity[same].mean()),
            "between roles": float(similarity[roles[:, None] != roles[None, :]].mean()),
            "mean |cos|": float(np.abs(similarity[off]).mean())}


def plot_word_similarity(model, groups: dict[str, list[str]] = WORD_GROUPS):
    """Heat map of :func:`word_similarity`, with lines between the roles."""
    plt = _pyplot()
    words, _, similarity = word_similarity(model, groups)
    fig, axis = plt.subplots(figsize=(7.5, 6.5))
    image = axis.imshow(similarity, cmap="RdBu_r", vmin=-1, vmax=1)
    axis.set_xticks(range(len(words)), words, rotation=90, fontsize=8)
    axis.set_yticks(range(len(words)), words, fontsize=8)
    for edge in np.cumsum([len(g) for g in groups.values()])[:-1] - 0.5:
        axis.axhline(edge, color="k", lw=0.8)
        axis.axvline(edge, color="k", lw=0.8)
    fig.colorbar(image, label="cosine similarity")
    axis.set_title(f"word vectors of the trained generator (step {model.step})")
    return fig


def prompt_pca(model):
    """Every prompt (with and without colour), its text vector's first two principal components,
    and the share of the variance each component explains."""
    prompts = all_prompts() + all_prompts(with_colour=False)
    with torch.no_grad():
        vectors = model.generator.text(encode_prompts(model.vocab, prompts, device=model.device)).cpu()
    centred = vectors - vectors.mean(0)
    _, singular, principal = torch.linalg.svd(centred, full_matrices=False)
    explained = (singular**2 / (singular**2).sum())[:2].numpy()
    return prompts, (centred @ principal[:2].T).numpy(), explained


def share_explained_by(prompts, xy: np.ndarray, attribute: str) -> list[float]:
    """For each component, the share of its variance that the prompts' ``attribute`` explains
    (between-group variance / total variance): 1 = the component only tells that attribute apart."""
    labels = np.array([str(getattr(p, attribute)) for p in prompts])
    shares = []
    for values in xy.T:
        means = {label: values[labels == label].mean() for label in set(labels)}
        shares.append(float(np.var([means[label] for label in labels]) / values.var()))
    return shares


def plot_prompt_pca(model):
    """Two panels of the same projection: coloured by colour word (shape = marker), and by motion."""
    plt = _pyplot()
    prompts, xy, explained = prompt_pca(model)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), sharex=True, sharey=True)
    for (x, y), p in zip(xy, prompts):
        left.scatter(x, y, marker=MARKERS[p.shape], color=PALETTE[p.colour], s=25, alpha=0.7)
    for shape, marker in MARKERS.items():
        left.scatter([], [], marker=marker, color="black", label=shape)
    for colour in (*COLOURS, None):
        left.scatter([], [], marker="o", color=PALETTE[colour], label=colour or "no colour word")
    left.legend(fontsize=7, ncol=2, loc="best")
    left.set_title("coloured by colour word, marker = shape")
    cmap = plt.get_cmap("tab20")
    for index, motion in enumerate(MOTIONS):
        rows = [i for i, p in enumerate(prompts) if p.motion == motion]
        right.scatter(xy[rows, 0], xy[rows, 1], color=cmap(index % 20), s=25, alpha=0.7, label=motion)
    right.legend(fontsize=6, ncol=2, loc="best")
    right.set_title("the same points, coloured by motion")
    for axis in (left, right):
        axis.set_xlabel(f"principal component 1 ({explained[0]:.0%} of the variance)")
    left.set_ylabel(f"principal component 2 ({explained[1]:.0%})")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook 04: inside the trained layered generator


def sprites_and_poses(model, prompts: Sequence[str], seed: int = 0):
    """The sprite ``(N, H/2, W/2)`` each prompt gets and its poses ``(N, T, 3)`` (x, y, half-size)."""
    generator = model.generator
    with torch.no_grad():
        tokens = encode_prompts(model.vocab, list(prompts), model.device)
        z = generator.sample_z(len(prompts), torch.Generator().manual_seed(seed)).to(model.device)
        text, content, motion = generator.codes(tokens, z)
        return generator.sprite(text, content)[:, 0].cpu().numpy(), generator.poses(motion, z).cpu().numpy()


def plot_sprites_and_poses(model, prompts: Sequence[str], seed: int = 0):
    """One panel per prompt's sprite, and one with the sprite centres' paths (a ring marks frame 1)."""
    plt = _pyplot()
    sprites, poses = sprites_and_poses(model, prompts, seed)
    fig, axes = plt.subplots(1, len(prompts) + 1, figsize=(2.6 * (len(prompts) + 1) + 1.2, 2.8))
    for axis, sprite, text in zip(axes, sprites, prompts):
        axis.imshow(sprite, cmap="gray_r", vmin=0, vmax=1)
        axis.set_title(f"sprite for\n'{text}'", fontsize=8)
        axis.axis("off")
    _draw_paths(axes[-1], poses, [parse_prompt(text).motion for text in prompts],
                "sprite centre, frames 1–10\n(frame coordinates, up is up)")
    fig.tight_layout()
    return fig


def _draw_paths(axis, poses, labels: Sequence[str], title: str) -> None:
    """Centre paths ``(N, T, ≥2)`` in [-1, 1] frame coordinates, up drawn up, a ring on frame 1."""
    for index, (pose, label) in enumerate(zip(poses, labels)):
        colour = f"C{index}"
        axis.plot(pose[:, 0], -pose[:, 1], marker="o", markersize=3, color=colour, label=label)
        axis.scatter(pose[0, 0], -pose[0, 1], s=80, facecolors="none", edgecolors=colour, linewidths=1.5)
    axis.scatter([], [], s=80, facecolors="none", edgecolors="black", label="frame 1 (start)")
    axis.scatter([0], [0], marker="+", color="grey", label="frame centre")
    axis.set(xlim=(-1, 1), ylim=(-1, 1), aspect="equal")
    axis.set_title(title, fontsize=8)
    axis.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.02, 1.0))  # outside: never hides a path


def plot_tracks(rows: dict, labels: Sequence[str]):
    """One panel per entry of ``rows`` (name → tracks ``(N, T, 3)``, centre x, y and size, in the
    generator's pose units): what the track critic of notebook 04 compares."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(rows), figsize=(4.6 * len(rows), 3.2), squeeze=False)
    for axis, (name, tracks) in zip(axes[0], rows.items()):
        tracks = np.asarray(torch.as_tensor(tracks).detach().float().cpu())
        _draw_paths(axis, tracks, labels, f"{name}: centre, frames 1–10")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook 05: what the snap term compares


def plot_masks(rows: dict, labels: Sequence[str] = ()):
    """Opacity masks ``(N, 1, S, S)`` (or ``(N, S, S)``), one row per entry of ``rows`` (its name
    titles the row), dark where opaque: what the sprite critic of notebook 04 compares."""
    plt = _pyplot()
    columns = max(len(m) for m in rows.values())
    fig, axes = plt.subplots(len(rows), columns, figsize=(2 * columns, 2.1 * len(rows)), squeeze=False)
    for r, (name, masks) in enumerate(rows.items()):
        masks = np.asarray(torch.as_tensor(masks).detach().float().cpu())
        for c in range(columns):
            ax = axes[r, c]
            ax.axis("off")
            if c < len(masks):
                ax.imshow(masks[c].reshape(masks.shape[-2:]), cmap="gray_r", vmin=0, vmax=1)
                ax.set_title(f"{name}: {labels[c]}" if c < len(labels) else name, fontsize=9)
    fig.tight_layout()
    return fig


def plot_snap_swatches(model, prompts: Sequence[str], seed: int = 0):
    """For colour-less prompts (rows): the colour the generator paints, and the colour it paints
    for the same noise when the prompt names each colour word (crossed out where that combination
    is held out of training; framed where it is the one the noise's colour code picks)."""
    from .train import colour_less_colours, snap_distances

    plt = _pyplot()
    parsed = [parse_prompt(p) for p in prompts]
    noise = model.generator.sample_z(len(parsed), torch.Generator().manual_seed(seed)).to(model.device)
    with torch.no_grad():
        own, named, held_out = colour_less_colours(model.generator.eval(), model.vocab, parsed, noise)
    picks = model.generator.colour_pick(noise)
    snap = snap_distances(own, named, held_out, picks)
    fig, axes = plt.subplots(len(parsed), 1 + len(COLOURS), figsize=(7, 1.3 * len(parsed)), squeeze=False)
    for row, prompt in enumerate(parsed):
        swatches = [own[row]] + list(named[row])
        titles = [f"{prompt.text}\nsnap {float(snap[row]):.3f}"] + [f"'{c}'" for c in COLOURS]
        for col, (colour, title) in enumerate(zip(swatches, titles)):
            axis = axes[row, col]
            axis.imshow(((colour.cpu().float() + 1) / 2).clamp(0, 1).view(1, 1, 3).numpy())
            axis.set_title(title, fontsize=8)
            axis.set_xticks([])
            axis.set_yticks([])
            if col and held_out[row, col - 1]:
                axis.plot([-0.5, 0.5], [-0.5, 0.5], color="black")
            if col and picks is not None and col - 1 == int(picks[row]):
                for side in axis.spines.values():  # frame the colour the code picks
                    side.set_linewidth(4)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook 06: diversity of one prompt's clips


def start_positions(clips) -> np.ndarray:
    """``(N, 2)`` centre (x, y) of the shape in each clip's first frame, in pixels, as the analytic
    checks and the diversity measure (:mod:`helpers.diversity`) locate it."""
    from .analytic import analyse_clips

    return np.array([[a.cx[0], a.cy[0]] for a in analyse_clips(np.asarray(clips), outlines=False)])


def plot_start_positions(generated, real, size: int, title: str = ""):
    """Where each clip's shape starts, generated (filled) against real clips of the same prompt (rings)."""
    plt = _pyplot()
    fig, axis = plt.subplots(figsize=(3.8, 3.8))
    gen, ref = start_positions(generated), start_positions(real)
    axis.scatter(ref[:, 0], ref[:, 1], s=60, facecolors="none", edgecolors="grey", label=f"real ({len(ref)})")
    axis.scatter(gen[:, 0], gen[:, 1], s=25, color="tab:green", label=f"generated ({len(gen)})")
    axis.set(xlim=(0, size), ylim=(size, 0), aspect="equal", xlabel="x (pixels)", ylabel="y (pixels, down)")
    axis.set_title(title or "start positions", fontsize=9)
    axis.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def shape_colour(clip) -> np.ndarray:
    """RGB of the shape's core over a clip: the mean of the darkest quarter of its ink pixels
    (anti-aliased edges are paler), so a dark colour reads as dark, unlike the saturated-pixel
    test of :func:`helpers.generation.dominant_colour`."""
    pixels = np.asarray(clip).reshape(-1, 3).astype(np.float32)
    ink = pixels[(255 - pixels).sum(axis=1) > 150]
    if not len(ink):
        return np.full(3, np.nan)
    return ink[np.argsort(ink.sum(axis=1))[: max(1, len(ink) // 4)]].mean(axis=0)


def plot_colour_counts(colours: Sequence[str], title: str = ""):
    """Bar chart of how often each colour (or "none") was read from the clips, with the even share."""
    plt = _pyplot()
    counts = Counter(colours)
    names = [*COLOURS, "none"]
    fig, axis = plt.subplots(figsize=(4.2, 2.4))
    colours_of_bars = [PALETTE[n] for n in COLOURS] + ["lightgrey"]
    axis.bar(names, [counts.get(n, 0) for n in names], color=colours_of_bars)
    axis.axhline(len(colours) / len(COLOURS), color="black", linestyle="--", linewidth=1, label="even share")
    axis.set_ylabel("clips")
    axis.set_title(title or f"colour read from each of {len(colours)} clips", fontsize=9)
    axis.legend(fontsize=7)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook 07: evaluation, and how its instruments are fooled

INSTRUMENTS = ("attribute heads", "classifier", "analytic", "all checks")
INSTRUMENT_COLOURS = {"attribute heads": "#bdbdbd", "classifier": "tab:blue", "analytic": "tab:orange",
                      "all checks": "black", "all_checks": "black"}
_SHORT = {"moving ": "", "zigzagging ": "zigzag ", "bouncing ": "bounce "}


def short_prompt(prompt) -> str:
    """A prompt's text short enough for a caption under a small clip: ``moving`` dropped,
    ``zigzagging``/``bouncing`` shortened (``yellow circle up-right``)."""
    text = parse_prompt(prompt).text
    for long, short in _SHORT.items():
        text = text.replace(long, short)
    return text


def blurred(clips, sigma: float) -> np.ndarray:
    """Gaussian blur (``sigma`` px, 7-px kernel) of every frame of uint8 clips ``(N, T, H, W, 3)``."""
    from torchvision.transforms.functional import gaussian_blur

    clips = np.asarray(clips)
    if sigma == 0:
        return clips
    n, t, h, w, _ = clips.shape
    x = torch.from_numpy(np.ascontiguousarray(clips)).permute(0, 1, 4, 2, 3).reshape(n * t, 3, h, w).float()
    x = gaussian_blur(x, kernel_size=7, sigma=sigma).round().clamp(0, 255).to(torch.uint8)
    return x.reshape(n, t, 3, h, w).permute(0, 1, 3, 4, 2).numpy()


_INSTRUMENT_NAMES = {"attributes": "attribute heads", "classifier": "classifier", "analytic": "analytic",
                     "all_checks": "all checks"}


def broken_pass_rates(prompts, classifier=None, size=(10, 32, 32), seed: int = 0) -> dict:
    """Real clips of ``prompts`` and every broken kind of the test family, scored by every
    instrument: :func:`helpers.evaluation.evaluate_instruments` (the same clips for the same seed).

    Returns ``{"rates": {kind: {instrument: share passed}}, "clips": {kind: clips}, "scores":
    {kind: per-clip scores}}``, kinds ``"real"`` first. The instruments (:data:`INSTRUMENTS`): the
    classifier's three attribute heads alone (its reject head ignored), the classifier with its
    reject head (the same as the heads alone for a classifier without one), the analytic checks,
    and all checks (both)."""
    from .evaluation import evaluate_instruments

    checked = evaluate_instruments(classifier, size=size, seed=seed, prompts=prompts, keep=True)
    rates = {"real": checked["real"], **checked["broken"]}
    named = {kind: {_INSTRUMENT_NAMES[k]: v for k, v in r.items()} for kind, r in rates.items()}
    return {"rates": named, "clips": checked["clips"], "scores": checked["scores"]}


_ABBREVIATIONS = {"horizontally": "horiz.", "vertically": "vert.", "counter-clockwise": "ccw", "clockwise": "cw"}


def _reading(scores: dict, i: int, compact: bool = False) -> tuple[str, bool]:
    """What the attribute heads say about clip ``i``: ('as asked', True) or what they got wrong
    (``compact``: motion words abbreviated, one reading per line, for captions under small frames)."""
    p = scores["prompts"][i]
    wrong = []
    if not scores["shape_ok"][i]:
        wrong.append(SHAPES[scores["pred_shape"][i]])
    if not scores["colour_ok"][i]:
        wrong.append(COLOURS[scores["pred_colour"][i]] if p.colour else "no colour")
    if not scores["motion_ok"][i]:
        motion = short_prompt(f"circle {MOTIONS[scores['pred_motion'][i]]}").removeprefix("circle ")
        if compact:
            motion = " ".join(_ABBREVIATIONS.get(w, w) for w in motion.split())
        wrong.append(motion)
    return ("as asked" if not wrong else "reads " + ("\n" if compact else ", ").join(wrong)), not wrong


def plot_broken_gallery(clips: dict, scores: dict, rows: Sequence[int], frame: int | None = None):
    """One column per kind (real first), one row per chosen clip index: the middle frame, and under
    it what the classifier's attribute heads alone read (green: exactly the prompt)."""
    plt = _pyplot()
    kinds = list(clips)
    fig, axes = plt.subplots(len(rows), len(kinds), figsize=(1.05 * len(kinds), 1.45 * len(rows)), squeeze=False)
    for r, i in enumerate(rows):
        for c, kind in enumerate(kinds):
            axis = axes[r, c]
            clip = clips[kind][i]
            axis.imshow(clip[len(clip) // 2 if frame is None else frame], interpolation="nearest")
            axis.set_xticks([])
            axis.set_yticks([])
            text, ok = _reading(scores[kind], i, compact=True)
            axis.set_xlabel(text, fontsize=6.5, color="tab:green" if ok else "tab:red")
            if r == 0:
                axis.set_title(kind, fontsize=8)
        axes[r, 0].set_ylabel(short_prompt(scores["real"]["prompts"][i]), fontsize=7)
    fig.suptitle("broken drawings (test family) and what the attribute heads alone read", fontsize=9)
    fig.tight_layout()
    return fig


def plot_pass_rates(rates: dict, instruments: Sequence[str] = INSTRUMENTS, title: str = ""):
    """Grouped bars: the share of clips of each kind (real, then broken kinds) each instrument passes."""
    plt = _pyplot()
    kinds = list(rates)
    x = np.arange(len(kinds))
    width = 0.8 / len(instruments)
    fig, axis = plt.subplots(figsize=(max(6.0, 0.62 * len(kinds)), 2.9))
    for k, name in enumerate(instruments):
        axis.bar(x + (k - (len(instruments) - 1) / 2) * width, [100 * rates[kind][name] for kind in kinds], width,
                 label=name, color=INSTRUMENT_COLOURS.get(name))
    axis.set_xticks(x, kinds, rotation=30, ha="right", fontsize=8)
    axis.set(ylabel="passed (%)", ylim=(0, 125), yticks=[0, 25, 50, 75, 100])
    axis.axvline(0.5, color="grey", linewidth=0.8)
    axis.set_title(title or "real clips should pass (left); broken drawings should not", fontsize=9)
    axis.legend(fontsize=7, ncol=len(instruments), loc="upper right")
    fig.tight_layout()
    return fig


def frame_coverage(frame) -> torch.Tensor:
    """``(H, W)`` share of each pixel the frame's object covers, exactly as the analytic checks
    measure it (:func:`helpers.analytic.object_coverage`)."""
    from .analytic import object_coverage

    return object_coverage(np.asarray(frame)[None, None])[0, 0]


def ideal_outline(frame, shape: str, oversample: int = 8):
    """The best-fitting ideal ``shape`` for one frame, fitted by the outline check itself
    (:func:`helpers.outline.fit_outlines`): ``(xs, ys, coverage, error)``, the ideal's coverage on
    a grid ``oversample`` times finer than the pixels (its 0.5 contour is the ideal outline, in
    pixel coordinates) and the fit's outline error, 1 - soft IoU."""
    from .outline import fit_outlines, ideal_coverage, solid_coverage

    coverage = frame_coverage(frame)[None]
    fit = fit_outlines(coverage)
    s = SHAPES.index(shape)
    dx, dy, scale, angle = (float(v) for v in fit["params"][0, s])
    cx, cy = (float(v) for v in fit["centre"][0])
    h, w = coverage.shape[1:]
    xs = (torch.arange(w * oversample) + 0.5) / oversample
    ys = (torch.arange(h * oversample) + 0.5) / oversample
    u = (xs[None, :] - cx - dx).expand(len(ys), -1)[None, None]
    v = (ys[:, None] - cy - dy).expand(-1, len(xs))[None, None]
    one = torch.ones(1, 1, 1, 1)
    area = solid_coverage(coverage)[0].sum().clamp_min(1e-6)
    ideal = ideal_coverage(shape, u, v, area * one, scale * one, angle * one)[0, 0]
    return xs.numpy(), ys.numpy(), ideal.numpy(), float(fit["error"][0, s])


def plot_outline_fits(items: Sequence[tuple]):
    """One panel per ``(clip, shape, title)``: the clip's worst frame for the outline of ``shape``
    (as :func:`helpers.analytic.analyse_clips` measures it), with the best-fitting ideal ``shape``
    drawn over it (dashed) and its outline error against the threshold for the frame size."""
    from .analytic import analyse_clips
    from .outline import outline_threshold

    plt = _pyplot()
    fig, axes = plt.subplots(1, len(items), figsize=(2.3 * len(items), 2.7), squeeze=False)
    for axis, (clip, shape, title) in zip(axes[0], items):
        clip = np.asarray(clip)
        errors = analyse_clips(clip[None])[0].outline_error[:, SHAPES.index(shape)]
        t = int(np.argmax(errors))
        xs, ys, ideal, _ = ideal_outline(clip[t], shape)
        h, w = clip.shape[1:3]
        limit = outline_threshold(min(h, w))
        axis.imshow(clip[t], extent=(0, w, h, 0), interpolation="nearest")
        axis.contour(xs, ys, ideal, levels=[0.5], colors="black", linestyles="--", linewidths=1.2)
        rows, cols = np.nonzero(frame_coverage(clip[t]).numpy() > 0.05)
        if len(rows):  # zoom in on the drawing: a square around it, 4 px of margin
            half = max(np.ptp(rows), np.ptp(cols)) / 2 + 4
            mid_y, mid_x = (rows.min() + rows.max() + 1) / 2, (cols.min() + cols.max() + 1) / 2
            axis.set_xlim(mid_x - half, mid_x + half)
            axis.set_ylim(mid_y + half, mid_y - half)
        ok = errors[t] <= limit
        axis.set_title(f"{title}\nframe {t + 1}: error {errors[t]:.2f} ({'≤' if ok else '>'} {limit:.2f})",
                       fontsize=8, color="tab:green" if ok else "tab:red")
        axis.set_xticks([])
        axis.set_yticks([])
    fig.tight_layout()
    return fig


def plot_instrument_check(results: dict):
    """Two panels from :func:`helpers.evaluation.run_evaluation`'s results: the classifier on fresh
    real clips and on the same clips with shuffled frames (the control), and the share of real
    clips and of broken drawings (test family, all kinds) each instrument passes."""
    plt = _pyplot()
    real = results["classifier_on_real"]
    keys = ["shape", "colour", "motion", "all_correct"]
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 2.9))
    x = np.arange(len(keys))
    axes[0].bar(x - 0.2, [100 * real["accuracy"][k] for k in keys], 0.4, label="fresh real clips")
    axes[0].bar(x + 0.2, [100 * real["shuffled_frames"][k] for k in keys], 0.4, label="frames shuffled", color="grey")
    axes[0].axhline(100 * real["required"], color="tab:red", linestyle="--", linewidth=1, label="required")
    axes[0].set_xticks(x, keys)
    axes[0].set(ylabel="classifier accuracy (%)", ylim=(0, 130), yticks=[0, 25, 50, 75, 100],
                title=f"the classifier on {real['n']} real clips")
    axes[0].legend(fontsize=7, loc="upper center", ncol=3)
    checked = results.get("instruments")
    if checked:
        names = ["classifier", "analytic", "all_checks"]
        x = np.arange(len(names))
        axes[1].bar(x - 0.2, [100 * checked["real"][k] for k in names], 0.4, label="real clips", color="tab:green")
        axes[1].bar(x + 0.2, [100 * checked["broken_overall"][k] for k in names], 0.4,
                    label=f"broken ({len(checked['broken'])} kinds)", color="tab:red")
        axes[1].set_xticks(x, [n.replace("_", " ") for n in names])
        axes[1].set(ylabel="passed (%)", ylim=(0, 130), yticks=[0, 25, 50, 75, 100],
                    title=f"{checked['n_per_kind']} clips per kind")
        axes[1].legend(fontsize=7, loc="upper center", ncol=2)
    for axis in axes:
        axis.title.set_fontsize(9)
    fig.tight_layout()
    return fig


def plot_per_motion(per_motion: dict, title: str = ""):
    """Grouped bars per motion (worst all-checks first): the classifier (with its reject head), the
    analytic checks and all checks, from a set's ``per_motion`` entry of the evaluation results."""
    plt = _pyplot()
    motions = sorted(per_motion, key=lambda m: (per_motion[m]["all_checks"], m))
    keys = [("classifier", "classifier"), ("analytic", "analytic"), ("all_checks", "all checks")]
    x = np.arange(len(motions))
    fig, axis = plt.subplots(figsize=(10, 3.2))
    for k, (key, label) in enumerate(keys):
        axis.bar(x + (k - 1) * 0.27, [100 * per_motion[m][key] for m in motions], 0.27, label=label,
                 color=INSTRUMENT_COLOURS[label])
    axis.set_xticks(x, [m.replace("moving ", "") for m in motions], rotation=40, ha="right", fontsize=8)
    axis.set(ylabel="passed (%)", ylim=(0, 125), yticks=[0, 25, 50, 75, 100])
    axis.set_title(title or "per motion: where the instruments disagree", fontsize=9)
    axis.legend(fontsize=7, ncol=3, loc="upper left")
    fig.tight_layout()
    return fig


def plot_diversity(diversity: dict, collapse: float | None = None, title: str = ""):
    """Every prompt's pixel diversity as a share of real clips' (sorted bars, red when collapsed),
    with the collapse line and the real level (1), from a set's ``diversity`` entry."""
    from .diversity import COLLAPSE_RATIO

    plt = _pyplot()
    collapse = COLLAPSE_RATIO if collapse is None else collapse
    items = sorted(diversity["per_prompt"].items(), key=lambda kv: kv[1]["pixel_ratio"])
    ratios = np.array([v["pixel_ratio"] for _, v in items])
    fig, axis = plt.subplots(figsize=(9, 2.8))
    axis.bar(np.arange(len(ratios)), ratios, width=1.0, color=np.where(ratios < collapse, "tab:red", "tab:blue"))
    axis.axhline(collapse, color="tab:red", linestyle="--", linewidth=1, label=f"collapsed below {collapse:.2f}")
    axis.axhline(1.0, color="grey", linestyle=":", linewidth=1, label="as varied as real clips")
    axis.set(xlabel="prompts, sorted", ylabel="pixel diversity / real", xlim=(-0.5, len(ratios) - 0.5))
    n = int((ratios < collapse).sum())
    axis.set_title(title or f"how much the noise changes the clips: {n} of {len(ratios)} prompts collapsed", fontsize=9)
    axis.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    return fig


def clips_of_prompt(detail: dict, text: str, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``k`` generated clips of prompt ``text`` in one set of the evaluation's
    ``details`` (different seeds), and the real clips rendered for the same positions."""
    index = [i for i, p in enumerate(detail["scores"]["prompts"]) if p.text == text][:k]
    return detail["clips"][index], detail["real_clips"][index]


def plot_cas(columns: dict):
    """Classification accuracy score: all-correct accuracy on fresh real clips of a probe trained
    on each model's generated clips, beside one trained on real clips (same steps)."""
    plt = _pyplot()
    names = [n for n in ("ours", "blog") if columns.get(n) and columns[n].get("cas")]
    fig, axis = plt.subplots(figsize=(4.6, 2.8))
    x = np.arange(len(names))
    gen = [100 * columns[n]["cas"]["generated"]["all_correct"] for n in names]
    real = [100 * columns[n]["cas"]["real"]["all_correct"] for n in names]
    axis.bar(x - 0.2, gen, 0.4, label="trained on generated")
    axis.bar(x + 0.2, real, 0.4, label="trained on real", color="tab:green")
    axis.set_xticks(x, names)
    axis.set(ylabel="all correct on real (%)", ylim=(0, 105))
    steps = columns[names[0]]["cas"]["steps"] if names else "?"
    axis.set_title(f"CAS: probes of {steps} steps, tested on real clips", fontsize=9)
    axis.legend(fontsize=7)
    fig.tight_layout()
    return fig


CHECK_WORDS = {"one_object": "not one object", "in_frame": "leaves the frame", "colour": "colour", "size": "size",
               "outline": "outline", "motion": "motion"}


def failure_reason(scores: dict, i: int) -> str:
    """Which instruments reject clip ``i``: the attribute heads' wrong readings, the reject head,
    and the analytic checks that fail (``"outline, motion"``); ``"passes"`` when none."""
    reasons = []
    text, ok = _reading(scores, i)
    if not ok:
        reasons.append(text)
    if not scores["clean"][i]:
        reasons.append("reject head")
    reasons += [CHECK_WORDS.get(name, name) for name, value in scores["checks"][i].items()
                if name != "all" and value is False]
    return ", ".join(reasons) if reasons else "passes"


def worst_failures(scores: dict, k: int) -> list[int]:
    """Up to ``k`` clips that fail all checks, at most one per motion and per prompt: the failing
    clips with the largest outline error first (NaN last), so each motion's worst drawing shows."""
    fails = [int(i) for i in np.flatnonzero(~np.asarray(scores["all_checks"]))]
    error = np.nan_to_num(np.asarray(scores["outline_error"], dtype=float), nan=-1.0)
    chosen, motions = [], set()
    for i in sorted(fails, key=lambda j: (-error[j], j)):
        motion = scores["prompts"][i].motion
        if motion not in motions:
            chosen.append(i)
            motions.add(motion)
        if len(chosen) == k:
            break
    return chosen


def per_prompt_rate(scores: dict, key: str = "all_checks") -> dict[str, float]:
    """Share of each prompt's clips for which ``scores[key]`` is true, by prompt text."""
    texts = [p.text for p in scores["prompts"]]
    values = np.asarray(scores[key], dtype=float)
    return {t: float(values[[j for j, u in enumerate(texts) if u == t]].mean()) for t in dict.fromkeys(texts)}


def plot_per_prompt(rates: dict[str, float], reference: float | None = None, label: str = "", title: str = ""):
    """Horizontal bars, one per prompt (lowest first), with an optional reference line."""
    plt = _pyplot()
    items = sorted(rates.items(), key=lambda kv: kv[1])
    fig, axis = plt.subplots(figsize=(6.2, 0.26 * len(items) + 1.0))
    axis.barh(range(len(items)), [100 * v for _, v in items], color="tab:blue")
    axis.set_yticks(range(len(items)), [t for t, _ in items], fontsize=8)
    if reference is not None:
        axis.axvline(100 * reference, color="black", linestyle="--", linewidth=1, label=label)
        axis.legend(fontsize=7, loc="lower right")
    axis.set(xlabel="all checks (%)", xlim=(0, 100))
    axis.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def plot_headline(results: dict, sets: Sequence[str] = ("seen", "val", "colourless")):
    """All checks (the headline) per prompt set, for every column of the evaluation (ours, blog,
    real data), beside the classifier's three attribute heads alone: the gap is what they let through."""
    plt = _pyplot()
    columns = [(n, results["columns"][n]) for n in ("ours", "blog", "real") if results["columns"].get(n)]
    sets = [s for s in sets if s in columns[0][1]["sets"]]
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 2.8), sharey=True)
    x = np.arange(len(sets))
    width = 0.8 / len(columns)
    for axis, (key, label) in zip(axes, (("all_checks", "all checks"), ("all_correct", "attribute heads alone"))):
        for k, (name, column) in enumerate(columns):
            values = [100 * (column["sets"][s]["all_checks"] if key == "all_checks"
                             else column["sets"][s]["accuracy"]["all_correct"]) for s in sets]
            axis.bar(x + (k - (len(columns) - 1) / 2) * width, values, width, label=name)
        axis.set_xticks(x, sets)
        axis.set_title(label, fontsize=9)
    axes[0].set(ylabel="clips passed (%)", ylim=(0, 105))
    axes[1].legend(fontsize=7)
    fig.tight_layout()
    return fig


def documented_block(path, words: Sequence[str]) -> list[str]:
    """The lines of an evaluation table written by ``python -m helpers evaluate`` (e.g.
    ``docs/evaluation_shipped.txt``) for the prompt set whose title line contains one of ``words``:
    the title line, the column header above the first block and the indented rows under it."""
    from pathlib import Path

    lines = Path(path).read_text().splitlines()
    header = next((line for line in lines if line.strip() and line.startswith(" " * 20)), "")
    for start, line in enumerate(lines):
        if not line.startswith(" ") and any(w in line for w in words):
            rows = [line]
            for row in lines[start + 1:]:
                if not row.startswith("  "):
                    break
                rows.append(row)
            return ([header] if header else []) + rows
    return []


__all__ = ["WORD_GROUPS", "blurred", "broken_pass_rates", "clips_of_prompt", "documented_block", "failure_reason",
           "frame_coverage", "ideal_outline", "per_prompt_rate", "plot_broken_gallery", "plot_cas",
           "plot_colour_counts", "plot_diversity", "plot_headline", "plot_instrument_check", "plot_outline_fits",
           "plot_pass_rates", "plot_per_motion", "plot_per_prompt", "plot_prompt_pca", "plot_snap_swatches",
           "plot_split_grid", "plot_sprites_and_poses", "plot_start_positions", "plot_tracks", "plot_word_similarity",
           "prompt_pca",
           "role_cosines", "shape_colour", "share_explained_by", "short_prompt", "sprites_and_poses",
           "start_positions", "word_similarity", "worst_failures"]
