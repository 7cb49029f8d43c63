"""单位: the organizations of the user's scope, filterable by type, 九小场所 category
and text (name, credit-code tail, address); contact phones masked; 九小场所 due for
(re-)inspection marked."""
from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from app.models.domain import places as dp
from app.models.domain import rights
from app.models.domain.rules import mask_phone
from app.models.places import stats
from app.models.places.repository import Places
from app.ui.common.i18n import label
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import ChoiceCombo, make_table
from app.ui.places.org_dialog import OrganizationDialog
from app.ui.io.places_io import PlacesImportDialog, export_places
from app.ui.places.pickers import PlaceList, bulk_fill, list_limit, percent

DUE_COLOUR = QColor("#fee2e2")


class OrganizationsPage(PlaceList, QWidget):
    changed = Signal()

    LIST = "organizations"          # the Places reader of this list (pickers.PlaceList)

    def __init__(self, places: Places, cases, *, path_prefix: str = "", can_write: bool = True,
                 parent=None):
        super().__init__(parent)
        self.places, self.cases, self.path_prefix = places, cases, path_prefix
        heading = QLabel(self.tr("Organizations"))
        heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.query = QLineEdit()
        self.query.setObjectName("orgSearch")
        self.query.setPlaceholderText(self.tr("Name, last digits of the credit code, address"))
        self.query.setClearButtonEnabled(True)
        self.kind = ChoiceCombo(dp.ORG_KINDS, blank=self.tr("All types"))
        self.category = ChoiceCombo(dp.NINE_SMALL, blank=self.tr("All categories"))
        self.due_only = QCheckBox(self.tr("Due for inspection"))
        self.new_button = QPushButton(self.tr("New organization…"))
        self.new_button.setEnabled(can_write)
        self.new_button.clicked.connect(lambda: self.open_org(None))
        bar = QHBoxLayout()
        bar.addWidget(self.query, 2)
        bar.addWidget(self.kind)
        bar.addWidget(self.category)
        bar.addWidget(self.due_only)
        bar.addStretch()
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("placesImportButton")
        self.import_button.setEnabled(can_write)
        self.import_button.clicked.connect(self.import_file)
        bar.addWidget(self.import_button)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setEnabled(rights.answer(places.actor.role, "export"))
        self.export_button.clicked.connect(self.export)
        bar.addWidget(self.export_button)
        bar.addWidget(self.new_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.listed = QLabel()
        self.table = make_table([self.tr("Name"), self.tr("Type"), self.tr("Category"),
                                 self.tr("Credit code"), self.tr("Contact phone"),
                                 self.tr("Address"), self.tr("Last inspected"),
                                 self.tr("Next due")], stretch_column=5)
        self.table.setObjectName("orgTable")
        self.table.doubleClicked.connect(
            lambda index: self.open_org(self.table.item(index.row(), 0).data(Qt.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.listed)
        layout.addWidget(self.table, 1)
        self.export_note = QLabel()
        self.export_note.setWordWrap(True)
        layout.addWidget(self.export_note)
        self.query.textChanged.connect(self.reload)
        for combo in (self.kind, self.category):
            combo.currentIndexChanged.connect(self.reload)
        self.due_only.toggled.connect(self.reload)
        self._lane = QueryLane(getattr(places.store, "open_connection", None))
        self._fill(self.places.organizations(**self._filters()))
        self.refresh()          # the indicators (and the list again) off the GUI thread

    def _filters(self) -> dict:
        """The list's filters as they stand (read on the GUI thread)."""
        return dict(path_prefix=self.path_prefix, kind=self.kind.code(),
                    category=self.category.code(), text=self.query.text(),
                    due_only=self.due_only.isChecked(), limit=list_limit(self.query.text()))

    def _fill(self, rows: list[dict]) -> None:
        with bulk_fill(self.table):
            self.table.setRowCount(len(rows))
            for r, o in enumerate(rows):
                cells = [o["name"], label(dp.ORG_KINDS.get(o["kind"])),
                         label(dp.NINE_SMALL.get(o["category"] or "")), o["credit_code"] or "",
                         mask_phone(o["contact_phone"]), o["address"] or "",
                         o["last_inspected"] or self.tr("never"), o["next_due"] or ""]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.UserRole, o["id"])
                    if o["due"]:
                        item.setBackground(DUE_COLOUR)
                    self.table.setItem(r, c, item)
        due = sum(1 for o in rows if o["due"])
        self.listed.setText(self.tr("%1 organizations listed; %2 due for inspection.")
                            .replace("%1", str(len(rows))).replace("%2", str(due)))
        self.listed.setStyleSheet("color: #b91c1c;" if due else "")

    def _summarise(self, st: stats.PlaceStats) -> None:
        """The indicators of every organization of the place: read when the page is
        refreshed or a record changed, not at every keystroke of a search."""
        self.summary.setText(
            self.tr("Small venues: %1, inspected on time %2 (%3). Hazards found %4, "
                    "turned into cases %5, closed %6.")
            .replace("%1", str(st.nine_small)).replace("%2", str(st.inspected_on_time))
            .replace("%3", percent(st.on_time_rate)).replace("%4", str(st.hazards_found))
            .replace("%5", str(st.hazards_to_cases)).replace("%6", str(st.hazards_closed)))

    def import_file(self) -> None:
        dlg = PlacesImportDialog(self.places, "organizations", parent=self)
        dlg.imported.connect(lambda _result: self.refresh())
        dlg.imported.connect(lambda _result: self.changed.emit())
        dlg.exec()

    def export(self) -> None:
        said = export_places(self, self.places, "organizations", self.path_prefix)
        if said:
            self.export_note.setText(said)

    def open_org(self, org_id: str | None) -> None:
        dlg = OrganizationDialog(self.places, self.cases, org_id, path_prefix=self.path_prefix,
                                 parent=self)
        dlg.changed.connect(self.refresh)
        dlg.changed.connect(self.changed)
        dlg.exec()
