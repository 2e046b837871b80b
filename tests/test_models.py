"""The networks: shapes at both sizes, gradients into the text encoders, text sensitivity."""

import pytest
import torch

from helpers.models import (
    GENERATOR_KINDS,
    HALF_SIZE_RANGE,
    ConditionalBatchNorm2d,
    Discriminator,
    FrameDiscriminator,
    Generator,
    ModelConfig,
    VideoDiscriminator,
    build_models,
)
from helpers.prompts import MAX_TOKENS, PromptError, Vocabulary
from helpers.text_encoder import TextEncoder, drop_colours, encode_prompts
from helpers.world import render_prompts, to_model_tensor

VOCAB = Vocabulary()
PROMPTS = ["red circle moving up-right", "green square rotating counter-clockwise", "triangle shrinking"]


def tiny(side: int, **extra) -> ModelConfig:
    return ModelConfig(height=side, width=side, g_ch=2, d_ch=2, embed_dim=8, text_dim=16, z_content=4,
                       z_motion=4, content_dim=8, motion_dim=8, mlp_dim=16, **extra)


@pytest.fixture(autouse=True)
def _seed():
    torch.manual_seed(0)


def test_tokenizer_keeps_hyphenated_words_whole():
    tokens = VOCAB.tokenize("blue circle rotating counter-clockwise")
    assert tokens == ["blue", "circle", "rotating", "counter-clockwise"]
    a = encode_prompts(VOCAB, ["circle rotating clockwise"])
    b = encode_prompts(VOCAB, ["circle rotating counter-clockwise"])
    assert a.shape == (1, MAX_TOKENS) and not torch.equal(a, b)
    assert "counter" not in VOCAB.ids


def test_text_encoder_shapes_and_padding():
    encoder = TextEncoder(len(VOCAB), embed_dim=8, out_dim=12)
    tokens = encode_prompts(VOCAB, PROMPTS)
    assert encoder(tokens).shape == (3, 12)
    # Padding does not count: a prompt's vector does not depend on how much padding follows it.
    short = tokens[2:3, :3]
    assert torch.allclose(encoder(short), encoder(tokens[2:3]), atol=1e-6)


def test_colour_less_prompts_encode_and_drop():
    tokens = encode_prompts(VOCAB, ["circle moving up"])
    assert (tokens != 0).sum() == 3
    from helpers.prompts import parse_prompt

    prompts = [parse_prompt(p) for p in ["red circle moving up"] * 400]
    dropped = drop_colours(prompts, 0.2, torch.Generator().manual_seed(1))
    share = sum(p.colour is None for p in dropped) / len(dropped)
    assert 0.12 < share < 0.28
    assert all(p.shape == "circle" and p.motion == "moving up" for p in dropped)


def test_bad_prompt_is_refused_by_name():
    with pytest.raises(PromptError, match="'purple'"):
        encode_prompts(VOCAB, ["purple circle moving up"])


@pytest.mark.parametrize("kind", GENERATOR_KINDS)
@pytest.mark.parametrize("side", [32, 64])
def test_shapes_of_every_module(side, kind):
    config = tiny(side, frame_d_frames=2, generator=kind)
    generator, discriminator = build_models(config, len(VOCAB))
    tokens = encode_prompts(VOCAB, PROMPTS)
    z = generator.sample_z(3)
    assert z.shape == (3, config.z_dim)
    codes = generator.frame_codes(tokens, z)
    assert codes.shape[:2] == (3, config.frames)
    clips = generator(tokens, z)
    assert clips.shape == (3, 3, config.frames, side, side)  # the layout of render_ids(layout="model")
    assert clips.min() >= -1 and clips.max() <= 1
    video = VideoDiscriminator(config, len(VOCAB))
    assert video(clips, tokens).shape == (3,)
    frame = FrameDiscriminator(config, len(VOCAB))
    assert frame(clips[:, :, 0], tokens).shape == (3,)
    scores, frame_scores, logits = discriminator(clips, tokens)
    assert scores.shape == (3,) and frame_scores.shape == (3 * 2,) and logits.shape == (3, 3 + 4 + 16)
    index = torch.tensor([[0, 9], [1, 2], [5, 5]])
    assert discriminator(clips, tokens, index)[1].shape == (6,)
    norm = ConditionalBatchNorm2d(4, 16)
    assert norm(torch.randn(5, 4, 8, 8), torch.randn(5, 16)).shape == (5, 4, 8, 8)


@pytest.mark.parametrize("kind", GENERATOR_KINDS)
def test_real_clip_layout_matches_the_generator(kind):
    real = to_model_tensor(render_prompts(PROMPTS, seed=0, height=32, width=32))
    config = tiny(32, generator=kind)
    generator = Generator(config, len(VOCAB))
    fake = generator(encode_prompts(VOCAB, PROMPTS), generator.sample_z(3))
    assert real.shape == fake.shape and real.dtype == fake.dtype


@pytest.mark.parametrize("kind", GENERATOR_KINDS)
def test_gradients_reach_both_text_encoders(kind):
    config = tiny(32, frame_d_frames=1, generator=kind)
    generator, discriminator = build_models(config, len(VOCAB))
    tokens = encode_prompts(VOCAB, PROMPTS)
    clips = generator(tokens, generator.sample_z(3))
    video, frame, logits = discriminator(clips, tokens)
    (video.sum() + frame.sum() + logits.sum()).backward()
    for encoder in (generator.text, discriminator.video.head.text, discriminator.frame.head.text):
        grad = encoder.embedding.weight.grad
        assert grad is not None
        used = tokens.unique()
        used = used[used != 0]
        assert grad[used].abs().sum() > 0, "the word embeddings must learn"
        assert grad[0].abs().sum() == 0, "padding has no embedding to learn"


def test_discriminator_reads_the_prompt():
    config = tiny(32)
    discriminator = Discriminator(config, len(VOCAB))
    clips = to_model_tensor(render_prompts(["red circle moving up"] * 2, seed=0, height=32, width=32))
    right = encode_prompts(VOCAB, ["red circle moving up"] * 2)
    for other in ["blue circle moving up", "red square moving up", "red circle moving down",
                  "circle moving up"]:
        wrong = encode_prompts(VOCAB, [other] * 2)
        assert not torch.allclose(discriminator(clips, right)[0], discriminator(clips, wrong)[0]), other
    cw = encode_prompts(VOCAB, ["red circle rotating clockwise"] * 2)
    ccw = encode_prompts(VOCAB, ["red circle rotating counter-clockwise"] * 2)
    assert not torch.allclose(discriminator(clips, cw)[0], discriminator(clips, ccw)[0])


@pytest.mark.parametrize("kind", GENERATOR_KINDS)
def test_generator_follows_prompt_and_noise(kind):
    config = tiny(32, generator=kind)
    generator = Generator(config, len(VOCAB))
    z = generator.sample_z(1).expand(2, -1)
    tokens = encode_prompts(VOCAB, ["red circle moving up", "blue square moving down"])
    clips = generator(tokens, z)
    assert not torch.allclose(clips[0], clips[1])
    # Frames differ: the per-frame code moves.
    assert not torch.allclose(clips[0, :, 0], clips[0, :, -1])


@pytest.mark.parametrize("kind", GENERATOR_KINDS)
def test_eval_mode_is_batch_independent(kind):
    config = tiny(32, generator=kind)
    generator = Generator(config, len(VOCAB)).eval()
    tokens = encode_prompts(VOCAB, PROMPTS)
    z = generator.sample_z(3)
    with torch.no_grad():
        together = generator(tokens, z)
        alone = generator(tokens[1:2], z[1:2])
    assert torch.allclose(together[1:2], alone, atol=1e-5)


def test_config_round_trip_and_validation():
    config = tiny(64, frame_d_frames=2)
    assert ModelConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ValueError, match="unknown model settings"):
        ModelConfig.from_dict({**config.to_dict(), "colour_layers": 3})
    with pytest.raises(ValueError, match="square"):
        ModelConfig(height=64, width=32)
    with pytest.raises(ValueError, match="side"):
        ModelConfig(height=48, width=48)
    with pytest.raises(ValueError, match="unknown generator 'sprites'"):
        ModelConfig(generator="sprites")
    # Checkpoints written before the layered generator existed hold a per-frame generator.
    old = {k: v for k, v in tiny(32, generator="frames").to_dict().items() if k != "generator"}
    assert ModelConfig.from_dict(old).generator == "frames"
    # ... and those written before the colour code have a colour head without it.
    old = {k: v for k, v in tiny(32).to_dict().items() if k != "colour_code"}
    assert ModelConfig.from_dict(old).colour_code is False
    with pytest.raises(ValueError, match="colour code reads 4 content-noise entries; z_content is 2"):
        ModelConfig(z_content=2)


def test_layered_generator_keeps_one_shape_and_colour_per_clip():
    config = tiny(32, generator="layered")
    generator = Generator(config, len(VOCAB)).eval()
    tokens = encode_prompts(VOCAB, PROMPTS)
    z = generator.sample_z(3)
    with torch.no_grad():
        clips = generator(tokens, z)
        poses = generator.poses(generator.frame_codes(tokens, z))
    assert poses.shape == (3, config.frames, 3)
    assert poses[..., :2].abs().max() < 1 and poses[..., 2].min() >= HALF_SIZE_RANGE[0]
    assert poses[..., 2].max() <= HALF_SIZE_RANGE[1]
    # Every pixel is a blend of white and the clip's one colour: ink = alpha * (1 - colour).
    ink = 1.0 - clips  # (N, 3, T, H, W)
    for clip in ink:
        colour_ratio = clip.flatten(1) / clip.flatten(1).sum(dim=0, keepdim=True).clamp(min=1e-6)
        inked = clip.flatten(1).sum(dim=0) > 1e-3
        assert inked.any()
        spread = colour_ratio[:, inked].std(dim=1)
        assert spread.max() < 1e-3, "one colour per clip: ink has the same RGB ratio everywhere"
    # Outside the sprite the frame is exactly white.
    assert (clips == 1.0).any()


def test_colour_code_is_a_uniform_pick_that_the_colour_head_reads():
    generator = Generator(tiny(16), len(VOCAB))
    z = generator.sample_z(4000, torch.Generator().manual_seed(0))
    pick = generator.colour_pick(z)
    assert torch.equal(pick, z[:, :4].argmax(dim=1))
    shares = torch.bincount(pick, minlength=4) / len(pick)
    assert shares.min() > 0.22 and shares.max() < 0.28  # each of the four colours about equally often
    # Same prompt, same content noise entries but another pick: another colour (the code is an
    # input of the colour head, not of the sprite).
    same = z[:1].repeat(2, 1)
    text, content = generator.appearance(encode_prompts(VOCAB, ["circle shrinking"] * 2), same)
    recoded = same.clone()
    recoded[:, :4] = torch.eye(4)[[0, 1]]
    assert not torch.allclose(*generator.clip_colour(text, content, recoded))
    # Only the pick counts, not the size of those noise entries: shifting all four keeps the order.
    shifted = same.clone()
    shifted[:, :4] += 5.0
    assert torch.equal(generator.clip_colour(text, content, shifted), generator.clip_colour(text, content, same))
    # Without the code (older checkpoints, or the per-frame generator) there is no pick.
    assert Generator(tiny(16, colour_code=False), len(VOCAB)).colour_pick(z) is None
    assert Generator(tiny(16, generator="frames"), len(VOCAB)).colour_pick(z) is None


@pytest.mark.parametrize("kind", GENERATOR_KINDS)
def test_appearance_is_the_codes_without_the_motion(kind):
    generator = Generator(tiny(16, generator=kind), len(VOCAB))
    tokens, z = encode_prompts(VOCAB, PROMPTS), generator.sample_z(3)
    text, content, motion = generator.codes(tokens, z)
    assert motion.shape[:2] == (3, generator.config.frames)
    for full, alone in zip((text, content), generator.appearance(tokens, z)):
        assert torch.equal(full, alone)
