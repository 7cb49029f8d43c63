"""The demo street generator (app/models/demo/street.py)."""
import collections
import datetime as dt
import json
import re

import pytest

from app.models.demo import street as demo
from app.models.roster import pinyin
from app.models.domain import choices as d, rules
from app.models.write import audit
from app.models.domain import addresses
from app.models.roster.repository import ADDRESS_CODE_WIDTH, age_on
from app.models.roster.search import RosterQuery, count, query_page
from app.models.store.database import open_store

TODAY = dt.date(2026, 11, 28)
TABLES = ("org_units", "addresses", "households", "residents", "resident_tags", "visits")
SIZE = 2500


def rows(conn, sql, params=()):
    cur = conn.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def dump(store):
    return {t: store.conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """One generated street shared by the read-only checks."""
    s = open_store(tmp_path_factory.mktemp("demo"))
    summary = demo.generate(s, SIZE, seed=3, today=TODAY)
    s.summary = summary
    yield s
    s.close()


# ------------------------------------------------------------- determinism, size

def test_same_seed_gives_identical_rows(store, tmp_path):
    first = demo.generate(store, 700, seed=7, today=TODAY)
    other = open_store(tmp_path / "other")
    try:
        second = demo.generate(other, 700, seed=7, today=TODAY)
        assert dump(store) == dump(other)
        first.pop("seconds"), second.pop("seconds")
        assert first == second
    finally:
        other.close()


def test_different_seed_gives_different_rows(store, tmp_path):
    demo.generate(store, 700, seed=7, today=TODAY)
    other = open_store(tmp_path / "other")
    try:
        demo.generate(other, 700, seed=8, today=TODAY)
        a, b = dump(store), dump(other)
        assert a["residents"] != b["residents"]
        ids_a = {r[1] for r in a["residents"]}
        ids_b = {r[1] for r in b["residents"]}
        assert not ids_a & ids_b
    finally:
        other.close()


@pytest.mark.parametrize("size", [1, 37, 1200])
def test_requested_size_is_respected(store, size):
    summary = demo.generate(store, size, seed=1, today=TODAY)
    n = store.conn.execute("SELECT count(*) FROM residents").fetchone()[0]
    assert n == size == summary["residents"] == summary["indexed"]
    assert summary["households"] == store.conn.execute(
        "SELECT count(*) FROM households").fetchone()[0]
    if size >= 1000:
        assert 2.0 <= size / summary["households"] <= 3.5


def test_grids_scale_with_size(demo_store):
    conn = demo_store.conn
    per_grid = rows(conn, "SELECT o.code, o.kind, count(h.id) AS n FROM org_units o "
                          "LEFT JOIN households h ON h.grid_id = o.id "
                          "WHERE o.kind IN ('grid', 'dedicated') GROUP BY o.id ORDER BY o.code")
    regular = [g for g in per_grid if g["kind"] == "grid"]
    assert len(regular) >= 2
    for g in regular[:-1]:                      # the last grid holds what is left
        assert 300 <= g["n"] <= 520, g
    assert [g["kind"] for g in per_grid].count("dedicated") == 1
    assert len(demo_store.summary["grid_ids"]) == len(per_grid)


def test_refuses_a_store_that_is_not_empty(store):
    demo.generate(store, 20, today=TODAY)
    with pytest.raises(demo.DemoError):
        demo.generate(store, 20, today=TODAY)


def test_progress_is_reported_and_can_cancel(store):
    seen = []
    demo.generate(store, 300, progress=lambda done, total: seen.append((done, total)),
                  today=TODAY)
    assert seen and seen[-1][0] == seen[-1][1]
    assert all(a <= b for a, b in zip(seen, seen[1:]))


def test_an_exception_from_progress_rolls_everything_back(store):
    def cancel(done, total):
        if done >= 300:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        demo.generate(store, 300, progress=cancel, today=TODAY)
    for table in TABLES + ("audit_log",):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


# ------------------------------------------------------------------ hierarchy

def test_org_tree(demo_store):
    conn = demo_store.conn
    units = rows(conn, "SELECT * FROM org_units ORDER BY code")
    by_id = {u["id"]: u for u in units}
    by_kind = collections.defaultdict(list)
    for u in units:
        by_kind[u["kind"]].append(u)
        parent = by_id.get(u["parent_id"])
        assert u["path"] == (parent["path"] if parent else "/") + u["code"] + "/"
        if parent and u["kind"] != "department":
            assert u["code"].startswith(parent["code"])
        assert u["level"] == {"city": 40, "district": 30, "street": 20, "community": 10,
                              "grid": 0, "dedicated": 0, "department": 30}[u["kind"]]
    assert [(u["code"], u["name"]) for u in by_kind["city"]] == [("4101", "郑州市")]
    assert [(u["code"], u["name"]) for u in by_kind["district"]] == [("410105", "金水区")]
    assert [u["code"] for u in by_kind["street"]] == ["410105003"]
    assert by_kind["community"][0]["code"] == "410105003001"
    assert all(u["name"].endswith("社区") for u in by_kind["community"])
    assert len({u["name"] for u in by_kind["community"]}) == len(by_kind["community"])
    assert len(by_kind["department"]) >= 2
    assert {u["parent_id"] for u in by_kind["department"]} == {by_kind["district"][0]["id"]}
    assert any("城管" in u["name"] for u in by_kind["department"])
    for g in by_kind["grid"] + by_kind["dedicated"]:
        assert len(g["code"]) == 15 and by_id[g["parent_id"]]["kind"] == "community"
        assert g["party_branch"] and g["party_secretary"]
    assert by_kind["grid"][0]["name"] == "第一网格"


def test_addresses_nest_by_fixed_widths(demo_store):
    conn = demo_store.conn
    addrs = {a["id"]: a for a in rows(conn, "SELECT * FROM addresses")}
    grids = {g["id"]: g for g in rows(conn, "SELECT * FROM org_units")}
    children = [a for a in addrs.values() if a["parent_id"]]
    for a in addrs.values():
        assert a["path"] == a["code"]
        if a["parent_id"] is None:              # an estate, or a road (the street shape)
            assert a["kind"] in addresses.TOP_KINDS
            base, full = grids[a["grid_id"]]["code"], a["name"]
            prefix, width = addresses.segment_shape(a["kind"], None)
        else:
            parent = addrs[a["parent_id"]]
            assert addresses.may_sit_under(a["kind"], parent["kind"]), (a, parent)
            assert parent["grid_id"] == a["grid_id"]
            base, full = parent["code"], parent["full_name"] + " " + a["name"]
            prefix, width = addresses.segment_shape(a["kind"], parent["kind"])
        assert a["code"].startswith(base + prefix)
        assert len(a["code"]) == len(base) + len(prefix) + width
        if a["kind"] in ("estate", "building", "unit") or (
                a["kind"] == "room" and parent["kind"] == "unit"):     # the classic shape
            assert width == ADDRESS_CODE_WIDTH[a["kind"]]
        assert a["full_name"] == full
        if a["kind"] not in ("room", "door"):   # no empty estates, roads, buildings, units
            assert any(b["parent_id"] == a["id"] for b in children), a
        if a["kind"] == "room" and parent["kind"] == "unit":
            assert a["code"][-4:-2] == f"{a['floor']:02d}"
            assert re.fullmatch(r"\S+ \d+号楼 \d+单元 \d+室", a["full_name"]), a["full_name"]


def test_households_and_members(demo_store):
    conn = demo_store.conn
    households = rows(conn, "SELECT h.*, a.code AS room_code FROM households h "
                            "JOIN addresses a ON a.id = h.room_id")
    assert len(households) == demo_store.summary["households"]
    members = collections.defaultdict(list)
    for r in rows(conn, "SELECT * FROM residents"):
        members[r["household_id"]].append(r)
    kinds = collections.Counter(h["kind"] for h in households)
    assert kinds["registered"] > kinds["rental"] > kinds["floating"] > 0
    assert len({h["number"] for h in households}) == len(households)
    for h in households:
        assert h["path"] == h["room_code"]
        group = members[h["id"]]
        heads = [m for m in group if m["relation"] == "self"]
        assert len(heads) == 1 and h["head_id"] == heads[0]["id"]
        for m in group:
            assert m["relation"] in d.RELATIONS
            if h["kind"] != "registered":
                assert m["residence_type"] == "floating"
    relations = collections.Counter(m["relation"] for g in members.values() for m in g)
    assert {"self", "spouse", "son", "daughter", "parent", "grandchild"} <= set(relations)


def test_residents_paths_follow_grid_and_room(demo_store):
    bad = demo_store.conn.execute(
        "SELECT count(*) FROM residents r JOIN org_units g ON g.id = r.grid_id "
        "JOIN households h ON h.id = r.household_id JOIN addresses a ON a.id = h.room_id "
        "WHERE substr(r.path, 1, length(g.code)) != g.code OR r.path != a.code "
        "OR h.grid_id != r.grid_id OR a.grid_id != r.grid_id").fetchone()[0]
    assert bad == 0
    # rid follows address order, so the roster's natural order is the address order
    paths = [p for (p,) in demo_store.conn.execute("SELECT path FROM residents ORDER BY rid")]
    assert paths == sorted(paths)
    assert demo_store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


# ------------------------------------------------------------------- residents

def test_every_id_number_is_valid_and_agrees_with_the_row(demo_store):
    residents = rows(demo_store.conn, "SELECT * FROM residents")
    assert len({r["id_number"] for r in residents}) == len(residents)
    for r in residents:
        assert r["id_type"] == "resident_id"
        info, issues = rules.check_id_number(r["id_number"], TODAY)
        assert info is not None and not rules.errors(issues), (r["id_number"], issues)
        assert not issues                       # not even an unknown-area warning
        assert info.gender == r["gender"]
        assert info.birth_date.isoformat() == r["birth_date"]
        assert r["id_number"][17] == rules.id_check_char(r["id_number"][:17])


def test_resident_fields_are_valid(demo_store):
    residents = rows(demo_store.conn, "SELECT * FROM residents")
    for r in residents:
        values = {k: r[k] for k in ("name", "id_type", "id_number", "gender", "birth_date",
                                    "ethnicity", "phone", "residence_type", "political_status",
                                    "education", "occupation", "work_unit", "marital_status",
                                    "registered_address", "moved_in_date", "status",
                                    "in_service_party_member", "party_member_unit")}
        clean, issues = rules.validate_resident(values, TODAY)
        assert not issues, (r["name"], issues)
        assert 2 <= len(r["name"]) <= 4
        assert r["moved_in_date"] >= r["birth_date"]
        if r["in_service_party_member"]:
            assert r["political_status"] == "01" and r["party_member_unit"]
    mobiles = [r["phone"] for r in residents if r["phone"] and rules.MOBILE_RE.match(r["phone"])]
    assert len(mobiles) > 0.7 * len(residents)
    assert len(set(mobiles)) > 0.95 * len(mobiles)
    stats = collections.Counter(r["status"] for r in residents)
    assert stats["living"] > 0.9 * len(residents)
    eth = collections.Counter(r["ethnicity"] for r in residents)
    assert eth["01"] > 0.9 * len(residents) and len(eth) > 1
    surnames = collections.Counter(r["name"][0] for r in residents)
    assert {"王", "李", "张"} <= {s for s, _ in surnames.most_common(8)}


def test_relations_agree_with_ages(demo_store):
    conn = demo_store.conn
    pairs = rows(conn, "SELECT c.relation, c.birth_date AS child, h.birth_date AS head "
                       "FROM residents c JOIN households hh ON hh.id = c.household_id "
                       "JOIN residents h ON h.id = hh.head_id")
    for p in pairs:
        if p["relation"] in ("son", "daughter", "grandchild"):
            assert p["child"] > p["head"], p
        if p["relation"] == "parent":
            assert p["child"] < p["head"], p


# ------------------------------------------------------------------ tags, visits

def test_tags_are_plausible(demo_store):
    conn = demo_store.conn
    tags = rows(conn, "SELECT t.*, r.birth_date, r.status, r.relation FROM resident_tags t "
                      "JOIN residents r ON r.id = t.resident_id")
    assert tags
    codes = collections.Counter(t["tag"] for t in tags)
    assert set(codes) <= set(d.TAG_TYPES)
    for t in tags:
        assert t["since"] <= TODAY.isoformat()
        assert t["until"] is None or t["until"] >= t["since"]
        age = age_on(t["birth_date"], TODAY)
        if t["tag"] == "very_old":
            assert age >= 80
        if t["tag"] in ("elderly_alone", "empty_nest"):
            assert age >= 60
        if t["tag"] == "left_behind_child":
            assert age < 18 and t["relation"] == "grandchild"
        if t["tag"] == "disabled":
            cats = {c.zh for c in d.DISABILITY_CATEGORIES.values()}
            cat, grade = t["details"].split()
            assert cat in cats and grade in ("一级", "二级", "三级", "四级")
    living_80 = conn.execute(
        "SELECT count(*) FROM residents WHERE status = 'living' AND birth_date <= ?",
        (TODAY.replace(year=TODAY.year - 80).isoformat(),)).fetchone()[0]
    assert codes["very_old"] == living_80 > 0
    assert codes["elderly_alone"] and codes["empty_nest"] and codes["disabled"]


def test_key_group_tags_are_rare(tmp_path):
    s = open_store(tmp_path / "big")
    try:
        demo.generate(s, 6000, seed=5, today=TODAY)
        tags = collections.Counter(t for (t,) in s.conn.execute("SELECT tag FROM resident_tags"))
        key = sum(n for t, n in tags.items() if d.TAG_TYPES[t].group == "key")
        assert 0 < key < 0.02 * 6000
        for care in ("very_old", "elderly_alone", "empty_nest", "disabled", "min_income",
                     "veteran", "left_behind_child"):
            assert tags[care] > 0, care
    finally:
        s.close()


def test_visits(demo_store):
    visits = rows(demo_store.conn, "SELECT v.*, r.grid_id AS r_grid FROM visits v "
                                   "JOIN residents r ON r.id = v.resident_id")
    assert visits and len(visits) == demo_store.summary["visits"]
    tagged = {t for (t,) in demo_store.conn.execute("SELECT resident_id FROM resident_tags")}
    oldest = (TODAY - dt.timedelta(days=400)).isoformat()
    for v in visits:
        assert v["kind"] in d.VISIT_KINDS
        assert oldest <= v["visited_on"] <= TODAY.isoformat()
        assert v["resident_id"] in tagged and v["grid_id"] == v["r_grid"]
        assert v["findings"] and v["visitor"]


# -------------------------------------------------------------- search, sync, audit

def test_search_finds_generated_residents(demo_store):
    conn = demo_store.conn
    q = RosterQuery(today=TODAY.isoformat())
    assert count(conn, q) == SIZE
    sample = [r for r in rows(conn, "SELECT rid, name FROM residents ORDER BY rid")
              if len(r["name"]) == 3 and all(pinyin.char_pinyin(c) for c in r["name"])][::97]
    assert sample
    for r in sample:
        by_name, _ = query_page(conn, RosterQuery(text=r["name"][1:]), None, limit=SIZE)
        assert r["rid"] in by_name
        initials = pinyin.name_keys(r["name"])[0]
        assert len(initials) == 3
        by_initials, _ = query_page(conn, RosterQuery(text=initials), None, limit=SIZE)
        assert r["rid"] in by_initials, (r["name"], initials)


def test_roster_filters_by_grid_code(demo_store):
    conn = demo_store.conn
    for grid in rows(conn, "SELECT * FROM org_units WHERE kind = 'grid' ORDER BY code"):
        in_grid = conn.execute("SELECT count(*) FROM residents WHERE grid_id = ?",
                               (grid["id"],)).fetchone()[0]
        # resident paths are room codes, so a grid is the prefix range on its code
        assert count(conn, RosterQuery(path_prefix=grid["code"])) == in_grid > 0


def test_no_outbox_rows_and_the_audit_chain_holds(demo_store):
    conn = demo_store.conn
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    log = rows(conn, "SELECT * FROM audit_log")
    assert [e["action"] for e in log] == ["demo_data"]
    assert json.loads(log[0]["detail"]) == {"residents": SIZE, "seed": 3}
    assert audit.verify_chain(conn) is None
    versions = {v for t in TABLES for (v,) in conn.execute(f"SELECT DISTINCT version FROM {t}")}
    assert versions == {1}                      # server state, already synced


def test_demo_cases_cover_the_loop_as_server_state(store):
    from app.models.demo import cases as demo_cases
    from app.models.cases.repository import Cases
    from app.models.write.unit import SYSTEM

    demo.generate(store, 600, seed=3, today=TODAY)
    n = demo_cases.generate_cases(store, 120, seed=3, today=TODAY)
    assert n == 120
    conn = store.conn
    assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    states = {s for (s,) in conn.execute("SELECT DISTINCT state FROM cases")}
    assert {"reported", "accepted", "handling", "handled", "evaluated"} <= states
    cases = Cases(store, SYSTEM)
    known = {c.code for c in cases.categories.all()}
    for row in conn.execute("SELECT id, category, state FROM cases").fetchall():
        assert row[1] in known
        assert cases.state_of(row[0]).state == row[2]       # projection agrees with the log
    assert conn.execute("SELECT count(*) FROM case_events WHERE conflict = 1").fetchone()[0] == 0
