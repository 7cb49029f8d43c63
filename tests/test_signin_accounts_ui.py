"""Sign-in on a shared office PC: a person's first sign-in is online and makes
their own encrypted store; later sign-ins work with no network; a second person
on the same PC gets their own store and scope; wrong passwords count down to a
lock. A real city server process, real stores, the real dialog offscreen."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

from PySide6.QtWidgets import QDialog  # noqa: E402

from app.models.store import settings  # noqa: E402
from app.models.store.accounts import Accounts, OsKeystore  # noqa: E402
from app.ui.shell.app import create_application  # noqa: E402
from app.ui.shell.signin_dialog import SignInDialog  # noqa: E402
from server.demo import DEMO_PASSWORD  # noqa: E402
from test_sync_ui import WAIT, city, city_template  # noqa: E402,F401 - fixtures
from uihelpers import type_text  # noqa: E402


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    monkeypatch.setattr(OsKeystore, "available", False, raising=False)
    return Accounts(tmp_path / "pc", keystore=OsKeystore.__new__(OsKeystore))


def sign_in(qtbot, tmp_path, accounts, user, password, url=None):
    dlg = SignInDialog(None, tmp_path / "pc", server_url=url or "", accounts=accounts)
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.user.setText(user)
    type_text(qtbot, dlg.password, password)
    dlg.ok.click()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted or dlg.error.isVisible(),
                    timeout=WAIT)
    return dlg


def test_first_online_then_offline_and_a_second_user_on_the_same_pc(qtbot, tmp_path, city,
                                                                     accounts):
    create_application("zh_CN")
    first = sign_in(qtbot, tmp_path, accounts, "worker1", DEMO_PASSWORD, city.url)
    assert first.result() == QDialog.Accepted, first.error.text()
    store, account = first.store, first.account
    assert account.username == "worker1" and account.role == "grid_worker"
    assert store.path.parent == accounts.store_dir(account)
    n = store.conn.execute("SELECT count(*) FROM residents").fetchone()[0]
    assert n > 0
    assert settings.get(store.conn, "user.role") == "grid_worker"
    store.close()

    # the server is gone (no network): the same person still signs in, to the same data
    city.stop()
    again = sign_in(qtbot, tmp_path, accounts, "worker1", DEMO_PASSWORD)
    assert again.result() == QDialog.Accepted, again.error.text()
    assert not again.url.isVisible()   # a known user needs no server address
    assert again.store.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == n
    again.store.close()

    # wrong passwords count down, then lock the account on this PC
    for left in (4, 3, 2, 1):
        bad = sign_in(qtbot, tmp_path, accounts, "worker1", "not it 123")
        assert bad.error.isVisible() and str(left) in bad.error.text()
    fifth = sign_in(qtbot, tmp_path, accounts, "worker1", "not it 123")
    assert "锁定" in fifth.error.text()
    # now even the right password waits out the lock
    locked = sign_in(qtbot, tmp_path, accounts, "worker1", DEMO_PASSWORD)
    assert locked.error.isVisible() and "锁定" in locked.error.text()
    assert locked.store is None


def test_second_person_gets_their_own_store_and_scope(qtbot, tmp_path, city, accounts):
    create_application("zh_CN")
    one = sign_in(qtbot, tmp_path, accounts, "worker1", DEMO_PASSWORD, city.url)
    two = sign_in(qtbot, tmp_path, accounts, "supervisor", DEMO_PASSWORD, city.url)
    assert one.result() == QDialog.Accepted and two.result() == QDialog.Accepted, two.error.text()
    assert one.store.path != two.store.path
    assert settings.get(two.store.conn, "user.role") == "community_supervisor"
    # the supervisor's community holds more than the worker's grid
    count = "SELECT count(*) FROM org_units WHERE kind IN ('grid', 'dedicated')"
    assert two.store.conn.execute(count).fetchone()[0] > one.store.conn.execute(count
                                                                                 ).fetchone()[0]
    # neither store opens with the other's key
    from app.models.store.keys import StaticKeyProvider
    from app.models.store.database import StoreError, open_store
    _, key_one = accounts.sign_in_offline("worker1", DEMO_PASSWORD)
    one.store.close()
    two.store.close()
    with pytest.raises(StoreError):
        open_store(two.store.path.parent, StaticKeyProvider(key_one), create=False)
    assert [a.username for a in accounts.list()] == ["worker1", "supervisor"] or \
        {a.username for a in accounts.list()} == {"worker1", "supervisor"}
