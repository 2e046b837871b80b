"""The notebooks' figure helpers and the 'change the model' experiments, on tiny models."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch

from helpers import experiments, figures, world
from helpers.diversity import pixel_diversity
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
    assert pixel_diversity(clips) > 0 and pixel_diversity(clips[[0, 0]]) == 0
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


# --------------------------------------------------------------------------------------------
# Notebook 07: the evaluation's figures and the numbers they are read by


def test_broken_pass_rates_gallery_and_outline_fits():
    from helpers.broken import TEST_KINDS

    prompts = ["red circle moving right", "blue square moving up", "green triangle bouncing vertically"]
    out = figures.broken_pass_rates(prompts, size=(10, 32, 32), seed=1)
    assert list(out["rates"]) == ["real", *TEST_KINDS]
    assert all(set(r) == set(figures.INSTRUMENTS) for r in out["rates"].values())
    assert out["rates"]["real"]["all checks"] == 1.0  # real clips pass every instrument
    assert out["rates"]["noise"]["all checks"] == 0.0 and out["rates"]["half"]["analytic"] == 0.0
    for rates in out["rates"].values():  # all checks needs both instruments, the classifier its heads
        assert rates["all checks"] <= min(rates["classifier"], rates["analytic"])
        assert rates["classifier"] <= rates["attribute heads"]
    for figure in (figures.plot_broken_gallery(out["clips"], out["scores"], rows=[0, 2]),
                   figures.plot_pass_rates(out["rates"]),
                   figures.plot_outline_fits([(out["clips"]["real"][0], "circle", "real"),
                                              (out["clips"]["star"][2], "triangle", "star")])):
        assert figure.axes
        matplotlib.pyplot.close(figure)


def test_ideal_outline_matches_the_outline_check():
    from helpers import analytic, broken

    real = world.render_prompts(["red circle moving right"], seed=0, frames=10, height=32, width=32).numpy()[0]
    half = broken.render_broken(["red circle moving right"], "half", "train", seed=0, frames=10, height=32, width=32)[0]
    for clip, lo, hi in ((real, 0.0, 0.08), (half, 0.15, 1.0)):
        xs, ys, ideal, error = figures.ideal_outline(clip[5], "circle")
        assert ideal.shape == (32 * 8, 32 * 8) and xs.shape == (256,) and 0 <= ideal.min() and ideal.max() <= 1
        assert lo <= error <= hi
        measured = analytic.analyse_clips(clip[None])[0].outline_error[5, 0]
        assert abs(error - measured) < 1e-5  # the figure draws the check's own fit
    assert figures.frame_coverage(np.full((8, 8, 3), 255, np.uint8)).sum() == 0


def _fake_scores():
    from helpers.prompts import parse_prompt

    prompts = [parse_prompt(t) for t in ["red circle moving up", "red circle moving up", "blue square shrinking",
                                         "blue square shrinking", "green triangle moving up"]]
    return {"prompts": prompts, "all_checks": np.array([True, False, False, False, False]),
            "outline_error": np.array([0.01, 0.3, 0.2, 0.5, 0.4]), "all_ok": np.ones(5, bool),
            "shape_ok": np.ones(5, bool), "colour_ok": np.ones(5, bool), "motion_ok": np.ones(5, bool),
            "clean": np.array([True, True, True, False, True]), "pred_shape": np.zeros(5, int),
            "pred_colour": np.zeros(5, int), "pred_motion": np.zeros(5, int),
            "checks": [{"outline": ok, "motion": True, "size": None, "all": ok}
                       for ok in (True, False, False, True, False)]}


def test_failures_and_per_prompt_rates():
    scores = _fake_scores()
    # One clip per motion, the largest outline error first: the square (0.5), then the triangle (0.4).
    assert figures.worst_failures(scores, 5) == [3, 4]
    assert figures.worst_failures(scores, 1) == [3]
    assert figures.failure_reason(scores, 3) == "reject head"
    assert figures.failure_reason(scores, 2) == "outline"
    assert figures.failure_reason(scores, 0) == "passes"
    rates = figures.per_prompt_rate(scores)
    assert rates == {"red circle moving up": 0.5, "blue square shrinking": 0.0, "green triangle moving up": 0.0}
    assert figures.short_prompt("yellow circle zigzagging horizontally") == "yellow circle zigzag horizontally"
    assert figures.short_prompt("circle moving up-right") == "circle up-right"
    matplotlib.pyplot.close(figures.plot_per_prompt(rates, reference=0.2, label="seen"))
    clips = np.arange(5)[:, None].repeat(3, 1)
    detail = {"scores": scores, "clips": clips, "real_clips": -clips}
    gen, real = figures.clips_of_prompt(detail, "blue square shrinking", 4)
    assert gen[:, 0].tolist() == [2, 3] and real[:, 0].tolist() == [-2, -3]


def test_blurred_and_documented_block(tmp_path):
    clips = world.render_prompts(["red circle moving right"], seed=0, frames=2, height=32, width=32).numpy()
    assert figures.blurred(clips, 0) is clips
    soft = figures.blurred(clips, 1.0)
    assert soft.shape == clips.shape and soft.dtype == np.uint8 and soft.min() > clips.min()
    table = tmp_path / "table.txt"
    table.write_text("ours: x\n                         ours   blog\nseen prompts: 2 clips\n  ALL CHECKS  1 %  0 %\n"
                     "test prompts (held out): 3 clips\n  ALL CHECKS  2 %  0 %\n  motion  3 %  1 %\n\nchance: ...\n")
    block = figures.documented_block(table, ["held-out prompts", "test prompts"])
    assert block[1:] == ["test prompts (held out): 3 clips", "  ALL CHECKS  2 %  0 %", "  motion  3 %  1 %"]
    assert block[0].strip().startswith("ours") and figures.documented_block(table, ["headline"]) == []


def test_result_figures_draw_from_results():
    per_motion = {m: {"classifier": 1.0, "analytic": 0.5, "all_checks": 0.5} for m in ("moving up", "shrinking")}
    diversity = {"per_prompt": {"a": {"pixel_ratio": 0.1}, "b": {"pixel_ratio": 0.9}}}
    cas = {"generated": {"all_correct": 0.5}, "real": {"all_correct": 0.7}, "steps": 5}
    entry = {"all_checks": 0.2, "accuracy": {"classifier": 0.9, "all_correct": 0.95}}
    columns = {"ours": {"cas": cas, "sets": {"seen": entry, "val": entry}}, "blog": None,
               "real": {"sets": {"seen": entry, "val": entry}}}
    acc = {"shape": 1.0, "colour": 1.0, "motion": 1.0, "all_correct": 1.0}
    real = {"n": 4, "accuracy": acc, "shuffled_frames": {**acc, "motion": 0.1}, "required": 0.99}
    results = {"columns": columns, "classifier_on_real": real,
               "instruments": {"n_per_kind": 2, "real": {"classifier": 1.0, "analytic": 1.0, "all_checks": 1.0},
                               "broken": {"half": {"classifier": 0.5, "analytic": 0.0, "all_checks": 0.0}},
                               "broken_overall": {"classifier": 0.5, "analytic": 0.0, "all_checks": 0.0}}}
    for figure in (figures.plot_per_motion(per_motion), figures.plot_diversity(diversity), figures.plot_cas(columns),
                   figures.plot_instrument_check(results), figures.plot_headline(results)):
        assert figure.axes
        matplotlib.pyplot.close(figure)
