"""Helpers for the sync tests: a city server process, fresh org subtrees with
users of every role, desktops (real SQLCipher stores signed in over real HTTP),
and the checks a user would make: identical data on every desktop and the
server, conflicts in the inbox, rejected ops listed with their reasons.

Imported as a module (tests/sync is on sys.path through its conftest)."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.models.domain import content, rules, workflow
from app.models.cases.repository import Cases
from app.models.write.unit import Actor
from app.models.roster.repository import Roster
from app.models.store import settings as app_settings
from app.models.store.database import open_store
from app.sync import session
from app.sync.client import SyncError
from app.sync.engine import SyncEngine
from app.sync import verify as verifying
from app.sync.client import Client
from server import admin, auth, db, migrations
from server.config import Settings
from server.demo import LiveServer
from server.sync.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse 1"
TODAY = dt.date.today()
# what the desktop syncs, and the server's verify covers
ENTITIES = ("org_units", "addresses", "households", "residents", "resident_tags", "visits",
            "cases", "case_events", "case_residents", "conflicts")
ROSTER_TABLES = ("addresses", "households", "residents", "resident_tags", "visits")


def server_settings(db_url: str, blob_dir) -> Settings:
    return Settings(db_url=db_url, blob_dir=str(blob_dir), argon2_time_cost=1,
                    argon2_memory_kib=1024)


# ---------------------------------------------------------------- org subtrees
@dataclass
class Org:
    """One street of its own (so tests sharing a server never see each other):
    community c1 with grids g1, g2; community c2 with grid g3; a department."""
    k: int
    codes: dict
    ids: dict
    users: dict          # short name -> username

    def user(self, short: str) -> str:
        return self.users[short]


_org_numbers = itertools.count(1)


def seed_org(store: db.Store, settings: Settings, k: int | None = None) -> Org:
    k = next(_org_numbers) if k is None else k
    s = f"410105{k:03d}"
    codes = {"city": "4101", "district": "410105", "street": s, "c1": s + "001",
             "g1": s + "001001", "g2": s + "001002", "c2": s + "002", "g3": s + "002001",
             "dept": s + "D01"}
    rows = [dict(code="4101", name="郑州市"), dict(code="410105", name="金水区"),
            dict(code=s, name=f"测试{k}街道"), dict(code=codes["c1"], name=f"测试{k}一社区"),
            dict(code=codes["g1"], name="第一网格"), dict(code=codes["g2"], name="第二网格"),
            dict(code=codes["c2"], name=f"测试{k}二社区"), dict(code=codes["g3"], name="二社区网格"),
            dict(code=codes["dept"], name=f"测试{k}城管所", kind="department", parent_code=s)]
    admin.import_org(store, Engine(store, settings), rows)
    prefix = f"s{k}"
    plan = {"w1": ("grid_worker", "g1"), "w1b": ("grid_worker", "g1"),
            "w2": ("grid_worker", "g2"), "w3": ("grid_worker", "g3"),
            "head1": ("grid_head", "g1"), "sup": ("community_supervisor", "c1"),
            "center": ("center_operator", "street"), "dept": ("dept_handler", "dept")}
    users = {}
    now = time.time()
    with store.write() as conn:
        for short, (role, unit) in plan.items():
            name = f"{prefix}_{short}"
            auth.create_user(conn, settings, username=name, password=PASSWORD, role=role,
                             scope_code=codes[unit], display_name=f"{short}@{k}", now=now)
            users[short] = name
        o = db.ENTITIES["org_units"]
        ids = {key: conn.execute(sa.select(o.c.id).where(o.c.code == code)).scalar_one()
               for key, code in codes.items()}
    return Org(k, codes, ids, users)


# ---------------------------------------------------------------- the server
class City:
    """A city server database and its ``python -m server serve`` process."""

    def __init__(self, workdir: Path, db_url: str | None = None, *, env: dict | None = None):
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.db_url = db_url or f"sqlite:///{self.dir / 'city.db'}"
        self.blob_dir = self.dir / "blobs"
        self.settings = server_settings(self.db_url, self.blob_dir)
        self.env = dict(env or {})
        self.db = db.Store(self.db_url)
        migrations.migrate(self.db)
        self.live: LiveServer | None = None

    @property
    def url(self) -> str:
        return self.live.url

    @property
    def sqlite_path(self) -> Path:
        assert self.db_url.startswith("sqlite:///")
        return Path(self.db_url[len("sqlite:///"):])

    def start(self, port: int | None = None) -> "City":
        self.live = LiveServer(self.db_url, blob_dir=self.blob_dir,
                               log_path=self.dir / "server.log", extra_env=self.env,
                               port=port)
        self.live.start()
        return self

    def stop(self) -> None:
        if self.live:
            self.live.stop()

    def restart(self) -> None:
        port = self.live.port
        self.stop()
        self.start(port=port)

    def kill(self) -> None:
        """kill -9 of the server process."""
        self.live.proc.kill()
        self.live.proc.wait()
        self.live.stop()

    def close(self) -> None:
        self.stop()
        self.db.dispose()

    def restore(self, backup: Path) -> None:
        """Put a backup copy in place of the (stopped) server's database."""
        self.db.dispose()    # no connection of ours may outlive the old file
        restore_sqlite(backup, self.sqlite_path)

    def new_org(self) -> Org:
        return seed_org(self.db, self.settings)

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = dict(os.environ, GRIDDESK_SERVER_ARGON2_TIME_COST="1",
                   GRIDDESK_SERVER_ARGON2_MEMORY_KIB="1024")
        out = subprocess.run([sys.executable, "-m", "server", "--db", self.db_url, *args],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        if check and out.returncode != 0:
            raise AssertionError(f"server {' '.join(args)} failed: {out.stdout}{out.stderr}")
        return out

    # ------------------------------------------------------------ reading the truth
    def rows(self, entity: str, **where) -> list[dict]:
        t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
        q = sa.select(t)
        for k, v in where.items():
            q = q.where(t.c[k] == v)
        with self.db.read() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def row(self, entity: str, row_id: str) -> dict | None:
        found = self.rows(entity, id=row_id)
        return found[0] if found else None

    def applied_ops(self, device_id: str | None = None) -> list[dict]:
        t = db.applied_ops
        q = sa.select(t)
        if device_id:
            q = q.where(t.c.device_id == device_id)
        with self.db.read() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def held_ops(self) -> list[dict]:
        with self.db.read() as conn:
            return [dict(r) for r in conn.execute(sa.select(db.held_ops)).mappings()]


# ---------------------------------------------------------------- a desktop
class Desk:
    """One desktop: its own data dir and SQLCipher store, signed in as ``username``
    through ``url`` (the server, or a fault proxy in front of it)."""

    def __init__(self, data_dir: Path, url: str, username: str, *, password: str = PASSWORD,
                 sign_in: bool = True):
        self.dir = Path(data_dir)
        self.url = url
        self.username = username
        self.store = open_store(self.dir)
        if sign_in:
            session.sign_in(self.store, url, username, password,
                            device_name=f"PC of {username}")
        self._make_engine()

    def _make_engine(self) -> None:
        s = session.load(self.store)
        self.client = session.client_for(self.store, s) if s else None
        self.engine = SyncEngine(self.store, self.client, data_dir=self.dir)

    def use_url(self, url: str) -> None:
        """Talk to the server through another address (the proxy, or directly)."""
        tokens = self.client.tokens
        self.client = Client(url, tokens=tokens, on_tokens=session.token_saver(self.store))
        self.engine = SyncEngine(self.store, self.client, data_dir=self.dir)

    def reopen(self) -> None:
        """The app closed (or was killed) and started again on the same data dir."""
        url = self.client.base_url if self.client else self.url
        try:
            self.store.close()
        except Exception:   # noqa: BLE001 - a store closed mid-transaction by a crash
            pass
        self.store = open_store(self.dir)
        self._make_engine()
        if self.client and self.client.base_url != url:
            self.use_url(url)

    def close(self) -> None:
        try:
            self.store.close()
        except Exception:   # noqa: BLE001
            pass

    # ------------------------------------------------------------ the user's tools
    @property
    def me(self) -> dict:
        return session.load(self.store).user

    @property
    def actor(self) -> Actor:
        c = self.store.conn
        return Actor(app_settings.get(c, "user.id"), app_settings.get(c, "user.name"),
                     app_settings.get(c, "user.role"), app_settings.get(c, "user.scope_code"))

    def roster(self, **kw) -> Roster:
        return Roster(self.store, self.actor, **kw)

    def cases(self, **kw) -> Cases:
        return Cases(self.store, self.actor, data_dir=self.dir, **kw)

    def sync(self, **kw):
        return self.engine.sync(**kw)

    def try_sync(self, **kw):
        """A sync that may fail on a bad network: returns the result or the error."""
        try:
            return self.engine.sync(**kw)
        except SyncError as exc:
            return exc

    def status(self) -> dict:
        return self.engine.status()

    def cursor(self) -> int:
        return self.store.conn.execute("SELECT cursor FROM sync_state").fetchone()[0]

    def q(self, sql: str, params=()) -> list[tuple]:
        return self.store.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params=()):
        row = self.store.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def row(self, table: str, row_id: str) -> dict | None:
        cur = self.store.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        r = cur.fetchone()
        return dict(zip([c[0] for c in cur.description], r)) if r else None

    def outbox(self, state: str | None = None) -> list[dict]:
        sql = "SELECT * FROM outbox"
        params: tuple = ()
        if state:
            sql += " WHERE state = ?"
            params = (state,)
        cur = self.store.conn.execute(sql + " ORDER BY device_seq", params)
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def open_conflicts(self) -> list[dict]:
        from app.sync import conflicts
        # the values as synced (the inbox screen shows them masked)
        return conflicts.listing(self.store.conn, "open", masked=False)

    def live_ids(self, table: str) -> list[str]:
        return [r[0] for r in self.q(f"SELECT id FROM {table} WHERE deleted_at IS NULL "
                                     "ORDER BY id")]

    @property
    def device_id(self) -> str:
        return self.store.device_id


# ---------------------------------------------------------------- data a user types
_id_numbers = itertools.count(1)


def new_id_number() -> str:
    """A valid 18-digit ID number (checksum included), different on every call in
    this process (the birth day walks forward one day at a time)."""
    n = next(_id_numbers)
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=n % 20000)
    first17 = f"410105{birth:%Y%m%d}{(n // 20000) % 1000:03d}"
    return first17 + rules.id_check_char(first17)


def resident_values(name: str = "张三", **extra) -> dict:
    values = {"name": name, "id_type": "resident_id", "id_number": new_id_number(),
              "residence_type": "registered"}
    values.update(extra)
    return values


# ---------------------------------------------------------------- healing and checks
def heal(desks, *, rounds: int = 8) -> None:
    """Sync every desktop until a whole round moves nothing (a clean network)."""
    last = {}
    for _ in range(rounds):
        moved = 0
        for d in desks:
            r = d.sync()
            moved += r.pushed + r.pulled + r.held
            last[d.username] = dict(pushed=r.pushed, pulled=r.pulled, held=r.held,
                                    resynced=r.resynced, outbox=d.status()["pending"])
        if moved == 0:
            return
    raise AssertionError(f"no quiet round after {rounds} rounds of syncing: {last}")


def local_verify(desk: Desk, entities=ENTITIES) -> dict:
    """The desktop's side of GET /sync/verify: count and content hash of its live
    rows, by the encoding the server uses (app.models.domain.content, app.sync.verify)."""
    return {entity: verifying.local_summary(desk.store.conn, entity).table()
            for entity in entities}


def assert_equals_server(city: City, desk: Desk, tables=ENTITIES) -> None:
    """The desktop holds exactly the server's rows for its scope, BY CONTENT: every
    table's count and content hash equals the server's /sync/verify. On a difference
    the message names the rows and, for ``tables``, the columns that differ."""
    server = desk.client.verify()
    assert server["algorithm"] == content.ALGORITHM
    local = local_verify(desk, list(server["tables"]))
    diff = [e for e in server["tables"] if local[e] != server["tables"][e]]
    assert not diff, f"{desk.username} differs from the server: " + "; ".join(
        _explain(city, desk, e, tables) for e in diff)


def _explain(city: City, desk: Desk, entity: str, tables) -> str:
    fetch, erase = verifying.differing_ids(desk.store.conn, desk.client, entity)
    lines = [f"{entity}: {len(fetch)} rows differ or are missing here, {len(erase)} rows "
             f"are here only (e.g. {erase[:3]})"]
    if entity not in tables:
        return lines[0]
    for row_id in fetch[:3]:
        mine, theirs = desk.row(entity, row_id), city.row(entity, row_id)
        if mine is None:
            lines.append(f"{row_id} missing here")
            continue
        cols = ("version",) + content.COLUMNS[entity]
        lines.append(f"{row_id}: " + ", ".join(
            f"{c} local {mine.get(c)!r} server {theirs.get(c)!r}" for c in cols
            if mine.get(c) != theirs.get(c)))
    return "; ".join(lines)


def assert_outbox_settled(desk: Desk) -> None:
    """Every op ended applied, conflicted or rejected; a rejected one says why and is
    counted under "needs attention"."""
    open_ = [o for o in desk.outbox() if o["state"] in ("pending", "inflight")]
    assert not open_, f"{desk.username}: ops still unsettled: {open_[:3]}"
    rejected = [o for o in desk.outbox("rejected") if not o["retried_by"]]
    for o in rejected:
        assert o["last_error"], o
    assert desk.status()["needs_attention"] == len(rejected)


def assert_one_effect(city: City, desk: Desk) -> None:
    """Each op id this desktop sent has one stored outcome on the server, the same
    outcome the desktop recorded, at the same device_seq, and at most one conflict
    per field. Pruned ops (their content cleared after the safety window,
    app/models/write/outbox.py) count like any other: the prune keeps every row and
    its metadata, and clears only ops the server had answered."""
    server = {r["op_id"]: r for r in city.applied_ops(desk.device_id)}
    for o in desk.outbox():
        s = server.get(o["op_id"])
        assert s is not None, f"{desk.username}: op {o['op_id']} ({o['op']} {o['entity']}) " \
                              "never reached the server"
        outcome = s["outcome"]["status"]
        assert outcome == o["state"], (o, s["outcome"])
        assert s["device_seq"] == o["device_seq"], (o, s)
        if o.get("pruned_at"):
            assert o["confirmed_at"], o
            assert (o["changed"], o["base_values"], o["label"]) == ("{}", "{}", None), o
            assert o["state"] != "rejected" or o["retried_by"] or \
                o["last_error"].startswith("pruned_op_unknown"), \
                f"a refusal nobody tried again was pruned: {o}"
    mine = set(server) & {o["op_id"] for o in desk.outbox()}
    assert len(server) == len(mine), "the server holds ops of this device it never wrote"
    fields = [(c["op_id"], c["field"]) for c in city.rows("conflicts") if c["op_id"] in mine]
    assert len(fields) == len(set(fields)), "an op made the same conflict twice"


def scope_code(desk: Desk) -> str:
    return desk.actor.scope_code


def assert_in_scope(city: City, desk: Desk) -> None:
    """No synced row outside the user's org subtree: by the desktop's own paths, and
    by where the server says each row lives (its scope paths)."""
    me = desk.me
    code = app_settings.get(desk.store.conn, "user.scope_code")
    assert code, "the signed-in user's scope code is known locally"
    if me["role"] != "dept_handler":
        for table in ("addresses", "households", "residents"):
            bad = desk.q(f"SELECT id, path FROM {table} WHERE version > 0 AND path NOT LIKE ?",
                         (code + "%",))
            assert not bad, f"{desk.username} holds {table} outside {code}: {bad[:3]}"
    scope = me["scope_path"]
    for table in ("addresses", "households", "residents", "resident_tags", "visits", "cases",
                  "case_events", "case_residents", "conflicts"):
        ids = [r[0] for r in desk.q(f"SELECT id FROM {table} WHERE version > 0")]
        t = db.conflicts if table == "conflicts" else db.ENTITIES[table]
        with city.db.read() as conn:
            rows = conn.execute(sa.select(t.c.id, t.c.scope_path, t.c.scope_path2)
                                .where(t.c.id.in_(ids))).all() if ids else []
        outside = [r.id for r in rows if not any(p and p.startswith(scope)
                                                  for p in (r.scope_path, r.scope_path2))]
        assert not outside, f"{desk.username} holds {table} outside {scope}: {outside[:3]}"


def replay_case(events: list[dict], self_handle: bool) -> workflow.CaseState:
    return workflow.replay([workflow.Event(e["action"], e["role"], e.get("actor_id") or "",
                                           json.loads(e.get("data") or "{}"),
                                           e.get("device_time") or "") for e in events],
                           self_handle_allowed=self_handle)


def assert_case_history_valid(city: City, case_id: str) -> workflow.CaseState:
    """The server's log of a case is a valid path through the state machine: the
    events it flagged are exactly those the machine refuses, the rest replay without
    a conflict, and the case's state is the replayed one."""
    from app.models.domain import categories as cats
    case = city.row("cases", case_id)
    events = sorted(city.rows("case_events", case_id=case_id), key=lambda e: e["seq"])
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1)), "gaps in seq"
    cat = cats.load().get(case["category"])
    self_handle = bool(cat and cat.self_handle)
    state = replay_case(events, self_handle)
    flagged = [i for i, e in enumerate(events) if e["conflict"]]
    assert flagged == list(state.conflicts), (flagged, state.conflicts)
    valid = [e for e in events if not e["conflict"]]
    clean = replay_case(valid, self_handle)
    assert clean.conflicts == (), "the unflagged events are not a valid path"
    assert clean.state == state.state == case["state"], (clean.state, state.state, case["state"])
    return state


def copy_sqlite(src: Path, dest: Path) -> None:
    """A consistent copy of a live SQLite database (the backup API, WAL included)."""
    import sqlite3
    s = sqlite3.connect(str(src))
    d = sqlite3.connect(str(dest))
    try:
        s.backup(d)
    finally:
        d.close()
        s.close()


def restore_sqlite(backup: Path, dest: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(dest) + suffix).unlink(missing_ok=True)
    shutil.copy2(backup, dest)
