"""Every lesson notebook has the shape docs/NOTEBOOK_STYLE.md promises learners.

For each ``notebooks/NN_*.ipynb``: a title cell with "What you will learn", prerequisites and a run
time for CPU and T4; the setup cell verbatim as the first code cell; a Recap and an Exercises
section; 2–4 self-checks ``check("NN.k", answer)`` whose exercise cells start from ``answer = None``
and whose checks are registered (and print a hint, not fail, when unattempted); no "TODO"; and a
worked-solutions notebook that runs the same checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SOLUTIONS_DIR = NOTEBOOK_DIR / "solutions"
LESSONS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
CHECK_CALL = re.compile(r"""check\(\s*["'](\d\d\.\d+)["']\s*,\s*answer\s*\)""")
ANY_CHECK_CALL = re.compile(r"""check\(\s*["'](\d\d\.\d+)["']""")


def _setup_cell() -> str:
    style = (ROOT / "docs" / "NOTEBOOK_STYLE.md").read_text()
    section = style.split("## The setup cell", 1)[1]
    return section.split("```python", 1)[1].split("```", 1)[0].strip()


def _cells(path: Path):
    return jupytext.read(path).cells


def _number(path: Path) -> str:
    return path.name[:2]


def _markdown(cells) -> list[str]:
    return [c.source for c in cells if c.cell_type == "markdown"]


def _code(cells) -> list[str]:
    return [c.source for c in cells if c.cell_type == "code"]


def _first_statement(source: str) -> str:
    for line in source.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return stripped
    return ""


def test_there_are_lesson_notebooks():
    assert LESSONS, "no notebooks/NN_*.ipynb found"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.name)
def test_title_cell(notebook):
    cells = _cells(notebook)
    assert cells and cells[0].cell_type == "markdown", f"{notebook.name}: the first cell must be the title cell"
    title = cells[0].source
    number = _number(notebook)
    assert re.match(rf"#\s+{number}\s+·\s+\S", title), (
        f"{notebook.name}: the title cell must start with '# {number} · Title'")
    assert "## What you will learn" in title, f"{notebook.name}: title cell lacks '## What you will learn'"
    bullets = re.findall(r"^\s*[-*]\s+\S", title.split("## What you will learn", 1)[1], flags=re.M)
    assert 3 <= len(bullets) <= 5, f"{notebook.name}: 'What you will learn' needs 3-5 bullets, has {len(bullets)}"
    assert "**Prerequisites:**" in title, f"{notebook.name}: title cell lacks '**Prerequisites:**'"
    run_time = re.search(r"\*\*Run time:\*\*(.*)", title)
    assert run_time, f"{notebook.name}: title cell lacks '**Run time:** …'"
    assert "CPU" in run_time.group(1) and "T4" in run_time.group(1), (
        f"{notebook.name}: the run time must give both a CPU and a T4 figure")


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.name)
def test_setup_cell_is_first_code_cell_verbatim(notebook):
    code = _code(_cells(notebook))
    assert code, f"{notebook.name} has no code cells"
    assert code[0].strip() == _setup_cell(), (
        f"{notebook.name}: the first code cell must be the setup cell of docs/NOTEBOOK_STYLE.md, verbatim")


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.name)
def test_recap_and_exercises_sections(notebook):
    markdown = _markdown(_cells(notebook))
    recap = [m for m in markdown if re.search(r"^## Recap\b", m, flags=re.M)]
    exercises = [m for m in markdown if re.search(r"^## Exercises\b", m, flags=re.M)]
    assert recap, f"{notebook.name}: no '## Recap' cell"
    assert exercises, f"{notebook.name}: no '## Exercises' cell"
    bullets = re.findall(r"^\s*[-*]\s+\S", recap[0], flags=re.M)
    assert 3 <= len(bullets) <= 6, f"{notebook.name}: the recap needs 3-6 bullets, has {len(bullets)}"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.name)
def test_exercises_have_self_checks(notebook):
    from helpers.exercises import _CHECKS, _load_all, check

    number = _number(notebook)
    cells = _cells(notebook)
    code_cells = [(i, c.source) for i, c in enumerate(cells) if c.cell_type == "code"]
    names = []
    for position, (_index, source) in enumerate(code_cells):
        for name in CHECK_CALL.findall(source):
            names.append(name)
            assert position > 0, f"{notebook.name}: check({name!r}) has no exercise cell before it"
            exercise_cell = code_cells[position - 1][1]
            assert _first_statement(exercise_cell).startswith("answer = None"), (
                f"{notebook.name}: check({name!r}) must sit in its own self-check cell, right after "
                f"an exercise cell that starts from `answer = None` (after a comment saying what to "
                f"compute), as docs/NOTEBOOK_STYLE.md asks")
            assert _first_statement(source).startswith(("check(", "from helpers.exercises import")), (
                f"{notebook.name}: the self-check cell of {name} should contain only the check")
            assert exercise_cell.lstrip().startswith("#"), (
                f"{notebook.name}: the exercise cell of {name} needs a comment saying what to compute")
    assert 2 <= len(names) <= 4, f"{notebook.name}: needs 2-4 self-checks check(\"{number}.k\", answer), has {names}"
    assert len(set(names)) == len(names), f"{notebook.name}: an exercise is checked twice: {names}"
    assert all(name.startswith(f"{number}.") for name in names), (
        f"{notebook.name}: exercise names must start with {number}.: {names}")
    exercises_at = next(i for i, c in enumerate(cells)
                        if c.cell_type == "markdown" and re.search(r"^## Exercises\b", c.source, flags=re.M))
    first_check = next(i for i, s in code_cells if CHECK_CALL.search(s))
    assert first_check > exercises_at, f"{notebook.name}: the self-checks belong under '## Exercises'"
    _load_all()
    for name in names:
        assert name in _CHECKS, f"{notebook.name}: exercise {name} has no check in helpers/exercise_checks/"
        assert check(name, None) is False, f"check({name!r}, None) must print a hint, not pass"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.name)
def test_no_todo(notebook):
    sources = [c.source for c in _cells(notebook)]
    offending = [i for i, s in enumerate(sources) if "TODO" in s]
    assert not offending, f"{notebook.name}: 'TODO' in cells {offending}; say what to compute instead"


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda p: p.name)
def test_solutions_notebook_runs_the_same_checks(notebook):
    number = _number(notebook)
    solutions = SOLUTIONS_DIR / f"{number}_solutions.ipynb"
    assert solutions.is_file(), f"{notebook.name}: no worked solutions at {solutions.relative_to(ROOT)}"
    assert solutions.with_suffix(".py").is_file(), f"{solutions.name} has no paired percent script"
    asked = {n for s in _code(_cells(notebook)) for n in CHECK_CALL.findall(s)}
    solved = {n for s in _code(_cells(solutions)) for n in ANY_CHECK_CALL.findall(s)}
    assert asked == solved, (
        f"{solutions.name} checks {sorted(solved)} but {notebook.name} asks {sorted(asked)}")
    assert not any("TODO" in s for s in _code(_cells(solutions)) + _markdown(_cells(solutions))), (
        f"{solutions.name} contains 'TODO'")
