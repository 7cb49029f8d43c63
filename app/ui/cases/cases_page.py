"""事件: the case list with filters and a deadline countdown coloured by level."""
from __future__ import annotations

import functools

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QHBoxLayout, QLineEdit,
    QPushButton, QVBoxLayout, QWidget,
)

from app.models.domain import rights, workflow
from app.models.cases.repository import OPEN_STATES as CASE_OPEN_STATES
from app.models.cases.repository import CaseQuery
from app.models.domain.case_fields import SOURCES
from app.models.domain.rules import clean_query_text
from app.ui.cases.case_detail import CaseDetailDialog, category_name
from app.ui.cases.case_labels import state_label
from app.ui.cases.case_model import CaseListModel, CaseReader, make_case_table, read_cases
from app.ui.cases.quick_report import QuickReportDialog
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import ChoiceCombo


# The "open" filter: cases in the loop (drafts are never listed).
OPEN_STATES = tuple(s for s in CASE_OPEN_STATES if s != "draft")

class CasesPage(QWidget):
    changed = Signal()

    def __init__(self, cases, roster, parent=None):
        super().__init__(parent)
        self.cases, self.roster = cases, roster
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Title or case number"))
        self.state = QComboBox()
        self.state.addItem(self.tr("All states"), ())
        self.state.addItem(self.tr("Open"), OPEN_STATES)
        for st in workflow.STATES:
            if st != "draft":
                self.state.addItem(state_label(st), (st,))
        self.category = QComboBox()
        self.category.addItem(self.tr("All categories"), None)
        for major in cases.categories.majors():
            for cat in cases.categories.in_major(major):
                self.category.addItem(f"{major} › {category_name(cat)}", cat.code)
        self.source = ChoiceCombo(SOURCES, blank=self.tr("All sources"))
        self.overdue = QCheckBox(self.tr("Overdue"))
        self.mine = QCheckBox(self.tr("Mine"))
        self.report_button = QPushButton(self.tr("Quick report"))
        self.report_button.setObjectName("quickReport")
        self.report_button.setToolTip("Ctrl+N")
        bar = QHBoxLayout()
        for w, stretch in ((self.search, 3), (self.state, 1), (self.category, 2), (self.source, 1),
                           (self.overdue, 0), (self.mine, 0), (self.report_button, 0)):
            bar.addWidget(w, stretch)

        self.model = CaseListModel(cases, self)
        self.table = make_case_table(self.model, self.open_case)
        self.table.table_kit.follow(self.search)      # Down from the search: the results
        # reloads after an edit or a pull, on the page's own connection (a newer one
        # stops an older); what the user filters shows its first page at once
        self._lane = QueryLane(cases.store.open_connection, warm=False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.state, self.category, self.source):
            combo.currentIndexChanged.connect(lambda _i: self.apply())
        for box in (self.overdue, self.mine):
            box.toggled.connect(lambda _b: self.apply())
        self.report_button.clicked.connect(self.quick_report)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.quick_report)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self.apply()

    def query(self) -> CaseQuery:
        return CaseQuery(text=clean_query_text(self.search.text()),
                         states=self.state.currentData() or (),
                         category=self.category.currentData(), source=self.source.code(),
                         overdue=self.overdue.isChecked(), mine=self.mine.isChecked())

    def apply(self) -> None:
        self._debounce.stop()
        # a role that creates no cases is not offered to report one (the server refuses it)
        self.report_button.setVisible(rights.creates_cases(self.cases.actor.role))
        self._lane.cancel()          # a reload of the list before must not land over this
        self.model.set_query(self.query())

    def refresh(self) -> None:
        """A case changed here: read the list again off the GUI thread (as many rows as
        are shown), and tell the window (the review badges follow)."""
        self.reload()
        self.changed.emit()

    def reload(self) -> None:
        """Read the list again off the GUI thread and swap it in (after a pull too)."""
        query = self.model.query if self.model.query is not None else self.query()
        self._lane.submit(functools.partial(read_cases, CaseReader.of(self.cases), query,
                                            self.model.rowCount(), self.model.page),
                          self.model.swap)

    def is_loading(self) -> bool:
        return self._lane.busy()

    def quick_report(self) -> None:
        if not rights.creates_cases(self.cases.actor.role):
            return
        dlg = QuickReportDialog(self.cases, self.roster, grid_choices=self.roster.grids(),
                                parent=self)
        if dlg.exec() == QDialog.Accepted:
            self.refresh()

    def open_case(self, case_id: str | None) -> None:
        if not case_id:
            return
        dlg = CaseDetailDialog(self.cases, self.roster, case_id, self)
        dlg.changed.connect(self.refresh)
        dlg.exec()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._lane.close()
        super().closeEvent(event)
