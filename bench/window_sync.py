"""The whole window while a large pull lands (quality.md "GUI responsiveness": the
event loop never stalls > 100 ms during a sync). bench/sync.py times the sync
worker alone; here the main window is open on the roster (scrolled a few thousand
rows down), 事件, 审核 and 同步 pages, and another PC of the same supervisor
changes thousands of residents. The window's sync worker pulls them and every page
reads its data again.

    ./dev bench window_sync                         # 20,000 residents, 3,000 changes
    ./dev bench window_sync --residents 100000 --changes 5000

Measured with a 5 ms QTimer on the GUI thread from the other PC's push until every
page shows the changes: the longest gap (wall clock) and the most CPU time the GUI
thread itself spent between two ticks. Rounds, in one run: the pages reading off the
GUI thread (the app as it is); the same pull with the pages reading on the GUI thread
(how the pages refreshed before issue 15); the pull with no page reading again (the
sync worker alone); the app again.
The city database is made once and cached under bench/out/ (bench/sync.py's). Prints
JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_STALL_MS = 100
SCROLLED_ROWS = 5000


def push_child(data_dir: str) -> None:
    """The other PC sends its changes (a process of its own, as a real PC)."""
    from app.models.store.database import open_store
    from app.sync import session
    from app.sync.engine import SyncEngine
    store = open_store(Path(data_dir))
    s = session.load(store)
    result = SyncEngine(store, session.client_for(store, s), data_dir=Path(data_dir)).sync()
    print(json.dumps({"pushed": result.pushed}))
    store.close()


def other_pc(url: str, workdir: Path):
    from server.demo import DEMO_PASSWORD

    from app.models.roster.repository import Roster
    from app.models.store import settings
    from app.models.store.database import open_store
    from app.models.write.unit import Actor
    from app.sync import session
    from app.sync.engine import SyncEngine
    store = open_store(workdir / "other-pc")
    s = session.sign_in(store, url, "supervisor", DEMO_PASSWORD, device_name="other PC")
    SyncEngine(store, session.client_for(store, s), data_dir=workdir / "other-pc").sync()
    session.apply_user(store, s.user)
    c = store.conn
    actor = Actor(settings.get(c, "user.id"), settings.get(c, "user.name"),
                  settings.get(c, "user.role"), settings.get(c, "user.scope_code"))
    return store, Roster(store, actor)


def change(roster, ids: list[str], n: int, round_no: int) -> None:
    for i, rid in enumerate(ids[:n]):
        roster.update_resident(rid, {"phone": f"139{round_no:02d}{i:06d}"[:11]})


def run(args) -> dict:
    from PySide6.QtCore import QTimer
    import importlib.util

    from server.demo import DEMO_PASSWORD, LiveServer
    spec = importlib.util.spec_from_file_location("bench_sync", ROOT / "bench" / "sync.py")
    bench_sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_sync)        # its cached city and working copies
    ensure_city, working_copy = bench_sync.ensure_city, bench_sync.working_copy

    from app.models.store.database import open_store
    from app.sync import session
    from app.sync.engine import SyncEngine
    from app.ui.cases.case_model import CaseReader, count_queues, read_cases
    from app.ui.common import threads
    from app.ui.roster.roster_model import read_rows
    from app.ui.shell import main_window as mw
    from app.ui.shell.app import create_application
    from app.ui.sync.sync_page import read_sync_page

    args.out.mkdir(parents=True, exist_ok=True)
    db, gen_s = ensure_city(args.out, args.residents, args.cases)
    work = Path(tempfile.mkdtemp(prefix="gd-bench-window-"))
    try:
        url = working_copy(db, work)
        with LiveServer(url, blob_dir=work / "blobs", log_path=work / "server.log") as srv:
            other, roster = other_pc(srv.url, work)
            ids = [r[0] for r in other.conn.execute(
                "SELECT id FROM residents WHERE deleted_at IS NULL ORDER BY rid")]
            app = create_application("zh_CN")
            store = open_store(work / "window")
            s = session.sign_in(store, srv.url, "supervisor", DEMO_PASSWORD,
                                device_name="office PC")
            t = time.perf_counter()
            SyncEngine(store, session.client_for(store, s), data_dir=work / "window").sync()
            initial_s = time.perf_counter() - t
            session.apply_user(store, s.user)
            w = mw.MainWindow(store)
            w.resize(1366, 768)
            w.show()
            pages = {k: w.page(k) for k in ("roster", "cases", "review", "sync")}
            for page in pages.values():
                w.go_to(w.stack.indexOf(page))
                app.processEvents()
            w.go_to(w.stack.indexOf(pages["roster"]))
            model = pages["roster"].model
            while model.rowCount() < SCROLLED_ROWS and model.canFetchMore():
                model.fetchMore()
            pages["roster"].table.scrollToBottom()
            wait(app, lambda: w.sync_worker.online is True and threads.in_flight() == 0, 60)

            real_refresh, real_sync_refresh = w.refresh_after_sync, w.sync_page.refresh

            def on_gui_thread():
                """How the pages refreshed before: every read on the GUI thread."""
                conn = store.conn
                rp, cp, rv = pages["roster"], pages["cases"], pages["review"]
                rp.model.swap(read_rows(conn, rp.model.query, max(rp.model.rowCount(), 1),
                                        rp.model.page_size))
                cp.model.swap(read_cases(CaseReader.of(w.cases), cp.model.query,
                                         cp.model.rowCount(), cp.model.page, conn))
                rv._show_counts(count_queues(CaseReader.of(w.cases), conn))
                rv.model.swap(read_cases(CaseReader.of(w.cases), rv.model.query,
                                         rv.model.rowCount(), rv.model.page, conn))
                w.sync_page._show(read_sync_page(conn))
                w._show_status(mw.read_status(w.actor.scope_code, conn))

            def not_at_all():
                """The sync alone: no page reads anything again."""

            rounds = []
            for round_no, mode in enumerate(("off the GUI thread", "on the GUI thread",
                                             "not at all", "off the GUI thread"), start=1):
                if mode == "on the GUI thread":
                    w.refresh_after_sync = on_gui_thread
                    w.sync_page.refresh = lambda: w.sync_page._show(read_sync_page(store.conn))
                elif mode == "not at all":
                    w.refresh_after_sync = w.sync_page.refresh = not_at_all
                else:
                    w.refresh_after_sync, w.sync_page.refresh = real_refresh, real_sync_refresh
                change(roster, ids, args.changes, round_no)
                pulled = []
                w.sync_worker.synced.connect(pulled.append)
                ticks: list[tuple[float, float]] = []
                timer = QTimer()
                timer.setInterval(5)
                timer.timeout.connect(lambda: ticks.append((time.perf_counter(),
                                                            time.thread_time())))
                timer.start()
                t0 = time.perf_counter()
                push = subprocess.Popen([sys.executable, __file__, "--push-child",
                                         str(work / "other-pc")], stdout=subprocess.PIPE,
                                        text=True, cwd=ROOT)
                wait(app, lambda: push.poll() is not None
                     and sum(p.get("pulled", 0) for p in pulled) >= args.changes, 600)
                wait(app, lambda: threads.in_flight() == 0, 120)
                shown_s = time.perf_counter() - t0
                wait(app, lambda: False, 0.3)
                timer.stop()
                w.sync_worker.synced.disconnect(pulled.append)
                gaps = list(zip(ticks, ticks[1:]))
                rounds.append({
                    "pages_read": mode,
                    "changes": args.changes,
                    "pulled": sum(p.get("pulled", 0) for p in pulled),
                    "push_to_shown_s": round(shown_s, 2),
                    "longest_stall_ms": round(max(b[0] - a[0] for a, b in gaps) * 1000 - 5, 1),
                    "p99_gap_ms": round(sorted(b[0] - a[0] for a, b in gaps)[
                        int(len(gaps) * 0.99)] * 1000, 1),
                    "gui_thread_busiest_ms": round(max(b[1] - a[1] for a, b in gaps) * 1000,
                                                   1),
                    "ticks": len(ticks)})
            w.close()
            store.close()
            other.close()
        off = [r for r in rounds if r["pages_read"] == "off the GUI thread"]
        on = [r for r in rounds if r["pages_read"] == "on the GUI thread"][0]
        alone = [r for r in rounds if r["pages_read"] == "not at all"][0]
        worst_off = max(r["longest_stall_ms"] for r in off)
        return {"bench": "window_sync", "goal_stall_ms": GOAL_STALL_MS,
                "load_average": os.getloadavg(),
                "ratio_longest_stall_off_vs_sync_alone":
                    round(worst_off / alone["longest_stall_ms"], 2)
                    if alone["longest_stall_ms"] else None,
                "city": {"residents": args.residents, "cases": args.cases,
                         "generation_s": gen_s},
                "window_initial_sync_s": round(initial_s, 2),
                "roster_rows_loaded": SCROLLED_ROWS, "rounds": rounds,
                "ratio_longest_stall_off_vs_on_gui_thread":
                    round(worst_off / on["longest_stall_ms"], 2)
                    if on["longest_stall_ms"] else None,
                "ratio_gui_busiest_off_vs_on": round(
                    max(r["gui_thread_busiest_ms"] for r in off)
                    / on["gui_thread_busiest_ms"], 2) if on["gui_thread_busiest_ms"] else None}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def wait(app, condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if condition():
            return
        time.sleep(0.002)
    if seconds >= 1:
        raise TimeoutError(f"waited {seconds} s")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=20000)
    ap.add_argument("--cases", type=int, default=4000)
    ap.add_argument("--changes", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--push-child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.push_child:
        push_child(args.push_child)
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(run(args), ensure_ascii=False, indent=2))
    os._exit(0)   # skip Qt teardown: the figures are out


if __name__ == "__main__":
    raise SystemExit(main())
