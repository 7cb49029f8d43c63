"""The 三率 of 12345 (issue 21): 响应率, 解决率, 满意率 over residents' demands.

Pure Python and shared: the desktop's statistics (app/models/reports/three_rates.py)
read each case's facts from its store and the city server from its database
(server/h5.py's ``/h5/indicators`` for the signed-in), and both count with these
functions, so a figure reads the same on either side.

Which cases: residents' demands (诉求), i.e. cases that came from a resident: sources
群众上报 (``walk_in``), 12345热线 (``hotline``) and 居民随手拍 (``resident_snapshot``; not
the grid worker's own 随手拍, ``snapshot``), and any case a channel reported through the
server (the report step's role is ``intake``: the
Open311 12345 hotline transfers). Drafts and deleted cases never count.

- 响应率 (response rate) = demands answered within ``limit_hours`` working hours of
  their report ÷ demands reported in the period that were answered or are past the
  limit at ``as_of`` (one still within its limit is not judged yet). Answered = the
  first applied accept, reject or on-the-spot self_handle: the step that tells the
  resident someone has taken it up.
- 解决率 (resolution rate) = demands reported in the period that are closed now
  (办结) and that the resident has not rated 不满意 ÷ demands reported in the period
  that were not rejected (不予受理 is not a demand to resolve).
- 满意率 (satisfaction rate) = demands rated 满意 or 基本满意 ÷ demands rated in the
  period: the resident's own rating on the 随手拍 page, or the supervisor's record of
  the 回访 call (both are the case's ``evaluate`` step; one per case).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

from app.models.domain import workflow

NAMES = ("response_rate", "resolution_rate", "resident_satisfaction_rate")
LABELS = {"response_rate": ("响应率", "Response rate"),
          "resolution_rate": ("解决率", "Resolution rate"),
          "resident_satisfaction_rate": ("满意率（诉求）", "Satisfaction (demands)")}
RESIDENT_SOURCES = frozenset({"walk_in", "hotline", "resident_snapshot"})
RESPONSE_LIMIT_HOURS = 1.0      # working hours, as 及时受理 (metrics.TIMELY_ACCEPTANCE_HOURS)
RESPONSE_ACTIONS = ("accept", "reject", "self_handle")
SATISFIED = ("satisfied", "basically_satisfied")
CLOSED = (workflow.CLOSED, workflow.EVALUATED)
HoursBetween = Callable[[dt.datetime, dt.datetime], float]


@dataclass(frozen=True)
class CaseFacts:
    """What the three rates need to know of one case (aware datetimes)."""
    case_id: str
    state: str
    source: str | None
    reported_at: dt.datetime | None
    responded_at: dt.datetime | None     # first applied accept / reject / self_handle
    satisfaction: str | None
    evaluated_at: dt.datetime | None     # the applied evaluate step
    via_channel: bool = False            # reported by an intake channel (12345, 随手拍)


def resident_demand(f: CaseFacts) -> bool:
    return f.state != workflow.DRAFT and (f.source in RESIDENT_SOURCES or f.via_channel)


def _in(moment: dt.datetime | None, start: dt.datetime | None, end: dt.datetime | None
        ) -> bool:
    return moment is not None and (start is None or moment >= start) and (
        end is None or moment < end)


def wall_hours(a: dt.datetime, b: dt.datetime) -> float:
    return (b - a).total_seconds() / 3600


def counts(f: CaseFacts, *, start=None, end=None, as_of: dt.datetime,
           limit_hours: float = RESPONSE_LIMIT_HOURS,
           hours_between: HoursBetween = wall_hours) -> dict[str, tuple[bool, bool]]:
    """name -> (in the numerator, in the denominator) for one case."""
    out = dict.fromkeys(NAMES, (False, False))
    if not resident_demand(f):
        return out
    limit = limit_hours + 1e-6
    if _in(f.reported_at, start, end):
        if f.responded_at is not None:
            out["response_rate"] = (
                hours_between(f.reported_at, f.responded_at) <= limit, True)
        elif hours_between(f.reported_at, as_of) > limit:
            out["response_rate"] = (False, True)
        if f.state != workflow.REJECTED:
            out["resolution_rate"] = (
                f.state in CLOSED and f.satisfaction != "dissatisfied", True)
    if f.satisfaction is not None and _in(f.evaluated_at, start, end):
        out["resident_satisfaction_rate"] = (f.satisfaction in SATISFIED, True)
    return out


def percent(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator as a percentage, half-up to 2 decimals (None for 0/0)."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def tally(facts, **kw) -> dict[str, tuple[list[str], list[str]]]:
    """name -> (ids in the numerator, ids in the denominator), in the facts' order."""
    out: dict[str, tuple[list[str], list[str]]] = {n: ([], []) for n in NAMES}
    for f in facts:
        for name, (num, den) in counts(f, **kw).items():
            if den:
                out[name][1].append(f.case_id)
                if num:
                    out[name][0].append(f.case_id)
    return out
