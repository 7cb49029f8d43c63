"""Issue 15: the desktop and the city server refuse exactly the same values, with the
same functions (app/models/domain/validation.py and rules.py).

One table of bad inputs per entity is fed (a) to the desktop's write path, the
roster and cases repository functions a person's form calls, on a real SQLCipher
store, and (b) to ``/sync/push`` of a real server application (TestClient, SQLite
and PostgreSQL), as a crafted desktop would send it. Both must refuse, naming the
same fields and codes (the server's refusal says "field: code"), and nothing may be
written on either side. A good row per entity is taken by both.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

TESTS = Path(__file__).resolve().parent
if str(TESTS / "server") not in sys.path:
    sys.path.insert(0, str(TESTS / "server"))

import sqlalchemy as sa  # noqa: E402

from app.models.cases.repository import Cases  # noqa: E402
from app.models.places.repository import Places  # noqa: E402
from app.models.roster.repository import Roster, ValidationError  # noqa: E402
from app.models.store.database import open_store  # noqa: E402
from app.models.write.unit import Actor  # noqa: E402
from server import db  # noqa: E402
from srvfixtures import app, client, clock, db_url, settings, store, units  # noqa: E402,F401
from srvhelpers import Device, resident  # noqa: E402

G1 = "410105003001001"
# far enough ahead for the server too, which allows a PC's clock a day ahead of its own
FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()
PAST, EARLIER = (dt.date.today() - dt.timedelta(days=10)).isoformat(), \
    (dt.date.today() - dt.timedelta(days=20)).isoformat()
WORKER = Actor("w1-user", "王网格", "grid_worker", G1)

# What a person fills in, per entity: a valid form; each row below changes some of it.
FORMS = {
    "residents": {"name": "李四", "id_number": "410105198001011239",
                  "residence_type": "registered"},
    "resident_tags": {"tag": "disabled", "since": EARLIER, "until": None},
    "households": {"number": "H0101", "kind": "registered"},
    "visits": {"kind": "routine", "visited_on": PAST, "of_resident": True},
    "cases": {"title": "小区门口暴露垃圾", "category": "exposed_garbage", "source": "patrol",
              "urgency": "normal", "reporter_phone": None, "lon": None, "lat": None},
    "addresses": {"kind": "estate", "number": "007", "name": "幸福小区"},
    # 实有房屋 and 实有单位 (issue 19)
    "houses": {"use": "rental", "area": 30.5, "owner_phone": None, "registered_on": EARLIER,
               "checked_on": PAST},
    "house_tenants": {"moved_in": EARLIER, "moved_out": None},
    "organizations": {"name": "老王烩面馆", "kind": "nine_small", "category": "restaurant",
                      "credit_code": "91350100M000100Y43", "contact_phone": None},
}
ROAD_CODE = f"{G1}R001"


@dataclass(frozen=True)
class Row:
    name: str
    entity: str
    change: dict
    refused: frozenset = field(default_factory=frozenset)   # {(field, code)}; empty = good


def bad(name, entity, change, *issues):
    return pytest.param(Row(name, entity, change, frozenset(issues)), id=name)


INF, NAN = float("inf"), float("nan")
ROWS = [
    bad("resident-id-checksum", "residents", {"id_number": "110105194912310021"},
        ("id_number", "id.checksum")),
    bad("resident-birth-in-future", "residents", {"birth_date": FUTURE},
        ("birth_date", "date.future")),
    bad("resident-unknown-ethnicity", "residents", {"ethnicity": "99"},
        ("ethnicity", "choice.invalid")),
    bad("resident-bad-phone", "residents", {"phone": "12345"}, ("phone", "phone.invalid")),
    # issue 18: a move-in month is a date where a month is all offices know
    bad("resident-moved-in-month-in-future", "residents",
        {"moved_in_date": f"{dt.date.today().year + 1}-01"}, ("moved_in_date", "date.future")),
    bad("resident-moved-in-month-13", "residents", {"moved_in_date": "2019-13"},
        ("moved_in_date", "date.invalid")),
    bad("resident-birth-month-only", "residents", {"birth_date": "1980-01"},
        ("birth_date", "date.invalid")),
    bad("resident-relation-not-in-list", "residents", {"relation": "landlord"},
        ("relation", "choice.invalid")),
    bad("tag-unknown", "resident_tags", {"tag": "no_such_tag"}, ("tag", "choice.invalid")),
    bad("tag-until-before-since", "resident_tags", {"since": PAST, "until": EARLIER},
        ("until", "date.before_start")),
    bad("tag-notes-too-long", "resident_tags", {"notes": "注" * 2001},
        ("notes", "text.too_long")),
    bad("household-blank-number", "households", {"number": "   "}, ("number", "required")),
    bad("household-empty-number", "households", {"number": ""}, ("number", "required")),
    bad("household-unknown-kind", "households", {"kind": "mansion"}, ("kind", "choice.invalid")),
    bad("visit-unknown-kind", "visits", {"kind": "party"}, ("kind", "choice.invalid")),
    bad("visit-in-future", "visits", {"visited_on": FUTURE}, ("visited_on", "date.future")),
    bad("visit-of-nobody", "visits", {"of_resident": False}, ("resident_id", "required")),
    bad("visit-findings-too-long", "visits", {"findings": "情" * 4001},
        ("findings", "text.too_long")),
    bad("case-blank-title", "cases", {"title": "   "}, ("title", "required")),
    bad("case-empty-title", "cases", {"title": ""}, ("title", "required")),
    bad("case-title-too-long", "cases", {"title": "井" * 101}, ("title", "text.too_long")),
    bad("case-unknown-category", "cases", {"category": "no_such_category"},
        ("category", "choice.invalid")),
    bad("case-unknown-source", "cases", {"source": "pigeon"}, ("source", "choice.invalid")),
    bad("case-unknown-urgency", "cases", {"urgency": "whenever"},
        ("urgency", "choice.invalid")),
    bad("case-bad-reporter-phone", "cases", {"reporter_phone": "0000"},
        ("reporter_phone", "phone.invalid")),
    bad("case-lon-infinite", "cases", {"lon": INF, "lat": 34.7}, ("lon", "location.invalid")),
    bad("case-lat-minus-infinite", "cases", {"lon": 113.6, "lat": -INF},
        ("lon", "location.invalid")),
    bad("case-lat-nan", "cases", {"lon": 113.6, "lat": NAN}, ("lon", "location.invalid")),
    bad("case-lon-out-of-range", "cases", {"lon": 200.0, "lat": 34.7},
        ("lon", "location.invalid")),
    bad("case-lat-out-of-range", "cases", {"lon": 113.6, "lat": 95.0},
        ("lon", "location.invalid")),
    bad("case-lat-missing", "cases", {"lon": 113.6, "lat": None}, ("lat", "required")),
    bad("address-blank-name", "addresses", {"name": "  "},
        ("name", "required"), ("full_name", "required")),
    bad("address-empty-name", "addresses", {"name": ""},
        ("name", "required"), ("full_name", "required")),
    bad("address-name-too-long", "addresses", {"name": "楼" * 101},
        ("name", "text.too_long")),
    bad("address-unknown-kind", "addresses", {"kind": "tower"}, ("kind", "choice.invalid")),
    bad("house-unknown-use", "houses", {"use": "castle"}, ("use", "choice.invalid")),
    bad("house-zero-area", "houses", {"area": 0}, ("area", "area.invalid")),
    bad("house-huge-area", "houses", {"area": 1e7}, ("area", "area.invalid")),
    bad("house-bad-owner-phone", "houses", {"owner_phone": "12345"},
        ("owner_phone", "phone.invalid")),
    bad("house-checked-before-registered", "houses",
        {"registered_on": PAST, "checked_on": EARLIER}, ("checked_on", "date.before_start")),
    bad("house-registered-in-future", "houses", {"registered_on": FUTURE, "checked_on": None},
        ("registered_on", "date.future")),
    bad("tenant-out-before-in", "house_tenants", {"moved_in": PAST, "moved_out": EARLIER},
        ("moved_out", "date.before_start")),
    bad("tenant-in-future", "house_tenants", {"moved_in": FUTURE},
        ("moved_in", "date.future")),
    bad("tenant-in-not-a-date", "house_tenants", {"moved_in": "2026-02-30"},
        ("moved_in", "date.invalid")),
    bad("org-credit-checksum", "organizations", {"credit_code": "91350100M000100Y44"},
        ("credit_code", "credit.checksum")),
    bad("org-credit-letter-o", "organizations", {"credit_code": "91350100MOOO100Y43"},
        ("credit_code", "credit.chars")),
    bad("org-credit-short", "organizations", {"credit_code": "91350100M000100Y4"},
        ("credit_code", "credit.length")),
    bad("org-small-venue-without-category", "organizations", {"category": None},
        ("category", "required")),
    bad("org-unknown-kind", "organizations", {"kind": "cartel", "category": None},
        ("kind", "choice.invalid")),
    bad("org-blank-name", "organizations", {"name": "  "}, ("name", "required")),
    bad("org-bad-contact-phone", "organizations", {"contact_phone": "110"},
        ("contact_phone", "phone.invalid")),
] + [pytest.param(Row(f"{entity}-good", entity, {}), id=f"{entity}-good") for entity in FORMS] + [
    pytest.param(Row("residents-good-moved-in-a-month", "residents", {"moved_in_date": "2019-05"}),
                 id="residents-good-moved-in-a-month")]


# ---------------------------------------------------------------- the desktop
@pytest.fixture
def desk(tmp_path):
    """A grid worker's desktop: a real encrypted store with the street, a household
    and a resident in grid 1."""
    s = open_store(tmp_path / "desk")
    roster = Roster(s, WORKER)
    parent = None
    for code, name, kind in (("4101", "郑州市", "city"), ("410105", "金水区", "district"),
                             ("410105003", "花园路街道", "street"),
                             ("410105003001", "经三路社区", "community"),
                             (G1, "第一网格", "grid")):
        parent = roster.create_org_unit(code, name, kind, parent["id"] if parent else None)
    household = roster.create_household("H0001", grid_id=parent["id"])
    person = roster.create_resident({"name": "张三", "id_number": "11010519491231002X",
                                     "residence_type": "registered"}, grid_id=parent["id"])
    road = roster.create_address("road", "001", "红专路", grid_id=parent["id"])
    door = roster.create_address("door", "0012", "12号", parent_id=road["id"])
    places = Places(s, WORKER)
    house = places.create_house(road["id"], {"use": "rental"})
    yield dict(store=s, roster=roster, cases=Cases(s, WORKER), grid=parent["id"],
               household=household["id"], resident=person["id"], places=places,
               address=door["id"], house=house["id"])
    s.close()


def desktop_write(desk, entity: str, form: dict):
    """What the form's save button calls."""
    roster, cases = desk["roster"], desk["cases"]
    f = dict(form)
    if entity == "residents":
        relation = f.pop("relation", None)
        where = dict(household_id=desk["household"]) if relation else dict(grid_id=desk["grid"])
        return roster.create_resident(f, relation=relation, **where)
    if entity == "resident_tags":
        return roster.add_tag(desk["resident"], f.pop("tag"), **f)
    if entity == "households":
        return roster.create_household(f["number"], grid_id=desk["grid"], kind=f["kind"])
    if entity == "visits":
        return roster.record_visit(resident_id=desk["resident"] if f["of_resident"] else None,
                                   visited_on=f["visited_on"], kind=f["kind"],
                                   findings=f.get("findings", ""))
    if entity == "cases":
        return cases.create(grid_id=desk["grid"], **f)
    if entity == "addresses":
        return roster.create_address(f["kind"], f["number"], f["name"], grid_id=desk["grid"])
    if entity == "houses":
        return desk["places"].create_house(desk["address"], f)
    if entity == "house_tenants":
        return desk["places"].add_tenant(desk["house"], desk["resident"], **f)
    if entity == "organizations":
        return desk["places"].create_organization({**f, "address_id": desk["address"]})
    raise AssertionError(entity)


def desk_counts(desk, entity: str) -> tuple[int, int]:
    conn = desk["store"].conn
    return (conn.execute(f"SELECT count(*) FROM {entity}").fetchone()[0],
            conn.execute("SELECT count(*) FROM outbox").fetchone()[0])


# ---------------------------------------------------------------- the server
@pytest.fixture
def srv(client, units):
    """The same grid worker on the city server, with a household and a resident."""
    w1 = Device(client, "w1")
    household = w1.op("households", "create", dict(number="H0001", grid_id=units[G1],
                                                  kind="registered", path=G1))
    person = w1.op("residents", "create", resident(units[G1], "张三"))
    road = w1.op("addresses", "create", dict(kind="road", code=ROAD_CODE, name="红专路",
                                             grid_id=units[G1], path=ROAD_CODE,
                                             full_name="红专路"))
    door = w1.op("addresses", "create", dict(kind="door", code=ROAD_CODE + "D0012", name="12号",
                                             parent_id=road["entity_id"], grid_id=units[G1],
                                             path=ROAD_CODE + "D0012", full_name="红专路 12号"))
    house = w1.op("houses", "create", dict(address_id=road["entity_id"], grid_id=units[G1],
                                           path=ROAD_CODE, use="rental"))
    assert [r["status"] for r in w1.push(household, person, road, door, house)] == \
        ["applied"] * 5
    return dict(dev=w1, grid=units[G1], household=household["entity_id"],
                resident=person["entity_id"], address=door["entity_id"],
                house=house["entity_id"])


def server_row(srv, entity: str, form: dict) -> dict:
    """The row the desktop would send for ``form`` (what a crafted one sends as is)."""
    f = dict(form)
    if entity == "residents":
        relation = f.pop("relation", None)
        row = resident(srv["grid"], **f)
        if relation:
            row.update(household_id=srv["household"], relation=relation)
        return row
    if entity == "resident_tags":
        return {"resident_id": srv["resident"], **f}
    if entity == "households":
        return {**f, "grid_id": srv["grid"], "path": G1}
    if entity == "visits":
        row = dict(grid_id=srv["grid"], visited_on=f["visited_on"], kind=f["kind"],
                   findings=f.get("findings"), photos="[]", visitor=WORKER.name)
        if f["of_resident"]:
            row["resident_id"] = srv["resident"]
        return row
    if entity == "cases":
        return {**f, "number": f"{G1}-20261128-p-{uuid.uuid4().hex[:6]}", "grid_id": srv["grid"],
                "path": G1, "created_at": "2026-11-28T09:00:00+08:00"}
    if entity == "addresses":
        code = f"{G1}-{f['number']}"
        return dict(kind=f["kind"], code=code, name=f["name"], grid_id=srv["grid"],
                    path=code, full_name=f["name"])
    if entity == "houses":
        return {**f, "address_id": srv["address"], "grid_id": srv["grid"],
                "path": ROAD_CODE + "D0012"}
    if entity == "house_tenants":
        return {**f, "house_id": srv["house"], "resident_id": srv["resident"]}
    if entity == "organizations":
        return {**f, "address_id": srv["address"], "grid_id": srv["grid"],
                "path": ROAD_CODE + "D0012"}
    raise AssertionError(entity)


def server_push(srv, op: dict) -> dict:
    dev = srv["dev"]
    # a crafted client may send Infinity and NaN (Python's JSON reads them)
    r = dev.client.post("/sync/push", content=json.dumps({"ops": [op]}, allow_nan=True),
                        headers={**dev.headers, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def refusal(result: dict) -> set[tuple[str, str]]:
    """The (field, code) pairs a server refusal names."""
    assert result["status"] == "rejected", result
    message = result["message"]
    if result["code"] == "required" and message.startswith("missing "):
        # the engine's own gate for empty required columns (server/ops.py REQUIRED)
        return {(f.strip(), "required") for f in message[len("missing "):].split(",")}
    assert result["code"] == "invalid", result
    return {tuple(part.split(": ", 1)) for part in message.split("; ")}


def server_count(store, entity: str) -> int:
    with store.read() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(db.ENTITIES[entity])
                            ).scalar_one()


# ---------------------------------------------------------------- the parity
@pytest.mark.parametrize("row", ROWS)
def test_desktop_and_server_refuse_the_same_values(row: Row, desk, srv, store):
    form = {**FORMS[row.entity], **row.change}

    before = desk_counts(desk, row.entity)
    try:
        desktop_write(desk, row.entity, form)
        desk_said: set = set()
    except ValidationError as exc:
        desk_said = {(i.field, i.code) for i in exc.issues}
    desk_written = desk_counts(desk, row.entity) != before

    op = srv["dev"].op(row.entity, "create", server_row(srv, row.entity, form))
    stored = server_count(store, row.entity)
    result = server_push(srv, op)
    server_written = server_count(store, row.entity) != stored

    if row.refused:
        assert desk_said == set(row.refused), f"desktop: {desk_said}"
        assert refusal(result) == set(row.refused), f"server: {result}"
        assert not desk_written and not server_written
    else:
        assert not desk_said, desk_said
        assert result["status"] == "applied", result
        assert desk_written and server_written
