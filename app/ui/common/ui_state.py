"""Where the window and its tables keep how the user left them (QSettings, one INI file
per data folder): the window's geometry, the page it showed, splitter positions and
column widths. Nothing here is data: losing the file only resets the layout."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

_path: Path | None = None


def use(path: Path | None) -> None:
    """Keep the layout in ``path`` from now on (None: keep nothing, e.g. a bare widget
    in a test, which must not write into the user's own settings)."""
    global _path
    _path = Path(path) if path is not None else None


def settings() -> QSettings | None:
    if _path is None:
        return None
    return QSettings(str(_path), QSettings.IniFormat)


def load(key: str):
    s = settings()
    return s.value(key) if s is not None else None


def save(key: str, value) -> None:
    s = settings()
    if s is not None:
        s.setValue(key, value)


def remember_splitter(splitter, key: str) -> None:
    """Restore ``splitter``'s sizes as last left, and keep them when moved."""
    state = load(f"splitters/{key}")
    if state is not None:
        splitter.restoreState(state)
    splitter.splitterMoved.connect(
        lambda _pos, _i: save(f"splitters/{key}", splitter.saveState()))
