"""Import and export of 出租房屋 and 实有单位 (the 房屋 and 单位 pages' 导入… and 导出…):
a file checked off the GUI thread into a preview (counts, every problem with its row,
column and reason, the error report to save), imported in one transaction through
the places repository (``app.models.io.places_commit``); the blank template; the
export masked unless the role may take full values and gives a reason (audited)."""
from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QThreadPool, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.models.domain import rights, rules
from app.models.io import exporter, places_commit, places_import
from app.models.io.normalise import cell_text
from app.models.io.plan import Options
from app.models.io.readers import read_file
from app.models.io.source import Cancelled, FileProblem
from app.models.io.xlsx import column_letter
from app.models.places import export as places_export
from app.models.write.unit import ConnectionStore
from app.ui.common.i18n import current_lang
from app.ui.common.threads import run_in_thread
from app.ui.common.widgets import ERROR_STYLE
from app.ui.io import choosers
from app.ui.io.busy import BusyBar, release_frozen, without_gc_pauses, yielding
from app.ui.io.wording import count_text, file_problem_message, import_message

SHOWN_PROBLEMS = 2000        # the table lists this many; the error report has them all
ID_FIELDS = ("tenants", "employees")
PHONE_FIELDS = ("owner_phone", "landlord_phone", "contact_phone")


def _kind_title(kind: str) -> str:
    return (QCoreApplication.translate("PlacesIO", "Import rentals") if kind == "rentals" else
            QCoreApplication.translate("PlacesIO", "Import organizations"))


def template_name(kind: str) -> str:
    return (QCoreApplication.translate("PlacesIO", "rentals template.xlsx") if kind == "rentals"
            else QCoreApplication.translate("PlacesIO", "organizations template.xlsx"))


def field_name(kind: str, key: str) -> str:
    f = next((f for f in places_import.FIELD_SETS[kind] if f.key == key), None)
    if f is None:
        return key
    return f.zh if current_lang().startswith("zh") else f.en


class PlacesImportDialog(QDialog):
    """File → check (preview) → import. ``imported`` fires after a commit."""

    imported = Signal(object)           # places_commit.PlacesImportResult

    def __init__(self, places, kind: str, parent=None):
        super().__init__(parent)
        self.places, self.kind = places, kind
        self.setWindowTitle(_kind_title(kind))
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._conn = None
        self._cancel = threading.Event()
        self._busy = False
        self.analysis = None
        self.plan = None
        self.result = None
        intro = QLabel(self.tr(
            "An Excel workbook (.xlsx) or CSV file (UTF-8 or GBK), one row per house or "
            "organization; common headers are recognised. Addresses may be written either "
            "way: 幸福小区3号楼2单元501室 or 经三路12号院3室. Tenants and employees are named by "
            "their ID numbers and must be in the roster. Nothing is written before the preview."))
        intro.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setObjectName("placesImportPath")
        browse = QPushButton(self.tr("Choose file…"))
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        self.template_button = QPushButton(self.tr("Download template…"))
        self.template_button.setObjectName("placesTemplate")
        self.template_button.setAutoDefault(False)
        self.template_button.clicked.connect(self.save_template)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        row.addWidget(self.template_button)
        self.grid = QComboBox()
        self.grid.setObjectName("placesImportGrid")
        for g in places.grids():
            self.grid.addItem(f"{g['name']}  {g['code']}", g["id"])
        self.create_addresses = QCheckBox(self.tr("Create missing addresses"))
        self.create_addresses.setObjectName("placesCreateAddresses")
        self.create_addresses.toggled.connect(self._replan)
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("Grid for new addresses"), self.grid)
        form.addRow("", self.create_addresses)
        self.counts = QLabel()
        self.counts.setObjectName("placesImportCounts")
        self.counts.setWordWrap(True)
        self.problems = QTableWidget(0, 4)
        self.problems.setObjectName("placesImportProblems")
        self.problems.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"),
                                                 self.tr("Value"), self.tr("Problem")])
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setEditTriggers(QTableWidget.NoEditTriggers)
        self.message = QLabel()
        self.message.setObjectName("placesImportMessage")
        self.message.setWordWrap(True)
        self.busy = BusyBar()
        self.busy.cancelled.connect(lambda: self._cancel.set())
        self.check_button = QPushButton(self.tr("Check file"))
        self.check_button.setObjectName("placesCheck")
        self.check_button.clicked.connect(self.check)
        self.report_button = QPushButton(self.tr("Save error report…"))
        self.report_button.setObjectName("placesReport")
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self.save_report)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("placesImport")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addStretch()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.counts)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self.resize(900, 600)

    # -- helpers ----------------------------------------------------------------------
    def _connection(self):
        if self._conn is None:
            self._conn = self.places.store.open_connection()
        return self._conn

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def _start(self, phase: str, work, done) -> None:
        self._busy = True
        self._cancel = threading.Event()
        for b in (self.check_button, self.import_button, self.report_button):
            b.setEnabled(False)
        self.busy.start(phase)
        cancel = yielding(self._cancel.is_set)

        def finished(result):
            self._stop()
            done(result)
        run_in_thread(without_gc_pauses(lambda: work(cancel)), finished, self._failed,
                      pool=self._pool)

    def _stop(self) -> None:
        self._busy = False
        self.busy.stop()
        self.check_button.setEnabled(True)
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        n = len(plan.create) + len(plan.update) if plan else 0
        self.import_button.setEnabled(bool(n) and not self._busy)
        self.import_button.setText(self.tr("Import %1").replace("%1", count_text(n)) if n
                                   else self.tr("Import"))
        self.report_button.setEnabled(bool(plan and plan.problems()) and not self._busy)

    def _failed(self, exc: Exception) -> None:
        self._stop()
        if isinstance(exc, Cancelled):
            self.show_message(self.tr("Cancelled: nothing was changed."))
        elif isinstance(exc, FileProblem):
            self.show_message(file_problem_message(exc), error=True)
        elif isinstance(exc, places_commit.RowRefused):
            self.plan = None
            self._update_buttons()
            self.show_message(self.tr("Nothing was imported: row %1 was refused (%2). The data "
                                      "changed since the check: check the file again.")
                              .replace("%1", str(exc.row))
                              .replace("%2", "；".join(import_message(i) for i in exc.issues)),
                              error=True)
        else:
            self.show_message(self.tr("Failed, nothing was changed: %1").replace("%1", str(exc)),
                              error=True)

    # -- actions ------------------------------------------------------------------------
    def browse(self) -> None:
        path = choosers.choose_open_path(self, self.tr("Choose a file"),
                                         "Excel / CSV (*.xlsx *.xlsm *.csv *.txt)")
        if path:
            self.path.setText(path)

    def save_template(self) -> None:
        save_places_template(self, self.kind)

    def options(self) -> Options:
        return Options(self.grid.currentData(), create_addresses=self.create_addresses.isChecked())

    def check(self) -> None:
        path = self.path.text().strip()
        if self._busy:
            return
        if not path:
            self.show_message(self.tr("Choose a file first."), error=True)
            return
        if self.grid.currentData() is None:
            self.show_message(self.tr("There is no grid in your area yet."), error=True)
            return
        self.show_message("")
        conn, kind, options = self._connection(), self.kind, self.options()
        actor, today = self.places.actor, self.places.today

        def work(cancel):
            source = read_file(path, cancel=cancel)
            analysis = places_import.analyse_places(conn, source, kind, options, actor,
                                                    today=today, cancel=cancel)
            return analysis, analysis.plan(cancel=cancel)
        self._start("check", work, self._checked)

    def _checked(self, result) -> None:
        self.analysis, self.plan = result
        self.show_plan()

    def _replan(self) -> None:
        if self.analysis is not None and not self._busy:
            self.plan = self.analysis.plan(create_addresses=self.create_addresses.isChecked())
            self.show_plan()

    def show_plan(self) -> None:
        plan = self.plan
        c = plan.counts()
        text = self.tr("%1 row(s): %2 new, %3 to update, %4 with problems (not imported).") \
            .replace("%1", count_text(c["rows"])).replace("%2", count_text(c["create"])) \
            .replace("%3", count_text(c["update"])).replace(
                "%4", count_text(c["errors"] + c["blocked"]))
        if c["people"]:
            text += " " + (self.tr("%1 tenant(s) by ID number.") if self.kind == "rentals" else
                           self.tr("%1 employee(s) by ID number.")).replace(
                "%1", count_text(c["people"]))
        if c["new_addresses"]:
            text += " " + self.tr("%1 new address(es) will be created.").replace(
                "%1", count_text(c["new_addresses"]))
        elif c["blocked"]:
            text += " " + self.tr("%1 row(s) need addresses not in the tree: tick “Create "
                                  "missing addresses” to make them.").replace(
                "%1", count_text(c["blocked"]))
        self.counts.setText(text)
        items = [(row, issue) for row, issues in plan.problems() for issue in issues]
        items += [(row, issue) for row in plan.create + plan.update for issue in row.issues]
        items.sort(key=lambda item: item[0].number)
        shown = items[:SHOWN_PROBLEMS]
        self.problems.setRowCount(len(shown))
        analysis = plan.analysis
        for r, (row, issue) in enumerate(shown):
            col = places_import.issue_column(analysis, issue)
            head = analysis.layout.headers[col] if col is not None and col < len(
                analysis.layout.headers) else ""
            where = f"{column_letter(col)}  {head}".strip() if col is not None else \
                self.tr("(no column: %1)").replace("%1", field_name(self.kind, issue.field))
            value = cell_text(row.cells[col]) if col is not None and col < len(row.cells) else ""
            key = analysis.mapping.get(col)
            if key in ID_FIELDS:
                value = "、".join(rules.mask_id(v) for v in value.replace(",", "、").split("、"))
            elif key in PHONE_FIELDS and issue.field != key:
                value = rules.mask_phone(value)
            cells = [str(row.number), where, value, import_message(issue)]
            for c_, text_ in enumerate(cells):
                item = QTableWidgetItem(text_)
                if c_ == 3:
                    item.setToolTip(text_)
                    item.setForeground(problem_colour(issue))
                self.problems.setItem(r, c_, item)
        self.problems.resizeColumnsToContents()
        self.problems.horizontalHeader().setStretchLastSection(True)
        self._update_buttons()

    def save_report(self) -> None:
        plan = self.plan
        if plan is None or self._busy:
            return
        path = choosers.choose_save_path(self, self.tr("Save error report"),
                                         self.tr("problems.xlsx"), choosers.XLSX_FILTER)
        if not path:
            return
        lang = current_lang()
        fields = {f.key: f for f in places_import.FIELD_SETS[self.kind]}

        def work(cancel):
            return exporter.write_error_report(path, plan, import_message, lang,
                                               column_of=places_import.issue_column,
                                               fields=fields)
        self._start("report", work, lambda n: self.show_message(
            self.tr("Saved %1 row(s) to fix in %2").replace("%1", count_text(n))
            .replace("%2", path)))

    def commit(self) -> None:
        plan = self.plan
        if plan is None or self._busy:
            return
        store = ConnectionStore(self._connection())
        actor, today = self.places.actor, self.places.today

        def work(cancel):
            return places_commit.commit_places(store, actor, plan, today=today, cancel=cancel)
        self._start("write", work, self._committed)

    def _committed(self, result) -> None:
        self.result = result
        self.plan = None
        self._update_buttons()
        text = self.tr("Imported: %1 new, %2 updated, %3 not imported.").replace(
            "%1", count_text(result.created)).replace("%2", count_text(result.updated)).replace(
            "%3", count_text(result.not_imported))
        if result.people:
            text += " " + (self.tr("%1 tenant(s) linked.") if self.kind == "rentals" else
                           self.tr("%1 employee(s) linked.")).replace(
                "%1", count_text(result.people))
        self.show_message(text)
        self.imported.emit(result)

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
        self.analysis = self.plan = None
        release_frozen()
        super().done(r)


def problem_colour(issue: rules.Issue) -> QColor:
    return QColor("#b91c1c") if issue.is_error else QColor("#b45309")


def save_places_template(parent: QWidget, kind: str) -> str:
    """Ask where, then write the blank template; returns what happened in words."""
    from app.models.io.places_template import write_places_template
    path = choosers.choose_save_path(parent, QCoreApplication.translate(
        "PlacesIO", "Save template"), template_name(kind), choosers.XLSX_FILTER)
    if not path:
        return ""
    try:
        write_places_template(path, kind, current_lang())
    except OSError as exc:
        text = QCoreApplication.translate("PlacesIO", "The template was not saved: %1").replace(
            "%1", str(exc))
    else:
        text = QCoreApplication.translate("PlacesIO", "Template saved: %1").replace("%1", path)
    if hasattr(parent, "show_message"):
        parent.show_message(text)
    return text


def export_places(parent: QWidget, places, kind: str, path_prefix: str) -> str:
    """Ask where (and, for a role that may, whether with full values and why), write
    the list masked or in full, watermarked and audited; the outcome in words."""
    from PySide6.QtWidgets import QMessageBox
    title = (QCoreApplication.translate("PlacesIO", "Export rentals") if kind == "rentals" else
             QCoreApplication.translate("PlacesIO", "Export organizations"))
    path = choosers.choose_save_path(parent, title, "", choosers.XLSX_FILTER)
    if not path:
        return ""
    full, reason = False, ""
    if places.actor.role in rights.FULL_VALUE_EXPORTERS:
        answer = QMessageBox.question(
            parent, title, QCoreApplication.translate(
                "PlacesIO", "Export full phone and ID numbers? Only for a stated reason, "
                "recorded in the audit log. No exports them masked."),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes:
            from app.ui.roster.resident_dialog import ask_reveal_reason
            reason = ask_reveal_reason(parent)
            if reason is None:
                return ""
            full = True
    try:
        result = places_export.export(places.store, kind, path, places.actor,
                                      path_prefix=path_prefix, full_values=full, reason=reason,
                                      lang=current_lang())
    except places_export.ExportRefused:
        return QCoreApplication.translate("PlacesIO", "Your role may not export this list.")
    except OSError as exc:
        return QCoreApplication.translate("PlacesIO", "The file could not be written: %1") \
            .replace("%1", str(exc))
    said = (QCoreApplication.translate("PlacesIO", "%1 rows exported to %2 (phones and ID "
                                       "numbers masked).") if result.masked else
            QCoreApplication.translate("PlacesIO", "%1 rows exported to %2 (full values)."))
    return said.replace("%1", str(result.rows)).replace("%2", path)
