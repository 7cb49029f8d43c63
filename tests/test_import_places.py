"""Imports in the street shape and of houses (出租房屋) and organizations (实有单位):
real files (xlsx written with openpyxl, CSV in GBK) into a real store, every write
through the places repository, nothing half-saved (docs/domain-houses.md)."""
from __future__ import annotations

import openpyxl
import pytest

from app.models.domain import credit_code
from app.models.io.address import parse_street
from app.models.places.repository import Places

from tests.conftest import TODAY
from tests.test_importer import (
    ID_A, ID_B, ID_C, ID_D, count, do_import, problems, resident, write_csv, write_xlsx,
)

GOOD_CODE = "91350100M000100Y43"


@pytest.fixture
def road(roster, street):
    """经三路 › 12号 › 院 › 3室 (a 平房 room) and 13号 (a shop at the door number)."""
    road = roster.create_address("road", "001", "经三路", grid_id=street["grid1"]["id"])
    door = roster.create_address("door", "0012", "12号", parent_id=road["id"])
    yard = roster.create_address("yard", "01", "院", parent_id=door["id"])
    room = roster.create_address("room", "0003", "3室", parent_id=yard["id"])
    shop = roster.create_address("door", "0013", "13号", parent_id=road["id"])
    return dict(road=road, door=door, yard=yard, room=room, shop=shop)


def node(store, address_id):
    cur = store.conn.execute("SELECT kind, code, name, full_name, parent_id FROM addresses "
                             "WHERE id = ?", (address_id,))
    return cur.fetchone()


def household_room(store, id_number):
    return store.conn.execute(
        "SELECT h.room_id FROM residents r JOIN households h ON h.id = r.household_id "
        "WHERE r.id_number = ?", (id_number,)).fetchone()[0]


@pytest.mark.parametrize("text, parts", [
    ("经三路12号院3室", ("经三路", "12号", True, None, None, "3室")),
    ("金水区花园路街道红专路社区红专路12号院3号楼2单元301室",
     ("红专路", "12号", True, "3号楼", "2单元", "301室")),
    ("红专路 12号 院 东屋", ("红专路", "12号", True, None, None, "东屋")),
    ("经三路13号", ("经三路", "13号", False, None, None, None)),
    ("经三路8号院3号房", ("经三路", "8号", True, None, None, "3号房")),
    ("经三路15号2号楼101", ("经三路", "15号", False, "2号楼", None, "101室")),
])
def test_street_shaped_text_is_read_in_its_parts(text, parts):
    got = parse_street(text)
    assert (got.road, got.door, got.yard, got.building, got.unit, got.room) == parts


@pytest.mark.parametrize("text", ["幸福小区3号楼2单元501室", "幸福小区3-2-501", "经三路",
                                  "经三路12号2单元301"])
def test_estate_shaped_or_partial_text_is_not_read_as_a_street(text):
    assert parse_street(text) is None


def test_street_shaped_rows_land_on_their_address(store, actor, street, road, tmp_path):
    path = write_xlsx(tmp_path / "street.xlsx", [
        ["姓名", "身份证号", "现住址", "人员类别"],
        ["张三", ID_A, "经三路12号院3室", "流动"],              # the 平房 room that exists
        ["李四", ID_B, "郑州市金水区经三路 13号", "户籍"],       # the shop at the door number
        ["王五", ID_C, "经三路12号院5室", "流动"],              # a new room in that yard
        ["赵六", ID_D, "幸福小区3号楼2单元501室", "户籍"],       # the estate shape still works
    ])
    before = count(store, "addresses")
    plan, result = do_import(store, actor, path, street["grid1"], create=False)
    assert result.created == 3
    assert problems(plan) == {4: [("C", "address.new")]}
    assert household_room(store, ID_A) == road["room"]["id"]
    assert household_room(store, ID_B) == road["shop"]["id"]
    assert household_room(store, ID_D) == street["room501"]["id"]
    assert resident(store, ID_A)["path"] == road["room"]["code"]
    assert count(store, "addresses") == before

    plan, result = do_import(store, actor, path, street["grid1"], create=True, policy="skip")
    assert result.created == 1 and result.new_addresses == 1
    kind, code, name, full, parent = node(store, household_room(store, ID_C))
    assert (kind, name, full, parent) == ("room", "5室", "经三路 12号 院 5室", road["yard"]["id"])
    assert code == road["yard"]["code"] + "H0005"


def test_a_new_street_is_made_level_by_level_with_nesting_codes(store, actor, street, road,
                                                                tmp_path):
    path = write_csv(tmp_path / "new.csv", [
        ["姓名", "身份证号", "现住址", "人员类别"],
        ["张三", ID_A, "纬五路15号院2号楼1单元301室", "户籍"],
        ["李四", ID_B, "纬五路15号院2号楼1单元302", "户籍"],     # the same new building
        ["王五", ID_C, "经三路12号院东屋", "流动"],               # new room, existing yard
    ], encoding="gbk")
    plan, result = do_import(store, actor, path, street["grid1"], create=True)
    assert result.created == 3 and not plan.errors
    g = street["grid1"]["code"]
    made = dict(store.conn.execute(
        "SELECT full_name, code FROM addresses WHERE code LIKE ?", (g + "R002%",)).fetchall())
    assert made == {"纬五路": g + "R002", "纬五路 15号": g + "R002D0015",
                    "纬五路 15号 院": g + "R002D0015Y01",
                    "纬五路 15号 院 2号楼": g + "R002D0015Y01B002",
                    "纬五路 15号 院 2号楼 1单元": g + "R002D0015Y01B00201",
                    "纬五路 15号 院 2号楼 1单元 301室": g + "R002D0015Y01B002010301",
                    "纬五路 15号 院 2号楼 1单元 302室": g + "R002D0015Y01B002010302"}
    # one household per room, the two neighbours not in one
    assert household_room(store, ID_A) != household_room(store, ID_B)
    kind, code, name, _full, parent = node(store, household_room(store, ID_C))
    assert (kind, name, parent, code) == ("room", "东屋", road["yard"]["id"],
                                          road["yard"]["code"] + "H0004")   # after 3室
    # and the server's rule takes every node the import made
    from app.models.domain import validation
    for row in store.conn.execute("SELECT * FROM addresses WHERE code LIKE ?", (g + "R002%",)):
        names = [c[0] for c in store.conn.execute("SELECT * FROM addresses").description]
        assert validation.validate_address(dict(zip(names, row))) == []
