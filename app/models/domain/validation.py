"""Validation of every synced entity, shared by the desktop and the city server
(architecture.md: client and server can never disagree about what is valid).

Each function takes the row's values as they would be stored and returns a list
of ``rules.Issue`` (empty = valid). The desktop's forms show the issues beside
their fields; the server refuses an op whose row has any error issue. Qt-free,
and free of SQLite: lookups that need the store (does this household exist, is
it in the same grid) are the caller's.
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from app.models.domain import addresses, case_fields, places, rules
from app.models.domain import choices as d

# Longest text the forms take (a crafted client is held to the same limits): a case's
# fields and a step's note from case_fields.py, the other entities' here
MAX_LEN = {**case_fields.MAX_LEN, "notes": 2000, "details": 2000, "findings": 4000,
           "number": 64, "name": 100, "full_name": 300, "visitor": 100}
# the classic estate shape and the street shape (addresses.py)
ADDRESS_KINDS = addresses.KINDS
# A resident's place: grid, household, address path and relation change together and
# are merged, conflicted and resolved as one value (sync-protocol.md amendments)
MOVE_FIELDS = {"residents": ("grid_id", "household_id", "path", "relation"),
               "households": ("grid_id", "room_id", "path")}
COORDINATES = ("lon", "lat")


def _issue(fld: str, code: str, **params) -> rules.Issue:
    return rules.Issue(fld, code, params)


def check_lengths(values: Mapping, fields=None) -> list[rules.Issue]:
    out = []
    for fld in fields or MAX_LEN:
        value = values.get(fld)
        if isinstance(value, str) and len(value) > MAX_LEN.get(fld, 20000):
            out.append(_issue(fld, "text.too_long", max=MAX_LEN[fld]))
    return out


def validate_case(values: Mapping, categories) -> list[rules.Issue]:
    """The fields a case is created or edited with (derived fields are the state
    machine's). ``categories``: the Categories dictionary in force."""
    issues = check_lengths(values, ("title", "description", "location_text", "reporter_name"))
    title = values.get("title")
    if not isinstance(title, str) or not rules.normalize_text(title):
        issues.append(_issue("title", "required"))
    category = values.get("category")
    if not category:
        issues.append(_issue("category", "required"))
    elif categories.get(category) is None:
        issues.append(_issue("category", "choice.invalid", value=category))
    if values.get("source") not in case_fields.SOURCES:
        issues.append(_issue("source", "choice.invalid", value=values.get("source")))
    if values.get("urgency", "normal") not in case_fields.URGENCY:
        issues.append(_issue("urgency", "choice.invalid", value=values.get("urgency")))
    issues += rules.check_coordinates(values.get("lon"), values.get("lat"))[1]
    phone = values.get("reporter_phone")
    if phone:
        issues += rules.check_phone(rules.normalize_phone(str(phone)), "reporter_phone")
    provisional = values.get("provisional_no")
    if provisional is not None and not (isinstance(provisional, str) and len(provisional)
                                        <= case_fields.SHORT_MAX and
                                        case_fields.PROVISIONAL_RE.match(provisional)):
        issues.append(_issue("provisional_no", "case_no.invalid"))
    return issues


def _says_something(value) -> bool:
    """Text with at least one letter or digit (not blanks or punctuation alone)."""
    return isinstance(value, str) and any(ch.isalnum() for ch in value)


def validate_report(case: Mapping, photos: int) -> list[rules.Issue]:
    """A case filed (its "report" step) from a source that must say what and where
    (case_fields.SUBSTANCE_SOURCES, 随手拍): a description or at least one photo
    (``photos``: how many the case has with this step), and a place finer than the
    grid: an address, a described place or a position."""
    if case.get("source") not in case_fields.SUBSTANCE_SOURCES:
        return []
    issues = []
    if not _says_something(case.get("description")) and photos <= 0:
        issues.append(_issue("description", "case.what_missing"))
    placed = (bool(case.get("address_id")) or _says_something(case.get("location_text"))
              or (case.get("lon") is not None and case.get("lat") is not None))
    if not placed:
        issues.append(_issue("location_text", "case.place_missing"))
    return issues


def validate_tag(values: Mapping, today: dt.date) -> list[rules.Issue]:
    issues = check_lengths(values, ("notes", "details"))
    if values.get("tag") not in d.TAG_TYPES:
        issues.append(_issue("tag", "choice.invalid", value=values.get("tag")))
    since, i1 = rules.check_date(values.get("since") or "", "since", today)
    until, i2 = rules.check_date(values.get("until") or "", "until", today, allow_future=True)
    issues += i1 + i2
    if since and until and until < since:
        issues.append(_issue("until", "date.before_start"))
    return issues


def validate_household(values: Mapping) -> list[rules.Issue]:
    issues = check_lengths(values, ("number",))
    if values.get("kind") not in d.HOUSEHOLD_KINDS:
        issues.append(_issue("kind", "choice.invalid", value=values.get("kind")))
    number = values.get("number")
    if not isinstance(number, str) or not rules.normalize_text(number):
        issues.append(_issue("number", "required"))
    return issues


def validate_visit(values: Mapping, today: dt.date) -> list[rules.Issue]:
    issues = check_lengths(values, ("findings", "visitor"))
    if values.get("kind") not in d.VISIT_KINDS:
        issues.append(_issue("kind", "choice.invalid", value=values.get("kind")))
    day, i1 = rules.check_date(values.get("visited_on") or "", "visited_on", today)
    issues += i1
    if day is None and not i1:
        issues.append(_issue("visited_on", "required"))
    if not values.get("resident_id") and not values.get("household_id"):
        issues.append(_issue("resident_id", "required"))
    return issues


def validate_relation(value) -> list[rules.Issue]:
    if value is not None and value not in d.RELATIONS:
        return [_issue("relation", "choice.invalid", value=value)]
    return []


def validate_address(values: Mapping) -> list[rules.Issue]:
    issues = check_lengths(values, ("name", "full_name"))
    for fld in ("name", "full_name", "code"):
        if not isinstance(values.get(fld), str) or not rules.normalize_text(values[fld]):
            issues.append(_issue(fld, "required"))
    if values.get("kind") not in ADDRESS_KINDS:
        issues.append(_issue("kind", "choice.invalid", value=values.get("kind")))
    return issues


def validate_event(values: Mapping) -> list[rules.Issue]:
    """A case step's own fields (whether the step may be taken is workflow.py's): its
    note is at most MAX_LEN["note"], and a "note" or "reply" step has one."""
    issues = check_lengths(values, ("note",))
    note = values.get("note")
    if values.get("action") in ("note", "reply") and not (isinstance(note, str) and note.strip()):
        issues.append(_issue("note", "required"))
    return issues


def coordinate_issues(values: Mapping) -> list[rules.Issue]:
    """The issues of the coordinates ``values`` holds, judged alone (an edit may
    send one of the pair; the other is taken as valid): what the server answers
    for a coordinate it cannot even store (Infinity, NaN, 1e999), in the words
    ``rules.check_coordinates`` gives the desktop's form for the same value."""
    given = [k for k in COORDINATES if k in values]
    if not given:
        return []
    lon = values["lon"] if "lon" in values else 0.0
    lat = values["lat"] if "lat" in values else 0.0
    return rules.check_coordinates(lon, lat)[1]


PLACE_RULES = {
    "houses": places.validate_house,
    "house_tenants": places.validate_tenant,
    "organizations": lambda values, _today: places.validate_organization(values),
    "org_employees": places.validate_employee,
    "inspections": places.validate_inspection,
}


# the entities validate_row has rules for (others pass unchecked)
VALIDATED = ("residents", "cases", "resident_tags", "households", "visits", "addresses",
             "case_events", "houses", "house_tenants", "organizations", "org_employees",
             "inspections")


def validate_row(entity: str, values: Mapping, *, today: dt.date, categories
                 ) -> list[rules.Issue]:
    """The error issues of a whole row of ``entity`` (as the server would store it)."""
    if entity == "residents":
        _clean, issues = rules.validate_resident(values, today)   # relation included
    elif entity == "cases":
        issues = validate_case(values, categories)
    elif entity == "resident_tags":
        issues = validate_tag(values, today)
    elif entity == "households":
        issues = validate_household(values)
    elif entity == "visits":
        issues = validate_visit(values, today)
    elif entity == "addresses":
        issues = validate_address(values)
    elif entity == "case_events":
        issues = validate_event(values)
    elif entity in PLACE_RULES:     # houses and organizations (places.py)
        issues = PLACE_RULES[entity](values, today)
    else:
        issues = []
    return rules.errors(issues)
