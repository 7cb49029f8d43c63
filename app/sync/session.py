"""The signed-in session of this desktop: which server, which user, its tokens.

Kept in the encrypted store's ``meta`` table (never in a plain file beside
it): ``sync.server_url``, ``sync.user`` (what /auth/me said) and
``sync.tokens``. A different user signing in on the same store is a new scope:
the next sync rebuilds the local copy for that user (issue 6 adds per-user
stores and offline sign-in on top of this).
"""
from __future__ import annotations

import json
import platform
from dataclasses import dataclass

from app.models import settings
from app.sync.client import Client, Tokens


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
                          device_name=device_name or platform.node() or "GridDesk")
    me = client.me()
    previous = load(store)
    with store.transaction() as conn:
        _put(conn, "sync.server_url", server_url.rstrip("/"))
        _put(conn, "sync.user", me)
        _put(conn, "sync.tokens", tokens.__dict__)
        if previous and (previous.user.get("user_id") != me["user_id"]
                         or previous.server_url != server_url.rstrip("/")):
            # another user's (or server's) copy: rebuild it for this one
            conn.execute("UPDATE sync_state SET resync_reason = 'user', snapshot_at = NULL, "
                         "snapshot_entity = NULL, snapshot_after = NULL WHERE id = 1")
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


def adopt(store, server_url: str, me: dict, tokens: Tokens, device_id: str) -> Session:
    """Record an online sign-in made before the store existed (a new user on this PC:
    the store's key comes from the account enrolled after the sign-in)."""
    with store.transaction() as conn:
        if store.meta("device_id") is None:
            store.set_meta("device_id", device_id)
        _put(conn, "sync.server_url", server_url.rstrip("/"))
        _put(conn, "sync.user", me)
        _put(conn, "sync.tokens", tokens.__dict__)
    apply_user(store, me)
    return Session(server_url.rstrip("/"), me, tokens)


def login(server_url: str, username: str, password: str, device_id: str, *,
          device_name: str | None = None, store=None) -> tuple[dict, Tokens]:
    """Online password check without a store: (me, tokens)."""
    ca_bundle, proxy = transport(store, None, None)
    client = Client(server_url, ca_bundle=ca_bundle, proxy=proxy)
    tokens = client.login(username, password, device_id=device_id,
                          device_name=device_name or platform.node() or "GridDesk")
    return client.me(), tokens


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
