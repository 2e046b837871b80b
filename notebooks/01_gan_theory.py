# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 · How a GAN learns
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/01_gan_theory.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/01_gan_theory.ipynb)
#
# Every later notebook trains a generative adversarial network (GAN) on videos, where one run
# takes minutes and a failure can hide behind blurry frames. Here we study the same game on a
# toy small enough to watch: points in the plane drawn from a ring of eight Gaussian blobs, and
# two tiny networks that train live on a CPU in seconds. We derive what the game optimises,
# then watch it work, fail, and get fixed — and we *measure* each claim instead of trusting it.
#
# ## What you will learn
# - the two players, the minimax value function $V(D, G)$ and the best possible discriminator $D^*$;
# - why the game, played out, minimises the Jensen–Shannon divergence, and where its gradient vanishes;
# - the losses used in practice: non-saturating and hinge;
# - the classic failures (mode collapse, vanishing gradients, oscillation) and the remedies this
#   course uses (spectral norm, EMA of the generator, two time-scale learning rates), measured;
# - how a conditional GAN follows a label, and how a projection discriminator reads it.
#
# **Prerequisites:** notebook 00; basic PyTorch (tensors, `nn.Module`, an optimiser step);
# derivatives of $\log$ and of the sigmoid; what a probability density and an expectation are.
#
# **Run time:** 1 min 53 s on a 2-core CPU (measured at full size, kernel start included; `docs/run_times.json`), ~1.5 min (estimate) on a T4 GPU.

# %%
# Setup (same in every notebook): find the course's code or fetch it; helpers.setup does the rest.
import importlib.util, os, pathlib, shutil, subprocess, sys
REPO_URL = os.environ.get("T2V_REPO_URL", "https://github.com/t2v-gan-course/text-to-video-gan-from-scratch")
here = pathlib.Path.cwd()
root = next((p for p in (here, *here.parents) if (p / "helpers" / "__init__.py").is_file()), None)
if root is None and importlib.util.find_spec("helpers") is None:  # Colab/Kaggle: fetch the course
    root = pathlib.Path.home() / "text-to-video-gan-from-scratch"
    if not (root / "helpers" / "__init__.py").is_file():  # not there, or a broken copy: clone afresh
        shutil.rmtree(root, ignore_errors=True)
        git = subprocess.run(["git", "clone", "-q", "--depth", "1", REPO_URL, str(root)], capture_output=True, text=True, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
        if git.returncode:  # one paragraph, no traceback: Jupyter shows what _render_traceback_ returns
            raise type("SetupError", (Exception,), {"_render_traceback_": lambda e: [str(e)]})(f"Could not download the course from {REPO_URL} (git said: {' '.join(git.stderr.split()) or 'nothing'}). Check that this runtime is online: on Kaggle, switch on Settings → Internet (it is off by default). For a fork or a mirror, run `%env T2V_REPO_URL=https://github.com/YOU/REPO` in a cell above, then run this cell again.")
sys.path[:0] = [str(root)] if root else []
import helpers.setup
helpers.setup.prepare(root)

# %% [markdown]
# All the toy code lives in `helpers/toy_gan.py` (data, the two networks, the losses, the training
# loop, the metric and the figures), so this notebook can stay about ideas. The networks are so
# small that one CPU thread is faster than several, and this notebook never needs a GPU.

# %%
import inspect
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from IPython.display import HTML

from helpers import toy_gan
from helpers.runtime import pick

torch.set_num_threads(1)
STEPS = pick(1000, 60)    # training steps of each toy run (smoke mode: just run the code path)
SEEDS = pick((0, 1, 2), (0,))
SEED = 1                  # the seed of the single runs we look at closely

# %% [markdown]
# ## 1 · Two players
#
# A GAN has two networks that learn against each other:
#
# - the **generator** $G$ turns a random *noise* (or *latent*) vector $z \sim \mathcal N(0, I)$ into a
#   sample $\tilde x = G(z)$. Different $z$ give different samples; the distribution of $G(z)$ is
#   called $p_g$;
# - the **discriminator** $D$ looks at one sample and outputs a score: how likely it is to be a real
#   training example rather than a generated one. Written as a probability, $D(x) \in (0, 1)$
#   (a sigmoid of the score, which is then called a *logit*).
#
# Training alternates: $D$ takes a step to tell real from generated better, then $G$ takes a step to
# make $D$ call its samples real. $G$ never sees a training example. Everything it learns arrives
# as the gradient of $D$'s judgement, flowing back through $D$ into $G$'s weights.
#
# > **A correction to the blog this course starts from.** It describes the generator as analysing
# > the training set and adding noise to attributes of real data, with the discriminator's feedback
# > telling it to reduce that noise. That is not how a GAN works. The generator does not read or
# > edit training examples; it maps *fresh random noise* to *new* samples. The noise is its
# > input — the source of variety between samples — not a corruption to be removed. Only the
# > discriminator sees real data, and only through it does the generator learn what "real" means.
#
# Our data: eight tight Gaussian blobs ("modes") on a circle of radius 2. The generator is a small
# MLP (three hidden layers of 64 units) from 8 noise numbers to a point; the discriminator is an
# MLP of the same size from a point to one score.

# %%
real, which_mode = toy_gan.sample_ring(2000, generator=torch.Generator().manual_seed(0))
untrained = toy_gan.ToyGenerator()
with torch.no_grad():
    fake = untrained(torch.randn(2000, untrained.z_dim))
print(untrained)

fig, ax = plt.subplots(figsize=(3.6, 3.6))
ax.scatter(*real.T, s=2, color=toy_gan.REAL_COLOUR, label="real data (8 modes)")
ax.scatter(*fake.T, s=2, color=toy_gan.FAKE_COLOUR, label="untrained G(z)")
ax.set_aspect("equal")
ax.legend(fontsize=8, loc="upper right")
plt.show()

# %% [markdown]
# ## 2 · The game: a minimax value function
#
# Goodfellow et al. (2014) define one number that $D$ wants high and $G$ wants low:
#
# $$\min_G \max_D \; V(D, G) = \mathbb E_{x \sim p_{data}}\big[\log D(x)\big]
#   + \mathbb E_{z \sim p_z}\big[\log\big(1 - D(G(z))\big)\big].$$
#
# For $D$ this is ordinary binary classification: $-V$ is the cross-entropy of labelling real
# samples 1 and generated ones 0. For $G$ only the second term matters: it wants $D(G(z))$ close
# to 1. In code both losses are written with the logit $a$ (where $D = \sigma(a)$) and
# `softplus` $(\log(1 + e^a))$, because $\log \sigma(a) = -\mathrm{softplus}(-a)$ and
# $\log(1 - \sigma(a)) = -\mathrm{softplus}(a)$ stay accurate when $\sigma(a)$ is close to 0 or 1:

# %%
print(inspect.getsource(toy_gan.discriminator_loss))
print(inspect.getsource(toy_gan.generator_loss))

# %% [markdown]
# One training step of `toy_gan.train_toy_gan` does exactly what the value function says:
#
# 1. **D step.** Draw a batch of real points and a batch of noise; make fakes with $G$ *without*
#    tracking gradients into $G$; score real and fake in one pass; step $D$'s optimiser on
#    `discriminator_loss`.
# 2. **G step.** Draw fresh noise; score $G(z)$ with $D$, this time keeping the graph, so the
#    gradient of `generator_loss` flows through $D$ into $G$; step only $G$'s optimiser.
#
# Both players use Adam. The snapshots it records (samples from a fixed noise batch, $D$'s score
# over the plane, modes covered) are what the figures below show.
#
# ## 3 · The best discriminator, and what the generator then minimises
#
# Two ways of measuring how different two distributions $p$ and $q$ are will appear:
#
# - the **Kullback–Leibler (KL) divergence** $\mathrm{KL}(p\,\|\,q) = \int p(x) \log \frac{p(x)}{q(x)}\,dx$:
#   the average, over samples of $p$, of the log of how much more likely they are under $p$ than under $q$.
#   It is never negative, zero only when $p = q$, not symmetric, and infinite where $q = 0$ but $p > 0$;
# - the **Jensen–Shannon divergence (JSD)**, KL's symmetric, always-finite cousin: with the mixture
#   $m = \tfrac12 (p + q)$, $\mathrm{JSD}(p\,\|\,q) = \tfrac12 \mathrm{KL}(p\,\|\,m) + \tfrac12 \mathrm{KL}(q\,\|\,m)$,
#   between 0 (same distribution) and $\log 2$ (no overlap at all).
#
# Fix $G$. Writing the expectations as integrals, $D$ maximises
# $V = \int p_{data}(x) \log D(x) + p_g(x) \log(1 - D(x)) \, dx$, one point $x$ at a time. The function
# $y \mapsto a \log y + b \log(1 - y)$ has its maximum at $y = a / (a + b)$ (set the derivative
# $a/y - b/(1-y)$ to zero), so the **optimal discriminator** is
#
# $$D^*(x) = \frac{p_{data}(x)}{p_{data}(x) + p_g(x)}.$$
#
# It says 1 where only real data lives, 0 where only fakes land, and $\tfrac12$ where both are
# equally likely. Put it back into $V$ and use the mixture $m = \tfrac12 (p_{data} + p_g)$:
#
# $$V(D^*, G) = \mathbb E_{p_{data}}\Big[\log \frac{p_{data}}{2m}\Big] + \mathbb E_{p_g}\Big[\log \frac{p_g}{2m}\Big]
#   = -\log 4 + \mathrm{KL}(p_{data}\,\|\,m) + \mathrm{KL}(p_g\,\|\,m)
#   = 2\,\mathrm{JSD}(p_{data}\,\|\,p_g) - \log 4 .$$
#
# The Jensen–Shannon divergence is never negative and is zero only when $p_g = p_{data}$. So *if*
# $D$ were always optimal, $G$ would be minimising a genuine divergence between its distribution
# and the data's, and the unique solution is $p_g = p_{data}$, where $D^* = \tfrac12$ everywhere and
# $V = -\log 4$. The figure shows $D^*$ in one dimension, for a wrong generator and a perfect one:

# %%
toy_gan.plot_optimal_discriminator()
plt.show()

# %% [markdown]
# Both claims, checked numerically on a grid: no other discriminator beats $D^*$, and
# $V(D^*, G) = 2\,\mathrm{JSD} - \log 4$.

# %%
x = np.linspace(-8, 8, 4001)
dx = x[1] - x[0]
p_data = toy_gan.mixture_pdf_1d(x, [-2.0, 2.0], 0.5)
p_g = toy_gan.mixture_pdf_1d(x, [0.5], 1.0)
d_star = toy_gan.optimal_discriminator(p_data, p_g)

v_star = toy_gan.value_function(d_star, p_data, p_g, dx)
rng = np.random.default_rng(0)
others = [np.clip(d_star + rng.normal(0, 0.05, x.shape), 1e-6, 1 - 1e-6) for _ in range(5)]
print(f"V(D*, G)            = {v_star:.4f}")
print(f"best of 5 other D's = {max(toy_gan.value_function(d, p_data, p_g, dx) for d in others):.4f}")
print(f"2·JSD − log 4       = {2 * toy_gan.jensen_shannon(p_data, p_g, dx) - math.log(4):.4f}")

# %% [markdown]
# Two warnings before trusting this argument too far. It assumes $D$ can be *any* function and is
# trained to optimality before every $G$ step; real networks are neither. And the JSD has a flaw:
# when $p_g$ and $p_{data}$ do not overlap (the usual case early on, when the fakes are nowhere near
# the data), it equals $\log 2$ no matter how far apart they are — moving $G$ a little changes
# nothing, so there is no gradient to follow (Exercise 01.1 lets you check this).
#
# ## 4 · The non-saturating generator loss
#
# The same problem shows up in the loss $G$ actually gets. Early in training $D$ rejects fakes
# confidently: $D(G(z)) \approx 0$. There $\log(1 - D(G(z)))$ is flat. With $D = \sigma(a)$,
#
# $$\frac{\partial}{\partial a} \log\big(1 - \sigma(a)\big) = -\sigma(a) = -D \;\to\; 0 ,$$
#
# so the worse the generator, the weaker its learning signal: the loss **saturates**. Goodfellow et
# al. already proposed the fix used in practice: let $G$ *maximise* $\log D(G(z))$, i.e. minimise
# $-\log D(G(z))$. It has the same fixed point but the gradient $-(1 - D)$ is largest exactly when
# $D$ is most confident that the sample is fake. The figure measures both with autograd:

# %%
toy_gan.plot_generator_gradients()
plt.show()
grads = toy_gan.generator_loss_gradients([0.001, 0.5])
for name, values in grads.items():
    print(f"{name:>14}: gradient w.r.t. the logit {values[0]:+.4f} at D(G(z)) = 0.001, {values[1]:+.4f} at 0.5")

# %% [markdown]
# ## 5 · The hinge loss
#
# This course uses the **hinge loss** (Lim & Ye 2017), as do the spectral-norm and projection
# papers (Miyato et al. 2018; Miyato & Koyama 2018) and BigGAN (Brock et al. 2019). It is one of
# two common choices, not the only one: the StyleGAN family (Karras et al. 2019, 2020) uses the
# non-saturating logistic loss of section 4 with an R1 gradient penalty (Mescheder et al. 2018).
# $D$ outputs an unbounded score $D(x)$ (no sigmoid) and
#
# $$L_D = \mathbb E_{x}\big[\max(0,\, 1 - D(x))\big] + \mathbb E_{z}\big[\max(0,\, 1 + D(G(z)))\big],
# \qquad L_G = -\,\mathbb E_{z}\big[D(G(z))\big].$$
#
# $D$ is only asked to push real scores above $+1$ and fake scores below $-1$; past that margin a
# sample contributes nothing, so $D$ stops growing ever more confident on easy examples (the
# logistic loss keeps rewarding that). $G$ simply climbs $D$'s score, with no sigmoid in between to
# flatten its gradient. Compare the discriminator's loss for a real sample under both:

# %%
score = np.linspace(-3, 3, 200)
fig, ax = plt.subplots(figsize=(4.5, 2.6))
ax.plot(score, np.log1p(np.exp(-score)), label=r"logistic: $-\log\sigma(s)$")
ax.plot(score, np.maximum(0, 1 - score), label=r"hinge: $\max(0, 1 - s)$")
ax.set_xlabel("D's score s for a real sample")
ax.set_ylabel("D's loss")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## 6 · Watching a GAN fail
#
# First the game "by the book", with a discriminator that is too strong: the saturating minimax
# loss, $D$ learning ten times faster than $G$, and nothing constraining $D$ (`RECIPES["naive"]`).
# In each panel the grey points are real data, the black points are $G$'s samples for a fixed batch
# of noise, and the background is $D$'s score: **blue = "looks real"**, **red = "looks fake"**
# (centred, because only differences of the score push $G$). The title counts the modes covered.
#
# `toy_gan.mode_coverage` is the metric: a generated point is *on* a mode when it lies within 4
# standard deviations of the mode's centre, and a mode is *covered* when at least 2% of all samples
# (a sixth of its fair share) are on it.

# %%
naive = toy_gan.train_toy_gan("naive", steps=STEPS, seed=SEED)
toy_gan.plot_snapshots(naive, title="naive: " + naive.recipe.describe())
plt.show()
print("naive:", toy_gan.mode_coverage(naive.final.samples), f"({naive.seconds:.1f} s)")

# %% [markdown]
# **Mode collapse.** The generator puts (almost) all its samples on one mode: every sample looks
# real, yet seven eighths of the data are never produced. Why does the game allow it? The strong
# $D$ quickly separates real from fake, and its score rises towards wherever real data is
# nearest. All of $G$'s samples then receive nearly the same push, in nearly the same direction —
# a single step moves the whole cloud together, not apart. Once the cloud sits on one mode, $D$
# can only lower its score there, and the cloud drifts or hops instead of spreading. Nothing in a
# single sample tells $G$ that other modes are missing.
#
# **Vanishing gradients.** Retrain the same recipe with the non-saturating loss and compare the
# *push* each run gives its fakes, $\lVert \partial L_G / \partial G(z) \rVert$ per sample (middle
# column, log scale), and which modes the samples sit on over time (right column). Watch the
# first hundred steps of the saturating run: its $G$ loss $\log(1 - D(G(z)))$ climbs to about 0,
# meaning $D$ rejects every fake with near certainty — and that is exactly when its push bottoms out.

# %%
naive_ns = toy_gan.train_toy_gan(toy_gan.RECIPES["naive"].changed(loss="nonsaturating"), steps=STEPS, seed=SEED)
toy_gan.plot_training_curves({"naive, saturating loss": naive, "naive, non-saturating loss": naive_ns})
plt.show()
early = slice(0, max(1, STEPS // 3))
print(f"median push in the first third: saturating {np.median(naive.g_push[early]):.3f}, "
      f"non-saturating {np.median(naive_ns.g_push[early]):.3f}")
print("naive, non-saturating:", toy_gan.mode_coverage(naive_ns.final.samples))

# %% [markdown]
# The non-saturating loss gives the fakes a much larger push while $D$ rejects them, as section 4
# predicts — yet the run still collapses onto one mode. A stronger signal does not fix an
# unbalanced game.
#
# **Oscillation.** The opposite imbalance: give $D$ all the course's remedies but the *same* learning
# rate as $G$. Then $D$ tends to lag behind; $G$ chases the region $D$ currently likes, $D$ follows, and the
# pair circles instead of settling. Watch the cloud of fakes swing around the ring from panel to
# panel, the losses swing periodically, and the samples never settle on the modes:

# %%
equal_rates = toy_gan.RECIPES["course"].changed(lr_d=toy_gan.RECIPES["course"].lr_g)
oscillating = toy_gan.train_toy_gan(equal_rates, steps=STEPS, seed=SEED)
toy_gan.plot_snapshots(oscillating, title="equal learning rates: " + equal_rates.describe())
toy_gan.plot_training_curves({"equal learning rates": oscillating})
plt.show()
print("equal learning rates:", toy_gan.mode_coverage(oscillating.final.samples))

# %% [markdown]
# ## 7 · The remedies this course uses
#
# - **Spectral normalisation** (Miyato et al. 2018). Each weight matrix $W$ of $D$ is divided by its
#   largest **singular value** $\sigma(W) = \max_v \lVert W v \rVert / \lVert v \rVert$ — the most the
#   layer can stretch any input. It is estimated cheaply by **power iteration**: multiply a vector
#   by $W^\top W$ and renormalise, again and again; the vector turns towards the most-stretched
#   direction and $\lVert W v \rVert$ approaches $\sigma(W)$. Keeping that vector between forward
#   passes, one multiplication per pass is enough (`torch.nn.utils.parametrizations.spectral_norm`).
#   Every layer then stretches distances by at most about 1, and so does $D$ (LeakyReLU does not
#   stretch): $D$ is about **1-Lipschitz** — a function is $K$-Lipschitz when its output never
#   changes more than $K$ times as much as its input, $|D(x) - D(x')| \le K \lVert x - x' \rVert$.
#   $D$ cannot become arbitrarily confident, and the slopes it offers $G$ are smooth and bounded.
# - **Two time-scale update rule, TTUR** (Heusel et al. 2017). Separate learning rates, the
#   discriminator's larger (here $2\times$), so that $D$ keeps tracking the current $G$ rather than a
#   stale one. The naive run, with an unconstrained $D$ ten times faster than $G$, shows that
#   faster is not simply better: the ratio is a balance.
# - **EMA of the generator's weights** (Karras et al. 2018; Yazıcı et al. 2019). Keep a copy
#   $\theta_{EMA} \leftarrow \beta\,\theta_{EMA} + (1 - \beta)\,\theta_G$ after every step
#   ($\beta = 0.99$ here, closer to 1 in long runs) and sample from the copy. It averages out the
#   jitter of $G$'s weights around the point the game circles, at no training cost.
# - **Hinge loss**, and Adam with $\beta_1 = 0$ (no momentum), as in the projection-discriminator
#   paper and BigGAN. It is not the only common setting: the spectral-norm paper's main CIFAR-10
#   and STL-10 comparisons used $\beta_1 = 0.5$. Both
#   damp the momentum that tends to overshoot in a game whose target keeps moving.
#
# The same seed, the same number of steps, all four remedies (`RECIPES["course"]`):

# %%
course = toy_gan.train_toy_gan("course", steps=STEPS, seed=SEED, n_snapshots=11)
toy_gan.plot_snapshots(course, title="course: " + course.recipe.describe())
plt.show()
print("course:", toy_gan.mode_coverage(course.final.samples), f"({course.seconds:.1f} s)")
HTML(toy_gan.animate_history(course).to_jshtml())

# %% [markdown]
# The samples spread over the ring first, then bunch up at the eight modes: every mode gets its
# share (8 of 8 covered here, and with each of the three seeds compared below). But read the
# second number of the print:
# only about **55 %** of the samples lie within reach of a mode (precision) — the other 45 % still
# sit on the ring *between* blobs after 1000 steps — where the collapsed naive run put 96 % of its
# samples on its single mode. The remedies bought coverage, not yet sharpness; sharpness comes
# with time (the same recipe trained for 3000 steps puts 92 % of its samples on a mode). The background
# shows how coverage comes about: wherever the fakes pile up too thickly, $D$ marks them red, and
# wherever real points lack fakes, blue — the gradient of that map sends each part of the cloud
# to a *different* mode. Side by side with the naive run:

# %%
toy_gan.plot_training_curves({"naive": naive, "course": course})
plt.show()

# %% [markdown]
# **Which remedy matters here?** One seed proves little: the equal-rates run above fails with seed 1
# but happens to succeed with seed 0. So we train each variant with three seeds and count modes.
# Runs already made above are reused.

# %%
course_recipe = toy_gan.RECIPES["course"]
variants = {
    "course (all remedies)": course_recipe,
    "without spectral norm": course_recipe.changed(spectral_norm=False),
    "without EMA": course_recipe.changed(ema=None),
    "without TTUR (equal lr)": equal_rates,
    "naive": toy_gan.RECIPES["naive"],
}
runs = {(course_recipe, SEED, STEPS): course, (equal_rates, SEED, STEPS): oscillating,
        (toy_gan.RECIPES["naive"], SEED, STEPS): naive}
table = toy_gan.compare_recipes(variants, seeds=SEEDS, steps=STEPS, histories=runs)
toy_gan.plot_comparison(table)
plt.show()

# %% [markdown]
# How to read it: the left panel is *coverage* (how many of the 8 modes get samples, one dot per
# seed), the right one *precision* (how many samples land on some mode: the bar is the mean over
# seeds, the dots the single runs). Two of the three naive runs put 96–97 % of their samples on a
# single mode — high precision, almost no coverage: each sample looks fine, the variety is
# missing — which is why we measure both. Every run with all the remedies covers all 8 modes
# with about 55 % precision. On this toy the balance of learning rates decides between success
# and failure: without TTUR two of three seeds fail. Removing spectral norm still covers the
# ring here, with fewer samples on the modes (about 45 %); removing EMA makes no clear
# difference in runs this short (its precision is even a few points higher) — its job is
# to average out the jitter of $G$'s weights over long runs, and a 1000-step toy has little of it.
# Big networks on images and videos are less forgiving, which is why the course keeps all of
# them. The lesson to keep: GAN recipes are measured, not assumed.
#
# ## 8 · Conditional GANs and the projection discriminator
#
# A **conditional GAN** (Mirza & Osindero 2014) gives both players extra information $y$ — a class,
# or in this course a text prompt — so that $G(z, y)$ must produce a sample *that matches $y$*, and
# $D(x, y)$ judges whether $x$ is a real example *of $y$*. The generator can simply read $y$ as an
# extra input (here: a learned embedding of $y$ appended to $z$). For the discriminator, Miyato &
# Koyama (2018) showed a better way than appending $y$ to the input. With features $\phi(x)$ from
# $D$'s body, a linear head $\psi$ and a learned vector $\mathrm{embed}(y)$ per condition,
#
# $$D(x, y) = \psi\big(\phi(x)\big) + \big\langle \mathrm{embed}(y),\, \phi(x) \big\rangle .$$
#
# The first term asks "does $x$ look real at all?", the inner product asks "does $x$ look like *this*
# $y$?". It comes from the form of the optimal $D$: its logit is
# $\log \frac{p_{data}(x, y)}{p_g(x, y)} = \log \frac{p_{data}(x)}{p_g(x)} + \log \frac{p_{data}(y \mid x)}{p_g(y \mid x)}$,
# and when $p(y \mid x)$ is a softmax over linear functions of $\phi(x)$, the second part is exactly
# an inner product with a per-class vector (the parts that depend on $x$ alone join $\psi$). Why
# $G$ cannot ignore $y$: real pairs $(x, y)$ only occur where $y$ says, so if $G$ put its
# label-$y$ samples anywhere else, the inner-product term would learn to score them low there and
# push them back.
#
# One honest caveat: this argument starts from the optimal discriminator of the *logistic* loss
# (section 3), whose logit is the log density ratio. The course trains with the hinge loss, and
# the hinge loss's optimal $D$ is not that ratio: minimising
# $p_{data}(x)\max(0, 1 - D) + p_g(x)\max(0, 1 + D)$ point by point gives $D^*(x) = +1$ where
# $p_{data} > p_g$ and $-1$ where $p_{data} < p_g$ — only the *sign* of the log ratio. So with hinge
# training the projection form is a well-motivated design (and it works well in practice, in
# SN-GAN and BigGAN), not something derived from the loss's optimum. This course uses the same head, with the embedding of the prompt as
# $\mathrm{embed}(y)$ (notebooks 03 and 04); its training loop (notebook 05) also shows $D$ real
# clips paired with a *wrong* prompt as negatives (Reed et al. 2016), which trains the
# inner-product term directly. The toy's head, in `toy_gan.ToyDiscriminator`:

# %%
print(inspect.getsource(toy_gan.ToyDiscriminator.forward))

# %% [markdown]
# The conditional toy: the label $y \in \{0, \dots, 7\}$ names the mode. We train with the course
# recipe and ask, for each label, where $G(z, y)$ lands (left panel, one colour per label). The
# middle and right panels show the projection discriminator's score over the plane for two labels,
# with the samples generated for that label: the region $D$ favours moves with $y$.

# %%
conditional = toy_gan.train_toy_gan("course", steps=pick(600, 60), seed=SEED, conditional=True)
toy_gan.plot_conditional(conditional, labels_to_show=(0, 3))
plt.show()
print("conditional:", toy_gan.mode_coverage(conditional.final.samples))
print(f"samples that land on the mode their label asked for: {toy_gan.condition_accuracy(conditional.generator):.1%} "
      f"(chance: {1 / toy_gan.N_MODES:.1%})")
scores = toy_gan.scores_by_label(conditional.discriminator)  # rows: label y, columns: mode of x
matched = np.diag(scores).mean()
mismatched = scores[~np.eye(toy_gan.N_MODES, dtype=bool)].mean()
print(f"D's mean score for a mode's centre under its own label: {matched:+.2f}, under another label: {mismatched:+.2f}")

# %% [markdown]
# The generator obeys its label, and the label makes the game much easier: each label has a
# single mode to find, so collapse across modes is impossible as long as $G$ follows $y$. Notice
# how weak $D$'s preference for the matching label is by now: once $G$ produces the right mode for
# every label, real and generated pairs look alike and $D$ has little left to say — just as
# $D^* = \tfrac12$ predicts at the end of the game. The label term matters while $G$'s samples for
# some label are still elsewhere: it tells $G$ where that label's mode lies. Text-to-video is the
# same game with a richer $y$.
#
# ## Recap
#
# - A GAN is a two-player game: $G$ maps noise to samples and learns only through $D$'s gradient;
#   $D$ classifies real against generated. $G$ never copies or edits training data.
# - For a fixed $G$ the best discriminator is $D^* = p_{data} / (p_{data} + p_g)$, and against it the
#   game is $2\,\mathrm{JSD}(p_{data} \| p_g) - \log 4$, minimised only by $p_g = p_{data}$.
# - The original generator loss saturates when $D$ rejects fakes; the non-saturating loss
#   $-\log D(G(z))$ and the hinge loss keep a strong gradient.
# - Failure modes are imbalances of the game: mode collapse, vanishing gradients, oscillation. The
#   course's remedies — spectral norm, TTUR, EMA, hinge loss — took the toy from 1 mode to 8,
#   though after 1000 steps 45 % of its samples still lie between modes (precision 55 %, against
#   96 % for the collapsed run): coverage and precision are measured separately for a reason.
# - A conditional GAN feeds $y$ to both players; the projection discriminator scores
#   $\psi(\phi(x)) + \langle \mathrm{embed}(y), \phi(x) \rangle$, so a sample that does not match its $y$
#   can be scored as fake, and $G$ learns to obey $y$.
#
# ## Exercises
#
# **01.1 — The flat Jensen–Shannon divergence.** Build two 1-D Gaussians that do not overlap (for
# example means $-3$ and $+3$, standard deviation $0.3$) on a grid wide enough to hold both, and
# compute their JSD with `toy_gan.jensen_shannon(p, q, dx)`. Then move them further apart. What
# value do you get, and what does it mean for a generator whose samples are far from the data?

# %%
# Exercise 01.1: set `answer` to the JSD of two non-overlapping 1-D Gaussians (a float).
answer = None

# %%
from helpers.exercises import check
check("01.1", answer)

# %% [markdown]
# **01.2 — How much louder is the non-saturating loss?** A discriminator gives a fake
# $D(G(z)) = 0.02$. Divide the size of the non-saturating loss's gradient (with respect to $D$'s
# logit) by the size of the saturating loss's gradient. Use the formulas of section 4 or
# `toy_gan.generator_loss_gradients`.

# %%
# Exercise 01.2: set `answer` to |non-saturating gradient| / |saturating gradient| at D(G(z)) = 0.02.
answer = None

# %%
check("01.2", answer)

# %% [markdown]
# **01.3 — Write the projection head.** Write a function `projection_score(features, psi, embed, y)`
# that returns one score per sample, $\psi(\phi(x)) + \langle \mathrm{embed}(y), \phi(x) \rangle$, given
# the features $\phi(x)$ (shape $N \times H$), the linear layer `psi` ($H \to 1$), the embedding layer
# `embed` and the labels `y` (shape $N$). The check also compares it with `toy_gan.ToyDiscriminator`.

# %%
# Exercise 01.3: set `answer` to your function projection_score(features, psi, embed, y) -> tensor (N,).
answer = None

# %%
check("01.3", answer)
