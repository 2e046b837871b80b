"""One command for the first session that has a GPU: what the GPU path does and costs (≤ 5 minutes).

    python scripts/gpu_check.py [--train-seconds 150] [--json FILE]

Prints the device and the torch/CUDA/cuDNN versions; checks that training gives finite losses
under every mixed-precision mode the GPU supports (``--amp auto``, fp16 with its gradient scaler,
bf16); measures seconds per step of the ``gpu`` preset from the training loop itself, the
projected time of the whole preset and the peak GPU memory, and the step under ``--compile
inductor`` (skip with ``--no-compile``); counts the operators, CUDA kernels,
copies and synchronisations of one step with ``torch.profiler`` and prints a short summary of
it; measures how far a resumed run drifts from an uninterrupted one on this device (bit-exact on
a CPU, within a tolerance on CUDA); then trains the ``gpu`` preset for ``--train-seconds`` and
scores the model on the validation prompts (``helpers.split``'s ``val``; never the test split)
with the course's headline, all checks, beside the classifier's and the analytic checks' rates.

Without a CUDA GPU it says so and runs the same steps at toy sizes on the CPU, so that the
tests keep this script working (``tests/test_gpu_check.py``); those figures say nothing about a
GPU.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# The profiler's tracing library logs its start and stop (and, without a GPU, an error about
# counting GPUs) unless told to keep quiet; it reads this before torch loads it.
os.environ.setdefault("KINETO_LOG_LEVEL", "5")

import torch  # noqa: E402

from helpers import runtime  # noqa: E402
from helpers.train import preset_config, resolve_amp, time_steps, train  # noqa: E402


def dtype_name(dtype: torch.dtype | None) -> str:
    return "off (fp32)" if dtype is None else str(dtype).replace("torch.", "")


def header(device: torch.device) -> dict:
    info = {"python": platform.python_version(), "torch": torch.__version__, "cuda": torch.version.cuda,
            "cudnn": torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
            "device": str(device), "threads": torch.get_num_threads()}
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        info.update(gpu=props.name, capability=f"{props.major}.{props.minor}", gpu_count=torch.cuda.device_count(),
                    memory_gib=round(props.total_memory / 2**30, 1))
        print(f"device: {props.name} (compute capability {info['capability']}, {info['memory_gib']} GiB; "
              f"{info['gpu_count']} GPU(s) visible)")
    else:
        print("device: no CUDA GPU here. Running a tiny version (smoke sizes) on the CPU so that this script "
              "keeps working; its figures say nothing about a GPU.")
    print(f"python {info['python']} | torch {info['torch']} | CUDA {info['cuda']} | cuDNN {info['cudnn']} | "
          f"{info['threads']} CPU threads")
    return info


def amp_modes(device: torch.device) -> list[str]:
    if device.type != "cuda":
        return ["fp16", "bf16"]  # the CUDA code path, on the CPU
    return ["auto", "fp16"] + (["bf16"] if torch.cuda.is_bf16_supported() else [])


def check_amp(config, device: torch.device) -> dict:
    results = {}
    for mode in amp_modes(device):
        dtype, scaler = resolve_amp(mode, device)
        run = time_steps(config, steps=3, device=str(device), amp=mode)
        losses = run["loss_d"] + run["loss_g"]
        finite = all(math.isfinite(v) for v in losses)
        results[mode] = {"dtype": str(dtype), "scaler": scaler, "finite": finite, "loss_d": run["loss_d"][-1],
                         "loss_g": run["loss_g"][-1]}
        print(f"  --amp {mode:4}: autocast {dtype_name(dtype)}, scaler {'on' if scaler else 'off'}: "
              f"losses {'finite' if finite else 'NOT FINITE'} (D {run['loss_d'][-1]:.3f}, G {run['loss_g'][-1]:.3f})")
    return results


def profile_step(config, device: torch.device) -> dict:
    """Operators, kernels, copies and synchronisations of one training step (the 4th of 5)."""
    from torch.autograd import DeviceType
    from torch.profiler import ProfilerActivity, profile, schedule

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device.type == "cuda" else [])
    config = replace(config, steps=5, log_every=1, sample_every=10**9, checkpoint_every=10**9)
    with tempfile.TemporaryDirectory() as scratch, \
            profile(activities=activities, schedule=schedule(wait=2, warmup=1, active=1)) as prof:
        # The loop calls on_log at the end of every step (log_every=1): the profiler's step boundary.
        train(config, scratch, device=str(device), progress=False, on_log=lambda step, record: prof.step())
    events = prof.events()
    aten = [e for e in events if e.name.startswith("aten::") and e.device_type == DeviceType.CPU]
    top = [e for e in aten if e.cpu_parent is None or not e.cpu_parent.name.startswith("aten::")]
    kernels = [e for e in events if e.device_type == DeviceType.CUDA]
    syncs = [e for e in events if "Synchronize" in e.name]
    copies = [e for e in events if e.name.startswith("cudaMemcpy")]
    counts = {"aten_ops": len(aten), "top_level_ops": len(top), "cuda_kernels": len(kernels),
              "synchronisations": len(syncs), "memcpy_calls": len(copies)}
    print(f"  one step: {counts['top_level_ops']:,} operators called ({counts['aten_ops']:,} with the nested ones), "
          f"{counts['cuda_kernels']:,} CUDA kernels, {counts['memcpy_calls']} cudaMemcpy calls, "
          f"{counts['synchronisations']} synchronisations")
    averages = prof.key_averages()
    try:  # torch >= 2.4 names GPU time "device" time; 2.3 only knows the older, now deprecated name
        sort = "self_device_time_total" if device.type == "cuda" else "self_cpu_time_total"
        table = averages.table(sort_by=sort, row_limit=10, max_name_column_width=48)
    except (AttributeError, KeyError):
        table = averages.table(sort_by="self_cuda_time_total", row_limit=10, max_name_column_width=48)
    print("  profiler summary (top 10 by self time):")
    print("\n".join("    " + line for line in table.splitlines()))
    return counts


def resume_drift(config, device: torch.device) -> float:
    """Largest weight difference between a run of 4 steps and one of 2 + 2 resumed, on ``device``."""
    config = replace(config, steps=4, log_every=1, sample_every=10**9, checkpoint_every=2)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        straight = train(config, folder / "straight", device=str(device), progress=False)
        train(config, folder / "split", steps=2, device=str(device), progress=False)
        resumed = train(config, folder / "split", steps=4, resume=True, device=str(device), progress=False)
        a = torch.load(straight.checkpoint, weights_only=True)["generator_ema"]
        b = torch.load(resumed.checkpoint, weights_only=True)["generator_ema"]
    return max(float((a[k].float() - b[k].float()).abs().max()) for k in a)


def validation_prompts():
    from helpers.split import split_prompts

    return "val", split_prompts("val")


def train_and_evaluate(config, device: torch.device, steps: int, seeds: int) -> dict:
    from helpers.evaluation import generate_set, score_clips, summarise
    from helpers.inference import load_model

    name, prompts = validation_prompts()
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        config = replace(config, steps=steps, sample_every=10**9, checkpoint_every=10**9)
        result = train(config, scratch, device=str(device), progress=False)
        seconds = time.perf_counter() - start
        model = load_model(result.checkpoint, device=str(device))
    clips, items = generate_set(model, prompts, seeds)
    summary = summarise(score_clips(clips, items))
    accuracy = summary["accuracy"]
    print(f"  {steps} steps in {seconds:.0f} s, then {len(items)} clips of the {name} split "
          f"({len(prompts)} prompts x {seeds} seeds): colour {accuracy['colour']:.1%}, shape {accuracy['shape']:.1%}, "
          f"motion {accuracy['motion']:.1%}, analytic checks passed {summary['analytic']['all']:.1%}, "
          f"ALL CHECKS {summary['all_checks']:.1%}")
    return {"split": name, "steps": steps, "train_seconds": seconds, "accuracy": accuracy,
            "analytic_all": summary["analytic"]["all"], "all_checks": summary["all_checks"]}


def compile_timing(config, device: torch.device, steps: int, plain_sec_per_step: float) -> dict:
    """Seconds per step under ``--compile inductor``; a GPU or install that cannot compile is
    reported, not fatal (Triton needs compute capability 7.0 or newer: not Kaggle's P100)."""
    if torch.cuda.get_device_capability(device) < (7, 0):
        print("  --compile inductor: skipped (Triton needs compute capability 7.0 or newer)")
        return {"compile_error": "compute capability below 7.0"}
    try:
        compiled = time_steps(config, steps=steps, device=str(device), compile_mode="inductor")
    except (RuntimeError, ImportError, AssertionError) as error:  # Dynamo/Inductor failures derive from these
        first_line = (str(error).splitlines() or [""])[0][:200]
        print(f"  --compile inductor: failed here ({type(error).__name__}: {first_line}); train without --compile")
        return {"compile_error": f"{type(error).__name__}: {error}"[:1000]}
    print(f"  --compile inductor: {compiled['sec_per_step'] * 1000:.1f} ms/step, a speed-up of "
          f"{plain_sec_per_step / compiled['sec_per_step']:.2f}x (warm-up steps, compilation included: "
          f"{compiled['warmup_sec_per_step']:.2f} s each)")
    return {"compiled_sec_per_step": compiled["sec_per_step"],
            "compiled_warmup_sec_per_step": compiled["warmup_sec_per_step"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train-seconds", type=float, default=150.0,
                        help="how long to train before the validation score (GPU; default 150)")
    parser.add_argument("--steps", type=int, default=20, help="timed steps, after as many warm-up steps")
    parser.add_argument("--no-compile", action="store_true",
                        help="skip timing the step under torch.compile (its compilation takes minutes)")
    parser.add_argument("--json", default=None, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    runtime.use_threads()
    device = runtime.pick_device()
    gpu = device.type == "cuda"
    report: dict = {"header": header(device)}
    # The real preset on a GPU; on a CPU the same code at smoke sizes (the `gpu` preset shrunk).
    config = preset_config("gpu", smoke=not gpu)
    m = config.model
    print(f"preset gpu{'' if gpu else ' (shrunk to smoke sizes)'}: {m.frames}x{m.height}x{m.width}, "
          f"batch {config.batch_size}, {config.steps} steps, --amp {config.amp} = "
          f"{dtype_name(resolve_amp(config.amp, device)[0])}")

    print("mixed precision:")
    report["amp"] = check_amp(config, device)

    print("speed, measured by the training loop (model building, samples and checkpoints not counted):")
    if gpu:
        torch.cuda.reset_peak_memory_stats(device)
    timing = time_steps(config, steps=args.steps if gpu else 3, device=str(device))
    per_step = timing["sec_per_step"]
    peak = torch.cuda.max_memory_allocated(device) / 2**30 if gpu else None
    report["speed"] = {"sec_per_step": per_step, "warmup_sec_per_step": timing["warmup_sec_per_step"],
                       "projected_preset_minutes": per_step * preset_config("gpu", smoke=False).steps / 60,
                       "peak_memory_gib": peak}
    full_steps = preset_config("gpu", smoke=False).steps
    print(f"  {per_step * 1000:.1f} ms/step (warm-up steps: {timing['warmup_sec_per_step'] * 1000:.1f} ms); "
          f"the whole gpu preset ({full_steps} steps) would take about {per_step * full_steps / 60:.1f} min"
          + ("" if gpu else " at these toy sizes"))
    if gpu:
        print(f"  peak GPU memory: {peak:.2f} GiB")
    if gpu and not args.no_compile:
        report["speed"].update(compile_timing(config, device, args.steps, per_step))
    elif not gpu:
        print("  --compile: timed on a GPU only (tests/test_train.py checks the compiled path on the CPU)")

    print("profile of one step:")
    report["profile"] = profile_step(config, device)

    drift = resume_drift(preset_config("smoke"), device)
    report["resume_max_weight_difference"] = drift
    print(f"resume: largest weight difference between an uninterrupted and a resumed smoke run: {drift:.2e} "
          + ("(bit-exact)" if drift == 0 else "(not bit-exact: non-deterministic kernels)"))

    print("train briefly, then score on the validation prompts:")
    steps = min(config.steps, max(50, int(args.train_seconds / max(per_step, 1e-3)))) if gpu else 10
    report["validation"] = train_and_evaluate(config, device, steps, seeds=4 if gpu else 1)

    report["total_seconds"] = time.perf_counter() - began
    print(f"gpu_check done in {report['total_seconds']:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
