"""Offline-first sync with the city server (sync-protocol.md). Qt-free.

- ``client``: HTTP on requests (timeouts, TLS, token refresh, error kinds)
- ``engine``: push / pull / full resync, resumable at every step
- ``apply``: how server rows land in the local store
- ``photos``: resumable blob upload, lazy download
- ``session``: server URL, user and tokens kept in the encrypted store
- ``conflicts``: the supervisor's inbox (read, resolve as a synced op)
"""
from __future__ import annotations

from app.sync.client import (AuthError, Client, CursorExpired, Offline, ServerRefused,
                             SyncError, UpgradeRequired)
from app.sync.engine import Cancelled, Progress, SyncEngine, SyncResult

__all__ = ["AuthError", "Cancelled", "Client", "CursorExpired", "Offline", "Progress",
           "ServerRefused", "SyncEngine", "SyncError", "SyncResult", "UpgradeRequired",
           "run_once"]


def run_once(store, server_url: str, username: str, password: str, *,
             device_name: str = "GridDesk", data_dir=None) -> dict:
    """Sign in and sync once (the smoke run, scripts). Returns the run's summary."""
    from pathlib import Path

    from app.sync import session

    s = session.sign_in(store, server_url, username, password, device_name=device_name)
    engine = SyncEngine(store, session.client_for(store, s),
                        data_dir=data_dir or Path(store.path).parent)
    result = engine.sync()
    session.apply_user(store, s.user)   # the scope's org unit is local now
    return {**result.as_dict(), **engine.status()}
