"""Generating clips from a trained checkpoint: ``helpers.load_model(...).generate(prompts, seed)``.

The model object uses the EMA generator (the smoothed weights, which make better samples than
the last training step's) in eval mode, so a clip depends only on its prompt, the seed and its
position in the list, never on the other prompts of the batch.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from .checkpoint import CheckpointError, CheckpointNotFoundError, load_checkpoint, save_checkpoint
from .models import Discriminator, Generator, ModelConfig
from .prompts import Prompt, Vocabulary, parse_prompt
from .runtime import pick_device

DEFAULT_CHECKPOINT = Path(__file__).resolve().parent / "assets" / "t2v_gan.pt"
TRAIN_HINT = ("train one with `python -m helpers train --preset cpu` (or --preset gpu) and pass its "
              "runs/<preset>/checkpoint.pt")


class TextToVideoModel:
    """A trained generator with its vocabulary. Call :meth:`generate`."""

    def __init__(self, generator: Generator, vocab: Vocabulary, device: torch.device, step: int = 0,
                 source: str | None = None, train_config: dict | None = None):
        self.generator = generator.eval()
        self.vocab = vocab
        self.device = device
        self.step = step
        self.source = source
        self.train_config = train_config or {}

    @property
    def config(self) -> ModelConfig:
        return self.generator.config

    @property
    def frames(self) -> int:
        return self.config.frames

    @property
    def height(self) -> int:
        return self.config.height

    @property
    def width(self) -> int:
        return self.config.width

    def generate(self, prompts: str | Prompt | Sequence[str | Prompt], seed: int = 0,
                 batch_size: int = 64) -> np.ndarray:
        """One clip per prompt: uint8 ``(N, T, H, W, 3)`` RGB; the same seed gives the same clips.

        A single prompt string is accepted too (N = 1). Bad prompts raise
        :class:`helpers.prompts.PromptError`, naming the offending word.
        """
        from .train import generate_clips

        if isinstance(prompts, (str, Prompt)):
            prompts = [prompts]
        parsed = [parse_prompt(p) for p in prompts]
        return generate_clips(self.generator, self.vocab, parsed, int(seed), self.device, batch_size=batch_size)

    def __repr__(self) -> str:
        c = self.config
        return (f"TextToVideoModel({c.frames}x{c.height}x{c.width}, step {self.step}, "
                f"device {self.device}, from {self.source!r})")


def _default_checkpoint_missing() -> CheckpointNotFoundError:
    return CheckpointNotFoundError(
        f"the pretrained checkpoint {str(DEFAULT_CHECKPOINT)!r} is not there; {TRAIN_HINT} "
        "(e.g. load_model('runs/cpu/checkpoint.pt'))")


def load_model(checkpoint: str | os.PathLike | None = None, device: str | torch.device | None = None
               ) -> TextToVideoModel:
    """Load a checkpoint written by training (or by :func:`export_checkpoint`).

    Without ``checkpoint``, the one shipped in the package (``helpers/assets/t2v_gan.pt``).
    Raises :class:`CheckpointNotFoundError` (a ``FileNotFoundError``) or :class:`CheckpointError`
    (a ``ValueError``) with a one-line explanation.
    """
    if checkpoint is None:
        if not DEFAULT_CHECKPOINT.is_file():
            raise _default_checkpoint_missing()
        checkpoint = DEFAULT_CHECKPOINT
    dev = pick_device(str(device) if device is not None else None)
    state = load_checkpoint(checkpoint, map_location="cpu", missing_hint=TRAIN_HINT)
    try:
        vocab = Vocabulary.from_dict(state["vocab"])
        config = ModelConfig.from_dict(state["model_config"])
        generator = Generator(config, len(vocab))
        generator.load_state_dict(state["generator_ema"])
    except (ValueError, KeyError, TypeError, RuntimeError) as error:
        raise _unbuildable(checkpoint, "a generator", error) from None
    generator.to(dev)
    return TextToVideoModel(generator, vocab, dev, step=int(state.get("step", 0)), source=str(checkpoint),
                            train_config=state.get("train_config"))


def load_critics(checkpoint: str | os.PathLike) -> Discriminator | None:
    """The critics a training checkpoint holds, on the CPU in eval mode; ``None`` for an exported
    model (which keeps the generator only). For diagnostics: what the generator was trained against."""
    state = load_checkpoint(checkpoint, map_location="cpu", missing_hint=TRAIN_HINT)
    if "discriminator" not in state:
        return None
    try:
        critics = Discriminator(ModelConfig.from_dict(state["model_config"]), len(Vocabulary.from_dict(state["vocab"])))
        critics.load_state_dict(state["discriminator"])
    except (ValueError, KeyError, TypeError, RuntimeError) as error:
        raise _unbuildable(checkpoint, "critics", error) from None
    return critics.eval()


def _unbuildable(checkpoint, what: str, error: Exception) -> CheckpointError:
    """The one-line error for a checkpoint whose networks this code cannot build or load."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return CheckpointError(f"{str(checkpoint)!r} does not hold {what} this code can build ({text[:160]})")


NOTEBOOK_PRESETS = ("gpu", "cpu")  # notebook 05 trains one of these; the real-size (gpu) run is preferred


def notebook_run_dir(preset: str) -> Path:
    """The folder notebook 05 trains ``preset`` into: ``<runs>/notebook05_<preset>``, where
    ``<runs>`` is :func:`helpers.runtime.runs_dir` (the course folder's ``runs/``, or
    ``T2V_RUNS_DIR``, e.g. on a mounted Google Drive). One folder per preset, so a learner who
    moves from a CPU to a GPU runtime starts a new run instead of resuming the other size."""
    from .runtime import runs_dir

    return runs_dir() / f"notebook05_{preset}"


def course_checkpoint(verbose: bool = True) -> Path:
    """The learner's own checkpoint from notebook 05 when there is one, else the shipped one,
    with a one-line message saying which (for notebooks 06 and 07).

    Runs trained in smoke mode (``T2V_SMOKE=1``) never count: they test the code, not a model.
    When both presets have a run (a learner who moved between a CPU and a GPU runtime), the one
    written last is used, not a fixed favourite: an abandoned early run must not shadow the
    learner's latest work."""
    found = []
    for preset in NOTEBOOK_PRESETS:
        path = notebook_run_dir(preset) / "checkpoint.pt"
        if not path.is_file():
            continue
        try:
            state = load_checkpoint(path, map_location="cpu")
            config = dict(state.get("train_config") or {})
            step, total = int(state.get("step", 0)), int(config.get("steps", 0))
        except (CheckpointError, OSError, ValueError, TypeError) as error:
            if verbose:
                print(f"skipping {path}: {str(error).splitlines()[0][:160]}")
            continue
        if config.get("smoke") or config.get("preset") == "smoke":
            continue
        found.append((path.stat().st_mtime, path, config, step, total))
    if found:
        _, path, config, step, total = max(found, key=lambda item: item[0])
        if verbose:
            unfinished = f" of {total}, unfinished: run notebook 05 again to continue it" if step < total else ""
            other = " (the most recent of your runs)" if len(found) > 1 else ""
            print(f"using your own model from notebook 05: {path} ({config.get('preset')} preset, step {step}"
                  f"{unfinished}){other}; load_model() without a checkpoint gives the shipped one")
        return path
    if verbose:
        from .runtime import runs_dir

        print(f"using the shipped model {DEFAULT_CHECKPOINT.name}: no checkpoint of yours in "
              f"{runs_dir()} yet (notebook 05 trains one there)")
    return DEFAULT_CHECKPOINT


def export_checkpoint(source: str | os.PathLike, destination: str | os.PathLike = DEFAULT_CHECKPOINT) -> Path:
    """Write the inference part of a training checkpoint (EMA generator, configuration,
    vocabulary, step, history): what the repository ships, a fraction of the training file."""
    state = load_checkpoint(source, training=False)
    keep = ("model_config", "train_config", "vocab", "generator_ema", "step", "history")
    slim = {k: state[k] for k in keep if k in state}
    slim.pop("format", None)
    return save_checkpoint(slim, destination)


__all__ = ["DEFAULT_CHECKPOINT", "NOTEBOOK_PRESETS", "CheckpointError", "CheckpointNotFoundError",
           "TextToVideoModel", "course_checkpoint", "export_checkpoint", "load_critics", "load_model",
           "notebook_run_dir"]
