"""The sync engine (sync-protocol.md): push, changes, verify, conflicts.

Push: a request's ops are applied in ``device_seq`` order in one database
transaction (so every client transaction, ``tx_id``, commits whole); a rejected
op leaves no trace (a savepoint each, or the fast path described at
``Engine._apply_run``). ``applied_ops`` is written in the same transaction, so a
replayed ``op_id`` returns its stored outcome and changes nothing. An op after a
gap in ``device_seq`` is held (``held_ops``) and applied when the gap is filled.
``server_seq``s are taken at the end of the transaction (``Engine.settle``), so
the lock that keeps them in commit order is held only briefly.

Scope: every row carries the org path of its grid (``scope_path``) and, for
cases, of the unit holding it (``scope_path2``, e.g. a department). Every op is
checked against the scope the server derives from the token; a row that moves
out of a scope is announced to that scope as a removal.

Cases are commands: a ``transition`` op appends an event that the shared state
machine (app.models.workflow) checks against the current state in order of
receipt; an invalid one is kept, flagged and becomes a conflict.

Pull: the change feed (``changes``) and, for an initial sync or a rebuild,
snapshot pages of the live rows at a fixed ``at`` (``snapshot_plan``,
``snapshot``). A new scope or role bumps the user's ``scope_version`` and a
restored backup the server's ``epoch``; both come with every page and tell the
desktop to rebuild from a snapshot (the feed does not replay an old scope as
removals). Key-group tags (重点人群) and conflicts about them reach only roles
holding 防, in the feed, snapshots, verify and the conflict list alike; in the feed
each change row says who may receive it (``changes.audience``, set when it is
written), so a reader without 防 gets no change, removal, id, count or cursor of a
key-group tag. A tag that turns key-group reaches them once more, as a removal of
what they held. Key-group tags have random ids (UUIDv4), which sort next to nothing.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.models.domain import calendar as cal
from app.models.domain import categories as cats
from server import db
from server.auth import Principal
from server.sync.caselog import CaseLog
from server.sync.conflicts import Conflicts
from server.sync.ops import Ops
from server.sync.pull import Pull
from server.sync.push import Push
from server.sync.rows import Rows
from server.sync.scope import Scope


class Engine(Ops, Conflicts, Push, Pull, Scope, Rows, CaseLog):
    def __init__(self, store: db.Store, settings, *, categories=None, calendar=None):
        self.store = store
        self.settings = settings
        self._fixed = (categories, calendar)
        # (loaded versions, categories, calendar), swapped whole so threads never mix them
        self._dicts = (None, categories or cats.load(), calendar or cal.default_calendar())

    @property
    def categories(self) -> cats.Categories:
        return self._dicts[1]

    @property
    def calendar(self) -> cal.WorkCalendar:
        return self._dicts[2]

    def refresh_dictionaries(self, conn: sa.Connection | None = None) -> None:
        """Use the categories and calendar loaded into the database (``python -m server
        load-dictionary``), falling back to the shipped ones; a cheap version check,
        so a dictionary loaded while the server runs applies from the next case op."""
        if conn is None:
            with self.store.read() as conn:
                return self.refresh_dictionaries(conn)
        t = db.dictionaries
        versions = dict(conn.execute(sa.select(t.c.name, t.c.version).where(
            t.c.name.in_(("categories", "calendar")))).all())
        key = (versions.get("categories"), versions.get("calendar"))
        if key == self._dicts[0]:
            return
        content = dict(conn.execute(sa.select(t.c.name, t.c.content).where(
            t.c.name.in_(("categories", "calendar")))).all())
        fixed_cats, fixed_cal = self._fixed
        # the same rules as the desktop's (app.models.dictionaries)
        categories = fixed_cats or cats.with_loaded(content.get("categories"))
        calendar = fixed_cal or cal.with_loaded(content.get("calendar"))
        self._dicts = (key, categories, calendar)

    # ------------------------------------------------------------ verify
    def verify(self, p: Principal) -> dict:
        """Per entity, the count and content hash (app.models.content) of the live rows
        that reach ``p``, as a snapshot would give them; narrowing a difference down
        and reading the rows that differ: server/sync/verify.py."""
        from server.sync import verify as verifying
        return verifying.summary(self, p)

