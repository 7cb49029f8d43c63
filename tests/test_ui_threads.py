"""Leaving the GUI thread (app/ui/common/threads.py, issue 15): one helper delivers a
task's result or error on the GUI thread and keeps nothing alive afterwards; a page's
newer query stops the one still running on its connection, whose result never lands
on screen (the roster's count while typing here, 统计 switching months in
test_stats.py); and when a sync brings other people's changes, the pages read their
data again off the GUI thread while the event loop runs on.

Slow queries are made slow on purpose (uihelpers.Watch): a recursive count in SQLite
on the connection the page's query gets, before the real query, so the page cannot
tell it from a large area."""
from __future__ import annotations

import functools
import gc
import threading
import time
import weakref

import pytest
from PySide6.QtCore import QObject, QTimer

from app.models.roster import search
from app.ui.common import threads
from uihelpers import Watch

MAIN = threading.main_thread().ident


# -- the helper ------------------------------------------------------------------------------

class Owner(QObject):
    def __init__(self):
        super().__init__()
        self.results: list = []
        self.errors: list = []

    def done(self, value) -> None:
        self.results.append((value, threading.get_ident()))

    def failed(self, exc) -> None:
        self.errors.append((exc, threading.get_ident()))


class Payload:
    """Stands for what a task closes over: a page, a store, a person's rows."""


def worker_ident(payload: Payload) -> int:
    return threading.get_ident()


def fails(payload: Payload) -> int:
    raise ValueError("the disk is full")


def test_a_task_delivers_on_the_gui_thread_and_keeps_nothing_alive(qtbot):
    owner = Owner()
    payload = Payload()
    ref = weakref.ref(payload)
    threads.run_task(functools.partial(worker_ident, payload), owner.done, owner.failed)
    threads.run_task(functools.partial(fails, payload), owner.done, owner.failed)
    del payload
    qtbot.waitUntil(lambda: bool(owner.results and owner.errors), timeout=5000)
    (ran_on, delivered_on), = owner.results
    assert ran_on != MAIN and delivered_on == MAIN
    (exc, delivered_on), = owner.errors
    assert isinstance(exc, ValueError) and delivered_on == MAIN
    assert threads.in_flight() == 0
    del exc, owner.errors[:]
    gc.collect()
    assert ref() is None, "a task kept what it closed over after delivering"


def test_a_receiver_deleted_meanwhile_is_not_called(qtbot):
    gate = threading.Event()
    called = []

    class Page(QObject):
        def done(self, value):
            called.append(value)

    page = Page()
    threads.run_task(functools.partial(gate.wait, 5), page.done)
    page.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(page), timeout=5000)
    gate.set()
    assert threads.settle(5000)
    assert called == []


def test_a_lane_stops_the_read_it_runs_for_a_newer_one(qtbot, store):
    watch = Watch()
    lane = threads.QueryLane(store.open_connection)
    landed, failed = [], []

    def first(conn):
        return watch.run(conn, lambda: "first", slow=20.0, label="first")

    def second(conn):
        return watch.run(conn, lambda: conn.execute("SELECT 42").fetchone()[0])

    lane.submit(first, landed.append, failed.append)
    assert watch.slow_started.wait(10)
    asked = time.monotonic()
    lane.submit(second, landed.append, failed.append)
    assert lane.busy()
    qtbot.waitUntil(lambda: bool(landed), timeout=10000)
    assert time.monotonic() - asked < 10, "the newer read waited for the older one to end"
    assert threads.settle(10000)
    assert landed == [42] and failed == []      # the older one: neither result nor error
    assert watch.interrupted == ["first"] and watch.most_at_once == 1
    assert not lane.busy()
    lane.close()


# -- 居民台账: the count of a large match while the user types ----------------------------------

def test_typing_stops_the_count_still_running(qtbot, store, roster, street, monkeypatch):
    from app.ui.roster.roster_page import RosterPage
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    for i, id_number in enumerate(("11010519491231002X", "440524188001010014")):
        roster.create_resident(dict(name=f"张{i}", id_number=id_number,
                                    residence_type="registered"),
                               household_id=street["household1"]["id"],
                               relation="self" if i == 0 else "spouse")
    page = RosterPage(store, roster)
    page.model.page_size = 1          # the first page is not all: the count is needed
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.count_label.text() == "共 2 人", timeout=5000)
    watch = Watch()
    real = search.count

    def count(conn, query):
        # the first count after typing is of a big match (20 s); the others are quick
        slow = 20.0 if not watch.threads else 0.0
        return watch.run(conn, lambda: real(conn, query), slow=slow, label=query)
    monkeypatch.setattr(search, "count", count)

    page.search.setText("张")
    page._apply_query()                       # what the debounce timer runs
    assert watch.slow_started.wait(10)
    assert page.count_label.text() == "正在统计…"
    asked = time.monotonic()
    page.tag_filter.set_code(None)
    page.residence_filter.set_code("registered")   # the user narrows the search
    # the count of what is asked now shows while the big match would still be counting
    qtbot.waitUntil(lambda: page.count_label.text() == "共 2 人", timeout=15000)
    assert time.monotonic() - asked < 10
    assert threads.settle(15000)
    qtbot.wait(50)
    assert page.count_label.text() == "共 2 人"
    assert [q.text for q in watch.interrupted] == ["张"] and watch.most_at_once == 1
    assert watch.interrupted[0].residence_type is None    # the count before narrowing
    assert all(ident != MAIN for ident in watch.threads)


# -- a pull: the pages read again off the GUI thread -------------------------------------------

pytest.importorskip("fastapi")
from test_sync_ui import WAIT, actor_of, city, city_template, desktop, window_for  # noqa: E402,F401,E501


def test_a_pull_refreshes_the_pages_off_the_gui_thread(qtbot, tmp_path, city,  # noqa: F811
                                                       window_for, monkeypatch):
    from app.models.cases.repository import Cases
    from app.models.roster.repository import Roster
    from app.sync import inbox

    w = window_for("supervisor")
    pages = {key: w.page(key) for key in ("roster", "cases", "review", "sync")}
    for page in pages.values():
        w.go_to(w.stack.indexOf(page))
        qtbot.wait(10)
    w.go_to(w.stack.indexOf(pages["roster"]))
    assert threads.settle(WAIT)
    worker, engine = desktop(tmp_path, "worker-pc", city, "worker1")
    rid = worker.conn.execute("SELECT id FROM residents WHERE deleted_at IS NULL "
                              "ORDER BY name LIMIT 1").fetchone()[0]

    # from now on every page query takes 0.3 s (a large area), and we note its thread
    watch = Watch()
    real_page, real_list, real_count, real_outbox = (search.query_page, Cases.list,
                                                     Cases.count, inbox.outbox)
    monkeypatch.setattr(search, "query_page", lambda conn, *a, **kw: watch.run(
        conn, lambda: real_page(conn, *a, **kw), slow=0.3))
    monkeypatch.setattr(Cases, "list", lambda self, *a, **kw: watch.run(
        self.conn, lambda: real_list(self, *a, **kw), slow=0.3))
    monkeypatch.setattr(Cases, "count", lambda self, *a, **kw: watch.run(
        self.conn, lambda: real_count(self, *a, **kw), slow=0.05))
    monkeypatch.setattr(inbox, "outbox", lambda conn, *a, **kw: watch.run(
        conn, lambda: real_outbox(conn, *a, **kw), slow=0.3))

    # a 10 ms timer on the GUI thread notes the wall clock and the GUI thread's own CPU
    # time: on a shared machine the wall clock also counts other processes' turns, the
    # CPU time only what the GUI thread itself did between two ticks
    ticks: list[tuple[float, float]] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append((time.perf_counter(), time.thread_time())))
    timer.start()
    # someone else changes a resident and reports a case; the window's sync pulls both
    Roster(worker, actor_of(worker)).update_resident(rid, {"phone": "13955556666"})
    grid = worker.conn.execute("SELECT grid_id FROM residents WHERE id = ?", (rid,)
                               ).fetchone()[0]
    Cases(worker, actor_of(worker)).create(title="楼道灯不亮", category="exposed_garbage",
                                           grid_id=grid)
    engine.sync()

    def phone_shown():
        model = pages["roster"].model
        return any(model.data(model.index(r, model.PHONE)) == "139****6666"
                   for r in range(model.rowCount()))
    qtbot.waitUntil(phone_shown, timeout=WAIT)             # the page on screen
    # the other pages read when the user turns to them
    w.go_to(w.stack.indexOf(pages["cases"]))
    qtbot.waitUntil(lambda: any(pages["cases"].model.row(r)["title"] == "楼道灯不亮"
                                for r in range(pages["cases"].model.rowCount())), timeout=WAIT)
    w.go_to(w.stack.indexOf(pages["review"]))
    qtbot.waitUntil(lambda: any(pages["review"].model.row(r)["title"] == "楼道灯不亮"
                                for r in range(pages["review"].model.rowCount())), timeout=WAIT)
    w.go_to(w.stack.indexOf(pages["sync"]))
    qtbot.waitUntil(lambda: threads.in_flight() == 0, timeout=WAIT)   # every page is done
    qtbot.wait(100)
    timer.stop()
    assert watch.threads, "the pages read nothing again"
    assert all(ident != MAIN for ident in watch.threads), "a page read on the GUI thread"
    wall = max(b[0] - a[0] for a, b in zip(ticks, ticks[1:])) * 1000
    busy = max(b[1] - a[1] for a, b in zip(ticks, ticks[1:])) * 1000
    print(f"while the pull landed ({len(watch.threads)} page queries of 0.05-0.3 s each, off "
          f"the GUI thread): longest gap of a 10 ms timer {wall:.0f} ms, of which the GUI "
          f"thread's own work {busy:.0f} ms")
    assert busy < 100, f"the GUI thread was busy for {busy:.0f} ms between two ticks"
    worker.close()
