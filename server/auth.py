"""Users, passwords, tokens and devices.

- Passwords: argon2id (argon2-cffi), checked outside any database transaction.
  ``lockout_failures`` wrong passwords in a row lock an account name for
  ``lockout_seconds`` (while locked even the right password is refused); a client
  address gets ``login_address_failures`` failed sign-ins per
  ``login_address_window`` (then 429). Both counters are reserved atomically before
  the check, and unknown names are counted and answered like real ones.
- Devices: bound to the person who registered them and to a secret issued then
  (``bind_device``); tokens are bound to a device.
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
import hmac
import ipaddress
import math
import random
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.models.domain import rights
from app.models.domain.ids import uuid7
from server import db

# The roles and what they may do come from the one table the desktop reads too
# (app/models/domain/rights.py); these names stay for the modules that import them.
ROLES = rights.ROLES
CITY_ROLES = rights.CITY_ROLES            # may have no scope unit (= whole city)
ROSTER_WRITERS = rights.ROSTER_WRITERS
CASE_CREATORS = rights.CASE_CREATORS
CONFLICT_RESOLVERS = rights.CONFLICT_RESOLVERS
SYNC_ROLES = rights.SYNC_ROLES


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
    from app.models.domain.rules import password_problems
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
    if unlock:     # the lock lives in login_throttle (after users: the order sign-ins use)
        t = db.login_throttle
        conn.execute(t.update().where(t.c.key == name_key(username))
                     .values(failures=0, locked_until=None))
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
PRUNE_CHANCE = 0.02      # a sign-in now and then deletes throttle rows that say nothing


def dummy_hash(settings) -> str:
    """A hash of a random password at the current cost: what an unknown name is
    checked against (made once per cost; the app makes it at start-up so the first
    unknown name does not take twice as long)."""
    key = (settings.argon2_time_cost, settings.argon2_memory_kib)
    if key not in _DUMMY_HASH:
        _DUMMY_HASH[key] = hasher(settings).hash(secrets.token_urlsafe(16))
    return _DUMMY_HASH[key]


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
            "expires_in": settings.access_ttl, "refresh_expires_in": settings.refresh_ttl,
            "device_id": device_id, "device_secret": None}


# ---------------------------------------------------------------- sign-in
# A sign-in runs in three steps so that argon2 (tens to hundreds of milliseconds of
# CPU) never runs while a database transaction is open: on SQLite an open write
# transaction blocks every other writer (every push), on PostgreSQL it holds a
# connection and row locks.
#   1. ``begin_login``: one short transaction reserves the attempt: the account
#      name's failure counter and the client address's counter go up by one *before*
#      the password is checked, under a row lock, so 30 parallel wrong passwords
#      evaluate at most ``lockout_failures`` of them and the rest are told "locked".
#   2. ``check_password``: argon2, outside any transaction (the app runs it on a
#      small thread pool of its own).
#   3. ``finish_login``: one short transaction: on success the counters are reset
#      and released, the device is bound and tokens issued.
# The name's counter is kept whether or not such a user exists, so an unknown name
# gets the same answers (401, then 423 after the same number of failures) after the
# same work (argon2 against a dummy hash) as a real one.


@dataclass
class Attempt:
    username: str
    name_key: str
    addr_key: str
    user_id: str | None
    password_hash: str | None      # None: no such user, or disabled (dummy hash checked)
    failures: int                  # this name's failures in a row, this attempt included
    locks: bool                    # this attempt, if wrong, is the one that locks
    new_hash: str | None = None    # a rehash with the current cost, made outside the tx


def name_key(username: str) -> str:
    """The throttle key of an account name (hashed: the table need not hold what
    people typed into the user name field)."""
    return "name:" + hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()


def address_key(address: str | None) -> str:
    """The throttle key of a client address; an IPv6 client counts by its /64 (one
    machine can use a whole /64)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "addr:" + hashlib.sha256((address or "").encode()).hexdigest()[:40]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return "addr:" + str(ip.ipv4_mapped)
        return "addr:" + str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return "addr:" + str(ip)


def _upsert_ignore(conn, table: sa.Table, values: dict, set_: dict | None = None):
    from sqlalchemy.dialects import postgresql, sqlite
    mod = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = mod.insert(table).values(**values)
    if set_ is None:
        return conn.execute(stmt.on_conflict_do_nothing())
    return conn.execute(stmt.on_conflict_do_update(index_elements=list(table.primary_key),
                                                   set_=set_).returning(table))


def _throttle_rows(conn, keys: list[str], now: float) -> dict[str, dict]:
    """The throttle rows of ``keys``, made if missing and row-locked until commit (an
    upsert locks the row it meets on PostgreSQL; SQLite's write transaction is
    exclusive). Always in key order, so two sign-ins never wait for each other in a
    circle."""
    t = db.login_throttle
    rows = {}
    for key in sorted(set(keys)):
        rows[key] = dict(_upsert_ignore(
            conn, t, dict(key=key, failures=0, window_start=now, locked_until=None,
                          updated_at=now), set_={"updated_at": t.c.updated_at}
        ).mappings().one())
    return rows


def _prune_throttle(store, settings, now: float) -> None:
    """Rows whose counters have run out mean the same as no row. Its own transaction,
    skipping rows a sign-in holds: it never waits for a lock, so it can never be part
    of a deadlock."""
    t = db.login_throttle
    stale = now - max(settings.lockout_seconds, settings.login_address_window)
    doomed = (sa.select(t.c.key).where(t.c.updated_at < stale, sa.or_(
        t.c.locked_until.is_(None), t.c.locked_until < now)).limit(1000)
        .with_for_update(skip_locked=True))
    with store.write() as conn:
        conn.execute(t.delete().where(t.c.key.in_(doomed)))


def _locked_error(until: float, now: float) -> AuthError:
    return AuthError(423, "locked", "account locked after repeated failures",
                     locked_until=iso(until), retry_after=max(1, math.ceil(until - now)))


def begin_login(store, settings, username: str, address: str | None, now: float
                ) -> Attempt | AuthError:
    """Step 1: reserve the attempt (or refuse it: 429 for the address, 423 for the
    name). Commits before returning, so a refusal's counters are kept."""
    t = db.login_throttle
    nkey, akey = name_key(username), address_key(address)
    if random.random() < PRUNE_CHANCE:
        _prune_throttle(store, settings, now)
    with store.write() as conn:
        rows = _throttle_rows(conn, [nkey, akey], now)
        name, addr = rows[nkey], rows[akey]
        user = conn.execute(sa.select(db.users.c.id, db.users.c.password_hash,
                                      db.users.c.disabled)
                            .where(db.users.c.username == username)).mappings().first()
        user_id = user["id"] if user else None
        if addr["window_start"] + settings.login_address_window <= now:
            addr.update(failures=0, window_start=now)
        refusal = None
        if addr["failures"] >= settings.login_address_failures:
            retry = max(1, math.ceil(addr["window_start"] + settings.login_address_window - now))
            refusal = AuthError(429, "rate_limited", "too many failed sign-ins from this "
                                "address; try again later", retry_after=retry)
            audit(conn, now, user_id, "login.throttled", "users", user_id,
                  {"username": username[:64]})
        elif name["locked_until"] is not None and name["locked_until"] > now:
            refusal = _locked_error(name["locked_until"], now)
            audit(conn, now, user_id, "login.locked", "users", user_id,
                  {"username": username[:64]})
        else:
            if name["locked_until"] is not None or \
                    name["updated_at"] + settings.lockout_seconds <= now:
                # the lock ran out, or the last failure is old: count afresh
                name.update(failures=0, locked_until=None)
            name["failures"] += 1
            if name["failures"] >= settings.lockout_failures:
                # locked now, while the attempt is checked: a success clears it, a
                # crash between the steps leaves a lock that runs out
                name["locked_until"] = now + settings.lockout_seconds
            addr["failures"] += 1
        for row in sorted((name, addr), key=lambda r: r["key"]):
            conn.execute(t.update().where(t.c.key == row["key"]).values(
                failures=row["failures"], window_start=row["window_start"],
                locked_until=row["locked_until"], updated_at=now))
    if refusal is not None:
        return refusal
    real = user is not None and not user["disabled"]
    return Attempt(username=username, name_key=nkey, addr_key=akey, user_id=user_id,
                   password_hash=user["password_hash"] if real else None,
                   failures=name["failures"],
                   locks=name["failures"] >= settings.lockout_failures)


def check_password(settings, attempt: Attempt, password: str) -> bool:
    """Step 2: argon2, with no database transaction open. An unknown or disabled
    user costs the same (a dummy hash of the same cost) and never matches."""
    ph = hasher(settings)
    target = attempt.password_hash or dummy_hash(settings)
    try:
        ph.verify(target, password)
    except (VerificationError, InvalidHashError):
        return False
    if attempt.password_hash is None:
        return False
    if ph.check_needs_rehash(target):
        attempt.new_hash = ph.hash(password)
    return True


def finish_login(store, settings, attempt: Attempt, ok: bool, *, device_id: str | None,
                 device_secret: str | None, device_name: str | None, now: float
                 ) -> dict | AuthError:
    """Step 3: the outcome. A wrong password stays counted (the reservation); a right
    one resets the name's counter, releases the address's reservation, binds the
    device and issues tokens."""
    t = db.login_throttle
    with store.write() as conn:
        user = None
        if ok:
            user = conn.execute(sa.select(db.users).where(db.users.c.id == attempt.user_id)
                                ).mappings().first()
            if user is None or user["disabled"] or \
                    user["password_hash"] != attempt.password_hash:
                ok = False     # disabled or given a new password while it was checked
        if not ok:
            audit(conn, now, attempt.user_id, "login.fail", "users", attempt.user_id,
                  {"username": attempt.username[:64], "failed": attempt.failures,
                   "locked": attempt.locks})
            return AuthError(401, "bad_credentials", "wrong user name or password")
        # row locks in one order everywhere (users, then throttle rows by key, then
        # devices), so two transactions never wait for each other in a circle
        values: dict = dict(failed_count=0, locked_until=None)
        if attempt.new_hash:
            values["password_hash"] = attempt.new_hash
        conn.execute(db.users.update().where(db.users.c.id == user["id"]).values(**values))
        reset = {attempt.name_key: dict(failures=0, locked_until=None, updated_at=now),
                 attempt.addr_key: dict(failures=sa.case((t.c.failures > 0, t.c.failures - 1),
                                                         else_=0), updated_at=now)}
        for key in sorted(reset):
            conn.execute(t.update().where(t.c.key == key).values(**reset[key]))
        bound = None
        if device_id:
            bound = bind_device(conn, device_id, device_secret, device_name or device_id,
                                user["id"], now)
            if isinstance(bound, AuthError):
                return bound       # the counters' reset above is still committed
        audit(conn, now, user["id"], "login", "users", user["id"],
              {"device": bound.id if bound else None,
               "presented": device_id if bound and bound.id != device_id else None})
        out = _issue(conn, settings, user["id"], bound.id if bound else None, now)
        out["device_secret"] = bound.secret if bound else None
        return out


def login(store, settings, *, username: str, password: str, device_id: str | None,
          device_name: str | None, now: float, device_secret: str | None = None,
          address: str | None = None) -> dict:
    """The three steps in a row (the app runs step 2 on its own thread pool)."""
    attempt = begin_login(store, settings, username, address, now)
    if isinstance(attempt, AuthError):
        raise attempt
    ok = check_password(settings, attempt, password)
    result = finish_login(store, settings, attempt, ok, device_id=device_id,
                          device_secret=device_secret, device_name=device_name, now=now)
    if isinstance(result, AuthError):
        raise result
    return result


# ---------------------------------------------------------------- devices
# A device id is bound at registration to the person who registered it and to a
# random secret the server issues then (only its SHA-256 is kept). The id alone
# proves nothing: it is written in accounts.json and shown to IT. A sign-in that
# presents a device id gets that device only if it is this person's and the right
# secret comes with it; otherwise this sign-in gets a device of its own (a fresh
# server-made id, returned with its secret), so the other device's ops, held ops
# and tokens never become this person's, and a legitimate desktop that lost its
# secret (a store restored from an old backup) still works: it adopts the new id.


@dataclass
class BoundDevice:
    id: str
    secret: str | None        # issued by this sign-in: the desktop must keep it
    new: bool = False


def _insert_device(conn, device_id: str, name: str, user_id: str, now: float
                   ) -> BoundDevice | None:
    secret = secrets.token_urlsafe(32)
    done = _upsert_ignore(conn, db.devices, dict(
        id=device_id, name=name, user_id=user_id, last_seq=0, registered_at=iso(now),
        last_seen_at=iso(now), revoked=False, secret_hash=token_hash(secret)))
    if done.rowcount == 0:
        return None            # registered meanwhile by a parallel sign-in
    audit(conn, now, user_id, "device.register", "devices", device_id, {"name": name[:100]})
    return BoundDevice(device_id, secret, new=True)


def bind_device(conn, device_id: str, device_secret: str | None, name: str, user_id: str,
                now: float) -> BoundDevice | AuthError:
    """The device this sign-in's tokens are bound to (see above). 403 only for this
    person's own revoked device; nothing here tells whether another person's device
    exists or is revoked."""
    d = db.devices
    for _ in range(3):
        existing = conn.execute(sa.select(d).where(d.c.id == device_id).with_for_update()
                                ).mappings().first()
        if existing is None:
            bound = _insert_device(conn, device_id, name, user_id, now)
            if bound is not None:
                return bound
            continue
        if existing["user_id"] != user_id:
            break                                     # another person's device
        if existing["revoked"]:
            return AuthError(403, "device_revoked", "this device has been revoked")
        values = dict(name=name, last_seen_at=iso(now))
        if existing["secret_hash"] is None:
            # registered before device secrets: its own person gets one now
            secret = secrets.token_urlsafe(32)
            conn.execute(d.update().where(d.c.id == device_id)
                         .values(secret_hash=token_hash(secret), **values))
            audit(conn, now, user_id, "device.secret", "devices", device_id)
            return BoundDevice(device_id, secret)
        if device_secret and hmac.compare_digest(existing["secret_hash"],
                                                 token_hash(device_secret)):
            conn.execute(d.update().where(d.c.id == device_id).values(**values))
            return BoundDevice(device_id, None)
        break                                         # this person's id without its secret
    while True:
        bound = _insert_device(conn, uuid7(), name, user_id, now)
        if bound is not None:
            return bound


def register_device(conn, device_id: str, name: str, user_id: str, now: float,
                    device_secret: str | None = None) -> BoundDevice:
    """``bind_device`` raising its refusal (for scripts and tests)."""
    bound = bind_device(conn, device_id, device_secret, name, user_id, now)
    if isinstance(bound, AuthError):
        raise bound
    return bound


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
        if tok["device_id"]:
            dev = conn.execute(sa.select(db.devices.c.revoked, db.devices.c.user_id).where(
                db.devices.c.id == tok["device_id"])).mappings().first()
            if dev is not None and dev["revoked"]:
                raise AuthError(401, "device_revoked", "this device has been revoked")
            if dev is None or dev["user_id"] != tok["user_id"]:
                # a device handed to another person before devices were bound
                raise AuthError(401, "invalid_token", "this token's device is not yours")
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
                      db.devices.c.user_id.label("device_user_id"),
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
        if row["device_id"] and row["device_user_id"] != row["user_id"]:
            # a device handed to another person before devices were bound (or gone)
            raise AuthError(401, "invalid_token", "this token's device is not yours")
        # a scope unit that is gone leaves a path nothing lies under
        path = (row["scope_path"] or "/\x00none/") if row["scope_unit_id"] else "/"
        return Principal(row["user_id"], row["username"], row["role"], row["scope_unit_id"],
                         path, row["scope_version"], row["device_id"], h)
