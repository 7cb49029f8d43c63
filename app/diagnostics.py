"""Export diagnostics for IT: one zip with what is needed to tell why a PC misbehaves,
and no personal data.

``export(data_dir, out, *, store=None, extra=None) -> Path`` writes a zip holding

- ``summary.json``: app and library versions (Python, Qt, SQLCipher, …), platform,
  locale and display variables, the effective server config (proxy password hidden),
  the data dir's files with sizes (names only; never the database or the key), the
  store's schema version, row counts per table, outbox counts per state and
  entity, sync state (cursor, last success), and the settings whose values are not
  personal (others are listed as ``<hidden>``);
- ``logs/``: the rotating log files, ``crash/``: the latest crash reports, both run
  through ``app.logs.scrub`` once more.

No device id or device secret: whoever holds a PC's device id could try to pass for
that PC, so every one this data dir knows (the store's, each account's in
accounts.json) is replaced by ``<device>`` wherever it appears in the zip.

No row of resident, household, case or audit data is read: only counts. ``store`` may
be the open store of a running app; otherwise the data dir's store is opened without
migrating (a store that cannot be opened is reported, not fatal — that is when IT needs
the zip most). ``extra`` adds facts the caller knows (the UI passes Qt's). Qt-free.
"""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import locale
import logging
import os
import platform
import shutil
import sys
import zipfile
from pathlib import Path

from app import __version__
from app import config as app_config
from app.logs import log_files, scrub

log = logging.getLogger("griddesk.diagnostics")

DISTRIBUTIONS = ("PySide6_Essentials", "shiboken6", "sqlcipher3", "sqlite-utils", "requests",
                 "pypinyin", "openpyxl", "pillow", "platformdirs")
# Settings whose values say nothing about a person; every other value is hidden.
PUBLIC_SETTINGS = ("ui.language", "user.role", "user.scope_code", "sync.server_url",
                   "sync.ca_bundle", "sync.proxy")
ENV_PREFIXES = ("GRIDDESK_", "QT_", "LANG", "LC_", "XDG_SESSION_TYPE", "XDG_CURRENT_DESKTOP",
                "DESKTOP_SESSION", "WAYLAND_DISPLAY", "DISPLAY")
SECRET_WORDS = ("PASSWORD", "TOKEN", "SECRET", "KEY")
CRASH_REPORTS_KEPT = 10


def _versions() -> dict:
    out = {"griddesk": __version__, "python": platform.python_version()}
    for dist in DISTRIBUTIONS:
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    try:
        import sqlcipher3
        out["sqlite (sqlcipher3)"] = sqlcipher3.sqlite_version
    except ImportError:
        pass
    # Qt's own version only if Qt is already loaded: this module must not import it.
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        out["qt"] = qtcore.qVersion()
    return out


def _build_info() -> dict | None:
    """What the bundle was built from (written by build.spec); None from source."""
    from app.paths import resource_path

    try:
        return json.loads(resource_path("build-info.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _os_release() -> str | None:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
        except OSError:
            continue
    return None


def _platform() -> dict:
    env = {}
    for key, value in os.environ.items():
        if key.startswith(ENV_PREFIXES):
            env[key] = "<hidden>" if any(w in key.upper() for w in SECRET_WORDS) else value
    try:
        loc = locale.getlocale()
    except ValueError:
        loc = None
    return {
        "platform": platform.platform(), "system": platform.system(),
        "release": platform.release(), "machine": platform.machine(),
        "distribution": _os_release(), "frozen": bool(getattr(sys, "frozen", False)),
        "executable": sys.executable, "locale": loc,
        "encoding": sys.getfilesystemencoding(),
        "timezone": dt.datetime.now().astimezone().tzname(), "environment": env,
    }


def _data_dir_listing(data_dir: Path) -> dict:
    files = []
    if data_dir.is_dir():
        for path in sorted(data_dir.rglob("*")):
            if path.is_file():
                try:
                    files.append({"name": str(path.relative_to(data_dir)),
                                  "bytes": path.stat().st_size})
                except OSError:
                    pass
    try:
        free = shutil.disk_usage(data_dir if data_dir.exists() else data_dir.parent).free
    except OSError:
        free = None
    return {"path": str(data_dir), "exists": data_dir.is_dir(), "files": files,
            "free_bytes": free}


def _settings(conn) -> dict:
    out = {}
    for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key"):
        if key in PUBLIC_SETTINGS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
            if key == "sync.proxy" and isinstance(value, str):
                value = app_config.redact_url(value)
            out[key] = value
        else:
            out[key] = "<hidden>"
    return out


def _store_facts(conn, schema_version: int) -> dict:
    from app.models.store import migrations

    facts: dict = {"schema_version": schema_version, "app_schema_version": migrations.LATEST}
    facts["cipher_version"] = _pragma(conn, "cipher_version")
    facts["cipher_provider"] = _pragma(conn, "cipher_provider")
    facts["journal_mode"] = _pragma(conn, "journal_mode")
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    # an FTS index and its shadow tables repeat the rows they index: leave them out
    tables = [name for name, _sql in rows if name not in virtual
              and not any(name.startswith(v + "_") for v in virtual)]
    facts["row_counts"] = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                           for t in tables}
    if "outbox" in tables:
        facts["outbox"] = {
            "by_state": dict(conn.execute(
                "SELECT state, count(*) FROM outbox GROUP BY state ORDER BY state").fetchall()),
            "pending_by_entity": dict(conn.execute(
                "SELECT entity, count(*) FROM outbox WHERE state IN ('pending', 'inflight') "
                "GROUP BY entity ORDER BY entity").fetchall()),
            "max_attempts": conn.execute("SELECT max(attempts) FROM outbox").fetchone()[0],
            "oldest_pending": conn.execute(
                "SELECT min(created_at) FROM outbox WHERE state IN ('pending', 'inflight')"
            ).fetchone()[0],
        }
    if "sync_state" in tables:
        row = conn.execute("SELECT * FROM sync_state").fetchone()
        if row is not None:
            names = [d[0] for d in conn.execute("SELECT * FROM sync_state LIMIT 0").description]
            facts["sync_state"] = dict(zip(names, row))
    if "meta" in tables:
        # counters only: the device id and its secret identify the PC to the server
        facts["meta"] = {k: v for k, v in conn.execute("SELECT key, value FROM meta")
                         if k in ("device_seq", "created_at", "schema_created")}
    if "settings" in tables:
        facts["settings"] = _settings(conn)
    return facts


def _pragma(conn, name: str):
    try:
        row = conn.execute(f"PRAGMA {name}").fetchone()
    except Exception:  # noqa: BLE001 - a plain SQLite has no cipher pragmas
        return None
    return row[0] if row else None


def _device_identifiers(data_dir: Path, conn) -> set[str]:
    """Every device id and secret this data dir knows: the open store's and each
    account's (accounts.json beside the data dir, or two levels up from a person's
    store under ``users/<id>/``)."""
    found: set[str] = set()
    if conn is not None:
        try:
            found.update(v for (v,) in conn.execute(
                "SELECT value FROM meta WHERE key IN ('device_id', 'device_secret')"))
        except Exception:  # noqa: BLE001 - a store without meta has none
            pass
    candidates = [data_dir / "accounts.json"]
    if data_dir.parent.name == "users":
        candidates.append(data_dir.parent.parent / "accounts.json")
    for path in candidates:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            found.update(a.get("device_id") for a in raw.get("accounts", {}).values())
        except (OSError, ValueError, AttributeError):
            continue
    # very short values would blank out unrelated text; real ids are uuids
    return {v for v in found if isinstance(v, str) and len(v) >= 8}


def _hide(text: str, hidden: set[str]) -> str:
    for value in sorted(hidden, key=len, reverse=True):
        text = text.replace(value, "<device>")
    return text


def collect(data_dir: Path, *, store=None, extra: dict | None = None) -> dict:
    """The facts that go into summary.json."""
    return _collect(Path(data_dir), store=store, extra=extra)[0]


def _collect(data_dir: Path, *, store=None, extra: dict | None = None
             ) -> tuple[dict, set[str]]:
    data_dir = Path(data_dir)
    errors: list[str] = []
    summary: dict = {
        "generated_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "versions": _versions(), "build": _build_info(), "platform": _platform(),
        "data_dir": _data_dir_listing(data_dir),
    }
    if extra:
        summary["runtime"] = extra
    conn = None
    hidden = _device_identifiers(data_dir, None)
    try:
        summary["config"] = app_config.load(conn=store.conn if store else None).redacted()
    except app_config.ConfigError as exc:
        errors.append(f"config: {exc}")
    own = None
    try:
        if store is None:
            from app.models.store.database import DB_NAME, KEY_NAME, Store
            from app.models.store.keys import FileKeyProvider

            if (data_dir / DB_NAME).exists():
                own = Store(data_dir / DB_NAME, FileKeyProvider(data_dir / KEY_NAME),
                            create=False, migrate=False)
                store = own
            else:
                errors.append(f"store: no database in {data_dir}")
        if store is not None:
            conn = store.conn
            summary["store"] = _store_facts(conn, store.schema_version)
            hidden = _device_identifiers(data_dir, conn)
            if own is not None and "config" in summary:
                summary["config"] = app_config.load(conn=conn).redacted()
    except Exception as exc:  # noqa: BLE001 - report what failed, keep the rest
        errors.append(f"store: {type(exc).__name__}: {exc}")
    finally:
        if own is not None:
            own.close()
    summary["errors"] = [scrub(e) for e in errors]
    summary = json.loads(_hide(json.dumps(summary, ensure_ascii=False, default=str), hidden))
    return summary, hidden


def export(data_dir: Path, out: Path, *, store=None, extra: dict | None = None) -> Path:
    """Write the diagnostics zip to ``out`` and return its path."""
    from app.crash import report_dir

    data_dir, out = Path(data_dir), Path(out)
    summary, hidden = _collect(data_dir, store=store, extra=extra)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        text = json.dumps(summary, ensure_ascii=False, indent=1, default=str)
        zf.writestr("summary.json", _hide(scrub(text), hidden))
        for path in log_files(data_dir):
            zf.writestr(f"logs/{path.name}", _hide(scrub(_read(path)), hidden))
        crashes = sorted(report_dir(data_dir).glob("crash-*.txt"))[-CRASH_REPORTS_KEPT:]
        for path in crashes:
            zf.writestr(f"crash/{path.name}", _hide(scrub(_read(path)), hidden))
    os.replace(tmp, out)  # a half-written zip never carries the final name
    log.info("diagnostics written to %s", out)
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"<cannot read {path.name}: {exc}>"
