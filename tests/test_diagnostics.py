"""The diagnostics zip IT asks for: the facts it needs, and no personal data, made
from a real demo street, from the command line and from the UI action; and the crash
dialog, driven."""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app import diagnostics, logs
from app.models.roster.repository import Roster
from app.models.store import migrations, settings
from app.models.store.database import open_store
from app.models.write.unit import Actor

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A demo street of 200 residents, plus one resident added through the one write
    path (so the outbox holds ops), a worker name in the settings, a log line and a
    crash report that both quote personal data by mistake."""
    path = tmp_path_factory.mktemp("diag") / "data"
    subprocess.run([sys.executable, "-m", "app", "demo-data", "--data-dir", str(path),
                    "--residents", "200"], cwd=ROOT, check=True, capture_output=True,
                   timeout=300)
    store = open_store(path)
    try:
        roster = Roster(store, Actor("w1", "测试员", "grid_worker"))
        grid = store.conn.execute(
            "SELECT id FROM org_units WHERE kind = 'grid' LIMIT 1").fetchone()[0]
        roster.create_resident(dict(name="欧阳诊断", id_number="11010519491231002X",
                                    phone="13912345678", residence_type="registered"),
                               grid_id=grid)
        settings.set(store, "user.name", "欧阳诊断")
        people = store.conn.execute(
            "SELECT name, id_number, phone FROM residents").fetchall()
    finally:
        store.close()
    previous = logging.getLogger().level
    logs.setup(path)
    logging.getLogger("griddesk.test").warning("saving %s failed for %s", people[0][1],
                                               people[0][2])
    logs.shutdown()
    logging.getLogger().setLevel(previous)
    from app import crash
    try:
        raise KeyError(f"no household for {people[1][1]}")
    except KeyError as exc:
        crash.write_report(path, type(exc), exc, exc.__traceback__)
    return path, people


def zip_texts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


def assert_no_personal_data(texts: dict[str, str], people, data_dir: Path) -> None:
    key = (data_dir / "griddesk.key").read_text().strip()
    for name, text in texts.items():
        assert key not in text, name
        for person_name, id_number, phone in people:
            assert person_name not in text, (name, person_name)
            if id_number:
                assert id_number not in text, (name, id_number)
            if phone:
                assert phone not in text, (name, phone)


def test_diagnostics_zip_holds_the_facts_and_no_personal_data(demo_dir, tmp_path):
    data_dir, people = demo_dir
    assert len(people) == 201 and sum(1 for p in people if p[2]) > 50
    out = diagnostics.export(data_dir, tmp_path / "diag.zip")
    texts = zip_texts(out)
    assert "summary.json" in texts and "logs/griddesk.log" in texts
    assert any(n.startswith("crash/crash-") for n in texts)
    assert not any(n.endswith(("griddesk.db", "griddesk.key")) for n in texts)
    assert_no_personal_data(texts, people, data_dir)

    summary = json.loads(texts["summary.json"])
    assert summary["errors"] == []
    assert summary["versions"]["griddesk"]
    assert summary["versions"]["sqlcipher3"] and summary["versions"]["PySide6_Essentials"]
    store = summary["store"]
    assert store["schema_version"] == migrations.LATEST
    assert store["cipher_version"]
    assert store["row_counts"]["residents"] == 201
    assert sum(store["outbox"]["by_state"].values()) == store["row_counts"]["outbox"] > 0
    assert store["outbox"]["pending_by_entity"]["residents"] >= 1
    assert store["settings"]["user.name"] == "<hidden>"
    assert "griddesk.db" in {f["name"] for f in summary["data_dir"]["files"]}
    assert summary["config"]["sources"]["server_url"] in ("default", "/etc/griddesk/config.toml")


def test_diagnostics_from_the_command_line(demo_dir, tmp_path):
    data_dir, people = demo_dir
    out = tmp_path / "cli.zip"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "app", "diagnostics", "--data-dir",
                             str(data_dir), "--out", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    texts = zip_texts(out)
    summary = json.loads(texts["summary.json"])
    assert summary["runtime"]["qt"] == summary["versions"]["qt"]
    assert_no_personal_data(texts, people, data_dir)


def test_diagnostics_still_written_when_the_store_cannot_be_opened(demo_dir, tmp_path):
    data_dir, _people = demo_dir
    broken = tmp_path / "broken"
    shutil.copytree(data_dir, broken)
    (broken / "griddesk.key").write_text("11" * 32)  # the wrong key
    summary = json.loads(zip_texts(diagnostics.export(broken, tmp_path / "b.zip"))
                         ["summary.json"])
    assert "store" not in summary
    assert any(e.startswith("store: WrongKeyError") for e in summary["errors"])
    assert summary["versions"]["griddesk"]


def test_export_action_writes_the_zip_off_the_gui_thread(qtbot, demo_dir, tmp_path):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from app.ui.shell.app import create_application
    from app.ui.shell.diagnostics_export import export_diagnostics

    create_application("zh_CN")
    data_dir, people = demo_dir
    results = []
    export_diagnostics(None, data_dir, target=tmp_path / "ui.zip", on_done=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    assert results == [tmp_path / "ui.zip"]
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.objectName() == "diagnosticsMessage"
               and w.isVisible())
    assert str(tmp_path / "ui.zip") in box.text()
    box.accept()
    assert_no_personal_data(zip_texts(tmp_path / "ui.zip"), people, data_dir)


# -- the crash dialog -----------------------------------------------------------

def test_crash_dialog_appears_for_an_error_in_another_thread(qtbot, tmp_path):
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.shell.app import create_application
    from app.ui.shell.crash_dialog import CrashDialog, CrashNotifier

    app = create_application("zh_CN")
    notifier = CrashNotifier(app)
    seen = {}

    def drive():
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, CrashDialog):
            QTimer.singleShot(20, drive)
            return
        seen["details"] = dlg.details.toPlainText()
        seen["title"] = dlg.windowTitle()
        dlg.toggle.click()
        seen["details_visible"] = dlg.details.isVisible()
        dlg.continue_button.click()

    report = tmp_path / "crash-1.txt"
    report.write_text("GridDesk crash report\nTraceback ...\nValueError: boom\n",
                      encoding="utf-8")
    QTimer.singleShot(0, drive)
    worker = threading.Thread(target=notifier.notify, args=(report, "ValueError: boom"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "title" in seen, timeout=10_000)
    assert "ValueError: boom" in seen["details"]
    assert seen["title"] == "网格工作台遇到了问题"
    assert seen["details_visible"]


def test_crash_dialog_quit_button_ends_with_the_crash_exit_code(qtbot, tmp_path):
    from app.ui.shell.app import create_application
    from app.ui.shell.crash_dialog import EXIT_AFTER_CRASH, CrashDialog

    create_application("zh_CN")
    report = tmp_path / "crash-2.txt"
    report.write_text("report", encoding="utf-8")
    dialog = CrashDialog(report, "summary")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.details.toPlainText() == "report"
    dialog.quit_button.click()
    assert dialog.result() == EXIT_AFTER_CRASH
