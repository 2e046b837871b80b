"""The text encoder: prompt → vector, learned together with the GAN.

Words are looked up in :class:`helpers.prompts.Vocabulary` (ids fixed by sorting, so they never
depend on the hash seed; hyphenated words such as ``counter-clockwise`` and ``up-right`` are one
token each). Each word has a learned embedding; the encoder averages the embeddings of a prompt's
words (padding ignored) and passes the average through a small MLP.

Why a bag of words and not a GRU? In this prompt language word order carries no meaning: every
word plays one role (colour, shape or motion word), and no two prompts differ only by the order
of their words. With hyphenated words kept whole, the set of words already identifies the prompt
(``{rotating, counter-clockwise}`` vs ``{rotating, clockwise}``): the prototype's confusion came
from splitting ``counter-clockwise`` into two words, not from ignoring order. Averaging is one
matrix multiply, has no recurrence to learn, and a prompt without its colour word is simply the
average of the remaining words; the MLP after the pooling lets words interact (``moving`` +
``up`` vs ``bouncing`` + ``vertically``).

The generator and the discriminator each own one encoder (their objectives are opposed, so they
do not share weights); both are trained by their own network's loss and saved in the checkpoint
together with the vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from .prompts import MAX_TOKENS, Prompt, Vocabulary


class TextEncoder(nn.Module):
    """Token ids ``(N, L)`` (0 = padding) → text vectors ``(N, out_dim)``."""

    def __init__(self, vocab_size: int, embed_dim: int = 64, out_dim: int = 128, spectral: bool = False):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim, padding_idx=0)
        nn.init.normal_(self.embedding.weight, std=1.0)
        with torch.no_grad():
            self.embedding.weight[0].zero_()
        first, second = nn.Linear(embed_dim, out_dim), nn.Linear(out_dim, out_dim)
        if spectral:  # the discriminator's copy is Lipschitz-bounded like the rest of it
            first = nn.utils.parametrizations.spectral_norm(first)
            second = nn.utils.parametrizations.spectral_norm(second)
        self.mlp = nn.Sequential(first, nn.LeakyReLU(0.2), second)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        mask = (tokens != 0).unsqueeze(-1).to(self.embedding.weight.dtype)
        summed = (self.embedding(tokens) * mask).sum(dim=1)
        pooled = summed / mask.sum(dim=1).clamp(min=1.0)
        return self.mlp(pooled)


def encode_prompts(vocab: Vocabulary, prompts: Sequence[str | Prompt], device=None) -> torch.Tensor:
    """Token ids ``(N, MAX_TOKENS)`` of prompts; raises :class:`helpers.prompts.PromptError` on bad ones."""
    ids = [vocab.encode(p, MAX_TOKENS) for p in prompts]
    return torch.tensor(ids, dtype=torch.long, device=device)


def drop_colours(prompts: Sequence[Prompt], probability: float, generator: torch.Generator) -> list[Prompt]:
    """Each prompt with its colour word removed with ``probability`` (the clip keeps its colour).

    Training on such prompts teaches the model that a colour-less prompt allows any colour.
    """
    draws = torch.rand(len(prompts), generator=generator).tolist()
    return [p.with_colour(None) if d < probability else p for p, d in zip(prompts, draws)]


__all__ = ["TextEncoder", "drop_colours", "encode_prompts"]
