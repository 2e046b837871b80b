"""The prompt language of INTERFACE §2: vocabulary, parsing, and a tokenizer with stable ids.

Grammar: ``[colour] shape motion``, e.g. ``red circle moving up-right`` or ``circle shrinking``.
Case and extra whitespace do not matter; ``moving diagonally <dir>`` is the blog's phrasing of
``moving <dir>``. Anything else raises :class:`PromptError`, whose message names the offending
word and lists the vocabulary.

This module needs no torch, so ``python -m helpers prompts`` starts instantly.
"""

from __future__ import annotations

from dataclasses import dataclass

SHAPES: tuple[str, ...] = ("circle", "square", "triangle")
COLOURS: tuple[str, ...] = ("red", "green", "blue", "yellow")

# Order fixes the motion ids used by datasets, classifiers and checkpoints: append, never reorder.
MOTIONS: tuple[str, ...] = (
    "moving up",
    "moving down",
    "moving left",
    "moving right",
    "moving up-left",
    "moving up-right",
    "moving down-left",
    "moving down-right",
    "bouncing vertically",
    "bouncing horizontally",
    "zigzagging horizontally",
    "zigzagging vertically",
    "shrinking",
    "expanding",
    "rotating clockwise",
    "rotating counter-clockwise",
)

DIAGONAL_DIRECTIONS: tuple[str, ...] = ("up-left", "up-right", "down-left", "down-right")
SYNONYM_WORDS: tuple[str, ...] = ("diagonally",)  # accepted, then normalised away

# Hyphenated words stay one token, so "counter-clockwise" is never read as "counter" + "clockwise".
MOTION_WORDS: tuple[str, ...] = tuple(sorted({w for m in MOTIONS for w in m.split()}))
WORDS: tuple[str, ...] = tuple(sorted(set(SHAPES) | set(COLOURS) | set(MOTION_WORDS)))
PAD_TOKEN = "<pad>"
MAX_TOKENS = 4  # colour + shape + at most two motion words


class PromptError(ValueError):
    """A prompt outside the language of INTERFACE §2. The message is one line meant for users."""


def vocabulary_summary() -> str:
    """One line listing everything a prompt may contain."""
    return (
        f"colours: {', '.join(COLOURS)} (optional); shapes: {', '.join(SHAPES)}; "
        f"motions: {', '.join(MOTIONS)} (also 'moving diagonally <dir>')"
    )


def _fail(problem: str, text: str) -> PromptError:
    return PromptError(f"{problem} in prompt {text!r}. Vocabulary: {vocabulary_summary()}")


@dataclass(frozen=True)
class Prompt:
    """A parsed prompt. ``colour`` is None when the prompt leaves it open."""

    shape: str
    motion: str
    colour: str | None = None

    @property
    def text(self) -> str:
        """Normalised text, exactly as the model and the datasets spell it."""
        words = ([self.colour] if self.colour else []) + [self.shape, self.motion]
        return " ".join(words)

    @property
    def shape_id(self) -> int:
        return SHAPES.index(self.shape)

    @property
    def motion_id(self) -> int:
        return MOTIONS.index(self.motion)

    @property
    def colour_id(self) -> int | None:
        return None if self.colour is None else COLOURS.index(self.colour)

    def with_colour(self, colour: str | None) -> Prompt:
        return Prompt(self.shape, self.motion, colour)

    def __str__(self) -> str:
        return self.text


def parse_prompt(text: str | Prompt) -> Prompt:
    """Parse one prompt; raise :class:`PromptError` naming the first offending word."""
    if isinstance(text, Prompt):
        return text
    if not isinstance(text, str):
        raise PromptError(f"a prompt must be a string, got {type(text).__name__}. "
                          f"Vocabulary: {vocabulary_summary()}")
    words = text.lower().split()
    if not words:
        raise _fail("empty prompt", text)
    for word in words:
        if word not in WORDS and word not in SYNONYM_WORDS:
            raise _fail(f"unknown word {word!r}", text)

    colours = [w for w in words if w in COLOURS]
    shapes = [w for w in words if w in SHAPES]
    if len(colours) > 1:
        raise _fail(f"two colours ({colours[0]!r} and {colours[1]!r})", text)
    if len(shapes) > 1:
        raise _fail(f"two shapes ({shapes[0]!r} and {shapes[1]!r}); a clip holds one shape", text)
    if not shapes:
        raise _fail("no shape", text)

    rest = list(words)
    colour = None
    if rest[0] in COLOURS:
        colour = rest.pop(0)
    if rest[0] not in SHAPES:
        raise _fail(f"{rest[0]!r} where the shape should be (grammar: [colour] shape motion)", text)
    shape = rest.pop(0)
    if colour is None and colours:
        raise _fail(f"the colour {colours[0]!r} must come before the shape", text)

    if rest[:2] == ["moving", "diagonally"]:
        if len(rest) != 3 or rest[2] not in DIAGONAL_DIRECTIONS:
            raise _fail("'diagonally' must be followed by one of " + ", ".join(DIAGONAL_DIRECTIONS), text)
        rest = ["moving", rest[2]]
    elif "diagonally" in rest:
        raise _fail("'diagonally' is only accepted as 'moving diagonally <dir>'", text)
    motion = " ".join(rest)
    if not motion:
        raise _fail("no motion", text)
    if motion not in MOTIONS:
        raise _fail(f"{motion!r} is not a motion", text)
    return Prompt(shape=shape, motion=motion, colour=colour)


def normalise_prompt(text: str) -> str:
    """Canonical spelling of a prompt (lower case, single spaces, synonyms resolved)."""
    return parse_prompt(text).text


def all_prompts(with_colour: bool = True) -> list[Prompt]:
    """Every (colour,) shape, motion combination in a fixed order: shape, colour, motion."""
    colours: tuple[str | None, ...] = COLOURS if with_colour else (None,)
    return [Prompt(s, m, c) for s in SHAPES for c in colours for m in MOTIONS]


class Vocabulary:
    """Word ↔ id table with ids fixed by sorting, so they never depend on the hash seed.

    Id 0 is padding; a checkpoint stores :meth:`to_dict` and rebuilds the table with
    :meth:`from_dict`, so a saved model reads prompts exactly as it was trained to.
    """

    def __init__(self, words: tuple[str, ...] | list[str] = WORDS):
        self.tokens: list[str] = [PAD_TOKEN, *sorted(set(words))]
        self.ids: dict[str, int] = {t: i for i, t in enumerate(self.tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vocabulary) and self.tokens == other.tokens

    def tokenize(self, prompt: str | Prompt) -> list[str]:
        """The words the model reads: the normalised prompt split on spaces."""
        return parse_prompt(prompt).text.split()

    def encode(self, prompt: str | Prompt, length: int = MAX_TOKENS) -> list[int]:
        """Token ids of one prompt, right-padded with 0 to ``length``."""
        ids = [self.ids[w] for w in self.tokenize(prompt)]
        if len(ids) > length:
            raise PromptError(f"prompt {str(prompt)!r} has {len(ids)} words; at most {length} fit")
        return ids + [0] * (length - len(ids))

    def decode(self, ids: list[int]) -> str:
        return " ".join(self.tokens[i] for i in ids if i != 0)

    def to_dict(self) -> dict:
        return {"tokens": list(self.tokens)}

    @classmethod
    def from_dict(cls, data: dict) -> Vocabulary:
        tokens = list(data["tokens"])
        if not tokens or tokens[0] != PAD_TOKEN:
            raise ValueError("vocabulary data must start with the padding token")
        vocab = cls(tokens[1:])
        if vocab.tokens != tokens:
            raise ValueError("vocabulary data is not sorted; it was not written by this package")
        return vocab
