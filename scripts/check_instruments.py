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

import torch

from helpers.evaluation import evaluate_instruments

COLUMNS = (("attribute heads only", "attributes"), ("classifier + reject", "classifier"), ("analytic", "analytic"),
           ("ALL CHECKS", "all_checks"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--step", type=int, default=1, help="every how-many-th of the 192 prompts (default 1)")
    parser.add_argument("--seed", type=int, default=3030, help="seed of the real clips (kind i: seed + 1 + i)")
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    for size in (32, 64):
        checked = evaluate_instruments(size=(10, size, size), prompts_step=args.step, seed=args.seed)
        print(f"{size}x{size}, {checked['n_per_kind']} clips per row; share of clips passed")
        print(f"  {'clips':12s}" + "".join(f"{name:>22s}" for name, _ in COLUMNS))
        rows = {"real": checked["real"], **checked["broken"], "broken, mean": checked["broken_overall"]}
        for name, rates in rows.items():
            print(f"  {name:12s}" + "".join(f"{100 * rates[key]:21.1f}%" for _, key in COLUMNS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
