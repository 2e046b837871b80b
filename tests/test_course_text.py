"""The course text stays inside the repository, and its code cells stay short.

* Every repository path that a notebook (lessons and solutions), a doc under ``docs/`` or the
  README names — ``helpers/world.py``, ``docs/GLOSSARY.md``, ``scripts/x.py``, a bare ``SPEC.md`` —
  exists in the repository, and no text points readers at a specification kept outside it
  ("SPEC §4"); the project's interface is ``docs/INTERFACE.md``.
* Every code cell of a notebook has at most 15 non-blank lines (docs/NOTEBOOK_STYLE.md): longer
  logic lives in ``helpers/`` and is imported.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
DOCS = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
MAX_CODE_LINES = 15

# A path inside one of the repository's top-level folders, or a bare UPPER-CASE markdown file name.
TOP_FOLDERS = ("helpers", "docs", "scripts", "tests", "notebooks", "data", ".ci")
PATH = re.compile(r"(?<![\w./-])((?:" + "|".join(re.escape(f) for f in TOP_FOLDERS) + r")/[\w./-]*[\w/])")
BARE_DOC = re.compile(r"(?<![\w./-])([A-Z][A-Z_]+\.md)\b")
OUTSIDE_SPEC = re.compile(r"\bSPEC\b(?!\.md)(?:'s)?(?:\s*§\s*[\d–-]+)?")
# Notebooks whose text is known to break these rules while being rewritten (name -> reason).
PENDING: dict[str, str] = {}


def _text_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in jupytext.read(path).cells)
    return path.read_text(encoding="utf-8")


def _exists(name: str, source: Path) -> bool:
    name = name.rstrip("./")
    if "*" in name or "NN" in name:  # a pattern such as notebooks/NN_topic.py, not a file
        return True
    candidates = [ROOT / name, source.parent / name]
    return any(c.exists() for c in candidates)


def missing_references(path: Path) -> list[str]:
    """The repository paths named in ``path`` that do not exist, and mentions of an outside SPEC."""
    text = _text_of(path)
    missing = [name for name in PATH.findall(text) if not _exists(name, path)]
    for name in BARE_DOC.findall(text):
        if not any((ROOT / folder / name).exists() for folder in ("", "docs", "data", "helpers/assets")):
            missing.append(name)
    missing += [f"'{m.group(0)}' (a specification outside the repository; point to docs/INTERFACE.md)"
                for m in OUTSIDE_SPEC.finditer(text)]
    return sorted(set(missing))


def long_code_cells(path: Path) -> list[str]:
    """Code cells with more than MAX_CODE_LINES non-blank lines, as 'cell K (N lines): first line'."""
    found = []
    for number, cell in enumerate(jupytext.read(path).cells):
        if cell.cell_type != "code":
            continue
        lines = [line for line in cell.source.splitlines() if line.strip()]
        if len(lines) > MAX_CODE_LINES:
            found.append(f"cell {number} ({len(lines)} lines): {lines[0][:60]}")
    return found


def _pending(path: Path):
    reason = PENDING.get(path.name)
    return [pytest.mark.xfail(reason=reason, strict=False)] if reason else []


@pytest.mark.parametrize("path", [pytest.param(p, marks=_pending(p), id=p.name) for p in NOTEBOOKS + DOCS])
def test_named_files_exist(path):
    missing = missing_references(path)
    assert not missing, f"{path.relative_to(ROOT)} names files that are not in the repository: {missing}"


@pytest.mark.parametrize("notebook", [pytest.param(p, marks=_pending(p), id=p.name) for p in NOTEBOOKS])
def test_code_cells_are_short(notebook):
    long = long_code_cells(notebook)
    assert not long, (f"{notebook.relative_to(ROOT)} has code cells over {MAX_CODE_LINES} non-blank lines "
                      f"(move the logic into helpers/): {long}")


def test_the_checks_catch_what_they_should(tmp_path):
    sample = tmp_path / "sample.md"
    sample.write_text("See `helpers/world.py`, `helpers/no_such_file.py`, SPEC.md, SPEC §4 and docs/INTERFACE.md.")
    missing = missing_references(sample)
    assert "helpers/no_such_file.py" in missing and "SPEC.md" in missing
    assert any("SPEC §4" in m for m in missing)
    assert not any(m.startswith(("helpers/world.py", "docs/INTERFACE.md")) for m in missing)
    notebook = tmp_path / "long.py"
    notebook.write_text("# %%\n" + "\n".join(f"x{i} = {i}" for i in range(16)) + "\n\n# %%\ny = 1\n")
    assert len(long_code_cells(notebook)) == 1
