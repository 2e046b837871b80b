"""Benchmark: generation speed of a trained model, per clip and end to end.

    python scripts/benchmark_generate.py [--checkpoint PATH] [--device cpu] [--repeats 5]

Prints milliseconds per clip for several batch sizes (median of ``--repeats`` warm runs), and the
wall time of ``python -m helpers demo`` from a fresh process (start-up, model load, generation and
writing the AVI included).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

import torch

from helpers import load_model
from helpers.split import split_prompts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", default=None)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    model = load_model(args.checkpoint, device=args.device)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, device {args.device}, model {model}")
    prompts = [p.text for p in split_prompts("all")]
    for batch in (1, 16, 64, 192):
        batch_prompts = (prompts * (batch // len(prompts) + 1))[:batch]
        model.generate(batch_prompts, seed=0)  # warm-up
        times = []
        for repeat in range(args.repeats):
            start = time.perf_counter()
            model.generate(batch_prompts, seed=repeat)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"batch {batch:>3}: {1000 * median / batch:7.2f} ms per clip ({1000 * median:.0f} ms per batch)")

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "helpers", "demo", "--out", f"{folder}/demo.avi"],
                                capture_output=True, text=True)
        seconds = time.perf_counter() - start
    status = "ok" if result.returncode == 0 else f"failed: {result.stderr.strip()}"
    print(f"`python -m helpers demo` end to end: {seconds:.1f} s ({status})")


if __name__ == "__main__":
    main()
