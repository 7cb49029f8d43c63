"""Drill-down for the houses' and organizations' figures of 统计
(app/models/reports/places_metrics.py): the rentals, 九小场所 or hazard inspections
behind a number, in a table; a double-click opens the house or the organization."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout,
)

from app.models.domain import places as dp
from app.ui.common.i18n import label
from app.ui.places.house_dialog import HouseDialog
from app.ui.places.org_dialog import OrganizationDialog


class RecordsDialog(QDialog):
    changed = Signal()

    def __init__(self, places, cases, title: str, indicator: str, rows: list[dict],
                 parent=None):
        super().__init__(parent)
        self.places, self.cases = places, cases
        self.setWindowTitle(title)
        self.rows = rows
        heading = QLabel(title)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        headers, cells = self._columns(indicator)
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setObjectName("recordsTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        for r, row in enumerate(rows):
            for c, text in enumerate(cells(row)):
                item = QTableWidgetItem(text or "")
                item.setData(Qt.UserRole, r)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda r, _c: self.open_record(r))
        count = QLabel(self.tr("%1 records. Double-click one to open it.").replace(
            "%1", f"{len(rows):,}"))
        count.setStyleSheet("color: #4b5563;")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(count)
        layout.addWidget(buttons)
        self.resize(900, 520)

    def _columns(self, indicator: str):
        if indicator == "rental_registration_rate":
            return ([self.tr("Address"), self.tr("Use"), self.tr("Owner"),
                     self.tr("Registration no."), self.tr("Registered on")],
                    lambda r: [r["address"], label(dp.HOUSE_USES.get(r["use"])), r["name"],
                               r["registration_no"], r["registered_on"]])
        if indicator == "nine_small_on_time_rate":
            return ([self.tr("Name"), self.tr("Category"), self.tr("Address"),
                     self.tr("Last inspected"), self.tr("Re-inspection due")],
                    lambda r: [r["name"], label(dp.NINE_SMALL.get(r["category"])),
                               r["address"], r["inspected_on"] or self.tr("never"),
                               r["next_due"]])
        return ([self.tr("Name"), self.tr("Address"), self.tr("Inspected on"),
                 self.tr("Hazards"), self.tr("Case")],
                lambda r: [r["name"], r["address"], r["inspected_on"], self._hazards(r),
                           r["case_number"] or self.tr("no case yet")])

    @staticmethod
    def _hazards(row: dict) -> str:
        found = dp.hazards(row["checklist"] or "{}")
        return "、".join(label(dp.CHECK_ITEMS.get(k)) or k for k in found)

    def open_record(self, r: int) -> None:
        row = self.rows[r]
        if row["kind"] == "house":
            dlg = HouseDialog(self.places, row["id"], parent=self)
        else:
            dlg = OrganizationDialog(self.places, self.cases, row["id"], parent=self)
        dlg.changed.connect(self.changed)
        dlg.exec()
