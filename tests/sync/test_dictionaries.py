"""Dictionaries sync (issue 14: "Dictionaries never reach desktops"): the server
computes deadlines from what ``python -m server load-dictionary`` loaded, so a
desktop must compute them from the same versions, and keep the last version it
had while offline.

A 2027 holiday notice (清明 2027-04-03..05, a 调休 working Saturday 2027-04-10)
and a new category (共享单车乱停放, 6 working days, a new department 交通运输局) are
loaded into a real server process; a desktop syncs; cases dispatched on Thursday
2027-04-01 10:00 get the same deadline on the desktop as on the server. On
SQLite and PostgreSQL, each with a server of its own (dictionaries are
city-wide)."""
from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import sqlalchemy as sa

from app.models.domain import categories as cats
from app.models.domain import calendar as cal
from app.models.store import dictionaries
from app.sync.client import Offline
from server import db
from srvhelpers import PG_URL, pg_schema_url
from synchelpers import City, heal

DISPATCHED = dt.datetime(2027, 4, 1, 10, 0, tzinfo=cal.TZ)      # a Thursday
NOTICE_2027 = {
    "year": 2027, "version": 1, "source": "a test notice",
    "holidays": [{"name": "清明节", "en": "Qingming Festival", "from": "2027-04-03",
                  "to": "2027-04-05"}],
    "workdays": [{"date": "2027-04-10", "for": "清明节"}],
}
NEW_CATEGORY = {
    "code": "shared_bike_clutter", "major": "市容环境", "major_code": "environment",
    "name": "共享单车乱停放", "en": "Shared bikes parked in the way", "limit": {"days": 6},
    "urgent_limit": {"days": 1}, "first_response": None, "default_urgency": "normal",
    "department": {"code": "transport", "name": "交通运输局"}, "self_handle": False}


@pytest.fixture(params=["sqlite", "postgresql"])
def own_city(request, tmp_path):
    """A server of this test's own: loading a dictionary changes the whole city."""
    drop = None
    url = None
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("PostgreSQL not configured: set GRIDDESK_TEST_PG_URL")
        schema = "dict_" + uuid.uuid4().hex[:12]
        admin = sa.create_engine(db.normalize_url(PG_URL))
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        url = pg_schema_url(PG_URL, schema)

        def drop():
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()
    c = City(tmp_path / "city", url).start()
    yield c
    c.close()
    if drop:
        drop()


def load_2027(city: City, tmp_path) -> None:
    notice = tmp_path / "2027.json"
    notice.write_text(json.dumps(NOTICE_2027, ensure_ascii=False), encoding="utf-8")
    data = json.loads(cats.default_path().read_text(encoding="utf-8"))
    data["version"] += 1
    data["departments"].append({"code": "transport", "name": "交通运输局",
                                "en": "Transport Bureau"})
    data["categories"].append(NEW_CATEGORY)
    categories = tmp_path / "categories.json"
    categories.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "calendar version 1" in city.cli("load-dictionary", "calendar", str(notice)).stdout
    assert "categories version 1" in city.cli("load-dictionary", "categories",
                                              str(categories)).stdout


def dispatch(w1, sup, org, category: str, at: dt.datetime) -> tuple[str, str]:
    """w1 reports a case, the supervisor accepts and dispatches it at ``at`` on their
    desktop; returns (case id, the deadline the supervisor's desktop computed)."""
    case = w1.cases(now=lambda: at).create(title="路边", category=category,
                                           grid_id=org.ids["g1"])
    heal([w1, sup])
    cases = sup.cases(now=lambda: at)
    cases.act(case["id"], "accept")
    cases.act(case["id"], "dispatch", unit=org.ids["dept"])
    return case["id"], sup.row("cases", case["id"])["deadline"]


def test_a_2027_calendar_and_a_new_category_give_the_same_deadlines(own_city, tmp_path,
                                                                      desk):
    city = own_city
    org = city.new_org()
    load_2027(city, tmp_path)
    w1, sup = desk(city.url, org.user("w1")), desk(city.url, org.user("sup"))
    # the calendar: 5 working days from Thursday 10:00, across 清明 (Monday off)
    case_id, local = dispatch(w1, sup, org, "damaged_road", DISPATCHED)
    assert local == "2027-04-09T10:00:00+08:00"
    sup.sync()
    assert city.row("cases", case_id)["deadline"] == local
    # the new category: its 6 days end on the 调休 Saturday, which is worked
    case_id, local = dispatch(w1, sup, org, "shared_bike_clutter", DISPATCHED)
    assert local == "2027-04-10T10:00:00+08:00"
    sup.sync()
    assert city.row("cases", case_id)["deadline"] == local
    assert sup.row("cases", case_id)["deadline"] == local
    # the departments come with the categories: the new category's default department
    category = sup.cases().categories.get("shared_bike_clutter")
    assert (category.department_code, category.department_name) == ("transport", "交通运输局")
    assert "transport" in {d.code for d in sup.cases().categories.departments()}


def test_an_offline_desktop_keeps_the_last_version_it_had(own_city, tmp_path, desk):
    city = own_city
    org = city.new_org()
    load_2027(city, tmp_path)
    w1, sup = desk(city.url, org.user("w1")), desk(city.url, org.user("sup"))
    held = dictionaries.stored(sup.store.conn)
    assert set(held) == {"calendar", "categories"}
    # the app is closed, the server goes away, the app starts again without it
    city.stop()
    sup.reopen()
    w1.reopen()
    assert isinstance(sup.try_sync(), Offline)
    assert dictionaries.stored(sup.store.conn) == held
    at = DISPATCHED + dt.timedelta(hours=1)
    case = w1.cases(now=lambda: at).create(title="路边", category="shared_bike_clutter",
                                           grid_id=org.ids["g1"])
    assert case["category"] == "shared_bike_clutter"
    # w1 and sup cannot meet through the server; the supervisor's own case instead
    own = sup.cases(now=lambda: at)
    mine = own.create(title="路边", category="damaged_road", grid_id=org.ids["g1"])
    own.act(mine["id"], "accept")
    own.act(mine["id"], "dispatch", unit=org.ids["dept"])
    local = sup.row("cases", mine["id"])["deadline"]
    assert local == "2027-04-09T11:00:00+08:00"
    city.start(port=city.live.port)
    heal([w1, sup])
    assert city.row("cases", mine["id"])["deadline"] == local
    assert city.row("cases", case["id"])["category"] == "shared_bike_clutter"


def test_only_a_changed_dictionary_is_fetched_and_it_is_audited(own_city, tmp_path, desk):
    city = own_city
    org = city.new_org()
    sup = desk(city.url, org.user("sup"))
    # nothing loaded on the server: the shipped files, nothing stored
    assert dictionaries.stored(sup.store.conn) == {}
    assert sup.cases().calendar.has_year(2027) is False
    load_2027(city, tmp_path)
    sup.sync()
    first = sup.q("SELECT name, version, fetched_at FROM dictionaries ORDER BY name")
    assert [(n, v) for n, v, _ in first] == [("calendar", 1), ("categories", 1)]
    assert sup.cases().calendar.has_year(2027)
    assert sup.cases().calendar.has_year(2026), "the shipped years stay (merged, not replaced)"
    sup.sync()
    assert sup.q("SELECT name, version, fetched_at FROM dictionaries ORDER BY name") == first
    # a corrected notice (version 2 of 2027): fetched again, deadlines follow
    notice = dict(NOTICE_2027, version=2, holidays=[], workdays=[])
    path = tmp_path / "2027-v2.json"
    path.write_text(json.dumps(notice, ensure_ascii=False), encoding="utf-8")
    city.cli("load-dictionary", "calendar", str(path))
    cases = sup.cases()
    assert not cases.calendar.is_working_day(dt.date(2027, 4, 5))
    sup.sync()
    assert cases.calendar.is_working_day(dt.date(2027, 4, 5)), "the same Cases sees it"
    audit = sup.q("SELECT entity_id, detail FROM audit_log WHERE action = 'dictionary.update' "
                  "ORDER BY seq")
    audit = [(e, json.loads(d)["version"]) for e, d in audit]
    assert sorted(audit[:2]) == [("calendar", 1), ("categories", 1)]
    assert audit[2:] == [("calendar", 2)]


def test_a_broken_dictionary_keeps_the_version_in_force(own_city, tmp_path, desk):
    """What would not load (here: a notice with a day both off and worked, stored on
    the server behind its checks) never replaces what the desktop computes with."""
    city = own_city
    org = city.new_org()
    load_2027(city, tmp_path)
    sup = desk(city.url, org.user("sup"))
    bad = dict(NOTICE_2027, version=3, workdays=[{"date": "2027-04-05", "for": "x"}])
    t = db.dictionaries
    with city.db.write() as conn:
        conn.execute(t.update().where(t.c.name == "calendar").values(
            version=9, content=[bad], updated_at="2027-01-01T00:00:00+00:00"))
    sup.sync()
    assert dictionaries.stored(sup.store.conn)["calendar"][0] == 1
    assert not sup.cases().calendar.is_working_day(dt.date(2027, 4, 5))
