"""Which way the generator turns rotating prompts, checkpoint by checkpoint.

    python scripts/turn_directions.py RUN_DIR_OR_CHECKPOINT ... [--seeds 8]

For each checkpoint (a run folder's ``ckpt_<step>.pt`` copies, or checkpoint files) prints the
mean turn per frame around the frame centre, in degrees, of the generated paths of the training
split's "rotating clockwise" and "rotating counter-clockwise" prompts (``--seeds`` noises each),
and their mean distance from the frame centre. On screen (y down) clockwise is a positive turn;
real clips turn 22-33° a frame. For a training checkpoint (one that holds the critics) it also
prints the track critic's mean score of real clockwise paths and of the generated paths of the
clockwise prompts, both with the clockwise motion: how the critic judges what the generator draws.
The poses are read from the generator (``Generator.trajectory``), so no pixels are drawn or
judged: this shows what the path is, not whether a judge accepts it.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import torch

from helpers.inference import load_critics, load_model
from helpers.prompts import MOTIONS
from helpers.split import split_prompts
from helpers.text_encoder import encode_prompts
from helpers.train import run_checkpoints
from helpers.world import sample_trajectories

ROTATIONS = ("rotating clockwise", "rotating counter-clockwise")


def checkpoint_files(paths: list[Path]) -> list[Path]:
    """Checkpoint files as given, a run folder's in step order (``run_checkpoints``)."""
    return [file for path in paths for file in (run_checkpoints(path) if path.is_dir() else [path])]


def turn_per_frame(model, motion: str, seeds: int) -> tuple[float, float]:
    """Mean turn per frame (degrees, clockwise positive) and mean distance from the centre."""
    poses = generated_poses(model, motion, seeds)
    angle = torch.atan2(poses[..., 1], poses[..., 0])
    turns = torch.remainder(angle[:, 1:] - angle[:, :-1] + math.pi, 2 * math.pi) - math.pi
    return math.degrees(float(turns.mean())), float(poses[..., :2].norm(dim=-1).mean())


def generated_poses(model, motion: str, seeds: int) -> torch.Tensor:
    prompts = [p for p in split_prompts("train") if p.motion == motion] * seeds
    generator = model.generator.eval()
    z = generator.sample_z(len(prompts), torch.Generator().manual_seed(1))
    with torch.no_grad():
        return generator.trajectory(encode_prompts(model.vocab, prompts), z)


def track_critic_scores(path: Path, model, seeds: int) -> tuple[float, float] | None:
    """The track critic's mean score of real clockwise paths and of the generated ones, or None
    when the checkpoint holds no critic (an exported model)."""
    critics = load_critics(path)
    if critics is None or critics.track is None:
        return None
    track = critics.track
    fake = generated_poses(model, ROTATIONS[0], seeds)
    n = fake.shape[0]
    motion = torch.full((n,), MOTIONS.index(ROTATIONS[0]))
    real = sample_trajectories(torch.zeros(n, dtype=torch.long), motion, model.frames, model.height, model.width,
                               generator=torch.Generator().manual_seed(2)).as_poses(model.height, model.width)
    with torch.no_grad():
        return float(track(real, motion).mean()), float(track(fake, motion).mean())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--seeds", type=int, default=8, help="noises per prompt (default 8)")
    args = parser.parse_args(argv)
    print(f"{'checkpoint':<32}{'step':>7}" + "".join(f"{m[9:] + ' turn':>26}{'radius':>8}" for m in ROTATIONS)
          + f"{'critic: real cw':>17}{'generated cw':>14}")
    done = set()
    for path in checkpoint_files(args.paths):
        model = load_model(path, device="cpu")
        if (path.parent, model.step) in done:  # a run's checkpoint.pt is also its last kept copy
            continue
        done.add((path.parent, model.step))
        if model.generator.config.generator != "layered":
            raise SystemExit(f"{path}: only the layered generator has poses to read")
        cells = [turn_per_frame(model, motion, args.seeds) for motion in ROTATIONS]
        scores = track_critic_scores(path, model, args.seeds)
        critic = f"{scores[0]:>+17.2f}{scores[1]:>+14.2f}" if scores else f"{'-':>17}{'-':>14}"
        print(f"{str(path)[-32:]:<32}{model.step:>7}" + "".join(f"{t:>+25.1f}°{r:>8.2f}" for t, r in cells) + critic,
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
