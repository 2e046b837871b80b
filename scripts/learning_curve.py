"""Quality against training steps: score the checkpoints a run kept, on the validation split.

    python scripts/learning_curve.py runs/cpu64_s0 [runs/cpu64_s1 ...] [--seeds 16] [--json FILE] [--figure FILE]
    python scripts/learning_curve.py --replot A.json [B.json ...] --figure FILE   # one figure from saved curves

Every ``ckpt_<step>.pt`` in each run folder (kept copies of ``checkpoint.pt``; train with
``--keep-every N`` to keep them) and the folder's ``checkpoint.pt`` are scored on the 12
validation prompts with the all-checks evaluation of ``python -m helpers evaluate`` (no CAS, no
instrument check: those do not change with the step). Prints one row per checkpoint: step,
all checks, the analytic outline and motion checks, outline error (median), one object,
collapsed prompts, diversity ratio to real, and all checks per motion family (straight lines,
shrink/expand, rotating, bouncing, zigzagging: the families a model learns at different speeds).
These curves are what the presets' step counts are chosen from (never the test split).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers.classifier import load_classifier  # noqa: E402
from helpers.evaluation import RealReference, evaluate_model, prompt_sets  # noqa: E402
from helpers.inference import load_model  # noqa: E402
from helpers.train import run_checkpoints  # noqa: E402
from helpers.world import MOTION_KINDS  # noqa: E402

FAMILY_COLUMNS = {"straight": "straight", "scale": "scale", "orbit": "rotate", "bounce": "bounce",
                  "zigzag": "zigzag"}


def family_scores(per_motion: dict) -> dict:
    """All checks per motion family, weighted by clips: ``{family: share}`` of the families present."""
    totals: dict[str, list[float]] = {}
    for motion, row in per_motion.items():
        total = totals.setdefault(MOTION_KINDS[motion].family, [0.0, 0.0])
        total[0] += row["all_checks"] * row["n"]
        total[1] += row["n"]
    return {family: hit / n for family, (hit, n) in totals.items() if n}


def score(model, classifier, reference, seeds: int) -> dict:
    result = evaluate_model(model, prompt_sets(names=["val"]), seeds_per_prompt=seeds, classifier=classifier,
                            reference=reference, cas_steps=0)
    val = result["sets"]["val"]
    return {"step": model.step, "all_checks": val["all_checks"], "outline_error_median": val["outline_error_median"],
            "one_object": val["analytic"]["one_object"], "collapsed": val["diversity"]["collapsed"],
            "prompts": val["prompts"], "diversity_ratio": val["diversity"]["median_pixel_ratio"],
            "motion": val["analytic"]["motion"], "outline": val["analytic"]["outline"],
            "families": family_scores(val["per_motion"])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="*", type=Path)
    parser.add_argument("--replot", nargs="+", type=Path, default=None, metavar="JSON",
                        help="draw --figure from curves saved with --json instead of scoring runs")
    parser.add_argument("--seeds", type=int, default=16, help="seeds per validation prompt (default 16)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--figure", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.replot:
        if not args.figure:
            parser.error("--replot draws a figure: give --figure FILE")
        saved = [json.loads(path.read_text()) for path in args.replot]
        curves = {run: rows for data in saved for run, rows in data["curves"].items()}
        plot(curves, saved[0]["seeds_per_prompt"], args.figure)
        return 0
    if not args.runs:
        parser.error("name run folders to score, or --replot saved curves")
    classifier = load_classifier(device="cpu")
    reference = RealReference(classifier)
    curves: dict[str, list[dict]] = {}
    print(f"{'run':<24}{'step':>7}{'all checks':>12}{'outline ok':>11}{'motion ok':>10}{'outline err':>12}"
          f"{'one obj':>9}{'collapsed':>11}{'diversity':>11}"
          + "".join(f"{name:>9}" for name in FAMILY_COLUMNS.values()))
    for run in args.runs:
        rows = curves.setdefault(str(run), [])
        seen_steps = set()
        for path in run_checkpoints(run):
            model = load_model(path, device="cpu")
            if model.step in seen_steps:  # checkpoint.pt is also the last kept copy
                continue
            seen_steps.add(model.step)
            row = score(model, classifier, reference, args.seeds)
            rows.append(row)
            print(f"{run.name:<24}{row['step']:>7}{row['all_checks']:>11.1%}{row['outline']:>10.1%}{row['motion']:>10.1%}"
                  f"{row['outline_error_median']:>12.3f}"
                  f"{row['one_object']:>8.1%}{row['collapsed']:>6}/{row['prompts']:<4}{row['diversity_ratio']:>10.2f}"
                  + "".join(f"{row['families'][f]:>9.0%}" if f in row["families"] else f"{'-':>9}"
                            for f in FAMILY_COLUMNS), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"seeds_per_prompt": args.seeds, "set": "val", "curves": curves}, indent=1)
                             + "\n")
    if args.figure:
        plot(curves, args.seeds, args.figure)
    return 0


def plot(curves: dict, seeds: int, figure: Path) -> None:
    """Validation all checks against steps, one line per run, saved to ``figure``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5))
    for run, rows in curves.items():
        ax.plot([r["step"] for r in rows], [100 * r["all_checks"] for r in rows], marker="o", label=Path(run).name)
    ax.set(xlabel="training step", ylabel="val: all checks (%)", ylim=(0, 100),
           title=f"validation prompts, {seeds} seeds each")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(figure, dpi=110)


if __name__ == "__main__":
    raise SystemExit(main())
