"""Notebook utilities: inline animations, the environment check, exercise self-checks."""

import io

import numpy as np
import pytest
import torch

from helpers import display, exercises, runtime, setup
from helpers.world import render_prompts


def test_gif_round_trip():
    from PIL import Image

    clip = render_prompts(["red circle moving up"], seed=0).numpy()[0]
    gif = Image.open(io.BytesIO(display.gif_bytes(clip, scale=2)))
    assert gif.n_frames == 10 and gif.size == (128, 128)


def test_clips_html_has_one_animation_per_clip():
    clips = render_prompts(["red circle moving up", "blue square shrinking"], seed=0)
    html = display.clips_html(clips, ["a <b>", "b"])
    assert html.count("data:image/gif;base64,") == 2 and "a &lt;b&gt;" in html
    with pytest.raises(ValueError, match="labels"):
        display.clips_html(clips, ["only one"])


def test_display_rejects_wrong_shapes():
    with pytest.raises(ValueError, match="uint8 clips"):
        display.as_uint8_clips(np.zeros((10, 64, 64), dtype=np.uint8))
    with pytest.raises(ValueError, match="uint8 clips"):
        display.as_uint8_clips(torch.zeros(1, 10, 8, 8, 3))


def test_frame_strip_and_upscale():
    clip = render_prompts(["green triangle moving left"], seed=1, height=32, width=32).numpy()[0]
    strip = display.frame_strip(clip, gap=1)
    assert strip.shape == (32, 10 * 33 - 1, 3)
    assert np.array_equal(strip[:, 33:65], clip[1])
    assert display.upscale(clip, 3).shape == (10, 96, 96, 3)


def test_smoke_switch(monkeypatch):
    monkeypatch.setenv("T2V_SMOKE", "1")
    assert runtime.is_smoke() and runtime.pick(10, 2) == 2 and runtime.world_size().height == 32
    for off in ("", "0", "false"):
        monkeypatch.setenv("T2V_SMOKE", off)
        assert not runtime.is_smoke() and runtime.world_size().height == 64


def test_device_choice_never_fails_without_gpu():
    device = runtime.pick_device()
    assert device.type in ("cpu", "cuda", "mps")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="no CUDA GPU"):
            runtime.pick_device("cuda")


def test_check_environment_reports_and_never_installs_torch(monkeypatch, capsys):
    installed = []
    monkeypatch.setattr(setup, "install", lambda packages: installed.extend(packages))
    monkeypatch.setattr(setup, "missing_packages", lambda: ["imageio-ffmpeg"])
    info = setup.check_environment()
    assert installed == ["imageio-ffmpeg"]
    assert "torch" not in setup.OPTIONAL_PACKAGES.values()
    assert info["platform"] in ("colab", "kaggle", "local") and "device" in capsys.readouterr().out


def test_platform_detection(monkeypatch):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "x")
    assert setup.platform_name() == "colab"
    monkeypatch.delenv("COLAB_RELEASE_TAG")
    monkeypatch.setenv("KAGGLE_KERNEL_RUN_TYPE", "Interactive")
    assert setup.platform_name() == "kaggle"


def test_exercise_checks(capsys):
    assert exercises.check("02.1", None) is False
    assert "not attempted" in capsys.readouterr().out
    assert exercises.check("02.1", "blue triangle moving down-left") is True
    with pytest.raises(AssertionError):
        exercises.check("02.1", "blue triangle moving diagonally down-left")
    with pytest.raises(AssertionError):
        exercises.check("02.3", 4)
    with pytest.raises(KeyError, match="no exercise"):
        exercises.check("99.9", 1)
