"""Sign in and sync once: the installed app's smoke check (griddesk --smoke) and
scripts."""
from __future__ import annotations

from app.sync import session
from app.sync.engine import SyncEngine


def run_once(store, server_url: str, username: str, password: str, *,
             device_name: str = "GridDesk", data_dir=None) -> dict:
    """Sign in and sync once (the smoke run, scripts). Returns the run's summary."""
    from pathlib import Path

    s = session.sign_in(store, server_url, username, password, device_name=device_name)
    engine = SyncEngine(store, session.client_for(store, s),
                        data_dir=data_dir or Path(store.path).parent)
    result = engine.sync()
    session.apply_user(store, s.user)   # the scope's org unit is local now
    return {**result.as_dict(), **engine.status()}
