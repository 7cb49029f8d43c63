"""Run a callable off the GUI thread and get its result back on the GUI thread.

Nothing here may keep a caller's objects alive once the result is delivered: the
callbacks usually close over a page, a window or a store, and after 切换用户 none
of the previous person's objects may stay in memory. So the relay holds its
callbacks only until it has delivered, its slots are methods (a lambda connected
to the relay's own signal would be a reference cycle through C++ that Python's
collector cannot see), and the task lets go of its callable as soon as it ran.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

# Relays waiting for their task: they must outlive it until the result is delivered.
_in_flight: set = set()


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Callable[[Any], None],
                 on_error: Callable[[Exception], None] | None):
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    def _release(self):
        on_done, on_error = self._on_done, self._on_error
        self._on_done = self._on_error = None
        _in_flight.discard(self)
        return on_done, on_error

    def _deliver_done(self, result) -> None:
        on_done, _ = self._release()
        if on_done is not None:
            on_done(result)

    def _deliver_error(self, exc) -> None:
        _, on_error = self._release()
        if on_error is not None:
            on_error(exc)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        fn, relay = self.fn, self.relay
        self.fn = self.relay = None   # the pool may keep the runnable; not what it held
        try:
            result = fn()
        except Exception as exc:  # delivered to the GUI thread, never swallowed
            del fn
            relay.failed.emit(exc)
        else:
            del fn
            relay.done.emit(result)


def run_in_thread(fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[Exception], None] | None = None,
                  pool: QThreadPool | None = None) -> _Relay:
    """Queue ``fn`` on a thread pool; ``on_done``/``on_error`` run on the GUI thread.
    The relay lives in the GUI thread, so its queued signals land there."""
    relay = _Relay(on_done, on_error)
    _in_flight.add(relay)
    task = _Task(fn, relay)
    (pool or QThreadPool.globalInstance()).start(task)
    return relay


def in_flight() -> int:
    """Results not delivered yet (a test, and the switch-user path, wait for none)."""
    return len(_in_flight)


def settle(timeout_ms: int = 10000) -> bool:
    """Let the shared pool's tasks finish and deliver their results (GUI thread). Used
    when a person's window goes: afterwards no task holds their store or pages.
    Returns False when a task was still running after ``timeout_ms``."""
    finished = QThreadPool.globalInstance().waitForDone(timeout_ms)
    QCoreApplication.processEvents()   # the queued done/failed signals
    return finished
