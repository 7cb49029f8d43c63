"""五星支部: the evidence GridDesk already holds for each computed criterion of the
scheme (app/models/domain/stars.py), for one community and one year, with the
records behind each figure (drill-down). Qt-free, read-only.

Measures (a criterion names one, with its filters and target):

- ``disputes_resolved``: cases of the criterion's 大类/小类 (the scheme names 矛盾纠纷)
  reported in the year, and how many of them are closed;
- ``zero_cases``: cases of the named categories reported in the year (三零: 上访,
  major accidents, criminal cases); met when none. A criterion whose categories the
  category dictionary does not hold has no data: it takes evidence instead;
- ``key_visits_on_time`` / ``care_visits_on_time``: residents with an active
  key-group (重点人群) or care-group (关怀对象) tag, and how many are not overdue
  for their visit on the day assessed (the tag's visit frequency, as 工作台 counts);
- ``satisfaction``: cases closed in the year with a resident's rating, and how many
  were 满意 or 基本满意;
- ``on_time_closure``: cases of the categories closed in the year, and how many
  on or before their deadline;
- ``inspections``: the community's 九小场所 (实有单位) and how many were inspected in
  the year; "no data yet" while none are recorded (evidence instead);
- ``dual_registration``: living in-service party members (在职党员, 双报到);
- ``member_participation``: living party members, and how many took part in a
  case or a visit in the year (党建引领, app/models/roster/party.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.models.domain import stars as scheme_rules
from app.models.domain.choices import TAG_TYPES
from app.models.roster import party
from app.models.store import clock
from app.models.store.query import all_dicts, one_dict

CLOSED = ("closed", "evaluated")
SATISFIED = ("satisfied", "basically_satisfied")
DRILL_LIMIT = 500
NINE_SMALL = "nine_small"             # 九小场所 (app/models/domain/places.py ORG_KINDS)


@dataclass
class Evidence:
    """One computed criterion's figure. ``numerator``/``denominator`` for a rate,
    ``count`` for a count; ``met`` None when there is no data (``no_data`` says why);
    ``records``: what the figure counts, as (kind, ids) for the drill-down, the ones
    that fall short first (``short``)."""
    code: str
    measure: str
    target: dict
    numerator: int = 0
    denominator: int = 0
    count: int | None = None
    met: bool | None = None
    no_data: str | None = None       # "no_table" | "no_category"
    kind: str = "cases"              # cases | residents | organizations
    records: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Period:
    year: int
    start: str                        # first day, ISO date
    end: str                          # the day after the last, ISO date
    as_of: dt.date                    # the day visits are judged on

    @classmethod
    def of(cls, year: int, today: dt.date | None = None) -> "Period":
        today = today or clock.today()
        last = dt.date(year, 12, 31)
        return cls(year, f"{year}-01-01", f"{year + 1}-01-01", min(today, last))


def community(conn, unit_id: str) -> dict | None:
    return one_dict(conn, "SELECT id, code, name, path, kind, party_branch, party_secretary "
                          "FROM org_units WHERE id = ? AND deleted_at IS NULL", (unit_id,))


def _codes(criterion, categories) -> list[str]:
    """The small-category codes a criterion counts: those it names and those of the
    大类 it names, as the category dictionary in force holds them."""
    found = [c for c in criterion.categories if categories.get(c) is not None]
    for major in criterion.majors:
        found += [c.code for c in categories.by_major(major) if c.code not in found]
    return found


def _range(code: str) -> tuple[str, str]:
    return code, code[:-1] + chr(ord(code[-1]) + 1)


def _cases(conn, code: str, codes: list[str], period: Period, *, when: str,
           urgency: str | None = None) -> list[dict]:
    lo, hi = _range(code)
    marks = ",".join("?" * len(codes))
    extra, params = "", []
    if urgency:
        extra, params = " AND c.urgency = ?", [urgency]
    return all_dicts(conn, f"""
        SELECT c.id, c.state, c.deadline, c.closed_at, c.satisfaction FROM cases c
        WHERE c.deleted_at IS NULL AND c.state != 'draft' AND c.path >= ? AND c.path < ?
          AND c.category IN ({marks}) AND c.{when} >= ? AND c.{when} < ?{extra}
        ORDER BY c.{when}, c.id""", [lo, hi, *codes, period.start, period.end, *params])


def _judge(ev: Evidence) -> Evidence:
    target = ev.target
    if ev.no_data:
        ev.met = None
    elif "min_rate" in target:
        # nothing to count (no dispute all year) is nothing left undone
        ev.met = ev.rate is None or ev.rate + 1e-9 >= float(target["min_rate"])
    elif "min" in target:
        ev.met = (ev.count or 0) >= target["min"]
    elif "max" in target:
        ev.met = (ev.count or 0) <= target["max"]
    return ev


def _visits(conn, code: str, period: Period, group: str) -> tuple[list[str], list[str]]:
    """(residents with an active tag of ``group``, those overdue on ``period.as_of``)."""
    codes = [c for c, t in TAG_TYPES.items() if t.group == group]
    every = " ".join(f"WHEN '{c}' THEN {TAG_TYPES[c].visit_days}" for c in codes)
    marks = ",".join("?" * len(codes))
    day = period.as_of.isoformat()
    lo, hi = _range(code)
    rows = conn.execute(f"""
        WITH t AS (
            SELECT t.resident_id AS rid, min(CASE t.tag {every} END) AS every,
                   min(coalesce(t.since, ?)) AS since
            FROM resident_tags t
            WHERE t.deleted_at IS NULL AND t.tag IN ({marks})
              AND (t.since IS NULL OR t.since <= ?) AND (t.until IS NULL OR t.until >= ?)
            GROUP BY t.resident_id)
        SELECT r.id, t.every, t.since,
               max(coalesce((SELECT max(v.visited_on) FROM visits v WHERE v.deleted_at IS NULL
                             AND v.resident_id = r.id AND v.visited_on <= ?), ''),
                   coalesce((SELECT max(v.visited_on) FROM visits v WHERE v.deleted_at IS NULL
                             AND v.household_id = r.household_id AND v.visited_on <= ?), ''))
        FROM t JOIN residents r ON r.id = t.rid
        WHERE r.deleted_at IS NULL AND r.status = 'living' AND r.path >= ? AND r.path < ?
        ORDER BY r.id""", [day, *codes, day, day, day, day, lo, hi]).fetchall()
    everyone, overdue = [], []
    for rid, days, since, last in rows:
        everyone.append(rid)
        due = (dt.date.fromisoformat(last[:10]) + dt.timedelta(days=int(days))) if last \
            else dt.date.fromisoformat(since[:10])
        if due < period.as_of:        # due today is still on time
            overdue.append(rid)
    return everyone, overdue


def _has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def measure(conn, unit: dict, criterion, period: Period, categories) -> Evidence:
    """The evidence of one computed criterion for the community ``unit``."""
    ev = Evidence(criterion.code, criterion.measure, dict(criterion.target))
    code = unit["code"]
    m = criterion.measure
    if m in ("disputes_resolved", "zero_cases", "on_time_closure", "satisfaction"):
        codes = _codes(criterion, categories) if (criterion.majors or criterion.categories) \
            else categories.codes()
        if not codes:
            ev.no_data = "no_category"
            return _judge(ev)
        if m == "disputes_resolved":
            rows = _cases(conn, code, codes, period, when="reported_at")
            done = [r["id"] for r in rows if r["state"] in CLOSED]
            ev.denominator, ev.numerator = len(rows), len(done)
            ev.records = [r["id"] for r in rows]
            ev.short = [r["id"] for r in rows if r["state"] not in CLOSED]
        elif m == "zero_cases":
            rows = _cases(conn, code, codes, period, when="reported_at",
                          urgency=criterion.urgency)
            ev.count = len(rows)
            ev.records = ev.short = [r["id"] for r in rows]
        elif m == "on_time_closure":
            rows = [r for r in _cases(conn, code, codes, period, when="closed_at")
                    if r["state"] in CLOSED]
            late = [r["id"] for r in rows if r["deadline"] and r["closed_at"] > r["deadline"]]
            ev.denominator, ev.numerator = len(rows), len(rows) - len(late)
            ev.records, ev.short = [r["id"] for r in rows], late
        else:
            rows = [r for r in _cases(conn, code, codes, period, when="closed_at")
                    if r["satisfaction"]]
            unhappy = [r["id"] for r in rows if r["satisfaction"] not in SATISFIED]
            ev.denominator, ev.numerator = len(rows), len(rows) - len(unhappy)
            ev.records, ev.short = [r["id"] for r in rows], unhappy
        return _judge(ev)
    if m in ("key_visits_on_time", "care_visits_on_time"):
        ev.kind = "residents"
        everyone, overdue = _visits(conn, code, period, "key" if m.startswith("key") else "care")
        ev.denominator, ev.numerator = len(everyone), len(everyone) - len(overdue)
        ev.records, ev.short = everyone, overdue
        return _judge(ev)
    if m == "inspections":
        # 九小场所 of the community inspected in the year (实有单位, app/models/places)
        ev.kind = "organizations"
        if not (_has_table(conn, "inspections") and _has_table(conn, "organizations")):
            ev.no_data = "no_table"
            return _judge(ev)
        lo, hi = _range(code)
        venues = [r[0] for r in conn.execute(
            "SELECT id FROM organizations WHERE deleted_at IS NULL AND kind = ? "
            "AND path >= ? AND path < ? ORDER BY id", (NINE_SMALL, lo, hi))]
        inspected = {r[0] for r in conn.execute(
            "SELECT DISTINCT i.organization_id FROM inspections i JOIN organizations o "
            "ON o.id = i.organization_id WHERE i.deleted_at IS NULL AND o.kind = ? "
            "AND o.path >= ? AND o.path < ? AND i.inspected_on >= ? AND i.inspected_on < ?",
            (NINE_SMALL, lo, hi, period.start, period.end))}
        if not venues:
            ev.no_data = "no_table"       # none recorded yet: evidence instead
            return _judge(ev)
        ev.denominator, ev.numerator = len(venues), sum(1 for v in venues if v in inspected)
        ev.count = None if "min_rate" in ev.target else len(inspected)
        ev.records, ev.short = venues, [v for v in venues if v not in inspected]
        return _judge(ev)
    ev.kind = "residents"
    lo, hi = _range(code)
    if m == "dual_registration":
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM residents WHERE deleted_at IS NULL AND status = 'living' "
            "AND in_service_party_member = 1 AND path >= ? AND path < ? ORDER BY id", (lo, hi))]
        ev.count, ev.records = len(ids), ids
        return _judge(ev)
    # member_participation
    members = [r[0] for r in conn.execute(
        "SELECT r.id FROM residents r WHERE r.deleted_at IS NULL AND r.status = 'living' "
        f"AND ({' OR '.join(_party_sql())}) AND r.path >= ? AND r.path < ? ORDER BY r.id",
        (lo, hi))]
    took_part = {rid for (rid,) in conn.execute(
        "SELECT j.value FROM case_events e, json_each(e.data, '$.participants') j "
        "WHERE e.action = 'note' AND e.data LIKE '%\"participants\"%' AND e.deleted_at IS NULL "
        "AND e.device_time >= ? AND e.device_time < ?", (period.start, period.end))}
    took_part |= {rid for (rid,) in conn.execute(
        "SELECT j.value FROM visits v, json_each(v.participants) j WHERE v.participants != '[]' "
        "AND v.deleted_at IS NULL AND v.visited_on >= ? AND v.visited_on < ?",
        (period.start, period.end))}
    ev.denominator = len(members)
    ev.numerator = sum(1 for r in members if r in took_part)
    ev.records = members
    ev.short = [r for r in members if r not in took_part]
    return _judge(ev)


def _party_sql() -> list[str]:
    return [f"r.political_status IN {party.PARTY_STATUS!r}", "r.in_service_party_member = 1"]


def evidence(conn, unit_id: str, year: int, scheme, categories, *,
             today: dt.date | None = None) -> dict[str, Evidence]:
    """criterion code -> Evidence, for every computed criterion of ``scheme``."""
    conn = getattr(conn, "conn", conn)
    unit = community(conn, unit_id)
    if unit is None:
        return {}
    period = Period.of(year, today)
    return {c.code: measure(conn, unit, c, period, categories)
            for s in scheme.stars for c in s.criteria if c.computed}


def met_by(scheme, found: dict[str, Evidence], claims: dict) -> dict[str, bool]:
    """Which criteria count as met: a computed one by its evidence (or, where there is
    no data yet, by the community's claim with evidence), an evidence-only one by the
    community's claim."""
    out = {}
    for star in scheme.stars:
        for c in star.criteria:
            ev = found.get(c.code)
            if c.computed and ev is not None and ev.met is not None:
                out[c.code] = ev.met
            else:
                out[c.code] = bool((claims.get(c.code) or {}).get("met"))
    return out


def summary(scheme, met: dict[str, bool]) -> list[dict]:
    """Per star: points, pass points, earned, and the points still missing."""
    return [dict(code=s.code, star=s, points=scheme_rules.star_points(s, met),
                 pass_points=s.pass_points, total=s.total, earned=scheme_rules.earned(s, met),
                 gap=scheme_rules.gap(s, met)) for s in scheme.stars]


def next_star(rows: list[dict]) -> dict | None:
    """The star not yet earned that is nearest (fewest points missing)."""
    open_ = [r for r in rows if not r["earned"]]
    return min(open_, key=lambda r: r["gap"]) if open_ else None


def drill(conn, kind: str, ids: list[str], *, limit: int = DRILL_LIMIT) -> list[dict]:
    """The records behind a figure, for a table: cases by number and title, residents
    by name and address (no ID number or phone), organizations by name and their last
    inspection."""
    conn = getattr(conn, "conn", conn)
    ids = list(ids)[:limit]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    if kind == "cases":
        rows = all_dicts(conn, "SELECT id, number, title, category, state, reported_at, "
                         f"closed_at, deadline, satisfaction FROM cases WHERE id IN ({marks})",
                         ids)
    elif kind == "residents":
        rows = all_dicts(conn, f"""
            SELECT r.id, r.name, g.name AS grid, a.full_name AS address,
                   (SELECT max(v.visited_on) FROM visits v WHERE v.deleted_at IS NULL AND
                    (v.resident_id = r.id OR v.household_id = r.household_id)) AS last_visit,
                   (SELECT group_concat(t.tag) FROM resident_tags t WHERE t.deleted_at IS NULL
                    AND t.resident_id = r.id) AS tags
            FROM residents r LEFT JOIN org_units g ON g.id = r.grid_id
            LEFT JOIN households h ON h.id = r.household_id
            LEFT JOIN addresses a ON a.id = h.room_id WHERE r.id IN ({marks})""", ids)
    else:
        rows = all_dicts(conn, f"""
            SELECT o.id, o.name, o.category, g.name AS grid,
                   (SELECT max(i.inspected_on) FROM inspections i WHERE i.deleted_at IS NULL
                    AND i.organization_id = o.id) AS last_inspection
            FROM organizations o LEFT JOIN org_units g ON g.id = o.grid_id
            WHERE o.id IN ({marks})""", ids)
    order = {rid: n for n, rid in enumerate(ids)}
    rows.sort(key=lambda r: order.get(r["id"], 0))
    return rows
