"""Training the text-to-video GAN: data on the fly, hinge loss, EMA, AMP, checkpoints, resume, DDP.

One training step:

1. Draw a batch of training prompts (the held-out combinations of :mod:`helpers.split` never
   occur), render fresh real clips for them on the training device, and drop the colour word
   from ~20 % of the prompts (the clip keeps its colour: a colour-less prompt allows any colour).
2. Discriminator step, hinge loss, on three kinds of (clip, prompt) pairs in one batch:
   real clip + its prompt (should score > 1), generated clip + its prompt (< -1), and real
   clip + a prompt with one attribute changed (< -1, weight 0.5). Half of the changed motions
   are the opposite motion (clockwise ↔ counter-clockwise, up ↔ down, …), so the critic must
   look at the direction and not only at the kind of motion. The critic's auxiliary heads also
   learn to name the real clips' shape, colour and motion (cross-entropy). The sprite critic
   (layered generator) learns the same way on masks: a real shape drawn alone + its shape word,
   the generated sprite + the prompt's shape, a real shape + a wrong shape word; the track
   critic on paths: a real clip's true path + its motion word, the generated poses + the
   prompt's motion, a real path + a wrong motion word. :func:`critic_loss` is this step's loss.
3. Generator step (:func:`generator_loss`): make the discriminator score the generated clips
   high, and its heads read the prompt's attributes in them (the colour only when the prompt
   names one; for a colour-less prompt, the colour head should be sure of *some* colour: low
   entropy). With the layered
   generator, a colour-less clip's colour is also pulled to the colour the generator paints
   when the same prompt names the colour the noise picks (the snap term, ``colourless_snap``;
   the nearest named colour for models without ``ModelConfig.colour_code``). The sprite and
   track critics should accept the sprite and the poses, and the poses made from a second
   motion noise for the same prompt
   should differ from the first (the diversity term, :func:`pose_diversity`).
4. The EMA copy of the generator (used for samples, evaluation and inference) moves towards
   the trained one.

Adam with beta1 = 0 and two time scales (critic 4e-4, generator 1e-4): with equal rates the
generator out-ran the critic, which then scored real and generated clips alike.

Every random draw of step ``s`` comes from a generator seeded by ``(seed, rank, s)``, so a
resumed run repeats exactly what an uninterrupted run does, and DDP processes see different
data. Checkpoints (``DIR/checkpoint.pt``) are written atomically by rank 0 and hold everything
needed to continue: weights, EMA, optimisers, AMP scalers, RNG states, configuration, vocabulary
and loss history, all as plain data that ``torch.load(..., weights_only=True)`` reads.

Presets (``python -m helpers train --preset NAME``):

* ``smoke``: 32×32, tiny networks, 30 steps: seconds on a CPU; checks the code path.
* ``cpu``: 64×64×10, half the widths of the first design, 9000 steps of 16 clips: 0.35 s per
  step on two threads of the 2-core development machine (~52 minutes; measured). Shapes are
  clean from ~500 steps (the sprite critic), colours follow the prompt by ~1500, motions come
  last. Learning curves and the spread over seeds: helpers/assets/README.md.
* ``gpu``: the ``cpu`` preset's model and steps with 64 clips per step, ``--amp auto`` (fp16
  with a gradient scaler on a T4, bf16 on Ampere or newer): 31 GFLOP per step
  (:func:`step_flops`), so the step is bound by kernel launches rather than arithmetic; 9000
  steps should take ~5-8 min on a T4 (an estimate: no GPU has run it yet).

With ``T2V_SMOKE=1`` every preset shrinks to the smoke sizes (same code path).

The step avoids work a GPU would wait on: the discriminator is frozen during the generator step
(its weight gradients there were thrown away), the EMA is one multi-tensor ``lerp``, Adam uses
its fused kernel on CUDA, and the colour-less rows are known on the host. On a CPU the losses are
the same as before these changes, to the last bit (``tests/test_train.py``).
Under ``torchrun`` each process needs its own GPU; more processes than GPUs is refused.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import math
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from .models import Generator, ModelConfig, build_models
from .prompts import COLOURS, MOTIONS, SHAPES, Prompt, Vocabulary, parse_prompt
from .runtime import AMP_MODES, COMPILE_MODES, is_smoke, pick_device, to_device
from .split import is_held_out, split_prompts
from .text_encoder import drop_colours, encode_prompts
from .world import COLOUR_RGB, draw, raster_inputs, sample_trajectories, shape_masks, to_uint8_clips

CHECKPOINT_NAME = "checkpoint.pt"
KEPT_PREFIX = "ckpt_"  # train --keep-every N keeps DIR/ckpt_<step>.pt
# The real masks' half-extent, as a share of the sprite's half-side: the range a sprite may fill.
# Below 0.75, where the sprite's window starts fading out (Generator.sprite_window).
SPRITE_FILL = (0.45, 0.72)
PRESETS = ("smoke", "cpu", "gpu")

# Opposite motions: the mismatched prompts that only a critic watching the direction rejects.
OPPOSITE_MOTION = {
    "moving up": "moving down", "moving left": "moving right",
    "moving up-left": "moving down-right", "moving up-right": "moving down-left",
    "bouncing vertically": "bouncing horizontally", "zigzagging horizontally": "zigzagging vertically",
    "shrinking": "expanding", "rotating clockwise": "rotating counter-clockwise",
}
OPPOSITE_MOTION.update({v: k for k, v in list(OPPOSITE_MOTION.items())})
assert set(OPPOSITE_MOTION) == set(MOTIONS)

# Shown in the periodic sample grids: one row per prompt. Seen, validation and colour-less prompts,
# never the test split: what is watched during training is a development decision (docs/EVALUATION.md).
SAMPLE_PROMPTS = (
    "red circle moving right",
    "green square rotating counter-clockwise",
    "blue triangle moving up",
    "yellow square bouncing vertically",
    "blue circle zigzagging horizontally",  # validation split
    "yellow triangle rotating clockwise",  # validation split
    "red circle rotating counter-clockwise",  # validation split
    "triangle rotating clockwise",  # no colour
)


@dataclass
class TrainConfig:
    """Everything that defines a training run; stored in checkpoints as plain data."""

    preset: str = "custom"
    model: ModelConfig = field(default_factory=ModelConfig)
    batch_size: int = 16  # clips per step per process
    steps: int = 1000
    lr_g: float = 1e-4  # two time-scale update rule: the critic learns 4x faster
    lr_d: float = 4e-4
    beta1: float = 0.0
    beta2: float = 0.99
    ema_decay: float = 0.999
    mismatch_weight: float = 0.5  # hinge weight of real clip + wrong prompt
    mismatch_fraction: float = 0.5  # share of the real clips also shown with a wrong prompt
    colour_drop: float = 0.2  # share of prompts whose colour word is dropped
    frame_d_weight: float = 1.0  # weight of the per-frame critic (if the model has one)
    aux_weight: float = 1.0  # the critic names the attributes of real clips (cross-entropy)
    aux_weight_g: float = 1.0  # the generator is rewarded when the critic names its prompt's attributes
    colourless_entropy: float = 1.0  # colour-less prompts: reward one clear colour (low entropy of the colour head)
    colourless_snap: float = 1.0  # colour-less prompts: pull the colour to the named one the code picks (layered)
    sprite_d_weight: float = 1.0  # weight of the sprite critic (if the model has one): the shape alone
    # Weight of the track critic (if the model has one), the path alone. At 1 the video critic's
    # ridge held both rotating prompts to one direction; at 6 the track critic's climb outweighs
    # it (README, "Measured figures"; scripts/turn_landscape.py).
    track_d_weight: float = 6.0
    diversity_weight: float = 1.0  # reward poses that differ between two noises of one prompt (layered)
    diversity_cap: float = 0.25  # ... up to this much pose change per unit of noise change (see pose_diversity)
    freeze_embedding: bool = False  # keep the generator's word vectors at their random start, as the blog did
    log_every: int = 10
    sample_every: int = 250
    checkpoint_every: int = 250
    keep_every: int = 0  # also keep a copy of the checkpoint every N steps, DIR/ckpt_<step>.pt (0: never)
    amp: str = "auto"  # mixed precision, one of AMP_MODES: see resolve_amp
    compile: str = "off"  # torch.compile backend of both networks, one of COMPILE_MODES: see compile_models
    seed: int = 0
    smoke: bool = False

    def __post_init__(self):
        # Checkpoints written before the dtype became a setting stored a bool: True meant "fp16 on CUDA".
        if isinstance(self.amp, bool):
            self.amp = "auto" if self.amp else "off"
        if self.amp not in AMP_MODES:
            raise ValueError(f"unknown --amp {self.amp!r}; choose one of {', '.join(AMP_MODES)}")
        if self.compile not in COMPILE_MODES:
            raise ValueError(f"unknown --compile {self.compile!r}; choose one of {', '.join(COMPILE_MODES)}")
        for name in ("batch_size", "steps", "log_every", "sample_every", "checkpoint_every"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise ValueError(f"{name} must be a positive whole number, got {getattr(self, name)!r}")
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"{f.name} must be a finite number, got {value}")
        if self.keep_every < 0 or (self.keep_every and self.keep_every % self.checkpoint_every):
            raise ValueError(f"--keep-every must be a multiple of the checkpoint interval "
                             f"({self.checkpoint_every} steps), got {self.keep_every}")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["model"] = self.model.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> TrainConfig:
        data = dict(data)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown training settings {unknown}")
        data["model"] = ModelConfig.from_dict(data.get("model", {}))
        data.setdefault("diversity_weight", 0.0)  # checkpoints from before the term trained without it
        return cls(**data)


def preset_config(name: str, smoke: bool | None = None) -> TrainConfig:
    """The configuration of a preset; with smoke mode (``T2V_SMOKE=1``) any preset is shrunk."""
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    smoke = is_smoke() if smoke is None else smoke
    if name == "smoke" or smoke:
        model = ModelConfig(height=32, width=32, g_ch=4, d_ch=4, embed_dim=32, text_dim=64,
                            z_content=16, z_motion=16, content_dim=32, motion_dim=32, mlp_dim=64)
        return TrainConfig(preset=name, model=model, batch_size=8, steps=30, lr_g=2e-4, lr_d=8e-4,
                           ema_decay=0.99, log_every=5, sample_every=15, checkpoint_every=15,
                           smoke=name != "smoke")
    if name == "cpu":
        # The real size, 64x64, at half the gpu preset's widths; the video critic reads the clips
        # average-pooled to 32x32 (motion and colour need no more) and the sprite critic judges the
        # shape at the sprite's 32x32: 0.35 s per step on two threads of the 2-core development
        # machine, 9000 steps in ~52 minutes (measured; the full-size video critic doubles the step).
        model = ModelConfig(height=64, width=64, g_ch=8, d_ch=8)
        return TrainConfig(preset=name, model=model, batch_size=16, steps=9000,
                           log_every=20, sample_every=500, checkpoint_every=250)
    # The cpu preset's model and steps (the design its learning curves validate), with four times
    # the clips per step: 31 GFLOP per step (step_flops), a few ms of a T4's fp16 arithmetic, so the
    # step is bound by its ~3,000 kernel launches (~30-50 ms): 9000 steps in ~5-8 minutes, an
    # estimate until a GPU measures it (scripts/gpu_check.py). On a T4 a batch of 64 costs about
    # what a batch of 16 does, and each step sees four times the data.
    model = ModelConfig(height=64, width=64, g_ch=8, d_ch=8)
    return TrainConfig(preset=name, model=model, batch_size=64, steps=9000,
                       log_every=25, sample_every=500, checkpoint_every=500)


# Settings `--set` leaves alone, and what to use instead.
FIXED_SETTINGS = {"preset": "it names the recipe a run started from; choose it with --preset",
                  "smoke": "it is set by T2V_SMOKE", "seed": "use --seed", "steps": "use --steps",
                  "amp": "use --amp", "compile": "use --compile", "keep_every": "use --keep-every"}


def with_settings(config: TrainConfig, settings: Sequence[str]) -> TrainConfig:
    """``config`` with ``KEY=VALUE`` settings changed (``train --set``), ``model.KEY`` for the
    networks': one command per ablation or trial, e.g. ``--set mismatch_weight=0`` or
    ``--set model.track_d=false``. Values are read as JSON (``0``, ``false``, ``"frames"``; a bare
    word is a string) and must have the setting's type; the result is checked like a checkpoint's."""
    data = config.to_dict()
    for setting in settings:
        key, sep, text = setting.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--set takes KEY=VALUE (e.g. mismatch_weight=0 or model.track_d=false), got {setting!r}")
        if key.strip() in FIXED_SETTINGS:
            raise ValueError(f"--set cannot change {key.strip()!r}: {FIXED_SETTINGS[key.strip()]}")
        path = key.strip().split(".")
        target = data["model"] if path[0] == "model" and len(path) == 2 else data if len(path) == 1 else None
        name = path[-1]
        if target is None or name not in target or name == "model":
            model_keys = ", ".join(f"model.{k}" for k in data["model"])
            raise ValueError(f"unknown setting {key!r}; settings: {', '.join(k for k in data if k != 'model')}, "
                             f"{model_keys}")
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = text
        old = target[name]
        if isinstance(old, bool) != isinstance(value, bool) or (
                not isinstance(value, type(old)) and not (isinstance(old, float) and isinstance(value, int))):
            kind = {bool: "true or false", int: "a whole number", float: "a number"}.get(type(old), "a word")
            raise ValueError(f"--set {key}: expected {kind} (like {json.dumps(old)}), got {text!r}")
        target[name] = float(value) if isinstance(old, float) else value
    return TrainConfig.from_dict(data)


def resolve_amp(mode: str, device: torch.device) -> tuple[torch.dtype | None, bool]:
    """The autocast dtype (None: full fp32) and whether a gradient scaler is needed.

    ``auto``: on CUDA, bf16 where the GPU computes it fast (Ampere, compute capability 8, or
    newer) and fp16 with a scaler before that (a T4 is 7.5; its bf16 is emulated and slow);
    elsewhere off. ``fp16`` and ``bf16`` run the same autocast path on any device, so the CUDA
    code path is also exercised on a CPU (slowly: CPUs have few fast 16-bit kernels). fp16's
    small gradients underflow without a scaler; bf16 has fp32's range and needs none."""
    if mode not in AMP_MODES:
        raise ValueError(f"unknown --amp {mode!r}; choose one of {', '.join(AMP_MODES)}")
    if mode == "auto":
        if device.type != "cuda":
            return None, False
        ampere = torch.cuda.get_device_capability(device)[0] >= 8
        mode = "bf16" if ampere and torch.cuda.is_bf16_supported() else "fp16"
    if mode == "off":
        return None, False
    return (torch.float16, True) if mode == "fp16" else (torch.bfloat16, False)


# --------------------------------------------------------------------------------------------
# Small pieces


def step_generator(seed: int, rank: int, step: int) -> torch.Generator:
    """The CPU generator for every random draw of one step of one process."""
    digest = hashlib.blake2b(f"t2v/{seed}/{rank}/{step}".encode(), digest_size=8).digest()
    return torch.Generator().manual_seed(int.from_bytes(digest, "little") >> 1)


def mismatched_prompt(prompt: Prompt, generator: torch.Generator) -> Prompt:
    """``prompt`` with one attribute changed (colour, shape, or motion: half of the time the
    opposite motion); never a held-out combination."""
    kinds = (["colour"] if prompt.colour else []) + ["shape", "motion", "opposite"]
    while True:
        draw = torch.randint(10_000, (2,), generator=generator).tolist()
        kind = kinds[draw[0] % len(kinds)]
        if kind == "colour":
            others = [c for c in COLOURS if c != prompt.colour]
            new = Prompt(prompt.shape, prompt.motion, others[draw[1] % len(others)])
        elif kind == "shape":
            others = [s for s in SHAPES if s != prompt.shape]
            new = Prompt(others[draw[1] % len(others)], prompt.motion, prompt.colour)
        elif kind == "motion":
            others = [m for m in MOTIONS if m != prompt.motion]
            new = Prompt(prompt.shape, others[draw[1] % len(others)], prompt.colour)
        else:
            new = Prompt(prompt.shape, OPPOSITE_MOTION[prompt.motion], prompt.colour)
        if not is_held_out(new):
            return new


@dataclass
class Batch:
    real: torch.Tensor  # (B, 3, T, H, W) in [-1, 1], on the device
    tokens: torch.Tensor  # (B, L) prompts of the real clips (some without colour)
    wrong_tokens: torch.Tensor  # (M, L) changed prompts for the first M real clips
    z: torch.Tensor  # (B, z_dim) noise for the generated clips
    frames_d: torch.Tensor  # (2B + M, k) frames the per-frame critic judges in the D step
    frames_g: torch.Tensor  # (B, k) ... in the G step
    labels: torch.Tensor  # (B, 3) shape, colour and motion ids of the real clips (and the prompts)
    colour_named: torch.Tensor  # (B,) bool: the prompt kept its colour word
    prompts: list[Prompt]
    # Rows whose prompt lost its colour word, known on the host: finding them from
    # ``colour_named`` on a GPU would make the step wait for the device.
    colourless_rows: list[int] = field(default_factory=list)
    # The sprite critic's real masks (B, 1, S, S) and, for the first M, a wrong shape id (M,).
    masks: torch.Tensor | None = None
    wrong_shapes: torch.Tensor | None = None
    z_other: torch.Tensor | None = None  # (B, z_dim): z with other motion noise (the diversity term)
    # The track critic's real tracks (B, T, 3), the real clips' own paths, and for the first M a
    # wrong motion id (M,).
    tracks: torch.Tensor | None = None
    wrong_motions: torch.Tensor | None = None


def make_batch(config: TrainConfig, vocab: Vocabulary, prompts: Sequence[Prompt], step_gen: torch.Generator,
               device: torch.device) -> Batch:
    """Draw one step's data with ``step_gen`` (on the CPU) and render it on ``device``.

    Everything random is drawn on the host; the tensors reach the device in one copy
    (``helpers.runtime.to_device``) and the real clips and masks are then drawn there, so a step
    on a GPU waits for no transfer but that one."""
    m = config.model
    b = config.batch_size
    chosen = [prompts[i] for i in torch.randint(len(prompts), (b,), generator=step_gen).tolist()]
    ids = [torch.tensor([getattr(p, a) for p in chosen]) for a in ("shape_id", "colour_id", "motion_id")]
    paths = sample_trajectories(ids[0], ids[2], m.frames, m.height, m.width, generator=step_gen)
    raster, plan = raster_inputs(ids[0], ids[1], paths, m.height, m.width)
    texts = drop_colours(chosen, config.colour_drop, step_gen)
    n_wrong = int(round(b * config.mismatch_fraction)) if config.mismatch_weight > 0 else 0
    wrong = [mismatched_prompt(p, step_gen) for p in texts[:n_wrong]]
    z = torch.randn(b, m.z_dim, generator=step_gen)
    k = max(m.frame_d_frames, 1)
    frames = torch.rand(3 * b + n_wrong, m.frames, generator=step_gen).argsort(dim=1)[:, :k]
    host = {
        "tokens": encode_prompts(vocab, texts),
        "wrong_tokens": encode_prompts(vocab, wrong) if wrong else torch.zeros(0, 4, dtype=torch.long),
        "z": z, "frames_d": frames[: 2 * b + n_wrong], "frames_g": frames[2 * b + n_wrong:],
        "labels": torch.stack(ids, dim=1), "colour_named": torch.tensor([t.colour is not None for t in texts]),
        **{f"raster_{name}": t for name, t in raster.items()},
    }
    # Drawn after everything above, so runs without these parts see exactly the data they saw before.
    if m.sprite_d and m.generator == "layered":
        fill = SPRITE_FILL[0] + (SPRITE_FILL[1] - SPRITE_FILL[0]) * torch.rand(b, generator=step_gen)
        host["mask_half"] = m.sprite_side / 2 * fill
        shift = 1 + torch.randint(len(SHAPES) - 1, (n_wrong,), generator=step_gen)
        host["wrong_shapes"] = (ids[0][:n_wrong] + shift) % len(SHAPES)
    if config.diversity_weight > 0 and m.generator == "layered":
        host["z_other"] = torch.cat([z[:, :m.z_content], torch.randn(b, m.z_motion, generator=step_gen)], dim=1)
    if m.track_d and m.generator == "layered":
        host["tracks"] = paths.as_poses(m.height, m.width)
        shift = 1 + torch.randint(len(MOTIONS) - 1, (n_wrong,), generator=step_gen)
        host["wrong_motions"] = (ids[2][:n_wrong] + shift) % len(MOTIONS)
    dev = to_device(host, device)
    real = draw({name: dev[f"raster_{name}"] for name in raster}, plan, m.height, m.width, layout="model")
    masks = None
    if "mask_half" in dev:
        masks = shape_masks(dev["labels"][:, 0], m.sprite_side, dev["mask_half"], device=device)
    return Batch(
        real=real, tokens=dev["tokens"], wrong_tokens=dev["wrong_tokens"], z=dev["z"],
        frames_d=dev["frames_d"], frames_g=dev["frames_g"], labels=dev["labels"], colour_named=dev["colour_named"],
        prompts=chosen, colourless_rows=[i for i, t in enumerate(texts) if t.colour is None],
        masks=masks, wrong_shapes=dev.get("wrong_shapes"), z_other=dev.get("z_other"), tracks=dev.get("tracks"),
        wrong_motions=dev.get("wrong_motions"),
    )


@torch.no_grad()
def update_ema(ema: nn.Module, model: nn.Module, decay: float) -> None:
    """EMA of the parameters; buffers (batch-norm statistics) are copied.

    One multi-tensor ``lerp`` for all parameters: on a GPU a few kernel launches instead of one
    per tensor; on a CPU the same arithmetic as a ``lerp_`` per tensor."""
    torch._foreach_lerp_(list(ema.parameters()), [p.detach() for p in model.parameters()], 1.0 - decay)
    for b_ema, b in zip(ema.buffers(), model.buffers()):
        b_ema.copy_(b)


@torch.no_grad()
def standing_stats(generator: Generator, vocab: Vocabulary, prompts: Sequence[Prompt], rng: torch.Generator,
                   device: torch.device, batches: int = 4, batch_size: int = 32, colour_drop: float = 0.2) -> None:
    """Recompute the EMA generator's batch-norm statistics with its own weights.

    The running statistics gathered during training belong to the trained weights, not to their
    average; re-estimating them (as BigGAN's "standing statistics") makes eval-mode samples match.
    """
    norms = [mod for mod in generator.modules() if isinstance(mod, nn.modules.batchnorm._BatchNorm)]
    saved = [mod.momentum for mod in norms]
    for mod in norms:
        mod.reset_running_stats()
        mod.momentum = None  # cumulative average over the batches below
    was_training = generator.training
    generator.train()
    for _ in range(batches):
        chosen = [prompts[i] for i in torch.randint(len(prompts), (batch_size,), generator=rng).tolist()]
        chosen = drop_colours(chosen, colour_drop, rng)
        z = generator.sample_z(batch_size, rng).to(device)
        generator(encode_prompts(vocab, chosen, device), z)
    for mod, momentum in zip(norms, saved):
        mod.momentum = momentum
    generator.train(was_training)


def colour_accuracy(clips: np.ndarray, prompts: Sequence[str | Prompt]) -> float:
    """Share of clips whose saturated pixels average closest to the prompt's colour.

    A quick training-time check that needs no classifier: clips with no saturated pixel count as
    wrong; colour-less prompts are skipped. Returns nan when no prompt has a colour.
    """
    clips = np.asarray(clips).astype(np.float32)
    palette = np.array([COLOUR_RGB[c] for c in COLOURS], dtype=np.float32)
    hits, total = 0, 0
    for clip, prompt in zip(clips, prompts):
        colour = parse_prompt(prompt).colour
        if colour is None:
            continue
        total += 1
        saturated = (clip.max(axis=-1) - clip.min(axis=-1)) > 80
        if saturated.sum() < 4:
            continue
        mean = clip[saturated].mean(axis=0)
        hits += int(COLOURS[int(np.argmin(((palette - mean) ** 2).sum(axis=1)))] == colour)
    return hits / total if total else float("nan")


def sample_grid(clips: np.ndarray, labels: Sequence[str] | None = None, scale: int = 0) -> np.ndarray:
    """One row per clip, frames left to right, optional label above each row: uint8 (H, W, 3)."""
    from PIL import Image, ImageDraw

    clips = np.asarray(clips)
    n, t, h, w, _ = clips.shape
    scale = scale or max(1, 64 // h)
    gap, label_h = 2, (12 if labels else 0)
    row_h = label_h + h * scale + gap
    canvas = Image.new("RGB", (t * (w * scale + gap) + gap, n * row_h + gap), (200, 200, 200))
    draw = ImageDraw.Draw(canvas)
    for i in range(n):
        y = gap + i * row_h
        if labels:
            draw.text((gap, y), str(labels[i]), fill=(0, 0, 0))
        for j in range(t):
            frame = Image.fromarray(clips[i, j]).resize((w * scale, h * scale), Image.NEAREST)
            canvas.paste(frame, (gap + j * (w * scale + gap), y + label_h))
    return np.asarray(canvas)


def _save_png(image: np.ndarray, path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    Image.fromarray(image).save(tmp, format="PNG")
    os.replace(tmp, path)


@torch.no_grad()
def generate_clips(generator: Generator, vocab: Vocabulary, prompts: Sequence[str | Prompt], seed: int,
                   device: torch.device, batch_size: int = 64) -> np.ndarray:
    """uint8 clips ``(N, T, H, W, 3)`` from ``generator`` in eval mode; clip ``i`` depends only on
    ``(seed, i, prompt)``, not on the batch it is made in."""
    tokens = encode_prompts(vocab, prompts)
    z = torch.stack([generator.sample_z(1, step_generator(seed, -1, i))[0] for i in range(len(prompts))]) \
        if prompts else torch.zeros(0, generator.config.z_dim)
    was_training = generator.training
    generator.eval()
    out = []
    for start in range(0, len(prompts), batch_size):
        clips = generator(tokens[start:start + batch_size].to(device), z[start:start + batch_size].to(device))
        out.append(to_uint8_clips(clips).cpu().numpy())
    generator.train(was_training)
    m = generator.config
    return np.concatenate(out) if out else np.zeros((0, m.frames, m.height, m.width, 3), np.uint8)


# --------------------------------------------------------------------------------------------
# RNG states as plain data


def rng_state() -> dict:
    np_state = np.random.get_state()
    py_state = random.getstate()
    return {
        "torch": torch.get_rng_state(),
        "cuda": list(torch.cuda.get_rng_state_all()) if torch.cuda.is_available() else [],
        "numpy": [np_state[0], torch.from_numpy(np_state[1].astype(np.int64)), int(np_state[2]),
                  int(np_state[3]), float(np_state[4])],
        "python": [py_state[0], list(py_state[1]), py_state[2]],
    }


def set_rng_state(state: dict) -> None:
    torch.set_rng_state(state["torch"].cpu())
    if state.get("cuda") and torch.cuda.is_available() and len(state["cuda"]) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])
    name, keys, pos, has_gauss, gauss = state["numpy"]
    np.random.set_state((name, keys.numpy().astype(np.uint32), pos, has_gauss, gauss))
    version, internal, gauss_next = state["python"]
    random.setstate((version, tuple(internal), gauss_next))


# --------------------------------------------------------------------------------------------
# Distributed (torchrun) support


@dataclass
class Dist:
    rank: int = 0
    local_rank: int = 0
    world: int = 1
    started_here: bool = False

    @property
    def main(self) -> bool:
        return self.rank == 0


def _setup_distributed(device_hint: str | None) -> tuple[Dist, torch.device]:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world <= 1:
        return Dist(), pick_device(device_hint)
    import torch.distributed as dist

    rank, local_rank = int(os.environ.get("RANK", "0")), int(os.environ.get("LOCAL_RANK", "0"))
    use_cuda = torch.cuda.is_available() and (device_hint in (None, "cuda") or str(device_hint).startswith("cuda"))
    if use_cuda:
        # One GPU per process: NCCL refuses two ranks on one GPU (Colab's single T4 with
        # --nproc_per_node=2 used to end in an NCCL dump), so say what to do instead.
        local_world = int(os.environ.get("LOCAL_WORLD_SIZE", str(world)))
        gpus = torch.cuda.device_count()
        if local_world > gpus:
            raise RuntimeError(
                f"{local_world} training processes on this machine but {gpus} GPU{'s' if gpus != 1 else ''}: "
                f"start at most {gpus} (torchrun --nproc_per_node={gpus} ...), or run CPU processes with "
                "the gloo backend by hiding the GPUs (CUDA_VISIBLE_DEVICES= torchrun ...)")
        device = torch.device("cuda", local_rank)
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
    started = False
    if not dist.is_initialized():
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
        started = True
    return Dist(rank=rank, local_rank=local_rank, world=world, started_here=started), device


# --------------------------------------------------------------------------------------------
# The training loop


@dataclass
class TrainResult:
    out_dir: Path
    checkpoint: Path
    step: int
    history: dict
    config: TrainConfig
    samples: list[Path] = field(default_factory=list)


HISTORY_KEYS = ("step", "loss_d", "loss_g", "d_real", "d_fake", "d_wrong", "sec_per_step")


def _check_preset_name(preset: str | TrainConfig) -> None:
    if isinstance(preset, str) and preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")


def train(
    preset: str | TrainConfig = "smoke",
    out_dir: str | os.PathLike | None = None,
    resume: bool = False,
    steps: int | None = None,
    seed: int | None = None,
    device: str | None = None,
    on_sample: Callable[[int, np.ndarray, Path | None], None] | None = None,
    on_log: Callable[[int, dict], None] | None = None,
    progress: bool = True,
    overwrite: bool = False,
    amp: str | None = None,
    keep_every: int | None = None,
    compile_mode: str | None = None,
    settings: Sequence[str] = (),
) -> TrainResult:
    """Train (or, with ``resume=True``, continue training) and return the result.

    ``preset`` is a preset name or a :class:`TrainConfig`. ``steps`` is the total number of steps
    (also when resuming). ``on_sample(step, grid, path)`` receives each sample grid (uint8 RGB
    image) and ``on_log(step, record)`` each history record, so notebooks can show progress inline.
    Without ``resume``, a folder that already holds a checkpoint is refused unless ``overwrite``.
    ``amp`` (one of :data:`AMP_MODES`) overrides the configuration's mixed precision, also when
    resuming: a run started on a CPU may go on on a GPU. ``keep_every`` (steps, a multiple of the
    checkpoint interval) keeps copies ``DIR/ckpt_<step>.pt`` for learning curves
    (``scripts/learning_curve.py``). ``compile_mode`` (one of :data:`COMPILE_MODES`) overrides the
    configuration's graph compiler (:func:`compile_models`); a resumed run is not compiled unless
    asked again. ``settings``
    (``KEY=VALUE`` strings, :func:`with_settings`) change a new run's configuration.
    """
    _check_preset_name(preset)
    name = preset if isinstance(preset, str) else preset.preset
    out = Path(out_dir) if out_dir is not None else Path("runs") / name
    ckpt_path = out / CHECKPOINT_NAME
    dist_info, dev = _setup_distributed(device)
    try:
        return _train(preset, out, ckpt_path, resume, steps, seed, dev, dist_info, on_sample, on_log,
                      progress, overwrite, amp, keep_every, compile_mode, settings)
    finally:
        if dist_info.started_here:
            import torch.distributed as dist

            dist.destroy_process_group()


def _train(preset, out, ckpt_path, resume, steps, seed, dev, dist_info: Dist, on_sample, on_log, progress,
           overwrite, amp=None, keep_every=None, compile_mode=None, settings=()) -> TrainResult:
    from tqdm.auto import tqdm

    state = None
    if resume:
        state = load_checkpoint(ckpt_path, map_location="cpu", training=True,
                                missing_hint=f"nothing to resume in {str(out)!r}; train without --resume first")
        config = TrainConfig.from_dict(state["train_config"])
        if isinstance(preset, str) and preset != config.preset:
            raise ValueError(f"{str(ckpt_path)!r} was trained with preset {config.preset!r}, not {preset!r}")
        if seed is not None and seed != config.seed:
            raise ValueError(f"{str(ckpt_path)!r} was trained with seed {config.seed}; a resumed run keeps it")
        if settings:
            raise ValueError("a resumed run keeps the settings it was started with; --set is for a new run")
    else:
        if ckpt_path.exists() and not overwrite:
            raise ValueError(f"{str(out)!r} already holds a checkpoint; pass --resume to continue it "
                             "or choose another --out")
        config = preset_config(preset) if isinstance(preset, str) else copy.deepcopy(preset)
        if seed is not None:
            config = replace(config, seed=seed)
        config = with_settings(config, settings)
    if amp is not None:
        config = replace(config, amp=amp)
    # The compiler is this process's choice, not the run's: a run compiled on a GPU and resumed on
    # a laptop (no C++ compiler, minutes of compiling) runs plainly unless asked again.
    if compile_mode is not None:
        config = replace(config, compile=compile_mode)
    elif resume:
        config = replace(config, compile="off")
    if keep_every is not None:
        config = replace(config, keep_every=keep_every)  # (checked by TrainConfig)
    if steps is not None:
        if steps < 1:
            raise ValueError(f"--steps must be at least 1, got {steps}")
        config = replace(config, steps=steps)

    vocab = Vocabulary.from_dict(state["vocab"]) if state else Vocabulary()
    prompts = split_prompts("train")
    amp_dtype, use_scaler = resolve_amp(config.amp, dev)
    if dev.type == "cuda":
        torch.backends.cudnn.benchmark = True

    torch.manual_seed(config.seed)  # the initial weights
    G, D = build_models(config.model, len(vocab))
    if config.freeze_embedding:  # (Adam skips parameters without gradients; the EMA copy stays equal)
        G.text.embedding.weight.requires_grad_(False)
    G.to(dev)
    D.to(dev)
    G_ema = copy.deepcopy(G).eval()
    for p in G_ema.parameters():
        p.requires_grad_(False)
    betas = (float(config.beta1), float(config.beta2))
    fused = _fused_adam(dev)
    opt_g = torch.optim.Adam(G.parameters(), lr=config.lr_g, betas=betas, fused=fused)
    opt_d = torch.optim.Adam(D.parameters(), lr=config.lr_d, betas=betas, fused=fused)
    # torch.amp.GradScaler(device) is torch >= 2.3 (the floor in requirements.txt); disabled, it is a no-op.
    scaler_g = torch.amp.GradScaler(dev.type, enabled=use_scaler)
    scaler_d = torch.amp.GradScaler(dev.type, enabled=use_scaler)
    history: dict = {k: [] for k in HISTORY_KEYS}
    start = 0
    if state is not None:
        G.load_state_dict(state["generator"])
        D.load_state_dict(state["discriminator"])
        G_ema.load_state_dict(state["generator_ema"])
        _load_optimizer(opt_g, state["opt_g"])
        _load_optimizer(opt_d, state["opt_d"])
        if use_scaler and state.get("scaler_g"):
            scaler_g.load_state_dict(state["scaler_g"])
            scaler_d.load_state_dict(state["scaler_d"])
        history = {k: list(v) for k, v in state.get("history", history).items()}
        start = int(state["step"])
        if state.get("rng"):
            set_rng_state(state["rng"])

    # What each step calls: the networks themselves, or DDP-wrapped (gradients averaged over the
    # processes), or compiled. The generator step's critic is never DDP-wrapped: D is frozen there.
    G_train, D_train = G, D
    if dist_info.world > 1:
        from torch.nn.parallel import DistributedDataParallel as DDP

        ids = [dev.index] if dev.type == "cuda" else None
        G_train, D_train = DDP(G, device_ids=ids), DDP(D, device_ids=ids)
    G_train, D_train, D_frozen = compile_models(config.compile, G_train, D_train, D)

    def checkpoint_state(step: int) -> dict:
        return {
            "model_config": config.model.to_dict(), "train_config": config.to_dict(), "vocab": vocab.to_dict(),
            "step": step, "generator": G.state_dict(), "discriminator": D.state_dict(),
            "generator_ema": G_ema.state_dict(), "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict(),
            "scaler_g": scaler_g.state_dict(), "scaler_d": scaler_d.state_dict(), "rng": rng_state(),
            "history": history, "world_size": dist_info.world,
        }

    def refresh_ema_stats(step: int) -> None:
        standing_stats(G_ema, vocab, prompts, step_generator(config.seed, -2, step), dev,
                       batch_size=max(config.batch_size, 32), colour_drop=config.colour_drop)

    samples: list[Path] = []
    if dist_info.main:
        out.mkdir(parents=True, exist_ok=True)
        (out / "config.json").write_text(json.dumps(config.to_dict(), indent=2) + "\n")

    def amp_ctx():
        if amp_dtype is not None:
            return torch.autocast(dev.type, dtype=amp_dtype)
        return contextlib.nullcontext()

    bar = tqdm(total=config.steps, initial=start, disable=not (progress and dist_info.main),
               desc=f"train {config.preset}", unit="step", dynamic_ncols=True)
    sums = torch.zeros(5, dtype=torch.float64, device=dev if dev.type == "cuda" else "cpu")
    counted = 0
    tic = time.perf_counter()
    step = start
    for step in range(start + 1, config.steps + 1):
        gen = step_generator(config.seed, dist_info.rank, step)
        batch = make_batch(config, vocab, prompts, gen, dev)

        # Discriminator step: real/right prompt, fake/right prompt, real/wrong prompt, one batch.
        with amp_ctx():
            fake = generate_for_step(G_train, batch)
            loss_d, parts = critic_loss(D_train, batch, fake, config)
        opt_d.zero_grad(set_to_none=True)
        scaler_d.scale(loss_d).backward()
        scaler_d.step(opt_d)
        scaler_d.update()

        # Generator step, through the updated discriminator (not wrapped: no gradient sync for D).
        # D is frozen meanwhile: its weight gradients would be computed only to be thrown away
        # (about 9 % of the step's arithmetic); the gradient still flows through D to the clips.
        D.requires_grad_(False)
        try:
            with amp_ctx():
                loss_g = generator_loss(G, D_frozen, vocab, batch, fake, config)
            opt_g.zero_grad(set_to_none=True)
            scaler_g.scale(loss_g).backward()
            scaler_g.step(opt_g)
            scaler_g.update()
        finally:  # D learns again in the next critic step, whatever happened here
            D.requires_grad_(True)
        decay = min(config.ema_decay, (1.0 + step) / (10.0 + step))
        update_ema(G_ema, G, decay)

        sums += torch.stack([loss_d.detach().float(), loss_g.detach().float(), *parts]).to(sums)  # no sync
        counted += 1
        last = step == config.steps
        if step % config.log_every == 0 or last:
            values = sums / counted
            if dist_info.world > 1:
                import torch.distributed as dist

                dist.all_reduce(values)
                values = values / dist_info.world
            values = values.cpu()
            seconds = (time.perf_counter() - tic) / counted
            record = {"step": step, "loss_d": float(values[0]), "loss_g": float(values[1]),
                      "d_real": float(values[2]), "d_fake": float(values[3]), "d_wrong": float(values[4]),
                      "sec_per_step": seconds}
            for k in HISTORY_KEYS:
                history[k].append(record[k])
            sums.zero_()
            counted = 0
            tic = time.perf_counter()
            bar.set_postfix(loss_d=f"{record['loss_d']:.3f}", loss_g=f"{record['loss_g']:.3f}", refresh=False)
            if on_log is not None and dist_info.main:
                on_log(step, record)
        want_sample = step % config.sample_every == 0 or last
        want_ckpt = step % config.checkpoint_every == 0 or last
        if dist_info.main and (want_sample or want_ckpt):
            refresh_ema_stats(step)
            if want_sample:
                clips_u8 = generate_clips(G_ema, vocab, SAMPLE_PROMPTS, config.seed, dev)
                grid = sample_grid(clips_u8, SAMPLE_PROMPTS)
                path = out / "samples" / f"step_{step:06d}.png"
                _save_png(grid, path)
                samples.append(path)
                if on_sample is not None:
                    on_sample(step, grid, path)
            if want_ckpt:
                save_checkpoint(checkpoint_state(step), ckpt_path)
                _write_json(out / "history.json", history)
                if config.keep_every and step % config.keep_every == 0:
                    _keep_copy(ckpt_path, out / f"{KEPT_PREFIX}{step}.pt")
        bar.update(1)
    bar.close()
    if dist_info.world > 1:
        import torch.distributed as dist

        dist.barrier()
    if start >= config.steps and dist_info.main:
        print(f"{str(ckpt_path)!r} is already at step {start} of {config.steps}; nothing to do")
    return TrainResult(out_dir=out, checkpoint=ckpt_path, step=max(step, start), history=history, config=config,
                       samples=samples)


@dataclass
class Fake:
    """The generator's output for one step: clips, and (layered) the sprite and poses behind them."""

    clips: torch.Tensor  # (B, 3, T, H, W)
    sprite: torch.Tensor | None = None  # (B, 1, S, S)
    poses: torch.Tensor | None = None  # (B, T, 3)


def generate_for_step(generator: nn.Module, batch: Batch) -> Fake:
    """The step's generated clips for the batch's prompts and noise (``generator`` may be DDP-wrapped)."""
    if batch.masks is None and batch.z_other is None and batch.tracks is None:
        return Fake(generator(batch.tokens, batch.z))
    return Fake(*generator(batch.tokens, batch.z, parts=True))


def critic_loss(D: nn.Module, batch: Batch, fake: Fake, config: TrainConfig):
    """The critic step's loss and ``(mean real, fake, wrong-prompt score)`` of the video critic.

    Hinge loss on three kinds of (clip, prompt) pairs in one batch: real clip + its prompt, the
    generated clip (detached: this step trains the critic only) + its prompt, real clip + a
    changed prompt; the attribute heads' cross-entropy on the real clips; the per-frame critic
    the same way; the sprite critic on real masks + their shape, the generated sprites, and real
    masks + a wrong shape; the track critic on real tracks + their motion, the generated poses, and
    real tracks + a wrong motion."""
    b, n_wrong = batch.real.shape[0], batch.wrong_tokens.shape[0]
    clips = torch.cat([batch.real, fake.clips.detach().to(batch.real.dtype), batch.real[:n_wrong]])
    tokens = torch.cat([batch.tokens, batch.tokens, batch.wrong_tokens])
    masks = shapes = None
    if batch.masks is not None:
        masks = torch.cat([batch.masks, fake.sprite.detach().to(batch.masks.dtype), batch.masks[:n_wrong]])
        shapes = torch.cat([batch.labels[:, 0], batch.labels[:, 0], batch.wrong_shapes])
    tracks = motions = None
    if batch.tracks is not None:
        tracks = torch.cat([batch.tracks, fake.poses.detach().to(batch.tracks.dtype), batch.tracks[:n_wrong]])
        motions = torch.cat([batch.labels[:, 2], batch.labels[:, 2], batch.wrong_motions])
    scores = D(clips, tokens, batch.frames_d, masks=masks, shape_ids=shapes, tracks=tracks, motion_ids=motions)
    loss, parts = _d_loss(scores.video, b, n_wrong, config.mismatch_weight)
    if scores.aux is not None:  # (times 0 when unused, so DDP sees a gradient for every parameter)
        loss = loss + (config.aux_weight * _aux_loss(scores.aux[:b], batch.labels) if config.aux_weight > 0
                       else 0.0 * scores.aux.float().sum())
    if scores.frame is not None:
        per_clip = scores.frame.shape[0] // clips.shape[0]
        frame_loss, _ = _d_loss(scores.frame, b * per_clip, n_wrong * per_clip, config.mismatch_weight)
        loss = loss + config.frame_d_weight * frame_loss
    if scores.sprite is not None:
        sprite_loss, _ = _d_loss(scores.sprite, b, n_wrong, config.mismatch_weight)
        loss = loss + config.sprite_d_weight * sprite_loss
    if scores.track is not None:
        track_loss, _ = _d_loss(scores.track, b, n_wrong, config.mismatch_weight)
        loss = loss + config.track_d_weight * track_loss
    return loss, parts


def generator_loss(G: Generator, D: nn.Module, vocab: Vocabulary, batch: Batch, fake: Fake,
                   config: TrainConfig) -> torch.Tensor:
    """The generator step's loss, through the (frozen) critic: its scores of the generated clips
    (and sprites and poses), its attribute heads reading the prompt, the colour-less terms, and the
    diversity term on the poses."""
    tracks = fake.poses if batch.tracks is not None else None
    scores = D(fake.clips, batch.tokens, batch.frames_g, masks=fake.sprite, shape_ids=batch.labels[:, 0],
               tracks=tracks, motion_ids=batch.labels[:, 2])
    loss = -scores.video.float().mean()
    if scores.aux is not None and config.aux_weight_g > 0:
        loss = loss + config.aux_weight_g * _aux_loss(scores.aux, batch.labels, batch.colour_named)
    if scores.aux is not None and config.colourless_entropy > 0:
        loss = loss + config.colourless_entropy * _colour_entropy(scores.aux, ~batch.colour_named)
    if config.colourless_snap > 0 and config.model.generator == "layered":
        loss = loss + config.colourless_snap * _colour_snap(G, vocab, batch)
    if scores.frame is not None:
        loss = loss - config.frame_d_weight * scores.frame.float().mean()
    if scores.sprite is not None:
        loss = loss - config.sprite_d_weight * scores.sprite.float().mean()
    if scores.track is not None:
        loss = loss - config.track_d_weight * scores.track.float().mean()
    if batch.z_other is not None and config.diversity_weight > 0:
        other = G.trajectory(batch.tokens, batch.z_other)
        loss = loss - config.diversity_weight * pose_diversity(fake.poses, other, batch.z, batch.z_other,
                                                               G.config.z_content, config.diversity_cap)
    return loss


def pose_diversity(poses: torch.Tensor, other: torch.Tensor, z: torch.Tensor, z_other: torch.Tensor,
                   z_content: int, cap: float) -> torch.Tensor:
    """How much the poses move per unit of motion-noise change, capped: ``mean(min(|Δpose| / |Δz|, cap))``.

    The diversity-sensitive term of Yang et al. (2019, "Diversity-sensitive conditional GANs"),
    on the poses ``(B, T, 3)`` of one prompt under two motion noises (``|·|`` the mean absolute
    difference). The generator maximises it, so it can no longer make one clip per prompt
    whatever the noise; the cap (real clips of one prompt differ by about this much) stops it
    from buying diversity with erratic paths: beyond the cap the critic alone decides."""
    change = (poses.float() - other.float()).abs().mean(dim=(1, 2))
    noise = (z[:, z_content:] - z_other[:, z_content:]).abs().mean(dim=1).clamp(min=1e-6)
    return torch.clamp(change / noise, max=cap).mean()


def step_flops(config: TrainConfig) -> int:
    """Floating-point operations of one training step (both networks' forward and backward
    passes, as ``torch.utils.flop_counter`` counts matrix products and convolutions), measured
    on the CPU in fp32 with the configuration's sizes: the arithmetic a GPU must do per step."""
    from torch.utils.flop_counter import FlopCounterMode

    vocab = Vocabulary()
    torch.manual_seed(config.seed)
    G, D = build_models(config.model, len(vocab))
    batch = make_batch(config, vocab, split_prompts("train"), step_generator(config.seed, 0, 1), torch.device("cpu"))
    with FlopCounterMode(display=False) as counter:
        fake = generate_for_step(G, batch)
        critic_loss(D, batch, fake, config)[0].backward()
        D.requires_grad_(False)
        generator_loss(G, D, vocab, batch, fake, config).backward()
    return int(counter.get_total_flops())


def time_steps(config: TrainConfig, steps: int = 20, device: str | None = None, amp: str | None = None,
               out_dir: str | os.PathLike | None = None, on_log: Callable[[int, dict], None] | None = None,
               compile_mode: str | None = None) -> dict:
    """Seconds per training step as the loop itself measures them (no model building, sample
    grids or checkpoints counted): ``2 * steps`` steps, the first ``steps`` a warm-up (cuDNN's
    autotuner, allocator, caches), the second ``steps`` timed between two of the loop's own log
    points, where it waits for the device anyway (with ``compile_mode`` the warm-up includes the
    compilation). Returns ``sec_per_step``, ``warmup_sec_per_step``,
    the losses and the run's result."""
    import tempfile

    config = replace(config, steps=2 * steps, log_every=steps, sample_every=10**9, checkpoint_every=10**9)
    with tempfile.TemporaryDirectory() as scratch:
        result = train(config, out_dir or scratch, device=device, amp=amp, progress=False, on_log=on_log,
                       overwrite=True, compile_mode=compile_mode)
    history = result.history
    return {"sec_per_step": history["sec_per_step"][-1], "warmup_sec_per_step": history["sec_per_step"][0],
            "loss_d": history["loss_d"], "loss_g": history["loss_g"], "result": result}


def compile_models(mode: str, *networks: nn.Module) -> tuple[nn.Module, ...]:
    """The networks as each step calls them, compiled with ``torch.compile`` unless ``mode`` is ``off``.

    ``inductor`` (torch's default compiler) traces each forward pass, and the backward pass with
    it, into graphs and generates fused kernels for them (Triton on a GPU, C++ on a CPU): fewer
    kernel launches per step, which is what bounds the ``gpu`` preset's step on a T4. The first
    steps pay for the compilation (about 3 minutes on one CPU thread), and each new input shape or frozen/unfrozen
    critic compiles once more. ``aot_eager`` traces the same graphs but runs them with the usual
    kernels: no speed-up, no code generated, seconds to compile, so the tests check the compiled
    path with it. Dynamo does not trace the generator's GRU (one graph break; it runs as before).
    Parameters are shared: checkpoints are written from the plain networks. On the CPU the step is
    a few large convolutions and compiling buys ~2 % (README); the GPU figure: ``scripts/gpu_check.py``."""
    if mode not in COMPILE_MODES:
        raise ValueError(f"unknown --compile {mode!r}; choose one of {', '.join(COMPILE_MODES)}")
    if mode == "off":
        return networks
    return tuple(torch.compile(network, backend=mode) for network in networks)


def _fused_adam(device: torch.device) -> bool | None:
    """Adam's fused kernel where it pays: on CUDA one kernel updates every tensor (and, with
    fp16, reads the scaler's inf check on the device instead of waiting for it). None elsewhere,
    which keeps the CPU's arithmetic, and so its losses, exactly as before."""
    return True if device.type == "cuda" else None


def _load_optimizer(optimizer: torch.optim.Optimizer, saved: dict) -> None:
    """Load an optimiser state but keep this run's kernel choice (fused or not): a checkpoint
    written on a CPU resumes on a GPU with the fused kernel, and the other way round."""
    keep = {k: optimizer.param_groups[0].get(k) for k in ("fused", "foreach")}
    optimizer.load_state_dict({**saved, "param_groups": [{**g, **keep} for g in saved["param_groups"]]})


def _d_loss(scores: torch.Tensor, b: int, n_wrong: int, wrong_weight: float):
    scores = scores.float()
    real, fake, wrong = scores[:b], scores[b:2 * b], scores[2 * b:2 * b + n_wrong]
    loss = F.relu(1.0 - real).mean() + F.relu(1.0 + fake).mean()
    if n_wrong:
        loss = loss + wrong_weight * F.relu(1.0 + wrong).mean()
    nan = torch.full((), math.nan, device=scores.device)
    parts = (real.detach().mean(), fake.detach().mean(), wrong.detach().mean() if n_wrong else nan)
    return loss, parts


def _aux_loss(logits: torch.Tensor, labels: torch.Tensor, colour_named: torch.Tensor | None = None) -> torch.Tensor:
    """Cross-entropy of the critic's shape, colour and motion heads (colour only where named)."""
    logits = logits.float()
    n_s, n_c = len(SHAPES), len(COLOURS)
    loss = F.cross_entropy(logits[:, :n_s], labels[:, 0]) + F.cross_entropy(logits[:, n_s + n_c:], labels[:, 2])
    colour = F.cross_entropy(logits[:, n_s:n_s + n_c], labels[:, 1], reduction="none")
    if colour_named is not None:
        colour = colour * colour_named.float()
    return loss + colour.mean()


def _colour_entropy(logits: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
    """Mean entropy of the critic's colour head over ``rows``: low when each clip reads as one colour.

    A colour-less prompt allows any colour but still one per clip; without this term the generator
    was free to blend colours, and the critic's realism score alone did not stop it."""
    n_s, n_c = len(SHAPES), len(COLOURS)
    log_p = F.log_softmax(logits.float()[:, n_s:n_s + n_c], dim=1)
    entropy = -(log_p.exp() * log_p).sum(dim=1)
    return (entropy * rows.float()).sum() / rows.float().sum().clamp(min=1.0)


def colour_less_colours(generator: Generator, vocab: Vocabulary, prompts: Sequence[Prompt], z: torch.Tensor
                        ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """What the layered generator paints for colour-less prompts, and what it would paint if they
    named a colour: ``(own (R, 3), named (R, C, 3), held_out (R, C))`` for the ``C`` colour words.

    ``own`` keeps its gradient; ``named`` (the same prompt and noise with each colour word) is
    computed without one, and ``held_out`` marks the combinations that training never shows."""
    rows = [p.with_colour(None) for p in prompts]
    own = generator.clip_colour(*generator.appearance(encode_prompts(vocab, rows, z.device), z), z)
    named = [p.with_colour(colour) for p in rows for colour in COLOURS]
    with torch.no_grad():
        z_named = z.repeat_interleave(len(COLOURS), dim=0)
        targets = generator.clip_colour(*generator.appearance(encode_prompts(vocab, named, z.device), z_named),
                                        z_named)
        targets = targets.view(len(rows), len(COLOURS), 3)
    held_out = torch.tensor([is_held_out(p) for p in named], device=z.device).view(len(rows), len(COLOURS))
    return own, targets, held_out


def _colour_snap(generator: Generator, vocab: Vocabulary, batch: Batch) -> torch.Tensor:
    """Colour-less prompts: squared distance from the clip's colour to a colour the generator
    paints when the same prompt names one (same noise; that target is held fixed): the colour the
    noise picks (:meth:`Generator.colour_pick`), or the nearest one for models without that code.

    The critic alone did not stop colour-less clips from coming out in colours *between* the
    palette's (olive, teal): its colour head read them confidently as the nearest palette colour,
    so the entropy term saw nothing to fix. The named colours are learned fast and exactly; this
    term asks colour-less clips to use one of them. Only training combinations serve as targets
    (the held-out ones stay unseen in every sense)."""
    rows = batch.colourless_rows
    if not rows:
        return batch.z.new_zeros(())
    z = batch.z[rows]
    own, named, held_out = colour_less_colours(generator, vocab, [batch.prompts[i] for i in rows], z)
    # Every row's own prompt is a training one, so some colour is allowed: never inf.
    return snap_distances(own, named, held_out, generator.colour_pick(z)).mean()


def snap_distances(own: torch.Tensor, named: torch.Tensor, held_out: torch.Tensor,
                   pick: torch.Tensor | None = None) -> torch.Tensor:
    """Per clip ``(R,)``: squared distance from ``own`` colour to the ``named`` one at index
    ``pick`` (the three outputs of :func:`colour_less_colours`; :meth:`Generator.colour_pick`).
    Without a pick, or where the picked combination is ``held_out``, to the nearest allowed one."""
    distances = (own[:, None] - named).pow(2).sum(dim=2).masked_fill(held_out, float("inf"))
    nearest = distances.min(dim=1).values
    if pick is None:
        return nearest
    picked = distances.gather(1, pick[:, None]).squeeze(1)
    return torch.where(held_out.gather(1, pick[:, None]).squeeze(1), nearest, picked)


def add_colour_code(state: dict) -> dict:
    """A training checkpoint's state (as :func:`load_checkpoint` reads it) from before
    ``ModelConfig.colour_code``, given the code: the colour head's four new inputs start with zero
    weights and zero Adam moments, so the model paints exactly what it painted before, and
    ``--resume`` goes on from there, now learning to use the code. Returns a new state."""
    config = TrainConfig.from_dict(state["train_config"])
    if config.model.generator != "layered":
        raise ValueError("only the layered generator has a colour head; this checkpoint has a per-frame one")
    if config.model.colour_code:
        raise ValueError("this checkpoint's generator already reads the colour code")
    model = replace(config.model, colour_code=True)
    names = [name for name, _ in Generator(model, len(Vocabulary.from_dict(state["vocab"]))).named_parameters()]
    key = "colour.0.weight"
    index = names.index(key)  # Adam's state is keyed by the parameter's position

    def widen(weight: torch.Tensor) -> torch.Tensor:
        return torch.cat([weight, weight.new_zeros(weight.shape[0], len(COLOURS))], dim=1)

    state = dict(state, generator=dict(state["generator"]), generator_ema=dict(state["generator_ema"]),
                 opt_g={**state["opt_g"], "state": dict(state["opt_g"]["state"])},
                 model_config=model.to_dict(), train_config=replace(config, model=model).to_dict())
    for part in ("generator", "generator_ema"):
        state[part][key] = widen(state[part][key])
    moments = state["opt_g"]["state"].get(index)
    if moments is not None:
        state["opt_g"]["state"][index] = {**moments, "exp_avg": widen(moments["exp_avg"]),
                                          "exp_avg_sq": widen(moments["exp_avg_sq"])}
    return state


def run_checkpoints(run_dir: str | os.PathLike) -> list[Path]:
    """A run folder's kept checkpoints (``train --keep-every``) in step order, then its latest
    ``checkpoint.pt`` if there is one (it may be the same step as the last kept copy)."""
    run_dir = Path(run_dir)
    kept = sorted(run_dir.glob(f"{KEPT_PREFIX}*.pt"), key=lambda p: int(p.stem[len(KEPT_PREFIX):]))
    latest = run_dir / CHECKPOINT_NAME
    return kept + ([latest] if latest.is_file() else [])


def _keep_copy(source: Path, target: Path) -> None:
    """Copy a written checkpoint atomically (a half-copied file never carries the final name)."""
    import shutil

    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def _write_json(path: Path, data) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data) + "\n")
    os.replace(tmp, path)


__all__ = [
    "AMP_MODES", "COMPILE_MODES", "PRESETS", "SAMPLE_PROMPTS", "Batch", "CheckpointError", "Fake", "TrainConfig",
    "TrainResult", "add_colour_code", "colour_accuracy", "colour_less_colours", "critic_loss", "generate_for_step",
    "generate_clips", "compile_models", "generator_loss", "make_batch", "mismatched_prompt", "pose_diversity",
    "preset_config", "resolve_amp", "run_checkpoints", "sample_grid", "step_flops", "snap_distances",
    "step_generator", "time_steps", "train", "with_settings",
]
