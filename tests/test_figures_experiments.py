"""The notebooks' figure helpers and the 'change the model' experiments, on tiny models."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from helpers import experiments, figures, world
from helpers.inference import TextToVideoModel
from helpers.models import Generator, ModelConfig
from helpers.prompts import Vocabulary


@pytest.fixture(scope="module")
def tiny_model():
    torch.manual_seed(0)
    vocab = Vocabulary()
    config = ModelConfig(height=32, width=32, g_ch=4, d_ch=4, embed_dim=16, text_dim=32, z_content=16,
                         z_motion=16, content_dim=16, motion_dim=16, mlp_dim=32)
    return TextToVideoModel(Generator(config, len(vocab)), vocab, torch.device("cpu"))


def test_word_and_prompt_figures(tiny_model):
    words, roles, similarity = figures.word_similarity(tiny_model)
    assert similarity.shape == (len(words), len(words)) and np.allclose(np.diag(similarity), 1, atol=1e-5)
    summary = figures.role_cosines(roles, similarity)
    assert set(summary) == {"within role", "between roles", "mean |cos|"}
    prompts, xy, explained = figures.prompt_pca(tiny_model)
    assert xy.shape == (len(prompts), 2) and 0 < explained.sum() <= 1
    shares = figures.share_explained_by(prompts, xy, "motion")
    assert all(0 <= s <= 1 + 1e-6 for s in shares)
    for figure in (figures.plot_word_similarity(tiny_model), figures.plot_prompt_pca(tiny_model),
                   figures.plot_sprites_and_poses(tiny_model, ["red circle moving right", "square shrinking"]),
                   figures.plot_snap_swatches(tiny_model, ["circle expanding"]), figures.plot_split_grid()):
        assert figure.axes
        matplotlib.pyplot.close(figure)


def test_clip_measures_on_real_clips():
    clips = world.render_prompts(["green triangle moving right"] * 4, seed=0, frames=10, height=32, width=32).numpy()
    starts = figures.start_positions(clips)
    assert starts.shape == (4, 2) and np.all((starts >= 0) & (starts < 32))
    assert figures.shape_colour(clips[0])[1] > figures.shape_colour(clips[0])[0]  # green, not red
    assert experiments.clip_diversity(clips) > 0 and experiments.clip_diversity(clips[[0, 0]]) == 0
    matplotlib.pyplot.close(figures.plot_start_positions(clips, clips, size=32))
    matplotlib.pyplot.close(figures.plot_colour_counts(["red", "red", "blue", "none"]))


def test_direction():
    assert experiments.direction(1.0, 0.3) == "lower"
    assert experiments.direction(1.0, 1.1) == "same"
    assert experiments.direction(0.5, 1.5) == "higher"


def test_a_variant_trains_and_is_measured(tmp_path, monkeypatch):
    monkeypatch.setenv("T2V_SMOKE", "1")
    run = experiments.train_variant(2, out_dir=tmp_path / "run", mismatch_weight=0.0)
    assert run.changes == {"mismatch_weight": 0.0} and run.checkpoint.is_file()
    assert np.isfinite(experiments.critic_prompt_gap(run.checkpoint, n=4))
    assert 0 <= experiments.colour_following(run.checkpoint, n_per_prompt=1) <= 1
