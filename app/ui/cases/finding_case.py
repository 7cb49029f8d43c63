"""转为事件: a visit's finding becomes a case, with photos (the visit's own come along,
more can be added here). Once made, the dialog shows the case's number to copy; a
finding that is already a case is opened instead of reported twice (the visit's case
is the one whose report names the visit: Cases.case_of_visit)."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidgetItem, QPushButton, QStackedLayout, QVBoxLayout, QWidget,
)

from app.models.domain.case_fields import shown_number
from app.models.roster.repository import ValidationError
from app.ui.cases.quick_report import IMAGE_FILTER, PhotoDropList
from app.ui.common.messages import message
from app.ui.common.widgets import Field, photo_pixmap


def add_photo_items(cases, photo_list, field: Field, paths, shas: list[str]) -> None:
    """Store dropped or chosen photos (Cases.add_photo) and show their thumbnails;
    ``shas`` collects the stored ones, a file that is no photo is named beside the list."""
    problems = []
    for path in paths:
        try:
            sha = cases.add_photo(path)
        except ValidationError as exc:
            problems.append(f"{Path(path).name}: {message(exc.issues[0])}")
            continue
        if sha in shas:
            continue
        shas.append(sha)
        item = QListWidgetItem(QIcon(photo_pixmap(cases, sha)), Path(path).name)
        item.setData(Qt.UserRole, sha)
        photo_list.addItem(item)
    if problems:
        field.show_message("\n".join(problems))
    else:
        field.clear_message()


def pick_photo_files(parent, title: str, images: str) -> list[Path]:
    """``images``: the translated "Images (%1)" of the caller."""
    files, _ = QFileDialog.getOpenFileNames(parent, title, "",
                                            images.replace("%1", IMAGE_FILTER))
    return [Path(f) for f in files]


class FindingToCaseDialog(QDialog):
    def __init__(self, cases, visit: dict, parent=None):
        super().__init__(parent)
        self.cases, self.visit_id, self.case_id = cases, visit["id"], None
        self.photos: list[str] = []
        self.setWindowTitle(self.tr("Turn finding into a case"))
        findings = visit["findings"] or ""
        self.category = QComboBox()
        for cat in cases.categories.all():
            self.category.addItem(f"{cat.major} › {cat.name}", cat.code)
        self.title = QLineEdit(findings.splitlines()[0][:40] if findings else "")
        self.photo_list = PhotoDropList()
        self.photo_list.setMinimumHeight(110)
        self.photo_list.filesDropped.connect(self.add_photos)
        self.fields = {"category": Field(self.category), "title": Field(self.title),
                       "photos": Field(self.photo_list)}
        pick = QPushButton(self.tr("Choose photos…"))
        pick.setAutoDefault(False)
        pick.clicked.connect(lambda: self.add_photos(pick_photo_files(
            self, self.tr("Choose photos"), self.tr("Images (%1)"))))
        finding = QLabel(findings)
        finding.setWordWrap(True)
        visit_photos = len(json.loads(visit.get("photos") or "[]"))
        form = QFormLayout()
        form.addRow(self.tr("Category"), self.fields["category"])
        form.addRow(self.tr("Title"), self.fields["title"])
        form.addRow(self.tr("Finding"), finding)
        form.addRow(self.tr("Photos"), self.fields["photos"])
        form.addRow("", pick)
        if visit_photos:
            form.addRow("", QLabel(self.tr("The visit's %n photo(s) come along.", "",
                                           visit_photos)))
        self.error = QLabel()
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.report_button = buttons.button(QDialogButtonBox.Ok)
        self.report_button.setText(self.tr("Report case"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form_page = QWidget()
        col = QVBoxLayout(form_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(form)
        col.addWidget(self.error)
        col.addWidget(buttons)
        self.pages = QStackedLayout(self)
        self.pages.addWidget(form_page)
        self.pages.addWidget(self._made_page())
        self.resize(560, 420)

    def _made_page(self) -> QWidget:
        page = QWidget()
        self.made_text = QLabel()
        self.made_text.setWordWrap(True)
        self.made_number = QLabel()
        self.made_number.setObjectName("caseNumber")
        self.made_number.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.made_number.setStyleSheet("font-size: 20pt; font-weight: 600;")
        self.copy_button = QPushButton(self.tr("Copy number"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.made_number.text()))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.close_button = close
        row = QHBoxLayout()
        row.addWidget(self.made_number)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        ends = QHBoxLayout()
        ends.addStretch(1)
        ends.addWidget(close)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.made_text)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addLayout(ends)
        return page

    def add_photos(self, paths) -> None:
        add_photo_items(self.cases, self.photo_list, self.fields["photos"], paths, self.photos)

    def save(self) -> None:
        for fld in self.fields.values():
            fld.clear_message()
        self.error.setVisible(False)
        try:
            case = self.cases.from_visit(self.visit_id, title=self.title.text().strip(),
                                         category=self.category.currentData(),
                                         photos=list(self.photos))
        except ValidationError as exc:
            for issue in exc.issues:
                if issue.field in self.fields:
                    self.fields[issue.field].show_message(message(issue))
                else:
                    self.error.setText(message(issue))
                    self.error.setVisible(True)
            return
        self.case_id = case["id"]
        self.made_text.setText(self.tr("The finding is now a case. Its number:"))
        self.made_number.setText(shown_number(case))
        self.pages.setCurrentIndex(1)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
