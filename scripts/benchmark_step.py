"""Benchmark: the training step of this working tree against the step at a git revision, in one run.

    python scripts/benchmark_step.py [--rev HEAD] [--preset cpu] [--steps 20] [--rounds 3] [--threads 1]

Loads ``helpers/train.py`` as it was at ``--rev`` (``git show``) next to the current one — both use
the current versions of every other module — and times the same preset with each, alternating
``--rounds`` times so that a machine shared with other jobs slows both alike. Seconds per step come
from the training loop (:func:`helpers.train.time_steps`). Also counts the operators of one step
(torch.profiler) and checks that both give the same losses for the same seed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import types
from pathlib import Path

os.environ.setdefault("KINETO_LOG_LEVEL", "5")  # the profiler's tracing library: no start/stop chatter

import torch  # noqa: E402

from helpers import runtime  # noqa: E402
from helpers import train as current  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def train_module_at(rev: str) -> types.ModuleType:
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:helpers/train.py"], capture_output=True,
                            text=True, check=True).stdout
    module = types.ModuleType("helpers._train_at_rev")
    module.__package__ = "helpers"  # its relative imports resolve to the current helpers modules
    module.__file__ = f"{rev}:helpers/train.py"
    sys.modules[module.__name__] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def ops_per_step(module, config) -> int:
    from dataclasses import replace

    from torch.autograd import DeviceType
    from torch.profiler import ProfilerActivity, profile, schedule

    config = replace(config, steps=5, log_every=1, sample_every=10**9, checkpoint_every=10**9)
    import tempfile

    with tempfile.TemporaryDirectory() as scratch, \
            profile(activities=[ProfilerActivity.CPU], schedule=schedule(wait=2, warmup=1, active=1)) as prof:
        module.train(config, scratch, device="cpu", progress=False, on_log=lambda step, record: prof.step())
    aten = [e for e in prof.events() if e.name.startswith("aten::") and e.device_type == DeviceType.CPU]
    return len([e for e in aten if e.cpu_parent is None or not e.cpu_parent.name.startswith("aten::")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="HEAD", help="git revision of the 'before' step (default: HEAD)")
    parser.add_argument("--preset", default="cpu", choices=("smoke", "cpu", "gpu"))
    parser.add_argument("--steps", type=int, default=20, help="timed steps per round, after as many warm-up steps")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    threads = runtime.use_threads(args.threads)
    before = train_module_at(args.rev)
    modules = {f"before ({args.rev})": before, "after (working tree)": current}
    configs = {name: module.preset_config(args.preset, smoke=False) for name, module in modules.items()}
    m = configs["after (working tree)"].model
    print(f"torch {torch.__version__}, {threads} thread(s), cpu; preset {args.preset}: "
          f"{m.frames}x{m.height}x{m.width}, batch {configs['after (working tree)'].batch_size}")
    times: dict[str, list[float]] = {name: [] for name in modules}
    losses: dict[str, tuple] = {}
    for _ in range(args.rounds):
        for name, module in modules.items():
            run = _time_with(module, configs[name], args.steps)
            times[name].append(run["sec_per_step"])
            losses[name] = (tuple(run["loss_d"]), tuple(run["loss_g"]))
    for name, module in modules.items():
        print(f"{name:>22}: {statistics.median(times[name]):.4f} s/step (median of {args.rounds}; "
              f"{', '.join(f'{t:.4f}' for t in times[name])}), {ops_per_step(module, configs[name]):,} operators/step")
    same = losses[f"before ({args.rev})"] == losses["after (working tree)"]
    print(f"same losses for the same seed: {same}")
    if not same:
        for name, (d, g) in losses.items():
            print(f"  {name}: loss_d {d}, loss_g {g}")


def _time_with(module, config, steps: int) -> dict:
    """What :func:`helpers.train.time_steps` measures, with ``module``'s train() (revisions before it lack it)."""
    import tempfile
    from dataclasses import replace

    config = replace(config, steps=2 * steps, log_every=steps, sample_every=10**9, checkpoint_every=10**9)
    with tempfile.TemporaryDirectory() as scratch:
        result = module.train(config, scratch, device="cpu", progress=False, overwrite=True)
    history = result.history
    return {"sec_per_step": history["sec_per_step"][-1], "loss_d": history["loss_d"], "loss_g": history["loss_g"]}


if __name__ == "__main__":
    main()
