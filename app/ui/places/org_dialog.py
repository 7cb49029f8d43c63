"""An organization (实有单位): name, 统一社会信用代码 (checked as it is typed, with
the reason beside the field), type and 九小场所 category, legal representative and
contact (the phone masked until revealed for a reason), its address, employees and
inspections; a past inspection's hazard can still be turned into a case."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QInputDialog, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
)

from app.models.domain.case_fields import shown_number
from app.models.domain import credit_code
from app.models.domain import places as dp
from app.models.domain.rules import mask_phone
from app.models.places.repository import Places
from app.models.roster.repository import ValidationError
from app.ui.common.i18n import label
from app.ui.common.messages import message
from app.ui.common.widgets import ChoiceCombo, Field, make_table
from app.ui.places.inspection_dialog import InspectionDialog
from app.ui.places.pickers import ResidentPicker, SearchList, address_finder

TEXT_FIELDS = ("name", "credit_code", "legal_rep", "contact_name", "contact_phone")


class OrganizationDialog(QDialog):
    changed = Signal()

    def __init__(self, places: Places, cases, org_id: str | None = None, *,
                 path_prefix: str = "", parent=None):
        super().__init__(parent)
        self.places, self.cases, self.org_id = places, cases, org_id
        self.phone_revealed = False
        self.setWindowTitle(self.tr("Organization") if org_id else self.tr("New organization"))
        self.edits = {k: QLineEdit() for k in TEXT_FIELDS}
        self.edits["credit_code"].setPlaceholderText(self.tr("18 characters, e.g. 91410105MA…"))
        self.edits["credit_code"].setMaxLength(24)
        self.kind = ChoiceCombo(dp.ORG_KINDS)
        self.category = ChoiceCombo(dp.NINE_SMALL, blank="—")
        self.address = SearchList(address_finder(places.conn, path_prefix),
                                  self.tr("Street, door number or estate, e.g. 红专路13号"))
        self.address_label = QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        self.fields = {k: Field(w) for k, w in self.edits.items()}
        self.fields.update(kind=Field(self.kind), category=Field(self.category),
                           address_id=Field(self.address if org_id is None else
                                            self.address_label),
                           notes=Field(self.notes))
        self.reveal = QPushButton(self.tr("Show"))
        self.reveal.clicked.connect(self.reveal_phone)
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.fields["contact_phone"], 1)
        phone_row.addWidget(self.reveal, 0, Qt.AlignTop)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.fields["name"])
        form.addRow(self.tr("Credit code"), self.fields["credit_code"])
        form.addRow(self.tr("Type"), self.fields["kind"])
        form.addRow(self.tr("Small venue category"), self.fields["category"])
        form.addRow(self.tr("Legal representative"), self.fields["legal_rep"])
        form.addRow(self.tr("Contact"), self.fields["contact_name"])
        form.addRow(self.tr("Contact phone"), phone_row)
        form.addRow(self.tr("Address"), self.fields["address_id"])
        form.addRow(self.tr("Notes"), self.fields["notes"])
        self.inspections = make_table([self.tr("Inspected on"), self.tr("Inspector"),
                                       self.tr("Hazards"), self.tr("Next due"),
                                       self.tr("Case")], stretch_column=2)
        inspect = QPushButton(self.tr("Inspect…"))
        inspect.setObjectName("inspect")
        inspect.clicked.connect(self.inspect)
        self.case_button = QPushButton(self.tr("Hazard → case"))
        self.case_button.clicked.connect(self.case_from_selected)
        self.side_message = QLabel()
        self.side_message.setWordWrap(True)
        ibuttons = QHBoxLayout()
        ibuttons.addWidget(inspect)
        ibuttons.addWidget(self.case_button)
        ibuttons.addStretch()
        self.employees = make_table([self.tr("Employee"), self.tr("Job"), self.tr("Since")],
                                    stretch_column=0)
        add_employee = QPushButton(self.tr("Add employee…"))
        add_employee.clicked.connect(self.add_employee)
        self.side = QVBoxLayout()
        ibox = QGroupBox(self.tr("Safety inspections"))
        il = QVBoxLayout(ibox)
        il.addWidget(self.inspections)
        il.addLayout(ibuttons)
        ebox = QGroupBox(self.tr("Employees"))
        el = QVBoxLayout(ebox)
        el.addWidget(self.employees)
        el.addWidget(add_employee, 0, Qt.AlignLeft)
        self.side_boxes = (ibox, ebox)
        self.side.addWidget(ibox)
        self.side.addWidget(ebox)
        self.side.addWidget(self.side_message)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch()
        columns.addLayout(left, 1)
        columns.addLayout(self.side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._category_shown)
        self.edits["credit_code"].textEdited.connect(self._check_code)
        self.resize(1000, 560)
        self.reload()

    def _category_shown(self) -> None:
        self.fields["category"].setEnabled(self.kind.code() == "nine_small")

    def _check_code(self, text: str) -> None:
        """The credit code judged as it is typed, once it has its length."""
        field = self.fields["credit_code"]
        if len(credit_code.clean(text)) < credit_code.LENGTH:
            field.clear_message()
            return
        _stored, issues = credit_code.check(text)
        field.show_message(message(issues[0]) if issues else "")

    def reload(self) -> None:
        self._category_shown()
        exists = self.org_id is not None
        for box in self.side_boxes:
            box.setEnabled(exists)
        self.reveal.setVisible(exists)
        if not exists:
            return
        o = self.places.organization(self.org_id)
        for k, edit in self.edits.items():
            edit.setText(o.get(k) or "")
        if not self.phone_revealed:
            self.edits["contact_phone"].setText(mask_phone(o.get("contact_phone")))
            self.edits["contact_phone"].setReadOnly(bool(o.get("contact_phone")))
        self.kind.set_code(o["kind"])
        self.category.set_code(o["category"])
        self.address_label.setText(o.get("address") or "")
        self.notes.setPlainText(o.get("notes") or "")
        rows = self.places.inspections(self.org_id)
        self.inspections.setRowCount(len(rows))
        for r, i in enumerate(rows):
            hazards = " · ".join(label(dp.CHECK_ITEMS.get(k)) for k in dp.hazards(i["checklist"]))
            case = self._case_number(i["case_id"])
            for c, text in enumerate([i["inspected_on"], i["inspector"] or "", hazards,
                                      i["next_due"] or "", case]):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, i["id"])
                self.inspections.setItem(r, c, item)
        emps = self.places.employees(self.org_id)
        self.employees.setRowCount(len(emps))
        for r, e in enumerate(emps):
            for c, text in enumerate([e["name"], e["job"] or "", e["since"] or ""]):
                self.employees.setItem(r, c, QTableWidgetItem(text))

    def _case_number(self, case_id: str | None) -> str:
        if not case_id:
            return ""
        try:
            return shown_number(self.cases.get(case_id))
        except LookupError:         # not on this PC yet (made elsewhere, not yet pulled)
            return case_id[:8]

    def values(self) -> dict:
        out = {k: e.text() for k, e in self.edits.items()}
        if self.org_id is not None and not self.phone_revealed and \
                self.edits["contact_phone"].isReadOnly():
            out.pop("contact_phone")          # shown masked: unchanged
        out.update(kind=self.kind.code(), category=self.category.code(),
                   notes=self.notes.toPlainText())
        return out

    def save(self) -> None:
        for f in self.fields.values():
            f.clear_message()
        values = self.values()
        try:
            if self.org_id is None:
                values["address_id"] = self.address.value()
                if values["address_id"] is None:
                    self.fields["address_id"].show_message(
                        self.tr("Find and choose the organization's address."))
                    return
                house = self.places.house_at(values["address_id"])
                if house:
                    values["house_id"] = house["id"]
                self.org_id = self.places.create_organization(values)["id"]
                self.fields["address_id"].widget.setEnabled(False)
                self.setWindowTitle(self.tr("Organization"))
            else:
                self.places.update_organization(self.org_id, values)
        except ValidationError as exc:
            for issue in exc.issues:
                (self.fields.get(issue.field) or self.fields["notes"]).show_message(
                    message(issue))
            return
        self.changed.emit()
        self.reload()

    def reveal_phone(self) -> None:
        reason, ok = QInputDialog.getText(self, self.tr("Show the full phone number"),
                                          self.tr("Why do you need it? (recorded)"))
        if not ok:
            return
        try:
            phone = self.places.reveal_phone(self.org_id, reason)
        except ValidationError as exc:
            self.fields["contact_phone"].show_message(message(exc.issues[0]))
            return
        self.phone_revealed = True
        self.edits["contact_phone"].setReadOnly(False)
        self.edits["contact_phone"].setText(phone)
        self.reveal.setEnabled(False)

    def inspect(self) -> None:
        dlg = InspectionDialog(self.places, self.cases, self.org_id, self)
        dlg.changed.connect(self.reload)
        dlg.changed.connect(self.changed)
        dlg.exec()

    def case_from_selected(self) -> None:
        item = self.inspections.item(self.inspections.currentRow(), 0)
        if item is None:
            self.side_message.setText(self.tr("Choose the inspection that found the hazard."))
            return
        try:
            case = self.places.hazard_to_case(item.data(Qt.UserRole), self.cases)
        except ValidationError as exc:
            self.side_message.setText(message(exc.issues[0]))
            return
        self.side_message.setText(self.tr("Case %1 reported.").replace("%1", shown_number(case)))
        self.reload()
        self.changed.emit()

    def add_employee(self) -> None:
        dlg = ResidentPicker(self.places.conn, self.tr("Add employee"), self.tr("Since"),
                             self.places.today.isoformat(), self)
        if dlg.exec() != QDialog.Accepted:
            return
        try:
            self.places.add_employee(self.org_id, dlg.list.value(), since=dlg.date.text())
        except ValidationError as exc:
            self.side_message.setText(message(exc.issues[0]))
            return
        self.reload()
        self.changed.emit()

