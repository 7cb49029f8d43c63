"""党建引领: each grid's party branch and secretary, the party members and in-service
party members (双报到) living there, and their part in cases and visits
(app.models.roster.party). A party member's part is recorded through the one write path."""
from __future__ import annotations

import functools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QSplitter, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from app.models.roster import party
from app.models.domain.choices import VISIT_KINDS
from app.models.write.unit import NotFound
from app.models.roster.repository import ValidationError
from app.ui.cases.case_detail import CaseDetailDialog
from app.ui.cases.case_labels import state_label
from app.ui.common.i18n import label
from app.ui.common.messages import message
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import ERROR_STYLE, make_table

IdRole = Qt.UserRole + 1


def issue_text(issue) -> str:
    from PySide6.QtCore import QCoreApplication as Q
    if issue.code == "not_party_member":
        return Q.translate("Party", "%1 is not a party member in the roster.").replace(
            "%1", str(issue.params.get("name", "")))
    if issue.code == "too_many":
        return Q.translate("Party", "At most %1 people at a time.").replace(
            "%1", str(issue.params.get("max", "")))
    if issue.code == "required" and issue.field == "participants":
        return Q.translate("Party", "Choose at least one party member.")
    return message(issue)


class ParticipationDialog(QDialog):
    """Pick a case or a visit of the grid for the chosen party members; an optional note."""

    def __init__(self, page, kind: str, people: list[dict], parent=None):
        super().__init__(parent)
        self.page, self.kind, self.people = page, kind, people
        names = "、".join(p["name"] for p in people)
        self.setWindowTitle(self.tr("Took part in a case") if kind == "case"
                            else self.tr("Took part in a visit"))
        self.resize(640, 460)
        who = QLabel(self.tr("Party members: %1").replace("%1", names))
        who.setWordWrap(True)
        self.choices = QListWidget()
        self.choices.setObjectName("participationChoices")
        grid_id = page.current_grid_id()
        conn = page.store.conn
        if kind == "case":
            for c in party.recent_cases(conn, grid_id):
                item = QListWidgetItem(f"{c['number']}  {c['title']}  · {state_label(c['state'])}")
                item.setData(IdRole, c["id"])
                self.choices.addItem(item)
        else:
            for v in party.recent_visits(conn, grid_id):
                kind_label = label(VISIT_KINDS.get(v["kind"]))
                item = QListWidgetItem(f"{v['visited_on']}  {v['resident'] or ''} · {kind_label}"
                                       f"  {(v['findings'] or '')[:30]}")
                item.setData(IdRole, v["id"])
                self.choices.addItem(item)
        self.note = QLineEdit()
        self.note.setObjectName("participationNote")
        self.note.setPlaceholderText(self.tr("What they did (optional)"))
        self.note.setVisible(kind == "case")
        self.error = QLabel()
        self.error.setObjectName("participationError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(QLabel(self.tr("Choose the case:") if kind == "case"
                                else self.tr("Choose the visit:")))
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        item = self.choices.currentItem()
        if item is None:
            self.error.setText(self.tr("Choose the case first.") if self.kind == "case"
                               else self.tr("Choose the visit first."))
            return
        ids = [p["id"] for p in self.people]
        try:
            if self.kind == "case":
                names = "、".join(p["name"] for p in self.people)
                note = self.note.text().strip()
                text = self.tr("Party members took part: %1").replace("%1", names)
                party.record_case_participation(self.page.cases, item.data(IdRole), ids,
                                                note=f"{text}. {note}" if note else text)
            else:
                party.record_visit_participation(self.page.store, self.page.cases.actor,
                                                 item.data(IdRole), ids)
        except ValidationError as exc:
            self.error.setText(" ".join(issue_text(i) for i in exc.issues))
            return
        except NotFound:
            self.error.setText(self.tr("Not found: it may have been removed."))
            return
        self.accept()


class MemberDialog(QDialog):
    """What one party member took part in; double-click a case to open it."""

    def __init__(self, page, member: dict, parent=None):
        super().__init__(parent)
        self.page = page
        self.setWindowTitle(member["name"])
        self.resize(640, 420)
        self.rows = party.participations(page.store.conn, member["id"])
        self.table = make_table([self.tr("Date"), self.tr("Kind"), self.tr("What"),
                                 self.tr("Detail")], 2)
        self.table.setObjectName("memberParticipations")
        self.table.setRowCount(len(self.rows))
        for r, p in enumerate(self.rows):
            kind = self.tr("Case") if p["kind"] == "case" else self.tr("Visit")
            for c, text in enumerate(((p["when"] or "")[:10], kind, p["label"], p["detail"])):
                self.table.setItem(r, c, QTableWidgetItem(text or ""))
        self.table.doubleClicked.connect(lambda i: self.open(i.row()))
        empty = QLabel(self.tr("No participation recorded yet.") if not self.rows else
                       self.tr("Double-click a case to open it."))
        empty.setStyleSheet("color: #6b7280;")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(empty)
        layout.addWidget(buttons)

    def open(self, row: int) -> None:
        if 0 <= row < len(self.rows) and self.rows[row]["kind"] == "case":
            CaseDetailDialog(self.page.cases, self.page.roster, self.rows[row]["case_id"],
                             self).exec()


class PartyPage(QWidget):
    changed = Signal()

    def __init__(self, store, cases, roster, parent=None):
        super().__init__(parent)
        self.store, self.cases, self.roster = store, cases, roster
        self.grid_rows: list[dict] = []
        self.member_rows: list[dict] = []
        # the branches and a branch's members are read off the GUI thread, each on its
        # own connection; a newer request stops an older one
        self._grids_lane = QueryLane(store.open_connection, warm=False)
        self._members_lane = QueryLane(store.open_connection, warm=False)

        heading = QLabel(self.tr("Party-building leads grid governance"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold; color: #b91c1c;")
        self.summary = QLabel()
        self.summary.setObjectName("partySummary")
        self.summary.setStyleSheet("color: #4b5563;")
        self.grids = make_table([self.tr("Grid"), self.tr("Community"), self.tr("Party branch"),
                                 self.tr("Secretary"), self.tr("Party members"),
                                 self.tr("In-service members"), self.tr("Cases taken part in"),
                                 self.tr("Visits taken part in")], 2)
        self.grids.setObjectName("partyBranches")
        self.grids.itemSelectionChanged.connect(self.show_members)

        self.in_service_only = QCheckBox(self.tr("In-service party members only (双报到)"))
        self.in_service_only.toggled.connect(lambda _b: self.show_members())
        self.members_title = QLabel()
        self.members_title.setStyleSheet("font-weight: bold;")
        self.members = make_table([self.tr("Name"), self.tr("Party status"), self.tr("Unit"),
                                   self.tr("Address"), self.tr("Cases"), self.tr("Visits")], 3)
        self.members.setObjectName("partyMembers")
        self.members.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.members.doubleClicked.connect(lambda i: self.open_member(i.row()))
        self.case_button = QPushButton(self.tr("Took part in a case…"))
        self.case_button.setObjectName("partCase")
        self.visit_button = QPushButton(self.tr("Took part in a visit…"))
        self.visit_button.setObjectName("partVisit")
        self.case_button.clicked.connect(lambda: self.record("case"))
        self.visit_button.clicked.connect(lambda: self.record("visit"))
        self.status = QLabel()
        self.status.setObjectName("partyStatus")
        self.status.setStyleSheet("color: #4b5563;")
        member_bar = QHBoxLayout()
        member_bar.addWidget(self.members_title, 1)
        member_bar.addWidget(self.in_service_only)
        member_bar.addWidget(self.case_button)
        member_bar.addWidget(self.visit_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(member_bar)
        lower_layout.addWidget(self.members)
        lower_layout.addWidget(self.status)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.grids)
        split.addWidget(lower)
        split.setSizes([210, 470])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the branches again off the GUI thread; the members of the selected one
        follow."""
        self._grids_lane.submit(functools.partial(read_branches, self.cases.actor.scope_code),
                                self._show_branches, self._failed)

    def is_loading(self) -> bool:
        return self._grids_lane.busy() or self._members_lane.busy()

    def _failed(self, exc: Exception) -> None:
        self.status.setText(self.tr("The party branches could not be read: %1").replace(
            "%1", str(exc)))

    def _show_branches(self, rows: list[dict]) -> None:
        keep = self.current_grid_id()
        self.grid_rows = rows
        t = self.grids
        t.blockSignals(True)
        t.setRowCount(0)
        t.setRowCount(len(self.grid_rows))
        for r, g in enumerate(self.grid_rows):
            cells = [g["name"], g["community"] or "", g["party_branch"] or self.tr("(not set)"),
                     g["party_secretary"] or self.tr("(not set)"), str(g["members"]),
                     str(g["in_service"]), str(g["case_parts"]), str(g["visit_parts"])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(IdRole, g["id"])
                if c >= 4:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                t.setItem(r, c, item)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        rows = [i for i, g in enumerate(self.grid_rows) if g["id"] == keep]
        t.selectRow(rows[0] if rows else 0)
        t.blockSignals(False)        # the members are read once, below
        total = sum(g["members"] for g in self.grid_rows)
        in_service = sum(g["in_service"] for g in self.grid_rows)
        self.summary.setText(self.tr(
            "%1 grid party branches · %2 party members and %3 in-service party members living "
            "in the grids · %4 cases and %5 visits with party members taking part")
            .replace("%1", str(len(self.grid_rows))).replace("%2", str(total))
            .replace("%3", str(in_service))
            .replace("%4", str(sum(g["case_parts"] for g in self.grid_rows)))
            .replace("%5", str(sum(g["visit_parts"] for g in self.grid_rows))))
        self.show_members()

    def current_grid_id(self) -> str | None:
        row = self.grids.currentRow()
        item = self.grids.item(row, 0) if row >= 0 else None
        return item.data(IdRole) if item else None

    def show_members(self) -> None:
        """Read the selected branch's members off the GUI thread."""
        grid_id = self.current_grid_id()
        if not grid_id:
            self._members_lane.cancel()
            self._show_members((None, []))
            return
        self._members_lane.submit(functools.partial(
            read_members, grid_id, self.in_service_only.isChecked()), self._show_members,
            self._failed)

    def _show_members(self, result: tuple) -> None:
        grid_id, self.member_rows = result
        grid = next((g for g in self.grid_rows if g["id"] == grid_id), None)
        self.members_title.setText(
            self.tr("%1: %2 (secretary %3)").replace("%1", grid["name"]).replace(
                "%2", grid["party_branch"] or self.tr("no party branch recorded")).replace(
                "%3", grid["party_secretary"] or "—") if grid else "")
        status = {"01": self.tr("Party member"), "02": self.tr("Probationary member")}
        t = self.members
        t.setRowCount(0)
        t.setRowCount(len(self.member_rows))
        for r, m in enumerate(self.member_rows):
            kind = status.get(m["political_status"], "")
            if m["in_service_party_member"]:
                kind = (kind + " · " if kind else "") + self.tr("In service")
            cells = [m["name"], kind, m["party_member_unit"] or m["work_unit"] or "",
                     m["address"] or "", str(m["case_parts"]), str(m["visit_parts"])]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(IdRole, m["id"])
                if c >= 4:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                t.setItem(r, c, item)
        t.resizeColumnToContents(0)
        t.resizeColumnToContents(1)
        has = bool(self.member_rows)
        self.case_button.setEnabled(has)
        self.visit_button.setEnabled(has)

    def selected_members(self) -> list[dict]:
        rows = sorted({i.row() for i in self.members.selectionModel().selectedRows()})
        return [self.member_rows[r] for r in rows if 0 <= r < len(self.member_rows)]

    def record(self, kind: str) -> None:
        people = self.selected_members()
        if not people:
            self.status.setText(self.tr("Select one or more party members first."))
            return
        dlg = ParticipationDialog(self, kind, people, self)
        if dlg.exec() == QDialog.Accepted:
            self.status.setText(self.tr("Recorded."))
            self.changed.emit()
            self.refresh()

    def open_member(self, row: int) -> None:
        if 0 <= row < len(self.member_rows):
            MemberDialog(self, self.member_rows[row], self).exec()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._grids_lane.close()
        self._members_lane.close()
        super().closeEvent(event)


def read_branches(scope_code: str | None, conn) -> list[dict]:
    """Each grid's branch with its counts (worker thread; the lane's connection last)."""
    return party.branches(conn, scope_code)


def read_members(grid_id: str, in_service_only: bool, conn) -> tuple[str, list[dict]]:
    """(grid id, its party members) (worker thread)."""
    return grid_id, party.members(conn, grid_id=grid_id, in_service_only=in_service_only)

