"""要素一张图: offline map geometry and what is drawn on it (Qt-free).

Geometry is GeoJSON (RFC 7946, WGS 84 lon/lat), one or more files in
``<data dir>/geo/*.geojson`` (a deployment puts the city's GIS export there) and
``resources/geo/*.geojson``. Every feature is a Polygon or MultiPolygon whose
properties name it:

    {"kind": "street" | "community" | "grid" | "estate" | "road" | "building" | "door",
     "code": "<org code or address code>", "name": "…"}

Org units are matched by their code (``410105003001001``), estates and buildings by
their standard-address code (``410105003001001-001003``), so the roster and the
cases find their place without a join table. Nothing needs the network. A background
tile layer is not drawn: it would be an optional setting (an XYZ URL, off by default)
and is left for later (resources/geo/README.md).

Without GeoJSON a *schematic* layout is made from the address tree
(``layout_from_tree``): communities, grids, estates and buildings packed as
blocks around a centre (default 金水区, 113.66 E 34.78 N). It is deterministic, so
the demo street gets the same map every time; ``write_demo_geometry`` saves it as
the demo's GeoJSON file.

Cases are placed by their own lon/lat, else at the building of their address, else
inside their grid (spread by a hash of the case id, so a pin never jumps).

Houses (实有房屋) and organizations (实有单位) are placed the same way, by code: a house
colours the deepest shape its address lies in (a building, a door number, else the
estate or street) by the mix of uses there (``house_mix``), and an organization is
a pin at its door number or building (``org_pins``); rooms and shops have no shape
of their own. The schematic layout draws streets (街路巷) as blocks holding their
door numbers, beside the estates.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from app.models.domain import rules
from app.models.roster import search
from app.paths import resource_path

ORIGIN = (113.66, 34.78)            # 金水区, Zhengzhou
KINDS = ("street", "community", "grid", "estate", "road", "building", "door")
ORG_KINDS = ("street", "community", "grid")
GEO_DIR = "geo"
DEMO_FILE = "demo-street.geojson"
M_PER_DEG_LAT = 110_540.0
M_PER_DEG_LON_EQ = 111_320.0


class GeoError(ValueError):
    """A GeoJSON file that cannot be used; the message names the file and the feature."""


@dataclass(frozen=True)
class Feature:
    kind: str
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]   # outer rings, (lon, lat)

    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for ring in self.rings for p in ring]
        ys = [p[1] for ring in self.rings for p in ring]
        return min(xs), min(ys), max(xs), max(ys)

    def center(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.bbox()
        return (x0 + x1) / 2, (y0 + y1) / 2


# -------------------------------------------------------------------- GeoJSON I/O

def _ring(coords, where: str) -> tuple[tuple[float, float], ...]:
    if not isinstance(coords, list) or len(coords) < 4:
        raise GeoError(f"{where}: a polygon ring needs at least 4 positions")
    out = []
    for pos in coords:
        if (not isinstance(pos, list) or len(pos) < 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                           for v in pos[:2])):
            raise GeoError(f"{where}: a position must be [longitude, latitude]")
        lon, lat = float(pos[0]), float(pos[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeoError(f"{where}: position {pos[:2]} is not a longitude/latitude")
        out.append((lon, lat))
    return tuple(out)


def parse_geojson(data, name: str = "GeoJSON") -> list[Feature]:
    """Features from a parsed GeoJSON FeatureCollection (or a single Feature)."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = {"type": "FeatureCollection", "features": [data]}
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" \
            or not isinstance(data.get("features"), list):
        raise GeoError(f"{name}: not a GeoJSON FeatureCollection")
    out = []
    for i, feat in enumerate(data["features"], 1):
        where = f"{name}, feature {i}"
        if not isinstance(feat, dict):
            raise GeoError(f"{where}: not a GeoJSON feature")
        props = feat.get("properties") or {}
        kind, code = props.get("kind"), props.get("code")
        if kind not in KINDS:
            raise GeoError(f"{where}: property 'kind' must be one of {', '.join(KINDS)}")
        if not isinstance(code, str) or not code:
            raise GeoError(f"{where}: property 'code' is missing")
        geom = feat.get("geometry") or {}
        gtype, coords = geom.get("type"), geom.get("coordinates")
        if gtype == "Polygon" and isinstance(coords, list) and coords:
            rings = (_ring(coords[0], where),)
        elif gtype == "MultiPolygon" and isinstance(coords, list) and coords:
            rings = tuple(_ring(poly[0] if isinstance(poly, list) and poly else None, where)
                          for poly in coords)
        else:
            raise GeoError(f"{where}: geometry must be a Polygon or MultiPolygon")
        out.append(Feature(kind, code, str(props.get("name") or code), rings))
    return out


def read_geojson(path: Path) -> list[Feature]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GeoError(f"{path.name}: cannot be read ({exc})") from None
    except ValueError as exc:
        raise GeoError(f"{path.name}: not valid JSON ({exc})") from None
    return parse_geojson(data, path.name)


def to_geojson(features: Iterable[Feature]) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "properties": {"kind": f.kind, "code": f.code, "name": f.name},
         "geometry": ({"type": "Polygon", "coordinates": [[list(p) for p in f.rings[0]]]}
                      if len(f.rings) == 1 else
                      {"type": "MultiPolygon",
                       "coordinates": [[[list(p) for p in ring]] for ring in f.rings]})}
        for f in features]}


def write_geojson(features: Iterable[Feature], path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(to_geojson(features), ensure_ascii=False, separators=(",", ":")),
                   encoding="utf-8")
    tmp.replace(path)
    return path


@dataclass
class Layers:
    features: list[Feature]
    source: str                     # 'files' | 'schematic' | 'none'
    problems: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def geo_files(data_dir: Path | None) -> list[Path]:
    dirs = [resource_path(GEO_DIR)]
    if data_dir is not None:
        dirs.insert(0, Path(data_dir) / GEO_DIR)
    out = []
    for d in dirs:
        if d.is_dir():
            out += sorted(d.glob("*.geojson"))
    return out


def load_layers(conn, data_dir: Path | None, *, scope_code: str = "") -> Layers:
    """The map's features: the GeoJSON files (a bad file is reported and skipped), or
    the schematic layout from the address tree when no file covers anything; only
    features inside ``scope_code`` (and the street around it)."""
    problems, features, names = [], [], []
    for path in geo_files(data_dir):
        try:
            features += read_geojson(path)
            names.append(path.name)
        except GeoError as exc:
            problems.append(str(exc))
    source = "files"
    if not features:
        features = layout_from_tree(conn)
        source = "schematic" if features else "none"
    if scope_code:
        features = [f for f in features
                    if _code_in(f.code, scope_code) or scope_code.startswith(f.code)]
    return Layers(features, source, problems, names)


def _code_in(code: str, scope: str) -> bool:
    lo, hi = search.path_range(scope)
    return lo <= code < hi


# ----------------------------------------------------------------- projection

@dataclass(frozen=True)
class Projection:
    """Equirectangular metres around a centre: plenty for a district (< 0.1 % off at
    20 km) and simple enough to invert. ``y`` grows southwards, as on screen."""
    lon0: float = ORIGIN[0]
    lat0: float = ORIGIN[1]

    @property
    def kx(self) -> float:
        return M_PER_DEG_LON_EQ * math.cos(math.radians(self.lat0))

    def to_xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx, (self.lat0 - lat) * M_PER_DEG_LAT

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        return self.lon0 + x / self.kx, self.lat0 - y / M_PER_DEG_LAT


def projection_for(features: list[Feature]) -> Projection:
    if not features:
        return Projection()
    boxes = [f.bbox() for f in features]
    return Projection((min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2,
                      (min(b[1] for b in boxes) + max(b[3] for b in boxes)) / 2)


# -------------------------------------------------------- schematic layout from the tree

def _h(text: str) -> float:
    """A stable number in [0, 1) from a code: the layout's only 'randomness'."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) / 2**32


@dataclass
class _Box:
    code: str
    name: str
    kind: str
    w: float = 0.0
    h: float = 0.0
    x: float = 0.0
    y: float = 0.0
    children: list["_Box"] = field(default_factory=list)


def _pack(children: list[_Box], gap: float) -> tuple[float, float]:
    """Shelf-pack children left to right in rows about as wide as the result is tall;
    sets each child's x/y relative to the parent's inner corner; returns (w, h)."""
    if not children:
        return 0.0, 0.0
    area = sum((c.w + gap) * (c.h + gap) for c in children)
    width = max(max(c.w for c in children), math.sqrt(area) * 1.25)
    x = y = row_h = used_w = 0.0
    for c in children:
        if x > 0 and x + c.w > width:
            y += row_h + gap
            x = row_h = 0.0
        c.x, c.y = x, y
        x += c.w + gap
        row_h = max(row_h, c.h)
        used_w = max(used_w, x - gap)
    return used_w, y + row_h


def _place(box: _Box, ox: float, oy: float, out: list[tuple[_Box, float, float]]) -> None:
    ax, ay = ox + box.x, oy + box.y
    out.append((box, ax, ay))
    margin = _MARGIN.get(box.kind, 0.0)
    for c in box.children:
        _place(c, ax + margin, ay + margin + _TOP.get(box.kind, 0.0), out)


_MARGIN = {"street": 30.0, "community": 25.0, "grid": 18.0, "estate": 10.0, "road": 8.0}
_TOP = {"street": 26.0, "community": 22.0, "grid": 18.0, "estate": 14.0,
        "road": 14.0}  # room for a name
_GAP = {"street": 50.0, "community": 30.0, "grid": 18.0, "estate": 14.0}


def layout_from_tree(conn, origin: tuple[float, float] = ORIGIN) -> list[Feature]:
    """Deterministic block geometry for every street › community › grid › estate ›
    building in the store (a building is a slab sized by its units)."""
    conn = getattr(conn, "conn", conn)
    orgs = conn.execute("SELECT code, name, kind FROM org_units WHERE deleted_at IS NULL "
                        "AND kind IN ('street', 'community', 'grid', 'dedicated') "
                        "ORDER BY code").fetchall()
    if not orgs:
        return []
    estates: dict[str, list[_Box]] = {}
    buildings: dict[str, list[_Box]] = {}
    units: dict[str, int] = {}
    for _code, parent_code in conn.execute(
            "SELECT u.code, b.code FROM addresses u JOIN addresses b ON b.id = u.parent_id "
            "WHERE u.kind = 'unit' AND u.deleted_at IS NULL"):
        units[parent_code] = units.get(parent_code, 0) + 1
    for code, name, kind, parent_code, grid_code in conn.execute(
            "SELECT a.code, a.name, a.kind, p.code, g.code FROM addresses a "
            "JOIN org_units g ON g.id = a.grid_id LEFT JOIN addresses p ON p.id = a.parent_id "
            "WHERE a.kind IN ('estate', 'building', 'road', 'door') AND a.deleted_at IS NULL "
            "ORDER BY a.code"):
        if kind in ("estate", "road"):       # a street is a block like an estate
            estates.setdefault(grid_code, []).append(_Box(code, name, kind))
        elif kind == "door":                  # a door number: a small frontage on its street
            buildings.setdefault(parent_code, []).append(
                _Box(code, name, "door", w=14.0 + 6 * _h(code), h=10.0))
        else:
            n = max(1, units.get(code, 1))
            slab = _Box(code, name, "building", w=22.0 * n + 8 * _h(code), h=13.0 + 3 * _h(code))
            buildings.setdefault(parent_code, []).append(slab)
    tops: list[_Box] = []            # streets (or whatever has no parent in the store)
    by_code: dict[str, _Box] = {}
    for code, name, kind in orgs:
        box = _Box(code, name, "grid" if kind == "dedicated" else kind)
        by_code[code] = box
        parent = next((by_code[code[:n]] for n in (12, 9) if len(code) > n and code[:n]
                       in by_code), None)
        if parent is not None:
            parent.children.append(box)
        else:
            tops.append(box)
    # sizes bottom-up
    for grid_code, es in estates.items():
        if grid_code in by_code:
            by_code[grid_code].children = es + by_code[grid_code].children
    for es in estates.values():
        for e in es:
            e.children = buildings.get(e.code, [])
            # rows of slabs with room between them (sunlight spacing)
            if e.kind == "road":        # the door numbers in a row along the street
                x = 0.0
                for c in e.children:
                    c.x, c.y = x, 0.0
                    x += c.w + 3
                w, h = max(x - 3, 0.0), max((c.h for c in e.children), default=0.0)
            else:
                w, h = _pack(e.children, _GAP["estate"] + 6)
            e.w = max(w, 40.0) + 2 * _MARGIN[e.kind]
            e.h = max(h, 30.0 if e.kind == "estate" else 12.0) + 2 * _MARGIN[e.kind] \
                + _TOP[e.kind]

    def size(box: _Box) -> None:
        if box.kind in ("estate", "road", "building", "door"):
            return
        for c in box.children:
            size(c)
        w, h = _pack(box.children, _GAP.get(box.kind, 20.0))
        m = _MARGIN.get(box.kind, 20.0)
        if not box.children:            # a dedicated grid (a school): a campus block
            w, h = 160.0 + 60 * _h(box.code), 110.0 + 40 * _h(box.code + "h")
        box.w, box.h = w + 2 * m, h + 2 * m + _TOP.get(box.kind, 0.0)

    for top in tops:
        size(top)
    _pack(tops, _GAP["street"])
    placed: list[tuple[_Box, float, float]] = []
    for top in tops:
        _place(top, 0.0, 0.0, placed)
    total_w = max((x + b.w for b, x, y in placed), default=0)
    total_h = max((y + b.h for b, x, y in placed), default=0)
    proj = Projection(*origin)
    out = []
    for box, x, y in placed:
        x0, y0 = x - total_w / 2, y - total_h / 2
        corners = [(x0, y0), (x0 + box.w, y0), (x0 + box.w, y0 + box.h), (x0, y0 + box.h),
                   (x0, y0)]
        ring = tuple((round(lon, 7), round(lat, 7))
                     for lon, lat in (proj.to_lonlat(cx, cy) for cx, cy in corners))
        out.append(Feature(box.kind, box.code, box.name, (ring,)))
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda f: (order[f.kind], f.code))
    return out


def write_demo_geometry(store, data_dir: Path | None = None) -> Path:
    """Save the schematic layout of the store's address tree as the demo street's
    GeoJSON (``<data dir>/geo/demo-street.geojson``)."""
    data_dir = Path(data_dir) if data_dir is not None else Path(store.path).parent
    return write_geojson(layout_from_tree(store.conn), data_dir / GEO_DIR / DEMO_FILE)


# ------------------------------------------------------------ what goes on the map

def building_code(address_code: str | None) -> str | None:
    """The building's code for a building, unit or room code (estate code + 3), or
    None for an estate or a code outside the standard form."""
    if not address_code or "-" not in address_code:
        return None
    cut = address_code.index("-") + 1 + 3 + 3
    return address_code[:cut] if len(address_code) >= cut else None


def estate_code_of(address_code: str | None) -> str | None:
    if not address_code or "-" not in address_code:
        return None
    cut = address_code.index("-") + 1 + 3
    return address_code[:cut] if len(address_code) >= cut else None


@dataclass(frozen=True)
class BuildingStats:
    code: str
    households: int
    residents: int
    tagged: int          # living residents with an active care (or, with 防, key) tag


def building_stats(conn, *, scope_code: str = "", include_key: bool = False,
                   today: str | None = None) -> dict[str, BuildingStats]:
    """Households, living residents and tagged residents per building (by room code)."""
    from app.models.domain.choices import TAG_TYPES

    conn = getattr(conn, "conn", conn)
    lo, hi = search.path_range(scope_code) if scope_code else ("", "\uffff")
    bld = "substr(r.path, 1, instr(r.path, '-') + 6)"
    codes = [c for c, t in TAG_TYPES.items() if include_key or t.group != "key"]
    marks = ",".join("?" * len(codes))
    day = today or "9999-12-31"
    rows = conn.execute(f"""
        WITH tg AS MATERIALIZED (
            SELECT DISTINCT resident_id FROM resident_tags t
            WHERE t.deleted_at IS NULL AND t.tag IN ({marks})
              AND (t.until IS NULL OR t.until >= ?)
        )
        SELECT {bld} AS b, count(DISTINCT r.household_id), count(*),
               sum(r.id IN (SELECT resident_id FROM tg))
        FROM residents r
        WHERE r.deleted_at IS NULL AND r.status = 'living' AND r.path >= ? AND r.path < ?
          AND instr(r.path, '-') > 0
        GROUP BY b""", [*codes, day, lo, hi]).fetchall()
    return {b: BuildingStats(b, int(h), int(n), int(t or 0)) for b, h, n, t in rows
            if b and len(b) > 10}


@dataclass(frozen=True)
class Pin:
    case_id: str
    number: str
    title: str
    category: str
    state: str
    level: str                       # 'normal' | 'yellow' | 'red'
    lon: float
    lat: float
    placed_by: str                   # 'gps' | 'address' | 'grid'
    grid_code: str


@dataclass(frozen=True)
class PinFilter:
    states: frozenset | None = None          # None = any state
    levels: frozenset | None = None          # None = any level
    categories: frozenset | None = None      # category codes; None = any

    def accepts(self, pin: Pin) -> bool:
        return ((self.states is None or pin.state in self.states)
                and (self.levels is None or pin.level in self.levels)
                and (self.categories is None or pin.category in self.categories))


def filter_pins(pins: Iterable[Pin], flt: PinFilter) -> list[Pin]:
    return [p for p in pins if flt.accepts(p)]


def case_pins(conn, features: list[Feature], level: Callable[[dict], str], *,
              scope_code: str = "", states: Iterable[str] | None = None) -> tuple[list[Pin], int]:
    """Pins for the cases in scope (drafts and deleted cases never), and how many
    could not be placed (no position, no known building, no grid geometry)."""
    conn = getattr(conn, "conn", conn)
    by_code = {f.code: f for f in features}
    where = ["c.deleted_at IS NULL", "c.state != 'draft'"]
    params: list = []
    if scope_code:
        lo, hi = search.path_range(scope_code)
        where.append("c.path >= ? AND c.path < ?")
        params += [lo, hi]
    if states is not None:
        states = list(states)
        where.append(f"c.state IN ({','.join('?' * len(states))})")
        params += states
    cur = conn.execute(
        "SELECT c.id, c.number, c.title, c.category, c.state, c.lon, c.lat, c.path, "
        "a.code AS address_code, c.clock_start, c.deadline, c.closed_at, c.urgency "
        f"FROM cases c LEFT JOIN addresses a ON a.id = c.address_id WHERE {' AND '.join(where)} "
        "ORDER BY c.rid", params)
    names = [d[0] for d in cur.description]
    pins, unplaced = [], 0
    for values in cur:
        row = dict(zip(names, values))
        lon, lat, how = row["lon"], row["lat"], "gps"
        # a position that is not one (Infinity, NaN, out of range: data from elsewhere)
        # is placed like a case without one, never at infinity on the map
        if not rules.valid_coordinates(lon, lat):
            how = "address"
            target = (by_code.get(building_code(row["address_code"]) or "")
                      or by_code.get(estate_code_of(row["address_code"]) or ""))
            spread = 0.35
            if target is None:
                how, target, spread = "grid", by_code.get(row["path"]) or by_code.get(
                    row["path"][:15]), 0.7
            if target is None:
                unplaced += 1
                continue
            x0, y0, x1, y1 = target.bbox()
            # spread the pins of one place by a hash of the case id: stable, never stacked
            lon = (x0 + x1) / 2 + (_h(row["id"]) - 0.5) * spread * (x1 - x0)
            lat = (y0 + y1) / 2 + (_h(row["id"] + "y") - 0.5) * spread * (y1 - y0)
        pins.append(Pin(row["id"], row["number"], row["title"], row["category"], row["state"],
                        level(row), float(lon), float(lat), how, row["path"]))
    return pins, unplaced


# ------------------------------------------------------ houses and organizations

PLACE_KINDS = ("building", "door", "estate", "road")   # shapes houses and pins go to


def _place_of(path: str, codes: dict[int, set[str]]) -> str | None:
    """The deepest shape whose code the address code ``path`` starts with."""
    for n in sorted(codes, reverse=True):
        if len(path) >= n and path[:n] in codes[n]:
            return path[:n]
    return None


def _codes_by_length(features: Iterable[Feature]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for f in features:
        if f.kind in PLACE_KINDS:
            out.setdefault(len(f.code), set()).add(f.code)
    return out


def house_mix(conn, features: list[Feature], *, scope_code: str = "") -> dict[str, dict[str, int]]:
    """Houses per shape, by use: {building/door/estate/road code: {use: count}} (a
    room's house counts at its building, a 平房's or shop's at its door number)."""
    conn = getattr(conn, "conn", conn)
    lo, hi = search.path_range(scope_code) if scope_code else ("", "\uffff")
    codes = _codes_by_length(features)
    out: dict[str, dict[str, int]] = {}
    for path, use, n in conn.execute(
            "SELECT path, use, count(*) FROM houses WHERE deleted_at IS NULL AND path >= ? "
            "AND path < ? GROUP BY path, use", (lo, hi)):
        place = _place_of(path or "", codes)
        if place is not None:
            mix = out.setdefault(place, {})
            mix[use] = mix.get(use, 0) + int(n)
    return out


def dominant_use(mix: dict[str, int]) -> str | None:
    """The use most houses of a shape have (the riskier on a tie: group rental,
    rental, business, vacant, other, own)."""
    if not mix:
        return None
    order = ("group_rental", "rental", "business", "vacant", "other", "own")
    return max(mix, key=lambda u: (mix[u], -order.index(u) if u in order else -99))


@dataclass(frozen=True)
class OrgPin:
    org_id: str
    name: str
    kind: str
    category: str | None
    due: bool                        # a 九小场所 never inspected, or its re-inspection due
    lon: float
    lat: float
    place: str                       # the code of the shape it stands on


def org_pins(conn, features: list[Feature], *, scope_code: str = "",
             today: str = "9999-12-31") -> tuple[list[OrgPin], int]:
    """A pin per organization at its door number or building (spread inside the
    shape by a hash of its id, so it never jumps), and how many have no shape."""
    conn = getattr(conn, "conn", conn)
    lo, hi = search.path_range(scope_code) if scope_code else ("", "\uffff")
    codes = _codes_by_length(features)
    by_code = {f.code: f for f in features}
    pins, unplaced = [], 0
    for oid, name, kind, category, path, last, next_due in conn.execute("""
            SELECT o.id, o.name, o.kind, o.category, o.path, i.id, i.next_due
            FROM organizations o LEFT JOIN inspections i ON i.id = (
                SELECT id FROM inspections x WHERE x.organization_id = o.id
                AND x.deleted_at IS NULL ORDER BY x.inspected_on DESC, x.id DESC LIMIT 1)
            WHERE o.deleted_at IS NULL AND o.path >= ? AND o.path < ?
            ORDER BY o.path, o.name""", (lo, hi)):
        place = _place_of(path or "", codes)
        if place is None:
            unplaced += 1
            continue
        x0, y0, x1, y1 = by_code[place].bbox()
        spread = 0.5 if by_code[place].kind in ("door", "building") else 0.7
        lon = (x0 + x1) / 2 + (_h(oid) - 0.5) * spread * (x1 - x0)
        lat = (y0 + y1) / 2 + (_h(oid + "y") - 0.5) * spread * (y1 - y0)
        due = (kind == "nine_small" and last is None) or bool(next_due and next_due <= today)
        pins.append(OrgPin(oid, name, kind, category, due, lon, lat, place))
    return pins, unplaced
