"""Exercise checks of notebook 07 (evaluation)."""

from ..exercises import exercise


@exercise("07.1", hint="there are 3 shapes, 4 colours and 16 motions; a uniform guess is right on all "
                       "three with probability 1/3 x 1/4 x 1/16")
def _chance(answer):
    from ..evaluation import CHANCE

    assert isinstance(answer, (int, float)) or hasattr(answer, "item"), "expected a number between 0 and 1"
    value = float(answer)
    assert 0 <= value <= 1, f"{value}: a probability lies between 0 and 1 (give 0.5 %, not 0.5)"
    assert abs(value - CHANCE["all_correct"]) < 1e-4, (
        f"{value:.4f}: the three guesses are independent, so multiply their chances (1/192 = 0.0052)")


@exercise("07.2", hint="clip[:, ::-1] reverses the frames of a (1, T, H, W, 3) clip; "
                       "instrument.predict(clips)['motion'] gives motion ids, MOTIONS[id] their names")
def _reversed(answer):
    from ..prompts import MOTIONS

    assert isinstance(answer, str), f"expected the motion's name as a string, got {type(answer).__name__}"
    assert answer.strip().lower() in MOTIONS, f"{answer!r} is not one of the 16 motions: {', '.join(MOTIONS)}"
    assert answer.strip().lower() == "moving down", (
        f"{answer!r}: played backwards, a shape moving up moves down; a classifier that reads the order of "
        "the frames must say so. Did you reverse the frame axis (axis 1), not the rows of the image?")


@exercise("07.3", hint="frechet.frechet_distance(fb, fb[np.random.default_rng(0).permutation(len(fb))])")
def _permuted(answer):
    assert isinstance(answer, (int, float)) or hasattr(answer, "item"), "expected a number (a distance)"
    assert abs(float(answer)) < 1e-6, (
        f"{float(answer):.3g}: the same rows in another order have the same mean and covariance, so the "
        "distance is 0. Did you compare fb with a permutation of itself (not with fa)?")
