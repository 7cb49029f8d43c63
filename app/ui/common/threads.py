"""The one way to leave the GUI thread (docs/architecture.md, "Threads").

- ``run_task(fn, on_done, on_error)`` runs ``fn()`` on a QThreadPool and calls
  ``on_done(result)`` or ``on_error(exc)`` on the GUI thread (the pattern of Picard's
  ``picard/util/thread.py`` ``run_task``). ``to_main(callback, *args)`` hands a call
  from inside a task back to the GUI thread (progress).
- ``QueryLane``: a page's reads on a connection of its own, one at a time, the newest
  winning. Submitting while an older read still runs stops that read inside SQLite
  (the connection's progress handler sees it is superseded), one still waiting never
  starts, and the late result of either is dropped: never two queries on one
  connection at once, never an old answer on screen after a newer one.

Nothing here keeps a caller's objects alive once delivered: the callbacks usually
close over a page, a window or a store, and after 切换用户 none of the previous
person's objects may stay in memory. A task lets go of its callable as soon as it
ran; its result and callback travel to the GUI thread as the argument of one queued
signal of one long-lived dispatcher (no object per task), and are dropped with that
queued event once delivered. A callback that is a method of a QObject deleted
meanwhile is not called, as Qt does for a signal connected to a deleted receiver.
"""
from __future__ import annotations

import functools
import logging
import time
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThread, QThreadPool, \
    Signal

log = logging.getLogger("griddesk.threads")

# How often (SQLite virtual machine steps) a lane's connection asks whether its query
# was superseded: about every 0.1 ms of work, for well under 1 % of a query's time.
PROGRESS_STEPS = 10000


class _Dispatcher(QObject):
    """Lives in the GUI thread; workers emit ``call`` with (callback, args, counted), and
    the queued connection runs it there."""
    call = Signal(object)

    def __init__(self):
        super().__init__()
        self.pending = 0          # run_task results not delivered yet (GUI thread only)
        self.call.connect(self._run)

    def _run(self, packed) -> None:
        callback, args, counted = packed
        del packed
        if counted:
            self.pending -= 1
        if callback is None:
            if args and isinstance(args[0], BaseException):   # nobody asked for the error
                exc = args[0]
                log.error("a background task failed: %s", exc,
                          exc_info=(type(exc), exc, exc.__traceback__))
            return
        if _receiver_gone(callback):
            return
        callback(*args)


_dispatcher: _Dispatcher | None = None


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def _the_dispatcher() -> _Dispatcher:
    """Made on first use, on the GUI thread, so its queued calls land there."""
    global _dispatcher
    if _dispatcher is None or not shiboken6.isValid(_dispatcher):
        if not _on_gui_thread():
            raise RuntimeError("threads: start background work from the GUI thread")
        _dispatcher = _Dispatcher()
    return _dispatcher


def _receiver_gone(callback) -> bool:
    owner = getattr(callback, "__self__", None)
    if owner is None and isinstance(callback, functools.partial):
        owner = getattr(callback.func, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], on_done, on_error, dispatcher: _Dispatcher):
        super().__init__()
        self._parts = (fn, on_done, on_error, dispatcher)

    def run(self) -> None:
        fn, on_done, on_error, dispatcher = self._parts
        self._parts = None        # the pool may keep the runnable; not what it held
        try:
            result = fn()
        except Exception as exc:  # delivered to the GUI thread, never swallowed
            del fn
            dispatcher.call.emit((on_error, (exc,), True))
        else:
            del fn
            dispatcher.call.emit((on_done, (result,), True))


def run_task(fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[Exception], None] | None = None, *,
             pool: QThreadPool | None = None) -> None:
    """Run ``fn()`` on ``pool`` (the shared pool by default); then, on the GUI thread,
    ``on_done(result)`` or ``on_error(exc)`` (an error nobody asked for is logged).
    Call from the GUI thread."""
    dispatcher = _the_dispatcher()
    dispatcher.pending += 1
    (pool or QThreadPool.globalInstance()).start(_Task(fn, on_done, on_error, dispatcher))


# The name the import wizard (app/ui/io) uses; the same helper.
run_in_thread = run_task


def to_main(callback: Callable[..., None], *args) -> None:
    """From inside a task: call ``callback(*args)`` on the GUI thread (progress, a
    stage reached). Not counted by ``in_flight``."""
    dispatcher = _dispatcher
    if dispatcher is None:
        raise RuntimeError("threads.to_main: no task was started from the GUI thread")
    dispatcher.call.emit((callback, args, False))


def in_flight() -> int:
    """Results of ``run_task`` not delivered yet (tests, and 切换用户, wait for none)."""
    return _dispatcher.pending if _dispatcher is not None else 0


def settle(timeout_ms: int = 10000) -> bool:
    """Wait (GUI thread) until every task has finished and delivered, running only the
    deliveries, no other events. Used when a person's window goes: afterwards no task
    holds their store or pages. False when one was still running after ``timeout_ms``."""
    if _dispatcher is None:
        return True
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        QCoreApplication.sendPostedEvents(_dispatcher, QEvent.MetaCall)
        if _dispatcher.pending <= 0:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.005)


class Superseded(Exception):
    """A lane's read that a newer one replaced before it started (never shown)."""


class _Gate:
    """What a lane's worker and the GUI thread share: the newest generation asked for,
    and the one running now. The SQLite progress handler reads it on the worker."""
    __slots__ = ("current", "running")

    def __init__(self):
        self.current = 0
        self.running = 0

    def superseded(self) -> int:
        # non-zero stops the statement running on the lane's connection (SQLITE_INTERRUPT)
        return int(self.running != 0 and self.running != self.current)


class QueryLane:
    """A page's reads, one at a time on a connection of its own (opened on the worker,
    closed with the page), the newest winning.

        lane = QueryLane(store.open_connection)
        lane.submit(lambda conn: search.count(conn, query), self._show_count)

    ``submit`` supersedes whatever the lane was doing: a read that runs is stopped
    inside SQLite, one still waiting never starts, and neither result (nor its error)
    is delivered. Long Python-side work inside a read can check ``cancelled()``. Lanes
    read; writes go through the one write path on the GUI thread or in their own task.
    ``open_connection=None``: the reads need no connection (``fn`` gets None), for work
    such as an HTTP request where only "the newest wins" applies. ``warm=False``: the
    connection lets go of its page cache after each read (a lane that reads now and
    then, after a pull, need not hold up to 32 MB of decrypted pages meanwhile)."""

    def __init__(self, open_connection: Callable[[], Any] | None, *, warm: bool = True):
        self._open = open_connection
        self._warm = warm
        self._conn = None
        self._gate = _Gate()
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)        # one read at a time on the connection
        self._delivered = 0
        self._closed = False

    # -- GUI thread ---------------------------------------------------------------------
    def submit(self, fn: Callable[[Any], Any], on_done: Callable[[Any], None],
               on_error: Callable[[Exception], None] | None = None) -> None:
        if self._closed:
            return
        self._gate.current += 1
        generation = self._gate.current
        run_task(functools.partial(self._run, fn, generation),
                 functools.partial(self._deliver, generation, on_done),
                 functools.partial(self._deliver, generation, on_error or _log_error),
                 pool=self._pool)

    def cancel(self) -> None:
        """Nothing the lane does now is wanted any more (a newer answer came another way)."""
        self._gate.current += 1
        self._delivered = self._gate.current

    def busy(self) -> bool:
        """The newest read has not delivered yet."""
        return self._delivered != self._gate.current

    def close(self, timeout_ms: int = 5000) -> None:
        """Stop, wait for the worker, close the connection (a read still running after
        ``timeout_ms`` closes it when it ends). Results after this are dropped."""
        if self._closed:
            return
        self.cancel()
        self._closed = True
        if self._pool.waitForDone(timeout_ms):
            conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

    # -- worker ---------------------------------------------------------------------
    def cancelled(self) -> bool:
        """Inside a read: True once a newer one replaced it (for Python-side loops)."""
        return bool(self._gate.superseded())

    def _run(self, fn, generation: int):
        gate = self._gate
        if generation != gate.current:
            raise Superseded()
        if self._conn is None and self._open is not None:
            self._conn = self._open()
            self._conn.set_progress_handler(gate.superseded, PROGRESS_STEPS)
        gate.running = generation
        try:
            return fn(self._conn)
        finally:
            gate.running = 0
            if self._closed and self._conn is not None:   # closed while this ran
                conn, self._conn = self._conn, None
                conn.close()
            elif not self._warm and self._conn is not None:
                self._conn.execute("PRAGMA shrink_memory")

    # -- GUI thread, from run_task ---------------------------------------------------------
    def _deliver(self, generation: int, callback, value) -> None:
        if generation != self._gate.current or self._closed:
            return                         # superseded: a newer read is on its way
        self._delivered = generation
        if callback is not None and not _receiver_gone(callback):
            callback(value)


def _log_error(exc: Exception) -> None:
    log.error("a background read failed: %s", exc,
              exc_info=(type(exc), exc, exc.__traceback__))
