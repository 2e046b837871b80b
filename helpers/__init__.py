"""Shared code of the Text-to-Video GAN course.

One module per stage of the pipeline:

* :mod:`helpers.prompts` – the prompt language, tokenizer and vocabulary (SPEC §2)
* :mod:`helpers.split` – which combinations training never sees (SPEC §3)
* :mod:`helpers.world` – the vectorised moving-shapes renderer (SPEC §1)
* :mod:`helpers.data` – datasets, caching and PNG export
* :mod:`helpers.blog` – the blog tutorial's data generator, reproduced to show its defects
* :mod:`helpers.display` – inline animations and grids for notebooks
* :mod:`helpers.runtime` – smoke mode, device choice, seeding (SPEC §5)
* :mod:`helpers.setup` – the notebooks' environment check (Colab / Kaggle / local)

Importing :mod:`helpers` is cheap; torch loads only when a module that needs it is imported.
"""

from .prompts import COLOURS, MOTIONS, SHAPES, Prompt, PromptError, Vocabulary, parse_prompt
from .split import HEADLINE_PROMPT, split_prompts

__all__ = [
    "COLOURS", "HEADLINE_PROMPT", "MOTIONS", "SHAPES", "Prompt", "PromptError", "Vocabulary",
    "parse_prompt", "split_prompts",
]
__version__ = "0.1.0"
