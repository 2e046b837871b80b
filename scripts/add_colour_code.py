"""Give a training run from before the colour code (``ModelConfig.colour_code``) the code, so that
``--resume`` teaches its colour-less prompts to come out in every colour.

    python scripts/add_colour_code.py runs/cpu_long/checkpoint.pt runs/cpu_code/checkpoint.pt
    python -m helpers train --preset cpu --resume --out runs/cpu_code --steps 27000

The colour head's new inputs start at zero, so the converted model paints exactly what the old
one did until training moves them. The source checkpoint is left as it is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from helpers.train import add_colour_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="a training checkpoint (checkpoint.pt of a run folder)")
    parser.add_argument("target", help="where to write the converted checkpoint (a new file)")
    args = parser.parse_args()
    target = Path(args.target)
    if target.exists():
        parser.error(f"{str(target)!r} exists; choose a new file (the source is never overwritten)")
    try:
        state = add_colour_code(load_checkpoint(args.source, training=True))
    except (CheckpointError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    save_checkpoint(state, target)
    print(f"wrote {target} (step {state['step']}); continue it with `python -m helpers train --resume "
          f"--out {target.parent}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
