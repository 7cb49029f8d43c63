"""The roster as a lazy table model.

The model holds only the matching rids (8 bytes each, in an ``array``) and a
small cache of display rows, fetched a page at a time by rid. Rids arrive by
keyset pages as the view scrolls (``canFetchMore``/``fetchMore``), so opening
a million-resident roster reads one page, and scrolling all of it costs the
rid array plus a bounded cache.
"""
from __future__ import annotations

import datetime as dt
from array import array
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from app.models.domain import choices as d
from app.models.domain.rules import mask_id, mask_phone
from app.models.roster import search
from app.models.roster.repository import age_on
from app.ui.common.i18n import label

ROW_PAGE = 100
CACHE_PAGES = 30


@dataclass(frozen=True)
class RosterRows:
    """A query's rids, read off the GUI thread and swapped into the model at once."""
    query: search.RosterQuery
    rids: array
    cursor: tuple | None


def read_rows(conn, query: search.RosterQuery, at_least: int,
              page_size: int = search.PAGE) -> RosterRows:
    """At least ``at_least`` rids of ``query`` (all if fewer), a keyset page at a time
    (worker thread, the page's own connection): a reload keeps as many rows as the
    table had, so the view stays where it was."""
    rids, cursor = array("q"), None
    while True:
        got, cursor = search.query_page(conn, query, cursor, page_size)
        rids.extend(got)
        if cursor is None or len(rids) >= at_least:
            return RosterRows(query, rids, cursor)


class RosterModel(QAbstractTableModel):
    NAME, GENDER, AGE, ID_NUMBER, PHONE, ADDRESS, RELATION, RESIDENCE, STATUS, TAGS = range(10)
    COLUMN_COUNT = 10
    RidRole = Qt.UserRole + 1
    ResidentIdRole = Qt.UserRole + 2
    HouseholdIdRole = Qt.UserRole + 3

    queryChanged = Signal()

    def __init__(self, conn, parent=None, *, include_key_tags: bool = True):
        super().__init__(parent)
        self._conn = conn
        self._query = search.RosterQuery()
        self._rids = array("q")
        self._cursor: tuple | None = None
        self._exhausted = True
        self._cache: OrderedDict[int, dict] = OrderedDict()
        self.include_key_tags = include_key_tags
        self.today = dt.date.today()
        self.page_size = search.PAGE

    # -- query ---------------------------------------------------------------
    @property
    def query(self) -> search.RosterQuery:
        return self._query

    def set_query(self, query: search.RosterQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._rids = array("q")
        self._cursor = None
        self._exhausted = False
        self._cache.clear()
        self._load_page()
        self.endResetModel()
        self.queryChanged.emit()

    def swap(self, rows: RosterRows) -> None:
        """Show rows read off the GUI thread (``read_rows``) in place of the current ones:
        one reset, no query on this thread."""
        self.beginResetModel()
        changed = rows.query != self._query
        self._query = rows.query
        self._rids = rows.rids
        self._cursor = rows.cursor
        self._exhausted = rows.cursor is None
        self._cache.clear()
        self.today = dt.date.today()
        self.endResetModel()
        if changed:
            self.queryChanged.emit()

    def _load_page(self) -> int:
        rids, self._cursor = search.query_page(self._conn, self._query, self._cursor,
                                               self.page_size)
        self._rids.extend(rids)
        self._exhausted = self._cursor is None
        return len(rids)

    def is_complete(self) -> bool:
        return self._exhausted

    def row_of(self, rid: int) -> int:
        try:
            return self._rids.index(rid)
        except ValueError:
            return -1

    # -- Qt model interface --------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or self._exhausted:
            return
        rids, cursor = search.query_page(self._conn, self._query, self._cursor, self.page_size)
        if rids:
            first = len(self._rids)
            self.beginInsertRows(QModelIndex(), first, first + len(rids) - 1)
            self._rids.extend(rids)
            # the cached display rows of a part-filled row page lack the rows just added
            self._cache.pop(first // ROW_PAGE, None)
            self.endInsertRows()
        self._cursor = cursor
        self._exhausted = cursor is None

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal or role != Qt.DisplayRole:
            return None
        return [self.tr("Name"), self.tr("Gender"), self.tr("Age"), self.tr("ID number"),
                self.tr("Phone"), self.tr("Address"), self.tr("Relation"),
                self.tr("Residence"), self.tr("Status"), self.tr("Tags")][section]

    def _row(self, row: int) -> dict | None:
        page = row // ROW_PAGE
        cached = self._cache.get(page)
        if cached is None:
            start = page * ROW_PAGE
            rids = self._rids[start:start + ROW_PAGE]
            cached = search.fetch_rows(self._conn, rids, include_key_tags=self.include_key_tags,
                                       today=self.today.isoformat())
            self._cache[page] = cached
            while len(self._cache) > CACHE_PAGES:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(page)
        return cached.get(self._rids[row])

    def record(self, row: int) -> dict | None:
        if 0 <= row < len(self._rids):
            return self._row(row)
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        rec = self._row(index.row())
        if rec is None:
            return None
        col = index.column()
        if role == Qt.DisplayRole:
            if col == self.NAME:
                return rec["name"]
            if col == self.GENDER:
                return label(d.GENDERS.get(rec["gender"]))
            if col == self.AGE:
                age = age_on(rec["birth_date"], self.today)
                return "" if age is None else str(age)
            if col == self.ID_NUMBER:
                return mask_id(rec["id_number"])
            if col == self.PHONE:
                return mask_phone(rec["phone"])
            if col == self.ADDRESS:
                return rec["address"] or ""
            if col == self.RELATION:
                return label(d.RELATIONS.get(rec["relation"]))
            if col == self.RESIDENCE:
                return label(d.RESIDENCE_TYPES.get(rec["residence_type"]))
            if col == self.STATUS:
                return label(d.RESIDENT_STATUS.get(rec["status"]))
            if col == self.TAGS:
                return self.tr(", ").join(label(d.TAG_TYPES.get(t)) for t in rec["tags"])
        elif role == Qt.ForegroundRole:
            if col == self.STATUS and rec["status"] != "living":
                return QColor("#9a3412")
        elif role == Qt.ToolTipRole and col == self.ADDRESS:
            return rec["address"]
        elif role == self.RidRole:
            return rec["rid"]
        elif role == self.ResidentIdRole:
            return rec["id"]
        elif role == self.HouseholdIdRole:
            return rec["household_id"]
        return None
