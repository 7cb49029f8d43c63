"""Issue 17 (cases): the city's short case numbers and the shared rule that a report
says what and where, as the server applies them to pushed ops (SQLite and PostgreSQL).

A case's create op gets the next number of its district and month (``JS2612-00042``)
on the server; the client cannot choose or change it, and a provisional number it
gives must be one (``临-7K2Q-0042``). A 随手拍 report with neither a description nor a
photo, or without a place, is refused as the desktop's form refuses it."""
from __future__ import annotations

import datetime as dt
import json
import uuid

import sqlalchemy as sa

from app.models.domain import case_fields
from app.models.domain.calendar import TZ
from server import db

G1, G2, G3 = "410105003001001", "410105003001002", "410105003002001"


def create_op(dev, units, grid=G1, **values):
    fields = dict(number=f"{grid}-20261128-tst-{uuid.uuid4().hex[:6]}", grid_id=units[grid],
                  path=grid, title="井盖缺失", category="manhole_cover", source="patrol",
                  description="路口井盖没了", created_at="2026-11-28T09:00:00+08:00")
    fields.update(values)
    return dev.op("cases", "create", {k: v for k, v in fields.items() if v is not None},
                  entity_id=str(uuid.uuid4()))


def report_op(dev, create, photos=()):
    return dev.op("case_events", "transition", dict(
        case_id=create["entity_id"], action="report", seq=1, actor_name="x",
        role="grid_worker", device_time="2026-11-28T09:00:00+08:00",
        data=json.dumps({"unit": create["changed"]["grid_id"]}), photos=json.dumps(list(photos))),
        tx_id=create["tx_id"])


def stored(store, case_id) -> dict | None:
    t = db.ENTITIES["cases"]
    with store.read() as conn:
        row = conn.execute(sa.select(t).where(t.c.id == case_id)).mappings().first()
    return dict(row) if row else None


def pulled_cases(dev) -> dict[str, dict]:
    changes, _ = dev.pull_all()
    return {ch["id"]: ch["data"] for ch in changes if ch["entity"] == "cases" and ch.get("data")}


def month_of(clock) -> str:
    return dt.datetime.fromtimestamp(clock(), TZ).strftime("%y%m")


def test_pushed_cases_get_the_districts_numbers_in_sequence(device, units, store, clock):
    w1, w2, sup = device("w1"), device("w2"), device("sup")
    made = []
    for dev, grid in ((w1, G1), (w1, G1), (w2, G2)):
        create = create_op(dev, units, grid, provisional_no="临-7K2Q-0001")
        assert [r["status"] for r in dev.push(create, report_op(dev, create))] == \
            ["applied", "applied"]
        made.append(create["entity_id"])
    yymm = month_of(clock)
    # one sequence for the district (金水区 = JS) and month, whichever grid or worker
    expected = [f"JS{yymm}-{n:05d}" for n in (1, 2, 3)]
    assert [stored(store, i)["short_no"] for i in made] == expected
    assert all(len(n) <= case_fields.SHORT_MAX for n in expected)
    # carried back by pull to whoever sees the case, with the provisional number kept
    seen = pulled_cases(sup)
    assert [seen[i]["short_no"] for i in made] == expected
    assert {seen[i]["provisional_no"] for i in made} == {"临-7K2Q-0001"}
    assert pulled_cases(w1)[made[0]]["short_no"] == expected[0]


def test_the_client_cannot_choose_or_change_the_citys_number(device, units, store, clock):
    w1 = device("w1")
    first = create_op(w1, units)
    w1.push(first, report_op(w1, first))
    taken = stored(store, first["entity_id"])["short_no"]
    # a crafted create naming a number already given: the server gives its own
    second = create_op(w1, units, short_no=taken)
    assert w1.push(second)[0]["status"] == "applied"
    assert stored(store, second["entity_id"])["short_no"] == \
        f"JS{month_of(clock)}-00002"
    for field, value in (("short_no", "JS0001-00001"), ("provisional_no", "临-7K2Q-0009")):
        patch = w1.op("cases", "patch", {field: value}, entity_id=first["entity_id"],
                      base_version=2)
        result = w1.push(patch)[0]
        assert (result["status"], result["code"]) == ("rejected", "derived_field"), field
    assert stored(store, first["entity_id"])["short_no"] == taken


def test_a_provisional_number_must_be_one(device, units, store):
    w1 = device("w1")
    for bad in ("临-7K2Q-1", "JS2612-00001", "临-7K2Q-0001" + "0" * 10, "临-ILOU-0001",
                "临-7k2q-0001"):
        create = create_op(w1, units, provisional_no=bad)
        result = w1.push(create)[0]
        assert result["status"] == "rejected", bad
        assert "provisional_no: case_no.invalid" in result["message"], bad
        assert stored(store, create["entity_id"]) is None, bad


def test_a_snapshot_report_must_say_what_and_where(device, units, store):
    w1 = device("w1")
    junk = [dict(description=None),                                   # nothing at all
            dict(description="。。。 ", location_text="  "),            # punctuation only
            dict(description="井盖碎了"),                                # no place
            dict(description=None, location_text="经三路与农业路口")]     # nothing said
    codes = [{"description: case.what_missing", "location_text: case.place_missing"},
             {"description: case.what_missing", "location_text: case.place_missing"},
             {"location_text: case.place_missing"},
             {"description: case.what_missing"}]
    for values, expected in zip(junk, codes):
        create = create_op(w1, units, source="snapshot", **values)
        created, reported = w1.push(create, report_op(w1, create))
        assert reported["status"] == "rejected" and reported["code"] == "invalid", values
        assert set(reported["message"].split("; ")) == expected, values
        row = stored(store, create["entity_id"])
        # never filed: no report, no one's queue
        assert row is None or (row["state"] == "draft" and row["reported_at"] is None)
    good = [dict(description="井盖碎了", location_text="经三路与农业路口"),
            dict(description="井盖碎了", lon=113.68, lat=34.79)]
    for values in good:
        create = create_op(w1, units, source="snapshot", **values)
        assert [r["status"] for r in w1.push(create, report_op(w1, create))] == \
            ["applied", "applied"], values
        assert stored(store, create["entity_id"])["state"] == "reported"
    # other sources are not held to it (a hotline case is placed by its caller's words)
    create = create_op(w1, units, source="patrol", description=None)
    assert [r["status"] for r in w1.push(create, report_op(w1, create))] == \
        ["applied", "applied"]
