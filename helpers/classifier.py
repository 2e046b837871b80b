"""The measuring instrument of INTERFACE.md §6: a video classifier trained on real clips only.

A small 3D CNN reads a clip in the model layout ``(N, 3, T, H, W)`` (float in [-1, 1]; uint8
``(N, T, H, W, 3)`` clips are converted with :func:`helpers.world.to_model_tensor`) and has one
head per attribute: shape (3), colour (4) and motion (16). Its 64-number penultimate layer is the
feature space of the Fréchet distance (:mod:`helpers.frechet`).

It is a *measuring instrument*, not part of the generator, so it is trained on freshly rendered
real clips of **all 192 combinations, held-out ones included**: it must judge a held-out prompt
such as ``circle moving up-right`` as correctly as a seen one, otherwise a generator's score on
the held-out split would measure the classifier's blind spot instead of the generator's
composition. It never sees a generated clip.

Design choices, each for a measurable reason:

* Two coordinate channels are appended to the input, so the network knows where things are
  (``rotating clockwise`` and ``counter-clockwise`` differ only in how the direction of travel
  relates to the position around the centre).
* Early downsampling (64 → 16 px before the first 3x3x3 convolution) keeps a training step cheap
  on a CPU; adaptive pooling to a fixed ``(5, 4, 4)`` grid keeps coarse position and time order.
* Any clip whose frame size differs from the training size (64x64) is resized to it bilinearly
  first, so one set of weights serves the 32x32 smoke size too; a quarter of each training batch
  is rendered at 32x32 and upsampled that way, so the classifier is trained on what it sees.
* Mild augmentation (Gaussian noise, blur, brightness/contrast and per-channel colour jitter),
  so that slightly blurry or off-white generated clips are not misread, while clean real clips
  stay at >= 99 % on every attribute.
* The control :func:`shuffled_frames_accuracy` proves that motion is read from the order of the
  frames, not from where the shape is: with the frames shuffled in time, motion accuracy must
  collapse while shape and colour stay high.

Commands::

    python -m helpers.classifier train [--steps N] [--out PATH] [--seed N] [--threads N]
    python -m helpers.classifier check [--weights PATH] [--n N] [--seed N]

Shipped weights: ``helpers/assets/classifier.pt`` (a plain dict of a config dict and a state
dict, loadable with ``torch.load(weights_only=True)``), made by ``python -m helpers.classifier
train --steps 1000 --seed 0``: 1000 steps of 64 real clips and 16 broken drawings, 1315 s wall
clock (977 s CPU time) on one thread of a 2-core CPU. On fresh real clips (seed 10000, 768 each)
shape, colour and motion 100 % at 64x64 and 32x32; with frames shuffled in time motion falls to
18.75 %; the reject head calls 99.74 % of fresh real 64x64 clips clean. How it does on broken
drawings made differently from its training ones: ``docs/EVALUATION.md`` (section 2c).

**The reject head** (``config["reject"]``): a fourth, two-way head, *clean drawing* vs *broken
drawing*, trained on the training family of :mod:`helpers.broken` (halves, slits, fragments,
stars, ellipses, twins, blobs, rings, noise, frozen clips). Without it a classifier can only say
which shape a drawing is closest to; with it, it can say "none of these". Files written before it
(``reject`` absent) still load, without the head.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .prompts import COLOURS, MOTIONS, SHAPES, Prompt, parse_prompt
from .world import render_ids, to_model_tensor

DEFAULT_WEIGHTS = Path(__file__).resolve().parent / "assets" / "classifier.pt"
FORMAT_VERSION = 1
ATTRIBUTES: tuple[str, ...] = ("shape", "colour", "motion")
CLASS_NAMES: dict[str, tuple[str, ...]] = {"shape": SHAPES, "colour": COLOURS, "motion": MOTIONS}
REQUIRED_ACCURACY = 0.99  # INTERFACE.md §6: on fresh real clips, per attribute

DEFAULT_CONFIG: dict = {
    "format_version": FORMAT_VERSION,
    "channels": [16, 32, 48],
    "feature_dim": 64,
    "pool": [5, 4, 4],
    "frames": 10,
    "height": 64,
    "width": 64,
    "shapes": list(SHAPES),
    "colours": list(COLOURS),
    "motions": list(MOTIONS),
    "reject": True,  # a "clean" head: is this a clean drawing of one of the shapes, or broken?
}

# The time-reversed motion of each motion: what a classifier that reads motion must answer for a
# clip played backwards.
REVERSED_MOTION: dict[str, str] = {
    "moving up": "moving down", "moving down": "moving up",
    "moving left": "moving right", "moving right": "moving left",
    "moving up-left": "moving down-right", "moving down-right": "moving up-left",
    "moving up-right": "moving down-left", "moving down-left": "moving up-right",
    "bouncing vertically": "bouncing vertically", "bouncing horizontally": "bouncing horizontally",
    "zigzagging horizontally": "zigzagging horizontally",
    "zigzagging vertically": "zigzagging vertically",
    "shrinking": "expanding", "expanding": "shrinking",
    "rotating clockwise": "rotating counter-clockwise",
    "rotating counter-clockwise": "rotating clockwise",
}
assert set(REVERSED_MOTION) == set(MOTIONS)


class ClassifierFileError(RuntimeError):
    """The weights file is missing, unreadable or not a classifier of this course."""


class VideoClassifier(nn.Module):
    """3D CNN with a shared 64-d feature layer and one linear head per attribute."""

    def __init__(self, config: dict | None = None):
        super().__init__()
        self.config = {**DEFAULT_CONFIG, **(config or {})}
        c0, c1, c2 = self.config["channels"]
        pool = tuple(self.config["pool"])
        feature_dim = self.config["feature_dim"]
        self.stem = nn.Conv3d(5, c0, kernel_size=(1, 4, 4), stride=(1, 2, 2), padding=(0, 1, 1))
        self.bn0 = nn.BatchNorm3d(c0)
        self.conv1 = nn.Conv3d(c0, c1, kernel_size=3, padding=1)
        self.bn1 = nn.BatchNorm3d(c1)
        self.conv2 = nn.Conv3d(c1, c2, kernel_size=3, padding=1)
        self.bn2 = nn.BatchNorm3d(c2)
        self.pool = nn.AdaptiveAvgPool3d(pool)
        self.fc = nn.Linear(c2 * pool[0] * pool[1] * pool[2], feature_dim)
        self.heads = nn.ModuleDict({
            "shape": nn.Linear(feature_dim, len(self.config["shapes"])),
            "colour": nn.Linear(feature_dim, len(self.config["colours"])),
            "motion": nn.Linear(feature_dim, len(self.config["motions"])),
        })
        if self.config.get("reject"):
            # Two logits: [clean drawing, broken drawing]. Trained on real clips vs the broken
            # drawings of helpers.broken's training family, so the classifier can say "none".
            self.heads["clean"] = nn.Linear(feature_dim, 2)

    @property
    def device(self) -> torch.device:
        return self.fc.weight.device

    def _resize(self, x: torch.Tensor) -> torch.Tensor:
        h, w = self.config["height"], self.config["width"]
        if x.shape[-2:] != (h, w):
            x = F.interpolate(x, size=(x.shape[2], h, w), mode="trilinear", align_corners=False)
        return x

    def forward_features(self, x: torch.Tensor) -> torch.Tensor:
        """Penultimate features ``(N, feature_dim)`` of model-layout clips ``(N, 3, T, H, W)``."""
        x = self._resize(x)
        n, _, t, h, w = x.shape
        ys = torch.linspace(-1.0, 1.0, h, device=x.device, dtype=x.dtype).view(1, 1, 1, h, 1)
        xs = torch.linspace(-1.0, 1.0, w, device=x.device, dtype=x.dtype).view(1, 1, 1, 1, w)
        x = torch.cat([x, xs.expand(n, 1, t, h, w), ys.expand(n, 1, t, h, w)], dim=1)
        x = F.relu(self.bn0(self.stem(x)))
        x = F.max_pool3d(x, (1, 2, 2))
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool3d(x, (2, 2, 2))
        x = F.relu(self.bn2(self.conv2(x)))
        return F.relu(self.fc(self.pool(x).flatten(1)))

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        """Logits per attribute: ``{"shape": (N, 3), "colour": (N, 4), "motion": (N, 16)}``."""
        f = self.forward_features(x)
        return {name: head(f) for name, head in self.heads.items()}

    @torch.inference_mode()
    def _run(self, clips, want: str, batch_size: int = 256):
        was_training = self.training
        self.eval()
        try:
            x_all = _as_tensor(clips)
            if x_all.ndim == 0 or x_all.shape[0] == 0:
                raise ValueError("no clips given")
            outputs = []
            for x in x_all.split(batch_size):  # converted chunk by chunk: uint8 stays small
                x = as_model_input(x).to(self.device, torch.float32)
                outputs.append(self.forward_features(x) if want == "features" else self(x))
        finally:
            self.train(was_training)
        if want == "features":
            return torch.cat(outputs).cpu().numpy().astype(np.float64)
        return {k: torch.cat([o[k] for o in outputs]).float().cpu() for k in outputs[0]}

    def features(self, clips, batch_size: int = 256) -> np.ndarray:
        """Penultimate feature vectors, float64 ``(N, feature_dim)``, for the Fréchet distance."""
        return self._run(clips, "features", batch_size)

    def predict(self, clips, batch_size: int = 256) -> dict[str, np.ndarray]:
        """Predicted ids and probabilities.

        Returns ``{"shape": (N,), "colour": (N,), "motion": (N,)}`` int64 ids (indices into
        ``SHAPES``/``COLOURS``/``MOTIONS``) and ``"shape_prob"``, ``"colour_prob"``,
        ``"motion_prob"``: softmax probabilities ``(N, classes)``. A classifier with a reject
        head also returns ``"clean_prob"`` (N,), its probability that the clip is a clean drawing
        of one shape, and ``"clean"`` (N,) bool, that probability >= 0.5.
        """
        logits = self._run(clips, "logits", batch_size)
        out: dict[str, np.ndarray] = {}
        for name in ATTRIBUTES:
            probs = logits[name].softmax(dim=1)
            out[name] = probs.argmax(dim=1).numpy().astype(np.int64)
            out[f"{name}_prob"] = probs.numpy()
        if "clean" in logits:
            out["clean_prob"] = logits["clean"].softmax(dim=1)[:, 0].numpy()
            out["clean"] = out["clean_prob"] >= 0.5
        return out


def _as_tensor(clips) -> torch.Tensor:
    x = torch.from_numpy(np.ascontiguousarray(clips)) if isinstance(clips, np.ndarray) else clips
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"clips must be a numpy array or a torch tensor, got {type(clips).__name__}")
    return x[None] if x.dtype == torch.uint8 and x.ndim == 4 else x


def as_model_input(clips) -> torch.Tensor:
    """Clips in any public form → float model layout ``(N, 3, T, H, W)``.

    Accepts uint8 ``(N, T, H, W, 3)`` or ``(T, H, W, 3)`` (numpy or torch), or float model-layout
    ``(N, 3, T, H, W)`` in [-1, 1].
    """
    x = _as_tensor(clips)
    if x.dtype == torch.uint8:
        if x.ndim != 5 or x.shape[-1] != 3:
            raise ValueError(f"uint8 clips must be (N, T, H, W, 3) RGB, got shape {tuple(x.shape)}")
        return to_model_tensor(x.cpu())
    if x.ndim != 5 or x.shape[1] != 3:
        raise ValueError("float clips must be in the model layout (N, 3, T, H, W) in [-1, 1], "
                         f"got shape {tuple(x.shape)}; pass uint8 (N, T, H, W, 3) clips otherwise")
    return x.float()


# --------------------------------------------------------------------------------------------
# Loading and saving


def save_classifier(model: VideoClassifier, path: str | Path, training: dict | None = None) -> Path:
    """Write ``{"config": ..., "state_dict": ...}`` atomically (plain tensors and builtins only)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    config = dict(model.config)
    if training is not None:
        config["training"] = training
    state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    tmp = path.with_name(path.name + ".tmp")
    torch.save({"config": config, "state_dict": state}, tmp)
    tmp.replace(path)
    return path


def load_classifier(
    path: str | Path | None = None, device: str | torch.device | None = None
) -> VideoClassifier:
    """Load a classifier (the shipped ``helpers/assets/classifier.pt`` by default) in eval mode.

    Raises :class:`ClassifierFileError` with a one-line explanation when the file is missing,
    unreadable, or was not written by :func:`save_classifier`.
    """
    from .runtime import pick_device

    path = Path(path) if path is not None else DEFAULT_WEIGHTS
    hint = "retrain it with `python -m helpers.classifier train --out PATH`"
    if not path.is_file():
        raise ClassifierFileError(f"no classifier weights at {str(path)!r}; {hint}")
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # noqa: BLE001 - any failure to unpickle means a corrupt file
        raise ClassifierFileError(f"classifier weights {str(path)!r} are unreadable or corrupt "
                                  f"({type(error).__name__}); {hint}") from None
    if not isinstance(data, dict) or not {"config", "state_dict"} <= set(data):
        raise ClassifierFileError(f"{str(path)!r} is not a classifier file of this course "
                                  f"(expected keys 'config' and 'state_dict'); {hint}")
    config = data["config"]
    if config.get("format_version") != FORMAT_VERSION:
        raise ClassifierFileError(f"{str(path)!r} has format version {config.get('format_version')!r}, "
                                  f"this code reads {FORMAT_VERSION}; {hint}")
    for key, names in (("shapes", SHAPES), ("colours", COLOURS), ("motions", MOTIONS)):
        if tuple(config.get(key, ())) != names:
            raise ClassifierFileError(f"{str(path)!r} was trained on other {key} than this code's; {hint}")
    config = {**config, "reject": bool(config.get("reject", False))}  # files from before the reject head
    model = VideoClassifier(config)
    try:
        model.load_state_dict(data["state_dict"])
    except (RuntimeError, KeyError, TypeError) as error:
        first = str(error).strip().splitlines()[0]
        raise ClassifierFileError(f"{str(path)!r} does not fit the classifier ({first}); {hint}") from None
    return model.to(pick_device(str(device)) if device is not None else pick_device()).eval()


_CACHE: dict[str, VideoClassifier] = {}


def default_classifier() -> VideoClassifier:
    """The shipped classifier, loaded once per process."""
    if "default" not in _CACHE:
        _CACHE["default"] = load_classifier()
    return _CACHE["default"]


def features(clips, classifier: VideoClassifier | None = None) -> np.ndarray:
    """Penultimate feature vectors ``(N, 64)`` of clips (the shipped classifier by default)."""
    return (classifier or default_classifier()).features(clips)


def predict(clips, classifier: VideoClassifier | None = None) -> dict[str, np.ndarray]:
    """Predicted ids and probabilities of clips (see :meth:`VideoClassifier.predict`)."""
    return (classifier or default_classifier()).predict(clips)


# --------------------------------------------------------------------------------------------
# Measuring


def attribute_accuracy(
    clips, prompts: Sequence[str | Prompt], classifier: VideoClassifier | None = None
) -> dict[str, float]:
    """Share of clips whose shape / colour / motion the classifier reads as the prompt says.

    A prompt without a colour accepts any colour: it is left out of the colour accuracy and
    counts as colour-correct in ``all_correct``.
    """
    parsed = [parse_prompt(p) for p in prompts]
    pred = predict(clips, classifier)
    if len(parsed) != len(pred["shape"]):
        raise ValueError(f"{len(pred['shape'])} clips but {len(parsed)} prompts")
    shape_ok = pred["shape"] == np.array([p.shape_id for p in parsed])
    motion_ok = pred["motion"] == np.array([p.motion_id for p in parsed])
    has_colour = np.array([p.colour is not None for p in parsed])
    wanted = np.array([p.colour_id if p.colour is not None else -1 for p in parsed])
    colour_ok = np.where(has_colour, pred["colour"] == wanted, True)
    return {
        "shape": float(shape_ok.mean()),
        "colour": float(colour_ok[has_colour].mean()) if has_colour.any() else float("nan"),
        "motion": float(motion_ok.mean()),
        "all_correct": float((shape_ok & colour_ok & motion_ok).mean()),
        "n": len(parsed),
    }


def _real_batch(n_per_combination: int, seed: int, height: int, width: int, frames: int = 10):
    """Every one of the 192 combinations ``n_per_combination`` times, rendered with ``seed``."""
    grid = torch.cartesian_prod(torch.arange(len(SHAPES)), torch.arange(len(COLOURS)),
                                torch.arange(len(MOTIONS)))
    ids = grid.repeat(n_per_combination, 1)
    generator = torch.Generator().manual_seed(seed)
    clips = render_ids(ids[:, 0], ids[:, 1], ids[:, 2], frames, height, width, generator=generator)
    return clips, ids[:, 0].numpy(), ids[:, 1].numpy(), ids[:, 2].numpy()


def real_accuracy(
    classifier: VideoClassifier | None = None, n_per_combination: int = 2, seed: int = 2024,
    height: int = 64, width: int = 64, frame_order: str = "normal",
) -> dict[str, float]:
    """Per-attribute accuracy on fresh real clips of all 192 combinations.

    ``frame_order``: ``"normal"``; ``"shuffled"`` (each clip's frames in a random non-identity
    order: motion accuracy must collapse); ``"reversed"`` (played backwards: scored against the
    time-reversed motion, e.g. ``moving up`` → ``moving down``, ``shrinking`` → ``expanding``).
    """
    clips, shape_ids, colour_ids, motion_ids = _real_batch(n_per_combination, seed, height, width)
    if frame_order == "shuffled":
        generator = torch.Generator().manual_seed(seed + 1)
        frames = clips.shape[1]
        perms = []
        for _ in range(clips.shape[0]):
            perm = torch.randperm(frames, generator=generator)
            while bool((perm == torch.arange(frames)).all()):
                perm = torch.randperm(frames, generator=generator)
            perms.append(perm)
        index = torch.stack(perms)
        clips = clips[torch.arange(clips.shape[0])[:, None], index]
    elif frame_order == "reversed":
        clips = clips.flip(1)
        motion_ids = np.array([MOTIONS.index(REVERSED_MOTION[MOTIONS[m]]) for m in motion_ids])
    elif frame_order != "normal":
        raise ValueError(f"frame_order must be 'normal', 'shuffled' or 'reversed', not {frame_order!r}")
    pred = predict(clips, classifier)
    shape_ok = pred["shape"] == shape_ids
    colour_ok = pred["colour"] == colour_ids
    motion_ok = pred["motion"] == motion_ids
    return {
        "shape": float(shape_ok.mean()), "colour": float(colour_ok.mean()),
        "motion": float(motion_ok.mean()), "all_correct": float((shape_ok & colour_ok & motion_ok).mean()),
        "n": int(len(shape_ids)),
    }


def shuffled_frames_accuracy(
    classifier: VideoClassifier | None = None, n_per_combination: int = 2, seed: int = 2024,
    height: int = 64, width: int = 64,
) -> dict[str, float]:
    """The control: accuracy on real clips whose frames are shuffled in time.

    A classifier that reads motion (not where the shape happens to be) loses its motion accuracy
    here, while shape and colour, visible in any single frame, stay high.
    """
    return real_accuracy(classifier, n_per_combination, seed, height, width, frame_order="shuffled")


# --------------------------------------------------------------------------------------------
# Training


def _gaussian_blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """Blur every frame of model-layout clips ``(N, C, T, H, W)`` with a separable Gaussian.

    A sum of shifted copies (edges replicated): on a CPU much faster than a convolution here.
    """
    radius = max(1, int(math.ceil(2.5 * sigma)))
    taps = torch.arange(-radius, radius + 1, dtype=torch.float64)
    kernel = torch.exp(-0.5 * (taps / sigma) ** 2)
    kernel = (kernel / kernel.sum()).tolist()
    h, w = x.shape[-2:]
    padded = F.pad(x, (radius, radius, radius, radius, 0, 0), mode="replicate")
    rows = sum(k * padded[..., :, i : i + w] for i, k in enumerate(kernel))
    return sum(k * rows[..., i : i + h, :] for i, k in enumerate(kernel))


def augment(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Mild, generator-like damage to model-layout clips; each kind hits a random part of the batch.

    Blur (40 % of clips, sigma 0.4-1.2 px), brightness/contrast/tint jitter (50 %) and Gaussian
    noise (50 %, sigma up to 0.08 in [-1, 1] units). Only the chosen clips are computed.
    """
    n = x.shape[0]

    def rand(*shape):
        return torch.rand(*shape, generator=generator)

    def chosen(p):
        return (rand(n) < p).nonzero().flatten()

    x = x.clone()
    idx = chosen(0.4)
    if idx.numel():
        x[idx] = _gaussian_blur(x[idx], 0.4 + 0.8 * float(rand(1)))
    idx = chosen(0.5)
    if idx.numel():
        k = idx.numel()
        contrast = 1.0 + (rand(k, 1, 1, 1, 1) - 0.5) * 0.3  # 0.85 .. 1.15 around white
        brightness = (rand(k, 1, 1, 1, 1) - 0.5) * 0.16
        tint = (rand(k, 3, 1, 1, 1) - 0.5) * 0.1
        x[idx] = (x[idx] - 1.0) * contrast + (1.0 + brightness + tint)
    idx = chosen(0.5)
    if idx.numel():
        k = idx.numel()
        noise = torch.randn((k, *x.shape[1:]), generator=generator)
        x[idx] += noise * (0.08 * rand(k, 1, 1, 1, 1))
    return x.clamp_(-1.0, 1.0)


def _training_batch(batch: int, generator: torch.Generator, config: dict, small_share: float = 0.25):
    """A fresh batch over all 192 combinations; a share rendered at half size (then upsampled)."""
    s = torch.randint(len(SHAPES), (batch,), generator=generator)
    c = torch.randint(len(COLOURS), (batch,), generator=generator)
    m = torch.randint(len(MOTIONS), (batch,), generator=generator)
    frames, h, w = config["frames"], config["height"], config["width"]
    n_small = int(round(batch * small_share))
    parts = []
    if n_small:
        small = render_ids(s[:n_small], c[:n_small], m[:n_small], frames, h // 2, w // 2,
                           generator=generator, layout="model")
        parts.append(F.interpolate(small, size=(frames, h, w), mode="trilinear", align_corners=False))
    parts.append(render_ids(s[n_small:], c[n_small:], m[n_small:], frames, h, w,
                            generator=generator, layout="model"))
    return torch.cat(parts), {"shape": s, "colour": c, "motion": m}


def _broken_batch(batch: int, generator: torch.Generator, config: dict, small_share: float = 0.25) -> torch.Tensor:
    """Broken drawings (:mod:`helpers.broken`, training family) of random prompts and kinds, in the
    model layout; like :func:`_training_batch`, a share rendered at half size and upsampled."""
    from .broken import TRAIN_KINDS, render_broken
    from .prompts import all_prompts

    prompts = all_prompts(with_colour=True)
    picks = torch.randint(len(prompts), (batch,), generator=generator).tolist()
    kinds = torch.randint(len(TRAIN_KINDS), (batch,), generator=generator).tolist()
    seeds = torch.randint(2**31 - 1, (batch,), generator=generator).tolist()
    frames, h, w = config["frames"], config["height"], config["width"]
    n_small = int(round(batch * small_share))
    clips = []
    for i, (pick, kind, seed) in enumerate(zip(picks, kinds, seeds)):
        size = (h // 2, w // 2) if i < n_small else (h, w)
        clip = render_broken([prompts[pick]], TRAIN_KINDS[kind], "train", seed, frames, *size)
        x = to_model_tensor(torch.from_numpy(clip))
        if i < n_small:
            x = F.interpolate(x, size=(frames, h, w), mode="trilinear", align_corners=False)
        clips.append(x)
    return torch.cat(clips)


def train(steps: int = 1000, batch: int = 64, seed: int = 0, lr: float = 3e-3,
          log_every: int = 100, out: str | Path | None = None, broken_batch: int = 16,
          ) -> tuple[VideoClassifier, dict]:
    """Train from scratch on fresh real clips; returns the model and a summary of the run.

    Each step also shows the reject head ``broken_batch`` broken drawings (labelled "broken";
    the attribute heads learn from the real clips only), so that it can say "none of these".
    """
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = VideoClassifier({"reject": broken_batch > 0})
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=steps,
                                                   pct_start=0.1)
    start, cpu_start = time.perf_counter(), time.process_time()
    model.train()
    for step in range(1, steps + 1):
        x, labels = _training_batch(batch, generator, model.config)
        if broken_batch:
            x = torch.cat([x, _broken_batch(broken_batch, generator, model.config)])
        x = augment(x, generator)
        logits = model(x)
        loss = sum(F.cross_entropy(logits[k][:batch], labels[k]) for k in ATTRIBUTES)
        if broken_batch:
            clean = torch.cat([torch.zeros(batch, dtype=torch.long), torch.ones(broken_batch, dtype=torch.long)])
            loss = loss + F.cross_entropy(logits["clean"], clean)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % log_every == 0 or step == steps:
            with torch.no_grad():
                acc = {k: float((logits[k][:batch].argmax(1) == labels[k]).float().mean()) for k in ATTRIBUTES}
                if broken_batch:
                    acc["clean"] = float((logits["clean"].argmax(1) == clean).float().mean())
            print(f"step {step:5d}/{steps}  loss {float(loss.detach()):.4f}  batch acc "
                  + "  ".join(f"{k} {v:.3f}" for k, v in acc.items())
                  + f"  [{time.perf_counter() - start:.0f} s]", flush=True)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    model.eval()
    summary = {"steps": steps, "batch": batch, "broken_batch": broken_batch, "seed": seed, "lr": lr,
               "seconds": round(seconds, 1), "cpu_seconds": round(cpu_seconds, 1),
               "threads": torch.get_num_threads()}
    if out is not None:
        save_classifier(model, out, summary)
    return model, summary


def _format(acc: dict) -> str:
    return "  ".join(f"{k} {acc[k] * 100:6.2f}%" for k in ("shape", "colour", "motion", "all_correct"))


def _check(model: VideoClassifier, n: int, seed: int) -> dict:
    results = {}
    for label, kwargs in (
        ("real 64x64", {"height": 64, "width": 64}),
        ("real 32x32", {"height": 32, "width": 32}),
        ("frames shuffled 64x64", {"height": 64, "width": 64, "frame_order": "shuffled"}),
        ("frames reversed 64x64", {"height": 64, "width": 64, "frame_order": "reversed"}),
    ):
        acc = real_accuracy(model, n_per_combination=n, seed=seed, **kwargs)
        results[label] = acc
        print(f"{label:24s} ({acc['n']} clips)  {_format(acc)}", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.classifier",
                                     description="Train or check the evaluation classifier (INTERFACE.md §6).")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("train", help="train from scratch on fresh real clips and save the weights")
    p.add_argument("--steps", type=int, default=1000, help="optimiser steps of 64 clips (default 1000)")
    p.add_argument("--out", default=str(DEFAULT_WEIGHTS), help="weights file (default: the shipped one)")
    p.add_argument("--seed", type=int, default=0, help="training seed (default 0)")
    p.add_argument("--threads", type=int, default=1, help="CPU threads (default 1)")
    p.add_argument("--check-n", type=int, default=4,
                   help="clips per combination for the final check on fresh clips (default 4)")
    p = commands.add_parser("check", help="print per-attribute accuracy on fresh real clips")
    p.add_argument("--weights", default=None, help="weights file (default: the shipped one)")
    p.add_argument("--n", type=int, default=4, help="clips per combination, of 192 (default 4)")
    p.add_argument("--seed", type=int, default=2024, help="seed of the fresh clips (default 2024)")
    p.add_argument("--threads", type=int, default=1, help="CPU threads (default 1)")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    try:
        if args.command == "train":
            model, summary = train(steps=args.steps, seed=args.seed)
            print(f"trained {summary['steps']} steps in {summary['seconds']:.0f} s wall clock, "
                  f"{summary['cpu_seconds']:.0f} s CPU time, on {summary['threads']} thread(s)", flush=True)
            check_seed = 10_000 + args.seed  # never the training stream
            results = _check(model, args.check_n, check_seed)
            summary["check"] = {"seed": check_seed, "n_per_combination": args.check_n,
                                **{k: {a: round(v, 5) for a, v in r.items()} for k, r in results.items()}}
            path = save_classifier(model, args.out, summary)
            print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)")
            worst = min(results["real 64x64"][a] for a in ATTRIBUTES)
            if worst < REQUIRED_ACCURACY:
                print(f"warning: an attribute is below {REQUIRED_ACCURACY:.0%} on fresh real clips",
                      file=sys.stderr)
                return 1
            return 0
        model = load_classifier(args.weights)
        results = _check(model, args.n, args.seed)
        worst = min(results["real 64x64"][a] for a in ATTRIBUTES)
        return 0 if worst >= REQUIRED_ACCURACY else 1
    except (ClassifierFileError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
