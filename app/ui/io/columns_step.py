"""The wizard's second page: which column is which field."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.models.domain import rules
from app.models.io.layout import FIELDS, Layout
from app.models.io.normalise import as_excel_shows, cell_text
from app.models.io.source import Source
from app.models.io.xlsx import column_letter
from app.ui.common.widgets import ERROR_STYLE, make_table
from app.ui.io.wording import count_text, field_label, source_note_message


class ColumnsStep(QWidget):
    sheetChosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.info = QLabel()
        self.info.setObjectName("columnsInfo")
        self.info.setWordWrap(True)
        self.sheet = QComboBox()
        self.sheet.setObjectName("importSheet")
        self.sheet_label = QLabel(self.tr("Sheet"))
        top = QHBoxLayout()
        top.addWidget(self.info, 1)
        top.addWidget(self.sheet_label)
        top.addWidget(self.sheet)
        self.table = make_table([self.tr("Column"), self.tr("Header in the file"),
                                 self.tr("First values"), self.tr("Import as")], stretch_column=2)
        self.table.setObjectName("mappingTable")
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setColumnWidth(0, 56)
        self.table.setColumnWidth(1, 170)
        self.table.setColumnWidth(3, 190)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.message = QLabel()
        self.message.setObjectName("columnsMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)
        hint = QLabel(self.tr("Check the guess in “Import as”; columns set to “(ignore)” are not "
                              "imported. 姓名, 身份证号 and 人员类别 are required."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b7280;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        self.combos: list[QComboBox] = []
        self.sheet.activated.connect(lambda _i: self.sheetChosen.emit(self.sheet.currentText()))

    def load(self, source: Source, layout: Layout) -> None:
        rows = source.sheet.rows[layout.data_start:]
        count = len(rows)
        header_rows = "、".join(str(n) for n in layout.header_rows)
        first_data = rows[0][0] if rows else layout.header_rows[-1] + 1
        text = self.tr("Header in row %1; data from row %2 (%3 rows).").replace(
            "%1", header_rows).replace("%2", str(first_data)).replace("%3", count_text(count))
        if source.encoding:
            text += " " + self.tr("Encoding: %1.").replace("%1", {
                "gb18030": "GBK/GB18030", "utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8",
                "utf-16": "UTF-16", "big5": "Big5"}.get(source.encoding, source.encoding))
        for code, params in source.notes:
            text += " " + source_note_message(code, params)
        self.info.setText(text)
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(source.sheet_names)
        self.sheet.setCurrentText(source.sheet.name)
        self.sheet.blockSignals(False)
        many = source.kind == "xlsx" and len(source.sheet_names) > 1
        self.sheet.setVisible(many)
        self.sheet_label.setVisible(many)
        self.table.setRowCount(layout.columns)
        self.combos = []
        for col in range(layout.columns):
            key = layout.mapping.get(col)
            samples = []
            for _n, cells in rows[:500]:
                if col < len(cells) and cells[col] is not None and cell_text(cells[col]):
                    value = cells[col]
                    text = cell_text(value)
                    if isinstance(value, float) and abs(value) >= 1e15:
                        text = as_excel_shows(value)
                    if key == "id_number":
                        text = rules.mask_id(text)
                    elif key == "phone":
                        text = rules.mask_phone(text)
                    samples.append(text)
                    if len(samples) == 3:
                        break
            self.table.setItem(col, 0, QTableWidgetItem(column_letter(col)))
            self.table.setItem(col, 1, QTableWidgetItem(layout.headers[col]))
            self.table.setItem(col, 2, QTableWidgetItem("  ·  ".join(samples)))
            combo = QComboBox()
            combo.addItem(self.tr("(ignore)"), None)
            for f in FIELDS:
                combo.addItem(field_label(f.key) + (" *" if f.required else ""), f.key)
            combo.setCurrentIndex(max(0, combo.findData(key)))
            combo.currentIndexChanged.connect(lambda _i: self.check())
            self.table.setCellWidget(col, 3, combo)
            self.combos.append(combo)
        self.check()

    def mapping(self) -> dict[int, str]:
        return {col: combo.currentData() for col, combo in enumerate(self.combos)
                if combo.currentData()}

    def set_field(self, col: int, key: str | None) -> None:
        self.combos[col].setCurrentIndex(max(0, self.combos[col].findData(key)))

    def problem(self) -> str:
        mapping = self.mapping()
        keys = list(mapping.values())
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            return self.tr("Each field can come from one column only: %1.").replace(
                "%1", "、".join(field_label(k) for k in twice))
        missing = [k for k in ("name", "id_number") if k not in keys]
        if missing:
            return self.tr("Choose the column for %1.").replace(
                "%1", "、".join(field_label(k) for k in missing))
        return ""

    def check(self) -> bool:
        text = self.problem()
        self.message.setText(text)
        self.message.setVisible(bool(text))
        return not text
