"""The "Export diagnostics…" action for the settings page: ask where to save, write
the zip off the GUI thread (app/diagnostics.py), say where it went; and Qt's side of
the diagnostics (``qt_facts``), which the command line's export uses too.

    button.clicked.connect(lambda: export_diagnostics(self, store.path.parent))
"""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from app.ui.common.threads import run_task


def qt_facts() -> dict:
    """Qt's side of the diagnostics: versions, plugin folder, display, font."""
    import PySide6
    from PySide6.QtCore import QLibraryInfo, qVersion

    facts = {"qt": qVersion(), "pyside6": PySide6.__version__,
             "qt_plugins": QLibraryInfo.path(QLibraryInfo.PluginsPath)}
    app = QApplication.instance()
    if app is not None:
        facts["platform_plugin"] = app.platformName()
        facts["font"] = app.font().family()
        facts["cjk_fonts"] = sorted(f for f in QFontDatabase.families() if any(
            k in f for k in ("CJK", "Hei", "YaHei", "Song", "Sans SC", "WenQuanYi")))[:20]
        screen = app.primaryScreen()
        if screen is not None:
            size = screen.size()
            facts["screen"] = f"{size.width()}x{size.height()} @{screen.devicePixelRatio()}"
    return facts


def default_target() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.DesktopLocation) or str(Path.home())
    return Path(folder) / f"GridDesk-diagnostics-{dt.datetime.now():%Y%m%d-%H%M}.zip"


_open_boxes: set = set()
TITLE = QT_TRANSLATE_NOOP("Diagnostics", "Export diagnostics")


def export_diagnostics(parent: QWidget | None, data_dir: Path, *, target: Path | None = None,
                       on_done=None):
    """Ask for a file (unless ``target``) and write the zip there in the background.
    ``on_done(path_or_exception)`` is for tests; the user gets a message either way."""
    from app import diagnostics

    title = QCoreApplication.translate("Diagnostics", TITLE)
    if target is None:
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, title, str(default_target()),
            QCoreApplication.translate("Diagnostics", "Zip files (*.zip)"))
        if not chosen:
            return None
        target = Path(chosen)
    facts = qt_facts()  # Qt is asked here, on the GUI thread

    def tell(icon, text: str) -> None:
        # open(), not exec(): the message must not block whatever the GUI does next
        box = QMessageBox(icon, title, text, QMessageBox.Ok, parent)
        box.setObjectName("diagnosticsMessage")
        box.setAttribute(Qt.WA_DeleteOnClose)
        # Without a parent nothing on the C++ side owns the box: hold it until closed.
        _open_boxes.add(box)
        box.finished.connect(lambda _result: _open_boxes.discard(box))
        box.open()

    def done(path: Path) -> None:
        tell(QMessageBox.Information, QCoreApplication.translate(
            "Diagnostics", "Diagnostics saved to:\n%1\n\nThey hold logs, versions and "
            "settings, and no resident data. Send the file to IT.").replace("%1", str(path)))
        if on_done:
            on_done(path)

    def failed(exc: Exception) -> None:
        tell(QMessageBox.Warning, QCoreApplication.translate(
            "Diagnostics", "The diagnostics could not be saved:\n%1").replace("%1", str(exc)))
        if on_done:
            on_done(exc)

    # The worker opens its own connection to the store (never the GUI thread's).
    run_task(functools.partial(diagnostics.export, data_dir, target, extra=facts), done, failed)
    return target
