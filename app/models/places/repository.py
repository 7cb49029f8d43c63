"""Houses (实有房屋) and organizations (实有单位): reads and the writes, every write
through the one write path (row + outbox op + audit record in one transaction),
validated first by the rules the server applies to the same row
(app.models.domain.places through ``validation.validate_row``). What needs the
store (does the address exist, which grid is it in, is the resident alive) is
checked here."""
from __future__ import annotations

import datetime as dt
import json
import types
from typing import Mapping

from app.models.domain import addresses, credit_code, places, rules, validation
from app.models.places import search as place_search
from app.models.roster.repository import ValidationError, record_reveal
from app.models.store import clock
from app.models.store.query import all_dicts, one_dict
from app.models.write.unit import Actor, NotFound, unit_of_work

HOUSE_FIELDS = ("use", "property_type", "area", "owner_id", "owner_name", "owner_phone",
                "landlord_id", "landlord_name", "landlord_phone", "registration_no",
                "registered_on", "checked_on", "notes")
ORG_FIELDS = ("name", "credit_code", "kind", "category", "legal_rep", "contact_name",
              "contact_phone", "house_id", "address_id", "notes")
PHONES = ("owner_phone", "landlord_phone", "contact_phone")
HAZARD_CATEGORY = "fire_hazard"       # 消防隐患: what an inspection's hazard becomes


def _path_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "\uffff"


def _text(value) -> str | None:
    return rules.normalize_text(value) or None


def _clean(values: Mapping, fields) -> dict:
    """Form values as they are stored: text trimmed (notes as typed), phones in their
    stored form, dates in ISO form, the area a number, a credit code cleaned."""
    out = {}
    for k in fields:
        if k not in values:
            continue
        v = values[k]
        if k == "notes":
            out[k] = str(v) if v else None
        elif k in PHONES:
            out[k] = rules.normalize_phone(str(v or "")) or None
        elif k == "credit_code":
            out[k] = places.stored_credit_code(v)
        elif k == "area":
            try:
                out[k] = float(rules.normalize_text(v)) if v not in (None, "") else None
            except (TypeError, ValueError):
                out[k] = v      # the rule words what is wrong with it
        else:
            out[k] = _text(v) if isinstance(v, str) or v is None else v
    return out


def _errors(entity: str, row: Mapping, today: dt.date) -> None:
    errors = validation.validate_row(entity, row, today=today, categories=None)
    if errors:
        raise ValidationError(errors)


class Places:
    def __init__(self, store, actor: Actor, today: dt.date | None = None):
        self.store = store
        self.conn = store.conn
        self.actor = actor
        self._today = today

    @property
    def today(self) -> dt.date:
        return self._today or clock.today()

    def reader(self, conn) -> "Places":
        """The same reads on another connection (a page's QueryLane, off the GUI
        thread). Reads only: it has no store to write through."""
        return Places(types.SimpleNamespace(conn=conn), self.actor, self._today)

    def grids(self) -> list[dict]:
        """The grids of the user's scope (where an import makes addresses not yet in the
        tree)."""
        lo, hi = _path_range(self.actor.scope_code or "")
        return all_dicts(self.conn, "SELECT * FROM org_units WHERE kind IN ('grid', "
                         "'dedicated') AND deleted_at IS NULL AND code >= ? AND code < ? "
                         "ORDER BY code", (lo, hi))

    # ------------------------------------------------------------ reads: houses
    def house(self, house_id: str) -> dict:
        row = one_dict(self.conn, "SELECT h.*, a.full_name AS address, a.kind AS address_kind "
                       "FROM houses h JOIN addresses a ON a.id = h.address_id "
                       "WHERE h.id = ?", (house_id,))
        if row is None:
            raise NotFound(house_id)
        return row

    def house_at(self, address_id: str) -> dict | None:
        return one_dict(self.conn, "SELECT * FROM houses WHERE address_id = ? AND "
                        "deleted_at IS NULL LIMIT 1", (address_id,))

    def houses(self, *, path_prefix: str = "", use: str | None = None, text: str = "",
               findings_only: bool = False, limit: int = 500) -> list[dict]:
        """Houses under a place (an org or address code prefix), newest address order,
        with their address, current tenant count and findings."""
        lo, hi = _path_range(path_prefix)
        where, params = ["h.deleted_at IS NULL", "h.path >= ?", "h.path < ?"], [lo, hi]
        if use:
            where.append("h.use = ?")
            params.append(use)
        # typed text: the first page of matches read off the search index (kept
        # current by triggers, app/models/places/search.py), shown in address order
        ids = place_search.matching_ids(self.conn, "houses", text, where, params, limit)
        if ids is not None:
            where, params = [f"h.id IN ({','.join('?' * len(ids))})" if ids else "0"], ids
        rows = all_dicts(self.conn, f"""
            SELECT h.*, a.full_name AS address,
                   (SELECT count(*) FROM house_tenants t WHERE t.house_id = h.id
                      AND t.deleted_at IS NULL AND (t.moved_out IS NULL OR t.moved_out > ?))
                   AS tenants_now
            FROM houses h JOIN addresses a ON a.id = h.address_id
            WHERE {' AND '.join(where)} ORDER BY h.path LIMIT ?""",
                         [self.today.isoformat(), *params, limit])
        for row in rows:
            row["findings"] = places.house_findings(row, row["tenants_now"])
        if findings_only:
            rows = [r for r in rows if r["findings"]]
        return rows

    def tenants(self, house_id: str, *, current_only: bool = False) -> list[dict]:
        sql = ("SELECT t.*, r.name, r.phone, r.id_number FROM house_tenants t "
               "JOIN residents r ON r.id = t.resident_id WHERE t.house_id = ? "
               "AND t.deleted_at IS NULL")
        params: list = [house_id]
        if current_only:
            sql += " AND (t.moved_out IS NULL OR t.moved_out > ?)"
            params.append(self.today.isoformat())
        return all_dicts(self.conn, sql + " ORDER BY t.moved_in DESC, t.id", params)

    def findings(self, house_id: str) -> list[str]:
        return places.house_findings(self.house(house_id),
                                     len(self.tenants(house_id, current_only=True)))

    def use_counts(self, path_prefix: str = "") -> dict[str, int]:
        lo, hi = _path_range(path_prefix)
        return dict(self.conn.execute(
            "SELECT use, count(*) FROM houses WHERE deleted_at IS NULL AND path >= ? AND "
            "path < ? GROUP BY use", (lo, hi)).fetchall())

    # ------------------------------------------------------------ writes: houses
    def _address(self, address_id) -> dict:
        row = one_dict(self.conn, "SELECT * FROM addresses WHERE id = ? AND deleted_at IS NULL",
                       (address_id,)) if address_id else None
        if row is None:
            raise ValidationError([rules.Issue("address_id", "required" if not address_id
                                               else "not_found")])
        return row

    def _check_resident(self, fld: str, resident_id) -> None:
        if resident_id and one_dict(self.conn, "SELECT id FROM residents WHERE id = ? AND "
                                    "deleted_at IS NULL", (resident_id,)) is None:
            raise ValidationError([rules.Issue(fld, "not_found")])

    def create_house(self, address_id: str, values: Mapping) -> dict:
        address = self._address(address_id)
        row = _clean(values, HOUSE_FIELDS)
        row.update(address_id=address_id, grid_id=address["grid_id"], path=address["code"])
        _errors("houses", row, self.today)
        for fld in ("owner_id", "landlord_id"):
            self._check_resident(fld, row.get(fld))
        if self.house_at(address_id) is not None:
            raise ValidationError([rules.Issue("address_id", "house.exists")])
        with unit_of_work(self.store, self.actor) as w:
            created = w.create("houses", row)
        return self.house(created["id"])

    def update_house(self, house_id: str, values: Mapping) -> dict:
        current = self.house(house_id)
        changes = _clean(values, HOUSE_FIELDS)
        _errors("houses", {**current, **changes}, self.today)
        for fld in ("owner_id", "landlord_id"):
            if fld in changes:
                self._check_resident(fld, changes[fld])
        with unit_of_work(self.store, self.actor) as w:
            w.patch("houses", house_id, changes)
        return self.house(house_id)

    def delete_house(self, house_id: str) -> None:
        with unit_of_work(self.store, self.actor) as w:
            for t in self.tenants(house_id):
                w.delete("house_tenants", t["id"])
            w.delete("houses", house_id)

    def add_tenant(self, house_id: str, resident_id: str, *, moved_in: str | None = None,
                   moved_out: str | None = None, notes: str | None = None) -> dict:
        self.house(house_id)
        row = dict(house_id=house_id, resident_id=resident_id,
                   moved_in=_text(moved_in) or self.today.isoformat(),
                   moved_out=_text(moved_out), notes=notes or None)
        _errors("house_tenants", row, self.today)
        self._check_resident("resident_id", resident_id)
        if any(t["resident_id"] == resident_id and not t["moved_out"]
               for t in self.tenants(house_id)):
            raise ValidationError([rules.Issue("resident_id", "tenant.already")])
        with unit_of_work(self.store, self.actor) as w:
            return w.create("house_tenants", row)

    def end_tenancy(self, tenant_id: str, moved_out: str | None = None) -> None:
        current = one_dict(self.conn, "SELECT * FROM house_tenants WHERE id = ?", (tenant_id,))
        if current is None:
            raise NotFound(tenant_id)
        change = {"moved_out": _text(moved_out) or self.today.isoformat()}
        _errors("house_tenants", {**current, **change}, self.today)
        with unit_of_work(self.store, self.actor) as w:
            w.patch("house_tenants", tenant_id, change)

    def create_address_nodes(self, rows: list[dict]) -> None:
        """Address nodes an import found missing (``io.address.NewNode.row()``), parents
        first, each checked as ``roster.create_address`` checks one: a kind that may sit
        under its parent's, a code that is the parent's (or grid's) plus the segment
        that kind adds there, and not taken."""
        made: dict[str, dict] = {}
        for row in rows:
            parent = made.get(row["parent_id"]) or (
                self._address(row["parent_id"]) if row["parent_id"] else None)
            if parent is None:
                grid = one_dict(self.conn, "SELECT code FROM org_units WHERE id = ? AND "
                                "deleted_at IS NULL", (row["grid_id"],))
                base, parent_kind = (grid or {}).get("code"), None
            else:
                base, parent_kind = parent["code"], parent["kind"]
            shape = addresses.segment_shape(row["kind"], parent_kind)
            code = row.get("code") or ""
            tail = code[len(base):] if base and code.startswith(base) else ""
            if shape is None or not tail.startswith(shape[0]) or addresses.segment(
                    row["kind"], parent_kind, tail[len(shape[0]):]) != tail:
                raise ValidationError([rules.Issue("code", "address.code", {})])
            errors = rules.errors(validation.validate_address(row))
            if errors:
                raise ValidationError(errors)
            if one_dict(self.conn, "SELECT id FROM addresses WHERE code = ?", (row["code"],)):
                raise ValidationError([rules.Issue("code", "address.exists")])
            made[row["id"]] = row
        if rows:
            with unit_of_work(self.store, self.actor) as w:
                w.create_many("addresses", rows, ops_per_tx=100)

    # ------------------------------------------------------------ organizations
    def organization(self, org_id: str) -> dict:
        row = one_dict(self.conn, "SELECT o.*, a.full_name AS address FROM organizations o "
                       "LEFT JOIN addresses a ON a.id = o.address_id WHERE o.id = ?", (org_id,))
        if row is None:
            raise NotFound(org_id)
        return row

    def organizations(self, *, path_prefix: str = "", kind: str | None = None,
                      category: str | None = None, text: str = "", due_only: bool = False,
                      limit: int = 500) -> list[dict]:
        lo, hi = _path_range(path_prefix)
        where, params = ["o.deleted_at IS NULL", "o.path >= ?", "o.path < ?"], [lo, hi]
        if kind:
            where.append("o.kind = ?")
            params.append(kind)
        if category:
            where.append("o.category = ?")
            params.append(category)
        today = self.today.isoformat()
        due = ("((o.kind = 'nine_small' AND i.id IS NULL) OR "
               "(i.next_due IS NOT NULL AND i.next_due <= ?1))")
        if due_only:
            # the last inspection's due date, asked of each candidate row
            where.append("((o.kind = 'nine_small' AND NOT EXISTS (SELECT 1 FROM inspections x "
                         "WHERE x.organization_id = o.id AND x.deleted_at IS NULL)) OR "
                         "(SELECT x.next_due FROM inspections x WHERE x.organization_id = o.id "
                         "AND x.deleted_at IS NULL ORDER BY x.inspected_on DESC, x.id DESC "
                         "LIMIT 1) <= ?)")
            params.append(today)
        # typed text (name, pinyin, credit code tail, address): the first page of
        # matches off the search index (app/models/places/search.py)
        ids = place_search.matching_ids(self.conn, "organizations", text, where, params, limit)
        if ids is not None:
            where, params = [f"o.id IN ({','.join('?' * len(ids))})" if ids else "0"], ids
        params.insert(0, today)         # the due test below, first in the statement
        rows = all_dicts(self.conn, f"""
            SELECT o.*, a.full_name AS address, i.inspected_on AS last_inspected,
                   i.next_due AS next_due, i.checklist AS last_checklist, {due} AS due
            FROM organizations o LEFT JOIN addresses a ON a.id = o.address_id
            LEFT JOIN inspections i ON i.id = (
                SELECT id FROM inspections x WHERE x.organization_id = o.id
                AND x.deleted_at IS NULL ORDER BY x.inspected_on DESC, x.id DESC LIMIT 1)
            WHERE {' AND '.join(where)} ORDER BY o.path, o.name LIMIT ?""",
                         [*params, limit])
        for row in rows:
            row["due"] = bool(row["due"])
        return rows

    def find_by_credit_code(self, code: str, exclude_id: str | None = None) -> dict | None:
        return one_dict(self.conn, "SELECT * FROM organizations WHERE credit_code = ? AND "
                        "deleted_at IS NULL AND id IS NOT ? LIMIT 1",
                        (credit_code.clean(code), exclude_id))

    def _org_place(self, row: dict) -> dict:
        """An organization's grid and path from its house or address."""
        if row.get("house_id"):
            house = one_dict(self.conn, "SELECT * FROM houses WHERE id = ? AND deleted_at IS "
                             "NULL", (row["house_id"],))
            if house is None:
                raise ValidationError([rules.Issue("house_id", "not_found")])
            row["address_id"] = house["address_id"]
        address = self._address(row.get("address_id"))
        return dict(address_id=address["id"], grid_id=address["grid_id"], path=address["code"])

    def _check_org(self, row: dict, org_id: str | None) -> None:
        _errors("organizations", row, self.today)
        if row.get("credit_code"):
            other = self.find_by_credit_code(row["credit_code"], org_id)
            if other is not None:
                raise ValidationError([rules.Issue("credit_code", "credit.duplicate",
                                                   {"other": other["name"]})])

    def create_organization(self, values: Mapping) -> dict:
        row = _clean(values, ORG_FIELDS)
        if row.get("kind") != "nine_small":
            row["category"] = None
        row.update(self._org_place(row))
        self._check_org(row, None)
        with unit_of_work(self.store, self.actor) as w:
            created = w.create("organizations", row)
        return self.organization(created["id"])

    def update_organization(self, org_id: str, values: Mapping) -> dict:
        current = self.organization(org_id)
        changes = _clean(values, ORG_FIELDS)
        if changes.get("kind", current["kind"]) != "nine_small":
            changes["category"] = None
        merged = {**current, **changes}
        if "house_id" in changes or "address_id" in changes:
            changes.update(self._org_place(merged))
            merged.update(changes)
        self._check_org(merged, org_id)
        with unit_of_work(self.store, self.actor) as w:
            w.patch("organizations", org_id, changes)
        return self.organization(org_id)

    def employees(self, org_id: str) -> list[dict]:
        return all_dicts(self.conn, "SELECT e.*, r.name FROM org_employees e JOIN residents r "
                         "ON r.id = e.resident_id WHERE e.organization_id = ? AND "
                         "e.deleted_at IS NULL ORDER BY r.name", (org_id,))

    def add_employee(self, org_id: str, resident_id: str, *, job: str | None = None,
                     since: str | None = None) -> dict:
        self.organization(org_id)
        row = dict(organization_id=org_id, resident_id=resident_id, job=_text(job),
                   since=_text(since), until=None)
        _errors("org_employees", row, self.today)
        self._check_resident("resident_id", resident_id)
        with unit_of_work(self.store, self.actor) as w:
            return w.create("org_employees", row)

    # ------------------------------------------------------------ inspections
    def inspections(self, org_id: str) -> list[dict]:
        return all_dicts(self.conn, "SELECT * FROM inspections WHERE organization_id = ? AND "
                         "deleted_at IS NULL ORDER BY inspected_on DESC, id DESC", (org_id,))

    def inspection(self, inspection_id: str) -> dict:
        row = one_dict(self.conn, "SELECT * FROM inspections WHERE id = ?", (inspection_id,))
        if row is None:
            raise NotFound(inspection_id)
        return row

    def checklist_for(self, org_id: str) -> tuple[str, ...]:
        return places.checklist_for(self.organization(org_id).get("category"))

    def record_inspection(self, org_id: str, results: Mapping[str, str], *,
                          findings: str = "", inspected_on: str | None = None,
                          next_due: str | None = None, photos=()) -> dict:
        """An inspection with the category's checklist (``results``: item → ok, hazard
        or na; items left out are not recorded). The re-inspection is due in 7 days
        after a hazard, else in 90, unless ``next_due`` is given."""
        self.organization(org_id)
        inspected = _text(inspected_on) or self.today.isoformat()
        checklist = {k: v for k, v in results.items() if v}
        row = dict(organization_id=org_id, inspected_on=inspected, inspector=self.actor.name,
                   checklist=json.dumps(checklist, ensure_ascii=False, sort_keys=True),
                   findings=(findings or "").strip() or None,
                   photos=json.dumps(list(photos)), next_due=_text(next_due), case_id=None)
        _errors("inspections", row, self.today)
        if row["next_due"] is None:
            days = places.REINSPECT_DAYS["hazard" if places.hazards(checklist) else "ok"]
            row["next_due"] = (dt.date.fromisoformat(inspected) + dt.timedelta(days=days)
                               ).isoformat()
        with unit_of_work(self.store, self.actor) as w:
            return w.create("inspections", row)

    def hazard_to_case(self, inspection_id: str, cases, *, title: str | None = None) -> dict:
        """One click: the inspection's hazards become a 消防隐患 case at the
        organization's address, linked from the inspection, in one transaction.
        ``cases``: the desktop's ``Cases`` repository (it numbers and reports the case)."""
        insp = self.inspection(inspection_id)
        if insp["case_id"]:
            raise ValidationError([rules.Issue("case_id", "inspection.has_case")])
        found = places.hazards(insp["checklist"])
        if not found:
            raise ValidationError([rules.Issue("checklist", "inspection.no_hazard")])
        org = self.organization(insp["organization_id"])
        items = "、".join(places.CHECK_ITEMS[k].zh for k in found if k in places.CHECK_ITEMS)
        description = f"{org['name']}：{items}"
        if insp["findings"]:
            description += f"\n{insp['findings']}"
        with self.store.transaction():
            case = cases.create(title=title or f"{org['name']} 安全隐患：{items}"[:100],
                                category=HAZARD_CATEGORY, grid_id=org["grid_id"],
                                description=description, address_id=org["address_id"],
                                location_text=org.get("address") or org["name"],
                                # the photos on this PC (one taken on another desk
                                # stays with the inspection)
                                photos=[p for p in json.loads(insp["photos"] or "[]")
                                        if isinstance(p, str) and cases.has_photo(p)])
            with unit_of_work(self.store, self.actor) as w:
                w.patch("inspections", inspection_id, {"case_id": case["id"]})
        return case

    def due_inspections(self, path_prefix: str = "", within_days: int = 7) -> list[dict]:
        return due_inspections(self.conn, path_prefix, self.today, within_days=within_days)

    def reveal_phone(self, org_id: str, reason: str) -> str:
        """The organization's full contact phone, for a stated reason, audited as a
        resident's phone is (domain.md §6)."""
        row = self.organization(org_id)
        record_reveal(self.store, self.actor, "organizations", org_id, "contact_phone", reason)
        return row.get("contact_phone") or ""


def find_addresses(conn, text: str, *, path_prefix: str = "", limit: int = 30) -> list[dict]:
    """Addresses whose full name holds ``text`` (a house's address picker); every
    part written with or without spaces ("红专路12号" finds "红专路 12号 …")."""
    text = rules.clean_query_text(text).replace(" ", "")
    if not text:
        return []
    lo, hi = _path_range(path_prefix)
    return all_dicts(conn, "SELECT a.*, (SELECT id FROM houses h WHERE h.address_id = a.id AND "
                     "h.deleted_at IS NULL LIMIT 1) AS house_id FROM addresses a WHERE "
                     "a.deleted_at IS NULL AND replace(a.full_name, ' ', '') LIKE ? AND "
                     "a.path >= ? AND a.path < ? ORDER BY a.code LIMIT ?",
                     (f"%{text}%", lo, hi, limit))


def find_residents(conn, text: str, *, limit: int = 30) -> list[dict]:
    """Living residents by name or the last digits of their ID number or phone (a
    tenant's or employee's picker)."""
    text = rules.clean_query_text(text)
    if not text:
        return []
    return all_dicts(conn, "SELECT r.id, r.name, r.id_number, r.phone, r.birth_date, "
                     "a.full_name AS address FROM residents r LEFT JOIN households h ON "
                     "h.id = r.household_id LEFT JOIN addresses a ON a.id = h.room_id WHERE "
                     "r.deleted_at IS NULL AND (r.name LIKE ? OR r.id_number LIKE ? OR "
                     "r.phone LIKE ?) ORDER BY r.name LIMIT ?",
                     (f"%{text}%", f"%{text.upper()}", f"%{text}", limit))


def due_inspections(conn, path_prefix: str, today: dt.date, *, within_days: int = 7,
                    limit: int = 200) -> list[dict]:
    """Organizations to inspect (the home page's list): 九小场所 never inspected, and
    every organization whose re-inspection is due within ``within_days``; soonest
    first (never inspected first of all)."""
    lo, hi = _path_range(path_prefix)
    horizon = (today + dt.timedelta(days=within_days)).isoformat()
    return all_dicts(conn, """
        SELECT o.id, o.name, o.kind, o.category, a.full_name AS address,
               i.inspected_on AS last_inspected, i.next_due
        FROM organizations o LEFT JOIN addresses a ON a.id = o.address_id
        LEFT JOIN inspections i ON i.id = (
            SELECT id FROM inspections x WHERE x.organization_id = o.id
            AND x.deleted_at IS NULL ORDER BY x.inspected_on DESC, x.id DESC LIMIT 1)
        WHERE o.deleted_at IS NULL AND o.path >= ? AND o.path < ?
          AND ((i.id IS NULL AND o.kind = 'nine_small') OR i.next_due <= ?)
        ORDER BY i.next_due IS NOT NULL, i.next_due, o.name LIMIT ?""",
                     (lo, hi, horizon, limit))


def match_address(conn, text: str, *, path_prefix: str = "") -> dict | None:
    """The one address node the text names, written in either style (the quick
    report's place typed as text; ``addresses.match_key``), or None when none or
    several match. Rooms named without 室 match a stored "501室" too."""
    key = addresses.match_key(text)
    if not key:
        return None
    lo, hi = _path_range(path_prefix)
    # a cheap pre-filter: the first and the last characters of the key lie in the name
    candidates = all_dicts(conn, "SELECT * FROM addresses WHERE deleted_at IS NULL AND "
                           "path >= ? AND path < ? AND full_name LIKE ? AND full_name LIKE ? "
                           "LIMIT 500", (lo, hi, f"{key[0]}%", f"%{key[-1]}%"))
    found = [a for a in candidates if addresses.match_key(a["full_name"]) == key]
    return found[0] if len(found) == 1 else None
