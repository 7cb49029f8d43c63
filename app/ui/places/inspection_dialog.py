"""A safety inspection of an organization (九小场所): the checklist of its category,
each item OK, a hazard or not applicable; findings; and, when something is a
hazard, one click turns it into a 消防隐患 case at the organization's address."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QVBoxLayout,
)

from app.models.domain.case_fields import shown_number
from app.models.domain import places as dp
from app.models.places.repository import Places
from app.models.roster.repository import ValidationError
from app.ui.common.i18n import label
from app.ui.common.messages import message
from app.ui.common.widgets import Field

IMAGE_FILTER = "*.jpg *.jpeg *.png *.bmp *.webp *.heic *.JPG *.JPEG *.PNG"


class InspectionDialog(QDialog):
    changed = Signal()
    caseCreated = Signal(str)

    def __init__(self, places: Places, cases, org_id: str, parent=None):
        super().__init__(parent)
        self.places, self.cases, self.org_id = places, cases, org_id
        org = places.organization(org_id)
        self.inspection_id: str | None = None
        self.setWindowTitle(self.tr("Inspect %1").replace("%1", org["name"]))
        category = dp.NINE_SMALL.get(org.get("category") or "")
        head = QLabel(f"<b>{org['name']}</b>　{label(category) if category else ''}　"
                      f"{org.get('address') or ''}")
        self.groups: dict[str, QButtonGroup] = {}
        box = QGroupBox(self.tr("Checklist"))
        grid = QGridLayout(box)
        for col, text in enumerate((self.tr("OK"), self.tr("Hazard"), self.tr("Not applicable"))):
            grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col + 1)
        for row, item in enumerate(places.checklist_for(org_id), start=1):
            grid.addWidget(QLabel(label(dp.CHECK_ITEMS[item])), row, 0)
            group = QButtonGroup(self)
            for col, result in enumerate(dp.CHECK_RESULTS):
                button = QRadioButton()
                button.setObjectName(f"check_{item}_{result}")
                button.setProperty("result", result)
                button.setChecked(result == "ok")
                group.addButton(button)
                grid.addWidget(button, row, col + 1)
            group.buttonToggled.connect(self._hazards_shown)
            self.groups[item] = group
        self.date = QLineEdit(places.today.isoformat())
        self.findings = QPlainTextEdit()
        self.findings.setPlaceholderText(self.tr("What you found, where, what was agreed"))
        self.findings.setMaximumHeight(80)
        self.date_field, self.findings_field = Field(self.date), Field(self.findings)
        self.photos: list[str] = []
        self.photo_button = QPushButton(self.tr("Add photos…"))
        self.photo_button.clicked.connect(self.pick_photos)
        self.photo_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.to_case = QPushButton(self.tr("Turn hazard into a case"))
        self.to_case.setObjectName("hazardToCase")
        self.to_case.setEnabled(False)
        self.to_case.clicked.connect(self.make_case)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.Save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.to_case)
        bottom.addStretch()
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(box)
        layout.addWidget(QLabel(self.tr("Inspected on")))
        layout.addWidget(self.date_field)
        layout.addWidget(QLabel(self.tr("Findings")))
        layout.addWidget(self.findings_field)
        photo_row = QHBoxLayout()
        photo_row.addWidget(self.photo_button)
        photo_row.addWidget(self.photo_label, 1)
        layout.addLayout(photo_row)
        layout.addWidget(self.status)
        layout.addStretch()
        layout.addLayout(bottom)
        self.resize(620, 560)

    def pick_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose photos"), "",
                                                self.tr("Images (%1)").replace("%1", IMAGE_FILTER))
        self.add_photos([Path(f) for f in files])

    def add_photos(self, paths: list[Path]) -> None:
        """Photos of what was found: stored (downscaled, sealed) and queued for upload
        like a case's; the inspection names them by their sha256."""
        problems = []
        for path in paths:
            try:
                sha = self.cases.add_photo(path)
            except ValidationError as exc:
                problems.append(f"{Path(path).name}: {message(exc.issues[0])}")
                continue
            if sha not in self.photos:
                self.photos.append(sha)
        text = self.tr("%n photo(s)", "", len(self.photos)) if self.photos else ""
        self.photo_label.setText("  ".join([text, *problems]).strip())

    def results(self) -> dict[str, str]:
        return {item: (g.checkedButton().property("result") if g.checkedButton() else "na")
                for item, g in self.groups.items()}

    def _hazards_shown(self, *_args) -> None:
        hazards = [k for k, v in self.results().items() if v == "hazard"]
        if self.inspection_id is None:
            self.status.setText(self.tr("%1 hazards marked.").replace("%1", str(len(hazards)))
                                if hazards else "")
            self.status.setStyleSheet("color: #b91c1c;" if hazards else "")

    def save(self) -> None:
        self.date_field.clear_message()
        self.findings_field.clear_message()
        try:
            insp = self.places.record_inspection(self.org_id, self.results(),
                                                 findings=self.findings.toPlainText(),
                                                 inspected_on=self.date.text(),
                                                 photos=self.photos)
        except ValidationError as exc:
            for issue in exc.issues:
                (self.date_field if issue.field == "inspected_on" else
                 self.findings_field).show_message(message(issue))
            return
        self.inspection_id = insp["id"]
        self.save_button.setEnabled(False)
        self.photo_button.setEnabled(False)
        for g in self.groups.values():
            for b in g.buttons():
                b.setEnabled(False)
        hazards = dp.hazards(insp["checklist"])
        self.status.setStyleSheet("color: #b91c1c;" if hazards else "color: #047857;")
        self.status.setText(
            self.tr("Saved. %1 hazards; re-inspect by %2.").replace("%1", str(len(hazards)))
            .replace("%2", insp["next_due"]) if hazards else
            self.tr("Saved. No hazard; next inspection by %1.").replace("%1", insp["next_due"]))
        self.to_case.setEnabled(bool(hazards))
        self.changed.emit()

    def make_case(self) -> None:
        if self.inspection_id is None:
            return
        try:
            case = self.places.hazard_to_case(self.inspection_id, self.cases)
        except ValidationError as exc:
            self.status.setText(message(exc.issues[0]))
            return
        self.to_case.setEnabled(False)
        self.status.setText(self.tr("Case %1 reported.").replace("%1", shown_number(case)))
        self.caseCreated.emit(case["id"])
        self.changed.emit()
