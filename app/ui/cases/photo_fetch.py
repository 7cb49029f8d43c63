"""Lazy photo download for screens that show photos another desktop took: the
bytes are fetched once, off the GUI thread, into the local cache."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from app.ui.common.threads import run_task

_busy: set[str] = set()


def forget() -> None:
    """切换用户: downloads of the previous person are not waited for any more."""
    _busy.clear()


def fetch_photo(store, data_dir: Path, sha: str, on_done: Callable[[Path | None], None],
                on_error: Callable[[Exception], None] | None = None) -> None:
    from app.sync import photos, session

    if sha in _busy:
        return
    _busy.add(sha)

    def work():
        ws = store.worker_store()
        try:
            s = session.load(ws)
            if s is None or s.tokens is None:
                return None
            return photos.ensure_local(ws, session.client_for(ws, s), data_dir, sha)
        finally:
            ws.close()

    def done(path):
        _busy.discard(sha)
        on_done(path)

    def failed(exc):
        _busy.discard(sha)
        if on_error:
            on_error(exc)

    run_task(work, done, failed)
