"""工作台: the signed-in user's day at a glance, per role (app.models.reports.home)."""
from __future__ import annotations

import functools

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QProgressBar, QPushButton,
    QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.models.domain.case_fields import shown_number
from app.models.domain import places, rights
from app.models.places.repository import Places
from app.models.reports import home
from app.models.domain.choices import TAG_TYPES
from app.models.domain.rules import mask_phone
from app.ui.cases.case_detail import CaseDetailDialog
from app.ui.cases.case_labels import (
    LEVEL_COLORS, band_color, countdown_text, level_label, state_label,
)
from app.ui.common.i18n import label
from app.ui.cases.quick_report import QuickReportDialog
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import make_table
from app.ui.places.house_dialog import HouseDialog
from app.ui.forms.forms_dialog import open_task_dialog
from app.ui.forms.tasks import FormTasksPanel, may_fill_tasks, may_publish

IdRole = Qt.UserRole + 1


class Tile(QFrame):
    """A count with its caption; clicking it shows the list behind it."""

    clicked = Signal()

    def __init__(self, caption: str, color: str, parent=None):
        super().__init__(parent)
        self.caption = caption
        self.count: int | None = None
        self.setObjectName("tile")
        self.setCursor(Qt.PointingHandCursor)
        self.setMinimumSize(100, 78)   # six in a row fit 1366×768 at 150 %
        self.setStyleSheet(
            "QFrame#tile { background: white; border: 1px solid #d1d5db; border-radius: 6px; }"
            "QFrame#tile:hover { border-color: #2f5d8f; background: #f5f8fc; }")
        self.number = QLabel("…")
        self.number.setObjectName("tileNumber")
        self.number.setStyleSheet(f"font-size: 26px; font-weight: bold; color: {color};"
                                  " background: transparent;")
        self.label = QLabel(caption)
        self.label.setWordWrap(True)   # a long caption takes two lines, not the row's width
        self.label.setStyleSheet("color: #374151; background: transparent;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.number)
        layout.addWidget(self.label)

    def set_count(self, n: int | None) -> None:
        self.count = n
        self.number.setText("…" if n is None else format(n, ","))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.LeftButton:
            self.clicked.emit()


class HomePage(QWidget):
    changed = Signal()          # a case was changed from here (the review badges follow)

    TAB_HANDLE, TAB_DEADLINE, TAB_VISITS, TAB_INSPECTIONS = range(4)

    def __init__(self, store, cases, roster, *, role_name=None, prevent_roles=(), parent=None):
        super().__init__(parent)
        self.store, self.cases, self.roster = store, cases, roster
        self.role_name = role_name or (lambda r: r)
        self.prevent_roles = frozenset(prevent_roles)
        # the summary is read on the page's own connection off the GUI thread; a newer
        # request (another user, a change) stops an older one
        self._lane = QueryLane(store.open_connection)
        self.summary: home.HomeSummary | None = None

        self.greeting = QLabel()
        self.greeting.setObjectName("homeGreeting")
        self.greeting.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.subtitle = QLabel()
        self.subtitle.setStyleSheet("color: #4b5563;")
        self.busy = QProgressBar()
        self.busy.setObjectName("homeBusy")
        self.busy.setRange(0, 0)               # indeterminate: loading
        self.busy.setFixedWidth(140)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.report_button = QPushButton(self.tr("Quick report"))
        self.report_button.setObjectName("homeQuickReport")
        self.report_button.setToolTip("Ctrl+N")
        self.report_button.setStyleSheet(
            "QPushButton { background: #2f5d8f; color: white; border-radius: 4px;"
            " padding: 8px 18px; font-weight: bold; }"
            "QPushButton:hover { background: #24496f; }")
        self.report_button.clicked.connect(self.quick_report)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.greeting)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(self.busy)
        head.addWidget(refresh)
        head.addWidget(self.report_button)

        self.tiles = {
            "to_handle": Tile(self.tr("Cases to handle"), "#1f3a5f"),
            "overdue": Tile(self.tr("Overdue"), "#b91c1c"),
            "nearly_due": Tile(self.tr("Nearly overdue"), "#b45309"),
            "visits": Tile(self.tr("Visits due"), "#15803d"),
            "conflicts": Tile(self.tr("Conflicts to resolve"), "#6d28d9"),
            "inspections": Tile(self.tr("Inspections due"), "#9a3412"),
        }
        for key, tile in self.tiles.items():
            tile.setProperty("key", key)
        self.tiles["conflicts"].setToolTip(self.tr(
            "Changes made on two devices to the same field; resolve them on the Sync page."))
        tiles = QGridLayout()
        tiles.setHorizontalSpacing(8)
        for i, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, 0, i)
        self.tiles["to_handle"].clicked.connect(lambda: self.tabs.setCurrentIndex(0))
        self.tiles["overdue"].clicked.connect(lambda: self.tabs.setCurrentIndex(1))
        self.tiles["nearly_due"].clicked.connect(lambda: self.tabs.setCurrentIndex(1))
        self.tiles["visits"].clicked.connect(lambda: self.tabs.setCurrentIndex(2))
        self.tiles["inspections"].clicked.connect(
            lambda: self.tabs.setCurrentIndex(self.TAB_INSPECTIONS))

        self.handle_table = self._case_table()
        self.deadline_table = self._case_table(level=True)
        self.visit_table = make_table([self.tr("Name"), self.tr("Address"), self.tr("Phone"),
                                       self.tr("Tags"), self.tr("Visit every"),
                                       self.tr("Last visit"), self.tr("Due")], 1,
                                      key="homeVisits")
        self.visit_table.setObjectName("homeVisits")
        self.visit_table.doubleClicked.connect(lambda i: self.open_visit(
            self.visit_table.item(i.row(), 0).data(IdRole)))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.handle_table, self.tr("To handle"))
        self.tabs.addTab(self.deadline_table, self.tr("Overdue and nearly overdue"))
        self.tabs.addTab(self.visit_table, self.tr("Visits due"))
        self.inspection_table = make_table([self.tr("Organization"), self.tr("Category"),
                                            self.tr("Address"), self.tr("Last inspected"),
                                            self.tr("Inspect by")], 2)
        self.inspection_table.setObjectName("homeInspections")
        self.tabs.addTab(self.inspection_table, self.tr("Inspections due"))
        # 一表通: a community's tables to fill, a street's tables and their progress
        self.form_tasks = FormTasksPanel(store, roster, lambda task: open_task_dialog(
            self, store, roster, task))
        self.tab_forms = self.tabs.addTab(self.form_tasks, self.tr("一表通 tasks"))
        self.note = QLabel()
        self.note.setStyleSheet("color: #6b7280;")
        self.note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 12)
        layout.addLayout(head)
        layout.addSpacing(8)
        layout.addLayout(tiles)
        layout.addSpacing(6)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.quick_report)
        self._loaded_once = False

    # -- tables --------------------------------------------------------------------
    def _case_table(self, *, level: bool = False) -> QTableWidget:
        headers = [self.tr("Number"), self.tr("Title"), self.tr("State"), self.tr("Time left"),
                   self.tr("Grid")]
        if level:
            headers.insert(3, self.tr("Level"))
        table = make_table(headers, 1)
        table.setObjectName("homeDeadlines" if level else "homeToHandle")
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        # the time left is read whole ("剩 1个工作日2小时"), never cut short
        table.horizontalHeader().setSectionResizeMode(headers.index(self.tr("Time left")),
                                                      QHeaderView.ResizeToContents)
        table.doubleClicked.connect(lambda i: self.open_case(
            table.item(i.row(), 0).data(IdRole)))
        return table

    def _grid_name(self, grid_id: str | None) -> str:
        unit = self.roster.org_unit(grid_id) if grid_id else None
        return unit["name"] if unit else ""

    def _fill_cases(self, table: QTableWidget, rows: list[dict], *, level: bool = False) -> None:
        table.setRowCount(0)
        table.setRowCount(len(rows))
        names: dict[str, str] = {}
        for r, row in enumerate(rows):
            lvl = self.cases.level(row)
            # the same time left and colour band as the case lists (cases.countdown)
            left = self.cases.countdown(row)
            cells = [shown_number(row), row["title"], state_label(row["state"]),
                     countdown_text(left)]
            if level:
                cells.insert(3, level_label(lvl))
            gid = row.get("grid_id")
            if gid not in names:
                names[gid] = self._grid_name(gid)
            cells.append(names[gid])
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text or "")
                if c == 0:
                    item.setData(IdRole, row["id"])
                if level and c == 3:
                    item.setForeground(LEVEL_COLORS.get(lvl))
                elif c == len(cells) - 2 and band_color(left) is not None:   # time left
                    item.setForeground(band_color(left))
                table.setItem(r, c, item)

    def _fill_visits(self, due: list[home.VisitDue],
                     houses: list[home.HouseVisitDue] = ()) -> None:
        """Residents and houses to visit in one list, most overdue first (a resident
        before a house on the same day)."""
        t = self.visit_table
        t.setRowCount(0)
        rows = sorted([(v.days_overdue, 0, i, v) for i, v in enumerate(due)]
                      + [(h.days_overdue, 1, i, h) for i, h in enumerate(houses)],
                      key=lambda x: (-x[0], x[1], x[2]))
        t.setRowCount(len(rows))
        for r, (_late, _kind, _i, v) in enumerate(rows):
            if isinstance(v, home.HouseVisitDue):
                key, last, never = ("house", v.house_id), v.last_seen, self.tr("Never visited")
                what = self.tr("House: %1").replace("%1", label(places.HOUSE_USES.get(v.use)))
                cells = [" · ".join(x for x in (what, v.owner) if x), v.address,
                         mask_phone(v.phone) if v.phone else "", ""]
            else:
                key, last, never = ("resident", v.resident_id), v.last_visit, \
                    self.tr("Never visited")
                cells = [v.name, v.address, mask_phone(v.phone) if v.phone else "",
                         "、".join(label(TAG_TYPES[c]) for c in v.tags if c in TAG_TYPES)]
            when = (self.tr("%n day(s) overdue", "", v.days_overdue) if v.days_overdue
                    else self.tr("Due today"))
            cells += [self.tr("%n day(s)", "", v.every_days), last or "—",
                      never if last is None else when]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(IdRole, key)
                if c == len(cells) - 1:
                    item.setForeground(LEVEL_COLORS["red" if v.days_overdue >= 7
                                                    or last is None else "yellow"])
                t.setItem(r, c, item)
        t.resizeColumnToContents(0)

    def _fill_inspections(self, due: list[dict]) -> None:
        t = self.inspection_table
        t.setRowCount(len(due))
        today = self.roster.today.isoformat()
        for r, o in enumerate(due):
            category = places.NINE_SMALL.get(o["category"] or "")
            when = (self.tr("Never inspected") if o["last_inspected"] is None else
                    o["next_due"] if o["next_due"] > today else
                    self.tr("Overdue since %1").replace("%1", o["next_due"]))
            for c, text in enumerate([o["name"], label(category) if category else
                                      label(places.ORG_KINDS.get(o["kind"])),
                                      o["address"] or "", o["last_inspected"] or "—", when]):
                item = QTableWidgetItem(text)
                if c == 4 and (o["last_inspected"] is None or o["next_due"] <= today):
                    item.setForeground(LEVEL_COLORS["red"])
                t.setItem(r, c, item)
        t.resizeColumnToContents(0)

    # -- loading ---------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Load the summary off the GUI thread; the busy bar shows. A load still running
        is stopped: only the newest is shown."""
        actor = self.cases.actor
        self._show_header(actor)
        self.busy.show()
        forms = may_fill_tasks(self.roster) or may_publish(self.roster)
        self.tabs.setTabVisible(self.tab_forms, forms)
        if forms:
            self.form_tasks.refresh()
        self._lane.submit(functools.partial(read_summary, actor, self.cases.calendar,
                                            self.cases.now()),
                          self._show, self._failed)

    def is_loading(self) -> bool:
        return self._lane.busy()

    def _show_header(self, actor) -> None:
        unit = self.roster.org_unit_by_code(actor.scope_code) if actor.scope_code else None
        scope = unit["name"] if unit else self.tr("whole local database")
        self.greeting.setText(self.tr("Hello, %1").replace("%1", actor.name))
        today = self.cases.now().date()
        self.subtitle.setText(self.tr("%1 · %2 · %3").replace("%1", self.role_name(actor.role))
                              .replace("%2", scope).replace("%3", today.isoformat()))
        # a role that creates no cases is not offered to report one (the server refuses it)
        self.report_button.setVisible(rights.creates_cases(actor.role))

    def _failed(self, exc: Exception) -> None:
        self.busy.hide()
        self.note.setText(self.tr("The overview could not be loaded: %1").replace("%1", str(exc)))

    def _show(self, s: home.HomeSummary) -> None:
        self.busy.hide()
        self.summary = s
        self._loaded_once = True
        self.tiles["to_handle"].set_count(s.to_handle_total)
        self.tiles["overdue"].set_count(s.overdue_total)
        self.tiles["nearly_due"].set_count(len(s.nearly_due))
        self.tiles["visits"].set_count(s.visits_due_total + s.houses_due_total)
        self.tiles["conflicts"].set_count(s.conflicts)
        self.tiles["inspections"].set_count(len(s.inspections_due))
        self.tiles["inspections"].setVisible(s.role in home.VISITING_ROLES)
        self.tabs.setTabVisible(self.TAB_INSPECTIONS, s.role in home.VISITING_ROLES)
        self._fill_inspections(s.inspections_due)
        visiting = s.role in home.VISITING_ROLES
        self.tiles["visits"].setVisible(visiting)
        self.tiles["conflicts"].setVisible(s.role in home.CONFLICT_ROLES)
        self.tabs.setTabVisible(self.TAB_VISITS, visiting)
        self._fill_cases(self.handle_table, s.to_handle)
        self._fill_cases(self.deadline_table, s.overdue + s.nearly_due, level=True)
        self._fill_visits(s.visits_due, s.houses_due)
        notes = []
        if s.role not in rights.CASE_ACTORS:
            notes.append(self.tr("Your role handles no cases and visits no residents."))
        if s.to_handle_total > len(s.to_handle):
            notes.append(self.tr("The first %1 cases are listed; the Cases page has all of them.")
                         .replace("%1", str(len(s.to_handle))))
        if s.reported_by_me_open:
            notes.append(self.tr("%n case(s) you reported are still open.", "",
                                 s.reported_by_me_open))
        self.note.setText("  ".join(notes))

    # -- actions ---------------------------------------------------------------------
    def quick_report(self) -> None:
        if not rights.creates_cases(self.cases.actor.role):
            return
        dlg = QuickReportDialog(self.cases, self.roster, grid_choices=self.roster.grids(),
                                parent=self)
        if dlg.exec() == QDialog.Accepted:
            self.changed.emit()
            self.refresh()

    def open_case(self, case_id: str | None) -> None:
        if not case_id:
            return
        dlg = CaseDetailDialog(self.cases, self.roster, case_id, self)
        dlg.changed.connect(self._case_changed)
        dlg.exec()

    def _case_changed(self) -> None:
        self.changed.emit()
        self.refresh()

    def open_visit(self, key) -> None:
        """A row of the visits list: a resident's or a house's (kind, id)."""
        if not key:
            return
        kind, row_id = key
        if kind == "resident":
            self.open_resident(row_id)
            return
        dlg = HouseDialog(Places(self.store, self.cases.actor), row_id, parent=self)
        dlg.exec()
        self.refresh()

    def open_resident(self, resident_id: str | None) -> None:
        if not resident_id:
            return
        from app.ui.roster.resident_dialog import ResidentDialog
        dlg = ResidentDialog(self.roster, resident_id=resident_id, cases=self.cases,
                             include_key_tags=self.cases.actor.role in self.prevent_roles,
                             parent=self)
        dlg.exec()
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._lane.close()
        super().closeEvent(event)


def read_summary(actor, calendar, now, conn) -> home.HomeSummary:
    """The home page's summary (worker thread; the lane passes its connection last)."""
    return home.summary(conn, actor, calendar=calendar, now=now)
