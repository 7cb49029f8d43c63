"""Change announcements: a parked long-poll (``GET /sync/changes?wait=``) costs no
query and no thread until a commit that may touch its scope is announced
(sync-protocol.md amendments; issue 16).

- Every write that records a change (server/sync/rows.py ``record_change``) notes
  the scope paths it touched and who may receive them (the change's audience) on
  its connection (``note``). When the transaction commits (``db.Store.write``), the
  note becomes one announcement: the new head ``server_seq`` and the touched scopes.
- On PostgreSQL the announcement is a ``NOTIFY`` sent with the commit, so every
  server process on the database hears it (``Announcer`` listens on one connection
  of its own); the process that wrote it also hears it at once, in memory.
- On SQLite (a pilot: one server process) it is in memory; should several
  processes share one file, each also checks the head once a second (one query a
  process, not one a waiter).
- A waiter wakes only for an announcement past its cursor that touches its scope
  (a path under it, one of its ancestors' org units, a department) with an audience
  it belongs to; then it runs its query once. An announcement touching too many
  scopes for one NOTIFY says so and wakes everyone (they re-query; nothing is lost).
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from dataclasses import dataclass, field

NOTE = "griddesk_announce"       # conn.info key: what this transaction touched
HEAD = "griddesk_head"           # conn.info key: the highest server_seq it took
EVERYONE = "*"
MAX_PATHS = 60                   # more in one commit: wake everyone (NOTIFY payload < 8 kB)
FOR_ALL, FOR_PREVENT, FOR_OTHERS = 0, 1, 2   # server/db.py changes.audience

log = logging.getLogger("griddesk.server")


# ---------------------------------------------------------------- noting (in a transaction)
def note(conn, path: str | None, path2: str | None, audience: int, shared: bool) -> None:
    """A change this transaction records touches ``path``/``path2``."""
    touched = conn.info.setdefault(NOTE, set())
    if shared:
        touched.add((EVERYONE, audience))
    for p in (path, path2):
        if p:
            touched.add((p, audience))


def note_head(conn, seq: int) -> None:
    if seq and seq > conn.info.get(HEAD, 0):
        conn.info[HEAD] = seq


def take(conn) -> dict | None:
    """This transaction's announcement (and forget it: the connection goes back to the
    pool), or None when it recorded no change."""
    touched = conn.info.pop(NOTE, None)
    head = conn.info.pop(HEAD, 0)
    if not touched:
        return None
    paths = sorted({p for p, _ in touched})
    if EVERYONE in paths or len(paths) > MAX_PATHS:
        return {"head": head, "all": True, "pid": os.getpid()}
    return {"head": head, "touched": sorted([p, a] for p, a in touched), "pid": os.getpid()}


def forget(conn) -> None:
    conn.info.pop(NOTE, None)
    conn.info.pop(HEAD, None)


# ---------------------------------------------------------------- waiting
@dataclass(eq=False)
class Waiter:
    scope: str                 # the reader's scope path ('/' = the city)
    ancestors: tuple           # the org paths above it (their org units reach it)
    prevent: bool              # holds 防: receives audience FOR_PREVENT, not FOR_OTHERS
    cursor: int
    future: asyncio.Future = field(default=None)

    def wanted(self, a: dict) -> bool:
        if a.get("head") and a["head"] <= self.cursor:
            return False
        if a.get("all"):
            return True
        for path, audience in a.get("touched", ()):
            if audience == FOR_PREVENT and not self.prevent:
                continue
            if audience == FOR_OTHERS and self.prevent:
                continue
            if path == EVERYONE or path.startswith(self.scope) or path in self.ancestors \
                    or self.scope.startswith(path) and path != "/":
                return True
        return False


class Announcer:
    """The waiters of one server process and what wakes them. ``publish`` may be called
    from any thread; waiters live on the event loop."""

    def __init__(self):
        self.loop: asyncio.AbstractEventLoop | None = None
        self.waiters: set[Waiter] = set()
        self.head = 0
        self.received = 0            # announcements heard (tests, the bench)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------ the loop's side
    def watch(self, scope: str, ancestors, prevent: bool, cursor: int) -> Waiter:
        """Register before querying, so a commit between the query and the wait is
        not missed."""
        w = Waiter(scope, tuple(ancestors), prevent, cursor,
                   asyncio.get_running_loop().create_future())
        self.waiters.add(w)
        return w

    async def wait(self, w: Waiter, timeout: float) -> bool:
        """True when an announcement for ``w`` came, False at the timeout."""
        try:
            await asyncio.wait_for(asyncio.shield(w.future), timeout)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            self.waiters.discard(w)

    def drop(self, w: Waiter) -> None:
        self.waiters.discard(w)

    def _deliver(self, a: dict) -> None:
        self.received += 1
        if a.get("head", 0) > self.head:
            self.head = a["head"]
        for w in list(self.waiters):
            if not w.future.done() and w.wanted(a):
                w.future.set_result(a)

    # ------------------------------------------------------------ any thread
    def publish(self, a: dict) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._deliver, a)
        except RuntimeError:     # the loop is closing
            pass

    # ------------------------------------------------------------ across processes
    def start(self, store, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._stop.clear()
        target = self._listen_pg if store.is_postgres else self._poll_head
        t = threading.Thread(target=target, args=(store,), name="griddesk-announce",
                             daemon=True)
        t.start()
        self._threads.append(t)

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=5)
        self._threads.clear()

    def _listen_pg(self, store) -> None:
        """One connection of this process LISTENs; announcements of other processes
        (this one's were delivered in memory already) wake this process's waiters."""
        import psycopg
        url = store.url.replace("postgresql+psycopg://", "postgresql://")
        me = os.getpid()
        while not self._stop.is_set():
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {store.channel}")
                    # a process that (re)starts listening may have missed some:
                    # wake everyone once, they re-query
                    self.publish({"head": 0, "all": True})
                    while not self._stop.is_set():
                        for n in conn.notifies(timeout=1.0):
                            try:
                                a = json.loads(n.payload)
                            except ValueError:
                                continue
                            if a.get("pid") != me:
                                self.publish(a)
            except Exception as exc:   # noqa: BLE001 - the database went away: retry
                log.warning("announcements: listening failed (%s); retrying",
                            type(exc).__name__)
                self._stop.wait(1.0)

    def _poll_head(self, store) -> None:
        """SQLite: another process sharing the file commits unannounced here; one read
        of the head a second notices it (this process's own commits came in memory)."""
        last = None
        while not self._stop.wait(1.0):
            try:
                head = store.head()
            except Exception:   # noqa: BLE001 - a busy file: next second
                continue
            if last is not None and head is not None and head > max(last, self.head):
                self.publish({"head": head, "all": True})
            last = head

