"""Exercise checks of notebook 04 (generator and discriminator)."""

from ..exercises import exercise


@exercise("04.1", hint="call the generator on 3 prompts' tokens and 3 noise vectors, then read .shape")
def _shape(answer):
    from ..runtime import world_size

    size = world_size()
    expected = (3, 3, size.frames, size.height, size.width)
    assert tuple(answer) == expected, f"{tuple(answer)}: clips are (N, RGB channels, T, H, W) = {expected}"


@exercise("04.2", hint="helpers.models.count_parameters(model.generator) with model = load_model()")
def _parameters(answer):
    from ..inference import load_model
    from ..models import count_parameters

    expected = count_parameters(load_model(device="cpu").generator)
    assert int(answer) == expected, f"{answer}: the shipped generator has a different count"


@exercise("04.3", hint="look at the output shape of BlogGenerator: (N, 3, H, W) has no time axis")
def _blog_frames(answer):
    assert int(answer) == 1, f"{answer}: the blog draws a single frame per call and calls it once per frame"


def _compare_runs(name, answer, changed, measure, what):
    """Shared by the 'change the model' exercises: check the two runs, measure both with the
    course's instrument, and compare the learner's prediction with what was measured."""
    from ..experiments import Variant, direction
    from ..runtime import is_smoke

    assert isinstance(answer, dict) and {"prediction", "baseline", "changed"} <= set(answer), (
        "answer must be a dict with 'prediction', 'baseline' and 'changed'")
    baseline, variant = answer["baseline"], answer["changed"]
    assert isinstance(baseline, Variant) and isinstance(variant, Variant), (
        "'baseline' and 'changed' must be what experiments.train_variant returned")
    assert not baseline.changes, f"the baseline should change nothing, not {baseline.changes}"
    for key, value in changed.items():
        assert variant.changes.get(key) == value, f"the changed run needs {key}={value}, it has {variant.changes}"
    assert baseline.history["step"][-1] == variant.history["step"][-1], "train both runs for the same steps"
    prediction = str(answer["prediction"]).strip().lower()
    assert prediction in ("lower", "same", "higher"), "prediction: 'lower', 'same' or 'higher'"
    before, after = measure(baseline.checkpoint), measure(variant.checkpoint)
    measured = direction(before, after)
    print(f"{what}: {before:.3f} with the recipe as it is, {after:.3f} with {changed} -> {measured}")
    if is_smoke():
        print(f"(smoke mode: {baseline.history['step'][-1]} steps are too few to tell; prediction not compared)")
        return
    assert prediction == measured, (f"you predicted '{prediction}', the instrument measured '{measured}': "
                                    f"see the worked solution (notebooks/solutions/{name[:2]}_solutions.ipynb)")


@exercise("04.4", hint="predict first; then experiments.train_variant(STEPS) and "
                       "experiments.train_variant(STEPS, aux_weight=0.0, aux_weight_g=0.0)")
def _heads_off(answer):
    from ..experiments import colour_following

    _compare_runs("04.4", answer, {"aux_weight": 0.0, "aux_weight_g": 0.0}, colour_following,
                  "share of clips painted in the prompt's colour")
