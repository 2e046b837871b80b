"""What the critics say of a rotating prompt's clips turned further: the landscape the generator descends.

    python scripts/turn_landscape.py CHECKPOINT [--motion "rotating clockwise"] [--turns=-60,120,15] [--seeds 4]

For a training checkpoint (one that holds the critics), takes the EMA generator's clips of the
training split's prompts of ``--motion`` (``--seeds`` noises each), turns every path further by
a fixed angle per frame around the frame centre (frame t by t times the angle: the same sprite,
colour, size and start, only the direction and rate of the orbit change), redraws the clips
(``Generator.place``) and prints, per extra turn: the video critic's mean score, the cross-entropy
of its attribute head naming the motion, the track critic's mean score, and the generator's loss
from these three at the run's own weights (``-video + aux_weight_g * motion CE - track_d_weight *
track``: the parts of the generator's loss that the path changes). On screen (y down) a positive
turn is clockwise; real rotating clips turn 22-33° a frame.

A generator turning a clockwise prompt counter-clockwise needs an extra turn of about +50° a frame;
if the loss rises on the way there before it falls, gradient descent has a ridge to cross (README,
"Where the misses are").
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import torch
from torch import nn

from helpers.inference import load_critics, load_model
from helpers.models import COLOURS, SHAPES
from helpers.prompts import MOTIONS
from helpers.split import split_prompts
from helpers.text_encoder import encode_prompts

MOTION_LOGITS = len(SHAPES) + len(COLOURS)  # the attribute head's motion logits start here


def turned(poses: torch.Tensor, degrees_per_frame: float) -> torch.Tensor:
    """Poses ``(N, T, 3)`` with frame t's centre turned by ``t * degrees_per_frame`` around the frame centre."""
    angle = math.radians(degrees_per_frame) * torch.arange(poses.shape[1], dtype=poses.dtype)
    cos, sin = torch.cos(angle), torch.sin(angle)
    x, y = poses[..., 0], poses[..., 1]
    return torch.stack([cos * x - sin * y, sin * x + cos * y, poses[..., 2]], dim=-1)


def landscape(model, path: Path, motion: str, turns: list[float], seeds: int) -> list[dict]:
    """One row per extra turn: ``turn``, ``video``, ``motion_ce``, ``track`` and ``loss``, for
    ``model`` (``load_model(path)``) and the critics saved beside it in ``path``."""
    critics = load_critics(path)
    if critics is None or critics.track is None or critics.video.aux is None:
        raise SystemExit(f"{path}: needs a training checkpoint of a model with a track critic and attribute heads")
    weights = model.train_config
    generator = model.generator.eval()
    prompts = [p for p in split_prompts("train") if p.motion == motion] * seeds
    tokens = encode_prompts(model.vocab, prompts)
    z = generator.sample_z(len(prompts), torch.Generator().manual_seed(1))
    motion_ids = torch.full((len(prompts),), MOTIONS.index(motion))
    rows = []
    with torch.no_grad():
        text, content, codes = generator.codes(tokens, z)
        sprite, colour = generator.sprite(text, content), generator.clip_colour(text, content, z)
        poses = generator.poses(codes, z)
        for turn in turns:
            path_turned = turned(poses, turn)
            video, aux = critics.video(generator.place(sprite, colour, path_turned), tokens, with_aux=True)
            motion_ce = float(nn.functional.cross_entropy(aux[:, MOTION_LOGITS:], motion_ids))
            track = float(critics.track(path_turned, motion_ids).mean())
            loss = -float(video.mean()) + weights.get("aux_weight_g", 1.0) * motion_ce \
                - weights.get("track_d_weight", 1.0) * track
            rows.append({"turn": turn, "video": float(video.mean()), "motion_ce": motion_ce, "track": track,
                         "loss": loss})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint", type=Path)
    parser.add_argument("--motion", default="rotating clockwise", choices=[m for m in MOTIONS if "rotating" in m])
    parser.add_argument("--turns", default="-60,120,15",
                        help="first,last,step of the extra turn in degrees a frame (--turns=-60,120,15: with '=' "
                             "when it starts with a minus)")
    parser.add_argument("--seeds", type=int, default=4, help="noises per prompt (default 4)")
    args = parser.parse_args(argv)
    try:
        first, last, step = (float(v) for v in args.turns.split(","))
    except ValueError:
        parser.error(f"--turns takes three numbers, first,last,step (e.g. -60,120,15), got {args.turns!r}")
    if step == 0 or (last - first) * step < 0:
        parser.error(f"--turns: a step of {step:g} never gets from {first:g} to {last:g}")
    turns = [first + i * step for i in range(int(round((last - first) / step)) + 1)]
    model = load_model(args.checkpoint, device="cpu")
    print(f"{args.checkpoint} (step {model.step}), {args.motion!r} prompts:")
    print(f"{'extra turn':>12}{'video':>9}{'motion CE':>11}{'track':>9}{'G loss':>9}")
    for row in landscape(model, args.checkpoint, args.motion, turns, args.seeds):
        print(f"{row['turn']:>+10.0f}°/f{row['video']:>+9.3f}{row['motion_ce']:>11.3f}{row['track']:>+9.3f}"
              f"{row['loss']:>+9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
