"""Resident form (create / edit) with tags and visits.

Validation uses the shared rules in app.models.domain.rules: messages sit beside the
field they concern, and Save writes nothing until every error is fixed.
Enter saves, Esc cancels.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
    QGridLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.models.domain import choices as d
from app.models.domain import rules
from app.models.roster.repository import Roster, ValidationError
from app.ui.cases.case_detail import CaseDetailDialog
from app.ui.cases.finding_case import FindingToCaseDialog, add_photo_items, pick_photo_files
from app.ui.cases.quick_report import PhotoDropList
from app.ui.common.i18n import label
from app.ui.common.messages import message
from app.ui.common.widgets import (
    ChoiceCombo, DateField, Field, confirm, form_with_buttons, make_table,
)
from app.ui.roster.household_picker import HouseholdPicker

DATE_HINT = "YYYY-MM-DD"


REVEAL_REASONS = (QT_TRANSLATE_NOOP("RevealReason", "Verify identity for a service"),
                  QT_TRANSLATE_NOOP("RevealReason", "Contact the resident"),
                  QT_TRANSLATE_NOOP("RevealReason", "Check the record during a visit"))


def ask_reveal_reason(parent) -> str | None:
    """The reason for revealing a masked value; None if the user cancels."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QInputDialog

    choices = [QCoreApplication.translate("RevealReason", r) for r in REVEAL_REASONS]
    while True:
        text, ok = QInputDialog.getItem(
            parent, QCoreApplication.translate("RevealReason", "Why do you need the full value?"),
            QCoreApplication.translate("RevealReason", "Reason (recorded in the audit log):"),
            choices, 0, True)
        if not ok:
            return None
        if text.strip():
            return text.strip()


class ResidentForm(QWidget):
    """The fields of one resident. ``values()`` returns what was typed, by field name."""

    def __init__(self, roster: Roster, parent=None):
        super().__init__(parent)
        self.roster = roster
        self.fields: dict[str, Field] = {}
        blank = self.tr("(not set)")
        self.name = QLineEdit()
        self.name.setMaxLength(50)
        self.id_type = ChoiceCombo(d.ID_TYPES)
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("18 characters; X allowed at the end"))
        self.gender = ChoiceCombo(d.GENDERS, blank=self.tr("(from the ID number)"))
        self.birth_date = DateField(placeholder=self.tr("from the ID number"))
        self.ethnicity = ChoiceCombo(d.ETHNICITIES, blank=blank)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("mobile or 0371-…"))
        self.residence_type = ChoiceCombo(d.RESIDENCE_TYPES)
        self.status = ChoiceCombo(d.RESIDENT_STATUS)
        self.political_status = ChoiceCombo(d.POLITICAL_STATUS, blank=blank)
        self.education = ChoiceCombo(d.EDUCATION, blank=blank)
        self.marital_status = ChoiceCombo(d.MARITAL_STATUS, blank=blank)
        self.occupation = QLineEdit()
        self.work_unit = QLineEdit()
        self.registered_address = QLineEdit()
        self.moved_in_date = DateField()
        self.in_service_party_member = QCheckBox(self.tr("In-service party member (双报到)"))
        self.party_member_unit = QLineEdit()
        self.party_member_unit.setPlaceholderText(self.tr("their own work unit"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)

        left = [("name", self.tr("Name *"), self.name), ("id_type", self.tr("ID type"), self.id_type),
                ("id_number", self.tr("ID number *"), self.id_number),
                ("gender", self.tr("Gender"), self.gender), ("birth_date", self.tr("Birth date"), self.birth_date),
                ("ethnicity", self.tr("Ethnicity"), self.ethnicity), ("phone", self.tr("Phone"), self.phone),
                ("residence_type", self.tr("Residence type *"), self.residence_type),
                ("status", self.tr("Status"), self.status)]
        right = [("political_status", self.tr("Political status"), self.political_status),
                 ("education", self.tr("Education"), self.education),
                 ("marital_status", self.tr("Marital status"), self.marital_status),
                 ("occupation", self.tr("Occupation"), self.occupation),
                 ("work_unit", self.tr("Work unit"), self.work_unit),
                 ("registered_address", self.tr("Registered address"), self.registered_address),
                 ("moved_in_date", self.tr("Moved in on"), self.moved_in_date),
                 ("in_service_party_member", "", self.in_service_party_member),
                 ("party_member_unit", self.tr("Party member's unit"), self.party_member_unit)]
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.extra_rows = QFormLayout()
        # ID numbers and phones are masked by default (domain.md §6); "Show" asks why
        self._hidden: dict[str, str] = {}
        self.reveal_buttons: dict[str, QPushButton] = {}
        self.resident_id: str | None = None
        for col, rows in ((0, left), (2, right)):
            for row, (key, text, widget) in enumerate(rows):
                if key in Roster.REVEALABLE:
                    widget = self._with_reveal(key, widget)
                fld = Field(widget)
                self.fields[key] = fld
                lab = QLabel(text)
                lab.setBuddy(widget)
                grid.addWidget(lab, row, col, Qt.AlignRight | Qt.AlignTop)
                grid.addWidget(fld, row, col + 1)
        notes_field = Field(self.notes)
        self.fields["notes"] = notes_field
        notes_label = QLabel(self.tr("Notes"))
        notes_label.setBuddy(self.notes)
        # a multi-line box: label and box share their top edge, and the space the
        # dialog has to spare goes below them (not between the label and its box)
        grid.addWidget(notes_label, len(left), 0, Qt.AlignRight | Qt.AlignTop)
        grid.addWidget(notes_field, len(left), 1, 1, 3, Qt.AlignTop)
        grid.setRowStretch(len(left) + 1, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.id_number.editingFinished.connect(self._check_id)
        self.phone.editingFinished.connect(self._check_phone)
        self.id_type.currentIndexChanged.connect(self._check_id)
        self.in_service_party_member.toggled.connect(self.party_member_unit.setEnabled)
        self.party_member_unit.setEnabled(False)

    def _with_reveal(self, key: str, edit: QLineEdit) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(edit, 1)
        button = QPushButton(self.tr("Show"))
        button.setAutoDefault(False)
        button.setToolTip(self.tr("Show the full value (you will be asked why; it is logged)"))
        button.clicked.connect(lambda: self.reveal(key))
        button.hide()
        row.addWidget(button)
        box.setFocusProxy(edit)
        self.reveal_buttons[key] = button
        return box

    def reveal(self, key: str, reason: str | None = None) -> bool:
        """Ask for a reason, log the reveal, then show and allow editing the value."""
        if key not in self._hidden or self.resident_id is None:
            return False
        if reason is None:
            reason = ask_reveal_reason(self)
            if reason is None:
                return False
        try:
            value = self.roster.reveal(self.resident_id, key, reason)
        except ValidationError as exc:
            self.show_issues(exc.issues)
            return False
        edit = getattr(self, key)
        edit.setReadOnly(False)
        edit.setText(value)
        del self._hidden[key]
        self.reveal_buttons[key].hide()
        edit.setFocus()
        return True

    # -- values ---------------------------------------------------------------
    def load(self, row: dict) -> None:
        for key in ("name", "id_number", "birth_date", "phone", "occupation", "work_unit",
                    "registered_address", "moved_in_date", "party_member_unit"):
            getattr(self, key).setText(row.get(key) or "")
        self.resident_id = row.get("id")
        self._hidden.clear()
        for key, mask in (("id_number", rules.mask_id), ("phone", rules.mask_phone)):
            if row.get(key):
                self._hidden[key] = row[key]
                edit = getattr(self, key)
                edit.setText(mask(row[key]))
                edit.setReadOnly(True)
                self.reveal_buttons[key].show()
        for key in ("id_type", "gender", "ethnicity", "residence_type", "status",
                    "political_status", "education", "marital_status"):
            getattr(self, key).set_code(row.get(key))
        self.in_service_party_member.setChecked(bool(row.get("in_service_party_member")))
        self.notes.setPlainText(row.get("notes") or "")

    def values(self) -> dict:
        out = {key: getattr(self, key).text() for key in (
            "name", "id_number", "birth_date", "phone", "occupation", "work_unit",
            "registered_address", "moved_in_date", "party_member_unit")}
        out.update({key: getattr(self, key).code() for key in (
            "id_type", "gender", "ethnicity", "residence_type", "status",
            "political_status", "education", "marital_status")})
        out["in_service_party_member"] = self.in_service_party_member.isChecked()
        out["notes"] = self.notes.toPlainText()
        out.update(self._hidden)   # a value never revealed is saved unchanged
        return out

    # -- messages -------------------------------------------------------------
    def show_issues(self, issues: list[rules.Issue]) -> None:
        for fld in self.fields.values():
            fld.clear_message()
        seen = set()
        for issue in sorted(issues, key=lambda i: i.is_error, reverse=True):
            fld = self.fields.get(issue.field)
            if fld is None or issue.field in seen:
                continue
            seen.add(issue.field)
            fld.show_message(message(issue), warning=not issue.is_error)

    def focus_first_error(self, issues: list[rules.Issue]) -> None:
        order = list(self.fields)
        bad = sorted((order.index(i.field) for i in issues if i.is_error and i.field in order))
        if bad:
            self.fields[order[bad[0]]].widget.setFocus()

    def _check_id(self) -> None:
        if "id_number" in self._hidden:
            return   # masked and unchanged: nothing typed to check
        fld = self.fields["id_number"]
        text = self.id_number.text().strip()
        if self.id_type.code() != "resident_id" or not text:
            fld.clear_message()
            return
        info, issues = rules.check_id_number(text, self.roster.today)
        if rules.errors(issues):
            fld.show_message(message(rules.errors(issues)[0]))
        elif issues:     # every note (invisible characters removed, an old 15-digit ID)
            fld.show_message(" ".join(message(i) for i in issues), warning=True)
        else:
            fld.clear_message()
        if info:
            self.id_number.setText(info.number)
            if not self.birth_date.text().strip():
                self.birth_date.setText(info.birth_date.isoformat())
            if self.gender.code() is None:
                self.gender.set_code(info.gender)

    def _check_phone(self) -> None:
        if "phone" in self._hidden:
            return
        issues = rules.check_phone(self.phone.text())
        fld = self.fields["phone"]
        fld.show_message(message(issues[0]) if issues else "")


class TagsPanel(QWidget):
    changed = Signal()

    def __init__(self, roster: Roster, resident_id: str, *, include_key: bool = True, parent=None):
        super().__init__(parent)
        self.roster, self.resident_id, self.include_key = roster, resident_id, include_key
        self.table = make_table([self.tr("Tag"), self.tr("Group"), self.tr("Since"),
                                 self.tr("Until"), self.tr("Notes")], stretch_column=4)
        add = QPushButton(self.tr("Add tag…"))
        add.clicked.connect(self.add_tag)
        self.end_button = QPushButton(self.tr("End tag today"))
        self.end_button.clicked.connect(self.end_tag)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.end_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        tags = [t for t in self.roster.tags(self.resident_id)
                if self.include_key or d.TAG_TYPES[t["tag"]].group != "key"]
        self.table.setRowCount(len(tags))
        for row, tag in enumerate(tags):
            tt = d.TAG_TYPES.get(tag["tag"])
            group = self.tr("Key group") if tt and tt.group == "key" else self.tr("Care group")
            cells = [label(tt), group, tag["since"] or "", tag["until"] or "",
                     " ".join(x for x in (tag["details"], tag["notes"]) if x)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, tag["id"])
                self.table.setItem(row, col, item)

    def add_tag(self) -> None:
        dlg = TagDialog(self.roster, self.resident_id, include_key=self.include_key, parent=self)
        if dlg.exec() == QDialog.Accepted:
            self.reload()
            self.changed.emit()

    def end_tag(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None or not confirm(
                self, self.tr("End tag"),
                self.tr("End the tag “%1” today? It stays in the history.").replace(
                    "%1", item.text()), self.tr("End tag")):
            return
        self.roster.end_tag(item.data(Qt.UserRole))
        self.reload()
        self.changed.emit()


class TagDialog(QDialog):
    def __init__(self, roster: Roster, resident_id: str, *, include_key: bool = True, parent=None):
        super().__init__(parent)
        self.roster, self.resident_id = roster, resident_id
        self.setWindowTitle(self.tr("Add tag"))
        types = {k: v for k, v in d.TAG_TYPES.items() if include_key or v.group != "key"}
        self.tag = ChoiceCombo(types)
        self.since = DateField(roster.today.isoformat())
        self.until = DateField(placeholder=self.tr("open-ended"))
        self.details = QLineEdit()
        self.details.setPlaceholderText(self.tr("e.g. disability category and grade"))
        self.notes = QLineEdit()
        self.fields = {k: Field(w) for k, w in (("tag", self.tag), ("since", self.since),
                                                ("until", self.until), ("details", self.details),
                                                ("notes", self.notes))}
        form = QFormLayout()
        for key, text in (("tag", self.tr("Tag")), ("since", self.tr("Since")),
                          ("until", self.tr("Until")), ("details", self.tr("Details")),
                          ("notes", self.tr("Notes"))):
            form.addRow(text, self.fields[key])
        form_with_buttons(self, form, self.save)

    def save(self) -> None:
        try:
            self.roster.add_tag(self.resident_id, self.tag.code(), since=self.since.text(),
                                until=self.until.text(), details=self.details.text() or None,
                                notes=self.notes.text() or None)
        except ValidationError as exc:
            for fld in self.fields.values():
                fld.clear_message()
            for issue in exc.issues:
                if issue.field in self.fields:
                    self.fields[issue.field].show_message(message(issue))
            return
        self.accept()


class VisitsPanel(QWidget):
    caseCreated = Signal(str)

    def __init__(self, roster: Roster, resident_id: str, parent=None, *, cases=None):
        super().__init__(parent)
        self.roster, self.resident_id, self.cases = roster, resident_id, cases
        self.table = make_table([self.tr("Date"), self.tr("Kind"), self.tr("Visitor"),
                                 self.tr("Findings")], stretch_column=3)
        add = QPushButton(self.tr("New visit…"))
        add.clicked.connect(self.new_visit)
        self.to_case = QPushButton(self.tr("Turn finding into a case…"))
        self.to_case.setObjectName("visitToCase")
        self.to_case.clicked.connect(self.finding_to_case)
        self.to_case.setVisible(cases is not None)
        self.table.currentCellChanged.connect(lambda *_a: self._follow_selection())
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(self.to_case)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        visits = self.roster.visits(self.resident_id)
        self.table.setRowCount(len(visits))
        for r, v in enumerate(visits):
            for c, text in enumerate([v["visited_on"], label(d.VISIT_KINDS.get(v["kind"])),
                                      v["visitor"] or "", v["findings"] or ""]):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, v["id"])
                self.table.setItem(r, c, item)
        self._follow_selection()

    def _selected_visit(self) -> str | None:
        item = self.table.item(max(self.table.currentRow(), 0), 0)
        return item.data(Qt.UserRole) if item is not None else None

    def _follow_selection(self) -> None:
        """A finding already reported offers its case (查看事件), never a second one."""
        visit_id = self._selected_visit()
        made = (self.cases.case_of_visit(visit_id)
                if self.cases is not None and visit_id else None)
        self.to_case.setText(self.tr("View case") if made else
                             self.tr("Turn finding into a case…"))

    def new_visit(self) -> None:
        dlg = VisitDialog(self.roster, self.resident_id, self, cases=self.cases)
        if dlg.exec() == QDialog.Accepted:
            self.reload()

    def finding_to_case(self) -> None:
        """One click: the selected visit's finding becomes a case, linked to this resident."""
        visit_id = self._selected_visit()
        if visit_id is None or self.cases is None:
            return
        made = self.cases.case_of_visit(visit_id)
        if made is not None:
            CaseDetailDialog(self.cases, self.roster, made["id"], self).exec()
            return
        dlg = FindingToCaseDialog(self.cases, self.roster.visit(visit_id), self)
        dlg.exec()
        if dlg.case_id:
            self.caseCreated.emit(dlg.case_id)
        self._follow_selection()


class VisitDialog(QDialog):
    def __init__(self, roster: Roster, resident_id: str, parent=None, *, cases=None):
        super().__init__(parent)
        self.roster, self.resident_id, self.cases = roster, resident_id, cases
        self.photos: list[str] = []
        self.setWindowTitle(self.tr("New visit"))
        self.visited_on = DateField(roster.today.isoformat())
        self.kind = ChoiceCombo(d.VISIT_KINDS)
        self.findings = QPlainTextEdit()
        self.findings.setTabChangesFocus(True)
        self.findings.setPlaceholderText(self.tr("What you found; anything that needs follow-up"))
        self.fields = {"visited_on": Field(self.visited_on), "kind": Field(self.kind),
                       "findings": Field(self.findings)}
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.fields["visited_on"])
        form.addRow(self.tr("Kind"), self.fields["kind"])
        form.addRow(self.tr("Findings"), self.fields["findings"])
        if cases is not None:     # photos are stored by the case repository (sealed blobs)
            self.photo_list = PhotoDropList()
            self.photo_list.setMinimumHeight(110)
            self.photo_list.filesDropped.connect(self.add_photos)
            self.fields["photos"] = Field(self.photo_list)
            pick = QPushButton(self.tr("Choose photos…"))
            pick.setAutoDefault(False)
            pick.clicked.connect(lambda: self.add_photos(pick_photo_files(
                self, self.tr("Choose photos"), self.tr("Images (%1)"))))
            form.addRow(self.tr("Photos"), self.fields["photos"])
            form.addRow("", pick)
        form_with_buttons(self, form, self.save)

    def add_photos(self, paths) -> None:
        add_photo_items(self.cases, self.photo_list, self.fields["photos"], paths, self.photos)

    def save(self) -> None:
        try:
            self.roster.record_visit(resident_id=self.resident_id, visited_on=self.visited_on.text(),
                                     kind=self.kind.code(), findings=self.findings.toPlainText(),
                                     photos=self.photos)
        except ValidationError as exc:
            for issue in exc.issues:
                if issue.field in self.fields:
                    self.fields[issue.field].show_message(message(issue))
            return
        self.accept()


class ResidentDialog(QDialog):
    """Create a resident (into a household or a grid) or edit one, with its tags and visits."""

    saved = Signal(str)          # resident id
    openHousehold = Signal(str)  # household id

    def __init__(self, roster: Roster, *, resident_id: str | None = None,
                 household_choices: list[dict] | None = None, grid_choices: list[dict] | None = None,
                 household_id: str | None = None, include_key_tags: bool = True, cases=None,
                 parent=None):
        super().__init__(parent)
        self.roster = roster
        self.resident_id = resident_id
        self.setWindowTitle(self.tr("Edit resident") if resident_id else self.tr("New resident"))
        self.form = ResidentForm(roster)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, self.tr("Details"))
        layout = QVBoxLayout(self)

        self.grid = QComboBox()
        self.relation = ChoiceCombo(d.RELATIONS)
        # 户: any household of the roster can be found; with nothing typed it offers the
        # households under the node the user stands on, and "no household" (grid only)
        self.household = HouseholdPicker(roster, initial=household_choices or [],
                                         none_text=self.tr("No household (grid only)"))
        self.household.results.setMaximumHeight(110)
        self.placement_fields = {"household": Field(self.household), "grid_id": Field(self.grid),
                                 "relation": Field(self.relation)}
        if resident_id is None:
            place = QGridLayout()
            place.setHorizontalSpacing(8)
            for g in grid_choices or []:
                self.grid.addItem(g["name"], g["id"])
            if household_id:
                self.household.select(household_id)
            self.relation.set_code("other")
            for col, (text, key) in enumerate(((self.tr("Household"), "household"),
                                               (self.tr("Relation to head"), "relation"),
                                               (self.tr("Grid"), "grid_id"))):
                lab = QLabel(text)
                lab.setBuddy(self.placement_fields[key].widget)
                place.addWidget(lab, 0, 2 * col, Qt.AlignRight | Qt.AlignTop)
                place.addWidget(self.placement_fields[key], 0, 2 * col + 1, Qt.AlignTop)
            place.setColumnStretch(1, 3)
            place.setColumnStretch(3, 1)
            place.setColumnStretch(5, 1)
            self.household.changed.connect(self._placement_changed)
            self._placement_changed()
            layout.addLayout(place)
        else:
            row = roster.resident(resident_id)
            self.form.load(row)
            self.tags = TagsPanel(roster, resident_id, include_key=include_key_tags)
            self.visits = VisitsPanel(roster, resident_id, cases=cases)
            self.tabs.addTab(self.tags, self.tr("Tags"))
            self.tabs.addTab(self.visits, self.tr("Visits"))
            info = QHBoxLayout()
            address = roster.address_text(row["household_id"]) or self.tr("no household")
            info.addWidget(QLabel(self.tr("Household: %1").replace("%1", address)))
            if row["household_id"]:
                hh_button = QPushButton(self.tr("Open household…"))
                hh_button.setAutoDefault(False)
                hh_button.clicked.connect(lambda: self.openHousehold.emit(row["household_id"]))
                info.addWidget(hh_button)
            info.addStretch()
            layout.addLayout(info)
        layout.addWidget(self.tabs)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.Save).setDefault(True)
        layout.addWidget(self.buttons)
        self.resize(980, 620)
        self.form.name.setFocus()

    def _placement_changed(self) -> None:
        has_household = self.household.current_id() is not None
        self.grid.setEnabled(not has_household)
        self.relation.setEnabled(has_household)

    def save(self) -> None:
        values = self.form.values()
        _clean, issues = self.roster.validate_resident(values, resident_id=self.resident_id)
        self.form.show_issues(issues)
        if rules.errors(issues):
            self.form.focus_first_error(issues)
            return
        try:
            if self.resident_id:
                self.roster.update_resident(self.resident_id, values)
                rid = self.resident_id
            else:
                hh = self.household.current_id()
                row = self.roster.create_resident(
                    values, household_id=hh, grid_id=None if hh else self.grid.currentData(),
                    relation=self.relation.code() if hh else None)
                rid = row["id"]
        except ValidationError as exc:
            self.form.show_issues(exc.issues)
            for issue in exc.issues:
                if issue.field in self.placement_fields:
                    self.placement_fields[issue.field].show_message(message(issue))
            self.form.focus_first_error(exc.issues)
            return
        except Exception as exc:  # e.g. disk full / database locked: nothing was written
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("Not saved: %1").replace("%1", str(exc)))
            return
        self.resident_id = rid
        self.saved.emit(rid)
        self.accept()
