"""One write transaction of the sync engine (``Ctx``) and the constants its parts
share."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.models.domain import calendar as cal
from server import db
from server.auth import Principal

ROSTER = ("addresses", "households", "residents", "resident_tags", "visits", "houses",
          "house_tenants", "organizations", "org_employees", "inspections")

SERVER_FIELDS = {"version", "deleted_at", "updated_at", "rid", "server_seq", "scope_path",
                 "updated_device",
                 "scope_path2", "updated_by"}

CASE_DERIVED = {"state", "holder_unit_id", "holder_user_id", "level_unit_id", "supervision",
                "rework_count", "extension_pending", "extra_days", "clock_start", "deadline",
                "reported_at", "closed_at", "satisfaction", "has_conflict",
                # the city's short number: the server gives it (server/sync/numbers.py)
                "short_no"}

CHILDREN = {"residents": [("resident_tags", "resident_id")],
            "cases": [("case_events", "case_id"), ("case_residents", "case_id")],
            "houses": [("house_tenants", "house_id")],
            "organizations": [("org_employees", "organization_id"),
                              ("inspections", "organization_id")]}

# rows whose scope is their grid's (grid_id), and rows whose scope is their parent's
GRID_ROWS = ("addresses", "households", "residents", "visits", "cases", "houses",
             "organizations")
PARENT_ROWS = {"resident_tags": ("residents", "resident_id"),
               "case_events": ("cases", "case_id"),
               "case_residents": ("cases", "case_id"),
               "house_tenants": ("houses", "house_id"),
               "org_employees": ("organizations", "organization_id"),
               "inspections": ("organizations", "organization_id")}
# rows whose own `path` (a room or grid code) must lie under their grid's code
PATH_ROWS = ("addresses", "households", "residents", "cases", "houses", "organizations")

MAX_TEXT = 20000

# text columns holding a JSON list (of resident ids, of photo hashes)
# text columns holding a JSON list (of resident ids, of photo hashes)
JSON_LISTS = {"visits": ("participants",), "inspections": ("photos",)}

TX = "griddesk_push_tx"    # conn.info key: the Ctx of the push running on this connection



def random_id(value) -> bool:
    """A random UUID (version 4) in its canonical form: an id that carries no time, so
    it does not sort next to the rows made with it (a UUIDv7 tag id sorts right after
    its resident's and names the tagged person)."""
    try:
        u = uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        return False
    return str(u) == value and u.version == 4 and u.variant == uuid.RFC_4122


def now_iso(now: float) -> str:
    """A server time as the city reads it (ISO text, Zhengzhou time)."""
    return cal.to_iso(dt.datetime.fromtimestamp(now, cal.TZ), cal.TZ)


@dataclass
class Ctx:
    """One write transaction. ``deferred`` (push): changes get provisional negative
    ``server_seq``s and are numbered for real by ``Engine.settle`` just before
    commit, so the global numbering lock is held for a few statements instead of
    the whole transaction (the lock, not the work, is what all pushes queue for)."""
    conn: sa.Connection
    store: db.Store
    p: Principal
    now: float
    at: str
    seq: int | None = None
    deferred: bool = False
    careful: bool = True       # False: a push's fast path (Engine._apply_run)
    pending: list = field(default_factory=list)   # deferred change rows, in order
    _provisional: int = 0
    # push only: org units read (they change by import, not by pushes of others)
    units: dict | None = None
    # the fast path writes behind: rows as this transaction left them, by (entity, id),
    # and which of them still wait to be written ("insert" | "update"), see Engine.flush
    rows: dict | None = None
    unflushed: dict | None = None
    # the fast path reads ahead, one statement per table for a whole run of ops: the
    # rows its ops change, locked (by (entity, id); None = no such row), and who holds
    # each ID number the run sets (Push.read_ahead)
    locked: dict | None = None
    id_holders: dict | None = None

    def next_seq(self) -> int:
        if self.deferred:
            self._provisional -= 1
            self.seq = self._provisional
        else:
            self.seq = self.store.next_seq(self.conn)
        return self.seq


def json_list(value) -> bool:
    try:
        return isinstance(json.loads(value), list)
    except (TypeError, ValueError):
        return False

