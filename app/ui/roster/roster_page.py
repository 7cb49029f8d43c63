"""居民台账: the address tree, one search box with filters, and the roster table."""
from __future__ import annotations

import functools
import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

from app.models.domain import choices as d
from app.models.domain import rules
from app.models.places.repository import Places
from app.models.io import exporter
from app.models.roster import search
from app.models.roster.repository import Roster
from app.ui.roster.address_tree import AddressTree
from app.ui.common.i18n import label
from app.ui.roster.household_dialog import HouseholdDialog
from app.ui.io.export_dialog import ExportDialog, save_template
from app.ui.io.import_wizard import ImportWizard
from app.ui.roster.resident_dialog import ResidentDialog
from app.ui.roster.roster_model import RosterModel, read_rows
from app.ui.common import tables, ui_state
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import ChoiceCombo

SEARCH_DEBOUNCE_MS = 120
ORG_HINTS = 4          # organizations named beside the count


class RosterPage(QWidget):
    dataChanged = Signal()

    def __init__(self, store, roster: Roster, parent=None, *, include_key_tags: bool = True,
                 cases=None):
        super().__init__(parent)
        self.store = store
        self.roster = roster
        self.cases = cases
        self.include_key_tags = include_key_tags
        # Off the GUI thread, each on its own connection, a newer request stopping an
        # older one: the "N residents" count of a large match, and the reload of the
        # rows shown after an edit or a pull. What the user types shows its first page
        # at once, on the GUI thread (a keyset page, ≤ 20 ms at 1M residents).
        self._count_lane = QueryLane(store.open_connection)
        self._rows_lane = QueryLane(store.open_connection, warm=False)
        # 实有单位 the search also names (name, pinyin, credit-code tail, address), found
        # off the GUI thread and listed beside the count; a click opens one
        self._org_lane = QueryLane(store.open_connection, warm=False)
        self._select_after: str | None = None

        self.search = QLineEdit()
        self.search.setObjectName("rosterSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Name, pinyin (zsf), ID/phone tail, address"))
        self.search.setToolTip(self.tr("Search the roster (Ctrl+F)"))
        tags = {k: v for k, v in d.TAG_TYPES.items() if include_key_tags or v.group != "key"}
        self.tag_filter = ChoiceCombo(tags, blank=self.tr("All tags"))
        self.residence_filter = ChoiceCombo(d.RESIDENCE_TYPES, blank=self.tr("All residence types"))
        self.status_filter = ChoiceCombo(d.RESIDENT_STATUS, blank=self.tr("All statuses"))
        self.new_button = QPushButton(self.tr("New resident"))
        self.new_button.setToolTip("Ctrl+N")
        self.household_button = QPushButton(self.tr("Household…"))
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("rosterImport")
        self.import_button.setToolTip(self.tr("Import residents from Excel (.xlsx) or CSV"))
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("rosterExport")
        self.export_button.setToolTip(self.tr("Export the residents listed now to Excel"))
        self.template_button = QPushButton(self.tr("Template…"))
        self.template_button.setObjectName("rosterTemplate")
        self.template_button.setToolTip(self.tr("Save a blank import template with a help sheet"))
        self.count_label = QLabel()
        self.count_label.setObjectName("rosterCount")
        self.org_hint = QLabel()
        self.org_hint.setObjectName("rosterOrgHint")
        self.org_hint.setTextFormat(Qt.RichText)
        self.org_hint.linkActivated.connect(self.open_organization)

        for combo in (self.tag_filter, self.residence_filter, self.status_filter):
            # the search box keeps its width at 1366 and at 150 %; choices show whole
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.tag_filter, 1)
        bar.addWidget(self.residence_filter, 1)
        bar.addWidget(self.status_filter, 1)
        bar.addWidget(self.household_button)
        bar.addWidget(self.new_button)
        transfer = QHBoxLayout()       # below the table, beside the count: the search keeps its room
        transfer.addWidget(self.count_label)
        transfer.addWidget(self.org_hint, 1)
        transfer.addWidget(self.import_button)
        transfer.addWidget(self.export_button)
        transfer.addWidget(self.template_button)

        self.model = RosterModel(store.conn, self, include_key_tags=include_key_tags)
        self.table = QTableView()
        self.table.setObjectName("rosterTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vh = self.table.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.Fixed)  # no per-row measuring over a million rows
        vh.setDefaultSectionSize(26)
        hh = self.table.horizontalHeader()
        # at 1366 the address (down to the room) gets the room, not the mostly empty tags
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(RosterModel.ADDRESS, QHeaderView.Stretch)
        hh.setMinimumSectionSize(36)
        for col, width in ((RosterModel.NAME, 72), (RosterModel.GENDER, 40), (RosterModel.AGE, 40),
                           (RosterModel.ID_NUMBER, 150), (RosterModel.PHONE, 100),
                           (RosterModel.RELATION, 64), (RosterModel.RESIDENCE, 64),
                           (RosterModel.STATUS, 44), (RosterModel.TAGS, 90)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda index: self.open_resident(
            index.data(RosterModel.ResidentIdRole)))
        # sorting (pinyin), copy, print, Enter opens, Down from the search, widths kept
        tables.kit(self.table, "roster", search=self.search, title=self.tr("Roster"))

        self.tree = AddressTree(roster)
        self.tree.setObjectName("addressTree")
        self.tree.pathSelected.connect(lambda _code: self._apply_query())

        right = QWidget()
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        rlayout.addLayout(bar)
        rlayout.addWidget(self.table)
        rlayout.addLayout(transfer)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        # the tree takes a sixth of the page (at most 220 px): the table keeps the room
        self.tree.setMinimumWidth(110)
        splitter.setSizes([160, 1100])
        ui_state.remember_splitter(splitter, "roster")
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._apply_query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.tag_filter, self.residence_filter, self.status_filter):
            combo.currentIndexChanged.connect(lambda _i: self._apply_query())
        self.new_button.clicked.connect(self.new_resident)
        self.household_button.clicked.connect(self.open_selected_household)
        self.import_button.clicked.connect(self.import_residents)
        self.export_button.clicked.connect(self.export_residents)
        self.template_button.clicked.connect(lambda: save_template(self))
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_resident)
        self._apply_query()

    # -- query ---------------------------------------------------------------
    def current_query(self) -> search.RosterQuery:
        _kind, _id, code = self.tree.current_node()
        return search.RosterQuery(
            text=self.search.text(), path_prefix=code or None, tag=self.tag_filter.code(),
            residence_type=self.residence_filter.code(), status=self.status_filter.code())

    def _apply_query(self) -> None:
        self._debounce.stop()
        self._rows_lane.cancel()   # a reload of the rows before must not land over these
        self._select_after = None
        query = self.current_query()
        self.model.set_query(query)
        self._start_count(query)
        self._find_organizations(query)

    def _find_organizations(self, query: search.RosterQuery) -> None:
        text = rules.clean_query_text(query.text)
        if not text:
            self._org_lane.cancel()
            self.org_hint.clear()
            return
        prefix = query.path_prefix or self.roster.actor.scope_code or ""
        self._org_lane.submit(functools.partial(find_organizations, text, prefix,
                                                Places(self.store, self.roster.actor)),
                              self._show_organizations, lambda _exc: self.org_hint.clear())

    def _show_organizations(self, found: list[dict]) -> None:
        if not found:
            self.org_hint.clear()
            return
        links = " · ".join(f'<a href="{o["id"]}">{html.escape(o["name"])}</a>'
                           for o in found[:ORG_HINTS])
        more = " …" if len(found) > ORG_HINTS else ""
        self.org_hint.setText(self.tr("Organizations: %1").replace("%1", links + more))

    def open_organization(self, org_id: str) -> None:
        from app.ui.places.org_dialog import OrganizationDialog
        dlg = OrganizationDialog(Places(self.store, self.roster.actor), self.cases, org_id,
                                 parent=self)
        dlg.exec()

    def _start_count(self, query: search.RosterQuery) -> None:
        if self.model.is_complete():  # everything is loaded: the count is known already
            self._count_lane.cancel()
            self._show_count(self.model.rowCount())
            return
        self.count_label.setText(self.tr("Counting…"))
        self._count_lane.submit(functools.partial(count_residents, query), self._show_count,
                                self._count_failed)

    def _show_count(self, n: int) -> None:
        if n:
            self.count_label.setText(self.tr("%n resident(s)", "", n))
            return
        self.count_label.setText(self.tr("No residents match: %1. Clear a filter to see "
                                         "more.").replace("%1", self.filters_text()))

    def filters_text(self) -> str:
        """What narrows the list now, in words (for an empty result)."""
        parts = []
        if self.search.text().strip():
            parts.append(self.tr("search “%1”").replace("%1", self.search.text().strip()))
        for combo in (self.tag_filter, self.residence_filter, self.status_filter):
            if combo.currentData() is not None:
                parts.append(combo.currentText())
        _kind, _id, code = self.tree.current_node()
        if code:
            parts.append(self.tr("under %1").replace("%1", self.tree.currentIndex().data()))
        return self.tr(", ").join(parts) if parts else self.tr("no filter")

    def _count_failed(self, exc: Exception) -> None:
        self.count_label.setText(self.tr("The residents could not be counted: %1").replace(
            "%1", str(exc)))

    def is_counting(self) -> bool:
        return self._count_lane.busy()

    def is_loading(self) -> bool:
        """A reload of the rows shown is on its way."""
        return self._rows_lane.busy()

    def set_include_key_tags(self, include: bool) -> None:
        """Key-group (重点人群) tags are shown only to roles holding 防 (domain.md §3)."""
        if include == self.include_key_tags:
            return
        self.include_key_tags = include
        self.model.include_key_tags = include
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(self.tr("All tags"), None)
        for code, tag in d.TAG_TYPES.items():
            if include or tag.group != "key":
                self.tag_filter.addItem(label(tag), code)
        self.tag_filter.blockSignals(False)
        self._apply_query()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self, select: str | None = None) -> None:
        """Read the rows shown again (after an edit, or when a sync brought changes) off
        the GUI thread, as many as are loaded now, then swap them in; the selection and
        the scroll position stay. ``select``: a resident to select once they are in."""
        self._select_after = select
        self._rows_lane.submit(functools.partial(read_rows, query=self.model.query,
                                                 at_least=max(self.model.rowCount(), 1),
                                                 page_size=self.model.page_size),
                               self._reloaded, self._reload_failed)

    def _reloaded(self, rows) -> None:
        index = self.table.currentIndex()
        keep = index.data(RosterModel.RidRole) if index.isValid() else None
        scroll = self.table.verticalScrollBar().value()
        self.model.swap(rows)
        self.table.verticalScrollBar().setValue(scroll)
        if keep is not None and self._select_after is None:
            row = self.model.row_of(keep)
            if row >= 0:
                tables.select_source_row(self.table, row)
                self.table.verticalScrollBar().setValue(scroll)
        self._start_count(rows.query)
        select, self._select_after = self._select_after, None
        if select:
            self.select_resident(select)
        self.dataChanged.emit()

    def _reload_failed(self, exc: Exception) -> None:
        self.count_label.setText(self.tr("The roster could not be read: %1").replace(
            "%1", str(exc)))

    # -- actions ---------------------------------------------------------------
    def selected_resident(self) -> dict | None:
        index = self.table.currentIndex()
        return self.model.record(tables.source_row(self.table, index.row())) \
            if index.isValid() else None

    def new_resident(self) -> None:
        kind, node_id, code = self.tree.current_node()
        households = self.roster.households_in(code) if code else []
        grids = self.roster.grids()
        if kind == "grid":
            grids.sort(key=lambda g: g["id"] != node_id)
        dlg = ResidentDialog(self.roster, household_choices=households, grid_choices=grids,
                             include_key_tags=self.include_key_tags, parent=self)
        if dlg.exec() == QDialog.Accepted:
            self.refresh(select=dlg.resident_id)

    def select_resident(self, resident_id: str) -> None:
        row = self.roster.resident(resident_id)
        r = self.model.row_of(row["rid"])
        while r < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            r = self.model.row_of(row["rid"])
        if r >= 0:
            tables.select_source_row(self.table, r)

    def open_resident(self, resident_id: str | None) -> None:
        if not resident_id:
            return
        dlg = ResidentDialog(self.roster, resident_id=resident_id,
                             include_key_tags=self.include_key_tags, cases=self.cases, parent=self)
        dlg.openHousehold.connect(self.open_household)
        dlg.exec()
        self.refresh()

    def open_selected_household(self) -> None:
        rec = self.selected_resident()
        if rec and rec["household_id"]:
            self.open_household(rec["household_id"])

    def open_household(self, household_id: str) -> None:
        dlg = HouseholdDialog(self.roster, household_id, self)
        dlg.openResident.connect(self.open_resident)
        dlg.exec()
        self.refresh()

    def import_residents(self) -> None:
        kind, node_id, _code = self.tree.current_node()
        dlg = ImportWizard(self.store, self.roster, self,
                           default_grid_id=node_id if kind == "grid" else None)
        dlg.imported.connect(lambda _result: (self.tree.reload(), self.refresh()))
        dlg.exec()

    def export_residents(self) -> None:
        if not exporter.may_export(self.roster.actor.role):
            self.count_label.setText(self.tr("Your role may not export the roster."))
            return
        ExportDialog(self.store, self.roster.actor, self.current_query(),
                     include_key_tags=self.include_key_tags, parent=self).exec()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._count_lane.close()
        self._rows_lane.close()
        self._org_lane.close()
        super().closeEvent(event)


def find_organizations(text: str, path_prefix: str, places: Places, conn) -> list[dict]:
    """Organizations the search names (worker thread; the lane passes its connection
    last): a few more than are shown, to know whether there are more."""
    return [{"id": o["id"], "name": o["name"]} for o in
            places.reader(conn).organizations(text=text, path_prefix=path_prefix,
                                              limit=ORG_HINTS + 1)]


def count_residents(query: search.RosterQuery, conn) -> int:
    """The match count (worker thread; the lane passes its connection last)."""
    return search.count(conn, query)
