"""``python -m kg`` is the ``kg`` command."""
from __future__ import annotations

from .cli import run

# Guarded: spawned worker processes import the main module again.
if __name__ == "__main__":
    run()
