"""五星支部 over a real city server (issue 21), on SQLite and PostgreSQL: a community
desk self-assesses with evidence photos, a street desk reviews, a district desk
confirms, every desk converges with the server by content; the server refuses what
its rules refuse even when a desktop skips its own checks (ops written straight
through the write path): a grid worker cannot self-assess, a street cannot review
another street's community, a community cannot review itself, an assessment cannot
be deleted."""
from __future__ import annotations

import io
import itertools
import json
import time

import pytest
import sqlalchemy as sa

from app.models.cases.repository import Cases
from app.models.domain import stars
from app.models.reports import star_workflow
from app.models.store import clock
from app.models.write.unit import unit_of_work
from server import admin, auth, db
from server.sync.engine import Engine
from synchelpers import PASSWORD, assert_equals_server
from test_dictionaries import own_city  # noqa: F401 - a server of the test's own

_districts = itertools.count(60)
ENTITY = "star_assessments"


def seed_district(city) -> dict:
    """A district of its own with two streets, a community under each, a grid under
    the first community, and the people of each level."""
    d = f"4101{next(_districts):02d}"
    codes = {"district": d, "a": d + "001", "a1": d + "001001", "a1g": d + "001001001",
             "b": d + "002", "b1": d + "002001"}
    rows = [dict(code="4101", name="郑州市"), dict(code=d, name=f"测试{d}区"),
            dict(code=codes["a"], name="甲街道"), dict(code=codes["a1"], name="甲一社区"),
            dict(code=codes["a1g"], name="甲一网格"), dict(code=codes["b"], name="乙街道"),
            dict(code=codes["b1"], name="乙一社区")]
    admin.import_org(city.db, Engine(city.db, city.settings), rows)
    plan = {"sup": ("community_supervisor", "a1"), "worker": ("grid_worker", "a1g"),
            "street_a": ("center_operator", "a"), "street_b": ("center_operator", "b"),
            "district": ("center_operator", "district")}
    users = {}
    with city.db.write() as conn:
        for short, (role, unit) in plan.items():
            users[short] = f"st{d}_{short}"
            auth.create_user(conn, city.settings, username=users[short], password=PASSWORD,
                             role=role, scope_code=codes[unit], display_name=short, now=time.time())
        o = db.ENTITIES["org_units"]
        ids = {k: conn.execute(sa.select(o.c.id).where(o.c.code == v)).scalar_one()
               for k, v in codes.items()}
    return dict(codes=codes, ids=ids, users=users)


def jpeg(color) -> bytes:
    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (80, 60), color).save(out, "JPEG")
    return out.getvalue()


def outcome(desk, row_id: str) -> dict:
    """The last op of the row on this desk, as the server answered it."""
    ops = [o for o in desk.outbox() if o["entity"] == ENTITY and o["entity_id"] == row_id]
    return ops[-1]


class no_foreign_keys:
    """A crafted desktop does not care whether its store knows the unit it names."""

    def __init__(self, desk):
        self.conn = desk.store.conn

    def __enter__(self):
        self.conn.execute("PRAGMA foreign_keys = OFF")

    def __exit__(self, *exc):
        self.conn.execute("PRAGMA foreign_keys = ON")


def crafted_patch(desk, row_id: str, server_row: dict, changes: dict) -> None:
    """A desktop that skips its own checks: the server's row put in its store as if it
    had it, then a patch written straight through the write path."""
    with no_foreign_keys(desk):
        _crafted_patch(desk, row_id, server_row, changes)


def _crafted_patch(desk, row_id: str, server_row: dict, changes: dict) -> None:
    conn = desk.store.conn
    if desk.row(ENTITY, row_id) is None:
        cols = [c for c in ("id", "unit_id", "year", "scheme_version", "state", "claims",
                            "photos", "stars_claimed", "stars_reviewed", "stars_confirmed",
                            "steps", "path", "created_at")]
        with desk.store.transaction():
            conn.execute(f"INSERT INTO {ENTITY} ({', '.join(cols)}, version, updated_at) "
                         f"VALUES ({', '.join('?' * len(cols))}, ?, ?)",
                         [server_row[c] for c in cols] + [server_row["version"],
                                                          server_row["updated_at"]])
    with unit_of_work(desk.store, desk.actor) as w:
        w.patch(ENTITY, row_id, changes)


def step(desk, action: str, server_row: dict, **extra) -> dict:
    steps = json.loads(server_row["steps"]) + [{
        "action": action, "by": desk.actor.user_id, "name": desk.actor.name,
        "role": desk.actor.role, "at": clock.now_iso(), "note": ""}]
    return {"steps": json.dumps(steps), "state": stars.STEPS[action].after, **extra}


def test_self_assessment_review_and_confirmation_over_the_server(any_city, desk):
    city = any_city
    org = seed_district(city)
    year = clock.today().year
    a1 = org["ids"]["a1"]
    row_id = stars.assessment_id(a1, year)
    sup = desk(city.url, org["users"]["sup"])
    # the community: evidence photo, claims, submit
    photo = Cases(sup.store, sup.actor, data_dir=sup.dir).add_photo(jpeg((200, 30, 30)))
    mine = star_workflow.Assessments(sup.store, sup.actor)
    claims = {"branch_meetings": {"met": True, "note": "三会一课全年记录", "photos": [photo]}}
    mine.save(a1, year, scheme_version=1, claims=claims, photos=[photo])
    mine.submit(a1, year, note="请街道审核", claims=claims, scheme_version=1, photos=[photo],
                stars_claimed=["party", "safety"])
    sup.sync()
    got = city.row(ENTITY, row_id)
    assert got["state"] == "submitted" and json.loads(got["photos"]) == [photo]
    assert json.loads(got["steps"])[0]["by"] == sup.actor.user_id
    with city.db.read() as conn:
        assert conn.execute(sa.select(db.blobs.c.state).where(
            db.blobs.c.sha256 == photo)).scalar_one() == "available"

    # another street's operator: never receives it, and a crafted review is refused
    other = desk(city.url, org["users"]["street_b"])
    assert other.row(ENTITY, row_id) is None
    crafted_patch(other, row_id, got, step(other, "review", got,
                                           stars_reviewed=json.dumps(["party"])))
    other.sync()
    refused = outcome(other, row_id)
    assert refused["state"] == "rejected" and "not_found" in refused["last_error"]
    assert other.row(ENTITY, row_id) is None          # its copy taken back
    # the community cannot review itself, even skipping the desktop's check
    crafted_patch(sup, row_id, got, step(sup, "review", got,
                                         stars_reviewed=json.dumps(["party"])))
    sup.sync()
    assert outcome(sup, row_id)["state"] == "rejected"
    assert "forbidden" in outcome(sup, row_id)["last_error"]
    assert city.row(ENTITY, row_id)["state"] == "submitted"
    assert sup.row(ENTITY, row_id)["state"] == "submitted"

    # the street: sees its community with the gap to the next star, reviews
    street = desk(city.url, org["users"]["street_a"])
    scheme = stars.load()
    from app.models.store import dictionaries as stored
    cats, _ = stored.current(street.store.conn)
    rows = star_workflow.overview(street.store, street.actor.scope_code, year, scheme, cats)
    assert [r["unit"]["id"] for r in rows] == [a1]
    assert rows[0]["state"] == "submitted" and rows[0]["claimed"] == ["party", "safety"]
    # the community's evidence photo reaches its street, never the other street
    from app.sync import photos
    from app.sync.client import ServerRefused
    assert photos.ensure_local(street.store, street.client, street.dir, photo) is not None
    assert Cases(street.store, street.actor, data_dir=street.dir).photo_bytes(photo) == \
        Cases(sup.store, sup.actor, data_dir=sup.dir).photo_bytes(photo)
    with pytest.raises(ServerRefused):
        other.client.download(photo)
    star_workflow.Assessments(street.store, street.actor).review(a1, year, ["party"], "同意一星")
    street.sync()
    assert city.row(ENTITY, row_id)["state"] == "reviewed"

    # the district confirms; every desk converges
    district = desk(city.url, org["users"]["district"])
    star_workflow.Assessments(district.store, district.actor).confirm(a1, year, ["party"])
    district.sync()
    final = city.row(ENTITY, row_id)
    assert final["state"] == "confirmed" and json.loads(final["stars_confirmed"]) == ["party"]
    assert [s["action"] for s in json.loads(final["steps"])] == ["submit", "review", "confirm"]
    for d in (sup, street, district, other):
        d.sync()
        assert_equals_server(city, d, tables=(ENTITY,))
    assert star_workflow.get(sup.store, a1, year)["state"] == "confirmed"
    assert other.row(ENTITY, row_id) is None
    # a delete is refused
    with unit_of_work(district.store, district.actor) as w:
        w.delete(ENTITY, row_id)
    district.sync()
    assert outcome(district, row_id)["state"] == "rejected"
    assert city.row(ENTITY, row_id)["deleted_at"] is None
    assert district.row(ENTITY, row_id)["deleted_at"] is None


def test_a_grid_worker_cannot_self_assess_even_skipping_the_desktops_check(any_city, desk):
    city = any_city
    org = seed_district(city)
    year = clock.today().year
    a1 = org["ids"]["a1"]
    worker = desk(city.url, org["users"]["worker"])
    with pytest.raises(star_workflow.StarError):          # the desktop's own check
        star_workflow.Assessments(worker.store, worker.actor).submit(a1, year)
    row_id = stars.assessment_id(a1, year)
    with unit_of_work(worker.store, worker.actor) as w:   # skipped
        w.create(ENTITY, {"id": row_id, "unit_id": a1, "year": year, "state": "submitted",
                          "path": org["codes"]["a1"], "steps": json.dumps([{
                              "action": "submit", "by": worker.actor.user_id,
                              "role": "grid_worker", "note": ""}])})
    worker.sync()
    refused = outcome(worker, row_id)
    assert refused["state"] == "rejected" and "forbidden" in refused["last_error"]
    assert city.row(ENTITY, row_id) is None
    # nor may a community supervisor sign a step as someone else, or assess another
    # street's community
    sup = desk(city.url, org["users"]["sup"])
    forged = stars.assessment_id(org["ids"]["b1"], year)
    with no_foreign_keys(sup), unit_of_work(sup.store, sup.actor) as w:
        w.create(ENTITY, {"id": forged, "unit_id": org["ids"]["b1"], "year": year,
                          "state": "draft", "path": org["codes"]["b1"]})
        w.create(ENTITY, {"id": row_id, "unit_id": a1, "year": year, "state": "submitted",
                          "path": org["codes"]["a1"], "steps": json.dumps([{
                              "action": "submit", "by": "someone-else",
                              "role": "community_supervisor", "note": ""}])})
    sup.sync()
    assert "out_of_scope" in outcome(sup, forged)["last_error"]
    assert "forbidden" in outcome(sup, row_id)["last_error"]
    assert city.row(ENTITY, forged) is None and city.row(ENTITY, row_id) is None


def test_a_province_loads_its_own_scheme_and_every_desktop_gets_it(own_city, tmp_path, desk):
    """The scheme is a dictionary the city server distributes: loaded with
    ``python -m server load-dictionary stars FILE``, fetched by every desktop's sync,
    and a broken one refused by the server's command line before any desktop sees it."""
    city = own_city
    org = seed_district(city)
    sup = desk(city.url, org["users"]["sup"])
    assert stars_in_force(sup).version == 1                   # the shipped one
    content = json.loads(stars.default_path().read_text(encoding="utf-8"))
    content["stars"][2]["name"] = "平安法治（2027年版）"
    content["stars"][2]["criteria"][0]["target"] = {"min_rate": 0.95}
    path = tmp_path / "stars-2027.json"
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    assert "stars version 1" in city.cli("load-dictionary", "stars", str(path)).stdout
    sup.sync()
    got = stars_in_force(sup)
    assert got.stars[2].name == "平安法治（2027年版）"
    assert got.criterion("disputes_resolved").target == {"min_rate": 0.95}
    audit = sup.q("SELECT detail FROM audit_log WHERE action = 'dictionary.update' "
                  "AND entity_id = 'stars'")
    assert audit
    content["stars"][0]["pass_points"] = 10_000
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    refused = city.cli("load-dictionary", "stars", str(path), check=False)
    assert refused.returncode != 0
    sup.sync()
    assert stars_in_force(sup).stars[0].pass_points == 40


def stars_in_force(desk):
    from app.models.store import dictionaries as stored
    return stored.star_scheme(desk.store.conn)
