"""Datasets on disk and the `prompts` / `dataset` commands (INTERFACE.md §4)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import data
from helpers.prompts import parse_prompt
from helpers.split import split_prompts

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, env_smoke="1"):
    import os

    env = dict(os.environ, T2V_SMOKE=env_smoke)
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env)


def test_make_dataset_is_balanced_and_labelled():
    n = 2 * len(split_prompts("train"))
    dataset = data.make_dataset(n, split="train", seed=1, height=32, width=32)
    assert dataset.clips.shape == (n, 10, 32, 32, 3) and dataset.clips.dtype == np.uint8
    counts = {}
    for text in dataset.prompts:
        counts[text] = counts.get(text, 0) + 1
    assert set(counts) == {p.text for p in split_prompts("train")}
    assert set(counts.values()) == {2}
    for text, s, c, m in zip(dataset.prompts, dataset.shape_ids, dataset.colour_ids, dataset.motion_ids):
        prompt = parse_prompt(text)
        assert (prompt.shape_id, prompt.colour_id, prompt.motion_id) == (s, c, m)


def test_same_seed_same_dataset():
    a = data.make_dataset(20, seed=4, height=32, width=32)
    b = data.make_dataset(20, seed=4, height=32, width=32)
    c = data.make_dataset(20, seed=5, height=32, width=32)
    assert np.array_equal(a.clips, b.clips) and a.prompts == b.prompts
    assert not np.array_equal(a.clips, c.clips)


def test_save_load_round_trip_and_manifest(tmp_path):
    dataset = data.make_dataset(12, split="heldout", seed=2, height=32, width=32)
    path = data.save_dataset(dataset, tmp_path / "d.npz")
    loaded = data.load_dataset(path)
    assert np.array_equal(loaded.clips, dataset.clips) and loaded.prompts == dataset.prompts
    assert loaded.manifest["split"] == "heldout" and loaded.manifest["height"] == 32
    assert not list(tmp_path.glob("*.tmp")), "no temporary file left behind"


def test_load_rejects_missing_and_foreign_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="no dataset file"):
        data.load_dataset(tmp_path / "missing.npz")
    np.savez(tmp_path / "other.npz", x=np.zeros(3))
    with pytest.raises(ValueError, match="not a dataset file"):
        data.load_dataset(tmp_path / "other.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip file")
    with pytest.raises(ValueError, match="not a readable"):
        data.load_dataset(tmp_path / "junk.npz")


def test_cached_dataset_is_made_once(tmp_path):
    first = data.cached_dataset(8, seed=3, height=32, width=32, cache_dir=tmp_path)
    files = list(tmp_path.glob("*.npz"))
    assert len(files) == 1
    mtime = files[0].stat().st_mtime_ns
    second = data.cached_dataset(8, seed=3, height=32, width=32, cache_dir=tmp_path)
    assert files[0].stat().st_mtime_ns == mtime and np.array_equal(first.clips, second.clips)
    files[0].write_bytes(b"damaged")
    third = data.cached_dataset(8, seed=3, height=32, width=32, cache_dir=tmp_path)
    assert np.array_equal(third.clips, first.clips), "a damaged cache is remade"


def test_export_png_frames_sorts_and_reads_back(tmp_path):
    from PIL import Image

    clip = data.make_dataset(1, seed=0, frames=12, height=32, width=32).clips[0]
    paths = data.export_png_frames(clip, tmp_path)
    assert [p.name for p in paths][:2] == ["frame_00.png", "frame_01.png"] and len(paths) == 12
    back = np.stack([np.asarray(Image.open(p)) for p in sorted(tmp_path.glob("*.png"))])
    assert np.array_equal(back, clip)
    with pytest.raises(ValueError, match="uint8 clip"):
        data.export_png_frames(clip.astype(float), tmp_path)


@pytest.mark.parametrize("split", ["train", "val", "heldout", "all"])
def test_cli_prompts(split):
    result = run_cli("prompts", "--split", split)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines == [p.text for p in split_prompts(split)]
    assert all(parse_prompt(line).colour is not None for line in lines), "full form, with colour"


def test_cli_dataset_writes_npz(tmp_path):
    out = tmp_path / "x.npz"
    result = run_cli("dataset", "--n", "24", "--split", "all", "--seed", "7", "--out", str(out))
    assert result.returncode == 0, result.stderr
    with np.load(out) as archive:
        assert archive["clips"].shape == (24, 10, 32, 32, 3) and archive["clips"].dtype == np.uint8
        assert len(archive["prompts"]) == 24
    assert str(out) in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dataset", "--n", "0", "--out", "x.npz"), "at least 1"),
        (("dataset", "--n", "5", "--out", "x.png"), ".npz"),
        (("prompts", "--split", "test"), "invalid choice"),
        (("nonsense",), "invalid choice"),
    ],
)
def test_cli_bad_input_fails_with_one_line(args, message):
    result = run_cli(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_help_lists_commands():
    result = run_cli("--help")
    assert result.returncode == 0 and "prompts" in result.stdout and "dataset" in result.stdout
