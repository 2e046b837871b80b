"""Shared code of the Text-to-Video GAN course.

One module per stage of the pipeline:

* :mod:`helpers.prompts` – the prompt language, tokenizer and vocabulary (INTERFACE §2)
* :mod:`helpers.split` – which combinations training never sees (INTERFACE §3)
* :mod:`helpers.world` – the vectorised moving-shapes renderer (INTERFACE §1)
* :mod:`helpers.data` – datasets, caching and PNG export
* :mod:`helpers.blog` – the blog tutorial's data generator, reproduced to show its defects
* :mod:`helpers.text_encoder`, :mod:`helpers.models` – the text encoder, generator and discriminators
* :mod:`helpers.train`, :mod:`helpers.checkpoint` – the training loop and atomic checkpoints
* :mod:`helpers.inference`, :mod:`helpers.generation`, :mod:`helpers.video` – prompt → clip → file
* :mod:`helpers.classifier`, :mod:`helpers.analytic`, :mod:`helpers.outline`, :mod:`helpers.diversity`,
  :mod:`helpers.cas`, :mod:`helpers.frechet`, :mod:`helpers.evaluation` – the measuring instruments
  and the ``evaluate`` command; :mod:`helpers.broken` – broken drawings that test them
* :mod:`helpers.figures`, :mod:`helpers.experiments` – the notebooks' figures and train-and-measure exercises
* :mod:`helpers.blog_model` – the blog's model, re-implemented as the baseline
* :mod:`helpers.toy_gan` – the toy GAN of notebook 01
* :mod:`helpers.display` – inline animations and grids for notebooks
* :mod:`helpers.runtime` – smoke mode, device choice, seeding (INTERFACE §5)
* :mod:`helpers.setup` – the notebooks' setup: find, fetch and update the course, check the environment

Importing :mod:`helpers` is cheap; torch loads only when a module that needs it is imported.
"""

from .prompts import COLOURS, MOTIONS, SHAPES, Prompt, PromptError, Vocabulary, parse_prompt
from .split import HEADLINE_PROMPT, split_prompts

__all__ = [
    "COLOURS", "HEADLINE_PROMPT", "MOTIONS", "SHAPES", "Prompt", "PromptError", "Vocabulary",
    "load_model", "parse_prompt", "split_prompts",
]


def __getattr__(name: str):
    # INTERFACE §4's `helpers.load_model`, imported on first use so `import helpers` stays light.
    if name == "load_model":
        from .inference import load_model

        return load_model
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
__version__ = "0.1.0"
