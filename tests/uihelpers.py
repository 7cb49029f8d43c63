"""Helpers for driving widgets as a person would, shared by the UI tests."""
from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def type_text(qtbot, widget, text):
    """Type like a person: key clicks for ASCII; an input method commits CJK text, which
    QTest cannot synthesise, so those characters are inserted one by one."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            widget.insert(ch)


def drive_modal(trigger, handler):
    """Run ``trigger`` (which opens a modal dialog) and let ``handler`` drive that dialog.
    Nested calls work: each handler gets the newest modal dialog it has not seen yet."""
    def act():
        dlg = QApplication.activeModalWidget()
        if dlg is None or getattr(dlg, "_driven", False):
            QTimer.singleShot(20, act)
            return
        dlg._driven = True
        handler(dlg)
    QTimer.singleShot(0, act)
    trigger()


SLOW_ROWS_PER_S = 10_000_000        # what the recursive count below does per second here


def slow_sql(seconds: float) -> str:
    """A query that keeps SQLite busy for about ``seconds`` (and can be interrupted)."""
    n = int(seconds * SLOW_ROWS_PER_S)
    return (f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) "
            "SELECT count(*) FROM c")


class Watch:
    """Wraps a page's queries: makes one slow on purpose (``slow`` seconds of SQLite work
    on the same connection first), and notes how many ran on one connection at once, on
    which threads, and which slow ones were stopped (``interrupted``)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.active: dict[int, int] = {}
        self.most_at_once = 0
        self.threads: list[int] = []
        self.interrupted: list = []
        self.slow_started = threading.Event()

    def run(self, conn, fn, *, slow: float = 0.0, label=None):
        with self.lock:
            self.active[id(conn)] = self.active.get(id(conn), 0) + 1
            self.most_at_once = max(self.most_at_once, self.active[id(conn)])
            self.threads.append(threading.get_ident())
        try:
            if slow:
                self.slow_started.set()
                try:
                    conn.execute(slow_sql(slow)).fetchone()
                except Exception as exc:   # noqa: BLE001 - sqlcipher3.OperationalError
                    if "interrupt" in str(exc):
                        self.interrupted.append(label)
                    raise
            return fn()
        finally:
            with self.lock:
                self.active[id(conn)] -= 1


def answer_yes(box):
    """Confirm a question (app.ui.common.widgets.confirm): its accepting button."""
    from PySide6.QtWidgets import QMessageBox
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.AcceptRole).click()
