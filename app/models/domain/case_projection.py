"""A case's derived columns from its replayed state: one rule for the desktop
(app.models.cases.repository) and the city server (server/sync.py), so both compute the
same state, holder and deadline from the same event log."""
from __future__ import annotations

from typing import Mapping

from app.models.domain import calendar as cal
from app.models.domain import workflow


def project(case: Mapping, state: workflow.CaseState, categories, calendar) -> dict:
    """The projection of ``state`` onto the case row. The time limit runs from the
    clock start (dispatch, or the report for a self-handled case); a category with a
    first-response limit (私搭乱建) binds that limit until the department signs for it."""
    tz = calendar.tz
    clock_start = cal.parse_iso(state.clock_start, tz)
    cat = categories.get(case.get("category"))
    deadline = None
    if clock_start is not None and cat is not None:
        if cat.first_response and state.state in (workflow.ACCEPTED, workflow.DISPATCHED):
            deadline = calendar.first_response_deadline(clock_start, cat)
        else:
            deadline = calendar.deadline(clock_start, cat, urgent=case.get("urgency") == "urgent",
                                         extra_days=state.extra_days)
    return dict(
        state=state.state, holder_unit_id=state.holder_unit, holder_user_id=state.holder_user,
        level_unit_id=state.level_unit, rework_count=state.rework_count,
        supervision=state.supervision, extension_pending=state.extension_pending,
        extra_days=state.extra_days, clock_start=cal.to_iso(clock_start, tz),
        deadline=cal.to_iso(deadline, tz),
        reported_at=cal.to_iso(cal.parse_iso(state.reported_at, tz), tz),
        closed_at=cal.to_iso(cal.parse_iso(state.closed_at, tz), tz),
        satisfaction=state.satisfaction, has_conflict=int(bool(state.conflicts)))
