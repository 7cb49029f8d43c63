"""Users, passwords, tokens and devices.

- Passwords: argon2id (argon2-cffi). ``lockout_failures`` wrong passwords in a
  row lock the account for ``lockout_seconds``; while locked even the right
  password is refused.
- Tokens are random strings; only their SHA-256 is stored, so both the short-lived
  access token and the refresh token can be revoked. A refresh rotates the pair;
  presenting a refresh token that was already used revokes its whole family
  (a stolen copy is then useless).
- Scope: a user works inside one org unit's subtree (domain.md §2); the server
  derives it from the user row on every request, never from the client.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.models.ids import uuid7
from server import db

ROLES = ("grid_worker", "grid_head", "community_supervisor", "center_operator",
         "dept_handler", "auditor", "admin")
CITY_ROLES = ("auditor", "admin")          # may have no scope unit (= whole city)
ROSTER_WRITERS = frozenset({"grid_worker", "grid_head", "community_supervisor",
                            "center_operator"})
CASE_CREATORS = ROSTER_WRITERS
CONFLICT_RESOLVERS = frozenset({"community_supervisor", "center_operator"})
SYNC_ROLES = frozenset({"grid_worker", "grid_head", "community_supervisor",
                        "center_operator", "dept_handler"})


class AuthError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


@dataclass(frozen=True)
class Principal:
    user_id: str
    username: str
    role: str
    scope_unit_id: str | None
    scope_path: str            # '/' = the whole city
    scope_version: int
    device_id: str | None
    token_hash: str

    def in_scope(self, path: str | None) -> bool:
        return bool(path) and path.startswith(self.scope_path)

    def sees(self, *paths: str | None) -> bool:
        return any(self.in_scope(p) for p in paths)


def hasher(settings) -> PasswordHasher:
    return PasswordHasher(time_cost=settings.argon2_time_cost,
                          memory_cost=settings.argon2_memory_kib, parallelism=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat(timespec="seconds")


def unit_by_code(conn, code: str) -> dict | None:
    o = db.ENTITIES["org_units"]
    row = conn.execute(sa.select(o).where(o.c.code == code)).mappings().first()
    return dict(row) if row else None


PASSWORD_RULES = {"too_short": "needs at least 8 characters",
                  "letters_and_digits": "needs both letters and digits",
                  "contains_username": "must not contain the user name"}


def _check_password(password: str, username: str) -> None:
    """The password rules shared with the desktop (app.models.rules)."""
    from app.models.rules import password_problems
    problems = password_problems(password, username)
    if problems:
        raise ValueError("the password " + " and ".join(PASSWORD_RULES[p] for p in problems))


def create_user(conn, settings, *, username: str, password: str, role: str,
                scope_code: str | None = None, display_name: str | None = None,
                now: float) -> dict:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    _check_password(password, username)
    unit_id = None
    if scope_code:
        unit = unit_by_code(conn, scope_code)
        if unit is None:
            raise ValueError(f"no org unit with code {scope_code!r}")
        unit_id = unit["id"]
    elif role not in CITY_ROLES:
        raise ValueError(f"role {role} needs a scope (an org unit code)")
    if conn.execute(sa.select(db.users.c.id).where(db.users.c.username == username)).first():
        raise ValueError(f"user {username!r} exists")
    row = dict(id=uuid7(), username=username, display_name=display_name or username,
               password_hash=hasher(settings).hash(password), role=role,
               scope_unit_id=unit_id, scope_version=1, failed_count=0, locked_until=None,
               disabled=False, created_at=iso(now))
    conn.execute(db.users.insert().values(**row))
    audit(conn, now, None, "user.create", "users", row["id"], {"role": role, "scope": scope_code})
    return row


def update_user(conn, settings, username: str, *, role: str | None = None,
                scope_code: str | None = None, password: str | None = None,
                disabled: bool | None = None, unlock: bool = False, now: float) -> dict:
    user = conn.execute(sa.select(db.users).where(db.users.c.username == username)
                        ).mappings().first()
    if user is None:
        raise ValueError(f"no user {username!r}")
    values: dict = {}
    if role is not None:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        values["role"] = role
    if scope_code is not None:
        unit = unit_by_code(conn, scope_code)
        if unit is None:
            raise ValueError(f"no org unit with code {scope_code!r}")
        values["scope_unit_id"] = unit["id"]
    if "role" in values or "scope_unit_id" in values:
        values["scope_version"] = user["scope_version"] + 1
    if password is not None:
        _check_password(password, username)
        values["password_hash"] = hasher(settings).hash(password)
    if disabled is not None:
        values["disabled"] = disabled
    if unlock:
        values.update(failed_count=0, locked_until=None)
    if values:
        conn.execute(db.users.update().where(db.users.c.id == user["id"]).values(**values))
        audit(conn, now, None, "user.update", "users", user["id"],
              {k: v for k, v in values.items() if k != "password_hash"})
    if disabled or password is not None:
        revoke_user_tokens(conn, user["id"], now)
    return {**dict(user), **values}


def revoke_user_tokens(conn, user_id: str, now: float) -> int:
    return conn.execute(db.tokens.update().where(db.tokens.c.user_id == user_id,
                                                 db.tokens.c.revoked_at.is_(None))
                        .values(revoked_at=now)).rowcount


def audit(conn, now: float, actor: str | None, action: str, entity: str | None = None,
          entity_id: str | None = None, detail: dict | None = None) -> None:
    from server import audit as audit_log
    audit_log.append(conn, at=iso(now), actor=actor, action=action, entity=entity,
                     entity_id=entity_id, detail=detail)


def revoke_device(conn, device_id: str, now: float) -> int:
    """Mark a device revoked (a lost or stolen PC): its tokens stop working at once,
    it cannot sign in or push again. Returns the number of tokens revoked."""
    if conn.execute(db.devices.update().where(db.devices.c.id == device_id)
                    .values(revoked=True)).rowcount == 0:
        raise ValueError(f"no device {device_id!r}")
    n = conn.execute(db.tokens.update().where(db.tokens.c.device_id == device_id,
                                              db.tokens.c.revoked_at.is_(None))
                     .values(revoked_at=now)).rowcount
    audit(conn, now, None, "device.revoke", "devices", device_id, {"tokens": n})
    return n


_DUMMY_HASH: dict = {}


def _issue(conn, settings, user_id: str, device_id: str | None, now: float,
           family: str | None = None) -> dict:
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    family = family or uuid7()
    for token, kind, ttl in ((access, "access", settings.access_ttl),
                             (refresh, "refresh", settings.refresh_ttl)):
        conn.execute(db.tokens.insert().values(
            token_hash=token_hash(token), kind=kind, user_id=user_id, device_id=device_id,
            family=family, expires_at=now + ttl, revoked_at=None, created_at=now))
    return {"access_token": access, "refresh_token": refresh, "token_type": "bearer",
            "expires_in": settings.access_ttl, "refresh_expires_in": settings.refresh_ttl}


def login(store, settings, *, username: str, password: str, device_id: str | None,
          device_name: str | None, now: float) -> dict:
    """Tokens for a good password; failures are counted (and committed) before the
    error is raised."""
    result = _login(store, settings, username=username, password=password,
                    device_id=device_id, device_name=device_name, now=now)
    if isinstance(result, AuthError):
        raise result
    return result


def _login(store, settings, *, username, password, device_id, device_name, now):
    with store.write() as conn:
        user = conn.execute(sa.select(db.users).where(db.users.c.username == username)
                            ).mappings().first()
        ph = hasher(settings)
        if user is None or user["disabled"]:
            # the same work as a real check, so timing does not tell which names exist
            key = (settings.argon2_time_cost, settings.argon2_memory_kib)
            if key not in _DUMMY_HASH:
                _DUMMY_HASH[key] = ph.hash("not a password")
            try:
                ph.verify(_DUMMY_HASH[key], password)
            except VerificationError:
                pass
            audit(conn, now, None, "login.fail", "users", None, {"username": username[:64]})
            return AuthError(401, "bad_credentials", "wrong user name or password")
        if user["locked_until"] and user["locked_until"] > now:
            audit(conn, now, user["id"], "login.locked", "users", user["id"])
            return AuthError(423, "locked", "account locked after repeated failures",
                            locked_until=iso(user["locked_until"]))
        failed = 0 if (user["locked_until"] and user["locked_until"] <= now) \
            else user["failed_count"]
        try:
            ph.verify(user["password_hash"], password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            failed += 1
            locked = now + settings.lockout_seconds if failed >= settings.lockout_failures \
                else None
            conn.execute(db.users.update().where(db.users.c.id == user["id"])
                         .values(failed_count=0 if locked else failed, locked_until=locked))
            audit(conn, now, user["id"], "login.fail", "users", user["id"],
                  {"failed": failed, "locked": bool(locked)})
            return AuthError(401, "bad_credentials", "wrong user name or password")
        values = dict(failed_count=0, locked_until=None)
        if ph.check_needs_rehash(user["password_hash"]):
            values["password_hash"] = ph.hash(password)
        conn.execute(db.users.update().where(db.users.c.id == user["id"]).values(**values))
        if device_id:
            register_device(conn, device_id, device_name or device_id, user["id"], now)
        audit(conn, now, user["id"], "login", "users", user["id"], {"device": device_id})
        return _issue(conn, settings, user["id"], device_id, now)


def register_device(conn, device_id: str, name: str, user_id: str, now: float) -> None:
    existing = conn.execute(sa.select(db.devices).where(db.devices.c.id == device_id)
                            ).mappings().first()
    if existing is None:
        conn.execute(db.devices.insert().values(id=device_id, name=name, user_id=user_id,
                                                last_seq=0, registered_at=iso(now),
                                                last_seen_at=iso(now), revoked=False))
    else:
        if existing["revoked"]:
            raise AuthError(403, "device_revoked", "this device has been revoked")
        conn.execute(db.devices.update().where(db.devices.c.id == device_id)
                     .values(name=name, user_id=user_id, last_seen_at=iso(now)))


def refresh(store, settings, refresh_token: str, now: float) -> dict:
    result = _refresh(store, settings, refresh_token, now)
    if isinstance(result, AuthError):
        raise result     # after the revocation of a reused token's family is committed
    return result


def _refresh(store, settings, refresh_token: str, now: float):
    h = token_hash(refresh_token)
    with store.write() as conn:
        tok = conn.execute(sa.select(db.tokens).where(db.tokens.c.token_hash == h,
                                                      db.tokens.c.kind == "refresh")
                           ).mappings().first()
        if tok is None:
            raise AuthError(401, "invalid_token", "unknown refresh token")
        if tok["device_id"] and conn.execute(sa.select(db.devices.c.revoked).where(
                db.devices.c.id == tok["device_id"])).scalar_one_or_none():
            raise AuthError(401, "device_revoked", "this device has been revoked")
        if tok["revoked_at"] is not None:
            # reuse of a rotated token: revoke the whole family
            conn.execute(db.tokens.update().where(db.tokens.c.family == tok["family"],
                                                  db.tokens.c.revoked_at.is_(None))
                         .values(revoked_at=now))
            audit(conn, now, tok["user_id"], "token.reuse", "tokens", tok["family"])
            return AuthError(401, "token_revoked", "refresh token was revoked")
        if tok["expires_at"] <= now:
            raise AuthError(401, "token_expired", "refresh token expired; sign in again")
        user = conn.execute(sa.select(db.users).where(db.users.c.id == tok["user_id"])
                            ).mappings().first()
        if user is None or user["disabled"]:
            raise AuthError(401, "invalid_token", "user disabled")
        conn.execute(db.tokens.update().where(db.tokens.c.family == tok["family"],
                                              db.tokens.c.revoked_at.is_(None))
                     .values(revoked_at=now))
        return _issue(conn, settings, tok["user_id"], tok["device_id"], now, tok["family"])


def logout(store, principal: Principal, now: float) -> None:
    with store.write() as conn:
        fam = conn.execute(sa.select(db.tokens.c.family).where(
            db.tokens.c.token_hash == principal.token_hash)).scalar_one_or_none()
        if fam:
            conn.execute(db.tokens.update().where(db.tokens.c.family == fam,
                                                  db.tokens.c.revoked_at.is_(None))
                         .values(revoked_at=now))
        audit(conn, now, principal.user_id, "logout", "users", principal.user_id)


def authenticate(store, token: str, now: float) -> Principal:
    h = token_hash(token)
    o = db.ENTITIES["org_units"]
    with store.read() as conn:
        # one query per request: token, user, device and the scope's path
        row = conn.execute(
            sa.select(db.tokens, db.users.c.username, db.users.c.role,
                      db.users.c.scope_unit_id, db.users.c.scope_version, db.users.c.disabled,
                      db.devices.c.revoked.label("device_revoked"),
                      o.c.path.label("scope_path"))
            .join(db.users, db.users.c.id == db.tokens.c.user_id)
            .outerjoin(db.devices, db.devices.c.id == db.tokens.c.device_id)
            .outerjoin(o, o.c.id == db.users.c.scope_unit_id)
            .where(db.tokens.c.token_hash == h, db.tokens.c.kind == "access")
        ).mappings().first()
        if row is None:
            raise AuthError(401, "invalid_token", "unknown access token")
        if row["revoked_at"] is not None:
            raise AuthError(401, "token_revoked", "access token revoked")
        if row["expires_at"] <= now:
            raise AuthError(401, "token_expired", "access token expired; refresh it")
        if row["disabled"]:
            raise AuthError(401, "invalid_token", "user disabled")
        if row["device_revoked"]:
            raise AuthError(401, "device_revoked", "this device has been revoked")
        # a scope unit that is gone leaves a path nothing lies under
        path = (row["scope_path"] or "/\x00none/") if row["scope_unit_id"] else "/"
        return Principal(row["user_id"], row["username"], row["role"], row["scope_unit_id"],
                         path, row["scope_version"], row["device_id"], h)
