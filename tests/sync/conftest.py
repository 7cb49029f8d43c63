"""Fixtures for the sync tests live in syncfixtures.py, so tests/security can use
the same ones."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for p in (HERE, HERE.parent / "server"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from syncfixtures import *  # noqa: E402,F401,F403
