"""五星创建: a community party branch's stars (app/models/domain/stars.py), with the
evidence GridDesk already holds for each criterion (app/models/reports/stars.py) and
the workflow (app/models/reports/star_workflow.py):

- a community (its supervisor) records evidence for the criteria with no data
  (photos and a note) and submits its self-assessment to the street;
- a street sees all its communities on one table (state, stars earned now, claimed,
  reviewed, confirmed, the nearest star and the points it lacks) and reviews or
  returns a submitted one;
- a district confirms a reviewed one or sends it back to the street.

Reads run off the GUI thread (QueryLane); writes go through the one write path.
"""
from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.models.domain import calendar
from app.models.domain import stars as rules
from app.models.reports import star_workflow, stars as evidence_of
from app.models.store import clock
from app.models.store import dictionaries as stored_dicts
from app.ui.common.i18n import current_lang
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import make_table
from app.ui.reports.drilldown import DrillDownDialog
from app.ui.reports.stars_dialogs import (ClaimDialog, OrganizationsDialog, ResidentsDialog,
                                          StepDialog)

IdRole = Qt.UserRole + 1
YEARS_BACK = 4
HISTORY_SHOWN = 5            # steps shown under the table (all of them are kept)
GREEN, RED, GREY = "#15803d", "#b91c1c", "#6b7280"


class StarsPage(QWidget):
    changed = Signal()

    def __init__(self, store, cases, roster, parent=None):
        super().__init__(parent)
        self.store, self.cases, self.roster = store, cases, roster
        self.data: dict | None = None
        self.criteria_rows: list = []
        self._lane = QueryLane(store.open_connection, warm=False)

        heading = QLabel(self.tr("Five-star party branches"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold; color: #b91c1c;")
        self.year = QComboBox()
        self.year.setObjectName("starsYear")
        this_year = clock.today().year
        for y in range(this_year, this_year - YEARS_BACK, -1):
            self.year.addItem(str(y), y)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.community = QComboBox()
        self.community.setObjectName("starsCommunity")
        self.community.setMinimumWidth(200)
        self.community.currentIndexChanged.connect(self._community_picked)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(QLabel(self.tr("Year:")))
        top.addWidget(self.year)
        top.addWidget(QLabel(self.tr("Community:")))
        top.addWidget(self.community)

        self.overview = make_table([self.tr("Community"), self.tr("State"),
                                    self.tr("Stars earned now"), self.tr("Claimed"),
                                    self.tr("Reviewed"), self.tr("Confirmed"),
                                    self.tr("Next star"), self.tr("Points short")], 0,
                                   key="starsOverview")
        self.overview.setObjectName("starsOverview")
        self.overview.itemSelectionChanged.connect(self._overview_picked)

        self.summary = QLabel()
        self.summary.setObjectName("starsSummary")
        self.summary.setTextFormat(Qt.RichText)
        self.summary.setWordWrap(True)
        self.criteria = make_table([self.tr("Star"), self.tr("Criterion"), self.tr("Points"),
                                    self.tr("Kind"), self.tr("Evidence"), self.tr("Target"),
                                    self.tr("Met"), self.tr("Note and photos")], 1,
                                   key="starsCriteria")
        self.criteria.setObjectName("starsCriteria")
        self.criteria.doubleClicked.connect(lambda _i: self.open_row())

        self.evidence_button = QPushButton(self.tr("Evidence…"))
        self.evidence_button.setObjectName("starsEvidence")
        self.evidence_button.clicked.connect(self.edit_claim)
        self.records_button = QPushButton(self.tr("Show records…"))
        self.records_button.setObjectName("starsRecords")
        self.records_button.clicked.connect(self.show_records)
        self.step_buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.evidence_button)
        bar.addWidget(self.records_button)
        bar.addStretch(1)
        for action, text in (("submit", self.tr("Submit to the street…")),
                             ("return", self.tr("Return to the community…")),
                             ("review", self.tr("Review…")),
                             ("send_back", self.tr("Send back to the street…")),
                             ("confirm", self.tr("Confirm…"))):
            button = QPushButton(text)
            button.setObjectName(f"stars_{action}")
            button.clicked.connect(functools.partial(self.take_step, action))
            button.setVisible(star_workflow.may(cases.actor, action))
            self.step_buttons[action] = button
            bar.addWidget(button)
        self.history = QLabel()
        self.history.setObjectName("starsHistory")
        self.history.setWordWrap(True)
        self.history.setStyleSheet(f"color: {GREY};")
        self.status = QLabel()
        self.status.setObjectName("starsStatus")
        self.status.setWordWrap(True)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.summary)
        lower_layout.addWidget(self.criteria, 1)
        lower_layout.addLayout(bar)
        lower_layout.addWidget(self.history)
        lower_layout.addWidget(self.status)
        split = self.split = QSplitter(Qt.Vertical)
        split.addWidget(self.overview)
        split.addWidget(lower)
        split.setSizes([150, 520])
        self.overview.setVisible(star_workflow.level(cases.actor) != rules.COMMUNITY)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    # ------------------------------------------------------------ reading
    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self.refresh()

    def selected_year(self) -> int:
        return int(self.year.currentData())

    def selected_unit(self) -> str | None:
        return self.community.currentData()

    def refresh(self) -> None:
        self._lane.submit(functools.partial(read_page, self.cases.actor.scope_code,
                                            self.selected_year(), self.selected_unit()),
                          self._show, self._failed)

    def is_loading(self) -> bool:
        return self._lane.busy()

    def _failed(self, exc: Exception) -> None:
        self.status.setText(self.tr("The stars could not be read: %1").replace("%1", str(exc)))

    def _community_picked(self, _index: int) -> None:
        if not self.community.signalsBlocked():
            self.refresh()

    def _overview_picked(self) -> None:
        row = self.overview.currentRow()
        item = self.overview.item(row, 0) if row >= 0 else None
        if item is not None and item.data(IdRole) != self.selected_unit():
            index = self.community.findData(item.data(IdRole))
            if index >= 0:
                self.community.setCurrentIndex(index)

    def _show(self, data: dict) -> None:
        self.data = data
        self.community.blockSignals(True)
        self.community.clear()
        for row in data["overview"]:
            self.community.addItem(row["unit"]["name"], row["unit"]["id"])
        self.community.setCurrentIndex(max(0, self.community.findData(data["unit_id"])))
        self.community.blockSignals(False)
        self._show_overview(data)
        self._show_criteria(data)
        self._show_state(data)

    def star_names(self, codes) -> str:
        scheme = self.data["scheme"]
        lang = current_lang()
        return "、".join(s.label(lang) for s in scheme.stars if s.code in set(codes)) or "—"

    def _show_overview(self, data: dict) -> None:
        t = self.overview
        t.blockSignals(True)
        t.setRowCount(0)
        t.setRowCount(len(data["overview"]))
        scheme, lang = data["scheme"], current_lang()
        for r, row in enumerate(data["overview"]):
            nxt = scheme.star(row["next_star"]) if row["next_star"] else None
            cells = [row["unit"]["name"], state_text(row["state"]),
                     str(len(row["earned"])) + " · " + self.star_names(row["earned"]),
                     self.star_names(row["claimed"]), self.star_names(row["reviewed"]),
                     self.star_names(row["confirmed"]),
                     nxt.label(lang) if nxt else self.tr("all five earned"),
                     str(row["next_gap"]) if nxt else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(IdRole, row["unit"]["id"])
                if c == 7:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                t.setItem(r, c, item)
            if row["unit"]["id"] == data["unit_id"]:
                t.selectRow(r)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        t.blockSignals(False)
        # the table as tall as its rows (a street's ten communities at most 240 px):
        # the criteria keep the rest
        rows = sum(t.rowHeight(r) for r in range(t.rowCount()))
        wanted = min(240, t.horizontalHeader().height() + rows + 2 * t.frameWidth() + 2)
        total = sum(self.split.sizes())
        if total > wanted:
            self.split.setSizes([wanted, total - wanted])

    def _show_criteria(self, data: dict) -> None:
        scheme, lang = data["scheme"], current_lang()
        claims = (data["assessment"] or {}).get("claims") or {}
        met = data["met"]
        parts = []
        for s in data["stars"]:
            color = GREEN if s["earned"] else RED
            mark = "★" if s["earned"] else "☆"
            parts.append(f"<span style='color:{color}'>{mark} {s['star'].label(lang)} "
                         f"{s['points']}/{s['pass_points']}</span>")
        self.summary.setText(self.tr("Points of the criteria met, against the points a star "
                                     "needs:") + "&nbsp; " + " &nbsp; ".join(parts))
        self.criteria_rows = [(s, c) for s in scheme.stars for c in s.criteria]
        t = self.criteria
        t.setRowCount(0)
        t.setRowCount(len(self.criteria_rows))
        for r, (star, c) in enumerate(self.criteria_rows):
            ev = data["evidence"].get(c.code)
            claim = claims.get(c.code) or {}
            note = claim.get("note") or ""
            if claim.get("photos"):
                note = (note + " · " if note else "") + self.tr(
                    "%n photo(s)", "", len(claim["photos"]))
            cells = [star.label(lang), c.label(lang), str(c.points),
                     self.tr("Computed") if c.computed else self.tr("Evidence"),
                     self.evidence_text(ev) if c.computed else self.tr("Uploaded evidence"),
                     self.target_text(c) if c.computed else "—",
                     self.met_text(c, ev, met.get(c.code)), note]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setData(IdRole, c.code)
                if col == 6:
                    item.setForeground(Qt.darkGreen if met.get(c.code) else Qt.darkRed)
                if col == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                t.setItem(r, col, item)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)

    def met_text(self, c, ev, met: bool) -> str:
        """Met or not by the records; where there are none to count (an evidence-only
        criterion, or no data yet), by the community's claim, or still awaiting it."""
        if c.computed and ev is not None and ev.met is not None:
            return self.tr("Met") if met else self.tr("Not met")
        return self.tr("Met (evidence)") if met else self.tr("Needs evidence")

    def evidence_text(self, ev) -> str:
        if ev is None:
            return ""
        if ev.no_data == "no_table":
            return self.tr("No data yet: no small venues (九小场所) recorded here")
        if ev.no_data:
            return self.tr("No data: the category dictionary has no such category")
        if ev.count is not None:
            return self.tr("%1 record(s)").replace("%1", str(ev.count))
        if not ev.denominator:
            return self.tr("None in the year")
        return self.tr("%1 of %2 (%3%)").replace("%1", str(ev.numerator)).replace(
            "%2", str(ev.denominator)).replace("%3", f"{100 * ev.rate:.1f}")

    def target_text(self, c) -> str:
        (key, value), = c.target.items()
        if key == "min_rate":
            return self.tr("at least %1%").replace("%1", f"{100 * value:g}")
        if key == "min":
            return self.tr("at least %1").replace("%1", str(value))
        return self.tr("none") if value == 0 else self.tr("at most %1").replace("%1", str(value))

    def _show_state(self, data: dict) -> None:
        a = data["assessment"]
        state = (a or {}).get("state")
        actor = self.cases.actor
        allowed = {"submit": state in (None, *rules.EDITABLE), "return": state == rules.SUBMITTED,
                   "review": state == rules.SUBMITTED, "send_back": state == rules.REVIEWED,
                   "confirm": state == rules.REVIEWED}
        for action, button in self.step_buttons.items():
            button.setEnabled(allowed[action] and star_workflow.may(actor, action))
        steps = []
        for s in ((a or {}).get("steps") or [])[-HISTORY_SHOWN:]:   # the newest
            text = (self.tr("%1 %2 by %3: %4") if s.get("note") else self.tr("%1 %2 by %3"))
            steps.append(text.replace("%1", calendar.shown(s.get("at")))
                         .replace("%2", action_text(s["action"]))
                         .replace("%3", s.get("name") or "").replace("%4", s.get("note") or ""))
        years = [f"{h['year']} {state_text(h['state'])}" for h in data["history"]]
        self.history.setText(self.tr("State: %1").replace("%1", state_text(state)) +
                             ("\n" + "\n".join(steps) if steps else "") +
                             ("\n" + self.tr("Years: %1").replace("%1", " · ".join(years))
                              if years else ""))

    # ------------------------------------------------------------ acting
    def current_criterion(self):
        row = self.criteria.currentRow()
        return self.criteria_rows[row] if 0 <= row < len(self.criteria_rows) else (None, None)

    def open_row(self) -> None:
        _star, c = self.current_criterion()
        if c is None:
            return
        ev = self.data["evidence"].get(c.code)
        if c.computed and ev is not None and ev.no_data is None:
            self.show_records()
        else:
            self.edit_claim()

    def edit_claim(self) -> None:
        _star, c = self.current_criterion()
        if c is None or self.data is None:
            self.status.setText(self.tr("Select a criterion first."))
            return
        a = self.data["assessment"] or {}
        editable = star_workflow.may(self.cases.actor, None) and \
            a.get("state", rules.DRAFT) in rules.EDITABLE
        claims = dict(a.get("claims") or {})
        dlg = ClaimDialog(self.cases, c.label(current_lang()), claims.get(c.code) or {},
                          editable=editable, parent=self)
        if dlg.exec() != QDialog.Accepted or not editable:
            return
        claims[c.code] = dlg.claim()
        photos = list(dict.fromkeys(p for cl in claims.values() for p in cl.get("photos") or []))
        self._write(lambda w: w.save(self.data["unit_id"], self.selected_year(),
                                     scheme_version=self.data["scheme"].version,
                                     claims=claims, photos=photos),
                    self.tr("Evidence saved."))

    def show_records(self) -> None:
        _star, c = self.current_criterion()
        ev = self.data["evidence"].get(c.code) if c is not None else None
        if ev is None or ev.no_data:
            self.status.setText(self.tr("This criterion has no records to show."))
            return
        title = c.label(current_lang())
        if ev.kind == "cases":
            dlg = DrillDownDialog(self.cases, self.roster, title, ev.short + [
                i for i in ev.records if i not in set(ev.short)], self)
            dlg.changed.connect(self.changed)
            dlg.exec()
        else:
            rows = evidence_of.drill(self.store.conn, ev.kind, ev.records)
            kind = ResidentsDialog if ev.kind == "residents" else OrganizationsDialog
            kind(title, rows, set(ev.short), self).exec()

    def take_step(self, action: str) -> None:
        if self.data is None:
            return
        a = self.data["assessment"] or {}
        lang, scheme = current_lang(), self.data["scheme"]
        unit, year = self.data["unit_id"], self.selected_year()
        if action == "submit":
            offer = [(s.code, s.label(lang)) for s in scheme.stars]
            checked = {s["code"] for s in self.data["stars"] if s["earned"]}
            title, prompt = self.tr("Submit to the street"), self.tr(
                "The stars this community claims (those its evidence earns are ticked):")
        elif action == "review":
            offer = [(c, scheme.star(c).label(lang) if scheme.star(c) else c)
                     for c in a.get("stars_claimed") or []]
            checked, title, prompt = None, self.tr("Review"), self.tr(
                "The stars the street agrees with:")
        elif action == "confirm":
            offer = [(c, scheme.star(c).label(lang) if scheme.star(c) else c)
                     for c in a.get("stars_reviewed") or []]
            checked, title, prompt = None, self.tr("Confirm"), self.tr(
                "The stars the district confirms:")
        else:
            offer, checked = [], None
            title = self.tr("Return to the community") if action == "return" else \
                self.tr("Send back to the street")
            prompt = self.tr("Why it goes back:")
        dlg = StepDialog(title, prompt, offer, note_required=action in ("return", "send_back"),
                         checked=checked, parent=self)
        if dlg.exec() != QDialog.Accepted:
            return
        chosen, note = dlg.stars(), dlg.text()
        calls = {
            "submit": lambda w: w.submit(unit, year, note=note, claims=a.get("claims") or {},
                                         scheme_version=scheme.version,
                                         photos=a.get("photos") or [], stars_claimed=chosen),
            "review": lambda w: w.review(unit, year, chosen, note),
            "return": lambda w: w.return_to_community(unit, year, note),
            "confirm": lambda w: w.confirm(unit, year, chosen, note),
            "send_back": lambda w: w.send_back(unit, year, note)}
        self._write(calls[action], self.tr("Done: %1.").replace("%1", action_text(action)))

    def _write(self, call, done: str) -> None:
        try:
            call(star_workflow.Assessments(self.store, self.cases.actor))
        except star_workflow.StarError as exc:
            self.status.setText(refusal_text(exc))
            self.refresh()
            return
        self.status.setText(done)
        self.changed.emit()
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._lane.close()
        super().closeEvent(event)


def state_text(state: str | None) -> str:
    t = {
        None: QCoreApplication.translate("StarsPage", "Not started"),
        "draft": QCoreApplication.translate("StarsPage", "Draft"),
        "submitted": QCoreApplication.translate("StarsPage", "Submitted to the street"),
        "reviewed": QCoreApplication.translate("StarsPage", "Reviewed by the street"),
        "confirmed": QCoreApplication.translate("StarsPage", "Confirmed by the district"),
        "returned": QCoreApplication.translate("StarsPage", "Returned to the community"),
    }
    return t.get(state, state or "")


def action_text(action: str) -> str:
    t = {
        "submit": QCoreApplication.translate("StarsPage", "submitted"),
        "review": QCoreApplication.translate("StarsPage", "reviewed"),
        "return": QCoreApplication.translate("StarsPage", "returned"),
        "confirm": QCoreApplication.translate("StarsPage", "confirmed"),
        "send_back": QCoreApplication.translate("StarsPage", "sent back"),
    }
    return t.get(action, action)


def refusal_text(exc) -> str:
    if exc.code == "forbidden":
        return QCoreApplication.translate("StarsPage", "You may not take this step.")
    if exc.code == "wrong_state":
        return QCoreApplication.translate(
            "StarsPage", "The assessment has moved on meanwhile; it has been read again.")
    return QCoreApplication.translate("StarsPage", "Not saved: %1").replace("%1", str(exc))


def read_page(scope_code: str, year: int, unit_id: str | None, conn) -> dict:
    """Everything the page shows (worker thread; the lane's connection last)."""
    scheme = stored_dicts.star_scheme(conn)
    categories = stored_dicts.current(conn)[0]
    overview = star_workflow.overview(conn, scope_code, year, scheme, categories)
    ids = [r["unit"]["id"] for r in overview]
    if unit_id not in ids:
        unit_id = ids[0] if ids else None
    row = next((r for r in overview if r["unit"]["id"] == unit_id), None)
    found = row["evidence"] if row else {}
    assessment = row["assessment"] if row else None
    met = evidence_of.met_by(scheme, found, (assessment or {}).get("claims") or {})
    return dict(scheme=scheme, overview=overview, unit_id=unit_id, evidence=found,
                assessment=assessment, met=met, stars=evidence_of.summary(scheme, met),
                history=star_workflow.history(conn, unit_id) if unit_id else [])
