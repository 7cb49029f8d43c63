"""统计: the indicators (评价一标准) by org unit, department, worker and month, with a
trend and a comparison chart; every figure opens the cases behind it. Beside them the
houses' and organizations' figures (出租屋 registration, 九小场所 inspected on time,
hazards closed: app/models/reports/places_metrics.py), compared by sub-unit, each
opening the rentals, 九小场所 or hazard inspections behind it.

Indicators over a big area take seconds, so they are computed off the GUI thread
while a busy bar shows, on the page's own connections (one per kind of work: the
month's figures, the trend, a drill-down). A newer request of a kind stops the older
one inside SQLite and its result is never shown: switching the month twice quickly
runs one query at a time per connection, and only the last month lands.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
    QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget, QAbstractItemView,
)

from app.models.places.repository import Places
from app.models.reports import metrics, places_metrics, report, three_rates
from app.ui.common import tables
from app.ui.reports.charts import BarChart, LineChart
from app.ui.reports.drilldown import DrillDownDialog
from app.ui.reports.records_dialog import RecordsDialog
from app.ui.common.threads import QueryLane
from app.ui.common.words import hours_text

NEXT_DEPTH = {0: 4, 4: 6, 6: 9, 9: 12, 12: 15, 15: 17, 17: 17}
TREND_MONTHS = 6
CHART_GROUPS = 20
GROUPINGS = ("org", "unit", "worker")
# the 评价一标准 indicators, then the 三率 of 12345 over residents' demands (issue 21),
# then houses and organizations (issue 19)
SHOWN = metrics.INDICATORS + three_rates.NAMES + places_metrics.NAMES
# the figures that have a month-by-month history (a house's use has none)
NO_TREND = ("rental_registration_rate",)


def indicator_label(name: str) -> str:
    from PySide6.QtCore import QCoreApplication
    t = {
        "closure_rate": QCoreApplication.translate("Indicators", "Closure rate"),
        "on_time_closure_rate": QCoreApplication.translate("Indicators", "On-time closure rate"),
        "timely_acceptance_rate": QCoreApplication.translate("Indicators",
                                                             "Timely acceptance rate"),
        "on_time_handling_rate": QCoreApplication.translate("Indicators",
                                                            "On-time handling rate"),
        "rework_rate": QCoreApplication.translate("Indicators", "Rework rate"),
        "mean_handling_hours": QCoreApplication.translate("Indicators", "Mean handling time"),
        "satisfaction_rate": QCoreApplication.translate("Indicators", "Satisfaction rate"),
        "online_handling_rate": QCoreApplication.translate("Indicators", "Online handling rate"),
        "response_rate": QCoreApplication.translate("Indicators", "Response rate (12345)"),
        "resolution_rate": QCoreApplication.translate("Indicators", "Resolution rate (12345)"),
        "resident_satisfaction_rate": QCoreApplication.translate(
            "Indicators", "Residents' satisfaction (12345)"),
        "rental_registration_rate": QCoreApplication.translate(
            "Indicators", "Rentals registered"),
        "nine_small_on_time_rate": QCoreApplication.translate(
            "Indicators", "Small venues inspected on time"),
        "hazard_closure_rate": QCoreApplication.translate("Indicators", "Hazards closed"),
    }
    return t.get(name, name)


def parts_label(name: str) -> tuple[str, str]:
    """What the numerator and the denominator of an indicator count, in words."""
    from PySide6.QtCore import QCoreApplication as Q
    t = {
        "closure_rate": (Q.translate("Indicators", "closed"), Q.translate("Indicators", "due")),
        "on_time_closure_rate": (Q.translate("Indicators", "closed on time"),
                                 Q.translate("Indicators", "due, not deferred")),
        "timely_acceptance_rate": (Q.translate("Indicators", "accepted in time"),
                                   Q.translate("Indicators", "to accept")),
        "on_time_handling_rate": (Q.translate("Indicators", "handled on time"),
                                  Q.translate("Indicators", "due, not deferred")),
        "rework_rate": (Q.translate("Indicators", "failed verification"),
                        Q.translate("Indicators", "verified")),
        "mean_handling_hours": (Q.translate("Indicators", "hours in all"),
                                Q.translate("Indicators", "handled")),
        "satisfaction_rate": (Q.translate("Indicators", "satisfied"),
                              Q.translate("Indicators", "evaluated")),
        "online_handling_rate": (Q.translate("Indicators", "whole loop online"),
                                 Q.translate("Indicators", "closed")),
        "response_rate": (Q.translate("Indicators", "answered in time"),
                          Q.translate("Indicators", "residents' demands to answer")),
        "resolution_rate": (Q.translate("Indicators", "resolved"),
                            Q.translate("Indicators", "residents' demands")),
        "resident_satisfaction_rate": (Q.translate("Indicators", "satisfied"),
                                       Q.translate("Indicators", "rated by residents")),
        "rental_registration_rate": (Q.translate("Indicators", "registered"),
                                     Q.translate("Indicators", "rentals")),
        "nine_small_on_time_rate": (Q.translate("Indicators", "on time"),
                                    Q.translate("Indicators", "small venues")),
        "hazard_closure_rate": (Q.translate("Indicators", "closed"),
                                Q.translate("Indicators", "hazards found")),
    }
    return t[name]


def ratio_text(r: metrics.Ratio) -> str:
    """'93.72%' / '7.25 h' / '—' (nothing to divide by): the figure as metrics rounds it."""
    if r.value is None:
        return "—"
    return hours_text(r.value) if r.unit == "h" else f"{r.value:.2f}%"


@dataclass(frozen=True)
class StatsQuery:
    org: str                 # org code ('' = everything on this PC)
    year: int
    month: int
    by: str                  # 'org' | 'unit' | 'worker'

    @property
    def bounds(self):
        return metrics.period_bounds(self.year, self.month)


def compute(conn, q: StatsQuery, calendar) -> dict:
    """The month's figures and the comparison for ``q`` (runs on a worker thread): two
    passes over the cases in scope."""
    start, end = q.bounds
    org = q.org or None
    totals = metrics.indicators(conn, start=start, end=end, org=org, calendar=calendar)
    totals.update(three_rates.three_rates(conn, start=start, end=end, org=org,
                                          calendar=calendar))
    depth = NEXT_DEPTH.get(len(q.org), 17)
    groups = metrics.indicators_by(conn, q.by, depth=depth if q.by == "org" else None,
                                   start=start, end=end, org=org, calendar=calendar)
    rates = three_rates.three_rates_by(conn, q.by, depth=depth if q.by == "org" else None,
                                       start=start, end=end, org=org, calendar=calendar)
    empty = {name: metrics.Ratio(0, 0, None) for name in three_rates.NAMES}
    for key, figures in groups.items():
        figures.update(rates.get(key, empty))
    totals.update(places_metrics.indicators(conn, start=start, end=end, org=org))
    # houses and organizations lie under a code, not under a department or a worker
    places = (places_metrics.indicators_by(conn, depth, start=start, end=end, org=org)
              if q.by == "org" else {})
    for key in set(groups) | set(places):
        groups[key] = {**blank(), **groups.get(key, {}), **places.get(key, {})}
    names = report.group_names(conn, q.by, groups)
    return dict(query=q, totals=totals, trend=[], groups=groups, names=names)


def blank() -> dict[str, metrics.Ratio]:
    """Every figure with nothing to count (a group that has none of one kind)."""
    return {name: metrics.Ratio(0, 0, None, "h" if name == "mean_handling_hours" else "%")
            for name in SHOWN}


def compute_trend(conn, q: StatsQuery, calendar) -> list:
    """The indicators of the ``TREND_MONTHS`` months up to ``q``'s, oldest first: one
    pass per month, so it follows the month's figures instead of holding them up."""
    org = q.org or None
    trend = []
    for y, m in metrics.months_back(q.year, q.month, TREND_MONTHS):
        s, e = metrics.period_bounds(y, m)
        figures = metrics.indicators(conn, start=s, end=e, org=org, calendar=calendar)
        figures.update(three_rates.three_rates(conn, start=s, end=e, org=org,
                                               calendar=calendar))
        figures.update(places_metrics.indicators(conn, start=s, end=e, org=org))
        for name in NO_TREND:
            figures[name] = metrics.Ratio(0, 0, None)
        trend.append(((y, m), figures))
    return trend


class Card(QFrame):
    """One indicator: its value and 'numerator / denominator', each a link to its cases."""

    drill = Signal(str, str)            # indicator, part

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"card_{name}")
        self.setStyleSheet(f"QFrame#card_{name} {{ background: white; border: 1px solid #d1d5db;"
                           " border-radius: 6px; }")
        self.title = QLabel(indicator_label(name))
        self.title.setStyleSheet("color: #374151;")
        self.value = QLabel("…")
        self.value.setObjectName("cardValue")
        self.value.setStyleSheet("font-size: 22px; font-weight: bold; color: #1f3a5f;")
        self.value.setCursor(Qt.PointingHandCursor)
        self.parts = QLabel()
        self.parts.setObjectName("cardParts")
        self.parts.setTextFormat(Qt.RichText)
        self.parts.setWordWrap(True)      # four cards a row fit 1366×768 at 150 %
        self.parts.linkActivated.connect(lambda part: self.drill.emit(self.name, part))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.parts)
        self.ratio: metrics.Ratio | None = None

    def set_ratio(self, r: metrics.Ratio) -> None:
        self.ratio = r
        self.value.setText(ratio_text(r))
        num_label, den_label = parts_label(self.name)
        num = f"{r.numerator:g}" if r.unit == "h" else f"{int(r.numerator):,}"
        link = "color: #2f5d8f; text-decoration: none;"
        if r.unit == "h":
            self.parts.setText(f"{hours_text(r.numerator, 4)} ÷ "
                               f"<a href='denominator' style='{link}'>"
                               f"{r.denominator:,}</a> {den_label}")
        else:
            self.parts.setText(
                f"<a href='numerator' style='{link}'>{num}</a> {num_label} / "
                f"<a href='denominator' style='{link}'>{r.denominator:,}</a> {den_label}")
        self.parts.setToolTip(self.tr("Click a number to see its cases."))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.button() == Qt.LeftButton and self.ratio is not None:
            self.drill.emit(self.name, "denominator")


class StatsPage(QWidget):
    changed = Signal()

    def __init__(self, store, cases, roster, parent=None):
        super().__init__(parent)
        self.store, self.cases, self.roster = store, cases, roster
        # one lane (a connection of its own, one query at a time) per kind of work
        self._lanes = {kind: QueryLane(store.open_connection)
                       for kind in ("compute", "trend", "drill")}
        self._trend_for: StatsQuery | None = None     # the query whose trend is on its way
        self.result: dict | None = None
        self.last_drill: tuple | None = None       # (title, ids) of the last drill-down

        self.org = QComboBox()
        self.org.setObjectName("statsOrg")
        self.org.setMinimumWidth(160)
        self.period = QComboBox()
        self.period.setObjectName("statsPeriod")
        self.by = QComboBox()
        self.by.setObjectName("statsBy")
        self.by.addItem(self.tr("Compare sub-units"), "org")
        self.by.addItem(self.tr("Compare departments"), "unit")
        self.by.addItem(self.tr("Compare workers"), "worker")
        self.indicator = QComboBox()
        self.indicator.setObjectName("statsIndicator")
        for name in SHOWN:
            self.indicator.addItem(indicator_label(name), name)
        self.indicator.setCurrentIndex(1)
        self.busy = QProgressBar()
        self.busy.setObjectName("statsBusy")
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.busy_label = QLabel()
        self.busy_label.setStyleSheet("color: #4b5563;")
        self.busy_label.setWordWrap(True)   # "counting…" must not widen the page
        for combo in (self.org, self.period, self.by, self.indicator):
            # the bar fits a 1366×768 screen at 150 %: long choices show whole when opened
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)
        bar = QHBoxLayout()
        for text, w in ((self.tr("Area"), self.org), (self.tr("Month"), self.period),
                        (None, self.by), (self.tr("Chart"), self.indicator)):
            if text:
                bar.addWidget(QLabel(text))
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy)

        self.cards = {name: Card(name) for name in SHOWN}
        cards = QGridLayout()
        cards.setSpacing(10)
        for i, card in enumerate(self.cards.values()):
            card.drill.connect(self.drill_total)
            cards.addWidget(card, i // 4, i % 4)

        self.trend = LineChart()
        self.trend.setObjectName("trendChart")
        self.trend.empty_text = self.tr("No cases in these months")
        self.trend.clicked.connect(self.drill_trend)
        self.compare = BarChart()
        self.compare.setObjectName("compareChart")
        self.compare.empty_text = self.tr("Nothing to compare in this month")
        self.compare.clicked.connect(self.drill_compare_bar)
        charts = QSplitter(Qt.Horizontal)
        charts.addWidget(self.trend)
        charts.addWidget(self.compare)
        charts.setSizes([500, 700])

        self.table = QTableWidget(0, 2 + len(SHOWN))
        self.table.setObjectName("statsTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Due")] + [indicator_label(n) for n in SHOWN])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.setToolTip(self.tr("Double-click a figure to see its cases."))
        self.table.cellDoubleClicked.connect(self.drill_table)
        tables.kit(self.table, "statistics", title=self.tr("Statistics"))
        self.hint = QLabel(self.tr("Click a figure, a bar or a point to see the cases behind "
                                   "it. Times are working hours."))
        self.hint.setStyleSheet("color: #6b7280;")
        self.hint.setWordWrap(True)

        lower = QSplitter(Qt.Vertical)
        lower.addWidget(charts)
        lower.addWidget(self.table)
        lower.setSizes([300, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(bar)
        layout.addLayout(cards)
        layout.addWidget(lower, 1)
        layout.addWidget(self.hint)

        self.fill_choices()
        for combo in (self.org, self.period, self.by):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.indicator.currentIndexChanged.connect(lambda _i: self._show_charts())

    # -- choices -----------------------------------------------------------------------
    def fill_choices(self) -> None:
        """Areas the user may see (their scope and what is under it), the last 12 months."""
        scope = self.cases.actor.scope_code
        self._filled_for = (scope, self.cases.actor.role)
        for combo in (self.org, self.period):
            combo.blockSignals(True)
            combo.clear()
        if not scope:
            self.org.addItem(self.tr("Everything on this PC"), "")
        indent = {"district": 0, "street": 1, "community": 2, "grid": 3, "dedicated": 3}
        for unit in report.areas(self.store.conn, scope):
            self.org.addItem("    " * indent.get(unit["kind"], 0) + unit["name"], unit["code"])
        if scope:
            self.org.setCurrentIndex(max(0, self.org.findData(scope)))
        else:
            streets = [i for i in range(self.org.count()) if len(self.org.itemData(i)) == 9]
            self.org.setCurrentIndex(streets[0] if streets else 0)
        today = self.cases.now().date()
        for y, m in reversed(metrics.months_back(today.year, today.month, 12)):
            self.period.addItem(f"{y:04d}-{m:02d}", f"{y:04d}-{m:02d}")
        for combo in (self.org, self.period):
            combo.blockSignals(False)

    def query(self) -> StatsQuery:
        period = self.period.currentData()
        if period:
            y, m = (int(v) for v in period.split("-"))
        else:
            y, m = self.cases.now().year, self.cases.now().month
        return StatsQuery(self.org.currentData() or "", y, m, self.by.currentData() or "org")

    # -- computing ----------------------------------------------------------------------
    def _start(self, kind: str, text: str, fn, on_done) -> None:
        """Run ``fn(conn)`` off the GUI thread on this kind's lane ('compute' or 'drill':
        each can run while the other does); a newer request of the same kind stops the
        older one, whose result is never shown."""
        self.busy_label.setText(text)
        self.busy.show()
        self._lanes[kind].submit(fn, functools.partial(self._done, on_done),
                                 self._failed)

    def _done(self, on_done, result) -> None:
        self._stop()
        on_done(result)

    def _failed(self, exc: Exception) -> None:
        self._stop()
        self.busy_label.setText(self.tr("Could not compute: %1").replace("%1", str(exc)))

    def _stop(self) -> None:
        if not (self._lanes["compute"].busy() or self._lanes["drill"].busy()):
            self.busy.hide()
            self.busy_label.setText("")

    def is_busy(self) -> bool:
        return any(lane.busy() for lane in self._lanes.values())

    def refresh(self) -> None:
        self._lanes["trend"].cancel()          # the trend of the month shown before
        self._trend_for = None
        self._start("compute", self.tr("Computing indicators…"),
                    functools.partial(compute, q=self.query(), calendar=self.cases.calendar),
                    self._show)

    def _start_trend(self, q: StatsQuery) -> None:
        """The trend on the trend lane, after the month's figures are shown."""
        self._trend_for = q
        self._lanes["trend"].submit(functools.partial(compute_trend, q=q,
                                                      calendar=self.cases.calendar),
                                    self._trend_done, self._trend_failed)

    def _trend_done(self, trend: list) -> None:
        if self.result and self.result["query"] == self._trend_for:
            self._trend_for = None
            self.result["trend"] = trend
            self._show_charts()

    def _trend_failed(self, _exc: Exception) -> None:
        self._trend_for = None
        self._show_charts()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        actor = self.cases.actor
        if (actor.scope_code, actor.role) != self._filled_for:   # another user or scope
            self.fill_choices()
            self.refresh()
        elif self.result is None and not self.is_busy():
            self.refresh()

    # -- showing -------------------------------------------------------------------------
    def _show(self, result: dict) -> None:
        self.result = result
        for name, card in self.cards.items():
            card.set_ratio(result["totals"][name])
        self._show_charts()
        self._fill_table()
        self._start_trend(result["query"])

    def current_indicator(self) -> str:
        return self.indicator.currentData() or "on_time_closure_rate"

    def chart_groups(self) -> list:
        """The groups the bar chart shows: the busiest ``CHART_GROUPS`` for the indicator."""
        if not self.result:
            return []
        name = self.current_indicator()
        groups = [(k, v) for k, v in self.result["groups"].items() if k]
        groups.sort(key=lambda kv: (-kv[1][name].denominator, self.result["names"].get(
            kv[0], kv[0] or "")))
        return [k for k, _ in groups[:CHART_GROUPS]][::1]

    def _show_charts(self) -> None:
        if not self.result:
            return
        name = self.current_indicator()
        percent = name != "mean_handling_hours"
        self.trend.empty_text = (
            self.tr("Computing the trend…") if self._trend_for
            else self.tr("Shown as it stands now: no month-by-month history")
            if name in NO_TREND else self.tr("No cases in these months"))
        self.trend.set_data(
            self.tr("%1, month by month").replace("%1", indicator_label(name)),
            [f"{y}-{m:02d}" for (y, m), _ in self.result["trend"]],
            [r[name].value for _, r in self.result["trend"]], percent=percent)
        keys = sorted(self.chart_groups(), key=self._sort_key)
        self._chart_keys = keys
        self.compare.set_data(
            self.group_title(name),
            [self.result["names"].get(k, k) for k in keys],
            [self.result["groups"][k][name].value for k in keys], percent=percent)

    def _sort_key(self, key) -> str:
        """Org units in code order (the tree's order), others by name."""
        if key is None:
            return ""
        if self.result and self.result["query"].by == "org":
            return key
        return (self.result or {}).get("names", {}).get(key, key)

    def group_title(self, name: str) -> str:
        by = self.result["query"].by if self.result else "org"
        text = {"org": self.tr("%1 by sub-unit"), "unit": self.tr("%1 by department"),
                "worker": self.tr("%1 by worker")}[by]
        return text.replace("%1", indicator_label(name))

    def _fill_table(self) -> None:
        groups = self.result["groups"]
        names = self.result["names"]
        keys = sorted(groups, key=lambda k: (k is None, self._sort_key(k)))
        t = self.table
        t.setRowCount(0)
        t.setRowCount(len(keys))
        for r, key in enumerate(keys):
            figures = groups[key]
            item = QTableWidgetItem(names.get(key, key) if key else self.tr("(none)"))
            item.setData(Qt.UserRole, key)
            t.setItem(r, 0, item)
            due = QTableWidgetItem(f"{figures['closure_rate'].denominator:,}")
            due.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            t.setItem(r, 1, due)
            for c, name in enumerate(SHOWN, 2):
                ratio = figures[name]
                cell = QTableWidgetItem(ratio_text(ratio))
                cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                cell.setToolTip(f"{ratio.numerator:g} / {ratio.denominator}")
                t.setItem(r, c, cell)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)

    # -- drill-down ----------------------------------------------------------------------
    def _filters_for(self, key) -> dict:
        q = self.result["query"] if self.result else self.query()
        start, end = q.bounds
        args = dict(start=start, end=end, org=q.org or None)
        if key is not None:
            if q.by == "org":
                args["org"] = key
            elif q.by == "unit":
                args["unit"] = key
            else:
                args["worker"] = key
        return args

    def drill(self, title: str, indicator: str, part: str, args: dict) -> None:
        if indicator in places_metrics.NAMES:
            self._start("drill", self.tr("Finding the records…"),
                        functools.partial(drill_records, indicator, part, args),
                        functools.partial(self._open_records, title, indicator))
            return
        self._start("drill", self.tr("Finding the cases…"),
                    functools.partial(drill_ids, indicator, part, self.cases.calendar, args),
                    functools.partial(self._open_drill, title))

    def _open_drill(self, title: str, ids: list[str]) -> None:
        self.last_drill = (title, ids)
        dlg = DrillDownDialog(self.cases, self.roster, title, ids, self)
        dlg.setObjectName("drillDialog")
        dlg.changed.connect(self.changed.emit)
        dlg.exec()

    def _open_records(self, title: str, indicator: str, rows: list[dict]) -> None:
        self.last_drill = (title, [r["id"] for r in rows])
        dlg = RecordsDialog(Places(self.store, self.roster.actor), self.cases, title,
                            indicator, rows, self)
        dlg.setObjectName("recordsDialog")
        dlg.changed.connect(self.changed.emit)
        dlg.exec()

    def _title(self, indicator: str, part: str, scope_name: str, period: str) -> str:
        num, den = parts_label(indicator)
        what = num if part == "numerator" else den
        if indicator in places_metrics.NAMES:
            return self.tr("%1 · %2 — %3 (%4)").replace("%1", scope_name).replace(
                "%2", indicator_label(indicator)).replace("%3", what).replace("%4", period)
        return self.tr("%1 · %2 — cases %3 (%4)").replace("%1", scope_name).replace(
            "%2", indicator_label(indicator)).replace("%3", what).replace("%4", period)

    def drill_total(self, indicator: str, part: str) -> None:
        q = self.result["query"] if self.result else self.query()
        self.drill(self._title(indicator, part, self.org.currentText().strip(),
                               f"{q.year}-{q.month:02d}"),
                   indicator, part, self._filters_for(None))

    def drill_trend(self, index: int) -> None:
        if not self.result:
            return
        (y, m), _ = self.result["trend"][index]
        start, end = metrics.period_bounds(y, m)
        q = self.result["query"]
        name = self.current_indicator()
        self.drill(self._title(name, "denominator", self.org.currentText().strip(),
                               f"{y}-{m:02d}"),
                   name, "denominator", dict(start=start, end=end, org=q.org or None))

    def drill_compare_bar(self, index: int) -> None:
        keys = getattr(self, "_chart_keys", [])
        if 0 <= index < len(keys):
            self.drill_group(keys[index], self.current_indicator())

    def drill_group(self, key, indicator: str, part: str = "denominator") -> None:
        if key is None or not self.result:
            return
        q = self.result["query"]
        self.drill(self._title(indicator, part, self.result["names"].get(key, key),
                               f"{q.year}-{q.month:02d}"),
                   indicator, part, self._filters_for(key))

    def drill_table(self, row: int, column: int) -> None:
        key = self.table.item(row, 0).data(Qt.UserRole)
        name = (SHOWN[column - 2] if column >= 2 else "closure_rate")
        self.drill_group(key, name)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        for lane in self._lanes.values():
            lane.close()
        super().closeEvent(event)


def drill_records(indicator: str, part: str, args: dict, conn) -> list[dict]:
    """The houses, organizations or hazard inspections behind a figure (worker thread);
    none for a department's or a worker's group (places lie under a code only)."""
    if args.get("unit") or args.get("worker"):
        return []
    return places_metrics.records(conn, indicator, part, start=args["start"], end=args["end"],
                                  org=args.get("org"))


def drill_ids(indicator: str, part: str, calendar, args: dict, conn) -> list[str]:
    """The cases behind a figure (worker thread; the lane passes its connection last)."""
    if indicator in three_rates.NAMES:
        return three_rates.case_ids(conn, indicator, part, calendar=calendar, **args)
    return metrics.case_ids(conn, indicator, part, calendar=calendar, **args)
