"""Simplified Chinese is the default UI language and must be complete."""
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import i18n  # noqa: E402


def test_every_ui_string_has_a_finished_zh_cn_translation(tmp_path):
    # Re-extract from today's sources into a copy: a new tr() string without a
    # translation shows up as unfinished here, so this fails until it is translated.
    ts = tmp_path / "zh_CN.ts"
    shutil.copy(i18n.TS, ts)
    subprocess.run([str(i18n.BIN / "pyside6-lupdate"), *i18n.sources(), "-no-obsolete",
                    "-ts", str(ts)], cwd=i18n.ROOT, check=True, capture_output=True)
    assert i18n.unfinished(ts) == []


def test_compiled_translation_matches_the_source(tmp_path):
    qm = tmp_path / "zh_CN.qm"
    subprocess.run([str(i18n.BIN / "pyside6-lrelease"), str(i18n.TS), "-qm", str(qm)],
                   check=True, capture_output=True)
    committed = i18n.TS.with_suffix(".qm")
    assert committed.read_bytes() == qm.read_bytes(), "run: python tools/i18n.py"


def test_translator_turns_ui_chinese_and_english_stays_english(qtbot):
    from PySide6.QtCore import QCoreApplication
    from app.ui.shell.app import create_application
    from app.ui.common.i18n import install_translators

    app = create_application("zh_CN")
    assert QCoreApplication.translate("MainWindow", "Roster") == "居民台账"
    for tr in getattr(app, "_griddesk_translators", []):
        app.removeTranslator(tr)
    install_translators(app, "en")
    try:
        assert QCoreApplication.translate("MainWindow", "Roster") == "Roster"
    finally:
        app._griddesk_translators = install_translators(app, "zh_CN")
