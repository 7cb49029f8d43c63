"""审核: the supervisors' queues, each with a count badge; bulk accept and dispatch.

The badges and the list are read together, in one read on one connection (one
snapshot of the store), whenever anything may have changed them (an edit here, a
pull, a step taken on another page): a badge can never count a case the list does
not show."""
from __future__ import annotations

import functools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from app.models.domain import workflow
from app.models.cases.repository import CaseQuery
from app.ui.cases.case_detail import CaseDetailDialog
from app.ui.cases.case_labels import transition_error
from app.models.domain.case_fields import shown_number
from app.ui.cases.case_model import (
    CaseListModel, CaseReader, count_queues, make_case_table, read_cases,
)
from app.ui.common import tables
from app.ui.common.widgets import confirm, explain_disabled
from app.ui.common.threads import QueryLane

QUEUES = ("to_accept", "to_dispatch", "to_verify", "overdue", "extension_requests", "assigned")


class ReviewPage(QWidget):
    changed = Signal()

    def __init__(self, cases, roster, parent=None):
        super().__init__(parent)
        self.cases, self.roster = cases, roster
        self.queues = QListWidget()
        self.queues.setObjectName("reviewQueues")
        self.queues.setFixedWidth(160)
        self.queues.setStyleSheet("QListWidget::item { padding: 9px 8px; }")
        for key in QUEUES:
            item = QListWidgetItem(self.queue_name(key))
            item.setData(256, key)
            self.queues.addItem(item)
        self.model = CaseListModel(cases, self)
        self.table = make_case_table(self.model, self.open_case, multi_select=True,
                                     key="review")
        self.counts: dict[str, int] = {}
        # the badges' counts and the list, read together on the lane's connection off
        # the GUI thread, a newer request stopping an older
        self._rows_lane = QueryLane(cases.store.open_connection, warm=False)
        self.accept_button = QPushButton(self.tr("Accept selected"))
        self.dispatch_button = QPushButton(self.tr("Dispatch selected…"))
        self.accept_button.clicked.connect(self.bulk_accept)
        self.dispatch_button.clicked.connect(self.bulk_dispatch)
        self.status = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.accept_button)
        bar.addWidget(self.dispatch_button)
        bar.addWidget(self.status, 1)
        right = QVBoxLayout()
        right.addLayout(bar)
        right.addWidget(self.table)
        layout = QHBoxLayout(self)
        layout.addWidget(self.queues)
        layout.addLayout(right, 1)
        self.queues.currentRowChanged.connect(lambda _r: self.show_queue())
        self.queues.setCurrentRow(0)
        self.refresh_counts()

    def queue_name(self, key: str) -> str:
        return {"to_accept": self.tr("To accept"), "to_dispatch": self.tr("To dispatch"),
                "to_verify": self.tr("To verify"), "overdue": self.tr("Overdue"),
                "extension_requests": self.tr("Extension requests"),
                "assigned": self.tr("Assigned from above")}[key]

    def current_queue(self) -> str:
        item = self.queues.currentItem()
        return item.data(256) if item else QUEUES[0]

    def refresh_counts(self) -> None:
        """Something changed the cases (a pull, a step elsewhere): badges and list are
        read again together, so they agree."""
        self.reload()

    def _show_counts(self, counts: dict) -> None:
        self.counts = counts
        for i, key in enumerate(QUEUES):
            self.queues.item(i).setText(f"{self.queue_name(key)}  ({counts.get(key, 0)})")

    def is_counting(self) -> bool:
        return self._rows_lane.busy()

    def is_loading(self) -> bool:
        return self._rows_lane.busy()

    def show_queue(self) -> None:
        queue = self.current_queue()
        self._rows_lane.cancel()     # a reload of the list before must not land over this
        self.model.set_query(CaseQuery(queue=queue))
        self.accept_button.setVisible(queue == "to_accept")
        self.dispatch_button.setVisible(queue == "to_dispatch")
        role = self.cases.actor.role
        self.accept_button.setEnabled(role in workflow.TRANSITIONS["accept"][1])
        self.dispatch_button.setEnabled(role in workflow.TRANSITIONS["dispatch"][1])
        self.status.setText(explain_disabled(self.accept_button, self.dispatch_button))

    def refresh(self) -> None:
        self.reload()
        self.changed.emit()

    def reload(self) -> None:
        """Counts and list read again off the GUI thread (after an edit or a pull), in
        one read: the badges and the rows shown come from the same moment."""
        query = self.model.query if self.model.query is not None else \
            CaseQuery(queue=self.current_queue())
        self._rows_lane.submit(functools.partial(read_queue, CaseReader.of(self.cases), query,
                                                 self.model.rowCount(), self.model.page),
                               self._show_queue_read)

    def _show_queue_read(self, result: tuple) -> None:
        counts, rows = result
        self._show_counts(counts)
        if rows.query == self.model.query or self.model.query is None:
            self.model.swap(rows)

    def selected_ids(self) -> list[str]:
        return self.model.ids(tables.source_rows(self.table))

    def _bulk(self, action: str, ids: list[str], **data) -> None:
        done, failed = 0, []
        for case_id in ids:
            try:
                self.cases.act(case_id, action, **data)
                done += 1
            except workflow.TransitionError as exc:
                failed.append(f"{shown_number(self.cases.get(case_id))}: "
                              f"{transition_error(exc.code)}")
        self.status.setText(self.tr("%n case(s) done", "", done))
        if failed:
            QMessageBox.warning(self, self.tr("Some cases were not changed"), "\n".join(failed))
        self.refresh()

    def bulk_accept(self) -> None:
        ids = self.selected_ids()
        if ids and confirm(self, self.tr("Accept cases"), self.tr(
                "Accept %n case(s)? Their clocks start now.", "", len(ids)),
                self.tr("Accept")):
            self._bulk("accept", ids)

    def bulk_dispatch(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Dispatch %n case(s)", "", len(ids)))
        target = QComboBox()
        for dept in self.roster.departments():
            target.addItem(dept["name"], dept["id"])
        form = QFormLayout(dlg)
        form.addRow(self.tr("Handled by"), target)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(dlg.accept)
        buttons.rejected.connect(dlg.reject)
        form.addRow(buttons)
        if dlg.exec() == QDialog.Accepted and target.currentData():
            self._bulk("dispatch", ids, unit=target.currentData())

    def open_case(self, case_id: str | None) -> None:
        if not case_id:
            return
        dlg = CaseDetailDialog(self.cases, self.roster, case_id, self)
        dlg.changed.connect(self.refresh)
        dlg.exec()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._rows_lane.close()
        super().closeEvent(event)


def read_queue(reader: CaseReader, query, at_least: int, page: int, conn) -> tuple:
    """The queues' counts and the rows of ``query``, read in one transaction on the
    worker's connection (one snapshot: the badge and the list agree)."""
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        return count_queues(reader, conn), read_cases(reader, query, at_least, page, conn)
    finally:
        if began:
            conn.execute("COMMIT")
