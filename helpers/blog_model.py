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
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

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
    """The trained baseline, with the same ``generate`` interface as our model (SPEC §4)."""

    def __init__(self, size: WorldSize = FULL_SIZE, device: torch.device | str = "cpu", seed: int = 0):
        torch.manual_seed(seed)
        self.size = size
        self.device = torch.device(device)
        self.embedding = BlogTextEmbedding().to(self.device)
        self.generator = BlogGenerator(EMBED_SIZE, size.height, size.width).to(self.device)
        self.discriminator = BlogDiscriminator(size.height, size.width).to(self.device)

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
