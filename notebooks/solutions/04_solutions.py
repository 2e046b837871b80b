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
# Solutions to the exercises of `04_generator_and_discriminator.ipynb`.

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
