"""Checkpoint files: atomic writes and safe, well-explained reads.

A checkpoint is a dict of plain data (tensors, numbers, strings, lists, dicts) saved with
:func:`torch.save`, so :func:`torch.load` can read it with ``weights_only=True``: loading one
never runs code from the file. It records the format name and version, the model and training
configuration, the vocabulary, the networks' weights (including the EMA generator) and, for
training checkpoints, the optimisers, AMP scalers, random-number-generator states and history.

Writes go to a temporary file in the same folder, which then replaces the target in one
``os.replace``: an interrupted write never leaves a half-written checkpoint behind.
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
import zipfile
from pathlib import Path

import torch

FORMAT = "t2v-gan-checkpoint"
FORMAT_VERSION = 1
REQUIRED_KEYS = ("format", "version", "model_config", "vocab", "generator_ema")
TRAIN_KEYS = ("generator", "discriminator", "opt_g", "opt_d", "step", "train_config")


class CheckpointError(ValueError):
    """A file that exists but is not a usable checkpoint of this course (one-line message)."""


class CheckpointNotFoundError(FileNotFoundError):
    """No checkpoint where one was expected; the message says how to make one."""

    def __str__(self) -> str:  # FileNotFoundError's default str() shows errno noise
        return str(self.args[0]) if self.args else ""


def save_checkpoint(state: dict, path: str | os.PathLike, fmt: str = FORMAT, version: int = FORMAT_VERSION) -> Path:
    """Write ``state`` (tagged with its format name and version) to ``path`` atomically
    (temporary file + ``os.replace``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"format": fmt, "version": version, **state}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            torch.save(state, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_state(path: str | os.PathLike, fmt: str = FORMAT, version: int = FORMAT_VERSION,
               what: str = "checkpoint", missing_hint: str = "", map_location="cpu") -> dict:
    """Read a file written by :func:`save_checkpoint` with ``weights_only=True``.

    Raises :class:`CheckpointNotFoundError` for a missing file and :class:`CheckpointError` (one
    line, naming ``what`` was expected) for a folder, a truncated or foreign file, or another
    format or version.
    """
    path = Path(path)
    hint = f"; {missing_hint}" if missing_hint else ""
    if path.is_dir():
        raise CheckpointError(f"{str(path)!r} is a folder, not a {what} file")
    if not path.is_file():
        raise CheckpointNotFoundError(f"no {what} at {str(path)!r}{hint}")
    if not zipfile.is_zipfile(path):  # torch.save always writes a zip archive
        raise CheckpointError(f"{str(path)!r} is truncated or not a PyTorch {what} file{hint}")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except pickle.UnpicklingError as error:
        found = re.search(r"GLOBAL ([\w.]+)", str(error))
        extra = f" ({found.group(1)})" if found else ""
        raise CheckpointError(f"{str(path)!r} is not a {what} of this course: it holds Python objects{extra} "
                              "that a safe load (weights_only=True) refuses") from None
    except (RuntimeError, EOFError, OSError, zipfile.BadZipFile, ValueError, KeyError, IndexError,
            AttributeError, TypeError) as error:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CheckpointError(f"{str(path)!r} is truncated or not a PyTorch {what} ({text[:160]})") from None
    if not isinstance(state, dict) or state.get("format") != fmt:
        raise CheckpointError(f"{str(path)!r} is a PyTorch file but not a {what} of this course "
                              f"(expected format {fmt!r}){hint}")
    if state.get("version") != version:
        raise CheckpointError(f"{str(path)!r} has {what} version {state.get('version')!r}; this code reads "
                              f"version {version}")
    return state


def load_checkpoint(path: str | os.PathLike, map_location="cpu", training: bool = False,
                    missing_hint: str = "") -> dict:
    """Read a checkpoint with ``weights_only=True`` and check that it is one of ours.

    Raises :class:`CheckpointNotFoundError` for a missing file and :class:`CheckpointError` for
    a truncated, foreign or incomplete one. ``training=True`` also requires the optimiser
    states needed to resume training.
    """
    state = read_state(path, missing_hint=missing_hint or "train one with `python -m helpers train`",
                       map_location=map_location)
    required = REQUIRED_KEYS + (TRAIN_KEYS if training else ())
    missing = [k for k in required if k not in state]
    if missing:
        what = "a training checkpoint (it cannot be resumed)" if training else "a complete checkpoint"
        raise CheckpointError(f"{str(path)!r} is not {what}: missing {', '.join(missing)}")
    return state
