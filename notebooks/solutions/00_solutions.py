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
# # 00 · Worked solutions: welcome and setup
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/00_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/00_solutions.ipynb)
#
# Solutions to the exercises of `00_welcome_and_setup.ipynb`.

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
from helpers import runtime, split
from helpers.exercises import check

# %% [markdown]
# **00.1** `pick_device()` prefers CUDA, then Apple's MPS where it works, then the CPU.

# %%
answer = runtime.pick_device()
print(answer)
check("00.1", answer)

# %% [markdown]
# **00.2** Four colours of `circle moving up-right` plus twelve further combinations.

# %%
answer = len(split.split_prompts("heldout"))
print(answer)
check("00.2", answer)
