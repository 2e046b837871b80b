"""Datasets of real clips: sampling a split, one compressed file per dataset, PNG export.

Training renders fresh batches on the fly (see :mod:`helpers.world`); a fixed dataset is for
inspection, evaluation and the ``dataset`` command. It is one ``.npz`` file with a manifest of
the parameters that made it, never a folder of PNGs (the blog's 10K videos were 110K files).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from .prompts import COLOURS, MOTIONS, SHAPES, Prompt
from .runtime import DATA_DIR, FULL_SIZE
from .split import split_prompts
from .world import render_ids

DATASET_VERSION = 1  # bump when the renderer changes what a seed produces
REQUIRED_KEYS = ("clips", "prompts", "shape_ids", "colour_ids", "motion_ids", "manifest")


@dataclass
class ClipDataset:
    """Real clips with their prompts and attribute ids; ``clips`` is uint8 (N, T, H, W, 3) RGB."""

    clips: np.ndarray
    prompts: list[str]
    shape_ids: np.ndarray
    colour_ids: np.ndarray
    motion_ids: np.ndarray
    manifest: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.prompts)

    def __getitem__(self, index: int) -> tuple[np.ndarray, str]:
        return self.clips[index], self.prompts[index]


def balanced_prompts(prompts: Sequence[Prompt], n: int, generator: torch.Generator) -> list[Prompt]:
    """``n`` prompts cycling through ``prompts`` in shuffled rounds, so counts differ by at most one."""
    order: list[int] = []
    while len(order) < n:
        order += torch.randperm(len(prompts), generator=generator).tolist()
    return [prompts[i] for i in order[:n]]


def make_dataset(
    n: int,
    split: str = "all",
    seed: int = 0,
    frames: int = FULL_SIZE.frames,
    height: int = FULL_SIZE.height,
    width: int = FULL_SIZE.width,
    device: str | torch.device = "cpu",
) -> ClipDataset:
    """Render ``n`` real clips of a split (INTERFACE §3), balanced over its combinations."""
    if n < 1:
        raise ValueError(f"a dataset needs at least one clip, got n={n}")
    generator = torch.Generator().manual_seed(seed)
    chosen = balanced_prompts(split_prompts(split), n, generator)
    shape_ids = torch.tensor([p.shape_id for p in chosen])
    colour_ids = torch.tensor([p.colour_id for p in chosen])
    motion_ids = torch.tensor([p.motion_id for p in chosen])
    clips = render_ids(shape_ids, colour_ids, motion_ids, frames, height, width,
                       generator=generator, device=device)
    manifest = {
        "version": DATASET_VERSION, "n": n, "split": split, "seed": seed,
        "frames": frames, "height": height, "width": width,
        "shapes": list(SHAPES), "colours": list(COLOURS), "motions": list(MOTIONS),
    }
    return ClipDataset(
        clips=clips.cpu().numpy(), prompts=[p.text for p in chosen],
        shape_ids=shape_ids.numpy(), colour_ids=colour_ids.numpy(), motion_ids=motion_ids.numpy(),
        manifest=manifest,
    )


def save_dataset(dataset: ClipDataset, path: str | Path) -> Path:
    """Write one compressed ``.npz`` atomically (a crash never leaves a half-written file)."""
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"dataset files end in .npz, got {str(path)!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez_compressed(
                handle, clips=dataset.clips, prompts=np.array(dataset.prompts),
                shape_ids=dataset.shape_ids, colour_ids=dataset.colour_ids,
                motion_ids=dataset.motion_ids, manifest=np.array(json.dumps(dataset.manifest)),
            )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_dataset(path: str | Path) -> ClipDataset:
    """Read a file written by :func:`save_dataset`, with a clear error for anything else."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no dataset file at {str(path)!r}; make one with "
                                "`python -m helpers dataset --n 600 --out FILE.npz`")
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [k for k in REQUIRED_KEYS if k not in archive.files]
            if missing:
                raise ValueError(f"{str(path)!r} is not a dataset file of this course "
                                 f"(missing {', '.join(missing)})")
            data = {k: archive[k] for k in REQUIRED_KEYS}
    except (OSError, ValueError, EOFError) as error:
        if isinstance(error, ValueError) and "not a dataset file" in str(error):
            raise
        raise ValueError(f"{str(path)!r} is not a readable .npz dataset ({error})") from None
    clips = data["clips"]
    if clips.dtype != np.uint8 or clips.ndim != 5 or clips.shape[-1] != 3:
        raise ValueError(f"{str(path)!r} holds clips of shape {clips.shape} and dtype {clips.dtype}; "
                         "expected uint8 (N, T, H, W, 3)")
    return ClipDataset(
        clips=clips, prompts=[str(p) for p in data["prompts"]],
        shape_ids=data["shape_ids"], colour_ids=data["colour_ids"], motion_ids=data["motion_ids"],
        manifest=json.loads(str(data["manifest"])),
    )


def cached_dataset(n: int, split: str = "all", seed: int = 0, frames: int = FULL_SIZE.frames,
                   height: int = FULL_SIZE.height, width: int = FULL_SIZE.width,
                   cache_dir: str | Path = DATA_DIR) -> ClipDataset:
    """Load a dataset from ``cache_dir`` if one with the same manifest is there, else make and save it."""
    params = {"version": DATASET_VERSION, "n": n, "split": split, "seed": seed,
              "frames": frames, "height": height, "width": width}
    key = hashlib.sha1(json.dumps(params, sort_keys=True).encode()).hexdigest()[:10]
    path = Path(cache_dir) / f"clips_{split}_{n}_{frames}x{height}x{width}_seed{seed}_{key}.npz"
    if path.is_file():
        try:
            return load_dataset(path)
        except ValueError:
            path.unlink()  # a damaged cache file is remade, not trusted
    dataset = make_dataset(n, split, seed, frames, height, width)
    save_dataset(dataset, path)
    return dataset


def export_png_frames(clip: np.ndarray, folder: str | Path) -> list[Path]:
    """Write one clip as ``frame_00.png`` … (zero-padded, so names sort in frame order), RGB-correct."""
    from PIL import Image

    clip = np.asarray(clip)
    if clip.dtype != np.uint8 or clip.ndim != 4 or clip.shape[-1] != 3:
        raise ValueError(f"expected a uint8 clip of shape (T, H, W, 3), got {clip.shape} {clip.dtype}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    digits = max(2, len(str(len(clip) - 1)))
    paths = []
    for index, frame in enumerate(clip):
        path = folder / f"frame_{index:0{digits}d}.png"
        Image.fromarray(frame).save(path)
        paths.append(path)
    return paths
