"""The networks: a generator that makes the whole clip at once, and discriminators that see the
whole clip and the prompt.

Generator (one clip = ``T`` frames, made jointly; ``ModelConfig.generator = "layered"``)::

    prompt ─ TextEncoder ─ text ─┬──────────────────────────────┐
    z_content ───────────────────┴─ MLP ─ content code c ────────┤  (one per clip)
    z_motion ─ MLP(z_motion, text) ─ h0 ─ GRU over T steps ─ m_t ─┼─ pose_t = (x, y, size) + a turn (per frame)
    z_motion ─ Linear ─ added to the first pose (start_noise) ───────┤
                                                                 │
    [c, text] ─ MLP ─ 4×4 map ─ [CBN ─ ReLU ─ up×2 ─ conv3×3] × k ─ sigmoid ─ sprite (opacity, H/2 × W/2)
    [c, text, k] ─ MLP ─ tanh ─ one RGB colour      k = one-hot colour pick, read off the noise
    frame_t = white · (1 - α_t) + colour · α_t,   α_t = the sprite warped to pose_t (spatial transformer)

The decoder draws the object once per clip and an affine warp (``affine_grid`` + ``grid_sample``,
differentiable) places it in every frame, so shape and colour cannot change between frames and
the decoder runs once per clip instead of once per frame (2.2x faster training steps at 32x32).
Its gain and bias in every layer are predicted from ``[c, text]`` (conditional batch norm): the
prototype found this conditioning essential; with the text only concatenated to the noise, every
clip came out the same whatever the prompt. The motion lives in the GRU's trajectory ``m_t``,
which starts from noise (so start position and speed vary) and is steered by the text; the
poses are accumulated steps (see :meth:`Generator.poses`), so smooth paths are the easy ones.
The colour head also gets a discrete code ``k`` (InfoGAN-style): one colour word picked by the
noise (:meth:`Generator.colour_pick`). A prompt that names a colour overrules it; for a colour-less
prompt training pulls the clip to the colour ``k`` names, so such prompts come out in every colour
instead of one (a smooth function of the noise alone blended colours near the boundaries).

Two paths make the noise matter (``start_noise`` and training's diversity term): the motion noise
also moves the first pose directly, because through the GRU's start state alone it was drowned
by the text for orbit, bounce and zigzag prompts (docs/DIVERSITY_DIAGNOSIS.md). With
``orbit_turn`` each frame's pose may also turn the path around the frame centre, so an orbit
from any start is the same sequence of turns (:meth:`Generator.poses`).

The per-frame alternative (``generator = "frames"``, the design of earlier checkpoints) feeds
``cond_t = [c, m_t, text]`` to the same kind of decoder for every frame; it learns motion sooner
per step but draws blobs, lets colours mix and costs 2.2x more per step (figures in
``helpers/assets/README.md``).

Discriminators (hinge loss, spectral norm everywhere, projection conditioning)::

    score(x, prompt) = ψ(φ(x)) + ⟨embed(prompt), φ(x)⟩

* :class:`VideoDiscriminator`: ``φ`` is a stack of 3D convolutions over the whole clip
  ``(N, 3, T, H, W)``, so it judges motion as well as looks. It reads "ink" (``1 - pixel``, zero
  on the white background) plus two coordinate channels, and both flattens and max-pools its
  last feature map: the flattened reading lets positions and their order in time (the direction
  of a motion, clockwise vs counter-clockwise) reach ``φ``, the pooled one recognises a shape
  wherever it is. Auxiliary heads on ``φ`` name the shape, colour and motion (AC-GAN style:
  the critic learns them on real clips, the generator is rewarded when they read its prompt in
  its clips). They teach ``φ`` what matters much sooner: with projection
  and mismatched prompts alone, the critic had barely begun to tell right from wrong prompts
  after 350 steps and the clips' colours were still at chance (25-37 %).
  At 64x64 it reads the clips average-pooled to 32x32 (``video_d_side``): motion and colour need
  no more, and a full-size 3D critic made a training step twice as slow (1.08 vs 0.53 s on one
  thread of the development CPU). The shape's outline is the sprite critic's job.
* :class:`SpriteDiscriminator` (layered generator, ``sprite_d``): a 2D critic of the sprite
  alone, the object's opacity mask before it is placed, against real shapes drawn centred on
  their own (:func:`helpers.world.shape_masks`), conditioned on the prompt's shape by
  projection. This is what makes clean outlines: with the video critic alone the 32x32 model
  drew three-spoke stars for triangles, Z shapes for squares; with it, sprites were clean
  circles, squares and triangles after 500 steps. It uses what a synthetic world offers, the
  objects' masks; the video critic still has to accept the clips.
* :class:`TrackDiscriminator` (layered generator, ``track_d``): the same for the motion, an MLP
  critic of the poses alone (ten centres and sizes) against the real clips' true paths,
  conditioned on the prompt's motion. The video critic, reading a few pixels moving in a pooled
  clip, accepted arcs for "rotating" and single sweeps for "bouncing" from the first 64x64 model.
  With ``track_turns`` it also reads how far each step turns around the frame centre, so the
  direction of an orbit is one of its inputs rather than a product it has to learn.
* :class:`FrameDiscriminator` (optional): the same with 2D convolutions on a few frames of each
  clip, an extra critic of shape and colour.

Channel widths depend only on the feature map's resolution, so a 32×32 and a 64×64 model share
their widths at equal resolutions; the 64×64 model has one more block on each side.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import NamedTuple

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from .prompts import COLOURS, MAX_TOKENS, MOTIONS, SHAPES
from .text_encoder import TextEncoder

N_ATTRIBUTE_CLASSES = len(SHAPES) + len(COLOURS) + len(MOTIONS)

# Channel multiplier per feature-map resolution (times g_ch / d_ch).
G_MULT = {4: 8, 8: 8, 16: 4, 32: 2, 64: 1, 128: 1}
D_MULT = {64: 1, 32: 1, 16: 2, 8: 4, 4: 8}
GENERATOR_KINDS = ("layered", "frames")
HALF_SIZE_RANGE = (0.2, 0.65)  # the layered generator's sprite half-size, in [-1, 1] frame coordinates
POSE_STEP = 0.3  # scale of the layered generator's per-frame pose steps (see Generator.poses)
TURN_STEP = 0.5  # scale of its per-frame turns around the frame centre, in radians (orbit_turn)
TRACK_STEP_SCALE = 4.0  # the track critic reads frame-to-frame steps this many times enlarged: O(1) values
SPRITE_OPAQUE = 0.75  # the sprite's window is fully open within this share of its half-side


@dataclass
class ModelConfig:
    """Sizes of the networks; stored in checkpoints as plain data."""

    frames: int = 10
    height: int = 64
    width: int = 64
    embed_dim: int = 64  # word embeddings
    text_dim: int = 128  # text vector fed to the generator
    z_content: int = 32  # noise for the clip's appearance
    z_motion: int = 32  # noise for the clip's trajectory
    content_dim: int = 64
    motion_dim: int = 64
    mlp_dim: int = 256  # hidden width of the generator's input MLP
    g_ch: int = 16
    d_ch: int = 16
    frame_d_frames: int = 0  # frames per clip judged by the per-frame discriminator (0: none)
    aux_heads: bool = True  # the video critic also names shape, colour and motion (see VideoDiscriminator)
    generator: str = "layered"  # "layered" (one sprite per clip, moved per frame) or "frames" (see Generator)
    colour_code: bool = True  # layered: the colour head also gets the noise's colour pick (Generator.colour_pick)
    start_noise: bool = True  # layered: the motion noise also sets the first pose directly (Generator.poses)
    sprite_d: bool = True  # layered: a critic of the sprite alone against real shapes (SpriteDiscriminator)
    video_d_side: int = 32  # side the video critic reads: larger clips are average-pooled to it (0: full size)
    orbit_turn: bool = True  # layered: each frame's pose may also turn the path around the frame centre (poses)
    track_d: bool = True  # layered: a critic of the poses alone against real trajectories (TrackDiscriminator)
    track_turns: bool = True  # the track critic also reads how far each step turns around the frame centre

    def __post_init__(self):
        if self.height != self.width:
            raise ValueError(f"clips must be square, got {self.height}x{self.width}")
        if self.height not in (8, 16, 32, 64, 128):
            raise ValueError(f"the image side must be 8, 16, 32, 64 or 128 pixels, got {self.height}")
        if self.frames < 2:
            raise ValueError(f"a clip needs at least 2 frames, got {self.frames}")
        if self.generator not in GENERATOR_KINDS:
            raise ValueError(f"unknown generator {self.generator!r}; choose one of {', '.join(GENERATOR_KINDS)}")
        if self.generator == "layered" and self.height < 16:
            raise ValueError(f"the layered generator needs clips of at least 16x16, got {self.height}")
        if self.video_d_side not in (0, 8, 16, 32, 64, 128):
            raise ValueError(f"the video critic's side must be 0 (the clip's own) or 8, 16, 32, 64 or 128 pixels, "
                             f"got {self.video_d_side}")
        if self.colour_code and self.z_content < len(COLOURS):
            raise ValueError(f"the colour code reads {len(COLOURS)} content-noise entries; "
                             f"z_content is {self.z_content}")

    @property
    def z_dim(self) -> int:
        return self.z_content + self.z_motion

    @property
    def critic_side(self) -> int:
        """The side of the clips the video critic reads (``video_d_side``, or the full size)."""
        return min(self.video_d_side or self.height, self.height)

    @property
    def sprite_side(self) -> int:
        """The layered generator's sprite side: half the frame's."""
        return self.height // 2

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown model settings {unknown}; the checkpoint is from another version")
        # Checkpoints from before the layered generator, the colour code, the start noise, the sprite
        # critic, the half-size video critic, the turn, the track critic and its turn reading: what
        # they were is what they lacked.
        data = {"generator": "frames", "colour_code": False, "start_noise": False, "sprite_d": False,
                "video_d_side": 0, "orbit_turn": False, "track_d": False, "track_turns": False, **data}
        return cls(**data)


# --------------------------------------------------------------------------------------------
# Generator


class ConditionalBatchNorm2d(nn.Module):
    """Batch norm without its own affine; gain and bias are predicted per sample from ``cond``."""

    def __init__(self, channels: int, cond_dim: int):
        super().__init__()
        self.norm = nn.BatchNorm2d(channels, affine=False)
        self.gain = nn.Linear(cond_dim, channels)
        self.bias = nn.Linear(cond_dim, channels)
        for layer in (self.gain, self.bias):  # start as plain batch norm
            nn.init.normal_(layer.weight, std=0.02)
            nn.init.zeros_(layer.bias)

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        gain = 1.0 + self.gain(cond)
        return self.norm(x) * gain[:, :, None, None] + self.bias(cond)[:, :, None, None]


class UpBlock(nn.Module):
    """CBN → ReLU → nearest ×2 → 3×3 conv."""

    def __init__(self, cin: int, cout: int, cond_dim: int):
        super().__init__()
        self.norm = ConditionalBatchNorm2d(cin, cond_dim)
        self.conv = nn.Conv2d(cin, cout, 3, padding=1)

    def forward(self, x: torch.Tensor, cond: torch.Tensor) -> torch.Tensor:
        x = torch.relu(self.norm(x, cond))
        return self.conv(nn.functional.interpolate(x, scale_factor=2.0, mode="nearest"))


class Generator(nn.Module):
    """``(tokens (N, L), z (N, z_dim))`` → clips ``(N, 3, T, H, W)`` in [-1, 1].

    Both kinds share the text encoder, the content code and the GRU's motion codes; they differ in
    how the codes become pixels (``config.generator``):

    * ``"layered"``: the decoder draws the object **once per clip**, as an opacity mask ("sprite")
      at half the frame's side, conditioned on ``[c, text]``; a small head picks one RGB colour
      per clip; each frame's motion code gives a pose (centre and size) that places the sprite in
      the frame with a differentiable affine warp (a spatial transformer). Shape and colour cannot
      drift from frame to frame, and the decoder runs once per clip instead of once per frame.
    * ``"frames"``: the decoder draws **every frame** from ``cond_t = [c, m_t, text]``; shape and
      colour stay the same only as far as training teaches it.
    """

    def __init__(self, config: ModelConfig, vocab_size: int):
        super().__init__()
        self.config = c = config
        self.text = TextEncoder(vocab_size, c.embed_dim, c.text_dim)
        act = nn.LeakyReLU(0.2)
        self.content = nn.Sequential(
            nn.Linear(c.z_content + c.text_dim, c.content_dim), act, nn.Linear(c.content_dim, c.content_dim)
        )
        self.motion_start = nn.Sequential(nn.Linear(c.z_motion + c.text_dim, c.motion_dim), nn.Tanh())
        self.motion_input = nn.Linear(c.text_dim, c.motion_dim)
        self.frame_embedding = nn.Embedding(c.frames, c.motion_dim)
        self.gru = nn.GRU(c.motion_dim, c.motion_dim, batch_first=True)
        layered = c.generator == "layered"
        self.start = None
        cond_dim = c.content_dim + c.text_dim + (0 if layered else c.motion_dim)
        side = c.height // 2 if layered else c.height  # the sprite is drawn at half the frame's side
        steps = int(round(math.log2(side // 4)))
        widths = [G_MULT[4 * 2**i] * c.g_ch for i in range(steps + 1)]
        self.base_channels = widths[0]
        self.input = nn.Sequential(
            nn.Linear(cond_dim, c.mlp_dim), act, nn.Linear(c.mlp_dim, widths[0] * 16)
        )
        self.blocks = nn.ModuleList(UpBlock(widths[i], widths[i + 1], cond_dim) for i in range(steps))
        self.out_norm = ConditionalBatchNorm2d(widths[-1], cond_dim)
        self.out = nn.Conv2d(widths[-1], 1 if layered else 3, 3, padding=1)
        if layered:
            code = len(COLOURS) if c.colour_code else 0
            self.colour = nn.Sequential(nn.Linear(cond_dim + code, c.content_dim), act, nn.Linear(c.content_dim, 3))
            # Per frame: steps of centre x, centre y and size, and with orbit_turn a turn (see poses).
            self.pose = nn.Linear(c.motion_dim, 4 if c.orbit_turn else 3)
            # The motion noise straight to the first pose (centre and size), beside the GRU's route.
            self.start = nn.Linear(c.z_motion, 3) if c.start_noise else None
            # Opacity fades to zero over the sprite's outer ring: one compact object, no cut-off
            # fragments at the sprite's edge.
            ramp = torch.linspace(-1.0, 1.0, side).abs()
            edge = torch.maximum(ramp[:, None], ramp[None, :])
            window = ((1.0 - edge) / (1.0 - SPRITE_OPAQUE)).clamp(0.0, 1.0)
            self.register_buffer("sprite_window", window[None, None],
                                 persistent=False)

    def codes(self, tokens: torch.Tensor, z: torch.Tensor):
        """``(text (N, text_dim), content c (N, content_dim), motion codes m (N, T, motion_dim))``."""
        text, content = self.appearance(tokens, z)
        return text, content, self._motion(text, z)

    def appearance(self, tokens: torch.Tensor, z: torch.Tensor):
        """``(text (N, text_dim), content c (N, content_dim))``: what :meth:`codes` gives without the motion."""
        text = self.text(tokens)
        return text, self.content(torch.cat([z[:, : self.config.z_content], text], dim=1))

    @staticmethod
    def _per_frame_condition(text: torch.Tensor, content: torch.Tensor, motion: torch.Tensor) -> torch.Tensor:
        """``cond_t = [c, m_t, text]``: ``(N, T, ·)``, the per-frame decoder's input."""
        n, frames = motion.shape[:2]
        return torch.cat([content[:, None].expand(n, frames, -1), motion,
                          text[:, None].expand(n, frames, -1)], dim=2)

    def frame_codes(self, tokens: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """The per-frame codes ``(N, T, ·)``: ``[c, m_t, text]`` for ``"frames"``; the motion codes
        ``m_t`` (which only set the pose) for ``"layered"``."""
        text, content, motion = self.codes(tokens, z)
        if self.config.generator == "layered":
            return motion
        return self._per_frame_condition(text, content, motion)

    def decode(self, cond: torch.Tensor) -> torch.Tensor:
        """The 2-D decoder: codes ``(M, cond_dim)`` → ``(M, 1 or 3, side, side)`` before the output squashing."""
        x = self.input(cond).view(cond.shape[0], self.base_channels, 4, 4)
        for block in self.blocks:
            x = block(x, cond)
        return self.out(torch.relu(self.out_norm(x, cond)))

    def sprite(self, text: torch.Tensor, content: torch.Tensor) -> torch.Tensor:
        """The layered generator's sprite: opacity ``(N, 1, H/2, W/2)`` in [0, 1], drawn from ``[c, text]``."""
        return torch.sigmoid(self.decode(torch.cat([content, text], dim=1)).float()) * self.sprite_window

    def colour_pick(self, z: torch.Tensor) -> torch.Tensor | None:
        """The colour word the noise picks, ``(N,)`` indices into ``COLOURS``: the largest of the
        first ``len(COLOURS)`` content-noise entries, so each colour is equally likely. ``None``
        for models without the colour code. A discrete pick, not a smooth function of the noise:
        there is no in-between noise that would ask for a blend of two colours."""
        if self.config.generator != "layered" or not self.config.colour_code:
            return None
        return z[:, : len(COLOURS)].argmax(dim=1)

    def clip_colour(self, text: torch.Tensor, content: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """The layered generator's one RGB colour per clip, ``(N, 3)`` in [-1, 1], from ``[c, text]``
        and the noise's colour pick."""
        parts = [content, text]
        pick = self.colour_pick(z)
        if pick is not None:
            parts.append(nn.functional.one_hot(pick, len(COLOURS)).to(content.dtype))
        return torch.tanh(self.colour(torch.cat(parts, dim=1)).float())

    def poses(self, motion: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """Per-frame ``(centre x, centre y, half-size)`` in [-1, 1] frame coordinates: ``(N, T, 3)``.

        The first motion code sets the start; each later one adds a step to it. Built this way a
        still object is the starting point and a smooth path is easy, while jumps need large steps:
        with the pose read off every code independently, objects hopped between frames.

        With ``ModelConfig.start_noise`` the motion noise in ``z`` also moves the first pose
        directly (a linear map added to it). Without it the noise reached the start only through
        the GRU's start state ``tanh(W [z_motion, text])``, where the text saturated the tanh for
        orbit, bounce and zigzag prompts: their clips all began in the same place whatever the
        noise (docs/DIVERSITY_DIAGNOSIS.md).

        With ``ModelConfig.orbit_turn`` each later code also gives a turn: the centre is rotated
        around the frame centre by the turns so far. A rotating prompt's clip is then a start
        anywhere plus the same turn every frame, whatever the start angle. Without it an orbit had
        to be built from steps whose direction depends on where the clip starts; the 64x64 model
        without the turn drew one arc per prompt instead (0 % of rotating clips judged correct)."""
        raw = self.pose(motion).float()
        if self.start is not None:
            start = self.start(z[:, self.config.z_content:].to(raw.dtype)).float()
            first = torch.cat([raw[:, 0, :3] + start, raw[:, 0, 3:]], dim=1)[:, None]
            raw = torch.cat([first, raw[:, 1:]], dim=1)
        track = torch.cat([raw[:, :1, :3], POSE_STEP * raw[:, 1:, :3]], dim=1).cumsum(dim=1)
        # The sprite spans 0.2-0.65 of the frame's half-side: about the objects' range of sizes, so
        # the sprite cannot grow over the whole frame and move the object around inside itself.
        half = HALF_SIZE_RANGE[0] + (HALF_SIZE_RANGE[1] - HALF_SIZE_RANGE[0]) * torch.sigmoid(track[..., 2:])
        centre = torch.tanh(track[..., :2])
        if self.config.orbit_turn:  # the first frame is not turned, each later one by its step more
            angle = torch.cat([torch.zeros_like(raw[:, :1, 3]), TURN_STEP * raw[:, 1:, 3]], dim=1).cumsum(dim=1)
            cos, sin = torch.cos(angle), torch.sin(angle)
            centre = torch.stack([cos * centre[..., 0] - sin * centre[..., 1],
                                  sin * centre[..., 0] + cos * centre[..., 1]], dim=-1)
        return torch.cat([centre, half], dim=-1)

    def trajectory(self, tokens: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """The layered generator's poses ``(N, T, 3)`` alone: no sprite drawn, no pixels."""
        text = self.text(tokens)
        return self.poses(self._motion(text, z), z)

    def _motion(self, text: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        c = self.config
        h0 = self.motion_start(torch.cat([z[:, c.z_content:], text], dim=1))
        steps = self.motion_input(text)[:, None, :] + self.frame_embedding.weight[None, :, :]
        motion, _ = self.gru(steps.to(h0.dtype), h0[None].contiguous())  # (N, T, motion_dim)
        return motion

    def forward(self, tokens: torch.Tensor, z: torch.Tensor, parts: bool = False):
        """Clips ``(N, 3, T, H, W)``; with ``parts`` (layered only) ``(clips, sprite (N, 1, S, S),
        poses (N, T, 3))``, what the sprite critic and the diversity term of training read."""
        c = self.config
        text, content, motion = self.codes(tokens, z)
        n, frames = motion.shape[:2]
        if c.generator == "frames":
            if parts:
                raise ValueError("only the layered generator draws a sprite and poses")
            x = torch.tanh(self.decode(self._per_frame_condition(text, content, motion).reshape(n * frames, -1)))
            return x.view(n, frames, 3, c.height, c.width).transpose(1, 2)
        sprite = self.sprite(text, content)  # (N, 1, S, S) opacity
        colour = self.clip_colour(text, content, z)  # (N, 3): one colour per clip
        poses = self.poses(motion, z)
        clips = self.place(sprite, colour, poses)
        return (clips, sprite, poses) if parts else clips

    def place(self, sprite: torch.Tensor, colour: torch.Tensor, poses: torch.Tensor) -> torch.Tensor:
        """The layered generator's last step: the sprite ``(N, 1, S, S)`` in its colour ``(N, 3)``
        warped to every pose ``(N, T, 3)`` on a white frame, clips ``(N, 3, T, H, W)``. Any poses
        may be passed in: ``scripts/turn_landscape.py`` draws a clip's path turned further."""
        c = self.config
        n, frames = poses.shape[:2]
        pose = poses.reshape(n * frames, 3)
        # The affine warp maps each output pixel to a sprite coordinate: (p - centre) / half-size.
        inv = 1.0 / pose[:, 2]
        zero = torch.zeros_like(inv)
        theta = torch.stack([torch.stack([inv, zero, -pose[:, 0] * inv], dim=1),
                             torch.stack([zero, inv, -pose[:, 1] * inv], dim=1)], dim=1)
        grid = nn.functional.affine_grid(theta, [n * frames, 1, c.height, c.width], align_corners=False)
        alpha = nn.functional.grid_sample(sprite.repeat_interleave(frames, dim=0), grid, mode="bilinear",
                                          padding_mode="zeros", align_corners=False)  # (N*T, 1, H, W)
        alpha = alpha.view(n, frames, 1, c.height, c.width).transpose(1, 2)  # (N, 1, T, H, W)
        return 1.0 - alpha * (1.0 - colour[:, :, None, None, None])  # white where the sprite is clear

    def sample_z(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """Standard-normal noise ``(n, z_dim)`` on the CPU (move it to the model's device)."""
        return torch.randn(n, self.config.z_dim, generator=generator)


# --------------------------------------------------------------------------------------------
# Discriminators


class _ProjectionHead(nn.Module):
    """``ψ(φ) + ⟨embed(prompt), φ⟩`` with its own text encoder."""

    def __init__(self, vocab_size: int, features: int, embed_dim: int):
        super().__init__()
        self.text = TextEncoder(vocab_size, embed_dim, features, spectral=True)
        self.psi = spectral_norm(nn.Linear(features, 1))

    def forward(self, phi: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        return self.psi(phi).squeeze(1) + (self.text(tokens).to(phi.dtype) * phi).sum(dim=1)


def coordinate_channels(reference: torch.Tensor) -> torch.Tensor:
    """x and y in [-1, 1] as two extra channels shaped like ``reference`` ``(N, C, [T,] H, W)``.

    Convolutions are blind to where they are; with these channels the critic can relate a motion's
    direction to the position around the frame centre (clockwise vs counter-clockwise)."""
    *lead, h, w = reference.shape
    ys = torch.linspace(-1.0, 1.0, h, device=reference.device, dtype=reference.dtype)
    xs = torch.linspace(-1.0, 1.0, w, device=reference.device, dtype=reference.dtype)
    grid = torch.stack(torch.meshgrid(ys, xs, indexing="ij")[::-1])  # (2, H, W): x, y
    shape = [lead[0], 2, *lead[2:], h, w]
    return grid.view(2, *([1] * (len(lead) - 2)), h, w).unsqueeze(0).expand(shape)


def critic_input(clips: torch.Tensor) -> torch.Tensor:
    """What the critics read: "ink" ``1 - pixel`` (0 on the white background, up to 2 where
    dark) and the coordinate channels weighted by the frame's mean ink.

    With the empty background at exactly zero, background positions all give the same features
    (the biases' response) whatever the clip, so what varies between clips is the shape.
    """
    ink = 1.0 - clips
    amount = ink.mean(dim=1, keepdim=True)
    return torch.cat([ink, coordinate_channels(clips) * amount], dim=1)


class VideoDiscriminator(nn.Module):
    """3D convolutions over the whole clip, then projection with the prompt. Returns ``(N,)`` scores.

    The input gets two coordinate channels. Every layer halves the image side; the last two also
    halve time (10 → 5 → 3 frames). The final ``(C, 3, 4, 4)`` map is both flattened (so where and
    when things happen, the order of positions, the direction of travel, reach the projection)
    and max-pooled (so a shape is recognised wherever it is) into the feature vector ``φ``.
    """

    def __init__(self, config: ModelConfig, vocab_size: int):
        super().__init__()
        c = config
        layers: list[nn.Module] = []
        self.side = c.critic_side
        side, cin, frames = self.side, 5, c.frames
        n_layers = int(round(math.log2(self.side // 4)))
        for i in range(n_layers):
            side //= 2
            cout = D_MULT[side] * c.d_ch
            t_stride = 2 if i >= n_layers - 2 else 1
            layers += [spectral_norm(nn.Conv3d(cin, cout, (3, 4, 4), stride=(t_stride, 2, 2), padding=1)),
                       nn.LeakyReLU(0.2)]
            frames = (frames + 2 - 3) // t_stride + 1
            cin = cout
        self.features = nn.Sequential(*layers)
        self.feature_dim = 16 * c.d_ch
        self.flat = spectral_norm(nn.Linear(cin * frames * side * side, self.feature_dim))
        self.pooled = spectral_norm(nn.Linear(cin, self.feature_dim))
        self.head = _ProjectionHead(vocab_size, self.feature_dim, c.embed_dim)
        self.aux = nn.Linear(self.feature_dim, N_ATTRIBUTE_CLASSES) if c.aux_heads else None

    def features_of(self, clips: torch.Tensor) -> torch.Tensor:
        """The feature vector ``φ(x)``: ``(N, feature_dim)``.

        The sum of two readings of the last feature map: flattened (where and when things happen)
        and max-pooled over time and space (what is there, wherever it is)."""
        factor = clips.shape[-1] // self.side
        if factor > 1:  # the half-size critic: motion and colour need no more than 32x32 (ModelConfig.video_d_side)
            clips = nn.functional.avg_pool3d(clips, (1, factor, factor))
        h = self.features(critic_input(clips))
        return nn.functional.leaky_relu(self.flat(h.flatten(1)) + self.pooled(h.amax(dim=(2, 3, 4))), 0.2)

    def forward(self, clips: torch.Tensor, tokens: torch.Tensor, with_aux: bool = False):
        """Scores ``(N,)``; with ``with_aux`` also the attribute logits ``(N, 3 + 4 + 16)`` (or None)."""
        phi = self.features_of(clips)
        scores = self.head(phi, tokens)
        if not with_aux:
            return scores
        return scores, (self.aux(phi) if self.aux is not None else None)


def _strided_convs(side: int, cin: int, d_ch: int) -> tuple[nn.Sequential, int, int]:
    """2-D critic layers, each halving the image side down to 4×4 (spectral norm, leaky ReLU):
    ``(layers, final side, final channels)``; widths from :data:`D_MULT`."""
    layers: list[nn.Module] = []
    for _ in range(int(round(math.log2(side // 4)))):
        side //= 2
        cout = D_MULT[side] * d_ch
        layers += [spectral_norm(nn.Conv2d(cin, cout, 4, stride=2, padding=1)), nn.LeakyReLU(0.2)]
        cin = cout
    return nn.Sequential(*layers), side, cin


class FrameDiscriminator(nn.Module):
    """The same design with 2D convolutions, on single frames. ``(N, 3, H, W)`` → ``(N,)`` scores."""

    def __init__(self, config: ModelConfig, vocab_size: int):
        super().__init__()
        c = config
        self.features, side, cin = _strided_convs(c.height, 5, c.d_ch)
        self.feature_dim = 16 * c.d_ch
        self.flat = spectral_norm(nn.Linear(cin * side * side, self.feature_dim))
        self.pooled = spectral_norm(nn.Linear(cin, self.feature_dim))
        self.head = _ProjectionHead(vocab_size, self.feature_dim, c.embed_dim)

    def forward(self, frames: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        h = self.features(critic_input(frames))  # flattened and max-pooled, as in VideoDiscriminator
        phi = nn.functional.leaky_relu(self.flat(h.flatten(1)) + self.pooled(h.amax(dim=(2, 3))), 0.2)
        return self.head(phi, tokens)


class SpriteDiscriminator(nn.Module):
    """A critic of the layered generator's sprite alone: opacity masks ``(N, 1, S, S)`` and the
    prompt's shape ids ``(N,)`` → ``(N,)`` scores (hinge, projection with a shape embedding).

    Real masks are the shapes drawn centred on their own (:func:`helpers.world.shape_masks`), at
    the sprite's resolution (32x32 for 64x64 clips). In a clip the video critic sees a shape a
    few pixels wide among motion and colour, and it learned to tell a circle from a square only
    slowly: the shipped 32x32 model drew triangles as three-spoke stars and squares as Z shapes
    that it accepted. Here the shape is all there is to see, centred and large, so the sprite
    learns the outline itself; the video critic still judges how it moves and what colour it is.
    """

    def __init__(self, config: ModelConfig):
        super().__init__()
        c = config
        self.features, side, cin = _strided_convs(c.sprite_side, 3, c.d_ch)
        self.feature_dim = 8 * c.d_ch
        self.flat = spectral_norm(nn.Linear(cin * side * side, self.feature_dim))
        self.psi = spectral_norm(nn.Linear(self.feature_dim, 1))
        self.embed = spectral_norm(nn.Embedding(len(SHAPES), self.feature_dim))

    def forward(self, masks: torch.Tensor, shape_ids: torch.Tensor) -> torch.Tensor:
        # The mask plus coordinates: a triangle is told from an upside-down one by where its ink is.
        x = torch.cat([masks, coordinate_channels(masks) * masks], dim=1)
        phi = nn.functional.leaky_relu(self.flat(self.features(x).flatten(1)), 0.2)
        return self.psi(phi).squeeze(1) + (self.embed(shape_ids).to(phi.dtype) * phi).sum(dim=1)


def track_features(tracks: torch.Tensor, turns: bool = False) -> torch.Tensor:
    """What the track critic reads of poses ``(N, T, 3)`` (centre x, y, half-size): ``(N, 6T - 3)``,
    with ``turns`` ``(N, 7T - 4)``.

    The centres, the size relative to the first frame's (log ratio: the sprite's half-size and the
    object's half-extent differ by how much of the sprite the shape fills, their ratios do not),
    and the frame-to-frame steps of both, enlarged to values of about one.

    With ``turns`` also each step's turn around the frame centre, the cross product
    ``x_t y_(t+1) - y_t x_(t+1)`` (``r^2 sin`` of the angle turned): positive one way round,
    negative the other, whatever the start angle. From centres and steps alone the direction of
    an orbit is a product of two inputs, which the critic's MLP has to build; with this reading
    the critic's score of a wrongly turning path climbs steadily as the path is turned towards the
    right direction (``scripts/turn_landscape.py``, ``docs/turn_landscape_cpu.txt``)."""
    centre = tracks[..., :2].float()
    size = torch.log(tracks[..., 2:].float().clamp(min=1e-3) / tracks[:, :1, 2:].float().clamp(min=1e-3))
    where = torch.cat([centre, size], dim=-1)
    steps = TRACK_STEP_SCALE * (where[:, 1:] - where[:, :-1])
    parts = [where.flatten(1), steps.flatten(1)]
    if turns:
        parts.append(TRACK_STEP_SCALE * (centre[:, :-1, 0] * centre[:, 1:, 1] - centre[:, :-1, 1] * centre[:, 1:, 0]))
    return torch.cat(parts, dim=1)


class TrackDiscriminator(nn.Module):
    """A critic of the layered generator's poses alone: tracks ``(N, T, 3)`` and the prompt's
    motion ids ``(N,)`` → ``(N,)`` scores (hinge, projection with a motion embedding).

    Real tracks are the real clips' own trajectories (:meth:`helpers.world.Trajectories.as_poses`).
    The video critic sees the motion only through a few pixels moving in a pooled clip, and the
    64x64 model it trained drew an arc for "rotating" and a single sweep for "bouncing": clips it
    accepted. Here the path is all there is to see: ten centres and sizes, read by a small MLP
    (a few thousand multiply-adds per clip). Like the sprite critic it uses what a synthetic world
    offers, the true paths; the video critic still has to accept the clips.

    With ``ModelConfig.track_turns`` it also reads each step's turn around the frame centre
    (:func:`track_features`). With that reading and a weight of 6 in the generator's loss
    (``TrainConfig.track_d_weight``) both rotating prompts turn the right way; with neither, the
    generator turned both the same way in every run (README, "Measured figures")."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        c = config
        width = 16 * c.d_ch
        self.turns = c.track_turns
        self.features = nn.Sequential(
            spectral_norm(nn.Linear(6 * c.frames - 3 + (c.frames - 1 if c.track_turns else 0), width)),
            nn.LeakyReLU(0.2),
            spectral_norm(nn.Linear(width, width)), nn.LeakyReLU(0.2),
        )
        self.psi = spectral_norm(nn.Linear(width, 1))
        self.embed = spectral_norm(nn.Embedding(len(MOTIONS), width))

    def forward(self, tracks: torch.Tensor, motion_ids: torch.Tensor) -> torch.Tensor:
        phi = self.features(track_features(tracks, self.turns))
        return self.psi(phi).squeeze(1) + (self.embed(motion_ids).to(phi.dtype) * phi).sum(dim=1)


class CriticScores(NamedTuple):
    """What :class:`Discriminator` returns; a field is None where the model has no such critic."""

    video: torch.Tensor  # (N,) the video critic's scores
    frame: torch.Tensor | None  # (N*k,) the per-frame critic's scores
    aux: torch.Tensor | None  # (N, 3 + 4 + 16) the attribute logits
    sprite: torch.Tensor | None  # (M,) the sprite critic's scores of the masks passed in
    track: torch.Tensor | None = None  # (M,) the track critic's scores of the tracks passed in


class Discriminator(nn.Module):
    """The video critic plus, if ``frame_d_frames > 0``, the per-frame critic, with ``sprite_d``
    the sprite critic and with ``track_d`` the track critic.

    ``forward(clips, tokens, frame_index, masks, shape_ids, tracks, motion_ids)`` returns
    :class:`CriticScores`; ``frame_index`` ``(N, k)`` says which frames of each clip the frame
    critic judges, ``masks`` ``(M, 1, S, S)`` and ``shape_ids`` ``(M,)`` are what the sprite critic
    judges, ``tracks`` ``(M, T, 3)`` and ``motion_ids`` ``(M,)`` what the track critic judges (one
    call, so that DDP sees every critic's parameters in its forward).
    """

    def __init__(self, config: ModelConfig, vocab_size: int):
        super().__init__()
        self.config = config
        self.video = VideoDiscriminator(config, vocab_size)
        self.frame = FrameDiscriminator(config, vocab_size) if config.frame_d_frames > 0 else None
        layered = config.generator == "layered"
        self.sprite = SpriteDiscriminator(config) if config.sprite_d and layered else None
        self.track = TrackDiscriminator(config) if config.track_d and layered else None

    def forward(self, clips: torch.Tensor, tokens: torch.Tensor, frame_index: torch.Tensor | None = None,
                masks: torch.Tensor | None = None, shape_ids: torch.Tensor | None = None,
                tracks: torch.Tensor | None = None, motion_ids: torch.Tensor | None = None) -> CriticScores:
        video, aux = self.video(clips, tokens, with_aux=True)
        sprite = self.sprite(masks, shape_ids) if self.sprite is not None and masks is not None else None
        track = self.track(tracks, motion_ids) if self.track is not None and tracks is not None else None
        if self.frame is None:
            return CriticScores(video, None, aux, sprite, track)
        n, k = clips.shape[0], self.config.frame_d_frames
        if frame_index is None:
            frame_index = torch.linspace(0, clips.shape[2] - 1, k, device=clips.device).round().long()
            frame_index = frame_index.expand(n, k)
        frame_index = frame_index.to(clips.device)
        picked = clips.transpose(1, 2)[torch.arange(n, device=clips.device)[:, None], frame_index]
        frames = picked.reshape(n * k, *clips.shape[1:2], *clips.shape[3:])
        frame_scores = self.frame(frames, tokens.repeat_interleave(k, dim=0))
        return CriticScores(video, frame_scores, aux, sprite, track)


def build_models(config: ModelConfig, vocab_size: int) -> tuple[Generator, Discriminator]:
    """A generator and a discriminator of ``config``'s sizes for a vocabulary of ``vocab_size`` ids."""
    return Generator(config, vocab_size), Discriminator(config, vocab_size)


def count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


__all__ = [
    "MAX_TOKENS", "N_ATTRIBUTE_CLASSES", "ConditionalBatchNorm2d", "CriticScores", "Discriminator",
    "FrameDiscriminator", "GENERATOR_KINDS", "Generator", "ModelConfig", "SpriteDiscriminator", "TrackDiscriminator",
    "VideoDiscriminator", "build_models", "coordinate_channels", "count_parameters", "critic_input", "track_features",
]
