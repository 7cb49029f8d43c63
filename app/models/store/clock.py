"""The desktop's one clock: what "now" is, and how a time is written down.

The rule (quality.md: every time in the user's time zone; sync-protocol.md:
device time decides nothing):

- Times are stored as ISO-8601 text **in the city's zone** (Asia/Shanghai,
  ``+08:00``) with their offset, seconds precision: the form
  ``app.models.domain.calendar.to_iso`` writes and the server writes
  (``server.sync._now_iso``). The zone the PC happens to be set to (UTC on a
  fresh Windows image, anything on a laptop back from a trip) plays no part.
- So every stored time is in one form and times compare as text
  (``confirmed_at < cutoff``, ``deadline < now``): a PC in UTC writing
  ``…+00:00`` next to ``…+08:00`` values would sort eight hours wrong.
- Screens show the stored text (``2026-11-30 10:00``), which is the users' time
  zone: GridDesk's users are Zhengzhou's grid workers, and the work calendar
  (working hours, deadlines) is Zhengzhou's.
- The device clock is information only: the server orders changes by its own
  ``server_seq``; a PC whose clock is days off decides nothing.

Every "now" of the desktop comes from here (``now``, ``now_iso``, ``today``); a
test that needs another time patches ``clock.now``.
"""
from __future__ import annotations

import datetime as dt

from app.models.domain import calendar as cal

TZ = cal.TZ


def now() -> dt.datetime:
    """This moment in the city's zone (aware)."""
    return dt.datetime.now(TZ)


def iso(moment: dt.datetime) -> str:
    """``moment`` as stored text: the city's zone, seconds, with offset (a naive
    value is taken to be city time already)."""
    return cal.to_iso(moment, TZ)


def now_iso() -> str:
    """This moment as stored text (``2026-11-30T10:00:00+08:00``)."""
    return iso(now())


def today() -> dt.date:
    """Today in the city, whatever the PC's zone says (a PC set to UTC is still on
    yesterday until 08:00 in Zhengzhou)."""
    return now().date()
