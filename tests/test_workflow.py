"""The shared case state machine (domain.md §5, roles from §2).

The expectations below are written from the domain document, not copied from
``workflow.TRANSITIONS``: ``SPEC`` is the state diagram and the role table as
domain.md states them, and every transition and guard is checked against it.
Property tests (Hypothesis) then replay arbitrary logs of attempted events.
"""
from __future__ import annotations

import dataclasses
from collections import deque

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.models.domain import workflow as wf
from app.models.domain.workflow import (ACCEPTED, CLOSED, DISPATCHED, DRAFT, EVALUATED, HANDLED,
    HANDLING, REJECTED, REPORTED, CaseState, Event, TransitionError)

# -- the spec, from domain.md --------------------------------------------------

GRID_WORKER, GRID_HEAD = "grid_worker", "grid_head"
COMMUNITY, CENTER, DEPT = "community_supervisor", "center_operator", "dept_handler"
AUDITOR, ADMIN, INTAKE = "auditor", "admin", "intake"
ROLES = (GRID_WORKER, GRID_HEAD, COMMUNITY, CENTER, DEPT, AUDITOR, ADMIN, INTAKE)

SUP = frozenset({COMMUNITY, CENTER})                 # accept, reject, dispatch, escalate, …
HANDLE = frozenset({DEPT, GRID_WORKER, GRID_HEAD})   # sign for / handle dispatched cases
VERIFY = frozenset({GRID_HEAD}) | SUP                # grid_head: "accept/verify cases of the grid"
OPEN_REPORTED = frozenset({REPORTED, ACCEPTED, DISPATCHED, HANDLING, HANDLED})

# action -> (source states, roles that may do it, target state or None = same state)
SPEC: dict[str, tuple[frozenset, frozenset, str | None]] = {
    "report": (frozenset({DRAFT}), frozenset({GRID_WORKER, GRID_HEAD, INTAKE}) | SUP, REPORTED),
    "accept": (frozenset({REPORTED}), VERIFY, ACCEPTED),
    "reject": (frozenset({REPORTED}), SUP, REJECTED),
    "self_handle": (frozenset({REPORTED}), frozenset({GRID_WORKER, GRID_HEAD}), HANDLED),
    "dispatch": (frozenset({ACCEPTED}), SUP, DISPATCHED),
    "escalate": (frozenset({REPORTED, ACCEPTED}), SUP, REPORTED),
    "return": (frozenset({DISPATCHED}), frozenset({DEPT}), ACCEPTED),
    "sign": (frozenset({DISPATCHED}), HANDLE, HANDLING),
    "feedback": (frozenset({HANDLING}), HANDLE, HANDLED),
    "verify_pass": (frozenset({HANDLED}), VERIFY, CLOSED),
    "verify_fail": (frozenset({HANDLED}), VERIFY, HANDLING),
    # issue 21: the resident rates on the 随手拍 page, through the channel (intake)
    "evaluate": (frozenset({CLOSED}), SUP | {INTAKE}, EVALUATED),
    "request_extension": (frozenset({HANDLING}), HANDLE, None),
    "approve_extension": (frozenset({HANDLING}), SUP, None),
    "deny_extension": (frozenset({HANDLING}), SUP, None),
    "supervise": (OPEN_REPORTED, SUP, None),
}
# Steps that change nothing, in any state, by these roles only (issue 21: the supervisor's
# reply to the resident who reported).
ROLE_ONLY_SPEC = {"reply": SUP}
# Data that satisfies each action's data guard.
GOOD = {
    "dispatch": {"unit": "dept-urban"},
    "escalate": {"unit": "street-003"},
    "request_extension": {"days": 3},
    "supervise": {"level": "yellow"},
    "evaluate": {"satisfaction": "satisfied"},
    "report": {"unit": "grid-001"},
}


def good(action: str) -> dict:
    return dict(GOOD.get(action, {}))


def reachable_states() -> set[str]:
    seen, todo = {DRAFT}, deque([DRAFT])
    while todo:
        s = todo.popleft()
        for sources, _roles, target in wf.TRANSITIONS.values():
            if s in sources:
                nxt = target or s
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
    return seen


REACHABLE = reachable_states()


def ev(action: str, role: str, data: dict | None = None, actor: str = "", at: str = "") -> Event:
    return Event(action, role, actor=actor, data=good(action) if data is None else data, at=at)


def run(*events: Event, allow: bool = True) -> CaseState:
    return wf.replay(events, self_handle_allowed=allow)


def code_of(state: CaseState, event: Event, allow: bool = True) -> str | None:
    try:
        wf.check(state, event, self_handle_allowed=allow)
    except TransitionError as exc:
        return exc.code
    return None


# Canonical paths through the loop (domain.md §5 diagram).
REPORT = ev("report", GRID_WORKER, {"unit": "grid-001"}, actor="w1", at="2026-11-02T09:00:00+08:00")
ACCEPT = ev("accept", GRID_HEAD, actor="h1", at="2026-11-02T09:20:00+08:00")
DISPATCH = ev("dispatch", COMMUNITY, {"unit": "dept-urban"}, actor="s1",
              at="2026-11-02T10:00:00+08:00")
SIGN = ev("sign", DEPT, actor="d1", at="2026-11-02T11:00:00+08:00")
FEEDBACK = ev("feedback", DEPT, actor="d1", at="2026-11-03T15:00:00+08:00")
VERIFY_PASS = ev("verify_pass", GRID_HEAD, actor="h1", at="2026-11-03T16:00:00+08:00")
VERIFY_FAIL = ev("verify_fail", GRID_HEAD, actor="h1", at="2026-11-03T16:00:00+08:00")
EVALUATE = ev("evaluate", COMMUNITY, {"satisfaction": "basically_satisfied"}, actor="s1",
              at="2026-11-04T10:00:00+08:00")
SELF_HANDLE = ev("self_handle", GRID_WORKER, actor="w1", at="2026-11-02T09:30:00+08:00")

DISPATCH_PATH = (REPORT, ACCEPT, DISPATCH, SIGN, FEEDBACK, VERIFY_PASS, EVALUATE)
SELF_PATH = (REPORT, SELF_HANDLE, VERIFY_PASS, EVALUATE)
REWORK_PATH = (REPORT, ACCEPT, DISPATCH, SIGN, FEEDBACK, VERIFY_FAIL, FEEDBACK, VERIFY_PASS)


# -- the table matches the spec --------------------------------------------------

def test_transition_table_matches_domain_spec():
    assert set(wf.TRANSITIONS) == set(SPEC)
    for action, (sources, roles, target) in SPEC.items():
        assert wf.TRANSITIONS[action] == (sources, roles, target), action


def test_states_and_reachability():
    assert REACHABLE == set(wf.STATES)
    assert wf.FINAL == {EVALUATED, REJECTED}
    assert CLOSED not in wf.OPEN and CLOSED not in wf.FINAL


@pytest.mark.parametrize("action", sorted(SPEC))
def test_each_transition_for_every_state_and_role(action):
    """check() agrees with the spec for every (state, role), with valid data; the
    reason given for a refusal is the first that applies; apply() lands on the target."""
    sources, roles, target = SPEC[action]
    pending = 3 if action in ("approve_extension", "deny_extension") else None
    wrong = []
    for state in wf.STATES:
        before = CaseState(state=state, extension_pending=pending, reported_at="r")
        for role in ROLES:
            event = ev(action, role)
            got = code_of(before, event)
            if state in wf.FINAL or (state == CLOSED and action != "evaluate"):
                want = "case_closed"
            elif state not in sources:
                want = "wrong_state"
            elif role not in roles:
                want = "role_not_allowed"
            else:
                want = None
            if got != want:
                wrong.append((state, role, got, want))
            if want is None:
                after = wf.apply(before, event)
                assert after.state == (target or state)
                assert after.applied == before.applied + 1
    assert wrong == []


def test_unknown_action_is_refused_and_add_only_events_always_fit():
    for state in wf.STATES:
        assert code_of(CaseState(state=state), ev("teleport", COMMUNITY)) == "unknown_action"
        for action in wf.ADD_ONLY:
            assert code_of(CaseState(state=state), ev(action, AUDITOR, {})) is None
    s = run(*DISPATCH_PATH, ev("note", DEPT, {"text": "late photo"}), ev("photo", GRID_WORKER, {}))
    assert s.state == EVALUATED and s.conflicts == () and s.applied == len(DISPATCH_PATH) + 2


def test_transition_error_carries_code_action_and_state():
    with pytest.raises(TransitionError) as info:
        wf.check(CaseState(state=REPORTED), ev("dispatch", COMMUNITY))
    assert (info.value.code, info.value.action, info.value.state) == (
        "wrong_state", "dispatch", REPORTED)
    assert "dispatch" in str(info.value) and REPORTED in str(info.value)


# -- the happy paths --------------------------------------------------------------

def test_dispatch_path_end_to_end():
    s = run(*DISPATCH_PATH)
    assert s.state == EVALUATED and s.conflicts == ()
    assert s.reported_at == REPORT.at
    assert s.clock_start == DISPATCH.at        # the clock starts at dispatch
    assert s.closed_at == VERIFY_PASS.at
    assert s.holder_unit == "dept-urban" and s.holder_user == "d1"
    assert s.satisfaction == "basically_satisfied"
    assert s.rework_count == 0 and not s.verified_fail and not s.self_handled
    assert s.applied == len(DISPATCH_PATH)


def test_report_sets_level_and_holder():
    s = run(REPORT)
    assert s.state == REPORTED and s.level_unit == "grid-001" and s.holder_unit == "grid-001"
    s = run(ev("report", INTAKE, {}, at="t0"))      # the 12345 hotline, no unit given
    assert s.state == REPORTED and s.reported_at == "t0"
    assert code_of(CaseState(), ev("report", DEPT)) == "role_not_allowed"


def test_reject_is_final():
    s = run(REPORT, ev("reject", COMMUNITY, {}), ACCEPT, ev("note", COMMUNITY, {}))
    assert s.state == REJECTED and s.conflicts == (2,)
    assert code_of(CaseState(state=REPORTED), ev("reject", GRID_HEAD)) == "role_not_allowed"


# -- guards --------------------------------------------------------------------------

@pytest.mark.parametrize("state", [REPORTED, ACCEPTED, DISPATCHED, HANDLING, DRAFT])
def test_verify_needs_a_handled_case(state):
    for action in ("verify_pass", "verify_fail"):
        assert code_of(CaseState(state=state), ev(action, GRID_HEAD)) == "wrong_state"
    assert code_of(CaseState(state=HANDLED), ev("verify_pass", GRID_HEAD)) is None
    s = run(REPORT, ACCEPT, DISPATCH, SIGN, VERIFY_PASS)
    assert s.state == HANDLING and s.conflicts == (4,) and s.closed_at is None


@pytest.mark.parametrize("data", [{}, {"unit": ""}, {"user": ""}, {"unit": None, "user": None},
                                  {"note": "x"}])
def test_dispatch_needs_a_target(data):
    s = CaseState(state=ACCEPTED)
    assert code_of(s, ev("dispatch", COMMUNITY, data)) == "dispatch_needs_target"
    out = run(REPORT, ACCEPT, ev("dispatch", COMMUNITY, data))
    assert out.state == ACCEPTED and out.conflicts == (2,)


def test_dispatch_to_a_unit_or_a_user():
    s = run(REPORT, ACCEPT, ev("dispatch", CENTER, {"user": "w7"}, at="t2"))
    assert s.state == DISPATCHED and s.holder_user == "w7" and s.holder_unit is None
    assert s.clock_start == "t2"
    s = run(REPORT, ACCEPT, ev("dispatch", CENTER, {"unit": "dept-gas", "user": "g1"}))
    assert (s.holder_unit, s.holder_user) == ("dept-gas", "g1")


def test_self_handle_only_when_allowed():
    refused = run(REPORT, SELF_HANDLE, allow=False)
    assert refused.state == REPORTED and refused.conflicts == (1,)
    assert code_of(CaseState(state=REPORTED), SELF_HANDLE, allow=False) == \
        "self_handle_not_allowed"
    done = run(REPORT, SELF_HANDLE, allow=True)
    assert done.state == HANDLED and done.self_handled and done.holder_user == "w1"
    # the clock of a self-handled case starts at the report
    assert done.clock_start == REPORT.at
    # only the front line self-handles, and only a reported case
    assert code_of(CaseState(state=REPORTED), ev("self_handle", COMMUNITY)) == "role_not_allowed"
    assert code_of(CaseState(state=ACCEPTED), SELF_HANDLE) == "wrong_state"
    assert run(*SELF_PATH).state == EVALUATED


def test_escalate_needs_a_level_and_returns_to_reported_there():
    assert code_of(CaseState(state=ACCEPTED), ev("escalate", COMMUNITY, {})) == \
        "escalate_needs_level"
    s = run(REPORT, ACCEPT, ev("escalate", COMMUNITY, {"unit": "street-003"}))
    assert s.state == REPORTED and s.level_unit == "street-003"
    assert s.holder_unit == "street-003" and s.holder_user is None
    # the street centre accepts and dispatches; the department returns it; re-dispatched
    s = wf.replay([ev("accept", CENTER), ev("dispatch", CENTER, {"unit": "dept-wrong"}),
                   ev("return", DEPT), ev("dispatch", CENTER, {"unit": "dept-right"}),
                   ev("sign", DEPT, actor="d2")], initial=s)
    assert s.state == HANDLING and s.holder_unit == "dept-right" and s.holder_user == "d2"


def test_return_goes_back_to_the_level_queue():
    s = run(REPORT, ACCEPT, DISPATCH, ev("return", DEPT))
    assert s.state == ACCEPTED and s.holder_unit == "grid-001" and s.holder_user is None
    assert code_of(CaseState(state=DISPATCHED), ev("return", GRID_WORKER)) == "role_not_allowed"
    assert code_of(CaseState(state=HANDLING), ev("return", DEPT)) == "wrong_state"


CLOSED_LOG = (REPORT, ACCEPT, DISPATCH, SIGN, FEEDBACK, VERIFY_PASS)


@pytest.mark.parametrize("late", [
    ev("feedback", DEPT), ev("sign", DEPT), ev("dispatch", COMMUNITY), ev("verify_fail", GRID_HEAD),
    ev("verify_pass", GRID_HEAD), ev("accept", GRID_HEAD), ev("report", GRID_WORKER),
    ev("supervise", COMMUNITY, {"level": "red"}), ev("request_extension", DEPT),
    ev("return", DEPT), ev("escalate", CENTER),
], ids=lambda e: e.action)
def test_a_closed_case_is_never_reopened(late):
    before = run(*CLOSED_LOG)
    assert before.state == CLOSED
    after = run(*CLOSED_LOG, late)
    assert after.state == CLOSED
    assert after.conflicts == (len(CLOSED_LOG),)        # kept and flagged
    assert dataclasses.replace(after, conflicts=()) == before
    assert code_of(before, late) == "case_closed"
    # the same after evaluation
    evaluated = run(*CLOSED_LOG, EVALUATE, late)
    assert evaluated.state == EVALUATED and evaluated.conflicts == (len(CLOSED_LOG) + 1,)


def test_second_evaluation_is_a_conflict():
    s = run(*CLOSED_LOG, EVALUATE, ev("evaluate", COMMUNITY, {"satisfaction": "dissatisfied"}))
    assert s.satisfaction == "basically_satisfied" and s.conflicts == (len(CLOSED_LOG) + 1,)


def test_verify_fail_is_rework():
    s = run(*REWORK_PATH)
    assert s.state == CLOSED and s.rework_count == 1 and s.verified_fail
    s = run(REPORT, SELF_HANDLE, VERIFY_FAIL, FEEDBACK, VERIFY_FAIL, FEEDBACK)
    assert s.state == HANDLED and s.rework_count == 2 and s.conflicts == ()


HANDLING_LOG = (REPORT, ACCEPT, DISPATCH, SIGN)


@pytest.mark.parametrize("days", [0, 31, -1, "3", 2.5, None, [3]])
def test_extension_request_needs_1_to_30_working_days(days):
    data = {} if days is None else {"days": days}
    assert code_of(run(*HANDLING_LOG), ev("request_extension", DEPT, data)) == "extension_days"


def test_extension_request_approve_deny():
    s = run(*HANDLING_LOG, ev("request_extension", DEPT, {"days": 1}))
    assert s.extension_pending == 1 and s.state == HANDLING
    # one request at a time
    assert code_of(s, ev("request_extension", DEPT, {"days": 2})) == "extension_pending"
    # only a supervisor decides
    assert code_of(s, ev("approve_extension", DEPT, {})) == "role_not_allowed"
    s = wf.replay([ev("approve_extension", COMMUNITY, {})], initial=s)
    assert s.extension_pending is None and s.extra_days == 1
    s = wf.replay([ev("request_extension", DEPT, {"days": 30}),
                   ev("approve_extension", CENTER, {})], initial=s)
    assert s.extra_days == 31
    s = wf.replay([ev("request_extension", DEPT, {"days": 5}),
                   ev("deny_extension", COMMUNITY, {})], initial=s)
    assert s.extension_pending is None and s.extra_days == 31
    # nothing pending: approve/deny are refused
    for action in ("approve_extension", "deny_extension"):
        assert code_of(s, ev(action, COMMUNITY, {})) == "no_extension_pending"
    assert s.conflicts == () and s.state == HANDLING
    # only while handling
    assert code_of(run(REPORT, ACCEPT, DISPATCH), ev("request_extension", DEPT)) == "wrong_state"


def test_supervise_raises_level_only_upward():
    s = run(REPORT, ev("supervise", COMMUNITY, {"level": "yellow"}))
    assert s.supervision == "yellow"
    s = wf.replay([ev("supervise", CENTER, {"level": "red"})], initial=s)
    assert s.supervision == "red"
    s = wf.replay([ev("supervise", CENTER, {"level": "yellow"})], initial=s)
    assert s.supervision == "red" and s.conflicts == ()   # applied, but never lowers
    for bad in ({}, {"level": "normal"}, {"level": "purple"}):
        assert code_of(s, ev("supervise", COMMUNITY, bad)) == "supervision_level"
    assert code_of(CaseState(), ev("supervise", COMMUNITY)) == "wrong_state"
    assert code_of(CaseState(state=REPORTED), ev("supervise", GRID_HEAD)) == "role_not_allowed"


@pytest.mark.parametrize("data", [{}, {"satisfaction": ""}, {"satisfaction": "满意"},
                                  {"satisfaction": "very_satisfied"}, {"satisfaction": None}])
def test_evaluate_needs_a_satisfaction_value(data):
    s = run(*CLOSED_LOG)
    assert code_of(s, ev("evaluate", COMMUNITY, data)) == "satisfaction_value"
    for value in wf.SATISFACTION:
        assert wf.replay([ev("evaluate", COMMUNITY, {"satisfaction": value})],
                         initial=s).satisfaction == value


def test_allowed_actions_examples():
    assert wf.allowed_actions(CaseState(), GRID_WORKER) == ["report"]
    assert set(wf.allowed_actions(CaseState(state=REPORTED), GRID_WORKER,
                                  self_handle_allowed=True)) == {"self_handle"}
    assert wf.allowed_actions(CaseState(state=REPORTED), GRID_WORKER) == []
    assert set(wf.allowed_actions(CaseState(state=REPORTED), COMMUNITY)) == {
        "accept", "reject", "escalate", "supervise", "reply"}
    assert set(wf.allowed_actions(CaseState(state=HANDLING, extension_pending=2), COMMUNITY)) \
        == {"approve_extension", "deny_extension", "supervise", "reply"}
    assert wf.allowed_actions(CaseState(state=CLOSED), COMMUNITY) == ["evaluate", "reply"]
    assert wf.allowed_actions(CaseState(state=EVALUATED), COMMUNITY) == ["reply"]
    assert wf.allowed_actions(CaseState(state=EVALUATED), DEPT) == []


def test_the_reply_to_the_resident_is_the_supervisors_in_any_state():
    for state in wf.STATES:
        for role in ROLES:
            got = code_of(CaseState(state=state), ev("reply", role, {}))
            assert got == (None if role in ROLE_ONLY_SPEC["reply"] else "role_not_allowed")
    s = run(*DISPATCH_PATH, ev("reply", COMMUNITY, {}))
    assert s.state == EVALUATED and s.conflicts == ()
    assert run(*DISPATCH_PATH, ev("reply", GRID_WORKER, {})).conflicts == (len(DISPATCH_PATH),)


# -- regressions: bugs found by these tests (first written as strict xfails) -------------

def test_replay_with_initial_keeps_log_indexes_for_conflicts():
    """replay(events, initial=s) must number conflicts by their index in the whole log
    (continuing at s.applied + len(s.conflicts)), not from 0 within ``events``."""
    log = [REPORT, ACCEPT, DISPATCH, ev("dispatch", COMMUNITY), SIGN]
    whole = wf.replay(log)
    assert whole.conflicts == (3,)
    resumed = wf.replay(log[3:], initial=wf.replay(log[:3]))
    assert resumed.conflicts == (3,)          # was (0,): index 0 of the tail
    assert resumed == whole


def test_pending_extension_does_not_outlive_handling():
    """A request still pending at feedback lapses: otherwise a handled or closed case
    sits in the extension-requests queue (extension_pending IS NOT NULL) where approve
    and deny are refused (wrong state), and the stale request resurfaces on rework."""
    s = run(*HANDLING_LOG, ev("request_extension", DEPT, {"days": 2}), FEEDBACK)
    assert s.state == HANDLED
    assert s.extension_pending is None
    s = run(*HANDLING_LOG, ev("request_extension", DEPT, {"days": 2}), FEEDBACK, VERIFY_PASS)
    assert s.state == CLOSED and s.extension_pending is None and s.extra_days == 0
    # after rework the handler may ask again
    s = run(*HANDLING_LOG, ev("request_extension", DEPT, {"days": 2}), FEEDBACK, VERIFY_FAIL,
            ev("request_extension", DEPT, {"days": 4}))
    assert s.state == HANDLING and s.extension_pending == 4 and s.conflicts == ()


def test_extension_days_must_be_a_real_integer():
    """bool is an int subclass: a JSON ``true`` must not become a 1-day extension."""
    for days in (True, False):
        assert code_of(run(*HANDLING_LOG), ev("request_extension", DEPT, {"days": days})) == \
            "extension_days"


# -- property tests ------------------------------------------------------------------

JUNK_DATA = [{}, {"days": 0}, {"days": 31}, {"days": "3"}, {"days": 2.5}, {"days": True},
             {"level": "normal"},
             {"level": "purple"}, {"satisfaction": "great"}, {"unit": ""}, {"user": None},
             {"unit": "street-009"}, {"user": "w9"}]
GOOD_DATA = {
    "dispatch": st.sampled_from([{"unit": "dept-a"}, {"unit": "dept-b"}, {"user": "w2"}]),
    "escalate": st.sampled_from([{"unit": "street-003"}, {"unit": "district-05"}]),
    "request_extension": st.integers(1, 30).map(lambda d: {"days": d}),
    "supervise": st.sampled_from([{"level": "yellow"}, {"level": "red"}]),
    "evaluate": st.sampled_from(wf.SATISFACTION).map(lambda v: {"satisfaction": v}),
    "report": st.sampled_from([{"unit": "grid-001"}, {}]),
}
ALL_ACTIONS = wf.ACTIONS + ("teleport",)
TIMES = st.sampled_from(["", "2026-11-02T09:00:00+08:00", "2026-11-03T10:00:00+08:00"])


def good_data(action: str):
    return GOOD_DATA.get(action, st.just({}))


@st.composite
def wellformed_event(draw):
    """An event a real user might send: an action, a role the spec lets do it, valid data."""
    action = draw(st.sampled_from(sorted(SPEC)))
    role = draw(st.sampled_from(sorted(SPEC[action][1])))
    return Event(action, role, actor=draw(st.sampled_from(["", "u1", "u2"])),
                 data=draw(good_data(action)), at=draw(TIMES))


@st.composite
def random_event(draw):
    action = draw(st.sampled_from(ALL_ACTIONS))
    role = draw(st.sampled_from(ROLES + ("", "nobody")))
    data = draw(st.one_of(st.sampled_from(JUNK_DATA), good_data(action)))
    return Event(action, role, actor=draw(st.sampled_from(["", "u1"])), data=data, at=draw(TIMES))


EVENT = st.one_of(wellformed_event(), wellformed_event(), random_event())
PATHS = st.sampled_from([DISPATCH_PATH, SELF_PATH, REWORK_PATH, CLOSED_LOG, HANDLING_LOG])


@st.composite
def logs(draw, max_size=40):
    """A log: often a prefix of a canonical path (to reach deep states), then anything."""
    prefix = draw(PATHS)
    prefix = prefix[:draw(st.integers(0, len(prefix)))]
    return list(prefix) + draw(st.lists(EVENT, max_size=max_size))


def steps(events, allow):
    """Replay one event at a time with check/apply: [(before, event, applied, after)]."""
    out, s = [], CaseState()
    for e in events:
        try:
            wf.check(s, e, self_handle_allowed=allow)
        except TransitionError:
            out.append((s, e, False, s))
            continue
        n = wf.apply(s, e)
        out.append((s, e, True, n))
        s = n
    return out


def without_conflicts(s: CaseState) -> CaseState:
    return dataclasses.replace(s, conflicts=())


PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(log=logs(), allow=st.booleans())
def test_property_only_valid_transitions_are_applied(log, allow):
    trace = steps(log, allow)
    final = wf.replay(log, self_handle_allowed=allow)
    assert final.conflicts == tuple(i for i, (_b, _e, ok, _a) in enumerate(trace) if not ok)
    assert final.applied == sum(ok for _b, _e, ok, _a in trace)
    assert without_conflicts(final) == (trace[-1][3] if trace else CaseState())
    for before, e, ok, after in trace:
        assert after.state in REACHABLE
        assert after.extension_pending is None or after.state == HANDLING
        if not ok:
            assert after is before
            continue
        if e.action in wf.ADD_ONLY or e.action in wf.ROLE_ONLY:
            assert after.state == before.state
            assert e.action in wf.ADD_ONLY or e.role in ROLE_ONLY_SPEC[e.action]
            continue
        sources, roles, target = wf.TRANSITIONS[e.action]
        assert before.state in sources and e.role in roles
        assert before.state in SPEC[e.action][0] and e.role in SPEC[e.action][1]
        assert after.state == (target or before.state)
        if e.action == "self_handle":
            assert allow


@PROPS
@given(log=logs(), allow=st.booleans(), data=st.data())
def test_property_replay_is_deterministic_and_resumable(log, allow, data):
    a = wf.replay(log, self_handle_allowed=allow)
    assert wf.replay(list(log), self_handle_allowed=allow) == a
    k = data.draw(st.integers(0, len(log)), label="split")
    head = wf.replay(log[:k], self_handle_allowed=allow)
    resumed = wf.replay(log[k:], self_handle_allowed=allow, initial=head)
    assert resumed == a                       # conflict indexes included
    # Event by event, too.
    s = CaseState()
    for e in log:
        s = wf.replay([e], self_handle_allowed=allow, initial=s)
    assert s == a


@PROPS
@example(log=[REPORT, ACCEPT, DISPATCH, ev("dispatch", COMMUNITY)], k=3)
@given(log=logs(), k=st.integers(0, 50))
def test_property_prefix_then_rest_equals_whole_including_conflicts(log, k):
    k = min(k, len(log))
    resumed = wf.replay(log[k:], initial=wf.replay(log[:k]))
    assert resumed == wf.replay(log)


CLOSED_OR_LATER = {CLOSED, EVALUATED}


@PROPS
@given(log=logs(), allow=st.booleans())
def test_property_once_closed_only_closed_or_evaluated(log, allow):
    closed_at = None
    seen_closed = seen_evaluated = seen_rejected = False
    for _before, _e, _ok, after in steps(log, allow):
        if seen_closed:
            assert after.state in CLOSED_OR_LATER
            assert after.closed_at == closed_at          # the close is never rewritten
        if seen_evaluated:
            assert after.state == EVALUATED
        if seen_rejected:
            assert after.state == REJECTED
        if after.state in CLOSED_OR_LATER and not seen_closed:
            seen_closed, closed_at = True, after.closed_at
        seen_evaluated |= after.state == EVALUATED
        seen_rejected |= after.state == REJECTED


REWORK_LOOP = st.lists(st.sampled_from([VERIFY_FAIL, FEEDBACK, VERIFY_PASS,
                                        ev("verify_fail", COMMUNITY), ev("verify_fail", DEPT),
                                        ev("request_extension", DEPT)]), max_size=30)


@PROPS
@given(log=st.one_of(logs(), st.tuples(PATHS, REWORK_LOOP).map(
    lambda t: list(t[0][:5]) + t[1])), allow=st.booleans())
def test_property_rework_count_is_applied_verify_fails(log, allow):
    trace = steps(log, allow)
    fails = sum(1 for _b, e, ok, _a in trace if ok and e.action == "verify_fail")
    final = wf.replay(log, self_handle_allowed=allow)
    assert final.rework_count == fails
    assert final.verified_fail == (fails > 0)


@PROPS
@given(log=logs(), role=st.sampled_from(ROLES), allow=st.booleans())
def test_property_allowed_actions_agree_with_check(log, role, allow):
    """allowed_actions lists exactly the transitions that valid data would let through."""
    s = wf.replay(log, self_handle_allowed=allow)
    listed = set(wf.allowed_actions(s, role, self_handle_allowed=allow))
    passing = {a for a in (*SPEC, *ROLE_ONLY_SPEC) if code_of(s, ev(a, role), allow) is None}
    assert listed == passing


# -- stateful: drive one case with random commands -------------------------------------

class CaseMachine(RuleBasedStateMachine):
    """Keeps the log, the incrementally replayed state and an independent model of
    the counters; after each command checks them against a full replay."""

    @initialize(allow=st.booleans())
    def start(self, allow):
        self.allow = allow
        self.log: list[Event] = []
        self.state = CaseState()
        self.model = {"state": DRAFT, "rework": 0, "extra": 0, "pending": None,
                      "supervision": "normal", "conflicts": 0}
        self.history: list[str] = [DRAFT]

    def _send(self, e: Event):
        before = self.state
        expected_ok = self._model_accepts(e)
        self.log.append(e)
        self.state = wf.replay([e], self_handle_allowed=self.allow, initial=before)
        applied = self.state.applied == before.applied + 1
        assert applied == expected_ok, (e, before)
        if applied:
            self._model_apply(e)
        else:
            self.model["conflicts"] += 1
            assert without_conflicts(self.state) == without_conflicts(before)
        self.history.append(self.state.state)

    def _model_accepts(self, e: Event) -> bool:
        m, data = self.model, e.data or {}
        if e.action in wf.ADD_ONLY:
            return True
        if e.action in ROLE_ONLY_SPEC:
            return e.role in ROLE_ONLY_SPEC[e.action]
        if e.action not in SPEC:
            return False
        sources, roles, _t = SPEC[e.action]
        if m["state"] not in sources or e.role not in roles:
            return False
        return {
            "self_handle": self.allow,
            "dispatch": bool(data.get("unit") or data.get("user")),
            "escalate": bool(data.get("unit")),
            "request_extension": m["pending"] is None and type(data.get("days")) is int
            and 1 <= data["days"] <= 30,
            "approve_extension": m["pending"] is not None,
            "deny_extension": m["pending"] is not None,
            "supervise": data.get("level") in ("yellow", "red"),
            "evaluate": data.get("satisfaction") in wf.SATISFACTION,
        }.get(e.action, True)

    def _model_apply(self, e: Event):
        m = self.model
        target = SPEC[e.action][2] if e.action in SPEC else None
        if target:
            m["state"] = target
        if e.action == "verify_fail":
            m["rework"] += 1
        elif e.action == "feedback":
            m["pending"] = None             # an undecided request lapses with the work done
        elif e.action == "request_extension":
            m["pending"] = e.data["days"]
        elif e.action == "approve_extension":
            m["extra"] += m["pending"]
            m["pending"] = None
        elif e.action == "deny_extension":
            m["pending"] = None
        elif e.action == "supervise":
            order = wf.SUPERVISION_LEVELS.index
            if order(e.data["level"]) > order(m["supervision"]):
                m["supervision"] = e.data["level"]

    @rule(e=random_event())
    def anything(self, e):
        self._send(e)

    @rule(e=wellformed_event())
    def plausible(self, e):
        self._send(e)

    @precondition(lambda self: self.state.state not in wf.FINAL)
    @rule(data=st.data())
    def valid_step(self, data):
        """A command the current state accepts (keeps the case moving to the end)."""
        options = [(a, r) for r in ROLES
                   for a in wf.allowed_actions(self.state, r, self_handle_allowed=self.allow)]
        if not options:
            return
        action, role = data.draw(st.sampled_from(options))
        self._send(Event(action, role, actor="u1", data=data.draw(good_data(action)), at="t"))

    @invariant()
    def matches_full_replay(self):
        if not hasattr(self, "log"):
            return
        full = wf.replay(self.log, self_handle_allowed=self.allow)
        assert full == self.state               # incremental replay == full replay
        assert full.applied + len(full.conflicts) == len(self.log)
        assert len(full.conflicts) == self.model["conflicts"]
        assert list(full.conflicts) == sorted(set(full.conflicts))

    @invariant()
    def matches_model(self):
        if not hasattr(self, "log"):
            return
        s, m = self.state, self.model
        assert s.state == m["state"] and s.state in REACHABLE
        assert s.rework_count == m["rework"] and s.verified_fail == (m["rework"] > 0)
        assert s.extra_days == m["extra"]
        assert s.extension_pending == m["pending"]
        assert s.extension_pending is None or s.state == HANDLING
        assert s.supervision == m["supervision"]
        assert s.satisfaction is None or s.state == EVALUATED

    @invariant()
    def closed_stays_closed(self):
        if not hasattr(self, "log"):
            return
        h = self.history
        for i, st_ in enumerate(h):
            if st_ in CLOSED_OR_LATER:
                assert set(h[i:]) <= CLOSED_OR_LATER
            if st_ in wf.FINAL:
                assert set(h[i:]) == {st_}


CaseMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=40,
                                         deadline=None)
TestCaseMachine = CaseMachine.TestCase
