"""The fields of a case that the desktop and the server both check (domain.md §5):
where a case may be reported (the kinds of grid), its sources, its urgency, and the
longest text each field takes. ``app.models.cases.repository`` validates a new case
with these; the server checks the same.
"""
from __future__ import annotations

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
