"""``python -m server import-roster FILE… --into ORG_CODE``: the first load of a
city's roster, centrally, from the files the population database, the census and
the streets' offices hand over; each desktop then receives its grid by sync.

Reading and checking are the desktop importer's own (app/models/io: the readers,
header recognition, normalisation, the one-person-one-ID rule with 15/18-digit IDs,
address matching, the duplicate policy), run on the server's database through a
``Lookup`` (``ServerLookup``) restricted to the org's subtree. Writing is the
server's: every row passes the checks a pushed create or patch passes (the role may
write the roster, the row is valid by app.models.domain.validation, its path lies
under its grid, its links are live rows of the same grid, the ID number is held by
no other live resident of the scope) and is written by ``Engine.write_row``, so the
change feed, the rows' scope and their version are what a push leaves and every
desktop in scope receives the rows by its next sync. Each batch (``BATCH`` rows) is
one transaction with a ``roster.import`` record in the hash-chained audit log naming
every row it wrote.

Files are read and checked in a process of their own (``_check_files``), a part of
``CHUNK_ROWS`` data rows at a time (memory), while this process writes the parts
already checked: both halves are mostly Python, and a city's million rows want
two cores. A duplicate ID number in a later part is still a duplicate within the
file; a household whose members fall in two parts is one household. A run stopped
half way can be run again: rows already in are matched by their ID number.

Exit statuses (server/__main__.py): 0 every row in, 1 rows refused (the report
lists them) or the run failed half way, 2 cannot run as asked (``ImportRefused``).
"""
from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import queue
import sys
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable

import sqlalchemy as sa

from app.models.domain import calendar as cal
from app.models.domain import rights, rules
from app.models.domain.ids import uuid7
from app.models.domain.roster_codes import RESIDENT_FIELDS
from app.models.io.address import NewHousehold, NewNode, creation_order
from app.models.io.layout import detect_layout
from app.models.io.plan import Options, Plan, RowResult, analyse
from app.models.io.readers import read_file
from app.models.io.source import FileProblem, Sheet, Source
from server import authority, db
from server.auth import Principal, audit, unit_by_code
from server.errors import Reject
from server.import_report import Problem, reasons, write_report
from server.sync.context import TX, Ctx, now_iso
from server.sync.engine import Engine
from server.sync.ops import REQUIRED
from server.sync.scope import path_range

CHUNK_ROWS = 20_000         # data rows checked at a time (and written while the next are)
BATCH = 2_000               # residents written per transaction
CLI_ACTOR = "cli"           # the operator at the server's console (as export-roster)
GRID_KINDS = ("grid", "dedicated")
# residents by ID number on PostgreSQL: one array parameter (not thousands of binds),
# each number looked up in its index. Asked for thousands of numbers, the planner
# prefers a scan of the whole table (24 ms at 100,000 residents, against 9 ms by the
# index, and growing with every batch until it changes its mind): told not to, for
# this statement's transaction only
BY_INDEX = "SET LOCAL enable_seqscan = off"


def resident_record(row: RowResult, grid_codes: dict[str, str]) -> dict:
    """The row a new resident is written as (the desktop's commit writes the same):
    its fields, its grid, household, relation and path, its id."""
    hh = row.household
    rec = {k: row.clean.get(k) for k in RESIDENT_FIELDS}
    rec["in_service_party_member"] = rec["in_service_party_member"] or 0
    if hh is None:
        rec.update(grid_id=row.grid_id, household_id=None, relation=None,
                   path=grid_codes.get(row.grid_id))
    else:
        new = isinstance(hh, NewHousehold)
        rec.update(grid_id=hh.grid_id if new else hh["grid_id"],
                   household_id=hh.id if new else hh["id"],
                   relation=row.relation or "other", path=hh.path if new else hh["path"])
    rec["id"] = row.resident_id = row.resident_id or uuid7()
    return rec


def vet(engine: Engine, entity: str, values: dict) -> dict:
    """The checks of a pushed create that look at the row alone (``Ops._create``,
    ``Ops._check_row``): the field types (``Engine.clean``), the required fields, the
    domain's validation (app.models.domain.validation, ``authority.validate``), an
    ID number in the form the roster stores it. Returns the values to write."""
    values = engine.clean(entity, values, creating=True)
    missing = sorted(f for f in REQUIRED[entity] if values.get(f) in (None, ""))
    if missing:
        raise Reject("invalid", "; ".join(f"{f}: required" for f in missing))
    authority.validate(entity, values, categories=engine.categories)
    if entity == "residents":
        values["id_number"] = rules.stored_id_number(values.get("id_number"),
                                                     values.get("id_type"))
    return values


class ImportRefused(ValueError):
    """The import cannot run as asked (exit 2): the message says why."""


@dataclass
class Importer:
    """Who imports, as the checking stages need it (``source.Scoped``)."""
    scope_code: str


@dataclass
class Summary:
    org: str
    dry_run: bool
    policy: str
    files: list[dict] = field(default_factory=list)
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    refused: int = 0
    lines_skipped: int = 0
    addresses_created: int = 0
    addresses_missing: int = 0
    households_created: int = 0
    report: str | None = None
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)     # addresses to create (dry run)

    def as_dict(self) -> dict:
        out = {k: getattr(self, k) for k in (
            "org", "dry_run", "policy", "read", "inserted", "updated", "unchanged", "skipped",
            "refused", "lines_skipped", "addresses_created", "addresses_missing",
            "households_created", "report", "seconds", "files")}
        if self.dry_run:
            out["addresses_to_create"] = self.missing[:200]
        out["ok"] = not self.refused
        return out


# ---------------------------------------------------------------- reading the roster
class ServerLookup:
    """The import's ``Lookup`` (app/models/io/lookup.py) on the server's database,
    limited to the org's subtree (a desktop's store holds its user's scope, no
    more). The address tree and the households are read once and kept up to date
    with what the import writes (``remember``)."""

    def __init__(self, store: db.Store, unit: dict):
        self.store, self.unit = store, unit
        self.lo, self.hi = path_range(unit["path"])
        o, a, h, r = (db.ENTITIES[n] for n in ("org_units", "addresses", "households",
                                                "residents"))
        above = ["/" + "/".join(unit["path"].strip("/").split("/")[:i]) + "/"
                 for i in range(1, unit["path"].count("/"))]
        with store.read() as conn:
            self.units = [dict(x) for x in conn.execute(
                sa.select(o.c.id, o.c.code, o.c.name, o.c.kind, o.c.parent_id).where(
                    o.c.deleted_at.is_(None),
                    sa.or_(o.c.path.in_(above), self._under(o)))).mappings()]
            self.kids: dict[str, list[dict]] = {}
            self.estate_rows: list[dict] = []
            self.road_rows: list[dict] = []
            for x in conn.execute(sa.select(a.c.id, a.c.grid_id, a.c.code, a.c.name,
                                            a.c.full_name, a.c.kind, a.c.parent_id).where(
                    a.c.deleted_at.is_(None), self._under(a))).mappings():
                self._add_node(dict(x))
            head = r.alias("head")
            self.hh: dict[str, list[dict]] = {}
            for x in conn.execute(
                    sa.select(h.c.id, h.c.number, h.c.room_id, h.c.grid_id, h.c.kind,
                              h.c.head_id, h.c.path, head.c.id_number.label("head_id_number"))
                    .outerjoin(head, head.c.id == h.c.head_id)
                    .where(h.c.deleted_at.is_(None), self._under(h))).mappings():
                self.hh.setdefault(x["grid_id"], []).append(dict(x))

    def _under(self, t):
        return sa.and_(t.c.scope_path >= self.lo, t.c.scope_path < self.hi)

    def _add_node(self, node: dict) -> None:
        if node["kind"] == "estate":
            self.estate_rows.append(node)
        elif node["kind"] == "road":
            self.road_rows.append(node)
        elif node.get("parent_id"):
            self.kids.setdefault(node["parent_id"], []).append(node)

    # -- Lookup -----------------------------------------------------------------
    def org_units(self) -> list[dict]:
        return self.units

    def estates(self) -> list[dict]:
        return self.estate_rows

    def roads(self) -> list[dict]:
        return self.road_rows

    def children(self, parent_id: str) -> list[dict]:
        return self.kids.get(parent_id, [])

    def estate_codes(self, grid_id: str) -> list[str]:
        a = db.ENTITIES["addresses"]
        with self.store.read() as conn:     # deleted estates too: their numbers stay taken
            return list(conn.execute(sa.select(a.c.code).where(
                a.c.grid_id == grid_id, a.c.kind == "estate")).scalars()) + [
                n["code"] for n in self.estate_rows if n.get("new") and n["grid_id"] == grid_id]

    def households(self, grid_id: str) -> list[dict]:
        return self.hh.get(grid_id, [])

    def residents_by_id_number(self, numbers: Iterable[str]) -> list[dict]:
        r = db.ENTITIES["residents"]
        numbers = list(numbers)
        out: list[dict] = []
        with self.store.read() as conn:
            if self.store.is_postgres:
                conn.execute(sa.text(BY_INDEX))
                return sorted((dict(x) for x in conn.execute(sa.text(
                    "SELECT * FROM residents WHERE id_number = ANY(:n) AND deleted_at IS NULL"
                ).bindparams(n=numbers)).mappings()
                    if self.lo <= x["scope_path"] < self.hi), key=lambda x: x["id"])
            for start in range(0, len(numbers), 500):
                # by the ID number's index alone (the scope and the order in Python):
                # PostgreSQL otherwise walks the primary key or the whole scope's range
                # for each query, and a city's load gets slower with every batch
                out += [dict(x) for x in conn.execute(sa.select(r).where(
                    r.c.id_number.in_(numbers[start:start + 500]), r.c.deleted_at.is_(None)
                )).mappings() if self.lo <= x["scope_path"] < self.hi]
        return sorted(out, key=lambda x: x["id"])       # ids are made in time order

    # -- what the import wrote (or, in a dry run, would write) ---------------------
    def remember(self, plan: Plan, heads: dict[str, str]) -> None:
        """The plan's new address nodes and households, so later chunks of the file
        find them; ``heads``: household id -> the head's ID number set by the import."""
        for node in plan.new_nodes:
            self._add_node({**node.row(), "new": True})
        for hh in plan.new_households:
            self.hh.setdefault(hh.grid_id, []).append(dict(
                id=hh.id, number=hh.number, room_id=hh.room_id(), grid_id=hh.grid_id,
                kind=hh.kind, head_id=None, path=hh.path, head_id_number=heads.get(hh.id)))
        for rows in self.hh.values():
            for x in rows:
                if x["id"] in heads and not x.get("head_id_number"):
                    x["head_id_number"] = heads[x["id"]]


# ---------------------------------------------------------------- writing
class Writer:
    """Rows of a plan written through the server's write path, ``BATCH`` residents
    per transaction (rows held back and written together, ``Ctx`` as a push's fast
    path has it; numbered and written at the end, ``Engine.settle_bulk``)."""

    def __init__(self, store: db.Store, engine: Engine, principal: Principal, unit: dict,
                 file_name: str, policy: str, now: Callable[[], float] = time.time):
        self.store, self.engine, self.p, self.unit = store, engine, principal, unit
        self.file_name, self.policy, self.now = file_name, policy, now
        self.written: set[str] = set()         # ids of rows this run has written
        self.refused: list[Problem] = []      # rows the server's checks refused
        self.records: dict[int, dict] = {}    # id(row) -> what a new resident is written as
        self.created = self.updated = self.nodes = self.households = 0

    # -- one transaction ------------------------------------------------------------
    def write(self, create: list[RowResult], records: list[dict], update: list[RowResult],
              heads: dict[str, RowResult], progress: Callable[[int], None] | None = None
              ) -> None:
        """``create`` rows of a plan with their ``records`` (``resident_record``,
        vetted) and ``update`` rows; ``heads``: new household id -> the row of its head
        (set once both are written)."""
        self.records.update(zip(map(id, create), records))
        rows = create + update
        for start in range(0, len(rows), BATCH):
            batch = rows[start:start + BATCH]
            self._transaction(batch, heads)
            if progress:
                progress(start + len(batch))

    def _transaction(self, batch: list[RowResult], heads: dict) -> None:
        now = self.now()
        with self.store.write() as conn:
            c = Ctx(conn, self.store, self.p, now, now_iso(now), deferred=True, careful=False,
                    units={}, rows={}, unflushed={})
            conn.info[TX] = c
            self.numbers: dict[str, str] = {}     # ID number -> resident, this transaction
            self.forms: dict[str, tuple] = {}      # ID number -> the forms it is stored in
            try:
                done = self._rows(c, batch, heads)
                self.engine.settle_bulk(c)
                audit(conn, now, CLI_ACTOR, "roster.import", "org_units", self.unit["id"], {
                    "file": rules.redact_numbers(self.file_name), "org": self.unit["code"],
                    "policy": self.policy, "rows": [batch[0].number, batch[-1].number],
                    **done})
            finally:
                conn.info.pop(TX, None)

    def _rows(self, c: Ctx, batch: list[RowResult], heads: dict) -> dict:
        """Write one batch; returns what the audit record names."""
        new_nodes: dict[str, NewNode] = {}
        new_hh: dict[str, NewHousehold] = {}
        for row in batch:
            hh = row.household
            room = hh.room if isinstance(hh, NewHousehold) else row.room
            if isinstance(hh, NewHousehold) and hh.id not in self.written:
                new_hh[hh.id] = hh
            if isinstance(room, NewNode):
                for node in room.chain():
                    if node.id not in self.written:
                        new_nodes[node.id] = node
        self._read_ahead(c, batch, new_nodes, new_hh)
        out: dict = {"addresses": [], "households": [], "created": [], "updated": [],
                     "legacy_ids": {}}
        for node in creation_order(new_nodes.values()):
            if self._create(c, "addresses", node.row()):
                out["addresses"].append(node.id)
        # a new household whose head is new in this batch too is written with its head
        # (one row version, one change), the head's link checked once the residents are
        # written (below); a head in a later batch is set by a patch then
        in_batch = {id(row) for row in batch}
        preset: dict[str, str] = {}
        for hh in new_hh.values():
            head = heads.get(hh.id)
            if head is not None and id(head) in in_batch and head.existing is None:
                head.resident_id = head.resident_id or uuid7()
                preset[hh.id] = head.resident_id
            values = dict(id=hh.id, number=hh.number, room_id=hh.room_id(), grid_id=hh.grid_id,
                          kind=hh.kind, head_id=preset.get(hh.id), path=hh.path)
            if self._create(c, "households", values):
                out["households"].append(hh.id)
        set_heads: dict[str, str] = {}
        for row in batch:
            try:
                if row.existing is None:
                    rid = self._new_resident(c, self.records.pop(id(row)))
                    out["created"].append(rid)
                    if isinstance(row.household, dict) and row.relation == "self":
                        set_heads[row.household["id"]] = rid
                else:
                    rid = self._changed_resident(c, row, set_heads)
                    out["updated"].append(rid)
            except Reject as exc:
                self.refused.append(Problem(self.file_name, row.number, row.cells,
                                            [f"server: {exc.code} ({exc.message})"]))
                continue
            if row.history:
                out["legacy_ids"][rid] = row.history["legacy_id_number"]
            hh = row.household
            if isinstance(hh, NewHousehold) and heads.get(hh.id) is row and hh.id not in preset:
                set_heads[hh.id] = rid
        for hh_id, rid in preset.items():
            if hh_id in self.written and rid not in self.written:
                # the head was refused: the household may not name it (a push's link rule)
                old = self.engine.get_row(c.conn, "households", hh_id)
                self.engine.write_as_patch(c, "households", old, {"head_id": None})
        for hh_id, rid in set_heads.items():
            old = self.engine.get_row(c.conn, "households", hh_id, lock=True)
            if old is not None and not old["head_id"]:
                try:
                    self.engine.write_as_patch(c, "households", old, {"head_id": rid})
                except Reject:
                    pass        # the household keeps no head; its members are in
        self.created += len(out["created"])
        self.updated += len(out["updated"])
        self.nodes += len(out["addresses"])
        self.households += len(out["households"])
        out["created_count"], out["updated_count"] = len(out["created"]), len(out["updated"])
        if not out["legacy_ids"]:
            del out["legacy_ids"]
        return out

    def _read_ahead(self, c: Ctx, batch: list[RowResult], nodes: dict, households: dict
                    ) -> None:
        """The batch's reads, a statement per table instead of one per row: the stored
        rows its links name and the residents it updates, locked as a push's read-ahead
        locks them (``Engine.read_ahead``), and who holds the ID numbers it sets (all
        forms of each, ``Ops._check_unique_id``'s rule)."""
        ops = []
        numbers: set[str] = set()
        for row in batch:
            if row.existing is not None:
                ops.append({"entity": "residents", "entity_id": row.existing["id"],
                            "op": "patch", "changed": {}})
            elif row.clean.get("id_number") and row.clean.get("id_type",
                                                              "resident_id") == "resident_id":
                number = rules.stored_id_number(row.clean["id_number"])
                self.forms[number] = rules.id_number_forms(number) or (number,)
                numbers.update(self.forms[number])
            hh = row.household
            if isinstance(hh, dict):
                ops.append({"entity": "households", "entity_id": hh["id"], "op": "patch",
                            "changed": {}})
        for node in nodes.values():
            if isinstance(node.parent, dict):
                ops.append({"entity": "addresses", "entity_id": node.parent["id"],
                            "op": "patch", "changed": {}})
        for hh in households.values():
            if isinstance(hh.room, dict):
                ops.append({"entity": "addresses", "entity_id": hh.room["id"], "op": "patch",
                            "changed": {}})
        self.engine.read_ahead(c, ops)
        c.id_holders = {n: [] for n in numbers}
        r = db.ENTITIES["residents"]
        wanted = sorted(numbers)
        if self.store.is_postgres:
            parts = [sa.text("SELECT id, id_number, scope_path FROM residents WHERE "
                             "id_number = ANY(:n) AND deleted_at IS NULL").bindparams(n=wanted)]
            c.conn.execute(sa.text(BY_INDEX))
        else:
            parts = [sa.select(r.c.id, r.c.id_number, r.c.scope_path).where(
                r.c.id_number.in_(wanted[i:i + 500]), r.c.deleted_at.is_(None))
                for i in range(0, len(wanted), 500)]
        for q in parts:
            for row_id, number, path in c.conn.execute(q):
                c.id_holders[number].append((row_id, path))
        if self.store.is_postgres:
            c.conn.execute(sa.text("SET LOCAL enable_seqscan = on"))

    # -- the checks of a pushed create, for one row --------------------------------------
    def _create(self, c: Ctx, entity: str, values: dict, *, vetted: bool = False) -> bool:
        """Create a row as a push's create op would (``Ops.create_checked``: the role,
        the field types, the required fields, the domain's validation (``vet``; done
        already for a ``vetted`` row, by the checking process), the path under the
        grid, links to live rows of the grid, the scope, one ID number per person),
        then ``Engine.write_row``. A refusal leaves no trace (nothing is recorded
        before every check has passed)."""
        authority.check_write_role(c.p, entity)
        if not vetted:
            values = vet(self.engine, entity, values)
        self.engine.check_path(c, entity, values)
        self._check_links(c, entity, values)
        scope = self.engine.scope_of(c.conn, entity, values)
        if not c.p.in_scope(scope[0]):
            raise Reject("out_of_scope", "outside your scope")
        if entity == "residents":
            self._check_unique_id(c, values)
        self.engine.write_row(c, entity, values, old=None, scope=scope)
        self.written.add(values["id"])
        return True

    def _check_links(self, c: Ctx, entity: str, values: dict) -> None:
        links = {"addresses": (("parent_id", "addresses"),),
                 "households": (("room_id", "addresses"),),
                 "residents": (("household_id", "households"),)}.get(entity, ())
        for column, target in links:
            if values.get(column) is None:
                continue
            other = self.engine.get_row(c.conn, target, values[column])
            if other is None or other["deleted_at"] or not c.p.in_scope(other["scope_path"]):
                raise Reject("link_not_found", f"{column} does not name a {target[:-1]} "
                                               "in your scope")
            if other.get("grid_id") != values.get("grid_id"):
                raise Reject("link_other_grid", f"{column} lies in another grid")

    def _check_unique_id(self, c: Ctx, values: dict) -> None:
        """``Ops._check_unique_id``'s rule (one person, one live record in the scope,
        whichever form either holds) against the holders read ahead for the batch and
        the rows this transaction holds back."""
        number = values.get("id_number")
        if not number or values.get("id_type", "resident_id") != "resident_id":
            return
        forms = self.forms.get(number) or rules.id_number_forms(number) or (number,)
        lo = c.p.scope_path
        for f in forms:
            holders = c.id_holders.get(f) if c.id_holders is not None else None
            if holders is None:
                r = db.ENTITIES["residents"]
                holders = [(i, p) for i, p in c.conn.execute(sa.select(
                    r.c.id, r.c.scope_path).where(r.c.id_number == f,
                                                  r.c.deleted_at.is_(None)))]
            if any(i != values["id"] and (p or "").startswith(lo) for i, p in holders):
                raise Reject("invalid", "id_number: id.duplicate")
        # held back by this transaction, not in the table yet
        if any(self.numbers.get(f) not in (None, values["id"]) for f in forms):
            raise Reject("invalid", "id_number: id.duplicate")
        self.numbers[number] = values["id"]

    def _new_resident(self, c: Ctx, rec: dict) -> str:
        self._create(c, "residents", {**rec, "created_at": c.at}, vetted=True)
        return rec["id"]

    def _changed_resident(self, c: Ctx, row: RowResult, set_heads: dict) -> str:
        """An existing resident updated as a patch by the importer (``Ops.write_as_patch``),
        the household's head moved as the desktop's commit moves it."""
        rid = row.existing["id"]
        old = self.engine.get_row(c.conn, "residents", rid, lock=True)
        if old is None or old["deleted_at"] or old["version"] != row.existing["version"]:
            raise Reject("stale", "the resident changed while the file was checked: "
                                  "import the file again")
        placement = row.placement()
        changes = {**row.changes, **placement}
        self.engine.write_as_patch(c, "residents", old, changes)
        old_hh = old.get("household_id")
        new_hh = placement.get("household_id", old_hh)
        new_rel = placement.get("relation", old.get("relation"))
        if old_hh and (new_hh != old_hh or new_rel != "self"):
            current = self.engine.get_row(c.conn, "households", old_hh, lock=True)
            if current and current["head_id"] == rid:
                self.engine.write_as_patch(c, "households", current, {"head_id": None})
        if new_hh and new_rel == "self" and not isinstance(row.household, NewHousehold):
            set_heads[new_hh] = rid
        self.written.add(rid)
        return rid


# ---------------------------------------------------------------- the command
def principal_for(unit: dict) -> Principal:
    """The console's operator, with the rights of the city's 社会治理中心 over the org's
    subtree and nothing beyond it (the rows' ``updated_by`` is ``cli``)."""
    return Principal(CLI_ACTOR, CLI_ACTOR, rights.CENTER_OPERATOR, unit["id"], unit["path"], 1,
                     None, "")


def _default_grid(conn, unit: dict, grid_code: str | None) -> str | None:
    o = db.ENTITIES["org_units"]
    lo, hi = path_range(unit["path"])
    grids = [dict(g) for g in conn.execute(sa.select(o.c.id, o.c.code).where(
        o.c.kind.in_(GRID_KINDS), o.c.deleted_at.is_(None), o.c.path >= lo, o.c.path < hi)
        .order_by(o.c.code)).mappings()]
    if unit["kind"] in GRID_KINDS:
        return unit["id"]
    if grid_code:
        found = [g for g in grids if g["code"] == grid_code]
        if not found:
            raise ImportRefused(f"--grid {grid_code}: no grid with that code under "
                                f"{unit['code']}")
        return found[0]["id"]
    return grids[0]["id"] if len(grids) == 1 else None


def run(store: db.Store, settings, files: list[str], *, org_code: str, policy: str = "update",
        dry_run: bool = False, create_addresses: bool = False, report: str | None = None,
        grid_code: str | None = None, today: dt.date | None = None,
        say: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True)
        ) -> Summary:
    """Check and write ``files`` into the subtree of ``org_code``; see the module.

    The files are read and checked in a process of its own (``_check_files``) while
    this one writes what it has checked: both are mostly Python, and one process
    runs Python on one core at a time."""
    t0 = time.perf_counter()
    if policy not in ("update", "skip"):
        raise ImportRefused("--policy is update or skip")
    if report and not os.path.isdir(os.path.dirname(os.path.abspath(report))):
        # found out before anything is written, not after
        raise ImportRefused(f"--report {report}: the folder does not exist")
    with store.read() as conn:
        unit = unit_by_code(conn, org_code)
        if unit is None or unit.get("deleted_at"):
            raise ImportRefused(f"no org unit with code {org_code!r} (python -m server "
                                "import-org loads the org tree)")
        if unit["kind"] == "department":
            raise ImportRefused(f"{org_code} is a department: residents live in grids")
        grid_id = _default_grid(conn, unit, grid_code)
    engine = Engine(store, settings)
    p = principal_for(unit)
    today = today or dt.datetime.now(cal.TZ).date()
    summary = Summary(unit["code"], dry_run, policy)
    problems: list[Problem] = []
    headers_of: dict[str, list[str]] = {}
    missing: dict[str, str] = {}        # code -> "code full name" of nodes not in the tree
    options = Options(grid_id, policy, None, create_addresses)
    # the collector runs once a part, not on its own: each part makes and drops some
    # hundred thousand objects (rows, households, records), and an automatic collection
    # every few thousand allocations cost a third of the writing process's time
    collecting = gc.isenabled()
    gc.disable()
    mp = multiprocessing.get_context("fork")
    parts, go_on = mp.Queue(maxsize=2), mp.Queue()
    checker = mp.Process(target=_check_files, name="import-checker", daemon=True,
                         args=(store.url, settings, unit, files, options, today, say, parts,
                               go_on))
    checker.start()
    writer = stats = None
    try:
        while True:
            try:
                kind, value = parts.get(timeout=5)
            except queue.Empty:
                if not checker.is_alive():
                    raise RuntimeError("the checking process ended unexpectedly") from None
                continue
            if kind == "refused":
                raise ImportRefused(value)
            if kind == "error":
                raise RuntimeError(f"checking failed: {value}")
            if kind == "done":
                break
            if kind == "file":
                name, headers = value
                headers_of[name] = headers
                writer = Writer(store, engine, p, unit, name, policy)
                stats = dict(file=name, read=0, inserted=0, updated=0, unchanged=0, skipped=0,
                             refused=0)
            elif kind == "part":
                part: Part = value
                say(f"{part.file}: checked {part.checked} of {part.total} rows")
                summary.lines_skipped += part.lines_skipped
                for key in ("read", "unchanged", "skipped"):
                    stats[key] += getattr(part, key)
                stats["refused"] += len(part.problems)
                problems += part.problems
                if dry_run or not create_addresses:
                    for code, line in part.missing.items():
                        missing.setdefault(code, line)
                if dry_run:
                    summary.addresses_created += part.new_nodes
                    summary.households_created += part.new_households
                    stats["inserted"] += len(part.create)
                    stats["updated"] += len(part.update)
                else:
                    done = writer.created + writer.updated
                    writer.write(part.create, part.records, part.update, part.heads,
                                 lambda n: say(f"{part.file}: written {done + n}"))
                del part, value
                gc.collect()            # once a part (see above)
            elif kind == "end":
                if not dry_run:
                    problems += writer.refused
                    stats["refused"] += len(writer.refused)
                    stats["inserted"], stats["updated"] = writer.created, writer.updated
                    summary.addresses_created += writer.nodes
                    summary.households_created += writer.households
                for k in ("read", "inserted", "updated", "unchanged", "skipped", "refused"):
                    setattr(summary, k, getattr(summary, k) + stats[k])
                summary.files.append(stats)
                say(f"{stats['file']}: {stats['read']} rows, {stats['inserted']} new, "
                    f"{stats['updated']} updated, {stats['refused']} refused")
                go_on.put(True)          # written: the next file may be checked
        checker.join()
    finally:
        if checker.is_alive():
            checker.kill()
            checker.join()
        parts.close()
        go_on.close()
        if collecting:
            gc.enable()
    summary.missing = list(missing.values())
    summary.addresses_missing = 0 if create_addresses else len(missing)
    if dry_run:
        for line in summary.missing:
            say(f"  address to create: {line}")
    if problems and report:
        write_report(report, problems, headers_of, unit)
        summary.report = report
    summary.seconds = round(time.perf_counter() - t0, 2)
    return summary


@dataclass
class Part:
    """One part of a file as checked (``CHUNK_ROWS`` data rows), handed to the writing
    process: what to write, what was refused, what the summary counts."""
    file: str
    checked: int                 # data rows of the file checked so far
    total: int
    read: int
    lines_skipped: int
    unchanged: int
    skipped: int
    problems: list[Problem]
    missing: dict[str, str]      # address nodes the rows need and the tree lacks
    new_nodes: int
    new_households: int
    create: list[RowResult]
    records: list[dict]          # what each of ``create`` is written as, vetted
    update: list[RowResult]
    heads: dict[str, RowResult]  # new household id -> the row of its head


def _check_files(url: str, settings, unit: dict, files: list[str], options: Options,
                 today: dt.date, say: Callable[[str], None], parts, go_on) -> None:
    """The checking process: each file read, then checked ``CHUNK_ROWS`` rows at a
    time (the desktop importer's ``analyse`` and ``plan`` on a ``ServerLookup``), each
    part put on ``parts``; the next file waits until the writer has written this one
    (``go_on``), so its rows are found in the roster."""
    try:
        store = db.Store(url)
        lookup = ServerLookup(store, unit)
        engine = Engine(store, settings)
        grid_codes = {u["id"]: u["code"] for u in lookup.units}
        for i, path in enumerate(files):
            if i:
                go_on.get()
            name = os.path.basename(path)
            say(f"{name}: reading")
            try:
                source = read_file(path)
                layout = detect_layout(source.sheet)
            except FileProblem as exc:
                parts.put(("refused", f"cannot read {path}: {exc.code} "
                                      f"{rules.redact_numbers(str(exc.params))}"))
                return
            parts.put(("file", (name, list(layout.headers))))
            # the file's cells are millions of objects that live until the file is done:
            # out of the collector's sight, or every collection walks them all again
            gc.collect()
            gc.freeze()
            data = source.sheet.rows[layout.data_start:]
            top = source.sheet.rows[:layout.data_start]
            seen: dict[str, tuple[int, str]] = {}   # ID number -> (row, name): the file so far
            for start in range(0, len(data), CHUNK_ROWS):
                chunk = data[start:start + CHUNK_ROWS]
                piece = Source(source.path, source.kind, Sheet(source.sheet.name, top + chunk),
                               source.sheet_names, source.encoding, source.notes)
                analysis = analyse(lookup, piece, options, Importer(unit["code"]),
                                   layout=layout, today=today)
                _earlier_rows(analysis.rows, seen)
                plan = analysis.plan(options.policy, create_addresses=options.create_addresses)
                # later parts find the addresses and households this one makes
                lookup.remember(plan, {hh.id: hh.head_row.id_number for hh in plan.new_households
                                       if hh.head_row is not None})
                problems = [Problem(name, row.number, row.cells, reasons(analysis, row, issues))
                            for row, issues in plan.problems()]
                # the server's checks of each new resident's own values, here rather
                # than in the writing process: that one has the rest to do
                create, records = [], []
                for row in plan.create:
                    try:
                        records.append(vet(engine, "residents", resident_record(row,
                                                                               grid_codes)))
                        create.append(row)
                    except Reject as exc:
                        problems.append(Problem(name, row.number, row.cells,
                                                [f"server: {exc.code} ({exc.message})"]))
                parts.put(("part", Part(
                    name, start + len(chunk), len(data), len(analysis.rows),
                    analysis.skipped_lines, len(plan.unchanged), len(plan.skip), problems,
                    {n.code: f"{n.code} {n.full_name}" for n in plan.needed_nodes},
                    len(plan.new_nodes), len(plan.new_households), create, records,
                    plan.update,
                    {hh.id: hh.head_row for hh in plan.new_households
                     if hh.head_row is not None})))
                del analysis, plan, piece, problems, create, records
                gc.collect()            # automatic collection is off (see ``run``)
            del source, data
            gc.unfreeze()
            parts.put(("end", name))
        store.dispose()
        parts.put(("done", None))
    except BaseException as exc:      # told to the writing process, which raises it
        parts.put(("error", f"{type(exc).__name__}: {exc}"))


def _earlier_rows(rows: list[RowResult], seen: dict[str, tuple[int, str]]) -> None:
    """A row whose ID number an earlier chunk of the same file holds is a duplicate
    within the file (as ``plan._match_existing`` finds it within one chunk), not a
    resident to update."""
    for row in rows:
        number = row.id_number
        if not number:
            continue
        earlier = seen.get(number)
        if earlier is None:
            seen[number] = (row.number, row.name)
        elif not any(i.code == "id.duplicate_in_file" for i in row.issues):
            row.issues.append(rules.Issue("id_number", "id.duplicate_in_file",
                                          {"row": earlier[0], "name": earlier[1]}))
            row.existing = None
