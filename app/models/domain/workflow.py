"""The case state machine (domain.md §5), pure Python and shared with the server.

A case's state is never stored as the truth: it is derived by replaying its
append-only event log. ``replay`` applies events in order of receipt; an event
that is not a valid transition at that point (a second dispatch, handling a
closed case) is kept in the log and flagged as a conflict instead of being
applied, so a closed case is never reopened by a late event.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from app.models.domain.rights import (CENTER_OPERATOR, COMMUNITY_SUPERVISOR, DEPT_HANDLER,
                                      GRID_HEAD, GRID_WORKER)

DRAFT, REPORTED, ACCEPTED, DISPATCHED, HANDLING, HANDLED, CLOSED, EVALUATED, REJECTED = (
    "draft", "reported", "accepted", "dispatched", "handling", "handled", "closed",
    "evaluated", "rejected")
STATES = (DRAFT, REPORTED, ACCEPTED, DISPATCHED, HANDLING, HANDLED, CLOSED, EVALUATED, REJECTED)
FINAL = frozenset({EVALUATED, REJECTED})
OPEN = frozenset({DRAFT, REPORTED, ACCEPTED, DISPATCHED, HANDLING, HANDLED})

# Who takes which step (domain.md §2, §5), named from the roles table (rights.py);
# every role here holds rights.CASE_STEPS there (tests/test_roles_parity.py).
FRONTLINE = frozenset({GRID_WORKER, GRID_HEAD})
SUPERVISORS = frozenset({COMMUNITY_SUPERVISOR, CENTER_OPERATOR})
HANDLERS = frozenset({DEPT_HANDLER, GRID_WORKER, GRID_HEAD})
INTAKE = "intake"  # the 12345 hotline / 随手拍 channels, arriving through the server

# action -> (states it may start from, roles allowed, resulting state or None = unchanged)
TRANSITIONS: dict[str, tuple[frozenset, frozenset, str | None]] = {
    "report": (frozenset({DRAFT}), FRONTLINE | SUPERVISORS | {INTAKE}, REPORTED),
    "accept": (frozenset({REPORTED}), frozenset({GRID_HEAD}) | SUPERVISORS, ACCEPTED),
    "reject": (frozenset({REPORTED}), SUPERVISORS, REJECTED),
    "self_handle": (frozenset({REPORTED}), FRONTLINE, HANDLED),
    "dispatch": (frozenset({ACCEPTED}), SUPERVISORS, DISPATCHED),
    "escalate": (frozenset({REPORTED, ACCEPTED}), SUPERVISORS, REPORTED),
    "return": (frozenset({DISPATCHED}), frozenset({DEPT_HANDLER}), ACCEPTED),
    "sign": (frozenset({DISPATCHED}), HANDLERS, HANDLING),
    "feedback": (frozenset({HANDLING}), HANDLERS, HANDLED),
    "verify_pass": (frozenset({HANDLED}), frozenset({GRID_HEAD}) | SUPERVISORS, CLOSED),
    "verify_fail": (frozenset({HANDLED}), frozenset({GRID_HEAD}) | SUPERVISORS, HANDLING),
    # the supervisor's evaluation, or the resident's own rating from the 随手拍 page
    # (server/h5.py), which arrives as the channel's step
    "evaluate": (frozenset({CLOSED}), SUPERVISORS | {INTAKE}, EVALUATED),
    "request_extension": (frozenset({HANDLING}), HANDLERS, None),
    "approve_extension": (frozenset({HANDLING}), SUPERVISORS, None),
    "deny_extension": (frozenset({HANDLING}), SUPERVISORS, None),
    "supervise": (frozenset(OPEN - {DRAFT}), SUPERVISORS, None),
}
# Add-only events: never a conflict, allowed in any state (a note on a closed case is fine).
ADD_ONLY = frozenset({"note", "photo"})
# Steps that change nothing and may come in any state (a reply after closing is the
# usual one), but only from these roles: the supervisor's reply to the resident who
# reported (issue 21; its note is what the 随手拍 page shows, never other notes).
REPLY = "reply"
ROLE_ONLY: dict[str, frozenset] = {REPLY: SUPERVISORS}
ACTIONS = tuple(TRANSITIONS) + tuple(sorted(ADD_ONLY)) + tuple(ROLE_ONLY)
SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied")
SUPERVISION_LEVELS = ("normal", "yellow", "red")


class TransitionError(ValueError):
    """An event that is not valid now; ``code`` says why (for a message or a conflict)."""

    def __init__(self, code: str, action: str, state: str):
        super().__init__(f"{action} is not allowed in state {state}: {code}")
        self.code = code
        self.action = action
        self.state = state


@dataclass(frozen=True)
class Event:
    action: str
    role: str
    actor: str = ""
    data: Mapping = field(default_factory=dict)
    at: str = ""            # device time (information only; order is the log's order)


@dataclass(frozen=True)
class CaseState:
    state: str = DRAFT
    holder_unit: str | None = None      # org unit holding the case (department, grid, level)
    holder_user: str | None = None
    level_unit: str | None = None       # the org unit whose queue the case is in
    rework_count: int = 0
    supervision: str = "normal"
    extension_pending: int | None = None   # working days requested, awaiting approval
    extra_days: int = 0                    # approved extensions, in working days
    clock_start: str | None = None         # when the time limit started (device time)
    reported_at: str | None = None
    closed_at: str | None = None
    satisfaction: str | None = None
    verified_fail: bool = False            # at least one verify_fail (rework rate)
    self_handled: bool = False
    applied: int = 0
    conflicts: tuple[int, ...] = ()        # indexes of events flagged as conflicts


def check(state: CaseState, event: Event, *, self_handle_allowed: bool = False) -> None:
    """Raise TransitionError if ``event`` may not be applied to ``state``."""
    action = event.action
    if action in ADD_ONLY:
        return
    if action in ROLE_ONLY:
        if event.role not in ROLE_ONLY[action]:
            raise TransitionError("role_not_allowed", action, state.state)
        return
    if action not in TRANSITIONS:
        raise TransitionError("unknown_action", action, state.state)
    sources, roles, _target = TRANSITIONS[action]
    if state.state in FINAL or (state.state == CLOSED and action != "evaluate"):
        raise TransitionError("case_closed", action, state.state)
    if state.state not in sources:
        raise TransitionError("wrong_state", action, state.state)
    if event.role not in roles:
        raise TransitionError("role_not_allowed", action, state.state)
    data = event.data or {}
    if action == "self_handle" and not self_handle_allowed:
        raise TransitionError("self_handle_not_allowed", action, state.state)
    if action == "dispatch" and not (data.get("unit") or data.get("user")):
        raise TransitionError("dispatch_needs_target", action, state.state)
    if action == "escalate" and not data.get("unit"):
        raise TransitionError("escalate_needs_level", action, state.state)
    if action == "request_extension":
        days = data.get("days")
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 30:
            raise TransitionError("extension_days", action, state.state)
        if state.extension_pending:
            raise TransitionError("extension_pending", action, state.state)
    if action in ("approve_extension", "deny_extension") and not state.extension_pending:
        raise TransitionError("no_extension_pending", action, state.state)
    if action == "supervise" and data.get("level") not in ("yellow", "red"):
        raise TransitionError("supervision_level", action, state.state)
    if action == "evaluate" and data.get("satisfaction") not in SATISFACTION:
        raise TransitionError("satisfaction_value", action, state.state)


def apply(state: CaseState, event: Event) -> CaseState:
    """The state after ``event`` (call ``check`` first)."""
    action, data = event.action, event.data or {}
    changes: dict = {"applied": state.applied + 1}
    if action in ADD_ONLY or action in ROLE_ONLY:
        return dataclasses.replace(state, **changes)
    target = TRANSITIONS[action][2]
    if target:
        changes["state"] = target
    if action == "report":
        changes.update(reported_at=event.at, level_unit=data.get("unit", state.level_unit),
                       holder_unit=data.get("unit", state.level_unit))
    elif action == "self_handle":
        # The clock for a self-handled case starts at the report.
        changes.update(clock_start=state.reported_at or event.at, self_handled=True,
                       holder_user=event.actor)
    elif action == "dispatch":
        changes.update(holder_unit=data.get("unit"), holder_user=data.get("user"),
                       clock_start=state.clock_start or event.at)
    elif action == "escalate":
        changes.update(level_unit=data["unit"], holder_unit=data["unit"], holder_user=None)
    elif action == "return":
        changes.update(holder_unit=state.level_unit, holder_user=None)
    elif action == "sign":
        changes.update(holder_user=event.actor or state.holder_user)
    elif action == "feedback":
        # A request not decided before the work was reported done lapses with it.
        changes.update(extension_pending=None)
    elif action == "verify_fail":
        changes.update(rework_count=state.rework_count + 1, verified_fail=True)
    elif action == "verify_pass":
        changes.update(closed_at=event.at)
    elif action == "evaluate":
        changes.update(satisfaction=data["satisfaction"])
    elif action == "request_extension":
        changes.update(extension_pending=int(data["days"]))
    elif action == "approve_extension":
        changes.update(extra_days=state.extra_days + int(state.extension_pending or 0),
                       extension_pending=None)
    elif action == "deny_extension":
        changes.update(extension_pending=None)
    elif action == "supervise":
        rank = SUPERVISION_LEVELS.index
        if rank(data["level"]) > rank(state.supervision):
            changes.update(supervision=data["level"])
    return dataclasses.replace(state, **changes)


def replay(events: Iterable[Event], *, self_handle_allowed: bool = False,
           initial: CaseState | None = None) -> CaseState:
    """Derive the state from the log; invalid events are flagged, not applied."""
    state = initial or CaseState()
    conflicts = list(state.conflicts)
    # Indexes count from the start of the whole log, also when resuming from ``initial``.
    offset = state.applied + len(state.conflicts)
    for index, event in enumerate(events, start=offset):
        try:
            check(state, event, self_handle_allowed=self_handle_allowed)
        except TransitionError:
            conflicts.append(index)
            continue
        state = apply(state, event)
    return dataclasses.replace(state, conflicts=tuple(conflicts))


def allowed_actions(state: CaseState, role: str, *, self_handle_allowed: bool = False
                    ) -> list[str]:
    """Transitions ``role`` may start from ``state`` (data-dependent guards aside)."""
    out = []
    for action, (sources, roles, _t) in TRANSITIONS.items():
        if state.state not in sources or role not in roles:
            continue
        if state.state in FINAL or (state.state == CLOSED and action != "evaluate"):
            continue
        if action == "self_handle" and not self_handle_allowed:
            continue
        if action == "request_extension" and state.extension_pending:
            continue
        if action in ("approve_extension", "deny_extension") and not state.extension_pending:
            continue
        out.append(action)
    out.extend(a for a, roles in ROLE_ONLY.items() if role in roles)
    return out
