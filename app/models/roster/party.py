"""党建引领 (party-building leads grid governance), Qt-free.

Party organisations follow the grids (domain.md §1): each grid's org unit row
keeps its party branch (网格党支部) and secretary. Party members are residents
whose political status is 中共党员 or 中共预备党员 (GB/T 4762 codes 01, 02); an
in-service party member (在职党员, 双报到) carries the roster flag and their own
work unit.

Taking part (参与):

* in a case: a ``note`` event on the case whose data is ``{"participants": [resident
  ids]}``. Notes are add-only (never a sync conflict, allowed in any state) and the
  note shows in the case's timeline, so the record is where people look for it;
* in a visit: the visit's ``participants`` column (a JSON list of resident ids,
  schema v7), patched through the one write path.

Both writes validate first (the residents exist, live in the roster and are party
members; the case or visit exists) and write nothing when anything is wrong.
"""
from __future__ import annotations

import json
from typing import Iterable

from app.models.roster import pinyin
from app.models.domain import rules
from app.models.roster import search
from app.models.roster.repository import ValidationError
from app.models.store.query import all_dicts, one_dict
from app.models.write.unit import Actor, NotFound, unit_of_work

PARTY_STATUS = ("01", "02")           # 中共党员, 中共预备党员
GRID_KINDS = ("grid", "dedicated")
# A note event that names participants (matches the partial index of schema v7).
_CASE_PART = "e.action = 'note' AND e.data LIKE '%\"participants\"%'"
MAX_PARTICIPANTS = 50


def _scope(scope_code: str, column: str) -> tuple[str, list]:
    if not scope_code:
        return "1", []
    lo, hi = search.path_range(scope_code)
    return f"{column} >= ? AND {column} < ?", [lo, hi]


def _member_sql(alias: str = "r") -> str:
    return (f"({alias}.political_status IN {PARTY_STATUS!r} "
            f"OR {alias}.in_service_party_member = 1)")


def is_party_member(resident: dict) -> bool:
    return (resident.get("political_status") in PARTY_STATUS
            or bool(resident.get("in_service_party_member")))


def case_participation_counts(conn, resident_ids: Iterable[str] | None = None
                              ) -> dict[str, int]:
    """resident id -> number of distinct cases they took part in."""
    rows = conn.execute(
        "SELECT j.value, count(DISTINCT e.case_id) FROM case_events e, "
        "json_each(e.data, '$.participants') j "
        f"WHERE {_CASE_PART} AND e.deleted_at IS NULL GROUP BY j.value").fetchall()
    wanted = None if resident_ids is None else set(resident_ids)
    return {rid: n for rid, n in rows if wanted is None or rid in wanted}


def visit_participation_counts(conn, resident_ids: Iterable[str] | None = None
                               ) -> dict[str, int]:
    """resident id -> number of visits they took part in."""
    rows = conn.execute(
        "SELECT j.value, count(DISTINCT v.id) FROM visits v, json_each(v.participants) j "
        "WHERE v.participants != '[]' AND v.deleted_at IS NULL GROUP BY j.value").fetchall()
    wanted = None if resident_ids is None else set(resident_ids)
    return {rid: n for rid, n in rows if wanted is None or rid in wanted}


def branches(conn, scope_code: str = "") -> list[dict]:
    """One row per grid in scope: its community, party branch and secretary, the party
    members and in-service party members living there, and how often they took part in
    cases and visits."""
    conn = getattr(conn, "conn", conn)
    where, params = _scope(scope_code, "g.code")
    grids = all_dicts(conn, f"""
        SELECT g.id, g.code, g.name, g.party_branch, g.party_secretary,
               p.name AS community, p.party_branch AS community_branch
        FROM org_units g LEFT JOIN org_units p ON p.id = g.parent_id
        WHERE g.kind IN {GRID_KINDS!r} AND g.deleted_at IS NULL AND {where}
        ORDER BY g.code""", params)
    counts = {gid: (m, s) for gid, m, s in conn.execute(f"""
        SELECT r.grid_id, sum(r.political_status IN {PARTY_STATUS!r}),
               sum(r.in_service_party_member = 1)
        FROM residents r
        WHERE r.deleted_at IS NULL AND r.status = 'living' AND {_member_sql()}
        GROUP BY r.grid_id""")}
    grid_of = {rid: gid for rid, gid in conn.execute(
        f"SELECT r.id, r.grid_id FROM residents r WHERE r.deleted_at IS NULL "
        f"AND {_member_sql()}")}
    cases: dict[str, int] = {}
    visits: dict[str, int] = {}
    for target, counter in ((cases, case_participation_counts(conn)),
                            (visits, visit_participation_counts(conn))):
        for rid, n in counter.items():
            gid = grid_of.get(rid)
            if gid:
                target[gid] = target.get(gid, 0) + n
    for g in grids:
        members, in_service = counts.get(g["id"], (0, 0))
        g.update(members=int(members or 0), in_service=int(in_service or 0),
                 case_parts=cases.get(g["id"], 0), visit_parts=visits.get(g["id"], 0))
    return grids


def members(conn, *, grid_id: str | None = None, scope_code: str = "",
            in_service_only: bool = False, limit: int = 2000) -> list[dict]:
    """Living party members (and in-service party members) of a grid or a scope, with
    their address and their participation counts, party members first, then by name in
    pinyin order (张 before 赵, as people look names up; SQLite sorts by code point)."""
    conn = getattr(conn, "conn", conn)
    where = ["r.deleted_at IS NULL", "r.status = 'living'",
             "r.in_service_party_member = 1" if in_service_only else _member_sql()]
    params: list = []
    if grid_id:
        where.append("r.grid_id = ?")
        params.append(grid_id)
    sql, p = _scope(scope_code, "r.path")
    where.append(sql)
    params += p
    rows = all_dicts(conn, f"""
        SELECT r.id, r.name, r.gender, r.birth_date, r.phone, r.political_status,
               r.in_service_party_member, r.party_member_unit, r.work_unit, r.grid_id,
               r.household_id, a.full_name AS address
        FROM residents r LEFT JOIN households h ON h.id = r.household_id
        LEFT JOIN addresses a ON a.id = h.room_id
        WHERE {' AND '.join(where)}
        ORDER BY r.political_status IS NOT '01', r.name, r.rid LIMIT ?""", [*params, limit])
    rows.sort(key=lambda r: (r["political_status"] != "01", pinyin.sort_key(r["name"] or "")))
    ids = [r["id"] for r in rows]
    cases = case_participation_counts(conn, ids)
    visits = visit_participation_counts(conn, ids)
    for r in rows:
        r["case_parts"] = cases.get(r["id"], 0)
        r["visit_parts"] = visits.get(r["id"], 0)
    return rows


def participations(conn, resident_id: str) -> list[dict]:
    """What a party member took part in, newest first: {'kind': 'case' | 'visit', 'id',
    'when', 'label', 'detail', 'case_id' or 'visit_id'}."""
    conn = getattr(conn, "conn", conn)
    out = []
    for case_id, number, title, state, when, note in conn.execute(
            "SELECT DISTINCT c.id, c.number, c.title, c.state, e.device_time, e.note "
            "FROM case_events e JOIN cases c ON c.id = e.case_id, "
            "json_each(e.data, '$.participants') j "
            f"WHERE {_CASE_PART} AND e.deleted_at IS NULL AND j.value = ?", (resident_id,)):
        out.append(dict(kind="case", id=case_id, case_id=case_id, when=when, label=title,
                        detail=number, state=state, note=note))
    for visit_id, day, kind, findings, name in conn.execute(
            "SELECT v.id, v.visited_on, v.kind, v.findings, r.name FROM visits v "
            "LEFT JOIN residents r ON r.id = v.resident_id, json_each(v.participants) j "
            "WHERE v.participants != '[]' AND v.deleted_at IS NULL AND j.value = ?",
            (resident_id,)):
        out.append(dict(kind="visit", id=visit_id, visit_id=visit_id, when=day, label=name or "",
                        detail=findings or "", visit_kind=kind))
    out.sort(key=lambda r: r["when"] or "", reverse=True)
    return out


def _check_members(conn, resident_ids) -> tuple[list[dict], list[rules.Issue]]:
    issues: list[rules.Issue] = []
    ids: list[str] = []
    for rid in resident_ids or ():
        if isinstance(rid, str) and rid and rid not in ids:
            ids.append(rid)
    if not ids:
        return [], [rules.Issue("participants", "required", {})]
    if len(ids) > MAX_PARTICIPANTS:
        return [], [rules.Issue("participants", "too_many", {"max": MAX_PARTICIPANTS})]
    found = []
    for rid in ids:
        row = one_dict(conn, "SELECT * FROM residents WHERE id = ?", (rid,))
        if row is None or row["deleted_at"]:
            issues.append(rules.Issue("participants", "not_found", {"id": rid}))
        elif not is_party_member(row):
            issues.append(rules.Issue("participants", "not_party_member", {"name": row["name"]}))
        else:
            found.append(row)
    return found, issues


def record_case_participation(cases, case_id: str, resident_ids: Iterable[str],
                              note: str | None = None) -> dict:
    """Record party members taking part in a case: one add-only 'note' event naming
    them (``cases`` is an ``app.models.cases.repository.Cases``). ``note`` defaults to
    their names. Returns the case row."""
    conn = cases.conn
    case = one_dict(conn, "SELECT id, deleted_at FROM cases WHERE id = ?", (case_id,))
    if case is None or case["deleted_at"]:
        raise NotFound(f"case {case_id} not found")
    people, issues = _check_members(conn, resident_ids)
    if issues:
        raise ValidationError(issues)
    text = (note or "").strip() or "、".join(p["name"] for p in people)
    return cases.act(case_id, "note", note=text, participants=[p["id"] for p in people])


def record_visit_participation(store, actor: Actor, visit_id: str,
                               resident_ids: Iterable[str]) -> dict:
    """Add party members to a visit's participants (kept in the order first recorded).
    Returns the visit row."""
    conn = store.conn
    visit = one_dict(conn, "SELECT * FROM visits WHERE id = ?", (visit_id,))
    if visit is None or visit["deleted_at"]:
        raise NotFound(f"visit {visit_id} not found")
    people, issues = _check_members(conn, resident_ids)
    if issues:
        raise ValidationError(issues)
    current = json.loads(visit.get("participants") or "[]")
    merged = current + [p["id"] for p in people if p["id"] not in current]
    if len(merged) > MAX_PARTICIPANTS:
        raise ValidationError([rules.Issue("participants", "too_many",
                                           {"max": MAX_PARTICIPANTS})])
    if merged != current:
        with unit_of_work(store, actor) as w:
            w.patch("visits", visit_id, {"participants": json.dumps(merged)})
    return one_dict(conn, "SELECT * FROM visits WHERE id = ?", (visit_id,))


def recent_cases(conn, grid_id: str, limit: int = 200) -> list[dict]:
    """Cases of a grid a participation can be recorded on, newest first."""
    return all_dicts(conn, "SELECT id, number, title, state, reported_at FROM cases "
                "WHERE grid_id = ? AND deleted_at IS NULL AND state != 'draft' "
                "ORDER BY rid DESC LIMIT ?", (grid_id, limit))


def recent_visits(conn, grid_id: str, limit: int = 200) -> list[dict]:
    """Visits in a grid, newest first, with the visited resident's name."""
    return all_dicts(conn, "SELECT v.id, v.visited_on, v.kind, v.findings, v.participants, "
                "r.name AS resident FROM visits v LEFT JOIN residents r ON r.id = v.resident_id "
                "WHERE v.grid_id = ? AND v.deleted_at IS NULL "
                "ORDER BY v.visited_on DESC, v.id DESC LIMIT ?", (grid_id, limit))
