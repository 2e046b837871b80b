"""The project's own evaluation (INTERFACE.md §6): does a generator draw what the prompt says?

Four prompt sets, several seeds per prompt:

* **seen**: the training split (164 prompts);
* **val**: the 12 validation combinations (never in the training split; development decisions use
  them);
* **heldout**: the 16 test combinations (INTERFACE.md §3), scored once per shipped model, and
  inside it the headline ``circle moving up-right`` (4 colours), reported on its own as well;
* **colourless**: the 48 shape x motion prompts without a colour word (any colour is right, but
  the clip must show one clear colour).

For every generated clip, and for a set of **real** clips rendered for exactly the same prompt
list (the reference column):

* **all checks**, the headline: the classifier's reading and the analytic checks both right;
* the **classifier** (:mod:`helpers.classifier`): shape, colour, motion, *all three*, and its
  reject head's verdict (*clean drawing*); for a colour-less prompt the colour counts as right
  when the analytic check finds one clear, steady colour;
* the **analytic checks** (:mod:`helpers.analytic`): one object, inside the frame, steady clear
  colour, steady size, an outline that fits the prompted shape (:mod:`helpers.outline`), a track
  consistent with the motion; and where the two instruments disagree;
* **diversity** (:mod:`helpers.diversity`): per prompt, how much the noise changes the clip
  against real clips of the same prompt, and the number of collapsed prompts;
* the **classification accuracy score** on the seen set (:mod:`helpers.cas`);
* **Fréchet distance** in the classifier's 64-d feature space (:mod:`helpers.frechet`) to the real
  set, with the **real-vs-real floor** of the same prompt list and the same N beside it;
* per-motion rates and the 16 x 16 motion confusion counts.

:func:`evaluate_real` measures the classifier on fresh real clips of all 192 combinations
(>= 99 % required) and with shuffled frames; :func:`evaluate_instruments` measures every
instrument on real clips and on the test family of broken drawings (:mod:`helpers.broken`).
:func:`evaluate_clips` scores any clips (``evaluate --clips FILE.npz``).

Command (wired into ``python -m helpers``; also ``python -m helpers.evaluation``)::

    python -m helpers evaluate [--checkpoint PATH] [--json FILE] [--baseline PATH|none] [--seeds N]
                               [--sets seen,val,heldout,colourless] [--cas-steps N] [--no-instruments]
    python -m helpers evaluate --clips FILE.npz [--json FILE]

All results are plain dicts (numbers, strings, lists), ready for ``json.dump``; :func:`format_table`
prints them as one compact table with the columns *ours*, *blog baseline* and *real data*.
With ``T2V_SMOKE=1`` the prompt sets shrink, two seeds per prompt and 5 CAS steps are used: same
code path, seconds instead of minutes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

from .analytic import CHECKS, analyse_clips, check_clip, classify_motion, classify_shape
from .cas import classification_accuracy_score
from .diversity import compare_diversity, per_prompt_diversity
from .frechet import frechet_distance
from .prompts import COLOURS, MOTIONS, SHAPES, Prompt, all_prompts, parse_prompt
from .runtime import is_smoke
from .split import HEADLINE_PROMPT, split_prompts
from .world import render_prompts

SETS: tuple[str, ...] = ("seen", "val", "heldout", "headline", "colourless")
SET_TITLES: dict[str, str] = {
    "seen": "seen prompts (training split)",
    "val": "validation prompts (outside this code's training split; for development)",
    "heldout": "test prompts (held out, never trained on; scored once per shipped model)",
    "headline": f'headline "{HEADLINE_PROMPT}" (held out, 4 colours)',
    "colourless": "colour-less prompts (any one clear colour)",
}
# Seeds per prompt of each generated set: every set gets roughly 500-700 clips, so their
# Fréchet floors are comparable. The headline is part of the held-out set (4 x 32 = 128 clips).
DEFAULT_SEEDS: dict[str, int] = {"seen": 4, "val": 32, "heldout": 32, "colourless": 12}
# Two seeds per prompt even in smoke mode: diversity compares clips of one prompt.
SMOKE_SEEDS: dict[str, int] = {"seen": 2, "val": 2, "heldout": 2, "colourless": 2}
DEFAULT_CAS_STEPS = 400  # steps of each CAS probe (train on generated vs on real), 0 = no CAS
SMOKE_CAS_STEPS = 5
MIN_FRAMES = 4  # evaluate --clips: fewer frames cannot show a motion (and are too short for the classifier)
REAL_SEED = 70_000  # first seed of the real reference sets (never used to train anything)
ACCURACY_KEYS: tuple[str, ...] = ("shape", "colour", "motion", "all_correct")
CHANCE: dict[str, float] = {"shape": 1 / len(SHAPES), "colour": 1 / len(COLOURS), "motion": 1 / len(MOTIONS),
                            "all_correct": 1 / (len(SHAPES) * len(COLOURS) * len(MOTIONS))}


# --------------------------------------------------------------------------------------------
# Prompt sets


def prompt_sets(smoke: bool | None = None, names: Sequence[str] | None = None) -> dict[str, list[Prompt]]:
    """The generated prompt sets: ``seen``, ``val``, ``heldout`` (the test split; the headline is
    a subset of it) and ``colourless``, or only those in ``names``. In smoke mode ``seen`` and
    ``colourless`` are thinned to about 16 prompts each, spread over shapes, colours and motions."""
    smoke = is_smoke() if smoke is None else smoke
    seen, colourless = split_prompts("train"), all_prompts(with_colour=False)
    if smoke:
        seen, colourless = seen[::11], colourless[::3]
    sets = {"seen": seen, "val": split_prompts("val"), "heldout": split_prompts("heldout"), "colourless": colourless}
    if names is None:
        return sets
    unknown = [n for n in names if n not in sets]
    if unknown:
        raise ValueError(f"unknown prompt set {unknown[0]!r}; sets: {', '.join(sets)}")
    return {n: sets[n] for n in names}


def default_seeds(smoke: bool | None = None) -> dict[str, int]:
    """Seeds per prompt of each set (two per prompt in smoke mode: diversity compares seeds)."""
    smoke = is_smoke() if smoke is None else smoke
    return dict(SMOKE_SEEDS if smoke else DEFAULT_SEEDS)


def is_headline(prompt: Prompt) -> bool:
    return prompt.shape == "circle" and prompt.motion == "moving up-right"


def _seeds_for(seeds_per_prompt: int | dict[str, int] | None, name: str) -> int:
    if seeds_per_prompt is None:
        seeds_per_prompt = default_seeds()
    if isinstance(seeds_per_prompt, dict):
        value = seeds_per_prompt.get(name, default_seeds().get(name, 1))
    else:
        value = seeds_per_prompt
    if int(value) < 1:
        raise ValueError(f"seeds per prompt must be at least 1, got {value} for set {name!r}")
    return int(value)


# --------------------------------------------------------------------------------------------
# Generating and scoring


def generate_set(model, prompts: Sequence[str | Prompt], seeds_per_prompt: int, batch: int = 64,
                 seed: int = 0) -> tuple[np.ndarray, list[Prompt]]:
    """Every prompt ``seeds_per_prompt`` times: uint8 clips ``(N, T, H, W, 3)`` and their prompts.

    The list is seed-major (all prompts once, then again, ...) and generated in chunks of
    ``batch`` clips; chunk ``k`` is drawn with ``seed + k``, so every clip has its own noise and
    the whole set is the same on every run.
    """
    parsed = [parse_prompt(p) for p in prompts]
    items = [p for _ in range(seeds_per_prompt) for p in parsed]
    if not items:
        raise ValueError("no prompts to evaluate")
    chunks = []
    for k, start in enumerate(range(0, len(items), batch)):
        clips = np.asarray(model.generate(items[start:start + batch], seed=seed + k))
        if clips.dtype != np.uint8 or clips.ndim != 5 or clips.shape[-1] != 3:
            raise ValueError(f"generate() must return uint8 (N, T, H, W, 3) clips, got {clips.dtype} {clips.shape}")
        chunks.append(clips)
    return np.concatenate(chunks), items


@torch.inference_mode()
def score_clips(clips, prompts: Sequence[str | Prompt], classifier=None) -> dict:
    """Per-clip verdicts: the classifier's reading, the analytic checks and the features.

    Returns arrays of length N: ``shape_ok``, ``colour_ok``, ``motion_ok``, ``all_ok`` (the
    classifier reads all three attributes right), ``clean`` (its reject head calls the drawing
    clean; always True for a classifier without one), ``classifier_ok`` (``all_ok`` and
    ``clean``), ``analytic_ok`` (every analytic check passes), ``all_checks`` (both: the
    headline of INTERFACE.md §6) (bool); ``pred_shape``, ``pred_colour``, ``pred_motion`` (ids);
    ``motion_confidence`` (the classifier's probability of the prompted motion); ``clean_prob``;
    ``outline_error`` (the worst frame's outline error of the prompted shape); ``checks`` (one dict
    of analytic checks per clip); ``analytic_motion`` / ``analytic_shape`` (what the analytic rules
    recognise, or None); ``analyses`` (:class:`helpers.analytic.ClipAnalysis` per clip);
    ``features`` ``(N, 64)``; and ``prompts``. For a prompt without a colour, ``colour_ok`` is
    the analytic check: one clear colour, the same in every frame.
    """
    from .classifier import default_classifier

    classifier = classifier or default_classifier()
    clips = np.asarray(clips)
    parsed = [parse_prompt(p) for p in prompts]
    if len(parsed) != len(clips):
        raise ValueError(f"{len(clips)} clips but {len(parsed)} prompts")
    feats = classifier.features(clips)  # one forward pass gives both the features and the readings
    f = torch.from_numpy(feats).float().to(classifier.device)
    probs = {k: classifier.heads[k](f).softmax(dim=1).cpu().numpy() for k in ("shape", "colour", "motion")}
    pred = {k: v.argmax(axis=1) for k, v in probs.items()}
    if "clean" in classifier.heads:
        clean_prob = classifier.heads["clean"](f).softmax(dim=1)[:, 0].cpu().numpy()
    else:
        clean_prob = np.ones(len(parsed))
    analyses = analyse_clips(clips)
    checks = [check_clip(a, p) for a, p in zip(analyses, parsed)]
    shape_ok = pred["shape"] == np.array([p.shape_id for p in parsed])
    motion_ok = pred["motion"] == np.array([p.motion_id for p in parsed])
    has_colour = np.array([p.colour is not None for p in parsed])
    wanted = np.array([p.colour_id if p.colour is not None else -1 for p in parsed])
    clear_colour = np.array([bool(c["colour"]) for c in checks])
    colour_ok = np.where(has_colour, pred["colour"] == wanted, clear_colour)
    motion_ids = np.array([p.motion_id for p in parsed])
    all_ok = shape_ok & colour_ok & motion_ok
    clean = clean_prob >= 0.5
    analytic_ok = np.array([bool(c["all"]) for c in checks])
    outline_error = np.array([float(a.outline_error[:, p.shape_id].max()) if a.outline_error is not None
                              else float("nan") for a, p in zip(analyses, parsed)])
    return {
        "prompts": parsed,
        "shape_ok": shape_ok, "colour_ok": colour_ok, "motion_ok": motion_ok, "all_ok": all_ok,
        "clean": clean, "clean_prob": clean_prob, "classifier_ok": all_ok & clean, "analytic_ok": analytic_ok,
        "all_checks": all_ok & clean & analytic_ok,
        "pred_shape": pred["shape"], "pred_colour": pred["colour"], "pred_motion": pred["motion"],
        "motion_confidence": probs["motion"][np.arange(len(parsed)), motion_ids],
        "outline_error": outline_error,
        "checks": checks,
        "analytic_motion": [classify_motion(a) for a in analyses],
        "analytic_shape": [classify_shape(a) for a in analyses],
        "analyses": analyses,
        "features": feats,
    }


def _subset(scores: dict, index: np.ndarray) -> dict:
    out = {}
    for key, value in scores.items():
        out[key] = value[index] if isinstance(value, np.ndarray) else [value[i] for i in index]
    return out


def summarise(scores: dict) -> dict:
    """Accuracy, analytic pass rates, per-motion accuracy and motion confusion of scored clips."""
    n = len(scores["prompts"])
    accuracy = {"shape": float(scores["shape_ok"].mean()), "colour": float(scores["colour_ok"].mean()),
                "motion": float(scores["motion_ok"].mean()), "all_correct": float(scores["all_ok"].mean()),
                "clean": float(scores["clean"].mean()), "classifier": float(scores["classifier_ok"].mean())}
    classifier_ok, analytic_ok = scores["classifier_ok"], scores["analytic_ok"]
    # Where the two instruments disagree: the share of clips each calls right and the other wrong.
    agreement = {"both_right": float((classifier_ok & analytic_ok).mean()),
                 "classifier_only": float((classifier_ok & ~analytic_ok).mean()),
                 "analytic_only": float((~classifier_ok & analytic_ok).mean()),
                 "both_wrong": float((~classifier_ok & ~analytic_ok).mean())}
    errors = scores["outline_error"][np.isfinite(scores["outline_error"])]
    analytic = {}
    for name in (*CHECKS, "all"):
        values = [c[name] for c in scores["checks"] if c[name] is not None]
        analytic[name] = float(np.mean(values)) if values else float("nan")
    prompted = np.array([p.motion_id for p in scores["prompts"]])
    confusion = np.zeros((len(MOTIONS), len(MOTIONS)), dtype=np.int64)
    np.add.at(confusion, (prompted, scores["pred_motion"]), 1)
    per_motion = {}
    for m, motion in enumerate(MOTIONS):
        rows = prompted == m
        if rows.any():
            per_motion[motion] = {
                "n": int(rows.sum()),
                "motion": float(scores["motion_ok"][rows].mean()),
                "all_correct": float(scores["all_ok"][rows].mean()),
                "analytic_motion": float(np.mean([bool(scores["checks"][i]["motion"]) for i in np.flatnonzero(rows)])),
                "classifier": float(classifier_ok[rows].mean()),
                "analytic": float(analytic_ok[rows].mean()),
                "all_checks": float(scores["all_checks"][rows].mean()),
            }
    # Which colours the classifier reads: on colour-less prompts any colour is right, and a model
    # that always paints the same one has collapsed to one mode (real data spreads over all four).
    read = np.bincount(np.asarray(scores["pred_colour"], dtype=np.int64), minlength=len(COLOURS))
    colour_shares = {colour: float(read[i] / max(n, 1)) for i, colour in enumerate(COLOURS)}
    return {"n": n, "prompts": len({p.text for p in scores["prompts"]}),
            "all_checks": float(scores["all_checks"].mean()), "accuracy": accuracy, "analytic": analytic,
            "agreement": agreement,
            "outline_error_median": float(np.median(errors)) if len(errors) else float("nan"),
            "per_motion": per_motion, "colour_shares": colour_shares,
            "confusion": {"labels": list(MOTIONS), "counts": confusion.tolist()}}


class RealReference:
    """Real clips for the same prompt lists as the generated sets, scored once and shared by
    every model evaluated at the same clip size: set A is the reference (the *real data* column
    and the target of the Fréchet distance), set B gives the real-vs-real floor."""

    def __init__(self, classifier=None, seed: int = REAL_SEED):
        self.classifier = classifier
        self.seed = seed
        self._cache: dict = {}

    def get(self, name: str, items: Sequence[Prompt], size: tuple[int, int, int]) -> dict:
        key = (name, tuple(p.text for p in items), tuple(size))
        if key not in self._cache:
            frames, height, width = size
            offset = 2 * (SETS.index(name) if name in SETS else len(self._cache) + len(SETS))
            a, b = (render_prompts(items, seed=self.seed + offset + k, frames=frames, height=height,
                                   width=width).numpy() for k in (0, 1))
            scores = score_clips(a, items, self.classifier)
            from .classifier import default_classifier

            feats_b = (self.classifier or default_classifier()).features(b)
            diversity_a = per_prompt_diversity(a, items, scores["analyses"])
            diversity_b = per_prompt_diversity(b, items)
            self._cache[key] = {"scores": scores, "features_b": feats_b, "clips": a, "clips_b": b,
                                "diversity": diversity_a, "diversity_b": diversity_b}
        return self._cache[key]


def _fd_entry(gen_feats: np.ndarray, ref: dict, index: np.ndarray | None = None) -> dict:
    fa, fb = ref["scores"]["features"], ref["features_b"]
    if index is not None:
        fa, fb = fa[index], fb[index]
    if len(fa) < 2:
        return {"fd": float("nan"), "fd_floor": float("nan"), "fd_n": int(len(fa))}
    return {"fd": frechet_distance(gen_feats, fa), "fd_floor": frechet_distance(fa, fb), "fd_n": int(len(fa))}


def _model_info(model) -> dict:
    info = {"kind": type(model).__name__}
    for attr in ("source", "step"):
        if getattr(model, attr, None) is not None:
            info[attr] = getattr(model, attr)
    training = getattr(model, "training_info", None) or _logged_compute(model)
    if training:
        info["training"] = dict(training)
    return info


def _logged_compute(model) -> dict | None:
    """A checkpoint's training compute from its logged seconds per step (an estimate: the log
    samples the step time every few hundred steps), or None when there is no log."""
    source, steps = getattr(model, "source", None), getattr(model, "step", None)
    if not source or not steps or not Path(source).is_file():
        return None
    from .checkpoint import CheckpointError, load_checkpoint

    try:
        history = load_checkpoint(source).get("history") or {}
    except (CheckpointError, OSError):  # a log we cannot read is only a missing line in a report
        return None
    per_step = [float(v) for v in history.get("sec_per_step", []) if v]
    if not per_step:
        return None
    return {"steps": int(steps), "seconds": round(float(np.mean(per_step)) * int(steps)),
            "seconds_estimated": True, "device": str(getattr(model, "device", "?"))}


def evaluate_model(model, prompts: dict[str, Sequence] | Sequence | None = None,
                   seeds_per_prompt: int | dict[str, int] | None = None, classifier=None, batch: int = 64,
                   seed: int = 0, reference: RealReference | None = None, details: dict | None = None,
                   progress=None, cas_steps: int | None = None) -> dict:
    """Evaluate one generator (anything with ``generate(prompts, seed) -> uint8 (N,T,H,W,3)``).

    ``prompts``: a dict of named prompt lists (default :func:`prompt_sets`) or one list (named
    ``custom``). ``seeds_per_prompt``: an int for every set or a dict per set (default
    :func:`default_seeds`). Pass one ``reference`` to several calls to score the real clips once.
    ``details``, if given, receives per set the generated clips and their per-clip scores (for
    showing failures; not JSON). Returns a plain dict: ``{"model", "size", "seconds", "sets":
    {name: {"n", "prompts", "seeds_per_prompt", "all_checks", "accuracy", "analytic",
    "agreement", "outline_error_median", "diversity", "fd", "fd_floor", "fd_n", "per_motion",
    "confusion"}}, "cas"}``; ``heldout`` also yields the ``headline`` set. ``cas``: the
    classification accuracy score on the seen set (:mod:`helpers.cas`; ``cas_steps`` per probe,
    default :data:`DEFAULT_CAS_STEPS`, 0 leaves it out), or None.
    """
    cas_steps = default_cas_steps() if cas_steps is None else int(cas_steps)
    sets = prompt_sets() if prompts is None else (dict(prompts) if isinstance(prompts, dict)
                                                   else {"custom": list(prompts)})
    reference = reference or RealReference(classifier)
    start = time.perf_counter()
    out: dict = {"model": _model_info(model), "sets": {}}
    for name, chosen in sets.items():
        seeds = _seeds_for(seeds_per_prompt, name)
        if progress:
            progress(f"{name}: {len(chosen)} prompts x {seeds} seeds")
        clips, items = generate_set(model, chosen, seeds, batch=batch, seed=seed)
        size = tuple(int(v) for v in clips.shape[1:4])
        out["size"] = list(size)
        scores = score_clips(clips, items, classifier)
        ref = reference.get(name, items, size)
        parts = _report_parts(name, items)
        for part, index in parts:
            sub = _subset(scores, index)
            result = summarise(sub)
            result["seeds_per_prompt"] = seeds
            result.update(_fd_entry(sub["features"], ref, index))
            generated = per_prompt_diversity(clips[index], sub["prompts"], sub["analyses"])
            result["diversity"] = compare_diversity(generated, ref["diversity"])
            out["sets"][part] = result
            if details is not None:
                details[part] = {"clips": clips[index], "scores": sub, "real_clips": ref["clips"][index]}
        if name == "seen" and cas_steps > 0:
            if progress:
                progress(f"CAS: two probes of {cas_steps} steps (trained on generated / on real seen clips)")
            out["cas"] = classification_accuracy_score(clips, items, ref["clips"], items, ref["clips_b"], items,
                                                       steps=cas_steps, seed=seed)
    out.setdefault("cas", None)
    out["seconds"] = round(time.perf_counter() - start, 2)
    return out


def default_cas_steps(smoke: bool | None = None) -> int:
    """Steps of each CAS probe: :data:`DEFAULT_CAS_STEPS` (:data:`SMOKE_CAS_STEPS` in smoke mode)."""
    smoke = is_smoke() if smoke is None else smoke
    return SMOKE_CAS_STEPS if smoke else DEFAULT_CAS_STEPS


def _report_parts(name: str, items: Sequence) -> list[tuple[str, np.ndarray]]:
    """The rows a prompt set is reported in: the whole set, plus the headline prompt's clips
    on their own for the held-out set."""
    parts = [(name, np.arange(len(items)))]
    if name == "heldout":
        headline = np.array([i for i, p in enumerate(items) if is_headline(p)], dtype=np.int64)
        if len(headline):
            parts.append(("headline", headline))
    return parts


def reference_results(reference: RealReference, size: Sequence[int] | None = None) -> dict:
    """The *real data* column: the same metrics for the real reference clips of every set
    (their FD is the real-vs-real floor)."""
    out: dict = {"model": {"kind": "real clips (helpers.world)"}, "sets": {}}
    for (name, texts, ref_size), ref in reference._cache.items():
        if size is not None and tuple(ref_size) != tuple(size):
            continue
        items = [parse_prompt(t) for t in texts]
        parts = _report_parts(name, items)
        for part, index in parts:
            sub = _subset(ref["scores"], index)
            result = summarise(sub)
            floor = _fd_entry(ref["features_b"][index], ref, index)
            result.update({"fd": floor["fd_floor"], "fd_floor": floor["fd_floor"], "fd_n": floor["fd_n"]})
            texts_here = {items[i].text for i in index}
            # Real vs real: a second set of real clips against the reference (ratios near 1).
            result["diversity"] = compare_diversity({t: v for t, v in ref["diversity_b"].items() if t in texts_here},
                                                    ref["diversity"])
            out["sets"][part] = result
        out["size"] = list(ref_size)
    return out


def evaluate_real(classifier=None, n_per_prompt: int | None = None, size: Sequence[int] = (10, 64, 64),
                  seed: int = 2024) -> dict:
    """The instrument on fresh real clips of all 192 combinations (``n_per_prompt`` each; 2, or
    a third of the combinations, every motion among them, once in smoke mode): per-attribute accuracy, which must be
    >= 99 % (INTERFACE.md §6), and the control with each clip's frames shuffled in time (motion accuracy
    must collapse, shape and colour stay)."""
    from .classifier import REQUIRED_ACCURACY, attribute_accuracy

    prompts = all_prompts(with_colour=True)
    if n_per_prompt is None:
        prompts = prompts[::3] if is_smoke() else prompts * 2
    else:
        prompts = prompts * int(n_per_prompt)
    frames, height, width = (int(v) for v in size)
    clips = render_prompts(prompts, seed=seed, frames=frames, height=height, width=width)
    normal = attribute_accuracy(clips, prompts, classifier)
    generator = torch.Generator().manual_seed(seed + 1)
    order = torch.stack([torch.randperm(frames, generator=generator) for _ in prompts])
    identity = (order == torch.arange(frames)).all(dim=1)
    order[identity] = torch.arange(frames).flip(0)  # never the original order
    shuffled = attribute_accuracy(clips[torch.arange(len(prompts))[:, None], order], prompts, classifier)
    minimum = min(normal[k] for k in ("shape", "colour", "motion"))
    return {"n": len(prompts), "size": [frames, height, width], "seed": seed, "accuracy": normal,
            "shuffled_frames": shuffled, "required": REQUIRED_ACCURACY, "passes": bool(minimum >= REQUIRED_ACCURACY)}


INSTRUMENT_KEYS: dict[str, str] = {"attributes": "all_ok", "classifier": "classifier_ok", "analytic": "analytic_ok",
                                   "all_checks": "all_checks"}


def instrument_rates(scores: dict) -> dict[str, float]:
    """The share of scored clips each instrument passes: ``attributes`` (the classifier's three
    attribute heads alone, its reject head ignored), ``classifier`` (with the reject head),
    ``analytic`` and ``all_checks``."""
    return {name: float(np.mean(scores[key])) for name, key in INSTRUMENT_KEYS.items()}


def evaluate_instruments(classifier=None, size: Sequence[int] = (10, 64, 64), prompts_step: int | None = None,
                         seed: int = 3030, prompts: Sequence[str | Prompt] | None = None, keep: bool = False) -> dict:
    """The instruments themselves on fresh real clips and on broken drawings of the *test* family.

    ``prompts`` (default: every ``prompts_step``-th of the 192 combinations: 1, every one; 6 in
    smoke mode) are drawn once as real clips (seed ``seed``) and once as each broken kind (kind
    ``i`` with seed ``seed + 1 + i``, :func:`helpers.broken.broken_set`). Returns ``{"size",
    "n_per_kind", "real": rates, "broken": {kind: rates}, "broken_overall": rates}`` with the
    rates of :func:`instrument_rates`; with ``keep`` also ``"clips"`` and ``"scores"`` per kind
    (``"real"`` first), for showing them. A good instrument passes real clips and almost no broken ones.
    """
    from .broken import broken_set

    step = prompts_step or (6 if is_smoke() else 1)
    chosen = list(prompts) if prompts is not None else all_prompts(with_colour=True)[::step]
    frames, height, width = (int(v) for v in size)
    clips = {"real": render_prompts(chosen, seed=seed, frames=frames, height=height, width=width).numpy()}
    clips.update(broken_set(chosen, "test", seed + 1, frames, height, width))
    scores = {kind: score_clips(batch, chosen, classifier) for kind, batch in clips.items()}
    rates = {kind: instrument_rates(s) for kind, s in scores.items()}
    broken = {kind: r for kind, r in rates.items() if kind != "real"}
    overall = {k: float(np.mean([v[k] for v in broken.values()])) for k in INSTRUMENT_KEYS}
    out = {"size": [frames, height, width], "n_per_kind": len(chosen), "real": rates["real"], "broken": broken,
           "broken_overall": overall}
    if keep:
        out.update(clips=clips, scores=scores)
    return out


def run_evaluation(model, baseline=None, prompts=None, seeds_per_prompt=None, classifier=None, batch: int = 64,
                   seed: int = 0, details: dict | None = None, progress=None, cas_steps: int | None = None,
                   instruments: bool = True) -> dict:
    """Ours, the blog baseline (optional) and real data on the same prompts: the full table.

    Returns ``{"settings", "classifier_on_real", "instruments", "columns": {"ours", "blog" (or
    None), "real"}}``,
    plain data for :func:`format_table` and ``json.dump``. ``details`` (optional dict) receives
    ``{"ours": {...}, "blog": {...}}`` per-set clips and scores, see :func:`evaluate_model`.
    """
    start = time.perf_counter()
    reference = RealReference(classifier)
    say = progress or (lambda text: None)
    columns: dict = {}
    for name, m in (("ours", model), ("blog", baseline)):
        if m is None:
            columns[name] = None
            continue
        sink = {} if details is not None else None
        columns[name] = evaluate_model(m, prompts, seeds_per_prompt, classifier, batch, seed, reference, sink,
                                       progress=lambda text, n=name: say(f"{n}: {text}"), cas_steps=cas_steps)
        if details is not None:
            details[name] = sink
    size = columns["ours"]["size"]
    columns["real"] = reference_results(reference, size)
    say("real data: the classifier on fresh real clips")
    real_check = evaluate_real(classifier, size=size)
    checked = None
    if instruments:
        say("instruments: real clips and broken drawings (test family)")
        checked = evaluate_instruments(classifier, size=size)
    sets = prompt_sets() if prompts is None else (dict(prompts) if isinstance(prompts, dict)
                                                   else {"custom": list(prompts)})
    settings = {"smoke": is_smoke(), "seed": seed, "real_seed": reference.seed,
                "seeds_per_prompt": {k: _seeds_for(seeds_per_prompt, k) for k in sets},
                "prompts_per_set": {k: len(v) for k, v in sets.items()},
                "seconds": round(time.perf_counter() - start, 1)}
    return {"settings": settings, "classifier_on_real": real_check, "instruments": checked, "columns": columns}


# --------------------------------------------------------------------------------------------
# Presenting


def _pct(value) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{100 * value:.1f} %"


def _num(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.1f}" if value < 1e5 else f"{value:.3g}"


def _compute_line(label: str, column: dict) -> str:
    """What a column's model was trained with: device, threads, wall-clock, steps (as recorded)."""
    info = column.get("model", {})
    t = info.get("training") or {}
    parts = []
    for key, fmt in (("hardware", "{}"), ("threads", "{} thread(s)"), ("seconds", "{:.0f} s wall-clock"),
                     ("steps", "{} steps")):
        if t.get(key) is not None:
            parts.append(fmt.format(t[key]))
    if t.get("seconds_estimated"):
        parts.append("time estimated from the logged seconds per step")
    compute = ", ".join(parts) if parts else "training compute not recorded in the checkpoint"
    size = "x".join(str(v) for v in column.get("size", []))
    return f"{label}: {info.get('source', info.get('kind'))} (step {info.get('step', '?')}, clips {size}; {compute})"


def format_table(results: dict) -> str:
    """A compact table of :func:`run_evaluation`'s results: one block per prompt set, one row per
    metric, the columns ours / blog baseline / real data. The first row of every block is the
    headline, **all checks** (classifier and analytic checks both say the clip is right)."""
    columns = results["columns"]
    names = [n for n in ("ours", "blog", "real") if columns.get(n)]
    heads = {"ours": "ours", "blog": "blog", "real": "real data"}
    width = 40
    lines = []
    ours = columns["ours"]
    lines.append(_compute_line("ours", ours))
    if columns.get("blog"):
        lines.append(_compute_line("blog baseline", columns["blog"]))
        lines.append("note: each column's training compute is as stated above; they are not equal unless it says so")
    if columns.get("blog") and columns["blog"].get("size") != ours.get("size"):
        lines.append("note: the blog baseline's clips are not the size of ours; each is compared with real clips "
                     "of its own size, and the real-data column is at our size")
    real = results.get("classifier_on_real")
    if real:
        acc, shuf = real["accuracy"], real["shuffled_frames"]
        verdict = "meets" if real["passes"] else "FAILS"
        lines.append(f"instrument: classifier on {real['n']} fresh real clips: shape {_pct(acc['shape'])}, colour "
                     f"{_pct(acc['colour'])}, motion {_pct(acc['motion'])} ({verdict} the >= "
                     f"{100 * real['required']:.0f} % requirement); frames shuffled: motion {_pct(shuf['motion'])}")
    checked = results.get("instruments")
    if checked:
        r, o = checked["real"], checked["broken_overall"]
        worst = max(checked["broken"].items(), key=lambda kv: kv[1]["all_checks"])
        lines.append(f"instruments on {checked['n_per_kind']} clips per kind: real clips pass all checks "
                     f"{_pct(r['all_checks'])}; broken drawings (test family, {len(checked['broken'])} kinds) pass: "
                     f"classifier {_pct(o['classifier'])}, analytic {_pct(o['analytic'])}, all checks "
                     f"{_pct(o['all_checks'])} (worst kind: {worst[0]} {_pct(worst[1]['all_checks'])})")
    lines.append("")
    lines.append(f"{'':{width}s}" + "".join(f"{heads[n]:>11s}" for n in names))
    rows = [("ALL CHECKS (headline)", None, "all_checks", _pct),
            ("classifier: shape", "accuracy", "shape", _pct), ("classifier: colour", "accuracy", "colour", _pct),
            ("classifier: motion", "accuracy", "motion", _pct),
            ("classifier: all three", "accuracy", "all_correct", _pct),
            ("classifier: clean drawing", "accuracy", "clean", _pct),
            ("classifier: all (three + clean)", "accuracy", "classifier", _pct),
            ("analytic: one object", "analytic", "one_object", _pct),
            ("analytic: steady clear colour", "analytic", "colour", _pct),
            ("analytic: outline fits the shape", "analytic", "outline", _pct),
            ("analytic: motion", "analytic", "motion", _pct), ("analytic: all checks", "analytic", "all", _pct),
            ("disagree: classifier yes, analytic no", "agreement", "classifier_only", _pct),
            ("disagree: analytic yes, classifier no", "agreement", "analytic_only", _pct),
            ("outline error, median", None, "outline_error_median", lambda v: "-" if v is None else f"{v:.3f}"),
            ("diversity: pixel, median (1/255)", "diversity", "median_pixel", _num),
            ("diversity: vs real, median ratio", "diversity", "median_pixel_ratio", _pct),
            ("diversity: start spread vs real", "diversity", "median_start_ratio", _pct),
            ("diversity: collapsed prompts", "diversity", "collapsed", lambda v: "-" if v is None else str(v))]
    for set_name in [s for s in (*SETS, "custom") if s in ours["sets"]]:
        first = ours["sets"][set_name]
        lines.append(f"{SET_TITLES.get(set_name, set_name)}: {first['prompts']} prompts x "
                     f"{first['seeds_per_prompt']} = {first['n']} clips")
        for label, group, key, fmt in rows:
            if set_name == "colourless" and key == "colour" and group == "accuracy":
                label = "colour (one clear colour)"
            cells = []
            for n in names:
                entry = columns[n]["sets"].get(set_name)
                source = entry if (entry is None or group is None) else entry.get(group)
                value = None if source is None else source.get(key)
                cells.append(fmt(value) if value is not None else "-")
            lines.append(f"  {label:{width - 2}s}" + "".join(f"{c:>11s}" for c in cells))
        if set_name == "colourless":
            cells = []
            for n in names:
                shares = columns[n]["sets"].get(set_name, {}).get("colour_shares")
                cells.append(_pct(max(shares.values())) if shares else "-")
            lines.append(f"  {'share of the commonest colour':{width - 2}s}" + "".join(f"{c:>11s}" for c in cells))
        cells = []
        for n in names:
            entry = columns[n]["sets"].get(set_name)
            cells.append(_num(entry["fd"]) if entry else "-")
        lines.append(f"  {'Frechet distance (real: floor)':{width - 2}s}" + "".join(f"{c:>11s}" for c in cells))
    cas_rows = [(n, columns[n].get("cas")) for n in ("ours", "blog") if columns.get(n) and columns[n].get("cas")]
    if cas_rows:
        first = cas_rows[0][1]
        lines.append(f"classification accuracy score (seen prompts; probes of {first['steps']} steps, tested on "
                     f"{first['n_test']} fresh real clips, all three attributes right):")
        for n, cas in cas_rows:
            lines.append(f"  {heads[n]:6s} trained on generated {_pct(cas['generated']['all_correct'])}, on real "
                         f"{_pct(cas['real']['all_correct'])} (ratio {_pct(cas['ratio'])})")
    lines.append("")
    lines.append(f"chance: shape {_pct(CHANCE['shape'])}, colour {_pct(CHANCE['colour'])}, motion "
                 f"{_pct(CHANCE['motion'])}, all correct {_pct(CHANCE['all_correct'])}. Real data: clips rendered "
                 "for the same prompts; its Frechet distance is the real-vs-real floor at the same N, its diversity "
                 "a second real set against the first.")
    if "heldout" in ours["sets"]:
        lines.append("the test split (held out) is scored once per shipped model; development decisions use val.")
    if not columns.get("blog"):
        note = results.get("settings", {}).get("baseline_note")
        lines.append(note or "no blog baseline evaluated.")
    return "\n".join(lines)


def to_plain(value):
    """Numbers, strings, lists and dicts only (NaN becomes None), for ``json.dump``."""
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return to_plain(value.tolist())
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer, int)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, Prompt):
        return value.text
    if value is None or isinstance(value, str):
        return value
    return str(value)


# --------------------------------------------------------------------------------------------
# Scoring any clips: python -m helpers evaluate --clips FILE.npz


def load_clips_file(path: str | Path) -> tuple[np.ndarray, list[Prompt]]:
    """Clips and prompts from an ``.npz`` as ``python -m helpers dataset`` writes it; one-line
    ``ValueError`` for anything else (missing file or key, wrong dtype or shape, bad prompt)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no clips file at {str(path)!r}")
    try:
        data = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise ValueError(f"{str(path)!r} is not a readable .npz file ({type(error).__name__})") from None
    if not isinstance(data, np.lib.npyio.NpzFile):  # a single .npy array under an .npz name
        raise ValueError(f"{str(path)!r} holds one array, not an .npz archive with 'clips' and 'prompts' "
                         "(write it with numpy.savez)")
    missing = [k for k in ("clips", "prompts") if k not in data.files]
    if missing:
        raise ValueError(f"{str(path)!r} has no {missing[0]!r} array; it needs 'clips' uint8 (N,T,H,W,3) and "
                         "'prompts' (N strings), as `python -m helpers dataset` writes")
    clips, texts = data["clips"], data["prompts"]
    if clips.dtype != np.uint8 or clips.ndim != 5 or clips.shape[-1] != 3:
        raise ValueError(f"'clips' must be uint8 (N, T, H, W, 3) RGB, got {clips.dtype} {tuple(clips.shape)}")
    if clips.shape[1] < MIN_FRAMES:
        raise ValueError(f"clips must have at least {MIN_FRAMES} frames (a motion needs several), got {clips.shape[1]}")
    if min(clips.shape[2:4]) < 32:
        raise ValueError(f"frames must be at least 32 pixels on each side, got {clips.shape[2]}x{clips.shape[3]}")
    if texts.ndim != 1 or len(texts) != len(clips):
        raise ValueError(f"'prompts' must hold one string per clip: {len(clips)} clips, prompts shape {texts.shape}")
    if len(clips) == 0:
        raise ValueError("the file holds no clips")
    return clips, [parse_prompt(str(t)) for t in texts]


def evaluate_clips(clips: np.ndarray, prompts: Sequence[str | Prompt], classifier=None, seed: int = REAL_SEED) -> dict:
    """Score any clips with the course's instruments (INTERFACE.md §4 ``evaluate --clips``).

    Returns ``{"summary": {"n", "all_checks", "shape_ok", "colour_ok", "motion_ok", "classifier",
    "analytic", "agreement", "outline_error_median", "diversity"}, "per_clip": [...]}``. Per clip,
    ``shape_ok`` / ``colour_ok`` / ``motion_ok`` need both instruments (classifier reading and
    analytic check of that attribute; the shape's analytic check is one object with the prompted
    outline, and the classifier's reject head must call it clean); ``all_checks`` is the
    headline (every classifier reading and every analytic check right). ``diversity`` compares
    prompts given several times with real clips of the same prompts (None if none repeats).
    """
    scores = score_clips(clips, prompts, classifier)
    per_clip = []
    for i, p in enumerate(scores["prompts"]):
        checks = scores["checks"][i]
        shape_ok = bool(scores["shape_ok"][i] and scores["clean"][i] and checks["one_object"] and checks["outline"])
        per_clip.append({
            "prompt": p.text, "shape_ok": shape_ok,
            "colour_ok": bool(scores["colour_ok"][i] and checks["colour"]),
            "motion_ok": bool(scores["motion_ok"][i] and checks["motion"]),
            "all_checks": bool(scores["all_checks"][i]),
            "classifier": {"shape": SHAPES[scores["pred_shape"][i]], "colour": COLOURS[scores["pred_colour"][i]],
                           "motion": MOTIONS[scores["pred_motion"][i]], "clean_prob": float(scores["clean_prob"][i])},
            "analytic": {k: v for k, v in checks.items()}, "outline_error": float(scores["outline_error"][i]),
        })
    summary = summarise(scores)
    generated = per_prompt_diversity(np.asarray(clips), scores["prompts"], scores["analyses"])
    diversity = None
    if generated:
        _, frames, height, width, _ = np.asarray(clips).shape
        repeated = [p for p in scores["prompts"] if p.text in generated]
        real = render_prompts(repeated, seed=seed, frames=frames, height=height, width=width).numpy()
        diversity = compare_diversity(generated, per_prompt_diversity(real, repeated))
    return {"summary": {"n": len(per_clip), "all_checks": summary["all_checks"],
                        **{k: float(np.mean([c[k] for c in per_clip])) for k in ("shape_ok", "colour_ok", "motion_ok")},
                        "classifier": summary["accuracy"]["classifier"], "analytic": summary["analytic"]["all"],
                        "agreement": summary["agreement"], "outline_error_median": summary["outline_error_median"],
                        "diversity": diversity},
            "per_clip": per_clip}


def format_clips_summary(result: dict, source: str) -> str:
    s = result["summary"]
    lines = [f"{s['n']} clips from {source}",
             f"  ALL CHECKS (headline)        {_pct(s['all_checks'])}",
             f"  shape / colour / motion      {_pct(s['shape_ok'])} / {_pct(s['colour_ok'])} / {_pct(s['motion_ok'])}"
             "  (each: classifier and analytic check agree)",
             f"  classifier (three + clean)   {_pct(s['classifier'])}",
             f"  analytic checks              {_pct(s['analytic'])}",
             f"  disagree: classifier yes / analytic yes  {_pct(s['agreement']['classifier_only'])} / "
             f"{_pct(s['agreement']['analytic_only'])}",
             f"  outline error, median        {s['outline_error_median']:.3f}"]
    d = s["diversity"]
    if d:
        lines.append(f"  diversity ({d['prompts']} repeated prompts): median {d['median_pixel_ratio'] * 100:.0f} % of "
                     f"real clips'; collapsed prompts {d['collapsed']}")
    return "\n".join(lines)


def _write_json(data: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(to_plain(data), indent=1) + "\n")
    os.replace(tmp, path)
    return path


# --------------------------------------------------------------------------------------------
# Command line: python -m helpers evaluate


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--checkpoint", default=None,
                        help="our model's checkpoint (default: the shipped helpers/assets/t2v_gan.pt)")
    parser.add_argument("--json", default=None, metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--baseline", default=None, metavar="PATH|none",
                        help="the blog baseline's weights (default: helpers/assets/blog_baseline.pt if it "
                             "exists); 'none' leaves the column out")
    parser.add_argument("--seeds", type=int, default=None,
                        help="seeds per prompt for every set (default: seen 4, val 32, held-out 32, "
                             "colour-less 12; 2 in smoke mode)")
    parser.add_argument("--device", default=None, help="cpu, cuda or mps (default: the best available)")
    parser.add_argument("--clips", default=None, metavar="FILE.npz",
                        help="score these clips instead of a checkpoint: 'clips' uint8 (N,T,H,W,3) and 'prompts' "
                             "(N strings), as `python -m helpers dataset` writes")
    parser.add_argument("--sets", default=None, metavar="NAMES",
                        help="comma-separated prompt sets (default: seen,val,heldout,colourless); development "
                             "work leaves out heldout, the test split")
    parser.add_argument("--cas-steps", type=int, default=None,
                        help=f"steps of each CAS probe (default {DEFAULT_CAS_STEPS}; 0 leaves CAS out)")
    parser.add_argument("--no-instruments", action="store_true",
                        help="skip the instruments' own check on real clips and broken drawings")


def register(subparsers) -> argparse.ArgumentParser:
    """Add the ``evaluate`` command to ``python -m helpers``'s subparsers."""
    parser = subparsers.add_parser("evaluate", help="all checks and the other metrics of INTERFACE.md §6 for a "
                                   "checkpoint (seen, val, test and colour-less prompts) vs the blog baseline and "
                                   "real data, or for any clips (--clips)")
    add_arguments(parser)
    parser.set_defaults(run=run)
    return parser


def _load_baseline(arg: str | None, device):
    """The blog model to compare with, or None and a note saying why and how to make one."""
    from .blog_model import BASELINE_HINT, DEFAULT_BASELINE, load_blog_model

    if arg is not None and arg.strip().lower() == "none":
        return None, "blog baseline left out (--baseline none)."
    if arg is None and not DEFAULT_BASELINE.is_file():
        return None, f"no blog baseline at {DEFAULT_BASELINE}: the blog column is left out; {BASELINE_HINT}."
    return load_blog_model(arg, device), None


def run(args: argparse.Namespace) -> int:
    """``python -m helpers evaluate``: print the table (and write JSON); one-line errors, exit 2."""
    from .checkpoint import CheckpointError, CheckpointNotFoundError
    from .classifier import ClassifierFileError, load_classifier
    from .inference import load_model
    from .prompts import PromptError

    try:
        if args.seeds is not None and args.seeds < 1:
            raise ValueError(f"--seeds must be at least 1, got {args.seeds}")
        if args.cas_steps is not None and args.cas_steps < 0:
            raise ValueError(f"--cas-steps must be 0 or more, got {args.cas_steps}")
        if args.json and Path(args.json).is_dir():
            raise ValueError(f"--json must name a file, {args.json!r} is a folder")
        if args.clips:
            if args.checkpoint:
                raise ValueError("give --clips or --checkpoint, not both")
            clips, prompts = load_clips_file(args.clips)
            result = evaluate_clips(clips, prompts, load_classifier(device=args.device))
            print(format_clips_summary(result, args.clips))
            if args.json:
                print(f"results written to {_write_json(result, args.json)}")
            return 0
        names = [n.strip() for n in args.sets.split(",") if n.strip()] if args.sets else None
        chosen_sets = prompt_sets(names=names)
        model = load_model(args.checkpoint, device=args.device)
        baseline, note = _load_baseline(args.baseline, args.device)
        classifier = load_classifier(device=args.device)

        def progress(text: str) -> None:
            print(f"[evaluate] {text}", file=sys.stderr, flush=True)

        results = run_evaluation(model, baseline, prompts=chosen_sets, seeds_per_prompt=args.seeds,
                                 classifier=classifier, progress=progress, cas_steps=args.cas_steps,
                                 instruments=not args.no_instruments)
        if note:
            results["settings"]["baseline_note"] = note
        print(format_table(results))
        if args.json:
            print(f"results written to {_write_json(results, args.json)}")
    except (CheckpointError, CheckpointNotFoundError, ClassifierFileError, PromptError, ValueError,
            FileNotFoundError, RuntimeError) as error:
        text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"error: {text}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m helpers.evaluation [options]``: the same as ``python -m helpers evaluate``."""
    parser = argparse.ArgumentParser(prog="python -m helpers evaluate",
                                     description="INTERFACE.md §6 metrics: ours vs the blog baseline vs real data.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


__all__ = ["CHANCE", "DEFAULT_SEEDS", "INSTRUMENT_KEYS", "SETS", "RealReference", "add_arguments",
           "default_cas_steps", "default_seeds", "evaluate_clips", "evaluate_instruments", "evaluate_model",
           "evaluate_real", "format_clips_summary", "format_table", "generate_set", "instrument_rates", "is_headline",
           "load_clips_file", "main", "prompt_sets", "reference_results", "register", "run", "run_evaluation",
           "score_clips", "summarise", "to_plain"]

if __name__ == "__main__":
    raise SystemExit(main())
