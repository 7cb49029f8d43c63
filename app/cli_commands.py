"""Headless desktop commands for IT scripts and support (issue 22): ``griddesk sync``,
``import``, ``export`` and ``check`` on a data dir, without a window. Each prints one
JSON object on stdout (the summary, or ``{"ok": false, "error": …}``), explanations
on stderr, and exits 0 (fine), 1 (failed / needs attention / rows refused),
2 (bad usage) or 3 (the GUI or another command holds the store).

They open the store the way the app does: the one local store of a data dir (its key
file), or, on a PC with personal accounts (``accounts.json``), the store of ``--user``
opened with that user's password (``--password-env``) or the OS keystore copy of its
key. They hold the store lock (app.models.store.instance_lock) while they run, and
write only through the one write path (import: app.models.io.commit; export's audit
record: UnitOfWork.note). Qt-free: nothing here may import PySide6.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Iterator

from app.models.store.database import DB_NAME, StoreError, open_store
from app.models.store.instance_lock import StoreInUse, StoreLock

OK, FAILED, USAGE, IN_USE = 0, 1, 2, 3
STALE_PENDING_DAYS = 7


class CommandError(Exception):
    def __init__(self, message: str, code: int = FAILED, **extra):
        super().__init__(message)
        self.code = code
        self.extra = extra


def emit(obj: dict) -> None:
    print(json.dumps(obj, ensure_ascii=False, sort_keys=True), flush=True)


def say(message: str) -> None:
    print(f"griddesk: {message}", file=sys.stderr, flush=True)


def run(command: str, args) -> int:
    """Run one command; every failure becomes one JSON line and an exit code."""
    handlers = {"sync": cmd_sync, "import": cmd_import, "export": cmd_export,
                "check": cmd_check}
    try:
        if args.data_dir is None:
            raise CommandError(f"{command} needs --data-dir", USAGE)
        return handlers[command](args)
    except CommandError as exc:
        say(str(exc))
        emit({"ok": False, "error": str(exc), **exc.extra})
        return exc.code


def password_from(args) -> str | None:
    name = getattr(args, "password_env", None)
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise CommandError(f"environment variable {name} is empty", USAGE)
    return value


# ------------------------------------------------------------------ the store
@contextlib.contextmanager
def opened_store(data_dir: Path, user: str | None, password: str | None, program: str, *,
                 create: bool = False) -> Iterator:
    """The store of ``data_dir`` (and ``user`` on a PC with personal stores), locked
    against the GUI and other commands for as long as it is open."""
    data_dir = Path(data_dir)
    provider = None
    account = accounts = None
    if (data_dir / "accounts.json").exists() and not (data_dir / DB_NAME).exists():
        from app.models.store.accounts import Accounts
        if not user:
            raise CommandError("this PC keeps one store per user: name it with --user "
                               "(and --password-env)", USAGE)
        accounts = Accounts(data_dir)
        account = accounts.get(user)
        if account is None:
            raise CommandError(f"{user} has not signed in on this PC yet: sign in once in "
                               f"GridDesk first")
        store_dir = accounts.store_dir(account)
    else:
        store_dir = data_dir
        if not create and not (store_dir / DB_NAME).exists():
            raise CommandError(f"no GridDesk database in {data_dir}")
    lock = StoreLock(store_dir, f"griddesk {program}")
    try:
        lock.acquire()
    except StoreInUse as exc:
        raise CommandError(str(exc), IN_USE, in_use=True, holder=exc.holder) from None
    store = None
    try:
        if accounts is not None:
            provider = _account_key(accounts, account, user, password)
        try:
            store = open_store(store_dir, provider, create=create)
        except StoreError as exc:
            raise CommandError(f"the database cannot be opened: {exc}") from None
        yield store
    finally:
        if store is not None:
            store.close()
        lock.release()


def _account_key(accounts, account, user: str, password: str | None):
    from app.models.store.accounts import AccountError
    from app.models.store.keys import StaticKeyProvider

    key = None
    if password:
        try:
            _account, key = accounts.sign_in_offline(user, password)
        except AccountError as exc:
            raise CommandError(f"cannot open {user}'s store: {exc.code}") from None
    elif account.in_keyring and accounts.keystore_allowed:
        key = accounts.keystore.get(account.user_id)
    if key is None:
        raise CommandError(f"{user}'s store needs the password: --password-env NAME", USAGE)
    return StaticKeyProvider(key)


def actor_of(store):
    """The local writer, as the main window makes it (MainWindow._actor_from_settings)."""
    from app.models.store import settings
    from app.models.write.unit import Actor

    c = store.conn
    return Actor(settings.get(c, "user.id"), settings.get(c, "user.name"),
                 settings.get(c, "user.role"), settings.get(c, "user.scope_code"))


def _lang(store, args) -> str:
    from app.models.store import settings
    return getattr(args, "lang", None) or settings.get(store.conn, "ui.language") or "zh_CN"


# ------------------------------------------------------------------ sync
def cmd_sync(args) -> int:
    from app.sync import session
    from app.sync.client import SyncError
    from app.sync.engine import SyncEngine

    password = password_from(args)
    # a new data dir becomes a store only for a sign-in
    with opened_store(args.data_dir, args.user, password, "sync",
                      create=bool(args.user and password)) as store:
        s = session.load(store)
        url = (args.server or (s.server_url if s else None) or _configured_server(store))
        started = time.perf_counter()
        try:
            if s is None or (args.user and s.user.get("username", "").lower()
                             != args.user.strip().lower()) or (
                    args.server and s.server_url != args.server.rstrip("/")):
                if not args.user or not password:
                    raise CommandError("this store is not signed in: give --user and "
                                       "--password-env", USAGE)
                if not url:
                    raise CommandError("no server: give --server URL", USAGE)
                say(f"signing in to {url} as {args.user}")
                s = session.sign_in(store, url, args.user, password,
                                    device_name=f"griddesk sync {socket.gethostname()}")
            engine = SyncEngine(store, session.client_for(store, s),
                                data_dir=Path(store.path).parent)
            result = engine.sync()
            session.apply_user(store, session.load(store).user)  # the scope is local now
        except SyncError as exc:
            raise CommandError(f"sync failed: {exc}", FAILED,
                               seconds=round(time.perf_counter() - started, 2)) from None
        status = engine.status()
        emit({"ok": True, "pushed": result.pushed, "pulled": result.pulled,
              "refused": result.rejected, "conflicts": result.conflicts,
              "resynced": result.resynced, "seconds": round(time.perf_counter() - started, 2),
              "pending": status["pending"], "needs_attention": status["needs_attention"],
              "server": s.server_url})
    return OK


def _configured_server(store) -> str | None:
    from app import config
    try:
        return config.load(conn=store.conn).server_url
    except config.ConfigError:
        return None


# ------------------------------------------------------------------ import
def _describe(issue) -> str:
    """The error report's reason, Qt-free: the field and the rule's code (the wizard's
    wording is translated by Qt; the command must not load it)."""
    from app.models.domain import rules

    params = ", ".join(f"{k}={rules.redact_numbers(str(v))}" for k, v in issue.params.items())
    return f"{issue.field}: {issue.code}" + (f" ({params})" if params else "")


def cmd_import(args) -> int:
    from app.models.domain import rights
    from app.models.io import commit as io_commit
    from app.models.io import exporter
    from app.models.io.plan import Options, analyse
    from app.models.io.readers import read_file
    from app.models.io.source import FileProblem
    from app.models.roster.repository import Roster

    with opened_store(args.data_dir, args.user, password_from(args), "import") as store:
        actor = actor_of(store)
        if not rights.writes_roster(actor.role):
            raise CommandError(f"the role {actor.role!r} may not import residents")
        roster = Roster(store, actor)
        scope = actor.scope_code or ""
        # the wizard offers the grids of the user's scope
        grids = [g for g in roster.grids() if g["code"].startswith(scope)]
        grid = _pick_grid(grids, args.into)
        try:
            source = read_file(str(args.file))
        except FileProblem as exc:
            raise CommandError(f"cannot read {args.file}: {exc.code} {exc.params}") from None
        options = Options(grid["id"], args.policy, None, args.create_addresses)
        analysis = analyse(store.conn, source, options, actor, today=roster.today)
        plan = analysis.plan()
        counts = plan.counts()
        refused = counts["errors"] + counts["blocked"]
        report = None
        if refused and args.report:
            exporter.write_error_report(str(args.report), plan, _describe, _lang(store, args))
            report = str(args.report)
        summary = {"rows": counts["rows"], "grid": grid["code"], "dry_run": args.dry_run,
                   "refused": refused, "report": report,
                   "addresses_missing": counts["blocked"]}
        if args.dry_run:
            summary.update(created=counts["create"], updated=counts["update"],
                           unchanged=counts["unchanged"], skipped=counts["skip"],
                           new_addresses=counts["new_addresses"])
        else:
            result = io_commit.commit(store, actor, plan)
            summary.update(created=result.created, updated=result.updated,
                           unchanged=result.unchanged, skipped=result.skipped,
                           new_addresses=result.new_addresses)
        summary["ok"] = not refused
        emit(summary)
        if refused:
            say(f"{refused} row(s) refused" + (f"; the reasons are in {report}" if report
                                               else "; --report FILE lists the reasons"))
            return FAILED
    return OK


def _pick_grid(grids: list[dict], code: str | None) -> dict:
    if code:
        for g in grids:
            if g["code"] == code:
                return g
        raise CommandError(f"--into {code}: no such grid in your area (grids: "
                           f"{', '.join(g['code'] for g in grids) or 'none'})", USAGE)
    if len(grids) == 1:
        return grids[0]
    if not grids:
        raise CommandError("there is no grid in your area yet: sync first")
    raise CommandError("your area has several grids: choose the one that takes new estates "
                       "and rows without an address with --into CODE ("
                       + ", ".join(g["code"] for g in grids) + ")", USAGE)


# ------------------------------------------------------------------ export
def cmd_export(args) -> int:
    from app.models.io import exporter
    from app.models.roster import search

    if args.full and not (args.reason or "").strip():
        raise CommandError("--full needs --reason \"why the full numbers leave the office\"",
                           USAGE)
    with opened_store(args.data_dir, args.user, password_from(args), "export") as store:
        actor = actor_of(store)
        query = search.RosterQuery(path_prefix=args.under or None)
        try:
            result = exporter.export_roster(store, store.conn, query, str(args.out), actor,
                                            full_values=args.full, reason=args.reason or "",
                                            lang=_lang(store, args))
        except exporter.ExportRefused as exc:
            raise CommandError(f"export refused for the role {actor.role!r}: {exc}") from None
        emit({"ok": True, "out": result.path, "rows": result.rows, "masked": result.masked,
              "at": result.at})
    return OK


# ------------------------------------------------------------------ check
def cmd_check(args) -> int:
    from app.models.store import backup
    from app.sync import session
    from app.sync.engine import SyncEngine

    attention: list[str] = []
    try:
        cm = opened_store(args.data_dir, args.user, password_from(args), "check")
        store = cm.__enter__()
    except CommandError as exc:
        if exc.code in (IN_USE, USAGE):
            raise
        # not checked: the store did not open (a damaged file, a wrong password)
        emit({"ok": False, "error": str(exc), "integrity": None, "attention": [str(exc)]})
        say(str(exc))
        return FAILED
    try:
        try:
            problems = backup.check(store.conn)
        except Exception as exc:  # noqa: BLE001 - a damaged page raises instead of listing
            problems = [f"{type(exc).__name__}: {exc}"]
        if problems:
            attention.append("the database is damaged: " + "; ".join(problems[:3]))
        status, oldest, s, server = {}, None, None, None
        try:
            status = SyncEngine(store, None, data_dir=Path(store.path).parent).status()
            oldest = store.conn.execute("SELECT min(created_at) FROM outbox WHERE state IN "
                                        "('pending', 'inflight')").fetchone()[0]
            s = session.load(store)
            server = (s.server_url if s else None) or _configured_server(store)
        except Exception as exc:  # noqa: BLE001 - a damaged store reads partly
            attention.append(f"the sync state cannot be read: {exc}")
        waiting_days = _age_days(oldest)
        if waiting_days is not None and waiting_days > args.max_pending_days:
            attention.append(f"changes have waited {waiting_days:.0f} days to be sent")
        if status.get("needs_attention"):
            attention.append(f"{status['needs_attention']} change(s) were refused or keep "
                             f"failing (the 同步 page lists them)")
        if server and status and not status.get("last_success_at"):
            attention.append(f"never synced with {server}")
        emit({"ok": not attention, "store": str(store.path),
              "schema_version": store.schema_version,
              "integrity": "ok" if not problems else problems[:20],
              "pending_ops": status.get("pending"), "oldest_pending_at": oldest,
              "needs_attention_ops": status.get("needs_attention"),
              "conflicts_open": status.get("conflicts_open"),
              "last_sync_at": status.get("last_success_at"), "server": server,
              "user": (s.user.get("username") if s else None), "attention": attention})
    finally:
        cm.__exit__(None, None, None)
    for line in attention:
        say(line)
    return FAILED if attention else OK


def _age_days(stamp: str | None) -> float | None:
    if not stamp:
        return None
    try:
        at = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return (dt.datetime.now(dt.timezone.utc) - at).total_seconds() / 86400
