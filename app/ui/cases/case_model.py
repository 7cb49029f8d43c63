"""Cases as a lazy table model: keyset pages from the case repository as the view scrolls.
Reloads (after an edit, or when a sync brought changes) are read off the GUI thread
on the page's own connection (``read_cases``) and swapped in at once (``swap``)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.models.domain import calendar
from app.models.cases.repository import Cases
from app.models.write.unit import ConnectionStore
from app.models.domain.case_fields import shown_number
from app.ui.cases.case_labels import band_color, countdown_text, level_label, state_label
from app.ui.common.i18n import label
from app.ui.common.tables import SORT_ROLE, kit


@dataclass(frozen=True)
class CaseReader:
    """What reading cases on another connection needs of the page's ``Cases``: taken on
    the GUI thread (the dictionaries are read there), used on the worker."""
    actor: object
    calendar: object
    categories: object
    now: object
    data_dir: object

    @classmethod
    def of(cls, cases) -> "CaseReader":
        return cls(cases.actor, cases.calendar, cases.categories, cases.now, cases.data_dir)

    def on(self, conn) -> Cases:
        """The case repository on ``conn`` (the worker's connection; reads only)."""
        return Cases(ConnectionStore(conn), self.actor, data_dir=self.data_dir,
                     calendar=self.calendar, categories=self.categories, now=self.now)


@dataclass(frozen=True)
class CaseRows:
    query: object
    rows: list
    cursor: int | None


def read_cases(reader: CaseReader, query, at_least: int, page: int, conn) -> CaseRows:
    """At least ``at_least`` rows of ``query`` (all if fewer; at least one page), a
    keyset page at a time (worker thread; the lane passes its connection last)."""
    cases = reader.on(conn)
    rows, cursor = cases.list(query, None, page)
    while cursor is not None and len(rows) < at_least:
        more, cursor = cases.list(query, cursor, page)
        rows.extend(more)
    return CaseRows(query, rows, cursor)


def count_queues(reader: CaseReader, conn) -> dict[str, int]:
    """The review queues' counts (worker thread)."""
    return reader.on(conn).queue_counts()


class CaseListModel(QAbstractTableModel):
    NUMBER, TITLE, CATEGORY, SOURCE, STATE, HOLDER, DEADLINE, REPORTED = range(8)
    IdRole = Qt.UserRole + 1
    LevelRole = Qt.UserRole + 2
    # seconds to the binding limit (negative: overdue; none running: last): sorting by
    # it puts the most urgent first
    UrgencyRole = Qt.UserRole + 3

    def __init__(self, cases, parent=None, *, page: int = 200):
        super().__init__(parent)
        self.cases = cases
        self.page = page
        self._rows: list[dict] = []
        self._cursor = None
        self._exhausted = True
        self._query = None
        self._unit_names: dict[str, str] = {}

    def set_query(self, query) -> None:
        self.beginResetModel()
        self._query = query
        self._rows, self._cursor = self.cases.list(query, None, self.page)
        self._exhausted = self._cursor is None
        self.endResetModel()

    @property
    def query(self):
        return self._query

    def swap(self, result: CaseRows) -> None:
        """Show rows read off the GUI thread (``read_cases``): one reset, no query here."""
        self.beginResetModel()
        self._query = result.query
        self._rows = list(result.rows)
        self._cursor = result.cursor
        self._exhausted = result.cursor is None
        self._unit_names.clear()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 8

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        rows, self._cursor = self.cases.list(self._query, self._cursor, self.page)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._exhausted = self._cursor is None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or role != Qt.DisplayRole:
            return None
        return [self.tr("Number"), self.tr("Title"), self.tr("Category"), self.tr("Source"),
                self.tr("State"), self.tr("Held by"), self.tr("Time left"),
                self.tr("Reported")][section]

    def row(self, r: int) -> dict | None:
        return self._rows[r] if 0 <= r < len(self._rows) else None

    def ids(self, rows) -> list[str]:
        return [self._rows[r]["id"] for r in rows if 0 <= r < len(self._rows)]

    def _unit_name(self, unit_id: str | None) -> str:
        if not unit_id:
            return ""
        if unit_id not in self._unit_names:
            unit = self.cases.org_unit(unit_id)
            self._unit_names[unit_id] = unit["name"] if unit else ""
        return self._unit_names[unit_id]

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        rec = self._rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            if col == self.NUMBER:
                # the short number people say; the long one is in the tooltip
                return shown_number(rec)
            if col == self.TITLE:
                return rec["title"]
            if col == self.CATEGORY:
                cat = self.cases.categories.get(rec["category"])
                return cat.name_in(self._lang()) if cat else rec["category"]
            if col == self.SOURCE:
                from app.models.domain.case_fields import SOURCES
                return label(SOURCES.get(rec["source"]))
            if col == self.STATE:
                return state_label(rec["state"])
            if col == self.HOLDER:
                return self._unit_name(rec["holder_unit_id"])
            if col == self.DEADLINE:
                if rec["state"] in ("closed", "evaluated", "rejected"):
                    return level_label(self.cases.level(rec)) if rec.get("deadline") else ""
                return countdown_text(self.cases.countdown(rec))
            if col == self.REPORTED:
                return calendar.shown(rec.get("reported_at") or rec.get("created_at"))
        elif role == Qt.ForegroundRole and col == self.DEADLINE:
            if rec["state"] in ("closed", "evaluated", "rejected"):
                return None
            return band_color(self.cases.countdown(rec))
        elif role == Qt.ToolTipRole and col == self.TITLE:
            return rec.get("description") or rec["title"]
        elif role == Qt.ToolTipRole and col == self.NUMBER:
            return "\n".join(n for n in (rec.get("short_no"), rec.get("provisional_no"),
                                         rec.get("number")) if n)
        elif role == self.UrgencyRole:
            cd = self.cases.countdown(rec)
            if cd is None:
                return float("inf")
            return (cd.left - cd.overdue).total_seconds()
        elif role == self.IdRole:
            return rec["id"]
        elif role == self.LevelRole:
            return self.cases.level(rec)
        elif role == SORT_ROLE and col in (self.DEADLINE, self.REPORTED):
            # most urgent first: by the time left (overdue below zero), not by its text
            if col == self.DEADLINE:
                left = self.cases.remaining(rec)
                return left.total_seconds() if left is not None else None
            return rec.get("reported_at") or rec.get("created_at")
        return None

    @staticmethod
    def _lang() -> str:
        from app.ui.common.i18n import current_lang
        return current_lang()


def make_case_table(model: CaseListModel, on_open, *, multi_select: bool = False,
                    key: str = "cases") -> QTableView:
    """The case table of the 事件 and 审核 pages; double-click opens the case."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.ExtendedSelection if multi_select
                           else QAbstractItemView.SingleSelection)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setAlternatingRowColors(True)
    # a case from before short numbers shows its long one: its tail (…-d3m0ca-0084) is
    # what tells it apart, so a cut text keeps both ends
    table.setTextElideMode(Qt.ElideMiddle)
    table.setWordWrap(False)     # one line per row: a wrapped number was cut twice
    header = table.verticalHeader()
    header.hide()
    header.setSectionResizeMode(QHeaderView.Fixed)
    header.setDefaultSectionSize(26)
    table.horizontalHeader().setSectionResizeMode(CaseListModel.TITLE, QHeaderView.Stretch)
    for col, width in ((CaseListModel.NUMBER, 124), (CaseListModel.CATEGORY, 100),
                       (CaseListModel.SOURCE, 80), (CaseListModel.STATE, 58),
                       (CaseListModel.HOLDER, 96), (CaseListModel.DEADLINE, 110),
                       (CaseListModel.REPORTED, 120)):
        table.setColumnWidth(col, width)
    # the time left is read whole ("受理超期 1天6小时"), never cut
    table.horizontalHeader().setSectionResizeMode(CaseListModel.DEADLINE,
                                                  QHeaderView.ResizeToContents)
    table.doubleClicked.connect(lambda index: on_open(index.data(CaseListModel.IdRole)))
    kit(table, key)              # sorting (by due time too), copy, print, Enter
    return table
