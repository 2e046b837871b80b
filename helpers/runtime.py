"""Environment switches of INTERFACE.md §5 and small runtime utilities shared by notebooks and commands."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

# Mixed-precision modes of `train --amp` (see helpers.train.resolve_amp); here so the CLI needs no torch.
AMP_MODES = ("auto", "off", "fp16", "bf16")
# Graph compilers of `train --compile` (torch.compile backends; see helpers.train.compile_models).
COMPILE_MODES = ("off", "inductor", "aot_eager")

SMOKE_ENV = "T2V_SMOKE"
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"


def is_smoke() -> bool:
    """True when ``T2V_SMOKE`` is set to anything but empty/0/false: toy sizes, same code path."""
    return os.environ.get(SMOKE_ENV, "").strip().lower() not in ("", "0", "false", "no")


@dataclass(frozen=True)
class WorldSize:
    frames: int
    height: int
    width: int


FULL_SIZE = WorldSize(frames=10, height=64, width=64)
SMOKE_SIZE = WorldSize(frames=10, height=32, width=32)  # motions keep their meaning at 10 frames


def world_size() -> WorldSize:
    """The clip size notebooks use: the interface's 10x64x64, or 10x32x32 in smoke mode."""
    return SMOKE_SIZE if is_smoke() else FULL_SIZE


def pick(full, smoke):
    """``smoke`` in smoke mode, else ``full``: how notebooks shrink their sizes."""
    return smoke if is_smoke() else full


def pick_device(preferred: str | None = None):
    """CUDA when available, else Apple MPS where it works, else the CPU; never an error."""
    import torch

    if preferred:
        device = torch.device(preferred)
        if device.type == "cuda" and not torch.cuda.is_available():
            raise RuntimeError("device 'cuda' was requested but no CUDA GPU is visible; "
                               "leave the device unset to fall back to the CPU")
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        try:
            torch.zeros(1, device="mps") + 1  # some builds report MPS but cannot run on it
            return torch.device("mps")
        except Exception:  # noqa: BLE001 - any failure means "not usable"
            pass
    return torch.device("cpu")


def to_device(tensors: dict, device) -> dict:
    """Many small CPU tensors onto ``device`` in **one** copy: ``{name: tensor or None}`` → the
    same names on ``device`` (None stays None).

    A training step needs a dozen small tensors (noise, token ids, trajectories, labels). Copied
    one by one, each is a separate host→device transfer that waits for the GPU; here their bytes
    are packed into one buffer (pinned on CUDA, so the copy runs while the CPU goes on) and the
    tensors are views into its device copy. On the CPU they are returned as they are."""
    import torch

    device = torch.device(device)
    if device.type == "cpu":
        return dict(tensors)
    buffer, layout = pack_tensors(tensors, pin=device.type == "cuda")
    return unpack_tensors(buffer.to(device, non_blocking=True), layout)


def pack_tensors(tensors: dict, pin: bool = False):
    """The bytes of ``{name: tensor or None}`` in one uint8 buffer, each tensor starting on an
    8-byte boundary (so any dtype can view it): ``(buffer, layout)`` for :func:`unpack_tensors`."""
    import torch

    layout, offset = {}, 0
    for name, t in tensors.items():
        if t is None:
            layout[name] = None
            continue
        offset += -offset % 8
        layout[name] = (offset, t.numel() * t.element_size(), t.dtype, tuple(t.shape))
        offset += layout[name][1]
    buffer = torch.empty(offset, dtype=torch.uint8, pin_memory=pin)
    for name, t in tensors.items():
        if t is not None:
            start, size = layout[name][:2]
            buffer[start:start + size] = t.contiguous().reshape(-1).view(torch.uint8)
    return buffer, layout


def unpack_tensors(buffer, layout: dict) -> dict:
    """The tensors :func:`pack_tensors` packed, as views into ``buffer`` (on whatever device it is)."""
    out = {}
    for name, where in layout.items():
        if where is None:
            out[name] = None
            continue
        start, size, dtype, shape = where
        out[name] = buffer[start:start + size].view(dtype).view(shape)
    return out


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch (all devices) so runs repeat."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


RUNS_ENV = "T2V_RUNS_DIR"


def runs_dir() -> Path:
    """Where notebooks keep training runs: ``T2V_RUNS_DIR`` when set (e.g. a mounted Google
    Drive folder, which outlives the runtime), else the course folder's ``runs/``.

    In smoke mode without ``T2V_RUNS_DIR`` a fresh temporary folder per process: a test must
    never resume, or leave behind, a learner's run (nor a learner resume a test's toy run)."""
    chosen = os.environ.get(RUNS_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    if is_smoke():
        global _SMOKE_RUNS
        if _SMOKE_RUNS is None:
            import tempfile

            _SMOKE_RUNS = Path(tempfile.mkdtemp(prefix="t2v_smoke_runs_"))
        return _SMOKE_RUNS
    return REPO_ROOT / "runs"


_SMOKE_RUNS: Path | None = None


def physical_cores() -> int:
    """Physical CPU cores this process may use (logical CPUs when the split is unknown).

    Two threads on the two hyper-threads of one core, or on cores other processes are busy
    with, made a training step 3-5x slower than one thread on the 2-core development machine."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        allowed = list(range(os.cpu_count() or 1))
    cores: dict[int, tuple[str, str]] = {}
    try:
        processor, physical = None, "0"
        with open("/proc/cpuinfo") as info:
            for line in info:
                key, _, value = (part.strip() for part in line.partition(":"))
                if key == "processor":
                    processor = int(value)
                elif key == "physical id":
                    physical = value
                elif key == "core id" and processor is not None:
                    cores[processor] = (physical, value)
    except (OSError, ValueError):
        pass
    known = [cores[cpu] for cpu in allowed if cpu in cores]
    if len(known) == len(allowed) and known:
        return len(set(known))
    return max(1, len(allowed))


def thread_count() -> int:
    """Threads for torch's CPU kernels: ``OMP_NUM_THREADS`` when set, else the physical cores,
    shared out among the local processes of a ``torchrun`` launch (``LOCAL_WORLD_SIZE``)."""
    text = os.environ.get("OMP_NUM_THREADS", "").strip()
    if text:
        try:
            return max(1, int(text))
        except ValueError:
            pass  # a malformed value is ignored, as OpenMP itself does
    local = max(1, int(os.environ.get("LOCAL_WORLD_SIZE", "1") or 1))
    return max(1, physical_cores() // local)


def use_threads(threads: int | None = None) -> int:
    """Set torch's intra-op thread count (default :func:`thread_count`) and return it."""
    import torch

    threads = thread_count() if threads is None else max(1, int(threads))
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads
