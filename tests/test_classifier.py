"""The evaluation classifier (INTERFACE.md §6): shipped weights, accuracy on fresh real clips, controls."""

from pathlib import Path

import numpy as np
import pytest
import torch

from helpers import classifier as C
from helpers.world import render_prompts, to_model_tensor

FRESH_SEED = 31_337  # never used for training (training streams use seeds 0.., its check 10_000+)


@pytest.fixture(scope="module")
def model():
    return C.load_classifier(device="cpu")


def test_shipped_weights_are_small_and_plain():
    path = C.DEFAULT_WEIGHTS
    assert path.is_file(), "helpers/assets/classifier.pt is missing"
    assert path.stat().st_size < 2_000_000
    data = torch.load(path, map_location="cpu", weights_only=True)
    assert set(data) == {"config", "state_dict"}
    assert data["config"]["height"] == 64 and data["config"]["width"] == 64
    assert all(isinstance(v, torch.Tensor) for v in data["state_dict"].values())


def test_accuracy_on_fresh_real_clips_64(model):
    acc = C.real_accuracy(model, n_per_combination=2, seed=FRESH_SEED, height=64, width=64)
    assert acc["n"] == 2 * 192
    for name in C.ATTRIBUTES:
        assert acc[name] >= 0.99, f"{name} accuracy {acc[name]:.3f} on fresh real clips"


def test_usable_at_smoke_size_32(model):
    acc = C.real_accuracy(model, n_per_combination=1, seed=FRESH_SEED, height=32, width=32)
    for name in C.ATTRIBUTES:
        assert acc[name] >= 0.95, f"{name} accuracy {acc[name]:.3f} at 32x32"


def test_shuffled_frames_collapse_motion_only(model):
    """The control: with frames shuffled in time, motion is lost but shape and colour are not."""
    acc = C.shuffled_frames_accuracy(model, n_per_combination=1, seed=FRESH_SEED)
    assert acc["motion"] < 0.5, f"motion accuracy {acc['motion']:.3f} survives shuffled frames"
    assert acc["shape"] >= 0.95 and acc["colour"] >= 0.95


def test_predict_and_features_accept_every_layout(model):
    clips = render_prompts(["red circle moving up", "blue triangle shrinking"], seed=1)
    from_uint8 = model.predict(clips.numpy())
    from_float = model.predict(to_model_tensor(clips))
    one = model.predict(clips[0])
    assert from_uint8["motion"].tolist() == from_float["motion"].tolist()
    assert one["shape"].shape == (1,)
    assert from_uint8["motion_prob"].shape == (2, 16)
    np.testing.assert_allclose(from_uint8["colour_prob"].sum(1), 1.0, rtol=1e-5)
    feats = C.features(clips, model)
    assert feats.shape == (2, model.config["feature_dim"]) and np.isfinite(feats).all()
    with pytest.raises(ValueError):
        model.predict(torch.zeros(2, 10, 64, 64, 3))  # float in the uint8 layout


def test_attribute_accuracy_with_and_without_colour(model):
    prompts = ["green square moving left", "circle rotating clockwise"]
    clips = render_prompts(prompts, seed=2)
    acc = C.attribute_accuracy(clips, prompts, model)
    assert acc["all_correct"] == 1.0 and acc["colour"] == 1.0
    wrong = C.attribute_accuracy(clips, ["green square moving right", "circle rotating clockwise"], model)
    assert wrong["motion"] == 0.5


def test_missing_and_corrupt_weights_give_clear_errors(tmp_path: Path):
    with pytest.raises(C.ClassifierFileError, match="no classifier weights"):
        C.load_classifier(tmp_path / "absent.pt")
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"this is not a checkpoint")
    with pytest.raises(C.ClassifierFileError, match="unreadable or corrupt"):
        C.load_classifier(garbage)
    wrong = tmp_path / "wrong.pt"
    torch.save({"weights": torch.zeros(3)}, wrong)
    with pytest.raises(C.ClassifierFileError, match="not a classifier file"):
        C.load_classifier(wrong)
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(C.DEFAULT_WEIGHTS.read_bytes()[:5000])
    with pytest.raises(C.ClassifierFileError):
        C.load_classifier(truncated)
    assert C.main(["check", "--weights", str(tmp_path / "absent.pt")]) == 2


def test_training_runs_and_round_trips(tmp_path: Path):
    torch.manual_seed(0)
    model, summary = C.train(steps=2, batch=4, log_every=1, out=tmp_path / "tiny.pt")
    assert summary["steps"] == 2
    loaded = C.load_classifier(tmp_path / "tiny.pt", device="cpu")
    clips = render_prompts(["yellow square expanding"], seed=3)
    np.testing.assert_allclose(loaded.features(clips), model.features(clips), rtol=1e-5, atol=1e-6)
    assert loaded.config["training"]["steps"] == 2
