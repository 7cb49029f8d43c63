"""The working-day calendar and time-limit arithmetic (domain.md §5, 时限).

Data: weekends are days off, plus each year's State Council holiday notice
(days off and make-up working days, 调休) shipped as
``resources/dictionaries/calendar/<year>.json`` and updated by the server. A
year without a loaded notice counts weekends only; ``has_year`` lets the UI
say so ("no holiday notice loaded for 2027, counting weekends only").

Decisions (documented here because every deadline depends on them):

* Working hours: 09:00–12:00 and 13:00–17:00 local time, 7 h per working day
  (a constructor parameter: ``periods``). Time outside these periods (lunch,
  evenings, weekends, holidays) does not count.
* A limit in working hours ends when that much working time has elapsed after
  the start. A start outside working time counts from the next working
  period's start (a case dispatched on Saturday starts on Monday 09:00).
* A limit of N working days is N × (working hours per day): the deadline is
  the same point of the working day N working days later (dispatched Monday
  10:30 with 1 day → Tuesday 10:30; Friday 10:30 → Monday 10:30). Every limit
  is therefore a number of working hours, so the 80 % yellow mark and
  extensions (which add working days) are exact. A result that lands exactly
  on the end of a working period is reported as that end (17:00, not 09:00
  the next morning).
* Levels: 'red' when ``now`` is past the deadline; 'yellow' when at least
  80 % of the working time between the clock start and the deadline has been
  used; 'normal' otherwise.

All functions are pure. Datetimes are timezone-aware and computed in
Asia/Shanghai (UTC+8, no daylight saving); a naive datetime is taken to be
Shanghai local time. Stored values are ISO-8601 strings with offset
(``to_iso``/``parse_iso``).
"""
from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Mapping

from app.paths import resource_path

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        TZ: dt.tzinfo = ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # Windows without the tzdata package
        TZ = dt.timezone(dt.timedelta(hours=8), "CST")
except ImportError:  # pragma: no cover
    TZ = dt.timezone(dt.timedelta(hours=8), "CST")

WORKING_PERIODS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(9, 0), dt.time(12, 0)),
    (dt.time(13, 0), dt.time(17, 0)),
)
YELLOW_AT = Fraction(4, 5)          # share of the working time used that turns a case yellow
LEVELS = ("normal", "yellow", "red")
MAX_DAYS = 3660                      # arithmetic never walks further than ten years


def calendar_dir() -> Path:
    return resource_path("dictionaries", "calendar")


def localize(value: dt.datetime, tz: dt.tzinfo = TZ) -> dt.datetime:
    """``value`` in local (Shanghai) time; naive values are taken as local already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def parse_iso(value: str | dt.datetime | None, tz: dt.tzinfo = TZ) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return localize(value, tz)
    return localize(dt.datetime.fromisoformat(value), tz)


def shown(value: str | dt.datetime | None, *, seconds: bool = False,
          tz: dt.tzinfo = TZ) -> str:
    """A stored moment as people read it, in the city's time (the users' zone):
    ``2026-12-05 09:02``. Stored text may carry any offset (older rows and the
    server's audit records are in UTC), so it is converted, never sliced; a date
    alone stays as it is and text that is no moment is shown unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and len(value) <= 10:
        return value
    try:
        moment = parse_iso(value, tz)
    except (TypeError, ValueError):
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def to_iso(value: dt.datetime | None, tz: dt.tzinfo = TZ) -> str | None:
    """Canonical storage form: local time, seconds, with offset
    (``2026-11-30T10:00:00+08:00``). Values in this one form compare as strings."""
    if value is None:
        return None
    return localize(value, tz).isoformat(timespec="seconds")


def load_notices(*directories: Path) -> list[dict]:
    """Year notices from the shipped folder and any extra folders (e.g. a newer
    notice from the server); for a year found twice the higher version wins,
    a later folder winning a tie."""
    by_year: dict[int, dict] = {}
    for folder in (calendar_dir(), *directories):
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            with open(path, encoding="utf-8") as fh:
                notice = json.load(fh)
            year = int(notice["year"])
            old = by_year.get(year)
            if old is None or int(notice.get("version", 1)) >= int(old.get("version", 1)):
                by_year[year] = notice
    return [by_year[y] for y in sorted(by_year)]


def merge_notices(*lists) -> list[dict]:
    """Year notices, one per year: the higher version wins and a later list wins a
    tie (as ``load_notices`` does for folders)."""
    by_year: dict[int, dict] = {}
    for notices in lists:
        for notice in notices or ():
            year = int(notice["year"])
            old = by_year.get(year)
            if old is None or int(notice.get("version", 1)) >= int(old.get("version", 1)):
                by_year[year] = notice
    return [by_year[y] for y in sorted(by_year)]


def with_loaded(loaded: Iterable[Mapping] | None) -> "WorkCalendar":
    """The calendar deadlines are computed with, on the server and on the desktop
    alike: the shipped notices merged with those the server loaded (``python -m
    server load-dictionary calendar``), the loaded one winning a tie; the shipped
    calendar when nothing was loaded."""
    if loaded is None:
        return default_calendar()
    return WorkCalendar(merge_notices(load_notices(), loaded))


def _days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


class WorkCalendar:
    """Working days and working hours; pure arithmetic over loaded notices."""

    def __init__(self, notices: Iterable[Mapping] | None = None, *,
                 periods: Iterable[tuple[dt.time, dt.time]] = WORKING_PERIODS,
                 tz: dt.tzinfo = TZ):
        self.tz = tz
        self.periods = tuple(periods)
        last = dt.time(0)
        for start, end in self.periods:
            if not (last <= start < end):
                raise ValueError("working periods must be ordered and not overlap")
            last = end
        self.hours_per_day = sum(
            (dt.datetime.combine(dt.date.min, e) - dt.datetime.combine(dt.date.min, s)
             ).total_seconds() for s, e in self.periods) / 3600
        if self.hours_per_day <= 0:
            raise ValueError("a working day needs working hours")
        self._notices: dict[int, Mapping] = {}
        self._off: dict[dt.date, str] = {}
        self._work: dict[dt.date, str] = {}
        for notice in (load_notices() if notices is None else notices):
            self._add_notice(notice)

    @classmethod
    def load(cls, *directories: Path, **kwargs) -> "WorkCalendar":
        return cls(load_notices(*directories), **kwargs)

    def _add_notice(self, notice: Mapping) -> None:
        year = int(notice["year"])
        self._notices[year] = notice
        for holiday in notice.get("holidays", []):
            start = dt.date.fromisoformat(holiday["from"])
            end = dt.date.fromisoformat(holiday.get("to", holiday["from"]))
            for day in _days(start, end):
                self._off[day] = holiday.get("name", "")
        for workday in notice.get("workdays", []):
            day = dt.date.fromisoformat(workday["date"])
            self._work[day] = workday.get("for", "")
        clash = self._off.keys() & self._work.keys()
        if clash:
            raise ValueError(f"dates both off and worked: {sorted(clash)}")

    # -- days --------------------------------------------------------------
    @property
    def years(self) -> list[int]:
        return sorted(self._notices)

    def has_year(self, year: int) -> bool:
        """Whether the holiday notice for ``year`` is loaded (else: weekends only)."""
        return int(year) in self._notices

    def missing_years(self, start: dt.date | dt.datetime, end: dt.date | dt.datetime
                      ) -> list[int]:
        return [y for y in range(start.year, end.year + 1) if not self.has_year(y)]

    def notice(self, year: int) -> Mapping | None:
        return self._notices.get(int(year))

    def holiday_name(self, day: dt.date | dt.datetime) -> str | None:
        day = self._date(day)
        return self._off.get(day)

    def is_makeup_day(self, day: dt.date | dt.datetime) -> bool:
        return self._date(day) in self._work

    def is_working_day(self, day: dt.date | dt.datetime) -> bool:
        day = self._date(day)
        if day in self._work:
            return True
        if day in self._off:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date | dt.datetime) -> dt.date:
        """The first working day strictly after ``day``."""
        day = self._date(day)
        for _ in range(MAX_DAYS):
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day within ten years")  # pragma: no cover

    def _date(self, value: dt.date | dt.datetime) -> dt.date:
        if isinstance(value, dt.datetime):
            return localize(value, self.tz).date()
        return value

    # -- hours -------------------------------------------------------------
    def _period_bounds(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(day):
            return []
        return [(dt.datetime.combine(day, s, tzinfo=self.tz),
                 dt.datetime.combine(day, e, tzinfo=self.tz)) for s, e in self.periods]

    def is_working_time(self, moment: dt.datetime) -> bool:
        moment = localize(moment, self.tz)
        return any(s <= moment < e for s, e in self._period_bounds(moment.date()))

    def add_working_hours(self, start: dt.datetime, hours: float | dt.timedelta
                          ) -> dt.datetime:
        """The moment at which ``hours`` of working time have elapsed after ``start``."""
        remaining = hours if isinstance(hours, dt.timedelta) else dt.timedelta(hours=hours)
        if remaining < dt.timedelta(0):
            raise ValueError("hours must not be negative")
        moment = localize(start, self.tz)
        if not remaining:
            return moment
        day = moment.date()
        for _ in range(MAX_DAYS):
            for p_start, p_end in self._period_bounds(day):
                if moment >= p_end:
                    continue
                begin = max(moment, p_start)
                available = p_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
            day += dt.timedelta(days=1)
            moment = dt.datetime.combine(day, dt.time(0), tzinfo=self.tz)
        raise ValueError("limit reaches more than ten years ahead")

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """Same point of the working day ``days`` working days later (see module doc)."""
        if days < 0:
            raise ValueError("days must not be negative")
        return self.add_working_hours(start, dt.timedelta(hours=self.hours_per_day * days))

    def working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Working time from ``a`` to ``b`` (negative when ``b`` is before ``a``)."""
        a, b = localize(a, self.tz), localize(b, self.tz)
        if b < a:
            return -self.working_time_between(b, a)
        total = dt.timedelta(0)
        if (b.date() - a.date()).days > MAX_DAYS:
            raise ValueError("span longer than ten years")
        for day in _days(a.date(), b.date()):
            for p_start, p_end in self._period_bounds(day):
                lo, hi = max(a, p_start), min(b, p_end)
                if hi > lo:
                    total += hi - lo
        return total

    def working_hours_between(self, a: dt.datetime, b: dt.datetime) -> float:
        return self.working_time_between(a, b).total_seconds() / 3600

    # -- limits --------------------------------------------------------------
    def limit_time(self, limit) -> dt.timedelta:
        """A ``categories.Limit`` as working time."""
        return dt.timedelta(hours=limit.working_hours(self.hours_per_day))

    def deadline(self, clock_start: dt.datetime | str, category, urgent: bool | str = False,
                 extra_days: int = 0) -> dt.datetime:
        """Deadline of a case whose clock started at ``clock_start``: the category's
        limit (the urgent override for an urgent case), plus approved extensions in
        working days. ``category`` is a ``categories.Category`` or a ``Limit``."""
        limit = category.limit_for(urgent) if hasattr(category, "limit_for") else category
        start = parse_iso(clock_start, self.tz)
        span = self.limit_time(limit) + dt.timedelta(hours=self.hours_per_day * (extra_days or 0))
        return self.add_working_hours(start, span)

    def first_response_deadline(self, clock_start: dt.datetime | str, category
                                ) -> dt.datetime | None:
        """For a category with a first-response limit (私搭乱建: stop within 4 h)."""
        if getattr(category, "first_response", None) is None:
            return None
        return self.add_working_hours(parse_iso(clock_start, self.tz),
                                      self.limit_time(category.first_response))

    def progress(self, now: dt.datetime, clock_start: dt.datetime | str | None,
                 deadline: dt.datetime | str | None) -> Fraction | None:
        """Share of the working time used (1 = deadline reached), or None."""
        start, end = parse_iso(clock_start, self.tz), parse_iso(deadline, self.tz)
        if start is None or end is None:
            return None
        total = self.working_time_between(start, end)
        if total <= dt.timedelta(0):
            return Fraction(1) if localize(now, self.tz) >= end else Fraction(0)
        used = self.working_time_between(start, localize(now, self.tz))
        return Fraction(_micro(used), _micro(total))

    def level(self, now: dt.datetime, clock_start: dt.datetime | str | None,
              deadline: dt.datetime | str | None) -> str:
        """'red' when overdue, 'yellow' from 80 % of the working time used, else 'normal'."""
        end = parse_iso(deadline, self.tz)
        if end is None or clock_start is None:
            return "normal"
        if localize(now, self.tz) > end:
            return "red"
        share = self.progress(now, clock_start, end)
        return "yellow" if share is not None and share >= YELLOW_AT else "normal"


def _micro(delta: dt.timedelta) -> int:
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


_default: WorkCalendar | None = None


def default_calendar() -> WorkCalendar:
    """The shipped calendar with the default working hours (cached)."""
    global _default
    if _default is None:
        _default = WorkCalendar()
    return _default
