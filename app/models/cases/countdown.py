"""What a case's time-left column says, the same on every page and every row.

One limit binds an open case at a time: for a reported case, acceptance within one
working hour of the report (及时受理, ``case_fields.ACCEPT_WITHIN_HOURS``); once the
clock has started, the case's deadline. Time left is working time (the limits are
working time: a case due on Monday morning has little left on Friday evening);
time past the limit is wall-clock time. The band follows the time left alone, so two
rows with the same time left look the same: green with more than four working hours
left, amber with less, red when overdue.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.models.domain import calendar as cal
from app.models.domain import case_fields, workflow

AMBER_WITHIN = dt.timedelta(hours=4)      # working time left that turns a row amber
BANDS = ("green", "amber", "red")


@dataclass(frozen=True)
class Countdown:
    kind: str                  # 'accept' (to be accepted) | 'deadline'
    limit: dt.datetime         # when the limit is reached
    left: dt.timedelta         # working time left (zero when overdue)
    overdue: dt.timedelta      # wall-clock time past the limit (zero before)
    band: str                  # one of BANDS
    hours_per_day: float = 8.0


def acceptance_limit(case: dict, calendar: cal.WorkCalendar) -> dt.datetime | None:
    reported = cal.parse_iso(case.get("reported_at"), calendar.tz)
    if reported is None:
        return None
    return calendar.add_working_hours(reported, case_fields.ACCEPT_WITHIN_HOURS)


def countdown(case: dict, calendar: cal.WorkCalendar, now: dt.datetime) -> Countdown | None:
    """The binding limit of an open case and the time to it, or None (no limit runs)."""
    state = case.get("state")
    if state == workflow.REPORTED:
        kind, limit = "accept", acceptance_limit(case, calendar)
    elif state in workflow.OPEN and case.get("deadline"):
        kind, limit = "deadline", cal.parse_iso(case.get("deadline"), calendar.tz)
    else:
        return None
    if limit is None:
        return None
    now = cal.localize(now, calendar.tz)
    if now >= limit:
        return Countdown(kind, limit, dt.timedelta(0), now - limit, "red",
                         calendar.hours_per_day)
    left = calendar.working_time_between(now, limit)
    band = "amber" if left < AMBER_WITHIN else "green"
    return Countdown(kind, limit, left, dt.timedelta(0), band, calendar.hours_per_day)
