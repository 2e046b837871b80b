"""Fréchet distance in the evaluation classifier's feature space (INTERFACE §6), with its real floor.

Each set of clips is summarised by the mean ``mu`` and covariance ``S`` of its classifier
features (:func:`helpers.classifier.features`, 64 numbers per clip), and

    FD = |mu_a - mu_b|² + Tr(S_a + S_b - 2 (S_a^½ S_b S_a^½)^½)

which is the Fréchet (2-Wasserstein) distance between two Gaussians, as in FID/FVD. The matrix
square roots are taken by symmetric eigendecomposition (``numpy.linalg.eigh``, negative
round-off eigenvalues clipped to zero), which is stable for the singular covariances of small
sets and needs no SciPy.

An FD is only meaningful beside its **floor**: the FD between two independent sets of *real*
clips of the same prompts and the same size ``N`` (:func:`real_vs_real_floor`). With few clips
the covariance estimates are noisy and even real-vs-real is far from zero; a generator is as good
as this metric can tell when its FD reaches the floor.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .prompts import Prompt, all_prompts, parse_prompt


def gaussian_stats(feats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean ``(D,)`` and covariance ``(D, D)`` (unbiased) of features ``(N, D)``, in float64."""
    feats = np.asarray(feats, dtype=np.float64)
    if feats.ndim != 2 or feats.shape[0] < 2:
        raise ValueError(f"features must be (N, D) with N >= 2, got shape {feats.shape}")
    if not np.all(np.isfinite(feats)):
        raise ValueError("features contain NaN or infinite values")
    return feats.mean(axis=0), np.cov(feats, rowvar=False).reshape(feats.shape[1], feats.shape[1])


def _sqrtm_psd(matrix: np.ndarray) -> np.ndarray:
    """Square root of a symmetric positive semi-definite matrix by eigendecomposition."""
    sym = (matrix + matrix.T) / 2
    values, vectors = np.linalg.eigh(sym)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def frechet_from_stats(mu_a: np.ndarray, cov_a: np.ndarray, mu_b: np.ndarray, cov_b: np.ndarray) -> float:
    """Fréchet distance between the Gaussians ``N(mu_a, cov_a)`` and ``N(mu_b, cov_b)``."""
    mu_a, mu_b = np.asarray(mu_a, np.float64), np.asarray(mu_b, np.float64)
    cov_a, cov_b = np.asarray(cov_a, np.float64), np.asarray(cov_b, np.float64)
    if mu_a.shape != mu_b.shape or cov_a.shape != cov_b.shape:
        raise ValueError(f"feature sizes differ: {mu_a.shape} vs {mu_b.shape}")
    root_a = _sqrtm_psd(cov_a)
    middle = root_a @ cov_b @ root_a
    # Tr((S_a^½ S_b S_a^½)^½) = sum of square roots of the eigenvalues of that PSD matrix.
    eigen = np.linalg.eigvalsh((middle + middle.T) / 2)
    trace_root = float(np.sqrt(np.clip(eigen, 0.0, None)).sum())
    diff = mu_a - mu_b
    value = float(diff @ diff + np.trace(cov_a) + np.trace(cov_b) - 2.0 * trace_root)
    return max(value, 0.0)


def frechet_distance(feats_a: np.ndarray, feats_b: np.ndarray) -> float:
    """Fréchet distance between two sets of feature vectors ``(N_a, D)`` and ``(N_b, D)``."""
    return frechet_from_stats(*gaussian_stats(feats_a), *gaussian_stats(feats_b))


def clip_frechet_distance(clips_a, clips_b, classifier=None) -> float:
    """Fréchet distance between two sets of clips in the classifier's feature space."""
    from .classifier import features

    return frechet_distance(features(clips_a, classifier), features(clips_b, classifier))


def _prompt_list(prompts: Sequence[str | Prompt] | None, n: int | None) -> list[Prompt]:
    base = [parse_prompt(p) for p in prompts] if prompts is not None else all_prompts(with_colour=True)
    if not base:
        raise ValueError("no prompts given")
    if n is None:
        return base
    if n < 2:
        raise ValueError(f"a Fréchet distance needs at least 2 clips per set, got n={n}")
    return [base[i % len(base)] for i in range(n)]


def real_vs_real_floor(
    prompts: Sequence[str | Prompt] | None = None,
    n: int | None = None,
    seed: int = 0,
    classifier=None,
    frames: int = 10,
    height: int = 64,
    width: int = 64,
    repeats: int = 1,
) -> dict:
    """FD between two independent real sets of the same prompts and size N: the metric's floor.

    ``prompts`` defaults to all 192 full-form prompts; ``n`` (default: one clip per prompt)
    cycles through them. Pass exactly the prompt list a generator was evaluated on (e.g. every
    seen prompt times the number of seeds) so that the floor has the same N and the same mix.
    Each repeat renders two fresh sets (seeds ``seed + 2r`` and ``seed + 2r + 1``).

    Returns ``{"fd": mean over repeats, "values": [...], "n": N}``.
    """
    from .classifier import features
    from .world import render_prompts

    chosen = _prompt_list(prompts, n)
    if len(chosen) < 2:
        raise ValueError("a Fréchet distance needs at least 2 clips per set")
    values = []
    for r in range(repeats):
        sets = [render_prompts(chosen, seed=seed + 2 * r + k, frames=frames, height=height, width=width)
                for k in (0, 1)]
        values.append(frechet_distance(features(sets[0], classifier), features(sets[1], classifier)))
    return {"fd": float(np.mean(values)), "values": [float(v) for v in values], "n": len(chosen)}


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.frechet floor``: print real-vs-real floors of the shipped classifier."""
    import argparse
    import sys

    import torch

    from .split import SPLITS, split_prompts

    parser = argparse.ArgumentParser(prog="python -m helpers.frechet",
                                     description="Real-vs-real Fréchet distance floors (INTERFACE §6).")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("floor", help="FD between two independent real sets of the same prompts")
    p.add_argument("--split", choices=SPLITS, default="all", help="which prompts (default: all 192)")
    p.add_argument("--per-prompt", type=int, nargs="+", default=[1, 4],
                   help="clips per prompt in each set; several values give several rows (default: 1 4)")
    p.add_argument("--size", type=int, default=64, help="frame height and width (default 64)")
    p.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    p.add_argument("--repeats", type=int, default=3, help="independent pairs of sets per row (default 3)")
    p.add_argument("--threads", type=int, default=1, help="CPU threads (default 1)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    prompts = split_prompts(args.split)
    for k in args.per_prompt:
        if k < 1:
            print(f"error: --per-prompt must be at least 1, got {k}", file=sys.stderr)
            return 2
        floor = real_vs_real_floor(prompts * k, seed=args.seed, height=args.size, width=args.size,
                                   repeats=args.repeats)
        values = ", ".join(f"{v:.3f}" for v in floor["values"])
        print(f"{args.split:8s} {args.size}x{args.size}  N={floor['n']:5d}  "
              f"floor FD {floor['fd']:.3f}  (repeats: {values})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
