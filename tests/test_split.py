"""The generalisation splits of INTERFACE.md §3."""

from itertools import combinations

from helpers.prompts import COLOURS, Prompt, parse_prompt
from helpers.split import FURTHER_HELD_OUT, HELD_OUT, VALIDATION, is_held_out, split_of, split_prompts


def _pairs(prompt):
    return {("shape", prompt.shape, "motion", prompt.motion),
            ("colour", prompt.colour, "motion", prompt.motion),
            ("shape", prompt.shape, "colour", prompt.colour)}


def test_sizes_and_disjointness():
    train, val, held = split_prompts("train"), split_prompts("val"), split_prompts("heldout")
    every = split_prompts("all")
    assert len(every) == 192 and len(held) == len(HELD_OUT) and len(train) + len(val) + len(held) == 192
    assert not set(train) & set(held) and not set(train) & set(val) and not set(val) & set(held)
    assert set(train) | set(val) | set(held) == set(every)
    assert len(FURTHER_HELD_OUT) >= 12 and len(val) >= 8
    assert {split_of(p) for p in val} == {"val"} and {split_of(p) for p in held} == {"heldout"}
    assert {split_of(p) for p in train} == {"train"}
    assert all(is_held_out(p) for p in val + held) and not any(is_held_out(p) for p in train)


def test_validation_split_has_no_headline_and_is_spread():
    assert not any(p.shape == "circle" and p.motion == "moving up-right" for p in VALIDATION)
    assert {p.shape for p in VALIDATION} == {"circle", "square", "triangle"}
    assert {p.colour for p in VALIDATION} == set(COLOURS)
    assert len({p.motion for p in VALIDATION}) >= 8


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


def test_every_held_out_pair_occurs_in_training():
    # Both held-out splits at once: training is what is left after removing both.
    trained_pairs = set().union(*(_pairs(p) for p in split_prompts("train")))
    for prompt in FURTHER_HELD_OUT + VALIDATION:
        missing = _pairs(prompt) - trained_pairs
        assert not missing, f"{prompt}: pairs never trained {missing}"


def test_held_out_combinations_are_spread():
    further = FURTHER_HELD_OUT
    assert {p.shape for p in further} == {"circle", "square", "triangle"}
    assert {p.colour for p in further} == set(COLOURS)
    assert len({p.motion for p in further}) >= 8
    assert all(a != b for a, b in combinations(further, 2))


def test_training_sample_grids_never_show_the_test_split():
    from helpers.train import SAMPLE_PROMPTS

    parsed = [parse_prompt(p) for p in SAMPLE_PROMPTS]
    assert not any(p in HELD_OUT for p in parsed if p.colour is not None)
    assert not any(p.shape == "circle" and p.motion == "moving up-right" for p in parsed)
    assert any(p in set(VALIDATION) for p in parsed)
