"""The resident roster (一标三实): org units, standard addresses, households,
residents, tags and visits. Reads are plain queries; every write validates
first, then goes through one unit of work (row + outbox op + audit).

Containment keys: org units keep a materialized path of codes
(``/4101/410105/…/``). Codes nest by fixed widths (district 6, street 9,
community 12, grid 15, micro-grid +2; estate "-" +3, building +3, unit +2,
room +4), so an address, household or resident carries ``path`` = its room
code (or its grid code when it has no room) and "everything under X" is a
prefix range on X's code. The "-" before the estate number keeps a
micro-grid's code (grid + 2 digits) from being a prefix of an estate's.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Iterable, Mapping

from app.models.domain import addresses, rules, validation
# the address codes and resident fields are the import's too (desktop and server)
from app.models.domain.roster_codes import (  # noqa: F401  (re-exported)
    ADDRESS_CODE_WIDTH, RESIDENT_FIELDS, estate_code,
)
from app.models.roster import search
from app.models.store import clock
from app.models.store.query import all_dicts, one_dict
from app.models.write.unit import Actor, NotFound, unit_of_work

ORG_LEVELS = {"city": 40, "district": 30, "street": 20, "community": 10, "grid": 0,
              "dedicated": 0, "micro_grid": -10, "department": 30}


class ValidationError(ValueError):
    def __init__(self, issues: list[rules.Issue]):
        super().__init__("; ".join(f"{i.field}: {i.code}" for i in issues))
        self.issues = issues


def _iso_date(text: str | None) -> str | None:
    """A date the domain's rules accepted, as it is stored (YYYY-MM-DD)."""
    return dt.date.fromisoformat(text).isoformat() if text else None


def _identity(id_number) -> str:
    """Whom an ID number names: its canonical form, or its cleaned text if not one."""
    return rules.canonical_id_number(id_number) or rules.clean_id_text(id_number)[0]


def age_on(birth_date: str | None, today: dt.date) -> int | None:
    if not birth_date:
        return None
    b = dt.date.fromisoformat(birth_date)
    return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


class Roster:
    def __init__(self, store, actor: Actor, today: dt.date | None = None):
        self.store = store
        self.conn = store.conn
        self.actor = actor
        self._today = today

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    # ------------------------------------------------------------------ reads
    def org_unit(self, unit_id: str) -> dict | None:
        return one_dict(self.conn, "SELECT * FROM org_units WHERE id = ?", (unit_id,))

    def org_unit_by_code(self, code: str) -> dict | None:
        return one_dict(self.conn, "SELECT * FROM org_units WHERE code = ?", (code,))

    def org_children(self, parent_id: str | None) -> list[dict]:
        if parent_id is None:
            return all_dicts(self.conn, "SELECT * FROM org_units WHERE parent_id IS NULL "
                        "AND deleted_at IS NULL ORDER BY code")
        return all_dicts(self.conn, "SELECT * FROM org_units WHERE parent_id = ? "
                    "AND deleted_at IS NULL ORDER BY code", (parent_id,))

    def grids(self) -> list[dict]:
        return all_dicts(self.conn, "SELECT * FROM org_units WHERE kind IN ('grid', 'dedicated') "
                    "AND deleted_at IS NULL ORDER BY code")

    def departments(self) -> list[dict]:
        return all_dicts(self.conn, "SELECT * FROM org_units WHERE kind = 'department' "
                    "AND deleted_at IS NULL ORDER BY code")

    def ancestors(self, unit_id: str) -> list[dict]:
        """The org units above ``unit_id``, nearest first (for escalation)."""
        unit = self.org_unit(unit_id)
        out = []
        while unit and unit["parent_id"]:
            unit = self.org_unit(unit["parent_id"])
            if unit:
                out.append(unit)
        return out

    def address(self, address_id: str) -> dict | None:
        return one_dict(self.conn, "SELECT * FROM addresses WHERE id = ?", (address_id,))

    def address_children(self, *, grid_id: str | None = None, parent_id: str | None = None
                         ) -> list[dict]:
        if parent_id:
            return all_dicts(self.conn, "SELECT * FROM addresses WHERE parent_id = ? "
                        "AND deleted_at IS NULL ORDER BY code", (parent_id,))
        return all_dicts(self.conn, "SELECT * FROM addresses WHERE grid_id = ? AND kind IN "
                    "('estate', 'road') AND parent_id IS NULL AND deleted_at IS NULL "
                    "ORDER BY code", (grid_id,))

    def has_address_children(self, address_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM addresses WHERE parent_id = ? LIMIT 1",
                                 (address_id,)).fetchone() is not None

    def resident(self, resident_id: str) -> dict:
        row = one_dict(self.conn, "SELECT * FROM residents WHERE id = ?", (resident_id,))
        if row is None:
            raise NotFound(resident_id)
        return row

    def household(self, household_id: str) -> dict:
        row = one_dict(self.conn, "SELECT h.*, a.full_name AS address FROM households h "
                   "LEFT JOIN addresses a ON a.id = h.room_id WHERE h.id = ?", (household_id,))
        if row is None:
            raise NotFound(household_id)
        return row

    def household_members(self, household_id: str) -> list[dict]:
        return all_dicts(self.conn, "SELECT * FROM residents WHERE household_id = ? "
                    "AND deleted_at IS NULL ORDER BY relation != 'self', birth_date, rid",
                    (household_id,))

    def households_in(self, path_prefix: str, limit: int = 200) -> list[dict]:
        lo, hi = search.path_range(path_prefix)
        return all_dicts(self.conn, "SELECT h.*, a.full_name AS address FROM households h "
                    "LEFT JOIN addresses a ON a.id = h.room_id WHERE h.path >= ? AND h.path < ? "
                    "AND h.deleted_at IS NULL ORDER BY h.path, h.number LIMIT ?", (lo, hi, limit))

    def find_households(self, text: str, limit: int = 50) -> list[dict]:
        like = f"%{text}%"
        return all_dicts(self.conn, "SELECT h.*, a.full_name AS address FROM households h "
                    "LEFT JOIN addresses a ON a.id = h.room_id WHERE h.deleted_at IS NULL AND "
                    "(h.number LIKE ? OR a.full_name LIKE ?) ORDER BY h.path LIMIT ?",
                    (like, like, limit))

    def find_by_id_number(self, id_number: str, exclude_id: str | None = None) -> dict | None:
        """A live resident holding this ID number: for a resident ID in either of its
        forms (15 or 18 digits are one person, rules.canonical_id_number); rows stored
        before the rule may still hold the 15-digit one."""
        forms = rules.id_number_forms(id_number) or (id_number,)
        return one_dict(self.conn, "SELECT * FROM residents WHERE id_number IN "
                        f"({','.join('?' * len(forms))}) AND deleted_at IS NULL "
                        "AND id IS NOT ? LIMIT 1", (*forms, exclude_id))

    def tags(self, resident_id: str, *, include_ended: bool = True) -> list[dict]:
        sql = "SELECT * FROM resident_tags WHERE resident_id = ? AND deleted_at IS NULL"
        params: list = [resident_id]
        if not include_ended:
            sql += " AND (until IS NULL OR until >= ?)"
            params.append(self.today.isoformat())
        return all_dicts(self.conn, sql + " ORDER BY since DESC, id", params)

    def visit(self, visit_id: str) -> dict | None:
        return one_dict(self.conn, "SELECT * FROM visits WHERE id = ?", (visit_id,))

    def visits(self, resident_id: str) -> list[dict]:
        return all_dicts(self.conn, "SELECT * FROM visits WHERE resident_id = ? AND deleted_at IS NULL "
                    "ORDER BY visited_on DESC, id DESC", (resident_id,))

    def address_text(self, household_id: str | None) -> str:
        if not household_id:
            return ""
        row = self.conn.execute("SELECT a.full_name FROM households h JOIN addresses a "
                                "ON a.id = h.room_id WHERE h.id = ?", (household_id,)).fetchone()
        return row[0] if row else ""

    # ------------------------------------------------------------- validation
    def validate_resident(self, values: Mapping, resident_id: str | None = None
                          ) -> tuple[dict, list[rules.Issue]]:
        def duplicate_of(number: str) -> str | None:
            other = self.find_by_id_number(number, exclude_id=resident_id)
            return other["name"] if other else None
        return rules.validate_resident(values, self.today, duplicate_of=duplicate_of)

    # ----------------------------------------------------------------- writes
    def create_org_unit(self, code: str, name: str, kind: str, parent_id: str | None = None,
                        **extra) -> dict:
        if kind not in ORG_LEVELS:
            raise ValidationError([rules.Issue("kind", "choice.invalid", {"value": kind})])
        parent = self.org_unit(parent_id) if parent_id else None
        path = (parent["path"] if parent else "/") + code + "/"
        with unit_of_work(self.store, self.actor) as w:
            return w.create("org_units", dict(code=code, name=name, kind=kind,
                                              level=ORG_LEVELS[kind], parent_id=parent_id,
                                              path=path, **extra))

    def create_address(self, kind: str, number: str, name: str, *, grid_id: str | None = None,
                       parent_id: str | None = None, floor: int | None = None) -> dict:
        """``number`` is this level's part of the code (e.g. '003' for building 3).
        Both shapes of domain.addresses: estate › building › unit › room, and road ›
        door › (yard) › (building › (unit)) › room, which may stop at any level; the
        segment's width and letter follow from the kind and its parent's kind."""
        # the code is made from ``number`` here: its form is the desktop's to check; the
        # row as it will be stored is checked by the rule the server applies to it
        if kind not in addresses.KINDS:     # not a kind of address: in the domain's words
            raise ValidationError([i for i in validation.validate_address({"kind": kind})
                                   if i.field == "kind"])
        name = "" if name is None else str(name)
        if kind in addresses.TOP_KINDS and parent_id is None:
            grid = self.org_unit(grid_id)
            if grid is None:
                raise NotFound(grid_id)
            parent_code, parent_full, parent_kind = grid["code"], "", None
        else:
            parent = self.address(parent_id) if parent_id else None
            if parent is None or not addresses.may_sit_under(kind, parent["kind"]):
                raise ValidationError([rules.Issue("parent", "address.parent")])
            grid_id = parent["grid_id"]
            parent_code, parent_full, parent_kind = (parent["code"], parent["full_name"],
                                                     parent["kind"])
        seg = addresses.segment(kind, parent_kind, number)
        if seg is None:
            raise ValidationError([rules.Issue("code", "address.code",
                                               {"width": addresses.width(kind, parent_kind)})])
        code = parent_code + seg
        full = f"{parent_full} {name}" if parent_full else name
        row = dict(kind=kind, code=code, name=name, floor=floor, parent_id=parent_id,
                   grid_id=grid_id, path=code, full_name=full)
        errors = rules.errors(validation.validate_address(row))
        if errors:
            raise ValidationError(errors)
        if one_dict(self.conn, "SELECT id FROM addresses WHERE code = ?", (code,)):
            raise ValidationError([rules.Issue("code", "address.exists")])
        with unit_of_work(self.store, self.actor) as w:
            return w.create("addresses", row)

    def create_household(self, number: str, *, grid_id: str, room_id: str | None = None,
                         kind: str = "registered") -> dict:
        number = rules.normalize_text(number)
        errors = rules.errors(validation.validate_household({"number": number, "kind": kind}))
        if errors:
            raise ValidationError(errors)
        path = self._household_path(grid_id, room_id)
        with unit_of_work(self.store, self.actor) as w:
            return w.create("households", dict(number=number, room_id=room_id,
                                               grid_id=grid_id, kind=kind, head_id=None, path=path))

    def _household_path(self, grid_id: str, room_id: str | None) -> str:
        if room_id:
            room = self.address(room_id)
            if room is None or room["kind"] != "room":
                raise ValidationError([rules.Issue("room_id", "address.parent")])
            return room["code"]
        grid = self.org_unit(grid_id)
        if grid is None:
            raise NotFound(grid_id)
        return grid["code"]

    def create_resident(self, values: Mapping, *, grid_id: str | None = None,
                        household_id: str | None = None, relation: str | None = None) -> dict:
        clean, issues = self.validate_resident(values)
        issues += validation.validate_relation(relation)
        if rules.errors(issues):
            raise ValidationError(rules.errors(issues))
        household = self.household(household_id) if household_id else None
        if household and relation == "self" and household["head_id"]:
            issues.append(rules.Issue("relation", "household.has_head"))
            raise ValidationError(rules.errors(issues))
        if household:
            grid_id = household["grid_id"]
        grid = self.org_unit(grid_id) if grid_id else None
        if grid is None:
            raise ValidationError([rules.Issue("grid_id", "required")])
        row = {k: clean.get(k) for k in RESIDENT_FIELDS if k in clean}
        row.update(grid_id=grid_id, household_id=household_id,
                   relation=relation or (None if not household else "other"),
                   path=household["path"] if household else grid["code"])
        with unit_of_work(self.store, self.actor) as w:
            created = w.create("residents", row,
                               history=rules.legacy_id_history(values.get("id_number")))
            if household and created["relation"] == "self":
                w.patch("households", household["id"], {"head_id": created["id"]})
            self._reindex(w.conn, created["id"])
        return self.resident(created["id"])

    def update_resident(self, resident_id: str, values: Mapping) -> dict:
        current = self.resident(resident_id)
        merged = {k: current.get(k) for k in RESIDENT_FIELDS}
        typed = values.get("id_number", current["id_number"])
        if _identity(typed) != _identity(current["id_number"]):
            # A corrected ID number re-derives what was derived from the old one.
            merged.pop("gender")
            merged.pop("birth_date")
        merged.update(values)
        clean, issues = self.validate_resident(merged, resident_id=resident_id)
        if rules.errors(issues):
            raise ValidationError(rules.errors(issues))
        changes = {k: clean.get(k) for k in RESIDENT_FIELDS if k in clean}
        # a legacy ID typed, or one stored before the rule, is stored upgraded now; the
        # record's history keeps the 15-digit original
        history = None
        if changes.get("id_number") != current["id_number"]:
            history = rules.legacy_id_history(typed)
            if history is None and _identity(typed) == _identity(current["id_number"]):
                history = rules.legacy_id_history(current["id_number"])
        with unit_of_work(self.store, self.actor) as w:
            changed = w.patch("residents", resident_id, changes, history=history)
            if changed.keys() & {"name", "id_number", "phone"}:
                self._reindex(w.conn, resident_id)
        return self.resident(resident_id)

    def delete_resident(self, resident_id: str) -> None:
        current = self.resident(resident_id)
        with unit_of_work(self.store, self.actor) as w:
            w.delete("residents", resident_id)
            if current["household_id"]:
                hh = w.get("households", current["household_id"])
                if hh["head_id"] == resident_id:
                    w.patch("households", hh["id"], {"head_id": None})
            search.unindex_resident(w.conn, current["rid"])

    def move_member(self, resident_id: str, household_id: str, relation: str) -> dict:
        """Move a resident into another household (e.g. after marriage or a move)."""
        # a member moves with a relation to the new household (None is no relation)
        errors = validation.validate_relation("" if relation is None else relation)
        if errors:
            raise ValidationError(errors)
        current = self.resident(resident_id)
        target = self.household(household_id)
        if relation == "self" and target["head_id"] and target["head_id"] != resident_id:
            raise ValidationError([rules.Issue("relation", "household.has_head")])
        with unit_of_work(self.store, self.actor) as w:
            old = current["household_id"]
            if old and old != household_id:
                old_hh = w.get("households", old)
                if old_hh["head_id"] == resident_id:
                    w.patch("households", old, {"head_id": None})
            w.patch("residents", resident_id, {"household_id": household_id, "relation": relation,
                                               "grid_id": target["grid_id"], "path": target["path"]})
            if relation == "self":
                w.patch("households", household_id, {"head_id": resident_id})
            self._reindex(w.conn, resident_id)
        return self.resident(resident_id)

    def add_tag(self, resident_id: str, tag: str, *, since: str | None = None,
                until: str | None = None, notes: str | None = None,
                details: str | None = None) -> dict:
        row = dict(resident_id=resident_id, tag=tag,
                   since=rules.normalize_text(since) or self.today.isoformat(),
                   until=rules.normalize_text(until) or None, notes=notes, details=details)
        errors = rules.errors(validation.validate_tag(row, self.today))
        if errors:
            raise ValidationError(errors)
        row.update(since=_iso_date(row["since"]), until=_iso_date(row["until"]))
        self.resident(resident_id)
        with unit_of_work(self.store, self.actor) as w:
            return w.create("resident_tags", row)

    def end_tag(self, tag_id: str, until: str | None = None) -> None:
        until = until or self.today.isoformat()
        with unit_of_work(self.store, self.actor) as w:
            w.patch("resident_tags", tag_id, {"until": until})

    def record_visit(self, *, resident_id: str | None = None, household_id: str | None = None,
                     visited_on: str | None = None, kind: str = "routine",
                     findings: str = "", photos: Iterable[str] = ()) -> dict:
        """``photos``: sha256 of photos already stored (Cases.add_photo)."""
        row = dict(resident_id=resident_id, household_id=household_id, kind=kind,
                   visited_on=rules.normalize_text(visited_on) or self.today.isoformat(),
                   findings=findings or None, photos=json.dumps(list(dict.fromkeys(photos))),
                   visitor=self.actor.name)
        errors = rules.errors(validation.validate_visit(row, self.today))
        if errors:
            raise ValidationError(errors)
        row["visited_on"] = _iso_date(row["visited_on"])
        if resident_id:
            row["grid_id"] = self.resident(resident_id)["grid_id"]
        else:
            row["grid_id"] = self.household(household_id)["grid_id"]
        with unit_of_work(self.store, self.actor) as w:
            return w.create("visits", row)

    REVEALABLE = ("id_number", "phone")

    def reveal(self, resident_id: str, field: str, reason: str) -> str:
        """The full value of a masked field, for a stated reason; the reveal is
        audited (domain.md §6: revealing a full value is a logged action)."""
        if field not in self.REVEALABLE:
            raise ValueError(f"{field} is not a masked field")
        row = self.resident(resident_id)
        record_reveal(self.store, self.actor, "residents", resident_id, field, reason)
        return row.get(field) or ""

    def _reindex(self, conn, resident_id: str) -> None:
        search.reindex_where(conn, "r.id = ?", (resident_id,))


def record_reveal(store, actor: Actor, entity: str, entity_id: str, field: str, reason: str,
                  **detail) -> None:
    """The audit record of showing a masked value in full (domain.md §6), for every
    screen that masks (the resident form, the conflict inbox): a reason is required,
    and an ID number or phone typed into the reason is masked in the record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError([rules.Issue(field, "reveal.reason_required")])
    with unit_of_work(store, actor) as w:
        w.note("reveal", entity, entity_id, {"field": field,
                                             "reason": rules.redact_numbers(reason)[:200],
                                             **detail})


def load_rows(store, table: str, rows: Iterable[dict], *, version: int = 1) -> int:
    """Apply rows that came from elsewhere as server state (a sync snapshot page, the
    demo street): no outbox op, since nothing local needs pushing. The caller
    holds the transaction and, after loading residents, rebuilds the search
    index (``search.reindex_all``)."""
    conn = store.conn
    count = 0
    stamp = clock.now_iso()
    batch: list[dict] = []

    def flush() -> None:
        if not batch:
            return
        cols = list(batch[0])
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [[r.get(c) for c in cols] for r in batch])
        batch.clear()

    for row in rows:
        row = dict(row)
        row.setdefault("version", version)
        row.setdefault("updated_at", stamp)
        if table == "residents":
            row.setdefault("created_at", stamp)
        if batch and list(row) != list(batch[0]):
            flush()
        batch.append(row)
        count += 1
        if len(batch) >= 5000:
            flush()
    flush()
    return count
