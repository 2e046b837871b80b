"""One table of notebook run times, and every place that states them kept equal to it.

The table is ``docs/run_times.json``: per lesson notebook, the measured wall-clock time of a full
run on a CPU (no smoke mode; kernel start included; the thread count the setup cell picks) and
the T4 figure, an estimate until a GPU measures it. The README's notebook table, notebook 00's
map of the course, each notebook's **Run time** line and the CPU column of ``docs/INSTRUCTOR.md``
are written from it.

    python scripts/run_times.py measure [--only 03_text_embedding ...] [--save DIR]   # run notebooks, update the table
    python scripts/run_times.py apply                                    # write the table into the texts
    python scripts/run_times.py check                                    # exit 1 if a text disagrees

``tests/test_run_times.py`` runs ``check``. After ``measure``, run ``apply`` and ``jupytext --sync``
the notebooks it changed.

The **executed copies** (``docs/executed/``: every lesson notebook with its outputs, figures and
GIF animations included, to read on GitHub without running anything) come from the same runs:
``measure --save docs/executed``. ``check`` and ``tests/test_run_times.py`` fail when a copy is
missing, has no outputs, outgrows :data:`EXECUTED_MAX_BYTES` or has code other than its
notebook's: re-run ``measure --only NAME --save docs/executed`` after changing a notebook's code.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "run_times.json"
NOTEBOOKS = ROOT / "notebooks"
README = ROOT / "README.md"
MAP_NOTEBOOK = NOTEBOOKS / "00_welcome_and_setup.py"
INSTRUCTOR = ROOT / "docs" / "INSTRUCTOR.md"
EXECUTED = ROOT / "docs" / "executed"
EXECUTED_MAX_BYTES = 2_000_000  # GitHub shows a notebook of this size quickly; the videos are small GIFs


def load_table() -> dict:
    return json.loads(TABLE.read_text())


def fmt_seconds(seconds: float) -> str:
    """``7 s``, ``53 s``, ``1 min 26 s``, ``5 min``."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def header_line(entry: dict) -> str:
    cpu = fmt_seconds(entry["cpu_seconds"])
    return (f"# **Run time:** {cpu} on a 2-core CPU (measured at full size, kernel start included; "
            f"`docs/run_times.json`), {entry['t4']} on a T4 GPU.")


def measure(names: list[str] | None, save: Path | None = None) -> int:
    import nbformat
    from nbclient import NotebookClient

    table = load_table()
    os.environ["T2V_SMOKE"] = "0"
    for name in sorted(table["notebooks"]):
        if names and name not in names:
            continue
        path = NOTEBOOKS / f"{name}.ipynb"
        # A fresh runs folder for each notebook: notebook 05's training run must not become the
        # model that 06 and 07 measure (they would pick it up as the learner's own).
        os.environ["T2V_RUNS_DIR"] = tempfile.mkdtemp(prefix=f"run_times_{name}_")
        notebook = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(notebook, timeout=1800, kernel_name="python3",
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
        seconds = time.perf_counter() - start
        if save is not None:  # the executed copy, outputs included, to read what the notebook showed
            save.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, save / f"{name}.ipynb")
        table["notebooks"][name]["cpu_seconds"] = round(seconds, 1)
        print(f"{name}: {fmt_seconds(seconds)} ({seconds:.1f} s)", flush=True)
    table["measured"] = {"date": date.today().isoformat(), "machine": f"{os.cpu_count()} CPUs, {platform.machine()}",
                         "python": platform.python_version(),
                         "command": "python scripts/run_times.py measure (nbclient, T2V_SMOKE=0)"}
    TABLE.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n")
    return 0


def _replace_header(text: str, entry: dict) -> str:
    """Swap the ``# **Run time:** ...`` paragraph (up to the next blank comment line) for the table's line."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("# **Run time:**")), None)
    if start is None:
        raise ValueError("no '# **Run time:**' line")
    end = start + 1
    while end < len(lines) and lines[end].startswith("# ") and lines[end].strip() != "#":
        end += 1
    return "\n".join(lines[:start] + [header_line(entry)] + lines[end:])


def _replace_row(text: str, pattern: str, cells: tuple[str, ...], first_cell: int) -> str:
    """In the markdown table row matching ``pattern``, set the cells from ``first_cell`` on."""
    out = []
    for line in text.split("\n"):
        if re.search(pattern, line):
            parts = line.split("|")
            for k, cell in enumerate(cells):
                parts[first_cell + k] = f" {cell} "
            line = "|".join(parts)
        out.append(line)
    return "\n".join(out)


def rendered() -> dict[Path, str]:
    """Every text that states run times, as the table says it should read."""
    table = load_table()
    texts: dict[Path, str] = {}
    readme = README.read_text()
    map_text = MAP_NOTEBOOK.read_text()
    instructor = INSTRUCTOR.read_text()
    for name, entry in table["notebooks"].items():
        cells = (fmt_seconds(entry["cpu_seconds"]), entry["t4"])
        readme = _replace_row(readme, rf"^\| `{re.escape(name)}` \|", cells, 3)
        number = name[:2]
        map_text = _replace_row(map_text, rf"^# \| {number} ", cells, 3)
        instructor = _replace_row(instructor, rf"^\| {number} ", cells[:1], 2)  # its T4 column has notes
        path = NOTEBOOKS / f"{name}.py"
        if path != MAP_NOTEBOOK:
            texts[path] = _replace_header(path.read_text(), entry)
    texts[README] = readme
    texts[INSTRUCTOR] = instructor
    texts[MAP_NOTEBOOK] = _replace_header(map_text, table["notebooks"][MAP_NOTEBOOK.stem])
    return texts


def stale() -> list[Path]:
    return [path for path, text in rendered().items() if path.read_text() != text]


def code_cells(notebook) -> list:
    """A notebook's code cells (``nbformat`` cells), in order."""
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def executed_problems(folder: Path = EXECUTED) -> list[str]:
    """What is wrong with the executed copies in ``folder``: a lesson without its copy, a copy
    whose code is not its notebook's, a copy without outputs or over :data:`EXECUTED_MAX_BYTES`."""
    import nbformat

    problems = []
    for name in sorted(load_table()["notebooks"]):
        copy = folder / f"{name}.ipynb"
        if not copy.exists():
            problems.append(f"{name}: no executed copy in {folder.name}/")
            continue
        source = NOTEBOOKS / f"{name}.ipynb"
        if not source.exists():
            problems.append(f"{name}: a copy of a notebook that is not in notebooks/")
            continue
        executed = code_cells(nbformat.read(copy, as_version=4))
        if [c.source for c in executed] != [c.source for c in code_cells(nbformat.read(source, as_version=4))]:
            problems.append(f"{name}: the executed copy's code differs from the notebook's")
        size = copy.stat().st_size
        if size > EXECUTED_MAX_BYTES:
            problems.append(f"{name}: the executed copy is {size / 1e6:.1f} MB "
                            f"(limit {EXECUTED_MAX_BYTES / 1e6:.0f} MB)")
        if not any(cell.get("outputs") for cell in executed):
            problems.append(f"{name}: the executed copy has no outputs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("measure", help="run the notebooks at full size and record their times")
    p.add_argument("--only", nargs="*", default=None, help="notebook names (default: all)")
    p.add_argument("--save", type=Path, default=None, metavar="DIR",
                   help="also write each executed notebook, with its outputs, into DIR")
    commands.add_parser("apply", help="write the table's times into README, notebook 00's map and the headers")
    commands.add_parser("check", help="exit 1 if any of those texts disagrees with the table, or an "
                        "executed copy is missing or out of date")
    args = parser.parse_args(argv)
    if args.command == "measure":
        return measure(args.only, args.save)
    if args.command == "apply":
        for path, text in rendered().items():
            if path.read_text() != text:
                path.write_text(text)
                print(f"updated {path.relative_to(ROOT)}")
        return 0
    wrong = stale()
    for path in wrong:
        print(f"{path.relative_to(ROOT)} states run times other than docs/run_times.json; "
              "run `python scripts/run_times.py apply`", file=sys.stderr)
    problems = executed_problems()
    for problem in problems:
        print(f"docs/executed: {problem}; run `python scripts/run_times.py measure --only NAME --save docs/executed`",
              file=sys.stderr)
    return 1 if wrong or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
