"""五星支部: an assessment's workflow on the desktop (self-assessment by the community
branch → review by the street → confirmation by the district), written through the
one write path (row + outbox op + audit record), judged first by the same domain
rules the server applies (app/models/domain/stars.py ``check_change``), and the
street's page of all its communities with the gap to the next star. Qt-free.
"""
from __future__ import annotations

import json

from app.models.domain import stars as rules
from app.models.reports import stars as evidence_of
from app.models.store.query import all_dicts, one_dict
from app.models.write.unit import Actor, unit_of_work

TABLE = "star_assessments"
JSON_COLUMNS = tuple(rules.JSON_FIELDS)


class StarError(ValueError):
    """A step refused on the desktop, with the domain's code (forbidden, invalid,
    wrong_state) for the page to word."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _decoded(row: dict | None) -> dict | None:
    if row is None:
        return None
    out = dict(row)
    for key in JSON_COLUMNS:
        try:
            out[key] = json.loads(out.get(key) or ("{}" if key == "claims" else "[]"))
        except ValueError:
            out[key] = {} if key == "claims" else []
    return out


def get(conn, unit_id: str, year: int) -> dict | None:
    """The community's assessment of ``year`` (JSON columns decoded), or None."""
    conn = getattr(conn, "conn", conn)
    return _decoded(one_dict(conn, f"SELECT * FROM {TABLE} WHERE id = ? AND deleted_at IS NULL",
                             (rules.assessment_id(unit_id, year),)))


def history(conn, unit_id: str) -> list[dict]:
    """Every year's assessment of a community, newest first."""
    conn = getattr(conn, "conn", conn)
    return [_decoded(r) for r in all_dicts(
        conn, f"SELECT * FROM {TABLE} WHERE unit_id = ? AND deleted_at IS NULL "
              "ORDER BY year DESC", (unit_id,))]


def communities(conn, scope_code: str) -> list[dict]:
    """The communities in a scope (a community's own scope: itself), by code."""
    conn = getattr(conn, "conn", conn)
    where, params = "1", []
    if scope_code:
        where, params = "code >= ? AND code < ?", [scope_code,
                                                   scope_code[:-1] + chr(ord(scope_code[-1]) + 1)]
    return all_dicts(conn, "SELECT id, code, name, path, party_branch, party_secretary "
                           "FROM org_units WHERE kind = 'community' AND deleted_at IS NULL "
                           f"AND {where} ORDER BY code", params)


def level(actor: Actor) -> str | None:
    return rules.level_of_code(actor.scope_code)


def may(actor: Actor, action: str | None) -> bool:
    """The page's buttons ask what the server will answer (``rules.may_act``)."""
    return rules.may_act(actor.role, level(actor), action)


class Assessments:
    """Writes of one person (``actor``) on ``store``."""

    def __init__(self, store, actor: Actor):
        self.store = store
        self.actor = actor

    # ------------------------------------------------------------ the community
    def save(self, unit_id: str, year: int, *, scheme_version: int, claims: dict,
             photos: list[str] | None = None, stars_claimed: list[str] | None = None) -> dict:
        """Keep the draft: claims per criterion ({code: {met, note, photos}}), the
        evidence photos (sha256 of photos added through the photo path) and the stars
        the community means to claim."""
        values = {"claims": claims, "scheme_version": int(scheme_version)}
        if photos is not None:
            values["photos"] = list(dict.fromkeys(photos))
        if stars_claimed is not None:
            values["stars_claimed"] = list(dict.fromkeys(stars_claimed))
        return self._write(unit_id, year, None, values, note="")

    def submit(self, unit_id: str, year: int, *, note: str = "", **draft) -> dict:
        """Submit the self-assessment to the street (with the draft's last changes)."""
        values = {}
        if draft:
            values = {"claims": draft["claims"], "scheme_version": int(draft["scheme_version"])}
            for key in ("photos", "stars_claimed"):
                if draft.get(key) is not None:
                    values[key] = list(dict.fromkeys(draft[key]))
        return self._write(unit_id, year, "submit", values, note=note)

    # ------------------------------------------------------------ the street
    def review(self, unit_id: str, year: int, stars: list[str], note: str = "") -> dict:
        """The street agrees with ``stars`` (of those claimed)."""
        return self._write(unit_id, year, "review", {"stars_reviewed": list(stars)}, note=note)

    def return_to_community(self, unit_id: str, year: int, note: str) -> dict:
        return self._write(unit_id, year, "return", {}, note=note)

    # ------------------------------------------------------------ the district
    def confirm(self, unit_id: str, year: int, stars: list[str], note: str = "") -> dict:
        return self._write(unit_id, year, "confirm", {"stars_confirmed": list(stars)}, note=note)

    def send_back(self, unit_id: str, year: int, note: str) -> dict:
        return self._write(unit_id, year, "send_back", {}, note=note)

    # ------------------------------------------------------------ the one write
    def _write(self, unit_id: str, year: int, action: str | None, values: dict, *,
               note: str) -> dict:
        conn = self.store.conn
        unit = one_dict(conn, "SELECT id, code, kind FROM org_units WHERE id = ? "
                              "AND deleted_at IS NULL", (unit_id,))
        if unit is None:
            raise StarError("invalid", "unit_id: not found")
        row_id = rules.assessment_id(unit_id, year)
        stored = one_dict(conn, f"SELECT * FROM {TABLE} WHERE id = ?", (row_id,))
        old = _decoded(stored)
        new = dict(old or {"id": row_id, "unit_id": unit_id, "year": int(year),
                           "state": rules.DRAFT, "path": unit["code"], "claims": {},
                           "photos": [], "stars_claimed": [], "stars_reviewed": [],
                           "stars_confirmed": [], "steps": [],
                           "scheme_version": values.get("scheme_version")})
        new.update(values)
        if action is not None:
            step = rules.STEPS[action]
            new["state"] = step.after
            new["steps"] = list(new["steps"]) + [{
                "action": action, "by": self.actor.user_id, "name": self.actor.name,
                "role": self.actor.role, "at": None, "note": (note or "").strip()}]
        if not self.actor.scope_code or not unit["code"].startswith(self.actor.scope_code):
            raise StarError("forbidden", "outside your scope")
        try:
            rules.check_change(old, new, role=self.actor.role, level=level(self.actor),
                               user_id=self.actor.user_id, unit_kind=unit["kind"])
        except rules.StarRefusal as exc:
            raise StarError(exc.code, str(exc)) from None
        with unit_of_work(self.store, self.actor) as w:
            if action is not None:
                new["steps"][-1]["at"] = w.at
            encoded = {k: (json.dumps(v, ensure_ascii=False) if k in JSON_COLUMNS else v)
                       for k, v in new.items()}
            if stored is None:
                w.create(TABLE, {k: v for k, v in encoded.items()
                                 if k not in ("version", "deleted_at", "updated_at")})
            else:
                w.patch(TABLE, row_id, {k: v for k, v in encoded.items()
                                        if k in (*JSON_COLUMNS, "state", "scheme_version")})
            w.note(f"stars.{action or 'save'}", TABLE, row_id,
                   {"unit": unit["code"], "year": int(year), "state": new["state"],
                    **({"note": note.strip()} if note and note.strip() else {})})
        return get(conn, unit_id, year)


# ---------------------------------------------------------------- the street's page
def overview(conn, scope_code: str, year: int, scheme, categories, *, today=None
             ) -> list[dict]:
    """One row per community in scope: its assessment's state, the stars claimed,
    reviewed and confirmed, the stars its evidence and claims earn now, and the
    nearest star not yet earned with the points it lacks."""
    conn = getattr(conn, "conn", conn)
    out = []
    for unit in communities(conn, scope_code):
        a = get(conn, unit["id"], year)
        found = evidence_of.evidence(conn, unit["id"], year, scheme, categories, today=today)
        met = evidence_of.met_by(scheme, found, (a or {}).get("claims") or {})
        stars = evidence_of.summary(scheme, met)
        nearest = evidence_of.next_star(stars)
        out.append(dict(unit=unit, assessment=a, state=(a or {}).get("state"), evidence=found,
                        earned=[s["code"] for s in stars if s["earned"]], stars=stars,
                        next_star=nearest["code"] if nearest else None,
                        next_gap=nearest["gap"] if nearest else 0,
                        claimed=(a or {}).get("stars_claimed") or [],
                        reviewed=(a or {}).get("stars_reviewed") or [],
                        confirmed=(a or {}).get("stars_confirmed") or []))
    return out
