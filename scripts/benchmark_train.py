"""Benchmark: training throughput of our model and of the blog's, measured in the same run.

    python scripts/benchmark_train.py [--preset cpu] [--steps 30] [--device auto]

Times ``--steps`` training steps (after 3 warm-up steps) of our model with a preset's sizes and of
the blog's re-implemented model at the same frame size and batch size, on the same device, and
prints clips per second and frames per second for each (the blog trains on single frames, so one
of its "clips" is one frame). Data rendering on the fly is included for both.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace

import torch

from helpers import runtime
from helpers.blog_model import train_blog_model
from helpers.train import preset_config, train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="cpu", choices=("smoke", "cpu", "gpu"))
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--device", default=None, help="cuda, cpu, … (default: the best available)")
    args = parser.parse_args()

    device = runtime.pick_device(args.device)
    config = preset_config(args.preset, smoke=False)
    config = replace(config, sample_every=10**9, checkpoint_every=10**9, log_every=10**9)
    size = runtime.WorldSize(config.model.frames, config.model.height, config.model.width)
    batch = config.batch_size
    gpu = torch.cuda.get_device_name(0) if device.type == "cuda" else "no GPU"
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, device {device} ({gpu}); "
          f"preset {args.preset}: {size.frames}x{size.height}x{size.width}, batch {batch}")

    with tempfile.TemporaryDirectory() as folder:
        train(replace(config, steps=3), out_dir=folder, device=str(device), progress=False)
        start = time.perf_counter()
        train(config, out_dir=folder, resume=True, steps=3 + args.steps, device=str(device), progress=False)
        ours = time.perf_counter() - start
    train_blog_model(steps=3, size=size, batch_size=batch, device=device)
    start = time.perf_counter()
    train_blog_model(steps=args.steps, size=size, batch_size=batch, device=device)
    blog = time.perf_counter() - start

    clips_ours = args.steps * batch / ours
    clips_blog = args.steps * batch / blog
    print(f"ours: {ours / args.steps:.3f} s/step, {clips_ours:,.1f} clips/s = {clips_ours * size.frames:,.0f} frames/s")
    print(f"blog: {blog / args.steps:.3f} s/step, {clips_blog:,.1f} single frames/s "
          "(its 'clips' are independent frames)")


if __name__ == "__main__":
    main()
