"""Declared settings: one registry of key, type and default, stored in the
local database's ``settings`` table (not synced). Window geometry alone lives
in QSettings. Labels are worded by the UI, which knows the language."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any


REGISTRY = {s.key: s for s in [
    Setting("ui.language", str, "zh_CN"),
    Setting("user.id", str, "local-worker"),
    Setting("user.name", str, "本机用户"),
    Setting("user.role", str, "grid_worker"),
    Setting("user.scope_code", str, ""),
    # the city server (app.config: command line > these > IT's system file)
    Setting("sync.server_url", str, ""),
    Setting("sync.ca_bundle", str, ""),
    Setting("sync.proxy", str, ""),
    # verification by content (app/sync/verify.py): after every full resync and then
    # every this many hours; 0 = only after a full resync
    Setting("sync.verify_hours", int, 24),
    # days a change the server answered keeps its content (names, ID numbers, phones)
    # in the outbox before it is cleared (app/models/write/outbox.py ``prune``); keep
    # it longer than the oldest server backup IT would restore
    Setting("sync.outbox_keep_days", int, 30),
    # shared office PCs lock themselves (domain.md §6); 0 = never
    Setting("security.idle_lock_minutes", int, 10),
]}


def get(conn, key: str) -> Any:
    spec = REGISTRY[key]
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return spec.default
    value = json.loads(row[0])
    return value if isinstance(value, spec.type) else spec.default


def set(store, key: str, value: Any) -> None:  # noqa: A001 - mirrors get()
    spec = REGISTRY[key]
    if not isinstance(value, spec.type):
        raise TypeError(f"{key} takes {spec.type.__name__}")
    with store.transaction() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value",
                     (key, json.dumps(value, ensure_ascii=False)))
