"""A GAN small enough to train live on a CPU in seconds: notebook 01's laboratory.

The data are points in the plane drawn from a ring of Gaussian blobs ("modes"); the generator and
discriminator are small MLPs. Everything notebook 01 shows comes from here:

* data: :func:`ring_centers`, :func:`sample_ring`
* theory on a 1-D example: :func:`mixture_pdf_1d`, :func:`optimal_discriminator`,
  :func:`value_function`, :func:`jensen_shannon`, :func:`generator_loss_gradients`
* the players: :class:`ToyGenerator`, :class:`ToyDiscriminator` (optionally spectrally normalised
  and, when conditional, a projection discriminator)
* the losses: :func:`discriminator_loss`, :func:`generator_loss` (minimax, non-saturating, hinge)
* training: :class:`Recipe`, :data:`RECIPES`, :func:`train_toy_gan` returning a :class:`History`
* measuring: :func:`mode_coverage`, :func:`condition_accuracy`, :func:`scores_by_label`,
  :func:`compare_recipes` (several recipes × several seeds) and :func:`format_comparison`
* figures (each returns a matplotlib ``Figure`` or animation): :func:`plot_optimal_discriminator`,
  :func:`plot_generator_gradients`, :func:`plot_snapshots`, :func:`plot_training_curves`,
  :func:`plot_conditional`, :func:`animate_history`
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# ---------------------------------------------------------------------------------------------
# Data: a ring of Gaussian blobs
# ---------------------------------------------------------------------------------------------

N_MODES = 8
RADIUS = 2.0
MODE_STD = 0.05
LIMIT = 3.0  # figures and heat maps show the square [-LIMIT, LIMIT]^2


def ring_centers(n_modes: int = N_MODES, radius: float = RADIUS) -> torch.Tensor:
    """The ``(n_modes, 2)`` centres of the blobs, evenly spaced on a circle, mode 0 at angle 0."""
    angles = torch.arange(n_modes, dtype=torch.float32) * (2 * math.pi / n_modes)
    return radius * torch.stack([angles.cos(), angles.sin()], dim=1)


def sample_ring(n: int, n_modes: int = N_MODES, radius: float = RADIUS, std: float = MODE_STD,
                labels: torch.Tensor | None = None,
                generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` points from the ring mixture (equal weights) and the mode each came from.

    Pass ``labels`` to choose the modes yourself (the conditional toy does).
    """
    if labels is None:
        labels = torch.randint(n_modes, (n,), generator=generator)
    noise = torch.randn(len(labels), 2, generator=generator) * std
    return ring_centers(n_modes, radius)[labels] + noise, labels


# ---------------------------------------------------------------------------------------------
# Theory on a 1-D example: the optimal discriminator and the Jensen-Shannon divergence
# ---------------------------------------------------------------------------------------------


def mixture_pdf_1d(x: np.ndarray, means, stds, weights=None) -> np.ndarray:
    """Density of a 1-D Gaussian mixture at the points ``x``."""
    means, stds = np.asarray(means, float), np.broadcast_to(np.asarray(stds, float), np.shape(means))
    weights = np.full(len(means), 1 / len(means)) if weights is None else np.asarray(weights, float)
    x = np.asarray(x, float)[..., None]
    gauss = np.exp(-0.5 * ((x - means) / stds) ** 2) / (stds * math.sqrt(2 * math.pi))
    return (gauss * weights).sum(-1)


def optimal_discriminator(p_data, p_g):
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)): the best any discriminator can do against a fixed G."""
    p_data, p_g = np.asarray(p_data, float), np.asarray(p_g, float)
    return p_data / (p_data + p_g)


def value_function(d, p_data, p_g, dx: float) -> float:
    """V(D, G) = E_data[log D(x)] + E_g[log(1 - D(x))], as a Riemann sum over a grid of step ``dx``."""
    d, p_data, p_g = (np.asarray(a, float) for a in (d, p_data, p_g))
    with np.errstate(divide="ignore", invalid="ignore"):
        integrand = np.where(p_data > 0, p_data * np.log(d), 0.0) + np.where(p_g > 0, p_g * np.log1p(-d), 0.0)
    return float(integrand.sum() * dx)


def kl_divergence(p, q, dx: float) -> float:
    """KL(p || q) = ∫ p log(p / q), as a Riemann sum (densities on a grid of step ``dx``)."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(p > 0, p * np.log(p / q), 0.0).sum() * dx)


def jensen_shannon(p, q, dx: float) -> float:
    """JSD(p || q) = ½ KL(p || m) + ½ KL(q || m) with m = (p + q) / 2; between 0 and log 2."""
    p, q = np.asarray(p, float), np.asarray(q, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # p log(p / m) written as p log(2p / (p + q)): no underflow where p is tiny and q is 0
        kl_pm = np.where(p > 0, p * np.log(2 * p / (p + q)), 0.0).sum() * dx
        kl_qm = np.where(q > 0, q * np.log(2 * q / (p + q)), 0.0).sum() * dx
    return float(0.5 * kl_pm + 0.5 * kl_qm)


def generator_loss_gradients(d_of_fake) -> dict[str, np.ndarray]:
    """Gradient of each generator loss with respect to D's logit, at given values of D(G(z)).

    The discriminator outputs a logit ``a`` and D = sigmoid(a). The gradient that reaches the
    generator is (dLoss/da) times (da/dG(z)), so dLoss/da says how loudly the loss "speaks":

    * saturating (the original minimax) loss  log(1 - D):  d/da = -D         → 0 when D → 0
    * non-saturating loss                     -log D:      d/da = -(1 - D)   → -1 when D → 0

    Computed with autograd, not from the formulas above, so the figure is a measurement.
    """
    d = torch.as_tensor(np.asarray(d_of_fake, float), dtype=torch.float64)
    logits = torch.logit(d).requires_grad_(True)
    saturating = torch.autograd.grad(-F.softplus(logits).sum(), logits)[0]
    non_saturating = torch.autograd.grad(F.softplus(-logits).sum(), logits)[0]
    return {"saturating": saturating.numpy(), "non_saturating": non_saturating.numpy()}


# ---------------------------------------------------------------------------------------------
# The two players
# ---------------------------------------------------------------------------------------------


class ToyGenerator(nn.Module):
    """G(z[, y]): an MLP from ``z_dim`` noise (plus, if conditional, a label embedding) to a point."""

    def __init__(self, z_dim: int = 8, hidden: int = 64, n_classes: int | None = None):
        super().__init__()
        self.z_dim, self.n_classes = z_dim, n_classes
        self.embed = nn.Embedding(n_classes, 16) if n_classes else None
        in_dim = z_dim + (16 if n_classes else 0)
        self.net = nn.Sequential(
            nn.Linear(in_dim, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, 2),
        )

    def forward(self, z: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        if self.embed is not None:
            z = torch.cat([z, self.embed(y)], dim=1)
        return self.net(z)


class ToyDiscriminator(nn.Module):
    """D(x[, y]) → one real-valued score (a logit) per point; higher means "looks real".

    Features φ(x) come from an MLP, ψ is a linear layer on them. When conditional it is a
    *projection discriminator* (Miyato & Koyama 2018): score = ψ(φ(x)) + ⟨embed(y), φ(x)⟩.
    With ``spectral_norm=True`` every linear layer is divided by its largest singular value.
    """

    def __init__(self, hidden: int = 64, n_classes: int | None = None, spectral_norm: bool = False):
        super().__init__()
        sn = nn.utils.parametrizations.spectral_norm if spectral_norm else (lambda module: module)
        self.phi = nn.Sequential(
            sn(nn.Linear(2, hidden)), nn.LeakyReLU(0.2),
            sn(nn.Linear(hidden, hidden)), nn.LeakyReLU(0.2),
            sn(nn.Linear(hidden, hidden)), nn.LeakyReLU(0.2),
        )
        self.psi = sn(nn.Linear(hidden, 1))
        self.embed = sn(nn.Embedding(n_classes, hidden)) if n_classes else None

    def forward(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        features = self.phi(x)
        score = self.psi(features).squeeze(1)
        if self.embed is not None:
            score = score + (self.embed(y) * features).sum(1)
        return score


# ---------------------------------------------------------------------------------------------
# Losses (all in terms of D's logits; sigmoid(logit) is the probability "real")
# ---------------------------------------------------------------------------------------------

LOSSES = ("minimax", "nonsaturating", "hinge")


def discriminator_loss(kind: str, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """What D minimises. minimax / non-saturating: -[log D(x) + log(1 - D(G(z)))] (the same for both,
    written with softplus for numerical safety); hinge: relu(1 - D(x)) + relu(1 + D(G(z)))."""
    if kind in ("minimax", "nonsaturating"):
        return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
    if kind == "hinge":
        return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()
    raise ValueError(f"unknown loss {kind!r}; choose one of {LOSSES}")


def generator_loss(kind: str, fake_logits: torch.Tensor) -> torch.Tensor:
    """What G minimises. minimax: log(1 - D(G(z))) (saturating); non-saturating: -log D(G(z));
    hinge: -D(G(z)) (the raw score)."""
    if kind == "minimax":
        return -F.softplus(fake_logits).mean()
    if kind == "nonsaturating":
        return F.softplus(-fake_logits).mean()
    if kind == "hinge":
        return -fake_logits.mean()
    raise ValueError(f"unknown loss {kind!r}; choose one of {LOSSES}")


# ---------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipe:
    """Everything that decides how a toy GAN trains."""

    loss: str = "hinge"
    spectral_norm: bool = False
    ema: float | None = None  # decay of the generator's moving average, e.g. 0.99; None = no EMA
    lr_g: float = 1e-4
    lr_d: float = 1e-4
    betas: tuple[float, float] = (0.5, 0.999)
    d_steps: int = 1  # discriminator updates per generator update
    hidden: int = 64
    z_dim: int = 8
    batch: int = 256

    def changed(self, **changes) -> Recipe:
        """A copy with some fields changed, e.g. ``recipe.changed(spectral_norm=False)``."""
        return replace(self, **changes)

    def describe(self) -> str:
        parts = [self.loss, "spectral norm" if self.spectral_norm else "no SN",
                 f"EMA {self.ema}" if self.ema else "no EMA",
                 f"lr G {self.lr_g:g} / D {self.lr_d:g}"]
        if self.d_steps != 1:
            parts.append(f"{self.d_steps} D steps")
        return ", ".join(parts)


RECIPES = {
    # The 2014 game played "by the book" with a discriminator that is too strong: it learns ten
    # times faster than G and nothing constrains it.
    "naive": Recipe(loss="minimax", lr_g=1e-4, lr_d=1e-3),
    # What this course does: hinge loss, spectral norm on D, EMA of G, D twice as fast as G (TTUR),
    # Adam without momentum (beta1 = 0) as in Miyato & Koyama 2018 and BigGAN.
    "course": Recipe(loss="hinge", spectral_norm=True, ema=0.99, lr_g=1e-3, lr_d=2e-3, betas=(0.0, 0.9)),
}


@dataclass
class Snapshot:
    step: int
    samples: np.ndarray  # (n_eval, 2) generated points (from the EMA generator when there is one)
    d_grid: np.ndarray | None  # (grid, grid) D's logit over [-LIMIT, LIMIT]^2, rows = y
    modes_covered: int


@dataclass
class History:
    recipe: Recipe
    d_loss: list[float] = field(default_factory=list)
    g_loss: list[float] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    g_push: list[float] = field(default_factory=list)  # mean |∂ G-loss / ∂ G(z)| per fake, each step
    trace_steps: list[int] = field(default_factory=list)
    mode_trace: list[np.ndarray] = field(default_factory=list)  # share of samples at each mode, over time
    generator: nn.Module | None = None  # the generator to sample from (the EMA copy if EMA is on)
    discriminator: nn.Module | None = None
    seconds: float = 0.0
    conditional: bool = False

    @property
    def final(self) -> Snapshot:
        return self.snapshots[-1]


def _grid(resolution: int) -> torch.Tensor:
    axis = torch.linspace(-LIMIT, LIMIT, resolution)
    yy, xx = torch.meshgrid(axis, axis, indexing="ij")
    return torch.stack([xx.reshape(-1), yy.reshape(-1)], dim=1)


@torch.no_grad()
def _ema_update(target: nn.Module, source: nn.Module, decay: float) -> None:
    for t, s in zip(target.parameters(), source.parameters()):
        t.lerp_(s, 1 - decay)


def train_toy_gan(recipe: Recipe | str = "course", steps: int = 2000, seed: int = 0,
                  n_snapshots: int = 6, conditional: bool = False, n_eval: int = 2000,
                  grid: int = 60, n_trace: int = 100) -> History:
    """Train a toy GAN on the 8-mode ring and record what happened.

    Returns a :class:`History` with per-step losses and ``n_snapshots`` evenly spaced snapshots
    (generated points from a fixed batch of noise, D's heat map, modes covered). With
    ``conditional=True`` both players receive the mode index as a label and D is a projection
    discriminator. Same ``seed`` → same run.
    """
    recipe = RECIPES[recipe] if isinstance(recipe, str) else recipe
    start = time.perf_counter()
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    n_classes = N_MODES if conditional else None
    G = ToyGenerator(recipe.z_dim, recipe.hidden, n_classes)
    D = ToyDiscriminator(recipe.hidden, n_classes, recipe.spectral_norm)
    G_ema = copy.deepcopy(G).requires_grad_(False) if recipe.ema else None
    opt_g = torch.optim.Adam(G.parameters(), lr=recipe.lr_g, betas=recipe.betas)
    opt_d = torch.optim.Adam(D.parameters(), lr=recipe.lr_d, betas=recipe.betas)

    eval_z = torch.randn(n_eval, recipe.z_dim, generator=gen)
    eval_y = torch.arange(n_eval) % N_MODES
    points = _grid(grid)
    snapshot_steps = set(np.linspace(0, steps, n_snapshots).round().astype(int).tolist())
    trace_every = max(1, steps // n_trace)
    history = History(recipe=recipe, conditional=conditional)

    def snapshot(step: int) -> None:
        sampler = G_ema if G_ema is not None else G
        D.eval()  # in training mode spectral norm would take a power-iteration step: keep runs unchanged
        with torch.no_grad():
            samples = sampler(eval_z, eval_y if conditional else None).numpy()
            d_grid = None if conditional else D(points).reshape(grid, grid).numpy()
        D.train()
        history.snapshots.append(Snapshot(step, samples, d_grid, mode_coverage(samples).modes))

    def trace(step: int) -> None:
        sampler = G_ema if G_ema is not None else G
        with torch.no_grad():
            samples = sampler(eval_z[:500], eval_y[:500] if conditional else None)
        history.trace_steps.append(step)
        history.mode_trace.append(mode_coverage(samples).counts / len(samples))

    for step in range(steps + 1):
        if step in snapshot_steps:
            snapshot(step)
        if step % trace_every == 0:
            trace(step)
        if step == steps:
            break
        for _ in range(recipe.d_steps):
            real, labels = sample_ring(recipe.batch, generator=gen)
            y = labels if conditional else None
            z = torch.randn(recipe.batch, recipe.z_dim, generator=gen)
            with torch.no_grad():
                fake = G(z, y)
            # one forward pass over real and fake together (half the spectral-norm work)
            both = D(torch.cat([real, fake]), None if y is None else torch.cat([y, y]))
            loss_d = discriminator_loss(recipe.loss, *both.chunk(2))
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        y = torch.randint(N_MODES, (recipe.batch,), generator=gen) if conditional else None
        z = torch.randn(recipe.batch, recipe.z_dim, generator=gen)
        fake = G(z, y)
        fake.retain_grad()
        loss_g = generator_loss(recipe.loss, D(fake, y))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        history.g_push.append(fake.grad.norm(dim=1).mean().item() * recipe.batch)
        opt_g.step()
        if G_ema is not None:
            _ema_update(G_ema, G, recipe.ema)
        history.d_loss.append(loss_d.item())
        history.g_loss.append(loss_g.item())

    history.generator = (G_ema if G_ema is not None else G).eval()
    history.discriminator = D.eval()
    history.seconds = time.perf_counter() - start
    return history


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    modes: int  # modes that received at least `min_share` of the samples (within n_std std of the centre)
    n_modes: int
    high_quality: float  # share of samples within n_std std of some centre
    counts: np.ndarray  # high-quality samples per mode

    def __str__(self) -> str:
        return (f"{self.modes}/{self.n_modes} modes covered, "
                f"{self.high_quality:.0%} of samples within reach of a mode")


def mode_coverage(samples, n_modes: int = N_MODES, radius: float = RADIUS, std: float = MODE_STD,
                  n_std: float = 4.0, min_share: float = 0.02) -> Coverage:
    """How many of the ring's modes the samples cover.

    A sample is *high quality* when it lies within ``n_std`` standard deviations of a mode's
    centre; a mode is *covered* when at least ``min_share`` of all samples are high-quality
    samples of that mode (2% = a sixth of its fair share of 1/8).
    """
    samples = torch.as_tensor(np.asarray(samples), dtype=torch.float32)
    distances = torch.cdist(samples, ring_centers(n_modes, radius))
    nearest, index = distances.min(dim=1)
    close = nearest <= n_std * std
    counts = torch.bincount(index[close], minlength=n_modes).numpy()
    covered = int((counts >= min_share * len(samples)).sum())
    return Coverage(covered, n_modes, float(close.float().mean()), counts)


@torch.no_grad()
def condition_accuracy(generator: nn.Module, n_per_mode: int = 250, seed: int = 0) -> float:
    """Share of samples generated for label k that land nearest to mode k (chance: 1/8)."""
    gen = torch.Generator().manual_seed(seed)
    y = torch.arange(N_MODES).repeat_interleave(n_per_mode)
    z = torch.randn(len(y), generator.z_dim, generator=gen)
    points = generator(z, y)
    nearest = torch.cdist(points, ring_centers()).argmin(dim=1)
    return float((nearest == y).float().mean())


@torch.no_grad()
def scores_by_label(discriminator: nn.Module) -> np.ndarray:
    """A conditional D's score for each mode's centre x (columns) under each label y (rows)."""
    centres = ring_centers()
    return torch.stack([discriminator(centres, torch.full((N_MODES,), y)) for y in range(N_MODES)]).numpy()


def compare_recipes(recipes: dict[str, Recipe], seeds=(0, 1, 2), steps: int = 1000,
                    histories: dict | None = None) -> dict[str, list[Coverage]]:
    """Train every recipe with every seed and return the final coverage of each run.

    ``histories`` (optional) is a dict of earlier runs keyed by ``(recipe, seed, steps)``: runs
    found there are reused instead of retrained, and new runs are added to it.
    """
    histories = {} if histories is None else histories
    table = {}
    for name, recipe in recipes.items():
        table[name] = []
        for seed in seeds:
            key = (recipe, seed, steps)
            if key not in histories:
                histories[key] = train_toy_gan(recipe, steps=steps, seed=seed, n_snapshots=2, n_trace=1)
            table[name].append(mode_coverage(histories[key].final.samples))
    return table


def format_comparison(table: dict[str, list[Coverage]]) -> str:
    """The table of :func:`compare_recipes` as text: modes covered per seed and sample quality."""
    width = max(len(name) for name in table) + 2
    lines = [f"{'recipe':<{width}}modes covered (per seed)   samples on a mode"]
    for name, runs in table.items():
        modes = " ".join(f"{c.modes}/{c.n_modes}" for c in runs)
        quality = np.mean([c.high_quality for c in runs])
        lines.append(f"{name:<{width}}{modes:<27}{quality:.0%}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Figures (each function returns the figure; notebooks display it)
# ---------------------------------------------------------------------------------------------

REAL_COLOUR = "#7f7f7f"
FAKE_COLOUR = "#d62728"
SAMPLE_COLOUR = "black"  # generated points in the 2-D snapshots (red/blue is the heat map's)
LABEL_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def plot_comparison(table: dict[str, list[Coverage]]):
    """The table of :func:`compare_recipes` as a figure: modes covered (one dot per seed) and the
    share of samples on a mode (mean over seeds, with each seed as a dot)."""
    plt = _pyplot()
    names = list(table)
    rows = np.arange(len(names))[::-1]
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.5, 0.45 * len(names) + 1.2), sharey=True)
    for row, name in zip(rows, names):
        runs = table[name]
        offsets = np.linspace(-0.15, 0.15, len(runs)) if len(runs) > 1 else [0.0]
        left.scatter([c.modes for c in runs], row + np.asarray(offsets), color="black", s=18, zorder=3)
        quality = [100 * c.high_quality for c in runs]
        right.barh(row, np.mean(quality), color="#9ecae1")
        right.scatter(quality, row + np.asarray(offsets), color="black", s=12, zorder=3)
    left.set(yticks=rows, yticklabels=names, xlim=(-0.3, runs[0].n_modes + 0.3), xlabel="modes covered (of 8)",
             title="coverage: one dot per seed")
    left.set_xticks(range(0, runs[0].n_modes + 1))
    right.set(xlim=(0, 100), xlabel="% of samples within reach of a mode", title="precision")
    for axis in (left, right):
        axis.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_optimal_discriminator(x=None):
    """1-D picture of D*: two panels, a generator far from the data and one that matches it."""
    plt = _pyplot()
    x = np.linspace(-6, 6, 1201) if x is None else x
    p_data = mixture_pdf_1d(x, [-2.0, 2.0], 0.5)
    cases = [("generator still wrong", mixture_pdf_1d(x, [0.5], 1.0)),
             ("generator matches the data", p_data)]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
    for ax, (title, p_g) in zip(axes, cases):
        ax.fill_between(x, p_data, color=REAL_COLOUR, alpha=0.35, label=r"$p_{data}$")
        ax.plot(x, p_g, color=FAKE_COLOUR, label=r"$p_g$")
        ax.plot(x, optimal_discriminator(p_data, p_g), color="black", lw=2, label=r"$D^*(x)$")
        ax.axhline(0.5, color="black", lw=0.5, ls=":")
        ax.set_title(title)
        ax.set_xlabel("x")
    axes[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def plot_generator_gradients():
    """Both generator losses and their gradients (w.r.t. D's logit) against D(G(z))."""
    plt = _pyplot()
    d = np.linspace(0.001, 0.999, 500)
    grads = generator_loss_gradients(d)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.4))
    left.plot(d, np.log1p(-d), label=r"saturating: $\log(1 - D(G(z)))$")
    left.plot(d, -np.log(d), label=r"non-saturating: $-\log D(G(z))$")
    left.set_title("generator loss (G minimises it)")
    right.plot(d, np.abs(grads["saturating"]), label="saturating")
    right.plot(d, np.abs(grads["non_saturating"]), label="non-saturating")
    right.set_title("size of the gradient reaching G")
    right.set_ylabel(r"$|\partial\,\mathrm{loss} / \partial\,\mathrm{logit}|$")
    for ax in (left, right):
        ax.axvspan(0, 0.1, color=FAKE_COLOUR, alpha=0.08)
        ax.set_xlabel(r"$D(G(z))$: how real D thinks the fake is")
        ax.legend(fontsize=8)
    right.text(0.012, 0.5, "D confidently\nrejects fakes", fontsize=8, color=FAKE_COLOUR)
    fig.tight_layout()
    return fig


def _draw_snapshot(ax, snapshot: Snapshot, real: np.ndarray, vmax: float | None, labels=None):
    if snapshot.d_grid is not None:  # only differences of the score matter to G: centre it
        ax.imshow(snapshot.d_grid - np.median(snapshot.d_grid), origin="lower", extent=(-LIMIT, LIMIT, -LIMIT, LIMIT),
                  cmap="coolwarm_r", vmin=-vmax, vmax=vmax, alpha=0.75)
    ax.scatter(real[:, 0], real[:, 1], s=2, color=REAL_COLOUR, alpha=0.4, linewidths=0)
    pts = snapshot.samples
    colours = SAMPLE_COLOUR if labels is None else np.array(LABEL_COLOURS)[labels]
    ax.scatter(pts[:, 0], pts[:, 1], s=2, c=colours, alpha=0.5, linewidths=0)
    ax.set_xlim(-LIMIT, LIMIT)
    ax.set_ylim(-LIMIT, LIMIT)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_aspect("equal")
    ax.set_title(f"step {snapshot.step} · {snapshot.modes_covered}/{N_MODES} modes", fontsize=9)


def _score_scale(grids) -> float:
    """A colour scale for centred heat maps: set by the disc that holds the data, not the corners."""
    grids = [g for g in grids if g is not None]
    if not grids:
        return 1.0
    resolution = grids[0].shape[0]
    inside = (_grid(resolution).norm(dim=1) <= RADIUS + 0.6).numpy()
    values = np.concatenate([(g.ravel() - np.median(g))[inside] for g in grids])
    return float(np.percentile(np.abs(values), 98)) or 1.0


def plot_snapshots(history: History, max_panels: int = 6, title: str | None = None):
    """A row of snapshots: real points (grey), generated points (black) and, behind them, D's score
    as a heat map (blue = "real", red = "fake", white = undecided)."""
    plt = _pyplot()
    picks = np.linspace(0, len(history.snapshots) - 1, min(max_panels, len(history.snapshots)))
    shots = [history.snapshots[int(round(i))] for i in picks]
    real = sample_ring(1000, generator=torch.Generator().manual_seed(123))[0].numpy()
    fig, axes = plt.subplots(1, len(shots), figsize=(2.1 * len(shots), 2.4))
    vmax = _score_scale([s.d_grid for s in shots])
    labels = (np.arange(len(shots[0].samples)) % N_MODES) if history.conditional else None
    for ax, shot in zip(np.atleast_1d(axes), shots):
        _draw_snapshot(ax, shot, real, vmax, labels)
    fig.suptitle(title or history.recipe.describe(), fontsize=10)
    fig.tight_layout()
    return fig


def plot_training_curves(histories: dict[str, History]):
    """For each run: losses, the push G receives, and which modes its samples sit on over time."""
    plt = _pyplot()
    n = len(histories)
    fig, axes = plt.subplots(n, 3, figsize=(12, 2.3 * n), squeeze=False)
    for row, (name, h) in zip(axes, histories.items()):
        steps = np.arange(1, len(h.d_loss) + 1)
        row[0].plot(steps, h.d_loss, lw=0.6, label="D loss")
        row[0].plot(steps, h.g_loss, lw=0.6, label="G loss")
        row[0].set_title(f"{name}: losses", fontsize=9)
        row[0].legend(fontsize=7)
        row[1].semilogy(steps, np.maximum(h.g_push, 1e-12), lw=0.6, color="black")
        row[1].set_title(r"push on the fakes $|\partial\,$G-loss$/\partial G(z)|$", fontsize=9)
        trace = np.array(h.mode_trace).T
        row[2].imshow(trace, aspect="auto", origin="lower", cmap="Greys", vmin=0, vmax=0.25,
                      extent=(h.trace_steps[0], h.trace_steps[-1], -0.5, N_MODES - 0.5))
        row[2].set_title("share of samples on each mode (dark = many)", fontsize=9)
        row[2].set_ylabel("mode")
        for ax in row:
            ax.set_xlabel("step", fontsize=8)
    fig.tight_layout()
    return fig


def plot_conditional(history: History, labels_to_show=(0, 3)):
    """Left: samples coloured by the label they were generated for. Right: the projection
    discriminator's score for the same points x under two different labels y."""
    plt = _pyplot()
    real = sample_ring(1000, generator=torch.Generator().manual_seed(123))[0].numpy()
    fig, axes = plt.subplots(1, 1 + len(labels_to_show), figsize=(3.2 * (1 + len(labels_to_show)), 3.3))
    labels = np.arange(len(history.final.samples)) % N_MODES
    _draw_snapshot(axes[0], history.final, real, None, labels)
    for k, centre in enumerate(ring_centers().numpy()):
        axes[0].text(*(centre * 1.3), str(k), ha="center", va="center", fontsize=9, color=LABEL_COLOURS[k])
    axes[0].set_title("G(z, y): colour = label y", fontsize=9)
    points = _grid(60)
    with torch.no_grad():
        scores = [history.discriminator(points, torch.full((len(points),), y)).reshape(60, 60).numpy()
                  for y in labels_to_show]
    vmax = _score_scale(scores)
    for ax, y, score in zip(axes[1:], labels_to_show, scores):
        shot = Snapshot(history.final.step, history.final.samples[labels == y], score, 0)
        _draw_snapshot(ax, shot, real, vmax)
        ax.set_title(f"D(x, y={y}) and G(z, y={y})", fontsize=9)
    fig.tight_layout()
    return fig


def animate_history(history: History, interval: int = 400):
    """An inline animation of the snapshots (use ``.to_jshtml()`` in a notebook)."""
    plt = _pyplot()
    from matplotlib import animation

    real = sample_ring(1000, generator=torch.Generator().manual_seed(123))[0].numpy()
    vmax = _score_scale([s.d_grid for s in history.snapshots])
    fig, ax = plt.subplots(figsize=(3.0, 3.0), dpi=60)

    def draw(i: int):
        ax.clear()
        _draw_snapshot(ax, history.snapshots[i], real, vmax)
        return []

    anim = animation.FuncAnimation(fig, draw, frames=len(history.snapshots), interval=interval)
    plt.close(fig)
    return anim
