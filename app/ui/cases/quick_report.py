"""随手拍 quick report: drop or pick photos, choose a category, place it by the
address tree or by text, save. One screen, a few seconds."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton,
    QSizePolicy, QVBoxLayout, QWidget,
)

from app.models.domain import addresses
from app.models.places import repository as places_repo
from app.models.roster.repository import ValidationError
from app.ui.roster.address_tree import AddressTree
from app.ui.common.messages import message
from app.ui.common.widgets import Field, photo_pixmap

IMAGE_FILTER = "*.jpg *.jpeg *.png *.bmp *.webp *.heic *.JPG *.JPEG *.PNG"


class PhotoDropList(QListWidget):
    """Thumbnails of the chosen photos; files can be dropped onto it."""

    filesDropped = Signal(list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setViewMode(QListWidget.IconMode)
        self.setIconSize(QSize(96, 96))
        self.setResizeMode(QListWidget.Adjust)
        self.setAcceptDrops(True)
        self.setMinimumHeight(130)

    def dragEnterEvent(self, event):  # noqa: N802 - Qt name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event):  # noqa: N802 - Qt name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802 - Qt name
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.filesDropped.emit(paths)
            event.acceptProposedAction()


class QuickReportDialog(QDialog):
    def __init__(self, cases, roster, *, grid_choices: list[dict], parent=None):
        super().__init__(parent)
        self.cases = cases
        self.roster = roster
        self.case_id: str | None = None
        self.photos: list[str] = []          # sha256 of photos already stored
        self.setWindowTitle(self.tr("Quick report"))

        self.photo_list = PhotoDropList()
        pick = QPushButton(self.tr("Choose photos…"))
        pick.setAutoDefault(False)
        pick.clicked.connect(self.pick_photos)
        self.photo_list.filesDropped.connect(self.add_photos)
        self.photo_field = Field(self.photo_list)
        hint = QLabel(self.tr("Drop photos here, or choose them."))
        hint.setStyleSheet("color: #6b7280;")

        self.major = QComboBox()
        self.minor = QComboBox()
        for major in self.cases.categories.majors():
            self.major.addItem(major, major)
        self.major.currentIndexChanged.connect(self._fill_minor)
        self._fill_minor()
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("Short title; the category name if left empty"))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.urgent = QComboBox()
        self.urgent.addItem(self.tr("Normal"), "normal")
        self.urgent.addItem(self.tr("Urgent"), "urgent")
        self.grid = QComboBox()
        for g in grid_choices:
            self.grid.addItem(g["name"], g["id"])
        self.tree = AddressTree(roster)
        self.tree.setMinimumHeight(150)
        self.tree.pathSelected.connect(self._place_from_tree)
        self.location_text = QLineEdit()
        self.location_text.setPlaceholderText(self.tr("Or describe the place, e.g. 经三路与农业路交叉口东北角"))
        self.address_id: str | None = None

        self.fields = {"category": Field(self.minor), "title": Field(self.title),
                       "grid_id": Field(self.grid), "location_text": Field(self.location_text),
                       "description": Field(self.description)}
        self.fields["description"].setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        form = QFormLayout()
        cat_row = QHBoxLayout()
        cat_row.addWidget(self.major, 1)
        cat_row.addWidget(self.fields["category"], 2)
        form.addRow(self.tr("Category"), cat_row)
        form.addRow(self.tr("Title"), self.fields["title"])
        form.addRow(self.tr("Description"), self.fields["description"])
        form.addRow(self.tr("Urgency"), self.urgent)
        form.addRow(self.tr("Grid"), self.fields["grid_id"])
        form.addRow(self.tr("Place"), self.tree)
        form.addRow("", self.fields["location_text"])

        left = QVBoxLayout()
        left.addWidget(hint)
        left.addWidget(self.photo_field, 1)
        left.addWidget(pick, 0, Qt.AlignLeft)
        body = QHBoxLayout()
        lw = QWidget()
        lw.setLayout(left)
        body.addWidget(lw, 2)
        body.addLayout(form, 3)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Save).setText(self.tr("Report"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(self.buttons)
        self.resize(980, 560)

    def _fill_minor(self) -> None:
        self.minor.clear()
        for cat in self.cases.categories.in_major(self.major.currentData()):
            self.minor.addItem(cat.name, cat.code)

    def _place_from_tree(self, _code: str) -> None:
        kind, node_id, _c = self.tree.current_node()
        # every kind of address node, the street shape's too (domain.addresses)
        self.address_id = node_id if kind in addresses.KINDS else None
        grid_id = None
        if kind == "grid":
            grid_id = node_id
        elif self.address_id:
            grid_id = self.roster.address(self.address_id)["grid_id"]
        if grid_id:
            self.grid.setCurrentIndex(max(0, self.grid.findData(grid_id)))

    def pick_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose photos"), "",
                                                self.tr("Images (%1)").replace("%1", IMAGE_FILTER))
        if files:
            self.add_photos([Path(f) for f in files])

    def add_photos(self, paths: list[Path]) -> None:
        problems = []
        for path in paths:
            try:
                sha = self.cases.add_photo(path)
            except ValidationError as exc:
                problems.append(f"{path.name}: {message(exc.issues[0])}")
                continue
            if sha in self.photos:
                continue
            self.photos.append(sha)
            item = QListWidgetItem(QIcon(photo_pixmap(self.cases, sha)), Path(path).name)
            item.setData(Qt.UserRole, sha)
            self.photo_list.addItem(item)
        if problems:
            self.photo_field.show_message("\n".join(problems))
        else:
            self.photo_field.clear_message()

    def save(self) -> None:
        for fld in self.fields.values():
            fld.clear_message()
        category = self.minor.currentData()
        title = self.title.text().strip() or (self.minor.currentText() or "")
        if self.address_id is None and self.location_text.text().strip():
            # a place typed as text that names one address node, in either style
            # ("红专路12号院", "幸福小区 3号楼 2单元 501"): the case is placed there
            node = places_repo.match_address(self.cases.conn, self.location_text.text())
            if node is not None:
                self.address_id = node["id"]
                self.grid.setCurrentIndex(max(0, self.grid.findData(node["grid_id"])))
        try:
            row = self.cases.create(
                title=title, category=category, grid_id=self.grid.currentData(),
                description=self.description.toPlainText(), source="snapshot",
                urgency=self.urgent.currentData(), address_id=self.address_id,
                location_text=self.location_text.text().strip() or None, photos=self.photos)
        except ValidationError as exc:
            for issue in exc.issues:
                fld = self.fields.get(issue.field)
                if fld:
                    fld.show_message(message(issue))
                elif issue.field == "photos":
                    self.photo_field.show_message(message(issue))
            return
        except Exception as exc:  # disk full, locked database: nothing was written
            QMessageBox.warning(self, self.windowTitle(),
                                self.tr("Not saved: %1").replace("%1", str(exc)))
            return
        self.case_id = row["id"]
        self.accept()
