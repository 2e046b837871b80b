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
# # 07 · Worked solutions: evaluation
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/07_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/07_solutions.ipynb)
#
# Solutions to the exercises of `07_evaluation.ipynb`. Try them yourself first; each cell
# below ends with the same self-check as the exercise. They need only the real-data
# instruments (the classifier and the Fréchet distance), not a trained generator.

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
import numpy as np

from helpers import classifier, frechet, runtime, split, world
from helpers.exercises import check
from helpers.prompts import COLOURS, MOTIONS, SHAPES

size = runtime.world_size()
instrument = classifier.load_classifier()

# %% [markdown]
# **07.1** The three guesses are independent, so their chances multiply:
# $\frac13 \cdot \frac14 \cdot \frac1{16} = \frac1{192} \approx 0.52\,\%$. A generator whose
# *all correct* is near this number has learned nothing about the prompt.

# %%
answer = 1 / len(SHAPES) * 1 / len(COLOURS) * 1 / len(MOTIONS)
print(f"chance of all correct: {answer:.4f} ({answer:.2%})")
check("07.1", answer)

# %% [markdown]
# **07.2** Axis 1 of a batch of clips `(N, T, H, W, 3)` is time; reversing it plays the clip
# backwards. The classifier answers with the time-reversed motion: it reads the order of the
# frames, not only where the shape is.

# %%
clip = world.render_prompts(["red square moving up"], seed=0, frames=size.frames, height=size.height,
                            width=size.width).numpy()
forwards = MOTIONS[instrument.predict(clip)["motion"][0]]
answer = MOTIONS[instrument.predict(clip[:, ::-1])["motion"][0]]
print(f"played forwards: {forwards}; played backwards: {answer}")
check("07.2", answer)

# %% [markdown]
# **07.3** The Fréchet distance only sees the mean and covariance of a *set* of feature vectors;
# the order of the rows, and therefore which clip was made for which prompt, does not enter it.
# The same clips with their prompts shuffled get the same distance, which is why a
# text-to-video evaluation also needs a per-clip check against the prompt.

# %%
demo_prompts = split.split_prompts("all")[:: runtime.pick(1, 3)] * runtime.pick(2, 1)
real_b = world.render_prompts(demo_prompts, seed=2, frames=size.frames, height=size.height, width=size.width)
fb = instrument.features(real_b)
answer = frechet.frechet_distance(fb, fb[np.random.default_rng(0).permutation(len(fb))])
print(f"FD between the features and the same rows shuffled: {answer:.3g}")
check("07.3", answer)
