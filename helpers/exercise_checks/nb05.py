"""Exercise checks of notebook 05 (training loop)."""

from ..exercises import exercise


@exercise("05.1", hint="model.step * model.train_config['batch_size'] with model = load_model()")
def _clips_seen(answer):
    from ..inference import load_model

    model = load_model(device="cpu")
    expected = model.step * int(model.train_config["batch_size"])
    assert int(answer) == expected, f"{answer}: {model.step} steps of {model.train_config['batch_size']} clips"


@exercise("05.2", hint="mean(max(0, 1 - real)) + mean(max(0, 1 + fake)) + 0.5 * mean(max(0, 1 + wrong))")
def _hinge(answer):
    real, fake, wrong = [1.5, 0.2], [-0.5, -2.0], [0.0, -1.5]
    mean = lambda values: sum(values) / len(values)
    expected = (mean([max(0, 1 - s) for s in real]) + mean([max(0, 1 + s) for s in fake])
                + 0.5 * mean([max(0, 1 + s) for s in wrong]))
    assert abs(float(answer) - expected) < 1e-6, f"{answer}: expected {expected:.4f}"


@exercise("05.3", hint="each update keeps 90 % of the gap to the target: 1 - 0.9 ** 10")
def _ema(answer):
    expected = 1 - 0.9**10
    assert abs(float(answer) - expected) < 1e-6, f"{answer}: expected {expected:.6f}"


@exercise("05.4", hint="predict first; then experiments.train_variant(STEPS) and "
                       "experiments.train_variant(STEPS, mismatch_weight=0.0)")
def _no_mismatch(answer):
    from ..experiments import critic_prompt_gap
    from .nb04 import _compare_runs

    _compare_runs("05.4", answer, {"mismatch_weight": 0.0}, critic_prompt_gap,
                  "critic's score gap, real clip with its prompt minus with a wrong prompt")
