"""The one authority check of the city server (quality.md "Security"; issue 13).

Every write path asks here, with the domain functions the desktop uses too:

- may this role write this kind of row, or take this case step, at all
  (``check_write_role``, ``check_case_step``): asked before anything about the
  row or the case is looked at, so a refusal reveals nothing about them;
- is the row valid (``validate``: app.models.validation, shared with the desktop);
- is an incoming op well formed enough to be held or stored (``intake_problem``):
  size, NUL characters, lone surrogates, non-finite numbers, nesting;
- who sent a held op, with which rights now (``sender``): an op held behind a
  ``device_seq`` gap runs with its sender's rights, or is dropped when those ended.

Scope checks need the row's org path and live in the engine (server/sync.py),
which calls these for every op kind, conflict resolutions included.
"""
from __future__ import annotations

import datetime as dt
import json
import math

import sqlalchemy as sa

from app.models.domain import rights, validation, workflow
from server import db
from server.auth import Principal
from server.errors import Reject

# who may add notes and photos to a case they can see (not the admin, the security
# officer or the auditor): the roles table's, as every role set here
CASE_ACTORS = rights.CASE_ACTORS
MAX_OP_BYTES = 256 * 1024        # an op's JSON; a bigger one is refused, never held
MAX_TEXT = 20000                 # one text value
MAX_DEPTH = 6
ENTITY_KINDS = ("create", "patch", "delete", "transition", "attach")


def sees_key_groups(p: Principal) -> bool:
    return rights.sees_key_groups(p.role)


def check_write_role(p: Principal, entity: str) -> None:
    if entity == "org_units":
        if p.role not in rights.ORG_WRITERS:
            raise Reject("forbidden", "only an admin changes the org tree")
    elif entity in ("cases", "case_residents"):
        if p.role not in rights.CASE_CREATORS:
            raise Reject("forbidden", f"{p.role} may not create or edit cases")
    elif entity == "case_events":
        if p.role not in CASE_ACTORS:
            raise Reject("forbidden", f"{p.role} takes no case steps")
    elif entity == "star_assessments":      # 五星支部: who takes which step, server/sync/stars.py
        if p.role not in rights.STAR_ASSESSORS:
            raise Reject("forbidden", f"{p.role} takes no part in the star assessment")
    elif p.role not in rights.ROSTER_WRITERS:
        raise Reject("forbidden", f"{p.role} may not change the roster")


def check_case_step(p: Principal, action) -> None:
    """A step this role can never take is refused outright (nothing written, no
    conflict for a supervisor): only a step the role may take, but not in the case's
    current state, becomes a conflict. Decided from the role alone, before the case
    is read, so the answer says nothing about the case."""
    if action in workflow.ADD_ONLY:
        if p.role not in CASE_ACTORS:
            raise Reject("forbidden", f"{p.role} adds nothing to cases")
        return
    if action in workflow.ROLE_ONLY:
        if p.role not in workflow.ROLE_ONLY[action]:
            raise Reject("forbidden", f"{p.role} may not {action} on a case")
        return
    if action not in workflow.TRANSITIONS:
        raise Reject("unknown_action", f"unknown action {action!r}")
    if p.role not in workflow.TRANSITIONS[action][1]:
        raise Reject("forbidden", f"{p.role} may not {action} a case")


def server_today() -> dt.date:
    """"Today" for dates that must not lie in the future: the city's date (a desktop
    in Zhengzhou may be a day ahead of a server clock in UTC), plus a day for a PC
    whose clock runs ahead (device time decides nothing; the desktop is strict)."""
    from app.models.domain import calendar as cal
    return dt.datetime.now(cal.TZ).date() + dt.timedelta(days=1)


def validate(entity: str, row: dict, *, categories, today: dt.date | None = None) -> None:
    errors = validation.validate_row(entity, row, today=today or server_today(),
                                     categories=categories)
    if errors:
        raise Reject("invalid", _words(errors))


def _words(issues) -> str:
    """A refusal's message: "field: code" per issue, the codes the desktop's forms
    word beside their fields (app/ui/common/messages.py)."""
    return "; ".join(f"{i.field}: {i.code}" for i in issues)


# ---------------------------------------------------------------- intake
def _bad_value(value, depth: int = 0) -> str | None:
    if depth > MAX_DEPTH:
        return "nested too deeply"
    if isinstance(value, str):
        if "\x00" in value:
            return "a NUL character"
        if len(value) > MAX_TEXT:
            return "a text longer than 20000 characters"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "a lone surrogate (not valid Unicode)"
        return None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return None if -2**62 < value < 2**62 else "a number out of range"
    if isinstance(value, float):
        return None if math.isfinite(value) else "a number that is not finite"
    if isinstance(value, dict):
        for k, v in value.items():
            problem = _bad_value(k, depth + 1) or _bad_value(v, depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, list):
        for v in value:
            problem = _bad_value(v, depth + 1)
            if problem:
                return problem
        return None
    return "a value of an unknown type"


def intake_problem(op: dict) -> Reject | None:
    """Why ``op`` cannot even be considered (or held for later), or None. Checked
    before an op is applied or held, so a malformed op becomes a refusal recorded
    at its ``device_seq`` and never blocks the ops after it."""
    if not isinstance(op.get("changed"), dict) or not isinstance(op.get("base_values"), dict):
        return Reject("bad_op", "changed and base_values must be objects")
    if op.get("op") not in ENTITY_KINDS:
        return Reject("bad_op", f"unknown op {op.get('op')!r}")
    if not isinstance(op.get("entity"), str) or (
            op["entity"] not in db.ENTITIES and op["entity"] != "conflicts"):
        return Reject("unknown_entity", "unknown entity")
    for key in ("entity_id", "tx_id"):
        if not isinstance(op.get(key), str) or not 0 < len(op[key]) <= 64:
            return Reject("bad_op", f"{key} must be a short text")
    bv = op.get("base_version", 0)
    if isinstance(bv, bool) or not isinstance(bv, int) or not 0 <= bv < 2**62:
        return Reject("bad_op", "base_version must be a whole number")
    coordinates = {k: op["changed"][k] for k in validation.COORDINATES if k in op["changed"]}
    if any(isinstance(v, float) and not math.isfinite(v) for v in coordinates.values()):
        # a position no database can hold: refused here, named as the desktop's form
        # names it (the domain's rule), not as an anonymous bad value
        return Reject("invalid", _words(validation.coordinate_issues(coordinates)))
    problem = _bad_value(op["changed"]) or _bad_value(op["base_values"]) or \
        _bad_value(op["entity_id"]) or _bad_value(op["tx_id"])
    if problem:
        return Reject("bad_value", f"the op holds {problem}")
    try:
        size = len(json.dumps(op, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError):
        return Reject("bad_value", "the op cannot be stored")
    if size > MAX_OP_BYTES:
        return Reject("too_large", f"an op may be at most {MAX_OP_BYTES // 1024} KiB")
    return None


# ---------------------------------------------------------------- held ops
def family_of(conn, token_hash: str) -> str | None:
    if not token_hash:
        return None
    return conn.execute(sa.select(db.tokens.c.family).where(
        db.tokens.c.token_hash == token_hash)).scalar_one_or_none()


def sender(conn, held: dict, device_id: str) -> Principal | None:
    """The principal a held op runs as: its sender with the rights they hold now,
    or None when those ended (user disabled or no longer a syncing role, the
    device revoked or now someone else's, the token family revoked as stolen)."""
    o = db.ENTITIES["org_units"]
    row = conn.execute(
        sa.select(db.users.c.id, db.users.c.username, db.users.c.role,
                  db.users.c.scope_unit_id, db.users.c.scope_version, db.users.c.disabled,
                  o.c.path.label("scope_path"))
        .outerjoin(o, o.c.id == db.users.c.scope_unit_id)
        .where(db.users.c.id == held["user_id"])).mappings().first()
    if row is None or row["disabled"] or row["role"] not in rights.PUSHERS:
        return None
    dev = conn.execute(sa.select(db.devices.c.user_id, db.devices.c.revoked).where(
        db.devices.c.id == device_id)).first()
    if dev is None or dev.revoked or dev.user_id != held["user_id"]:
        return None
    if held.get("family") and _family_stolen(conn, held["family"]):
        return None     # revoked as stolen (a reused refresh token): its ops go with it
    path = (row["scope_path"] or "/\x00none/") if row["scope_unit_id"] else "/"
    return Principal(row["id"], row["username"], row["role"], row["scope_unit_id"], path,
                     row["scope_version"], device_id, "")


def _family_stolen(conn, family: str) -> bool:
    a = db.audit
    return conn.execute(sa.select(a.c.seq).where(a.c.action == "token.reuse",
                                                 a.c.entity_id == family).limit(1)
                        ).first() is not None


def scopes_held(conn, p: Principal) -> list[str]:
    """Every org path ``p``'s user has worked in, the present one first: from the
    server's audit log, which records each user's creation and every change of
    their scope and is never pruned. An edit made offline while the user held
    another scope is forwarded to that scope's holder, not refused unseen."""
    o = db.ENTITIES["org_units"]
    a = db.audit
    paths = [p.scope_path]
    codes, unit_ids = set(), set()
    for action, detail in conn.execute(sa.select(a.c.action, a.c.detail).where(
            a.c.entity == "users", a.c.entity_id == p.user_id,
            a.c.action.in_(("user.create", "user.update")))):
        detail = detail if isinstance(detail, dict) else {}
        if isinstance(detail.get("scope"), str):
            codes.add(detail["scope"])
        if isinstance(detail.get("scope_unit_id"), str):
            unit_ids.add(detail["scope_unit_id"])
    if codes or unit_ids:
        for (path,) in conn.execute(sa.select(o.c.path).where(
                sa.or_(o.c.code.in_(sorted(codes)), o.c.id.in_(sorted(unit_ids))))):
            if path and path not in paths:
                paths.append(path)
    return paths
