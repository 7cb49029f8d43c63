"""五星支部 creation (issue 21): the scheme of stars and criteria, and the rules of an
assessment's workflow, shared by the desktop and the city server.

The scheme is a versioned dictionary the server distributes like the categories
(``app.models.domain.dictionaries``: name ``stars``); provinces and years differ,
so nothing here names a star. A criterion is either *computed* from GridDesk's
records (a ``measure`` with a ``target``: app/models/reports/stars.py) or proved by
*evidence* (photos and a note the community uploads).

An assessment (synced table ``star_assessments``) is one community's for one year:
the community branch assesses itself and submits, the street reviews (or returns
it), the district confirms (or sends it back to the street). Who may take a step is
decided by the role (those holding 评, ``rights.STAR_ASSESSORS``) and by the level
of the unit the person works in: a community's people assess, a street's review, a
district's confirm. ``check_change`` judges a written row against the stored one
on both sides; the server refuses what it refuses, whatever the desktop checked.
Standard library only.
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from app.models.domain import rights
from app.paths import resource_path

SOURCES = ("computed", "evidence")
MEASURES = ("disputes_resolved", "zero_cases", "key_visits_on_time", "care_visits_on_time",
            "satisfaction", "on_time_closure", "inspections", "dual_registration",
            "member_participation")
TARGET_KEYS = ("min_rate", "min", "max")

# workflow states and steps
DRAFT, SUBMITTED, REVIEWED, CONFIRMED, RETURNED = (
    "draft", "submitted", "reviewed", "confirmed", "returned")
STATES = (DRAFT, SUBMITTED, REVIEWED, CONFIRMED, RETURNED)
EDITABLE = (DRAFT, RETURNED)          # the community may change its claims
COMMUNITY, STREET, DISTRICT = "community", "street", "district"


@dataclass(frozen=True)
class Step:
    action: str
    level: str                        # the level of the unit whose people take it
    before: tuple[str, ...]
    after: str
    fields: frozenset[str]            # what the step may change besides state and steps


STEPS: dict[str, Step] = {s.action: s for s in (
    Step("submit", COMMUNITY, EDITABLE, SUBMITTED,
         frozenset({"claims", "photos", "stars_claimed", "scheme_version"})),
    Step("review", STREET, (SUBMITTED,), REVIEWED, frozenset({"stars_reviewed"})),
    Step("return", STREET, (SUBMITTED,), RETURNED, frozenset()),
    Step("confirm", DISTRICT, (REVIEWED,), CONFIRMED, frozenset({"stars_confirmed"})),
    Step("send_back", DISTRICT, (REVIEWED,), SUBMITTED, frozenset()),
)}
# what the community may change without a step, while the assessment is editable
DRAFT_FIELDS = frozenset({"claims", "photos", "stars_claimed", "scheme_version"})
# never changed after the row is made
FIXED = ("unit_id", "year", "path")
JSON_FIELDS = {"claims": dict, "photos": list, "stars_claimed": list, "stars_reviewed": list,
               "stars_confirmed": list, "steps": list}
MAX_NOTE = 2000
MAX_PHOTOS = 60
NAMESPACE = uuid.UUID("5f2b3c4e-6d1a-4e8b-9c0f-21a7d5e3b801")

ASSESSORS = rights.STAR_ASSESSORS


# ---------------------------------------------------------------- the scheme
class SchemeError(ValueError):
    pass


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    en: str
    points: int
    source: str
    measure: str | None = None
    target: Mapping = field(default_factory=dict)
    majors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    urgency: str | None = None

    @property
    def computed(self) -> bool:
        return self.source == "computed"

    def label(self, lang: str = "zh_CN") -> str:
        return self.name if lang.startswith("zh") else self.en


@dataclass(frozen=True)
class Star:
    code: str
    name: str
    en: str
    pass_points: int
    criteria: tuple[Criterion, ...]

    @property
    def total(self) -> int:
        return sum(c.points for c in self.criteria)

    def label(self, lang: str = "zh_CN") -> str:
        return self.name if lang.startswith("zh") else self.en


class Scheme:
    """The stars in force: ``stars`` in their order, each with its criteria."""

    def __init__(self, content: Mapping):
        if not isinstance(content, Mapping):
            raise SchemeError("the stars dictionary is an object")
        self.content = content
        self.version = _int(content.get("version"), "version")
        self.name = str(content.get("name") or "")
        stars = content.get("stars")
        if not isinstance(stars, list) or not stars:
            raise SchemeError("stars: a non-empty list")
        self.stars: tuple[Star, ...] = tuple(_star(s) for s in stars)
        codes = [s.code for s in self.stars] + [c.code for s in self.stars for c in s.criteria]
        if len(set(codes)) != len(codes):
            raise SchemeError("star and criterion codes must be unique")

    @classmethod
    def load(cls, path: Path | None = None) -> "Scheme":
        with open(path or default_path(), encoding="utf-8") as fh:
            return cls(json.load(fh))

    def star(self, code: str) -> Star | None:
        return next((s for s in self.stars if s.code == code), None)

    def criterion(self, code: str) -> Criterion | None:
        return next((c for s in self.stars for c in s.criteria if c.code == code), None)

    def star_of(self, criterion_code: str) -> Star | None:
        return next((s for s in self.stars if any(c.code == criterion_code
                                                  for c in s.criteria)), None)


def _int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SchemeError(f"{name}: a whole number")
    return value


def _text(value, name: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise SchemeError(f"{name}: a short text")
    return value


def _star(s) -> Star:
    if not isinstance(s, Mapping):
        raise SchemeError("a star is an object")
    code = _text(s.get("code"), "star code")
    criteria = s.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise SchemeError(f"{code}: criteria must be a non-empty list")
    star = Star(code, _text(s.get("name"), f"{code}.name"), str(s.get("en") or s["name"]),
                _int(s.get("pass_points"), f"{code}.pass_points"),
                tuple(_criterion(code, c) for c in criteria))
    if star.pass_points > star.total:
        raise SchemeError(f"{code}: pass_points above the criteria's points")
    return star


def _criterion(star: str, c) -> Criterion:
    if not isinstance(c, Mapping):
        raise SchemeError(f"{star}: a criterion is an object")
    code = _text(c.get("code"), f"{star} criterion code")
    source = c.get("source")
    if source not in SOURCES:
        raise SchemeError(f"{code}: source is computed or evidence")
    measure, target = c.get("measure"), c.get("target") or {}
    if source == "computed":
        if measure not in MEASURES:
            raise SchemeError(f"{code}: unknown measure {measure!r}")
        if not isinstance(target, Mapping) or len(target) != 1 or \
                next(iter(target)) not in TARGET_KEYS:
            raise SchemeError(f"{code}: target is one of {', '.join(TARGET_KEYS)}")
        value = next(iter(target.values()))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or \
                ("min_rate" in target and value > 1):
            raise SchemeError(f"{code}: target out of range")
    lists = {}
    for key in ("majors", "categories"):
        got = c.get(key) or []
        if not isinstance(got, list) or not all(isinstance(x, str) for x in got):
            raise SchemeError(f"{code}: {key} is a list of codes")
        lists[key] = tuple(got)
    return Criterion(code, _text(c.get("name"), f"{code}.name"), str(c.get("en") or c["name"]),
                     _int(c.get("points"), f"{code}.points"), source,
                     measure if source == "computed" else None, dict(target),
                     lists["majors"], lists["categories"], c.get("urgency"))


def default_path() -> Path:
    return resource_path("dictionaries", "stars.json")


_default: Scheme | None = None


def load() -> Scheme:
    """The shipped scheme (cached)."""
    global _default
    if _default is None:
        _default = Scheme.load()
    return _default


def with_loaded(loaded: Mapping | None) -> Scheme:
    """The scheme in force: the one the server loaded, else the shipped one."""
    return Scheme(loaded) if loaded is not None else load()


# ---------------------------------------------------------------- scoring
def star_points(star: Star, met: Mapping[str, bool]) -> int:
    """Points of ``star``'s criteria that are met (``met``: criterion code -> bool)."""
    return sum(c.points for c in star.criteria if met.get(c.code))


def earned(star: Star, met: Mapping[str, bool]) -> bool:
    return star_points(star, met) >= star.pass_points


def gap(star: Star, met: Mapping[str, bool]) -> int:
    """Points still missing for ``star`` (0 = earned)."""
    return max(0, star.pass_points - star_points(star, met))


# ---------------------------------------------------------------- levels and ids
def level_of_code(code: str | None) -> str | None:
    """The level of an org unit by its code (domain.md §1): 6 district, 9 street,
    12 community; None for anything else (a grid, the city, no scope)."""
    return {6: DISTRICT, 9: STREET, 12: COMMUNITY}.get(len(code or ""))


def level_of_path(path: str | None) -> str | None:
    parts = [p for p in (path or "").split("/") if p]
    return level_of_code(parts[-1]) if parts else None


def assessment_id(unit_id: str, year: int) -> str:
    """One assessment per community and year: its id is made from both, so two desks
    starting it offline name the same row (the second create is refused, not a twin)."""
    return str(uuid.uuid5(NAMESPACE, f"{unit_id}/{int(year)}"))


def may_act(role: str, level: str | None, action: str | None) -> bool:
    """May a person of ``role`` working at ``level`` take ``action`` (None = edit the
    draft)? The desktop's buttons and the server ask the same."""
    if role not in ASSESSORS:
        return False
    if action is None:
        return level == COMMUNITY
    step = STEPS.get(action)
    return step is not None and step.level == level


# ---------------------------------------------------------------- the rules of a write
class StarRefusal(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code          # forbidden | invalid | wrong_state


def _parsed(row: Mapping, key: str):
    value = row.get(key)
    if value is None:
        return JSON_FIELDS[key]()
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        raise StarRefusal("invalid", f"{key}: not JSON") from None


def _check_shape(row: Mapping) -> None:
    year = row.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise StarRefusal("invalid", "year: out_of_range")
    if row.get("state") not in STATES:
        raise StarRefusal("invalid", "state: unknown")
    for key, kind in JSON_FIELDS.items():
        value = _parsed(row, key)
        if not isinstance(value, kind):
            raise StarRefusal("invalid", f"{key}: wrong_type")
        if kind is list and key != "steps" and not all(isinstance(x, str) and len(x) <= 64
                                                       for x in value):
            raise StarRefusal("invalid", f"{key}: not a list of codes")
    if len(_parsed(row, "photos")) > MAX_PHOTOS:
        raise StarRefusal("invalid", "photos: too_many")
    for code, claim in _parsed(row, "claims").items():
        if not isinstance(claim, dict) or not isinstance(claim.get("met", False), bool) or \
                len(str(claim.get("note") or "")) > MAX_NOTE or \
                not isinstance(claim.get("photos", []), list):
            raise StarRefusal("invalid", f"claims: {code} malformed")
    for step in _parsed(row, "steps"):
        if not isinstance(step, dict) or step.get("action") not in STEPS or \
                len(str(step.get("note") or "")) > MAX_NOTE:
            raise StarRefusal("invalid", "steps: malformed")


def _subset(row: Mapping, inner: str, outer: str) -> None:
    if not set(_parsed(row, inner)) <= set(_parsed(row, outer)):
        raise StarRefusal("invalid", f"{inner}: beyond {outer}")


def check_change(old: Mapping | None, new: Mapping, *, role: str, level: str | None,
                 user_id: str, unit_kind: str | None) -> str | None:
    """Judge ``new`` (the whole row as it would be stored) against ``old`` (the stored
    row, None when it is made now), written by a person of ``role`` working at
    ``level``. Returns the step taken (None = the draft edited); raises StarRefusal."""
    if role not in ASSESSORS:
        raise StarRefusal("forbidden", f"{role} takes no part in the star assessment")
    if unit_kind != "community":
        raise StarRefusal("invalid", "unit_id: not a community")
    _check_shape(new)
    if old is not None and old.get("deleted_at"):
        raise StarRefusal("wrong_state", "the assessment was deleted")
    if new.get("deleted_at"):
        raise StarRefusal("forbidden", "an assessment is never deleted")
    if old is not None:
        for key in FIXED:
            if new.get(key) != old.get(key):
                raise StarRefusal("invalid", f"{key}: fixed")
    elif new.get("id") is not None and new["id"] != assessment_id(new["unit_id"], new["year"]):
        raise StarRefusal("invalid", "id: not the community's and year's")
    before_steps = _parsed(old, "steps") if old is not None else []
    steps = _parsed(new, "steps")
    if steps[:len(before_steps)] != before_steps:
        raise StarRefusal("invalid", "steps: history rewritten")
    added = steps[len(before_steps):]
    state = old.get("state") if old is not None else DRAFT
    changed = {k for k in (*JSON_FIELDS, "scheme_version", "state")
               if old is None or _norm(new.get(k)) != _norm(old.get(k))} - {"steps"}
    if old is None:
        changed = {k for k in changed if _norm(new.get(k)) not in _EMPTY}
        changed.discard("scheme_version")
    if not added:
        if not may_act(role, level, None):
            raise StarRefusal("forbidden", "only the community's people edit its assessment")
        if state not in EDITABLE or new.get("state") != state:
            raise StarRefusal("wrong_state", f"the assessment is {state}: it cannot be edited")
        if changed - DRAFT_FIELDS:
            raise StarRefusal("invalid", f"{sorted(changed - DRAFT_FIELDS)[0]}: not in a draft")
        return None
    if len(added) != 1:
        raise StarRefusal("invalid", "steps: one step at a time")
    entry = added[0]
    step = STEPS[entry["action"]]
    if not may_act(role, level, step.action):
        raise StarRefusal("forbidden", f"{role} at {level or 'this'} level may not "
                                       f"{step.action} an assessment")
    if entry.get("by") != user_id or entry.get("role") != role:
        raise StarRefusal("forbidden", "a step is signed by the one who takes it")
    if state not in step.before:
        raise StarRefusal("wrong_state", f"the assessment is {state}: no {step.action}")
    if new.get("state") != step.after:
        raise StarRefusal("invalid", f"state: {step.action} leads to {step.after}")
    extra = changed - {"state"} - step.fields
    if extra:
        raise StarRefusal("invalid", f"{sorted(extra)[0]}: not changed by {step.action}")
    if step.action == "review":
        _subset(new, "stars_reviewed", "stars_claimed")
    if step.action == "confirm":
        _subset(new, "stars_confirmed", "stars_reviewed")
    return step.action


_EMPTY = (None, "[]", "{}", "draft")


def _norm(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.dumps(json.loads(value), ensure_ascii=False, sort_keys=True,
                              separators=(",", ":"))
        except ValueError:
            return value
    return value
