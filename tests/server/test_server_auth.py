"""Sign-in, lockout, token expiry, refresh rotation and revocation."""
from __future__ import annotations

from srvhelpers import PASSWORD


def login(client, username="w1", password=PASSWORD, device_id="dev-a"):
    return client.post("/auth/login", json=dict(username=username, password=password,
                                                device_id=device_id, device_name="PC"))


def me(client, token):
    return client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})


def test_login_returns_tokens_and_scope(client):
    r = login(client)
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900
    m = me(client, body["access_token"])
    assert m.status_code == 200
    assert m.json()["role"] == "grid_worker"
    assert m.json()["scope_path"].endswith("/410105003001001/")
    assert m.json()["device_id"] == "dev-a"


def test_wrong_password_and_unknown_user_look_the_same(client):
    a, b = login(client, password="nope"), login(client, username="ghost")
    assert a.status_code == b.status_code == 401
    assert a.json()["detail"]["code"] == b.json()["detail"]["code"] == "bad_credentials"


def test_five_failures_lock_for_fifteen_minutes(client, clock):
    for _ in range(4):
        assert login(client, password="wrong").status_code == 401
    assert login(client).status_code == 200          # success resets the count
    for _ in range(5):
        assert login(client, password="wrong").status_code == 401
    r = login(client)                                 # locked: even the right password fails
    assert r.status_code == 423 and r.json()["detail"]["code"] == "locked"
    clock.advance(14 * 60)
    assert login(client).status_code == 423
    clock.advance(61)
    assert login(client).status_code == 200


def test_access_token_expires_and_refresh_rotates(client, clock):
    tokens = login(client).json()
    clock.advance(901)
    r = me(client, tokens["access_token"])
    assert r.status_code == 401 and r.json()["detail"]["code"] == "token_expired"
    r = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert r.status_code == 200
    fresh = r.json()
    assert me(client, fresh["access_token"]).status_code == 200
    # the old refresh token is spent; presenting it again revokes the whole family
    again = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401 and again.json()["detail"]["code"] == "token_revoked"
    assert me(client, fresh["access_token"]).status_code == 401
    assert client.post("/auth/refresh",
                       json={"refresh_token": fresh["refresh_token"]}).status_code == 401


def test_refresh_token_expires(client, clock):
    tokens = login(client).json()
    clock.advance(30 * 24 * 3600 + 1)
    r = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert r.status_code == 401 and r.json()["detail"]["code"] == "token_expired"


def test_logout_revokes_access_and_refresh(client):
    tokens = login(client).json()
    h = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.post("/auth/logout", headers=h).status_code == 204
    r = me(client, tokens["access_token"])
    assert r.status_code == 401 and r.json()["detail"]["code"] == "token_revoked"
    assert client.post("/auth/refresh",
                       json={"refresh_token": tokens["refresh_token"]}).status_code == 401


def test_admin_revocation_and_disable(client, store, settings, clock):
    from server import auth
    tokens = login(client).json()
    with store.write() as conn:
        auth.update_user(conn, settings, "w1", disabled=True, now=clock())
    assert me(client, tokens["access_token"]).status_code == 401
    assert login(client).status_code == 401


def test_no_token_and_garbage_token(client):
    assert client.get("/auth/me").status_code == 401
    assert me(client, "garbage").status_code == 401


def test_old_protocol_gets_426(client):
    tokens = login(client).json()
    r = client.get("/auth/me", headers={"Authorization": f"Bearer {tokens['access_token']}",
                                        "X-GridDesk-Protocol": "0"})
    assert r.status_code == 426


def test_passwords_are_argon2(store, units):
    import sqlalchemy as sa
    from server import db
    with store.read() as conn:
        hashes = conn.execute(sa.select(db.users.c.password_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)


def test_login_answer_names_the_bound_device_and_refresh_keeps_it(client):
    first = login(client).json()
    assert first["device_id"] == "dev-a" and first["device_secret"]
    r = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 200
    assert r.json()["device_id"] == "dev-a" and r.json()["device_secret"] is None
    assert login(client, device_id=None).json()["device_id"] is None   # no device: no sync


def test_admin_unlock_lifts_the_lock(client, store, settings, clock):
    from server import auth
    for _ in range(5):
        login(client, password="wrong")
    assert login(client).status_code == 423
    with store.write() as conn:
        auth.update_user(conn, settings, "w1", unlock=True, now=clock())
    assert login(client).status_code == 200


def test_schema_step_5_brings_devices_secrets_and_the_throttle(db_url, settings):
    """A database of schema version 4 (devices without secrets, no throttle table):
    step 5 adds both; its devices get a secret at their owner's next sign-in."""
    import time

    import sqlalchemy as sa
    from server import auth, db, migrations

    store = db.Store(db_url)
    try:
        migrations.migrate(store, target=4)
        with store.write() as conn:
            conn.execute(sa.text("DROP TABLE login_throttle"))
            conn.execute(sa.text("ALTER TABLE devices DROP COLUMN secret_hash"))
            auth.create_user(conn, settings, username="old1", password=PASSWORD,
                             role="admin", now=time.time())
            uid = conn.execute(sa.select(db.users.c.id)).scalar_one()
            conn.execute(sa.text("INSERT INTO devices (id, name, user_id, last_seq, "
                                 "registered_at, revoked) VALUES ('pc-old', 'PC', :u, 3, "
                                 "'2026-01-01', false)"), {"u": uid})
        assert migrations.migrate(store) == [s for s in migrations.step_numbers() if s >= 5]
        with store.read() as conn:
            insp = sa.inspect(conn)
            assert "secret_hash" in {c["name"] for c in insp.get_columns("devices")}
            assert insp.has_table("login_throttle")
        out = auth.login(store, settings, username="old1", password=PASSWORD,
                         device_id="pc-old", device_name="PC", now=time.time())
        assert out["device_id"] == "pc-old" and out["device_secret"]
        assert migrations.migrate(store) == []
    finally:
        store.dispose()


def test_throttle_rows_that_say_nothing_are_pruned(client, store, clock, monkeypatch):
    """Unknown names leave throttle rows; once their counters have run out a later
    sign-in deletes them, and a name still locked keeps its row (and its lock)."""
    import sqlalchemy as sa
    from server import auth, db
    for i in range(3):
        login(client, username=f"ghost-{i}", password="wrong")
    for _ in range(5):
        login(client, password="wrong")                   # w1: locked for 15 minutes
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.login_throttle)
                            ).scalar() == 5                 # 4 names and one address
    monkeypatch.setattr(auth, "PRUNE_CHANCE", 1.0)
    clock.advance(10 * 60)
    assert login(client, username="ghost-0").status_code == 401   # nothing pruned yet
    clock.advance(6 * 60)                                  # w1's lock has run out too
    login(client, username="ghost-new", password="wrong")
    with store.read() as conn:
        keys = set(conn.execute(sa.select(db.login_throttle.c.key)).scalars())
    assert auth.name_key("ghost-1") not in keys and auth.name_key("w1") not in keys
    assert auth.name_key("ghost-0") in keys and auth.name_key("ghost-new") in keys
    assert login(client).status_code == 200
