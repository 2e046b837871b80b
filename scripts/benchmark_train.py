"""Benchmark: training throughput of our model and of the blog's, measured in the same run.

    python scripts/benchmark_train.py [--preset cpu] [--steps 30] [--device auto] [--amp auto] [--threads N]
                                      [--compile inductor]

Times ``--steps`` training steps of our model with a preset's sizes (after as many warm-up steps)
and of the blog's re-implemented model at the same frame size and batch size (after 3), on the
same device, and prints seconds per step, clips per second and frames per second for each (the
blog trains on single frames, so one of its "clips" is one frame). The times come from the
training loops themselves: model building, sample grids and checkpoints are not counted; data
rendering on the fly is, for both. With ``--compile`` our model's step is also timed with both
networks compiled (``train --compile``), after its own warm-up, whose compilation is not counted.
"""

from __future__ import annotations

import argparse
import time

import torch

from helpers import runtime
from helpers.blog_model import train_blog_model
from helpers.train import AMP_MODES, COMPILE_MODES, preset_config, resolve_amp, time_steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="cpu", choices=("smoke", "cpu", "gpu"))
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--device", default=None, help="cuda, cpu, … (default: the best available)")
    parser.add_argument("--amp", default="auto", choices=AMP_MODES, help="mixed precision of our model")
    parser.add_argument("--compile", default="off", choices=COMPILE_MODES,
                        help="also time our step compiled with this torch.compile backend")
    parser.add_argument("--threads", type=int, default=None,
                        help="CPU threads (default: OMP_NUM_THREADS, else the physical cores)")
    args = parser.parse_args()

    threads = runtime.use_threads(args.threads)
    device = runtime.pick_device(args.device)
    config = preset_config(args.preset, smoke=False)
    size = runtime.WorldSize(config.model.frames, config.model.height, config.model.width)
    batch = config.batch_size
    gpu = torch.cuda.get_device_name(0) if device.type == "cuda" else "no GPU"
    dtype, _ = resolve_amp(args.amp, device)
    print(f"torch {torch.__version__}, {threads} threads, device {device} ({gpu}); "
          f"preset {args.preset}: {size.frames}x{size.height}x{size.width}, batch {batch}, "
          f"amp {args.amp} ({dtype or 'fp32'})")

    ours = time_steps(config, steps=args.steps, device=str(device), amp=args.amp)["sec_per_step"]
    compiled = None
    if args.compile != "off":
        compiled = time_steps(config, steps=args.steps, device=str(device), amp=args.amp,
                              compile_mode=args.compile)
    warmup = 3
    start = time.perf_counter()
    _, history = train_blog_model(steps=warmup + args.steps, size=size, batch_size=batch, device=device)
    blog = (history[-1]["seconds"] - history[warmup - 1]["seconds"]) / args.steps
    wall = time.perf_counter() - start

    clips_ours = batch / ours
    clips_blog = batch / blog
    print(f"ours: {ours:.3f} s/step, {clips_ours:,.1f} clips/s = {clips_ours * size.frames:,.0f} frames/s")
    if compiled is not None:
        print(f"ours, --compile {args.compile}: {compiled['sec_per_step']:.3f} s/step "
              f"(a speed-up of {ours / compiled['sec_per_step']:.2f}x; warm-up steps with the compilation: "
              f"{compiled['warmup_sec_per_step']:.1f} s each)")
    print(f"blog: {blog:.3f} s/step, {clips_blog:,.1f} single frames/s "
          f"(its 'clips' are independent frames; {wall:.1f} s for its whole call)")


if __name__ == "__main__":
    main()
