"""From a prompt to a video file: the ``generate`` and ``demo`` commands, the notebooks'
interactive demo, and two small tools for looking at what the generator learned.

Command line (INTERFACE §4; wired into ``python -m helpers`` by :func:`register`)::

    python -m helpers generate "red circle moving up-right" --seed 3 --out outputs/red.mp4
    python -m helpers demo          # the held-out headline prompt, with the shipped model, as an AVI

The format of ``generate`` follows the extension of ``--out`` (see :mod:`helpers.video`):
``.avi`` (XVID, the default), ``.mp4`` (H.264), ``.gif``, ``.png`` (a strip of frames) or ``.npy``
(the raw uint8 ``(T, H, W, 3)`` array). Video and image formats are upscaled ``--scale`` times
(default 4) so the small frames are visible; a ``.npy`` always holds the clip as generated.
Bad prompts, missing or unusable checkpoints and unknown formats end with one line on stderr and
exit status 2.

In notebooks: :func:`build_demo` returns an ipywidgets panel (colour, shape and motion menus,
a free-text prompt, a seed slider and a Generate button); :func:`prompt_html` is the same thing
as one function call, for places where widgets cannot render. :func:`interpolate_prompts` walks
between two prompts' text vectors with the noise held fixed.

Start-up is kept short (the demo must finish in seconds on a CPU): torch loads only when a
command needs the model, and nothing here imports matplotlib or torchvision.
"""

from __future__ import annotations

import argparse
import html
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .prompts import COLOURS, MOTIONS, SHAPES, PromptError, parse_prompt
from .split import HEADLINE_PROMPT, is_held_out, split_of

OUTPUT_DIR = Path("outputs")
DEFAULT_SCALE = 4
DEMO_OUTPUT = OUTPUT_DIR / "demo_circle_moving_up-right.avi"
ANY_COLOUR = "any"
FORMAT_NAMES = {".avi": "AVI (XVID)", ".mp4": "MP4 (H.264)", ".gif": "animated GIF", ".png": "PNG frame strip",
                ".npy": "NumPy array"}


# --------------------------------------------------------------------------------------------
# Files


def default_output_path(prompt: str, seed: int, suffix: str = ".avi") -> Path:
    """``outputs/<normalised_prompt_with_underscores>_seed<N><suffix>``."""
    name = parse_prompt(prompt).text.replace(" ", "_")
    return OUTPUT_DIR / f"{name}_seed{seed}{suffix}"


def check_output_path(path: str | Path) -> Path:
    """Refuse an unknown extension before any work is done (one-line ``ValueError``)."""
    from .video import FORMATS

    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        shown = repr(path.suffix) if path.suffix else "no extension"
        raise ValueError(f"cannot write {str(path)!r}: unknown video format ({shown}); "
                         f"use one of {', '.join(FORMATS)}")
    if path.is_dir():
        raise ValueError(f"{str(path)!r} is a folder; give a file name such as {str(path / 'clip.avi')!r}")
    return path


def save_clip(clip: np.ndarray, path: str | Path, scale: int | None = None, smooth: bool = False) -> Path:
    """Write one clip with :func:`helpers.video.write_clip`; ``scale`` defaults to 4 (never for .npy)."""
    from .video import write_clip

    path = check_output_path(path)
    scale = DEFAULT_SCALE if scale is None else scale
    if path.suffix.lower() == ".npy":
        scale = 1
    try:
        return write_clip(clip, path, scale=scale, smooth=smooth)
    except PermissionError as error:
        raise RuntimeError(f"cannot write {str(path)!r}: {error.strerror or 'permission denied'}") from None
    except IsADirectoryError as error:
        raise RuntimeError(f"cannot write {str(path)!r}: {error.strerror or 'is a folder'}") from None


def describe_file(path: Path, clip: np.ndarray, scale: int) -> str:
    """E.g. ``"10 frames of 128x128, AVI (XVID)"``."""
    frames, height, width = clip.shape[:3]
    suffix = path.suffix.lower()
    if suffix != ".npy":
        height, width = height * scale, width * scale
    return f"{frames} frames of {width}x{height}, {FORMAT_NAMES.get(suffix, suffix)}"


# --------------------------------------------------------------------------------------------
# Looking at clips without a classifier


def dominant_colour(clip: np.ndarray, min_pixels: int = 4) -> str | None:
    """The course colour nearest to the average of a clip's saturated pixels (None if there are
    too few): how to tell which colour the model chose for a colour-less prompt."""
    from .world import COLOUR_RGB

    clip = np.asarray(clip).astype(np.float32)
    saturated = (clip.max(axis=-1) - clip.min(axis=-1)) > 80
    if saturated.sum() < min_pixels:
        return None
    mean = clip[saturated].mean(axis=0)
    palette = np.array([COLOUR_RGB[c] for c in COLOURS], dtype=np.float32)
    return COLOURS[int(np.argmin(((palette - mean) ** 2).sum(axis=1)))]


# Nominal direction of travel of the straight motions, in degrees (0 = right, 90 = up).
STRAIGHT_DIRECTIONS: dict[str, int] = {
    "moving right": 0, "moving up-right": 45, "moving up": 90, "moving up-left": 135, "moving left": 180,
    "moving down-left": -135, "moving down": -90, "moving down-right": -45,
}


def centroid_track(clip: np.ndarray, threshold: int = 30) -> np.ndarray:
    """``(T, 2)`` centre (x, y) of each frame's non-white pixels, in pixels (NaN for an empty frame)."""
    clip = np.asarray(clip)
    ink = (255 - clip.astype(np.int16)).sum(axis=-1) > threshold
    track = np.full((len(clip), 2), np.nan)
    for index, mask in enumerate(ink):
        ys, xs = np.nonzero(mask)
        if len(xs):
            track[index] = xs.mean(), ys.mean()
    return track


def travel_direction(clip: np.ndarray) -> float:
    """Direction of travel from the first to the last frame, in degrees counter-clockwise from
    "right" with "up" at +90 (image rows grow downwards, so y is flipped). NaN if a frame is empty."""
    track = centroid_track(clip)
    dx, dy = track[-1] - track[0]
    return float(np.degrees(np.arctan2(-dy, dx)))


# --------------------------------------------------------------------------------------------
# Beyond the blog: walking between prompts


def interpolate_prompts(model, start: str, end: str, steps: int = 5, seed: int = 0) -> np.ndarray:
    """Clips whose text vector slides linearly from ``start``'s to ``end``'s, noise held fixed.

    Returns uint8 ``(steps, T, H, W, 3)``. The first clip is exactly ``model.generate(start,
    seed)[0]`` and the last ``model.generate(end, seed)[0]``: the generator reads the prompt only
    through its text encoder, so this function swaps the encoder's output for the mixed vectors
    (a forward hook on ``model.generator.text``) and otherwise runs the generator unchanged.
    """
    import torch

    from .text_encoder import encode_prompts
    from .train import step_generator
    from .world import to_uint8_clips

    if steps < 2:
        raise ValueError(f"an interpolation needs at least 2 steps, got {steps}")
    generator = model.generator.eval()
    device = model.device
    tokens = encode_prompts(model.vocab, [parse_prompt(start), parse_prompt(end)], device)
    z = generator.sample_z(1, step_generator(int(seed), -1, 0)).to(device)  # clip 0's noise, as generate()
    with torch.no_grad():
        text = generator.text(tokens)
        alphas = torch.linspace(0.0, 1.0, steps, device=device, dtype=text.dtype)[:, None]
        mixed = (1.0 - alphas) * text[0] + alphas * text[1]
        handle = generator.text.register_forward_hook(lambda module, inputs, output: mixed.to(output.dtype))
        try:
            clips = generator(tokens[:1].expand(steps, -1), z.expand(steps, -1))
        finally:
            handle.remove()
    return to_uint8_clips(clips).cpu().numpy()


def ms_per_clip(model, batch_size: int, repeats: int = 3, seed: int = 0) -> float:
    """Median milliseconds per clip when generating ``batch_size`` clips at once (after a warm-up)."""
    from .split import split_prompts

    texts = [p.text for p in split_prompts("all")]
    batch = (texts * (batch_size // len(texts) + 1))[:batch_size]
    model.generate(batch, seed=seed)  # warm-up: first calls allocate memory and pick kernels
    times = []
    for repeat in range(repeats):
        start = time.perf_counter()
        model.generate(batch, seed=seed + repeat)
        times.append(time.perf_counter() - start)
    return 1000.0 * float(np.median(times)) / batch_size


# --------------------------------------------------------------------------------------------
# Interactive demo (notebooks)


def compose_prompt(colour: str | None, shape: str, motion: str) -> str:
    """The prompt the menus describe; ``colour`` None or ``"any"`` leaves the colour open."""
    words = [] if colour in (None, "", ANY_COLOUR) else [colour]
    return " ".join([*words, shape, motion])


def _prompt_result(model, prompt: str, seed: int, scale: int) -> tuple[str, str, bool]:
    """``(html, plain text, ok)`` for one prompt: the video with a caption, or the error message."""
    from .video import video_html

    try:
        parsed = parse_prompt(prompt)
    except PromptError as error:
        message = f"error: {error}"
        return (f'<div style="color:#b00020;white-space:pre-wrap;font-family:monospace">{html.escape(message)}'
                "</div>"), message, False
    start = time.perf_counter()
    clip = model.generate([parsed], seed=int(seed))[0]
    ms = 1000 * (time.perf_counter() - start)
    status = _split_words(parsed)
    colour = "" if parsed.colour else f"; the model chose {dominant_colour(clip) or 'no clear colour'}"
    caption = f"{parsed.text!r}, seed {int(seed)} ({status}{colour}); generated in {ms:.0f} ms"
    return (f'<div>{video_html(clip, scale=scale)}<div style="font-size:12px">{html.escape(caption)}</div>'
            "</div>"), caption, True


def _split_words(prompt) -> str:
    """Where a prompt stands in the code's split, in words. Validation combinations are outside
    the current training split, but a checkpoint older than that split was trained on them."""
    if not is_held_out(prompt):
        return "seen in training"
    if prompt.colour is not None and split_of(prompt) == "val":
        return "validation split: not in the current training split (checkpoints older than it were trained on it)"
    return "held out: never in training"


def prompt_html(model, prompt: str, seed: int = 0, scale: int = DEFAULT_SCALE) -> tuple[str, bool]:
    """``(html, ok)``: an inline looping video of ``prompt`` with a caption, or, for a bad prompt,
    the error message (``ok`` False). Shared by :func:`build_demo` and :func:`make_video`."""
    html_text, _plain, ok = _prompt_result(model, prompt, seed, scale)
    return html_text, ok


def make_video(model, prompt: str, seed: int = 0, scale: int = DEFAULT_SCALE):
    """One call instead of the widgets: an ``IPython.display.HTML`` with the video (or the error)."""
    from IPython.display import HTML

    return HTML(prompt_html(model, prompt, seed, scale)[0])


class GenerationDemo:
    """The widgets of :func:`build_demo`, kept as attributes so code and tests can drive them.

    ``box`` is the panel to display; ``generate()`` is what the button does. Choosing from a menu
    writes the prompt into the text box, which can also be edited freely.
    """

    def __init__(self, model, prompt: str = HEADLINE_PROMPT, seed: int = 0, scale: int = DEFAULT_SCALE):
        import ipywidgets as widgets

        self.model = model
        self.scale = scale
        parsed = parse_prompt(prompt)
        self.colour = widgets.Dropdown(options=[ANY_COLOUR, *COLOURS], value=parsed.colour or ANY_COLOUR,
                                       description="colour")
        self.shape = widgets.Dropdown(options=list(SHAPES), value=parsed.shape, description="shape")
        self.motion = widgets.Dropdown(options=list(MOTIONS), value=parsed.motion, description="motion")
        self.prompt = widgets.Text(value=parsed.text, description="prompt",
                                   layout=widgets.Layout(width="420px"))
        self.seed = widgets.IntSlider(value=int(seed), min=0, max=99, description="seed")
        self.button = widgets.Button(description="Generate", button_style="primary", icon="play")
        self.output = widgets.Output()
        for menu in (self.colour, self.shape, self.motion):
            menu.observe(self._menu_changed, names="value")
        self.button.on_click(lambda _button: self.generate())
        self.box = widgets.VBox([
            widgets.HBox([self.colour, self.shape, self.motion]),
            widgets.HBox([self.prompt, self.seed, self.button]),
            self.output,
        ])

    def _menu_changed(self, _change) -> None:
        self.prompt.value = compose_prompt(self.colour.value, self.shape.value, self.motion.value)

    def _show(self, html_text: str, plain: str) -> None:
        # Setting the Output's ``outputs`` directly works in a kernel and outside one (tests).
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": html_text, "text/plain": plain}},)

    def generate(self) -> bool:
        """Generate the text box's prompt with the slider's seed into the output; False on a bad prompt."""
        self._show("<i>generating…</i>", "generating…")
        html_text, plain, ok = _prompt_result(self.model, self.prompt.value, self.seed.value, self.scale)
        self._show(html_text, plain)
        return ok

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def build_demo(model, prompt: str = HEADLINE_PROMPT, seed: int = 0, scale: int = DEFAULT_SCALE) -> GenerationDemo:
    """The interactive demo: ``display(build_demo(model).box)``. Raises ImportError without ipywidgets."""
    return GenerationDemo(model, prompt, seed, scale)


# --------------------------------------------------------------------------------------------
# Command line


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seconds_since_process_start() -> float | None:
    """Wall time since this Python process started (Linux ``/proc``), start-up included; else None."""
    import os

    try:
        with open("/proc/self/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return max(0.0, uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _timing(total: float, load_s: float, gen_s: float) -> str:
    since_start = seconds_since_process_start()
    overall = f"; {since_start:.1f} s since Python started" if since_start is not None else ""
    return (f"took {total:.1f} s (loading the model {load_s:.1f} s, generating {1000 * gen_s:.0f} ms, "
            f"writing {1000 * (total - load_s - gen_s):.0f} ms{overall})")


def _load(checkpoint: str | None):
    from .inference import load_model

    start = time.perf_counter()
    model = load_model(checkpoint)
    return model, time.perf_counter() - start


def cmd_generate(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    prompt = parse_prompt(" ".join(args.prompt))  # refuse a bad prompt before loading anything
    out = check_output_path(args.out) if args.out else default_output_path(prompt.text, args.seed)
    model, load_s = _load(args.checkpoint)
    t0 = time.perf_counter()
    clip = model.generate([prompt], seed=args.seed)[0]
    gen_s = time.perf_counter() - t0
    scale = DEFAULT_SCALE if args.scale is None else args.scale
    path = save_clip(clip, out, scale=scale, smooth=args.smooth)
    total = time.perf_counter() - start
    note = f" ({_split_words(prompt)})" if is_held_out(prompt) else ""
    if prompt.colour is None:
        note += f"; colour left open, the model chose {dominant_colour(clip) or 'no clear colour'}"
    print(f"wrote {path} ({describe_file(path, clip, scale)}) for {prompt.text!r}, seed {args.seed}{note}")
    print(_timing(total, load_s, gen_s))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    prompt = parse_prompt(HEADLINE_PROMPT)
    out = check_output_path(args.out) if args.out else DEMO_OUTPUT
    if not is_held_out(prompt):  # the split is fixed in code; this guards the sentence printed below
        raise RuntimeError(f"{prompt.text!r} is no longer held out; update the demo")
    model, load_s = _load(args.checkpoint)
    t0 = time.perf_counter()
    clip = model.generate([prompt], seed=0)[0]
    gen_s = time.perf_counter() - t0
    path = save_clip(clip, out, scale=DEFAULT_SCALE)
    total = time.perf_counter() - start
    print(f"demo: {prompt.text!r} is held out: this combination was never in training (no circle moved "
          "up-right, in any colour), though circles moved every other way and squares and triangles moved up-right.")
    print(f"wrote {path} ({describe_file(path, clip, DEFAULT_SCALE)}; the model chose "
          f"{dominant_colour(clip) or 'no clear colour'}) with the model trained for {model.step} steps")
    print(_timing(total, load_s, gen_s))
    return 0


def register(subparsers) -> None:
    """Add the ``generate`` and ``demo`` commands to ``python -m helpers``'s subparsers."""
    from .video import FORMATS

    p = subparsers.add_parser("generate", help="write one generated clip; the format follows --out's extension")
    p.add_argument("prompt", nargs="+", help='the prompt, e.g. "red circle moving up-right" (quotes optional)')
    p.add_argument("--checkpoint", default=None, metavar="PATH",
                   help="a checkpoint from `python -m helpers train` (default: the shipped model)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same clip (default: 0)")
    p.add_argument("--out", default=None, metavar="FILE",
                   help=f"output file, one of {', '.join(FORMATS)} "
                        "(default: outputs/<prompt_with_underscores>_seed<N>.avi)")
    p.add_argument("--scale", type=_positive_int, default=None, metavar="K",
                   help=f"upscale frames K times for viewing (default {DEFAULT_SCALE}; never applied to .npy)")
    p.add_argument("--smooth", action="store_true", help="upscale bicubically instead of keeping crisp pixels")
    p.set_defaults(run=cmd_generate)

    p = subparsers.add_parser("demo", help=f"generate the held-out prompt {HEADLINE_PROMPT!r} with the shipped "
                                           f"model into {DEMO_OUTPUT}")
    p.add_argument("--out", default=None, metavar="FILE", help=f"output file (default: {DEMO_OUTPUT})")
    p.add_argument("--checkpoint", default=None, help=argparse.SUPPRESS)  # tests and benchmarks only
    p.set_defaults(run=cmd_demo)


def build_parser() -> argparse.ArgumentParser:
    """A parser with just this module's commands (``python -m helpers.generation …``)."""
    parser = argparse.ArgumentParser(prog="python -m helpers.generation",
                                     description="Generate clips from prompts with a trained model.")
    register(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser


def one_line(error: BaseException) -> str:
    text = " ".join(line.strip() for line in str(error).splitlines() if line.strip())
    return text or type(error).__name__


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(None if argv is None else list(argv))
    try:
        return args.run(args)
    except (PromptError, ValueError, FileNotFoundError, RuntimeError, OSError) as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


__all__ = [
    "DEMO_OUTPUT", "STRAIGHT_DIRECTIONS", "GenerationDemo", "build_demo", "centroid_track", "compose_prompt",
    "default_output_path", "dominant_colour", "interpolate_prompts", "main", "make_video", "ms_per_clip",
    "prompt_html", "register", "save_clip", "travel_direction",
]

if __name__ == "__main__":
    sys.exit(main())
