"""Every notebook is paired with a percent-format script, and the two say the same thing."""

from pathlib import Path

import jupytext
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb")) + sorted(NOTEBOOK_DIR.glob("solutions/*.ipynb"))


def _body(text: str) -> str:
    """The percent script without its YAML header (which records jupytext versions)."""
    lines = text.splitlines()
    if lines and lines[0] == "# ---":
        end = lines.index("# ---", 1)
        lines = lines[end + 1 :]
    return "\n".join(lines).strip()


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_matches_its_script(notebook):
    script = notebook.with_suffix(".py")
    assert script.is_file(), f"{notebook.name} has no paired {script.name}"
    from_notebook = _body(jupytext.writes(jupytext.read(notebook), fmt="py:percent"))
    from_script = _body(script.read_text())
    assert from_notebook == from_script, (
        f"{notebook.name} and {script.name} differ: run `jupytext --sync {script}`"
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(notebook):
    nb = jupytext.read(notebook)
    with_outputs = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.get("outputs")]
    assert not with_outputs, f"{notebook.name} has outputs in cells {with_outputs}; clear them"
