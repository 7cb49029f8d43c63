"""The long-lived sync worker: runs the Qt-free engine off the GUI thread with its
own database connection and talks to the UI only through signals.

Two threads, both daemons (quitting never waits for a slow network):

- the *sync* thread owns the engine and its SQLite connection. It runs a sync
  when woken — by the watcher, by 立即同步, by a local change (the window
  calls ``request_sync``), by the minute timer, or after a backoff when
  offline (0.25 s doubling to 60 s, sync-protocol.md).
- the *watcher* thread only long-polls ``/sync/changes`` with the last cursor
  and wakes the sync thread when something arrived. Keeping the long-poll out
  of the sync thread means a local edit is pushed at once instead of waiting
  for the poll to time out.

After ``stop()`` nothing of the signed-in person is left in either thread (切换用户):
the sync thread closes its connection when it ends, the worker lets go of the
store, and the watcher — which may still sit in a long-poll for up to 25 s —
holds only the HTTP client, whose tokens are cleared (a refresh it would try
fails instead of rotating tokens nobody could save).
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.sync import session
from app.sync.client import AuthError, Offline, ServerRefused, UpgradeRequired
from app.sync.engine import SyncEngine
from app.sync.progress import Cancelled

LONG_POLL = 25.0
PERIODIC = 60.0
BACKOFF_START, BACKOFF_MAX = 0.25, 60.0


class _Shared:
    """What the sync thread and the watcher share: plain values and events, no store."""

    def __init__(self):
        self.wake = threading.Event()
        self.stop = threading.Event()
        self.online: bool | None = None
        self.running = False
        self.cursor = 0
        self.generation = 0   # bumped by every start(): a watcher of an older run ends


class SyncWorker(QObject):
    # status(dict): engine.status() plus online/state; emitted after every run
    statusChanged = Signal(dict)
    # progress(phase, done, total or -1, entity)
    progress = Signal(str, int, int, str)
    # synced(result dict) after a successful run that did something
    synced = Signal(dict)
    # failed(code, message): offline, auth, upgrade_required, refused...
    failed = Signal(str, str)
    newCases = Signal(list)

    def __init__(self, store, data_dir: Path, parent=None):
        super().__init__(parent)
        self.store = store
        self.data_dir = Path(data_dir)
        self._shared = _Shared()
        self._wake = self._shared.wake
        self._stop = self._shared.stop
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._watcher: threading.Thread | None = None
        self.state = "idle"          # idle | syncing | offline | signed_out | upgrade | error
        self._client = None

    # what the threads report, readable from the GUI thread
    online = property(lambda self: self._shared.online,
                      lambda self, value: setattr(self._shared, "online", value))
    running = property(lambda self: self._shared.running,
                       lambda self, value: setattr(self._shared, "running", value))
    cursor = property(lambda self: self._shared.cursor,
                      lambda self, value: setattr(self._shared, "cursor", value))

    # ------------------------------------------------------------ control (GUI thread)
    def start(self) -> bool:
        """Start if a session exists; False when nobody is signed in to a server (or
        the worker was stopped for good)."""
        if self._thread and self._thread.is_alive():
            return True
        if self.store is None or session.load(self.store) is None:
            self.state = "signed_out"
            return False
        self._stop.clear()
        self._shared.generation += 1
        own = self.store.worker_store()
        self._thread = threading.Thread(target=self._run, args=(own,), name="griddesk-sync",
                                        daemon=True)
        self._thread.start()
        return True

    def request_sync(self) -> None:
        self._wake.set()

    def cancel_current(self) -> None:
        self._cancel.set()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        self._cancel.set()
        self._wake.set()
        if self._thread and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def shutdown(self, timeout: float = 10.0) -> bool:
        """Stop for good (the window goes, 切换用户): wait for the sync thread, which
        closes its connection, and let go of the store and the client's tokens. False
        when the sync thread was still busy after ``timeout`` (it closes its connection
        when it ends)."""
        self.stop(timeout)
        ended = not (self._thread and self._thread.is_alive())
        client, self._client = self._client, None
        if client is not None:
            client.on_tokens = None
            client.tokens = None
        self.store = None
        return ended

    def is_alive(self) -> bool:
        return bool(self._thread and self._thread.is_alive())

    # ------------------------------------------------------------ the sync thread
    def _run(self, own) -> None:
        conn = own.conn
        try:
            s = session.load(own)
            if s is None:
                return
            self._client = session.client_for(own, s)
            engine = SyncEngine(own, self._client, data_dir=self.data_dir)
            backoff = BACKOFF_START
            while not self._stop.is_set():
                # cleared before the run, not after the wait: a wake-up that arrives while
                # a sync runs (a local edit just after its push) must not be lost
                self._wake.clear()
                self._cancel.clear()
                delay = self._once(engine)
                if delay is None:
                    backoff = BACKOFF_START
                    self._ensure_watcher()
                    self._wake.wait(PERIODIC)
                elif delay == "stop":
                    return
                else:
                    self._wake.wait(backoff)
                    backoff = min(backoff * 2, BACKOFF_MAX)
        finally:
            conn.close()

    def _once(self, engine: SyncEngine):
        self.running = True
        self.state = "syncing"
        self._emit_status(engine)

        def report(p):
            self.progress.emit(p.phase, p.done, -1 if p.total is None else p.total,
                               p.entity or "")
            time.sleep(0)   # let the GUI thread have the GIL between pages
        try:
            result = engine.sync(progress=report, cancel=self._cancel.is_set)
        except Offline as exc:
            self._set_online(False)
            self.state = "offline"
            self.failed.emit("offline", str(exc))
            return "retry"
        except AuthError as exc:
            self.state = "signed_out"
            self.failed.emit(exc.code or "auth", str(exc))
            return "stop"
        except UpgradeRequired as exc:
            self.state = "upgrade"
            self.failed.emit("upgrade_required", str(exc))
            return "stop"
        except Cancelled:
            self.state = "idle"
            return None if not self._stop.is_set() else "stop"
        except ServerRefused as exc:
            self.state = "error"
            self.failed.emit(exc.code, str(exc))
            return "retry"
        except Exception as exc:   # noqa: BLE001 - a full disk or a locked database
            self.state = "error"
            self.failed.emit(type(exc).__name__, str(exc))
            return "retry"
        finally:
            self.running = False
            self._emit_status(engine)
        self._set_online(True)
        self.state = "idle"
        self.cursor = engine.state()["cursor"]
        summary = result.as_dict()
        if result.pushed or result.pulled or result.photos_up:
            self.synced.emit(summary)
        if result.new_case_ids:
            self.newCases.emit(list(result.new_case_ids))
        self._emit_status(engine)
        return None

    def _emit_status(self, engine: SyncEngine) -> None:
        try:
            status = engine.status()
        except Exception:   # noqa: BLE001 - status is best effort
            status = {}
        status.update(online=self.online, state=self.state, running=self.running)
        self.statusChanged.emit(status)

    def _set_online(self, online: bool) -> None:
        self.online = online

    # ------------------------------------------------------------ the watcher thread
    def _ensure_watcher(self) -> None:
        generation = self._shared.generation
        if self._watcher and self._watcher.is_alive() and \
                getattr(self._watcher, "generation", None) == generation:
            return
        # a plain function over this run's client and the shared values: a long-poll
        # still waiting after stop() holds neither this worker nor the store
        self._watcher = threading.Thread(target=_watch,
                                         args=(self._client, self._shared, generation),
                                         name="griddesk-watch", daemon=True)
        self._watcher.generation = generation
        self._watcher.start()


def _watch(client, shared: _Shared, generation: int) -> None:
    while not shared.stop.is_set() and shared.generation == generation:
        if client is None or shared.online is False:
            return   # the sync thread restarts the watcher once back online
        try:
            page = client.changes(shared.cursor, limit=1, wait=LONG_POLL)
        except Exception:   # noqa: BLE001 - the sync thread reports errors
            shared.wake.set()
            return
        if page.get("changes") or page.get("next_cursor", shared.cursor) > shared.cursor:
            shared.wake.set()
            # give the sync thread time to move the cursor before polling again
            for _ in range(50):
                if shared.stop.is_set() or not shared.running and \
                        shared.cursor >= page.get("next_cursor", 0):
                    break
                time.sleep(0.1)
