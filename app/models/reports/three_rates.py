"""The 三率 of 12345 on the desktop (issue 21): 响应率, 解决率, 满意率 over residents'
demands, per org subtree / holder department / worker, with the cases behind each
figure. The formulas are app.models.domain.three_rates (the city server counts with
the same); this module reads each case's facts from the store, with the filters and
groupings of ``metrics`` (org prefix, holder unit, worker, half-open period).
"""
from __future__ import annotations

from typing import Any

from app.models.domain import three_rates as rates
from app.models.reports import metrics
from app.models.store import clock

NAMES = rates.NAMES
_RESPONSES = ", ".join(f"'{a}'" for a in rates.RESPONSE_ACTIONS)


def _facts(conn, f: metrics.Filters, group_key: str = "NULL", group_join: str = ""
           ) -> list[tuple[Any, rates.CaseFacts]]:
    """(group key, facts) of every case in scope, newest first."""
    where, params = f.scope(rejected=True)
    conn = getattr(conn, "conn", conn)
    rows = conn.execute(f"""
        WITH ev AS (
            SELECT e.case_id AS id,
                substr(min(CASE WHEN e.action IN ({_RESPONSES})
                           THEN printf('%010d', e.seq) || e.device_time END), 11) AS responded_t,
                max(CASE WHEN e.action = 'evaluate' THEN e.device_time END) AS evaluated_t,
                max(CASE WHEN e.action = 'report' AND e.role = 'intake' THEN 1 ELSE 0 END)
                    AS via_channel
            FROM case_events e
            WHERE e.conflict = 0 AND e.deleted_at IS NULL
              AND e.case_id IN (SELECT c.id FROM cases c WHERE {where})
            GROUP BY e.case_id)
        SELECT {group_key}, c.id, c.state, c.source, c.reported_at, ev.responded_t,
               c.satisfaction, ev.evaluated_t, coalesce(ev.via_channel, 0)
        FROM cases c LEFT JOIN ev ON ev.id = c.id {group_join}
        WHERE {where}
        ORDER BY c.rid DESC""", params).fetchall()
    return [(grp, rates.CaseFacts(case_id, state, source, metrics.instant(reported),
                                  metrics.instant(responded), sat, metrics.instant(evaluated),
                                  bool(via)))
            for grp, case_id, state, source, reported, responded, sat, evaluated, via in rows]


def _kw(start, end, calendar, limit_hours, as_of) -> dict:
    hours = calendar.working_hours_between if calendar is not None else rates.wall_hours
    return dict(start=metrics.instant(start), end=metrics.instant(end),
                as_of=metrics.instant(as_of if as_of is not None else clock.now()),
                limit_hours=limit_hours, hours_between=hours)


def _ratios(tallied: dict) -> dict[str, metrics.Ratio]:
    return {name: metrics.Ratio(len(num), len(den), rates.percent(len(num), len(den)))
            for name, (num, den) in tallied.items()}


def three_rates(conn, *, start=None, end=None, org=None, unit=None, worker=None,
                calendar=None, limit_hours: float = rates.RESPONSE_LIMIT_HOURS, as_of=None
                ) -> dict[str, metrics.Ratio]:
    """The three rates for one org subtree / unit / worker and period."""
    f = metrics.period_filters(org, unit, worker, start, end)
    facts = [x for _g, x in _facts(conn, f)]
    return _ratios(rates.tally(facts, **_kw(start, end, calendar, limit_hours, as_of)))


def three_rates_by(conn, by: str, *, depth: int | None = None, start=None, end=None,
                   org=None, unit=None, worker=None, calendar=None,
                   limit_hours: float = rates.RESPONSE_LIMIT_HOURS, as_of=None
                   ) -> dict[Any, dict[str, metrics.Ratio]]:
    """Per group, as ``metrics.indicators_by`` groups (grid / community by ``depth``,
    department, worker); groups with no case in scope are absent."""
    f = metrics.period_filters(org, unit, worker, start, end)
    key, join = metrics.group_sql(by, depth)
    groups: dict[Any, list] = {}
    for grp, facts in _facts(conn, f, key, join):
        groups.setdefault(grp, []).append(facts)
    kw = _kw(start, end, calendar, limit_hours, as_of)
    return {grp: _ratios(rates.tally(facts, **kw)) for grp, facts in groups.items()}


def case_ids(conn, name: str, part: str = "denominator", *, start=None, end=None, org=None,
             unit=None, worker=None, calendar=None,
             limit_hours: float = rates.RESPONSE_LIMIT_HOURS, as_of=None) -> list[str]:
    """The cases behind a figure, newest first ('numerator', 'denominator' or 'rest')."""
    if name not in NAMES:
        raise ValueError(f"unknown indicator {name!r}")
    if part not in ("numerator", "denominator", "rest"):
        raise ValueError(f"unknown part {part!r}")
    f = metrics.period_filters(org, unit, worker, start, end)
    facts = [x for _g, x in _facts(conn, f)]
    num, den = rates.tally(facts, **_kw(start, end, calendar, limit_hours, as_of))[name]
    if part == "numerator":
        return num
    if part == "denominator":
        return den
    inside = set(num)
    return [i for i in den if i not in inside]

