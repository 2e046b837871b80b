"""Exercise checks of notebook 03 (text embedding)."""

from ..exercises import exercise


@exercise("03.1", hint="prompts.Vocabulary().encode(text) normalises the prompt and pads to 4 ids")
def _encode(answer):
    from ..prompts import Vocabulary

    expected = Vocabulary().encode("green square bouncing horizontally")
    assert list(answer) == expected, f"{list(answer)}: expected the ids of green, square, bouncing, horizontally"


@exercise("03.2", hint="an nn.Embedding's weight has shape (vocabulary size, vector size); multiply them")
def _table_size(answer):
    from ..inference import load_model

    weight = load_model(device="cpu").generator.text.embedding.weight
    assert int(answer) == weight.numel(), f"{answer}: the table is {tuple(weight.shape)}"


@exercise("03.3", hint="normalise both rows with torch.nn.functional.normalize, then take their dot product")
def _cosine(answer):
    import torch

    from ..inference import load_model

    model = load_model(device="cpu")
    vectors = model.generator.text.embedding.weight.detach()
    a, b = (vectors[model.vocab.ids[w]] for w in ("clockwise", "counter-clockwise"))
    expected = float(torch.nn.functional.cosine_similarity(a, b, dim=0))
    assert abs(float(answer) - expected) < 1e-4, f"{float(answer):.4f}; expected {expected:.4f}"


@exercise("03.4", hint="predict first; then experiments.train_variant(STEPS) and "
                       "experiments.train_variant(STEPS, freeze_embedding=True)")
def _frozen_embedding(answer):
    from ..experiments import colour_following
    from .nb04 import _compare_runs

    _compare_runs("03.4", answer, {"freeze_embedding": True}, colour_following,
                  "share of clips painted in the prompt's colour")
