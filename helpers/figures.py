"""Figures of the trained model that notebooks 03–06 draw, kept here so the notebooks stay short.

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
        return generator.sprite(text, content)[:, 0].cpu().numpy(), generator.poses(motion).cpu().numpy()


def plot_sprites_and_poses(model, prompts: Sequence[str], seed: int = 0):
    """One panel per prompt's sprite, and one with the sprite centres' paths (a ring marks frame 1)."""
    plt = _pyplot()
    sprites, poses = sprites_and_poses(model, prompts, seed)
    fig, axes = plt.subplots(1, len(prompts) + 1, figsize=(2.6 * (len(prompts) + 1) + 1.2, 2.8))
    for axis, sprite, text in zip(axes, sprites, prompts):
        axis.imshow(sprite, cmap="gray_r", vmin=0, vmax=1)
        axis.set_title(f"sprite for\n'{text}'", fontsize=8)
        axis.axis("off")
    path_axis = axes[-1]
    for index, (pose, text) in enumerate(zip(poses, prompts)):
        colour = f"C{index}"
        path_axis.plot(pose[:, 0], -pose[:, 1], marker="o", markersize=3, color=colour,
                       label=parse_prompt(text).motion)
        path_axis.scatter(pose[0, 0], -pose[0, 1], s=80, facecolors="none", edgecolors=colour, linewidths=1.5)
    path_axis.scatter([], [], s=80, facecolors="none", edgecolors="black", label="frame 1 (start)")
    path_axis.set(xlim=(-1, 1), ylim=(-1, 1), aspect="equal")
    path_axis.set_title("sprite centre, frames 1–10\n(frame coordinates, up is up)", fontsize=8)
    path_axis.legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.02, 1.0))  # outside: never hides a path
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Notebook 05: what the snap term compares


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
    """``(N, 2)`` centre (x, y) of the shape in each clip's first frame, in pixels."""
    from .generation import centroid_track

    return np.array([centroid_track(clip)[0] for clip in np.asarray(clips)])


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


__all__ = ["WORD_GROUPS", "plot_colour_counts", "plot_prompt_pca", "plot_snap_swatches", "plot_split_grid",
           "plot_sprites_and_poses", "plot_start_positions", "plot_word_similarity", "prompt_pca", "role_cosines",
           "shape_colour", "share_explained_by", "sprites_and_poses", "start_positions", "word_similarity"]
