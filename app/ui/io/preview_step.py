"""The wizard's third page: counts, the problems, the people to decide on, the new
addresses and a sample of the rows to import."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QPushButton, QTableView, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.models.domain import addresses
from app.models.domain import choices as d
from app.models.domain import rules
from app.models.io.address import NewHousehold, NewNode
from app.models.io.plan import Plan
from app.ui.common.i18n import current_lang, label
from app.ui.common.widgets import WARNING_STYLE, make_table
from app.ui.io.problem_models import DecideModel, ProblemsModel
from app.ui.io.wording import count_text, skipped_text


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

    def show_plan(self, plan: Plan, items: list[tuple], ask_rows: list,
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
            self.counts[key].setText(count_text(value))
        needed = len(plan.needed_nodes)
        self.counts["new_addresses"].setText(count_text(needed))
        self.create_addresses.blockSignals(True)
        self.create_addresses.setChecked(plan.create_addresses)
        self.create_addresses.blockSignals(False)
        self.create_addresses.setVisible(bool(needed) or plan.create_addresses)
        notes = []
        if c["blocked"]:
            notes.append(self.tr("%1 row(s) need addresses that are not in the address tree: tick "
                                 "the box to create them, or correct the addresses.").replace(
                                     "%1", count_text(c["blocked"])))
        if c["ask"]:
            notes.append(self.tr("%1 person(s) are already in the roster: decide on the “To "
                                 "decide” tab.").replace("%1", count_text(c["ask"])))
        if c["warnings"]:
            notes.append(self.tr("%1 row(s) have warnings: they are imported; see the Problems "
                                 "tab.").replace("%1", count_text(c["warnings"])))
        if c["errors"] + c["blocked"]:
            notes.append(self.tr("Rows with problems are not imported: save the error report, "
                                 "correct them and import the report again."))
        skipped = skipped_text(plan.analysis.skipped_rows)
        self.note.setText(" ".join(notes + ([skipped] if skipped else [])))
        self.note.setStyleSheet(WARNING_STYLE if notes else "")
        self.problems.set_items(plan.analysis, items)
        self.problem_detail.setText("")
        self.report_button.setEnabled(bool(c["errors"] + c["blocked"]))
        self.decide.set_rows(ask_rows, decisions)
        self.tabs.setTabText(1, self.tr("Problems (%1)").replace(
            "%1", count_text(self.problems.rowCount())))
        self.tabs.setTabText(2, self.tr("To decide (%1)").replace("%1", count_text(c["ask"])))
        self.tabs.setTabEnabled(2, bool(ask_rows))
        nodes = plan.needed_nodes
        self.addresses.clear()
        zh = current_lang().startswith("zh")
        for node in nodes[:500]:
            # every kind of either address shape (domain.addresses.LABELS)
            names = addresses.LABELS.get(node.kind, (node.kind, node.kind))
            self.addresses.addItem(f"{names[0] if zh else names[1]}  {node.full_name}")
        if len(nodes) > 500:
            self.addresses.addItem(self.tr("… and %1 more").replace(
                "%1", count_text(len(nodes) - 500)))
        self.tabs.setTabText(3, self.tr("New addresses (%1)").replace("%1", count_text(len(nodes))))
        self._fill_sample(plan)
        if c["errors"] + c["blocked"] and not (c["create"] + c["update"]):
            self.tabs.setCurrentIndex(1)
        elif c["ask"]:
            self.tabs.setCurrentIndex(2)

    def _fill_sample(self, plan: Plan) -> None:
        rows = sorted(plan.create[:200] + plan.update[:200], key=lambda r: r.number)[:200]
        self.sample.setRowCount(len(rows))
        for i, row in enumerate(rows):
            clean = row.clean
            hh = row.household
            if isinstance(hh, NewHousehold):
                hh_text = hh.number
                room = hh.room
            elif hh:
                hh_text, room = hh["number"], None
            else:
                hh_text, room = "", None
            address = (room.full_name if isinstance(room, NewNode)
                       else room["full_name"] if room else "")
            if not address and isinstance(row.room, dict):
                address = row.room["full_name"]
            elif not address and isinstance(row.room, NewNode):
                address = row.room.full_name
            cells = [str(row.number), clean.get("name") or "", rules.mask_id(clean.get("id_number")),
                     label(d.GENDERS.get(clean.get("gender"))), clean.get("birth_date") or "",
                     address, hh_text, label(d.RELATIONS.get(row.relation)) if hh else "",
                     self.tr("new") if row.existing is None else self.tr("update")]
            for j, text in enumerate(cells):
                self.sample.setItem(i, j, QTableWidgetItem(text))
        self.sample.resizeColumnsToContents()
