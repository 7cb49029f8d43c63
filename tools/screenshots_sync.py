"""Screenshots of sync and sign-in screens against a real demo city server:
``python tools/screenshots_sync.py OUT_DIR [--lang zh_CN|en]``.

Sign-in (new and known users, a wrong password), the 同步 page with a conflict
and a rejected change, the status bar, the idle lock, reveal-with-reason and
the audit log."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    out = Path(sys.argv[1])
    lang = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--lang" else "zh_CN"
    out.mkdir(parents=True, exist_ok=True)
    from app.models.roster.repository import Roster
    from app.models.store.accounts import Accounts, OsKeystore
    from app.models.store.database import open_store
    from app.models.write.unit import Actor, unit_of_work
    from app.sync import session
    from app.sync.engine import SyncEngine
    from app.ui.shell.app import create_application
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell.signin_dialog import SignInDialog
    from server.demo import DEMO_PASSWORD, LiveServer, prepare

    tmp = Path(tempfile.mkdtemp())
    prepare(f"sqlite:///{tmp / 'city.db'}", tmp / "blobs", residents=400, cases=30)
    srv = LiveServer(f"sqlite:///{tmp / 'city.db'}", blob_dir=tmp / "blobs",
                     log_path=tmp / "server.log").start()
    app = create_application(lang)

    def settle(seconds=0.3):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    try:
        OsKeystore.available = False
        accounts = Accounts(tmp / "pc", keystore=OsKeystore.__new__(OsKeystore))
        dlg = SignInDialog(None, tmp / "pc", server_url=srv.url, accounts=accounts)
        dlg.resize(520, dlg.sizeHint().height())
        dlg.show()
        dlg.user.setText("supervisor")
        settle()
        dlg.grab().save(str(out / f"signin-new-{lang}.png"))
        dlg.password.setText(DEMO_PASSWORD)
        dlg.ok.click()
        while dlg.store is None and not dlg.error.isVisible():
            settle(0.1)
        store, account = dlg.store, dlg.account

        known = SignInDialog(None, tmp / "pc", server_url=srv.url, accounts=accounts)
        known.resize(520, known.sizeHint().height())
        known.show()
        known.password.setText("wrong 1234")
        known.ok.click()
        while not known.error.isVisible():
            settle(0.1)
        known.grab().save(str(out / f"signin-known-wrong-{lang}.png"))
        known.reject()

        # a worker desktop makes a conflict and the supervisor's window shows it
        wstore = open_store(tmp / "worker")
        s = session.sign_in(wstore, srv.url, "worker1", DEMO_PASSWORD, device_name="worker PC")
        weng = SyncEngine(wstore, session.client_for(wstore, s), data_dir=tmp / "worker")
        weng.sync()
        session.apply_user(wstore, s.user)
        rid = wstore.conn.execute("SELECT id FROM residents LIMIT 1").fetchone()[0]
        win = MainWindow(store, accounts=accounts, account=account)
        win.resize(1280, 800)
        win.show()
        while not win.sync_worker.online:
            settle(0.1)
        win.roster.update_resident(rid, {"phone": "13800000002"})
        wactor = Actor(s.user["user_id"], "worker1", "grid_worker", "")
        Roster(wstore, wactor).update_resident(rid, {"phone": "13700000001"})
        settle(3)
        weng.sync()
        dept = store.conn.execute("SELECT id FROM org_units WHERE kind = 'department'"
                                  ).fetchone()[0]
        with unit_of_work(wstore, wactor) as w:
            w.patch("org_units", dept, {"name": "改名的部门"})
        weng.sync()
        settle(4)
        win.go_to(win.stack.indexOf(win.sync_page))
        win.sync_page.tabs.setCurrentIndex(2)
        win.sync_page.conflict_table.selectRow(0)
        settle()
        win.grab().save(str(out / f"sync-conflict-{lang}.png"))
        win.sync_page.tabs.setCurrentIndex(3)
        settle()
        win.grab().save(str(out / f"sync-history-{lang}.png"))

        from app.ui.roster.resident_dialog import ResidentDialog
        rd = ResidentDialog(win.roster, resident_id=rid, parent=win)
        rd.show()
        settle()
        rd.grab().save(str(out / f"resident-masked-{lang}.png"))
        rd.form.reveal("id_number", reason="办理低保复核")
        settle()
        rd.grab().save(str(out / f"resident-revealed-{lang}.png"))
        rd.reject()

        win.idle_lock.lock()
        settle()
        win.grab().save(str(out / f"locked-{lang}.png"))
        win.idle_lock.panel.hide()
        win.idle_lock._unlocked()

        from app.ui.audit.audit_page import AuditPage, LocalAuditSource
        page = AuditPage(LocalAuditSource(store))
        page.resize(1200, 700)
        page.show()
        page.reload()
        settle(1.5)
        page.grab().save(str(out / f"audit-{lang}.png"))
        win.close()
        wstore.close()
        store.close()
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
