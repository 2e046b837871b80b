"""Environment switches of SPEC §5 and small runtime utilities shared by notebooks and commands."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from pathlib import Path

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
    """The clip size notebooks use: SPEC's 10x64x64, or 10x32x32 in smoke mode."""
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


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and torch (all devices) so runs repeat."""
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
