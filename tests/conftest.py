"""Shared test fixtures."""

import pytest
import torch


@pytest.fixture(autouse=True)
def _one_thread():
    """Tiny networks run as fast on one thread, results do not depend on the core count, and the
    two xdist workers of a 2-core CI machine are not oversubscribed."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
