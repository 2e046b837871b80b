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
# # 02 · Worked solutions: synthetic data
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/02_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/02_solutions.ipynb)
#
# Solutions to the exercises of `02_synthetic_data.ipynb`. Try them yourself first; each cell
# below ends with the same self-check as the exercise.

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
from helpers import prompts, runtime, split, world
from helpers.exercises import check

size = runtime.world_size()

# %% [markdown]
# **02.1** The parser lower-cases, collapses spaces and reads the blog's "moving diagonally X" as
# "moving X"; `.text` is the canonical spelling.

# %%
answer = prompts.normalise_prompt("Blue Triangle  moving diagonally DOWN-LEFT")
print(answer)
check("02.1", answer)

# %% [markdown]
# **02.2** A pixel belongs to the shape when it is clearly not white; the centroid is the mean of
# those pixels' coordinates, and `nonzero()[1]` gives their columns (x).

# %%
clip = world.render_prompts(["red square moving right"], seed=0, frames=size.frames,
                            height=size.height, width=size.width)[0].numpy()
ink = (255 - clip.astype(int)).sum(axis=-1) > 30
centroid_x = [mask.nonzero()[1].mean() for mask in ink]
answer = centroid_x[-1] - centroid_x[0]
print(f"the centroid moves {answer:.1f} px right over {size.frames} frames "
      f"({answer / size.width:.0%} of the frame width)")
check("02.2", answer)

# %% [markdown]
# **02.3** Zero: that is what makes `circle moving up-right` a test of composition. Circles
# moving other ways and other shapes moving up-right are all in training.

# %%
train = split.split_prompts("train")
answer = sum(1 for p in train if p.shape == "circle" and p.motion == "moving up-right")
print(answer, "training prompts; circles in training:", sum(p.shape == "circle" for p in train),
      "; up-right movers in training:", sum(p.motion == "moving up-right" for p in train))
check("02.3", answer)
