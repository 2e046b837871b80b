"""One module per notebook (``nb00.py``, ``nb01.py``, …) registering its exercise checks."""
