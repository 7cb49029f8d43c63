"""五星创建's dialogs: a criterion's evidence claim (met, note, photos), a workflow step
(stars and a note), and the residents behind a figure."""
from __future__ import annotations

from pathlib import Path

import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
)

from app.models.domain.choices import TAG_TYPES
from app.models.domain.places import NINE_SMALL as NINE_SMALL_CATEGORIES
from app.models.roster.repository import ValidationError
from app.ui.common.i18n import label
from app.ui.common.messages import message
from app.ui.common.photo_view import PhotoDialog
from app.ui.common.widgets import ERROR_STYLE, make_table, photo_pixmap

IdRole = Qt.UserRole + 1
MAX_NOTE = 2000


class ClaimDialog(QDialog):
    """The community's evidence for one criterion: whether it is met, a note, and
    photos of documents or activities (through the photo path: sealed here, uploaded
    by the sync, checked by the server)."""

    def __init__(self, cases, criterion_name: str, claim: dict, *, editable: bool,
                 parent=None):
        super().__init__(parent)
        self.cases = cases
        self.setWindowTitle(self.tr("Evidence: %1").replace("%1", criterion_name))
        self.resize(560, 460)
        self.met = QCheckBox(self.tr("This criterion is met"))
        self.met.setObjectName("claimMet")
        self.met.setChecked(bool(claim.get("met")))
        self.note = QPlainTextEdit(claim.get("note") or "")
        self.note.setObjectName("claimNote")
        self.note.setPlaceholderText(self.tr("What was done, when, and where the records are"))
        self.photos = QListWidget()
        self.photos.setObjectName("claimPhotos")
        self.photos.setMaximumHeight(120)
        self.photos.setToolTip(self.tr("Double-click a photo to see it"))
        self.photos.itemDoubleClicked.connect(lambda item: self.show_photo(item.data(IdRole)))
        for sha in claim.get("photos") or []:
            self._add_item(sha)
        self.add = QPushButton(self.tr("Add photos…"))
        self.add.setObjectName("claimAddPhotos")
        self.add.clicked.connect(self.choose_photos)
        self.error = QLabel()
        self.error.setObjectName("claimError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel
                                   if editable else QDialogButtonBox.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for w in (self.met, self.note, self.add):
            w.setEnabled(editable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.met)
        layout.addWidget(QLabel(self.tr("Note:")))
        layout.addWidget(self.note, 1)
        layout.addWidget(QLabel(self.tr("Photos (scans of minutes, sign-in sheets, "
                                        "activities):")))
        layout.addWidget(self.photos)
        layout.addWidget(self.add, 0, Qt.AlignLeft)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _add_item(self, sha: str) -> None:
        item = QListWidgetItem(self.tr("Photo %1…").replace("%1", sha[:12]))
        item.setData(IdRole, sha)
        self.photos.addItem(item)

    def show_photo(self, sha: str) -> None:
        """See a photo; one taken on another desktop (the community's, for the street
        and the district) is fetched once from the city server, off the GUI thread."""
        def show(path) -> None:
            if not shiboken6.isValid(self):
                return          # closed before the download finished
            pixmap = photo_pixmap(self.cases, sha, thumb=False) if path is not None else None
            if pixmap is None or pixmap.isNull():
                self.error.setText(self.tr("The photo is not downloaded yet: sync, then try "
                                           "again."))
                return
            self.shown = PhotoDialog(pixmap, sha[:12], self)
            self.shown.open()
        if self.cases.has_photo(sha):
            show(self.cases.photo_path(sha))
        else:
            from app.ui.cases.photo_fetch import fetch_photo
            self.error.setText(self.tr("Downloading photo…"))
            fetch_photo(self.cases.store, self.cases.data_dir, sha, show, lambda _e: show(None))

    def choose_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos"), str(Path.home()),
            self.tr("Images (*.jpg *.jpeg *.png *.bmp *.heic)"))
        self.add_files(files)

    def add_files(self, files) -> None:
        for f in files:
            try:
                sha = self.cases.add_photo(f)
            except ValidationError as exc:
                self.error.setText(" ".join(message(i) for i in exc.issues))
                return
            if sha not in self.photo_list():
                self._add_item(sha)

    def photo_list(self) -> list[str]:
        return [self.photos.item(i).data(IdRole) for i in range(self.photos.count())]

    def save(self) -> None:
        note = self.note.toPlainText().strip()
        if len(note) > MAX_NOTE:
            self.error.setText(self.tr("The note is too long (at most %1 characters).")
                               .replace("%1", str(MAX_NOTE)))
            return
        if self.met.isChecked() and not note and not self.photo_list():
            self.error.setText(self.tr("A criterion claimed as met needs a note or a photo."))
            return
        self.accept()

    def claim(self) -> dict:
        return {"met": self.met.isChecked(), "note": self.note.toPlainText().strip(),
                "photos": self.photo_list()}


class StepDialog(QDialog):
    """A workflow step: the stars it agrees with (review, confirm) and a note; a
    return needs its reason."""

    def __init__(self, title: str, prompt: str, stars: list[tuple[str, str]], *,
                 note_required: bool, checked: set[str] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(480, 360)
        self.note_required = note_required
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        text = QLabel(prompt)
        text.setWordWrap(True)
        layout.addWidget(text)
        for code, name in stars:
            box = QCheckBox(name)
            box.setObjectName(f"step_{code}")
            box.setChecked(checked is None or code in checked)
            self.boxes[code] = box
            layout.addWidget(box)
        self.note = QPlainTextEdit()
        self.note.setObjectName("stepNote")
        self.note.setPlaceholderText(self.tr("Reason (required)") if note_required
                                     else self.tr("Note (optional)"))
        layout.addWidget(self.note, 1)
        self.error = QLabel()
        self.error.setObjectName("stepError")
        self.error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def check(self) -> None:
        if self.note_required and not self.note.toPlainText().strip():
            self.error.setText(self.tr("Write the reason, so the community knows what to do."))
            return
        if len(self.note.toPlainText()) > MAX_NOTE:
            self.error.setText(self.tr("The note is too long (at most %1 characters).")
                               .replace("%1", str(MAX_NOTE)))
            return
        self.accept()

    def stars(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def text(self) -> str:
        return self.note.toPlainText().strip()


class ResidentsDialog(QDialog):
    """The residents behind a figure (names, grid, address, tags, last visit: no ID
    number or phone), those short of the target first."""

    def __init__(self, title: str, rows: list[dict], short: set[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 460)
        table = make_table([self.tr("Name"), self.tr("Grid"), self.tr("Address"),
                            self.tr("Tags"), self.tr("Last visit"), self.tr("Falls short")], 2,
                           key="starsResidents", title=title)
        table.setObjectName("starsResidents")
        rows = sorted(rows, key=lambda r: r["id"] not in short)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            tags = "、".join(label(TAG_TYPES.get(t)) for t in (row["tags"] or "").split(",")
                            if t in TAG_TYPES)
            cells = [row["name"], row["grid"] or "", row["address"] or "", tags,
                     row["last_visit"] or self.tr("never"),
                     self.tr("Yes") if row["id"] in short else ""]
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)


class OrganizationsDialog(QDialog):
    """The 九小场所 behind a figure, the ones not inspected in the year first."""

    def __init__(self, title: str, rows: list[dict], short: set[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 420)
        table = make_table([self.tr("Organization"), self.tr("Category"), self.tr("Grid"),
                            self.tr("Last inspection"), self.tr("Falls short")], 0,
                           key="starsOrganizations", title=title)
        table.setObjectName("starsOrganizations")
        rows = sorted(rows, key=lambda r: r["id"] not in short)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row["name"], label(NINE_SMALL_CATEGORIES.get(row["category"])),
                     row["grid"] or "", row["last_inspection"] or self.tr("never"),
                     self.tr("Yes") if row["id"] in short else ""]
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
