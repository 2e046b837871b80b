"""Every output format is written and read back: frame count, size, colours within codec tolerance."""

import numpy as np
import pytest

from helpers.video import FORMATS, read_clip, resize_clip, video_html, write_clip
from helpers.world import render_prompts

# Lossy codecs blur edges; compare colours where they matter: the shape's interior and the background.
CODEC_TOLERANCE = {".avi": 40, ".mp4": 30, ".gif": 12, ".png": 0, ".npy": 0}


@pytest.fixture(scope="module")
def clip():
    return render_prompts(["red square moving right"], seed=0).numpy()[0]


def _interior_and_background_error(original, decoded):
    """Mean absolute colour error on pixels far from any edge (uniform 5x5 neighbourhood)."""
    from numpy.lib.stride_tricks import sliding_window_view

    windows = sliding_window_view(original.astype(int), (5, 5), axis=(1, 2))
    flat = (windows.max(axis=(-1, -2)) == windows.min(axis=(-1, -2))).all(axis=-1)
    inner = np.zeros(original.shape[:3], dtype=bool)
    inner[:, 2:-2, 2:-2] = flat
    return np.abs(original.astype(int) - decoded.astype(int))[inner].mean(), original[inner]


@pytest.mark.parametrize("suffix", FORMATS)
def test_write_and_read_back(tmp_path, clip, suffix):
    path = write_clip(clip, tmp_path / f"clip{suffix}")
    assert path.is_file() and path.stat().st_size > 0
    back = read_clip(path, frames=len(clip))
    assert back.shape == clip.shape and back.dtype == np.uint8
    error, _ = _interior_and_background_error(clip, back)
    assert error <= CODEC_TOLERANCE[suffix], f"{suffix}: mean colour error {error:.1f}"
    assert not list(tmp_path.glob(".clip*")), "no temporary file left behind"


@pytest.mark.parametrize("suffix", [".avi", ".mp4"])
def test_red_stays_red(tmp_path, clip, suffix):
    """RGB order survives (OpenCV is BGR inside): the square's interior decodes as red, not blue."""
    back = read_clip(write_clip(clip, tmp_path / f"c{suffix}", scale=2))
    interior = back[0][(np.abs(back[0].astype(int) - [220, 30, 30]).sum(-1) < 80)]
    assert len(interior) > 40
    red, green, blue = interior.mean(axis=0)
    assert red > 150 and blue < 90


def test_upscaling_is_for_viewing_only(tmp_path, clip):
    assert read_clip(write_clip(clip, tmp_path / "a.gif", scale=3)).shape == (10, 192, 192, 3)
    assert read_clip(write_clip(clip, tmp_path / "a.npy", scale=3)).shape == clip.shape
    crisp = resize_clip(clip, 2)
    assert np.array_equal(crisp[:, ::2, ::2], clip)
    smooth = resize_clip(clip, 2, smooth=True)
    assert smooth.shape == crisp.shape and not np.array_equal(smooth, crisp)


def test_bad_requests_give_clear_errors(tmp_path, clip):
    with pytest.raises(ValueError, match="unknown video format"):
        write_clip(clip, tmp_path / "clip.mov")
    with pytest.raises(ValueError, match="one clip"):
        write_clip(np.stack([clip, clip]), tmp_path / "clip.gif")
    with pytest.raises(ValueError, match="uint8"):
        write_clip(clip.astype(np.float32), tmp_path / "clip.gif")
    with pytest.raises(ValueError, match="scale"):
        write_clip(clip, tmp_path / "clip.gif", scale=0)
    with pytest.raises(FileNotFoundError):
        read_clip(tmp_path / "missing.avi")


def test_inline_video_is_embedded_h264(clip):
    html = video_html(clip, scale=2)
    assert html.startswith("<video") and "data:video/mp4;base64," in html


def test_avi_is_tagged_xvid(tmp_path, clip):
    header = write_clip(clip, tmp_path / "c.avi").read_bytes()[:1024]
    assert b"vidsXVID" in header, "the AVI stream header names the XVID codec"
