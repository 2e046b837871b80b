"""Self-checks for the notebooks' exercises.

Each exercise cell leaves ``answer = None`` for the learner; ``check("NN.k", answer)`` then prints
a hint instead of failing, so a notebook always runs top to bottom. With an answer, the check
asserts it with a message that says what is wrong. The solutions notebooks call the same checks.
"""

from __future__ import annotations

from collections.abc import Callable

_CHECKS: dict[str, tuple[str, Callable[[object], None]]] = {}


def exercise(name: str, hint: str) -> Callable[[Callable[[object], None]], Callable[[object], None]]:
    """Register the checker of exercise ``name`` (e.g. "02.1"); it raises AssertionError when wrong."""

    def register(function: Callable[[object], None]) -> Callable[[object], None]:
        _CHECKS[name] = (hint, function)
        return function

    return register


def check(name: str, answer: object) -> bool:
    """Check an exercise answer: True when right, False when not attempted, AssertionError when wrong."""
    _load_all()
    if name not in _CHECKS:
        raise KeyError(f"no exercise called {name!r}; known: {', '.join(sorted(_CHECKS))}")
    hint, function = _CHECKS[name]
    if answer is None:
        print(f"Exercise {name}: not attempted yet. Hint: {hint} "
              f"(worked solution: notebooks/solutions/{name.split('.')[0]}_solutions.ipynb)")
        return False
    function(answer)
    print(f"Exercise {name}: correct.")
    return True


def _load_all() -> None:
    # Each notebook's checks live in one module; importing registers them.
    from importlib import import_module
    from pkgutil import iter_modules

    from . import exercise_checks

    for module in iter_modules(exercise_checks.__path__):
        import_module(f"{exercise_checks.__name__}.{module.name}")
