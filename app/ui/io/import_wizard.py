"""Roster import wizard and export dialog (居民台账 导入/导出).

The wizard walks a clerk through: file, grid and what to do with people already in
the roster → which column is which → a preview with counts, the problems and the
duplicates to decide → the import with a progress bar and Cancel → a summary with
the error report. Every stage of the engine (``app.models.io.importer``) runs off the
GUI thread on the wizard's own connection, so the window never freezes, even on a
100,000-row file; Cancel rolls everything back.
"""
from __future__ import annotations

import gc
import sys
import threading
import time

from PySide6.QtCore import (
    QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt, QThreadPool, Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QCheckBox, QComboBox, QDialog, QFormLayout, QGridLayout,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QMainWindow, QProgressBar,
    QPushButton, QRadioButton, QStackedWidget, QTableView, QTableWidgetItem, QTabWidget,
    QVBoxLayout, QWidget, QFileDialog,
)

from app.models.domain import choices as d
from app.models.io import exporter, importer
from app.models.roster import search
from app.models.domain import rules
from app.models.write.unit import ConnectionStore
from app.ui.common.i18n import current_lang, label
from app.ui.common.messages import message
from app.ui.common.threads import run_in_thread
from app.ui.common.widgets import ERROR_STYLE, WARNING_STYLE, ChoiceCombo, make_table

XLSX_FILTER = "Excel (*.xlsx)"


# -- file choosers (tests replace these two) ---------------------------------------
def choose_open_path(parent, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def choose_save_path(parent, title: str, default_name: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, default_name, filters)
    if path and not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    return path


def field_label(key: str) -> str:
    f = importer.FIELD_BY_KEY.get(key)
    if f is None:
        return key
    return f.zh if current_lang().startswith("zh") else f.en


def _choices_text(fld: str) -> str:
    if fld == "in_service_party_member":
        return "是, 否"
    if fld == "ethnicity":
        return QCoreApplication.translate("ImportMessages", "an ethnic group such as 汉族 or 回族")
    table = importer.CHOICE_TABLES.get(fld)
    return ", ".join(label(c) for c in table.values()) if table else ""


def import_message(issue: rules.Issue) -> str:
    """Wording for what the importer finds; codes shared with the resident form go to
    app.ui.common.messages."""
    p = dict(issue.params)
    code = issue.code
    value = str(p.get("value", ""))
    if code == "id.lost_digits":
        return QCoreApplication.translate("ImportMessages", "Excel stored this ID number as a number and kept only 15 digits (%1). "
                   "Format the column as text and type the number again.").replace("%1", value)
    if code == "id.lost_digits_maybe":
        return QCoreApplication.translate("ImportMessages", "The check character does not match and the number ends in 000: Excel "
                   "probably stored it as a number and dropped the last digits. Format the "
                   "column as text and type the number again.")
    if code == "id.stored_as_number":
        return QCoreApplication.translate("ImportMessages", "The ID number is stored as a number in the sheet. It is complete, but "
                   "format the column as text before editing it in Excel.")
    if code == "id.duplicate_in_file":
        return QCoreApplication.translate("ImportMessages", "Same ID number as row %1 (%2): keep one of the two rows.").replace(
            "%1", str(p.get("row", ""))).replace("%2", str(p.get("name", "")))
    if code == "id.outside_scope":
        return QCoreApplication.translate("ImportMessages", "This ID number is registered for %1 outside your area.").replace(
            "%1", str(p.get("other", "")))
    if code == "date.unrecognised":
        return QCoreApplication.translate("ImportMessages", "“%1” is not a date: write e.g. 2026-11-28 (2026/11/28, 2026年11月28日 and "
                   "20261128 work too).").replace("%1", value)
    if code == "choice.unknown":
        return QCoreApplication.translate("ImportMessages", "“%1” is not a known value; use one of: %2.").replace("%1", value).replace(
            "%2", _choices_text(issue.field))
    if code == "phone.zero_restored":
        return QCoreApplication.translate("ImportMessages", "The cell is a number and lost its leading 0; read as %1.").replace("%1", value)
    if code == "address.unparsed":
        return QCoreApplication.translate("ImportMessages", "“%1” is not an address the roster can place: write estate, building, unit "
                   "and room, e.g. 幸福小区3号楼2单元501室 or 幸福小区3-2-501.").replace("%1", value)
    if code == "address.no_estate":
        return QCoreApplication.translate("ImportMessages", "The address names no estate (小区): write it first, e.g. 幸福小区3号楼2单元501室.")
    if code == "address.ambiguous_estate":
        return QCoreApplication.translate("ImportMessages", "More than one estate is called “%1”: add a 所属网格 (grid) column.").replace(
            "%1", str(p.get("estate", "")))
    if code == "address.ambiguous_unit":
        return QCoreApplication.translate("ImportMessages", "This building has several units: write the unit, e.g. 2单元.")
    if code == "address.number_too_big":
        return QCoreApplication.translate("ImportMessages", "Building, unit or room number out of range (building 1–999, unit 1–99, "
                   "room 1–9999).")
    if code == "address.new":
        return QCoreApplication.translate("ImportMessages", "This address is not in the address tree yet: tick “Create missing "
                   "addresses” or correct the address.")
    if code == "address.many_households":
        return QCoreApplication.translate("ImportMessages", "Several households live at this address: fill in the household number (户号).")
    if code == "household.address_conflict":
        text = QCoreApplication.translate("ImportMessages", "Household %1 is at another address: one household, one address.").replace(
            "%1", str(p.get("number", "")))
        if p.get("row"):
            text += " " + QCoreApplication.translate("ImportMessages", "(see row %1)").replace("%1", str(p["row"]))
        return text
    if code == "household.has_head":
        if p.get("row"):
            return QCoreApplication.translate("ImportMessages", "Row %1 is already the head (本人) of this household: one head per "
                       "household.").replace("%1", str(p["row"]))
        return QCoreApplication.translate("ImportMessages", "This household already has a head (本人) in the roster.")
    if code == "grid.unknown":
        return QCoreApplication.translate("ImportMessages", "No grid “%1” in your area.").replace("%1", value)
    return message(issue)


def file_problem_message(exc: importer.FileProblem) -> str:
    code, p = exc.code, exc.params
    if code == "file.missing":
        return QCoreApplication.translate("ImportMessages", "The file cannot be found.")
    if code == "file.unreadable":
        return QCoreApplication.translate("ImportMessages", "The file cannot be opened: %1").replace("%1", str(p.get("detail", "")))
    if code == "file.empty":
        return QCoreApplication.translate("ImportMessages", "The file is empty.")
    if code == "file.damaged":
        return QCoreApplication.translate("ImportMessages", "The workbook is damaged or incomplete (copied or downloaded only in part?). "
                   "Open it in Excel or WPS and save it again as .xlsx.")
    if code == "file.xls":
        return QCoreApplication.translate("ImportMessages", "This is an old Excel 97–2003 (.xls) or WPS (.et) workbook, or one protected "
                   "by a password. Open it in Excel or WPS, save it as .xlsx without a password "
                   "and import that file.")
    if code == "file.encoding":
        text = QCoreApplication.translate("ImportMessages", "The file is neither UTF-8 nor GBK (GB18030) text, so its Chinese cannot be "
                   "read. In Excel or WPS save it as “CSV UTF-8” or as .xlsx.")
        if p.get("line"):
            text += " " + QCoreApplication.translate("ImportMessages", "(first unreadable byte on line %1)").replace("%1", str(p["line"]))
        return text
    if code == "file.no_sheet":
        return QCoreApplication.translate("ImportMessages", "The workbook has no worksheet to import.")
    if code == "file.no_header":
        return QCoreApplication.translate("ImportMessages", "No header row in the first 30 rows: the sheet needs a row of column names "
                   "such as 姓名 and 身份证号. If the Chinese looks garbled, save the file as .xlsx.")
    return code


_stages = [0]
_stage_lock = threading.Lock()
_saved_interval = [0.005]


def without_gc_pauses(fn):
    """Run ``fn`` in a worker so that the window stays responsive (quality.md: no stall
    over 100 ms during an import or export):

    - CPython's cyclic collector is paused, then what survives is frozen. An import
      allocates millions of objects; a full collection over them holds the GIL for up
      to half a second. The engine makes no reference cycles (refcounting frees
      everything). ``release_frozen`` undoes the freeze once the dialog dropped its data.
    - The GIL switch interval drops from 5 ms to 1 ms. Every call from Qt into Python
      on the GUI thread (a timer, a model's data() while painting) has to win the GIL
      back from the busy worker, and waits up to one interval each time.
    """
    def run(*args):
        with _stage_lock:
            if _stages[0] == 0:
                _saved_interval[0] = sys.getswitchinterval()
                sys.setswitchinterval(0.001)
            _stages[0] += 1
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args)
        finally:
            gc.freeze()
            if was:
                gc.enable()
            with _stage_lock:
                _stages[0] -= 1
                if _stages[0] == 0:
                    sys.setswitchinterval(_saved_interval[0])
    return run


def yielding(is_cancelled):
    """The engine's cancel check, which also hands the GIL to the GUI thread now and then.

    The engine calls ``cancel`` every few hundred rows. Its worker releases and retakes
    the GIL on its own all the time (``os.urandom`` in every uuid7, every SQLite step);
    CPython then never forces a switch to a thread waiting for the GIL (its 5 ms timer
    restarts at each switch) and the worker, already on a CPU, wins the race to retake
    it, so the window could freeze for seconds. A 1 ms sleep every ~12 ms lets the GUI
    thread in (bench/import.py: longest stall ~55 ms at 100,000 rows, for a few per cent
    of the import's time)."""
    last = [time.monotonic()]

    def check() -> bool:
        now = time.monotonic()
        if now - last[0] >= 0.012:
            time.sleep(0.001)
            last[0] = time.monotonic()
        return is_cancelled()
    return check


def release_frozen() -> None:
    gc.unfreeze()


def _status(widget: QWidget, text: str) -> None:
    """A passing message in the main window's status bar (nothing modal to dismiss)."""
    win = widget.window()
    if isinstance(win, QMainWindow):
        win.statusBar().showMessage(text, 10000)


def _number(n: int) -> str:
    return f"{n:,}"


# ================================================================== building blocks

class _Signals(QObject):
    progress = Signal(str, int, int)


class BusyBar(QWidget):
    """A progress bar with a count and a Cancel button for work running off the GUI thread.

    It always keeps its place in the layout (idle, its parts are hidden but keep their
    size): showing it must not re-lay out and repaint the whole dialog while a worker
    holds the GIL, which would stall the window (see ``without_gc_pauses``)."""

    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel()
        self.label.setObjectName("busyLabel")
        self.bar = QProgressBar()
        self.bar.setObjectName("busyBar")
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("busyCancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancelled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel_button)
        for part in (self.bar, self.cancel_button):
            policy = part.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            part.setSizePolicy(policy)
        self._set_parts_visible(False)

    def _set_parts_visible(self, on: bool) -> None:
        self.bar.setVisible(on)
        self.cancel_button.setVisible(on)
        if not on:
            self.label.setText("")

    def is_running(self) -> bool:
        return self.bar.isVisible()

    def phase_text(self, phase: str) -> str:
        return {"read": self.tr("Reading the file…"), "check": self.tr("Checking every row…"),
                "write": self.tr("Writing to the roster…"),
                "index": self.tr("Updating the search index…"),
                "export": self.tr("Exporting…"), "plan": self.tr("Sorting the rows…"),
                "report": self.tr("Writing the report…")}.get(phase, phase)

    def start(self, phase: str) -> None:
        self.label.setText(self.phase_text(phase))
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self._set_parts_visible(True)

    def show_progress(self, phase: str, done: int, total: int) -> None:
        self.label.setText(self.phase_text(phase))
        if total <= 0:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if phase in ("check", "write", "index", "export"):
            self.bar.setFormat(f"{_number(done)} / {_number(total)}")
        else:
            self.bar.setFormat("%p%")

    def stop(self) -> None:
        self._set_parts_visible(False)


class ProblemsModel(QAbstractTableModel):
    """Row, column, value and reason of every problem; worded only when shown."""

    ROW, COLUMN, VALUE, REASON = range(4)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._items: list[tuple] = []      # (row result, issue)
        self._analysis = None

    def set_items(self, analysis: importer.Analysis | None, items: list[tuple]) -> None:
        self.beginResetModel()
        self._analysis = analysis
        self._items = items
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 4

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt name
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Problem")][section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row, issue = self._items[index.row()]
        col = importer.issue_column(self._analysis, issue)
        if role == Qt.DisplayRole:
            if index.column() == self.ROW:
                return str(row.number)
            if index.column() == self.COLUMN:
                if col is None:
                    return self.tr("(no column: %1)").replace("%1", field_label(issue.field))
                head = self._analysis.layout.headers[col] if col < len(
                    self._analysis.layout.headers) else ""
                return f"{importer.column_letter(col)}  {head}".strip()
            if index.column() == self.VALUE:
                if col is None or col >= len(row.cells):
                    return ""
                text = importer.cell_text(row.cells[col])
                if isinstance(row.cells[col], float) and abs(row.cells[col]) >= 1e15:
                    text = importer._as_excel_shows(row.cells[col])
                key = self._analysis.mapping.get(col)
                if key == "id_number" and issue.field != "id_number":
                    return rules.mask_id(text)
                if key == "phone" and issue.field != "phone":
                    return rules.mask_phone(text)
                return text
            if index.column() == self.REASON:
                return import_message(issue)
        if role == Qt.ToolTipRole and index.column() == self.REASON:
            return import_message(issue)
        if role == Qt.ForegroundRole and index.column() == self.REASON:
            from PySide6.QtGui import QColor
            return QColor("#b91c1c") if issue.is_error else QColor("#b45309")
        return None


class DecideModel(QAbstractTableModel):
    """People already in the roster, for the user to update or skip one by one."""

    ROW, NAME, ID, CHANGES, DECISION = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[importer.RowResult] = []
        self.decisions: dict[int, str] = {}

    def set_rows(self, rows: list[importer.RowResult], decisions: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.decisions = decisions
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt name
        return 5

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802 - Qt name
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return [self.tr("Row"), self.tr("Name"), self.tr("ID number"),
                    self.tr("What the file changes"), self.tr("Decision")][section]
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or role != Qt.DisplayRole:
            return None
        row = self.rows[index.row()]
        c = index.column()
        if c == self.ROW:
            return str(row.number)
        if c == self.NAME:
            existing = row.existing["name"] if row.existing else ""
            return row.name if existing == row.name else f"{row.name} ({existing})"
        if c == self.ID:
            return rules.mask_id(row.id_number)
        if c == self.CHANGES:
            keys = list(row.changes) + [k for k in row.placement() if k not in ("grid_id", "path")]
            names = {"household_id": self.tr("household"), "relation": field_label("relation")}
            return "、".join(names.get(k) or field_label(k) for k in keys) or self.tr("nothing")
        if c == self.DECISION:
            choice = self.decisions.get(row.number)
            return {"update": self.tr("Update"), "skip": self.tr("Skip")}.get(
                choice, self.tr("(decide)"))
        return None

    def decide(self, numbers: list[int], choice: str) -> None:
        for n in numbers:
            self.decisions[n] = choice
        if self.rows:
            self.dataChanged.emit(self.index(0, self.DECISION),
                                  self.index(len(self.rows) - 1, self.DECISION))


def problem_items(plan: importer.Plan, cancel=None) -> list[tuple]:
    """(row, issue) for every problem and warning, in file order. Pure Python: built in the
    worker thread, so a file with 100,000 problems costs the GUI thread nothing."""
    items = []
    for i, (row, issues) in enumerate(plan.problems()):
        if cancel and i % 256 == 0:
            cancel()
        items += [(row, issue) for issue in issues]
    for i, row in enumerate(plan.create + plan.update):
        if cancel and i % 256 == 0:
            cancel()
        if row.issues:
            items += [(row, issue) for issue in row.issues]
    items.sort(key=lambda item: item[0].number)
    return items


def _table_view(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    return view


# ===================================================================== the steps

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
        path = choose_open_path(self, self.tr("Import residents"),
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

    def load(self, source: importer.Source, layout: importer.Layout) -> None:
        rows = source.sheet.rows[layout.data_start:]
        count = len(rows)
        header_rows = "、".join(str(n) for n in layout.header_rows)
        first_data = rows[0][0] if rows else layout.header_rows[-1] + 1
        text = self.tr("Header in row %1; data from row %2 (%3 rows).").replace(
            "%1", header_rows).replace("%2", str(first_data)).replace("%3", _number(count))
        if source.encoding:
            text += " " + self.tr("Encoding: %1.").replace("%1", {
                "gb18030": "GBK/GB18030", "utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8",
                "utf-16": "UTF-16"}.get(source.encoding, source.encoding))
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
                if col < len(cells) and cells[col] is not None and importer.cell_text(cells[col]):
                    value = cells[col]
                    text = importer.cell_text(value)
                    if isinstance(value, float) and abs(value) >= 1e15:
                        text = importer._as_excel_shows(value)
                    if key == "id_number":
                        text = rules.mask_id(text)
                    elif key == "phone":
                        text = rules.mask_phone(text)
                    samples.append(text)
                    if len(samples) == 3:
                        break
            self.table.setItem(col, 0, QTableWidgetItem(importer.column_letter(col)))
            self.table.setItem(col, 1, QTableWidgetItem(layout.headers[col]))
            self.table.setItem(col, 2, QTableWidgetItem("  ·  ".join(samples)))
            combo = QComboBox()
            combo.addItem(self.tr("(ignore)"), None)
            for f in importer.FIELDS:
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


class PreviewStep(QWidget):
    createAddressesToggled = Signal(bool)
    decided = Signal()
    saveReport = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        items = [("create", self.tr("New residents")), ("update", self.tr("To update")),
                 ("unchanged", self.tr("Already up to date")), ("skip", self.tr("To skip")),
                 ("ask", self.tr("To decide")), ("problems", self.tr("Not imported")),
                 ("new_households", self.tr("New households")),
                 ("new_addresses", self.tr("New address nodes"))]
        for i, (key, text) in enumerate(items):
            value = QLabel("0")
            value.setObjectName(f"count_{key}")
            value.setStyleSheet("font-size: 18px; font-weight: bold;")
            caption = QLabel(text)
            caption.setStyleSheet("color: #4b5563;")
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(value)
            box.addWidget(caption)
            grid.addLayout(box, 0, i)
            self.counts[key] = value
        self.counts["problems"].setStyleSheet("font-size: 18px; font-weight: bold; color: #b91c1c;")
        self.create_addresses = QCheckBox(self.tr("Create missing addresses (estates, buildings, "
                                                  "units, rooms) in the address tree"))
        self.create_addresses.setObjectName("createAddresses")
        self.create_addresses.toggled.connect(self.createAddressesToggled)
        self.note = QLabel()
        self.note.setObjectName("previewNote")
        self.note.setWordWrap(True)

        self.problems = ProblemsModel(self)
        self.problem_view = _table_view(self.problems)
        self.problem_view.setObjectName("problemTable")
        self.problem_view.setColumnWidth(0, 56)
        self.problem_view.setColumnWidth(1, 150)
        self.problem_view.setColumnWidth(2, 200)
        report = QPushButton(self.tr("Save error report…"))
        report.setObjectName("saveReport")
        report.setAutoDefault(False)
        report.clicked.connect(self.saveReport)
        self.report_button = report
        self.problem_detail = QLabel()
        self.problem_detail.setObjectName("problemDetail")
        self.problem_detail.setWordWrap(True)
        self.problem_detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.problem_view.selectionModel().currentRowChanged.connect(self._show_problem)
        problems_tab = QWidget()
        pl = QVBoxLayout(problems_tab)
        pl.addWidget(self.problem_view)
        bottom = QHBoxLayout()
        bottom.addWidget(self.problem_detail, 1)
        bottom.addWidget(report, 0, Qt.AlignRight | Qt.AlignTop)
        pl.addLayout(bottom)

        self.decide = DecideModel(self)
        self.decide_view = _table_view(self.decide)
        self.decide_view.setObjectName("decideTable")
        self.decide_view.setColumnWidth(0, 56)
        self.decide_view.setColumnWidth(1, 160)
        self.decide_view.setColumnWidth(2, 170)
        self.decide_view.setColumnWidth(3, 300)
        decide_tab = QWidget()
        dl = QVBoxLayout(decide_tab)
        dl.addWidget(QLabel(self.tr("These ID numbers are already in the roster. Update them with "
                                    "the file's values, or skip them.")))
        dl.addWidget(self.decide_view)
        buttons = QHBoxLayout()
        self.decide_buttons = {}
        for key, text in (("update_selected", self.tr("Update selected")),
                          ("skip_selected", self.tr("Skip selected")),
                          ("update_all", self.tr("Update all")), ("skip_all", self.tr("Skip all"))):
            b = QPushButton(text)
            b.setObjectName(key)
            b.setAutoDefault(False)
            b.clicked.connect(lambda _c=False, k=key: self._decide(k))
            self.decide_buttons[key] = b
            buttons.addWidget(b)
        buttons.addStretch()
        dl.addLayout(buttons)

        self.addresses = QListWidget()
        self.addresses.setObjectName("newAddresses")
        self.sample = make_table([self.tr("Row"), self.tr("Name"), self.tr("ID number"),
                                  self.tr("Gender"), self.tr("Birth date"), self.tr("Address"),
                                  self.tr("Household"), self.tr("Relation"), self.tr("Action")],
                                 stretch_column=5)
        self.sample.setObjectName("sampleTable")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("previewTabs")
        self.tabs.addTab(self.sample, self.tr("Rows to import"))
        self.tabs.addTab(problems_tab, self.tr("Problems"))
        self.tabs.addTab(decide_tab, self.tr("To decide"))
        self.tabs.addTab(self.addresses, self.tr("New addresses"))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.create_addresses)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)

    def _show_problem(self, current, _previous=None) -> None:
        if not current.isValid():
            self.problem_detail.setText("")
            return
        m = self.problems
        cells = [m.data(m.index(current.row(), c)) for c in range(4)]
        self.problem_detail.setText(self.tr("Row %1, %2: %3").replace("%1", cells[0])
                                    .replace("%2", cells[1]).replace("%3", cells[3]))

    def _decide(self, key: str) -> None:
        if key.endswith("_all"):
            numbers = [r.number for r in self.decide.rows]
        else:
            numbers = sorted({self.decide.rows[i.row()].number
                              for i in self.decide_view.selectionModel().selectedRows()})
        self.decide.decide(numbers, "update" if key.startswith("update") else "skip")
        self.decided.emit()

    def show_plan(self, plan: importer.Plan, items: list[tuple], ask_rows: list,
                  decisions: dict) -> None:
        c = plan.counts()
        # everyone already in the roster still without a decision, including rows that
        # also wait for their address to be confirmed
        undecided = sum(1 for r in ask_rows if r.number not in decisions)
        c["ask"] = undecided
        for key, value in (("create", c["create"]), ("update", c["update"]),
                           ("unchanged", c["unchanged"]), ("skip", c["skip"]), ("ask", c["ask"]),
                           ("problems", c["errors"] + c["blocked"]),
                           ("new_households", c["new_households"])):
            self.counts[key].setText(_number(value))
        needed = len(plan.needed_nodes)
        self.counts["new_addresses"].setText(_number(needed))
        self.create_addresses.blockSignals(True)
        self.create_addresses.setChecked(plan.create_addresses)
        self.create_addresses.blockSignals(False)
        self.create_addresses.setVisible(bool(needed) or plan.create_addresses)
        notes = []
        if c["blocked"]:
            notes.append(self.tr("%1 row(s) need addresses that are not in the address tree: tick "
                                 "the box to create them, or correct the addresses.").replace(
                                     "%1", _number(c["blocked"])))
        if c["ask"]:
            notes.append(self.tr("%1 person(s) are already in the roster: decide on the “To "
                                 "decide” tab.").replace("%1", _number(c["ask"])))
        if c["warnings"]:
            notes.append(self.tr("%1 row(s) have warnings: they are imported; see the Problems "
                                 "tab.").replace("%1", _number(c["warnings"])))
        if c["errors"] + c["blocked"]:
            notes.append(self.tr("Rows with problems are not imported: save the error report, "
                                 "correct them and import the report again."))
        self.note.setText(" ".join(notes))
        self.note.setStyleSheet(WARNING_STYLE if notes else "")
        self.problems.set_items(plan.analysis, items)
        self.problem_detail.setText("")
        self.report_button.setEnabled(bool(c["errors"] + c["blocked"]))
        self.decide.set_rows(ask_rows, decisions)
        self.tabs.setTabText(1, self.tr("Problems (%1)").replace(
            "%1", _number(self.problems.rowCount())))
        self.tabs.setTabText(2, self.tr("To decide (%1)").replace("%1", _number(c["ask"])))
        self.tabs.setTabEnabled(2, bool(ask_rows))
        nodes = plan.needed_nodes
        self.addresses.clear()
        kinds = {"estate": self.tr("estate"), "building": self.tr("building"),
                 "unit": self.tr("unit"), "room": self.tr("room")}
        for node in nodes[:500]:
            self.addresses.addItem(f"{kinds[node.kind]}  {node.full_name}")
        if len(nodes) > 500:
            self.addresses.addItem(self.tr("… and %1 more").replace("%1", _number(len(nodes) - 500)))
        self.tabs.setTabText(3, self.tr("New addresses (%1)").replace("%1", _number(len(nodes))))
        self._fill_sample(plan)
        if c["errors"] + c["blocked"] and not (c["create"] + c["update"]):
            self.tabs.setCurrentIndex(1)
        elif c["ask"]:
            self.tabs.setCurrentIndex(2)

    def _fill_sample(self, plan: importer.Plan) -> None:
        rows = sorted(plan.create[:200] + plan.update[:200], key=lambda r: r.number)[:200]
        self.sample.setRowCount(len(rows))
        for i, row in enumerate(rows):
            clean = row.clean
            hh = row.household
            if isinstance(hh, importer.NewHousehold):
                hh_text = hh.number
                room = hh.room
            elif hh:
                hh_text, room = hh["number"], None
            else:
                hh_text, room = "", None
            address = (room.full_name if isinstance(room, importer.NewNode)
                       else room["full_name"] if room else "")
            if not address and isinstance(row.room, dict):
                address = row.room["full_name"]
            elif not address and isinstance(row.room, importer.NewNode):
                address = row.room.full_name
            cells = [str(row.number), clean.get("name") or "", rules.mask_id(clean.get("id_number")),
                     label(d.GENDERS.get(clean.get("gender"))), clean.get("birth_date") or "",
                     address, hh_text, label(d.RELATIONS.get(row.relation)) if hh else "",
                     self.tr("new") if row.existing is None else self.tr("update")]
            for j, text in enumerate(cells):
                self.sample.setItem(i, j, QTableWidgetItem(text))
        self.sample.resizeColumnsToContents()


class SummaryStep(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("summaryTitle")
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.text = QLabel()
        self.text.setObjectName("summaryText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.report = QPushButton(self.tr("Save error report…"))
        self.report.setObjectName("summaryReport")
        self.report.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.report, 0, Qt.AlignLeft)
        layout.addStretch()

    def show_result(self, result: importer.ImportResult, seconds: float) -> None:
        self.title.setText(self.tr("Import finished"))
        lines = [self.tr("%1 new residents, %2 updated, %3 already up to date, %4 skipped.")
                 .replace("%1", _number(result.created)).replace("%2", _number(result.updated))
                 .replace("%3", _number(result.unchanged)).replace("%4", _number(result.skipped)),
                 self.tr("%1 new households and %2 new address nodes.")
                 .replace("%1", _number(result.new_households))
                 .replace("%2", _number(result.new_addresses)),
                 self.tr("Time: %1 s. The import is in the audit log and waits to sync.")
                 .replace("%1", f"{seconds:.1f}")]
        if result.not_imported:
            lines.append(self.tr("%1 row(s) were not imported: save the error report, correct "
                                 "them and import the report again.").replace(
                                     "%1", _number(result.not_imported)))
        self.text.setText("\n".join(lines))
        self.report.setVisible(bool(result.not_imported))


# ===================================================================== the wizard

class ImportWizard(QDialog):
    """File → columns → preview → import → summary. ``imported`` fires after a commit."""

    imported = Signal(object)       # ImportResult
    STEPS = ("file", "columns", "preview", "importing", "summary")

    def __init__(self, store, roster, parent=None, *, default_grid_id: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import residents"))
        self.store = store
        self.roster = roster
        self.actor = roster.actor
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._conn = None
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._cancel = threading.Event()
        self._busy = False
        self._generation = 0
        self.source: importer.Source | None = None
        self.layout_info: importer.Layout | None = None
        self.analysis: importer.Analysis | None = None
        self.plan: importer.Plan | None = None
        self.result: importer.ImportResult | None = None
        self.ask_rows: list = []
        self.decisions: dict[int, str] = {}
        self._started = 0.0

        scope = self.actor.scope_code or ""
        grids = [g for g in roster.grids() if g["code"].startswith(scope)]
        self.file_step = FileStep(grids, default_grid_id)
        self.columns_step = ColumnsStep()
        self.columns_step.sheetChosen.connect(self._read_sheet)
        self.preview_step = PreviewStep()
        self.preview_step.createAddressesToggled.connect(lambda _on: self._replan())
        self.preview_step.decided.connect(self._replan)
        self.preview_step.saveReport.connect(self.save_report)
        importing = QWidget()
        il = QVBoxLayout(importing)
        self.importing_label = QLabel(self.tr("Importing. Cancel undoes everything; nothing is "
                                              "half-saved."))
        self.importing_label.setWordWrap(True)
        il.addWidget(self.importing_label)
        il.addStretch()
        self.summary_step = SummaryStep()
        self.summary_step.report.clicked.connect(self.save_report)
        self.stack = QStackedWidget()
        for w in (self.file_step, self.columns_step, self.preview_step, importing,
                  self.summary_step):
            self.stack.addWidget(w)

        self.heading = QLabel()
        self.heading.setObjectName("wizardHeading")
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.busy = BusyBar()
        self.busy.cancelled.connect(self.cancel_work)
        self.message = QLabel()
        self.message.setObjectName("wizardMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.back_button = QPushButton(self.tr("< Back"))
        self.back_button.setObjectName("wizardBack")
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton(self.tr("Next >"))
        self.next_button.setObjectName("wizardNext")
        self.next_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Cancel"))
        self.close_button.setObjectName("wizardClose")
        self.close_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self.resize(1040, 660)
        self._show("file")

    # -- navigation ---------------------------------------------------------------
    def current_step(self) -> str:
        return self.STEPS[self.stack.currentIndex()]

    def _show(self, step: str) -> None:
        self.stack.setCurrentIndex(self.STEPS.index(step))
        titles = {"file": self.tr("1. File and grid"), "columns": self.tr("2. Columns"),
                  "preview": self.tr("3. Preview"), "importing": self.tr("4. Importing"),
                  "summary": self.tr("5. Done")}
        self.heading.setText(titles[step])
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.current_step()
        busy = self._busy
        self.back_button.setVisible(step in ("columns", "preview"))
        self.back_button.setEnabled(not busy)
        self.next_button.setVisible(step in ("file", "columns", "preview"))
        self.close_button.setText(self.tr("Close") if step == "summary" else self.tr("Cancel"))
        self.close_button.setVisible(step != "importing")    # the progress bar has its own
        if step == "preview":
            plan = self.plan
            n = len(plan.create) + len(plan.update) if plan else 0
            self.next_button.setText(self.tr("Import %1").replace("%1", _number(n)) if n
                                     else self.tr("Import"))
            self.next_button.setEnabled(bool(plan and plan.ready and n) and not busy)
        else:
            self.next_button.setText(self.tr("Next >"))
            self.next_button.setEnabled(not busy)

    def show_message(self, text: str, *, error: bool = True) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(bool(text))

    def go_next(self) -> None:
        if self._busy:
            return
        self.show_message("")
        step = self.current_step()
        if step == "file":
            if self.file_step.grid.currentData() is None:
                self.file_step.show_problem(self.tr("There is no grid in your area yet: the org "
                                                    "tree needs grids before residents can be "
                                                    "imported."))
                return
            self._read(self.file_step.path.text().strip(), None)
        elif step == "columns":
            if self.columns_step.check():
                self._analyse()
        elif step == "preview":
            self._commit()

    def go_back(self) -> None:
        if self._busy:
            return
        self.show_message("")
        step = self.current_step()
        self._show("file" if step == "columns" else "columns")

    # -- background work ------------------------------------------------------------
    def _connection(self):
        if self._conn is None:
            self._conn = self.store.open_connection()
        return self._conn

    def _progress_callback(self):
        signals = self._signals
        last = [0.0]

        def report(phase: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or done >= total:
                last[0] = now
                signals.progress.emit(phase, done, total)
        return report

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        if self._busy:
            self.busy.show_progress(phase, done, total)

    def _start(self, phase: str, fn, on_done) -> None:
        self._busy = True
        self._cancel = threading.Event()
        self._generation += 1
        generation = self._generation
        self.busy.start(phase)
        self._update_buttons()
        cancel = yielding(self._cancel.is_set)
        progress = self._progress_callback()

        def done(result):
            if generation != self._generation:
                return
            self._finish()
            on_done(result)

        def failed(exc):
            if generation != self._generation:
                return
            self._finish()
            self._failed(exc)
        work = without_gc_pauses(fn)
        self.repaint()      # paint the new state now, before the worker competes for the GIL
        run_in_thread(lambda: work(progress, cancel), done, failed, pool=self._pool)

    def _finish(self) -> None:
        self._busy = False
        self.busy.stop()
        self._update_buttons()

    def cancel_work(self) -> None:
        if self._busy:
            self._cancel.set()
            self.busy.cancel_button.setEnabled(False)
            self.busy.label.setText(self.tr("Cancelling…"))

    def _failed(self, exc: Exception) -> None:
        step = self.current_step()
        if isinstance(exc, importer.Cancelled):
            if step == "importing":
                self._show("preview")
            self.show_message(self.tr("Cancelled: nothing was changed."), error=False)
        elif isinstance(exc, importer.FileProblem):
            self._show("file")
            self.file_step.show_problem(file_problem_message(exc))
        elif isinstance(exc, importer.StaleData):
            self._show("columns")
            self.show_message(self.tr("The roster changed since the preview (someone else saved "
                                      "a resident). Nothing was imported: check the file again."))
        else:
            if step == "importing":
                self._show("preview")
            self.show_message(self.tr("Failed, nothing was changed: %1").replace("%1", str(exc)))

    # -- stages ---------------------------------------------------------------------
    def _read(self, path: str, sheet: str | None) -> None:
        if not path:
            self.file_step.show_problem(self.tr("Choose a file first."))
            return
        self.file_step.show_problem("")

        def work(progress, cancel):
            source = importer.read_file(path, sheet, progress=progress, cancel=cancel)
            return source, importer.detect_layout(source.sheet)
        self._start("read", work, self._read_done)

    def _read_sheet(self, sheet: str) -> None:
        if self.source is not None and sheet != self.source.sheet.name:
            self._read(self.source.path, sheet)

    def _read_done(self, result) -> None:
        self.source, self.layout_info = result
        self.analysis = self.plan = None
        self.columns_step.load(self.source, self.layout_info)
        self._show("columns")

    def options(self) -> importer.Options:
        return importer.Options(self.file_step.grid.currentData(), self.file_step.policy(),
                                self.file_step.default_residence.code(),
                                self.preview_step.create_addresses.isChecked())

    def _analyse(self) -> None:
        source, layout = self.source, self.layout_info
        mapping = self.columns_step.mapping()
        options = self.options()
        create = self.preview_step.create_addresses.isChecked()
        conn = self._connection()
        actor, today = self.actor, self.roster.today

        def work(progress, cancel):
            analysis = importer.analyse(conn, source, options, actor, layout=layout,
                                        mapping=mapping, today=today, progress=progress,
                                        cancel=cancel)
            progress("plan", 0, 0)
            plan = analysis.plan(decisions={}, create_addresses=create, cancel=cancel)
            ask_rows = analysis.duplicates() if plan.policy == "ask" else []
            return analysis, plan, problem_items(plan, cancel), ask_rows
        self._start("check", work, self._analyse_done)

    def _analyse_done(self, result) -> None:
        self.analysis, self.plan, items, self.ask_rows = result
        self.decisions = {}
        self.preview_step.show_plan(self.plan, items, self.ask_rows, self.decisions)
        self._show("preview")

    def _replan(self) -> None:
        if self.analysis is None:
            return
        analysis = self.analysis
        create = self.preview_step.create_addresses.isChecked()
        decisions = dict(self.preview_step.decide.decisions)
        self.decisions = decisions

        def work(progress, cancel):
            plan = analysis.plan(decisions=decisions, create_addresses=create, cancel=cancel)
            return plan, problem_items(plan, cancel)

        def done(result):
            self.plan, items = result
            self.preview_step.show_plan(self.plan, items, self.ask_rows, decisions)
            self._update_buttons()
        self._start("plan", work, done)

    def _commit(self) -> None:
        plan = self.plan
        if plan is None or not plan.ready:
            return
        worker_store = ConnectionStore(self._connection())
        actor = self.actor
        self._started = time.perf_counter()
        self._show("importing")

        def work(progress, cancel):
            return importer.commit(worker_store, actor, plan, progress=progress, cancel=cancel)
        self._start("write", work, self._commit_done)

    def _commit_done(self, result: importer.ImportResult) -> None:
        self.result = result
        self.summary_step.show_result(result, time.perf_counter() - self._started)
        self._show("summary")
        self.imported.emit(result)

    # -- error report -----------------------------------------------------------------
    def save_report(self) -> None:
        plan = self.plan
        if plan is None or self._busy:
            return
        base = self.source.name.rsplit(".", 1)[0] if self.source else "import"
        path = choose_save_path(self, self.tr("Save error report"),
                                self.tr("%1 - problems.xlsx").replace("%1", base), XLSX_FILTER)
        if not path:
            return
        lang = current_lang()

        def work(progress, cancel):
            progress("report", 0, 0)
            return exporter.write_error_report(path, plan, import_message, lang)

        def done(n):
            self.show_message(self.tr("Saved %1 row(s) to fix in %2").replace("%1", _number(n))
                              .replace("%2", path), error=False)
        self._start("report", work, done)

    # -- closing ------------------------------------------------------------------------
    def reject(self) -> None:
        if self._busy:
            self.cancel_work()
            return
        super().reject()

    def done(self, r: int) -> None:
        self._cancel.set()
        self._pool.waitForDone()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.source = self.analysis = self.plan = None
        self.ask_rows = []
        self.preview_step.problems.set_items(None, [])
        self.preview_step.decide.set_rows([], {})
        release_frozen()
        super().done(r)


# ====================================================================== export

class ExportDialog(QDialog):
    """Export the roster as filtered now: masked unless the role allows full values,
    watermarked and audited (the rules live in app.models.io.exporter)."""

    def __init__(self, store, actor, query: search.RosterQuery, *, include_key_tags: bool = False,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export residents"))
        self.store, self.actor, self.query = store, actor, query
        self.include_key_tags = include_key_tags
        self.result: exporter.ExportResult | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._conn = None
        self._signals = _Signals(self)
        self._cancel = threading.Event()
        self._busy = False
        self.count_label = QLabel(self.tr("Counting…"))
        self.count_label.setObjectName("exportCount")
        self.full_values = QCheckBox(self.tr("Full ID numbers and phone numbers"))
        self.full_values.setObjectName("exportFull")
        allowed = exporter.may_export_full_values(actor.role)
        self.full_values.setEnabled(allowed)
        if not allowed:
            self.full_values.setText(self.full_values.text() + "  " + self.tr(
                "(your role exports masked values only)"))
        note = QLabel(self.tr("The file carries your name and the time on every page, and the "
                              "export is recorded in the audit log. Keep it safe and delete it "
                              "when it is no longer needed."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #4b5563;")
        self.message = QLabel()
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.busy = BusyBar()
        self.busy.cancelled.connect(self._cancel.set)
        self._signals.progress.connect(self.busy.show_progress)
        self.export_button = QPushButton(self.tr("Save as…"))
        self.export_button.setObjectName("exportSave")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.full_values)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self.resize(520, 240)
        conn = self._connection()
        run_in_thread(lambda: search.count(conn, query), self._show_count, pool=self._pool)

    def _connection(self):
        if self._conn is None:
            self._conn = self.store.open_connection()
        return self._conn

    def _show_count(self, n: int) -> None:
        self.count_label.setText(self.tr("%1 resident(s) in the current list (search and filters "
                                         "as on the roster page).").replace("%1", _number(n)))

    def export(self) -> None:
        if self._busy:
            return
        stamp = time.strftime("%Y%m%d-%H%M")
        path = choose_save_path(self, self.tr("Export residents"),
                                self.tr("residents-%1.xlsx").replace("%1", stamp), XLSX_FILTER)
        if not path:
            return
        full = self.full_values.isChecked()
        reason = ""
        if full:
            from app.ui.roster.resident_dialog import ask_reveal_reason
            reason = ask_reveal_reason(self)
            if reason is None:
                return
        conn = self._connection()
        worker_store = ConnectionStore(conn)
        actor, query, key_tags, lang = self.actor, self.query, self.include_key_tags, current_lang()
        signals = self._signals
        cancel = self._cancel
        cancel.clear()
        last = [0.0]

        def progress(phase, done, total):
            now = time.monotonic()
            if now - last[0] >= 0.05 or done >= total:
                last[0] = now
                signals.progress.emit(phase, done, total)

        def work():
            return exporter.export_roster(worker_store, conn, query, path, actor,
                                          full_values=full, include_key_tags=key_tags, lang=lang,
                                          progress=progress, cancel=yielding(cancel.is_set),
                                          reason=reason)
        self._busy = True
        self.export_button.setEnabled(False)
        self.busy.start("export")
        self.repaint()
        run_in_thread(without_gc_pauses(work), self._done, self._failed, pool=self._pool)

    def _done(self, result: exporter.ExportResult) -> None:
        self._busy = False
        self.busy.stop()
        self.export_button.setEnabled(True)
        self.result = result
        masked = self.tr("masked") if result.masked else self.tr("full values")
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Exported %1 resident(s) (%2) to %3").replace(
            "%1", _number(result.rows)).replace("%2", masked).replace("%3", result.path))

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.busy.stop()
        self.export_button.setEnabled(True)
        self.message.setStyleSheet(ERROR_STYLE)
        if isinstance(exc, importer.Cancelled):
            self.message.setText(self.tr("Cancelled: no file was written."))
        elif isinstance(exc, exporter.ExportRefused):
            self.message.setText(self.tr("Your role may not export this."))
        else:
            self.message.setText(self.tr("Not exported: %1").replace("%1", str(exc)))

    def reject(self) -> None:
        if self._busy:
            self._cancel.set()
            return
        super().reject()

    def done(self, r: int) -> None:
        self._cancel.set()
        self._pool.waitForDone()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        release_frozen()
        super().done(r)


def save_template(parent: QWidget) -> None:
    """Ask where, then write the blank import template (off the GUI thread)."""
    path = choose_save_path(parent, QCoreApplication.translate("ImportMessages", "Save template"),
                            QCoreApplication.translate("ImportMessages", "roster template.xlsx"),
                            XLSX_FILTER)
    if not path:
        return
    lang = current_lang()
    run_in_thread(lambda: exporter.write_template(path, lang),
                  lambda _r: _status(parent, QCoreApplication.translate(
                      "ImportMessages", "Template saved: %1").replace("%1", path)),
                  lambda exc: _status(parent, QCoreApplication.translate(
                      "ImportMessages", "The template was not saved: %1").replace("%1", str(exc))))
