"""Fixtures for the city server tests live in srvfixtures.py, so tests/security
can use the same ones."""
import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from srvfixtures import *  # noqa: E402,F401,F403
