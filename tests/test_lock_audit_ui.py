"""A shared office PC left alone locks itself; only the signed-in user's password
opens it again. The auditor reads the audit log with filters and is told when a
chain is broken."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMainWindow

from app.models.store.accounts import Accounts, OsKeystore
from app.ui.audit.audit_page import AuditPage, LocalAuditSource
from app.ui.shell.lock import IdleLock

PW = "grid pass 2026"
ME = {"user_id": "u-w1", "username": "worker1", "role": "grid_worker"}


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    monkeypatch.setattr(OsKeystore, "available", False, raising=False)
    a = Accounts(tmp_path / "pc", keystore=OsKeystore.__new__(OsKeystore))
    a.enrol("worker1", PW, ME, "https://city.example")
    return a


def test_idle_lock_hides_the_window_and_only_the_password_opens_it(qtbot, accounts):
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    win = QMainWindow()
    secret = QLabel("张三丰 11010519491231002X")
    win.setCentralWidget(secret)
    qtbot.addWidget(win)
    win.resize(800, 600)
    win.show()
    lock = IdleLock(win, accounts, "worker1", "网格员1", minutes=10)
    assert lock.timer.isActive() and lock.timer.interval() == 10 * 60 * 1000
    lock.timer.setInterval(50)          # do not wait ten minutes in a test
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3000)
    assert not secret.isVisible()
    assert lock.panel.geometry() == win.rect()

    lock.panel.password.setText("wrong 0000")
    lock.panel.unlock_button.click()
    qtbot.waitUntil(lambda: lock.panel.error.text() != "", timeout=10000)
    assert lock.is_locked and not secret.isVisible()

    lock.panel.password.setText(PW)
    lock.panel.unlock_button.click()
    qtbot.waitUntil(lambda: not lock.is_locked, timeout=10000)
    assert secret.isVisible() and secret.isEnabled()
    lock.stop()


def test_audit_page_filters_and_reports_a_broken_chain(qtbot, store, roster):
    from app.models.write.unit import unit_of_work
    org = roster.create_org_unit("410105003001001", "第一网格", "grid")
    person = roster.create_resident({"name": "张三丰", "id_number": "11010519491231002X",
                                     "residence_type": "registered"}, grid_id=org["id"])
    roster.reveal(person["id"], "id_number", "办理低保复核")
    page = AuditPage(LocalAuditSource(store))
    qtbot.addWidget(page)
    page.show()
    page.action.setCurrentIndex(page.action.findData("reveal"))
    page.reload()
    qtbot.waitUntil(lambda: page.search.isEnabled() and page.table.rowCount() == 1, timeout=5000)
    assert page.rows[0]["action"] == "reveal"
    assert page.table.item(0, 3).text() == page.action_names["reveal"] == "查看完整信息"
    assert "办理低保复核" in page.table.item(0, 5).text()
    assert "#05603a" in page.chain.styleSheet()      # intact

    # someone edits the file behind GridDesk's back: the chain shows where it breaks
    store.conn.execute("DROP TRIGGER audit_log_no_update")
    store.conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE action = 'reveal'")
    page.action.setCurrentIndex(0)
    page.reload()
    qtbot.waitUntil(lambda: page.search.isEnabled() and page.table.rowCount() > 1, timeout=5000)
    assert "#b42318" in page.chain.styleSheet()
    seq = store.conn.execute("SELECT seq FROM audit_log WHERE action = 'reveal'").fetchone()[0]
    assert str(seq) in page.chain.text()
    with unit_of_work(store, roster.actor):
        pass
