"""A database that cannot be opened: say so, and offer the newest backup. Used at
start-up (``app``) and when a known user's store turns out damaged at sign-in
(``signin_dialog``)."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("griddesk.startup")


def offer_restore(db_path: Path, reason: str) -> int:
    """Returns the exit code for the start-up (0 restored, 2 not)."""
    from app.models.store import backup

    found = backup.list_backups(db_path)
    if not found:
        QMessageBox.critical(None, "GridDesk", QCoreApplication.translate(
            "Startup", "The local database cannot be opened:\n%1").replace("%1", reason))
        return 2
    answer = QMessageBox.question(None, "GridDesk", QCoreApplication.translate(
        "Startup", "The local database cannot be opened:\n%1\n\nRestore the backup of %2? "
        "The damaged file is kept beside it.").replace("%1", reason).replace(
        "%2", found[0].name[:8]))
    if answer != QMessageBox.Yes:
        return 2
    aside = backup.restore(db_path, found[0])
    log.warning("restored %s from %s (damaged copy kept as %s)", db_path, found[0], aside)
    QMessageBox.information(None, "GridDesk", QCoreApplication.translate(
        "Startup", "The backup was restored. Start GridDesk again."))
    return 0
