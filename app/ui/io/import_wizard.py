"""Roster import wizard (居民台账 导入).

The wizard walks a clerk through: file, grid and what to do with people already in
the roster → which column is which → a preview with counts, the problems and the
duplicates to decide → the import with a progress bar and Cancel → a summary with
the error report. Every stage of the engine (``app.models.io``) runs off the GUI
thread on the wizard's own connection, so the window never freezes, even on a
100,000-row file; Cancel rolls everything back. The pages are ``file_step``,
``columns_step``, ``preview_step`` and ``summary_step``.
"""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from app.models.io import commit, exporter
from app.models.io.layout import Layout, detect_layout
from app.models.io.plan import Analysis, Options, Plan, analyse
from app.models.io.readers import read_file
from app.models.io.source import Cancelled, FileProblem, Source
from app.models.write.unit import ConnectionStore
from app.ui.common.i18n import current_lang
from app.ui.common.threads import run_in_thread
from app.ui.common.widgets import ERROR_STYLE
from app.ui.io import choosers
from app.ui.io.busy import BusyBar, ProgressSignals, release_frozen, without_gc_pauses, yielding
from app.ui.io.columns_step import ColumnsStep
from app.ui.io.file_step import FileStep
from app.ui.io.preview_step import PreviewStep
from app.ui.io.problem_models import problem_items
from app.ui.io.summary_step import SummaryStep
from app.ui.io.wording import count_text, file_problem_message, import_message


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
        self._signals = ProgressSignals(self)
        self._signals.progress.connect(self._on_progress)
        self._cancel = threading.Event()
        self._busy = False
        self._generation = 0
        self.source: Source | None = None
        self.layout_info: Layout | None = None
        self.analysis: Analysis | None = None
        self.plan: Plan | None = None
        self.result: commit.ImportResult | None = None
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
            self.next_button.setText(self.tr("Import %1").replace("%1", count_text(n)) if n
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
        if isinstance(exc, Cancelled):
            if step == "importing":
                self._show("preview")
            self.show_message(self.tr("Cancelled: nothing was changed."), error=False)
        elif isinstance(exc, FileProblem):
            self._show("file")
            self.file_step.show_problem(file_problem_message(exc))
        elif isinstance(exc, commit.StaleData):
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
            source = read_file(path, sheet, progress=progress, cancel=cancel)
            return source, detect_layout(source.sheet)
        self._start("read", work, self._read_done)

    def _read_sheet(self, sheet: str) -> None:
        if self.source is not None and sheet != self.source.sheet.name:
            self._read(self.source.path, sheet)

    def _read_done(self, result) -> None:
        self.source, self.layout_info = result
        self.analysis = self.plan = None
        self.columns_step.load(self.source, self.layout_info)
        self._show("columns")

    def options(self) -> Options:
        return Options(self.file_step.grid.currentData(), self.file_step.policy(),
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
            analysis = analyse(conn, source, options, actor, layout=layout,
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
            return commit.commit(worker_store, actor, plan, progress=progress, cancel=cancel)
        self._start("write", work, self._commit_done)

    def _commit_done(self, result: commit.ImportResult) -> None:
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
        path = choosers.choose_save_path(self, self.tr("Save error report"),
                                         self.tr("%1 - problems.xlsx").replace("%1", base),
                                         choosers.XLSX_FILTER)
        if not path:
            return
        lang = current_lang()

        def work(progress, cancel):
            progress("report", 0, 0)
            return exporter.write_error_report(path, plan, import_message, lang)

        def done(n):
            self.show_message(self.tr("Saved %1 row(s) to fix in %2").replace("%1", count_text(n))
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
