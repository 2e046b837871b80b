"""The instruments see what a person sees: outlines, broken drawings, CAS, and `evaluate --clips`."""

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from helpers import evaluation, outline, world
from helpers.analytic import analyse_clips, check_clip, classify_shape
from helpers.broken import TEST_KINDS, TRAIN_KINDS, broken_set, render_broken
from helpers.cas import classification_accuracy_score
from helpers.prompts import SHAPES, Prompt, all_prompts
from helpers.split import split_prompts

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("size, required", [(32, 0.97), (64, 0.95)])
def test_real_clips_pass_all_checks(size, required):
    prompts = all_prompts(with_colour=True)
    clips = world.render_prompts(prompts, seed=8080, height=size, width=size).numpy()
    scores = evaluation.score_clips(clips, prompts)
    assert scores["all_checks"].mean() >= required, evaluation.summarise(scores)["analytic"]
    # and the analytic outline alone recognises every real shape
    assert [classify_shape(a) for a in scores["analyses"]] == [p.shape for p in prompts]


@pytest.mark.parametrize("size", [32, 64])
def test_broken_drawings_of_a_fresh_test_family_set_are_rejected(size):
    checked = evaluation.evaluate_instruments(size=(10, size, size), prompts_step=2, seed=777)
    assert checked["real"]["all_checks"] >= 0.95
    rates = {kind: v["all_checks"] for kind, v in checked["broken"].items()}
    assert set(rates) == set(TEST_KINDS)
    assert np.mean(list(rates.values())) <= 0.02, rates
    assert max(rates.values()) <= 0.05, rates


def test_the_outline_fit_takes_any_rotation_and_tells_the_shapes_apart():
    # Ideal shapes drawn at arbitrary angles and sizes, with the fit's own renderer: each fits
    # itself far better than the other two shapes, whatever the angle.
    side = 64
    ys, xs = torch.meshgrid(torch.arange(side) + 0.5, torch.arange(side) + 0.5, indexing="ij")
    frames, wanted = [], []
    for k, angle in enumerate(np.linspace(0, math.pi, 7)):
        for s, shape in enumerate(SHAPES):
            area = torch.tensor(150.0 + 40 * k).view(1, 1, 1, 1)
            u, v = (xs - 30.3).view(1, 1, side, side), (ys - 33.7).view(1, 1, side, side)
            cov = outline.ideal_coverage(shape, u, v, area, torch.ones(1, 1, 1, 1),
                                          torch.tensor(float(angle)).view(1, 1, 1, 1))
            frames.append(cov[0, 0])
            wanted.append(s)
    fit = outline.fit_outlines(torch.stack(frames))
    assert fit["best"].tolist() == wanted
    own = fit["error"][torch.arange(len(wanted)), torch.tensor(wanted)]
    assert float(own.max()) < 0.03
    others = fit["error"].clone()
    others[torch.arange(len(wanted)), torch.tensor(wanted)] = 1.0
    assert float(others.min()) > 0.1


def test_outline_threshold_interpolates_between_the_measured_sizes():
    t32, t64 = outline.OUTLINE_THRESHOLDS[32], outline.OUTLINE_THRESHOLDS[64]
    assert outline.outline_threshold(32) == t32 and outline.outline_threshold(64) == t64
    assert outline.outline_threshold(128) == t64 and outline.outline_threshold(16) == t32
    assert min(t32, t64) < outline.outline_threshold(45) < max(t32, t64)


def test_texture_inside_a_drawing_does_not_count_but_a_hole_does():
    clips = world.render_prompts(["red circle moving right"] * 2, seed=5, height=64, width=64).numpy()
    speckled, ring = clips.copy(), render_broken(["red circle moving right"], "ring", "test", seed=5)
    a = analyse_clips(clips[:1])[0]
    cx, cy = int(a.cx[0]), int(a.cy[0])
    speckled[1, :, cy, cx] = (240, 150, 150)  # one light pixel in the middle of every frame
    first, second = analyse_clips(speckled)
    assert check_clip(second, "red circle moving right")["outline"]
    assert abs(float(second.outline_error[:, 0].max()) - float(first.outline_error[:, 0].max())) < 0.01
    assert not check_clip(analyse_clips(ring)[0], "red circle moving right")["outline"]


def test_broken_drawings_keep_the_prompts_colour_and_trajectory():
    prompts = [Prompt("square", "moving right", "blue"), Prompt("circle", "bouncing vertically", "yellow")]
    for family, kinds in (("train", TRAIN_KINDS), ("test", TEST_KINDS)):
        clips = broken_set(prompts, family, seed=3, height=32, width=32)
        assert set(clips) == set(kinds)
        for kind, c in clips.items():
            assert c.shape == (2, 10, 32, 32, 3) and c.dtype == np.uint8, kind
    again = render_broken(prompts, "star", "test", seed=3, height=32, width=32)
    assert np.array_equal(again, render_broken(prompts, "star", "test", seed=3, height=32, width=32))
    with pytest.raises(ValueError, match="notch"):
        render_broken(prompts, "notch", "train")
    with pytest.raises(ValueError, match="family"):
        render_broken(prompts, "star", "other")


def test_the_shipped_classifier_rejects_broken_drawings_and_keeps_real_ones():
    from helpers.classifier import default_classifier

    classifier = default_classifier()
    assert "clean" in classifier.heads, "the shipped classifier must have its reject head"
    prompts = all_prompts(with_colour=True)[::2]
    real = world.render_prompts(prompts, seed=99, height=64, width=64).numpy()
    assert classifier.predict(real)["clean"].mean() >= 0.99
    shape_kinds = ("half", "star", "stretched", "ring", "fragments", "twin")
    broken = np.concatenate([render_broken(prompts, kind, "test", seed=100 + i) for i, kind in enumerate(shape_kinds)])
    assert classifier.predict(broken)["clean"].mean() <= 0.2


def test_cas_prefers_real_data_to_a_generator_that_draws_one_shape():
    prompts = split_prompts("train") * 2
    real = world.render_prompts(prompts, seed=1, height=32, width=32).numpy()
    test = world.render_prompts(prompts, seed=2, height=32, width=32).numpy()
    circles = world.render_prompts([Prompt("circle", p.motion, p.colour) for p in prompts], seed=3,
                                   height=32, width=32).numpy()  # every shape drawn as a circle
    cas = classification_accuracy_score(circles, prompts, real, prompts, test, prompts, steps=300)
    assert cas["real"]["shape"] >= cas["generated"]["shape"] + 0.15, cas
    assert cas["generated"]["shape"] <= 0.45, cas  # it can only guess the shape
    assert cas["ratio"] < 1.0


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True, cwd=ROOT)


def test_evaluate_clips_scores_a_dataset_file(tmp_path):
    data = tmp_path / "real.npz"
    made = _cli("dataset", "--n", "24", "--split", "val", "--seed", "5", "--out", str(data))
    assert made.returncode == 0, made.stderr
    out = tmp_path / "scores.json"
    result = _cli("evaluate", "--clips", str(data), "--json", str(out))
    assert result.returncode == 0, result.stderr
    assert "ALL CHECKS" in result.stdout
    scores = json.loads(out.read_text())
    assert 0.0 <= scores["summary"]["all_checks"] <= 1.0 and scores["summary"]["all_checks"] >= 0.9
    assert len(scores["per_clip"]) == 24
    for clip in scores["per_clip"]:
        assert {"prompt", "colour_ok", "shape_ok", "motion_ok", "all_checks"} <= set(clip)
        assert all(isinstance(clip[k], bool) for k in ("colour_ok", "shape_ok", "motion_ok", "all_checks"))
    # a file of broken drawings scores low
    prompts = [p.text for p in split_prompts("val")] * 2
    np.savez(tmp_path / "stars.npz", clips=render_broken(prompts, "star", "test", seed=1), prompts=np.array(prompts))
    stars = _cli("evaluate", "--clips", str(tmp_path / "stars.npz"), "--json", str(out))
    assert stars.returncode == 0, stars.stderr
    assert json.loads(out.read_text())["summary"]["all_checks"] == 0.0


@pytest.mark.parametrize("content, words", [
    (None, "no clips file"),
    ({"clips": np.zeros((2, 10, 64, 64, 3), np.float32), "prompts": np.array(["red circle moving up"] * 2)}, "uint8"),
    ({"clips": np.zeros((2, 10, 16, 16, 3), np.uint8), "prompts": np.array(["red circle moving up"] * 2)}, "32"),
    ({"clips": np.zeros((2, 10, 64, 64, 3), np.uint8)}, "prompts"),
    ({"clips": np.zeros((2, 1, 64, 64, 3), np.uint8), "prompts": np.array(["red circle moving up"] * 2)}, "frames"),
    ("npy", "one array"),
    ({"clips": np.zeros((2, 10, 64, 64, 3), np.uint8), "prompts": np.array(["purple circle moving up"] * 2)},
     "purple"),
])
def test_evaluate_clips_refuses_bad_files_in_one_line(tmp_path, content, words):
    path = tmp_path / "bad.npz"
    if content == "npy":
        with open(path, "wb") as handle:  # a plain .npy array under an .npz name
            np.save(handle, np.zeros((2, 10, 64, 64, 3), np.uint8))
    elif content is not None:
        np.savez(path, **content)
    result = _cli("evaluate", "--clips", str(path))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], result.stderr
