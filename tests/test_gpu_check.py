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
