"""Case indicators (评价一标准, domain.md §5): pure functions over the store.

Every function takes a connection (or a ``Store``) and the same filters, runs
SQL over ``cases`` and ``case_events`` and returns a :class:`Ratio`: numerator,
denominator and value, so the UI can show "911 / 972" and drill down. A
percentage is rounded half-up to 2 decimals; the value is ``None`` (never 0,
never an exception) when the denominator is 0. ``indicators`` returns all of
them at once.

Filters (all optional, combined with AND)
-----------------------------------------
* ``org``: an org code prefix. ``cases.path`` is the case's grid code and org
  codes nest by prefix (DB11 style), so "everything under 410105003" is the
  range ``[410105003, 410105004)`` on ``cases.path`` (index ``cases_path``).
* ``unit``: the holder unit (a department's org unit id), ``cases.holder_unit_id``.
* ``worker``: a user id, matched against ``cases.created_by`` (reported it) or
  ``cases.holder_user_id`` (holds it).
* ``start``/``end``: the period, half-open ``[start, end)``; a ``date`` is local
  midnight, a naive datetime or string is local time (UTC+8, Asia/Shanghai),
  an aware one is converted. ``None`` leaves that side open.

Soft-deleted cases never count; drafts never count. Times are compared as
instants (``julianday``), whatever offset they were written with; a stored
value without an offset is taken as local time, and a date-only deadline
means the end of that day. Event times are device times (``device_time``),
the time the step happened; only events the state machine applied count
(``conflict = 0``).

"Due in the period" (应结案), the denominator of the closure rates
--------------------------------------------------------------------
A reported, not rejected case is *due in the period* when

  (a) it was closed in the period (``closed_at`` in ``[start, end)``), or
  (b) its deadline falls in the period and it was not already closed before
      ``start``,

where the deadline is ``cases.deadline``, the *effective* one: the category's
limit plus approved extensions, as the case projection writes it. So

* a case closed early (before a deadline in a later period) counts once, in
  the period it was closed;
* a case due in the period that is still open at ``end``, or closed only after
  ``end``, counts as due and not closed (应结未结); when it is finally closed it
  counts again, as closed late, in that later period;
* a case whose approved extension moves its deadline past ``end`` is no longer
  due in the period (it leaves both denominators); and, as domain.md says for
  the on-time rate, a *deferred* case (one with an approved extension,
  ``extra_days > 0``) leaves the denominator of the on-time rates even when its
  extended deadline still falls in the period: the on-time denominator is
  ``due - deferred`` (``closure_rate.denominator - on_time_closure_rate.denominator``
  is the number of deferred cases).

Closed = state ``closed`` or ``evaluated`` with a ``closed_at``. With 972 cases due
in November, 911 of them closed in November and 737 closed on or before their
deadline, ``closure_rate`` is 911/972 = 93.72 % and ``on_time_closure_rate``
737/972 = 75.82 % (domain.md's sanity figures).

The other indicators
--------------------
* ``on_time_handling_rate`` (按期处置率): over the same on-time denominator,
  the cases whose handling was finished by their deadline and before ``end``;
  "finished" = the last applied ``feedback``/``self_handle`` of a case that is
  now handled, closed or evaluated (so handling that failed verification and
  was redone counts at the redo).
* ``timely_acceptance_rate`` (及时受理率): cases reported in the period that need
  acceptance (self-handled cases do not); timely when the first applied
  ``accept`` or ``reject`` came within ``limit_hours`` (default 1 working hour)
  of ``reported_at``. A case still waiting is late once the limit has passed
  at ``as_of`` (default now) and is left out while it is still within it.
  Working hours with a calendar, wall-clock hours otherwise (see below).
* ``rework_rate`` (返工率): cases verified in the period (an applied
  ``verify_pass``/``verify_fail`` in the period) with at least one applied
  ``verify_fail`` in the period ÷ cases verified in the period.
* ``mean_handling_hours`` (平均处置时长): over cases whose handling finished in the
  period (as above), from the clock start (``clock_start``: dispatch, or the
  report for a self-handled case; ``reported_at`` if missing) to that finish.
  Numerator = total hours, denominator = cases, value = mean, all 2 decimals.
  Working hours when a calendar is given (any object with
  ``working_hours_between(a, b)`` taking aware datetimes, e.g.
  ``app.models.domain.calendar.WorkCalendar``), wall-clock hours otherwise. A negative
  span (device clock skew) counts as 0.
* ``satisfaction_rate`` (满意率): cases evaluated in the period (an applied
  ``evaluate`` event in the period; with no period, every evaluated case) rated
  ``satisfied`` or ``basically_satisfied`` ÷ cases evaluated in the period.
* ``online_handling_rate`` (网上办理率): cases closed in the period whose whole
  loop is recorded as applied events (``report``, then ``self_handle`` or
  ``accept``+``dispatch``+``sign``+``feedback``, then ``verify_pass``) ÷ cases closed
  in the period. Only a finished loop can be judged, so the denominator is the
  closed cases rather than every case; cases that reached ``closed`` without
  that record (imported, or closed on paper and entered afterwards) are the
  ones that were not handled online.

Scope is the caller's business: pass the signed-in user's scope code as ``org``.

Breakdowns and drill-down
-------------------------
``indicators_by(conn, 'org'|'unit'|'worker', ...)`` gives every indicator per org
subtree (grouped by a code prefix length), per holder unit (departments) or per worker
in one pass; each group's figures equal ``indicators`` filtered to that group.
``case_ids(conn, indicator, 'numerator'|'denominator'|'rest', ...)`` lists the cases
behind a figure, so every number on screen opens the cases it counts.

Cost: ``indicators`` is one pass over the case_events of the cases in scope (folded
per case) and one over the cases; each single-indicator function runs the same
query (the two closure rates skip the events). About 2.4 s for 200,000 cases and
1,000,000 events on the 2-core reference machine, 0.8 s for one street's month
(bench/cases.py): call it off the GUI thread.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol

from app.models.roster.search import path_range
from app.models.store import clock

LOCAL_TZ = dt.timezone(dt.timedelta(hours=8), "CST")   # Asia/Shanghai, no DST
TIMELY_ACCEPTANCE_HOURS = 1.0
SATISFIED = ("satisfied", "basically_satisfied")
CLOSED_STATES = ("closed", "evaluated")
HANDLED_STATES = ("handled", "closed", "evaluated")

INDICATORS = (
    "closure_rate", "on_time_closure_rate", "timely_acceptance_rate", "on_time_handling_rate",
    "rework_rate", "mean_handling_hours", "satisfaction_rate", "online_handling_rate",
)
LABELS = {
    "closure_rate": ("结案率", "Closure rate"),
    "on_time_closure_rate": ("按期结案率", "On-time closure rate"),
    "timely_acceptance_rate": ("及时受理率", "Timely acceptance rate"),
    "on_time_handling_rate": ("按期处置率", "On-time handling rate"),
    "rework_rate": ("返工率", "Rework rate"),
    "mean_handling_hours": ("平均处置时长", "Mean handling time"),
    "satisfaction_rate": ("满意率", "Satisfaction rate"),
    "online_handling_rate": ("网上办理率", "Online handling rate"),
}


class Calendar(Protocol):
    def working_hours_between(self, a: dt.datetime, b: dt.datetime) -> float: ...


@dataclass(frozen=True)
class Ratio:
    """One indicator: ``value`` = numerator ÷ denominator (×100 for '%'), or None."""
    numerator: float
    denominator: int
    value: float | None
    unit: str = "%"          # '%' or 'h' (mean_handling_hours)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _round2(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _percent(numerator: int, denominator: int) -> Ratio:
    numerator, denominator = int(numerator or 0), int(denominator or 0)
    value = _round2(Decimal(numerator) * 100 / Decimal(denominator)) if denominator else None
    return Ratio(numerator, denominator, value)


def _mean(total: Decimal | float, count: int) -> Ratio:
    count = int(count or 0)
    total_d = total if isinstance(total, Decimal) else Decimal(repr(float(total or 0)))
    return Ratio(_round2(total_d), count, _round2(total_d / count) if count else None, "h")


# -- time ------------------------------------------------------------------------

_LOCAL_SHIFT = f"'{-LOCAL_TZ.utcoffset(None).total_seconds() / 3600:+.0f} hours'"


def julian_day(col: str, *, end_of_day: bool = False) -> str:
    """SQL: the instant in ``col`` as a Julian day (UTC). Values with an offset or
    'Z' are converted; values without one are local time; with ``end_of_day`` a
    date-only value means the end of that day."""
    aware = (f"((substr({col}, -6, 1) IN ('+', '-') AND substr({col}, -3, 1) = ':') "
             f"OR substr({col}, -1) IN ('Z', 'z'))")
    day = f"CASE WHEN length({col}) = 10 THEN '+1 day' ELSE '+0 days' END, " if end_of_day else ""
    return f"julianday({col}, {day}CASE WHEN {aware} THEN '+0 hours' ELSE {_LOCAL_SHIFT} END)"


def instant(value: dt.date | dt.datetime | str | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value


def _bound(value) -> str | None:
    """A period bound as a UTC ISO string for ``julianday(?)``."""
    moment = instant(value)
    return None if moment is None else moment.astimezone(dt.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _working_hours(a: str, b: str, calendar: Calendar) -> float:
    return float(calendar.working_hours_between(instant(a), instant(b)))


# -- filters -----------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    org: str | None
    unit: str | None
    worker: str | None
    start: str | None
    end: str | None

    def scope(self, *, rejected: bool = False) -> tuple[str, dict]:
        where = ["c.deleted_at IS NULL", "c.state != 'draft'"]
        params: dict[str, Any] = {}
        if not rejected:
            where.append("c.state != 'rejected'")
        if self.org:
            params["org_lo"], params["org_hi"] = path_range(self.org)
            where.append("c.path >= :org_lo AND c.path < :org_hi")
        if self.unit:
            params["unit"] = self.unit
            where.append("c.holder_unit_id = :unit")
        if self.worker:
            params["worker"] = self.worker
            where.append("(c.created_by = :worker OR c.holder_user_id = :worker)")
        return " AND ".join(where), params

    def params(self) -> dict:
        day = dt.timedelta(days=1)
        rough_lo = (instant(self.start) - day).date().isoformat() if self.start else None
        rough_hi = (instant(self.end) + 2 * day).date().isoformat() if self.end else None
        return {"start": self.start, "end": self.end, "rough_lo": rough_lo,
                "rough_hi": rough_hi}

    def rough(self, col: str) -> str:
        """SQL: ``col`` (ISO text) may be in the period: a superset test, no parsing."""
        parts = ["1"]
        if self.start:
            parts.append(f"{col} >= :rough_lo")
        if self.end:
            parts.append(f"{col} < :rough_hi")
        return "(" + " AND ".join(parts) + ")"

    def within(self, jd_expr: str) -> str:
        """SQL: the instant ``jd_expr`` is in the period (and not NULL)."""
        parts = [f"{jd_expr} IS NOT NULL"]
        if self.start:
            parts.append(f"{jd_expr} >= julianday(:start)")
        if self.end:
            parts.append(f"{jd_expr} < julianday(:end)")
        return "(" + " AND ".join(parts) + ")"

    def before_start(self, jd_expr: str) -> str:
        return f"({jd_expr} < julianday(:start))" if self.start else "0"

    def before_end(self, jd_expr: str) -> str:
        return f"({jd_expr} < julianday(:end))" if self.end else "1"


def period_filters(org=None, unit=None, worker=None, start=None, end=None) -> Filters:
    s, e = _bound(start), _bound(end)      # start >= end: an empty period (all None)
    return Filters(org or None, unit or None, worker or None, s, e)


def _conn(conn):
    return getattr(conn, "conn", conn)


# -- the computation: one pass over the events, one over the cases ------------------------
#
# ``ev`` folds each case's applied events (conflict = 0) into a row of facts: when the
# handling last finished, when the case was first accepted or rejected, when it was
# evaluated, whether it was verified / failed verification in the period, and a bit mask
# of the loop's steps. ``k`` joins those facts to the cases in scope; the final SELECT
# counts every numerator and denominator at once. "The event with the highest seq" is
# taken as max(zero-padded seq || device_time), which needs no second lookup.

_STEP_BITS = {"report": 1, "accept": 2, "dispatch": 4, "sign": 8, "feedback": 16,
              "self_handle": 32, "verify_pass": 64}
# each step's bit once per case: the sum of the distinct bits is the mask
_STEPS_SQL = ("total(DISTINCT CASE e.action " + " ".join(
    f"WHEN '{a}' THEN {bit}" for a, bit in _STEP_BITS.items()) + " END)")
# report and verify_pass, and self_handle or accept + dispatch + sign + feedback
_ONLINE = "((m & 65) = 65 AND ((m & 32) = 32 OR (m & 30) = 30))"
_EPS = 1e-9           # days (~0.1 ms): instants equal to the millisecond compare equal
_DUE_ONLY = frozenset({"closure_rate", "on_time_closure_rate"})


# Grouping (``indicators_by``): each case's group key as SQL over ``cases c``. A worker
# group counts a case for the worker who reported it and for the one who holds it, as
# the ``worker`` filter does, so a row is joined twice when the two differ.
_WORKER_JOIN = ("JOIN (SELECT 1 AS w UNION ALL SELECT 2) wk ON (wk.w = 1 OR "
                "(c.holder_user_id IS NOT NULL AND c.holder_user_id IS NOT c.created_by))")
_WORKER_KEY = "CASE wk.w WHEN 1 THEN c.created_by ELSE c.holder_user_id END"
GROUPINGS = ("org", "unit", "worker")


def group_sql(by: str | None, depth: int | None) -> tuple[str, str]:
    """(key expression, extra join) for a grouping; no grouping = one constant group."""
    if by is None:
        return "NULL", ""
    if by == "org":
        if not depth or depth < 1:
            raise ValueError("grouping by org needs the code length of the groups (depth)")
        return f"substr(c.path, 1, {int(depth)})", ""
    if by == "unit":
        return "c.holder_unit_id", ""
    if by == "worker":
        return _WORKER_KEY, _WORKER_JOIN
    raise ValueError(f"unknown grouping {by!r}; one of {GROUPINGS}")


def _sql(f: Filters, *, events: bool, group: tuple[str, str] = ("NULL", "")
         ) -> tuple[str, dict]:
    """The CTEs: k3 holds one row per case in scope (rejected included, flagged), with
    its id (``case_id``) and its group key (``grp``)."""
    where, params = f.scope(rejected=True)
    group_key, group_join = group
    if f.start or f.end:
        # a cheap string test first (ISO text sorts by time to within a day whatever
        # the offset), then the exact one
        in_period = f"({f.rough('e.device_time')} AND {f.within(julian_day('e.device_time'))})"
    else:
        in_period = "e.device_time IS NOT NULL"
    if events:
        restrict = ""
        if f.org or f.unit or f.worker:
            restrict = f"AND e.case_id IN (SELECT c.id FROM cases c WHERE {where})"
        ev = f"""
        ev AS MATERIALIZED (
            SELECT e.case_id AS id,
                substr(max(CASE WHEN e.action IN ('feedback', 'self_handle')
                           THEN printf('%010d', e.seq) || e.device_time END), 11) AS handled_t,
                substr(min(CASE WHEN e.action IN ('accept', 'reject')
                           THEN printf('%010d', e.seq) || e.device_time END), 11) AS decided_t,
                max(CASE WHEN e.action = 'evaluate' THEN e.device_time END) AS evaluated_t,
                max(CASE WHEN e.action IN ('verify_pass', 'verify_fail') AND {in_period}
                    THEN 1 ELSE 0 END) AS verified_in,
                max(CASE WHEN e.action = 'verify_fail' AND {in_period}
                    THEN 1 ELSE 0 END) AS failed_in,
                CAST({_STEPS_SQL} AS INTEGER) AS m
            FROM case_events e
            WHERE e.conflict = 0 AND e.deleted_at IS NULL {restrict}
            GROUP BY e.case_id
        ),"""
        facts = ("ev.handled_t AS handled_t, ev.decided_t AS decided_t, "
                 "ev.evaluated_t AS evaluated_t, coalesce(ev.verified_in, 0) AS vi, "
                 "coalesce(ev.failed_in, 0) AS fi, coalesce(ev.m, 0) AS m")
        join = "LEFT JOIN ev ON ev.id = c.id"
    else:
        ev = ""
        facts = ("NULL AS handled_t, NULL AS decided_t, NULL AS evaluated_t, 0 AS vi, "
                 "0 AS fi, 0 AS m")
        join = ""
    sql = f"""
        WITH {ev}
        k AS MATERIALIZED (
            SELECT c.id AS case_id, c.rid AS case_rid, {group_key} AS grp,
                   c.state = 'rejected' AS rejected,
                   (c.state IN {CLOSED_STATES!r} AND c.closed_at IS NOT NULL) AS is_closed,
                   (coalesce(c.extra_days, 0) > 0) AS deferred,
                   c.satisfaction AS sat, c.reported_at AS reported_t,
                   coalesce(c.clock_start, c.reported_at) AS start_t,
                   {julian_day('c.closed_at')} AS cj,
                   {julian_day('c.deadline', end_of_day=True)} AS dj,
                   CASE WHEN c.state IN {HANDLED_STATES!r} THEN 1 ELSE 0 END AS handled_now,
                   {facts}
            FROM cases c {join} {group_join}
            WHERE {where}
        ), k2 AS MATERIALIZED (
            SELECT k.*, {julian_day('reported_t')} AS rj, {julian_day('start_t')} AS sj,
                   CASE WHEN handled_now THEN {julian_day('handled_t')} END AS hj,
                   {julian_day('decided_t')} AS aj, {julian_day('evaluated_t')} AS ej
            FROM k
        ), k3 AS MATERIALIZED (
            SELECT k2.*,
                (NOT rejected AND ((is_closed AND {f.within('cj')})
                  OR ({f.within('dj')} AND NOT (is_closed AND {f.before_start('cj')}))))
                  AS due,
                (NOT rejected AND is_closed AND {f.within('cj')}) AS closed_in,
                ({f.within('rj')} AND (m & 32) = 0) AS acc_pop,
                (NOT rejected AND sj IS NOT NULL AND {f.within('hj')}) AS handled_in
            FROM k2
        )"""
    return sql, {**params, **f.params()}


def _conditions(f: Filters) -> dict[str, str]:
    """SQL over k3: which cases each count (numerator or denominator) is made of."""
    evaluated_in = f.within("ej") if (f.start or f.end) else "1"
    return {
        "due": "due",
        "closed": "closed_in",
        "on_time_due": "due AND NOT deferred",
        "closed_on_time": f"closed_in AND NOT deferred AND dj IS NOT NULL AND cj <= dj + {_EPS}",
        "handled_on_time": (f"due AND NOT deferred AND dj IS NOT NULL AND hj IS NOT NULL "
                            f"AND hj <= dj + {_EPS} AND {f.before_end('hj')}"),
        "decided": "acc_pop AND aj IS NOT NULL",
        "timely": "acc_pop AND aj IS NOT NULL AND (aj - rj) * 24.0 <= :limit",
        "waiting_late": "acc_pop AND aj IS NULL AND (julianday(:as_of) - rj) * 24.0 > :limit",
        "accept_base": ("acc_pop AND (aj IS NOT NULL OR "
                        "(julianday(:as_of) - rj) * 24.0 > :limit)"),
        "handled": "handled_in",
        "verified": "NOT rejected AND vi",
        "failed": "NOT rejected AND vi AND fi",
        "evaluated": f"NOT rejected AND sat IS NOT NULL AND {evaluated_in}",
        "satisfied": f"NOT rejected AND sat IN {SATISFIED!r} AND {evaluated_in}",
        "online": f"closed_in AND {_ONLINE}",
    }


# indicator -> (numerator's cases, denominator's cases), names of ``_conditions``
PARTS = {
    "closure_rate": ("closed", "due"),
    "on_time_closure_rate": ("closed_on_time", "on_time_due"),
    "timely_acceptance_rate": ("timely", "accept_base"),
    "on_time_handling_rate": ("handled_on_time", "on_time_due"),
    "rework_rate": ("failed", "verified"),
    "mean_handling_hours": ("handled", "handled"),
    "satisfaction_rate": ("satisfied", "evaluated"),
    "online_handling_rate": ("online", "closed"),
}
_COUNTS = ("due", "closed", "on_time_due", "closed_on_time", "handled_on_time", "decided",
           "timely", "waiting_late", "handled", "verified", "failed", "evaluated",
           "satisfied", "online")


def _ratios(counts: dict, handled_total: Decimal, names) -> dict[str, Ratio]:
    c = counts
    out = {
        "closure_rate": _percent(c["closed"], c["due"]),
        "on_time_closure_rate": _percent(c["closed_on_time"], c["on_time_due"]),
        "timely_acceptance_rate": _percent(c["timely"], c["accept_total"]),
        "on_time_handling_rate": _percent(c["handled_on_time"], c["on_time_due"]),
        "rework_rate": _percent(c["failed"], c["verified"]),
        "mean_handling_hours": _mean(handled_total, c["handled"]),
        "satisfaction_rate": _percent(c["satisfied"], c["evaluated"]),
        "online_handling_rate": _percent(c["online"], c["closed"]),
    }
    return {name: out[name] for name in names}


def _compute_groups(conn, f: Filters, names, *, calendar: Calendar | None = None,
                    limit_hours: float = TIMELY_ACCEPTANCE_HOURS, as_of=None,
                    group: tuple[str, str] = ("NULL", "")) -> dict[Any, dict[str, Ratio]]:
    conn = _conn(conn)
    names = tuple(names)
    cte, params = _sql(f, events=not set(names) <= _DUE_ONLY, group=group)
    as_of_s = _bound(as_of if as_of is not None else clock.now())
    limit = float(limit_hours) + 1e-6
    cond = _conditions(f)
    aggregates = ", ".join(f"total({cond[name]})" for name in _COUNTS)
    rows = conn.execute(f"""{cte}
        SELECT grp, {aggregates},
            total(CASE WHEN handled_in THEN max(0, round((hj - sj) * 86400000.0)) END)
        FROM k3 GROUP BY grp""", {**params, "limit": limit, "as_of": as_of_s}).fetchall()
    found: dict[Any, tuple[dict, Decimal]] = {}
    for grp, *values in rows:
        counts = dict(zip(_COUNTS, (int(v or 0) for v in values[:-1])))
        counts["accept_total"] = counts["decided"] + counts["waiting_late"]
        found[grp] = (counts, Decimal(int(values[-1] or 0)) / 3_600_000)
    if calendar is not None and {"timely_acceptance_rate", "mean_handling_hours"} & set(names):
        for grp, (timely, accept_total, handled_total, handled) in _with_calendar(
                conn, cte, params, calendar, limit, as_of_s).items():
            counts, _ = found[grp]
            counts.update(timely=timely, accept_total=accept_total, handled=handled)
            found[grp] = (counts, handled_total)
    return {grp: _ratios(counts, total, names) for grp, (counts, total) in found.items()}


def _compute(conn, f: Filters, names, *, calendar: Calendar | None = None,
             limit_hours: float = TIMELY_ACCEPTANCE_HOURS, as_of=None) -> dict[str, Ratio]:
    groups = _compute_groups(conn, f, names, calendar=calendar, limit_hours=limit_hours,
                             as_of=as_of)
    if not groups:          # no case in scope: every indicator has a 0 denominator
        empty = dict.fromkeys(_COUNTS, 0)
        empty["accept_total"] = 0
        return _ratios(empty, Decimal(0), tuple(names))
    return groups[None]


def _with_calendar(conn, cte: str, params: dict, calendar: Calendar, limit: float,
                   as_of_s: str, *, ids: bool = False) -> dict:
    """Timely acceptance and handling time in working hours (one more pass), per group:
    grp -> (timely, accepted or waiting late, total handling hours, handled). With
    ``ids``: grp -> (ids of timely cases, ids of the acceptance denominator)."""
    out: dict[Any, list] = {}
    for grp, case_id, acc_pop, handled_in, reported_t, decided_t, start_t, handled_t in \
            conn.execute(f"{cte} SELECT grp, case_id, acc_pop, handled_in, reported_t, "
                         "decided_t, start_t, handled_t FROM k3 WHERE acc_pop OR handled_in"
                         + (" ORDER BY case_rid DESC" if ids else ""), params):
        acc = out.setdefault(grp, [[], []] if ids else [0, 0, Decimal(0), 0])
        if acc_pop:
            if decided_t is not None:
                in_time = _working_hours(reported_t, decided_t, calendar) <= limit
                if ids:
                    acc[1].append(case_id)
                    if in_time:
                        acc[0].append(case_id)
                else:
                    acc[1] += 1
                    acc[0] += in_time
            elif _working_hours(reported_t, as_of_s, calendar) > limit:
                if ids:                 # still waiting, past the limit
                    acc[1].append(case_id)
                else:
                    acc[1] += 1
        if handled_in and not ids:
            hours = _working_hours(start_t, handled_t, calendar)
            # to the millisecond, so that 4 h is 4 and not 3.9999999 before summing
            acc[2] += max(Decimal(0), Decimal(f"{hours:.7f}"))
            acc[3] += 1
    return {grp: tuple(v) for grp, v in out.items()}


def indicators_by(conn, by: str, *, depth: int | None = None, start=None, end=None, org=None,
                  unit=None, worker=None, calendar: Calendar | None = None,
                  acceptance_limit_hours: float = TIMELY_ACCEPTANCE_HOURS, as_of=None,
                  names=INDICATORS) -> dict[str | None, dict[str, Ratio]]:
    """All indicators per group, from one pass: ``by='org'`` groups by the first
    ``depth`` characters of the case's grid code (e.g. depth 15 under a community gives
    its grids), ``'unit'`` by the holder unit (departments), ``'worker'`` by user (a case
    counts for its reporter and its holder). ``indicators_by(...)[key]`` equals
    ``indicators(...)`` filtered to that org / unit / worker. Groups with no case in
    scope are absent."""
    return _compute_groups(conn, period_filters(org, unit, worker, start, end), names,
                           calendar=calendar, limit_hours=acceptance_limit_hours, as_of=as_of,
                           group=group_sql(by, depth))


def case_ids(conn, indicator: str, part: str = "denominator", *, start=None, end=None,
             org=None, unit=None, worker=None, calendar: Calendar | None = None,
             acceptance_limit_hours: float = TIMELY_ACCEPTANCE_HOURS, as_of=None
             ) -> list[str]:
    """The cases behind a figure (drill-down), newest first: ``part`` is 'numerator',
    'denominator' or 'rest' (in the denominator, not in the numerator: e.g. for
    ``on_time_closure_rate`` the cases due that were not closed on time). For
    ``mean_handling_hours`` both parts are the cases whose handling finished in the
    period. The same filters and arguments as ``indicators`` give the same cases that
    its numerator and denominator count."""
    if indicator not in PARTS:
        raise ValueError(f"unknown indicator {indicator!r}")
    if part not in ("numerator", "denominator", "rest"):
        raise ValueError(f"unknown part {part!r}")
    conn = _conn(conn)
    f = period_filters(org, unit, worker, start, end)
    cte, params = _sql(f, events=indicator not in _DUE_ONLY)
    as_of_s = _bound(as_of if as_of is not None else clock.now())
    limit = float(acceptance_limit_hours) + 1e-6
    if indicator == "timely_acceptance_rate" and calendar is not None:
        timely, base = _with_calendar(conn, cte, params, calendar, limit, as_of_s,
                                      ids=True).get(None, ([], []))
        if part == "numerator":
            return timely
        if part == "denominator":
            return base
        late = set(timely)
        return [i for i in base if i not in late]
    cond = _conditions(f)
    num, den = (cond[p] for p in PARTS[indicator])
    where = {"numerator": num, "denominator": den, "rest": f"({den}) AND NOT ({num})"}[part]
    return [case_id for (case_id,) in conn.execute(
        f"{cte} SELECT case_id FROM k3 WHERE {where} ORDER BY case_rid DESC",
        {**params, "limit": limit, "as_of": as_of_s})]


def period_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """A calendar month as a half-open period ``[first day, first day of the next)``."""
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt


def months_back(year: int, month: int, count: int) -> list[tuple[int, int]]:
    """``count`` months ending with (year, month), oldest first."""
    out = []
    for _ in range(count):
        out.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out[::-1]


def closure_rate(conn, *, start=None, end=None, org=None, unit=None, worker=None) -> Ratio:
    """结案率 = closed in the period ÷ due in the period (see the module docstring)."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("closure_rate",))["closure_rate"]


def on_time_closure_rate(conn, *, start=None, end=None, org=None, unit=None, worker=None
                         ) -> Ratio:
    """按期结案率 = closed on or before the deadline ÷ (due - deferred)."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("on_time_closure_rate",))["on_time_closure_rate"]


def timely_acceptance_rate(conn, *, start=None, end=None, org=None, unit=None, worker=None,
                           calendar: Calendar | None = None,
                           limit_hours: float = TIMELY_ACCEPTANCE_HOURS, as_of=None) -> Ratio:
    """及时受理率 = accepted/rejected within ``limit_hours`` of the report ÷ cases
    reported in the period that need acceptance (not self-handled); a case still
    waiting counts once the limit has passed at ``as_of`` (default: now)."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("timely_acceptance_rate",), calendar=calendar,
                    limit_hours=limit_hours, as_of=as_of)["timely_acceptance_rate"]


def on_time_handling_rate(conn, *, start=None, end=None, org=None, unit=None, worker=None
                          ) -> Ratio:
    """按期处置率 = handling finished by the deadline ÷ (due - deferred)."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("on_time_handling_rate",))["on_time_handling_rate"]


def rework_rate(conn, *, start=None, end=None, org=None, unit=None, worker=None) -> Ratio:
    """返工率 = cases with a verify_fail ÷ cases verified (both in the period)."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("rework_rate",))["rework_rate"]


def mean_handling_hours(conn, *, start=None, end=None, org=None, unit=None, worker=None,
                        calendar: Calendar | None = None) -> Ratio:
    """平均处置时长: hours from the clock start to the finished handling, averaged
    over cases whose handling finished in the period (working hours with a calendar)."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("mean_handling_hours",), calendar=calendar)["mean_handling_hours"]


def satisfaction_rate(conn, *, start=None, end=None, org=None, unit=None, worker=None
                      ) -> Ratio:
    """满意率 = (满意 + 基本满意) ÷ cases evaluated in the period."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("satisfaction_rate",))["satisfaction_rate"]


def online_handling_rate(conn, *, start=None, end=None, org=None, unit=None, worker=None
                         ) -> Ratio:
    """网上办理率 = closed cases whose whole loop is in the event log ÷ closed cases."""
    f = period_filters(org, unit, worker, start, end)
    return _compute(conn, f, ("online_handling_rate",))["online_handling_rate"]


def indicators(conn, *, start=None, end=None, org=None, unit=None, worker=None,
               calendar: Calendar | None = None,
               acceptance_limit_hours: float = TIMELY_ACCEPTANCE_HOURS,
               as_of=None) -> dict[str, Ratio]:
    """All indicators for one org subtree / unit / worker and period, in ``INDICATORS``
    order, each a :class:`Ratio` with numerator and denominator, from one pass."""
    return _compute(conn, period_filters(org, unit, worker, start, end), INDICATORS,
                    calendar=calendar, limit_hours=acceptance_limit_hours, as_of=as_of)
