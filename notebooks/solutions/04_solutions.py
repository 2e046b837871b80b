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
# # 04 · Worked solutions: generator and discriminator
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/04_solutions.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/solutions/04_solutions.ipynb)
#
# Solutions to the exercises of `04_generator_and_discriminator.ipynb`.

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

from helpers import load_model, prompts, runtime
from helpers.blog_model import BlogModel
from helpers.exercises import check
from helpers.models import ModelConfig, build_models, count_parameters
from helpers.text_encoder import encode_prompts

size = runtime.world_size()
vocabulary = prompts.Vocabulary()

# %% [markdown]
# **04.1** Batch first, then the 3 colour channels, then time, height and width.

# %%
generator, _ = build_models(ModelConfig(frames=size.frames, height=size.height, width=size.width, g_ch=8, d_ch=8),
                            len(vocabulary))
tokens = encode_prompts(vocabulary, ["red circle moving up", "blue square shrinking", "triangle expanding"])
with torch.no_grad():
    answer = tuple(generator(tokens, generator.sample_z(3)).shape)
print(answer)
check("04.1", answer)

# %% [markdown]
# **04.2**

# %%
answer = count_parameters(load_model(device="cpu").generator)
print(f"{answer:,}")
check("04.2", answer)

# %% [markdown]
# **04.3** `BlogGenerator` returns `(N, 3, H, W)`: one frame per noise vector, no time axis.

# %%
blog = BlogModel(size)
frame = blog.generator(torch.randn(1, 100), blog.embedding.encode(["red circle moving up"]))
print(tuple(frame.shape))
answer = 1
check("04.3", answer)

# %% [markdown]
# **04.4** Prediction: **lower**. The heads give the generator a direct, per-attribute signal —
# "the critic's colour head reads blue, the prompt says red" — from the first steps, because a
# colour is the easiest thing for a classifier of real clips to learn. Without them the only
# route is the projection term, which must first learn *which* colours go with which words from
# real and generated pairs. Measured on a 2-core CPU (300 steps of the `cpu` recipe at 32×32, seed
# 0; `python scripts/exercise_outcomes.py`): 61 % of clips in the prompt's colour with the heads,
# 22 % without. The price of the heads comes later (notebook 05):
# AC-GAN's generator is pulled towards the clips its critic classifies most surely, so the clips
# of one prompt vary less than real ones.

# %%
from helpers import experiments, runtime

STEPS = runtime.pick(300, 20)
with_heads = experiments.train_variant(STEPS)
without_heads = experiments.train_variant(STEPS, aux_weight=0.0, aux_weight_g=0.0)
print(f"{STEPS} steps each: {with_heads.seconds:.0f} s and {without_heads.seconds:.0f} s")
answer = {"prediction": "lower", "baseline": with_heads, "changed": without_heads}
check("04.4", answer)
