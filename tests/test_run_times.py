"""Run times come from one measured table (docs/run_times.json) and every text states the same."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("run_times", ROOT / "scripts" / "run_times.py")
run_times = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run_times)


def test_the_table_covers_every_lesson_notebook_with_a_measurement():
    table = json.loads((ROOT / "docs" / "run_times.json").read_text())
    lessons = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert set(table["notebooks"]) == lessons
    for name, entry in table["notebooks"].items():
        assert entry["cpu_seconds"] > 0, f"{name} has no measured CPU time"
        assert "estimate" in entry["t4"] or "measured" in entry["t4"], name
    assert "command" in table["measured"]


def test_readme_map_and_headers_state_the_tables_times():
    assert run_times.stale() == [], "run `python scripts/run_times.py apply` (then jupytext --sync)"


def test_formatting():
    assert run_times.fmt_seconds(7.4) == "7 s" and run_times.fmt_seconds(86) == "1 min 26 s"
    assert run_times.fmt_seconds(300) == "5 min"


def test_executed_copies_exist_show_outputs_and_match_their_notebooks():
    problems = run_times.executed_problems()
    assert problems == [], ("; ".join(problems)
                            + " — re-run `python scripts/run_times.py measure --only NAME --save docs/executed`")


def test_the_executed_copy_check_notices_changed_code_missing_outputs_and_missing_copies(tmp_path):
    import nbformat

    name = "02_synthetic_data"
    notebook = nbformat.read(run_times.EXECUTED / f"{name}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    code[-1].source += "\nprint('edited after the copy was made')"
    for cell in code:
        cell.outputs = []
    nbformat.write(notebook, tmp_path / f"{name}.ipynb")
    problems = run_times.executed_problems(tmp_path)
    assert f"{name}: the executed copy's code differs from the notebook's" in problems
    assert f"{name}: the executed copy has no outputs" in problems
    assert "03_text_embedding: no executed copy in " + tmp_path.name + "/" in problems


def test_the_executed_copy_check_notices_a_copy_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(run_times, "EXECUTED_MAX_BYTES", 1000)
    problems = run_times.executed_problems()
    assert any(p.startswith("02_synthetic_data: the executed copy is") and "limit" in p for p in problems)


def test_the_readme_links_every_executed_copy():
    readme = (ROOT / "README.md").read_text()
    for name in json.loads((ROOT / "docs" / "run_times.json").read_text())["notebooks"]:
        assert f"(docs/executed/{name}.ipynb)" in readme, name
