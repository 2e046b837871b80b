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
