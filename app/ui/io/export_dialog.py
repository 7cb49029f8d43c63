"""Roster export dialog (居民台账 导出) and saving the blank import template."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget,
)

from app.models.io import exporter
from app.models.io.source import Cancelled
from app.models.roster import search
from app.models.write.unit import ConnectionStore
from app.ui.common.i18n import current_lang
from app.ui.common.threads import run_in_thread
from app.ui.common.widgets import ERROR_STYLE
from app.ui.io import choosers
from app.ui.io.busy import BusyBar, ProgressSignals, release_frozen, without_gc_pauses, yielding
from app.ui.io.wording import count_text


def _status(widget: QWidget, text: str) -> None:
    """A passing message in the main window's status bar (nothing modal to dismiss)."""
    win = widget.window()
    if isinstance(win, QMainWindow):
        win.statusBar().showMessage(text, 10000)


class ExportDialog(QDialog):
    """Export the roster as filtered now: masked unless the role allows full values,
    watermarked and audited (the rules live in app.models.io.exporter)."""

    def __init__(self, store, actor, query: search.RosterQuery, *, include_key_tags: bool = False,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export residents"))
        self.store, self.actor, self.query = store, actor, query
        self.include_key_tags = include_key_tags
        self.result: exporter.ExportResult | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._conn = None
        self._signals = ProgressSignals(self)
        self._cancel = threading.Event()
        self._busy = False
        self.count_label = QLabel(self.tr("Counting…"))
        self.count_label.setObjectName("exportCount")
        self.full_values = QCheckBox(self.tr("Full ID numbers and phone numbers"))
        self.full_values.setObjectName("exportFull")
        allowed = exporter.may_export_full_values(actor.role)
        self.full_values.setEnabled(allowed)
        if not allowed:
            self.full_values.setText(self.full_values.text() + "  " + self.tr(
                "(your role exports masked values only)"))
        note = QLabel(self.tr("The file carries your name and the time on every page, and the "
                              "export is recorded in the audit log. Keep it safe and delete it "
                              "when it is no longer needed."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #4b5563;")
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.busy = BusyBar()
        self.busy.cancelled.connect(self._cancel.set)
        self._signals.progress.connect(self.busy.show_progress)
        self.export_button = QPushButton(self.tr("Save as…"))
        self.export_button.setObjectName("exportSave")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.full_values)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self.resize(520, 240)
        conn = self._connection()
        run_in_thread(lambda: search.count(conn, query), self._show_count, pool=self._pool)

    def _connection(self):
        if self._conn is None:
            self._conn = self.store.open_connection()
        return self._conn

    def _show_count(self, n: int) -> None:
        self.count_label.setText(self.tr("%1 resident(s) in the current list (search and filters "
                                         "as on the roster page).").replace("%1", count_text(n)))

    def export(self) -> None:
        if self._busy:
            return
        stamp = time.strftime("%Y%m%d-%H%M")
        path = choosers.choose_save_path(self, self.tr("Export residents"),
                                         self.tr("residents-%1.xlsx").replace("%1", stamp),
                                         choosers.XLSX_FILTER)
        if not path:
            return
        full = self.full_values.isChecked()
        reason = ""
        if full:
            from app.ui.roster.resident_dialog import ask_reveal_reason
            reason = ask_reveal_reason(self)
            if reason is None:
                return
        conn = self._connection()
        worker_store = ConnectionStore(conn)
        actor, query, key_tags, lang = self.actor, self.query, self.include_key_tags, current_lang()
        signals = self._signals
        cancel = self._cancel
        cancel.clear()
        last = [0.0]

        def progress(phase, done, total):
            now = time.monotonic()
            if now - last[0] >= 0.05 or done >= total:
                last[0] = now
                signals.progress.emit(phase, done, total)

        def work():
            return exporter.export_roster(worker_store, conn, query, path, actor,
                                          full_values=full, include_key_tags=key_tags, lang=lang,
                                          progress=progress, cancel=yielding(cancel.is_set),
                                          reason=reason)
        self._busy = True
        self.export_button.setEnabled(False)
        self.busy.start("export")
        self.repaint()
        run_in_thread(without_gc_pauses(work), self._done, self._failed, pool=self._pool)

    def _done(self, result: exporter.ExportResult) -> None:
        self._busy = False
        self.busy.stop()
        self.export_button.setEnabled(True)
        self.result = result
        masked = self.tr("masked") if result.masked else self.tr("full values")
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Exported %1 resident(s) (%2) to %3").replace(
            "%1", count_text(result.rows)).replace("%2", masked).replace("%3", result.path))

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.busy.stop()
        self.export_button.setEnabled(True)
        self.message.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, Cancelled):
            self.message.setText(self.tr("Cancelled: no file was written."))
        elif isinstance(exc, exporter.ExportRefused):
            self.message.setText(self.tr("Your role may not export this."))
        else:
            self.message.setText(self.tr("Not exported: %1").replace("%1", str(exc)))

    def reject(self) -> None:
        if self._busy:
            self._cancel.set()
            return
        super().reject()

    def done(self, r: int) -> None:
        self._cancel.set()
        self._pool.waitForDone()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        release_frozen()
        super().done(r)


def save_template(parent: QWidget) -> None:
    """Ask where, then write the blank import template (off the GUI thread)."""
    path = choosers.choose_save_path(
        parent, QCoreApplication.translate("ImportMessages", "Save template"),
        QCoreApplication.translate("ImportMessages", "roster template.xlsx"), choosers.XLSX_FILTER)
    if not path:
        return
    lang = current_lang()
    run_in_thread(lambda: exporter.write_template(path, lang),
                  lambda _r: _status(parent, QCoreApplication.translate(
                      "ImportMessages", "Template saved: %1").replace("%1", path)),
                  lambda exc: _status(parent, QCoreApplication.translate(
                      "ImportMessages", "The template was not saved: %1").replace("%1", str(exc))))
