"""The instruments on real clips and on broken drawings of the test family, at 32 and 64 px.

Prints, per frame size, the share of clips each instrument passes: the classifier's three
attribute heads alone (what the course's classifier was before it had a reject head), the
classifier with its reject head, the analytic checks, and all checks (the headline). Real clips
should pass; broken drawings should not. The broken drawings are the *test* family of
:mod:`helpers.broken`: other parameters and three other kinds than the reject head was trained
on and the outline thresholds were set against.

    python scripts/check_instruments.py [--step 1] [--seed 3030]
"""

from __future__ import annotations

import argparse

import numpy as np
import torch

from helpers.broken import TEST_KINDS, render_broken
from helpers.evaluation import score_clips
from helpers.prompts import all_prompts
from helpers.world import render_prompts

COLUMNS = (("attribute heads only", "all_ok"), ("classifier + reject", "classifier_ok"),
           ("analytic", "analytic_ok"), ("ALL CHECKS", "all_checks"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=1, help="every how-many-th of the 192 prompts (default 1)")
    parser.add_argument("--seed", type=int, default=3030)
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    prompts = all_prompts(with_colour=True)[:: args.step]
    for size in (32, 64):
        print(f"{size}x{size}, {len(prompts)} clips per row; share of clips passed")
        print(f"  {'clips':12s}" + "".join(f"{name:>22s}" for name, _ in COLUMNS))
        rows = {"real": render_prompts(prompts, seed=args.seed, height=size, width=size).numpy()}
        for i, kind in enumerate(TEST_KINDS):
            rows[kind] = render_broken(prompts, kind, "test", args.seed + 1 + i, height=size, width=size)
        broken_rates = []
        for name, clips in rows.items():
            scores = score_clips(clips, prompts)
            rates = [float(np.mean(scores[key])) for _, key in COLUMNS]
            if name != "real":
                broken_rates.append(rates)
            print(f"  {name:12s}" + "".join(f"{100 * r:21.1f}%" for r in rates))
        mean = np.mean(broken_rates, axis=0)
        print(f"  {'broken, mean':12s}" + "".join(f"{100 * r:21.1f}%" for r in mean))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
