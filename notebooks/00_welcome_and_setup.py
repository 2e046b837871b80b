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
# # 00 · Welcome: what we build, and getting set up
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/00_welcome_and_setup.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/00_welcome_and_setup.ipynb)
#
# This course builds a **text-to-video model from scratch**: you type
# `red circle moving up-right` and a generative adversarial network (GAN) draws a short clip that
# does exactly that — including for combinations of words it never saw together in training.
# Everything is small enough to train in minutes on a free Colab or Kaggle GPU, and every
# notebook also runs on a CPU-only laptop.
#
# It starts from a popular 2024 blog tutorial ("Building AI Text to Video Model From Scratch")
# and follows the same path — data, text embedding, generator, discriminator, training loop,
# video file — but fixes what made that tutorial's model unable to follow a prompt, and measures
# the result instead of eyeballing it.
#
# ## What you will learn
# - what the course builds and the map of its eight notebooks;
# - how the setup cell prepares Colab, Kaggle or a local machine (and why it never reinstalls PyTorch);
# - how to switch on a GPU, and what difference it makes;
# - how to use the course's command line and its smoke mode.
#
# **Prerequisites:** Python; a little NumPy. No GAN knowledge needed: notebook 01 teaches it.
#
# **Run time:** 7 s on a 2-core CPU (measured at full size, kernel start included; `docs/run_times.json`), < 1 min (estimate) on a T4 GPU.

# %% [markdown]
# ## Setup
#
# Every notebook starts with the cell below. It looks for the course's `helpers` package in this
# folder or a parent folder (a local clone); on Colab or Kaggle it clones the course repository
# once into your home folder. Then `helpers.setup.check_environment()` installs only the
# packages that are missing — never `torch`, because Colab and Kaggle ship a CUDA build of
# PyTorch that a reinstall would replace — and reports where you are running and on which device.

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
# ### A GPU, and what it buys you
#
# Training is the only step that really wants a GPU. If the line above says `device: cpu`:
#
# - **Colab:** menu *Runtime → Change runtime type → Hardware accelerator: T4 GPU → Save*, then
#   run the notebook again from the top.
# - **Kaggle:** in the editor's right-hand panel, *Settings → Accelerator → GPU T4 x2* (a
#   phone-verified account is needed), then run again.
#
# Everything still works on a CPU, just slower. Here is the difference on a typical workload,
# a batch of matrix multiplications:

# %%
import time

import torch

from helpers import runtime


def matmul_throughput(device: torch.device, size: int = 1024, repeats: int = 10) -> float:
    """Billions of floating-point operations per second for square float32 matmuls."""
    a = torch.randn(size, size, device=device)
    b = torch.randn(size, size, device=device)
    (a @ b).sum().item()  # warm-up (and CUDA initialisation)
    start = time.perf_counter()
    for _ in range(repeats):
        c = a @ b
    c.sum().item()  # waits for the GPU to finish
    return 2 * size**3 * repeats / (time.perf_counter() - start) / 1e9

# %%
device = runtime.pick_device()
print(f"cpu: {matmul_throughput(torch.device('cpu'), repeats=runtime.pick(10, 2)):,.0f} GFLOP/s")
if device.type != "cpu":
    print(f"{device}: {matmul_throughput(device):,.0f} GFLOP/s")

# %% [markdown]
# ## What we will build
#
# Our training data is a small world drawn by code (notebook 02): one shape — a circle, square
# or triangle — in one of four colours, doing one of sixteen motions, in clips of 10 frames of
# 64 × 64 pixels. Each clip comes with its prompt. A few of them, playing in a loop:

# %%
from helpers import display, split, world

size = runtime.world_size()
examples = ["red circle moving up", "blue square bouncing vertically", "yellow triangle rotating clockwise",
            "green circle zigzagging horizontally", "red triangle expanding", "blue circle moving down-left"]
display.show_clips(world.render_prompts(examples, seed=0, frames=size.frames, height=size.height,
                                        width=size.width), examples, columns=6)

# %% [markdown]
# The model learns to draw such clips from the prompt alone. The real test is a prompt it never
# saw: `circle moving up-right` is **held out** of training in every colour — the model has seen
# circles and has seen things moving up-right, never both at once.

# %%
for name, words in (("heldout", "test split: scored once per shipped model"), ("val", "validation: for development")):
    print(f"held out of training, {words} ({len(split.split_prompts(name))} prompts):")
    print("\n".join("  " + p.text for p in split.split_prompts(name)))

# %% [markdown]
# And here is what the finished course produces: the pretrained model that ships with the
# repository (trained with notebook 05's loop, one command, 88 minutes on one thread of a 2-core
# CPU), asked for that never-seen combination in each colour, plus two prompts without a colour. The clips are
# 64×64, the course's real size (shown enlarged). Look closely before you believe it. Notebook 07
# measures it the way a careful viewer would: a clip counts only when a classifier *and* a
# geometric check of the outline, the object count, the colour and the track all say it is right.
# By that measure this model gets 87.5 % of `circle moving up-right` clips right and 65.7 % of
# clips of the prompts it was trained on (`docs/evaluation_shipped.txt`); its shapes are clean,
# and what it still gets wrong is motion: its rotating clips go round the right way but on
# orbits too small, and it bounces well only vertically.

# %%
from helpers import load_model

model = load_model()
finished = ["red circle moving up-right", "green circle moving up-right", "blue circle moving up-right",
            "yellow circle moving up-right", "square rotating clockwise", "triangle expanding"]
display.show_clips(model.generate(finished, seed=0), finished, columns=6, scale=max(1, 128 // model.width))

# %% [markdown]
# ## The map
#
# | notebook | what you do | CPU laptop | T4 GPU |
# |---|---|---|---|
# | 00 welcome and setup | this page | 7 s | < 1 min (estimate) |
# | 01 how a GAN learns | the theory, shown on a toy GAN that trains live | 1 min 53 s | ~1.5 min (estimate) |
# | 02 synthetic data | the blog's data and its bugs; our renderer, prompts, split | 18 s | ~1 min (estimate) |
# | 03 text embedding | tokens, vocabulary, an embedding that actually trains | 35 s | < 1 min (estimate) |
# | 04 generator and discriminator | a whole-clip generator and a text-aware discriminator | 59 s | < 1 min (estimate) |
# | 05 training loop | train it live, checkpoint, resume, multi-GPU | 4 min 53 s | ~8 min, the gpu preset's 9,000 steps (estimate) |
# | 06 generating video | prompt → AVI/MP4/GIF, interactive demo | 15 s | < 1 min (estimate) |
# | 07 does it work? | honest evaluation against real data and the blog's model | 10 min 8 s | ~3 min (estimate) |
#
# Work through them in order; each one opens with what you will learn and its run time, and ends
# with a recap and exercises (worked solutions in `notebooks/solutions/`). The glossary
# (`docs/GLOSSARY.md`) and the reading list (`docs/READING.md`) collect the terms and papers.

# %% [markdown]
# ## The command line and smoke mode
#
# The notebooks import the same `helpers` package that a command line exposes, so anything you
# do here you can also script. From a terminal in the repository: `python -m helpers --help`.
# From a notebook, prefix the command with `!` — here we call it through Python so the cell also
# works in automated runs:

# %%
import subprocess
import sys

result = subprocess.run([sys.executable, "-m", "helpers", "prompts", "--split", "heldout"],
                        capture_output=True, text=True, check=True)  # from any folder: the setup cell set PYTHONPATH
print(result.stdout.splitlines()[:4], "...")

# %% [markdown]
# **Smoke mode.** With the environment variable `T2V_SMOKE=1`, every notebook and command runs
# the same code at toy sizes (smaller frames, fewer clips and steps) so that the automated tests
# can execute all notebooks in a few minutes. You will not need it; it is why the sizes in the
# notebooks are written as `runtime.pick(full, smoke)`.

# %%
print("smoke mode is", "ON" if runtime.is_smoke() else "off", "| clip size:", size)

# %% [markdown]
# ## Recap
#
# - The course builds a prompt-following text-to-video GAN, step by step, in eight notebooks.
# - The setup cell works on Colab, Kaggle and locally, installs only what is missing, and never
#   reinstalls PyTorch.
# - A GPU speeds up training a lot; everything also runs on a CPU.
# - `python -m helpers …` exposes the same code as the notebooks; `T2V_SMOKE=1` shrinks sizes for tests.

# %% [markdown]
# ## Exercises
#
# **00.1** Ask the course which device it will use (`runtime.pick_device()`) and store the result.

# %%
from helpers.exercises import check

# %%
# your code here: a torch.device, stored in `answer`
answer = None

# %%
check("00.1", answer)

# %% [markdown]
# **00.2** How many prompts are held out of training? Count them with `split.split_prompts`.

# %%
# your code here: a number, stored in `answer`
answer = None

# %%
check("00.2", answer)
