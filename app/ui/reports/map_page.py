"""地图 要素一张图: the offline map (app.models.reports.geo) in a QGraphicsView.

Layers, bottom to top: street, community and grid boundaries; estates and streets
(街路巷); buildings and door numbers, shaded by how many residents with care (or,
with 防, key-group) tags live there, or (房屋 by use) coloured by the use most of
their houses have; organizations (实有单位) as square pins at their door or building,
red when a 九小场所 is due for inspection; case pins coloured by deadline level (red
overdue, amber nearly overdue) and otherwise by state. Filters narrow the pins;
drag to pan, wheel or the buttons to zoom. Clicking a case pin opens the case, an
organization's pin the organization, a building lists its households.

Scene units are metres (``geo.Projection``); pins and labels ignore the view's
scale so they stay readable at every zoom. The data loads on a worker thread.
"""
from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QGraphicsEllipseItem, QGraphicsItem,
    QGraphicsPolygonItem, QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView,
    QHBoxLayout, QLabel, QProgressBar, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.models.domain import places as dp
from app.models.reports import geo
from app.ui.cases.case_detail import CaseDetailDialog, category_name
from app.ui.cases.case_labels import level_label, state_label
from app.ui.common.i18n import label
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import make_table

KIND_ROLE = 0                # item.data(KIND_ROLE): 'pin' | 'org' | 'building' | …
ID_ROLE = 1                  # case id, organization id or building code
TIP_ROLE = 2                 # a shape's own tooltip, before a layer adds to it

STATE_COLORS = {
    "reported": "#2563eb", "accepted": "#2563eb", "dispatched": "#0891b2",
    "handling": "#0891b2", "handled": "#7c3aed", "closed": "#16a34a", "evaluated": "#16a34a",
    "rejected": "#9ca3af",
}
LEVEL_PIN_COLORS = {"red": "#dc2626", "yellow": "#f59e0b"}
OPEN_STATES = frozenset({"reported", "accepted", "dispatched", "handling", "handled"})
CLOSED_STATES = frozenset({"closed", "evaluated"})
STYLE = {   # kind -> (fill, border, border width in px, dashed)
    "street": (None, "#1f2937", 2.5, False),
    "community": ("#eef2f7", "#64748b", 1.6, False),
    "grid": ("#f8fafc", "#2f5d8f", 1.4, True),
    "estate": ("#ffffff", "#cbd5e1", 1.0, False),
    "road": ("#f5f5f4", "#a8a29e", 1.0, False),
    "building": ("#f1f5f9", "#64748b", 0.8, False),
    "door": ("#f1f5f9", "#78716c", 0.8, False),
}
Z = {"street": 0, "community": 1, "grid": 2, "estate": 3, "road": 3, "building": 4, "door": 4,
     "pin": 10, "org": 9, "label": 8}
SHADED = ("building", "door")          # the shapes the layers colour
USE_COLORS = {"own": "#bbf7d0", "rental": "#fde68a", "group_rental": "#f87171",
              "vacant": "#e5e7eb", "business": "#bfdbfe", "other": "#e9d5ff"}
ORG_COLORS = {"due": "#dc2626", "nine_small": "#9333ea", "other": "#0f766e"}
ORG_SIZE = 9.0
PIN_RADIUS = 6.0


def pin_color(pin: geo.Pin) -> QColor:
    if pin.state in OPEN_STATES and pin.level in LEVEL_PIN_COLORS:
        return QColor(LEVEL_PIN_COLORS[pin.level])
    return QColor(STATE_COLORS.get(pin.state, "#6b7280"))


def density_color(tagged: int, top: int) -> QColor:
    """White to deep orange by the share of the busiest building."""
    if tagged <= 0 or top <= 0:
        return QColor("#f1f5f9")
    t = min(1.0, tagged / top)
    lo, hi = QColor("#fde7cf"), QColor("#c2410c")
    return QColor(int(lo.red() + (hi.red() - lo.red()) * t),
                  int(lo.green() + (hi.green() - lo.green()) * t),
                  int(lo.blue() + (hi.blue() - lo.blue()) * t))


def read_map(data_dir, scope_code: str, level, include_key: bool, today: str, conn) -> dict:
    """Everything the map draws (worker thread; the lane passes its connection last)."""
    layers = geo.load_layers(conn, data_dir, scope_code=scope_code)
    pins, unplaced = geo.case_pins(conn, layers.features, level, scope_code=scope_code)
    stats = geo.building_stats(conn, scope_code=scope_code, include_key=include_key,
                               today=today)
    houses = geo.house_mix(conn, layers.features, scope_code=scope_code)
    orgs, orgs_unplaced = geo.org_pins(conn, layers.features, scope_code=scope_code,
                                       today=today)
    return dict(layers=layers, pins=pins, unplaced=unplaced, stats=stats, houses=houses,
                orgs=orgs, orgs_unplaced=orgs_unplaced)


def org_color(pin: geo.OrgPin) -> QColor:
    if pin.due:
        return QColor(ORG_COLORS["due"])
    return QColor(ORG_COLORS["nine_small" if pin.kind == "nine_small" else "other"])


class MapView(QGraphicsView):
    """Pan by dragging, zoom with the wheel (around the cursor); a click without a
    drag reports the item under the cursor."""

    itemClicked = Signal(object)

    def __init__(self, scene, parent=None):
        super().__init__(scene, parent)
        self.setRenderHint(QPainter.Antialiasing)
        self.setDragMode(QGraphicsView.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#e8edf2"))
        self._press = None
        self.zoomed = None           # callback(scale) to show/hide details

    def scale_now(self) -> float:
        return self.transform().m11()

    def zoom(self, factor: float) -> None:
        new = self.scale_now() * factor
        if 0.005 < new < 40:
            self.scale(factor, factor)
            if self.zoomed:
                self.zoomed(self.scale_now())

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt name
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(1.2 ** steps)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().mouseReleaseEvent(event)
        if self._press is not None and event.button() == Qt.LeftButton and \
                (event.position() - self._press).manhattanLength() < 5:
            item = self.clickable_at(event.position().toPoint())
            if item is not None:
                self.itemClicked.emit(item)
        self._press = None

    def clickable_at(self, pos):
        """The topmost pin, else building, under a viewport position."""
        found = [i for i in self.items(pos) if i.data(KIND_ROLE) in ("pin", "org", "building")]
        found.sort(key=lambda i: ("pin", "org", "building").index(i.data(KIND_ROLE)))
        return found[0] if found else None


class HouseholdsDialog(QDialog):
    """The households of one building; double-click opens a household."""

    def __init__(self, roster, code: str, title: str, parent=None):
        super().__init__(parent)
        self.roster = roster
        self.setWindowTitle(title)
        self.resize(620, 460)
        self.rows = roster.households_in(code, limit=2000)
        self.table = make_table([self.tr("Number"), self.tr("Address"), self.tr("Members")], 1)
        self.table.setObjectName("buildingHouseholds")
        self.table.setRowCount(len(self.rows))
        for r, h in enumerate(self.rows):
            members = len(roster.household_members(h["id"]))
            for c, text in enumerate((h["number"], h.get("address") or "", str(members))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.doubleClicked.connect(lambda i: self.open_household(i.row()))
        head = QLabel(self.tr("%n household(s); double-click one to open it.", "",
                              len(self.rows)))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def open_household(self, row: int) -> None:
        from app.ui.roster.household_dialog import HouseholdDialog
        if 0 <= row < len(self.rows):
            HouseholdDialog(self.roster, self.rows[row]["id"], parent=self).exec()


class MapPage(QWidget):
    changed = Signal()

    def __init__(self, store, cases, roster, *, prevent_roles=(), parent=None):
        super().__init__(parent)
        self.store, self.cases, self.roster = store, cases, roster
        self.prevent_roles = frozenset(prevent_roles)
        # the map's data is read on the page's own connection off the GUI thread; a
        # newer request stops an older one
        self._lane = QueryLane(store.open_connection)
        self.data: dict | None = None
        self.pins: list[geo.Pin] = []
        self._pin_items: list[QGraphicsEllipseItem] = []
        self._labels: dict[str, list[QGraphicsSimpleTextItem]] = {}
        self._fitted = False
        self._loaded_for: tuple | None = None

        self.show_state = QComboBox()
        self.show_state.setObjectName("mapStates")
        self.show_state.addItem(self.tr("Open cases"), "open")
        self.show_state.addItem(self.tr("Closed cases"), "closed")
        self.show_state.addItem(self.tr("All cases"), "all")
        self.show_level = QComboBox()
        self.show_level.setObjectName("mapLevels")
        self.show_level.addItem(self.tr("Any deadline"), None)
        self.show_level.addItem(self.tr("Overdue"), frozenset({"red"}))
        self.show_level.addItem(self.tr("Nearly overdue"), frozenset({"yellow"}))
        self.show_level.addItem(self.tr("Overdue or nearly"), frozenset({"red", "yellow"}))
        self.show_major = QComboBox()
        self.show_major.setObjectName("mapCategory")
        self.show_major.addItem(self.tr("All categories"), None)
        for major in cases.categories.majors():
            self.show_major.addItem(major, major)
        for combo in (self.show_state, self.show_level, self.show_major):
            # the bar fits a 1366×768 screen at 150 %: a combo is as wide as a short choice
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(3)
        self.pins_box = QCheckBox(self.tr("Case pins"))
        self.pins_box.setChecked(True)
        self.density_box = QCheckBox(self.tr("Tagged residents"))
        self.density_box.setChecked(True)
        self.density_box.setToolTip(self.tr(
            "Shade buildings by how many residents with care tags live there."))
        self.houses_box = QCheckBox(self.tr("Houses by use"))
        self.houses_box.setObjectName("mapHouses")
        self.houses_box.setToolTip(self.tr(
            "Colour buildings and door numbers by the use most of their houses have."))
        self.orgs_box = QCheckBox(self.tr("Organizations"))
        self.orgs_box.setObjectName("mapOrgs")
        self.orgs_box.setChecked(True)
        zoom_in, zoom_out, fit = (QPushButton(t) for t in ("+", "−", self.tr("Fit")))
        for b in (zoom_in, zoom_out):
            b.setFixedWidth(32)
        zoom_in.clicked.connect(lambda: self.view.zoom(1.4))
        zoom_out.clicked.connect(lambda: self.view.zoom(1 / 1.4))
        fit.clicked.connect(self.fit)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        self.busy = QProgressBar()
        self.busy.setObjectName("mapBusy")
        self.busy.setRange(0, 0)
        self.busy.setFixedWidth(48)   # the bar fits 1366×768 at 150 % while it loads
        self.busy.setTextVisible(False)
        self.busy.hide()
        bar = QHBoxLayout()
        for w in (self.show_state, self.show_level, self.show_major, self.pins_box):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.busy, refresh, zoom_out, zoom_in, fit):
            bar.addWidget(w)
        # the layers on a line of their own: the page fits 1366×768 at 150 %
        layers = QHBoxLayout()
        for w in (self.density_box, self.houses_box, self.orgs_box):
            layers.addWidget(w)
        layers.addStretch(1)

        self.scene = QGraphicsScene(self)
        self.view = MapView(self.scene)
        self.view.setObjectName("mapView")
        self.view.zoomed = self._detail_for_scale
        self.view.itemClicked.connect(self._clicked)
        self.info = QLabel()
        self.info.setObjectName("mapInfo")
        self.info.setStyleSheet("color: #4b5563;")
        self.info.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.RichText)
        self.legend.setObjectName("mapLegend")
        self.legend.setWordWrap(True)       # a narrow screen wraps it, not widens the page
        self._set_legend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(bar)
        layout.addLayout(layers)
        layout.addWidget(self.view, 1)
        # the legend has its own line: with houses and organizations it is long
        layout.addWidget(self.legend)
        layout.addWidget(self.info)

        for combo in (self.show_state, self.show_level, self.show_major):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.pins_box.toggled.connect(lambda _b: self.apply_filter())
        self.density_box.toggled.connect(self._density_toggled)
        self.houses_box.toggled.connect(self._houses_toggled)
        self.orgs_box.toggled.connect(lambda _b: self._draw_orgs())

    def _density_toggled(self, on: bool) -> None:
        if on:                          # one colouring of the buildings at a time
            self.houses_box.setChecked(False)
        self._shade_buildings()
        self._set_legend()

    def _houses_toggled(self, on: bool) -> None:
        if on:
            self.density_box.setChecked(False)
        self._shade_buildings()
        self._set_legend()

    def _set_legend(self) -> None:
        def dot(color: str, text: str) -> str:
            return f"<span style='color:{color}; font-size:16px'>●</span>&nbsp;{text}&nbsp; "
        self.legend.setText(
            dot(LEVEL_PIN_COLORS["red"], level_label("red"))
            + dot(LEVEL_PIN_COLORS["yellow"], level_label("yellow"))
            + dot(STATE_COLORS["reported"], self.tr("To accept or dispatch"))
            + dot(STATE_COLORS["handling"], self.tr("Being handled"))
            + dot(STATE_COLORS["handled"], state_label("handled"))
            + dot(STATE_COLORS["closed"], state_label("closed"))
            + self._org_legend() + " &nbsp;" + self.tr("Buildings:") + "&nbsp;"
            + self._building_legend())

    def _org_legend(self) -> str:
        if not self.orgs_box.isChecked():
            return ""
        def square(color: str, text: str) -> str:
            return f"<span style='color:{color}; font-size:14px'>■</span>&nbsp;{text}&nbsp; "
        return (" &nbsp;" + self.tr("Organizations:") + "&nbsp;"
                + square(ORG_COLORS["nine_small"], label(dp.ORG_KINDS["nine_small"]))
                + square(ORG_COLORS["due"], self.tr("due for inspection"))
                + square(ORG_COLORS["other"], self.tr("other")))

    def _building_legend(self) -> str:
        if self.houses_box.isChecked():
            return "".join(f"<span style='color:{USE_COLORS[code]}; font-size:16px'>■</span>"
                           f"&nbsp;{label(use)}&nbsp; "
                           for code, use in dp.HOUSE_USES.items())
        return (f"<span style='color:{density_color(1, 4).name()}; font-size:16px'>■</span>"
                f"<span style='color:{density_color(4, 4).name()}; font-size:16px'>■</span>"
                + "&nbsp;" + self.tr("more residents with care tags"))

    # -- loading ---------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        actor = self.cases.actor
        if (self.data is None and not self.is_busy()) or \
                (actor.scope_code, actor.role) != self._loaded_for:
            self.refresh()

    def is_busy(self) -> bool:
        return self._lane.busy()

    def refresh(self) -> None:
        """Read the map's data off the GUI thread, then draw it; a load still running is
        stopped (only the newest is drawn)."""
        actor = self.cases.actor
        self._loaded_for = (actor.scope_code, actor.role)
        self.busy.show()
        self.info.setText(self.tr("Loading the map…"))
        self._lane.submit(functools.partial(
            read_map, self.store.path.parent, actor.scope_code, self.cases.level,
            actor.role in self.prevent_roles, self.cases.now().date().isoformat()),
            self._loaded, self._load_failed)

    def _loaded(self, data: dict) -> None:
        self.busy.hide()
        self._draw(data)

    def _load_failed(self, exc: Exception) -> None:
        self.busy.hide()
        self.info.setText(self.tr("The map could not be loaded: %1").replace("%1", str(exc)))

    # -- drawing ---------------------------------------------------------------------
    def _draw(self, data: dict) -> None:
        self.data = data
        self.scene.clear()
        self._pin_items = []
        self._labels = {}
        self._building_items: dict[str, QGraphicsPolygonItem] = {}
        layers: geo.Layers = data["layers"]
        self.proj = geo.projection_for(layers.features)
        stats: dict = data["stats"]
        for feature in layers.features:
            self._add_feature(feature, stats.get(feature.code))
        self._shade_buildings()
        self._draw_orgs()
        rect = self.scene.itemsBoundingRect()
        self.scene.setSceneRect(rect.adjusted(-200, -200, 200, 200))
        self.apply_filter()
        if not self._fitted or not self.isVisible():
            self.fit()
            self._fitted = True
        notes = {"files": self.tr("Map from %1").replace("%1", ", ".join(layers.files)),
                 "schematic": self.tr("Schematic map laid out from the address tree (no GeoJSON "
                                      "file in the data folder's geo directory)"),
                 "none": self.tr("No map: the roster has no grids yet")}
        self._source_note = notes[layers.source]
        if layers.problems:
            self._source_note += " · " + self.tr("Skipped: %1").replace(
                "%1", "; ".join(layers.problems))
        self._update_info()

    def _polygon(self, ring) -> QPolygonF:
        return QPolygonF([QPointF(*self.proj.to_xy(lon, lat)) for lon, lat in ring])

    def _add_feature(self, f: geo.Feature, stat) -> None:
        fill, border, width, dashed = STYLE[f.kind]
        for ring in f.rings:
            item = QGraphicsPolygonItem(self._polygon(ring))
            pen = QPen(QColor(border), width)
            pen.setCosmetic(True)            # the same line width at every zoom
            if dashed:
                pen.setStyle(Qt.DashLine)
            item.setPen(pen)
            item.setBrush(QBrush(QColor(fill)) if fill else Qt.NoBrush)
            item.setZValue(Z[f.kind])
            item.setData(KIND_ROLE, f.kind)
            item.setData(ID_ROLE, f.code)
            if f.kind in SHADED:
                self._building_items[f.code] = item
            if f.kind == "building":
                tip = f.name
                if stat:
                    tip += "\n" + self.tr("%1 households, %2 residents, %3 with tags").replace(
                        "%1", str(stat.households)).replace("%2", str(stat.residents)).replace(
                        "%3", str(stat.tagged))
                item.setToolTip(tip + "\n" + self.tr("Click to list the households."))
                item.setCursor(Qt.PointingHandCursor)
            else:
                item.setToolTip(f.name)
            self.scene.addItem(item)
        if f.kind in ("street", "community", "grid", "estate", "road", "building", "door"):
            text = QGraphicsSimpleTextItem(f.name if f.kind != "building" else f.name)
            font = QFont(self.font())
            font.setBold(f.kind in ("street", "community", "grid"))
            font.setPointSizeF(font.pointSizeF() + {"street": 3, "community": 1.5}.get(f.kind, 0))
            text.setFont(font)
            text.setBrush(QColor({"street": "#111827", "community": "#334155", "grid": "#1f3a5f",
                                  "estate": "#475569", "road": "#57534e",
                                  "building": "#64748b", "door": "#78716c"}[f.kind]))
            text.setFlag(QGraphicsItem.ItemIgnoresTransformations)
            x0, y0, x1, y1 = f.bbox()
            left, top = self.proj.to_xy(x0, y1)
            if f.kind == "street":         # above the boundary, clear of the communities
                text.setTransform(QTransform.fromTranslate(0, -text.boundingRect().height()
                                                           - 4))
                text.setPos(left, top)
            elif f.kind in ("building", "door"):     # centred on the slab (offset in pixels)
                cx, cy = self.proj.to_xy(*f.center())
                box = text.boundingRect()
                text.setTransform(QTransform.fromTranslate(-box.width() / 2,
                                                           -box.height() / 2))
                text.setPos(cx, cy)
            else:
                text.setPos(left + 3, top + 2)
            text.setZValue(Z["label"])
            self.scene.addItem(text)
            self._labels.setdefault(f.kind, []).append(text)

    def _shade_buildings(self) -> None:
        if not self.data:
            return
        stats = self.data["stats"]
        houses = self.data.get("houses", {})
        on = self.density_box.isChecked()
        by_use = self.houses_box.isChecked()
        top = max((s.tagged for s in stats.values()), default=0)
        for code, item in getattr(self, "_building_items", {}).items():
            kind = item.data(KIND_ROLE)
            tip = item.data(TIP_ROLE)
            if tip is None:
                tip = item.toolTip()
                item.setData(TIP_ROLE, tip)
            mix = houses.get(code, {})
            if by_use:
                use = geo.dominant_use(mix)
                item.setBrush(QBrush(QColor(USE_COLORS.get(use, STYLE[kind][0]))))
                pen = item.pen()
                # a group rental anywhere in it is what the grid worker must see
                pen.setColor(QColor("#b91c1c" if mix.get("group_rental") else STYLE[kind][1]))
                pen.setWidthF(2.0 if mix.get("group_rental") else STYLE[kind][2])
                item.setPen(pen)
            else:
                s = stats.get(code)
                item.setBrush(QBrush(density_color(s.tagged if s else 0, top) if on
                                     else QColor(STYLE[kind][0])))
                pen = item.pen()
                pen.setColor(QColor(STYLE[kind][1]))
                pen.setWidthF(STYLE[kind][2])
                item.setPen(pen)
            if mix:
                tip += "\n" + self.tr("Houses: %1").replace("%1", " · ".join(
                    f"{label(dp.HOUSE_USES.get(u))} {n}" for u, n in sorted(
                        mix.items(), key=lambda kv: -kv[1])))
            item.setToolTip(tip)

    def _draw_orgs(self) -> None:
        """The organizations' square pins (above the shapes, below the case pins)."""
        if not self.data:
            return
        for item in getattr(self, "_org_items", []):
            self.scene.removeItem(item)
        self._org_items: list[QGraphicsRectItem] = []
        self._set_legend()
        if not self.orgs_box.isChecked():
            self._update_info()
            return
        half = ORG_SIZE / 2
        for pin in self.data.get("orgs", []):
            x, y = self.proj.to_xy(pin.lon, pin.lat)
            item = QGraphicsRectItem(QRectF(-half, -half, ORG_SIZE, ORG_SIZE))
            item.setPos(x, y)
            item.setFlag(QGraphicsItem.ItemIgnoresTransformations)
            item.setBrush(org_color(pin))
            item.setPen(QPen(QColor("white"), 1.2))
            item.setZValue(Z["org"] + (1 if pin.due else 0))
            item.setData(KIND_ROLE, "org")
            item.setData(ID_ROLE, pin.org_id)
            kind = dp.ORG_KINDS.get(pin.kind)
            what = label(dp.NINE_SMALL.get(pin.category or "")) or label(kind)
            item.setToolTip(pin.name + "\n" + what + (
                "\n" + self.tr("Due for inspection") if pin.due else ""))
            item.setCursor(Qt.PointingHandCursor)
            self.scene.addItem(item)
            self._org_items.append(item)
        self._update_info()

    def org_items(self) -> list[QGraphicsRectItem]:
        return [i for i in self.scene.items() if i.data(KIND_ROLE) == "org"]

    def pin_radius(self) -> float:
        """Pins shrink when zoomed out to a whole street, so they do not pile up."""
        scale = self.view.scale_now()
        return max(2.5, min(PIN_RADIUS, PIN_RADIUS * (scale / 0.6) ** 0.5))

    def _size_pins(self) -> None:
        r = self.pin_radius()
        for item in self._pin_items:
            item.setRect(QRectF(-r, -r, 2 * r, 2 * r))
            item.setPen(QPen(QColor("white"), 1.5 if r >= 4 else 0.8))

    def _detail_for_scale(self, scale: float) -> None:
        self._size_pins()
        # metres per pixel decide which labels fit: grids always, estates when a block
        # of ~150 m is wide enough for a name, buildings when a slab is
        for kind, min_scale in (("street", 0.0), ("community", 0.0), ("grid", 0.25),
                                ("estate", 0.9), ("road", 0.9),
                                ("building", 2.4), ("door", 3.5)):
            for text in self._labels.get(kind, []):
                text.setVisible(scale >= min_scale)

    def fit(self) -> None:
        rect = self.scene.itemsBoundingRect()
        if rect.isEmpty():
            return
        # room above for the street's name, drawn in pixels outside its boundary
        mx, my = rect.width() * 0.02 + 10, rect.height() * 0.02 + 10
        self.view.fitInView(rect.adjusted(-mx, -3 * my, mx, my), Qt.KeepAspectRatio)
        self._detail_for_scale(self.view.scale_now())

    # -- pins --------------------------------------------------------------------------
    def pin_filter(self) -> geo.PinFilter:
        states = {"open": OPEN_STATES, "closed": CLOSED_STATES, "all": None}[
            self.show_state.currentData()]
        major = self.show_major.currentData()
        categories = (frozenset(c.code for c in self.cases.categories.by_major(major))
                      if major else None)
        return geo.PinFilter(states=frozenset(states) if states else None,
                             levels=self.show_level.currentData(), categories=categories)

    def apply_filter(self) -> None:
        if not self.data:
            return
        for item in self._pin_items:
            self.scene.removeItem(item)
        self._pin_items = []
        self.pins = geo.filter_pins(self.data["pins"], self.pin_filter()) \
            if self.pins_box.isChecked() else []
        for pin in self.pins:
            x, y = self.proj.to_xy(pin.lon, pin.lat)
            item = QGraphicsEllipseItem(QRectF(-PIN_RADIUS, -PIN_RADIUS, 2 * PIN_RADIUS,
                                               2 * PIN_RADIUS))
            item.setPos(x, y)
            item.setFlag(QGraphicsItem.ItemIgnoresTransformations)
            item.setBrush(pin_color(pin))
            item.setPen(QPen(QColor("white"), 1.5))
            item.setZValue(Z["pin"] + (2 if pin.level == "red" else 1 if pin.level == "yellow"
                                       else 0))
            item.setData(KIND_ROLE, "pin")
            item.setData(ID_ROLE, pin.case_id)
            cat = self.cases.categories.get(pin.category)
            item.setToolTip(f"{pin.title}\n{pin.number}\n{category_name(cat)} · "
                            f"{state_label(pin.state)}"
                            + (f" · {level_label(pin.level)}" if pin.state in OPEN_STATES
                               and pin.level != "normal" else ""))
            item.setCursor(Qt.PointingHandCursor)
            self.scene.addItem(item)
            self._pin_items.append(item)
        self._size_pins()
        self._update_info()

    def pin_items(self) -> list[QGraphicsEllipseItem]:
        """The pins in the scene now (after filtering)."""
        return [i for i in self.scene.items() if i.data(KIND_ROLE) == "pin"]

    def _update_info(self) -> None:
        if not self.data:
            return
        text = self.tr("%n pin(s) shown", "", len(self.pins))
        if self.data["unplaced"]:
            text += " · " + self.tr("%n case(s) without a place on the map", "",
                                    self.data["unplaced"])
        if self.orgs_box.isChecked() and self.data.get("orgs"):
            text += " · " + self.tr("%n organization(s)", "", len(self.data["orgs"]))
        if self.orgs_box.isChecked() and self.data.get("orgs_unplaced"):
            text += " · " + self.tr("%n organization(s) without a place on the map", "",
                                    self.data["orgs_unplaced"])
        self.info.setText(text + " · " + getattr(self, "_source_note", ""))

    # -- clicks ------------------------------------------------------------------------
    def _clicked(self, item) -> None:
        kind, key = item.data(KIND_ROLE), item.data(ID_ROLE)
        if kind == "pin":
            self.open_case(key)
        elif kind == "org":
            self.open_org(key)
        elif kind == "building":
            self.open_building(key)

    def open_case(self, case_id: str) -> None:
        dlg = CaseDetailDialog(self.cases, self.roster, case_id, self)
        dlg.changed.connect(self.changed.emit)
        dlg.exec()

    def open_org(self, org_id: str) -> None:
        from app.models.places.repository import Places
        from app.ui.places.org_dialog import OrganizationDialog
        dlg = OrganizationDialog(Places(self.store, self.cases.actor), self.cases, org_id,
                                 parent=self)
        dlg.changed.connect(self.changed.emit)
        dlg.exec()

    def open_building(self, code: str) -> None:
        item = self._building_items.get(code)
        name = item.toolTip().split("\n")[0] if item else code
        HouseholdsDialog(self.roster, code, name, self).exec()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._lane.close()
        super().closeEvent(event)
