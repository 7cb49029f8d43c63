"""A city server with the demo street, for ``griddesk demo``, the sync tests and
``bench/sync.py``.

``seed(...)`` makes the demo street with the desktop's own generator (the same
rows a desktop demo shows), then writes every row into the server database
through the server's one write path (``Engine.write_row``: versions, scope
paths, change log), and creates demo users of each role.

``LiveServer`` runs ``python -m server serve`` as a real process on a loopback
port and waits until it answers.

    python -m server.demo --db sqlite:///city.db --residents 3000 --password 'demo pass 1'
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from server import admin, auth, db, migrations
from server.config import Settings
from server.admin import SYSTEM
from server.sync.context import Ctx, now_iso
from server.sync.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("addresses", "households", "residents", "resident_tags", "visits", "cases",
          "case_events", "case_residents", "houses", "house_tenants", "organizations",
          "org_employees", "inspections")
DEMO_PASSWORD = "griddesk demo 1"


def demo_users(grid_codes: list[str], community: str, street: str, department: str | None
               ) -> list[tuple[str, str, str, str]]:
    """(username, display name, role, scope code)."""
    users = [("supervisor", "李主任", "community_supervisor", community),
             ("center", "街道中心 王敏", "center_operator", street)]
    users += [(f"worker{i}", f"网格员{i}", "grid_worker", code)
              for i, code in enumerate(grid_codes, start=1)]
    if department:
        users.append(("dept", "部门办理人", "dept_handler", department))
    return users


def seed(store: db.Store, settings: Settings, *, residents: int = 3000, seed_no: int = 1,
         password: str = DEMO_PASSWORD, cases: int | None = None, progress=None,
         keep_existing_users: bool = False) -> dict:
    """Fill an empty server database with the demo street; returns counts and users.
    ``keep_existing_users``: a demo user name that exists is left as it is (its
    password unchanged; listed in ``kept_users``) instead of failing."""
    from app.models.demo import cases as demo_cases, street as demo
    from app.models.store.database import open_store

    engine = Engine(store, settings)
    with tempfile.TemporaryDirectory() as tmp:
        local = open_store(Path(tmp))
        try:
            demo.generate(local, residents, seed=seed_no)
            if cases is None:
                cases = max(20, min(residents // 20, 3000))
            if cases:
                demo_cases.generate_cases(local, cases, seed=seed_no)
            conn = local.conn
            _refuse_clashes(store, conn, seed_no)
            org = _rows(conn, "org_units")
            admin.import_org(store, engine, [
                dict(code=r["code"], name=r["name"], kind=r["kind"],
                     parent_code=_code_of(org, r["parent_id"]),
                     party_branch=r.get("party_branch"), party_secretary=r.get("party_secretary"))
                for r in org])
            ids = _server_unit_ids(store)
            local_to_server = {r["id"]: ids[r["code"]] for r in org}
            counts = {"org_units": len(org)}
            for table in TABLES:
                rows = _rows(conn, table)
                counts[table] = _write(store, engine, table, rows, local_to_server)
                if progress:
                    progress(table, counts[table])
            # workers for the residential grids first (worker1 = the first grid, with people)
            grids = sorted((r["code"] for r in org if r["kind"] in ("grid", "micro_grid")),
                           ) + sorted(r["code"] for r in org if r["kind"] == "dedicated")
            community = next(r["code"] for r in org if r["kind"] == "community")
            street = next(r["code"] for r in org if r["kind"] == "street")
            dept = next((r["code"] for r in org if r["kind"] == "department"), None)
        finally:
            local.close()
    users = demo_users(grids, community, street, dept)
    now = time.time()
    kept = []
    with store.write() as c:
        for username, name, role, scope in users:
            if keep_existing_users and c.execute(sa.select(db.users.c.id).where(
                    db.users.c.username == username)).first():
                kept.append(username)
                continue
            auth.create_user(c, settings, username=username, password=password, role=role,
                             scope_code=scope, display_name=name, now=now)
    return {"counts": counts, "users": [u[0] for u in users], "password": password,
            "kept_users": kept}


def _refuse_clashes(store: db.Store, local, seed_no: int) -> None:
    """Refuse before writing anything when the demo's rows are already there: the
    generator's ids follow from the seed, and case numbers are unique, so a second
    demo of one seed would stop half written on a duplicate key."""
    with store.read() as conn:
        for table in TABLES:
            t = db.ENTITIES[table]
            ids = [r[0] for r in local.execute(f"SELECT id FROM {table}")]
            for i in range(0, len(ids), 500):
                if conn.execute(sa.select(t.c.id).where(t.c.id.in_(ids[i:i + 500]))
                                .limit(1)).first():
                    raise ValueError(f"this database already holds the demo of seed {seed_no} "
                                     f"(its {table}); use another seed")
        c = db.ENTITIES["cases"]
        numbers = [r[0] for r in local.execute("SELECT number FROM cases")]
        for i in range(0, len(numbers), 500):
            clash = conn.execute(sa.select(c.c.number).where(
                c.c.number.in_(numbers[i:i + 500])).limit(1)).scalar()
            if clash:
                raise ValueError(f"this database already has a case numbered {clash}, "
                                 "as the demo's; use another seed or no cases (--cases 0)")


def _rows(conn, table: str) -> list[dict]:
    cur = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def _code_of(org: list[dict], unit_id: str | None) -> str:
    return next((r["code"] for r in org if r["id"] == unit_id), "")


def _server_unit_ids(store: db.Store) -> dict[str, str]:
    o = db.ENTITIES["org_units"]
    with store.read() as conn:
        return {code: uid for code, uid in conn.execute(sa.select(o.c.code, o.c.id))}


UNIT_COLUMNS = ("grid_id", "holder_unit_id", "level_unit_id", "reporter_unit_id")


def _write(store: db.Store, engine: Engine, table: str, rows: list[dict],
           unit_map: dict[str, str]) -> int:
    t = db.ENTITIES[table]
    cols = set(t.c.keys())
    now = time.time()
    for i in range(0, len(rows), 2000):
        with store.write() as conn:
            c = Ctx(conn, store, SYSTEM, now, now_iso(now))
            for row in rows[i:i + 2000]:
                values = {k: v for k, v in row.items() if k in cols}
                for key in UNIT_COLUMNS:
                    if values.get(key) in unit_map:
                        values[key] = unit_map[values[key]]
                if table == "case_events" and values.get("data"):
                    for old, new in unit_map.items():
                        if old in values["data"]:
                            values["data"] = values["data"].replace(old, new)
                engine.write_row(c, table, values, old=None)
    return len(rows)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """``python -m server serve`` on a loopback port, as a real process."""

    def __init__(self, db_url: str, *, blob_dir: str | Path, log_path: str | Path,
                 port: int | None = None, fast_hash: bool = True, extra_env: dict | None = None):
        self.db_url = db_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self.env = dict(os.environ, GRIDDESK_SERVER_BLOB_DIR=str(blob_dir), **(extra_env or {}))
        if fast_hash:   # tests and demos: argon2 at its cheapest, never in production
            self.env.update(GRIDDESK_SERVER_ARGON2_TIME_COST="1",
                            GRIDDESK_SERVER_ARGON2_MEMORY_KIB="1024")
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 30) -> "LiveServer":
        import requests

        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "--db", self.db_url, "serve", "--host", "127.0.0.1",
             "--port", str(self.port)], cwd=ROOT, env=self.env, stdout=self._log,
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(self.url + "/status", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the city server did not start:\n" +
                                   self.log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def prepare(db_url: str, blob_dir: str | Path, *, residents: int, seed_no: int = 1,
            password: str = DEMO_PASSWORD, cases: int | None = None) -> dict:
    """Create, migrate and seed a demo city database (fast password hashing)."""
    settings = Settings(db_url=db_url, blob_dir=str(blob_dir), argon2_time_cost=1,
                        argon2_memory_kib=1024)
    store = db.Store(db_url)
    try:
        migrations.migrate(store)
        return seed(store, settings, residents=residents, seed_no=seed_no, password=password,
                    cases=cases)
    finally:
        store.dispose()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m server.demo", description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--blob-dir", default="blobs")
    ap.add_argument("--residents", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--password", default=DEMO_PASSWORD)
    args = ap.parse_args(argv)
    out = prepare(args.db, args.blob_dir, residents=args.residents, seed_no=args.seed,
                  password=args.password)
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
