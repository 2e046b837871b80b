"""The generalisation split of SPEC §3, fixed in code.

Held out of training:

* ``circle moving up-right`` in every colour: the series' headline unseen prompt (circles still
  move every other way, and squares and triangles still move up-right);
* one further combination for each of the 12 (shape, colour) pairs, each with a different motion,
  so that every one of its (shape, motion), (colour, motion) and (shape, colour) pairs still
  occurs in training. A model that gets these right has composed attributes it only ever saw
  apart, like the blog's "cat fetching a ball".
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

HELD_OUT: frozenset[Prompt] = frozenset(HEADLINE_HELD_OUT + FURTHER_HELD_OUT)
SPLITS = ("train", "heldout", "all")


def split_prompts(split: str = "all") -> list[Prompt]:
    """Full-form prompts of a split, in a fixed order (shape, colour, motion)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    prompts = all_prompts(with_colour=True)
    if split == "train":
        return [p for p in prompts if p not in HELD_OUT]
    if split == "heldout":
        return [p for p in prompts if p in HELD_OUT]
    return prompts


def is_held_out(prompt: Prompt) -> bool:
    """True when training never contains this combination.

    A colour-less prompt is held out when it names the headline (shape, motion), which no
    colour of which is trained.
    """
    if prompt.colour is None:
        return all(prompt.with_colour(c) in HELD_OUT for c in COLOURS)
    return prompt in HELD_OUT
