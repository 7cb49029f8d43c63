"""The wizard's first page: the file, the grid and what to do with people already in
the roster."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QRadioButton, QVBoxLayout, QWidget,
)

from app.models.domain import choices as d
from app.ui.common.widgets import ERROR_STYLE, ChoiceCombo
from app.ui.io import choosers


class FileStep(QWidget):
    def __init__(self, grids: list[dict], default_grid_id: str | None, parent=None):
        super().__init__(parent)
        intro = QLabel(self.tr(
            "Import residents from an Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK). "
            "Your own sheets work: title rows, blank lines and merged headers are skipped, and "
            "common headers such as 姓名, 身份证号 and 现住址 are recognised. Nothing is written "
            "until you have seen the preview."))
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.path.setPlaceholderText(self.tr("Choose a file…"))
        browse = QPushButton(self.tr("Choose file…"))
        browse.setObjectName("importBrowse")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.message = QLabel()
        self.message.setObjectName("fileMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.message.setVisible(False)

        self.grid = QComboBox()
        self.grid.setObjectName("importGrid")
        for g in grids:
            self.grid.addItem(f"{g['name']}  {g['code']}", g["id"])
        if default_grid_id:
            self.grid.setCurrentIndex(max(0, self.grid.findData(default_grid_id)))
        grid_hint = QLabel(self.tr("Rows are placed by their address; this grid takes new estates "
                                   "and rows without an address."))
        grid_hint.setWordWrap(True)
        grid_hint.setStyleSheet("color: #6b7280;")

        self.policy_group = QButtonGroup(self)
        self.policy_buttons = {}
        policy_box = QVBoxLayout()
        for key, text in (("ask", self.tr("Ask me, person by person")),
                          ("update", self.tr("Update them with the file's values (blank cells "
                                             "change nothing)")),
                          ("skip", self.tr("Skip them: keep the roster as it is"))):
            button = QRadioButton(text)
            button.setObjectName(f"policy_{key}")
            self.policy_group.addButton(button)
            self.policy_buttons[key] = button
            policy_box.addWidget(button)
        self.policy_buttons["ask"].setChecked(True)

        self.default_residence = ChoiceCombo(d.RESIDENCE_TYPES,
                                             blank=self.tr("(leave blank cells as problems)"))
        self.default_residence.setObjectName("defaultResidence")

        file_box = QVBoxLayout()
        file_box.setSpacing(2)
        file_box.addLayout(row)
        file_box.addWidget(self.message)
        form = QFormLayout()
        form.addRow(self.tr("File"), file_box)
        form.addRow(self.tr("Grid"), self.grid)
        form.addRow("", grid_hint)
        form.addRow(self.tr("People already in the roster\n(same ID number)"), policy_box)
        form.addRow(self.tr("Residence type where blank"), self.default_residence)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch()

    def browse(self) -> None:
        path = choosers.choose_open_path(
            self, self.tr("Import residents"),
            self.tr("Spreadsheets (*.xlsx *.csv *.txt);;All files (*)"))
        if path:
            self.set_path(path)

    def set_path(self, path: str) -> None:
        self.path.setText(path)
        self.show_problem("")

    def set_policy(self, policy: str) -> None:
        self.policy_buttons[policy].setChecked(True)

    def policy(self) -> str:
        return next(k for k, b in self.policy_buttons.items() if b.isChecked())

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
