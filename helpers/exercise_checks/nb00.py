"""Exercise checks of notebook 00 (welcome and setup)."""

from ..exercises import exercise


@exercise("00.1", hint="call helpers.runtime.pick_device() and keep its result (a torch.device)")
def _device(answer):
    import torch

    from ..runtime import pick_device

    assert isinstance(answer, torch.device), f"expected a torch.device, got {type(answer).__name__}"
    assert answer == pick_device(), f"this runtime's device is {pick_device()}, not {answer}"


@exercise("00.2", hint="len(helpers.split_prompts('heldout')) counts the prompts training never sees")
def _held_out_count(answer):
    from ..split import split_prompts

    expected = len(split_prompts("heldout"))
    assert answer == expected, f"{answer} is not the number of held-out prompts; print them and count"
