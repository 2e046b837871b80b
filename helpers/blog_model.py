"""The blog tutorial's model, re-implemented as the course's baseline and teaching device.

Faithful to the published recipe, including its mistakes, because the notebooks use it to show
*why* each of our design choices matters:

* **text**: a word-embedding table (size 10) averaged over the prompt's words — and, as in the
  blog, it is in **no optimiser**, so it never learns (notebook 03 measures that it stays put);
* **generator**: noise (100) + text → a linear layer to 256×(H/8)×(W/8) → three transposed
  convolutions → one RGB *frame* with tanh. It has no notion of time: a "video" is T frames
  sampled with fresh noise each (notebook 04 shows that nothing moves coherently);
* **discriminator**: three strided convolutions → linear → sigmoid on one frame, and it **never
  sees the text**, so nothing pushes the generator to follow the prompt;
* **training**: binary cross-entropy, Adam(2e-4, β=(0.5, 0.999)), batches of 16 single frames
  drawn from 16 different clips (the blog shuffled frames across videos).

Only the data differs from the blog: it trains on the same freshly rendered clips, from the
same training split, as our model, so the two can be compared for the same wall-clock budget.

The evaluation's baseline (``helpers/assets/blog_baseline.pt``, fp16 inference weights) is made
with ``python -m helpers.blog_model train --seconds S --size 32`` where S is the wall-clock time
our shipped checkpoint trained for; :func:`load_blog_model` reads it back.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .prompts import Prompt, Vocabulary, parse_prompt
from .runtime import FULL_SIZE, WorldSize
from .split import split_prompts
from .world import render_ids, to_uint8_clips

NOISE_SIZE = 100
EMBED_SIZE = 10


class BlogTextEmbedding(nn.Module):
    """Mean of word embeddings, as the blog computes it (padding ignored)."""

    def __init__(self, vocabulary: Vocabulary | None = None, embed_size: int = EMBED_SIZE):
        super().__init__()
        self.vocabulary = vocabulary or Vocabulary()
        self.embedding = nn.Embedding(len(self.vocabulary), embed_size)

    def forward(self, token_ids: torch.Tensor) -> torch.Tensor:
        mask = (token_ids != 0).float().unsqueeze(-1)
        return (self.embedding(token_ids) * mask).sum(1) / mask.sum(1).clamp(min=1)

    def encode(self, prompts: Sequence[str | Prompt], device: torch.device | str = "cpu") -> torch.Tensor:
        ids = torch.tensor([self.vocabulary.encode(p) for p in prompts], device=device)
        return self(ids)


class BlogGenerator(nn.Module):
    """One frame from noise + text embedding (the blog's architecture, any size divisible by 8)."""

    def __init__(self, embed_size: int = EMBED_SIZE, height: int = 64, width: int = 64):
        super().__init__()
        if height % 8 or width % 8:
            raise ValueError(f"the blog's generator needs sizes divisible by 8, got {height}x{width}")
        self.start = (height // 8, width // 8)
        self.fc1 = nn.Linear(NOISE_SIZE + embed_size, 256 * self.start[0] * self.start[1])
        self.deconv1 = nn.ConvTranspose2d(256, 128, 4, 2, 1)
        self.deconv2 = nn.ConvTranspose2d(128, 64, 4, 2, 1)
        self.deconv3 = nn.ConvTranspose2d(64, 3, 4, 2, 1)

    def forward(self, noise: torch.Tensor, text: torch.Tensor) -> torch.Tensor:
        x = self.fc1(torch.cat([noise, text], dim=1)).view(-1, 256, *self.start)
        x = torch.relu(self.deconv1(x))
        x = torch.relu(self.deconv2(x))
        return torch.tanh(self.deconv3(x))


class BlogDiscriminator(nn.Module):
    """Real-or-fake probability for one frame. It takes no text argument: that is the point."""

    def __init__(self, height: int = 64, width: int = 64):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 4, 2, 1)
        self.conv2 = nn.Conv2d(64, 128, 4, 2, 1)
        self.conv3 = nn.Conv2d(128, 256, 4, 2, 1)
        self.fc1 = nn.Linear(256 * (height // 8) * (width // 8), 1)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        x = nn.functional.leaky_relu(self.conv1(frames), 0.2)
        x = nn.functional.leaky_relu(self.conv2(x), 0.2)
        x = nn.functional.leaky_relu(self.conv3(x), 0.2)
        return torch.sigmoid(self.fc1(x.flatten(1)))


class BlogModel:
    """The trained baseline, with the same ``generate`` interface as our model (INTERFACE §4)."""

    def __init__(self, size: WorldSize = FULL_SIZE, device: torch.device | str = "cpu", seed: int = 0):
        torch.manual_seed(seed)
        self.size = size
        self.device = torch.device(device)
        self.embedding = BlogTextEmbedding().to(self.device)
        self.generator = BlogGenerator(EMBED_SIZE, size.height, size.width).to(self.device)
        self.discriminator = BlogDiscriminator(size.height, size.width).to(self.device)
        self.training_info: dict = {}  # how a loaded baseline was trained (see save_blog_model)
        self.source: str | None = None  # the file it was loaded from, if any

    @torch.no_grad()
    def generate(self, prompts: Sequence[str | Prompt], seed: int = 0) -> np.ndarray:
        """uint8 ``(N, T, H, W, 3)``: each frame drawn with its own noise, as the blog did."""
        parsed = [parse_prompt(p) for p in prompts]
        generator = torch.Generator().manual_seed(seed)
        frames = self.size.frames
        noise = torch.randn(len(parsed) * frames, NOISE_SIZE, generator=generator).to(self.device)
        text = self.embedding.encode(parsed, self.device).repeat_interleave(frames, dim=0)
        self.generator.eval()
        images = self.generator(noise, text)  # (N*T, 3, H, W)
        self.generator.train()
        clips = images.view(len(parsed), frames, 3, self.size.height, self.size.width).transpose(1, 2)
        return to_uint8_clips(clips).numpy()

    def state_dict(self) -> dict:
        return {
            "kind": "blog-baseline",
            "size": [self.size.frames, self.size.height, self.size.width],
            "vocabulary": self.embedding.vocabulary.to_dict(),
            "embedding": self.embedding.state_dict(),
            "generator": self.generator.state_dict(),
            "discriminator": self.discriminator.state_dict(),
        }

    @classmethod
    def from_state_dict(cls, state: dict, device: torch.device | str = "cpu") -> BlogModel:
        if not isinstance(state, dict) or state.get("kind") != "blog-baseline":
            raise ValueError("not a checkpoint of the blog baseline")
        model = cls(WorldSize(*state["size"]), device)
        model.embedding.vocabulary = Vocabulary.from_dict(state["vocabulary"])
        model.embedding.load_state_dict(state["embedding"])
        model.generator.load_state_dict(state["generator"])
        model.discriminator.load_state_dict(state["discriminator"])
        return model


def train_blog_model(
    seconds: float | None = None,
    steps: int | None = None,
    size: WorldSize = FULL_SIZE,
    batch_size: int = 16,
    device: torch.device | str = "cpu",
    seed: int = 0,
    callback: Callable[[int, dict], None] | None = None,
) -> tuple[BlogModel, list[dict]]:
    """Train the baseline the blog's way for a wall-clock budget and/or a number of steps.

    Each step renders ``batch_size`` fresh training clips and keeps one random frame of each
    (the blog shuffled single frames across videos). Returns the model and a per-step history.
    """
    if seconds is None and steps is None:
        raise ValueError("give a time budget (seconds) or a number of steps")
    device = torch.device(device)
    model = BlogModel(size, device, seed)
    data_rng = torch.Generator().manual_seed(seed + 1)
    train = split_prompts("train")
    criterion = nn.BCELoss()
    # As published: the embedding's parameters are in neither optimiser.
    opt_g = torch.optim.Adam(model.generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(model.discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    history: list[dict] = []
    start = time.perf_counter()
    step = 0
    while (steps is None or step < steps) and (seconds is None or time.perf_counter() - start < seconds):
        chosen = [train[i] for i in torch.randint(len(train), (batch_size,), generator=data_rng)]
        ids = [torch.tensor([getattr(p, f"{a}_id") for p in chosen]) for a in ("shape", "colour", "motion")]
        clips = render_ids(*ids, size.frames, size.height, size.width, generator=data_rng, device=device,
                           layout="model")  # (B, 3, T, H, W)
        pick = torch.randint(size.frames, (batch_size,), generator=data_rng).to(device)
        real = clips[torch.arange(batch_size, device=device), :, pick]  # one frame per clip
        text = model.embedding.encode(chosen, device)

        opt_d.zero_grad()
        ones = torch.ones(batch_size, 1, device=device)
        zeros = torch.zeros(batch_size, 1, device=device)
        loss_real = criterion(model.discriminator(real), ones)
        noise = torch.randn(batch_size, NOISE_SIZE, device=device)
        fake = model.generator(noise, text)
        loss_fake = criterion(model.discriminator(fake.detach()), zeros)
        (loss_real + loss_fake).backward()
        opt_d.step()

        opt_g.zero_grad()
        loss_g = criterion(model.discriminator(fake), ones)
        loss_g.backward()
        opt_g.step()

        step += 1
        record = {"step": step, "seconds": time.perf_counter() - start,
                  "loss_d": (loss_real + loss_fake).item(), "loss_g": loss_g.item()}
        history.append(record)
        if callback is not None:
            callback(step, record)
    return model, history


# --------------------------------------------------------------------------------------------
# The baseline's checkpoint file and its training command

BLOG_FORMAT = "t2v-blog-baseline"
BLOG_FORMAT_VERSION = 1
DEFAULT_BASELINE = Path(__file__).resolve().parent / "assets" / "blog_baseline.pt"
BASELINE_HINT = ("make one with `python -m helpers.blog_model train --seconds S --size 32 "
                 "--out helpers/assets/blog_baseline.pt` (S: the wall-clock seconds our model trained for)")


def save_blog_model(model: BlogModel, path: str | os.PathLike, training: dict | None = None) -> Path:
    """Write the baseline's inference weights (text embedding and generator, fp16) atomically.

    The discriminator is not needed to generate and is left out, which keeps the 64x64 file
    under 6 MB. Everything is plain data: ``torch.load(path, weights_only=True)`` reads it.
    """
    from .checkpoint import save_checkpoint

    def half(state: dict) -> dict:
        return {k: v.detach().cpu().to(torch.float16) if v.is_floating_point() else v.detach().cpu()
                for k, v in state.items()}

    state = {
        "kind": "blog-baseline",
        "size": [model.size.frames, model.size.height, model.size.width],
        "vocabulary": model.embedding.vocabulary.to_dict(),
        "embedding": half(model.embedding.state_dict()),
        "generator": half(model.generator.state_dict()),
        "training": json.loads(json.dumps(training or {}, default=str)),  # plain data only
    }
    return save_checkpoint(state, path, fmt=BLOG_FORMAT, version=BLOG_FORMAT_VERSION)


def load_blog_model(path: str | os.PathLike | None = None, device: torch.device | str | None = None) -> BlogModel:
    """Load a file written by :func:`save_blog_model` (the shipped baseline by default).

    Raises :class:`helpers.checkpoint.CheckpointNotFoundError` for a missing file and
    :class:`helpers.checkpoint.CheckpointError` (one line) for a corrupt or foreign one.
    """
    from .checkpoint import CheckpointError, read_state
    from .runtime import pick_device

    path = Path(path) if path is not None else DEFAULT_BASELINE
    state = read_state(path, fmt=BLOG_FORMAT, version=BLOG_FORMAT_VERSION, what="blog baseline",
                       missing_hint=BASELINE_HINT)
    dev = pick_device(str(device) if device is not None else None)
    try:
        model = BlogModel(WorldSize(*state["size"]), dev)
        model.embedding.vocabulary = Vocabulary.from_dict(state["vocabulary"])
        model.embedding.load_state_dict({k: v.float() for k, v in state["embedding"].items()})
        model.generator.load_state_dict({k: v.float() for k, v in state["generator"].items()})
    except (KeyError, TypeError, ValueError, RuntimeError) as error:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CheckpointError(f"{str(path)!r} does not hold a blog baseline this code can build ({text[:160]})"
                              ) from None
    model.training_info = dict(state.get("training") or {})
    model.source = str(path)
    return model


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.blog_model train --seconds S [--steps N] [--out PATH] [--seed N] [--size 32|64]``."""
    import argparse
    import sys

    from .runtime import SMOKE_SIZE, is_smoke, pick_device

    parser = argparse.ArgumentParser(
        prog="python -m helpers.blog_model",
        description="Train the blog's model (the evaluation's baseline) for a wall-clock budget.")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("train", help="train the baseline the blog's way and save its weights (fp16)")
    p.add_argument("--seconds", type=float, default=None,
                   help="wall-clock budget of the training loop; give our model's training time for a fair baseline")
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps (also, or instead)")
    p.add_argument("--out", default=str(DEFAULT_BASELINE), help="weights file (default: the shipped one, "
                   "helpers/assets/blog_baseline.pt)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--size", type=int, choices=(32, 64), default=None,
                   help="frame size: match the checkpoint you compare with (the cpu preset is 32); "
                        "default 64, or 32 in smoke mode")
    p.add_argument("--device", default=None, help="cpu, cuda or mps (default: the best available)")
    p.add_argument("--threads", type=int, default=None,
                   help="CPU threads (default: torch's; use our model's setting for a fair budget)")
    args = parser.parse_args(argv)
    try:
        if args.seconds is None and args.steps is None:
            raise ValueError("give a budget: --seconds S (our model's training time) and/or --steps N")
        if args.seconds is not None and args.seconds <= 0:
            raise ValueError(f"--seconds must be positive, got {args.seconds}")
        if args.steps is not None and args.steps < 1:
            raise ValueError(f"--steps must be at least 1, got {args.steps}")
        if Path(args.out).is_dir():
            raise ValueError(f"--out must name a file, {args.out!r} is a folder")
        if args.threads is not None:
            torch.set_num_threads(args.threads)
        side = args.size or (SMOKE_SIZE.height if is_smoke() else FULL_SIZE.height)
        size = WorldSize(FULL_SIZE.frames, side, side)
        device = pick_device(args.device)
        budget = " and ".join(x for x in (f"{args.seconds:g} s" if args.seconds is not None else "",
                                          f"{args.steps} steps" if args.steps is not None else "") if x)
        print(f"training the blog baseline at {size.frames}x{size.height}x{size.width} on {device} "
              f"for {budget} (seed {args.seed})", flush=True)
        last = [time.perf_counter()]

        def report(step: int, record: dict) -> None:
            if time.perf_counter() - last[0] >= 30:
                last[0] = time.perf_counter()
                print(f"  step {step:6d}  {record['seconds']:7.0f} s  loss_d {record['loss_d']:.3f}  "
                      f"loss_g {record['loss_g']:.3f}", flush=True)

        model, history = train_blog_model(seconds=args.seconds, steps=args.steps, size=size, device=device,
                                          seed=args.seed, callback=report)
        seconds = history[-1]["seconds"] if history else 0.0
        training = {"steps": len(history), "seconds": round(seconds, 1), "budget_seconds": args.seconds,
                    "budget_steps": args.steps, "seed": args.seed, "batch_size": 16, "device": str(device),
                    "threads": torch.get_num_threads(), "torch": str(torch.__version__),
                    "final_loss_d": history[-1]["loss_d"] if history else None,
                    "final_loss_g": history[-1]["loss_g"] if history else None}
        out = save_blog_model(model, args.out, training)
    except (ValueError, OSError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"trained {len(history)} steps in {seconds:.0f} s; wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
