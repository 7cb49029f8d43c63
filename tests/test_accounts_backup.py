"""Data protection on a shared office PC, below the UI: local accounts with
offline sign-in and lockout, the store key kept only wrapped, a copied database
that opens nowhere, daily encrypted backups and a restore that re-pushes
pending ops without duplicating them."""
from __future__ import annotations

import datetime as dt

import pytest

from app.models.store import backup
from app.models.store.accounts import AccountError, Accounts, OsKeystore, password_problems
from app.models.store.keys import StaticKeyProvider
from app.models.store.database import StoreError, open_store

ME = {"user_id": "u-worker1", "username": "worker1", "role": "grid_worker",
      "display_name": "网格员1"}
PW = "grid pass 2026"


class Clock:
    def __init__(self):
        self.t = 1_795_000_000.0

    def __call__(self):
        return self.t


class MemoryKeyring:
    """Stands in for an OS keystore (Windows Credential Manager, Secret Service),
    which this headless machine does not have."""

    def __init__(self):
        import keyring.backend

        class Backend(keyring.backend.KeyringBackend):
            priority = 10
            store: dict = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)
        self.backend = Backend()


@pytest.fixture
def accounts(tmp_path):
    return Accounts(tmp_path, keystore=OsKeystore.__new__(OsKeystore), clock=Clock())


@pytest.fixture(autouse=True)
def _no_keystore(monkeypatch):
    # the default here: no OS keystore (a headless Linux PC), only the password wrap
    monkeypatch.setattr(OsKeystore, "available", False, raising=False)


def test_the_key_is_never_written_in_plain_text_and_a_copied_database_opens_nowhere(
        tmp_path, accounts):
    key = accounts.enrol("Worker1", PW, ME, "https://city.example")
    account = accounts.get("worker1")
    d = accounts.store_dir(account)
    store = open_store(d, StaticKeyProvider(key))
    with store.transaction() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('probe', '张三丰 410105')")
    store.close()
    everything = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert key not in everything and key.hex().encode() not in everything
    assert "张三丰".encode() not in everything
    assert not list(tmp_path.rglob("*.key"))
    # a copy of the whole folder on another PC, without the password: nothing opens
    copy = tmp_path / "stolen"
    copy.mkdir()
    (copy / "griddesk.db").write_bytes((d / "griddesk.db").read_bytes())
    with pytest.raises(StoreError):
        open_store(copy, StaticKeyProvider(b"\0" * 32), create=False)
    # with the password, the right key comes back
    acc, again = accounts.sign_in_offline("worker1", PW)
    assert again == key and acc.display_name == "网格员1"


def test_offline_sign_in_locks_after_five_wrong_passwords_for_15_minutes(accounts):
    accounts.enrol("worker1", PW, ME, "https://city.example")
    lefts = []
    for _ in range(4):
        with pytest.raises(AccountError) as exc:
            accounts.sign_in_offline("worker1", "wrong 1234")
        lefts.append(exc.value.params["left"])
    assert lefts == [4, 3, 2, 1]
    with pytest.raises(AccountError) as exc:
        accounts.sign_in_offline("worker1", "wrong 1234")
    assert exc.value.code == "locked"
    with pytest.raises(AccountError) as exc:   # even the right password waits
        accounts.sign_in_offline("worker1", PW)
    assert exc.value.code == "locked"
    accounts.clock.t += 15 * 60 + 1
    account, _ = accounts.sign_in_offline("worker1", PW)
    assert account.failures == 0


def test_two_users_on_one_pc_have_separate_stores_and_keys(accounts):
    k1 = accounts.enrol("worker1", PW, ME, "https://city.example")
    k2 = accounts.enrol("worker2", "other pass 99", {**ME, "user_id": "u-worker2",
                                                     "username": "worker2"},
                        "https://city.example")
    assert k1 != k2
    a1, a2 = accounts.get("worker1"), accounts.get("worker2")
    assert accounts.store_dir(a1) != accounts.store_dir(a2)
    with pytest.raises(AccountError):
        accounts.sign_in_offline("worker2", PW)
    assert accounts.sign_in_offline("worker2", "other pass 99")[1] == k2
    assert [a.username for a in accounts.list()] == ["worker2", "worker1"] or len(
        accounts.list()) == 2


def test_a_password_changed_on_the_server_keeps_the_data_via_the_os_keystore(tmp_path,
                                                                            monkeypatch):
    monkeypatch.setattr(OsKeystore, "available", True, raising=False)
    ring = MemoryKeyring()
    ks = OsKeystore(ring.backend)
    ks.available = True
    accounts = Accounts(tmp_path, keystore=ks, clock=Clock())
    key = accounts.enrol("worker1", PW, ME, "https://city.example")
    assert accounts.get("worker1").in_keyring
    store = open_store(accounts.store_dir(accounts.get("worker1")), StaticKeyProvider(key))
    store.close()
    # the next online sign-in brings a new password: the keystore copy re-wraps the key
    assert accounts.enrol("worker1", "new pass 2027", ME, "https://city.example") == key
    assert accounts.sign_in_offline("worker1", "new pass 2027")[1] == key
    with pytest.raises(AccountError):
        accounts.sign_in_offline("worker1", PW)


def test_without_a_keystore_a_new_server_password_asks_for_the_old_one(accounts):
    key = accounts.enrol("worker1", PW, ME, "https://city.example")
    open_store(accounts.store_dir(accounts.get("worker1")), StaticKeyProvider(key)).close()
    with pytest.raises(AccountError) as exc:
        accounts.enrol("worker1", "new pass 2027", ME, "https://city.example")
    assert exc.value.code == "old_password_needed"
    assert accounts.rewrap_with_old_password("worker1", PW, "new pass 2027") == key
    assert accounts.enrol("worker1", "new pass 2027", ME, "https://city.example") == key


def test_password_rules():
    assert password_problems("abc12") == ["too_short"]
    assert password_problems("abcdefghij") == ["letters_and_digits"]
    assert password_problems("worker1pass", "worker1") == ["contains_username"]
    assert password_problems("grid pass 2026", "worker1") == []


# ---------------------------------------------------------------- backups
def _pending(store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT op_id FROM outbox WHERE state IN ('pending', 'inflight') ORDER BY device_seq")]


def test_daily_backup_keeps_seven_and_is_encrypted(tmp_path, store, roster):
    org = roster.create_org_unit("410105003001001", "第一网格", "grid")
    roster.create_resident({"name": "张三丰", "id_number": "11010519491231002X",
                            "residence_type": "registered"}, grid_id=org["id"])
    day = dt.datetime(2026, 11, 1, 9)
    made = [backup.daily(store, now=day + dt.timedelta(days=i)) for i in range(9)]
    assert all(made)
    assert backup.daily(store, now=day + dt.timedelta(days=8, hours=3)) is None   # once a day
    kept = backup.list_backups(store.path)
    assert len(kept) == 7 and kept[0].name.startswith("20261109")
    assert "张三丰".encode() not in kept[0].read_bytes()


def test_a_damaged_database_is_refused_and_a_restore_brings_back_pending_ops(
        tmp_path, data_dir, store, roster):
    org = roster.create_org_unit("410105003001001", "第一网格", "grid")
    person = roster.create_resident({"name": "张三丰", "id_number": "11010519491231002X",
                                     "residence_type": "registered"}, grid_id=org["id"])
    pending = _pending(store)
    assert pending
    backup.take(store)
    roster.update_resident(person["id"], {"phone": "13912345678"})
    store.close()
    # damage pages in the middle of the file
    db = data_dir / "griddesk.db"
    raw = bytearray(db.read_bytes())
    for off in range(8192, min(len(raw), 8192 * 6), 4096):
        raw[off + 100: off + 400] = bytes(300)
    db.write_bytes(bytes(raw))
    problems = None
    try:
        damaged = open_store(data_dir, create=False)
        problems = backup.check(damaged.conn)
        damaged.close()
    except StoreError as exc:
        problems = [str(exc)]
    except Exception as exc:   # noqa: BLE001 - sqlcipher reports damage as DatabaseError
        problems = [str(exc)]
    assert problems, "a damaged database must not pass the start-up check"
    aside = backup.restore(db, backup.list_backups(db)[0])
    assert aside.exists()   # the damaged file is kept, never deleted
    restored = open_store(data_dir, create=False)
    assert backup.check(restored.conn) == []
    assert _pending(restored)[:len(pending)] == pending
    row = restored.conn.execute("SELECT name FROM residents WHERE id = ?",
                                (person["id"],)).fetchone()
    assert row == ("张三丰",)
    restored.close()
