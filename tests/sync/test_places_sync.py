"""实有房屋 and 实有单位 over real sync (docs/domain-houses.md): real city server
processes on SQLite and PostgreSQL, desktops on SQLCipher stores signed in over
HTTP. What one grid worker registers reaches the desktops whose scope holds the
grid, by content, and no other; the server judges every row by the domain's rules
and the writer's scope and role, whatever a client skipped."""
from __future__ import annotations

import json

import pytest

from app.models.places.repository import Places
from app.models.write.unit import unit_of_work
from synchelpers import (assert_equals_server, assert_in_scope, assert_one_effect,
                         assert_outbox_settled, heal, resident_values)

GOOD_CODE = "91350100M000100Y43"
PLACE_TABLES = ("houses", "house_tenants", "organizations", "org_employees", "inspections")


def _street_shape(desk, grid_id):
    r = desk.roster()
    road = r.create_address("road", "001", "红专路", grid_id=grid_id)
    door = r.create_address("door", "0012", "12号", parent_id=road["id"])
    yard = r.create_address("yard", "01", "院", parent_id=door["id"])
    room = r.create_address("room", "0001", "东屋", parent_id=yard["id"])
    shop = r.create_address("door", "0013", "13号", parent_id=road["id"])
    return room, shop


def _register(desk, org):
    """A rental with two tenants, a small restaurant with an employee, an inspection
    with a blocked escape route turned into a case."""
    room, shop = _street_shape(desk, org.ids["g1"])
    r = desk.roster()
    a = r.create_resident(resident_values("租客甲"), grid_id=org.ids["g1"])
    b = r.create_resident(resident_values("租客乙"), grid_id=org.ids["g1"])
    p = Places(desk.store, desk.actor)
    house = p.create_house(room["id"], {"use": "rental", "area": 18.5, "owner_name": "孙房东",
                                        "owner_phone": "13800138000",
                                        "registered_on": "2026-03-01"})
    p.add_tenant(house["id"], a["id"], moved_in="2026-03-05")
    p.add_tenant(house["id"], b["id"], moved_in="2026-04-01", moved_out="2026-10-01")
    shop_house = p.create_house(shop["id"], {"use": "business"})
    o = p.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                               "category": "restaurant", "credit_code": GOOD_CODE,
                               "contact_phone": "13900001111", "house_id": shop_house["id"]})
    p.add_employee(o["id"], b["id"], job="厨师")
    results = {k: "ok" for k in p.checklist_for(o["id"])}
    results["escape_routes"] = "hazard"
    insp = p.record_inspection(o["id"], results, findings="后门堆放纸箱")
    case = p.hazard_to_case(insp["id"], desk.cases())
    return dict(house=house, org=o, inspection=insp, case=case)


def _ids(desk, table):
    return {row[0] for row in desk.q(f"SELECT id FROM {table} WHERE deleted_at IS NULL")}


def test_houses_and_organizations_reach_the_scope_and_no_one_else(any_city, any_org, desk):
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    made = _register(w1, org)
    w1.sync()
    w1b, head, sup = (desk(city.url, org.user(u)) for u in ("w1b", "head1", "sup"))
    w2, w3 = desk(city.url, org.user("w2")), desk(city.url, org.user("w3"))
    heal([w1, w1b, head, sup, w2, w3])
    for d in (w1, w1b, head, sup, w2, w3):
        assert_outbox_settled(d)
        assert_equals_server(city, d)
        assert_in_scope(city, d)
    assert_one_effect(city, w1)
    for d in (w1b, head, sup):
        assert made["house"]["id"] in _ids(d, "houses")
        assert len(_ids(d, "house_tenants")) == 2
        got = Places(d.store, d.actor).organization(made["org"]["id"])
        assert (got["name"], got["credit_code"], got["category"]) == (
            "老王烩面馆", GOOD_CODE, "restaurant")
        insp = Places(d.store, d.actor).inspection(made["inspection"]["id"])
        assert insp["case_id"] == made["case"]["id"]
        assert json.loads(insp["checklist"])["escape_routes"] == "hazard"
        assert d.row("cases", made["case"]["id"])["category"] == "fire_hazard"
    for d in (w2, w3):      # another grid, another community: none of it
        for table in PLACE_TABLES:
            assert _ids(d, table) == set(), (d.username, table)
    # a change made on another desk of the scope comes back to the first
    Places(w1b.store, w1b.actor).update_house(made["house"]["id"], {"use": "group_rental"})
    heal([w1b, w1])
    assert w1.row("houses", made["house"]["id"])["use"] == "group_rental"
    assert "group_rental" in Places(w1.store, w1.actor).findings(made["house"]["id"])
    assert_equals_server(city, w1)


def test_the_server_refuses_what_a_client_skipped_checking(any_city, any_org, desk):
    """A client that writes straight into its outbox (no form, no repository check):
    the server applies the domain's rules and the writer's scope and role itself."""
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    room, shop = _street_shape(w1, org.ids["g1"])
    person = w1.roster().create_resident(resident_values("租客"), grid_id=org.ids["g1"])
    w1.sync()
    base = {"kind": "enterprise", "grid_id": org.ids["g1"], "path": shop["code"],
            "address_id": shop["id"]}
    bad = {
        "organizations": [dict(base, name="坏码公司", credit_code=GOOD_CODE[:17] + "0"),
                          dict(base, name="坏码公司", credit_code="91350100MOOO100Y43"),
                          dict(base, name="", credit_code=GOOD_CODE),
                          dict(base, name="九小", kind="nine_small", category=None)],
        "houses": [dict(address_id=room["id"], grid_id=org.ids["g1"], path=room["code"],
                        use="castle"),
                   dict(address_id=room["id"], grid_id=org.ids["g1"], path=room["code"],
                        use="own", area=-5.0)],
    }
    with unit_of_work(w1.store, w1.actor) as w:
        ids = {e: [w.create(e, values)["id"] for values in rows] for e, rows in bad.items()}
        house = w.create("houses", dict(address_id=room["id"], grid_id=org.ids["g1"],
                                        path=room["code"], use="rental"))
        ids["house_tenants"] = [w.create("house_tenants", dict(
            house_id=house["id"], resident_id=person["id"], moved_in="2026-05-01",
            moved_out="2026-04-01"))["id"]]
    w1.sync()
    outcome = {o["entity_id"]: o for o in w1.outbox()}
    expected = {ids["organizations"][0]: "credit_code: credit.checksum",
                ids["organizations"][1]: "credit_code: credit.chars",
                ids["organizations"][2]: "name: required",
                ids["organizations"][3]: "category: required",
                ids["houses"][0]: "use: choice.invalid",
                ids["houses"][1]: "area: area.invalid",
                ids["house_tenants"][0]: "moved_out: date.before_start"}
    for row_id, words in expected.items():
        assert outcome[row_id]["state"] == "rejected", outcome[row_id]
        assert words in outcome[row_id]["last_error"], outcome[row_id]
        assert city.row(outcome[row_id]["entity"], row_id) is None
    assert outcome[house["id"]]["state"] == "applied"
    assert_outbox_settled(w1)
    assert_one_effect(city, w1)
    assert_equals_server(city, w1)


def test_scope_and_role_are_the_servers(any_city, any_org, desk):
    """A worker of another grid can neither put a house on an address outside their
    grid nor edit one there; a department handler writes no houses at all."""
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    room, shop = _street_shape(w1, org.ids["g1"])
    house = Places(w1.store, w1.actor).create_house(room["id"], {"use": "own"})
    w1.sync()
    w2 = desk(city.url, org.user("w2"))
    w2.store.conn.execute("PRAGMA foreign_keys = OFF")    # a crafted client: ids it never saw
    with unit_of_work(w2.store, w2.actor) as w:
        made = w.create("houses", dict(address_id=shop["id"], grid_id=org.ids["g1"],
                                       path=shop["code"], use="vacant"))
        # an edit of a row it never saw: the server does not even tell it exists
        w.conn.execute("INSERT INTO houses (id, address_id, grid_id, path, use, version, "
                       "updated_at) VALUES (?, ?, ?, ?, 'own', 1, '2026-01-01')",
                       (house["id"], room["id"], org.ids["g1"], room["code"]))
        w.patch("houses", house["id"], {"use": "vacant"})
    w2.sync()
    outcome = {(o["entity_id"], o["op"]): o for o in w2.outbox()}
    assert outcome[(made["id"], "create")]["state"] == "rejected"
    assert outcome[(house["id"], "patch")]["state"] == "rejected"
    assert "not found" in outcome[(house["id"], "patch")]["last_error"]
    assert city.row("houses", made["id"]) is None
    assert city.row("houses", house["id"])["use"] == "own"
    dept = desk(city.url, org.user("dept"))
    dept.store.conn.execute("PRAGMA foreign_keys = OFF")
    with unit_of_work(dept.store, dept.actor) as w:
        w.create("organizations", dict(name="部门建的", kind="enterprise",
                                       grid_id=org.ids["g1"], path=shop["code"],
                                       address_id=shop["id"]))
    dept.sync()
    refused = [o for o in dept.outbox() if o["entity"] == "organizations"]
    assert refused[0]["state"] == "rejected" and "forbidden" in refused[0]["last_error"]


def test_the_content_hash_covers_the_new_tables(city, org, desk):
    """A house changed behind the desk's back (a corrupted row) is found by the
    content verification and repaired from the server."""
    from app.sync import verify as verifying
    w1 = desk(city.url, org.user("w1"))
    room, _ = _street_shape(w1, org.ids["g1"])
    house = Places(w1.store, w1.actor).create_house(room["id"], {"use": "rental"})
    w1.sync()
    assert_equals_server(city, w1)
    w1.store.conn.execute("UPDATE houses SET owner_name = '篡改' WHERE id = ?", (house["id"],))
    with pytest.raises(AssertionError):
        assert_equals_server(city, w1)
    verifying.run(w1.store, w1.client)
    assert w1.row("houses", house["id"])["owner_name"] is None
    assert_equals_server(city, w1)


def test_one_house_per_address_and_one_organization_per_credit_code(any_city, any_org, desk):
    """Two desks of one grid, offline, register the same rental and the same shop: the
    server keeps the first of each and refuses the second in the words the form uses
    (``house.exists``, ``credit.duplicate``), as the desktop refuses it locally."""
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    room, shop = _street_shape(w1, org.ids["g1"])
    w1.sync()
    w1b = desk(city.url, org.user("w1b"))
    first = Places(w1.store, w1.actor).create_house(room["id"], {"use": "rental"})
    Places(w1.store, w1.actor).create_organization(
        {"name": "老王烩面馆", "kind": "nine_small", "category": "restaurant",
         "credit_code": GOOD_CODE, "address_id": shop["id"]})
    second = Places(w1b.store, w1b.actor).create_house(room["id"], {"use": "rental"})
    other = Places(w1b.store, w1b.actor).create_organization(
        {"name": "王记烩面", "kind": "enterprise", "credit_code": GOOD_CODE,
         "address_id": shop["id"]})
    w1.sync()
    w1b.sync()
    outcome = {o["entity_id"]: o for o in w1b.outbox() if o["op"] == "create"}
    assert outcome[second["id"]]["state"] == "rejected"
    assert "address_id: house.exists" in outcome[second["id"]]["last_error"]
    assert outcome[other["id"]]["state"] == "rejected"
    assert "credit_code: credit.duplicate" in outcome[other["id"]]["last_error"]
    assert city.row("houses", first["id"]) is not None
    assert city.row("houses", second["id"]) is None
    heal([w1, w1b])
    for d in (w1, w1b):
        assert_outbox_settled(d)
        assert_equals_server(city, d)
        assert [r[0] for r in d.q("SELECT id FROM houses WHERE deleted_at IS NULL")] == \
            [first["id"]]


def test_the_server_keeps_the_address_tree_in_shape(any_city, any_org, desk):
    """What the desktop's address form refuses, the server refuses from a client that
    skipped it: a kind under a parent it cannot sit under, a code that would not
    nest, a parent in another grid."""
    city, org = any_city, any_org
    w1 = desk(city.url, org.user("w1"))
    r = w1.roster()
    estate = r.create_address("estate", "001", "幸福小区", grid_id=org.ids["g1"])
    road = r.create_address("road", "001", "红专路", grid_id=org.ids["g1"])
    w1.sync()
    g1, g2 = org.codes["g1"], org.codes["g2"]
    crafted = {
        "door under an estate": (dict(kind="door", parent_id=estate["id"], grid_id=org.ids["g1"],
                                      code=estate["code"] + "D0001", name="1号"),
                                 "parent: address.parent"),
        "door code that does not nest": (dict(kind="door", parent_id=road["id"],
                                              grid_id=org.ids["g1"], code=g1 + "R002D0001",
                                              name="1号"), "code: address.code"),
        "door code without its letter": (dict(kind="door", parent_id=road["id"],
                                              grid_id=org.ids["g1"], code=road["code"] + "0001",
                                              name="1号"), "code: address.code"),
        "road with a parent": (dict(kind="road", parent_id=estate["id"], grid_id=org.ids["g1"],
                                    code=estate["code"] + "R001", name="路"),
                               "parent: address.parent"),
        "road code of another grid": (dict(kind="road", parent_id=None, grid_id=org.ids["g1"],
                                           code=g2 + "R001", name="路"), None),
    }
    w1.store.conn.execute("PRAGMA foreign_keys = OFF")
    ids = {}
    with unit_of_work(w1.store, w1.actor) as w:
        for label, (values, _) in crafted.items():
            ids[label] = w.create("addresses", dict(values, path=values["code"],
                                                    full_name=values["name"]))["id"]
    w1.sync()
    outcome = {o["entity_id"]: o for o in w1.outbox()}
    for label, (_, words) in crafted.items():
        op = outcome[ids[label]]
        assert op["state"] == "rejected", (label, op)
        if words:
            assert words in op["last_error"], (label, op["last_error"])
        assert city.row("addresses", ids[label]) is None, label
    assert_outbox_settled(w1)


def test_the_search_follows_what_a_pull_brings(city, org, desk):
    """Houses and organizations that arrive by sync (a first snapshot, then changes
    and a deletion pulled one by one) are found by the search box as they now are:
    the index is kept by the store's triggers, not by the write path alone."""
    w1 = desk(city.url, org.user("w1"))
    made = _register(w1, org)
    w1.sync()
    w1b = desk(city.url, org.user("w1b"))
    heal([w1, w1b])
    p = Places(w1b.store, w1b.actor)

    def orgs(text):
        return [o["id"] for o in p.organizations(text=text)]

    def houses(text):
        return [h["id"] for h in p.houses(text=text)]
    for text in ("烩面", "lwhm", "huimian", GOOD_CODE[-5:], "红专路13号"):
        assert orgs(text) == [made["org"]["id"]], text
    for text in ("孙房东", "sfd", "红专路12号院东屋"):
        assert houses(text) == [made["house"]["id"]], text
    mine = Places(w1.store, w1.actor)
    mine.update_organization(made["org"]["id"], {"name": "张记胡辣汤"})
    mine.update_house(made["house"]["id"], {"owner_name": "周房东"})
    heal([w1, w1b])
    assert orgs("lwhm") == [] and orgs("zjhlt") == [made["org"]["id"]]
    assert orgs(GOOD_CODE[-5:]) == [made["org"]["id"]]
    assert houses("孙房东") == [] and houses("zfd") == [made["house"]["id"]]
    mine.delete_house(made["house"]["id"])
    heal([w1, w1b])
    assert houses("zfd") == [] and houses("东屋") == []
