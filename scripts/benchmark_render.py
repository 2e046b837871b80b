"""Benchmark: our vectorised renderer vs the blog's per-frame PIL + PNG files.

    python scripts/benchmark_render.py [--clips 10000] [--blog-videos 300] [--device cpu]

Renders ``--clips`` clips of 64x64x10 in memory (first run, then the median of three warm runs)
and times the blog's approach (one PIL image and one PNG file per frame, plus a prompt.txt per
video) on ``--blog-videos`` videos, extrapolated linearly to the same number of clips.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch

from helpers.blog import write_png_dataset
from helpers.world import render_ids


def time_renderer(n: int, device: str, repeats: int = 3) -> tuple[float, list[float]]:
    generator = torch.Generator().manual_seed(0)
    ids = [torch.randint(k, (n,), generator=generator) for k in (3, 4, 16)]

    def once() -> float:
        start = time.perf_counter()
        clips = render_ids(*ids, generator=torch.Generator().manual_seed(1), device=device)
        if clips.is_cuda:
            torch.cuda.synchronize()
        seconds = time.perf_counter() - start
        del clips
        return seconds

    first = once()
    return first, [once() for _ in range(repeats)]


def time_blog(videos: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        files = write_png_dataset(videos, folder)
        seconds = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
    return seconds, files, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=10_000)
    parser.add_argument("--blog-videos", type=int, default=300)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, device {args.device}")
    first, warm = time_renderer(args.clips, args.device)
    median = statistics.median(warm)
    print(f"ours: {args.clips} clips of 64x64x10 in memory: {median:.2f} s median of {len(warm)} "
          f"(first run {first:.2f} s) = {args.clips / median:,.0f} clips/s")

    seconds, files, size = time_blog(args.blog_videos)
    per_video = seconds / args.blog_videos
    projected = per_video * args.clips
    print(f"blog: {args.blog_videos} videos as PIL frames + PNG files: {seconds:.2f} s "
          f"({files} files, {size / 1e6:.1f} MB) -> {projected:.1f} s and "
          f"{files / args.blog_videos * args.clips:,.0f} files for {args.clips} videos (extrapolated)")
    print(f"ratio: ours is {projected / median:.0f}x faster")


if __name__ == "__main__":
    main()
