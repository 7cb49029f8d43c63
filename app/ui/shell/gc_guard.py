"""Python's cyclic garbage collector, run on the GUI thread only.

A closed dialog whose Python side sits in a reference cycle (a slot lambda that
captures ``self`` is enough) is freed by the cyclic collector, and CPython runs
that collector in whichever thread happens to allocate at the time — often a
sync or import worker. Qt objects must be destroyed in their own thread: a
widget destroyed from a worker leaves its timers registered, and the next
timer event crashes the app (seen as a segfault in QTimerInfoList). So the
automatic collector is switched off and the GUI thread collects instead, with
the same generation thresholds, from a short timer (the pattern PyQt
applications use for this).
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiGarbageCollector(QObject):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                gc.collect(generation)
                return


def install(app) -> GuiGarbageCollector:
    """Once per QApplication; kept on the app object."""
    guard = getattr(app, "_griddesk_gc", None)
    if guard is None:
        guard = GuiGarbageCollector(app)
        app._griddesk_gc = guard
    return guard
