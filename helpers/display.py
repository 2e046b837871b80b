"""Seeing clips inside a notebook: animated GIF grids, frame strips, upscaling.

Everything returns something Jupyter displays inline (``IPython.display.HTML`` or a matplotlib
figure), so nothing has to be opened from disk; the same HTML renders on Colab and Kaggle.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Sequence

import numpy as np

from .world import FPS


def as_uint8_clips(clips) -> np.ndarray:
    """Accept a uint8 clip ``(T, H, W, 3)`` or batch ``(N, T, H, W, 3)`` (numpy or torch)."""
    array = clips.detach().cpu().numpy() if hasattr(clips, "detach") else np.asarray(clips)
    if array.ndim == 4:
        array = array[None]
    if array.ndim != 5 or array.shape[-1] != 3 or array.dtype != np.uint8:
        raise ValueError(f"expected uint8 clips (N, T, H, W, 3) RGB, got shape {array.shape} "
                         f"and dtype {array.dtype}")
    return array


def upscale(clip: np.ndarray, scale: int) -> np.ndarray:
    """Nearest-neighbour upscaling of frames (``(..., H, W, 3)``), so pixels stay crisp."""
    if scale < 1:
        raise ValueError(f"scale must be a positive integer, got {scale}")
    if scale == 1:
        return clip
    return np.repeat(np.repeat(clip, scale, axis=-3), scale, axis=-2)


def gif_bytes(clip: np.ndarray, fps: float = FPS, scale: int = 2) -> bytes:
    """One clip ``(T, H, W, 3)`` as a looping animated GIF."""
    from PIL import Image

    frames = [Image.fromarray(frame) for frame in upscale(as_uint8_clips(clip)[0], scale)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:],
                   duration=int(round(1000 / fps)), loop=0, disposal=1)
    return buffer.getvalue()


def clips_html(clips, labels: Sequence[str] | None = None, columns: int = 8, scale: int = 2,
               fps: float = FPS) -> str:
    """HTML for a grid of looping animations with captions."""
    clips = as_uint8_clips(clips)
    labels = list(labels) if labels is not None else [""] * len(clips)
    if len(labels) != len(clips):
        raise ValueError(f"{len(clips)} clips but {len(labels)} labels")
    width = clips.shape[3] * scale
    cells = []
    for clip, label in zip(clips, labels):
        data = base64.b64encode(gif_bytes(clip, fps=fps, scale=scale)).decode("ascii")
        cells.append(
            f'<figure style="margin:2px;width:{width + 4}px;text-align:center;">'
            f'<img src="data:image/gif;base64,{data}" width="{width}" style="image-rendering:pixelated;'
            f'border:1px solid #ccc"/><figcaption style="font-size:11px;line-height:1.2">'
            f"{html.escape(label)}</figcaption></figure>"
        )
    return (f'<div style="display:grid;grid-template-columns:repeat({columns},{width + 8}px);gap:2px">'
            + "".join(cells) + "</div>")


def show_clips(clips, labels: Sequence[str] | None = None, columns: int = 8, scale: int = 2,
               fps: float = FPS):
    """Display a grid of looping animations inline (returns the IPython HTML object)."""
    from IPython.display import HTML

    return HTML(clips_html(clips, labels, columns=columns, scale=scale, fps=fps))


def tile_clips(clips, columns: int = 4, gap: int = 2) -> np.ndarray:
    """Several clips tiled into one clip ``(T, rows*(H+gap)-gap, columns*(W+gap)-gap, 3)``, grey gaps."""
    clips = as_uint8_clips(clips)
    n, frames, height, width, _ = clips.shape
    columns = max(1, min(columns, n))
    rows = -(-n // columns)
    tiled = np.full((frames, rows * (height + gap) - gap, columns * (width + gap) - gap, 3), 160, dtype=np.uint8)
    for index, clip in enumerate(clips):
        top, left = (index // columns) * (height + gap), (index % columns) * (width + gap)
        tiled[:, top : top + height, left : left + width] = clip
    return tiled


def frame_strip(clip: np.ndarray, gap: int = 1) -> np.ndarray:
    """One clip's frames side by side, separated by ``gap`` grey pixels: ``(H, T*(W+gap)-gap, 3)``."""
    clip = as_uint8_clips(clip)[0]
    frames, height, width, _ = clip.shape
    strip = np.full((height, frames * (width + gap) - gap, 3), 160, dtype=np.uint8)
    for index, frame in enumerate(clip):
        strip[:, index * (width + gap) : index * (width + gap) + width] = frame
    return strip


def show_strips(clips, labels: Sequence[str] | None = None, title: str | None = None,
                row_height: float = 0.9):
    """A matplotlib figure with one frame strip per clip (time runs left to right)."""
    import matplotlib.pyplot as plt

    clips = as_uint8_clips(clips)
    labels = list(labels) if labels is not None else [""] * len(clips)
    figure, axes = plt.subplots(len(clips), 1, figsize=(10, row_height * len(clips) + 0.4), squeeze=False)
    for axis, clip, label in zip(axes[:, 0], clips, labels):
        axis.imshow(frame_strip(clip), interpolation="nearest")
        axis.set_xticks([])
        axis.set_yticks([])
        axis.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure
