"""Shared pytest setup: make the project importable however pytest is started.

Keep this file generic; test modules own their fixtures (see tests/support.py for helpers).
"""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
