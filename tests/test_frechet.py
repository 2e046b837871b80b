"""Fréchet distance in feature space, and its real-vs-real floor (INTERFACE.md §6)."""

import numpy as np
import pytest

from helpers import frechet


def test_identical_sets_are_at_zero():
    feats = np.random.default_rng(0).normal(size=(300, 16))
    assert frechet.frechet_distance(feats, feats) == pytest.approx(0.0, abs=1e-6)


def test_matches_the_closed_form_for_diagonal_gaussians():
    mu_a, mu_b = np.zeros(3), np.array([1.0, 2.0, 0.0])
    cov_a, cov_b = np.diag([1.0, 4.0, 9.0]), np.diag([4.0, 1.0, 9.0])
    # |mu_a - mu_b|^2 + sum (sqrt(a) - sqrt(b))^2 for commuting covariances
    expected = 5.0 + (1 - 2) ** 2 + (2 - 1) ** 2 + 0.0
    assert frechet.frechet_from_stats(mu_a, cov_a, mu_b, cov_b) == pytest.approx(expected)


def test_shifted_and_scaled_sets_are_farther():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(400, 8))
    b = rng.normal(size=(400, 8))
    near = frechet.frechet_distance(a, b)
    shifted = frechet.frechet_distance(a, b + 1.0)
    scaled = frechet.frechet_distance(a, 3.0 * b)
    assert near < 0.5
    assert shifted > near + 7.0  # the shift alone adds |1|^2 * 8
    assert scaled > near + 7.0  # the covariance term: 8 * (3 - 1)^2 = 32


def test_singular_covariances_are_fine():
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(10, 64)), rng.normal(size=(10, 64))  # N < D: rank-deficient
    value = frechet.frechet_distance(a, b)
    assert np.isfinite(value) and value > 0


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        frechet.frechet_distance(np.zeros((1, 4)), np.zeros((5, 4)))
    with pytest.raises(ValueError):
        frechet.frechet_distance(np.zeros((5, 4)), np.zeros((5, 3)))


def test_real_vs_real_floor_uses_the_same_n():
    from helpers.classifier import load_classifier

    model = load_classifier(device="cpu")
    prompts = ["red circle moving up", "blue square shrinking", "triangle bouncing vertically"]
    floor = frechet.real_vs_real_floor(prompts, n=48, seed=5, classifier=model, height=32, width=32)
    assert floor["n"] == 48 and len(floor["values"]) == 1
    assert np.isfinite(floor["fd"]) and floor["fd"] > 0
    # Real clips of different prompts are much farther apart than the floor.
    from helpers.world import render_prompts

    other = render_prompts(["green triangle rotating clockwise"] * 48, seed=6, height=32, width=32)
    same = render_prompts([prompts[i % 3] for i in range(48)], seed=7, height=32, width=32)
    assert frechet.clip_frechet_distance(same, other, model) > 3 * floor["fd"]
