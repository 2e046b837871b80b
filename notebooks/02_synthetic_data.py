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
# # 02 · Synthetic data: a world of moving shapes
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/02_synthetic_data.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/02_synthetic_data.ipynb)
#
# A text-to-video model learns from pairs of *(prompt, clip)*. Real video datasets are huge and
# their captions are vague, so this course builds its own tiny world where every clip is drawn by
# code: one coloured shape on white, moving in a way a short prompt describes exactly. Because we
# know the true colour, shape and motion of every clip, we can later *measure* whether the model
# follows a prompt, instead of squinting at samples.
#
# ## What you will learn
# - why synthetic data is the right first dataset for a generative model, and what it must get right;
# - what goes wrong in the blog tutorial this course starts from, shown with its real output;
# - how a vectorised renderer draws thousands of anti-aliased clips per second without a Python loop per frame;
# - the prompt language, the dataset's statistics and the held-out split that makes "unseen prompt" an honest test;
# - how to cache a dataset in one file and export a clip as PNG frames.
#
# **Prerequisites:** notebook 00 (setup); Python and NumPy; tensors and broadcasting in PyTorch help.
#
# **Run time:** 18 s on a 2-core CPU (measured at full size, kernel start included; `docs/run_times.json`), ~1 min (estimate) on a T4 GPU.

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
import time

import matplotlib.pyplot as plt
import numpy as np
import torch

from helpers import blog, data, display, figures, prompts, runtime, split, world

size = runtime.world_size()  # 10 x 64 x 64, or 10 x 32 x 32 in smoke mode
print(f"clips are {size.frames} frames of {size.height} x {size.width} RGB")

# %% [markdown]
# ## 1. Why synthetic data?
#
# A generative model is only as good as the data that teaches it and the test that judges it.
# Drawing our own clips gives us three things real footage cannot:
#
# - **ground truth**: every clip comes with its exact colour, shape and motion, so a classifier
#   and simple geometry can check whether a generated clip matches its prompt (notebook 07);
# - **control**: we decide which combinations the model never sees, to test whether it can
#   *compose* attributes it learned separately (a "cat fetching a ball");
# - **cost**: clips are rendered on the fly, so training never waits for a disk.
#
# The price: everything we get wrong in the generator of the data, the model learns faithfully.
# The blog tutorial shows how easy that is.

# %% [markdown]
# ## 2. The blog's data, and what goes wrong
#
# The blog draws each frame with PIL: it computes the circle's offset from the centre as
# `frame * 5 % 64` (with a minus sign for left/up), saves every frame as a PNG, and asks for
# 10,000 videos. `helpers.blog` reproduces its recipe exactly, so we can look at its output.
#
# **Defect 1: the circle is never drawn.** The published function creates a white image, computes
# a position, and returns the image — without a single draw call.

# %%
published = blog.blog_dataset_clips(draw=False)
coloured_pixels = sum(int((clip != 255).any(axis=-1).sum()) for clip in published.values())
print(f"{len(published)} prompts x {blog.BLOG_FRAMES} frames, coloured pixels in all of them: {coloured_pixels}")

# %% [markdown]
# Every frame of every training video is blank. Let us add the missing draw call (a 10-px blue
# circle, as the author's repository later did) and look again.
#
# **Defect 2: Python's modulo sends the circle off-screen.** In Python, `-5 % 64` is `59`, not
# `-5`, so "moving left" jumps from the centre to x = 91 — outside a 64-px frame — and then creeps
# back in from the right. "Down" and "right" simply leave the frame.

# %%
for direction in ("left", "down", "right"):
    print(f"{direction:>6}: x, y per frame =", [blog.blog_position(direction, f) for f in range(blog.BLOG_FRAMES)])

drawn = blog.blog_dataset_clips(draw=True)
shown = ["circle moving left", "circle moving down", "circle moving right", "circle bouncing vertically",
         "circle zigzagging horizontally", "circle rotating clockwise", "circle shrinking"]
display.show_strips(np.stack([drawn[p] for p in shown]), shown, title="The blog's clips, with the circle drawn")
plt.show()

# %%
blank = sum(int(not (frame != 255).any()) for clip in drawn.values() for frame in clip)
print(f"frames with nothing visible: {blank} of {len(drawn) * blog.BLOG_FRAMES}")

# %% [markdown]
# **Defect 3: rotation is invisible, and shrinking has no formula.** "Rotating" turns the whole
# picture about its centre — a centred circle looks the same at every angle — and the code has no
# entry at all for shrinking or expanding, so these four prompts all show the same still circle.
#
# **Defect 4: duplicate motions, no randomness.** `up_left` and `diagonal_up_left` use the same
# formula, and so do three other pairs; nothing is random. The "10,000 videos" are copies of a few:

# %%
print(f"distinct clips among the blog's {len(drawn)} prompts: {blog.count_distinct_clips(drawn)}")
print(f"the blog's 'unseen' test prompt: {blog.BLOG_TEST_PROMPT!r}")
print("   ...is in training as:", [p for p, _ in blog.BLOG_PROMPTS if "up-right" in p])

# %% [markdown]
# **Defect 5: the "unseen" prompt is seen.** The blog tests on `circle moving up-right`, which
# is the training prompt `circle moving diagonally up-right` minus one word, with the same motion.
# That is not a test of generalisation at all.
#
# A model trained on this data could at best learn a dozen fixed clips, most of them blank or
# teleporting. Our world fixes every one of these points.

# %% [markdown]
# ## 3. Our world: 3 shapes × 4 colours × 16 motions
#
# The rules (they are in `docs/INTERFACE.md` §1, and `tests/test_world.py` checks each one on thousands of
# random clips):
#
# - straight lines in 8 directions at constant speed, travelling at least a quarter of the frame;
# - bouncing (reverses at least once, no drift), zigzagging (steady travel, at least two turns
#   across it), shrinking/expanding (area changes by 2.5–4×), rotating (the centre circles the
#   middle of the frame by 200–300°, so you can see which way even for a circle);
# - the **whole shape is inside the frame in every frame**;
# - start, size and speed are random per clip, and the same seed always gives the same clips.
#
# Here is every motion, one random clip each (they loop):

# %%
every_motion = [f"{c} {s} {m}" for m, c, s in zip(prompts.MOTIONS, prompts.COLOURS * 4, prompts.SHAPES * 6)]
clips = world.render_prompts(every_motion, seed=0, frames=size.frames, height=size.height, width=size.width)
display.show_clips(clips, every_motion, columns=4, scale=max(1, 128 // size.width))

# %% [markdown]
# And the three shapes in the four colours, all doing the same motion:

# %%
palette_prompts = [f"{c} {s} rotating clockwise" for s in prompts.SHAPES for c in prompts.COLOURS]
display.show_clips(world.render_prompts(palette_prompts, seed=1, frames=size.frames, height=size.height,
                                        width=size.width), palette_prompts, columns=4)

# %% [markdown]
# ### How the renderer draws without a loop
#
# The blog draws one frame at a time with PIL. We draw *all frames of thousands of clips at once*
# with tensor operations, so the same code runs on the CPU or, during training, on the GPU.
#
# 1. `world.sample_trajectories` turns each clip's random numbers into the shape's centre
#    $(c_x, c_y)$ and size $r$ in every frame — a few hundred numbers per clip.
# 2. `world.rasterize` computes, for every pixel centre $p$, the **signed distance** $d(p)$ to the
#    shape's outline (negative inside). For a circle $d = \lVert p - c\rVert - r$; a square and a
#    triangle take the largest of their edges' distances. The pixel's **coverage** is
#    $\mathrm{clamp}(0.5 - d, 0, 1)$: 1 well inside, 0 outside, and in between over the one-pixel
#    band of the edge, which is what anti-aliasing means. The colour is then
#    $\text{white} - \text{coverage} \times (\text{white} - \text{colour})$.
#
# Because most of a frame is white, the renderer only evaluates a small square patch around the
# shape and writes it into a white frame. Zoom in on one frame to see the soft edge:

# %%
frame = world.render_prompts(["green triangle moving right"], seed=2)[0, 0].numpy()
figure, axes = plt.subplots(1, 2, figsize=(7, 3.2))
axes[0].imshow(frame, interpolation="nearest")
axes[0].set_title("one 64 x 64 frame")
ys, xs = np.nonzero((frame != 255).any(-1))
axes[1].imshow(frame[ys.min() - 2 : ys.max() + 3, xs.min() - 2 : xs.max() + 3], interpolation="nearest")
axes[1].set_title("zoomed: in-between shades on the edges")
for axis in axes:
    axis.axis("off")
plt.show()

# %% [markdown]
# ## 4. The prompt language
#
# A prompt is `[colour] shape motion`. Case and spacing do not matter, the colour may be left out
# (then any colour is fine, but the clip must show one), and the blog's `moving diagonally up-right`
# is read as `moving up-right`. Anything else is refused with a message that names the word.

# %%
for text in ["Red  CIRCLE moving up-right", "circle shrinking", "blue square moving diagonally down-left"]:
    parsed = prompts.parse_prompt(text)
    print(f"{text!r:45} -> {parsed.text!r}  (colour={parsed.colour}, shape={parsed.shape}, motion={parsed.motion})")

for text in ["purple circle moving up", "circle square moving up"]:
    try:
        prompts.parse_prompt(text)
    except prompts.PromptError as error:
        print(f"\n{text!r} is refused:\n  {error}")

# %% [markdown]
# The model reads prompts as **tokens**: one per word, where hyphenated words such as
# `up-right` and `counter-clockwise` stay single tokens (otherwise "counter-clockwise" would look
# mostly like "clockwise"). Token ids come from the *sorted* vocabulary, so they are the same in
# every process; the blog built its vocabulary from a Python `set()`, whose order changes with the
# hash seed, so its saved model could not be reused in a new session.

# %%
vocabulary = prompts.Vocabulary()
print(f"{len(vocabulary)} tokens:", vocabulary.tokens)
for text in ["red circle moving up-right", "circle rotating counter-clockwise"]:
    print(f"{text!r:40} -> tokens {vocabulary.tokenize(text)} -> ids {vocabulary.encode(text)}")

# %% [markdown]
# ## 5. A dataset and its statistics
#
# `data.make_dataset` draws prompts from a split in shuffled rounds (so every combination appears
# equally often) and renders them. Let us look at what a dataset contains.

# %%
n_clips = runtime.pick(2000, 400)
start = time.perf_counter()
dataset = data.make_dataset(n_clips, split="train", seed=0, frames=size.frames, height=size.height,
                            width=size.width)
print(f"{len(dataset)} clips in {time.perf_counter() - start:.2f} s, {dataset.clips.nbytes / 1e6:.0f} MB in memory")

figure, axes = plt.subplots(1, 3, figsize=(13, 3), gridspec_kw={"width_ratios": [3, 4, 16]})
for axis, ids, names, title in [
    (axes[0], dataset.shape_ids, prompts.SHAPES, "shapes"),
    (axes[1], dataset.colour_ids, prompts.COLOURS, "colours"),
    (axes[2], dataset.motion_ids, prompts.MOTIONS, "motions"),
]:
    axis.bar(range(len(names)), np.bincount(ids, minlength=len(names)))
    axis.set_xticks(range(len(names)), names, rotation=90 if len(names) > 4 else 0, fontsize=8)
    axis.set_title(title)
plt.show()

# %% [markdown]
# The counts are flat: held-out combinations are missing, so each *attribute* appears slightly
# less often where it was held out, but every value is well represented.
#
# Within one prompt, clips differ in start, size and speed. Here is where the shape starts in the
# first frame, and how big it is, over the whole dataset:

# %%
ink = (255 - dataset.clips[:, 0].astype(np.int16)).sum(-1) > 30  # non-white pixels of frame 0
area = ink.sum(axis=(1, 2))
centroids = np.array([np.argwhere(mask).mean(axis=0) for mask in ink])
figure, axes = plt.subplots(1, 2, figsize=(9, 3.5))
axes[0].scatter(centroids[:, 1], centroids[:, 0], s=3, alpha=0.4)
axes[0].set_xlim(0, size.width)
axes[0].set_ylim(size.height, 0)
axes[0].set_aspect("equal")
axes[0].set_title("start position (frame 0)")
axes[1].hist(area, bins=40)
axes[1].set_title("shape area in frame 0 (pixels)")
plt.show()

# %% [markdown]
# ## 6. The split: an honest "unseen prompt"
#
# Some (shape, colour, motion) combinations never appear in training:
#
# - `circle moving up-right` in **every colour** — the series' headline test. Circles still move
#   every other way, and squares and triangles still move up-right, so the model has seen both
#   halves, just never together;
# - 12 more combinations, one per (shape, colour) pair, each with a different motion. For each one,
#   its (shape, motion), (colour, motion) and (shape, colour) pairs all occur in training.
#
# A model that draws these correctly has **composed** what it learned, which is what the blog's
# "cat fetching a ball" was meant to test.

# %%
held_out = split.split_prompts("heldout")
train_set = set(split.split_prompts("train"))
print(f"{len(train_set)} training prompts, {len(held_out)} held out (test)")
figures.plot_split_grid()
plt.show()
partners = [sum(q.shape == p.shape and q.motion == p.motion for q in train_set) for p in held_out]
print(f"each held-out combination's shape + motion occurs in training in {min(partners)}-{max(partners)} colours")

# %% [markdown]
# One row per (shape, colour) pair, one column per motion. The red column is `circle moving
# up-right` in all four colours; besides it, every row has one more red cell, each in a
# different column (twelve motions), so each held-out word pair still appears in training in
# other combinations. The orange cells are
# a second set kept out of training for **validation**: development decisions (which run or
# step to keep) are made on them, so that the red test set is scored only once per shipped
# model (`docs/INTERFACE.md` §3).

# %% [markdown]
# `python -m helpers prompts --split heldout` prints the same list from the command line.
# The held-out clips look like any other clip; only training never sees them:

# %%
display.show_clips(world.render_prompts(held_out, seed=3, frames=size.frames, height=size.height,
                                        width=size.width), [p.text for p in held_out], columns=4)

# %% [markdown]
# ## 7. Speed and caching
#
# Training renders fresh clips for every batch on its own device, so it needs no dataset on disk.
# For inspection and evaluation a fixed dataset is handy: `data.cached_dataset` stores it as **one
# compressed `.npz` file** (with a manifest of the parameters that made it) in `data/`, and loads it
# the next time instead of rendering again. Compare with the blog's storage — one PNG per frame:

# %%
n_timed = runtime.pick(5000, 500)
ids = [torch.randint(k, (n_timed,), generator=torch.Generator().manual_seed(k)) for k in (3, 4, 16)]
start = time.perf_counter()
world.render_ids(*ids, generator=torch.Generator().manual_seed(0))
ours = time.perf_counter() - start

n_blog = runtime.pick(100, 20)
output_dir = pathlib.Path("outputs")
start = time.perf_counter()
files = blog.write_png_dataset(n_blog, output_dir / "blog_style_dataset")
blog_seconds = time.perf_counter() - start
print(f"ours: {n_timed} clips (64x64x10) in {ours:.2f} s  -> {n_timed / ours:,.0f} clips/s, in memory")
print(f"blog: {n_blog} videos in {blog_seconds:.2f} s as {files} files -> {n_blog / blog_seconds:,.0f} clips/s")

# %%
start = time.perf_counter()
cached = data.cached_dataset(n_clips, split="train", seed=0, frames=size.frames, height=size.height,
                             width=size.width)
first = time.perf_counter() - start
start = time.perf_counter()
cached = data.cached_dataset(n_clips, split="train", seed=0, frames=size.frames, height=size.height,
                             width=size.width)
again = time.perf_counter() - start
cache_files = sorted(runtime.DATA_DIR.glob(f"clips_train_{n_clips}_*.npz"))
print(f"first call {first:.2f} s (render + save), second call {again:.2f} s (load)")
print(f"{cache_files[0].name}: {cache_files[0].stat().st_size / 1e6:.1f} MB, manifest {cached.manifest}")
assert np.array_equal(cached.clips, dataset.clips), "same seed, same clips"

# %% [markdown]
# The command line does the same: `python -m helpers dataset --n 600 --split all --out clips.npz`.
#
# ## 8. Exporting a clip as PNG frames
#
# Sometimes you want the frames as files, as the blog did. Two of its small bugs are worth
# avoiding: it wrote RGB arrays with `cv2.imwrite`, which expects BGR (red and blue swap), and
# named frames `frame_0.png … frame_10.png`, which sort as text in the wrong order past 9.
# `data.export_png_frames` writes RGB through PIL with zero-padded names:

# %%
from PIL import Image

clip = world.render_prompts(["red circle moving down-right"], seed=4)[0].numpy()
paths = data.export_png_frames(clip, output_dir / "red_circle_frames")
print([p.name for p in paths])
read_back = np.stack([np.asarray(Image.open(p)) for p in sorted(paths)])
assert np.array_equal(read_back, clip), "PNG is lossless: the frames read back exactly, in order"
display.show_strips(read_back, ["read back from PNG"])
plt.show()

# %% [markdown]
# ## Recap
#
# - Synthetic clips give exact labels, full control over what training sees, and zero I/O.
# - The blog's data was blank, teleporting, duplicated and deterministic, and its "unseen" prompt
#   was a training prompt; data bugs become model bugs.
# - Our renderer evaluates a signed distance per pixel, anti-aliases with a one-pixel coverage
#   ramp, keeps every shape inside the frame, and renders thousands of clips per second on a CPU.
# - Prompts follow a small grammar with clear errors and stable token ids.
# - The held-out split keeps every *pair* of attributes in training but never certain triples,
#   so testing on them measures composition.

# %% [markdown]
# ## Exercises
#
# **02.1** Normalise the prompt `"Blue Triangle  moving diagonally DOWN-LEFT"` with the course's
# parser and store the resulting text in `answer`.

# %%
from helpers.exercises import check

# %%
# your code here: the normalised prompt text, stored in `answer`
answer = None

# %%
check("02.1", answer)

# %% [markdown]
# **02.2** Render `"red square moving right"` with `seed=0` at this notebook's size (`size`), find
# the shape's centroid in each frame from the pixels alone (non-white pixels), and store how many
# pixels the centroid moves to the right between the first and the last frame.

# %%
# your code here: a number of pixels, stored in `answer`
answer = None

# %%
check("02.2", answer)

# %% [markdown]
# **02.3** How many prompts of the training split show a circle moving up-right (any colour)?
# Compute it from `split.split_prompts("train")` rather than reasoning it out.

# %%
# your code here: a count, stored in `answer`
answer = None

# %%
check("02.3", answer)
