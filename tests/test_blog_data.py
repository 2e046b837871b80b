"""The blog's data generator, reproduced: its measured defects must show (notebook 02 relies on them)."""

from helpers import blog


def test_published_generator_draws_nothing():
    clips = blog.blog_dataset_clips(draw=False)
    assert len(clips) == 18
    assert all((clip == 255).all() for clip in clips.values())


def test_modulo_sends_the_circle_off_screen():
    assert blog.blog_position("left", 1) == (91, 32)  # -5 % 64 == 59
    assert blog.blog_position("down", 9)[1] > 64
    clips = blog.blog_dataset_clips(draw=True)
    blank = sum(int((frame == 255).all()) for clip in clips.values() for frame in clip)
    assert blank == 56


def test_duplicate_motions_leave_twelve_distinct_clips():
    assert blog.count_distinct_clips(blog.blog_dataset_clips(draw=True)) == 12


def test_blog_test_prompt_is_a_training_prompt_minus_a_word():
    training = [p for p, _ in blog.BLOG_PROMPTS]
    assert blog.BLOG_TEST_PROMPT not in training
    assert blog.BLOG_TEST_PROMPT.replace("moving", "moving diagonally") in training


def test_png_dataset_writes_one_file_per_frame(tmp_path):
    files = blog.write_png_dataset(3, tmp_path)
    assert files == 33 and len(list(tmp_path.rglob("*.png"))) == 30
