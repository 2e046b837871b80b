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
# Solutions to the exercises of `05_training_loop.ipynb`.

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
