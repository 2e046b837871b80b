"""The evaluation of INTERFACE.md §6: end to end on tiny checkpoints, and proof that it discriminates.

A generator that renders real clips must score as real data does (all correct, Fréchet distance
at its real-vs-real floor); blank and noise generators must score at chance with a huge distance.
The instrument itself must read >= 99 % of fresh real clips right. Bad files give one-line errors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from helpers import blog_model, evaluation, world
from helpers.blog_model import BlogModel, load_blog_model, save_blog_model
from helpers.checkpoint import CheckpointError, CheckpointNotFoundError
from helpers.prompts import MOTIONS
from helpers.runtime import FULL_SIZE, SMOKE_SIZE

ROOT = Path(__file__).resolve().parent.parent


class RealClips:
    """A "perfect generator": it renders real clips of the prompts (with its own seeds)."""

    def generate(self, prompts, seed=0):
        return world.render_prompts(prompts, seed=seed + 12345, height=32, width=32).numpy()


class Blank:
    def generate(self, prompts, seed=0):
        return np.full((len(prompts), 10, 32, 32, 3), 255, np.uint8)


class Noise:
    def generate(self, prompts, seed=0):
        return np.random.default_rng(seed).integers(0, 256, (len(prompts), 10, 32, 32, 3), dtype=np.uint8)


class OneClipPerPrompt:
    """A collapsed generator: a perfect clip, but the same one for every seed."""

    def generate(self, prompts, seed=0):
        texts = [world.parse_prompt(p).text for p in prompts]
        index = {t: i for i, t in enumerate(sorted(set(texts)))}
        return np.concatenate([world.render_prompts([t], seed=index[t], height=32, width=32).numpy() for t in texts])


@pytest.fixture(scope="module")
def tiny_files(tmp_path_factory):
    """A 2-step smoke checkpoint of our model and a 2-step 32x32 blog baseline."""
    from helpers.train import train

    folder = tmp_path_factory.mktemp("evaluation")
    result = train("smoke", folder / "ours", steps=2, progress=False)
    baseline = folder / "blog.pt"
    assert blog_model.main(["train", "--steps", "2", "--size", "32", "--out", str(baseline)]) == 0
    return result.checkpoint, baseline


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert err, "expected an error message"
    assert err[-1].startswith("error: "), err
    return err[-1]


def test_evaluate_command_end_to_end(tiny_files, tmp_path, capsys):
    checkpoint, baseline = tiny_files
    out = tmp_path / "results.json"
    assert evaluation.main(["--checkpoint", str(checkpoint), "--baseline", str(baseline), "--json", str(out)]) == 0
    table = capsys.readouterr().out
    for words in ("ours", "blog", "real data", "seen prompts", "validation prompts", "test prompts",
                  "circle moving up-right", "colour-less", "ALL CHECKS", "outline", "diversity", "collapsed",
                  "classification accuracy score", "Frechet distance", "fresh real clips", "broken drawings",
                  "wall-clock"):
        assert words in table, f"{words!r} missing from the table:\n{table}"
    results = json.loads(out.read_text())
    assert results == evaluation.to_plain(results), "the JSON must be plain data"
    columns = results["columns"]
    assert set(columns) == {"ours", "blog", "real"}
    sets = evaluation.prompt_sets()
    for name in ("ours", "blog", "real"):
        assert set(columns[name]["sets"]) == {"seen", "val", "heldout", "headline", "colourless"}
        for set_name, entry in columns[name]["sets"].items():
            for value in (*entry["accuracy"].values(), *entry["analytic"].values(), *entry["agreement"].values(),
                          entry["all_checks"]):
                assert value is None or 0.0 <= value <= 1.0
            assert abs(sum(entry["agreement"].values()) - 1.0) < 1e-6
            assert entry["all_checks"] <= min(entry["accuracy"]["classifier"], entry["analytic"]["all"]) + 1e-9
            counts = np.array(entry["confusion"]["counts"])
            assert counts.shape == (16, 16) and counts.sum() == entry["n"] == entry["fd_n"]
            if set_name != "headline":
                assert entry["n"] == len(sets[set_name]) * evaluation.default_seeds()[set_name]
    for set_name in ("seen", "val", "heldout", "colourless"):
        # the same real reference for both models: the same floor, shown in the real-data column
        floor = columns["real"]["sets"][set_name]["fd"]
        assert columns["ours"]["sets"][set_name]["fd_floor"] == columns["blog"]["sets"][set_name]["fd_floor"] == floor
        assert columns["real"]["sets"][set_name]["accuracy"]["all_correct"] >= 0.95
        assert columns["real"]["sets"][set_name]["all_checks"] >= 0.95
    assert columns["ours"]["sets"]["headline"]["n"] == 4 * evaluation.default_seeds()["heldout"]
    assert results["classifier_on_real"]["passes"] is True
    assert columns["ours"]["cas"]["steps"] == evaluation.default_cas_steps()
    assert results["instruments"]["real"]["all_checks"] >= 0.95


def test_without_a_baseline_the_blog_column_is_left_out(tiny_files, tmp_path, monkeypatch, capsys):
    checkpoint, _ = tiny_files
    monkeypatch.setattr(blog_model, "DEFAULT_BASELINE", tmp_path / "absent.pt")
    assert evaluation.main(["--checkpoint", str(checkpoint)]) == 0
    table = capsys.readouterr().out
    header = next(line for line in table.splitlines() if "real data" in line and "ours" in line)
    assert "blog" not in header
    assert "python -m helpers.blog_model train" in table, "the table must say how to make a baseline"
    assert evaluation.main(["--checkpoint", str(checkpoint), "--baseline", "none", "--seeds", "1"]) == 0
    assert "left out" in capsys.readouterr().out


@pytest.mark.parametrize("size", [SMOKE_SIZE, FULL_SIZE], ids=["32px", "64px"])
def test_real_data_reference_reaches_99_percent(size):
    real = evaluation.evaluate_real(n_per_prompt=1, size=(size.frames, size.height, size.width), seed=4321)
    assert real["n"] == 192
    for attribute in ("shape", "colour", "motion"):
        assert real["accuracy"][attribute] >= 0.99, real["accuracy"]
    assert real["passes"]
    assert real["shuffled_frames"]["motion"] < 0.5, "with frames shuffled the motion must be unreadable"
    assert real["shuffled_frames"]["shape"] >= 0.95 and real["shuffled_frames"]["colour"] >= 0.95


@pytest.fixture(scope="module")
def stub_results():
    """The evaluation of a perfect, a blank and a noise generator (2 seeds per prompt, smoke sets)."""
    reference = evaluation.RealReference()
    out = {}
    for name, model in (("perfect", RealClips()), ("blank", Blank()), ("noise", Noise()),
                        ("collapsed", OneClipPerPrompt())):
        out[name] = evaluation.evaluate_model(model, seeds_per_prompt=2, reference=reference, cas_steps=0)
    return out


def test_a_perfect_generator_scores_like_real_data(stub_results):
    for set_name, entry in stub_results["perfect"]["sets"].items():
        assert entry["accuracy"]["all_correct"] >= 0.95, (set_name, entry["accuracy"])
        assert entry["analytic"]["all"] >= 0.95, (set_name, entry["analytic"])
        assert entry["all_checks"] >= 0.95, (set_name, entry["all_checks"])
        assert entry["diversity"]["collapsed"] == 0 and entry["diversity"]["median_pixel_ratio"] > 0.6
        if entry["n"] >= 16:  # a Fréchet distance of a handful of clips is mostly noise
            assert entry["fd"] <= 2.5 * entry["fd_floor"], (set_name, entry["fd"], entry["fd_floor"])
        counts = np.array(entry["confusion"]["counts"])
        assert np.trace(counts) >= 0.95 * counts.sum()
    # Real clips of colour-less prompts come in every colour: no colour dominates.
    shares = stub_results["perfect"]["sets"]["colourless"]["colour_shares"]
    assert abs(sum(shares.values()) - 1.0) < 1e-9 and max(shares.values()) <= 0.5, shares


@pytest.mark.parametrize("name", ["blank", "noise"])
def test_blank_and_noise_generators_score_at_chance(stub_results, name):
    for set_name, entry in stub_results[name]["sets"].items():
        assert entry["accuracy"]["all_correct"] <= 0.1, (set_name, entry["accuracy"])
        assert entry["analytic"]["all"] == 0.0 and entry["all_checks"] == 0.0
        if entry["n"] >= 32:  # a Fréchet distance of a handful of clips is mostly noise
            assert entry["fd"] >= 4 * entry["fd_floor"], (set_name, entry["fd"], entry["fd_floor"])


def test_a_generator_that_ignores_its_noise_is_flagged_as_collapsed(stub_results):
    for set_name, entry in stub_results["collapsed"]["sets"].items():
        diversity = entry["diversity"]
        # Every clip is a real one, so accuracy cannot see it; diversity does.
        assert entry["all_checks"] >= 0.9, (set_name, entry["all_checks"])
        assert diversity["collapsed"] == diversity["prompts"] == entry["prompts"], (set_name, diversity)
        assert diversity["median_pixel_ratio"] == 0.0


def test_colourless_prompts_need_one_clear_colour():
    clips = world.render_prompts(["red square moving up", "blue circle shrinking"], seed=3, height=32, width=32)
    grey = clips.float().mean(dim=-1, keepdim=True).expand_as(clips).round().to(torch.uint8)
    scores = evaluation.score_clips(torch.cat([clips, grey]).numpy(),
                                    ["square moving up", "circle shrinking"] * 2)
    assert scores["colour_ok"].tolist() == [True, True, False, False]
    assert scores["shape_ok"][:2].all() and scores["motion_ok"][:2].all()
    summary = evaluation.summarise(scores)
    assert summary["accuracy"]["colour"] == 0.5 and summary["per_motion"]["shrinking"]["n"] == 2
    assert summary["confusion"]["labels"] == list(MOTIONS)


def test_colour_shares_expose_a_model_that_always_paints_one_colour():
    prompts = ["square moving up", "circle shrinking", "triangle expanding", "circle moving left"] * 2
    all_red = world.render_prompts([f"red {p}" for p in prompts], seed=5, height=32, width=32).numpy()
    summary = evaluation.summarise(evaluation.score_clips(all_red, prompts))
    assert summary["accuracy"]["all_correct"] == 1.0, "one clear colour each: every clip is right..."
    assert summary["colour_shares"]["red"] == 1.0, "...and the colour shares show they are all the same one"
    varied = world.render_prompts(prompts, seed=5, height=32, width=32).numpy()
    shares = evaluation.summarise(evaluation.score_clips(varied, prompts))["colour_shares"]
    assert max(shares.values()) < 1.0 and abs(sum(shares.values()) - 1.0) < 1e-9


def test_generate_set_is_seed_major_and_repeatable():
    model = RealClips()
    clips, items = evaluation.generate_set(model, ["red circle moving up", "green square expanding"], 3, batch=4)
    assert clips.shape == (6, 10, 32, 32, 3) and [p.text for p in items[:2]] == [p.text for p in items[2:4]]
    again, _ = evaluation.generate_set(model, ["red circle moving up", "green square expanding"], 3, batch=4)
    assert np.array_equal(clips, again)
    bad = type("Bad", (), {"generate": lambda self, prompts, seed=0: np.zeros((1, 2))})()
    with pytest.raises(ValueError, match="uint8"):
        evaluation.generate_set(bad, ["circle moving up"], 1)


def test_bad_checkpoints_give_one_line_errors(tiny_files, tmp_path, monkeypatch, capsys):
    checkpoint, baseline = tiny_files
    garbage = tmp_path / "garbage.pt"
    garbage.write_bytes(b"not a checkpoint at all")
    cases = [
        (["--checkpoint", str(tmp_path / "missing.pt")], "no checkpoint at"),
        (["--checkpoint", str(garbage)], "truncated or not"),
        (["--checkpoint", str(tmp_path)], "folder"),
        (["--checkpoint", str(baseline)], "not a checkpoint of this course"),
        (["--checkpoint", str(checkpoint), "--baseline", str(tmp_path / "missing.pt")], "no blog baseline"),
        (["--checkpoint", str(checkpoint), "--baseline", str(garbage)], "truncated or not a PyTorch blog baseline"),
        (["--checkpoint", str(checkpoint), "--baseline", str(checkpoint)], "not a blog baseline of this course"),
        (["--checkpoint", str(checkpoint), "--seeds", "0"], "at least 1"),
    ]
    for argv, words in cases:
        assert evaluation.main(argv) == 2, argv
        line = _one_line_error(capsys)
        assert words in line, (argv, line)
    import helpers.classifier

    monkeypatch.setattr(helpers.classifier, "DEFAULT_WEIGHTS", garbage)
    assert evaluation.main(["--checkpoint", str(checkpoint), "--baseline", "none"]) == 2
    assert "classifier weights" in _one_line_error(capsys)


def test_command_exit_status_from_a_shell(tmp_path):
    run = subprocess.run([sys.executable, "-m", "helpers.evaluation", "--checkpoint", str(tmp_path / "no.pt")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert run.stderr.strip().count("\n") == 0 and run.stderr.startswith("error: no checkpoint at"), run.stderr


def test_register_adds_the_evaluate_command():
    parser = argparse.ArgumentParser()
    evaluation.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["evaluate", "--checkpoint", "x.pt", "--json", "r.json", "--baseline", "none",
                              "--seeds", "2"])
    assert args.run is evaluation.run and args.seeds == 2 and args.baseline == "none"


def test_blog_baseline_file_round_trip_size_and_errors(tmp_path):
    model = BlogModel(FULL_SIZE, seed=0)
    path = save_blog_model(model, tmp_path / "blog64.pt", {"steps": 0})
    assert path.stat().st_size <= 6e6, f"{path.stat().st_size / 1e6:.2f} MB: the 64x64 file must stay under 6 MB"
    state = torch.load(path, weights_only=True)
    assert state["generator"]["fc1.weight"].dtype == torch.float16
    loaded = load_blog_model(path, device="cpu")
    assert loaded.size == FULL_SIZE and loaded.training_info == {"steps": 0} and loaded.source == str(path)
    a, b = model.generate(["red circle moving up"], seed=1), loaded.generate(["red circle moving up"], seed=1)
    assert np.abs(a.astype(int) - b.astype(int)).max() <= 3, "fp16 weights change a pixel by a few levels at most"
    assert np.array_equal(b, loaded.generate(["red circle moving up"], seed=1))
    with pytest.raises(CheckpointNotFoundError, match="python -m helpers.blog_model train"):
        load_blog_model(tmp_path / "absent.pt")
    (tmp_path / "bad.pt").write_bytes(b"\x00" * 100)
    with pytest.raises(CheckpointError, match="truncated"):
        load_blog_model(tmp_path / "bad.pt")
    torch.save({"something": torch.zeros(2)}, tmp_path / "foreign.pt")
    with pytest.raises(CheckpointError, match="not a blog baseline of this course"):
        load_blog_model(tmp_path / "foreign.pt")


def test_blog_train_command(tmp_path, capsys):
    out = tmp_path / "sub" / "blog.pt"
    assert blog_model.main(["train", "--seconds", "0.5", "--steps", "3", "--size", "32", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    model = load_blog_model(out, device="cpu")
    assert model.size == SMOKE_SIZE and 1 <= model.training_info["steps"] <= 3
    assert model.training_info["budget_seconds"] == 0.5
    assert blog_model.main(["train", "--out", str(out)]) == 2
    assert "budget" in _one_line_error(capsys)
    assert blog_model.main(["train", "--steps", "2", "--out", str(tmp_path)]) == 2
    assert "folder" in _one_line_error(capsys)


def test_custom_prompt_list_and_a_baseline_of_another_size():
    class Real64(RealClips):
        def generate(self, prompts, seed=0):
            return world.render_prompts(prompts, seed=seed + 999, height=64, width=64).numpy()

    prompts = ["red circle moving up", "green square expanding", "triangle rotating clockwise"]
    results = evaluation.run_evaluation(RealClips(), Real64(), prompts=prompts, seeds_per_prompt=2)
    assert results["columns"]["ours"]["size"] == [10, 32, 32] and results["columns"]["blog"]["size"] == [10, 64, 64]
    for name in ("ours", "blog", "real"):
        entry = results["columns"][name]["sets"]["custom"]
        assert entry["n"] == 6 and entry["accuracy"]["all_correct"] == 1.0
    table = evaluation.format_table(results)
    assert "custom: 3 prompts x 2 = 6 clips" in table and "not the size of ours" in table
