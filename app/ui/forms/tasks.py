"""一表通 through the city server, on the desktop: the 一表通 tasks list of the home
page (a community's tables to fill, a publisher's tables and their progress), the
publish dialog and the progress view with the merged workbook. Every call to the
server runs off the GUI thread (app.sync.forms_client through run_task); a refusal or
a lost connection is said plainly and nothing is lost (a filled table stays saved).
"""
from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import QCoreApplication as Q
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.domain import calendar as cal
from app.models.domain import rights
from app.models.forms.merge import Return, merge
from app.models.forms.template import FormSpec
from app.sync import forms_client
from app.sync.client import AuthError, Offline, ServerRefused
from app.ui.common.i18n import current_lang
from app.ui.common.threads import run_task
from app.ui.common.widgets import DateField, make_table

IdRole = Qt.UserRole


def may_publish(roster) -> bool:
    """A supervisor of a street or a district (rights.FORM_PUBLISHERS and _KINDS)."""
    actor = roster.actor
    if actor.role not in rights.FORM_PUBLISHERS or not actor.scope_code:
        return False
    unit = roster.org_unit_by_code(actor.scope_code)
    return bool(unit) and unit.get("kind") in rights.FORM_PUBLISH_KINDS


def may_fill_tasks(roster) -> bool:
    actor = roster.actor
    if actor.role not in rights.FORM_FILLERS or not actor.scope_code:
        return False
    unit = roster.org_unit_by_code(actor.scope_code)
    return bool(unit) and unit.get("kind") == "community"


def server_error_text(exc: Exception) -> str:
    if isinstance(exc, Offline):
        return Q.translate("FormTasks", "The city server cannot be reached. Nothing was lost: "
                                        "try again when the connection is back.")
    if isinstance(exc, AuthError):
        return Q.translate("FormTasks", "Sign in to the city server again (Sync page).")
    code = getattr(exc, "code", "")
    texts = {
        "workbook.empty": Q.translate("FormTasks", "The workbook is empty."),
        "workbook.too_large": Q.translate("FormTasks", "The workbook is larger than 8 MB."),
        "workbook.not_xlsx": Q.translate("FormTasks", "This is not an .xlsx workbook."),
        "workbook.damaged": Q.translate("FormTasks", "The workbook is damaged."),
        "workbook.encrypted": Q.translate("FormTasks", "The workbook is password protected."),
        "due.invalid": Q.translate("FormTasks", "Choose a due date."),
        "due.past": Q.translate("FormTasks", "The due date lies in the past."),
        "forbidden": Q.translate("FormTasks", "Your role may not do this."),
        "not_found": Q.translate("FormTasks", "This task no longer exists."),
        "withdrawn": Q.translate("FormTasks", "A newer version of this table was published: "
                                              "fill that one."),
    }
    if code in texts:
        return texts[code]
    if code.startswith("spec."):
        return Q.translate("FormTasks", "The table's mapping is incomplete (%1).").replace(
            "%1", code)
    return Q.translate("FormTasks", "The server refused: %1").replace("%1", str(exc))


def state_text(state: str) -> str:
    return {"not_started": Q.translate("FormTasks", "Not started"),
            "submitted": Q.translate("FormTasks", "Submitted"),
            "overdue": Q.translate("FormTasks", "Overdue"),
            "late": Q.translate("FormTasks", "Submitted after the due date")}.get(state, state)


class PublishDialog(QDialog):
    """Title and due date of a table going out to the communities."""

    def __init__(self, store, spec: FormSpec, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Publish to the communities"))
        self.setObjectName("formsPublishDialog")
        self.store, self.spec = store, spec
        self.task: dict | None = None
        self.title = QLineEdit(spec.title)
        self.title.setObjectName("publishTitle")
        self.due = DateField((dt.date.today() + dt.timedelta(days=7)).isoformat())
        self.due.setObjectName("publishDue")
        self.error = QLabel()
        self.error.setObjectName("publishError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b91c1c;")
        note = QLabel(self.tr("Every community in your area receives the table with its "
                              "columns and who it lists, as a task on its home page. "
                              "Publishing the same template again replaces the earlier "
                              "version."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Due"), self.due)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("Publish"))
        self.buttons.button(QDialogButtonBox.Ok).setObjectName("publishOk")
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def send(self) -> None:
        title = self.title.text().strip()
        if not title:
            self.error.setText(self.tr("Give the table a title."))
            self.title.setFocus()
            return
        if not self.due.text():
            self.error.setText(server_error_text(ServerRefused("", code="due.invalid")))
            return
        spec, due, store = self.spec.to_dict(), self.due.text(), self.store
        self.buttons.setEnabled(False)
        self.error.setText(self.tr("Publishing…"))
        run_task(lambda: forms_client.with_client(
            store, lambda c: forms_client.publish(c, spec, title, due)),
            self._done, self._failed)

    def _done(self, task: dict) -> None:
        self.task = task
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(server_error_text(exc))


class ProgressDialog(QDialog):
    """Per community: not started, submitted (gaps, rows, when) or overdue; and the
    merged workbook of every return."""

    def __init__(self, store, roster, task: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Progress: %1").replace("%1", task["title"]))
        self.setObjectName("formsProgress")
        self.store, self.roster, self.task = store, roster, task
        self.rows: list[dict] = []
        self.merged = None
        head = QLabel(self.tr("%1 · version %2 · due %3").replace("%1", task["title"])
                      .replace("%2", str(task["version"])).replace("%3", task["due"]))
        head.setStyleSheet("font-weight: bold;")
        self.summary = QLabel()
        self.summary.setObjectName("progressSummary")
        self.table = make_table([self.tr("Community"), self.tr("State"), self.tr("Rows"),
                                 self.tr("To complete"), self.tr("Submitted")], 0,
                                key="formsProgress")
        self.table.setObjectName("progressTable")
        self.status = QLabel()
        self.status.setObjectName("progressStatus")
        self.status.setWordWrap(True)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.download = QPushButton(self.tr("Download merged workbook…"))
        self.download.setObjectName("progressDownload")
        self.download.clicked.connect(self.choose_output)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        bar = QHBoxLayout()
        bar.addWidget(refresh)
        bar.addStretch()
        bar.addWidget(self.download)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(bar)
        self.refresh()

    def refresh(self) -> None:
        store, tid = self.store, self.task["id"]
        run_task(lambda: forms_client.with_client(store, lambda c: forms_client.progress(c, tid)),
                 self.show_rows, lambda exc: self.status.setText(server_error_text(exc)))

    def show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        colors = {"submitted": "#15803d", "overdue": "#b91c1c", "late": "#b45309"}
        for i, r in enumerate(rows):
            cells = (r["unit_name"], state_text("late" if r.get("late") else r["state"]),
                     "" if r.get("rows") is None else str(r["rows"]),
                     "" if r.get("gaps") is None else str(r["gaps"]),
                     cal.shown(r.get("submitted_at")) if r.get("submitted_at") else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                shown_state = "late" if r.get("late") else r["state"]
                if c == 1 and shown_state in colors:
                    item.setForeground(QColor(colors[shown_state]))
                self.table.setItem(i, c, item)
        self.table.resizeColumnToContents(4)
        done = sum(1 for r in rows if r["state"] == "submitted")
        self.summary.setText(self.tr("%1 of %2 communities submitted, %3 overdue.")
                             .replace("%1", str(done)).replace("%2", str(len(rows)))
                             .replace("%3", str(sum(1 for r in rows if r["state"] == "overdue"))))
        self.download.setEnabled(done > 0)

    def choose_output(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the merged workbook"),
                                              f"{self.task['title']}（汇总）.xlsx",
                                              self.tr("Excel workbooks (*.xlsx)"))
        if path:
            self.download_to(path)

    def download_to(self, path: str, on_finished=None) -> None:
        store, task_id, actor = self.store, self.task["id"], self.roster.actor
        unit = self.roster.org_unit_by_code(actor.scope_code) if actor.scope_code else None
        lang = current_lang()

        def work():
            spec, got = forms_client.with_client(store, lambda c: (
                FormSpec.from_dict(forms_client.task(c, task_id)["spec"]),
                forms_client.returns(c, task_id)))
            ws = store.worker_store()
            try:
                return merge(spec, [Return(g["unit_name"], g["workbook"], g["gaps"])
                                    for g in got], path, actor, store=ws, lang=lang,
                             unit_name=unit["name"] if unit else "")
            finally:
                ws.close()

        def done(result):
            self.merged = result
            self.download.setEnabled(True)
            self.status.setText(self.tr("%1 rows of %2 communities merged into %3.")
                                .replace("%1", str(result.rows))
                                .replace("%2", str(result.communities))
                                .replace("%3", os.path.basename(result.path)))
            if on_finished:
                on_finished(result)

        def failed(exc):
            self.download.setEnabled(True)
            self.status.setText(server_error_text(exc) if isinstance(
                exc, (Offline, AuthError, ServerRefused)) else
                self.tr("The merged workbook could not be written: %1").replace("%1", str(exc)))
            if on_finished:
                on_finished(exc)

        self.download.setEnabled(False)
        self.status.setText(self.tr("Downloading and merging…"))
        run_task(work, done, failed)


class FormTasksPanel(QWidget):
    """The home page's 一表通 tab: the tables the community is asked to fill (due date,
    whether it returned them), or the publisher's tables and their progress."""
    loaded = Signal()

    def __init__(self, store, roster, open_task, parent=None):
        super().__init__(parent)
        self.setObjectName("formTasks")
        self.store, self.roster, self.open_task = store, roster, open_task
        self.tasks: list[dict] = []
        self.table = make_table([self.tr("Table"), self.tr("From"), self.tr("Version"),
                                 self.tr("Due"), self.tr("Our return")], 0,
                                key="homeFormTasks")
        self.table.setObjectName("formTasksTable")
        self.table.doubleClicked.connect(lambda i: self.open_row(i.row()))
        self.status = QLabel()
        self.status.setObjectName("formTasksStatus")
        self.status.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open and fill…"))
        self.open_button.setObjectName("formTasksOpen")
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        self.progress_button = QPushButton(self.tr("Progress…"))
        self.progress_button.setObjectName("formTasksProgress")
        self.progress_button.clicked.connect(lambda: self.show_progress(self.table.currentRow()))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(refresh)
        bar.addWidget(self.progress_button)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def refresh(self) -> None:
        self.open_button.setVisible(may_fill_tasks(self.roster))
        self.progress_button.setVisible(may_publish(self.roster))
        self.status.setText(self.tr("Loading…"))
        store = self.store
        run_task(lambda: forms_client.with_client(store, forms_client.tasks),
                 self.show_tasks, self._failed)

    def _failed(self, exc: Exception) -> None:
        self.status.setText(server_error_text(exc))
        self.loaded.emit()

    def show_tasks(self, tasks: list[dict]) -> None:
        self.tasks = [t for t in tasks if not t.get("withdrawn_at")]
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.tasks))
        today = dt.date.today().isoformat()
        for i, t in enumerate(self.tasks):
            mine = t.get("mine")
            ours = (self.tr("Submitted %1 (%2 to complete)").replace(
                "%1", cal.shown(mine["submitted_at"])).replace("%2", str(mine["gaps"]))
                if mine else (self.tr("Overdue") if t["due"] < today else self.tr("To fill")))
            for c, text in enumerate((t["title"], t.get("unit_name") or "", str(t["version"]),
                                      t["due"], ours)):
                item = QTableWidgetItem(text)
                item.setData(IdRole, t["id"])
                self.table.setItem(i, c, item)
        self.table.resizeColumnToContents(4)
        if self.tasks:
            self.table.selectRow(0)
        self.status.setText(self.tr("Tables: %1").replace("%1", str(len(self.tasks)))
                            if self.tasks else self.tr("No tables to fill."))
        self.loaded.emit()

    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.tasks) or not may_fill_tasks(self.roster):
            return
        store, tid = self.store, self.tasks[row]["id"]
        self.status.setText(self.tr("Opening…"))
        run_task(lambda: forms_client.with_client(store, lambda c: forms_client.task(c, tid)),
                 self._opened, self._failed)

    def _opened(self, task: dict) -> None:
        self.status.setText("")
        self.open_task(task)

    def show_progress(self, row: int) -> ProgressDialog | None:
        if not 0 <= row < len(self.tasks):
            return None
        dialog = ProgressDialog(self.store, self.roster, self.tasks[row], self)
        dialog.resize(900, 520)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog
