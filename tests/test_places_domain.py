"""The domain rules of 实有房屋 and 实有单位 (docs/domain-houses.md): the credit-code
check (GB 32100-2015), the address shapes and codes, text addresses in both styles,
and the row validation both the desktop and the server run."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import random

import pytest

from app.models.domain import addresses, credit_code, places, validation

TODAY = dt.date(2026, 12, 6)


def _check_by_hand(first17: str) -> str:
    """The check character computed independently of the module: the standard's
    table of weights written out and its 31 characters spelled as the standard
    lists them (A–Y without I, O, S, V, Z)."""
    chars = "0123456789" + "".join(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXY" if c not in "IOSVZ")
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(chars.index(c) * w for c, w in zip(first17, weights))
    return chars[(31 - total % 31) % 31]


# codes printed on real business licences (public registers), and the standard's example
PUBLISHED = ["91350100M000100Y43", "91110000600037341L", "91110108551385082Q"]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_credit_codes_are_valid(code):
    assert credit_code.check(code) == (code, [])
    assert _check_by_hand(code[:17]) == code[17]


def test_computed_vectors_are_valid_and_every_other_check_character_is_refused():
    rng = random.Random(19)
    charset = credit_code.CHARSET
    assert len(charset) == 31 and not set("IOSVZ") & set(charset)
    for _ in range(200):
        body = "9" + rng.choice("123") + "".join(rng.choice("0123456789") for _ in range(6)) \
            + "".join(rng.choice(charset) for _ in range(9))
        good = body + _check_by_hand(body)
        assert credit_code.is_valid(good), good
        for wrong in charset:
            if wrong != good[17]:
                stored, issues = credit_code.check(body + wrong)
                assert stored is None and [i.code for i in issues] == ["credit.checksum"]


def test_a_single_mistyped_character_is_always_caught():
    code = PUBLISHED[0]
    for i, c in itertools.product(range(17), credit_code.CHARSET):
        if c != code[i]:
            assert not credit_code.is_valid(code[:i] + c + code[i + 1:])


@pytest.mark.parametrize("typed, code, params", [
    ("91350100M000100Y4", "credit.length", {"length": 17}),
    ("91350100M000100Y433", "credit.length", {"length": 19}),
    ("91350100MOOO100Y43", "credit.chars", {"char": "O"}),      # letter O for zero
    ("91350100M000100I43", "credit.chars", {"char": "I"}),
    ("91350100M000100Y44", "credit.checksum", {}),
])
def test_bad_credit_codes_say_what_is_wrong(typed, code, params):
    stored, issues = credit_code.check(typed)
    assert stored is None
    assert [(i.field, i.code, dict(i.params)) for i in issues] == [("credit_code", code, params)]


def test_credit_codes_typed_loosely_are_cleaned():
    assert credit_code.check(" 91350100m000100y43 ")[0] == "91350100M000100Y43"
    assert credit_code.check("９１３５０１００Ｍ０００１００Ｙ４３")[0] == "91350100M000100Y43"
    assert credit_code.check("")[1] == []
    assert [i.code for i in credit_code.check("", required=True)[1]] == ["required"]


# ---------------------------------------------------------------- addresses
def _codes_nest(tree: dict[str, tuple[str | None, str, str]]) -> None:
    """Every code unique, and X's code a prefix of Y's exactly when X is an ancestor."""
    codes = {k: v[2] for k, v in tree.items()}
    assert len(set(codes.values())) == len(codes)

    def ancestors(k):
        out = set()
        while tree[k][0]:
            k = tree[k][0]
            out.add(k)
        return out
    for a, b in itertools.permutations(tree, 2):
        assert codes[b].startswith(codes[a]) == (a in ancestors(b)), (a, b)


def test_address_codes_of_both_shapes_nest_and_stay_unique():
    grid = "410105003001001"
    micro = grid + "01"
    tree: dict[str, tuple[str | None, str, str]] = {}

    def add(key, parent, kind, number):
        pkind = tree[parent][1] if parent else None
        seg = addresses.segment(kind, pkind, number)
        assert seg is not None, (key, kind, pkind)
        tree[key] = (parent, kind, (tree[parent][2] if parent else grid) + seg)
    add("estate1", None, "estate", "001")
    add("b1", "estate1", "building", "001")
    add("u1", "b1", "unit", "01")
    add("r0101", "u1", "room", "0101")
    add("r_nounit", "b1", "room", "0101")        # a building without units
    add("road", None, "road", "001")
    add("door12", "road", "door", "0012")        # a shop at the door number itself
    add("yard", "door12", "yard", "01")          # 12号院
    add("yard_room", "yard", "room", "0001")     # a 平房 room in the yard
    add("yard_b", "yard", "building", "003")
    add("yard_b_u", "yard_b", "unit", "02")
    add("yard_b_u_r", "yard_b_u", "room", "0301")
    add("yard_b_r", "yard_b", "room", "0301")
    add("door_room", "door12", "room", "0002")
    add("door13", "road", "door", "0013")
    _codes_nest(tree)
    assert not any(c.startswith(micro) for _, _, c in tree.values())
    # the classic shape's codes are those GridDesk always made
    assert tree["r0101"][2] == grid + "-001" + "001" + "01" + "0101"


@pytest.mark.parametrize("kind, parent", [("door", None), ("unit", "yard"), ("yard", "road"),
                                          ("estate", "road"), ("room", "room")])
def test_shapes_that_do_not_exist_are_refused(kind, parent):
    assert addresses.segment(kind, parent, "0001") is None


def test_a_number_of_the_wrong_width_is_refused():
    assert addresses.segment("door", "road", "12") is None
    assert addresses.segment("door", "road", "００１２") is None    # full-width digits


@pytest.mark.parametrize("text, parts", [
    ("金水区花园路街道红专路社区红专路12号院3号楼2单元301室",
     {"district": "金水区", "street": "花园路街道", "community": "红专路社区", "road": "红专路",
      "door": "12号", "yard": "12号院", "building": "3号楼", "unit": "2单元", "room": "301室"}),
    ("金水区 花园路街道 红专路社区 红专路 12号 3号楼 2单元 301",
     {"district": "金水区", "street": "花园路街道", "community": "红专路社区", "road": "红专路",
      "door": "12号", "building": "3号楼", "unit": "2单元", "room": "301"}),
    ("绿城小区 3号楼 2单元 301", {"estate": "绿城小区", "building": "3号楼", "unit": "2单元",
                                "room": "301"}),
    ("金水区绿城花园3号楼101", {"district": "金水区", "estate": "绿城花园", "building": "3号楼",
                              "room": "101"}),
    ("红专路12号", {"road": "红专路", "door": "12号"}),
    ("文化路 5号 2层 201", {"road": "文化路", "door": "5号", "floor": "2层", "room": "201"}),
])
def test_addresses_in_text_parse_in_both_styles(text, parts):
    assert addresses.parse(text) == parts


def test_the_full_address_is_in_the_usual_order():
    parts = addresses.parse("301 2单元 红专路 金水区")      # scrambled: each part by its word
    assert addresses.full_address(parts) == "金水区 红专路 2单元 301"


# ---------------------------------------------------------------- row rules
def _codes(entity, row):
    return sorted((i.field, i.code) for i in
                  validation.validate_row(entity, row, today=TODAY, categories=None))


def test_house_rows():
    ok = {"address_id": "a", "use": "rental", "area": 56.5, "owner_phone": "13800138000",
          "registered_on": "2026-01-05", "checked_on": "2026-11-01"}
    assert _codes("houses", ok) == []
    assert _codes("houses", {**ok, "use": "palace"}) == [("use", "choice.invalid")]
    assert _codes("houses", {**ok, "use": None}) == [("use", "required")]
    assert _codes("houses", {**ok, "area": 0}) == [("area", "area.invalid")]
    assert _codes("houses", {**ok, "area": float("inf")}) == [("area", "area.invalid")]
    assert _codes("houses", {**ok, "area": "12x"}) == [("area", "area.invalid")]
    assert _codes("houses", {**ok, "owner_phone": "12345"}) == [("owner_phone", "phone.invalid")]
    assert _codes("houses", {**ok, "checked_on": "2025-12-31"}) == [
        ("checked_on", "date.before_start")]
    assert _codes("houses", {**ok, "registered_on": "2027-01-01", "checked_on": None}) == [
        ("registered_on", "date.future")]


def test_tenant_rows_move_in_before_move_out():
    ok = {"house_id": "h", "resident_id": "r", "moved_in": "2026-03-01"}
    assert _codes("house_tenants", ok) == []
    assert _codes("house_tenants", {**ok, "moved_out": "2026-02-28"}) == [
        ("moved_out", "date.before_start")]
    assert _codes("house_tenants", {**ok, "moved_out": "2026-03-01"}) == []
    assert _codes("house_tenants", {**ok, "moved_in": None}) == [("moved_in", "required")]
    assert _codes("house_tenants", {**ok, "moved_in": "2026-13-01"}) == [
        ("moved_in", "date.invalid")]


def test_organization_rows():
    ok = {"name": "老王烩面馆", "kind": "nine_small", "category": "restaurant",
          "credit_code": "92410105MA40000000", "contact_phone": "0371-65551234"}
    ok["credit_code"] = ok["credit_code"][:17] + credit_code.check_char(ok["credit_code"][:17])
    assert _codes("organizations", ok) == []
    assert _codes("organizations", {**ok, "credit_code": ok["credit_code"][:17] + "0"
                                    if ok["credit_code"][17] != "0" else ok["credit_code"][:17]
                                    + "1"}) == [("credit_code", "credit.checksum")]
    assert _codes("organizations", {**ok, "credit_code": ok["credit_code"].lower()}) == [
        ("credit_code", "credit.not_clean")]
    assert _codes("organizations", {**ok, "category": None}) == [("category", "required")]
    assert _codes("organizations", {**ok, "kind": "enterprise"}) == [
        ("category", "choice.invalid")]
    assert _codes("organizations", {**ok, "contact_phone": "110"}) == [
        ("contact_phone", "phone.invalid")]
    assert _codes("organizations", {**ok, "name": " "}) == [("name", "required")]


def test_inspection_rows_and_checklists():
    assert set(places.CHECKLISTS) == set(places.NINE_SMALL)
    for items in places.CHECKLISTS.values():
        assert set(items) <= set(places.CHECK_ITEMS)
        assert {"extinguishers", "escape_routes", "wiring"} <= set(items)
    assert "gas" in places.checklist_for("restaurant")
    ok = {"organization_id": "o", "inspected_on": "2026-12-01",
          "checklist": json.dumps({"escape_routes": "hazard", "gas": "ok"}),
          "next_due": "2026-12-08"}
    assert _codes("inspections", ok) == []
    assert places.hazards(ok["checklist"]) == ["escape_routes"]
    assert _codes("inspections", {**ok, "checklist": '{"escape_routes": "maybe"}'}) == [
        ("checklist", "checklist.invalid")]
    assert _codes("inspections", {**ok, "checklist": "[1]"}) == [("checklist", "checklist.invalid")]
    assert _codes("inspections", {**ok, "next_due": "2026-11-30"}) == [
        ("next_due", "date.before_start")]


def test_findings_of_rentals():
    assert places.house_findings({"use": "group_rental", "registered_on": "2026-01-01"}, 9) == [
        "group_rental"]
    assert places.house_findings({"use": "rental", "registered_on": "2026-01-01"}, 0) == [
        "rental_no_tenants"]
    assert places.house_findings({"use": "rental"}, 2) == ["rental_unregistered"]
    assert places.house_findings({"use": "own"}, 0) == []


@pytest.mark.parametrize("one, other", [
    ("金水区 花园路街道 红专路社区 红专路 12号 院 东屋", "红专路12号院东屋"),
    ("红专路 12号 院 东屋", "金水区红专路12号院东屋"),
    ("幸福小区3号楼2单元501室", "幸福小区 3号楼 2单元 501"),
    ("金水区 花园路街道 幸福小区 3号楼 2单元 501室", "幸福小区3号楼2单元501"),
    ("红专路 13号", "红专路13号"),
])
def test_an_address_written_either_way_has_one_key(one, other):
    assert addresses.match_key(one) == addresses.match_key(other) != ""


@pytest.mark.parametrize("one, other", [
    ("红专路 12号 院 东屋", "红专路 12号 院 西屋"),
    ("红专路 12号", "红专路 13号"),
    ("幸福小区3号楼2单元501", "幸福小区3号楼2单元502"),
    ("幸福小区3号楼2单元501", "幸福小区3号楼501"),
])
def test_different_places_have_different_keys(one, other):
    assert addresses.match_key(one) != addresses.match_key(other)
