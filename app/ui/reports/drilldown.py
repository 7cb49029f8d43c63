"""Drill-down: the cases behind a figure, in the case table the 事件 page uses."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from app.models.reports import report
from app.ui.cases.case_detail import CaseDetailDialog
from app.ui.cases.case_model import CaseListModel, make_case_table


class CaseIdsModel(CaseListModel):
    """The case list model over a fixed list of case ids, loaded a page at a time."""

    def __init__(self, cases, ids: list[str], parent=None, *, page: int = 200):
        super().__init__(cases, parent, page=page)
        self.case_ids = list(ids)
        self._next = 0
        self.set_query(None)

    def _take(self) -> list[dict]:
        chunk = self.case_ids[self._next:self._next + self.page]
        self._next += len(chunk)
        return report.case_rows(self.cases.conn, chunk)

    def set_query(self, query) -> None:
        self.beginResetModel()
        self._next = 0
        self._rows = self._take()
        self._exhausted = self._next >= len(self.case_ids)
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(None)

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt name
        if self._exhausted:
            return
        rows = self._take()
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._exhausted = self._next >= len(self.case_ids)


class DrillDownDialog(QDialog):
    """A titled list of cases; double-click opens one."""

    changed = Signal()

    def __init__(self, cases, roster, title: str, ids: list[str], parent=None):
        super().__init__(parent)
        self.cases, self.roster = cases, roster
        self.setWindowTitle(title)
        self.resize(1100, 560)
        heading = QLabel(title)
        heading.setObjectName("drillTitle")
        heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        heading.setWordWrap(True)
        count = QLabel(self.tr("%n case(s); double-click one to open it.", "", len(ids)))
        count.setObjectName("drillCount")
        count.setStyleSheet("color: #4b5563;")
        self.model = CaseIdsModel(cases, ids, self)
        self.table = make_case_table(self.model, self.open_case, key="drilldown")
        self.table.table_kit.title = title
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(count)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def open_case(self, case_id: str | None) -> None:
        if not case_id:
            return
        dlg = CaseDetailDialog(self.cases, self.roster, case_id, self)
        dlg.changed.connect(self._changed)
        dlg.exec()

    def _changed(self) -> None:
        self.model.refresh()
        self.changed.emit()
