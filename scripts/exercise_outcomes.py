"""The measured outcomes of the "change the model" exercises (03.4, 04.4, 05.4), as their checks measure them.

    OMP_NUM_THREADS=1 python scripts/exercise_outcomes.py [--steps 300] [--seed 0]

Trains the recipe of ``helpers.experiments.train_variant`` as it is and with each exercise's
change, for the same steps, and prints what each exercise's check measures for both runs and the
direction (lower / same / higher, :func:`helpers.experiments.direction`). The worked solutions
quote these figures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import experiments  # noqa: E402

EXERCISES = {
    "03.4": ({"freeze_embedding": True}, experiments.colour_following, "clips in the prompt's colour"),
    "04.4": ({"aux_weight": 0.0, "aux_weight_g": 0.0}, experiments.colour_following, "clips in the prompt's colour"),
    "05.4": ({"mismatch_weight": 0.0}, experiments.critic_prompt_gap, "critic's right-minus-wrong prompt gap"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", default=None, help="exercise numbers (default: all)")
    args = parser.parse_args(argv)
    baseline = experiments.train_variant(args.steps, seed=args.seed)
    print(f"baseline: {args.steps} steps in {baseline.seconds:.0f} s", flush=True)
    for name, (changes, measure, what) in EXERCISES.items():
        if args.only and name not in args.only:
            continue
        changed = experiments.train_variant(args.steps, seed=args.seed, **changes)
        before, after = measure(baseline.checkpoint), measure(changed.checkpoint)
        print(f"{name} {changes}: {what} {before:.3f} as it is, {after:.3f} changed -> "
              f"{experiments.direction(before, after)} ({changed.seconds:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
