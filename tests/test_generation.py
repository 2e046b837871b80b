"""From prompt to file: ``generate`` writes every format, ``demo`` runs, errors are one line, the
API repeats per seed, and the notebooks' interactive demo builds and answers (issue 5)."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from helpers import generation, inference
from helpers.inference import load_model
from helpers.train import train
from helpers.video import FORMATS, read_clip, resize_clip
from helpers.world import render_prompts

REPO = Path(__file__).resolve().parent.parent
PROMPT = "red circle moving up-right"
# Lossy codecs blur the shapes' edges; the mean absolute error over all pixels stays well below these.
MEAN_ERROR = {".avi": 12, ".mp4": 12, ".gif": 8, ".png": 0, ".npy": 0}




@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> Path:
    """A tiny checkpoint: two steps of the smoke preset (what it draws does not matter here)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return train("smoke", tmp_path_factory.mktemp("ckpt"), steps=2, progress=False).checkpoint
    finally:
        torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def model(checkpoint):
    return load_model(checkpoint, device="cpu")


def run(argv, capsys):
    """``python -m helpers.generation ARGV`` in-process: (exit status, stdout, stderr)."""
    status = generation.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_process(*argv, cwd=REPO):
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "helpers.generation", *map(str, argv)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=240)


# --------------------------------------------------------------------------------------------
# generate


@pytest.mark.parametrize("suffix", FORMATS)
def test_generate_writes_every_format(tmp_path, capsys, checkpoint, model, suffix):
    out = tmp_path / f"clip{suffix}"
    status, stdout, stderr = run(["generate", PROMPT, "--checkpoint", checkpoint, "--seed", 3, "--out", out], capsys)
    assert status == 0, stderr
    assert f"wrote {out}" in stdout and "took" in stdout and "held out" in stdout
    expected = model.generate(PROMPT, seed=3)[0]
    frames, height, width = expected.shape[:3]
    back = read_clip(out, frames=frames)
    if suffix == ".npy":  # the raw array, never upscaled
        assert back.dtype == np.uint8 and np.array_equal(back, expected)
        return
    assert back.shape == (frames, 4 * height, 4 * width, 3), "video formats are upscaled 4x by default"
    error = np.abs(back.astype(int) - resize_clip(expected, 4).astype(int)).mean()
    assert error <= MEAN_ERROR[suffix], f"{suffix}: mean colour error {error:.1f}"
    assert not list(tmp_path.glob(".clip*")), "no temporary file left behind"


def test_generate_default_name_scale_and_smooth(tmp_path, capsys, monkeypatch, checkpoint, model):
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = run(["generate", "Circle  moving", "DIAGONALLY", "up-right", "--checkpoint", checkpoint,
                                  "--seed", 7], capsys)
    assert status == 0, stderr
    default = Path("outputs") / "circle_moving_up-right_seed7.avi"
    assert default.is_file(), list(tmp_path.rglob("*"))
    assert "the model chose" in stdout, "a colour-less prompt reports the colour the model picked"
    expected = model.generate("circle moving up-right", seed=7)[0]
    assert read_clip(default).shape == (expected.shape[0], 4 * expected.shape[1], 4 * expected.shape[2], 3)

    status, _, stderr = run(["generate", PROMPT, "--checkpoint", checkpoint, "--scale", 2, "--out", "a.gif"], capsys)
    assert status == 0, stderr
    assert read_clip("a.gif").shape[1] == 2 * expected.shape[1]
    status, _, stderr = run(["generate", PROMPT, "--checkpoint", checkpoint, "--scale", 3, "--smooth",
                             "--out", "b.png"], capsys)
    assert status == 0, stderr
    smooth = read_clip("b.png", frames=expected.shape[0])
    assert smooth.shape[1] == 3 * expected.shape[1]
    assert not np.array_equal(smooth, resize_clip(model.generate(PROMPT, seed=0)[0], 3)), "bicubic, not nearest"
    status, _, stderr = run(["generate", PROMPT, "--checkpoint", checkpoint, "--scale", 5, "--out", "c.npy"], capsys)
    assert status == 0 and np.load("c.npy").shape == expected.shape, "--scale never applies to .npy"


def test_api_same_seed_same_clips(checkpoint, model):
    prompts = [PROMPT, "green square rotating clockwise", "triangle expanding"]
    first = model.generate(prompts, seed=0)
    assert first.dtype == np.uint8 and first.shape[:2] == (3, model.frames) and first.shape[-1] == 3
    assert np.array_equal(first, model.generate(prompts, seed=0))
    assert np.array_equal(first, load_model(checkpoint, device="cpu").generate(prompts, seed=0)), (
        "a fresh load gives the same clips")
    assert not np.array_equal(first, model.generate(prompts, seed=1)), "another seed, other clips"
    alone = model.generate(PROMPT, seed=0)  # another batch size may round a few values differently
    assert np.abs(first[:1].astype(int) - alone).max() <= 1, "a clip does not depend on the batch after it"


# --------------------------------------------------------------------------------------------
# errors: one line on stderr, exit status 2, nothing written


class Foreign:
    """A Python object: a safe load refuses a file that pickles one."""


def _bad_checkpoints(folder: Path, checkpoint: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    truncated = folder / "truncated.pt"
    truncated.write_bytes(checkpoint.read_bytes()[: checkpoint.stat().st_size // 2])
    foreign = folder / "foreign.pt"
    torch.save({"weights": torch.zeros(3)}, foreign)
    pickled = folder / "pickled.pt"
    torch.save({"thing": Foreign()}, pickled)
    text = folder / "notes.pt"
    text.write_text("not a checkpoint\n")
    return {"missing": folder / "missing.pt", "truncated": truncated, "foreign": foreign, "pickled": pickled,
            "text": text, "folder": folder}


BAD_PROMPTS = {
    "purple circle moving up": "purple",
    "": "empty prompt",
    "red circle square moving up": "two shapes",
    "red circle dancing": "dancing",
}


@pytest.mark.parametrize("prompt", BAD_PROMPTS)
def test_bad_prompts_are_one_line_errors(tmp_path, capsys, checkpoint, prompt):
    out = tmp_path / "x.avi"
    status, stdout, stderr = run(["generate", prompt, "--checkpoint", checkpoint, "--out", out], capsys)
    assert status == 2 and not stdout
    assert stderr.count("\n") == 1 and stderr.startswith("error: "), stderr
    assert BAD_PROMPTS[prompt] in stderr and "Vocabulary" in stderr, "names the problem and lists the words"
    assert not out.exists()


@pytest.mark.parametrize("kind", ["missing", "truncated", "foreign", "pickled", "text", "folder"])
def test_bad_checkpoints_are_one_line_errors(tmp_path, capsys, checkpoint, kind):
    bad = _bad_checkpoints(tmp_path / "bad", checkpoint)[kind]
    out = tmp_path / "x.avi"
    status, stdout, stderr = run(["generate", PROMPT, "--checkpoint", bad, "--out", out], capsys)
    assert status == 2 and not stdout
    assert stderr.count("\n") == 1 and stderr.startswith("error: ") and str(bad) in stderr, stderr
    assert not out.exists()


def test_unknown_extension_is_refused_before_loading(tmp_path, capsys):
    status, _, stderr = run(["generate", PROMPT, "--checkpoint", tmp_path / "missing.pt", "--out",
                             tmp_path / "clip.mkv"], capsys)
    assert status == 2 and "unknown video format" in stderr and ".avi" in stderr and stderr.count("\n") == 1


def test_errors_from_a_real_process_have_no_traceback(tmp_path, checkpoint):
    bad = _bad_checkpoints(tmp_path / "bad", checkpoint)
    for argv, expected in [
        (["generate", "purple circle moving up", "--checkpoint", checkpoint], "purple"),
        (["generate", PROMPT, "--checkpoint", bad["truncated"]], "truncated"),
        (["demo", "--checkpoint", bad["foreign"]], "not a checkpoint of this course"),
    ]:
        result = run_process(*argv, "--out", tmp_path / "x.avi")
        assert result.returncode == 2, result
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert expected in result.stderr


# --------------------------------------------------------------------------------------------
# demo


def test_demo_writes_the_headline_prompt(tmp_path, capsys, monkeypatch, checkpoint, model):
    monkeypatch.chdir(tmp_path)
    status, stdout, stderr = run(["demo", "--checkpoint", checkpoint], capsys)
    assert status == 0, stderr
    path = tmp_path / generation.DEMO_OUTPUT
    assert path.name == "demo_circle_moving_up-right.avi" and f"wrote {generation.DEMO_OUTPUT}" in stdout
    assert "held out" in stdout and "never" in stdout and "took" in stdout
    back = read_clip(path)
    expected = model.generate("circle moving up-right", seed=0)[0]
    assert back.shape == (expected.shape[0], 4 * expected.shape[1], 4 * expected.shape[2], 3)
    assert b"XVID" in path.read_bytes()[:1024]


def test_demo_in_a_fresh_process(tmp_path, checkpoint):
    result = run_process("demo", "--checkpoint", checkpoint, "--out", tmp_path / "demo.avi")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "demo.avi").is_file() and "held out" in result.stdout


def test_demo_without_the_shipped_checkpoint_fails_clearly(tmp_path, capsys, monkeypatch):
    """No fallback: a missing shipped checkpoint is an error that says how to get one."""
    monkeypatch.setattr(inference, "DEFAULT_CHECKPOINT", tmp_path / "t2v_gan.pt")
    status, stdout, stderr = run(["demo", "--out", tmp_path / "d.avi"], capsys)
    assert status == 2 and not stdout and "t2v_gan.pt" in stderr and "train" in stderr
    assert stderr.count("\n") == 1 and not (tmp_path / "d.avi").exists()


def test_demo_uses_the_shipped_checkpoint_when_present(tmp_path, capsys, monkeypatch, checkpoint):
    monkeypatch.setattr(inference, "DEFAULT_CHECKPOINT", checkpoint)
    status, stdout, stderr = run(["demo", "--out", tmp_path / "d.mp4"], capsys)
    assert status == 0, stderr
    assert read_clip(tmp_path / "d.mp4").shape[0] == 10


def test_register_adds_both_commands_and_hides_the_test_option():
    import argparse

    parser = argparse.ArgumentParser()
    generation.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["generate", "red", "circle", "moving", "up", "--seed", "4"])
    assert args.prompt == ["red", "circle", "moving", "up"] and args.seed == 4 and args.run is generation.cmd_generate
    assert parser.parse_args(["demo"]).run is generation.cmd_demo
    assert "--checkpoint" not in generation.build_parser()._subparsers._group_actions[0].choices["demo"].format_help()


# --------------------------------------------------------------------------------------------
# the notebooks' tools


def test_interactive_demo_builds_and_answers(model):
    pytest.importorskip("ipywidgets")
    demo = generation.build_demo(model)
    assert demo.prompt.value == "circle moving up-right" and demo.colour.value == "any"
    demo.colour.value = "blue"
    demo.motion.value = "shrinking"
    assert demo.prompt.value == "blue circle shrinking", "menus write the prompt"
    demo.seed.value = 5
    demo.button.click()  # what pressing "Generate" does
    (shown,) = demo.output.outputs
    assert "<video" in shown["data"]["text/html"] and "seed 5" in shown["data"]["text/plain"]

    demo.prompt.value = "purple circle moving up"
    assert demo.generate() is False
    (shown,) = demo.output.outputs
    assert "<video" not in shown["data"]["text/html"]
    assert "purple" in shown["data"]["text/plain"] and "Vocabulary" in shown["data"]["text/plain"]


def test_make_video_without_widgets(model):
    html, ok = generation.prompt_html(model, "square bouncing vertically", seed=2)
    assert ok and "<video" in html and "the model chose" in html
    html, ok = generation.prompt_html(model, "circle", seed=2)
    assert not ok and "no motion" in html
    assert "<video" in generation.make_video(model, PROMPT).data


def test_interpolation_ends_at_both_prompts(model):
    start, end = "red circle moving right", "blue circle moving up"
    clips = generation.interpolate_prompts(model, start, end, steps=4, seed=2)
    assert clips.dtype == np.uint8 and clips.shape == (4, *model.generate(start, seed=2).shape[1:])
    first, last = model.generate(start, seed=2)[0], model.generate(end, seed=2)[0]
    assert np.abs(clips[0].astype(int) - first).max() <= 1
    assert np.abs(clips[-1].astype(int) - last).max() <= 1
    assert not np.array_equal(clips[1], clips[0]) and not np.array_equal(clips[1], clips[-1])
    with pytest.raises(ValueError, match="at least 2"):
        generation.interpolate_prompts(model, start, end, steps=1)


def test_colour_and_direction_from_pixels():
    clips = render_prompts(["red circle moving right", "blue square moving up", "green triangle moving down-left",
                            "yellow circle shrinking"], seed=0).numpy()
    assert [generation.dominant_colour(c) for c in clips] == ["red", "blue", "green", "yellow"]
    assert generation.dominant_colour(np.full_like(clips[0], 255)) is None
    directions = [generation.travel_direction(c) for c in clips[:3]]
    for got, want in zip(directions, (0, 90, -135)):
        assert abs((got - want + 180) % 360 - 180) < 20, directions
    assert generation.centroid_track(clips[0]).shape == (clips.shape[1], 2)


def test_timing_helper(model):
    assert 0 < generation.ms_per_clip(model, batch_size=4, repeats=1) < 10_000
    since = generation.seconds_since_process_start()
    assert since is None or since > 0
