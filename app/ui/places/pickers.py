"""Small pickers the houses and organizations dialogs share: a resident by name or
number tail, an address by its text; and the words for a house's findings."""
from __future__ import annotations

import contextlib
import functools

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QVBoxLayout, QWidget,
)

from app.models.domain.rules import mask_id
from app.models.places import repository as places_repo
from app.models.places import stats


def finding_text(code: str) -> str:
    words = {
        "group_rental": QCoreApplication.translate("Places", "Group rental"),
        "rental_no_tenants": QCoreApplication.translate("Places", "Rented out, no tenant registered"),
        "rental_unregistered": QCoreApplication.translate("Places", "Rental not registered"),
    }
    return words.get(code, code)


LIST_ROWS = 500          # the 房屋/单位 lists: rows shown for a place and filters
TYPED_ROWS = 50          # … and for a search as it is typed (the table is filled on the
                         # GUI thread at every keystroke: 500 rows take ~50 ms, 50 ~5;
                         # more than two screens, and the text narrows them)


def list_limit(text: str) -> int:
    return TYPED_ROWS if text.strip() else LIST_ROWS


@contextlib.contextmanager
def bulk_fill(table):
    """Fill a list table at a keystroke's pace: no sorting or painting while the items
    go in (a sorted table re-sorts at every item set), columns sized from the first
    screenful of rows rather than all 500."""
    sorting = table.isSortingEnabled()
    table.setSortingEnabled(False)
    table.setUpdatesEnabled(False)
    table.horizontalHeader().setResizeContentsPrecision(40)
    try:
        yield table
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
    finally:
        table.setSortingEnabled(sorting)
        table.setUpdatesEnabled(True)


def percent(rate: float | None) -> str:
    """A rate as people read it; "—" when there is nothing to divide by."""
    return "—" if rate is None else f"{rate * 100:.1f} %"



class PlaceList:
    """What the 房屋 and 单位 pages share: the first page read at once while typing,
    the whole list and its indicators read off the GUI thread after an edit or a
    pull. A page names its ``Places`` reader (``LIST``) and has ``places``, ``_lane``
    (a QueryLane), ``_filters()``, ``_fill(rows)`` and ``_summarise(stats)``."""

    LIST = ""

    def reload(self) -> None:
        """What was just typed or picked: the first page at once (GUI thread)."""
        self._lane.cancel()
        self._fill(getattr(self.places, self.LIST)(**self._filters()))

    def refresh(self) -> None:
        """After an edit or a pull: the list and the indicators read on the page's own
        connection, swapped in when read."""
        self._lane.submit(functools.partial(self._read_all, self.LIST, self._filters(),
                                            self.places), self._show_all)

    @staticmethod
    def _read_all(kind: str, filters: dict, places, conn):
        """On the lane's worker: plain values in, plain values out."""
        reader = places.reader(conn)
        return (getattr(reader, kind)(**filters),
                stats.compute(conn, filters["path_prefix"], reader.today))

    def _show_all(self, result) -> None:
        rows, st = result
        self._fill(rows)
        self._summarise(st)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._lane.close()
        super().closeEvent(event)


class SearchList(QWidget):
    """A search box over a list; ``finder(text)`` gives (label, value) pairs."""

    def __init__(self, finder, placeholder: str, parent=None):
        super().__init__(parent)
        self.finder = finder
        self.query = QLineEdit()
        self.query.setPlaceholderText(placeholder)
        self.results = QListWidget()
        self.results.setMinimumHeight(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.query.textChanged.connect(self.search)

    def search(self, text: str) -> None:
        self.results.clear()
        for label, value in self.finder(text):
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, value)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def value(self):
        item = self.results.currentItem()
        return item.data(Qt.UserRole) if item else None


def resident_finder(conn):
    def find(text):
        return [(f"{r['name']}　{mask_id(r['id_number'])}　{r['address'] or ''}", r["id"])
                for r in places_repo.find_residents(conn, text)]
    return find


def address_finder(conn, path_prefix: str = ""):
    def find(text):
        return [(a["full_name"], a["id"]) for a in
                places_repo.find_addresses(conn, text, path_prefix=path_prefix)]
    return find


class ResidentPicker(QDialog):
    """Choose a resident, with a date (moved in, or started work)."""

    def __init__(self, conn, title: str, date_label: str, today: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.list = SearchList(resident_finder(conn),
                               self.tr("Name, or the last digits of the ID number or phone"))
        self.date = QLineEdit(today)
        self.extra = QLineEdit()
        self.message = QLabel()
        self.message.setStyleSheet("color: #b91c1c;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Person"), self.list)
        form.addRow(date_label, self.date)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(self._ok)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(box)
        self.resize(520, 360)

    def _ok(self) -> None:
        if self.list.value() is None:
            self.message.setText(self.tr("Find and choose the person."))
            return
        self.accept()
