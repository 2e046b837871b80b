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
# # 03 · Text embedding: from a prompt to a vector the model can use
#
# [Open in Colab](https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/03_text_embedding.ipynb) · [Open in Kaggle](https://kaggle.com/kernels/welcome?src=https://github.com/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/notebooks/03_text_embedding.ipynb)
#
# A neural network cannot read "red circle moving up-right"; it needs numbers. This notebook
# follows a prompt from words to token ids to a learned vector, and shows the two mistakes the
# blog tutorial made on the way: a vocabulary whose ids change every time Python starts, and an
# embedding table that never learns anything because it was left out of the optimiser.
#
# ## What you will learn
# - how a prompt becomes tokens and token ids, and why the ids must be stable across processes;
# - what an embedding table is (a lookup that equals a one-hot vector times a matrix);
# - how our encoder pools word vectors into one prompt vector, and why a bag of words is enough here;
# - how to check that an embedding really trains — and that the blog's never did;
# - what the trained model's word vectors look like.
#
# **Prerequisites:** notebooks 00–02; `nn.Module`, `nn.Linear` and an optimiser step in PyTorch.
#
# **Run time:** 35 s on a 2-core CPU (measured at full size, kernel start included; `docs/run_times.json`), < 1 min (estimate) on a T4 GPU.

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
import subprocess
import tempfile

import matplotlib.pyplot as plt
import torch

from helpers import figures, load_model, prompts, runtime
from helpers.blog_model import BlogModel, train_blog_model
from helpers.models import ModelConfig, build_models
from helpers.text_encoder import TextEncoder, encode_prompts
from helpers.train import train

CHECKPOINT = None  # None = the shipped, pretrained model
_ = torch.manual_seed(0)  # (assigned, so the cell does not print the returned generator)

# %% [markdown]
# ## 1. Tokens and ids
#
# Our prompts have a tiny, closed vocabulary, so the tokenizer is simple: split on spaces after
# normalising the prompt. Hyphenated words stay whole — `up-right` is one token, and so is
# `counter-clockwise` (split into two, it would look mostly like `clockwise`). Each token gets an
# id from the **sorted** vocabulary; id 0 is padding, so every prompt fills the same 4 slots.

# %%
vocabulary = prompts.Vocabulary()
print(f"{len(vocabulary)} tokens: {vocabulary.tokens}")
for text in ["red circle moving up-right", "Circle moving diagonally up-right", "triangle rotating counter-clockwise"]:
    print(f"{text!r:40} -> {vocabulary.tokenize(text)} -> {vocabulary.encode(text)}")

# %% [markdown]
# ### Why sorted? The blog's ids changed with every restart
#
# The blog built its vocabulary as `{word: i for i, word in enumerate(set(words))}`. A Python
# `set` of strings is ordered by the strings' hashes, and Python randomises string hashing per
# process. So the word that was id 3 while training can be id 11 when you load the model
# tomorrow: the saved generator then reads every prompt as a different one. Three fresh processes:

# %%
code = ("words = 'circle moving down left right diagonally up-right'.split(); "
        "print({w: i for i, w in enumerate(set(words))}['circle'])")
for hash_seed in ("1", "2", "3"):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONHASHSEED": hash_seed}).stdout.strip()
    print(f"process with hash seed {hash_seed}: the blog's id of 'circle' = {out}")
print(f"ours, in every process: {vocabulary.ids['circle']}")

# %% [markdown]
# The checkpoint also stores the vocabulary itself (`Vocabulary.to_dict()`), so a model always
# reads prompts with the table it was trained with.
#
# ## 2. An embedding table is a lookup
#
# `nn.Embedding(V, d)` holds a $V \times d$ matrix $E$; token id $i$ maps to row $E_i$. That is the
# same as multiplying a one-hot vector $e_i$ by $E$, only without building the one-hot vector:

# %%
table = torch.nn.Embedding(len(vocabulary), 8)
ids = torch.tensor(vocabulary.encode("red circle moving up-right"))
one_hot = torch.nn.functional.one_hot(ids, len(vocabulary)).float()
print("lookup equals one-hot @ E:", torch.allclose(table(ids), one_hot @ table.weight))
print("shapes:", tuple(ids.shape), "->", tuple(table(ids).shape))

# %% [markdown]
# ## 3. From word vectors to one prompt vector
#
# `helpers.text_encoder.TextEncoder` averages the vectors of a prompt's words (padding masked
# out) and passes the average through a small MLP:
#
# $$\text{text}(p) = \mathrm{MLP}\Big(\frac{1}{|p|}\sum_{w \in p} E_w\Big).$$
#
# Why not a recurrent network that reads the words in order? In this language word order carries
# no meaning: each word plays one role (colour, shape or motion), and no two prompts differ only by
# word order. With hyphenated words kept whole, the *set* of words already identifies the prompt.
# A prompt without a colour is simply the average of its three words, which is how the model
# learns that "circle shrinking" allows any colour (training drops the colour word from 20% of
# prompts). The MLP after the average lets words interact: `moving` + `up` must mean something
# different from `bouncing` + `vertically`.
#
# Why not a pretrained language model? The held-out test asks for new *combinations* of known
# words, which a learned table of 25 words handles (notebook 07 measures it); a pretrained
# sentence encoder only helps with words the model never learned, such as "a ball drifting to the
# upper right". Notebook 06 shows that as an optional extra: MiniLM translates free text into our
# prompt language, in front of an unchanged model.

# %%
encoder = TextEncoder(len(vocabulary), embed_dim=8, out_dim=16)
tokens = encode_prompts(vocabulary, ["red circle moving up-right", "circle moving up-right", "blue square shrinking"])
print("token ids:\n", tokens)
print("prompt vectors:", tuple(encoder(tokens).shape))
pooled = encoder.embedding(tokens[1, :3]).mean(0)
print("'circle moving up-right' pools to the mean of its 3 word vectors:",
      torch.allclose(pooled, (encoder.embedding(tokens[1]) * (tokens[1] != 0)[:, None]).sum(0) / 3))

# %% [markdown]
# ## 4. Does the embedding learn? The blog's did not
#
# An embedding only learns if (a) the loss's gradient reaches it and (b) an optimiser updates it.
# The blog passes its text embedding to the generator, so (a) holds — but it created the
# optimisers with `netG.parameters()` and `netD.parameters()` only, so (b) fails. Let us train the
# blog's model (re-implemented in `helpers.blog_model`, faithful to that mistake) for a few steps:

# %%
size = runtime.world_size()
blog_steps = runtime.pick(40, 4)
before = BlogModel(size, seed=0).embedding.embedding.weight.detach().clone()
blog, blog_history = train_blog_model(steps=blog_steps, size=size, seed=0)
after = blog.embedding.embedding.weight.detach()
print(f"after {blog_steps} steps the blog's generator changed by "
      f"{(BlogModel(size, seed=0).generator.fc1.weight - blog.generator.fc1.weight).abs().max():.4f} (max |Δw|)")
print(f"...and its text embedding changed by {(after - before).abs().max():.4f}")

# %% [markdown]
# Exactly zero. The vectors for "circle" and "square" stay whatever random numbers they started
# as; the generator has to cope with a fixed, arbitrary code, and the discriminator never sees the
# text at all (notebook 04), so nothing in the game rewards following it.
#
# Our training loop gives each network its own text encoder and puts it in that network's
# optimiser. First, one backward pass shows the gradient reaching the word vectors — only the
# rows of the words that were used:

# %%
config = ModelConfig(frames=size.frames, height=size.height, width=size.width, g_ch=8, d_ch=8)
generator, discriminator = build_models(config, len(vocabulary))
batch = encode_prompts(vocabulary, ["red circle moving up-right", "blue square shrinking"])
clips = generator(batch, generator.sample_z(2))
video_scores = discriminator(clips, batch)[0]
(-video_scores.mean()).backward()  # the generator's hinge loss
grad = generator.text.embedding.weight.grad.norm(dim=1).numpy()
plt.figure(figsize=(7.5, 2.2))
plt.bar(vocabulary.tokens, grad, color=["tab:orange" if g > 0 else "lightgrey" for g in grad])
plt.xticks(rotation=90, fontsize=7)
plt.ylabel("gradient size")
plt.title("gradient reaching each word vector: only the 7 words of the 2 prompts get one", fontsize=9)
plt.show()

# %% [markdown]
# Now a short real training run (smoke-sized, seconds on a CPU): we save the first step, then
# resume the same run, and compare the generator's word vectors.

# %%
run_dir = pathlib.Path(tempfile.mkdtemp(prefix="t2v_nb03_"))
first = train("smoke", out_dir=run_dir, steps=1, progress=False)
start_vectors = load_model(first.checkpoint, device="cpu").generator.text.embedding.weight.detach().clone()
later = train("smoke", out_dir=run_dir, resume=True, steps=runtime.pick(40, 6), progress=False)
end_vectors = load_model(later.checkpoint, device="cpu").generator.text.embedding.weight.detach()
change = (end_vectors - start_vectors).norm(dim=1)
print(f"after {later.step} steps our word vectors moved by {change[1:].mean():.4f} on average "
      f"(padding row: {change[0]:.4f})")

# %% [markdown]
# ## 5. What the trained model's words look like
#
# The shipped model's generator learned one vector per word. To compare two vectors regardless
# of their length we use their **cosine similarity**, $\cos(u, v) = \frac{u \cdot v}{\lVert u \rVert\,\lVert v \rVert}$:
# +1 when they point the same way, 0 when they are orthogonal (share no direction), −1 when
# opposite. The heat map shows it for every pair of words, grouped by role.

# %%
model = load_model(CHECKPOINT, device="cpu")
print(model)
vectors = model.generator.text.embedding.weight.detach()
figures.plot_word_similarity(model)
plt.show()
words, roles, similarity = figures.word_similarity(model)
print({name: round(value, 3) for name, value in figures.role_cosines(roles, similarity).items()})
print(f"up/down {similarity[words.index('up'), words.index('down')]:+.3f}, "
      f"left/right {similarity[words.index('left'), words.index('right')]:+.3f}")

# %% [markdown]
# Read the figure before any story about it: apart from the diagonal it is almost uniformly pale.
# Words of the same role are hardly more alike than words of different roles (mean cosine about
# +0.02 against +0.01), opposite directions are not opposite (up/down about +0.02), and the
# typical pair is within ±0.1 of orthogonal — what 64-dimensional random vectors would give. The
# word vectors did not organise themselves by meaning; they only need to be *different*, and the
# MLP after the average (section 3) turns them into what the generator uses.
#
# So look at that output, the *prompt* vectors. They have 64 numbers each; to see them we use
# **PCA** (principal component analysis): it finds the directions along which a cloud of points
# varies most (the *principal components*, from a singular value decomposition of the centred
# points) and plots each point's coordinates along the first two — the flat picture that keeps
# as much of the spread as possible. One point per prompt (with and without a colour word):

# %%
figures.plot_prompt_pca(model)
plt.show()
pca_prompts, xy, explained = figures.prompt_pca(model)
for attribute in ("motion", "colour", "shape"):
    shares = figures.share_explained_by(pca_prompts, xy, attribute)
    print(f"{attribute:>6} explains {shares[0]:.0%} of component 1 and {shares[1]:.0%} of component 2")

# %% [markdown]
# The two components hold more than half of the spread, and they are almost entirely about
# **motion**: the points form one tight cluster per motion (right panel), and inside each cluster
# colour and shape barely move a point (left panel, where the colours are mixed in every
# cluster). The straight motions (and shrinking/expanding) crowd together on the left, while
# the bounces, zigzags and rotations each sit apart. Colour and shape are in the vectors too — the model draws
# them correctly — but along directions with less spread than the 16 motions.
#
# ## Recap
#
# - A prompt becomes tokens (hyphenated words stay whole), then ids from a sorted vocabulary that
#   is saved with the model — the blog's `set()` ids changed with Python's hash seed.
# - An embedding table is a lookup, equivalent to a one-hot vector times a matrix.
# - Our encoder averages word vectors and applies an MLP; in this language the set of words
#   identifies the prompt, and a missing colour word simply leaves it out of the average.
# - An embedding learns only if its parameters are in an optimiser: the blog's never moved; ours
#   gets gradients from the GAN loss and is trained with each network.

# %% [markdown]
# ## Exercises
#
# **03.1** Encode the prompt `"Green square bouncing horizontally"` into its 4 token ids with
# the course's vocabulary (`vocabulary` above).

# %%
from helpers.exercises import check

# %%
# your code here: the list of 4 token ids, stored in `answer`
answer = None

# %%
check("03.1", answer)

# %% [markdown]
# **03.2** How many numbers does the generator's word-embedding table of the shipped model hold
# (vocabulary size × vector size)? Read it off `model.generator.text.embedding`.

# %%
# your code here: an integer, stored in `answer`
answer = None

# %%
check("03.2", answer)

# %% [markdown]
# **03.3** Using the shipped model's word vectors (`vectors`), compute the cosine similarity
# between the vectors of `clockwise` and `counter-clockwise` as a Python float.

# %%
# your code here: a float between -1 and 1, stored in `answer`
answer = None

# %%
check("03.3", answer)

# %% [markdown]
# **03.4 — Freeze the embedding as the blog did: predict, then train.** The blog never trained
# its word vectors: they stayed at their random start. `TrainConfig(freeze_embedding=True)` does
# the same to our generator's table (`text.embedding`); the MLP above it and the rest of the
# model still learn, and the critic keeps its own trainable text encoder.
#
# **Before running anything, write down your prediction:** after 300 steps of the `cpu` recipe
# (at 32×32), will the share of clips painted in the prompt's colour be `"lower"`, `"same"` or
# `"higher"` with the frozen table? Then train both runs — `experiments.train_variant(STEPS)` and
# `experiments.train_variant(STEPS, freeze_embedding=True)`, about two minutes each on a CPU —
# and store `{"prediction": ..., "baseline": first_run, "changed": second_run}`. The check
# measures both with the course's pixel colour check (`experiments.colour_following`) and tells
# you whether your prediction held. What does the result say about what really broke the blog?

# %%
from helpers import experiments  # noqa: F401 (for your exercise cell)

STEPS = runtime.pick(300, 20)  # smoke mode: just run the code path

# %%
# Exercise 03.4: a dict with your "prediction" and the two runs ("baseline", "changed"), stored in `answer`.
answer = None

# %%
check("03.4", answer)
