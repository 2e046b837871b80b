"""The generalisation splits of INTERFACE.md §3, fixed in code.

Three disjoint sets of the 192 (shape, colour, motion) combinations:

* **train**: everything below is removed from it; training never sees the other two.
* **val** (validation, 12 combinations): for development: design trials, which run or step to
  ship, the sample grids watched during training. One per (shape, colour) pair, 11 different
  motions (every family: straight, bouncing, zigzagging, scaling, rotating), none of them a
  ``circle moving up-right``.
* **heldout** (the test split, 16 combinations): ``circle moving up-right`` in every colour, the
  series' headline unseen prompt (circles still move every other way, and squares and triangles
  still move up-right), plus one combination for each of the 12 (shape, colour) pairs, each
  with a different motion. It is scored **once per shipped model**; nothing is chosen by it.

For every combination of both held-out splits, its (shape, motion), (colour, motion) and
(shape, colour) pairs still occur in training (``tests/test_split.py`` checks it). A model that
gets them right has composed attributes it only ever saw apart, like the blog's "cat fetching a
ball".
"""

from __future__ import annotations

from .prompts import COLOURS, Prompt, all_prompts

HEADLINE_PROMPT = "circle moving up-right"

HEADLINE_HELD_OUT: tuple[Prompt, ...] = tuple(Prompt("circle", "moving up-right", c) for c in COLOURS)

FURTHER_HELD_OUT: tuple[Prompt, ...] = (
    Prompt("circle", "shrinking", "red"),
    Prompt("circle", "bouncing horizontally", "green"),
    Prompt("circle", "zigzagging vertically", "blue"),
    Prompt("circle", "moving left", "yellow"),
    Prompt("square", "moving down-left", "red"),
    Prompt("square", "rotating clockwise", "green"),
    Prompt("square", "expanding", "blue"),
    Prompt("square", "zigzagging horizontally", "yellow"),
    Prompt("triangle", "bouncing vertically", "red"),
    Prompt("triangle", "moving up-left", "green"),
    Prompt("triangle", "rotating counter-clockwise", "blue"),
    Prompt("triangle", "moving down", "yellow"),
)

VALIDATION: tuple[Prompt, ...] = (
    Prompt("circle", "rotating counter-clockwise", "red"),
    Prompt("circle", "moving down-right", "green"),
    Prompt("circle", "zigzagging horizontally", "blue"),
    Prompt("circle", "bouncing vertically", "yellow"),
    Prompt("square", "zigzagging vertically", "red"),
    Prompt("square", "moving up", "green"),
    Prompt("square", "bouncing horizontally", "blue"),
    Prompt("square", "rotating counter-clockwise", "yellow"),
    Prompt("triangle", "moving right", "red"),
    Prompt("triangle", "expanding", "green"),
    Prompt("triangle", "shrinking", "blue"),
    Prompt("triangle", "rotating clockwise", "yellow"),
)

HELD_OUT: frozenset[Prompt] = frozenset(HEADLINE_HELD_OUT + FURTHER_HELD_OUT)  # the test split
VAL_HELD_OUT: frozenset[Prompt] = frozenset(VALIDATION)
NEVER_TRAINED: frozenset[Prompt] = HELD_OUT | VAL_HELD_OUT
SPLITS = ("train", "val", "heldout", "all")


def split_prompts(split: str = "all") -> list[Prompt]:
    """Full-form prompts of a split, in a fixed order (shape, colour, motion)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    prompts = all_prompts(with_colour=True)
    if split == "train":
        return [p for p in prompts if p not in NEVER_TRAINED]
    if split == "val":
        return [p for p in prompts if p in VAL_HELD_OUT]
    if split == "heldout":
        return [p for p in prompts if p in HELD_OUT]
    return prompts


def split_of(prompt: Prompt) -> str:
    """``"train"``, ``"val"`` or ``"heldout"`` for a full-form prompt."""
    if prompt.colour is None:
        raise ValueError(f"{prompt.text!r} names no colour; a split holds full-form prompts")
    return "heldout" if prompt in HELD_OUT else "val" if prompt in VAL_HELD_OUT else "train"


def is_held_out(prompt: Prompt) -> bool:
    """True when training never contains this combination (test *or* validation split).

    A colour-less prompt is held out when no colour of its (shape, motion) is trained, which is
    the case for the headline ``circle moving up-right`` only.
    """
    if prompt.colour is None:
        return all(prompt.with_colour(c) in NEVER_TRAINED for c in COLOURS)
    return prompt in NEVER_TRAINED
