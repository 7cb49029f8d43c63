"""Helpers for driving widgets as a person would, shared by the UI tests."""
from __future__ import annotations

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
