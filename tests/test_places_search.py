"""Search over houses and organizations (app/models/places/search.py): an FTS5 index
kept current by triggers, whatever path changes a row (the write path, rows applied
as server state, hard deletions), built for the rows already there by schema step 15,
and read per keystroke without touching every row. Real SQLCipher stores."""
from __future__ import annotations

import pytest

from app.models.places.repository import Places
from app.models.roster.repository import Roster, load_rows
from app.models.store import migrations
from app.models.store.database import open_store
from app.models.write.unit import Actor, unit_of_work

from tests.conftest import TODAY

GOOD_CODE = "91350100M000100Y43"


@pytest.fixture
def places(store, actor):
    return Places(store, actor, today=TODAY)


@pytest.fixture
def road(roster, street):
    road = roster.create_address("road", "001", "红专路", grid_id=street["grid1"]["id"])
    door = roster.create_address("door", "0012", "12号", parent_id=road["id"])
    yard = roster.create_address("yard", "01", "院", parent_id=door["id"])
    room = roster.create_address("room", "0001", "东屋", parent_id=yard["id"])
    shop = roster.create_address("door", "0013", "13号", parent_id=road["id"])
    return dict(road=road, door=door, yard=yard, room=room, shop=shop)


def _org_ids(places, text, **kw):
    return [o["id"] for o in places.organizations(text=text, **kw)]


def _house_ids(places, text, **kw):
    return [h["id"] for h in places.houses(text=text, **kw)]


def test_an_organization_is_found_as_it_is_written_and_not_as_it_was(store, places, road,
                                                                     actor):
    org = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                      "category": "restaurant", "credit_code": GOOD_CODE,
                                      "address_id": road["shop"]["id"]})
    for text in ("烩面", "lwhmg", "whm", "huimian", "LWHM", "00Y43", "y43", "3", "红专路13号",
                 "红专路 13", "13号"):
        assert _org_ids(places, text) == [org["id"]], text
    places.update_organization(org["id"], {"name": "张记胡辣汤", "credit_code": "",
                                           "address_id": road["door"]["id"]})
    for text in ("烩面", "lwhm", "y43", "红专路13号"):
        assert _org_ids(places, text) == [], text
    for text in ("胡辣汤", "zjhlt", "hulatang", "红专路12号"):
        assert _org_ids(places, text) == [org["id"]], text
    with unit_of_work(store, actor) as w:          # deleted (soft, as the write path does)
        w.delete("organizations", org["id"])
    assert _org_ids(places, "胡辣汤") == [] and _org_ids(places, "zjhlt") == []


def test_a_house_is_found_by_address_owner_landlord_and_their_pinyin(store, roster, street,
                                                                    places, road, actor):
    owner = roster.create_resident({"name": "欧阳明", "id_number": "11010519491231002X",
                                    "residence_type": "registered"},
                                   grid_id=street["grid1"]["id"])
    house = places.create_house(road["room"]["id"], {"use": "rental", "owner_id": owner["id"],
                                                     "landlord_name": "孙房东"})
    other = places.create_house(street["room501"]["id"], {"use": "own"})
    for text in ("红专路12号", "红专路 12号 院", "东屋", "欧阳", "oym", "ouyangming", "ming",
                 "孙房东", "sfd", "fangdong"):
        assert _house_ids(places, text) == [house["id"]], text
    assert _house_ids(places, "501") == [other["id"]]
    assert set(_house_ids(places, "号")) == {house["id"], other["id"]}      # 12号, 3号楼
    # the owner renamed on the roster: the house follows
    roster.update_resident(owner["id"], {"name": "欧阳亮"})
    assert _house_ids(places, "欧阳明") == [] and _house_ids(places, "oyl") == [house["id"]]
    # the address renamed (as a pull or the write path would): the house follows
    with unit_of_work(store, actor) as w:
        w.patch("addresses", road["room"]["id"], {"name": "西屋",
                                                 "full_name": "红专路 12号 院 西屋"})
    assert _house_ids(places, "东屋") == [] and _house_ids(places, "西屋") == [house["id"]]
    places.update_house(house["id"], {"landlord_name": "李四"})
    assert _house_ids(places, "孙房东") == [] and _house_ids(places, "李四") == [house["id"]]
    places.delete_house(house["id"])
    assert _house_ids(places, "西屋") == [] and _house_ids(places, "lisi") == []


def test_rows_applied_as_server_state_are_indexed_and_hard_deletions_leave(store, places,
                                                                          road, street):
    """The pull writes rows without the write path (``load_rows``, upserts, hard
    deletions of rows that left the scope): the triggers keep the index right."""
    house_id, org_id = "h-from-server", "o-from-server"
    load_rows(store, "houses", [dict(id=house_id, address_id=road["room"]["id"],
                                     grid_id=street["grid1"]["id"], path=road["room"]["code"],
                                     use="rental", owner_name="周房东")])
    load_rows(store, "organizations", [dict(id=org_id, name="如家小旅馆", kind="nine_small",
                                            category="hotel", credit_code=GOOD_CODE,
                                            address_id=road["shop"]["id"],
                                            grid_id=street["grid1"]["id"],
                                            path=road["shop"]["code"])])
    assert _house_ids(places, "zfd") == [house_id]
    assert _org_ids(places, "rjxlg") == [org_id] and _org_ids(places, "0y43") == [org_id]
    # a pulled change lands as an upsert (app/sync/apply.py)
    store.conn.execute("INSERT INTO organizations (id, name, kind, grid_id, path, updated_at) "
                       "VALUES (?, '星空网咖', 'nine_small', ?, ?, 'x') ON CONFLICT(id) DO UPDATE "
                       "SET name = excluded.name, version = 2", (org_id, street["grid1"]["id"],
                                                                 road["shop"]["code"]))
    assert _org_ids(places, "rjxlg") == [] and _org_ids(places, "xkwk") == [org_id]
    store.conn.execute("DELETE FROM organizations WHERE id = ?", (org_id,))
    store.conn.execute("DELETE FROM houses WHERE id = ?", (house_id,))
    assert _org_ids(places, "xkwk") == [] and _house_ids(places, "zfd") == []
    assert store.conn.execute("SELECT count(*) FROM place_search_keys").fetchone()[0] == 0


def test_filters_and_the_due_list_apply_to_what_the_search_finds(places, road):
    shop = places.create_organization({"name": "好邻居便利店", "kind": "nine_small",
                                       "category": "shop", "address_id": road["door"]["id"]})
    firm = places.create_organization({"name": "好邻居物业有限公司", "kind": "enterprise",
                                       "address_id": road["shop"]["id"]})
    assert set(_org_ids(places, "hlj")) == {shop["id"], firm["id"]}
    assert _org_ids(places, "hlj", kind="enterprise") == [firm["id"]]
    assert _org_ids(places, "hlj", due_only=True) == [shop["id"]]     # never inspected
    assert _org_ids(places, "hlj", path_prefix=road["shop"]["code"]) == [firm["id"]]
    assert len(_org_ids(places, "hlj", limit=1)) == 1


def test_a_v14_store_gets_its_houses_and_organizations_indexed(tmp_path, monkeypatch):
    monkeypatch.setattr(migrations, "LATEST", 14)
    monkeypatch.setattr(migrations, "STEPS", [s for s in migrations.STEPS if s[0] <= 14])
    s = open_store(tmp_path / "d")
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == 14
    r = Roster(s, Actor("w", "w"), today=TODAY)
    city = r.create_org_unit("4101", "郑州市", "city")
    grid = r.create_org_unit("410105003001001", "第一网格", "grid", city["id"])
    road = r.create_address("road", "001", "红专路", grid_id=grid["id"])
    shop = r.create_address("door", "0013", "13号", parent_id=road["id"])
    p = Places(s, Actor("w", "w"), today=TODAY)
    house = p.create_house(shop["id"], {"use": "business", "owner_name": "王老板"})
    org = p.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                 "category": "restaurant", "credit_code": GOOD_CODE,
                                 "house_id": house["id"]})
    gone = p.create_organization({"name": "老王面馆", "kind": "enterprise",
                                  "address_id": shop["id"]})
    with unit_of_work(s, Actor("w", "w")) as w:
        w.delete("organizations", gone["id"])
    s.close()
    monkeypatch.undo()
    s = open_store(tmp_path / "d")
    try:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
        p = Places(s, Actor("w", "w"), today=TODAY)
        assert _org_ids(p, "lwhm") == [org["id"]] and _org_ids(p, "00Y43") == [org["id"]]
        assert _org_ids(p, "红专路13") == [org["id"]]
        assert _house_ids(p, "wlb") == [house["id"]] and _house_ids(p, "13号") == [house["id"]]
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        s.close()


def _many(store, road, grid_id, n: int, start: int = 0) -> None:
    """n shops on 红专路 (doors, houses, organizations) as server state."""
    doors, houses, orgs = [], [], []
    for i in range(start, start + n):
        code = f"{road['code']}D{i + 100:04d}"
        doors.append(dict(id=f"a{i}", parent_id=road["id"], grid_id=grid_id, kind="door",
                          code=code, name=f"{i + 100}号", path=code,
                          full_name=f"红专路 {i + 100}号"))
        houses.append(dict(id=f"h{i}", address_id=f"a{i}", grid_id=grid_id, path=code,
                           use="business", owner_name="张三"))
        orgs.append(dict(id=f"o{i}", name=f"红星{i}号便利店", kind="nine_small",
                         category="shop", address_id=f"a{i}", grid_id=grid_id, path=code))
    with store.transaction():
        for table, rows in (("addresses", doors), ("houses", houses), ("organizations", orgs)):
            load_rows(store, table, rows)


def _vm_steps(conn, fn) -> int:
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0
    conn.set_progress_handler(tick, 100)
    try:
        fn()
    finally:
        conn.set_progress_handler(None, 100)
    return steps[0]


def test_a_keystroke_reads_a_page_not_every_row(store, places, road, street):
    """The work of a keystroke's search stays the same when the street grows tenfold
    (it used to read every row: LIKE over all houses, pinyin in Python over all
    organizations): measured in SQLite VM steps, not in time, so a busy machine
    cannot make it pass or fail."""
    grid_id = street["grid1"]["id"]

    def work() -> dict[str, int]:
        out = {}
        for text in ("hx", "红星", "红专路1"):
            out[f"org {text}"] = _vm_steps(store.conn, lambda: places.organizations(
                text=text, limit=6))
        for text in ("zs", "张", "红专路1"):
            out[f"house {text}"] = _vm_steps(store.conn, lambda: places.houses(
                text=text, limit=30))
        return out
    _many(store, road["road"], grid_id, 300)
    small = work()
    _many(store, road["road"], grid_id, 2700, start=300)
    large = work()
    for key in small:
        assert large[key] <= small[key] * 1.5 + 50, (key, small[key], large[key])
    assert len(places.organizations(text="hx", limit=6)) == 6
    assert len(places.houses(text="zs", limit=30)) == 30


def test_the_pages_boxes_search_the_index(qtbot, store, roster, street, places, road, actor):
    """What is typed in the 房屋 and 单位 pages' boxes, keystroke by keystroke."""
    from app.models.cases.repository import Cases
    from app.ui.places.houses_page import HousesPage
    from app.ui.places.orgs_page import OrganizationsPage
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    house = places.create_house(road["room"]["id"], {"use": "rental", "owner_name": "孙房东"})
    places.create_house(street["room501"]["id"], {"use": "own", "owner_name": "李业主"})
    org = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                      "category": "restaurant", "credit_code": GOOD_CODE,
                                      "address_id": road["shop"]["id"]})
    houses = HousesPage(places)
    orgs = OrganizationsPage(places, Cases(store, actor))
    for page in (houses, orgs):
        qtbot.addWidget(page)

    def listed(page):
        return [page.table.item(r, 0).data(256) for r in range(page.table.rowCount())]
    assert len(listed(houses)) == 2
    for text in ("s", "sf", "sfd", "孙", "红专路1", "红专路12号院"):
        houses.query.setText(text)
        assert listed(houses) == [house["id"]], text
    houses.use.setCurrentIndex(houses.use.findData("own"))
    assert listed(houses) == []
    for text in ("l", "lw", "lwhm", "3", "Y43", "烩面", "红专路 13"):
        orgs.query.setText(text)
        assert listed(orgs) == [org["id"]], text
    orgs.query.setText("zzz")
    assert listed(orgs) == []
