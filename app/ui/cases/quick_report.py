"""随手拍 quick report: drop or pick photos, choose a category, place it by the
address tree or by text, save. One screen, a few seconds.

A report must say what (a description or a photo) and where (an address, a described
place or a position): the shared rule (validation.validate_report) answers beside the
fields. Enter in a line field moves on, it never files; the urgency follows the
category's default until the user picks one; once filed the dialog shows the case's
number, to copy into a ledger or read out on the phone."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit, QPushButton,
    QSizePolicy, QStackedLayout, QVBoxLayout, QWidget,
)

from app.models.domain import addresses
from app.models.places import repository as places_repo
from app.models.domain.case_fields import shown_number
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
        # Enter in the title goes on to the description; only the button files
        self.title.returnPressed.connect(self.focus_description)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.urgent = QComboBox()
        self.urgent.addItem(self.tr("Normal"), "normal")
        self.urgent.addItem(self.tr("Urgent"), "urgent")
        # the category's default (井盖缺失 is urgent) until the user picks one
        self.urgency_chosen = False
        self.urgent.activated.connect(self._urgency_picked)
        self.minor.currentIndexChanged.connect(lambda _i: self._follow_category())
        self._follow_category()
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
        self.report_button = self.buttons.button(QDialogButtonBox.Save)
        self.report_button.setText(self.tr("Report"))
        for button in self.buttons.buttons():
            button.setAutoDefault(False)     # Enter in a field files nothing (keyPressEvent)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form_page = QWidget()
        form_layout = QVBoxLayout(form_page)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.addLayout(body)
        form_layout.addWidget(self.buttons)
        self.pages = QStackedLayout(self)
        self.pages.addWidget(form_page)
        self.pages.addWidget(self._filed_page())
        self.resize(980, 560)

    def _filed_page(self) -> QWidget:
        """What the user sees once the case is filed: its number, to copy or read out."""
        page = QWidget()
        self.filed_text = QLabel()
        self.filed_text.setWordWrap(True)
        self.filed_number = QLabel()
        self.filed_number.setObjectName("filedNumber")
        self.filed_number.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.filed_number.setStyleSheet("font-size: 22pt; font-weight: 600;")
        self.filed_hint = QLabel(self.tr("This is a provisional number; the city's number "
                                         "replaces it after the next sync. Both find "
                                         "the case in the search box."))
        self.filed_hint.setWordWrap(True)
        self.filed_hint.setStyleSheet("color: #4b5563;")
        self.copy_button = QPushButton(self.tr("Copy number"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy_number)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.filed_number)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        ends = QHBoxLayout()
        ends.addStretch(1)
        ends.addWidget(self.close_button)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.filed_text)
        layout.addLayout(row)
        layout.addWidget(self.filed_hint)
        layout.addStretch(1)
        layout.addLayout(ends)
        return page

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt name
        # Enter files only from the button itself: in a field it must not send a
        # half-typed report (QDialogButtonBox makes 上报 the default button when shown)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and \
                not isinstance(self.focusWidget(), QPushButton):
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        # closed after filing (Esc, the window's ×): the case is made, the list must show it
        if self.case_id is not None:
            self.accept()
        else:
            super().reject()

    def focus_description(self) -> None:
        self.description.setFocus(Qt.TabFocusReason)

    def _urgency_picked(self, _index: int) -> None:
        self.urgency_chosen = True

    def _follow_category(self) -> None:
        if self.urgency_chosen:
            return
        cat = self.cases.categories.get(self.minor.currentData())
        code = cat.default_urgency if cat else "normal"
        self.urgent.setCurrentIndex(max(0, self.urgent.findData(code)))

    def copy_number(self) -> None:
        QGuiApplication.clipboard().setText(self.filed_number.text())

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
        self.show_filed(row)

    def show_filed(self, row: dict) -> None:
        number = shown_number(row)
        self.filed_text.setText(self.tr("Reported: %1. Its number:").replace("%1", row["title"]))
        self.filed_number.setText(number)
        self.filed_hint.setVisible(not row.get("short_no"))
        self.pages.setCurrentIndex(1)
        self.close_button.setDefault(True)
        self.close_button.setFocus()
