"""The dialog an unexpected error shows, and the hook that brings it up.

app/crash.py writes the report; this module only tells the user, on the GUI thread,
whichever thread the exception came from. One dialog at a time: errors raised while it
is open (a paint handler failing on every repaint) are reported to file only.
"""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
)

from app import crash

log = logging.getLogger("griddesk.crash")
EXIT_AFTER_CRASH = 70  # EX_SOFTWARE: tells a launcher script the app quit on an error


class CrashDialog(QDialog):
    def __init__(self, report: Path, summary: str, parent=None):
        super().__init__(parent)
        self.report = Path(report)
        self.setWindowTitle(self.tr("GridDesk ran into a problem"))
        self.setObjectName("crashDialog")
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.SP_MessageBoxWarning).pixmap(48, 48))
        icon.setAlignment(Qt.AlignTop)
        heading = QLabel(self.tr("An unexpected error occurred."))
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        text = QLabel(self.tr(
            "Everything GridDesk reported as saved is safe: each change is saved as it is "
            "made. You can continue working, or quit and start GridDesk again.\n\n"
            "A report was written for IT. Please send them this file:"))
        text.setWordWrap(True)
        path = QLabel(str(self.report))
        path.setObjectName("crashReportPath")
        path.setTextInteractionFlags(Qt.TextSelectableByMouse)
        path.setWordWrap(True)
        path.setStyleSheet("font-family: monospace;")
        self.details = QPlainTextEdit()
        self.details.setObjectName("crashDetails")
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.details.setPlainText(self._report_text(summary))
        self.details.setVisible(False)
        self.details.setMinimumHeight(180)

        self.toggle = QPushButton(self.tr("Show details"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggle_details)
        copy = QPushButton(self.tr("Copy report"))
        copy.clicked.connect(self.copy_report)
        folder = QPushButton(self.tr("Open report folder"))
        folder.clicked.connect(self.open_folder)
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(self.tr("Continue"),
                                                 QDialogButtonBox.AcceptRole)
        self.quit_button = buttons.addButton(self.tr("Quit GridDesk"),
                                             QDialogButtonBox.DestructiveRole)
        self.continue_button.setDefault(True)
        for button in (self.toggle, copy, folder):
            button.setAutoDefault(False)  # Enter means Continue, wherever the focus is
        buttons.accepted.connect(self.accept)
        self.quit_button.clicked.connect(lambda: self.done(EXIT_AFTER_CRASH))

        body = QVBoxLayout()
        body.addWidget(heading)
        body.addWidget(text)
        body.addWidget(path)
        tools = QHBoxLayout()
        tools.addWidget(self.toggle)
        tools.addWidget(copy)
        tools.addWidget(folder)
        tools.addStretch()
        body.addLayout(tools)
        body.addWidget(self.details)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(body, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.continue_button.setFocus()

    def _report_text(self, summary: str) -> str:
        try:
            return self.report.read_text(encoding="utf-8")
        except OSError:
            return summary

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle.setText(self.tr("Hide details") if shown else self.tr("Show details"))
        self.adjustSize()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.parent)))


class CrashNotifier(QObject):
    """Lives on the GUI thread; ``crashed`` is emitted from any thread and queued here."""

    crashed = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._showing = False
        self.crashed.connect(self._show, Qt.QueuedConnection)

    def notify(self, report: Path, summary: str) -> None:
        if QThread.currentThread() is self.thread() and QThread.currentThread().loopLevel() == 0:
            # No event loop runs yet (start-up) or any more: a queued call would never
            # arrive, so show the dialog now.
            self._show(str(report), summary)
        else:
            self.crashed.emit(str(report), summary)

    @Slot(str, str)
    def _show(self, report: str, summary: str) -> None:
        if self._showing:
            return
        self._showing = True
        try:
            dialog = CrashDialog(Path(report), summary, QApplication.activeWindow())
            result = dialog.exec()
        finally:
            self._showing = False
        if result == EXIT_AFTER_CRASH:
            log.info("user quit after a crash")
            QApplication.exit(EXIT_AFTER_CRASH)


def install(app: QApplication, data_dir: Path) -> CrashNotifier:
    """Show the dialog for every uncaught exception from now on; keep the result alive."""
    notifier = CrashNotifier(app)
    crash.install(data_dir, on_crash=notifier.notify)
    return notifier
