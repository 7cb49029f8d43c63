"""Who a table lists: residents chosen by tags, age, residence type, grid and status;
houses by use; organizations by kind or 九小场所 category; all within the user's
scope. Reads only; each row a dict the fields of fields.py read."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from app.models.roster.search import path_range


@dataclass
class Population:
    tags: tuple[str, ...] = ()               # any of them
    age_min: int | None = None
    age_max: int | None = None
    residence_types: tuple[str, ...] = ()
    grid_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ("living",)
    house_uses: tuple[str, ...] = ()
    org_kinds: tuple[str, ...] = ()
    org_categories: tuple[str, ...] = ()
    visits_from: str | None = None           # visits (and inspections) counted in this range
    visits_to: str | None = None
    age_on: str | None = None                # ages counted on this date (default: the fill's day)
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Population":
        data = dict(data or {})
        known = cls.__dataclass_fields__
        kw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
        return cls(**kw)


def _years_before(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:                       # 29 February
        return on.replace(year=on.year - years, day=28)


def _in(column: str, values, where: list, params: list) -> None:
    if values:
        where.append(f"{column} IN ({','.join('?' * len(values))})")
        params.extend(values)


def _scope(alias: str, prefix: str | None, where: list, params: list) -> None:
    if prefix:
        lo, hi = path_range(prefix)
        where.append(f"{alias}.path >= ? AND {alias}.path < ?")
        params += [lo, hi]


def _dicts(conn, sql: str, params) -> list[dict]:
    cur = conn.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _visit_range(pop: Population, column: str, where: list, params: list) -> None:
    if pop.visits_from:
        where.append(f"{column} >= ?")
        params.append(pop.visits_from)
    if pop.visits_to:
        where.append(f"{column} <= ?")
        params.append(pop.visits_to)


def grid_workers(conn) -> dict[str, str]:
    """Each grid's worker as the roster knows them: who visited there last."""
    out = {}
    for grid_id, visitor in conn.execute(
            "SELECT grid_id, visitor FROM visits WHERE deleted_at IS NULL AND visitor IS NOT NULL "
            "AND visitor != '' ORDER BY visited_on, updated_at"):
        out[grid_id] = visitor
    return out


_RESIDENTS = """
    SELECT r.id, r.rid, r.name, r.id_type, r.id_number, r.gender, r.birth_date, r.ethnicity,
           r.phone, r.residence_type, r.relation, r.political_status, r.education, r.occupation,
           r.work_unit, r.marital_status, r.registered_address, r.moved_in_date, r.status,
           r.notes, r.in_service_party_member, r.party_member_unit, r.grid_id, r.household_id,
           h.number AS household_number, h.kind AS household_kind,
           replace(a.full_name, ' ', '') AS address, a.name AS room, au.name AS unit,
           ab.name AS building, ae.name AS estate, g.name AS grid, c.name AS community
    FROM residents r
    LEFT JOIN households h ON h.id = r.household_id
    LEFT JOIN addresses a ON a.id = h.room_id
    LEFT JOIN addresses au ON au.id = a.parent_id
    LEFT JOIN addresses ab ON ab.id = au.parent_id
    LEFT JOIN addresses ae ON ae.id = ab.parent_id
    LEFT JOIN org_units g ON g.id = r.grid_id
    LEFT JOIN org_units c ON c.id = g.parent_id
    WHERE {where}
    ORDER BY r.path, r.rid
"""


def residents(conn, pop: Population, on: dt.date, scope: str | None) -> list[dict]:
    where, params = ["r.deleted_at IS NULL"], []
    _scope("r", scope, where, params)
    _in("r.status", pop.statuses, where, params)
    _in("r.residence_type", pop.residence_types, where, params)
    _in("r.grid_id", pop.grid_ids, where, params)
    if pop.age_min is not None:
        where.append("r.birth_date <= ?")
        params.append(_years_before(on, pop.age_min).isoformat())
    if pop.age_max is not None:
        where.append("r.birth_date > ?")
        params.append(_years_before(on, pop.age_max + 1).isoformat())
    today = on.isoformat()
    if pop.tags:
        marks = ",".join("?" * len(pop.tags))
        where.append(f"r.id IN (SELECT resident_id FROM resident_tags WHERE deleted_at IS NULL "
                     f"AND (until IS NULL OR until >= ?) AND tag IN ({marks}))")
        params += [today, *pop.tags]
    rows = _dicts(conn, _RESIDENTS.format(where=" AND ".join(where)), params)
    if not rows:
        return rows
    # one read per kind of fact, joined here: a correlated subquery per row is slower
    sizes = dict(conn.execute(
        "SELECT household_id, count(*) FROM residents WHERE deleted_at IS NULL "
        "AND status = 'living' AND household_id IS NOT NULL GROUP BY household_id"))
    tags: dict[str, dict[str, str | None]] = {}
    for rid, tag, since in conn.execute(
            "SELECT resident_id, tag, since FROM resident_tags WHERE deleted_at IS NULL "
            "AND (until IS NULL OR until >= ?) ORDER BY since", (today,)):
        tags.setdefault(rid, {})[tag] = since
    vwhere, vparams = ["deleted_at IS NULL", "resident_id IS NOT NULL"], []
    _visit_range(pop, "visited_on", vwhere, vparams)
    visits = {}
    for rid, on_day, finding, visitor in conn.execute(
            f"SELECT resident_id, visited_on, findings, visitor FROM visits "
            f"WHERE {' AND '.join(vwhere)} ORDER BY visited_on, updated_at", vparams):
        visits[rid] = (on_day, finding, visitor)
    workers = grid_workers(conn)
    for row in rows:
        row["household_size"] = sizes.get(row["household_id"])
        row["tags"] = tags.get(row["id"], {})
        last = visits.get(row["id"])
        row["last_visit_date"], row["last_visit_finding"], row["last_visitor"] = (
            last if last else (None, None, None))
        row["grid_worker"] = workers.get(row["grid_id"])
    return rows


_HOUSES = """
    SELECT ho.id, ho.use, ho.property_type, ho.area, ho.owner_name, ho.owner_phone,
           ho.registration_no, ho.checked_on, ho.notes, ho.grid_id,
           replace(a.full_name, ' ', '') AS address, g.name AS grid,
           o.id_number AS owner_id_number, t.moved_in AS tenant_moved_in, tr.id AS tenant_id,
           tr.name AS tenant_name, tr.id_number AS tenant_id_number, tr.phone AS tenant_phone,
           tr.gender AS tenant_gender,
           (SELECT count(*) FROM house_tenants x WHERE x.house_id = ho.id
             AND x.moved_out IS NULL AND x.deleted_at IS NULL) AS tenants_now
    FROM houses ho
    LEFT JOIN addresses a ON a.id = ho.address_id
    LEFT JOIN org_units g ON g.id = ho.grid_id
    LEFT JOIN residents o ON o.id = ho.owner_id
    LEFT JOIN house_tenants t ON t.house_id = ho.id AND t.moved_out IS NULL
         AND t.deleted_at IS NULL
    LEFT JOIN residents tr ON tr.id = t.resident_id
    WHERE {where}
    ORDER BY ho.path, t.moved_in
"""


def houses(conn, pop: Population, on: dt.date, scope: str | None) -> list[dict]:
    """One row per tenant living there (a rented house without one: one row)."""
    where, params = ["ho.deleted_at IS NULL"], []
    _scope("ho", scope, where, params)
    _in("ho.use", pop.house_uses, where, params)
    _in("ho.grid_id", pop.grid_ids, where, params)
    rows = _dicts(conn, _HOUSES.format(where=" AND ".join(where)), params)
    workers = grid_workers(conn)
    for row in rows:
        row["grid_worker"] = workers.get(row["grid_id"])
    return rows


_ORGANIZATIONS = """
    SELECT o.id, o.name, o.credit_code, o.kind, o.category, o.legal_rep, o.contact_name,
           o.contact_phone, o.grid_id, o.notes, g.name AS grid,
           replace(coalesce(a.full_name, ha.full_name), ' ', '') AS address
    FROM organizations o
    LEFT JOIN addresses a ON a.id = o.address_id
    LEFT JOIN houses ho ON ho.id = o.house_id
    LEFT JOIN addresses ha ON ha.id = ho.address_id
    LEFT JOIN org_units g ON g.id = o.grid_id
    WHERE {where}
    ORDER BY o.path, o.name
"""


def organizations(conn, pop: Population, on: dt.date, scope: str | None) -> list[dict]:
    """One row per organization with its latest inspection (in the date range)."""
    where, params = ["o.deleted_at IS NULL"], []
    _scope("o", scope, where, params)
    _in("o.kind", pop.org_kinds, where, params)
    _in("o.category", pop.org_categories, where, params)
    _in("o.grid_id", pop.grid_ids, where, params)
    rows = _dicts(conn, _ORGANIZATIONS.format(where=" AND ".join(where)), params)
    iwhere, iparams = ["deleted_at IS NULL"], []
    _visit_range(pop, "inspected_on", iwhere, iparams)
    latest = {}
    for oid, on_day, inspector, checklist, findings, due in conn.execute(
            f"SELECT organization_id, inspected_on, inspector, checklist, findings, next_due "
            f"FROM inspections WHERE {' AND '.join(iwhere)} ORDER BY inspected_on, updated_at",
            iparams):
        latest[oid] = dict(inspected_on=on_day, inspector=inspector, checklist=checklist,
                           findings=findings, next_due=due)
    empty = dict(inspected_on=None, inspector=None, checklist=None, findings=None, next_due=None)
    for row in rows:
        row.update(latest.get(row["id"], empty))
    return rows


READERS = {"residents": residents, "houses": houses, "organizations": organizations}


def rows_for(conn, subject: str, pop: Population, on: dt.date, scope: str | None) -> list[dict]:
    return READERS[subject](conn, pop, on, scope)
