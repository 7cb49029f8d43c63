"""Verification by content benchmark: what GET /sync/verify costs the server, what
the desktop's side costs, and what a repair transfers.

    ./dev bench verify                               # a street of 100,000 residents
    python bench/verify.py --residents 15000 --cases 3000

The city database (server.demo.prepare, cached under bench/out/ like
bench/sync.py's) is copied for each run; a real ``python -m server serve`` runs
on loopback and desktops are real SQLCipher stores. Measured:

- server: ``Engine.verify`` in process (no HTTP) for the street's centre operator
  (the whole street) and a community supervisor, with the rows and rows/s it
  hashed; the same through HTTP; one entity's buckets and one bucket's digests;
- desktop: the supervisor's local content summary of every table after an
  initial sync; a verify run that finds nothing; a verify run after three rows
  were changed behind the app's back (rows fetched, requests, seconds).

Prints JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(fn, repeat: int = 3):
    """(best seconds, last result) of ``repeat`` calls."""
    best, out = None, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        s = time.perf_counter() - t
        best = s if best is None else min(best, s)
    return round(best, 3), out


def server_side(db_url: str) -> dict:
    from server import db
    from server import verify as verifying
    from server.config import Settings
    from server.sync.engine import Engine
    store = db.Store(db_url)
    engine = Engine(store, Settings(db_url=db_url))
    out = {}
    try:
        for username in ("center", "supervisor"):
            p = _principal(store, username)
            seconds, summary = _timed(lambda: engine.verify(p))
            rows = sum(t["count"] for t in summary["tables"].values())
            b_s, buckets = _timed(lambda: verifying.buckets(engine, p, "residents"))
            first = int(next(iter(buckets["buckets"])))
            d_s, digests = _timed(lambda: verifying.bucket_digests(engine, p, "residents",
                                                                   [first]))
            out[username] = {
                "scope": p.scope_path, "rows": rows,
                "residents": summary["tables"]["residents"]["count"],
                "summary_s": seconds, "rows_per_s": round(rows / seconds),
                "residents_buckets_s": b_s, "one_bucket_digests_s": d_s,
                "one_bucket_rows": len(digests["rows"])}
    finally:
        store.dispose()
    return out


def _principal(store, username: str):
    """The Principal a token of ``username`` would give (server.auth's own rules)."""
    import sqlalchemy as sa
    from server import auth, db
    with store.read() as conn:
        user = conn.execute(sa.select(db.users).where(db.users.c.username == username)
                            ).mappings().one()
        unit = conn.execute(sa.select(db.ENTITIES["org_units"]).where(
            db.ENTITIES["org_units"].c.id == user["scope_unit_id"])).mappings().one()
    return auth.Principal(user["id"], username, user["role"], user["scope_unit_id"],
                          unit["path"], user["scope_version"], None, "")


def over_http(url: str, username: str) -> dict:
    from server.demo import DEMO_PASSWORD

    from app.sync.client import Client
    c = Client(url, timeout=(5, 600))
    c.login(username, DEMO_PASSWORD, device_id=f"bench-verify-{os.getpid()}-{username}",
            device_name="bench")
    seconds, answer = _timed(c.verify, repeat=2)
    return {"user": username, "verify_s": seconds,
            "response_bytes": len(json.dumps(answer))}


def desktop_side(url: str, workdir: Path) -> dict:
    from server.demo import DEMO_PASSWORD

    from app.models.store.database import open_store
    from app.sync import session
    from app.sync.engine import SyncEngine
    from app.sync import verify as verifying

    store = open_store(workdir / "desk-supervisor")
    s = session.sign_in(store, url, "supervisor", DEMO_PASSWORD)
    client = session.client_for(store, s)
    client.timeout = (5, 600)
    engine = SyncEngine(store, client, data_dir=store.path.parent)
    t = time.perf_counter()
    engine.sync()           # the initial sync, verified at its end
    sync_s = time.perf_counter() - t
    log = store.conn.execute("SELECT started_at, finished_at, repaired, error FROM sync_log "
                             "WHERE kind = 'verify' ORDER BY id DESC LIMIT 1").fetchone()
    conn = store.conn
    entities = [e for e in verifying.applying.ENTITIES]
    local_s, _ = _timed(lambda: {e: verifying.local_summary(conn, e).table() for e in entities})
    rows = sum(conn.execute(f"SELECT count(*) FROM {e} WHERE deleted_at IS NULL").fetchone()[0]
               for e in entities)
    clean_s, clean = _timed(lambda: verifying.run(store, client), repeat=2)
    # three rows changed behind the app's back, versions untouched
    calls = {"n": 0}
    real = client.request

    def counting(*a, **kw):
        calls["n"] += 1
        return real(*a, **kw)
    ids = [r[0] for r in conn.execute("SELECT id FROM residents WHERE deleted_at IS NULL "
                                      "ORDER BY rid LIMIT 2")]
    with store.transaction() as c:
        c.execute("UPDATE residents SET name = name || '改' WHERE id = ?", (ids[0],))
        c.execute("DELETE FROM residents WHERE id = ?", (ids[1],))
        c.execute("UPDATE cases SET state = 'closed' WHERE rid = (SELECT min(rid) FROM cases "
                  "WHERE state != 'closed')")
    client.request = counting
    t = time.perf_counter()
    report = verifying.run(store, client)
    repair_s = time.perf_counter() - t
    client.request = real
    store.close()
    return {"user": "supervisor", "initial_sync_s": round(sync_s, 2), "local_rows": rows,
            "verify_after_initial_sync": {"repaired": log[2], "error": log[3]},
            "local_summary_s": local_s, "local_rows_per_s": round(rows / local_s),
            "clean_verify_s": clean_s, "clean_verify_repaired": clean.repaired,
            "repair": {"seconds": round(repair_s, 3), "requests": calls["n"],
                       "fetched": report.fetched, "erased": report.erased}}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=100000)
    ap.add_argument("--cases", type=int, default=20000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from bench.sync import ensure_city, working_copy
    db_path, gen_s = ensure_city(args.out, args.residents, args.cases)
    from server.demo import LiveServer
    work = Path(tempfile.mkdtemp(prefix="gd-bench-verify-"))
    try:
        url = working_copy(db_path, work)
        server = server_side(url)
        with LiveServer(url, blob_dir=work / "blobs", log_path=work / "server.log") as srv:
            http = [over_http(srv.url, u) for u in ("center", "supervisor")]
            desk = desktop_side(srv.url, work)
        print(json.dumps({"bench": "verify",
                          "city": {"residents": args.residents, "cases": args.cases,
                                   "db_mb": round(db_path.stat().st_size / 2**20, 1),
                                   "generation_s": gen_s},
                          "server": server, "http": http, "desktop": desk},
                         ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
