"""Command line of INTERFACE.md §4: ``python -m helpers COMMAND …``. Run with ``--help`` for the list."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .prompts import PromptError
from .runtime import AMP_MODES, COMPILE_MODES
from .split import SPLITS, split_prompts


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def cmd_prompts(args: argparse.Namespace) -> int:
    for prompt in split_prompts(args.split):
        print(prompt.text)
    return 0


def cmd_dataset(args: argparse.Namespace) -> int:
    from .data import make_dataset, save_dataset
    from .runtime import world_size

    out = Path(args.out)
    if out.suffix != ".npz":
        raise ValueError(f"--out must name a .npz file, got {args.out!r}")
    if args.preview and Path(args.preview).suffix != ".gif":
        raise ValueError(f"--preview must name a .gif file, got {args.preview!r}")
    size = world_size()
    start = time.perf_counter()
    dataset = make_dataset(args.n, args.split, args.seed, size.frames, size.height, size.width)
    save_dataset(dataset, out)
    seconds = time.perf_counter() - start
    print(f"wrote {len(dataset)} clips of {size.frames}x{size.height}x{size.width} "
          f"({args.split} split, seed {args.seed}) to {out} "
          f"[{out.stat().st_size / 1e6:.1f} MB, {seconds:.1f} s]")
    if args.preview:
        from .display import gif_bytes, tile_clips

        shown = min(16, len(dataset))
        preview = Path(args.preview)
        preview.parent.mkdir(parents=True, exist_ok=True)
        preview.write_bytes(gif_bytes(tile_clips(dataset.clips[:shown], columns=4), scale=2))
        print(f"preview of the first {shown} clips (4 per row, left to right): {preview}")
        for row in range(0, shown, 4):
            print("  " + " | ".join(dataset.prompts[row : row + 4]))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from .train import train

    out = Path(args.out) if args.out else Path("runs") / args.preset
    result = train(args.preset, out_dir=out, resume=args.resume, steps=args.steps, seed=args.seed, amp=args.amp,
                   keep_every=args.keep_every, compile_mode=args.compile, settings=args.settings)
    if os.environ.get("RANK", "0") == "0":  # under torchrun only rank 0 reports
        print(f"trained {result.config.preset} preset to step {result.step}; checkpoint: {result.checkpoint}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Text-to-Video GAN from Scratch: data, training, generation and evaluation.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("prompts", help="print the prompts of a split, one per line")
    p.add_argument("--split", choices=SPLITS, default="all",
                   help="train, val (validation: never trained on, for development), heldout (the test "
                        "split: never trained on, scored once per shipped model) or all (default)")
    p.set_defaults(run=cmd_prompts)

    p = commands.add_parser("dataset", help="render N real clips into one .npz file")
    p.add_argument("--n", type=_positive_int, required=True, help="number of clips")
    p.add_argument("--split", choices=SPLITS, default="train", help="which prompts (default: train)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same clips (default: 0)")
    p.add_argument("--out", required=True, help="output file, FILE.npz: clips uint8 (N,T,H,W,3) RGB and prompts")
    p.add_argument("--preview", metavar="FILE.gif", help="also write an animated GIF of the first 16 clips")
    p.set_defaults(run=cmd_dataset)

    p = commands.add_parser("train", help="train the text-to-video GAN; checkpoints go to --out")
    p.add_argument("--preset", required=True, choices=("smoke", "cpu", "gpu"),
                   help="smoke (seconds), cpu (64x64, about 55 min on 2 cores) or gpu (the cpu preset's model "
                   "with 64 clips per step, for a GPU)")
    p.add_argument("--out", default=None, help="folder for checkpoint.pt, samples/ and history.json "
                   "(default: runs/<preset>)")
    p.add_argument("--resume", action="store_true", help="continue from the checkpoint in --out")
    p.add_argument("--steps", type=_positive_int, default=None, help="total steps (default: the preset's)")
    p.add_argument("--seed", type=int, default=None, help="random seed of a new run (default: 0)")
    p.add_argument("--amp", choices=AMP_MODES, default=None,
                   help="mixed precision: auto (default: fp16 + gradient scaler on pre-Ampere CUDA, bf16 on "
                   "newer CUDA, off on CPU), off, or fp16/bf16 on any device")
    p.add_argument("--compile", choices=COMPILE_MODES, default=None,
                   help="torch.compile both networks: off (default), inductor (fused kernels; the first "
                   "steps compile for minutes), aot_eager (the compiled path without new kernels: a check)")
    p.add_argument("--set", dest="settings", action="append", default=[], metavar="KEY=VALUE",
                   help="change one setting of a new run, e.g. --set mismatch_weight=0 or --set model.track_d=false "
                   "(repeatable; for ablations and trials: the run's config.json records it)")
    p.add_argument("--keep-every", type=int, default=None, metavar="N",
                   help="also keep the checkpoint of every N-th step as ckpt_<step>.pt (for learning curves)")
    p.set_defaults(run=cmd_train)

    from . import evaluation, generation

    generation.register(commands)  # generate, demo
    evaluation.register(commands)  # evaluate
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command != "prompts":  # the one command that never loads torch
            from .runtime import use_threads

            use_threads()  # OMP_NUM_THREADS, else one per physical core (shared among torchrun's processes)
        return args.run(args)
    except (PromptError, ValueError, OSError, RuntimeError) as error:
        message = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
        print(f"error: {message or type(error).__name__}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
