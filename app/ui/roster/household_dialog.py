"""Household view: its address, members and their relation to the head; add a
member, or move a member to another household."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
    QPushButton, QTableWidgetItem, QVBoxLayout,
)

from app.models.domain import choices as d
from app.models.roster.repository import Roster, ValidationError, age_on
from app.models.domain.rules import mask_id
from app.ui.common.i18n import label
from app.ui.common.messages import message
from app.ui.common.widgets import ChoiceCombo, Field, form_with_buttons, make_table
from app.ui.roster.household_picker import HouseholdPicker


class HouseholdDialog(QDialog):
    changed = Signal()
    openResident = Signal(str)

    def __init__(self, roster: Roster, household_id: str, parent=None):
        super().__init__(parent)
        self.roster = roster
        self.household_id = household_id
        self.setWindowTitle(self.tr("Household"))
        self.header = QLabel()
        self.header.setTextFormat(Qt.RichText)
        self.table = make_table([self.tr("Name"), self.tr("Relation to head"), self.tr("Gender"),
                                 self.tr("Age"), self.tr("ID number")], stretch_column=4)
        self.table.doubleClicked.connect(self._open_member)
        add = QPushButton(self.tr("Add member…"))
        add.clicked.connect(self.add_member)
        self.move_button = QPushButton(self.tr("Move to another household…"))
        self.move_button.clicked.connect(self.move_member)
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.move_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        hh = self.roster.household(self.household_id)
        members = self.roster.household_members(self.household_id)
        head = next((m["name"] for m in members if m["id"] == hh["head_id"]), self.tr("none"))
        self.header.setText(
            "<b>" + self.tr("Household %1").replace("%1", hh["number"]) + "</b>　"
            + (hh["address"] or "") + "<br>"
            + self.tr("Type: %1　Head: %2　Members: %3")
            .replace("%1", label(d.HOUSEHOLD_KINDS.get(hh["kind"]))).replace("%2", head)
            .replace("%3", str(len(members))))
        self.table.setRowCount(len(members))
        for r, m in enumerate(members):
            age = age_on(m["birth_date"], self.roster.today)
            cells = [m["name"], label(d.RELATIONS.get(m["relation"])),
                     label(d.GENDERS.get(m["gender"])), "" if age is None else str(age),
                     mask_id(m["id_number"])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, m["id"])
                self.table.setItem(r, c, item)
        self.move_button.setEnabled(bool(members))

    def selected_member(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0)
        return item.data(Qt.UserRole) if item else None

    def _open_member(self, index) -> None:
        item = self.table.item(index.row(), 0)
        if item:
            self.openResident.emit(item.data(Qt.UserRole))

    def add_member(self) -> None:
        from app.ui.roster.resident_dialog import ResidentDialog
        hh = self.roster.household(self.household_id)
        dlg = ResidentDialog(self.roster, household_choices=[hh], household_id=hh["id"], parent=self)
        if dlg.exec() == QDialog.Accepted:
            self.reload()
            self.changed.emit()

    def move_member(self) -> None:
        resident_id = self.selected_member()
        if not resident_id:
            self.table.selectRow(0)
            resident_id = self.selected_member()
        if not resident_id:
            return
        dlg = MoveMemberDialog(self.roster, resident_id, self)
        if dlg.exec() == QDialog.Accepted:
            self.reload()
            self.changed.emit()


class MoveMemberDialog(QDialog):
    """Pick the target household by number or address, and the new relation."""

    def __init__(self, roster: Roster, resident_id: str, parent=None):
        super().__init__(parent)
        self.roster, self.resident_id = roster, resident_id
        person = roster.resident(resident_id)
        self.setWindowTitle(self.tr("Move %1 to another household").replace("%1", person["name"]))
        self.picker = HouseholdPicker(roster, exclude=person["household_id"])
        self.query, self.results = self.picker.query, self.picker.results
        self.relation = ChoiceCombo(d.RELATIONS)
        self.relation.set_code("other")
        self.target_field = Field(self.picker)
        self.relation_field = Field(self.relation)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        form.addRow(self.tr("Household"), self.target_field)
        form.addRow(self.tr("Relation to head"), self.relation_field)
        form_with_buttons(self, form, self.save, QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.resize(560, 420)
        self.current_household = person["household_id"]

    def save(self) -> None:
        target = self.picker.current_id()
        if target is None:
            self.target_field.show_message(self.tr("Find and choose the household to move to."))
            return
        try:
            self.roster.move_member(self.resident_id, target, self.relation.code())
        except ValidationError as exc:
            self.relation_field.show_message(message(exc.issues[0]))
            return
        self.accept()
