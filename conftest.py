"""pytest runs every notebook in smoke mode (SPEC §5): toy sizes, the real code path."""

import os

os.environ.setdefault("T2V_SMOKE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
