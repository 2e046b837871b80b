"""The blog's model as a baseline: faithful to its published mistakes, usable like our model."""

import numpy as np
import pytest
import torch

from helpers.blog_model import BlogModel, train_blog_model
from helpers.prompts import PromptError
from helpers.runtime import SMOKE_SIZE


@pytest.fixture(scope="module")
def trained():
    before = BlogModel(SMOKE_SIZE, seed=0).embedding.embedding.weight.detach().clone()
    model, history = train_blog_model(steps=8, size=SMOKE_SIZE, seed=0)
    return before, model, history


def test_embedding_never_changes_during_training(trained):
    before, model, history = trained
    assert len(history) == 8
    assert torch.equal(model.embedding.embedding.weight, before), "the blog never optimises its embedding"


def test_generator_and_discriminator_do_train(trained):
    _, model, _ = trained
    fresh = BlogModel(SMOKE_SIZE, seed=0)
    assert not torch.equal(fresh.generator.fc1.weight, model.generator.fc1.weight)
    assert not torch.equal(fresh.discriminator.fc1.weight, model.discriminator.fc1.weight)


def test_discriminator_is_text_blind():
    model = BlogModel(SMOKE_SIZE, seed=0)
    frames = torch.rand(2, 3, SMOKE_SIZE.height, SMOKE_SIZE.width) * 2 - 1
    # forward takes no text at all: the same frames get the same score whatever the prompt
    with pytest.raises(TypeError):
        model.discriminator(frames, model.embedding.encode(["red circle moving up"] * 2))


def test_generate_interface_and_independent_frames(trained):
    _, model, _ = trained
    clips = model.generate(["red circle moving up", "square shrinking"], seed=1)
    assert clips.shape == (2, 10, 32, 32, 3) and clips.dtype == np.uint8
    assert np.array_equal(clips, model.generate(["red circle moving up", "square shrinking"], seed=1))
    assert not np.array_equal(clips[0, 0], clips[0, 1]), "every frame has its own noise"
    with pytest.raises(PromptError):
        model.generate(["purple circle moving up"])


def test_state_dict_round_trip(trained, tmp_path):
    _, model, _ = trained
    path = tmp_path / "blog.pt"
    torch.save(model.state_dict(), path)
    loaded = BlogModel.from_state_dict(torch.load(path, weights_only=True))
    assert np.array_equal(loaded.generate(["blue triangle expanding"], seed=3),
                          model.generate(["blue triangle expanding"], seed=3))
    with pytest.raises(ValueError, match="blog baseline"):
        BlogModel.from_state_dict({"kind": "other"})


def test_training_needs_a_budget():
    with pytest.raises(ValueError, match="budget"):
        train_blog_model()
