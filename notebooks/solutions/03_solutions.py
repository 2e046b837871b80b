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
# # 03 · Worked solutions: text embedding
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/03_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/03_solutions.ipynb)
#
# Solutions to the exercises of `03_text_embedding.ipynb`.

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
import torch

from helpers import load_model, prompts
from helpers.exercises import check

model = load_model(device="cpu")

# %% [markdown]
# **03.1** `encode` parses (so case does not matter), looks each word up and pads to 4 slots; this
# prompt has 4 words, so there is no padding.

# %%
answer = prompts.Vocabulary().encode("Green square bouncing horizontally")
print(answer)
check("03.1", answer)

# %% [markdown]
# **03.2** The table has one row per token (padding included) and one column per vector entry.

# %%
weight = model.generator.text.embedding.weight
answer = weight.shape[0] * weight.shape[1]
print(tuple(weight.shape), "->", answer)
check("03.2", answer)

# %% [markdown]
# **03.3** Cosine similarity is the dot product of the two vectors after scaling each to length 1.
# The two rotation words must be told apart, so the trained model should not make them identical.

# %%
vectors = model.generator.text.embedding.weight.detach()
a = torch.nn.functional.normalize(vectors[model.vocab.ids["clockwise"]], dim=0)
b = torch.nn.functional.normalize(vectors[model.vocab.ids["counter-clockwise"]], dim=0)
answer = float(a @ b)
print(f"{answer:.3f}")
check("03.3", answer)

# %% [markdown]
# **03.4** Prediction: **lower**, but far from chance. Freezing the table removes only the
# *first* layer of the text path: the frozen random vectors still differ for every word, and the
# MLP above them, the generator's conditioning and the critic's own text encoder all still learn.
# What the frozen table costs is speed: the MLP must learn to read fixed random vectors instead of
# the vectors moving to meet it. Measured on the 2-core CPU (`python scripts/exercise_outcomes.py`,
# 300 steps, seed 0): 61 % of clips in the prompt's colour with the table trained, 45 % with it
# frozen, where chance is 25 %. So the blog's frozen embedding slowed it, but what broke it was a
# discriminator that never read the prompt (notebook 04): nothing rewarded a clip for matching it.

# %%
from helpers import experiments, runtime

STEPS = runtime.pick(300, 20)
trained_table = experiments.train_variant(STEPS)
frozen_table = experiments.train_variant(STEPS, freeze_embedding=True)
print(f"{STEPS} steps each: {trained_table.seconds:.0f} s and {frozen_table.seconds:.0f} s")
answer = {"prediction": "lower", "baseline": trained_table, "changed": frozen_table}
check("03.4", answer)
