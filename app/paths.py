"""Where things live: bundled resources and per-user data.

One helper for resources so the same code works from a source checkout and
from a PyInstaller bundle (which unpacks data under ``sys._MEIPASS``).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "GridDesk"


def resource_path(*parts: str) -> Path:
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)


def default_data_dir() -> Path:
    env = os.environ.get("GRIDDESK_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs   # the desktop's; the domain rules (and the server) need only resource_path
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
