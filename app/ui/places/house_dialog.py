"""A house (实有房屋): its address, use, owner and, for a rental, landlord, 出租屋
registration and tenants with their move-in and move-out dates. The findings a
grid worker must act on (a group rental, a rental with no tenant) stand at the top."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QInputDialog, QLabel,
    QLineEdit, QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
)

from app.models.domain import places as dp
from app.models.domain.rules import mask_id, mask_phone
from app.models.places.repository import Places
from app.models.roster.repository import ValidationError
from app.ui.common.messages import message
from app.ui.common.widgets import ChoiceCombo, Field, make_table
from app.ui.places.pickers import ResidentPicker, SearchList, address_finder, finding_text

TEXT_FIELDS = ("area", "owner_name", "owner_phone", "landlord_name", "landlord_phone",
               "registration_no", "registered_on", "checked_on")


class HouseDialog(QDialog):
    changed = Signal()

    def __init__(self, places: Places, house_id: str | None = None, *, path_prefix: str = "",
                 parent=None):
        super().__init__(parent)
        self.places = places
        self.house_id = house_id
        self.setWindowTitle(self.tr("House") if house_id else self.tr("New house"))
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setStyleSheet("color: #b45309; font-weight: bold;")
        self.address = SearchList(address_finder(places.conn, path_prefix),
                                  self.tr("Street, door number, estate or room, e.g. 红专路12号"))
        self.address_label = QLabel()
        self.use = ChoiceCombo(dp.HOUSE_USES)
        self.property_type = ChoiceCombo(dp.PROPERTY_TYPES, blank="—")
        self.edits = {k: QLineEdit() for k in TEXT_FIELDS}
        self.edits["area"].setPlaceholderText(self.tr("m², e.g. 56.5"))
        for k in ("registered_on", "checked_on"):
            self.edits[k].setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(60)
        self.fields = {"address_id": Field(self.address if house_id is None else
                                           self.address_label),
                       "use": Field(self.use), "property_type": Field(self.property_type),
                       "notes": Field(self.notes)}
        self.fields.update({k: Field(w) for k, w in self.edits.items()})
        form = QFormLayout()
        form.addRow(self.tr("Address"), self.fields["address_id"])
        form.addRow(self.tr("Use"), self.fields["use"])
        form.addRow(self.tr("Property type"), self.fields["property_type"])
        form.addRow(self.tr("Floor area"), self.fields["area"])
        form.addRow(self.tr("Owner"), self.fields["owner_name"])
        form.addRow(self.tr("Owner's phone"), self.fields["owner_phone"])
        rental = QGroupBox(self.tr("Rental (出租屋登记)"))
        rform = QFormLayout(rental)
        rform.addRow(self.tr("Landlord"), self.fields["landlord_name"])
        rform.addRow(self.tr("Landlord's phone"), self.fields["landlord_phone"])
        rform.addRow(self.tr("Registration number"), self.fields["registration_no"])
        rform.addRow(self.tr("Registered on"), self.fields["registered_on"])
        rform.addRow(self.tr("Last checked on"), self.fields["checked_on"])
        form.addRow(self.tr("Notes"), self.fields["notes"])
        self.tenants = make_table([self.tr("Tenant"), self.tr("ID number"), self.tr("Phone"),
                                   self.tr("Moved in"), self.tr("Moved out")], stretch_column=0)
        self.tenants.setMinimumHeight(110)
        self.tenant_message = QLabel()
        self.tenant_message.setStyleSheet("color: #b91c1c;")
        add = QPushButton(self.tr("Add tenant…"))
        add.clicked.connect(self.add_tenant)
        self.end_button = QPushButton(self.tr("Moved out…"))
        self.end_button.clicked.connect(self.end_tenancy)
        tenant_buttons = QHBoxLayout()
        tenant_buttons.addWidget(add)
        tenant_buttons.addWidget(self.end_button)
        tenant_buttons.addWidget(self.tenant_message, 1)
        self.tenant_box = QGroupBox(self.tr("Tenants"))
        tbox = QVBoxLayout(self.tenant_box)
        tbox.addWidget(self.tenants)
        tbox.addLayout(tenant_buttons)
        box = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch()
        right = QVBoxLayout()
        right.addWidget(rental)
        right.addWidget(self.tenant_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.findings)
        layout.addLayout(columns)
        layout.addWidget(box)
        self.use.currentIndexChanged.connect(self._rental_shown)
        self.resize(980, 560)
        self.reload()

    def _rental_shown(self) -> None:
        use = dp.HOUSE_USES.get(self.use.code())
        self.tenant_box.setEnabled(self.house_id is not None)
        for k in ("landlord_name", "landlord_phone", "registration_no", "registered_on",
                  "checked_on"):
            self.fields[k].setEnabled(bool(use and use.rental))

    def reload(self) -> None:
        if self.house_id is None:
            self.findings.setVisible(False)
            self._rental_shown()
            return
        h = self.places.house(self.house_id)
        self.address_label.setText(h["address"])
        self.use.set_code(h["use"])
        self.property_type.set_code(h["property_type"])
        for k, edit in self.edits.items():
            value = h.get(k)
            edit.setText("" if value is None else (f"{value:g}" if k == "area" else str(value)))
        self.notes.setPlainText(h.get("notes") or "")
        found = self.places.findings(self.house_id)
        self.findings.setText("⚠ " + " · ".join(finding_text(f) for f in found) if found else "")
        self.findings.setVisible(bool(found))
        rows = self.places.tenants(self.house_id)
        self.tenants.setRowCount(len(rows))
        for r, t in enumerate(rows):
            cells = [t["name"], mask_id(t["id_number"]), mask_phone(t["phone"]), t["moved_in"],
                     t["moved_out"] or ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, t["id"])
                self.tenants.setItem(r, c, item)
        self.tenants.resizeColumnsToContents()
        self._rental_shown()

    def values(self) -> dict:
        out = {k: e.text() for k, e in self.edits.items()}
        out.update(use=self.use.code(), property_type=self.property_type.code(),
                   notes=self.notes.toPlainText())
        return out

    def save(self) -> None:
        for f in self.fields.values():
            f.clear_message()
        try:
            if self.house_id is None:
                address_id = self.address.value()
                if address_id is None:
                    self.fields["address_id"].show_message(
                        self.tr("Find and choose the address of the house."))
                    return
                self.house_id = self.places.create_house(address_id, self.values())["id"]
                self.setWindowTitle(self.tr("House"))
            else:
                self.places.update_house(self.house_id, self.values())
        except ValidationError as exc:
            for issue in exc.issues:
                field = self.fields.get(issue.field) or self.fields["notes"]
                field.show_message(message(issue))
            return
        self.changed.emit()
        if self.house_id and self.fields["address_id"].widget is self.address:
            # just created: stay open for its tenants
            self.fields["address_id"].widget.setEnabled(False)
        self.reload()

    def add_tenant(self) -> None:
        dlg = ResidentPicker(self.places.conn, self.tr("Add tenant"), self.tr("Moved in on"),
                             self.places.today.isoformat(), self)
        if dlg.exec() != QDialog.Accepted:
            return
        try:
            self.places.add_tenant(self.house_id, dlg.list.value(), moved_in=dlg.date.text())
        except ValidationError as exc:
            self.tenant_message.setText(message(exc.issues[0]))
            return
        self.tenant_message.clear()
        self.reload()
        self.changed.emit()

    def end_tenancy(self) -> None:
        item = self.tenants.item(self.tenants.currentRow(), 0)
        if item is None:
            self.tenant_message.setText(self.tr("Choose the tenant who moved out."))
            return
        day, ok = QInputDialog.getText(self, self.tr("Moved out"), self.tr("Moved out on"),
                                       text=self.places.today.isoformat())
        if not ok:
            return
        try:
            self.places.end_tenancy(item.data(Qt.UserRole), day)
        except ValidationError as exc:
            self.tenant_message.setText(message(exc.issues[0]))
            return
        self.tenant_message.clear()
        self.reload()
        self.changed.emit()
