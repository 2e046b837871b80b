"""scripts/gpu_check.py, the first GPU session's one command, keeps working on a CPU (tiny sizes)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent


def test_gpu_check_runs_its_tiny_version_on_a_cpu(tmp_path):
    report_file = tmp_path / "gpu_check.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run([sys.executable, "scripts/gpu_check.py", "--json", str(report_file)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "no CUDA GPU here" in out and f"torch {torch.__version__}" in out
    report = json.loads(report_file.read_text())
    assert set(report["amp"]) == {"fp16", "bf16"} and all(r["finite"] for r in report["amp"].values())
    assert report["amp"]["fp16"]["scaler"] and not report["amp"]["bf16"]["scaler"]
    assert report["speed"]["sec_per_step"] > 0 and report["speed"]["peak_memory_gib"] is None
    assert report["profile"]["top_level_ops"] > 100 and report["profile"]["cuda_kernels"] == 0
    assert "profiler summary" in out and "aten::" in out
    assert report["resume_max_weight_difference"] == 0.0  # bit-exact on a CPU
    validation = report["validation"]
    assert validation["split"] == "val" and 0 <= validation["all_checks"] <= validation["accuracy"]["all_correct"] <= 1
    assert report["total_seconds"] < 300  # a sanity bound only: CI's two cores are shared and noisy


def test_a_gpu_that_cannot_compile_is_reported_not_fatal(monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("gpu_check", REPO / "scripts" / "gpu_check.py")
    gpu_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gpu_check)
    device = torch.device("cuda")
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: (6, 0))  # Kaggle's P100
    assert gpu_check.compile_timing(None, device, 3, 0.1) == {"compile_error": "compute capability below 7.0"}

    def no_compiler(*args, **kwargs):
        raise RuntimeError("")  # as Inductor fails without a working Triton, an empty message included

    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: (7, 5))  # T4
    monkeypatch.setattr(gpu_check, "time_steps", no_compiler)
    assert gpu_check.compile_timing(None, device, 3, 0.1)["compile_error"].startswith("RuntimeError")
    monkeypatch.setattr(gpu_check, "time_steps", lambda *a, **k: {"sec_per_step": 0.05, "warmup_sec_per_step": 2.0})
    assert gpu_check.compile_timing(None, device, 3, 0.1) == {"compiled_sec_per_step": 0.05,
                                                              "compiled_warmup_sec_per_step": 2.0}
