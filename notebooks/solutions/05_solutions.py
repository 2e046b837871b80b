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
# # 05 · Worked solutions: the training loop
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/05_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/05_solutions.ipynb)
#
# Solutions to the exercises of `05_training_loop.ipynb`.

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
from helpers import load_model
from helpers.exercises import check

# %% [markdown]
# **05.1** Every step renders a fresh batch, so the number of clips seen is steps × batch size.

# %%
model = load_model(device="cpu")
answer = model.step * model.train_config["batch_size"]
print(f"{model.step} steps x {model.train_config['batch_size']} clips = {answer:,} clips")
check("05.1", answer)

# %% [markdown]
# **05.2** Real/right: $\max(0, 1-1.5) = 0$ and $\max(0, 1-0.2) = 0.8$, mean 0.4. Generated:
# $\max(0, 1-0.5) = 0.5$ and $\max(0, 1-2) = 0$, mean 0.25. Wrong prompt: 1.0 and 0, mean 0.5,
# weighted ½: 0.25. Total 0.9. Scores already beyond the margin (1.5 for a real clip, −2 for a
# fake) contribute nothing: the hinge loss stops pushing once the critic is confident enough.

# %%
real, fake, wrong = [1.5, 0.2], [-0.5, -2.0], [0.0, -1.5]
answer = (sum(max(0, 1 - s) for s in real) / 2 + sum(max(0, 1 + s) for s in fake) / 2
          + 0.5 * sum(max(0, 1 + s) for s in wrong) / 2)
print(answer)
check("05.2", answer)

# %% [markdown]
# **05.3** Each update closes 10% of the remaining gap, so after $n$ updates the gap is
# $0.9^n$: the EMA lags the trained weights by roughly $1/(1-\beta) = 10$ steps.

# %%
ema = 0.0
for _ in range(10):
    ema = 0.9 * ema + 0.1 * 1.0
answer = ema
print(round(answer, 6))
check("05.3", answer)

# %% [markdown]
# **05.4** Prediction: **lower**. Without wrong-prompt pairs, nothing in the critic's loss asks it
# to score a real clip lower for the wrong text; its only prompt-dependent signal comes from
# generated clips, which early on look wrong *whatever* the prompt. Measured on a 2-core CPU
# (300 steps of the `cpu` recipe at 32×32, seed 0; `python scripts/exercise_outcomes.py`): a gap of
# +1.76 with the mismatched prompts, +0.96 without — about half.
# It is not zero, because the projection term still sees (generated clip, prompt) pairs, and the
# auxiliary heads shape the critic's features by attribute; but the generator now gets a much
# weaker reason to follow the prompt. This is the matching-aware discriminator of Reed et al.
# (2016), measured.

# %%
from helpers import experiments, runtime

STEPS = runtime.pick(300, 20)
with_mismatch = experiments.train_variant(STEPS)
without_mismatch = experiments.train_variant(STEPS, mismatch_weight=0.0)
print(f"{STEPS} steps each: {with_mismatch.seconds:.0f} s and {without_mismatch.seconds:.0f} s")
answer = {"prediction": "lower", "baseline": with_mismatch, "changed": without_mismatch}
check("05.4", answer)
