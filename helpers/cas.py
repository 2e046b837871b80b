"""Classification accuracy score (Ravuri & Vinyals 2019): train on generated, test on real.

If a generator's clips for "square" are all the same Z, a classifier trained only on them learns
"Z means square" and fails on real squares. CAS turns that into a number:

1. train a fresh, small video classifier (the architecture of :mod:`helpers.classifier`, with
   narrower layers, no reject head, reading clips at 32x32) for a fixed number of steps on **generated** clips,
   labelled with the prompts they were generated for;
2. train the same classifier, from the same initial weights, for the same steps, on **real**
   clips of the same prompts (the reference);
3. test both on fresh real clips of the same prompts.

The generated-trained accuracy next to the real-trained one (and their ratio) says how much of
what a real clip of a prompt looks like the generator has captured, diversity included: a
generator that draws one clip per prompt teaches less than real data does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from .prompts import Prompt, parse_prompt

PROBE_CHANNELS = [8, 16, 24]
PROBE_FEATURES = 32
PROBE_SIZE = 32  # the probe reads every clip at 32x32 (larger clips are resized): cheap, and sizes compare
DEFAULT_STEPS = 400
DEFAULT_BATCH = 32


def _labels(prompts: Sequence[str | Prompt]) -> dict[str, torch.Tensor]:
    parsed = [parse_prompt(p) for p in prompts]
    if any(p.colour is None for p in parsed):
        raise ValueError("CAS needs prompts that name a colour (the colour is a label)")
    return {"shape": torch.tensor([p.shape_id for p in parsed]),
            "colour": torch.tensor([p.colour_id for p in parsed]),
            "motion": torch.tensor([p.motion_id for p in parsed])}


def train_probe(clips: np.ndarray, prompts: Sequence[str | Prompt], steps: int = DEFAULT_STEPS,
                batch: int = DEFAULT_BATCH, seed: int = 0, lr: float = 3e-3):
    """A small classifier trained for ``steps`` minibatches drawn (seeded) from ``clips``."""
    from .classifier import ATTRIBUTES, VideoClassifier, as_model_input

    if len(clips) != len(prompts) or len(clips) == 0:
        raise ValueError(f"{len(clips)} clips but {len(prompts)} prompts")
    labels = _labels(prompts)
    frames = clips.shape[1]
    torch.manual_seed(seed)
    model = VideoClassifier({"channels": PROBE_CHANNELS, "feature_dim": PROBE_FEATURES, "frames": frames,
                             "height": PROBE_SIZE, "width": PROBE_SIZE, "reject": False})
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=lr, total_steps=steps, pct_start=0.1)
    generator = torch.Generator().manual_seed(seed)
    x_all = torch.from_numpy(np.ascontiguousarray(clips))
    model.train()
    for _ in range(steps):
        pick = torch.randint(len(clips), (batch,), generator=generator)
        logits = model(as_model_input(x_all[pick]))
        loss = sum(F.cross_entropy(logits[k], labels[k][pick]) for k in ATTRIBUTES)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        schedule.step()
    return model.eval()


def classification_accuracy_score(generated: np.ndarray, generated_prompts: Sequence[str | Prompt],
                                  real: np.ndarray, real_prompts: Sequence[str | Prompt], test: np.ndarray,
                                  test_prompts: Sequence[str | Prompt], steps: int = DEFAULT_STEPS,
                                  batch: int = DEFAULT_BATCH, seed: int = 0) -> dict:
    """Accuracy on ``test`` (real clips) of a probe trained on ``generated`` vs one trained on ``real``.

    Returns ``{"generated": {shape, colour, motion, all_correct}, "real": {...}, "ratio"
    (generated all-correct / real all-correct), "steps", "batch", "n_train", "n_test"}``.
    """
    from .classifier import attribute_accuracy

    out = {"steps": int(steps), "batch": int(batch), "n_train": int(len(generated)), "n_test": int(len(test))}
    for name, clips, prompts in (("generated", generated, generated_prompts), ("real", real, real_prompts)):
        probe = train_probe(clips, prompts, steps=steps, batch=batch, seed=seed)
        out[name] = attribute_accuracy(test, test_prompts, probe)
    real_all = out["real"]["all_correct"]
    out["ratio"] = out["generated"]["all_correct"] / real_all if real_all > 0 else float("nan")
    return out


__all__ = ["classification_accuracy_score", "train_probe"]
