"""Generated clips next to real ones, same size, frames left to right: the picture to look at before any number.

    python scripts/sample_figure.py [--checkpoint PATH] [--split val] [--seeds 2] [--out docs/figures/FILE.png]

One row pair per prompt of the split (``val`` by default: never the test split for development
figures): a real clip of the prompt, then the model's clips for ``--seeds`` seeds, each row
labelled, at the clips' own size (64x64 for the shipped model; ``--scale`` enlarges both alike).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers.inference import load_model  # noqa: E402
from helpers.split import split_prompts  # noqa: E402
from helpers.train import _save_png, sample_grid  # noqa: E402
from helpers.world import render_prompts  # noqa: E402


def side_by_side(model, prompts: list[str], seeds: int, real_seed: int = 1234) -> tuple[np.ndarray, list[str]]:
    """Rows: for each prompt, one real clip then ``seeds`` generated ones; and their labels."""
    real = render_prompts(prompts, seed=real_seed, frames=model.frames, height=model.height, width=model.width)
    generated = [model.generate(prompts, seed=s) for s in range(seeds)]
    rows, labels = [], []
    for i, prompt in enumerate(prompts):
        rows.append(np.asarray(real[i]))
        labels.append(f"real: {prompt}")
        for s in range(seeds):
            rows.append(generated[s][i])
            labels.append(f"generated, seed {s}")
    return np.stack(rows), labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", default=None, help="default: the shipped model")
    parser.add_argument("--split", default="val", choices=("train", "val"), help="whose prompts (default val)")
    parser.add_argument("--prompts", nargs="*", default=None, help="instead of a split")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    model = load_model(args.checkpoint, device="cpu")
    prompts = args.prompts or [p.text for p in split_prompts(args.split)]
    clips, labels = side_by_side(model, prompts, args.seeds)
    _save_png(sample_grid(clips, labels, scale=args.scale), args.out)
    print(f"{model}: {len(prompts)} prompts x (1 real + {args.seeds} generated) -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
