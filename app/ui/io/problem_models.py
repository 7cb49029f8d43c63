"""The preview's two tables: the problems of a file and the people already in the
roster to update or skip."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from app.models.domain import rules
from app.models.io.normalise import as_excel_shows, cell_text
from app.models.io.plan import Analysis, Plan, RowResult, issue_column
from app.models.io.xlsx import column_letter
from app.ui.io.wording import field_label, import_message


class ProblemsModel(QAbstractTableModel):
    """Row, column, value and reason of every problem; worded only when shown."""

    ROW, COLUMN, VALUE, REASON = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[tuple] = []      # (row result, issue)
        self._analysis = None

    def set_items(self, analysis: Analysis | None, items: list[tuple]) -> None:
        self.beginResetModel()
        self._analysis = analysis
        self._items = items
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 4

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt name
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Problem")][section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, issue = self._items[index.row()]
        col = issue_column(self._analysis, issue)
        if role == Qt.DisplayRole:
            if index.column() == self.ROW:
                return str(row.number)
            if index.column() == self.COLUMN:
                if col is None:
                    return self.tr("(no column: %1)").replace("%1", field_label(issue.field))
                head = self._analysis.layout.headers[col] if col < len(
                    self._analysis.layout.headers) else ""
                return f"{column_letter(col)}  {head}".strip()
            if index.column() == self.VALUE:
                if col is None or col >= len(row.cells):
                    return ""
                text = cell_text(row.cells[col])
                if isinstance(row.cells[col], float) and abs(row.cells[col]) >= 1e15:
                    text = as_excel_shows(row.cells[col])
                key = self._analysis.mapping.get(col)
                if key == "id_number" and issue.field != "id_number":
                    return rules.mask_id(text)
                if key == "phone" and issue.field != "phone":
                    return rules.mask_phone(text)
                return text
            if index.column() == self.REASON:
                return import_message(issue)
        if role == Qt.ToolTipRole and index.column() == self.REASON:
            return import_message(issue)
        if role == Qt.ForegroundRole and index.column() == self.REASON:
            from PySide6.QtGui import QColor
            return QColor("#b91c1c") if issue.is_error else QColor("#b45309")
        return None


class DecideModel(QAbstractTableModel):
    """People already in the roster, for the user to update or skip one by one."""

    ROW, NAME, ID, CHANGES, DECISION = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[RowResult] = []
        self.decisions: dict[int, str] = {}

    def set_rows(self, rows: list[RowResult], decisions: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.decisions = decisions
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 5

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt name
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return [self.tr("Row"), self.tr("Name"), self.tr("ID number"),
                    self.tr("What the file changes"), self.tr("Decision")][section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role != Qt.DisplayRole:
            return None
        row = self.rows[index.row()]
        c = index.column()
        if c == self.ROW:
            return str(row.number)
        if c == self.NAME:
            existing = row.existing["name"] if row.existing else ""
            return row.name if existing == row.name else f"{row.name} ({existing})"
        if c == self.ID:
            return rules.mask_id(row.id_number)
        if c == self.CHANGES:
            keys = list(row.changes) + [k for k in row.placement() if k not in ("grid_id", "path")]
            names = {"household_id": self.tr("household"), "relation": field_label("relation")}
            return "、".join(names.get(k) or field_label(k) for k in keys) or self.tr("nothing")
        if c == self.DECISION:
            choice = self.decisions.get(row.number)
            return {"update": self.tr("Update"), "skip": self.tr("Skip")}.get(
                choice, self.tr("(decide)"))
        return None

    def decide(self, numbers: list[int], choice: str) -> None:
        for n in numbers:
            self.decisions[n] = choice
        if self.rows:
            self.dataChanged.emit(self.index(0, self.DECISION),
                                  self.index(len(self.rows) - 1, self.DECISION))


def problem_items(plan: Plan, cancel=None) -> list[tuple]:
    """(row, issue) for every problem and warning, in file order. Pure Python: built in the
    worker thread, so a file with 100,000 problems costs the GUI thread nothing."""
    items = []
    for i, (row, issues) in enumerate(plan.problems()):
        if cancel and i % 256 == 0:
            cancel()
        items += [(row, issue) for issue in issues]
    for i, row in enumerate(plan.create + plan.update):
        if cancel and i % 256 == 0:
            cancel()
        if row.issues:
            items += [(row, issue) for issue in row.issues]
    items.sort(key=lambda item: item[0].number)
    return items
