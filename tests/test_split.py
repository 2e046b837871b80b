"""The generalisation split of SPEC §3."""

from itertools import combinations

from helpers.prompts import COLOURS, Prompt, parse_prompt
from helpers.split import FURTHER_HELD_OUT, HELD_OUT, is_held_out, split_prompts


def _pairs(prompt):
    return {("shape", prompt.shape, "motion", prompt.motion),
            ("colour", prompt.colour, "motion", prompt.motion),
            ("shape", prompt.shape, "colour", prompt.colour)}


def test_sizes_and_disjointness():
    train, held, every = split_prompts("train"), split_prompts("heldout"), split_prompts("all")
    assert len(every) == 192 and len(held) == len(HELD_OUT) and len(train) + len(held) == 192
    assert not set(train) & set(held)
    assert len(FURTHER_HELD_OUT) >= 12


def test_headline_prompt_held_out_in_every_colour():
    train = set(split_prompts("train"))
    for colour in COLOURS:
        assert Prompt("circle", "moving up-right", colour) not in train
        # ...while its parts stay in training
        assert Prompt("square", "moving up-right", colour) in train
        assert Prompt("triangle", "moving up-right", colour) in train
    assert any(p.shape == "circle" and p.motion == "moving up" for p in train)
    assert is_held_out(parse_prompt("circle moving up-right"))
    assert is_held_out(parse_prompt("green circle moving diagonally up-right"))
    assert not is_held_out(parse_prompt("circle moving up"))


def test_every_further_held_out_pair_occurs_in_training():
    trained_pairs = set().union(*(_pairs(p) for p in split_prompts("train")))
    for prompt in FURTHER_HELD_OUT:
        missing = _pairs(prompt) - trained_pairs
        assert not missing, f"{prompt}: pairs never trained {missing}"


def test_held_out_combinations_are_spread():
    further = FURTHER_HELD_OUT
    assert {p.shape for p in further} == {"circle", "square", "triangle"}
    assert {p.colour for p in further} == set(COLOURS)
    assert len({p.motion for p in further}) >= 8
    assert all(a != b for a, b in combinations(further, 2))
