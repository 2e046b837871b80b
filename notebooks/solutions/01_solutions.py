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
# # 01 · Worked solutions
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/01_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/01_solutions.ipynb)
#
# Solutions to the exercises of `01_gan_theory.ipynb`, each followed by the same self-check.
# Try the exercises first: the point is the reasoning, not the number.

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
import math

import numpy as np
import torch

from helpers import toy_gan
from helpers.exercises import check

# %% [markdown]
# ## 01.1 — The flat Jensen–Shannon divergence
#
# Where $p$ lives, $q \approx 0$, so the mixture is $m = p/2$ and $\mathrm{KL}(p \| m) = \int p \log 2 = \log 2$;
# the same holds for $q$. Hence $\mathrm{JSD} = \tfrac12 \log 2 + \tfrac12 \log 2 = \log 2 \approx 0.693$,
# whatever the distance between the two. A generator whose samples miss the data entirely sees
# the same value for every small move it could make: the ideal game's objective gives it no
# direction. (This is one motivation for losses that keep a slope, and for smooth, Lipschitz
# discriminators such as spectrally normalised ones.)

# %%
x = np.linspace(-20, 20, 40001)
dx = x[1] - x[0]
for distance in (6, 12, 30):
    p = toy_gan.mixture_pdf_1d(x, [-distance / 2], 0.3)
    q = toy_gan.mixture_pdf_1d(x, [distance / 2], 0.3)
    print(f"means {distance} apart: JSD = {toy_gan.jensen_shannon(p, q, dx):.4f}   (log 2 = {math.log(2):.4f})")

p = toy_gan.mixture_pdf_1d(x, [-3.0], 0.3)
q = toy_gan.mixture_pdf_1d(x, [3.0], 0.3)
answer = toy_gan.jensen_shannon(p, q, dx)
check("01.1", answer)

# %% [markdown]
# ## 01.2 — How much louder is the non-saturating loss?
#
# With $D = \sigma(a)$: $\partial_a \log(1 - D) = -D$ and $\partial_a(-\log D) = -(1 - D)$. At $D = 0.02$ the
# magnitudes are $0.02$ and $0.98$, a ratio of $0.98 / 0.02 = 49$: the non-saturating loss pushes the
# generator 49 times harder on a fake that the discriminator confidently rejects.

# %%
grads = toy_gan.generator_loss_gradients([0.02])
answer = float(abs(grads["non_saturating"][0]) / abs(grads["saturating"][0]))
print(f"ratio = {answer:.2f}, formula (1 - 0.02) / 0.02 = {(1 - 0.02) / 0.02:.2f}")
check("01.2", answer)

# %% [markdown]
# ## 01.3 — Write the projection head
#
# `psi(features)` has shape $N \times 1$; squeeze it to $N$. `embed(y)` has shape $N \times H$, like the
# features, so the inner product per sample is an element-wise product summed over the feature axis.


# %%
def projection_score(features: torch.Tensor, psi, embed, y: torch.Tensor) -> torch.Tensor:
    unconditional = psi(features).squeeze(1)       # "does x look real at all?"
    matching = (embed(y) * features).sum(dim=1)    # "does x look like this y?"
    return unconditional + matching


answer = projection_score
check("01.3", answer)
