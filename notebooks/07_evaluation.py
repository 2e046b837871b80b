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
# # 07 · Does it work? Evaluating a text-to-video GAN honestly
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/07_evaluation.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/07_evaluation.ipynb)
#
# A GAN's losses say nothing about whether its clips are any good, and a page of hand-picked
# samples proves even less. This notebook measures our trained model the way a sceptical reader
# would — and first shows how easily a measurement is fooled: a classifier that reads shape,
# colour and motion happily calls a half-disc a circle, and a generator trained against a critic
# with the same kind of heads learns to draw exactly what such a classifier accepts. So the
# course's headline number is **all checks**: the classifier *and* geometry with no trained
# network must both agree, next to how varied the clips are and whether they can teach a fresh
# classifier. Every instrument is checked on real clips first; every number below is computed
# live.
#
# ## What you will learn
# - why a single Fréchet number (FID, FVD) is not enough: it ignores the prompt, punishes blur
#   more than wrong content, and depends on the number of clips;
# - how classifier metrics get fooled (broken drawings read as right), why an AC-GAN-style
#   generator learns exactly that, and how outline geometry, diversity and CAS close the holes;
# - how to validate a measuring instrument on real data and on broken drawings before trusting it;
# - how to read the results table — ours vs the blog's model vs real data, on seen, validation and
#   colour-less prompts — and find where a model fails, with figures and clips;
# - why development decisions use the validation split, and the test split is scored only once.
#
# **Prerequisites:** notebooks 01–06 (the model, its training with the attribute heads of
# notebook 04, and how to generate); accuracy, mean and covariance.
#
# **Run time:** 10 min 8 s on a 2-core CPU (measured at full size, kernel start included; `docs/run_times.json`), ~3 min (estimate) on a T4 GPU.

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

# %%
from helpers.inference import course_checkpoint

CHECKPOINT = course_checkpoint()  # yours from notebook 05 if there is one, else the shipped one; or any checkpoint.pt

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

from helpers import blog_model, broken, classifier, display, evaluation, figures, frechet, outline, runtime
from helpers import split, world
from helpers.diversity import COLLAPSE_RATIO
from helpers.inference import load_model
from helpers.prompts import all_prompts

model = load_model(CHECKPOINT)
instrument = classifier.load_classifier()
T, H, W = model.frames, model.height, model.width
HAS_REJECT = "clean" in instrument.heads  # the reject head ("is this a clean drawing?"), if this copy has one
SCALE = max(1, 128 // W)  # clips are shown 128 px wide, generated and real at the same size
print(model)
print(f"clips of {T} frames, {H}x{W}; smoke mode: {runtime.is_smoke()}; classifier heads: {', '.join(instrument.heads)}")

# %% [markdown]
# ## 1. Why one number is not enough
#
# Image and video GANs are usually ranked by a **Fréchet distance**: embed real and generated
# samples with a fixed network, fit a Gaussian to each cloud of feature vectors, and measure
#
# $$\mathrm{FD} = \lVert \mu_r - \mu_g \rVert^2 + \operatorname{Tr}\!\left(\Sigma_r + \Sigma_g - 2\,(\Sigma_r^{1/2}\,\Sigma_g\,\Sigma_r^{1/2})^{1/2}\right).$$
#
# FID uses an ImageNet network; FVD a video network. We use the penultimate layer of our own
# video classifier (64 numbers per clip), which was trained on real clips of this world. Three
# experiments on **real** clips show what such a number does and does not tell you.
#
# **First: it never looks at the prompt.** The distance compares two *bags* of clips. Below, a
# reference set of real clips is compared with two "generators" that both draw perfect real clips:
# one draws the prompt it was asked for, the other draws the prompt of somebody else in the list
# (the prompts shuffled). Both distances are measured, five times each with fresh clips, and so is
# a check that reads every clip against the prompt it was asked for.

# %%
demo_prompts = split.split_prompts("all")[:: runtime.pick(1, 3)] * runtime.pick(2, 1)
shuffled = [demo_prompts[i] for i in np.random.default_rng(0).permutation(len(demo_prompts))]
reference = world.render_prompts(demo_prompts, seed=1, frames=T, height=H, width=W).numpy()
f_ref = instrument.features(reference)
print(f"{len(demo_prompts)} real clips per set; all correct is judged against the prompt each was asked for")
for name, drawn in (("draws its own prompt", demo_prompts), ("draws a shuffled prompt", shuffled)):
    draws = [world.render_prompts(drawn, seed=s, frames=T, height=H, width=W).numpy() for s in range(2, 7)]
    fds = [frechet.frechet_distance(f_ref, instrument.features(clips)) for clips in draws]
    correct = classifier.attribute_accuracy(draws[0], demo_prompts, instrument)["all_correct"]
    print(f"  {name:24s} FD {np.mean(fds):5.1f} (from {min(fds):.1f} to {max(fds):.1f} over {len(fds)} sets)"
          f"   all correct {correct:6.1%}")
own = world.render_prompts(demo_prompts, seed=2, frames=T, height=H, width=W).numpy()

# %% [markdown]
# Over five independent draws, the two ranges of distances overlap: the generator that ignores its
# prompt is about as far from the reference as the one that follows it (both draw real clips of the
# same mix of prompts; the spread within a row is sampling noise). The per-clip check, meanwhile,
# collapses for the generator that ignores its prompt. A model that ignored the text but drew a realistic mix of clips would get
# the best possible distance: for a *text*-to-video model the distance cannot be the headline.
#
# **Second: it cares about looks far more than about content.** Blur the same real clips a
# little. A viewer still sees the right shape, colour and motion, and so does the classifier;
# the distance explodes. (The blur radius is scaled to the frame: 0.7 px at 32×32, 1.4 px at 64×64.)

# %%
sigmas = np.array([0.0, 0.35, 0.7, 1.0, 1.5]) * W / 32
floor = frechet.frechet_distance(f_ref, instrument.features(own))
fds = [frechet.frechet_distance(f_ref, instrument.features(figures.blurred(own, s))) for s in sigmas]
accs = [classifier.attribute_accuracy(figures.blurred(own, s), demo_prompts, instrument)["all_correct"] for s in sigmas]
print(f"blur {sigmas[2]:.2f} px: FD {fds[2] / floor:.1f} x the real-vs-real value, all correct {accs[2]:.1%}")

# %%
fig, ax = plt.subplots(1, 2, figsize=(9, 2.8))
ax[0].plot(sigmas, fds, "o-")
ax[0].axhline(floor, color="grey", ls="--", label="real vs real")
ax[0].set(xlabel="blur sigma (px)", ylabel="Fréchet distance", title="distance")
ax[0].legend()
ax[1].plot(sigmas, [100 * a for a in accs], "o-", color="C2")
ax[1].set(xlabel="blur sigma (px)", ylabel="all correct (%)", ylim=(0, 105), title="attribute accuracy")
plt.tight_layout()
plt.show()
display.show_clips(np.concatenate([own[:4], figures.blurred(own[:4], sigmas[2])]),
                   [figures.short_prompt(p) for p in demo_prompts[:4]] + [f"blurred {sigmas[2]:.2f} px"] * 4,
                   columns=4, scale=SCALE)

# %% [markdown]
# At 0.7 px the distance is several times its real-vs-real value while nearly every clip is still
# read right; only at 1.5 px on a 32-px frame do circles and squares really blur into each other,
# and the accuracy drops too. Both reactions are useful: the distance sees *how* clips look (soft
# generated shapes cost distance), the classifier sees *what* they show. Neither replaces the other.
#
# **Third: its value depends on how many clips you use.** Two independent sets of real clips of
# the same prompts are not at distance 0: a mean and a 64×64 covariance estimated from a few
# hundred clips are noisy, and the noise adds up to a *floor* that shrinks roughly like 1/N.

# %%
sizes = runtime.pick([48, 96, 192, 384, 768], [8, 16, 32])
floors = [frechet.real_vs_real_floor(split.split_prompts("all"), n=n, seed=10, classifier=instrument,
                                     frames=T, height=H, width=W)["fd"] for n in sizes]
plt.figure(figsize=(4.5, 3))
plt.loglog(sizes, floors, "o-")
plt.xlabel("clips per set (N)")
plt.ylabel("real-vs-real FD")
plt.title("the floor shrinks with N")
plt.show()

# %% [markdown]
# So the same distance is excellent at small N and poor at large N. That is why FID practice
# fixes both: 50,000 generated images against the statistics of a fixed reference set (usually
# the whole training set); a FID computed with another N or another reference cannot be compared
# with published ones. Our sets are far smaller, so our table always prints, beside every
# distance, the real-vs-real floor computed on exactly the generated set's prompt list and N.

# %% [markdown]
# ## 2. How classifier metrics get fooled
#
# Per-clip accuracy fixes the first hole: it reads every clip against its own prompt. But a
# classifier has its own blind spot. Its shape head must choose between *circle*, *square* and
# *triangle* — a softmax over three classes has no answer "none of these" — and it learned
# whatever tells real circles, squares and triangles apart, not what a person means by "a
# circle". So it is worth asking what it says about drawings that are clearly wrong.
#
# `helpers.broken` makes such **broken drawings**: real clips whose colour and motion are right
# but whose drawing is broken the ways a GAN's drawings break — cut in half (a dome), slit,
# split into fragments, drawn as a star of spokes, stretched, doubled (twin), a blob, a ring,
# noise, frozen in place (held), and, in the *test family* used here, a notch, a cross and a bar.
# The test family is generated with other parameters than the *training family* that the
# instruments were tuned on, so what we measure is not the instruments' own training data.
#
# Under each frame: what the classifier's three **attribute heads alone** read (green: exactly the
# prompt's shape, colour and motion; red: what they read instead).

# %%
gallery_prompts = all_prompts(with_colour=True)[:: runtime.pick(7, 21)]
tricks = figures.broken_pass_rates(gallery_prompts, instrument, size=(T, H, W), seed=5)
rows = [next(i for i, p in enumerate(gallery_prompts) if p.shape == s) for s in ("circle", "square", "triangle")]
figures.plot_broken_gallery(tricks["clips"], tricks["scores"], rows)
plt.show()

# %% [markdown]
# Many broken drawings are read "as asked": a dome, a ring or a twin still has the right colour,
# its motion is real, and to the shape head it looks more like the prompted shape than like the
# other two. Over all the gallery's prompts (the bars below), four instruments:
#
# - **attribute heads**: the classifier's shape, colour and motion heads alone;
# - **classifier**: the same with its **reject head**, a fourth output trained on broken drawings
#   (training family) to say "this is not a clean drawing of any shape";
# - **analytic**: the geometric checks of section 3, with no trained network;
# - **all checks**: the classifier (reject head included) *and* the analytic checks agree.

# %%
figures.plot_pass_rates(tricks["rates"])
plt.show()
broken_rates = [v for k, v in tricks["rates"].items() if k != "real"]
for name in figures.INSTRUMENTS:
    print(f"{name:16s} passes real clips {tricks['rates']['real'][name]:6.1%}, broken drawings "
          f"{np.mean([r[name] for r in broken_rates]):6.1%} ({len(gallery_prompts)} clips per kind)")
if not HAS_REJECT:
    print("this copy of the classifier has no reject head: 'classifier' is the same as 'attribute heads'")

# %% [markdown]
# The attribute heads pass a large share of the broken drawings (the grey bars); where the
# classifier has a reject head, it removes many of them (blue), though not every kind equally
# (read the blue bars: with the current classifier, stretched shapes, twins and frozen clips get
# through it most often); the geometry rejects almost all (orange), and real clips pass everything. A score built on the attribute heads alone would
# call a generator that draws domes and stars a success — which is exactly the risk of the next
# section.

# %% [markdown]
# ## 3. Why a generator learns what such a classifier accepts — and how to close the holes
#
# Our discriminator (notebook 04) has the same kind of heads: besides real-vs-fake it reads shape,
# colour and motion, and the generator is rewarded when the heads read its clip as the prompt.
# This is the **AC-GAN** design (auxiliary classifier GAN, Odena et al. 2017; `docs/READING.md`).
# It makes conditioning strong, but the generator is optimised against a classifier: it learns
# whatever makes such heads confident, and nothing more. Two consequences are known from the
# AC-GAN literature and visible in our model:
#
# - **separability**: the generator is pushed towards samples that are *easy to classify*, far
#   from the boundaries between classes, not towards samples that look like the data — a shape
#   that the heads read as "triangle" with probability 1.00 need not be a triangle;
# - **less diversity within a class**: once one kind of clip satisfies the heads, nothing rewards
#   drawing others, so the clips of one prompt vary less than real clips do.
#
# An evaluation classifier trained on real clips shares the blind spot: it was never shown a
# broken drawing either. Three instruments close the holes.
#
# **Geometry: the outline fit.** For each frame, the analytic checks measure the object's
# **coverage map** $a$ (per pixel, the share of the pixel the drawing covers, 0 to 1) and fit an
# ideal circle, square and triangle $b$ to it — drawn the way the renderer draws them, at the
# object's centre and area, then adjusted in position, scale and **rotation** (any angle: a
# rotated square is still a square). The fit's quality is the **soft IoU** (intersection over union
# of two coverage maps) and the **outline error** is what is missing from a perfect fit:
#
# $$\mathrm{IoU}(a, b) = \frac{\sum_p \min(a_p, b_p)}{\sum_p \max(a_p, b_p)}, \qquad
#   \text{outline error} = 1 - \max_{\text{position, scale, angle}} \mathrm{IoU}(a, b).$$
#
# The clip passes the outline check when, in every frame, the prompted shape fits best and its
# error is below a threshold for the frame size. The thresholds were set from the error
# distributions of real clips and of broken drawings (training family) at 32 and 64 px
# (`docs/EVALUATION.md` shows both), so that every real clip passes and the broken ones do not:

# %%
print("outline thresholds by frame size (px):", outline.OUTLINE_THRESHOLDS,
      f"-> at {H} px: {outline.outline_threshold(min(H, W)):.3f}")
shown = ["green triangle rotating clockwise", "blue square rotating counter-clockwise"]
real_shown = world.render_prompts(shown, seed=3, frames=T, height=H, width=W).numpy()
generated_shown = model.generate(shown, seed=0)
star = broken.render_broken(shown[:1], "star", "test", seed=3, frames=T, height=H, width=W)
half = broken.render_broken(["yellow circle moving up-left"], "half", "test", seed=3, frames=T, height=H, width=W)
figures.plot_outline_fits([(real_shown[0], "triangle", "real triangle"), (generated_shown[0], "triangle", "ours: triangle"),
                           (star[0], "triangle", "broken: star"), (generated_shown[1], "square", "ours: square"),
                           (half[0], "circle", "broken: half")])
plt.show()

# %% [markdown]
# Each panel is the clip's worst frame for the outline of the prompted shape, zoomed in, with the
# best-fitting ideal shape dashed over it. A real shape fills its ideal almost exactly; a star or a
# half-disc cannot, at any rotation or scale. (Both prompts above are in the training split; the
# second and fourth panels are our model's clips — read their errors against the threshold.)
#
# **Diversity.** For each prompt, several seeds: the **pixel diversity** is the mean absolute
# difference between two clips of the prompt (in units of 1/255, over every pair and pixel), the
# **start spread** the root-mean-square distance of the shapes' first positions from their mean
# (in units of the frame's side). Each is divided by the same number for real clips of that prompt
# (1 = as varied as real data), and a prompt is **collapsed** when its pixel diversity is below
# `COLLAPSE_RATIO` of the real one: its clips are near copies, whatever the noise.
#
# **CAS** (classification accuracy score; Ravuri & Vinyals 2019): train a fresh small classifier on
# *generated* clips only, labelled with their prompts, train the same classifier for the same
# steps on *real* clips, and test both on fresh real clips. A generator that draws one Z for every
# square, or one clip per prompt, teaches less than real data does: CAS measures how much of what
# real clips of a prompt look like the generator has captured.

# %% [markdown]
# ## 4. Checking the instruments on real data first
#
# One call, `evaluation.run_evaluation`, measures everything in this and the next section (also
# `python -m helpers evaluate`). It generates every prompt of three sets several times:
#
# - **seen**: the prompts of the training split;
# - **val**: the validation split (notebook 02), outside the training split and used for every
#   development decision (section 7); the shipped model never saw these combinations;
# - **colour-less**: the prompts without a colour word (any one clear, steady colour is right).
#
# It does **not** score the test split (`heldout`, which contains the headline
# `circle moving up-right`): the test split is scored once per shipped model, and section 7 shows
# that score from its file. Each set is measured the same way for **ours**, for the **blog's
# model** (our faithful re-implementation: frames drawn independently, a discriminator that never
# reads the text, trained on the same data; the table states each column's training compute),
# and for **real data**: real clips rendered for the same prompt list. If the shipped baseline is
# missing, a short one is trained here so that the notebook always runs.

# %%
if blog_model.DEFAULT_BASELINE.is_file():
    baseline = blog_model.load_blog_model()
    print(f"blog baseline: {baseline.source}, trained {baseline.training_info.get('seconds', '?')} s "
          f"({baseline.training_info.get('steps', '?')} steps)")
else:
    budget = runtime.pick(120.0, None)
    print(f"no shipped blog baseline: training one for {budget or 'a few'} {'s' if budget else 'steps'}"
          " (shorter than ours: not a fair budget)")
    baseline, _ = blog_model.train_blog_model(seconds=budget, steps=runtime.pick(None, 10),
                                              size=runtime.WorldSize(T, H, W), device=model.device)
    baseline.training_info = {"seconds": budget, "note": "trained live in notebook 07"}
    baseline.source = "trained live in this notebook"

# %%
start = time.perf_counter()
details = {}
sets = evaluation.prompt_sets(names=["seen", "val", "colourless"])  # no "heldout": the test split is scored once
results = evaluation.run_evaluation(model, baseline, prompts=sets, classifier=instrument, details=details,
                                    progress=print)
print(f"evaluated in {time.perf_counter() - start:.0f} s")

# %% [markdown]
# Before the instruments judge a generated clip, they are tested where the right answer is
# known. Left: the classifier on **fresh real clips** of all 192 combinations (a seed never used
# to train it) must read shape, colour and motion right at least 99 % of the time; then **the
# control**: the same clips with their frames shuffled in time. Shape and colour are still
# visible in every frame, but the motion is destroyed; a classifier that really reads motion,
# rather than guessing it from where the shape happens to be, must fail on motion. Right: real
# clips must pass every instrument, and broken drawings of the test family must not.

# %%
figures.plot_instrument_check(results)
plt.show()
checked = results["instruments"]
figures.plot_pass_rates({"real": checked["real"], **checked["broken"]}, instruments=("classifier", "analytic", "all_checks"),
                        title=f"the instruments on {checked['n_per_kind']} clips of each kind (test family)")
plt.show()
print(f"real clips passing all checks: {checked['real']['all_checks']:.1%}; broken drawings passing all checks: "
      f"{checked['broken_overall']['all_checks']:.1%} (classifier alone: {checked['broken_overall']['classifier']:.1%})")

# %% [markdown]
# Only instruments that pass real clips and reject broken ones may judge a generator. Note what
# the classifier alone lets through (blue bars): that share is what a classifier-only score
# would count as right.

# %% [markdown]
# ## 5. The results: all checks first
#
# The table below has one block per prompt set. Its first row, **ALL CHECKS**, is the headline:
# a clip counts only when the classifier reads all three attributes right, its reject head (if it
# has one) calls the drawing clean, *and* every analytic check passes. Below it, each
# instrument's own rows, where they disagree, the diversity and the Fréchet distance (the real
# column's distance is the floor), and at the end the CAS.

# %%
print(evaluation.format_table(results))

# %% [markdown]
# How to read it:
#
# - **real data** is the ceiling for every pass rate and its Fréchet distance the floor;
# - **chance** for the classifier's *all three* is 1 in 192 (0.5 %);
# - a large **"classifier yes, analytic no"** row means clips that the classifier accepts but
#   geometry rejects: the AC-GAN blind spot of section 3, measured;
# - in smoke mode (CI) every set has only a handful of clips: the numbers are then noisy.
#
# **Where do the instruments disagree?** One group of bars per motion, seen prompts, ours:

# %%
ours = results["columns"]["ours"]
figures.plot_per_motion(ours["sets"]["seen"]["per_motion"], title="ours, seen prompts: per motion")
plt.show()

# %% [markdown]
# Where the blue bar is high and the black one low, the classifier reads the prompt right and the
# geometry does not agree. With the shipped model, the straight motions, shrinking, expanding,
# both zigzags and bouncing *vertically* pass many clips, while bouncing *horizontally* and both
# rotations pass few by geometry, though the classifier still accepts most of them: its motion
# head reads an arc as a rotation, a single turn as a bounce. The rotating clips do go round the
# right way (the previous model turned both rotating prompts counter-clockwise, notebook 05), but
# on orbits too small and too short. This is exactly the case for looking before trusting a
# number, and for the analytic track check. The outline row is not the main reason (about 80 % of
# seen clips pass it): the *track* is wrong.
#
# **Does the noise matter?** Each bar is one seen prompt: its clips' pixel diversity as a share
# of real clips' (sorted; red: collapsed, below the dashed line).

# %%
div = ours["sets"]["seen"]["diversity"]
figures.plot_diversity(div)
plt.show()
print(f"median diversity {div['median_pixel_ratio']:.0%} of real clips'; start spread {div['median_start_ratio']:.0%}; "
      f"{div['collapsed']} of {div['prompts']} prompts collapsed (below {COLLAPSE_RATIO:.0%})")
flat = min(div["per_prompt"], key=lambda t: div["per_prompt"][t]["pixel_ratio"])
generated, real = figures.clips_of_prompt(details["ours"]["seen"], flat, k=4)
print(f"the most collapsed prompt: '{flat}' (top: ours, {len(generated)} seeds; bottom: real clips)")
display.show_clips(np.concatenate([generated, real]), [f"ours, seed {k + 1}" for k in range(len(generated))]
                   + ["real"] * len(real), columns=len(generated), scale=SCALE)

# %% [markdown]
# For a collapsed prompt the top row repeats nearly the same clip for every seed, while real clips
# of the prompt start in different places. Attribute accuracy cannot see this: one right clip
# repeated is 100 % right. The shipped model has no collapsed seen prompt (the previous 32×32
# model had 44, mostly rotating, zigzagging and bouncing ones), so the clips shown are simply its
# least varied prompt's (names of collapsed prompts, if any: `div["collapsed_prompts"]`).
#
# **Can its clips teach a classifier?** CAS: a probe trained on each model's generated seen clips,
# against one trained on real clips, both tested on fresh real clips.

# %%
figures.plot_cas(results["columns"])
plt.show()
for name in ("ours", "blog"):
    if results["columns"].get(name) and results["columns"][name].get("cas"):
        cas = results["columns"][name]["cas"]
        print(f"{name}: trained on generated {cas['generated']['all_correct']:.1%}, on real "
              f"{cas['real']['all_correct']:.1%} ({cas['steps']} steps, {cas['n_test']} real test clips)")

# %% [markdown]
# A probe trained on our clips learns a good part of what real clips teach, but not all of it:
# the less varied and less accurate drawings show up as a lower score on real clips. The blog's
# clips teach nothing (its clips do not depend on the prompt).
#
# ## 6. The worst failures, as clips
#
# Numbers tell you how often; clips tell you how. Below: seen-prompt clips of ours that fail all
# checks — at most one per motion, the largest outline error first — each captioned with its
# prompt and what rejects it, and under each, a real clip of the same prompt at the same size.

# %%
scores = details["ours"]["seen"]["scores"]
worst = figures.worst_failures(scores, runtime.pick(8, 4))
print(f"{int((~scores['all_checks']).sum())} of {len(scores['all_checks'])} seen clips fail all checks")
labels = [f"{figures.short_prompt(scores['prompts'][i])}: {figures.failure_reason(scores, i)}" for i in worst]
shown = np.concatenate([details["ours"]["seen"]["clips"][worst], details["ours"]["seen"]["real_clips"][worst]])
display.show_clips(shown, labels + ["real"] * len(worst), columns=max(1, len(worst)), scale=SCALE)

# %% [markdown]
# With the shipped model, this figure shows two kinds of failure. Motion failures: rotating
# clockwise clips that loop the wrong way or in uneven jumps, horizontal bounces and zigzags
# that drift instead of turning — their captions name the motion check, and the frame or size
# check where the object leaves the frame or changes size on the way. Most of the rest are
# triangles that fail only the outline check, by a small margin: notebook 04's sprite figure
# shows why, a triangle whose base is a little lighter than its body, enough to take the fit past
# the 64×64 threshold in some frame. The real clips in the row below are clean, filled shapes on
# the right track. Where a caption names a motion
# ("reads zigzag vertically"), the classifier's motion head itself disagrees with the prompt. If
# you evaluate your own model here, read your own figure: the captions say which check rejects
# each clip.

# %% [markdown]
# ## 7. Prompts it never saw: validation, and the test split
#
# The validation prompts (12 combinations, notebook 02) were never trained on, so they measure
# **composition**: drawing a combination of words only ever seen apart. Every development decision
# — a design trial, which run or checkpoint to ship — is taken on them. The shipped model was
# trained on the training split only, so for it they are new combinations.
# One bar per validation prompt, all checks, with the seen prompts' average:

# %%
figures.plot_per_prompt(figures.per_prompt_rate(details["ours"]["val"]["scores"]),
                        reference=ours["sets"]["seen"]["all_checks"], label="seen prompts, all checks",
                        title="ours, validation prompts: share of clips passing all checks")
plt.show()
val = details["ours"]["val"]
first = list(range(len(sets["val"])))  # the first clip of every validation prompt
labels = [f"{figures.short_prompt(val['scores']['prompts'][i])}: {'passes' if val['scores']['all_checks'][i] else 'fails'}"
          for i in first]
display.show_clips(val["clips"][first], labels, columns=6, scale=SCALE)

# %% [markdown]
# With the shipped model about half of the validation clips pass all checks (48.7 % in
# `docs/evaluation_shipped.txt`, with 32 seeds per prompt), fewer than on seen prompts, although
# the table's "classifier: all three" row shows that the attribute heads read most of them as
# asked. The captions and the clips say why: this split holds many of the oscillating and
# rotating motions, which fail on seen prompts too (the per-motion bars of section 5), while the
# straight motions and scaling pass. This is the number development decisions are taken on.
#
# **The test split** holds the headline `circle moving up-right` (in four colours) and twelve more
# combinations. It is scored **once per shipped model**, by the command that wrote
# `docs/evaluation_shipped.txt` (`python -m helpers evaluate --json docs/evaluation_shipped.json`);
# re-scoring it here, and then changing something until it looks better, would turn the test into a
# development set. Here is its documented score, read from that file:

# %%
documented = pathlib.Path(evaluation.__file__).resolve().parents[1] / "docs" / "evaluation_shipped.txt"
text = documented.read_text() if documented.is_file() else ""
for words in (["test prompts", "held-out prompts"], ["headline"]):
    print("\n".join(figures.documented_block(documented, words)) if text else f"no {documented} in this copy")
if text and "ALL CHECKS" not in text:
    print("\nthis file predates the all-checks instruments: its scores are the old, lenient ones (classifier and "
          "the old analytic checks); the test split's all-checks score comes with the next shipped model")

# %% [markdown]
# Looking is not deciding: we may *watch* the headline prompt, as long as nothing is chosen or
# changed because of it. Four colours, two seeds each, not scored:

# %%
headline = list(split.HEADLINE_HELD_OUT)
looked = np.concatenate([model.generate(headline, seed=s) for s in range(2)])
display.show_clips(looked, [figures.short_prompt(p) for p in headline] * 2, columns=4, scale=SCALE)

# %% [markdown]
# With the shipped model these are round discs in the four colours, moving up-right from the
# lower left, as asked; some grow a little on the way, which the steady-size check counts against
# them on the prompts we *do* score, and the documented test score above says how often the
# headline's clips pass everything (87.5 %).
#
# ## 8. What's next: the blog's "What's missing?", answered with measurements
#
# The blog closes with three suggestions: *the training data is the key* (more motions and
# shapes), *a more complex architecture or a language-model embedding*, and *tuning parameters
# such as the embedding size*. Left: all checks per set, ours vs the blog's model vs real data;
# right: the classifier's three attribute heads alone, the kind of score the course reported before
# it had these instruments.

# %%
figures.plot_headline(results)
plt.show()
cols, seen = results["columns"], ours["sets"]["seen"]
print(f"ours on seen prompts: all checks {seen['all_checks']:.1%}; attribute heads alone {seen['accuracy']['all_correct']:.1%}, "
      f"with the reject head {seen['accuracy']['classifier']:.1%}; outline check {seen['analytic']['outline']:.1%}")
print(f"validation: all checks {ours['sets']['val']['all_checks']:.1%}; colour-less {ours['sets']['colourless']['all_checks']:.1%}")
if cols.get("blog"):
    print(f"blog's model on seen prompts: all checks {cols['blog']['sets']['seen']['all_checks']:.1%}")
print(f"collapsed seen prompts: {seen['diversity']['collapsed']} of {seen['diversity']['prompts']}")
if ours.get("cas"):
    print(f"CAS: trained on our clips {ours['cas']['generated']['all_correct']:.1%}, on real clips "
          f"{ours['cas']['real']['all_correct']:.1%}")
print(f"FD seen {seen['fd']:.1f} vs floor {seen['fd_floor']:.1f} (N = {seen['fd_n']}); clips {W}x{H}, "
      "INTERFACE asks for 64x64")

# %% [markdown]
# What the measurements say:
#
# - **Is data the key?** The blog's model here already has the corrected data (16 motions, 3
#   shapes, nothing off-screen), and still passes nothing: its discriminator never reads the text
#   and its generator draws every frame from fresh noise, so neither the prompt nor a motion can
#   come out. Data was not the only thing missing.
# - **A richer text encoder** is not what the numbers point at: the attribute heads read the
#   prompt's words in almost every seen clip and in most validation clips (the table's
#   "classifier: all three" rows). What failed in the previous 32×32 model was the *drawing* and
#   the *variety* — things the attribute heads of an AC-GAN critic cannot reward — and what fixed
#   most of it was a critic of the drawing alone (the sprite critic: outline check 20.7 % → 80.6 %
#   of seen clips) and a term that rewards variety (collapsed seen prompts 44 → 1).
# - **What to change next**, each measurable with the same table: the motions that still fail
#   (bouncing horizontally and both rotations, whose orbits are too small: section 5's
#   per-motion bars), the start positions that still spread less than real ones, and the
#   classifier's motion head, which accepts many of the wrong paths: the next model's development, decided on the validation
#   split, with the test split scored once more when it ships.

# %% [markdown]
# ## Recap
#
# - A Fréchet distance compares bags of clips: it ignores the prompt (shuffled prompts, same
#   distance), reacts to blur long before content goes wrong, and must be read beside its
#   real-vs-real floor at the same N.
# - A classifier's attribute heads accept broken drawings (domes, stars, rings, twins); a
#   generator trained against such heads (AC-GAN) learns what they accept and varies less.
# - Geometry (outline fit by soft IoU, one object, the track), diversity against real clips and CAS
#   close those holes; **all checks** — classifier and geometry agreeing — is the headline.
# - Every instrument is checked first: ≥ 99 % on fresh real clips, the shuffled-frames control,
#   real clips passing, broken drawings of a separate test family rejected.
# - Development decisions use the validation split; the test split is scored once per shipped model.

# %% [markdown]
# ## Exercises
#
# Two warm-ups, then two that change something: write down your prediction before you run them.

# %%
from helpers import analytic  # noqa: F401 (for the exercises)
from helpers.exercises import check
from helpers.prompts import MOTIONS  # noqa: F401 (for the exercises)

# %% [markdown]
# **07.1 (warm-up)** What is the chance level of the classifier's *all three* for a prompt that
# names a colour: the probability that a uniform random guess of shape, colour and motion is right
# on all three? Give a number between 0 and 1.

# %%
# The probability that a uniform random guess of shape, colour and motion is right on all three.
answer = None

# %%
check("07.1", answer)

# %% [markdown]
# **07.2 (warm-up)** Render a real `red square moving up` clip, play it backwards (reverse the order
# of its frames), and ask the classifier `instrument` which motion it sees. Give the motion's name
# (a string from `MOTIONS`).

# %%
# The motion the classifier reads in a real "red square moving up" clip played backwards.
answer = None

# %%
check("07.2", answer)

# %% [markdown]
# **07.3 (change a threshold; predict first)** The outline check accepts an outline error up to
# `outline.outline_threshold(32)` at 32 px. Suppose it accepted up to **0.40** at every size. Predict:
# does the share of real clips passing the outline check go up, down or stay? And the share of
# broken "half" drawings (domes)? Then measure the second: for
# `prompts = all_prompts(with_colour=True)[::4]`, render
# `half = broken.render_broken(prompts, "half", "test", seed=7, frames=10, height=32, width=32)`,
# set every entry of `outline.OUTLINE_THRESHOLDS` to 0.40, compute
# `analytic.check_clips(half, prompts)["outline"]`, and **restore** the thresholds afterwards
# (`try: … finally: …`). Give that pass rate.

# %%
# The outline check's pass rate on the 48 "half" drawings with every outline threshold at 0.40.
answer = None

# %%
check("07.3", answer)

# %% [markdown]
# **07.4 (score your own clips; predict first)** Make a "generator" that ignores its noise: render
# real clips of 4 prompts (`prompts = split.split_prompts("train")[:4]`, `seed=0`, size `T, H, W`),
# and repeat each clip 4 times (`np.repeat(clips, 4, axis=0)`, with the prompts repeated the same
# way). Save them as `clips` and `prompts` in an `.npz` file (`np.savez_compressed`), score the file
# with the course's command, `python -m helpers evaluate --clips FILE.npz --json OUT.json` (e.g.
# `subprocess.run([sys.executable, "-m", "helpers", ...])`), and read `summary` from the JSON.
# Predict first: what will *all checks* be, and how many prompts will be collapsed? Give
# `{"all_checks": ..., "collapsed": ...}`.

# %%
# {"all_checks": share of the copied clips passing all checks, "collapsed": number of collapsed prompts}
answer = None

# %%
check("07.4", answer)
