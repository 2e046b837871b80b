"""Small training experiments for the exercises of notebooks 04 and 05: change one setting of the
training recipe, train a short run, and measure what changed with the course's own instruments.

* :func:`train_variant` trains a short run of the ``cpu`` preset's recipe at 32x32 (at smoke sizes in
  smoke mode) with some :class:`helpers.train.TrainConfig` fields changed;
* :func:`critic_prompt_gap` asks a checkpoint's critic how much higher it scores real clips with
  their own prompt than the same clips with a wrong prompt (the signal that makes the generator
  follow the prompt);
* :func:`colour_following` measures, from pixels, how often a checkpoint's generator paints the
  colour its prompt names (:func:`helpers.train.colour_accuracy`);
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import torch

from .checkpoint import load_checkpoint
from .models import Discriminator, ModelConfig
from .prompts import Vocabulary
from .split import split_prompts
from .text_encoder import encode_prompts
from .world import render_prompts, to_model_tensor


@dataclass
class Variant:
    """One short training run: what was changed, where its checkpoint is, and its loss history."""

    changes: dict
    checkpoint: Path
    history: dict
    seconds: float


def variant_config(steps: int, **changes):
    """The ``cpu`` preset's recipe at 32x32 (smoke-sized in smoke mode) for ``steps`` steps, with
    ``changes``. Half the side makes a step about twice as fast, and what the exercises measure
    (does the critic read the prompt, do colours follow it) shows as clearly at 32x32."""
    from .train import preset_config

    config = preset_config("cpu")
    config = replace(config, model=replace(config.model, height=32, width=32))
    return replace(config, steps=steps, sample_every=10 * steps, checkpoint_every=steps, log_every=10, **changes)


def train_variant(steps: int, out_dir: str | Path | None = None, seed: int = 0, device: str | None = "cpu",
                  **changes) -> Variant:
    """Train ``steps`` steps of the recipe with ``changes`` (e.g. ``mismatch_weight=0.0``), on the CPU
    unless ``device`` says otherwise (``None``: the best available). The course's numbers were
    measured on a CPU: about two minutes for 300 steps on one thread (0.38 s per step)."""
    import time

    from .train import train

    out = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="t2v_variant_"))
    start = time.perf_counter()
    result = train(variant_config(steps, **changes), out_dir=out, seed=seed, device=device, progress=False,
                   overwrite=True)
    return Variant(changes, Path(result.checkpoint), result.history, time.perf_counter() - start)


def _critic(checkpoint) -> tuple[Discriminator, Vocabulary, ModelConfig]:
    state = load_checkpoint(checkpoint, training=True)
    vocab = Vocabulary.from_dict(state["vocab"])
    config = ModelConfig.from_dict(state["model_config"])
    critic = Discriminator(config, len(vocab))
    critic.load_state_dict(state["discriminator"])
    return critic.eval(), vocab, config


def critic_prompt_gap(checkpoint, n: int = 64, seed: int = 123) -> float:
    """Mean of D(real clip, its prompt) − D(same clip, a wrong prompt) over ``n`` fresh training clips.

    The wrong prompts are made the way training makes them (one attribute changed). Near 0: the
    critic does not care what the prompt says, so the generator gets no reason to follow it.
    """
    from .train import mismatched_prompt

    critic, vocab, config = _critic(checkpoint)
    pool = split_prompts("train")
    rng = torch.Generator().manual_seed(seed)
    chosen = [pool[i] for i in torch.randint(len(pool), (n,), generator=rng).tolist()]
    wrong = [mismatched_prompt(p, rng) for p in chosen]
    clips = to_model_tensor(render_prompts(chosen, seed=seed, frames=config.frames, height=config.height,
                                           width=config.width))
    with torch.no_grad():
        right = critic(clips, encode_prompts(vocab, chosen))[0]
        other = critic(clips, encode_prompts(vocab, wrong))[0]
    return float((right - other).mean())


def colour_following(checkpoint, n_per_prompt: int = 2, seed: int = 0) -> float:
    """Share of generated clips, over the training prompts, whose pixels show the prompt's colour."""
    from .inference import load_model
    from .train import colour_accuracy

    model = load_model(checkpoint, device="cpu")
    pool = split_prompts("train")[::4] * n_per_prompt
    return float(colour_accuracy(model.generate(pool, seed=seed), pool))


def direction(before: float, after: float, tolerance: float = 0.2) -> str:
    """"lower", "higher" or "same": how ``after`` compares with ``before``, within a relative tolerance."""
    if after < before - tolerance * abs(before):
        return "lower"
    if after > before + tolerance * abs(before):
        return "higher"
    return "same"


__all__ = ["Variant", "colour_following", "critic_prompt_gap", "direction", "train_variant",
           "variant_config"]
