"""Local backups and the start-up health check (issue 6; domain.md §6).

- ``check(store)``: ``PRAGMA quick_check`` at start; a damaged database is
  refused with the problems found, and a restore from a backup is offered.
- ``daily(store)``: once a day a consistent copy of the encrypted database
  (SQLite's online backup API, on its own connection, so a worker thread can
  take it while people keep working) goes to
  ``<store dir>/backups/``; the last 7 are kept. The copy is encrypted with the
  same key as the database: a backup is no easier to read than the original.
- ``restore(db_path, backup)``: the damaged file is kept aside (never
  deleted), the backup put in its place. Its outbox comes back with it: ops
  not yet confirmed are pushed again, and the server answers ops it already
  applied with their stored outcome (idempotent by op id), so nothing is
  duplicated; the change feed then brings everything newer.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from app.models.store import clock

KEEP = 7
SUFFIX = ".backup"


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    d = backups_dir(db_path)
    if not d.exists():
        return []
    return sorted(d.glob(f"*{SUFFIX}"), reverse=True)


def check(conn) -> list[str]:
    """Problems ``quick_check`` finds; empty when the database is sound."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows


def take(store, *, now: dt.datetime | None = None) -> Path:
    now = now or clock.now()
    d = backups_dir(store.path)
    d.mkdir(parents=True, exist_ok=True)
    dest = d / f"{now:%Y%m%d-%H%M%S}{SUFFIX}"
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.unlink(missing_ok=True)
    store.backup_to(tmp)
    for extra in ("-wal", "-shm"):   # the copy's own journal, if any, is not needed
        tmp.with_name(tmp.name + extra).unlink(missing_ok=True)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, dest)
    prune(store.path)
    return dest


def daily(store, *, now: dt.datetime | None = None) -> Path | None:
    """Take today's backup unless there is one already; returns it, or None."""
    now = now or clock.now()
    today = f"{now:%Y%m%d}"
    if any(p.name.startswith(today) for p in list_backups(store.path)):
        return None
    return take(store, now=now)


def prune(db_path: Path, keep: int = KEEP) -> None:
    for old in list_backups(db_path)[keep:]:
        old.unlink(missing_ok=True)


def restore(db_path: Path, backup: Path) -> Path:
    """Put ``backup`` in place of the (damaged) database; returns where the damaged
    file was kept."""
    db_path = Path(db_path)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    if db_path.exists():
        os.replace(db_path, aside)
    for extra in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + extra)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + extra))
    tmp = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, tmp)
    os.replace(tmp, db_path)
    return aside
