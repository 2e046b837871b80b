"""Does the noise matter? Diversity of a generator's clips for one prompt, against real clips.

A generator can draw a perfect clip for every prompt and still be useless as a *generator* if it
draws the same clip whatever the noise: attribute accuracy cannot see that (one right clip
repeated is 100 % right). For each prompt with several clips (different seeds), two numbers:

* **pixel diversity**: the mean absolute difference between two clips of the prompt, over every
  pair and every pixel, in units of 1/255 (0 for copies; real clips of one prompt differ by about
  5-15, mostly because the shape starts elsewhere);
* **start spread**: the root-mean-square distance of the first frame's object centres from
  their mean, in units of the frame's shorter side (real clips: about 0.2).

Each is compared with real clips of the same prompt and the same number of seeds (a ratio; 1 is
as varied as real data), and a prompt is **collapsed** when its pixel diversity is below
:data:`COLLAPSE_RATIO` of the real one: its clips are near copies of each other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from .prompts import Prompt, parse_prompt

COLLAPSE_RATIO = 0.25  # pixel diversity below this share of real clips' = near copies


def _groups(prompts: Sequence[str | Prompt]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(prompts):
        groups[parse_prompt(p).text].append(i)
    return dict(groups)


def pixel_diversity(clips: np.ndarray) -> float:
    """Mean absolute difference (in 1/255) between every pair of clips ``(K, T, H, W, 3)``."""
    k = len(clips)
    if k < 2:
        return float("nan")
    x = clips.reshape(k, -1).astype(np.int16)
    total, pairs = 0.0, 0
    for i in range(k - 1):
        total += float(np.abs(x[i + 1:] - x[i]).mean(axis=1).sum())
        pairs += k - 1 - i
    return total / pairs


def start_spread(cx: np.ndarray, cy: np.ndarray, side: float) -> float:
    """RMS distance of first-frame centres from their mean, in frame units (NaN centres skipped)."""
    ok = np.isfinite(cx) & np.isfinite(cy)
    if ok.sum() < 2:
        return float("nan")
    x, y = cx[ok] / side, cy[ok] / side
    return float(np.sqrt(np.mean((x - x.mean()) ** 2 + (y - y.mean()) ** 2)))


def per_prompt_diversity(clips: np.ndarray, prompts: Sequence[str | Prompt], analyses=None) -> dict[str, dict]:
    """``{prompt text: {"n", "pixel", "start_spread"}}`` for every prompt with at least two clips.

    ``analyses`` (from :func:`helpers.analytic.analyse_clips`, optional) gives the object centres;
    without it the start spread is measured here (outlines are not needed for it).
    """
    if analyses is None:
        from .analytic import analyse_clips

        analyses = analyse_clips(clips, outlines=False)
    out = {}
    for text, index in _groups(prompts).items():
        if len(index) < 2:
            continue
        first = [analyses[i] for i in index]
        side = first[0].side
        out[text] = {"n": len(index), "pixel": pixel_diversity(clips[index]),
                     "start_spread": start_spread(np.array([a.cx[0] for a in first]),
                                                  np.array([a.cy[0] for a in first]), side)}
    return out


def compare_diversity(generated: dict[str, dict], real: dict[str, dict]) -> dict:
    """Generated vs real diversity per prompt, and the summary a report shows.

    Returns ``{"prompts", "median_pixel", "median_pixel_real", "median_pixel_ratio",
    "median_start_spread", "median_start_spread_real", "median_start_ratio", "collapsed",
    "collapsed_prompts", "per_prompt": {text: {..., "pixel_ratio", "start_ratio", "collapsed"}}}``.
    """
    rows = {}
    for text, g in generated.items():
        r = real.get(text)
        if r is None:
            continue
        pixel_ratio = g["pixel"] / r["pixel"] if r["pixel"] > 0 else float("nan")
        start_ratio = g["start_spread"] / r["start_spread"] if r["start_spread"] > 0 else float("nan")
        rows[text] = {**g, "pixel_real": r["pixel"], "start_spread_real": r["start_spread"],
                      "pixel_ratio": pixel_ratio, "start_ratio": start_ratio,
                      "collapsed": bool(pixel_ratio < COLLAPSE_RATIO)}

    def median(key):
        values = [v[key] for v in rows.values() if np.isfinite(v[key])]
        return float(np.median(values)) if values else float("nan")

    collapsed = sorted(t for t, v in rows.items() if v["collapsed"])
    return {"prompts": len(rows), "median_pixel": median("pixel"), "median_pixel_real": median("pixel_real"),
            "median_pixel_ratio": median("pixel_ratio"), "median_start_spread": median("start_spread"),
            "median_start_spread_real": median("start_spread_real"), "median_start_ratio": median("start_ratio"),
            "collapsed": len(collapsed), "collapsed_prompts": collapsed, "per_prompt": rows}


__all__ = ["COLLAPSE_RATIO", "compare_diversity", "per_prompt_diversity", "pixel_diversity", "start_spread"]
