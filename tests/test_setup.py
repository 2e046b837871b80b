"""The notebooks' setup cell and helpers.setup, as a new Colab/Kaggle user meets them.

The cell runs in a fresh process under IPython (what Jupyter uses to show errors), from a folder
holding nothing but the notebook, with an empty home folder, and with the installed ``helpers``
hidden unless a test wants it importable. The "remote" repository is a local bare clone of the
code under test, reached through ``file://``: no network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import setup

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.py")) + sorted((REPO / "notebooks" / "solutions").glob("*.py"))
CELL_START = "# Setup (same in every notebook)"

# The driver: hide the installed (editable) helpers and the repository unless told otherwise,
# run the cell with IPython as a notebook would, then report what a later cell would see.
DRIVER = r'''
import json, os, subprocess, sys
if os.environ.get("HIDE_HELPERS") == "1":
    sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.environ["REPO"]]
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance(colors="NoColor")
ok = shell.run_cell(open(sys.argv[1]).read()).success
report = {"ok": ok}
if ok:
    import helpers
    report["helpers"] = helpers.__file__
    # What `!python -m helpers ...` sees: a child without site-packages, so only PYTHONPATH counts.
    child = subprocess.run([sys.executable, "-S", "-c", "import helpers; print(helpers.__file__)"],
                           capture_output=True, text=True)
    report["child_helpers"] = child.stdout.strip()
print("REPORT " + json.dumps(report))
'''


def setup_cell(path: Path) -> str:
    text = path.read_text()
    start = text.index(CELL_START)
    end = text.find("\n# %%", start)
    return text[start:end].strip()


def test_every_notebook_has_the_same_short_setup_cell():
    cells = {path.name: setup_cell(path) for path in NOTEBOOKS}
    assert len(NOTEBOOKS) == 16
    reference = cells["00_welcome_and_setup.py"]
    assert all(cell == reference for cell in cells.values()), [n for n, c in cells.items() if c != reference]
    assert len([line for line in reference.splitlines() if line.strip()]) <= 15


def test_the_cells_fallback_address_is_helpers_setup_REPO_URL():
    # The cell must clone before helpers.setup exists, so it carries a copy: this keeps the two equal.
    cell = setup_cell(NOTEBOOKS[0])
    assert re.findall(r'"(https?://[^"]+)"', cell) == [setup.REPO_URL]
    assert f'pathlib.Path.home() / "{setup.CLONE_DIR}"' in cell
    assert f'os.environ.get("{setup.URL_ENV}"' in cell
    # Anywhere else the course's own address appears (links), it is the same one.
    owner = setup.REPO_URL.split("/")[-2]
    addresses = set()
    for path in [*NOTEBOOKS, REPO / "README.md", *(REPO / "docs").glob("*.md")]:
        addresses |= {a for a in re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", path.read_text())
                      if owner in a or setup.CLONE_DIR in a}
    assert addresses == {setup.REPO_URL}, addresses


def _notebook_name(path: Path) -> str:
    return path.relative_to(REPO / "notebooks").with_suffix(".ipynb").as_posix()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_open_links_at_the_top_of_each_notebook(path):
    top = path.read_text().split("# %%")[1]  # the first cell: the title and the introduction
    assert setup.open_links(_notebook_name(path)) in top


def test_open_links_in_the_readme_table():
    readme = (REPO / "README.md").read_text()
    for path in NOTEBOOKS:
        if path.parent.name == "notebooks":
            name = _notebook_name(path)
            assert setup.colab_url(name) in readme and setup.kaggle_url(name) in readme, name
    assert setup.colab_url("05_training_loop.ipynb") == (
        "https://colab.research.google.com/github/t2v-gan-course/text-to-video-gan-from-scratch/blob/main/"
        "notebooks/05_training_loop.ipynb")


# --------------------------------------------------------------------------------------------
# The cell's branches, run for real


def _git(*args, cwd=None):
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.org", *args], cwd=cwd,
                   check=True, capture_output=True)


@pytest.fixture
def remote(tmp_path):
    """A bare repository holding the code under test (helpers/ only), and a work copy to push from."""
    work = tmp_path / "upstream"
    shutil.copytree(REPO / "helpers", work / "helpers", ignore=shutil.ignore_patterns("__pycache__", "assets"))
    _git("init", "-q", "-b", "main", str(work))
    _git("add", "-A", cwd=work)
    _git("commit", "-q", "-m", "course", cwd=work)
    bare = tmp_path / "course.git"
    _git("clone", "-q", "--bare", str(work), str(bare))
    return {"work": work, "bare": bare, "url": f"file://{bare}"}


def run_cell(tmp_path: Path, url: str, hide_helpers: bool = True) -> tuple[dict | None, str]:
    home, folder = tmp_path / "home", tmp_path / "content"
    home.mkdir(exist_ok=True)
    folder.mkdir(exist_ok=True)
    cell = folder / "cell.py"
    cell.write_text(setup_cell(NOTEBOOKS[0]))
    (tmp_path / "driver.py").write_text(DRIVER)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "T2V_REPO_URL")}
    env.update(HOME=str(home), T2V_REPO_URL=url, REPO=str(REPO), HIDE_HELPERS="1" if hide_helpers else "0",
               OMP_NUM_THREADS="1", GIT_CONFIG_NOSYSTEM="1")
    done = subprocess.run([sys.executable, str(tmp_path / "driver.py"), str(cell)], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=240)
    output = done.stdout + done.stderr
    reports = [line[len("REPORT "):] for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    return (json.loads(reports[0]) if reports else None), output


def test_importable_helpers_is_used_without_cloning(tmp_path):
    report, output = run_cell(tmp_path, "file:///nowhere", hide_helpers=False)
    assert report["ok"], output
    assert Path(report["helpers"]).resolve() == (REPO / "helpers" / "__init__.py").resolve()
    assert not (tmp_path / "home" / setup.CLONE_DIR).exists()
    assert "platform:" in output and "CPU threads" in output


def test_fresh_clone_then_broken_clone_repaired_then_stale_clone_updated(tmp_path, remote):
    clone = tmp_path / "home" / setup.CLONE_DIR
    report, output = run_cell(tmp_path, remote["url"])
    assert report["ok"], output
    assert Path(report["helpers"]).resolve() == (clone / "helpers" / "__init__.py").resolve()
    assert Path(report["child_helpers"]).resolve() == (clone / "helpers" / "__init__.py").resolve(), output

    shutil.rmtree(clone / "helpers")  # a clone interrupted half-way, or a learner's accident
    (clone / "leftover.txt").write_text("x")
    report, output = run_cell(tmp_path, remote["url"])
    assert report["ok"], output
    assert (clone / "helpers" / "__init__.py").is_file() and not (clone / "leftover.txt").exists()

    (remote["work"] / "NEWS.md").write_text("a newer course\n")
    # The newer course also changes what the environment check prints: the cell must run the
    # updated code, not the module it already had loaded.
    newer = remote["work"] / "helpers" / "setup.py"
    assert "platform:" in newer.read_text()
    newer.write_text(newer.read_text().replace("platform:", "platform (newer code):"))
    _git("add", "-A", cwd=remote["work"])
    _git("commit", "-q", "-m", "newer", cwd=remote["work"])
    _git("push", "-q", str(remote["bare"]), "main", cwd=remote["work"])
    report, output = run_cell(tmp_path, remote["url"])
    assert report["ok"], output
    assert "updated the course's code" in output and (clone / "NEWS.md").is_file()
    assert "platform (newer code):" in output, output

    _git("remote", "set-url", "origin", f"file://{tmp_path / 'gone.git'}", cwd=clone)
    report, output = run_cell(tmp_path, remote["url"])
    assert report["ok"], output  # an update that fails is a warning: the copy there still runs
    assert "warning: could not update" in output and "Traceback" not in output
    assert "comes from file://" in output  # the clone's origin is no longer T2V_REPO_URL: said once


def test_unreachable_address_prints_one_paragraph_and_no_traceback(tmp_path):
    url = f"file://{tmp_path / 'no-such-repo.git'}"
    report, output = run_cell(tmp_path, url)
    assert report is not None and not report["ok"]
    assert "Traceback" not in output and "SetupError" not in output
    message = [line for line in output.splitlines() if "Could not download the course" in line]
    assert len(message) == 1, output
    for needed in (url, "Settings → Internet", "%env T2V_REPO_URL="):
        assert needed in message[0]
    assert not (tmp_path / "home" / setup.CLONE_DIR / "helpers").exists()


def test_pip_failure_is_a_warning(monkeypatch, capsys):
    def failing_pip(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, stdout="", stderr="ERROR: could not reach the index")

    monkeypatch.setattr(setup.subprocess, "run", failing_pip)
    assert setup.install(["tqdm"]) is False
    out = capsys.readouterr().out
    assert "warning: could not install tqdm" in out and "could not reach the index" in out
    monkeypatch.setattr(setup, "missing_packages", lambda: ["tqdm"])
    info = setup.check_environment()  # goes on after the warning
    assert info["device"] and "warning" in capsys.readouterr().out


def test_pip_is_quiet_and_never_asked_for_torch(monkeypatch):
    seen = []
    monkeypatch.setattr(setup.subprocess, "run",
                        lambda command, **kw: seen.append(command) or subprocess.CompletedProcess(command, 0, "", ""))
    assert setup.install(["tqdm"]) is True
    assert "--disable-pip-version-check" in seen[0] and "torch" not in " ".join(seen[0])


def test_expose_to_shell_sets_pythonpath_once(monkeypatch, tmp_path):
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    monkeypatch.setattr(sys, "path", list(sys.path))
    setup.expose_to_shell(tmp_path)
    setup.expose_to_shell(tmp_path)
    assert os.environ["PYTHONPATH"].split(os.pathsep) == [str(tmp_path.resolve()), "/elsewhere"]
    assert sys.path.count(str(tmp_path.resolve())) == 1


def test_only_the_cells_own_clone_is_updated(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert setup.is_managed_clone(tmp_path / setup.CLONE_DIR)
    assert not setup.is_managed_clone(REPO)


# --------------------------------------------------------------------------------------------
# Threads and the runs folder (helpers.runtime)


def test_thread_count_respects_omp_and_never_oversubscribes(monkeypatch):
    import torch

    from helpers import runtime

    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert runtime.thread_count() == 3
    monkeypatch.delenv("OMP_NUM_THREADS")
    cores = runtime.physical_cores()
    assert 1 <= cores <= (os.cpu_count() or 1) and runtime.thread_count() == cores
    monkeypatch.setenv("LOCAL_WORLD_SIZE", str(cores + 1))  # torchrun's processes share the cores
    assert runtime.thread_count() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "many")  # ignored, as OpenMP ignores it
    assert runtime.thread_count() == 1
    before = torch.get_num_threads()
    try:
        assert runtime.use_threads(1) == 1 and torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)  # the rest of the test session keeps its threads


def test_runs_dir(monkeypatch, tmp_path):
    from helpers import runtime

    monkeypatch.setenv("T2V_RUNS_DIR", str(tmp_path / "drive"))
    assert runtime.runs_dir() == tmp_path / "drive"
    monkeypatch.delenv("T2V_RUNS_DIR")
    monkeypatch.setenv("T2V_SMOKE", "0")
    assert runtime.runs_dir() == runtime.REPO_ROOT / "runs"
    monkeypatch.setenv("T2V_SMOKE", "1")  # tests never touch the learner's runs
    assert runtime.runs_dir() != runtime.REPO_ROOT / "runs" and runtime.runs_dir() == runtime.runs_dir()
