"""Work off the GUI thread with a progress bar and Cancel, without stalling the window
(quality.md: no stall over 100 ms during an import or export of 100,000 rows)."""
from __future__ import annotations

import gc
import sys
import threading
import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.ui.io.wording import count_text

_stages = [0]
_stage_lock = threading.Lock()
_saved_interval = [0.005]


def without_gc_pauses(fn):
    """Run ``fn`` in a worker so that the window stays responsive (quality.md: no stall
    over 100 ms during an import or export):

    - CPython's cyclic collector is paused, then what survives is frozen. An import
      allocates millions of objects; a full collection over them holds the GIL for up
      to half a second. The engine makes no reference cycles (refcounting frees
      everything). ``release_frozen`` undoes the freeze once the dialog dropped its data.
    - The GIL switch interval drops from 5 ms to 1 ms. Every call from Qt into Python
      on the GUI thread (a timer, a model's data() while painting) has to win the GIL
      back from the busy worker, and waits up to one interval each time.
    """
    def run(*args):
        with _stage_lock:
            if _stages[0] == 0:
                _saved_interval[0] = sys.getswitchinterval()
                sys.setswitchinterval(0.001)
            _stages[0] += 1
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args)
        finally:
            gc.freeze()
            if was:
                gc.enable()
            with _stage_lock:
                _stages[0] -= 1
                if _stages[0] == 0:
                    sys.setswitchinterval(_saved_interval[0])
    return run


def yielding(is_cancelled):
    """The engine's cancel check, which also hands the GIL to the GUI thread now and then.

    The engine calls ``cancel`` every few hundred rows. Its worker releases and retakes
    the GIL on its own all the time (``os.urandom`` in every uuid7, every SQLite step);
    CPython then never forces a switch to a thread waiting for the GIL (its 5 ms timer
    restarts at each switch) and the worker, already on a CPU, wins the race to retake
    it, so the window could freeze for seconds. A 1 ms sleep every ~12 ms lets the GUI
    thread in (bench/import.py: longest stall ~55 ms at 100,000 rows, for a few per cent
    of the import's time)."""
    last = [time.monotonic()]

    def check() -> bool:
        now = time.monotonic()
        if now - last[0] >= 0.012:
            time.sleep(0.001)
            last[0] = time.monotonic()
        return is_cancelled()
    return check


def release_frozen() -> None:
    """Undo the freeze of ``without_gc_pauses`` once a dialog has dropped its data."""
    gc.unfreeze()


class ProgressSignals(QObject):
    """Progress reports (phase, done, total) from a worker to the GUI thread."""
    progress = Signal(str, int, int)


class BusyBar(QWidget):
    """A progress bar with a count and a Cancel button for work running off the GUI thread.

    It always keeps its place in the layout (idle, its parts are hidden but keep their
    size): showing it must not re-lay out and repaint the whole dialog while a worker
    holds the GIL, which would stall the window (see ``without_gc_pauses``)."""

    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("busyLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("busyBar")
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("busyCancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancelled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        for part in (self.bar, self.cancel_button):
            policy = part.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            part.setSizePolicy(policy)
        self._set_parts_visible(False)

    def _set_parts_visible(self, on: bool) -> None:
        self.bar.setVisible(on)
        self.cancel_button.setVisible(on)
        if not on:
            self.label.setText("")

    def is_running(self) -> bool:
        return self.bar.isVisible()

    def phase_text(self, phase: str) -> str:
        return {"read": self.tr("Reading the file…"), "check": self.tr("Checking every row…"),
                "write": self.tr("Writing to the roster…"),
                "index": self.tr("Updating the search index…"),
                "export": self.tr("Exporting…"), "plan": self.tr("Sorting the rows…"),
                "report": self.tr("Writing the report…")}.get(phase, phase)

    def start(self, phase: str) -> None:
        self.label.setText(self.phase_text(phase))
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._set_parts_visible(True)

    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.label.setText(self.phase_text(phase))
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if phase in ("check", "write", "index", "export"):
            self.bar.setFormat(f"{count_text(done)} / {count_text(total)}")
        else:
            self.bar.setFormat("%p%")

    def stop(self) -> None:
        self._set_parts_visible(False)
