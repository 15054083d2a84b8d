"""``python -m kg`` is the ``kg`` command."""
from __future__ import annotations

from .cli import main

raise SystemExit(main())
