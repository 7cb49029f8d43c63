"""五星支部 (issue 21): the scheme as a dictionary, the evidence computed from a real
store (cases, tags, visits, party members: the figures follow the records), and the
workflow's rules on the desktop (the same rules the server applies: tests/sync/
test_stars_sync.py)."""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from app.models.cases.repository import Cases
from app.models.domain import dictionaries, stars
from app.models.reports import star_workflow, stars as evidence
from app.models.store import clock
from app.models.store import dictionaries as stored_dicts
from app.models.write.unit import Actor
from test_home import id_number

TODAY = dt.date(2026, 11, 28)      # the roster fixture's today (tests/conftest.py)
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def city_clock(monkeypatch):
    """The cases' times on the roster fixture's day, whatever the real date."""
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 11, 28, 10, 0, tzinfo=clock.TZ))


def scheme():
    return stars.load()


def figures(store, street):
    cats, _ = stored_dicts.current(store.conn)
    return evidence.evidence(store, street["community"]["id"], YEAR, scheme(), cats,
                             today=TODAY)


# ---------------------------------------------------------------- the dictionary
def test_the_shipped_scheme_has_the_five_stars_and_is_a_synced_dictionary(store):
    s = stored_dicts.star_scheme(store.conn)
    assert [x.name for x in s.stars] == ["支部过硬", "宜业兴业", "平安法治", "文明幸福", "生态宜居"]
    assert "stars" in dictionaries.SYNCED
    assert all(c.points > 0 for x in s.stars for c in x.criteria)
    kinds = {c.source for x in s.stars for c in x.criteria}
    assert kinds == {"computed", "evidence"}


def test_a_loaded_scheme_replaces_the_shipped_one_and_a_broken_one_is_refused(store):
    content = copy.deepcopy(scheme().content)
    content["version"] = 7
    content["stars"][0]["name"] = "支部过硬（2027版）"
    content["stars"][0]["pass_points"] = 30
    with store.transaction() as conn:
        stored_dicts.save(conn, "stars", 7, content, clock.now_iso())
    stored_dicts.changed()
    got = stored_dicts.star_scheme(store.conn)
    assert (got.version, got.stars[0].name, got.stars[0].pass_points) == \
        (7, "支部过硬（2027版）", 30)
    broken = copy.deepcopy(content)
    broken["stars"][1]["criteria"][0]["measure"] = "made_up"
    broken["stars"][1]["criteria"][0]["source"] = "computed"
    with pytest.raises(ValueError):
        with store.transaction() as conn:
            stored_dicts.save(conn, "stars", 8, broken, clock.now_iso())
    assert stored_dicts.star_scheme(store.conn).version == 7
    too_high = copy.deepcopy(content)
    too_high["stars"][0]["pass_points"] = 999
    with pytest.raises(stars.SchemeError):
        stars.Scheme(too_high)


# ---------------------------------------------------------------- the evidence
@pytest.fixture
def people(roster, street):
    h1, h2 = street["household1"], street["household2"]

    def person(name, household, relation, **values):
        return roster.create_resident(dict(name=name, id_number=id_number("19500101"),
                                           residence_type="registered", **values),
                                      household_id=household["id"], relation=relation)
    return dict(elder=person("独居甲", h1, "self"),
                corrected=person("矫正乙", h2, "self"),
                member=person("党员丙", h1, "spouse", political_status="01"))


def supervisor(store):
    return Cases(store, Actor("sup-1", "李书记", "community_supervisor", "410105003001"))


def test_disputes_and_the_three_zeros_follow_the_cases(store, roster, street):
    before = figures(store, street)
    assert (before["disputes_resolved"].denominator, before["disputes_resolved"].met) == (0, True)
    assert before["no_criminal_cases"].count == 0 and before["no_criminal_cases"].met
    # a neighbour dispute, then a second one closed
    cases = Cases(store, roster.actor)
    open_one = cases.create(title="楼上漏水纠纷", category="neighbour_dispute",
                            grid_id=street["grid1"]["id"])
    closed = cases.create(title="停车位纠纷", category="neighbour_dispute",
                          grid_id=street["grid2"]["id"])
    cases.act(closed["id"], "self_handle", note="调解成功")
    supervisor(store).act(closed["id"], "verify_pass")
    got = figures(store, street)["disputes_resolved"]
    assert (got.numerator, got.denominator) == (1, 2)
    assert got.met is False                  # 50 % against 90 %
    assert got.short == [open_one["id"]]
    rows = evidence.drill(store, "cases", got.records)
    assert {r["title"] for r in rows} == {"楼上漏水纠纷", "停车位纠纷"}
    # 三零: a public-order case breaks "no criminal cases"; 上访 has no category here
    crime = cases.create(title="入室盗窃线索", category="public_order_hazard",
                         grid_id=street["grid1"]["id"])
    got = figures(store, street)
    assert got["no_criminal_cases"].count == 1 and got["no_criminal_cases"].met is False
    assert got["no_criminal_cases"].records == [crime["id"]]
    assert got["no_petitions"].no_data == "no_category" and got["no_petitions"].met is None
    # urgent safety cases count as major accidents; a normal one does not
    cases.create(title="楼道堆放易燃物", category="fire_hazard", grid_id=street["grid1"]["id"])
    assert figures(store, street)["no_major_accidents"].count == 0
    cases.create(title="燃气泄漏", category="gas_hazard", grid_id=street["grid1"]["id"])
    assert figures(store, street)["no_major_accidents"].count == 1


def test_visits_on_time_follow_tags_and_visits(store, roster, street, people):
    assert figures(store, street)["key_visits"].denominator == 0
    roster.add_tag(people["corrected"]["id"], "community_correction", since="2026-10-01")
    roster.add_tag(people["elder"]["id"], "elderly_alone", since="2026-11-01")
    got = figures(store, street)
    assert (got["key_visits"].numerator, got["key_visits"].denominator) == (0, 1)
    assert got["key_visits"].short == [people["corrected"]["id"]]
    assert (got["care_visits"].numerator, got["care_visits"].denominator) == (0, 1)
    roster.record_visit(resident_id=people["corrected"]["id"], kind="key_followup",
                        visited_on="2026-11-25")
    got = figures(store, street)
    assert (got["key_visits"].numerator, got["key_visits"].met) == (1, True)
    # a visit older than the tag's frequency (独居老人: weekly) is overdue again
    roster.record_visit(resident_id=people["elder"]["id"], kind="care", visited_on="2026-11-10")
    assert figures(store, street)["care_visits"].numerator == 0
    roster.record_visit(resident_id=people["elder"]["id"], kind="care", visited_on="2026-11-27")
    got = figures(store, street)["care_visits"]
    assert (got.numerator, got.denominator, got.met) == (1, 1, True)
    names = [r["name"] for r in evidence.drill(store, "residents", got.records)]
    assert names == ["独居甲"]


def test_party_members_registration_and_participation(store, roster, street, people):
    got = figures(store, street)
    assert got["dual_registration"].count == 0
    assert (got["member_participation"].numerator,
            got["member_participation"].denominator) == (0, 1)
    roster.update_resident(people["corrected"]["id"], {"in_service_party_member": 1,
                                                        "party_member_unit": "金水区法院"})
    got = figures(store, street)
    assert got["dual_registration"].count == 1 and got["dual_registration"].met is False
    from app.models.roster import party
    visit = roster.record_visit(resident_id=people["elder"]["id"], kind="care")
    party.record_visit_participation(store, roster.actor, visit["id"], [people["member"]["id"]])
    got = figures(store, street)["member_participation"]
    assert (got.numerator, got.denominator) == (1, 2)


def test_satisfaction_and_environment_closed_on_time(store, roster, street):
    cases = Cases(store, roster.actor)
    sup = supervisor(store)
    trash = cases.create(title="暴露垃圾", category="exposed_garbage", grid_id=street["grid1"]["id"])
    assert figures(store, street)["environment_on_time"].denominator == 0
    cases.act(trash["id"], "self_handle", note="已清理")
    sup.act(trash["id"], "verify_pass")
    got = figures(store, street)
    assert (got["environment_on_time"].numerator, got["environment_on_time"].denominator) == (1, 1)
    assert got["satisfaction"].denominator == 0
    sup.act(trash["id"], "evaluate", satisfaction="dissatisfied")
    got = figures(store, street)["satisfaction"]
    assert (got.numerator, got.denominator, got.met) == (0, 1, False)
    assert got.short == [trash["id"]]


def test_nine_small_venues_inspected_in_the_year(store, roster, street):
    from app.models.places.repository import Places
    got = figures(store, street)["nine_small_inspections"]
    assert (got.no_data, got.met) == ("no_table", None)     # none recorded: evidence
    places = Places(store, roster.actor, today=TODAY)
    shop = places.create_organization({"name": "老王烩面馆", "kind": "nine_small",
                                       "category": "restaurant",
                                       "address_id": street["room501"]["id"]})
    places.create_organization({"name": "好邻居便利店", "kind": "nine_small", "category": "shop",
                                "address_id": street["room502"]["id"]})
    places.create_organization({"name": "某科技公司", "kind": "enterprise",
                                "address_id": street["room502"]["id"]})
    got = figures(store, street)["nine_small_inspections"]
    assert (got.numerator, got.denominator, got.met) == (0, 2, False)
    items = places.checklist_for(shop["id"])
    places.record_inspection(shop["id"], {k: "ok" for k in items}, inspected_on="2026-11-20")
    got = figures(store, street)["nine_small_inspections"]
    assert (got.numerator, got.denominator) == (1, 2)
    rows = evidence.drill(store, "organizations", got.short)
    assert [r["name"] for r in rows] == ["好邻居便利店"]
    assert evidence.drill(store, "organizations", [shop["id"]])[0]["last_inspection"] == \
        "2026-11-20"


# ---------------------------------------------------------------- the workflow
def actors(street):
    return dict(
        community=Actor("sup-1", "李书记", "community_supervisor", street["community"]["code"]),
        street=Actor("center-1", "街道王", "center_operator", street["street"]["code"]),
        district=Actor("dist-1", "区刘", "center_operator", street["district"]["code"]),
        worker=Actor("w-1", "网格员", "grid_worker", street["grid1"]["code"]),
        head=Actor("h-1", "网格长", "grid_head", street["grid1"]["code"]))


def outbox_and_audit(store):
    c = store.conn
    return (c.execute("SELECT count(*) FROM outbox").fetchone()[0],
            c.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_self_assessment_review_and_confirmation_write_through_the_one_path(store, street):
    a = actors(street)
    com = street["community"]["id"]
    s = scheme()
    claims = {"branch_meetings": {"met": True, "note": "全年12次", "photos": []}}
    mine = star_workflow.Assessments(store, a["community"])
    saved = mine.save(com, YEAR, scheme_version=s.version, claims=claims, stars_claimed=["party"])
    assert saved["state"] == "draft" and saved["claims"] == claims
    # a grid worker and a grid head take no part: refused, nothing written
    before = outbox_and_audit(store)
    for who in ("worker", "head"):
        with pytest.raises(star_workflow.StarError) as err:
            star_workflow.Assessments(store, a[who]).submit(com, YEAR)
        assert err.value.code == "forbidden"
    # the street cannot review a draft, nor the community review itself
    with pytest.raises(star_workflow.StarError) as err:
        star_workflow.Assessments(store, a["street"]).review(com, YEAR, ["party"])
    assert err.value.code == "wrong_state"
    mine.submit(com, YEAR)
    with pytest.raises(star_workflow.StarError) as err:
        mine.review(com, YEAR, ["party"])
    assert err.value.code == "forbidden"
    assert outbox_and_audit(store)[0] == before[0] + 1        # the submit only
    # the street returns it, the community resubmits, the street reviews
    street_desk = star_workflow.Assessments(store, a["street"])
    street_desk.return_to_community(com, YEAR, "缺少会议记录照片")
    assert star_workflow.get(store, com, YEAR)["state"] == "returned"
    mine.submit(com, YEAR, note="已补充", claims=claims, scheme_version=s.version,
                stars_claimed=["party", "safety"])
    with pytest.raises(star_workflow.StarError) as err:     # only stars claimed
        street_desk.review(com, YEAR, ["party", "ecology"])
    assert err.value.code == "invalid"
    street_desk.review(com, YEAR, ["party"], "平安法治证据不足")
    with pytest.raises(star_workflow.StarError):             # a street does not confirm
        street_desk.confirm(com, YEAR, ["party"])
    final = star_workflow.Assessments(store, a["district"]).confirm(com, YEAR, ["party"])
    assert final["state"] == "confirmed" and final["stars_confirmed"] == ["party"]
    assert [(x["action"], x["by"]) for x in final["steps"]] == [
        ("submit", "sup-1"), ("return", "center-1"), ("submit", "sup-1"),
        ("review", "center-1"), ("confirm", "dist-1")]
    actions = [r[0] for r in store.conn.execute(
        "SELECT action FROM audit_log WHERE action LIKE 'stars.%' ORDER BY seq")]
    assert actions == ["stars.save", "stars.submit", "stars.return", "stars.submit",
                       "stars.review", "stars.confirm"]
    ops = [json.loads(r[0]).get("state") for r in store.conn.execute(
        "SELECT changed FROM outbox WHERE entity = 'star_assessments' ORDER BY device_seq")]
    assert ops == ["draft", "submitted", "returned", "submitted", "reviewed", "confirmed"]
    # confirmed is final: no more edits
    with pytest.raises(star_workflow.StarError) as err:
        mine.save(com, YEAR, scheme_version=s.version, claims={})
    assert err.value.code == "wrong_state"
    assert [h["year"] for h in star_workflow.history(store, com)] == [YEAR]


def test_the_street_sees_its_communities_and_the_gap_to_the_next_star(store, roster, street):
    second = roster.create_org_unit("410105003002", "文化路社区", "community",
                                    street["street"]["id"])
    a = actors(street)
    com = street["community"]["id"]
    cats, _ = stored_dicts.current(store.conn)
    rows = star_workflow.overview(store, street["street"]["code"], YEAR, scheme(), cats,
                                  today=TODAY)
    assert [r["unit"]["name"] for r in rows] == ["经三路社区", second["name"]]
    first = rows[0]
    party_star = next(x for x in first["stars"] if x["code"] == "party")
    gap_before = party_star["gap"]
    assert not party_star["earned"] and gap_before > 0
    # claiming the branch meetings (evidence) shrinks the gap by their points
    star_workflow.Assessments(store, a["community"]).save(
        com, YEAR, scheme_version=1, claims={"branch_meetings": {"met": True, "note": "x"}})
    rows = star_workflow.overview(store, street["street"]["code"], YEAR, scheme(), cats,
                                  today=TODAY)
    party_star = next(x for x in rows[0]["stars"] if x["code"] == "party")
    assert party_star["gap"] == max(0, gap_before - scheme().criterion("branch_meetings").points)
    assert rows[0]["state"] == "draft" and rows[1]["state"] is None
    assert rows[0]["next_star"] in {s.code for s in scheme().stars}


# ---------------------------------------------------------------- the rules, directly
def submitted_row(unit="u-1", year=YEAR):
    return {"id": stars.assessment_id(unit, year), "unit_id": unit, "year": year,
            "state": "submitted", "path": "410105003001", "claims": "{}", "photos": "[]",
            "stars_claimed": '["party"]', "stars_reviewed": "[]", "stars_confirmed": "[]",
            "steps": json.dumps([{"action": "submit", "by": "sup", "role":
                                  "community_supervisor", "note": ""}])}


def judge(old, new, role="center_operator", level="street", user="c-1"):
    return stars.check_change(old, new, role=role, level=level, user_id=user,
                              unit_kind="community")


def review_of(old, **extra):
    steps = json.loads(old["steps"]) + [{"action": "review", "by": "c-1",
                                         "role": "center_operator", "note": ""}]
    return {**old, "state": "reviewed", "steps": json.dumps(steps),
            "stars_reviewed": '["party"]', **extra}


@pytest.mark.parametrize("change, code", [
    (lambda old: review_of(old), None),
    (lambda old: {**review_of(old), "steps": json.dumps(json.loads(review_of(old)["steps"])[1:])},
     "invalid"),                                              # history rewritten
    (lambda old: {**review_of(old), "steps": json.dumps(json.loads(review_of(old)["steps"]) + [
        {"action": "confirm", "by": "c-1", "role": "center_operator"}])}, "invalid"),
    (lambda old: review_of(old, year=YEAR + 1), "invalid"),   # a fixed field
    (lambda old: review_of(old, claims='{"x": {"met": true}}'), "invalid"),  # not the street's
    (lambda old: review_of(old, state="confirmed"), "invalid"),
    (lambda old: review_of(old, stars_reviewed='["ecology"]'), "invalid"),  # not claimed
    (lambda old: review_of(old, deleted_at="2026-11-28"), "forbidden"),
    (lambda old: {**old, "claims": '{"x": {"met": true}}'}, "forbidden"),  # the street edits
])
def test_the_rules_of_a_step(change, code):
    old = submitted_row()
    if code is None:
        assert judge(old, change(old)) == "review"
        return
    with pytest.raises(stars.StarRefusal) as err:
        judge(old, change(old))
    assert err.value.code == code


def test_who_signs_and_at_which_level():
    old = submitted_row()
    with pytest.raises(stars.StarRefusal) as err:      # signed as another
        judge(old, review_of(old), user="someone-else")
    assert err.value.code == "forbidden"
    with pytest.raises(stars.StarRefusal) as err:      # a district does not review
        judge(old, review_of(old), level="district")
    assert err.value.code == "forbidden"
    with pytest.raises(stars.StarRefusal) as err:      # 评 needed
        judge(old, review_of(old), role="grid_head")
    assert err.value.code == "forbidden"
    with pytest.raises(stars.StarRefusal) as err:
        stars.check_change(None, {**submitted_row(), "state": "draft", "steps": "[]",
                                  "stars_claimed": "[]"},
                           role="community_supervisor", level="community", user_id="sup",
                           unit_kind="grid")
    assert err.value.code == "invalid"                 # only a community is assessed
    assert [stars.level_of_path(p) for p in ("/4101/", "/4101/410105/", "/4101/410105/"
                                             "410105003/", "/4101/410105/410105003/"
                                             "410105003001/", "/")] == \
        [None, "district", "street", "community", None]
