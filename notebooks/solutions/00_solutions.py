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
# Solutions to the exercises of `00_welcome_and_setup.ipynb`.

# %%
# Setup (same in every notebook): make `helpers` importable on Colab, Kaggle or a local clone.
import os, pathlib, subprocess, sys
REPO_URL = os.environ.get("T2V_REPO_URL", "https://github.com/t2v-gan-course/text-to-video-gan-from-scratch")
here = pathlib.Path.cwd()
root = next((p for p in (here, *here.parents) if (p / "helpers" / "__init__.py").is_file()), None)
if root is None:  # Colab/Kaggle: fetch the course once
    root = pathlib.Path.home() / "text-to-video-gan-from-scratch"
    if not root.exists():
        subprocess.run(["git", "clone", "--depth", "1", REPO_URL, str(root)], check=True)
sys.path.insert(0, str(root))
import helpers.setup
helpers.setup.check_environment()

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
