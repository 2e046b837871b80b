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
# # 06 · Worked solutions: generating video
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/06_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/06_solutions.ipynb)
#
# Solutions to the exercises of `06_generating_video.ipynb`. Try them yourself first; each cell
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
CHECKPOINT = None  # None = the shipped model

# %%
import numpy as np

from helpers import generation, runtime
from helpers.exercises import check
from helpers.inference import load_model

model = load_model(CHECKPOINT)

# %% [markdown]
# **06.1** Sort by the number inside the name, not by the text. `pathlib.Path(name).stem` is
# `"frame_10"`; the part after the last underscore is the frame number.

# %%
blog_names = ["frame_3.png", "frame_10.png", "frame_0.png", "frame_7.png", "frame_11.png", "frame_1.png",
              "frame_5.png", "frame_2.png", "frame_9.png", "frame_4.png", "frame_8.png", "frame_6.png"]
print("as text:  ", sorted(blog_names))
answer = sorted(blog_names, key=lambda name: int(pathlib.Path(name).stem.split("_")[-1]))
print("by number:", answer)
check("06.1", answer)

# %% [markdown]
# **06.2** The difference of two angles is only defined up to whole turns; `(d + 180) % 360 - 180`
# brings it into $[-180°, 180°)$, and its absolute value is the angle between the two directions.

# %%
def direction_error(clip, motion):
    difference = generation.travel_direction(clip) - generation.STRAIGHT_DIRECTIONS[motion]
    return abs((difference + 180) % 360 - 180)


answer = direction_error
check("06.2", answer)

# %% [markdown]
# Applied to the model: how far off is the held-out `circle moving up-right`, compared with a
# square, which moved up-right in training? (Medians over several clips; a random direction
# would be off by 90° on average.)

# %%
n = runtime.pick(16, 8)
for text in ["circle moving up-right", "square moving up-right"]:
    errors = [direction_error(c, "moving up-right") for c in model.generate([text] * n, seed=0)]
    print(f"{text:24} median error {np.nanmedian(errors):5.1f} deg over {n} clips")

# %% [markdown]
# **06.3** `generate` draws the noise of clip `i` from `(seed, i)`, so the only way to get "clip of
# seed s" is a call with `seed=s` and the prompt in position 0 — one call per seed.

# %%
def seed_sweep(model, prompt, seeds):
    return np.stack([model.generate(prompt, seed=s)[0] for s in seeds])


answer = seed_sweep
sweep = seed_sweep(model, "red circle moving up-right", [0, 1, 2, 0])
print(sweep.shape, "clips 0 and 3 equal:", np.array_equal(sweep[0], sweep[3]))
check("06.3", answer)
