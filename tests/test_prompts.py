"""The prompt language of INTERFACE.md §2."""

from pathlib import Path

import pytest

from helpers.prompts import (
    COLOURS,
    MAX_TOKENS,
    MOTIONS,
    SHAPES,
    Prompt,
    PromptError,
    Vocabulary,
    all_prompts,
    normalise_prompt,
    parse_prompt,
)


def test_world_sizes():
    assert len(SHAPES) == 3 and len(COLOURS) == 4 and len(MOTIONS) == 16
    assert len(all_prompts()) == 192
    assert len(all_prompts(with_colour=False)) == 48


def test_parse_full_prompt():
    assert parse_prompt("red circle moving up-right") == Prompt("circle", "moving up-right", "red")


def test_case_and_whitespace_do_not_matter():
    assert normalise_prompt("  Red   CIRCLE\tmoving  Up-Right ") == "red circle moving up-right"


def test_colour_is_optional():
    prompt = parse_prompt("triangle shrinking")
    assert prompt.colour is None and prompt.colour_id is None
    assert prompt.text == "triangle shrinking"


def test_blog_diagonal_synonym():
    assert normalise_prompt("circle moving diagonally up-right") == "circle moving up-right"
    assert normalise_prompt("blue square moving diagonally down-left") == "blue square moving down-left"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("purple circle moving up", "'purple'"),
        ("circle moving sideways", "'sideways'"),
        ("", "empty prompt"),
        ("   ", "empty prompt"),
        ("circle square moving up", "two shapes"),
        ("red blue circle moving up", "two colours"),
        ("red circle", "no motion"),
        ("moving up", "no shape"),
        ("circle moving diagonally up", "diagonally"),
        ("circle rotating", "'rotating' is not a motion"),
        ("circle red moving up", "'red'"),
        ("circle moving up up", "'moving up up' is not a motion"),
    ],
)
def test_bad_prompts_name_the_problem_and_list_the_vocabulary(text, named):
    with pytest.raises(PromptError) as info:
        parse_prompt(text)
    message = str(info.value)
    assert named in message
    assert "Vocabulary:" in message and "triangle" in message and "rotating counter-clockwise" in message
    assert "\n" not in message


def test_prompt_error_is_a_value_error():
    assert issubclass(PromptError, ValueError)


def test_every_prompt_round_trips():
    for prompt in all_prompts() + all_prompts(with_colour=False):
        assert parse_prompt(prompt.text) == prompt


def test_vocabulary_ids_are_sorted_and_stable():
    vocab = Vocabulary()
    assert vocab.tokens[0] == "<pad>"
    assert vocab.tokens[1:] == sorted(vocab.tokens[1:])
    # Fixed ids: a new process (any hash seed) reads prompts the same way.
    assert Vocabulary.from_dict(vocab.to_dict()) == vocab
    assert "counter-clockwise" in vocab.ids and "counter" not in vocab.ids


def test_vocabulary_does_not_depend_on_hash_seed():
    import subprocess
    import sys

    code = "from helpers.prompts import Vocabulary; print(Vocabulary().tokens)"
    root = str(Path(__file__).resolve().parent.parent)
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PYTHONPATH": root}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_encode_pads_and_decodes():
    vocab = Vocabulary()
    ids = vocab.encode("circle shrinking")
    assert len(ids) == MAX_TOKENS and ids[2:] == [0, 0]
    assert vocab.decode(ids) == "circle shrinking"
    assert vocab.decode(vocab.encode("Yellow Triangle moving diagonally down-right")) == (
        "yellow triangle moving down-right"
    )
    assert max(len(vocab.tokenize(p)) for p in all_prompts()) == MAX_TOKENS


def test_vocabulary_from_foreign_data_is_refused():
    with pytest.raises(ValueError):
        Vocabulary.from_dict({"tokens": ["b", "a"]})
