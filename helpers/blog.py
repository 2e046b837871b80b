"""The blog tutorial's training-data generator, reproduced to *show* what goes wrong with it.

Our own code, written to behave exactly like the published recipe (see
``shared/reference/BLOG-DEFECTS.md``): each frame is a white PIL image; the circle's offset from
the centre is ``±frame*5 % size`` per axis, with Python's modulo; "rotation" rotates the image of
the scene; shrinking and expanding have no formula. Two variants:

* ``draw=False`` – the published function, which never calls a draw method: every frame is white;
* ``draw=True`` – with the missing draw call added: a 10-px blue circle at the computed position.
  For the rotations the position stays at the centre, so the "rotating" clip is a still circle
  (rotating the picture of a centred circle changes nothing). The repository's later notebook
  goes one step worse there: it draws on the image the rotation replaced, so those frames are
  blank.

Notebook 02 uses this module to show the defects; the benchmark uses :func:`write_png_dataset`
to time the blog's per-frame PIL + PNG approach against our renderer.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

BLOG_SIZE = (64, 64)
BLOG_FRAMES = 10
BLOG_STEP = 5  # pixels per frame
BLOG_RADIUS = 5  # a 10-px circle
BLOG_CIRCLE_RGB = (0, 0, 255)

# The blog's 18 training prompts and the motion each one asks for.
BLOG_PROMPTS: tuple[tuple[str, str], ...] = (
    ("circle moving down", "down"),
    ("circle moving left", "left"),
    ("circle moving right", "right"),
    ("circle moving diagonally up-right", "diagonal_up_right"),
    ("circle moving diagonally down-left", "diagonal_down_left"),
    ("circle moving diagonally up-left", "diagonal_up_left"),
    ("circle moving diagonally down-right", "diagonal_down_right"),
    ("circle rotating clockwise", "rotate_clockwise"),
    ("circle rotating counter-clockwise", "rotate_counter_clockwise"),
    ("circle shrinking", "shrink"),
    ("circle expanding", "expand"),
    ("circle bouncing vertically", "bounce_vertical"),
    ("circle bouncing horizontally", "bounce_horizontal"),
    ("circle zigzagging vertically", "zigzag_vertical"),
    ("circle zigzagging horizontally", "zigzag_horizontal"),
    ("circle moving up-left", "up_left"),
    ("circle moving down-right", "down_right"),
    ("circle moving down-left", "down_left"),
)
BLOG_TEST_PROMPT = "circle moving up-right"


def blog_offset(direction: str, frame: int, size: tuple[int, int] = BLOG_SIZE) -> tuple[int, int] | None:
    """The blog's (dx, dy) from the centre for one frame; None for the rotations (an image
    transform, not a position) and (0, 0) for motions it has no formula for (shrink, expand)."""
    w, h = size
    cx, cy = w // 2, h // 2
    step = frame * BLOG_STEP
    # Python's % always returns a non-negative result: -5 % 64 == 59, not -5.
    table = {
        "down": (0, step % h),
        "left": (-step % w, 0),
        "right": (step % w, 0),
        "diagonal_up_right": (step % w, -step % h),
        "diagonal_down_left": (-step % w, step % h),
        "diagonal_up_left": (-step % w, -step % h),
        "diagonal_down_right": (step % w, step % h),
        "bounce_vertical": (0, cy - abs(step % h - cy)),
        "bounce_horizontal": (cx - abs(step % w - cx), 0),
        "zigzag_vertical": (0, cy - step % h) if frame % 2 == 0 else (0, cy + step % h),
        "zigzag_horizontal": (cx - step % w, cy) if frame % 2 == 0 else (cx + step % w, cy),
        "up_right": (step % w, -step % h),
        "up_left": (-step % w, -step % h),
        "down_right": (step % w, step % h),
        "down_left": (-step % w, step % h),
    }
    if direction.startswith("rotate"):
        return None
    return table.get(direction, (0, 0))


def blog_position(direction: str, frame: int, size: tuple[int, int] = BLOG_SIZE) -> tuple[int, int] | None:
    """Where the blog puts the circle's centre (it can be far outside a 64-px frame)."""
    offset = blog_offset(direction, frame, size)
    if offset is None:
        return None
    return size[0] // 2 + offset[0], size[1] // 2 + offset[1]


def blog_frame(direction: str, frame: int, draw: bool = False, size: tuple[int, int] = BLOG_SIZE) -> np.ndarray:
    """One frame as the blog makes it: uint8 ``(H, W, 3)`` RGB."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, color=(255, 255, 255))
    position = blog_position(direction, frame, size)
    if position is None:
        # "Rotation" turns the whole picture about its centre; the circle stays at the centre.
        angle = (frame * 10 % 360) * (1 if direction == "rotate_clockwise" else -1)
        image = image.rotate(angle, center=(size[0] // 2, size[1] // 2), fillcolor=(255, 255, 255))
        position = (size[0] // 2, size[1] // 2)
    if draw:
        x, y = position
        ImageDraw.Draw(image).ellipse(
            [x - BLOG_RADIUS, y - BLOG_RADIUS, x + BLOG_RADIUS, y + BLOG_RADIUS], fill=BLOG_CIRCLE_RGB
        )
    return np.asarray(image)


def blog_clip(direction: str, draw: bool = False, frames: int = BLOG_FRAMES) -> np.ndarray:
    """A whole blog clip, uint8 ``(T, H, W, 3)``; the blog's clips have no randomness at all."""
    return np.stack([blog_frame(direction, f, draw) for f in range(frames)])


def blog_dataset_clips(draw: bool = False) -> dict[str, np.ndarray]:
    """Every blog prompt's clip (the whole "dataset": 10,000 videos are copies of these)."""
    return {prompt: blog_clip(direction, draw) for prompt, direction in BLOG_PROMPTS}


def count_distinct_clips(clips: dict[str, np.ndarray]) -> int:
    return len({clip.tobytes() for clip in clips.values()})


def write_png_dataset(n_videos: int, folder: str | Path, draw: bool = True, seed: int = 0) -> int:
    """The blog's storage: one folder per video, one PNG per frame plus ``prompt.txt``.

    Returns the number of files written. Used by the benchmark to time the approach.
    """
    import random

    from PIL import Image

    rng = random.Random(seed)
    folder = Path(folder)
    files = 0
    for index in range(n_videos):
        prompt, direction = rng.choice(BLOG_PROMPTS)
        video = folder / f"video_{index}"
        video.mkdir(parents=True, exist_ok=True)
        (video / "prompt.txt").write_text(prompt)
        for frame in range(BLOG_FRAMES):
            Image.fromarray(blog_frame(direction, frame, draw)).save(video / f"frame_{frame}.png")
        files += BLOG_FRAMES + 1
    return files
