"""Imported once by the fork server of a parallel build (see :func:`kg.pipeline._parallel`):
the extractor's tables are built here, and every worker forked from the server starts with
them instead of building its own.
"""
from __future__ import annotations

from .pipeline import warm_up

try:
    warm_up()
except Exception:  # noqa: BLE001 (a fault of a recogniser)
    pass  # each worker warms up again, and the first article that meets the fault names it
