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
# **Run time:** under a minute on a CPU laptop (15 s measured on 2 cores), under a minute on a T4 GPU.

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
import subprocess
import tempfile

import matplotlib.pyplot as plt
import numpy as np
import torch

from helpers import load_model, prompts, runtime
from helpers.blog_model import BlogModel, train_blog_model
from helpers.models import ModelConfig, build_models
from helpers.text_encoder import TextEncoder, encode_prompts
from helpers.train import train

CHECKPOINT = None  # None = the shipped, pretrained model
torch.manual_seed(0)

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
grad = generator.text.embedding.weight.grad.norm(dim=1)
used = {vocabulary.tokens[i]: round(float(g), 5) for i, g in enumerate(grad) if g > 0}
print("words with a gradient:", used)

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
# The shipped model's generator learned one vector per word. Cosine similarities between them
# show what it learned to treat alike: words of the same role tend to be more alike than words
# of different roles, and opposite directions are told apart.

# %%
model = load_model(CHECKPOINT, device="cpu")
print(model)
vectors = model.generator.text.embedding.weight.detach()
groups = [list(prompts.COLOURS), list(prompts.SHAPES),
          ["up", "down", "left", "right", "up-left", "up-right", "down-left", "down-right"],
          ["moving", "bouncing", "zigzagging", "shrinking", "expanding", "rotating",
           "vertically", "horizontally", "clockwise", "counter-clockwise"]]
words = [w for group in groups for w in group]
chosen = torch.nn.functional.normalize(vectors[[model.vocab.ids[w] for w in words]], dim=1)
similarity = (chosen @ chosen.T).numpy()
figure, axis = plt.subplots(figsize=(7.5, 6.5))
image = axis.imshow(similarity, cmap="RdBu_r", vmin=-1, vmax=1)
axis.set_xticks(range(len(words)), words, rotation=90, fontsize=8)
axis.set_yticks(range(len(words)), words, fontsize=8)
edges = np.cumsum([len(g) for g in groups])[:-1] - 0.5
for edge in edges:
    axis.axhline(edge, color="k", lw=0.8)
    axis.axvline(edge, color="k", lw=0.8)
figure.colorbar(image, label="cosine similarity")
axis.set_title(f"word vectors of the trained generator (step {model.step})")
plt.show()

# %% [markdown]
# A 2-D projection (PCA) of the *prompt* vectors — what the generator actually receives — with
# one point per prompt, coloured by its colour word and shaped by its shape:

# %%
all_prompts = prompts.all_prompts() + prompts.all_prompts(with_colour=False)
with torch.no_grad():
    prompt_vectors = model.generator.text(encode_prompts(model.vocab, all_prompts, device=model.device)).cpu()
centred = prompt_vectors - prompt_vectors.mean(0)
_, _, principal = torch.linalg.svd(centred, full_matrices=False)
xy = (centred @ principal[:2].T).numpy()
markers = {"circle": "o", "square": "s", "triangle": "^"}
palette = {"red": "tab:red", "green": "tab:green", "blue": "tab:blue", "yellow": "gold", None: "grey"}
figure, axis = plt.subplots(figsize=(6, 5))
for (x, y), p in zip(xy, all_prompts):
    axis.scatter(x, y, marker=markers[p.shape], color=palette[p.colour], s=25, alpha=0.7)
axis.set_title("prompt vectors, first two principal components\n(grey: prompts without a colour)")
plt.show()

# %% [markdown]
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
