"""房屋: the houses of the user's scope, filterable by use and text, with what needs
the grid worker's attention (group rentals, rentals without a registered tenant or
registration) counted above the list and marked in it."""
from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from app.models.domain import places as dp
from app.models.domain import rights
from app.models.places import stats
from app.models.places.repository import Places
from app.ui.common.i18n import label
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import ChoiceCombo, make_table
from app.ui.places.house_dialog import HouseDialog
from app.ui.io.places_io import PlacesImportDialog, export_places
from app.ui.places.pickers import PlaceList, bulk_fill, finding_text, list_limit, percent

FINDING_COLOUR = QColor("#fef3c7")


class HousesPage(PlaceList, QWidget):
    changed = Signal()

    LIST = "houses"          # the Places reader of this list (pickers.PlaceList)

    def __init__(self, places: Places, *, path_prefix: str = "", can_write: bool = True,
                 parent=None):
        super().__init__(parent)
        self.places = places
        self.path_prefix = path_prefix
        heading = QLabel(self.tr("Houses"))
        heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.query = QLineEdit()
        self.query.setObjectName("houseSearch")
        self.query.setPlaceholderText(self.tr("Address, owner or landlord"))
        self.query.setClearButtonEnabled(True)
        self.use = ChoiceCombo(dp.HOUSE_USES, blank=self.tr("All uses"))
        self.use.setObjectName("houseUse")
        self.findings_only = QCheckBox(self.tr("Needs attention only"))
        self.new_button = QPushButton(self.tr("New house…"))
        self.new_button.setEnabled(can_write)
        self.new_button.clicked.connect(lambda: self.open_house(None))
        bar = QHBoxLayout()
        bar.addWidget(self.query, 2)
        bar.addWidget(self.use)
        bar.addWidget(self.findings_only)
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
        self.summary.setObjectName("houseSummary")
        self.summary.setWordWrap(True)
        self.table = make_table([self.tr("Address"), self.tr("Use"), self.tr("Property type"),
                                 self.tr("Area (m²)"), self.tr("Owner"), self.tr("Tenants"),
                                 self.tr("Needs attention")], stretch_column=0)
        self.table.setObjectName("houseTable")
        self.table.doubleClicked.connect(
            lambda index: self.open_house(self.table.item(index.row(), 0).data(Qt.UserRole)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.export_note = QLabel()
        self.export_note.setWordWrap(True)
        layout.addWidget(self.export_note)
        self.query.textChanged.connect(self.reload)
        self.use.currentIndexChanged.connect(self.reload)
        self.findings_only.toggled.connect(self.reload)
        self._lane = QueryLane(getattr(places.store, "open_connection", None))
        self._fill(self.places.houses(**self._filters()))
        self.refresh()          # the indicators (and the list again) off the GUI thread

    def _filters(self) -> dict:
        """The list's filters as they stand (read on the GUI thread)."""
        return dict(path_prefix=self.path_prefix, use=self.use.code(), text=self.query.text(),
                    findings_only=self.findings_only.isChecked(),
                    limit=list_limit(self.query.text()))

    def _fill(self, rows: list[dict]) -> None:
        with bulk_fill(self.table):
            self.table.setRowCount(len(rows))
            for r, h in enumerate(rows):
                cells = [h["address"], label(dp.HOUSE_USES.get(h["use"])),
                         label(dp.PROPERTY_TYPES.get(h["property_type"])),
                         "" if h["area"] is None else f"{h['area']:g}", h["owner_name"] or "",
                         str(h["tenants_now"]) if dp.HOUSE_USES.get(h["use"]) and
                         dp.HOUSE_USES[h["use"]].rental else "",
                         " · ".join(finding_text(f) for f in h["findings"])]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(Qt.UserRole, h["id"])
                    if h["findings"]:
                        item.setBackground(FINDING_COLOUR)
                    self.table.setItem(r, c, item)

    def _summarise(self, st: stats.PlaceStats) -> None:
        """Counts over every house of the place (in SQL: the list shows at most 500),
        read when the page is refreshed or a house changed, not at every keystroke."""
        text = self.tr("%1 houses, %2 rented out, %3 registered (%4).") \
            .replace("%1", str(st.houses)).replace("%2", str(st.rentals)) \
            .replace("%3", str(st.rentals_registered)).replace("%4", percent(st.registration_rate))
        counts = {"group_rental": st.group_rentals,
                  "rental_no_tenants": st.rentals_without_tenants,
                  "rental_unregistered": st.rentals - st.rentals_registered}
        counts = {k: n for k, n in counts.items() if n}
        if counts:
            text += " " + self.tr("Needs attention: %1.").replace("%1", " · ".join(
                f"{finding_text(k)} {n}" for k, n in counts.items()))
        self.summary.setStyleSheet("color: #b45309;" if counts else "")
        self.summary.setText(text)

    def import_file(self) -> None:
        dlg = PlacesImportDialog(self.places, "rentals", parent=self)
        dlg.imported.connect(lambda _result: self.refresh())
        dlg.imported.connect(lambda _result: self.changed.emit())
        dlg.exec()

    def export(self) -> None:
        said = export_places(self, self.places, "rentals", self.path_prefix)
        if said:
            self.export_note.setText(said)

    def open_house(self, house_id: str | None) -> None:
        dlg = HouseDialog(self.places, house_id, path_prefix=self.path_prefix, parent=self)
        dlg.changed.connect(self.refresh)
        dlg.changed.connect(self.changed)
        dlg.exec()
