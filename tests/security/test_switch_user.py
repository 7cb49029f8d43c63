"""Issue 13, finding 10: after 切换用户 nothing of the previous person may stay in
memory or open on a shared PC — not their main window, its pages and models, the
sync worker, their store, nor any SQLCipher connection to their database.

The test drives the real start-up loop (``app.ui.shell.app.run_app``) against a real city
server process: person A signs in online through the real sign-in dialog, the
main window runs with its sync worker (long-poll included), the health check
and every page A's role has; A clicks 切换用户 in the settings; while the next
sign-in dialog is open, weak references show that A's objects are gone and every
connection opened to A's database is closed. Then B signs in and sees B's data.
"""
from __future__ import annotations

import gc
import weakref

import pytest

pytest.importorskip("fastapi")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QPushButton  # noqa: E402

from app.models.domain import rights  # noqa: E402
from app.models.store import settings  # noqa: E402
from app.models.store import database as store_module  # noqa: E402
from app.ui.shell.app import SWITCH_USER, create_application, run_app  # noqa: E402
from app.ui.shell.main_window import MainWindow  # noqa: E402
from app.ui.shell.signin_dialog import SignInDialog  # noqa: E402
from synchelpers import PASSWORD  # noqa: E402

WAIT_MS = 60000


def _when(condition, then, *, errors: list, budget_ms: int = WAIT_MS,
          interval: int = 50) -> None:
    """Poll inside the running event loop until ``condition()``; then ``then()``. A
    timeout or an error ends the loop and is reported by the test."""
    left = [budget_ms]

    def tick():
        try:
            if condition():
                then()
                return
        except Exception as exc:   # noqa: BLE001 - reported by the test, not swallowed
            errors.append(exc)
            QApplication.instance().exit(99)
            return
        left[0] -= interval
        if left[0] <= 0:
            errors.append(TimeoutError(f"waited for {condition.__name__}"))
            QApplication.instance().exit(99)
            return
        QTimer.singleShot(interval, tick)
    QTimer.singleShot(0, tick)


def _sign_in_dialog():
    dlg = QApplication.activeModalWidget()
    return dlg if isinstance(dlg, SignInDialog) and dlg.isVisible() else None


def _main_window():
    found = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, MainWindow) and w.isVisible()]
    return found[0] if found else None


def _connections_of(opened: list, db_path) -> list:
    return [conn for path, conn in opened if path == db_path]


def _is_closed(conn) -> bool:
    try:
        conn.execute("SELECT 1")
    except Exception as exc:   # noqa: BLE001 - sqlcipher3.ProgrammingError
        return "closed" in str(exc)
    return False


def test_switch_user_leaves_nothing_of_the_previous_person(qtbot, tmp_path, monkeypatch,
                                                           city, org):
    # IT's system file points the PC at the city server (README "Installing for IT")
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'server_url = "{city.url}"\n', encoding="utf-8")
    monkeypatch.setenv("GRIDDESK_CONFIG", str(cfg))
    # every SQLCipher connection the app opens, with the database it opened (sqlcipher3
    # connections take no weak references: they are kept here and checked for closed)
    opened: list = []
    real_connect = store_module._connect

    def recording_connect(path, key):
        conn = real_connect(path, key)
        opened.append((str(path), conn))
        return conn
    monkeypatch.setattr(store_module, "_connect", recording_connect)

    app = create_application("zh_CN")
    # the crash dialog is for people; in a test an error must fail the test instead
    monkeypatch.setattr(app, "_griddesk_crash_notifier", object(), raising=False)
    data_dir = tmp_path / "pc"
    a_user, b_user = org.user("sup"), org.user("w1")
    seen: dict = {}
    errors: list = []

    def sign_in(username):
        def fill():
            dlg = _sign_in_dialog()
            dlg.user.setText(username)
            dlg.password.setText(PASSWORD)
            dlg.ok.click()
        return fill

    def a_window_ready():
        w = _main_window()
        return w is not None and w.sync_worker.online is True and \
            w.sync_worker._watcher is not None and w.sync_worker._watcher.is_alive()

    def a_working_then_switch():
        w = _main_window()
        role = w.actor.role
        pages = {key: w.page(key) for key in rights.pages(role)}   # every page A may open
        for key in pages:
            w.go_to(w.stack.indexOf(pages[key]))
            QApplication.processEvents()
        seen["a_db"] = str(w.store.path)
        seen["a_name"] = settings.get(w.store.conn, "user.name")
        seen["refs"] = {"window": weakref.ref(w), "store": weakref.ref(w.store),
                        "roster": weakref.ref(w.roster), "cases": weakref.ref(w.cases),
                        "sync worker": weakref.ref(w.sync_worker),
                        **{f"page {k}": weakref.ref(p) for k, p in pages.items()}}
        roster_page = pages.get("roster")
        if roster_page is not None:
            seen["refs"]["roster model"] = weakref.ref(roster_page.model)
        seen["a_conns_while_open"] = len([c for c in _connections_of(opened, seen["a_db"])
                                          if not _is_closed(c)])
        del w, pages, roster_page
        # 切换用户, as A would click it in the settings
        button = _main_window().page("settings").findChild(QPushButton, "switchUser")
        button.click()

    def b_dialog_open():
        return _sign_in_dialog() is not None and "refs" in seen

    def check_then_sign_in_b():
        gc.collect()
        seen["alive"] = sorted(name for name, ref in seen["refs"].items() if ref() is not None)
        seen["open_conns"] = [c for c in _connections_of(opened, seen["a_db"])
                              if not _is_closed(c)]
        seen["threads"] = sorted(t.name for t in __import__("threading").enumerate()
                                 if t.name == "griddesk-sync")
        sign_in(b_user)()
        _when(b_window_ready, b_done, errors=errors)

    def b_window_ready():
        w = _main_window()
        return w is not None and w.sync_worker.online is True

    def b_done():
        w = _main_window()
        seen["b_name"] = settings.get(w.store.conn, "user.name")
        seen["b_db"] = str(w.store.path)
        w.close()   # B quits: the loop ends with 0

    # A signs in (online, first time on this PC), works, and switches user
    _when(lambda: _sign_in_dialog() is not None, sign_in(a_user), errors=errors)
    _when(a_window_ready, a_working_then_switch, errors=errors)
    _when(b_dialog_open, check_then_sign_in_b, errors=errors)

    code = run_app(data_dir, "zh_CN")
    assert errors == []
    assert code == 0
    assert seen["a_conns_while_open"] >= 2, "the store and its sync worker had connections"
    # nothing of A is alive: the window, its pages and models, the worker, the store
    assert seen["alive"] == [], f"still in memory after 切换用户: {seen['alive']}"
    # and no connection to A's database is open: the store's, the sync worker's, the pages'

    assert seen["open_conns"] == []
    assert seen["threads"] == []
    # B got their own store and sees their own name, not A's
    assert seen["b_db"] != seen["a_db"] and seen["b_name"] != seen["a_name"]
    assert SWITCH_USER != 0
