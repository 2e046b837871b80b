"""Self-checks of notebook 01 (how a GAN learns)."""

from __future__ import annotations

import math

from ..exercises import exercise


def _number(answer: object, what: str) -> float:
    try:
        return float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise AssertionError(f"expected {what} as one number, got {type(answer).__name__}") from None


@exercise("01.1", hint="build two 1-D densities that do not overlap with toy_gan.mixture_pdf_1d on a grid "
                       "and pass them to toy_gan.jensen_shannon(p, q, dx); try moving them further apart.")
def check_01_1(answer: object) -> None:
    value = _number(answer, "the Jensen-Shannon divergence")
    assert value >= 0, f"a divergence is never negative, got {value:.4f}"
    assert abs(value - 2 * math.log(2)) > 1e-2, (
        "that is 2·log 2: JSD is the average of two KL terms, each at most log 2 (check the ½ factors)")
    assert abs(value - math.log(2)) < 1e-2, (
        f"got {value:.4f}. For densities with no overlap, m = (p+q)/2 equals p/2 where p lives and q/2 "
        "where q lives, so each KL term is log 2. Are your grid wide enough and the two Gaussians "
        "really apart (several standard deviations)?")


@exercise("01.2", hint="with D = sigmoid(a), d/da log(1 - D) = -D and d/da (-log D) = -(1 - D); or call "
                       "toy_gan.generator_loss_gradients([0.02]) and divide the two magnitudes.")
def check_01_2(answer: object) -> None:
    value = _number(answer, "the ratio of the two gradient magnitudes")
    expected = (1 - 0.02) / 0.02
    assert value > 1, (f"got {value:.4g}: the non-saturating gradient is the larger one when D rejects "
                       "the fake; divide non-saturating by saturating")
    assert abs(value - expected) / expected < 0.01, (
        f"got {value:.4g}; the magnitudes are 1 - D and D at D = 0.02, so the ratio is (1 - 0.02) / 0.02")


@exercise("01.3", hint="compute psi(features) (shape N×1, squeeze it) and add the row-wise dot product "
                       "(embed(y) * features).sum(dim=1).")
def check_01_3(answer: object) -> None:
    import torch
    from torch import nn

    from ..toy_gan import ToyDiscriminator

    assert callable(answer), "answer should be a function projection_score(features, psi, embed, y)"
    torch.manual_seed(0)
    features = torch.randn(5, 7)
    psi, embed = nn.Linear(7, 1), nn.Embedding(3, 7)
    y = torch.tensor([0, 1, 2, 1, 0])
    with torch.no_grad():
        got = answer(features, psi, embed, y)
        expected = psi(features).squeeze(1) + (embed(y) * features).sum(1)
    got = torch.as_tensor(got)
    assert got.shape == expected.shape, (
        f"expected one score per sample, shape {tuple(expected.shape)}, got {tuple(got.shape)}")
    without_condition = psi(features).squeeze(1).detach()
    assert not torch.allclose(got, without_condition, atol=1e-5), (
        "the score ignores y: add the inner product <embed(y), features>")
    assert torch.allclose(got, expected, atol=1e-5), "the scores differ from psi(phi) + <embed(y), phi>"
    D = ToyDiscriminator(hidden=16, n_classes=8).eval()
    x, labels = torch.randn(6, 2), torch.arange(6)
    with torch.no_grad():
        assert torch.allclose(torch.as_tensor(answer(D.phi(x), D.psi, D.embed, labels)), D(x, labels),
                              atol=1e-5), "on the toy projection discriminator your function disagrees with D(x, y)"
