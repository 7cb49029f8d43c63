"""The fields of a case that the desktop and the server both check (domain.md §5):
where a case may be reported (the kinds of grid), its sources, its urgency, and the
longest text each field takes. ``app.models.cases.repository`` validates a new case
with these; the server checks the same.
"""
from __future__ import annotations

import re

from app.models.domain.choices import Choice

SOURCES: dict[str, Choice] = {c.code: c for c in [
    Choice("patrol", "网格员巡查", "Grid worker patrol"),
    Choice("walk_in", "群众上报", "Reported by a resident"),
    Choice("hotline", "12345热线", "12345 hotline"),
    Choice("snapshot", "随手拍", "Snap and report"),
    # a resident's own report from the 随手拍 page on the city server (issue 21); the
    # grid worker's quick report above is 随手拍 too, but not a resident's demand
    Choice("resident_snapshot", "居民随手拍", "Resident's snap and report"),
    Choice("assigned", "上级交办", "Assigned from above"),
    Choice("video", "视频发现", "Found on video"),
]}
URGENCY: dict[str, Choice] = {c.code: c for c in [
    Choice("normal", "一般", "Normal"),
    Choice("urgent", "紧急", "Urgent"),
]}
GRID_KINDS = ("grid", "dedicated", "micro_grid")
MAX_LEN = {"title": 100, "description": 4000, "location_text": 200, "reporter_name": 50,
           "note": 2000}

# A report filed from the field (随手拍) must say what and where: a description or a
# photo, and a place finer than the grid (an address, a described place or a position).
# Checked where the case is filed (its "report" step) on the desktop and on the server
# (validation.validate_report), so a crafted client's empty report is refused too.
SUBSTANCE_SOURCES = ("snapshot",)
PLACE_FIELDS = ("address_id", "location_text", "lon")
# 及时受理: a reported case is accepted within one working hour (domain.md §5 indicators)
ACCEPT_WITHIN_HOURS = 1

# ---------------------------------------------------------------- case numbers
# The internal key of a case stays its id; ``number`` is the long offline-unique number
# (<grid>-<yyyymmdd>-<device>-<seq>). People read and say a short one (at most 16
# characters): the device's provisional ``临-7K2Q-0042`` from creation (device code +
# this device's sequence; unambiguous before any sync), replaced for display by the
# city's ``JS2612-00042`` (district + yymm + the district's monthly sequence) that
# the server gives the case when its create op is applied. Both stay searchable.
SHORT_MAX = 16
PROVISIONAL_MARK = "临"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"     # no I, L, O, U: nothing to misread
PROVISIONAL_RE = re.compile(rf"^{PROVISIONAL_MARK}-[{_CROCKFORD}]{{4}}-[0-9]{{4,9}}$")
CITY_NO_RE = re.compile(r"^(?:[A-Z]{2}|[0-9]{6})[0-9]{4}-[0-9]{5,7}$")
# Zhengzhou's districts and counties (GB/T 2260 codes): the two letters people say
DISTRICTS = {"410102": "ZY", "410103": "EQ", "410104": "GC", "410105": "JS",
             "410106": "SJ", "410108": "HJ", "410122": "ZM", "410181": "GY",
             "410182": "XY", "410183": "XM", "410184": "XZ", "410185": "DF",
             "410171": "HK", "410172": "GX", "410173": "JK", "410174": "ZD"}


def device_code(device_id: str) -> str:
    """Four Crockford base-32 characters from the random tail of a device's UUIDv7 id
    (its head is a timestamp, alike for PCs set up the same day)."""
    tail = int(str(device_id).replace("-", "")[-5:] or "0", 16) & 0xFFFFF
    return "".join(_CROCKFORD[(tail >> shift) & 31] for shift in (15, 10, 5, 0))


def provisional_number(code: str, seq: int) -> str:
    return f"{PROVISIONAL_MARK}-{code}-{seq:04d}"


def district_prefix(grid_code: str) -> str:
    """The two letters of the district a grid lies in (its code's first six digits),
    or those six digits for a district without letters."""
    district = str(grid_code or "")[:6]
    return DISTRICTS.get(district) or (district if len(district) == 6 and
                                       district.isdigit() else "00")


def city_number(grid_code: str, yymm: str, seq: int) -> str:
    return f"{district_prefix(grid_code)}{yymm}-{seq:05d}"


def shown_number(case: dict) -> str:
    """The number to show and say: the city's, else the provisional one, else (a case
    made before short numbers) the long one."""
    return case.get("short_no") or case.get("provisional_no") or case.get("number") or ""
