"""The signed-in session of this desktop: which server, which user, its tokens.

Kept in the encrypted store's ``meta`` table (never in a plain file beside
it): ``sync.server_url``, ``sync.user`` (what /auth/me said) and
``sync.tokens``. A different user signing in on the same store is a new scope:
the next sync rebuilds the local copy for that user (issue 6 adds per-user
stores and offline sign-in on top of this).

The device: ``meta['device_id']`` names this store's device on the server and
``meta['device_secret']`` proves it (issued by the server at registration; only
the signed-in person's store holds it, never accounts.json or a log). A sign-in
sends both; when the server answers with another device id (the id was another
person's, or came without its secret) the store becomes that device: its
unconfirmed ops are renumbered 1, 2, … for it (``adopt_device``), since the server
counts ``device_seq`` per device from 1 and holds every op after a gap.
"""
from __future__ import annotations

import json
import platform
from dataclasses import dataclass

from app.models.store import settings
from app.sync.client import Client, DeviceGrant, Tokens

DEVICE_SECRET = "device_secret"


@dataclass
class Session:
    server_url: str
    user: dict
    tokens: Tokens | None

    @property
    def username(self) -> str:
        return self.user.get("username", "")


def _meta(conn, key: str):
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else None


def _put(conn, key: str, value) -> None:
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                 "value = excluded.value", (key, json.dumps(value, ensure_ascii=False)))


def _raw(conn, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_raw(conn, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                 "value = excluded.value", (key, value))


def device_secret(store) -> str | None:
    """The secret proving this store's device to the server (None before the first
    sign-in, or on a store from before device secrets)."""
    return _raw(store.conn, DEVICE_SECRET)


def adopt_device(conn, grant: DeviceGrant) -> bool:
    """Make the store the device the server bound this sign-in to, in the caller's
    transaction; True when the device id changed.

    On a change, the unconfirmed ops (pending, in flight) are numbered 1, 2, … in
    their device_seq order for the new device and the counter continues after them;
    ops the old device already had answered (applied, conflict, rejected) keep their
    order below 1, as history of that device (the server never sees them again
    under the new one). The audit log goes up again from its start, so the new
    device's chain on the server is whole."""
    current = _raw(conn, "device_id")
    changed = bool(grant.device_id) and grant.device_id != current
    if changed:
        if current is not None:
            top = conn.execute("SELECT coalesce(max(device_seq), 0) FROM outbox").fetchone()[0]
            # every row below 1 first (a shift keeps them distinct and in order), then
            # the unconfirmed ones up to 1..n: no UNIQUE(device_seq) clash on the way
            conn.execute("UPDATE outbox SET device_seq = device_seq - ?", (top + 1,))
            waiting = [r[0] for r in conn.execute(
                "SELECT op_id FROM outbox WHERE state IN ('pending', 'inflight') "
                "ORDER BY device_seq")]
            conn.executemany("UPDATE outbox SET device_seq = ? WHERE op_id = ?",
                             [(i, op_id) for i, op_id in enumerate(waiting, start=1)])
            _set_raw(conn, "device_seq", str(len(waiting)))
            _set_raw(conn, "audit.sent_seq", "0")
        _set_raw(conn, "device_id", grant.device_id)
        if not grant.device_secret:
            conn.execute("DELETE FROM meta WHERE key = ?", (DEVICE_SECRET,))
    if grant.device_secret:
        _set_raw(conn, DEVICE_SECRET, grant.device_secret)
    return changed


def _adopted(store, grant: DeviceGrant) -> None:
    """A worker's ConnectionStore carries its device id as a plain attribute."""
    if grant.device_id and "device_id" in vars(store):
        store.device_id = grant.device_id


def load(store) -> Session | None:
    url, user = _meta(store.conn, "sync.server_url"), _meta(store.conn, "sync.user")
    if not url or not user:
        return None
    tok = _meta(store.conn, "sync.tokens")
    return Session(url, user, Tokens(**tok) if tok else None)


def token_saver(store):
    """A callback that keeps refreshed tokens (rotated on every refresh) in the store."""
    def save(tokens: Tokens) -> None:
        with store.transaction() as conn:
            _put(conn, "sync.tokens", tokens.__dict__)
    return save


def transport(store, ca_bundle: str | None, proxy: str | None) -> tuple[str | None, str | None]:
    """IT's CA bundle and proxy (app.config: command line > user settings > system file)
    unless the caller names them."""
    if ca_bundle is None and proxy is None:
        try:
            from app import config
            cfg = config.load(conn=store.conn if store is not None else None)
            return cfg.ca_bundle, cfg.proxy
        except Exception:   # noqa: BLE001 - a broken config file is reported at start-up
            return None, None
    return ca_bundle, proxy


def client_for(store, session: Session, *, ca_bundle: str | None = None,
               proxy: str | None = None) -> Client:
    ca_bundle, proxy = transport(store, ca_bundle, proxy)
    return Client(session.server_url, tokens=session.tokens, on_tokens=token_saver(store),
                  ca_bundle=ca_bundle, proxy=proxy)


def sign_in(store, server_url: str, username: str, password: str, *,
            device_name: str | None = None, ca_bundle: str | None = None,
            proxy: str | None = None) -> Session:
    """Online sign-in and device registration. Raises the client's errors
    (``AuthError`` for a wrong password or a locked account, ``Offline``...)."""
    ca_bundle, proxy = transport(store, ca_bundle, proxy)
    client = Client(server_url, ca_bundle=ca_bundle, proxy=proxy)
    tokens = client.login(username, password, device_id=store.device_id,
                          device_secret=device_secret(store),
                          device_name=device_name or platform.node() or "GridDesk")
    me = client.me()
    previous = load(store)
    with store.transaction() as conn:
        adopt_device(conn, client.grant)
        _put(conn, "sync.server_url", server_url.rstrip("/"))
        _put(conn, "sync.user", me)
        _put(conn, "sync.tokens", tokens.__dict__)
        if previous and (previous.user.get("user_id") != me["user_id"]
                         or previous.server_url != server_url.rstrip("/")):
            # another user's (or server's) copy: rebuild it for this one
            conn.execute("UPDATE sync_state SET resync_reason = 'user', snapshot_at = NULL, "
                         "snapshot_entity = NULL, snapshot_after = NULL WHERE id = 1")
    _adopted(store, client.grant)
    apply_user(store, me)
    return Session(server_url.rstrip("/"), me, tokens)


def refresh_user(store, client: Client) -> dict:
    """Ask the server who this user is now (the admin may have changed the role or
    moved the scope) and make that the local actor: after every full resync the
    scope's org units are local, so the scope code can be filled in."""
    me = client.me()
    with store.transaction() as conn:
        _put(conn, "sync.user", me)
    apply_user(store, me)
    return me


def adopt(store, server_url: str, me: dict, tokens: Tokens, grant: DeviceGrant) -> Session:
    """Record an online sign-in made before the store could be opened (a new user on
    this PC, or a password changed on the server: the store's key comes from the
    account enrolled after the sign-in), the device the server bound it to included."""
    with store.transaction() as conn:
        adopt_device(conn, grant)
        _put(conn, "sync.server_url", server_url.rstrip("/"))
        _put(conn, "sync.user", me)
        _put(conn, "sync.tokens", tokens.__dict__)
    _adopted(store, grant)
    apply_user(store, me)
    return Session(server_url.rstrip("/"), me, tokens)


def login(server_url: str, username: str, password: str, device_id: str, *,
          device_name: str | None = None, device_secret: str | None = None,
          store=None) -> tuple[dict, Tokens, DeviceGrant]:
    """Online password check without a store: (me, tokens, the device granted). Its
    device id may differ from ``device_id``; ``adopt`` makes the store that device."""
    ca_bundle, proxy = transport(store, None, None)
    client = Client(server_url, ca_bundle=ca_bundle, proxy=proxy)
    tokens = client.login(username, password, device_id=device_id,
                          device_secret=device_secret,
                          device_name=device_name or platform.node() or "GridDesk")
    return client.me(), tokens, client.grant


def apply_user(store, me: dict) -> None:
    """Make the signed-in user the actor of local writes (settings the UI reads)."""
    settings.set(store, "user.id", me["user_id"])
    settings.set(store, "user.name", me.get("display_name") or me["username"])
    settings.set(store, "user.role", me["role"])
    code = ""
    if me.get("scope_unit_id"):
        row = store.conn.execute("SELECT code FROM org_units WHERE id = ?",
                                 (me["scope_unit_id"],)).fetchone()
        code = row[0] if row else ""
    settings.set(store, "user.scope_code", code)


def sign_out(store) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM meta WHERE key = 'sync.tokens'")
