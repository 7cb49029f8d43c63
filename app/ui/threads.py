"""Run a callable off the GUI thread and get its result back on the GUI thread."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


# Relays must outlive their task until the result is delivered.
_in_flight: set = set()


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI thread, never swallowed
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


def run_in_thread(fn: Callable[[], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[Exception], None] | None = None,
                  pool: QThreadPool | None = None) -> _Relay:
    """Queue ``fn`` on a thread pool; ``on_done``/``on_error`` run on the GUI thread.
    The relay lives in the GUI thread, so its queued signals land there."""
    relay = _Relay()
    _in_flight.add(relay)
    relay.done.connect(lambda _r: _in_flight.discard(relay))
    relay.failed.connect(lambda _e: _in_flight.discard(relay))
    relay.done.connect(on_done)
    if on_error:
        relay.failed.connect(on_error)
    task = _Task(fn, relay)
    (pool or QThreadPool.globalInstance()).start(task)
    return relay
