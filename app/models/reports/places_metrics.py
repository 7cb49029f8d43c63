"""Indicators of houses and organizations for the statistics page and the monthly
report (docs/domain-houses.md "Statistics"): pure functions over the store, each a
``metrics.Ratio`` (numerator, denominator, value in % rounded half-up to 2 decimals,
None when there is nothing to divide by), for an org code prefix (a grid, a community,
a street: houses and organizations lie under their address's code, which starts with
its grid's) and a month, with the records behind every figure.

* ``rental_registration_rate`` (出租屋登记率): rentals (出租 and 群租) as they stand
  (the roster keeps no history of a house's use), and those registered (a 出租屋
  registration number or date). The denominator is the 出租屋 count.
* ``nine_small_on_time_rate`` (九小场所按期检查率): the 九小场所, and those inspected on
  time as of the month's last day (today for the running month): inspected at least
  once by that day and their last inspection's re-inspection date not before it.
* ``hazard_closure_rate`` (隐患整改率, hazards closed): the inspections of the month
  that found a hazard, and those whose case is closed (closed or evaluated) by the
  day the figure is made (``as_of``, default today; a hazard not yet turned into a
  case is not closed).
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from app.models.reports.metrics import Ratio
from app.models.store import clock
from app.models.store.query import all_dicts

NAMES = ("rental_registration_rate", "nine_small_on_time_rate", "hazard_closure_rate")

LAST_INSPECTION = """(SELECT x.id FROM inspections x WHERE x.organization_id = o.id
    AND x.deleted_at IS NULL AND x.inspected_on <= :day
    ORDER BY x.inspected_on DESC, x.id DESC LIMIT 1)"""

# per indicator: the rows counted (FROM … WHERE …, the row's code as ``path``), the
# numerator's condition, and the record each row is (what a drill-down lists)
SPECS = {
    "rental_registration_rate": dict(
        rows="FROM houses h JOIN addresses a ON a.id = h.address_id WHERE h.deleted_at IS NULL "
             "AND h.use IN ('rental', 'group_rental')",
        path="h.path",
        counted="(h.registration_no IS NOT NULL OR h.registered_on IS NOT NULL)",
        record="h.id AS id, 'house' AS kind, a.full_name AS address, h.use AS use, "
               "h.owner_name AS name, h.registration_no AS registration_no, "
               "h.registered_on AS registered_on"),
    "nine_small_on_time_rate": dict(
        rows="FROM organizations o LEFT JOIN addresses a ON a.id = o.address_id "
             f"LEFT JOIN inspections i ON i.id = {LAST_INSPECTION} "
             "WHERE o.deleted_at IS NULL AND o.kind = 'nine_small'",
        path="o.path",
        counted="(i.next_due IS NOT NULL AND i.next_due >= :day)",
        record="o.id AS id, 'organization' AS kind, o.name AS name, o.category AS category, "
               "a.full_name AS address, i.inspected_on AS inspected_on, "
               "i.next_due AS next_due"),
    "hazard_closure_rate": dict(
        rows="FROM inspections i JOIN organizations o ON o.id = i.organization_id "
             "LEFT JOIN addresses a ON a.id = o.address_id "
             "LEFT JOIN cases c ON c.id = i.case_id AND c.deleted_at IS NULL "
             "WHERE i.deleted_at IS NULL AND o.deleted_at IS NULL "
             "AND i.checklist LIKE '%\"hazard\"%' "
             "AND i.inspected_on >= :start AND i.inspected_on < :end",
        path="o.path",
        counted="(c.state IN ('closed', 'evaluated') AND c.closed_at IS NOT NULL "
                "AND substr(c.closed_at, 1, 10) <= :today)",
        record="o.id AS id, 'organization' AS kind, o.name AS name, a.full_name AS address, "
               "i.id AS inspection_id, i.inspected_on AS inspected_on, "
               "i.checklist AS checklist, c.number AS case_number, c.state AS case_state"),
}


def percent(numerator: int, denominator: int) -> Ratio:
    if not denominator:
        return Ratio(numerator, 0, None)
    value = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Ratio(numerator, denominator, float(value))


def empty() -> dict[str, Ratio]:
    return {name: Ratio(0, 0, None) for name in NAMES}


def _params(start: dt.date, end: dt.date, org: str | None, as_of: dt.date | None) -> dict:
    today = as_of or clock.today()
    day = min(end - dt.timedelta(days=1), today)
    lo = org or ""
    return {"start": start.isoformat(), "end": end.isoformat(), "day": day.isoformat(),
            "today": today.isoformat(), "lo": lo, "hi": lo + "\uffff"}


def _scope(spec: dict) -> str:
    return f" AND {spec['path']} >= :lo AND {spec['path']} < :hi"


def indicators_by(conn, depth: int | None, *, start: dt.date, end: dt.date,
                  org: str | None = None, as_of: dt.date | None = None
                  ) -> dict[str | None, dict[str, Ratio]]:
    """The three figures per group: the first ``depth`` characters of the code (15 a
    grid, 12 a community…), or one group ``None`` when ``depth`` is None."""
    conn = getattr(conn, "conn", conn)
    params = _params(start, end, org, as_of)
    out: dict[str | None, dict[str, Ratio]] = {}
    for name, spec in SPECS.items():
        key = f"substr({spec['path']}, 1, {int(depth)})" if depth else "NULL"
        for group, den, num in conn.execute(
                f"SELECT {key}, count(*), coalesce(sum({spec['counted']}), 0) {spec['rows']}"
                f"{_scope(spec)} GROUP BY 1", params):
            out.setdefault(group, empty())[name] = percent(num, den)
    return out


def indicators(conn, *, start: dt.date, end: dt.date, org: str | None = None,
               as_of: dt.date | None = None) -> dict[str, Ratio]:
    return indicators_by(conn, None, start=start, end=end, org=org, as_of=as_of).get(
        None, empty())


def records(conn, indicator: str, part: str = "denominator", *, start: dt.date, end: dt.date,
            org: str | None = None, as_of: dt.date | None = None, limit: int = 5000
            ) -> list[dict]:
    """The houses, organizations or hazard inspections behind a figure: every row
    counted (``denominator``), those in the numerator, or the ``rest``; in code order."""
    conn = getattr(conn, "conn", conn)
    spec = SPECS[indicator]
    where = {"denominator": "", "numerator": f" AND {spec['counted']}",
             "rest": f" AND NOT coalesce({spec['counted']}, 0)"}[part]
    return all_dicts(conn, f"SELECT {spec['record']} {spec['rows']}{_scope(spec)}{where} "
                     f"ORDER BY {spec['path']} LIMIT :limit",
                     {**_params(start, end, org, as_of), "limit": limit})
