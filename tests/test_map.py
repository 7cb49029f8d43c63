"""地图 要素一张图: geometry (app/models/reports/geo.py) and the map page (app/ui/reports/map_page.py)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from app.models.reports import geo
from app.models.cases.repository import Cases
from app.models.write.unit import Actor
from app.models.roster.repository import Roster
from uihelpers import drive_modal

TODAY = dt.date(2026, 11, 28)      # the roster fixture's today (tests/conftest.py)

TZ = dt.timezone(dt.timedelta(hours=8))
MON = dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ)


@pytest.fixture
def tree(roster, street):
    """The conftest street plus a second building and an estate in grid 2."""
    b2 = roster.create_address("building", "004", "4号楼", parent_id=street["estate"]["id"])
    roster.create_address("unit", "01", "1单元", parent_id=b2["id"])
    e2 = roster.create_address("estate", "001", "阳光花园", grid_id=street["grid2"]["id"])
    roster.create_address("building", "001", "1号楼", parent_id=e2["id"])
    return dict(street, building2=b2, estate2=e2)


def test_layout_from_the_tree_is_deterministic_and_nested(store, tree):
    features = geo.layout_from_tree(store)
    assert features == geo.layout_from_tree(store)
    kinds = {f.code: f.kind for f in features}
    assert kinds[tree["street"]["code"]] == "street"
    assert kinds[tree["community"]["code"]] == "community"
    assert kinds[tree["grid1"]["code"]] == kinds[tree["grid2"]["code"]] == "grid"
    assert kinds[tree["estate"]["code"]] == "estate"
    assert kinds[tree["building"]["code"]] == kinds[tree["building2"]["code"]] == "building"
    by_code = {f.code: f for f in features}

    def inside(inner, outer):
        a, b = by_code[inner].bbox(), by_code[outer].bbox()
        return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]
    assert inside(tree["building"]["code"], tree["estate"]["code"])
    assert inside(tree["estate"]["code"], tree["grid1"]["code"])
    assert inside(tree["grid2"]["code"], tree["community"]["code"])
    # in 金水区: around 113.66 E 34.78 N, a few hundred metres across
    lon, lat = by_code[tree["street"]["code"]].center()
    assert abs(lon - 113.66) < 0.01 and abs(lat - 34.78) < 0.01
    # the two grids do not overlap
    a, b = by_code[tree["grid1"]["code"]].bbox(), by_code[tree["grid2"]["code"]].bbox()
    assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_geojson_round_trip_and_clear_errors(store, tree, tmp_path):
    features = geo.layout_from_tree(store)
    path = geo.write_geojson(features, tmp_path / "geo" / "street.geojson")
    assert geo.read_geojson(path) == features
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["features"][0]["geometry"]["type"] == "Polygon"
    bad = tmp_path / "bad.geojson"
    for text, words in (("{", "not valid JSON"),
                        ('{"type": "Point"}', "not a GeoJSON FeatureCollection"),
                        ('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                         '"properties": {"kind": "grid"}, "geometry": null}]}',
                         "feature 1: property 'code' is missing"),
                        ('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                         '"properties": {"kind": "grid", "code": "1"}, "geometry": {"type": '
                         '"Polygon", "coordinates": [[[500, 1], [1, 1], [1, 2], [500, 1]]]}}]}',
                         "not a longitude/latitude")):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(geo.GeoError, match=words):
            geo.read_geojson(bad)
    # a bad file next to a good one is reported and skipped, the good one is used
    (tmp_path / "geo" / "zz-bad.geojson").write_text("{", encoding="utf-8")
    layers = geo.load_layers(store, tmp_path)
    assert layers.source == "files" and layers.features == features
    assert layers.problems and "zz-bad.geojson" in layers.problems[0]


def test_without_files_the_map_is_the_schematic_layout(store, tree, tmp_path):
    layers = geo.load_layers(store, tmp_path)
    assert layers.source == "schematic" and layers.features == geo.layout_from_tree(store)
    only_grid2 = geo.load_layers(store, tmp_path, scope_code=tree["grid2"]["code"])
    codes = {f.code for f in only_grid2.features}
    assert tree["grid2"]["code"] in codes and tree["grid1"]["code"] not in codes
    assert tree["community"]["code"] in codes            # the area around it stays


def test_demo_street_writes_its_geometry(tmp_path):
    from app.models.demo import street as demo
    from app.models.store.database import open_store
    s = open_store(tmp_path / "demo")
    try:
        demo.generate(s, 400, seed=2, today=TODAY)
        path = tmp_path / "demo" / geo.GEO_DIR / geo.DEMO_FILE
        features = geo.read_geojson(path)
        buildings = s.conn.execute("SELECT count(*) FROM addresses WHERE kind = 'building'"
                                   ).fetchone()[0]
        assert sum(f.kind == "building" for f in features) == buildings > 0
        assert features == geo.layout_from_tree(s)
        # its old street and shops are on it: every organization has a pin, the
        # houses colour their buildings and door numbers
        orgs = s.conn.execute("SELECT count(*) FROM organizations").fetchone()[0]
        pins, unplaced = geo.org_pins(s, features, today=TODAY.isoformat())
        assert len(pins) == orgs > 0 and unplaced == 0
        assert any(f.kind == "road" for f in features)
        mix = geo.house_mix(s, features)
        assert sum(sum(m.values()) for m in mix.values()) == s.conn.execute(
            "SELECT count(*) FROM houses").fetchone()[0]
        assert any(p.due for p in pins) and not all(p.due for p in pins)
    finally:
        s.close()


def test_building_codes():
    assert geo.building_code("410105003001001-0010030201501") == "410105003001001-001003"
    assert geo.building_code("410105003001001-001003") == "410105003001001-001003"
    assert geo.building_code("410105003001001-001") is None
    assert geo.estate_code_of("410105003001001-00100302") == "410105003001001-001"
    assert geo.building_code(None) is None


@pytest.fixture
def pinned(store, tree):
    """Cases placed by address, by grid and by GPS, open and closed, overdue or not."""
    worker = Actor("w", "王网格", "grid_worker", "")
    sup = Actor("s", "李书记", "community_supervisor", "")
    repo = Cases(store, worker, now=lambda: MON)
    srepo = Cases(store, sup, now=lambda: MON)
    made = {}
    made["room"] = repo.create(title="楼道堆物", category="piled_materials",
                               grid_id=tree["grid1"]["id"],
                               address_id=tree["room501"]["id"])["id"]
    made["grid"] = repo.create(title="路面坑洼", category="damaged_road",
                               grid_id=tree["grid2"]["id"])["id"]
    made["gps"] = repo.create(title="井盖缺失", category="manhole_cover",
                              grid_id=tree["grid1"]["id"], lon=113.7, lat=34.8)["id"]
    c = repo.create(title="暴露垃圾", category="exposed_garbage", grid_id=tree["grid1"]["id"],
                    address_id=tree["building2"]["id"])
    srepo.act(c["id"], "accept")
    srepo.act(c["id"], "dispatch", unit=tree["grid1"]["id"])
    made["overdue"] = c["id"]                           # 1 working day from Monday 09:00
    c = repo.create(title="困难帮扶", category="hardship_aid", grid_id=tree["grid2"]["id"])
    srepo.act(c["id"], "accept")
    srepo.act(c["id"], "dispatch", unit=tree["grid2"]["id"])
    repo.act(c["id"], "sign")
    repo.act(c["id"], "feedback")
    srepo.act(c["id"], "verify_pass")
    made["closed"] = c["id"]
    return made


def test_case_pins_are_placed_by_gps_address_or_grid(store, tree, pinned):
    later = Cases(store, Actor("s", "x", "community_supervisor"),
                  now=lambda: MON + dt.timedelta(days=3))
    features = geo.layout_from_tree(store)
    pins, unplaced = geo.case_pins(store, features, later.level)
    by_id = {p.case_id: p for p in pins}
    assert unplaced == 0 and set(by_id) == set(pinned.values())
    assert by_id[pinned["gps"]].placed_by == "gps"
    assert (by_id[pinned["gps"]].lon, by_id[pinned["gps"]].lat) == (113.7, 34.8)
    assert by_id[pinned["room"]].placed_by == "address"
    bld = {f.code: f for f in features}[tree["building"]["code"]].bbox()
    pin = by_id[pinned["room"]]
    assert bld[0] <= pin.lon <= bld[2] and bld[1] <= pin.lat <= bld[3]
    assert by_id[pinned["grid"]].placed_by == "grid"
    assert by_id[pinned["overdue"]].level == "red"
    open_only = geo.filter_pins(pins, geo.PinFilter(states=frozenset({"closed"})))
    assert [p.case_id for p in open_only] == [pinned["closed"]]
    # only a grid's pins, and a case whose grid has no geometry is not placed
    assert {p.case_id for p in geo.case_pins(store, features, later.level,
                                             scope_code=tree["grid2"]["code"])[0]} == {
        pinned["grid"], pinned["closed"]}
    assert geo.case_pins(store, [], later.level)[1] == 4     # the gps one is still placed


def test_building_stats_count_tagged_residents(store, roster, tree):
    from test_home import id_number
    h1 = tree["household1"]
    a = roster.create_resident(dict(name="甲", id_number=id_number(), residence_type="registered"),
                               household_id=h1["id"], relation="self")
    b = roster.create_resident(dict(name="乙", id_number=id_number(), residence_type="registered"),
                               household_id=h1["id"], relation="spouse")
    roster.add_tag(a["id"], "elderly_alone")
    roster.add_tag(b["id"], "community_correction")
    stats = geo.building_stats(store, today=TODAY.isoformat())
    s = stats[tree["building"]["code"]]
    assert (s.households, s.residents, s.tagged) == (1, 2, 1)
    assert geo.building_stats(store, include_key=True)[tree["building"]["code"]].tagged == 2


# -- the page -------------------------------------------------------------------------------

@pytest.fixture
def map_page(qtbot, store, tree, pinned):
    from app.ui.shell.app import create_application
    from app.ui.reports.map_page import MapPage
    create_application("zh_CN")
    actor = Actor("s", "李书记", "community_supervisor", "")
    cases = Cases(store, actor, now=lambda: MON + dt.timedelta(days=3))
    page = MapPage(store, cases, Roster(store, actor, today=TODAY),
                   prevent_roles={"community_supervisor"})
    page.resize(1000, 700)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None and not page.is_busy(), timeout=20000)
    yield page
    page.close()


def pin_ids(page):
    return {i.data(1) for i in page.pin_items()}


def test_map_scene_holds_the_expected_pins_after_filtering(map_page, pinned):
    page = map_page
    open_cases = {pinned[k] for k in ("room", "grid", "gps", "overdue")}
    assert pin_ids(page) == open_cases                       # open cases by default
    page.show_state.setCurrentIndex(page.show_state.findData("all"))
    assert pin_ids(page) == set(pinned.values())
    page.show_state.setCurrentIndex(page.show_state.findData("closed"))
    assert pin_ids(page) == {pinned["closed"]}
    page.show_state.setCurrentIndex(page.show_state.findData("open"))
    page.show_level.setCurrentIndex(1)                       # overdue only
    assert pin_ids(page) == {pinned["overdue"]}
    page.show_level.setCurrentIndex(0)
    page.show_major.setCurrentIndex(page.show_major.findData("设施管理"))
    assert pin_ids(page) == {pinned["grid"], pinned["gps"]}  # 道路破损, 井盖缺失
    page.pins_box.setChecked(False)
    assert pin_ids(page) == set()
    assert "0" in page.info.text()


def test_map_draws_the_geometry_and_zooms(map_page, tree):
    page = map_page
    kinds = {i.data(0) for i in page.scene.items()}
    assert {"street", "community", "grid", "estate", "building", "pin"} <= kinds
    before = page.view.scale_now()
    page.view.zoom(2.0)
    assert page.view.scale_now() == pytest.approx(before * 2)
    page.fit()
    assert page.view.scale_now() == pytest.approx(before, rel=0.05)
    assert "示意" in page.info.text() or "Schematic" in page.info.text()


def test_clicking_a_pin_opens_the_case_and_a_building_its_households(qtbot, map_page, tree,
                                                                    pinned):
    page = map_page
    seen = {}
    pin = next(i for i in page.pin_items() if i.data(1) == pinned["overdue"])
    view_pos = page.view.mapFromScene(pin.scenePos())
    assert page.view.clickable_at(view_pos).data(1) == pinned["overdue"]

    def case(dlg):
        seen["case"] = dlg.case_id
        dlg.reject()
    drive_modal(lambda: page.view.itemClicked.emit(page.view.clickable_at(view_pos)), case)
    assert seen["case"] == pinned["overdue"]

    building = page._building_items[tree["building"]["code"]]

    def households(dlg):
        seen["rows"] = dlg.table.rowCount()
        seen["first"] = dlg.table.item(0, 0).text()
        dlg.reject()
    drive_modal(lambda: page.view.itemClicked.emit(building), households)
    assert seen["rows"] == 2 and seen["first"] == "H0001"


# -- houses (实有房屋) coloured by use, organizations (实有单位) as pins ----------------------

@pytest.fixture
def placed(store, roster, tree):
    """Houses in building 3 (mostly rented, one group rental) and on a street (经三路:
    a 平房 yard at 12号 and a shop at 13号 with a restaurant due for inspection; an
    office at 15号 inspected last week)."""
    from app.models.places.repository import Places
    actor = Actor("s", "李书记", "community_supervisor", "")
    places = Places(store, actor, today=TODAY)
    unit = tree["unit"]
    rooms = [tree["room501"], tree["room502"]] + [
        roster.create_address("room", f"0{n}01", f"{n}01室", parent_id=unit["id"], floor=n)
        for n in (1, 2, 3)]
    for room, use in zip(rooms, ("rental", "rental", "group_rental", "own", "rental")):
        places.create_house(room["id"], {"use": use})
    g1 = tree["grid1"]["id"]
    road = roster.create_address("road", "001", "经三路", grid_id=g1)
    door12 = roster.create_address("door", "0012", "12号", parent_id=road["id"])
    yard = roster.create_address("yard", "01", "院", parent_id=door12["id"])
    east = roster.create_address("room", "0001", "东屋", parent_id=yard["id"])
    places.create_house(east["id"], {"use": "vacant"})
    shop = roster.create_address("door", "0013", "13号", parent_id=road["id"])
    places.create_house(shop["id"], {"use": "business"})
    office = roster.create_address("door", "0015", "15号", parent_id=road["id"])
    diner = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                        "category": "restaurant", "address_id": shop["id"]})
    firm = places.create_organization({"name": "绿源物业", "kind": "enterprise",
                                       "address_id": office["id"]})
    places.record_inspection(firm["id"], {"extinguishers": "ok"}, inspected_on="2026-11-20")
    return dict(road=road, door12=door12, shop=shop, office=office, diner=diner, firm=firm)


def test_houses_are_counted_at_their_building_or_door_and_organizations_pinned_there(
        store, tree, placed):
    features = geo.layout_from_tree(store)
    kinds = {f.code: f.kind for f in features}
    assert kinds[placed["road"]["code"]] == "road" and kinds[placed["shop"]["code"]] == "door"
    mix = geo.house_mix(store, features)
    assert mix[tree["building"]["code"]] == {"rental": 3, "group_rental": 1, "own": 1}
    assert geo.dominant_use(mix[tree["building"]["code"]]) == "rental"
    assert mix[placed["door12"]["code"]] == {"vacant": 1}        # the yard's room, at its door
    assert mix[placed["shop"]["code"]] == {"business": 1}
    pins, unplaced = geo.org_pins(store, features, today=TODAY.isoformat())
    by_name = {p.name: p for p in pins}
    assert unplaced == 0 and set(by_name) == {"老王烩面馆", "绿源物业"}
    assert by_name["老王烩面馆"].due and not by_name["绿源物业"].due
    shop = next(f for f in features if f.code == placed["shop"]["code"])
    x0, y0, x1, y1 = shop.bbox()
    assert x0 <= by_name["老王烩面馆"].lon <= x1 and y0 <= by_name["老王烩面馆"].lat <= y1
    # a scope outside the grid sees neither
    assert geo.org_pins(store, features, scope_code=tree["grid2"]["code"]) == ([], 0)


def test_the_map_colours_houses_by_use_and_pins_organizations(qtbot, map_page, tree, placed,
                                                              tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    from app.ui.reports.map_page import USE_COLORS
    page = map_page
    page.refresh()                                  # the houses were made after the load
    qtbot.waitUntil(lambda: not page.is_busy() and bool(page.data.get("orgs")), timeout=20000)
    orgs = {i.data(1): i for i in page.org_items()}
    assert set(orgs) == {placed["diner"]["id"], placed["firm"]["id"]}
    assert orgs[placed["diner"]["id"]].brush().color() == QColor("#dc2626")   # due: red
    assert "老王烩面馆" in orgs[placed["diner"]["id"]].toolTip()
    assert "单位" in page.legend.text() or "Organizations" in page.legend.text()
    page.houses_box.setChecked(True)
    assert not page.density_box.isChecked()
    building = page._building_items[tree["building"]["code"]]
    assert building.brush().color() == QColor(USE_COLORS["rental"])
    assert building.pen().color() == QColor("#b91c1c")          # a group rental in it
    assert "群租 1" in building.toolTip()
    shop = page._building_items[placed["shop"]["code"]]
    assert shop.brush().color() == QColor(USE_COLORS["business"])
    assert "出租" in page.legend.text() and "群租" in page.legend.text()
    page.view.fitInView(building.sceneBoundingRect().united(shop.sceneBoundingRect())
                        .adjusted(-40, -40, 40, 40), Qt.KeepAspectRatio)
    page.grab().save(str(tmp_path / "map_houses.png"))
    page.orgs_box.setChecked(False)
    assert page.org_items() == []
    page.orgs_box.setChecked(True)
    # clicking an organization's pin opens it
    seen = {}

    def org(dlg):
        seen["org"] = dlg.org_id
        dlg.reject()
    drive_modal(lambda: page.view.itemClicked.emit(page.org_items()[0]), org)
    assert seen["org"] in (placed["diner"]["id"], placed["firm"]["id"])
