"""Where the outline check's thresholds come from: real clips vs broken drawings, per frame size.

For 32x32 and 64x64 frames, every clip's *outline error* (the worst frame's 1 - soft IoU of the
prompted shape's best ideal fit, :mod:`helpers.outline`) is measured on fresh real clips and on
the training family of broken drawings (:mod:`helpers.broken`) whose object is one piece (the
kinds the outline check is there for). The rule, printed with the figures:

    threshold = sqrt(real clips' 99.9th percentile x the broken drawings' lowest 1st percentile)

(over the kinds), the point equally far, as a ratio, from the worst real clips and the best broken
drawings: real clips keep a margin for a generator's softer edges, broken ones one for subtler
breaks than these. It is rounded to two decimals; the script reports the share of real clips
under it (must be >= 99.9 %) and each kind's pass rate. Broken drawings of
the *test* family are not used here: they measure the chosen threshold afterwards.

    python scripts/outline_thresholds.py [--n-per-prompt 2] [--figure docs/figures/outline_thresholds.png]
"""

from __future__ import annotations

import argparse

import numpy as np
import torch

from helpers.analytic import analyse_clips
from helpers.broken import render_broken
from helpers.outline import OUTLINE_THRESHOLDS
from helpers.prompts import SHAPES, all_prompts
from helpers.world import render_prompts

OUTLINE_KINDS = ("half", "star", "stretched", "blob", "ring")


def clip_errors(clips, prompts) -> np.ndarray:
    """Per clip, the worst frame's outline error of the prompted shape."""
    analyses = analyse_clips(clips)
    return np.array([a.outline_error[:, SHAPES.index(p.shape)].max() for a, p in zip(analyses, prompts)])


def measure(size: int, n_per_prompt: int, seed: int = 500) -> dict[str, np.ndarray]:
    prompts = all_prompts(with_colour=True) * n_per_prompt
    out = {"real": clip_errors(render_prompts(prompts, seed=seed, height=size, width=size).numpy(), prompts)}
    for i, kind in enumerate(OUTLINE_KINDS):
        clips = render_broken(prompts, kind, "train", seed=seed + 1 + i, height=size, width=size)
        out[kind] = clip_errors(clips, prompts)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-per-prompt", type=int, default=2, help="clips per each of the 192 prompts (default 2)")
    parser.add_argument("--figure", default=None, help="also draw the distributions into this PNG")
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    results = {}
    for size in (32, 64):
        errors = measure(size, args.n_per_prompt)
        results[size] = errors
        real = errors["real"]
        broken_low = min(float(np.quantile(errors[k], 0.01)) for k in OUTLINE_KINDS)
        rule = float(np.sqrt(np.quantile(real, 0.999) * broken_low))
        shipped = OUTLINE_THRESHOLDS[size]
        print(f"{size}x{size}: real clips {len(real)}: median {np.median(real):.4f}, 99.9th pct "
              f"{np.quantile(real, 0.999):.4f}, max {real.max():.4f}")
        for kind in OUTLINE_KINDS:
            e = errors[kind]
            print(f"  {kind:10s} 1st pct {np.quantile(e, 0.01):.3f}  median {np.median(e):.3f}  "
                  f"pass at {shipped:.2f}: {100 * np.mean(e <= shipped):.1f} %")
        print(f"  rule sqrt(real 99.9th pct x broken 1st pct {broken_low:.3f}) = {rule:.3f}; in use: {shipped:.2f}; "
              f"real clips under it: {100 * np.mean(real <= shipped):.2f} %")
    if args.figure:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
        bins = np.linspace(0, 0.8, 81)
        for ax, size in zip(axes, (32, 64)):
            errors = results[size]
            ax.hist(errors["real"], bins=bins, color="black", alpha=0.8, label="real clips")
            for kind in OUTLINE_KINDS:
                ax.hist(errors[kind], bins=bins, histtype="step", linewidth=1.5, label=f"broken: {kind}")
            ax.axvline(OUTLINE_THRESHOLDS[size], color="red", linestyle="--", label="threshold")
            ax.set_yscale("log")
            ax.set_title(f"{size}x{size} frames")
            ax.set_xlabel("outline error of the prompted shape (worst frame)")
        axes[0].set_ylabel("clips")
        axes[1].legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(args.figure, dpi=110)
        print(f"figure written to {args.figure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
