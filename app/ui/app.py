"""Start-up: QApplication, translations, the store, the main window."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__


def _pick_font(app: QApplication) -> None:
    # Prefer a CJK-capable UI font when one is installed, so Chinese renders evenly.
    families = set(QFontDatabase.families())
    for family in ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC",
                   "WenQuanYi Micro Hei", "Source Han Sans SC"):
        if family in families:
            font = QFont(family)
            font.setPointSize(10)
            app.setFont(font)
            return


def create_application(lang: str | None) -> QApplication:
    from app.ui.i18n import DEFAULT_LANG, install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("GridDesk")
    app.setOrganizationName("GridDesk")
    app.setApplicationVersion(__version__)
    _pick_font(app)
    for old in getattr(app, "_griddesk_translators", []):  # a second call switches language
        app.removeTranslator(old)
    app._griddesk_translators = install_translators(app, lang or DEFAULT_LANG)
    return app


def open_main_window(data_dir: Path, lang: str | None, *, demo: bool = False):
    """Open the store and build the main window; returns (app, window) or raises StoreError."""
    from app.models import settings
    from app.models.store import open_store
    from app.ui.main_window import MainWindow

    store = open_store(data_dir)
    chosen = lang or os.environ.get("GRIDDESK_LANG") or settings.get(store.conn, "ui.language")
    app = create_application(chosen)
    window = MainWindow(store, demo=demo)
    return app, window


def run_app(data_dir: Path, lang: str | None, *, demo: bool = False) -> int:
    from app.models.store import StoreError

    try:
        app, window = open_main_window(Path(data_dir), lang, demo=demo)
    except StoreError as exc:
        app = create_application(lang)
        QMessageBox.critical(None, "GridDesk", QCoreApplication.translate(
            "Startup", "The local database cannot be opened:\n%1").replace("%1", str(exc)))
        return 2
    window.resize(1280, 800)
    window.show()
    return app.exec()
