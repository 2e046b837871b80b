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
        [--checkpoint PATH --strip docs/figures/outline_generated_strip.png]

It also prints how a looser line would trade off at each size: for thresholds from the one in
use up to 0.13, the share of the *test* family's notched shapes and blobs (the subtlest breaks)
whose outline error falls under it, and, with ``--checkpoint``, the share of the generator's.

With ``--checkpoint``, a generator's clips of the seen prompts (two seeds each) are measured too
and drawn in the figure at their own frame size (they play no part in the rule), and ``--strip``
writes a picture of 24 of its clips ordered by outline error, with the threshold marked, so a
reader can judge by eye where the line falls.
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


def prompts_for(n_per_prompt: int) -> list:
    return all_prompts(with_colour=True) * n_per_prompt


def measure(size: int, n_per_prompt: int, seed: int = 500) -> dict[str, np.ndarray]:
    prompts = prompts_for(n_per_prompt)
    out = {"real": clip_errors(render_prompts(prompts, seed=seed, height=size, width=size).numpy(), prompts)}
    for i, kind in enumerate(OUTLINE_KINDS):
        clips = render_broken(prompts, kind, "train", seed=seed + 1 + i, height=size, width=size)
        out[kind] = clip_errors(clips, prompts)
    return out


def _strip(generated: dict, threshold: float, path: str) -> None:
    """24 generated clips at evenly spaced ranks of outline error: frames 0, 4 and 9, 4x enlarged."""
    from PIL import Image, ImageDraw

    errors, clips, prompts = generated["errors"], generated["clips"], generated["prompts"]
    order = np.argsort(errors)
    picks = order[np.linspace(0, len(order) - 1, 24).astype(int)]
    tiles = []
    for i in picks:
        frames = np.concatenate([clips[i, t] for t in (0, 4, 9)], axis=1)
        image = Image.fromarray(frames).resize((frames.shape[1] * 4, frames.shape[0] * 4), Image.NEAREST)
        tile = Image.new("RGB", (image.width, image.height + 14), "white")
        tile.paste(image, (0, 14))
        verdict = "passes" if errors[i] <= threshold else "fails"
        ImageDraw.Draw(tile).text((2, 1), f"{errors[i]:.3f} {verdict}: {prompts[i].text}", fill="black")
        tiles.append(np.asarray(tile))
    rows = [np.concatenate(tiles[k:k + 4], axis=1) for k in range(0, 24, 4)]
    Image.fromarray(np.concatenate(rows, axis=0)).save(path)
    print(f"strip written to {path} (threshold {threshold:.2f}; frames 0, 4, 9 of each clip, 4x)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-per-prompt", type=int, default=2, help="clips per each of the 192 prompts (default 2)")
    parser.add_argument("--figure", default=None, help="also draw the distributions into this PNG")
    parser.add_argument("--checkpoint", default=None, help="also measure this generator (default: none)")
    parser.add_argument("--strip", default=None, help="with --checkpoint: a PNG of its clips ordered by outline error")
    args = parser.parse_args(argv)
    generated = None
    if args.checkpoint:
        from helpers.inference import load_model
        from helpers.split import split_prompts

        model = load_model(None if args.checkpoint == "shipped" else args.checkpoint)
        prompts = split_prompts("train")
        clips = np.concatenate([model.generate(prompts, seed=s) for s in (0, 1)])
        generated = {"size": model.height, "errors": clip_errors(clips, prompts * 2), "clips": clips,
                     "prompts": prompts * 2}
        g = generated["errors"]
        t = OUTLINE_THRESHOLDS[model.height] if model.height in OUTLINE_THRESHOLDS else float("nan")
        print(f"generator {args.checkpoint} ({model.height}x{model.width}, {len(g)} clips of seen prompts): median "
              f"{np.median(g):.4f}, quartiles {np.quantile(g, 0.25):.4f} / {np.quantile(g, 0.75):.4f}; "
              f"under the threshold: {100 * np.mean(g <= t):.1f} %")
        if args.strip:
            _strip(generated, t, args.strip)
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
        subtle = {kind: clip_errors(render_broken(prompts_for(args.n_per_prompt), kind, "test", seed=900 + i,
                                                  height=size, width=size), prompts_for(args.n_per_prompt))
                  for i, kind in enumerate(("notch", "blob"))}
        for line in (shipped, 0.10, 0.13):
            cells = [f"{kind} (test family) {100 * np.mean(e <= line):.1f} %" for kind, e in subtle.items()]
            if generated is not None and generated["size"] == size:
                cells.append(f"generator {100 * np.mean(generated['errors'] <= line):.1f} %")
            print(f"  outline error under {line:.2f}: " + ", ".join(cells))
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
            if generated is not None and generated["size"] == size:
                ax.hist(generated["errors"], bins=bins, histtype="step", color="grey", linestyle=":",
                        linewidth=2, label=f"generated ({args.checkpoint})")
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
