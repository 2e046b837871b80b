"""The toy GAN of notebook 01: its theory functions, its losses, and that the recipes behave as the
notebook says (the course recipe covers the ring, the naive one collapses, labels are obeyed)."""

import math

import numpy as np
import pytest
import torch

from helpers import toy_gan

# --- data and metric -------------------------------------------------------------------------


def test_ring_samples_sit_on_their_modes():
    x, labels = toy_gan.sample_ring(4000, generator=torch.Generator().manual_seed(0))
    assert x.shape == (4000, 2) and labels.shape == (4000,)
    centres = toy_gan.ring_centers()
    assert torch.allclose(centres.norm(dim=1), torch.full((8,), toy_gan.RADIUS))
    distance = (x - centres[labels]).norm(dim=1)
    assert distance.max() < 6 * toy_gan.MODE_STD
    assert set(labels.tolist()) == set(range(8))
    again, _ = toy_gan.sample_ring(4000, generator=torch.Generator().manual_seed(0))
    assert torch.equal(x, again)


def test_mode_coverage_counts_modes():
    gen = torch.Generator().manual_seed(1)
    real, _ = toy_gan.sample_ring(2000, generator=gen)
    full = toy_gan.mode_coverage(real)
    assert full.modes == 8 and full.high_quality > 0.99
    three, _ = toy_gan.sample_ring(2000, labels=torch.tensor([0, 3, 5]).repeat(667)[:2000], generator=gen)
    assert toy_gan.mode_coverage(three).modes == 3
    assert toy_gan.mode_coverage(torch.zeros(100, 2)).modes == 0  # the centre of the ring is no mode
    one_stray = torch.cat([toy_gan.sample_ring(999, labels=torch.zeros(999, dtype=torch.long))[0],
                           toy_gan.ring_centers()[4:5]])
    assert toy_gan.mode_coverage(one_stray).modes == 1  # one sample is not coverage


# --- theory ------------------------------------------------------------------------------------


def _densities():
    x = np.linspace(-10, 10, 8001)
    dx = x[1] - x[0]
    p_data = toy_gan.mixture_pdf_1d(x, [-2.0, 2.0], 0.5)
    p_g = toy_gan.mixture_pdf_1d(x, [0.5, 3.0], [1.0, 0.7], [0.7, 0.3])
    return x, dx, p_data, p_g


def test_mixture_density_integrates_to_one():
    _, dx, p_data, p_g = _densities()
    assert abs(p_data.sum() * dx - 1) < 1e-6 and abs(p_g.sum() * dx - 1) < 1e-6


def test_optimal_discriminator_beats_every_other():
    x, dx, p_data, p_g = _densities()
    d_star = toy_gan.optimal_discriminator(p_data, p_g)
    best = toy_gan.value_function(d_star, p_data, p_g, dx)
    rng = np.random.default_rng(0)
    for scale in (0.01, 0.1):
        other = np.clip(d_star + rng.normal(0, scale, x.shape), 1e-9, 1 - 1e-9)
        assert toy_gan.value_function(other, p_data, p_g, dx) < best
    for constant in (0.3, 0.5, 0.7):
        assert toy_gan.value_function(np.full_like(x, constant), p_data, p_g, dx) < best
    assert np.allclose(toy_gan.optimal_discriminator(p_data, p_data), 0.5)


def test_value_at_optimal_discriminator_is_two_jsd_minus_log4():
    _, dx, p_data, p_g = _densities()
    for q in (p_g, p_data, 0.5 * (p_data + p_g)):
        d_star = toy_gan.optimal_discriminator(p_data, q)
        v = toy_gan.value_function(d_star, p_data, q, dx)
        assert v == pytest.approx(2 * toy_gan.jensen_shannon(p_data, q, dx) - math.log(4), abs=1e-6)
    assert toy_gan.jensen_shannon(p_data, p_data, dx) == pytest.approx(0, abs=1e-9)


def test_jsd_saturates_at_log2_without_overlap():
    x = np.linspace(-30, 30, 60001)
    dx = x[1] - x[0]
    for distance in (6, 20, 50):
        p = toy_gan.mixture_pdf_1d(x, [-distance / 2], 0.3)
        q = toy_gan.mixture_pdf_1d(x, [distance / 2], 0.3)
        assert toy_gan.jensen_shannon(p, q, dx) == pytest.approx(math.log(2), abs=1e-4)


def test_non_saturating_gradient_is_larger_when_d_rejects_fakes():
    d = np.array([1e-3, 0.02, 0.1, 0.3])
    grads = toy_gan.generator_loss_gradients(d)
    saturating, non_saturating = np.abs(grads["saturating"]), np.abs(grads["non_saturating"])
    assert np.allclose(saturating, d) and np.allclose(non_saturating, 1 - d)
    assert (non_saturating > saturating).all()
    assert saturating[0] < 0.01 and non_saturating[0] > 0.99  # the saturating loss goes quiet


# --- losses and players ------------------------------------------------------------------------


def test_losses_match_their_formulas():
    real, fake = torch.tensor([2.0, 0.5]), torch.tensor([-3.0, 0.0])
    sig = torch.sigmoid
    bce = -(torch.log(sig(real)).mean() + torch.log(1 - sig(fake)).mean())
    for kind in ("minimax", "nonsaturating"):
        assert torch.allclose(toy_gan.discriminator_loss(kind, real, fake), bce)
    hinge = torch.relu(1 - real).mean() + torch.relu(1 + fake).mean()
    assert torch.allclose(toy_gan.discriminator_loss("hinge", real, fake), hinge)
    assert torch.allclose(toy_gan.generator_loss("minimax", fake), torch.log(1 - sig(fake)).mean())
    assert torch.allclose(toy_gan.generator_loss("nonsaturating", fake), -torch.log(sig(fake)).mean())
    assert torch.allclose(toy_gan.generator_loss("hinge", fake), -fake.mean())
    with pytest.raises(ValueError, match="unknown loss"):
        toy_gan.generator_loss("wasserstein", fake)


def test_projection_discriminator_adds_the_label_term():
    torch.manual_seed(0)
    D = toy_gan.ToyDiscriminator(hidden=16, n_classes=8).eval()
    x, y = torch.randn(5, 2), torch.tensor([0, 1, 2, 3, 4])
    with torch.no_grad():
        features = D.phi(x)
        expected = D.psi(features).squeeze(1) + (D.embed(y) * features).sum(1)
        assert torch.allclose(D(x, y), expected)
        assert not torch.allclose(D(x, y), D(x, (y + 1) % 8))  # the label changes the score


def test_spectral_norm_makes_each_layer_non_expanding():
    torch.manual_seed(0)
    D = toy_gan.ToyDiscriminator(hidden=32, spectral_norm=True)
    for _ in range(30):  # power iteration sharpens its estimate once per training-mode forward pass
        D(torch.randn(8, 2))
    linears = [m for m in D.modules() if isinstance(m, torch.nn.Linear)]
    assert len(linears) == 4
    for layer in linears:
        assert torch.linalg.matrix_norm(layer.weight.detach(), ord=2) == pytest.approx(1.0, abs=0.05)


# --- training behaves as notebook 01 says ------------------------------------------------------


def test_course_recipe_covers_the_ring_and_naive_collapses():
    course = toy_gan.train_toy_gan("course", steps=800, seed=0, n_snapshots=2, n_trace=1)
    naive = toy_gan.train_toy_gan("naive", steps=400, seed=0, n_snapshots=2, n_trace=1)
    course_cov = toy_gan.mode_coverage(course.final.samples)
    naive_cov = toy_gan.mode_coverage(naive.final.samples)
    assert course_cov.modes >= 6, f"course recipe: {course_cov}"
    assert naive_cov.modes < course_cov.modes and naive_cov.modes <= 3, f"naive recipe: {naive_cov}"


def test_conditional_generator_obeys_the_label():
    history = toy_gan.train_toy_gan("course", steps=300, seed=0, conditional=True, n_snapshots=2, n_trace=1)
    assert toy_gan.condition_accuracy(history.generator) >= 0.9
    assert toy_gan.scores_by_label(history.discriminator).shape == (8, 8)


def test_same_seed_same_run_and_history_is_complete():
    a = toy_gan.train_toy_gan("course", steps=20, seed=3, n_snapshots=3, n_trace=5)
    b = toy_gan.train_toy_gan("course", steps=20, seed=3, n_snapshots=3, n_trace=5)
    assert np.array_equal(a.final.samples, b.final.samples)
    assert [s.step for s in a.snapshots] == [0, 10, 20]
    assert len(a.d_loss) == len(a.g_loss) == len(a.g_push) == 20
    assert a.final.d_grid.shape == (60, 60)
    assert np.array(a.mode_trace).shape == (len(a.trace_steps), 8)


def test_compare_recipes_reuses_given_runs():
    recipe = toy_gan.RECIPES["naive"]
    earlier = toy_gan.train_toy_gan(recipe, steps=10, seed=0, n_snapshots=2, n_trace=1)
    runs = {(recipe, 0, 10): earlier}
    table = toy_gan.compare_recipes({"naive": recipe}, seeds=(0, 1), steps=10, histories=runs)
    assert runs[(recipe, 0, 10)] is earlier and (recipe, 1, 10) in runs
    assert [c.n_modes for c in table["naive"]] == [8, 8]
    assert "naive" in toy_gan.format_comparison(table)


def test_figures_are_returned():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plain = toy_gan.train_toy_gan("course", steps=6, seed=0, n_snapshots=3, n_trace=3, grid=12)
    conditional = toy_gan.train_toy_gan("course", steps=6, seed=0, n_snapshots=2, n_trace=3, conditional=True)
    figures = [toy_gan.plot_optimal_discriminator(), toy_gan.plot_generator_gradients(),
               toy_gan.plot_snapshots(plain), toy_gan.plot_training_curves({"run": plain}),
               toy_gan.plot_conditional(conditional)]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figures)
    assert "<script" in toy_gan.animate_history(plain).to_jshtml()
    plt.close("all")
