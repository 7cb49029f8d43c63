"""Finding a household by number or address: 迁到其他户 and 新增居民 pick with it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.models.domain.rules import clean_query_text
from app.models.roster.repository import Roster


class HouseholdPicker(QWidget):
    """Find a household by number or address (e.g. "3号楼 501") in everything the
    user's roster holds. With nothing typed it offers ``initial`` (the households
    under the node the user stands on); ``none_text`` adds a first choice "no
    household" that is always there. 迁到其他户 and 新增居民 both pick with it."""

    changed = Signal()

    def __init__(self, roster: Roster, *, initial: list[dict] = (), exclude: str | None = None,
                 none_text: str | None = None, parent=None):
        super().__init__(parent)
        self.roster, self.exclude, self.none_text = roster, exclude, none_text
        self.initial = [hh for hh in initial if hh["id"] != exclude]
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Household number or address, e.g. 3号楼 501"))
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        self.query.textChanged.connect(self.search)
        self.results.currentItemChanged.connect(lambda *_: self.changed.emit())
        self.search("")

    def search(self, text: str) -> None:
        text = clean_query_text(text)   # NUL or a lone surrogate typed/pasted: dropped
        found = self.roster.find_households(text) if text else self.initial
        self.results.blockSignals(True)
        self.results.clear()
        if self.none_text is not None:
            item = QListWidgetItem(self.none_text)
            item.setData(Qt.UserRole, None)
            self.results.addItem(item)
        for hh in found:
            if hh["id"] == self.exclude:
                continue
            item = QListWidgetItem(f"{hh['number']}  {hh.get('address') or ''}".strip())
            item.setData(Qt.UserRole, hh["id"])
            self.results.addItem(item)
        # the first household found (not "no household") is the likely choice
        first = 1 if self.none_text is not None and self.results.count() > 1 else 0
        if self.results.count():
            self.results.setCurrentRow(first)
        self.results.blockSignals(False)
        self.changed.emit()

    def current_id(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def has_choice(self) -> bool:
        return self.results.currentItem() is not None

    def select(self, household_id: str) -> bool:
        """Choose a household by id (offering it if it is not among those listed)."""
        for row in range(self.results.count()):
            if self.results.item(row).data(Qt.UserRole) == household_id:
                self.results.setCurrentRow(row)
                return True
        hh = self.roster.household(household_id)
        if hh is None:
            return False
        self.initial.insert(0, hh)
        self.search(self.query.text())
        return self.select(household_id)
