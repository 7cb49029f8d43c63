"""Issue 13, sign-in and device identity. Each finding reproduced against a real
server (in process through TestClient, or a real ``python -m server serve``) on
SQLite and PostgreSQL, and against real desktops (SQLCipher stores signed in over
HTTP):

1. Device takeover: signing in with another person's device id handed the device
   over, and ops held behind a device_seq gap then ran with the rights of whoever
   filled the gap. Now a device belongs to the person who registered it and proves
   itself with a secret issued then; any other sign-in presenting its id gets a
   device of its own. The id and the secret stay out of diagnostics and
   accounts.json.
4. Lockout on PostgreSQL: 30 parallel wrong passwords were all evaluated.
5. argon2 inside the write transaction: bogus sign-ins held up every push.
15. Only real user names were ever locked (423), so a lock told which names exist;
    and failed sign-ins are limited per client address.
"""
from __future__ import annotations

import json
import statistics
import threading
import time
import uuid
import zipfile

import pytest
import sqlalchemy as sa

from server import db
from srvhelpers import PASSWORD, free_port, resident

httpx = pytest.importorskip("httpx")

G1, G2 = "410105003001001", "410105003001002"


def login(client, username, password=PASSWORD, device_id=None, secret=None, **kw):
    body = dict(username=username, password=password, device_id=device_id,
                device_name=f"PC of {username}")
    if secret:
        body["device_secret"] = secret
    return client.post("/auth/login", json=body, **kw)


def bearer(tokens: dict) -> dict:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def user_id(store, username: str) -> str:
    with store.read() as conn:
        return conn.execute(sa.select(db.users.c.id).where(db.users.c.username == username)
                            ).scalar_one()


def device_row(store, device_id: str) -> dict | None:
    with store.read() as conn:
        row = conn.execute(sa.select(db.devices).where(db.devices.c.id == device_id)
                           ).mappings().first()
    return dict(row) if row else None


# ================================================================ 1. device takeover
@pytest.mark.parametrize("with_secret", [False, True], ids=["id-only", "id-and-secret"])
def test_another_persons_device_id_never_lets_a_worker_act_as_its_owner(
        client, device, units, store, with_secret):
    """The attack: a grid worker signs in presenting the supervisor's device id (read
    from accounts.json or a diagnostics zip; even with the device's secret), pushes a
    rename of a resident in another grid after a device_seq gap, and waits for the
    supervisor's PC to fill the gap."""
    sup = device("sup", "pc-sup")
    victim = sup.op("residents", "create", resident(units[G2], "李四", path=G2))
    assert sup.push(victim)[0]["status"] == "applied"          # pc-sup: device_seq 1

    r = login(client, "w1", device_id="pc-sup",
              secret=sup.tokens["device_secret"] if with_secret else None)
    assert r.status_code == 200, r.text
    stolen = r.json()

    # the worker's rename waits behind a gap (device_seq 3)...
    rename = sup.op("residents", "patch", {"name": "被改名"}, entity_id=victim["entity_id"],
                    base_version=1, base_values={"name": "李四"}, device_seq=3)
    r = client.post("/sync/push", json={"ops": [rename]}, headers=bearer(stolen))
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "held"
    # ...and the supervisor's PC fills it with its own next op
    fill = sup.op("residents", "patch", {"notes": "走访"}, entity_id=victim["entity_id"],
                  base_version=1, base_values={"notes": None}, device_seq=2)
    assert sup.push(fill)[0]["status"] == "applied"

    rows = {c["id"]: c for c in sup.pull_all()[0] if c["entity"] == "residents"}
    assert rows[victim["entity_id"]]["data"]["name"] == "李四", \
        "the worker's rename ran with the supervisor's rights"
    assert stolen.get("device_id") not in (None, "pc-sup"), "the worker got the device"
    assert stolen.get("device_secret"), "a device of their own, with its own secret"
    me = client.get("/auth/me", headers=bearer(stolen)).json()
    assert me["username"] == "w1" and me["device_id"] == stolen["device_id"]
    with store.read() as conn:
        applied = conn.execute(sa.select(db.applied_ops.c.op_id, db.applied_ops.c.user_id)
                               .where(db.applied_ops.c.device_id == "pc-sup")).all()
    assert rename["op_id"] not in {op_id for op_id, _ in applied}
    assert {uid for _, uid in applied} == {user_id(store, "sup")}
    # the supervisor's device is still the supervisor's, and still works
    assert device_row(store, "pc-sup")["user_id"] == user_id(store, "sup")
    assert sup.get("/auth/me").json()["device_id"] == "pc-sup"
    assert sup.tokens["device_id"] == "pc-sup" and sup.tokens["device_secret"]


def test_a_device_proves_itself_with_its_secret_not_its_id(client, units, store):
    first = login(client, "w1", device_id="pc-1").json()
    assert first["device_id"] == "pc-1" and first["device_secret"]
    again = login(client, "w1", device_id="pc-1", secret=first["device_secret"]).json()
    assert again["device_id"] == "pc-1" and again["device_secret"] is None
    # the id alone, or with a wrong secret: a new device, even for the same person
    for secret in (None, "not-the-secret", first["device_secret"][:-1]):
        other = login(client, "w1", device_id="pc-1", secret=secret).json()
        assert other["device_id"] not in ("pc-1", None) and other["device_secret"]
        assert device_row(store, other["device_id"])["user_id"] == user_id(store, "w1")
    with store.read() as conn:
        stored = conn.execute(sa.select(db.devices.c.secret_hash)).scalars().all()
    assert first["device_secret"] not in stored, "only a hash of the secret is kept"


def test_a_device_from_before_secrets_gets_one_from_its_owner_only(client, units, store):
    with store.write() as conn:      # as schema step 5 leaves a device registered before
        conn.execute(db.devices.insert().values(
            id="pc-old", name="old PC", user_id=user_id(store, "sup"), last_seq=7,
            registered_at="2026-01-01T00:00:00+00:00", revoked=False, secret_hash=None))
    other = login(client, "w1", device_id="pc-old").json()
    assert other["device_id"] != "pc-old"
    assert device_row(store, "pc-old")["secret_hash"] is None
    owner = login(client, "sup", device_id="pc-old").json()
    assert owner["device_id"] == "pc-old" and owner["device_secret"]
    assert device_row(store, "pc-old")["last_seq"] == 7, "the same device goes on"
    # from now on the id alone is not enough, for the owner too
    assert login(client, "sup", device_id="pc-old").json()["device_id"] != "pc-old"


def test_another_persons_revoked_device_tells_nothing(client, units, store, settings, clock):
    from server import auth
    login(client, "sup", device_id="pc-gone")
    with store.write() as conn:
        auth.revoke_device(conn, "pc-gone", clock())
    r = login(client, "w1", device_id="pc-gone")
    assert r.status_code == 200 and r.json()["device_id"] != "pc-gone"
    r = login(client, "sup", device_id="pc-gone")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "device_revoked"


def test_tokens_of_a_device_handed_over_before_the_fix_stop_working(client, units, store):
    """A database from before the fix may hold a device taken over: the earlier
    owner's tokens are bound to a device that is no longer theirs."""
    tokens = login(client, "sup", device_id="pc-x").json()
    with store.write() as conn:
        conn.execute(db.devices.update().where(db.devices.c.id == "pc-x")
                     .values(user_id=user_id(store, "w1")))
    assert client.get("/auth/me", headers=bearer(tokens)).status_code == 401
    r = client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert r.status_code == 401


# ---------------------------------------------------------------- the desktop's side
def test_desktop_that_lost_its_secret_adopts_a_new_device_and_its_ops_arrive(any_city,
                                                                               any_org, desk):
    """A store restored from an old backup (no device secret): the server gives this
    sign-in a new device; the unconfirmed ops are numbered 1, 2, … for it and reach
    the server, none stuck behind a gap."""
    from app.sync import session
    from synchelpers import resident_values

    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    old_device = w1.device_id
    assert session.device_secret(w1.store)
    sent = [w1.roster().create_resident(resident_values(f"甲{i}"), grid_id=org.ids["g1"])
            for i in range(2)]
    w1.sync()
    waiting = [w1.roster().create_resident(resident_values(f"乙{i}"), grid_id=org.ids["g1"])
               for i in range(3)]
    assert len(w1.outbox("pending")) == 3 and min(
        o["device_seq"] for o in w1.outbox("pending")) > 1
    with w1.store.transaction() as conn:
        conn.execute("DELETE FROM meta WHERE key = 'device_secret'")

    session.sign_in(w1.store, city.url, org.user("w1"), PASSWORD)
    assert w1.device_id != old_device
    assert [o["device_seq"] for o in w1.outbox("pending")] == [1, 2, 3]
    assert session.device_secret(w1.store)
    w1.reopen()
    result = w1.sync()
    assert result.held == 0 and w1.outbox("pending") == []
    for r in sent + waiting:
        assert city.row("residents", r["id"])["name"] == r["name"]
    mine = {op["op_id"] for op in city.applied_ops(w1.device_id)}
    assert {o["op_id"] for o in w1.outbox("applied") if o["device_seq"] > 0} <= mine
    # the audit log went up again, whole, under the new device
    assert w1.one("SELECT value FROM meta WHERE key = 'audit.sent_seq'") == str(
        w1.one("SELECT max(seq) FROM audit_log"))


def test_a_copied_device_id_and_secret_do_not_make_a_desktop_someone_else(any_city,
                                                                           any_org, desk):
    """The attacker's desktop carries the supervisor's device id and secret (copied
    from the supervisor's PC): it gets a device of its own; the supervisor's PC keeps
    its device and goes on syncing as the supervisor."""
    from app.sync import session
    from synchelpers import resident_values

    city, org = any_city, any_org
    sup = desk(city.url, org.user("sup"))
    stolen_id, stolen_secret = sup.device_id, session.device_secret(sup.store)
    w1 = desk(city.url, org.user("w1"), sign_in=False)
    with w1.store.transaction() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('device_id', ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", (stolen_id,))
        conn.execute("INSERT INTO meta(key, value) VALUES ('device_secret', ?)",
                     (stolen_secret,))
    session.sign_in(w1.store, city.url, org.user("w1"), PASSWORD)
    assert w1.device_id != stolen_id
    assert session.device_secret(w1.store) != stolen_secret
    w1.reopen()
    w1.sync()
    r = sup.roster().create_resident(resident_values("丙"), grid_id=org.ids["g2"])
    assert sup.sync().applied == 1
    assert city.row("residents", r["id"])["updated_by"] == sup.me["user_id"]
    assert {op["user_id"] for op in city.applied_ops(stolen_id)} == {sup.me["user_id"]}


def test_device_id_and_secret_stay_out_of_the_diagnostics_zip(city, desk, tmp_path):
    """IT gets the zip; the device id (and its secret) would let someone try to pass
    for this PC. Neither is in it, even where a log line quotes them by mistake."""
    import logging

    from app import diagnostics, logs
    from app.sync import session

    org = city.new_org()
    w1 = desk(city.url, org.user("w1"))
    device_id = w1.device_id
    secret = session.device_secret(w1.store) or "no-secret-yet"
    logs.setup(w1.dir)
    logging.getLogger("griddesk.test").warning("sync failed for %s (%s)", device_id, secret)
    logs.shutdown()
    out = diagnostics.export(w1.dir, tmp_path / "diag.zip", store=w1.store)
    with zipfile.ZipFile(out) as zf:
        texts = {n: zf.read(n).decode("utf-8") for n in zf.namelist()}
    assert "logs/griddesk.log" in texts and "<device>" in texts["logs/griddesk.log"]
    for name, text in texts.items():
        assert device_id not in text, name
        assert secret not in text, name
    summary = json.loads(texts["summary.json"])
    assert "device_id" not in summary["store"]["meta"]


def test_device_secret_lives_in_the_persons_encrypted_store_only(city, tmp_path,
                                                                 monkeypatch):
    """What the sign-in dialog does for a new person on a shared PC: the secret goes
    into their encrypted store, never into accounts.json. A known person signing in
    online (a password changed on the server) cannot read it before the store opens:
    the server gives a new device, which the store and the account adopt."""
    from app.models.store.accounts import Accounts, OsKeystore
    from app.models.store.keys import StaticKeyProvider
    from app.models.store.database import open_store
    from app.sync import session

    org = city.new_org()
    monkeypatch.setattr(OsKeystore, "available", False, raising=False)
    pc = tmp_path / "pc"
    accounts = Accounts(pc, keystore=OsKeystore.__new__(OsKeystore))
    me, tokens, grant = session.login(city.url, org.user("w1"), PASSWORD, str(uuid.uuid4()))
    assert grant.device_id and grant.device_secret
    key = accounts.enrol(org.user("w1"), PASSWORD, me, city.url, device_id=grant.device_id)
    account = accounts.get(org.user("w1"))
    store = open_store(accounts.store_dir(account), StaticKeyProvider(key))
    try:
        session.adopt(store, city.url, me, tokens, grant)
        assert store.device_id == grant.device_id == account.device_id
        assert session.device_secret(store) == grant.device_secret
        assert grant.device_secret not in (pc / "accounts.json").read_text(encoding="utf-8")

        me2, tokens2, grant2 = session.login(city.url, org.user("w1"), PASSWORD,
                                             account.device_id)
        assert grant2.device_id != grant.device_id and grant2.device_secret
        session.adopt(store, city.url, me2, tokens2, grant2)
        accounts.enrol(org.user("w1"), PASSWORD, me2, city.url, device_id=grant2.device_id)
        assert store.device_id == grant2.device_id == accounts.get(org.user("w1")).device_id
        assert session.device_secret(store) == grant2.device_secret
        assert grant2.device_secret not in (pc / "accounts.json").read_text(encoding="utf-8")
    finally:
        store.close()


# ================================================================ 4. lockout race
def _parallel(n: int, call) -> list:
    barrier = threading.Barrier(n)
    out: list = [None] * n

    def run(i):
        barrier.wait()
        out[i] = call(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


@pytest.mark.parametrize("name", ["w1", "nobody-at-all"], ids=["real", "unknown"])
def test_thirty_parallel_wrong_passwords_lock_the_name(live_server, name):
    def wrong(i):
        r = httpx.post(live_server + "/auth/login", timeout=60, json=dict(
            username=name, password=f"wrong password {i}", device_id=f"pc-{i}"))
        return r.status_code, r.json()["detail"]["code"]

    answers = _parallel(30, wrong)
    evaluated = [a for a in answers if a == (401, "bad_credentials")]
    refused = [a for a in answers if a == (423, "locked")]
    assert len(evaluated) + len(refused) == 30, answers
    assert len(evaluated) <= 5, f"{len(evaluated)} wrong passwords were checked, limit 5"
    r = httpx.post(live_server + "/auth/login", json=dict(username=name, password=PASSWORD))
    assert r.status_code == 423 and r.json()["detail"]["code"] == "locked", r.text
    assert int(r.headers["Retry-After"]) > 0


def test_parallel_sign_ins_of_one_person_never_fail_the_server(live_server):
    """Right and wrong passwords of one name from one address at once: each sign-in
    locks the name's and the address's counters; in a consistent order, so
    PostgreSQL never has to break a deadlock (a 500)."""
    def attempt(i):
        # two wrong passwords a name: at most 5 attempts are in flight per name, so
        # at least 3 of them are right and some sign-in gets through
        password = f"wrong {i} x" if i in (0, 3, 6, 9) else PASSWORD
        r = httpx.post(live_server + "/auth/login", timeout=60, json=dict(
            username="w1" if i % 2 else "head1", password=password,
            device_id=f"pc-{i}"))
        return r.status_code

    for _ in range(3):
        for name in ("w1", "head1"):      # a success resets the count between rounds
            r = httpx.post(live_server + "/auth/login", json=dict(username=name,
                                                                  password=PASSWORD))
            assert r.status_code == 200, r.text
        answers = _parallel(24, attempt)
        assert set(answers) <= {200, 401, 423}, answers
        assert 200 in answers


# ================================================================ 5. argon2 and pushes
COSTLY = {"GRIDDESK_SERVER_ARGON2_TIME_COST": "2",
          "GRIDDESK_SERVER_ARGON2_MEMORY_KIB": str(64 * 1024),
          # the bogus sign-ins below must really run argon2, not hit the address limit
          "GRIDDESK_SERVER_LOGIN_ADDRESS_FAILURES": "100000"}


def _argon2_seconds() -> float:
    from argon2 import PasswordHasher
    ph = PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=1)
    h = ph.hash("x")
    start = time.perf_counter()
    for _ in range(3):
        try:
            ph.verify(h, "y")
        except Exception:  # noqa: BLE001 - a mismatch is the point
            pass
    return (time.perf_counter() - start) / 3


def test_bogus_sign_ins_do_not_hold_up_pushes(db_url, settings, store, units, tmp_path):
    """Three clients keep signing in with unknown names and wrong passwords (argon2 at
    a real, if small, cost) while a grid worker pushes: every push stays fast. On
    PostgreSQL, no server connection sits in an open transaction while a password is
    checked."""
    from server.demo import LiveServer

    app_name = "gdauth" + uuid.uuid4().hex[:8]
    url = db_url + (f"&application_name={app_name}" if db_url.startswith("postgres") else "")
    srv = LiveServer(url, blob_dir=settings.blob_dir, log_path=tmp_path / "server.log",
                     fast_hash=False, extra_env=COSTLY, port=free_port()).start()
    stop = threading.Event()
    bogus = {"n": 0}
    idle_in_tx: list = []
    try:
        base = srv.url
        tokens = httpx.post(base + "/auth/login", timeout=60, json=dict(
            username="w1", password=PASSWORD, device_id="pc-w1")).json()
        h = bearer(tokens)

        def storm(k):
            with httpx.Client(timeout=60) as c:
                while not stop.is_set():
                    c.post(base + "/auth/login", json=dict(
                        username=f"ghost-{k}-{uuid.uuid4().hex[:8]}", password="wrong 123"))
                    bogus["n"] += 1

        watcher = None
        if store.is_postgres:
            def watch():
                engine = sa.create_engine(db.normalize_url(db_url.split("?")[0]))
                with engine.connect() as conn:
                    while not stop.is_set():
                        idle_in_tx.extend(conn.execute(sa.text(
                            "SELECT pid, extract(epoch FROM now() - state_change) FROM "
                            "pg_stat_activity WHERE application_name = :a AND state = "
                            "'idle in transaction' AND now() - state_change > "
                            "interval '40 milliseconds'"), {"a": app_name}).all())
                        conn.commit()
                        time.sleep(0.005)
                engine.dispose()
            watcher = threading.Thread(target=watch)
            watcher.start()
        storms = [threading.Thread(target=storm, args=(k,)) for k in range(3)]
        for t in storms:
            t.start()
        time.sleep(1.0)
        latencies = []
        with httpx.Client(timeout=60) as c:
            for seq in range(1, 13):
                op = dict(op_id=str(uuid.uuid4()), device_seq=seq, tx_id=str(uuid.uuid4()),
                          entity="residents", entity_id=(rid := str(uuid.uuid4())),
                          op="create", changed={"id": rid, **resident(units[G1], f"甲{seq}")})
                start = time.perf_counter()
                r = c.post(base + "/sync/push", json={"ops": [op]}, headers=h)
                latencies.append(time.perf_counter() - start)
                assert r.status_code == 200 and r.json()["results"][0]["status"] == "applied"
                time.sleep(0.05)
    finally:
        stop.set()
        for t in locals().get("storms", []):
            t.join(60)
        if locals().get("watcher"):
            watcher.join(10)
        srv.stop()
    cost = _argon2_seconds()
    assert bogus["n"] >= 6, "the bogus sign-ins did run"
    assert not idle_in_tx, f"a transaction stayed open while argon2 ran: {idle_in_tx[:5]}"
    # a push costs a few milliseconds; held up behind sign-ins it took seconds
    assert statistics.median(latencies) < max(0.25, 2 * cost), latencies
    assert max(latencies) < max(1.0, 6 * cost), latencies


# ================================================================ 15. probing, rate limits
def test_unknown_and_real_names_get_the_same_answers(client, units, clock):
    def answers(name):
        out = []
        for i in range(6):
            r = login(client, name, password=f"wrong {i} x")
            body = r.json()["detail"]
            out.append((r.status_code, sorted(body), body["code"], body["message"],
                        body.get("locked_until"), body.get("retry_after"),
                        sorted(k.lower() for k in r.headers
                               if k.lower() not in ("content-length", "date"))))
        return out

    real, unknown = answers("w1"), answers("no-such-user")
    assert real == unknown
    assert [a[0] for a in real] == [401] * 5 + [423]
    for name in ("w1", "no-such-user"):           # locked: even the right password
        assert login(client, name).status_code == 423
    clock.advance(15 * 60 + 1)
    assert login(client, "w1").status_code == 200
    assert login(client, "no-such-user").status_code == 401


def test_unknown_and_real_names_take_the_same_time(db_url, store, units, clock):
    """With a real argon2 cost, a wrong password for a real name and any password for
    an unknown one cost the same (a locked name costs the same, too: no argon2)."""
    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.config import Settings

    s = Settings(db_url=db_url, argon2_time_cost=2, argon2_memory_kib=16 * 1024,
                 login_address_failures=10000)
    with TestClient(create_app(s, store=store, clock=clock)) as c:
        with store.write() as conn:       # the real user's hash at the server's cost
            from server import auth
            auth.update_user(conn, s, "w1", password="a new pass 1", now=clock())
        times: dict[str, list[float]] = {"real": [], "unknown": []}
        for i in range(8):
            for kind, name in (("real", "w1"), ("unknown", f"nobody-{i}")):
                if kind == "real" and i % 4 == 0:
                    with store.write() as conn:
                        auth.update_user(conn, s, "w1", unlock=True, now=clock())
                start = time.perf_counter()
                r = login(c, name, password="wrong pass 1")
                times[kind].append(time.perf_counter() - start)
                assert r.status_code == 401
    real, unknown = statistics.median(times["real"]), statistics.median(times["unknown"])
    assert abs(real - unknown) < 0.5 * max(real, unknown), times


def test_failed_sign_ins_are_limited_per_client_address(live_server):
    """30 failed sign-ins from one address in 5 minutes (any names, in parallel), then
    429 with Retry-After for everyone at that address, the right password included;
    another address is not affected, and X-Forwarded-For does not make one."""
    def wrong(i):
        r = httpx.post(live_server + "/auth/login", timeout=60, json=dict(
            username=f"spray-{i}", password="wrong pass 1"))
        return r.status_code

    answers = _parallel(40, wrong)
    assert answers.count(401) == 30 and answers.count(429) == 10, answers
    r = httpx.post(live_server + "/auth/login", json=dict(username="w1", password=PASSWORD))
    assert r.status_code == 429 and r.json()["detail"]["code"] == "rate_limited"
    assert 0 < int(r.headers["Retry-After"]) <= 300
    r = httpx.post(live_server + "/auth/login", headers={"X-Forwarded-For": "10.1.2.3"},
                   json=dict(username="w1", password=PASSWORD))
    assert r.status_code == 429
    other = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    with other:
        r = other.post(live_server + "/auth/login", json=dict(username="w1",
                                                              password=PASSWORD))
    assert r.status_code == 200, r.text


def test_rate_limited_sign_in_is_explained_on_the_desktop(qtbot, new_city, tmp_path,
                                                         monkeypatch):
    import os
    """The desktop's first sign-in against a server that limits this address: the
    dialog says so (in Chinese) instead of "the server cannot be reached"."""
    from PySide6.QtWidgets import QDialog

    from app.models.store.accounts import Accounts, OsKeystore
    from app.ui.shell.app import create_application
    from app.ui.shell.signin_dialog import SignInDialog
    from uihelpers import type_text

    city = new_city({"GRIDDESK_SERVER_LOGIN_ADDRESS_FAILURES": "1"})
    org = city.new_org()
    monkeypatch.setattr(OsKeystore, "available", False, raising=False)
    accounts = Accounts(tmp_path / "pc", keystore=OsKeystore.__new__(OsKeystore))
    create_application("zh_CN")
    shots = []
    for password in ("wrong pass 1", PASSWORD):
        dlg = SignInDialog(None, tmp_path / "pc", server_url=city.url, accounts=accounts)
        qtbot.addWidget(dlg)
        dlg.show()
        dlg.user.setText(org.user("w1"))
        type_text(qtbot, dlg.password, password)
        dlg.ok.click()
        qtbot.waitUntil(lambda d=dlg: d.result() == QDialog.Accepted or d.error.isVisible(),
                        timeout=20000)
        shots.append(dlg)
    assert "用户名或密码错误" in shots[0].error.text()
    assert shots[1].result() != QDialog.Accepted
    text = shots[1].error.text()
    assert "登录失败次数过多" in text and "5 分钟" in text, text
    if os.environ.get("GRIDDESK_SCREENSHOTS"):
        shots[1].grab().save(os.environ["GRIDDESK_SCREENSHOTS"] + "/rate_limited.png")


def test_server_lock_is_explained_on_the_desktop(qtbot, city, tmp_path, monkeypatch):
    """A new person's online sign-in meets the server's lock (423): the dialog says how
    long it lasts (it used to read the server's message as a clock time and fail)."""
    from PySide6.QtWidgets import QDialog

    from app.models.store.accounts import Accounts, OsKeystore
    from app.ui.shell.app import create_application
    from app.ui.shell.signin_dialog import SignInDialog
    from uihelpers import type_text

    org = city.new_org()
    for i in range(5):
        httpx.post(city.url + "/auth/login", json=dict(username=org.user("w1"),
                                                       password=f"wrong {i} x"))
    monkeypatch.setattr(OsKeystore, "available", False, raising=False)
    accounts = Accounts(tmp_path / "pc", keystore=OsKeystore.__new__(OsKeystore))
    create_application("zh_CN")
    dlg = SignInDialog(None, tmp_path / "pc", server_url=city.url, accounts=accounts)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.user.setText(org.user("w1"))
    type_text(qtbot, dlg.password, PASSWORD)
    dlg.ok.click()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted or dlg.error.isVisible(),
                    timeout=20000)
    assert dlg.result() != QDialog.Accepted
    assert "账号已锁定" in dlg.error.text() and "15 分钟" in dlg.error.text(), \
        dlg.error.text()
