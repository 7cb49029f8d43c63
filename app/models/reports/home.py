"""工作台 (home): what the signed-in user has to do today, per role.

Qt-free reads over the store:

* ``cases_to_handle``: open cases waiting for a step this role takes, in the
  user's scope (see ``ROLE_WORK``), soonest deadline first;
* ``deadline_cases``: open cases in scope that are overdue (red) or nearly
  overdue (yellow, 80 % of the working time used), by the work calendar;
* ``visits_due``: living residents with an active care or key-group tag whose
  last visit is older than the tag's visit frequency (domain.md §3: 独居老人
  weekly …); the shortest frequency among a resident's tags wins and a visit to
  their household counts; key-group tags only for roles holding 防;
* ``houses_due``: houses (实有房屋) whose use has a visit frequency (rentals monthly,
  group rentals weekly …: ``places.HOUSE_USES``) and that were last seen longer ago
  than that (docs/domain-houses.md "Visits");
* ``conflict_count``: open sync conflicts (the ``conflicts`` table mirrored from
  the server, schema v6); 0 while that table does not exist.

``summary`` puts them together with totals and is what the home page loads,
off the GUI thread on its own connection.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.models.domain import calendar as cal
from app.models.places import repository as places_repo
from app.models.roster import search
from app.models.domain import places, rights, workflow
from app.models.domain.choices import TAG_TYPES
from app.models.store.query import all_dicts

# Roles holding 防 (prevent), who see key-group tags and their visits (domain.md §2–§3).
from app.models.domain.rights import KEY_GROUP_ROLES as PREVENT_ROLES  # noqa: E402 - 防
OPEN = ("reported", "accepted", "dispatched", "handling", "handled")
# Roles who visit residents and follow up tags (管 over the roster: visits are roster
# rows) and who resolve sync conflicts: the one table's (app/models/domain/rights.py).
VISITING_ROLES = rights.ROSTER_WRITERS
CONFLICT_ROLES = rights.CONFLICT_RESOLVERS
# How far ahead a deadline can be and still be at 80 % of its working time: the longest
# limit is 20 working days, whose last 20 % (4 working days) spans at most ~12 calendar
# days around the Golden Week; two weeks is a safe pre-filter before the exact check.
YELLOW_HORIZON_DAYS = 14
LIMIT = 200


@dataclass(frozen=True)
class VisitDue:
    resident_id: str
    name: str
    grid_id: str
    household_id: str | None
    tags: tuple[str, ...]
    every_days: int
    last_visit: str | None       # ISO date, None = never visited
    due_on: str                  # ISO date the next visit was due
    days_overdue: int
    address: str = ""            # the household's room, where the visit goes
    phone: str | None = None     # to call ahead (shown masked)


@dataclass(frozen=True)
class HouseVisitDue:
    house_id: str
    address: str
    use: str
    every_days: int
    last_seen: str | None        # ISO date, None = never visited or checked
    due_on: str
    days_overdue: int
    owner: str = ""
    phone: str | None = None


@dataclass
class HomeSummary:
    role: str
    to_handle: list[dict] = field(default_factory=list)
    to_handle_total: int = 0
    overdue: list[dict] = field(default_factory=list)
    overdue_total: int = 0
    nearly_due: list[dict] = field(default_factory=list)
    visits_due: list[VisitDue] = field(default_factory=list)
    visits_due_total: int = 0
    conflicts: int = 0
    reported_by_me_open: int = 0
    # 实有单位: organizations to (re-)inspect within a week (docs/domain-houses.md)
    inspections_due: list[dict] = field(default_factory=list)
    # 实有房屋 to visit by their use's frequency (docs/domain-houses.md)
    houses_due: list[HouseVisitDue] = field(default_factory=list)
    houses_due_total: int = 0


def _scope(actor, column: str = "c.path") -> tuple[str, list]:
    if not actor.scope_code:
        return "1", []
    lo, hi = search.path_range(actor.scope_code)
    return f"{column} >= ? AND {column} < ?", [lo, hi]


def _my_unit_ids(conn, actor) -> list[str]:
    if not actor.scope_code:
        return []
    return [r[0] for r in conn.execute("SELECT id FROM org_units WHERE code = ?",
                                       (actor.scope_code,))]


def role_work_sql(conn, actor) -> tuple[str, list]:
    """SQL over ``cases c``: the open cases waiting for a step this actor takes.

    * grid worker: cases they hold, or dispatched to their grid, to sign for or handle;
    * grid head: the same, plus reports to accept and handling to verify in scope;
    * community supervisor / center operator: to accept, to dispatch, to verify and
      extension requests in scope;
    * department handler: cases dispatched to their department, to sign for or handle.
    Other roles (auditor, admin) handle no cases."""
    role = actor.role
    units = _my_unit_ids(conn, actor)
    marks = ",".join("?" * len(units))
    held = "c.holder_user_id = ?"
    held_params: list = [actor.user_id]
    if units:
        held = f"({held} OR c.holder_unit_id IN ({marks}))"
        held_params += units
    scope, scope_params = _scope(actor)
    if role in (rights.GRID_WORKER, rights.DEPT_HANDLER):
        return f"c.state IN ('dispatched', 'handling') AND {held}", held_params
    if role == rights.GRID_HEAD:
        return (f"((c.state IN ('dispatched', 'handling') AND {held}) OR "
                f"(c.state IN ('reported', 'handled') AND {scope}))",
                [*held_params, *scope_params])
    if role in workflow.SUPERVISORS:
        return (f"(c.state IN ('reported', 'accepted', 'handled') OR (c.state = 'handling' "
                f"AND c.extension_pending IS NOT NULL)) AND {scope}", scope_params)
    return "0", []


def _rows(conn, where: str, params: list, limit: int, order: str) -> tuple[list[dict], int]:
    base = f"FROM cases c WHERE c.deleted_at IS NULL AND {where}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    rows = all_dicts(conn, f"SELECT c.* {base} ORDER BY {order} LIMIT ?", [*params, limit])
    return rows, total


def cases_to_handle(conn, actor, *, limit: int = LIMIT) -> tuple[list[dict], int]:
    """(open cases waiting for this actor, soonest deadline first; their total)."""
    where, params = role_work_sql(conn, actor)
    return _rows(conn, where, params, limit,
                 "c.deadline IS NULL, c.deadline, c.rid DESC")


def deadline_cases(conn, actor, calendar: cal.WorkCalendar, now: dt.datetime, *,
                   limit: int = LIMIT) -> tuple[list[dict], int, list[dict]]:
    """(overdue open cases in scope, their total, nearly overdue ones). A grid worker or
    department handler sees the ones they hold; supervisors their whole scope."""
    if actor.role in (rights.GRID_WORKER, rights.DEPT_HANDLER):
        where, params = role_work_sql(conn, actor)
    else:
        where, params = _scope(actor)
    now_iso = cal.to_iso(now, calendar.tz)
    marks = ",".join("?" * len(OPEN))
    overdue, total = _rows(
        conn, f"{where} AND c.state IN ({marks}) AND c.deadline IS NOT NULL AND c.deadline < ?",
        [*params, *OPEN, now_iso], limit, "c.deadline, c.rid DESC")
    horizon = cal.to_iso(now + dt.timedelta(days=YELLOW_HORIZON_DAYS), calendar.tz)
    soon = all_dicts(conn, f"SELECT c.* FROM cases c WHERE c.deleted_at IS NULL AND {where} "
                f"AND c.state IN ({marks}) AND c.deadline >= ? AND c.deadline < ? "
                "ORDER BY c.deadline, c.rid DESC", [*params, *OPEN, now_iso, horizon])
    nearly = [r for r in soon
              if calendar.level(now, r.get("clock_start"), r.get("deadline")) == "yellow"]
    return overdue, total, nearly[:limit]


def _tag_days_sql(include_key: bool) -> tuple[str, list[str]]:
    codes = [c for c, t in TAG_TYPES.items() if include_key or t.group != "key"]
    case = " ".join(f"WHEN '{c}' THEN {TAG_TYPES[c].visit_days}" for c in codes)
    return f"CASE t.tag {case} END", codes


def visits_due(conn, actor, today: dt.date, *, limit: int = LIMIT) -> tuple[list[VisitDue], int]:
    """(residents whose visit is due, most overdue first; their total). A resident never
    visited is due from the day their earliest active tag started."""
    include_key = actor.role in PREVENT_ROLES
    days_sql, codes = _tag_days_sql(include_key)
    scope, scope_params = _scope(actor, "r.path")
    day = today.isoformat()
    marks = ",".join("?" * len(codes))
    # last visits per resident and per household first (one pass over visits each),
    # then one row per tagged resident in scope
    sql = f"""
        WITH t AS MATERIALIZED (
            SELECT t.resident_id AS rid, min({days_sql}) AS every,
                   min(coalesce(t.since, ?)) AS since, group_concat(t.tag) AS tags
            FROM resident_tags t
            WHERE t.deleted_at IS NULL AND t.tag IN ({marks})
              AND (t.since IS NULL OR t.since <= ?) AND (t.until IS NULL OR t.until >= ?)
            GROUP BY t.resident_id
        ), rv AS MATERIALIZED (
            SELECT resident_id AS id, max(visited_on) AS d FROM visits
            WHERE deleted_at IS NULL AND resident_id IS NOT NULL GROUP BY resident_id
        ), hv AS MATERIALIZED (
            SELECT household_id AS id, max(visited_on) AS d FROM visits
            WHERE deleted_at IS NULL AND household_id IS NOT NULL GROUP BY household_id
        ), p AS (
            SELECT r.id, r.name, r.grid_id, r.household_id, t.every, t.since, t.tags,
                   r.phone, (SELECT a.full_name FROM households h
                             JOIN addresses a ON a.id = h.room_id
                             WHERE h.id = r.household_id) AS address,
                   max(coalesce(rv.d, ''), coalesce(hv.d, '')) AS last
            FROM t JOIN residents r ON r.id = t.rid
            LEFT JOIN rv ON rv.id = r.id LEFT JOIN hv ON hv.id = r.household_id
            WHERE r.deleted_at IS NULL AND r.status = 'living' AND {scope}
        ), d AS (
            SELECT p.*, CASE WHEN p.last = '' THEN p.since
                        ELSE date(p.last, '+' || p.every || ' days') END AS due_on
            FROM p
        )
        SELECT id, name, grid_id, household_id, tags, every, nullif(last, ''), due_on,
               CAST(julianday(?) - julianday(due_on) AS INTEGER) AS late, address, phone
        FROM d WHERE due_on <= ? ORDER BY late DESC, name"""
    params = [day, *codes, day, day, *scope_params, day, day]
    found = conn.execute(sql, params).fetchall()
    rows, total = found[:limit], len(found)
    out = [VisitDue(rid, name, grid, hh, tuple(sorted(set((tags or "").split(",")),
                                                       key=list(TAG_TYPES).index)),
                    int(every), last, due_on, max(0, int(late)), address or "", phone)
           for rid, name, grid, hh, tags, every, last, due_on, late, address, phone in rows]
    return out, total


def houses_due(conn, actor, today: dt.date, *, limit: int = LIMIT
               ) -> tuple[list[HouseVisitDue], int]:
    """(houses whose routine visit is due, most overdue first; their total). A house is
    seen when it is visited (a visit to the household living in its room or to one of
    its tenants living there now) or its 出租屋 registration is checked; one never seen
    is due its use's interval after its record was last written (registering a house
    is a visit of sorts)."""
    every = " ".join(f"WHEN '{code}' THEN {u.visit_days}" for code, u in
                     places.HOUSE_USES.items() if u.visit_days)
    scope, scope_params = _scope(actor, "h.path")
    day = today.isoformat()
    sql = f"""
        WITH hv AS MATERIALIZED (
            SELECT household_id AS id, max(visited_on) AS d FROM visits
            WHERE deleted_at IS NULL AND household_id IS NOT NULL GROUP BY household_id
        ), p AS (
            SELECT h.id, h.use, h.updated_at, h.owner_name, h.owner_phone,
                   CASE h.use {every} END AS every, a.full_name AS address,
                   max(coalesce(h.checked_on, ''),
                       coalesce((SELECT max(hv.d) FROM households hh JOIN hv ON hv.id = hh.id
                                 WHERE hh.room_id = h.address_id AND hh.deleted_at IS NULL),
                                ''),
                       coalesce((SELECT max(v.visited_on) FROM house_tenants t
                                 JOIN visits v ON v.resident_id = t.resident_id
                                 AND v.deleted_at IS NULL
                                 WHERE t.house_id = h.id AND t.deleted_at IS NULL
                                 AND (t.moved_out IS NULL OR t.moved_out > ?)), '')) AS last
            FROM houses h JOIN addresses a ON a.id = h.address_id
            WHERE h.deleted_at IS NULL AND {scope} AND (CASE h.use {every} END) IS NOT NULL
        ), d AS (
            SELECT p.*, date(CASE WHEN p.last = '' THEN substr(p.updated_at, 1, 10)
                             ELSE p.last END, '+' || p.every || ' days') AS due_on
            FROM p
        )
        SELECT id, address, use, every, nullif(last, ''), due_on,
               CAST(julianday(?) - julianday(due_on) AS INTEGER), owner_name, owner_phone
        FROM d WHERE due_on <= ? ORDER BY due_on, address"""
    found = conn.execute(sql, [day, *scope_params, day, day]).fetchall()
    out = [HouseVisitDue(hid, address or "", use, int(every_days), last, due_on,
                         max(0, int(late)), owner or "", phone)
           for hid, address, use, every_days, last, due_on, late, owner, phone
           in found[:limit]]
    return out, len(found)


def has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def conflict_count(conn) -> int:
    """Open sync conflicts waiting for a supervisor; 0 before the conflicts table exists."""
    if not has_table(conn, "conflicts"):
        return 0
    cols = {r[1] for r in conn.execute("PRAGMA table_info(conflicts)")}
    where = []
    if "state" in cols:
        where.append("state = 'open'")
    elif "resolved_at" in cols:
        where.append("resolved_at IS NULL")
    if "deleted_at" in cols:
        where.append("deleted_at IS NULL")
    sql = "SELECT count(*) FROM conflicts" + (" WHERE " + " AND ".join(where) if where else "")
    return conn.execute(sql).fetchone()[0]


def summary(conn, actor, *, calendar: cal.WorkCalendar, now: dt.datetime,
            limit: int = LIMIT) -> HomeSummary:
    """Everything the home page shows for ``actor``."""
    conn = getattr(conn, "conn", conn)
    out = HomeSummary(actor.role)
    out.to_handle, out.to_handle_total = cases_to_handle(conn, actor, limit=limit)
    out.overdue, out.overdue_total, out.nearly_due = deadline_cases(
        conn, actor, calendar, now, limit=limit)
    if actor.role in VISITING_ROLES:
        out.visits_due, out.visits_due_total = visits_due(conn, actor, now.date(), limit=limit)
    out.conflicts = conflict_count(conn) if actor.role in CONFLICT_ROLES else 0
    if actor.role in VISITING_ROLES and has_table(conn, "inspections"):
        out.inspections_due = places_repo.due_inspections(conn, actor.scope_code or "",
                                                          now.date(), limit=limit)
        out.houses_due, out.houses_due_total = houses_due(conn, actor, now.date(),
                                                          limit=limit)
    marks = ",".join("?" * len(OPEN))
    out.reported_by_me_open = conn.execute(
        f"SELECT count(*) FROM cases WHERE deleted_at IS NULL AND created_by = ? "
        f"AND state IN ({marks})", (actor.user_id, *OPEN)).fetchone()[0]
    return out
