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
"""
from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.sync import (AuthError, Cancelled, Offline, ServerRefused, SyncEngine,
                      UpgradeRequired, session)

LONG_POLL = 25.0
PERIODIC = 60.0
BACKOFF_START, BACKOFF_MAX = 0.25, 60.0


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
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._watcher: threading.Thread | None = None
        self.online: bool | None = None
        self.running = False
        self.state = "idle"          # idle | syncing | offline | signed_out | upgrade | error
        self.cursor = 0
        self._client = None

    # ------------------------------------------------------------ control (GUI thread)
    def start(self) -> bool:
        """Start if a session exists; False when nobody is signed in to a server."""
        if self._thread and self._thread.is_alive():
            return True
        if session.load(self.store) is None:
            self.state = "signed_out"
            return False
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="griddesk-sync", daemon=True)
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

    def is_alive(self) -> bool:
        return bool(self._thread and self._thread.is_alive())

    # ------------------------------------------------------------ the sync thread
    def _run(self) -> None:
        own = self.store.worker_store()
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
        if self._watcher and self._watcher.is_alive():
            return
        self._watcher = threading.Thread(target=self._watch, name="griddesk-watch", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            client = self._client
            if client is None or self.online is False:
                return   # the sync thread restarts the watcher once back online
            try:
                page = client.changes(self.cursor, limit=1, wait=LONG_POLL)
            except Exception:   # noqa: BLE001 - the sync thread reports errors
                self._wake.set()
                return
            if page.get("changes") or page.get("next_cursor", self.cursor) > self.cursor:
                self._wake.set()
                # give the sync thread time to move the cursor before polling again
                for _ in range(50):
                    if self._stop.is_set() or not self.running and \
                            self.cursor >= page.get("next_cursor", 0):
                        break
                    time.sleep(0.1)
