"""Sync benchmark (quality.md "Speed"): initial sync rows/s, A→B propagation while
both desktops are online, and the GUI event loop's longest stall during an
initial sync run by the desktop's sync worker.

    ./dev bench sync                              # 100,000 residents + 20,000 cases
    ./dev bench sync --residents 20000 --cases 4000 --samples 30

The city database (server.demo.prepare) is made once and cached under
bench/out/ (its generation time is reported, not part of the figures); every
run starts a real ``python -m server serve`` on loopback and fresh desktops
(real SQLCipher stores). Baselines measured in the same run:

- initial sync vs fetching the same snapshot pages without applying them
  (what the network + server cost alone);
- propagation vs one bare push round trip of the same edit.

Prints JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOALS = {"initial_rows_per_s": 20000, "initial_s_at_100k": 6.0, "propagation_p95_ms": 1000,
         "gui_stall_ms": 100}


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k] * 1000, 1)


def ensure_city(out: Path, residents: int, cases: int) -> tuple[Path, float | None]:
    """The seeded city database, made once per size."""
    from server.demo import prepare
    path = out / f"sync-city-{residents}-{cases}.db"
    if path.exists():
        return path, None
    tmp = path.with_suffix(".partial")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    prepare(f"sqlite:///{tmp}", out / "sync-blobs", residents=residents, cases=cases)
    import sqlite3
    with sqlite3.connect(tmp) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(tmp, path)
    for p in (Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    return path, round(time.perf_counter() - t, 1)


def working_copy(db: Path, workdir: Path) -> str:
    """Runs never change the cached city: each starts from a copy."""
    dest = workdir / "city.db"
    shutil.copy2(db, dest)
    return f"sqlite:///{dest}"


def initial_sync(url: str, username: str, workdir: Path) -> dict:
    from server.demo import DEMO_PASSWORD

    from app.models.store.database import open_store
    from app.sync import session
    from app.sync.engine import SyncEngine
    store = open_store(workdir / f"desk-{username}")
    t0 = time.perf_counter()
    s = session.sign_in(store, url, username, DEMO_PASSWORD)
    # the desktop syncs on its worker's own connection (app/ui/sync/sync_worker.py)
    own = store.worker_store()
    engine = SyncEngine(own, session.client_for(own, s), data_dir=store.path.parent)
    t1 = time.perf_counter()
    result = engine.sync()
    t2 = time.perf_counter()
    own.close()
    counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("residents", "cases", "case_events", "households", "addresses")}
    rows = result.pulled
    store.close()
    return {"user": username, "rows": rows, "sign_in_s": round(t1 - t0, 2),
            "sync_s": round(t2 - t1, 2), "rows_per_s": round(rows / (t2 - t1)), "local": counts,
            "resynced": result.resynced}


def fetch_only(url: str, username: str) -> dict:
    """Baseline: the same snapshot pages fetched and decoded, nothing applied."""
    from server.demo import DEMO_PASSWORD

    from app.sync import engine as eng
    from app.sync.client import Client
    c = Client(url)
    c.login(username, DEMO_PASSWORD, device_id=f"bench-fetch-{os.getpid()}",
            device_name="bench")
    t = time.perf_counter()
    plan = c.snapshot_plan()
    rows = 0
    for entity in plan["entities"]:
        after = None
        while True:
            page = c.snapshot(entity, at=plan["at"], after=after, limit=eng.SNAPSHOT_LIMIT)
            rows += len(page["rows"])
            after = page["next_after"]
            if not page["has_more"]:
                break
    s = time.perf_counter() - t
    return {"rows": rows, "seconds": round(s, 2), "rows_per_s": round(rows / s)}


def propagation(url: str, workdir: Path, samples: int) -> dict:
    """A edits, pushes; B long-polls: from A's push call to the moment B's store holds
    the edit."""
    from server.demo import DEMO_PASSWORD

    from app.models.write.unit import Actor
    from app.models.roster.repository import Roster
    from app.models.store.database import open_store
    from app.sync import session
    from app.sync.engine import SyncEngine
    desks = {}
    for who in ("center", "supervisor"):
        store = open_store(workdir / f"prop-{who}")
        s = session.sign_in(store, url, who, DEMO_PASSWORD)
        eng = SyncEngine(store, session.client_for(store, s), data_dir=store.path.parent)
        eng.sync()
        session.apply_user(store, s.user)
        desks[who] = (store, eng, s)
    a_store, a_eng, a_s = desks["center"]
    b_store, b_eng, _ = desks["supervisor"]
    # a resident both see: in the supervisor's community
    rid = b_store.conn.execute("SELECT id FROM residents WHERE deleted_at IS NULL "
                               "ORDER BY rid LIMIT 1").fetchone()[0]
    actor = Actor(a_s.user["user_id"], "bench", a_s.user["role"], "")
    roster = Roster(a_store, actor)
    seen: dict[str, float] = {}
    stop = threading.Event()
    # B polls on its own connection, as the desktop's sync worker does
    from app.models.write.unit import ConnectionStore
    b_conn = ConnectionStore(b_store.open_connection())
    b_worker = SyncEngine(b_conn, b_eng.client, data_dir=b_store.path.parent)

    def poll():
        while not stop.is_set():
            try:
                b_worker.sync(wait=20)
            except Exception:   # noqa: BLE001 - keep polling, as the worker would
                time.sleep(0.05)
                continue
            now = time.perf_counter()
            note = b_conn.conn.execute("SELECT notes FROM residents WHERE id = ?",
                                       (rid,)).fetchone()[0]
            if note and note not in seen:
                seen[note] = now
    t = threading.Thread(target=poll, daemon=True)
    t.start()
    time.sleep(0.5)
    delays, push_rtts = [], []
    for i in range(samples):
        note = f"bench {i} {time.time()}"
        roster.update_resident(rid, {"notes": note})
        t0 = time.perf_counter()
        a_eng.sync()
        push_rtts.append(time.perf_counter() - t0)
        deadline = time.perf_counter() + 10
        while note not in seen and time.perf_counter() < deadline:
            time.sleep(0.002)
        if note in seen:
            delays.append(seen[note] - t0)
        time.sleep(0.05)
    stop.set()
    # wake B's long-poll so the thread ends
    roster.update_resident(rid, {"notes": "bench done"})
    a_eng.sync()
    t.join(30)
    for store, _, _ in desks.values():
        store.close()
    b_conn.close()
    return {"samples": len(delays), "missed": samples - len(delays),
            "p50_ms": pct(delays, 50), "p95_ms": pct(delays, 95), "max_ms": pct(delays, 100),
            "baseline_a_sync_p50_ms": pct(push_rtts, 50),
            "ratio_p50_vs_a_sync": round(pct(delays, 50) / pct(push_rtts, 50), 2)
            if delays else None}


def gui_stall(url: str, username: str, workdir: Path) -> dict:
    """The longest gap of a 5 ms timer on the GUI thread while the desktop's sync
    worker (app/ui/sync/sync_worker.py) runs an initial sync, with its progress signals
    delivered to the GUI thread as the 同步 page would receive them. Runs in a
    child process so its Qt application is the only one."""
    if not (ROOT / "app" / "ui" / "sync" / "sync_worker.py").exists():
        return {"missing": "app/ui/sync/sync_worker.py does not exist yet: not measured"}
    import subprocess
    proc = subprocess.run([sys.executable, __file__, "--gui-child", url, username,
                           str(workdir)], capture_output=True, text=True, check=False,
                          timeout=1800, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if proc.returncode:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def gui_child(url: str, username: str, workdir: Path) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from server.demo import DEMO_PASSWORD

    from app.models.store.database import open_store
    from app.sync import session
    from app.ui.sync.sync_worker import SyncWorker
    app = QApplication([])
    store = open_store(workdir / f"gui-{username}")
    session.sign_in(store, url, username, DEMO_PASSWORD)
    worker = SyncWorker(store, store.path.parent)
    ticks: list[float] = []
    seen = {"progress": 0, "error": None, "result": None}

    def tick():
        ticks.append(time.perf_counter())

    def progress(*_a):
        seen["progress"] += 1

    def synced(result):
        seen["result"] = result
        app.quit()

    def failed(code, message):
        seen["error"] = f"{code}: {message}"
        app.quit()
    worker.progress.connect(progress)
    worker.synced.connect(synced)
    worker.failed.connect(failed)
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    QTimer.singleShot(50, worker.start)
    t0 = time.perf_counter()
    app.exec()
    seconds = time.perf_counter() - t0
    timer.stop()
    worker.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    gaps.sort()
    rows = (seen["result"] or {}).get("pulled", 0)
    return {"user": username, "rows": rows, "seconds": round(seconds, 2),
            "longest_stall_ms": round((gaps[-1] - 0.005) * 1000, 1) if gaps else None,
            "p99_gap_ms": pct(gaps, 99), "ticks": len(ticks),
            "progress_signals": seen["progress"], "error": seen["error"]}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=100000)
    ap.add_argument("--cases", type=int, default=20000)
    ap.add_argument("--samples", type=int, default=50, help="propagation samples")
    ap.add_argument("--user", default="center", help="whose initial sync is timed")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--gui-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.gui_child:
        url, user, workdir = args.gui_child
        print(json.dumps(gui_child(url, user, Path(workdir))), flush=True)
        os._exit(0)   # skip Qt teardown: the figures are out
    args.out.mkdir(parents=True, exist_ok=True)
    db, gen_s = ensure_city(args.out, args.residents, args.cases)
    from server.demo import LiveServer
    work = Path(tempfile.mkdtemp(prefix="gd-bench-sync-"))
    try:
        url = working_copy(db, work)
        with LiveServer(url, blob_dir=work / "blobs", log_path=work / "server.log") as srv:
            fetch = fetch_only(srv.url, args.user)
            first = initial_sync(srv.url, args.user, work)
            prop = propagation(srv.url, work, args.samples)
            stall = gui_stall(srv.url, args.user, work)
        result = {
            "bench": "sync", "goals": GOALS,
            "city": {"residents": args.residents, "cases": args.cases,
                     "db_mb": round(db.stat().st_size / 2**20, 1),
                     "generation_s": gen_s},
            "initial_sync": {**first,
                             "baseline_fetch_only": fetch,
                             "ratio_vs_fetch_only": round(first["sync_s"] / fetch["seconds"], 2)},
            "propagation": prop,
            "gui_stall": stall,
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
