"""Case indicators (domain.md §5, app/models/reports/metrics.py) over constructed data in a
real encrypted store. Cases and events are written as server state with
``roster.load_rows`` (no outbox ops); each case row is the projection of its
event log by the shared state machine, so the data is what a synced store holds.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json

import pytest

from app.models.domain import workflow
from app.models.reports import metrics
from app.models.reports.metrics import Ratio
from app.models.roster.repository import load_rows

NOV = dict(start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 1))
STREET, OTHER_STREET = "410105003", "410105004"
G1, G2, G3 = "410105003001001", "410105003001002", "410105004001001"
DEPT = "dept-urban"

ROLE = {"report": "grid_worker", "accept": "grid_head", "reject": "community_supervisor",
        "self_handle": "grid_worker", "dispatch": "community_supervisor", "escalate":
        "community_supervisor", "return": "dept_handler", "sign": "dept_handler",
        "feedback": "dept_handler", "verify_pass": "grid_head", "verify_fail": "grid_head",
        "evaluate": "community_supervisor", "request_extension": "dept_handler",
        "approve_extension": "community_supervisor", "deny_extension": "community_supervisor",
        "supervise": "community_supervisor", "note": "grid_worker"}
DATA = {"dispatch": {"unit": DEPT}, "evaluate": {"satisfaction": "satisfied"},
        "request_extension": {"days": 2}, "supervise": {"level": "yellow"},
        "escalate": {"unit": "street"}}


def t(when: str) -> str:
    """'11-02 09:00' -> '2026-11-02T09:00:00+08:00' (a full ISO string passes through)."""
    if "T" in when or len(when) == 10 and when[4] == "-":
        return when
    day, clock = when.split()
    return f"2026-{day}T{clock}:00+08:00"


def flow(*pairs) -> list[tuple]:
    """flow('report', '11-02 09:00', 'accept', '11-02 09:10', ...) -> steps."""
    return [(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]


def dispatched(report="11-02 09:00", accept="11-02 09:10", dispatch="11-02 10:00",
               feedback="11-03 10:00", close: str | None = "11-03 11:00",
               evaluate: str | None = None) -> list[tuple]:
    steps = flow("report", report, "accept", accept, "dispatch", dispatch, "sign", dispatch,
                 "feedback", feedback)
    if close:
        steps.append(("verify_pass", close))
    if evaluate:
        steps.append(("evaluate", evaluate))
    return steps


class Cases:
    """Collects case rows and event rows, then loads them in one transaction."""

    def __init__(self):
        self.cases: list[dict] = []
        self.events: list[dict] = []
        self.n = itertools.count(1)

    def add(self, steps, *, grid=G1, deadline=None, created_by="w1", deleted=False,
            allow=True, override: dict | None = None) -> str:
        i = next(self.n)
        cid = f"case-{i:05d}"
        events = []
        for step in steps:
            action, when = step[0], t(step[1])
            data = step[2] if len(step) > 2 else DATA.get(action, {})
            actor = created_by if action in ("report", "self_handle") else (
                "d1" if ROLE[action] == "dept_handler" else "s1")
            events.append(workflow.Event(action, ROLE[action], actor=actor, data=data, at=when))
        s = workflow.replay(events, self_handle_allowed=allow)
        row = dict(
            id=cid, number=f"{grid}-{i:05d}", grid_id=grid, path=grid, title=f"案件{i}",
            category="暴露垃圾", source="patrol", urgency="normal", created_by=created_by,
            state=s.state, holder_unit_id=s.holder_unit, holder_user_id=s.holder_user,
            level_unit_id=s.level_unit, supervision=s.supervision, rework_count=s.rework_count,
            extension_pending=s.extension_pending, extra_days=s.extra_days,
            clock_start=s.clock_start, deadline=t(deadline) if deadline else None,
            reported_at=s.reported_at, closed_at=s.closed_at, satisfaction=s.satisfaction,
            has_conflict=int(bool(s.conflicts)), created_at=events[0].at if events else t(
                "11-01 08:00"), deleted_at=t("11-20 08:00") if deleted else None)
        row.update(override or {})
        self.cases.append(row)
        for seq, e in enumerate(events):
            self.events.append(dict(
                id=f"{cid}-e{seq}", case_id=cid, seq=seq, action=e.action, actor_id=e.actor,
                role=e.role, device_time=e.at, server_time=e.at,
                data=json.dumps(dict(e.data)), conflict=int(seq in s.conflicts), deleted_at=None))
        return cid

    def load(self, store):
        with store.transaction():
            load_rows(store, "cases", self.cases)
            load_rows(store, "case_events", self.events)
        return store


@pytest.fixture
def store(store):
    """The conftest store plus the org units the cases hang from."""
    units = [("4101", None, "city", 40), ("410105", "4101", "district", 30),
             (STREET, "410105", "street", 20), (OTHER_STREET, "410105", "street", 20),
             ("410105003001", STREET, "community", 10), ("410105004001", OTHER_STREET,
                                                         "community", 10),
             (G1, "410105003001", "grid", 0), (G2, "410105003001", "grid", 0),
             (G3, "410105004001", "grid", 0)]
    paths: dict[str, str] = {}
    rows = []
    for code, parent, kind, level in units:
        paths[code] = (paths[parent] if parent else "/") + code + "/"
        rows.append(dict(id=code, code=code, name=code, level=level, kind=kind,
                         parent_id=parent, path=paths[code]))
    rows.append(dict(id=DEPT, code="410105900", name="城管局", level=30, kind="department",
                     parent_id="410105", path="/4101/410105/410105900/"))
    with store.transaction():
        load_rows(store, "org_units", rows)
    return store


def ratio(n, d, v, unit="%"):
    return Ratio(n, d, v, unit)


# -- domain.md's sanity figures ----------------------------------------------------

def test_issue_figures_972_due_911_closed_737_on_time(store):
    c = Cases()
    for i in range(737):                      # closed in November, on or before the deadline
        c.add(dispatched(), grid=(G1, G2)[i % 2], deadline="11-05 17:00")
    for _ in range(174):                      # closed in November, after the deadline
        c.add(dispatched(feedback="11-06 10:00", close="11-06 11:00"), deadline="11-05 17:00")
    for _ in range(40):                       # due in November, still open
        c.add(dispatched(close=None), deadline="11-20 17:00")
    for _ in range(21):                       # due in November, closed only in December
        c.add(dispatched(feedback="12-02 09:00", close="12-02 10:00"), deadline="11-25 17:00")
    # none of these is due in November:
    for _ in range(30):                       # closed in October, deadline in November
        c.add(dispatched("10-28 09:00", "10-28 09:10", "10-28 10:00", "10-29 10:00",
                         "10-30 10:00"), deadline="11-03 17:00")
    for _ in range(25):                       # open, due in December
        c.add(dispatched(close=None), deadline="12-03 17:00")
    for _ in range(10):                       # rejected
        c.add(flow("report", "11-02 09:00", "reject", "11-02 09:30"), deadline="11-05 17:00")
    for _ in range(5):                        # drafts (not reported)
        c.add([], deadline="11-05 17:00")
    for _ in range(7):                        # deleted
        c.add(dispatched(), deadline="11-05 17:00", deleted=True)
    for _ in range(50):                       # another street
        c.add(dispatched(), grid=G3, deadline="11-05 17:00")
    c.load(store)

    closure = metrics.closure_rate(store.conn, **NOV, org=STREET)
    on_time = metrics.on_time_closure_rate(store.conn, **NOV, org=STREET)
    assert closure == ratio(911, 972, 93.72)
    assert on_time == ratio(737, 972, 75.82)
    # the district sees the other street's 50 on-time closures too
    assert metrics.closure_rate(store.conn, **NOV, org="410105") == ratio(961, 1022, 94.03)
    # December: the 21 late closures and the 25 due-in-December open cases
    dec = dict(start="2026-12-01", end="2027-01-01")
    assert metrics.closure_rate(store, **dec, org=STREET) == ratio(21, 46, 45.65)
    assert metrics.on_time_closure_rate(store, **dec, org=STREET) == ratio(0, 46, 0.0)
    # a Store or its connection, and indicators() agrees
    all_ = metrics.indicators(store, **NOV, org=STREET)
    assert all_["closure_rate"] == closure and all_["on_time_closure_rate"] == on_time


# -- due in the period: edges -----------------------------------------------------------

def test_deferred_cases_leave_the_on_time_denominator(store):
    c = Cases()
    ext = [("request_extension", "11-02 11:00"), ("approve_extension", "11-02 12:00")]
    base = dispatched()[:4]
    c.add(base + ext + flow("feedback", "11-09 10:00", "verify_pass", "11-09 11:00"),
          deadline="11-10 17:00")               # extended, still due (and closed) in November
    c.add(base + ext, deadline="12-02 17:00")     # extended past the period: not due in Nov
    c.add(dispatched(), deadline="11-05 17:00")  # plain, on time
    c.add(dispatched(close=None), deadline="11-20 17:00")   # plain, open
    c.load(store)
    assert metrics.closure_rate(store, **NOV) == ratio(2, 3, 66.67)
    assert metrics.on_time_closure_rate(store, **NOV) == ratio(1, 2, 50.0)
    # the open one was handled (11-03) before its deadline (11-20)
    assert metrics.on_time_handling_rate(store, **NOV) == ratio(2, 2, 100.0)


def test_deadline_and_period_boundaries(store):
    c = Cases()
    # closed exactly at the deadline: on time
    c.add(dispatched(close="11-05 17:00"), deadline="11-05 17:00")
    # date-only deadline = the end of that day
    c.add(dispatched(close="11-05 23:30"), deadline="2026-11-05")
    # closed exactly at the period start: in; exactly at its end: out
    c.add(dispatched(feedback="11-01 00:00", close="11-01 00:00"), deadline="10-31 17:00")
    c.add(dispatched(feedback="12-01 00:00", close="12-01 00:00"), deadline="11-30 23:00")
    # the same instant written in UTC ('Z') and without an offset (local time)
    c.add(dispatched(close="11-05 16:00"), deadline="2026-11-05T09:00:00Z")
    c.add(dispatched(close="11-05 18:00"), deadline="2026-11-05T17:00:00")
    c.load(store)
    r = metrics.indicators(store, **NOV)
    # due: all six; closed in November: all but the one closed at 12-01 00:00
    assert r["closure_rate"] == ratio(5, 6, 83.33)
    # on time: at the deadline, date-only, UTC; late: 11-01 (deadline 10-31), naive 17:00
    assert r["on_time_closure_rate"] == ratio(3, 6, 50.0)
    # an aware datetime bound in another zone: the same period
    utc = dt.timezone.utc
    assert metrics.closure_rate(store, start=dt.datetime(2026, 10, 31, 16, tzinfo=utc),
                                end=dt.datetime(2026, 11, 30, 16, tzinfo=utc)) == \
        r["closure_rate"]


# -- the other indicators, small hand-checked data --------------------------------------------

def test_on_time_handling_rate(store):
    c = Cases()
    # handled by the deadline, closed after it: handled on time, not closed on time
    c.add(dispatched(feedback="11-05 12:00", close="11-06 09:00"), deadline="11-05 17:00")
    # handled on time, failed verification, redone after the deadline: not on time
    c.add(dispatched(feedback="11-04 10:00", close=None) + flow(
        "verify_fail", "11-04 11:00", "feedback", "11-07 10:00", "verify_pass", "11-07 11:00"),
        deadline="11-05 17:00")
    # handled on time, waiting for verification (due, open)
    c.add(dispatched(feedback="11-04 10:00", close=None), deadline="11-05 17:00")
    # handled on time after failing verification, now back in handling: not handled
    c.add(dispatched(feedback="11-04 10:00", close=None) + [("verify_fail", "11-04 11:00")],
          deadline="11-05 17:00")
    # self-handled on time
    c.add(flow("report", "11-02 09:00", "self_handle", "11-02 11:00", "verify_pass",
               "11-02 12:00"), deadline="11-03 09:00")
    c.load(store)
    r = metrics.indicators(store, **NOV)
    assert r["on_time_handling_rate"] == ratio(3, 5, 60.0)
    assert r["on_time_closure_rate"] == ratio(1, 5, 20.0)
    assert r["closure_rate"] == ratio(3, 5, 60.0)


def test_timely_acceptance_rate(store):
    c = Cases()
    rep = "11-02 09:00"
    c.add(flow("report", rep, "accept", "11-02 09:30"))          # timely
    c.add(flow("report", rep, "accept", "11-02 10:00"))          # exactly 1 h: timely
    c.add(flow("report", rep, "accept", "11-02 10:01"))          # late
    c.add(flow("report", rep, "reject", "11-02 09:20"))          # a timely decision
    c.add(flow("report", rep, "self_handle", "11-02 09:05"))     # needs no acceptance
    c.add(flow("report", rep))                                   # never accepted: late
    c.add(flow("report", "11-30 23:30"))                         # waiting, within the limit
    c.add(flow("report", "10-30 09:00", "accept", "10-30 09:10"))  # October
    # a conflicting accept (after a reject) does not count; the reject does (timely)
    c.add(flow("report", rep, "reject", "11-02 09:40", "accept", "11-02 09:41"))
    c.load(store)
    as_of = "2026-11-30T23:45:00+08:00"
    assert metrics.timely_acceptance_rate(store, **NOV, as_of=as_of) == ratio(4, 6, 66.67)
    assert metrics.timely_acceptance_rate(store, **NOV, as_of=as_of, limit_hours=2) == \
        ratio(5, 6, 83.33)
    # later, the waiting case is past its limit
    assert metrics.timely_acceptance_rate(store, **NOV, as_of="2026-12-01T09:00:00+08:00") == \
        ratio(4, 7, 57.14)
    assert metrics.indicators(store, **NOV, as_of=as_of)["timely_acceptance_rate"] == \
        ratio(4, 6, 66.67)


class HalfCalendar:
    """A stand-in calendar: half the wall-clock hours; records what it was given."""

    def __init__(self):
        self.calls = []

    def working_hours_between(self, a, b):
        self.calls.append((a, b))
        return (b - a).total_seconds() / 3600 / 2


def test_calendar_is_used_for_working_hours(store):
    c = Cases()
    c.add(flow("report", "11-02 09:00", "accept", "11-02 10:30"))   # 1.5 h wall, 0.75 "working"
    c.add(dispatched(dispatch="11-02 10:00", feedback="11-02 14:00"), deadline="11-05 17:00")
    c.load(store)
    cal = HalfCalendar()
    assert metrics.timely_acceptance_rate(store, **NOV, as_of="2026-12-01") == ratio(1, 2, 50.0)
    assert metrics.timely_acceptance_rate(store, **NOV, calendar=cal, as_of="2026-12-01") == \
        ratio(2, 2, 100.0)
    assert all(a.tzinfo is not None and b.tzinfo is not None for a, b in cal.calls)
    assert metrics.mean_handling_hours(store, **NOV) == ratio(4.0, 1, 4.0, "h")
    assert metrics.mean_handling_hours(store, **NOV, calendar=cal) == ratio(2.0, 1, 2.0, "h")


def test_real_work_calendar_skips_the_weekend(store):
    from app.models.domain import calendar
    c = Cases()
    # reported Friday 16:50, accepted Monday 08:00: ~63 wall-clock hours, < 1 working hour
    c.add(flow("report", "11-27 16:50", "accept", "11-30 08:00"))
    c.load(store)
    assert metrics.timely_acceptance_rate(store, **NOV).value == 0.0
    assert metrics.timely_acceptance_rate(store, **NOV,
                                          calendar=calendar.WorkCalendar()).value == 100.0


def test_mean_handling_hours(store):
    c = Cases()
    c.add(dispatched(dispatch="11-02 10:00", feedback="11-02 14:00"))           # 4 h
    c.add(flow("report", "11-03 09:00", "self_handle", "11-03 10:30"))         # 1.5 h from report
    c.add(dispatched(dispatch="11-04 10:00", feedback="11-04 12:00", close=None) + flow(
        "verify_fail", "11-04 13:00", "feedback", "11-05 10:00"))              # 24 h to the redo
    c.add(dispatched(dispatch="11-06 10:00", feedback="11-06 12:00", close=None)
          + [("verify_fail", "11-06 13:00")])                                  # handling again
    c.add(dispatched(dispatch="10-06 10:00", feedback="10-06 12:00"))           # October
    c.load(store)
    assert metrics.mean_handling_hours(store, **NOV) == ratio(29.5, 3, 9.83, "h")
    assert metrics.mean_handling_hours(store) == ratio(31.5, 4, 7.88, "h")


def test_rework_rate(store):
    c = Cases()
    c.add(dispatched(close=None) + flow("verify_fail", "11-03 11:00", "feedback", "11-04 10:00",
                                        "verify_pass", "11-04 11:00"))   # reworked, closed
    c.add(dispatched())                                                   # passed first time
    c.add(dispatched(close=None) + [("verify_fail", "11-03 11:00")])      # failed, in rework
    c.add(dispatched(feedback="10-20 10:00", close="10-20 11:00"))         # verified in October
    # a late verify_fail after the close is a conflict: not rework
    c.add(dispatched() + [("verify_fail", "11-03 12:00")])
    c.load(store)
    assert metrics.rework_rate(store, **NOV) == ratio(2, 4, 50.0)
    assert metrics.rework_rate(store) == ratio(2, 5, 40.0)


def test_satisfaction_rate(store):
    c = Cases()
    for value in ("satisfied", "satisfied", "basically_satisfied", "dissatisfied",
                  "dissatisfied"):
        c.add(dispatched() + [("evaluate", "11-04 10:00", {"satisfaction": value})])
    c.add(dispatched("10-02 09:00", "10-02 09:10", "10-02 10:00", "10-03 10:00", "10-03 11:00")
          + [("evaluate", "10-04 10:00", {"satisfaction": "dissatisfied"})])   # October
    c.add(dispatched())                                         # closed, not evaluated
    c.load(store)
    assert metrics.satisfaction_rate(store, **NOV) == ratio(3, 5, 60.0)
    assert metrics.satisfaction_rate(store) == ratio(3, 6, 50.0)


def test_online_handling_rate(store):
    c = Cases()
    c.add(dispatched())                                                     # whole loop
    c.add(flow("report", "11-02 09:00", "self_handle", "11-02 10:00",
               "verify_pass", "11-02 11:00"))                                # self-handled loop
    c.add(dispatched(close=None) + flow("verify_fail", "11-03 11:00", "feedback", "11-04 10:00",
                                        "verify_pass", "11-04 11:00"))       # with rework
    # closed on paper and entered afterwards: the row says closed, the log has no loop
    c.add(flow("report", "11-02 09:00"), override=dict(
        state="closed", closed_at=t("11-06 10:00"), deadline=t("11-08 17:00")))
    c.add(dispatched(close=None))                                           # open: not judged
    c.load(store)
    assert metrics.online_handling_rate(store, **NOV) == ratio(3, 4, 75.0)


# -- filters ---------------------------------------------------------------------------------

def test_filters_by_org_prefix_unit_worker_and_period(store):
    c = Cases()
    c.add(dispatched(), grid=G1, deadline="11-05 17:00", created_by="w1")
    c.add(dispatched(close=None), grid=G2, deadline="11-05 17:00", created_by="w2")
    c.add(dispatched(), grid=G3, deadline="11-05 17:00", created_by="w3")
    c.add(flow("report", "11-02 09:00", "self_handle", "11-02 10:00", "verify_pass",
               "11-02 11:00"), grid=G3, deadline="11-05 17:00", created_by="w3")
    c.add(dispatched("10-02 09:00", "10-02 09:10", "10-02 10:00", "10-03 10:00", "10-03 11:00"),
          grid=G1, deadline="10-05 17:00", created_by="w1")
    c.load(store)

    def closure(**kw):
        r = metrics.closure_rate(store, **kw)
        return r.numerator, r.denominator

    assert closure(**NOV) == (3, 4)
    assert closure() == (4, 5)
    assert closure(**NOV, org="4101") == (3, 4)
    assert closure(**NOV, org=STREET) == (1, 2)
    assert closure(**NOV, org="410105003001") == (1, 2)
    assert closure(**NOV, org=G2) == (0, 1)
    assert closure(**NOV, org=OTHER_STREET) == (2, 2)
    assert closure(**NOV, org="410106") == (0, 0)
    # holder unit: the dispatched cases are held by the department; the self-handled one is not
    assert closure(**NOV, unit=DEPT) == (2, 3)
    # worker: created_by, or holder_user_id (the department handler d1 holds dispatched cases)
    assert closure(**NOV, worker="w1") == (1, 1)
    assert closure(worker="w1") == (2, 2)
    assert closure(**NOV, worker="w3") == (2, 2)
    assert closure(**NOV, worker="d1") == (2, 3)
    assert closure(**NOV, org=STREET, worker="d1") == (1, 2)
    # period: October alone, and open-ended sides
    assert closure(start="2026-10-01", end="2026-11-01") == (1, 1)
    assert closure(start="2026-11-01") == (3, 4)
    assert closure(end="2026-11-01") == (1, 1)
    # every indicator honours the filters
    for name, r in metrics.indicators(store, **NOV, org="410106").items():
        assert r.denominator == 0 and r.value is None, name


# -- zero denominators, shape, rounding ----------------------------------------------------

def test_zero_denominators_give_none(store):
    r = metrics.indicators(store, **NOV)
    assert list(r) == list(metrics.INDICATORS)
    for name, value in r.items():
        assert value.denominator == 0 and value.value is None and value.numerator == 0, name
    assert r["mean_handling_hours"].unit == "h"
    # an empty period is empty, not an error
    assert metrics.closure_rate(store, start="2026-11-05", end="2026-11-05").value is None
    assert metrics.closure_rate(store, start="2026-12-05", end="2026-11-05").value is None
    for fn in (metrics.closure_rate, metrics.on_time_closure_rate,
               metrics.timely_acceptance_rate, metrics.on_time_handling_rate,
               metrics.rework_rate, metrics.mean_handling_hours, metrics.satisfaction_rate,
               metrics.online_handling_rate):
        assert fn(store.conn, **NOV).value is None


def test_indicators_match_the_single_functions_and_serialise(store):
    c = Cases()
    c.add(dispatched(evaluate="11-04 10:00"), deadline="11-05 17:00")
    c.add(dispatched(close=None) + [("verify_fail", "11-03 11:00")], deadline="11-05 17:00")
    c.add(flow("report", "11-02 09:00", "accept", "11-02 11:00"))
    c.load(store)
    as_of = "2026-12-01"
    everything = metrics.indicators(store, **NOV, as_of=as_of)
    for name in metrics.INDICATORS:
        kw = dict(as_of=as_of) if name == "timely_acceptance_rate" else {}
        assert getattr(metrics, name)(store, **NOV, **kw) == everything[name], name
        assert set(everything[name].as_dict()) == {"numerator", "denominator", "value", "unit"}
        assert name in metrics.LABELS
    json.dumps({k: v.as_dict() for k, v in everything.items()})
    assert everything["timely_acceptance_rate"] == ratio(2, 3, 66.67)
    assert everything["satisfaction_rate"] == ratio(1, 1, 100.0)


def test_percent_rounds_half_up_to_two_decimals():
    assert metrics._percent(1, 800).value == 0.13          # 0.125 -> 0.13
    assert metrics._percent(2, 3).value == 66.67
    assert metrics._percent(1, 6).value == 16.67
    assert metrics._percent(911, 972).value == 93.72
    assert metrics._percent(737, 972).value == 75.82
    assert metrics._percent(0, 0) == Ratio(0, 0, None)
    assert metrics._mean(0, 0) == Ratio(0.0, 0, None, "h")


def test_results_are_frozen():
    r = metrics._percent(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.value = 1.0  # type: ignore[misc]


# -- on cases written by the case repository ------------------------------------------------

def test_indicators_over_cases_written_by_the_repository(store):
    """The real write path (app.models.cases.repository) and the real work calendar: the
    projection's columns and event rows are what the indicators read."""
    cases_mod = pytest.importorskip("app.models.cases.repository")
    from app.models.write.unit import Actor

    tz = dt.timezone(dt.timedelta(hours=8))
    now = [dt.datetime(2026, 11, 27, 10, 0, tzinfo=tz)]            # Friday 10:00

    def at(*args):
        now[0] = dt.datetime(2026, 11, *args, tzinfo=tz)

    def make(user, role):
        return cases_mod.Cases(store, Actor(user, user, role, G1), now=lambda: now[0])
    worker, head = make("w1", "grid_worker"), make("h1", "grid_head")
    sup, handler = make("s1", "community_supervisor"), make("d1", "dept_handler")

    one = worker.create(title="小区门口暴露垃圾", category="exposed_garbage", grid_id=G1)["id"]
    at(27, 10, 15)
    sup.act(one, "accept")
    at(27, 10, 30)
    sup.act(one, "dispatch", unit=DEPT)
    at(27, 11, 0)
    handler.act(one, "sign")
    at(27, 15, 0)
    handler.act(one, "feedback")
    head.act(one, "verify_fail")
    at(27, 16, 0)
    handler.act(one, "feedback")
    at(27, 16, 30)
    sup.act(one, "verify_pass")
    sup.act(one, "evaluate", satisfaction="basically_satisfied")
    # reported Friday 16:50, accepted Monday 09:10: 64 wall-clock hours, 20 working minutes
    at(27, 16, 50)
    two = worker.create(title="楼道乱堆物料", category="exposed_garbage", grid_id=G1)["id"]
    at(30, 9, 10)
    sup.act(two, "accept")

    r = metrics.indicators(store, **NOV, as_of=now[0])
    assert r["closure_rate"] == ratio(1, 1, 100.0)          # deadline Mon 10:30, closed Fri
    assert r["on_time_closure_rate"] == ratio(1, 1, 100.0)
    assert r["on_time_handling_rate"] == ratio(1, 1, 100.0)
    assert r["timely_acceptance_rate"] == ratio(1, 2, 50.0)
    assert r["rework_rate"] == ratio(1, 1, 100.0)
    assert r["mean_handling_hours"] == ratio(5.5, 1, 5.5, "h")   # 10:30 -> 16:00
    assert r["satisfaction_rate"] == ratio(1, 1, 100.0)
    assert r["online_handling_rate"] == ratio(1, 1, 100.0)
    worked = metrics.indicators(store, **NOV, as_of=now[0], calendar=sup.calendar)
    assert worked["timely_acceptance_rate"] == ratio(2, 2, 100.0)
    # 10:30-12:00 and 13:00-16:00 under the calendar's working periods
    assert worked["mean_handling_hours"] == ratio(4.5, 1, 4.5, "h")
    assert metrics.indicators(store, **NOV, org=G2)["closure_rate"].value is None
