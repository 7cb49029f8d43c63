"""The work calendar (domain.md §5): 2026 State Council notice, working-hour
arithmetic, deadlines and supervision levels. All pure, no database."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from app.models.domain import categories
from app.models.domain.calendar import TZ, WorkCalendar, load_notices, parse_iso, to_iso
from app.paths import resource_path

D = dt.date


def at(y, m, d, hh=0, mm=0):
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


@pytest.fixture(scope="module")
def cats():
    return categories.load()


# ------------------------------------------------------------------ days

OFF_2026 = [(D(2026, 1, 1), D(2026, 1, 3)), (D(2026, 2, 15), D(2026, 2, 23)),
            (D(2026, 4, 4), D(2026, 4, 6)), (D(2026, 5, 1), D(2026, 5, 5)),
            (D(2026, 6, 19), D(2026, 6, 21)), (D(2026, 9, 25), D(2026, 9, 27)),
            (D(2026, 10, 1), D(2026, 10, 7))]
MAKEUP_2026 = [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20),
               D(2026, 10, 10)]


def _span(a, b):
    while a <= b:
        yield a
        a += dt.timedelta(days=1)


def test_2026_days_off_exactly_as_notice(cal):
    for start, end in OFF_2026:
        for day in _span(start, end):
            assert not cal.is_working_day(day), day
            assert cal.holiday_name(day)
    # the notice file holds exactly these dates and no others
    notice = json.loads(resource_path("dictionaries", "calendar", "2026.json").read_text("utf-8"))
    listed = {day for h in notice["holidays"] for day in _span(D.fromisoformat(h["from"]),
                                                                D.fromisoformat(h["to"]))}
    assert listed == {day for s, e in OFF_2026 for day in _span(s, e)}
    assert {D.fromisoformat(w["date"]) for w in notice["workdays"]} == set(MAKEUP_2026)


def test_2026_makeup_days_are_weekend_days_worked(cal):
    for day in MAKEUP_2026:
        assert day.weekday() >= 5, day          # really a Saturday or Sunday
        assert cal.is_working_day(day), day
        assert cal.is_makeup_day(day)
    assert cal.is_working_day(D(2026, 10, 10))   # Saturday after National Day
    assert [cal.is_working_day(D(2026, 10, d)) for d in range(1, 12)] == [
        False] * 7 + [True, True, True, False]   # 8 Thu, 9 Fri, 10 Sat (make-up), 11 Sun


def test_ordinary_weekends_and_weekdays(cal):
    assert cal.is_working_day(D(2026, 11, 27))       # Friday
    assert not cal.is_working_day(D(2026, 11, 28))   # Saturday (TODAY in conftest)
    assert not cal.is_working_day(D(2026, 11, 29))   # Sunday
    assert cal.is_working_day(D(2026, 11, 30))
    assert cal.is_working_day(at(2026, 11, 30, 23, 59))   # a datetime works too
    assert cal.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)
    assert cal.next_working_day(D(2026, 10, 9)) == D(2026, 10, 10)


def test_year_without_notice_counts_weekends_only(cal):
    assert cal.has_year(2026) and cal.has_year(2025)
    assert not cal.has_year(2027)
    assert cal.missing_years(D(2026, 12, 1), D(2027, 2, 1)) == [2027]
    # 2027-01-01 is a Friday: a working day until the 2027 notice is loaded
    assert cal.is_working_day(D(2027, 1, 1))
    assert not cal.is_working_day(D(2027, 1, 2))
    # arithmetic still works across the boundary
    assert cal.add_working_days(at(2026, 12, 31, 10), 1) == at(2027, 1, 1, 10)


def test_a_loaded_notice_for_a_new_year_is_used(tmp_path):
    (tmp_path / "2027.json").write_text(json.dumps({
        "year": 2027, "version": 1,
        "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
        "workdays": []}), "utf-8")
    cal = WorkCalendar.load(tmp_path)
    assert cal.has_year(2027) and cal.has_year(2026)
    assert not cal.is_working_day(D(2027, 1, 1))


def test_server_notice_with_higher_version_replaces_shipped(tmp_path):
    newer = json.loads(resource_path("dictionaries", "calendar", "2026.json").read_text("utf-8"))
    newer["version"] = 2
    newer["holidays"].append({"name": "test", "from": "2026-12-01", "to": "2026-12-01"})
    (tmp_path / "2026.json").write_text(json.dumps(newer), "utf-8")
    notices = load_notices(tmp_path)
    assert [n["version"] for n in notices if n["year"] == 2026] == [2]
    assert not WorkCalendar(notices).is_working_day(D(2026, 12, 1))


def test_day_both_off_and_worked_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar([{"year": 2030, "holidays": [{"from": "2030-01-05", "to": "2030-01-05"}],
                       "workdays": [{"date": "2030-01-05"}]}])


# ------------------------------------------------------------------ hours

def test_working_hours_per_day_default_and_parameter(cal):
    assert cal.hours_per_day == 7
    eight = WorkCalendar(periods=((dt.time(8, 30), dt.time(12)), (dt.time(13, 30), dt.time(18))))
    assert eight.hours_per_day == 8
    assert eight.add_working_days(at(2026, 11, 30, 9), 1) == at(2026, 12, 1, 9)
    with pytest.raises(ValueError):
        WorkCalendar(periods=((dt.time(13), dt.time(17)), (dt.time(9), dt.time(12))))


def test_hours_limit_across_lunch(cal):
    # Monday 11:00 + 2 working hours: 11–12, lunch, 13–14
    assert cal.add_working_hours(at(2026, 11, 30, 11), 2) == at(2026, 11, 30, 14)
    # started during lunch: counts from 13:00
    assert cal.add_working_hours(at(2026, 11, 30, 12, 30), 1) == at(2026, 11, 30, 14)
    # landing exactly at the end of the morning stays there
    assert cal.add_working_hours(at(2026, 11, 30, 9), 3) == at(2026, 11, 30, 12)


def test_hours_limit_across_evening_and_weekend(cal):
    # Friday 15:00 + 5 h (道路不洁): 2 h Friday, then Monday 09–12
    assert cal.add_working_hours(at(2026, 11, 27, 15), 5) == at(2026, 11, 30, 12)
    # reported Friday evening: the clock starts Monday 09:00
    assert cal.add_working_hours(at(2026, 11, 27, 20), 4) == at(2026, 11, 30, 14)
    # Saturday: likewise
    assert cal.add_working_hours(at(2026, 11, 28, 10), 1) == at(2026, 11, 30, 10)
    assert cal.add_working_hours(at(2026, 11, 27, 17), 7) == at(2026, 11, 30, 17)
    with pytest.raises(ValueError):
        cal.add_working_hours(at(2026, 11, 27, 17), -1)


def test_days_limit_same_time_n_working_days_later(cal):
    assert cal.add_working_days(at(2026, 11, 30, 10, 30), 1) == at(2026, 12, 1, 10, 30)
    # across a weekend
    assert cal.add_working_days(at(2026, 11, 27, 10, 30), 1) == at(2026, 11, 30, 10, 30)
    assert cal.add_working_days(at(2026, 11, 27, 10, 30), 3) == at(2026, 12, 2, 10, 30)
    # across the National Day week: Sep 30 + 1 day is Oct 8; Oct 9 + 1 is the make-up Saturday
    assert cal.add_working_days(at(2026, 9, 30, 10, 30), 1) == at(2026, 10, 8, 10, 30)
    assert cal.add_working_days(at(2026, 10, 9, 16), 1) == at(2026, 10, 10, 16)
    # Sep 25–27 off, Sep 20 (Sun) worked: Fri Sep 18 + 1 day is Sun Sep 20
    assert cal.add_working_days(at(2026, 9, 18, 10), 1) == at(2026, 9, 20, 10)
    # across Spring Festival: Feb 13 (Fri) + 1 is Feb 14 (make-up Sat); + 2 is Feb 24
    assert cal.add_working_days(at(2026, 2, 13, 10), 1) == at(2026, 2, 14, 10)
    assert cal.add_working_days(at(2026, 2, 13, 10), 2) == at(2026, 2, 24, 10)
    # the start of a working day is the same point as the end of the one before:
    # dispatched at 09:00 with 1 day, due at 17:00 that day
    assert cal.add_working_days(at(2026, 11, 30, 9), 1) == at(2026, 11, 30, 17)
    assert cal.add_working_days(at(2026, 11, 28, 11), 1) == at(2026, 11, 30, 17)
    assert cal.add_working_days(at(2026, 11, 30, 9), 0) == at(2026, 11, 30, 9)


def test_working_hours_between(cal):
    assert cal.working_hours_between(at(2026, 11, 27, 15), at(2026, 11, 30, 12)) == 5
    assert cal.working_hours_between(at(2026, 11, 30, 11), at(2026, 11, 30, 14)) == 2
    assert cal.working_hours_between(at(2026, 11, 30, 14), at(2026, 11, 30, 11)) == -2
    assert cal.working_hours_between(at(2026, 9, 30, 17), at(2026, 10, 8, 9)) == 0
    assert cal.working_hours_between(at(2026, 11, 30, 0), at(2026, 12, 5, 0)) == 35
    # inverse of add_working_hours
    start = at(2026, 9, 29, 10, 17)
    for hours in (0.5, 3, 7, 19.25, 70):
        assert cal.working_hours_between(start, cal.add_working_hours(start, hours)) == \
            pytest.approx(hours)


def test_aware_and_naive_and_utc_inputs(cal):
    utc = dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.timezone.utc)    # 10:00 in Zhengzhou
    assert cal.add_working_hours(utc, 1) == at(2026, 11, 30, 11)
    assert cal.add_working_hours(dt.datetime(2026, 11, 30, 10), 1) == at(2026, 11, 30, 11)
    assert to_iso(at(2026, 11, 30, 11)) == "2026-11-30T11:00:00+08:00"
    assert parse_iso("2026-11-30T03:00:00+00:00") == at(2026, 11, 30, 11)


# ------------------------------------------------------------------ deadlines and levels

def test_deadline_from_category_limits(cal, cats):
    start = at(2026, 11, 27, 15)   # Friday afternoon
    assert cal.deadline(start, cats["dirty_road"]) == at(2026, 11, 30, 12)         # 5 h
    assert cal.deadline(start, cats["exposed_garbage"]) == at(2026, 11, 30, 15)    # 1 day
    assert cal.deadline(start, cats["exposed_garbage"], urgent=True) == at(2026, 11, 30, 11)
    assert cal.deadline(start, cats["streetlight_out"]) == at(2026, 12, 2, 15)     # 3 days
    assert cal.deadline(start, cats["manhole_cover"]) == at(2026, 11, 30, 11)      # 4 h
    assert cal.deadline(start, cats["manhole_cover"], urgent=True) == at(2026, 11, 30, 11)
    assert cal.deadline("2026-11-27T15:00:00+08:00", cats["dirty_road"]) == at(2026, 11, 30, 12)


def test_illegal_construction_first_response_and_demolition(cal, cats):
    cat = cats["illegal_construction"]
    start = at(2026, 9, 30, 14)
    assert cal.first_response_deadline(start, cat) == at(2026, 10, 8, 10)   # 3 h, then 1 h after the holiday
    # 20 working days across National Day: Oct 8, 9, 10 (make-up Saturday), 12–16, 19–23,
    # 26–30, Nov 2, Nov 3
    assert cal.deadline(start, cat) == at(2026, 11, 3, 14)
    assert cal.first_response_deadline(start, cats["dirty_road"]) is None


def test_extensions_add_working_days(cal, cats):
    start = at(2026, 11, 27, 15)
    base = cal.deadline(start, cats["exposed_garbage"])
    assert cal.deadline(start, cats["exposed_garbage"], extra_days=2) == \
        cal.add_working_days(base, 2) == at(2026, 12, 2, 15)
    # across the National Day week
    assert cal.deadline(at(2026, 9, 29, 10), cats["exposed_garbage"], extra_days=1) == \
        at(2026, 10, 8, 10)


def test_level_yellow_at_80_percent_red_when_overdue(cal, cats):
    start = at(2026, 11, 27, 15)
    deadline = cal.deadline(start, cats["dirty_road"])          # Monday 12:00, 5 working hours
    assert cal.level(at(2026, 11, 27, 16), start, deadline) == "normal"
    assert cal.level(at(2026, 11, 29, 23), start, deadline) == "normal"    # weekend: 2 h of 5
    assert cal.level(at(2026, 11, 30, 10, 59), start, deadline) == "normal"
    assert cal.level(at(2026, 11, 30, 11), start, deadline) == "yellow"    # exactly 4 h = 80 %
    assert cal.level(deadline, start, deadline) == "yellow"                # due, not overdue
    assert cal.level(at(2026, 11, 30, 12, 1), start, deadline) == "red"
    assert cal.level(at(2026, 11, 30, 12, 1), None, None) == "normal"
    # 1 day = 7 h: yellow from 5.6 h (5 h 36 min), exactly
    start = at(2026, 11, 30, 10)
    deadline = cal.deadline(start, cats["exposed_garbage"])
    assert deadline == at(2026, 12, 1, 10)
    assert cal.level(at(2026, 11, 30, 16, 35), start, deadline) == "normal"
    assert cal.level(at(2026, 11, 30, 16, 36), start, deadline) == "yellow"
    assert cal.progress(at(2026, 11, 30, 13), start, deadline) == pytest.approx(2 / 7)


def test_moments_are_shown_in_city_time_whatever_their_stored_offset():
    """The audit log and the outbox held UTC stamps (older rows, the server's audit
    records) and were shown by slicing the text: 01:02 instead of 09:02."""
    from app.models.domain.calendar import shown
    assert shown("2026-12-05T01:02:03Z") == "2026-12-05 09:02"
    assert shown("2026-12-05T01:02:03+00:00", seconds=True) == "2026-12-05 09:02:03"
    assert shown("2026-12-05T09:02:03+08:00") == "2026-12-05 09:02"
    assert shown("2026-12-05T20:30:00-05:00") == "2026-12-06 09:30"   # the next day here
    assert shown("2026-12-05") == "2026-12-05" and shown(None) == shown("") == ""
    assert shown("not a time") == "not a time"


def test_no_screen_slices_a_stored_time():
    """Every place that shows a stored moment goes through ``calendar.shown``: slicing
    the ISO text shows whatever offset it was stored with."""
    import re
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "app"
    slicing = re.compile(r"""replace\(\s*["']T["']\s*,\s*["'] ["']\s*\)""")
    found = [f"{p.relative_to(root)}:{n}" for p in root.rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if slicing.search(line)]
    assert found == []
