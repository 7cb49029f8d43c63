"""A demo street: a realistic, deterministic roster for one street in Zhengzhou.

``generate(store, residents, seed)`` fills an empty store with
郑州市 › 金水区 › 花园路街道 › communities › grids (300–500 households each),
one dedicated grid and a few district departments; estates, buildings, units
and rooms; households and their members with valid resident ID numbers; care
and key-group tags; recent visits; and the street's map (a GeoJSON file of
communities, grids, estates and buildings laid out from the address tree, in
``<data dir>/geo/``, see ``app.models.reports.geo``). The rows land as server state through
``roster.load_rows`` (no outbox ops: the demo street counts as synced), then the
search index is rebuilt and one audit record notes the run.

Deterministic: the same ``seed``, size and ``today`` give identical rows,
ids included. Ids are UUIDv7-shaped but made from the seeded generator and a
timestamp fixed by ``today`` and the seed, never from the clock; they increase
in insertion order, which keeps every id index append-only (a million random
UUIDs scattered over a B-tree is several times slower to load).

Built for size: a million residents is a benchmark input, so rows are made
in chunks, the per-row work is plain tuples and precomputed tables, and
everything is written with executemany inside one transaction.

The word lists live in ``words.py``, the seeded maker of ids, names, ID numbers
and households in ``people.py``; this module lays out the street and writes it.
"""
from __future__ import annotations

import datetime as dt
import random
import time
from typing import Callable

from app.models.demo import places as demo_places
from app.models.demo.people import Maker, cn_number, household_plan
from app.models.demo.words import (COMMUNITY_ROOTS, COMMUNITY_SIDES, DISABILITY_GRADES,
                                   FINDINGS, PARTY_UNITS, STATUS_NOTES, VILLAGE_PARTS,
                                   WORK_UNITS)
from app.models.domain.choices import DISABILITY_CATEGORIES, TAG_TYPES
from app.models.roster import repository as roster
from app.models.roster import search
from app.models.store import clock
from app.models.write import audit
from app.models.write.unit import SYSTEM, Actor

ProgressFn = Callable[[int, int], object]

CITY = ("4101", "郑州市")
DISTRICT = ("410105", "金水区")
STREET = ("410105003", "花园路街道")
DEPARTMENTS = [("410105901", "金水区城管局"), ("410105902", "金水区住建局"),
               ("410105903", "金水区市场监管局"), ("410105904", "金水区应急管理局")]
# A gas leak goes to the gas company, a fire hazard to the fire brigade (categories
# matches departments by these words). Their secretaries are named here, not drawn:
# drawing would move every later draw of a seed's street (its people, its tags).
UTILITIES = [("410105905", "郑州华润燃气金水分公司", "赵志强"),
             ("410105906", "金水区消防救援大队", "孙海燕")]
DEDICATED = ("郑州市第八中学专属网格", "郑州市第八中学党支部")

CHUNK = 20_000          # residents per write batch
INDEX_SHARE = 0.4       # share of the progress bar given to building the search index


# ------------------------------------------------------------------------- columns

ORG_COLS = ("id", "code", "name", "level", "kind", "parent_id", "path", "party_branch",
            "party_secretary", "version", "deleted_at", "updated_at")
ADDR_COLS = ("id", "parent_id", "grid_id", "kind", "code", "name", "floor", "path", "full_name",
             "version", "deleted_at", "updated_at")
HH_COLS = ("id", "number", "room_id", "grid_id", "kind", "head_id", "path",
           "version", "deleted_at", "updated_at")
RES_COLS = ("rid", "id", "grid_id", "household_id", "relation", "name", "id_type", "id_number",
            "gender", "birth_date", "ethnicity", "phone", "residence_type", "political_status",
            "education", "occupation", "work_unit", "marital_status", "registered_address",
            "moved_in_date", "status", "notes", "in_service_party_member", "party_member_unit",
            "path", "created_at", "version", "deleted_at", "updated_at")
TAG_COLS = ("id", "resident_id", "tag", "since", "until", "notes", "details",
            "version", "deleted_at", "updated_at")
VISIT_COLS = ("id", "resident_id", "household_id", "grid_id", "visited_on", "kind", "findings",
              "photos", "visitor", "version", "deleted_at", "updated_at")


class DemoError(RuntimeError):
    pass


# ------------------------------------------------------------------------ public

def generate(store, residents: int, seed: int = 1, progress: ProgressFn | None = None, *,
             today: dt.date | None = None, actor: Actor = SYSTEM,
             geometry: bool = True) -> dict:
    """Fill an empty store with a demo street of exactly ``residents`` people
    (the last household is cut to fit).

    ``today`` (default: the real today) anchors ages, tag dates and visits, so
    it is part of what makes a run reproducible. ``progress(done, total)`` is
    called every 20,000 residents and once more after indexing; it counts work
    units, not residents (each resident is one unit and building the search
    index is given ``INDEX_SHARE`` of the total, about its share of the time),
    so done/total is a fair fraction for a progress bar. An exception raised
    from ``progress`` cancels the run and rolls everything back.
    Returns counts per table, ``grid_ids`` (grids and the dedicated grid, in
    code order of creation), ``indexed`` and ``seconds``. Raises DemoError if
    the store already holds roster data. With ``geometry`` the street's map is
    written beside the database (``geo.write_demo_geometry``).
    """
    if residents < 1:
        raise ValueError("residents must be at least 1")
    conn = store.conn
    for table in ("org_units", "addresses", "households", "residents"):
        if conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise DemoError(f"the store is not empty ({table} has rows); the demo street "
                            "goes into an empty store only")
    today = today or clock.today()
    started = time.perf_counter()
    rng = random.Random(f"griddesk-demo:{seed}")
    stamp = f"{(today - dt.timedelta(days=1)).isoformat()}T20:00:00+08:00"
    st = Maker(rng, today, stamp)
    index_weight = int(residents * INDEX_SHARE / (1 - INDEX_SHARE)) + 1
    total_work = residents + index_weight
    counts = {t: 0 for t in ("org_units", "addresses", "households", "residents",
                             "resident_tags", "visits")}
    grid_ids: list[str] = []

    with store.transaction():
        for table, rows in _rows(st, residents, grid_ids, progress, total_work):
            counts[table] += roster.load_rows(store, table, rows)
        # 实有房屋 and 实有单位 over the estates, and an old street (places.py)
        for table, rows in demo_places.generate(conn, st, stamp).items():
            counts[table] = counts.get(table, 0) + roster.load_rows(store, table, rows)
        if progress:
            progress(residents, total_work)
        indexed = search.reindex_all(conn)
        audit.append(conn, at=clock.now_iso(), actor=actor.user_id, action="demo_data",
                     detail={"residents": residents, "seed": seed})
    # The one big transaction went through the WAL; give that disk space back now.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    if geometry and getattr(store, "path", None) is not None:
        from app.models.reports import geo
        geo.write_demo_geometry(store)
    if progress:
        progress(total_work, total_work)
    return dict(counts, grid_ids=grid_ids, indexed=indexed, seed=seed,
                seconds=round(time.perf_counter() - started, 2))


def _rows(st: Maker, target: int, grid_ids: list, progress, total_work):
    """Yield (table, rows) batches in an order that satisfies the foreign keys."""
    rng, rnd, randint = st.rng, st.rnd, st.rng.randint
    stamp = st.stamp
    today_ord = st.today_ord
    today = st.today
    iso = st.iso
    new_id = st.new_id

    orgs, addrs, hhs, res, tags, visits = [], [], [], [], [], []

    def org(code, name, kind, parent, branch=None, secretary=None):
        row = dict(zip(ORG_COLS, (new_id(), code, name, roster.ORG_LEVELS[kind], kind,
                                  parent["id"] if parent else None,
                                  (parent["path"] if parent else "/") + code + "/",
                                  branch, secretary, 1, None, stamp)))
        orgs.append(row)
        return row

    def person_name():
        return st.name("M" if rnd() < 0.6 else "F", randint(1960, 1990))

    def flush():
        batch = [("org_units", orgs), ("addresses", addrs), ("households", hhs),
                 ("residents", res), ("resident_tags", tags), ("visits", visits)]
        for table, rows in batch:
            if rows:
                yield table, list(rows)
                rows.clear()

    city = org(CITY[0], CITY[1], "city", None, "中共郑州市委员会", None)
    district = org(DISTRICT[0], DISTRICT[1], "district", city, "中共郑州市金水区委员会", None)
    for code, name in DEPARTMENTS:
        org(code, name, "department", district, name + "机关党支部", person_name())
    for code, name, secretary in UTILITIES:
        org(code, name, "department", district, name + "机关党支部", secretary)
    street = org(STREET[0], STREET[1], "street", district, STREET[1] + "党工委", person_name())

    community_roots = list(COMMUNITY_ROOTS)
    rng.shuffle(community_roots)
    community_names = iter(
        [r + "社区" for r in community_roots]
        + [r + s + "社区" for s in COMMUNITY_SIDES for r in community_roots]
        + [f"花园路第{cn_number(i)}社区" for i in range(1, 1000)])

    rid = 0
    community = None
    community_no = 0
    grids_left_in_community = 0
    grid = None
    grid_no = 0
    grid_worker = ""
    households_in_grid = 0
    grid_target = 0
    estate = None
    estate_old = False
    buildings_left = 0
    building_no = 0
    next_report = 0
    yield_at = CHUNK

    zz_area, home_area, ethnicity = st.zz_areas.pick, st.home_areas.pick, st.ethnicity.pick
    occupation_pick = st.occupations.pick
    surname_pick = st.surnames.pick
    name = st.name
    id_number = st.id_number
    mobile = st.mobile

    while rid < target:
        # ---- the next building; a new grid (and community) starts at a building boundary
        while True:
            if grid is None or households_in_grid >= grid_target:
                if grids_left_in_community <= 0:
                    community_no += 1
                    cname = next(community_names)
                    community = org(f"{street['code']}{community_no:03d}", cname, "community",
                                    street, cname + "党委", person_name())
                    grids_left_in_community = randint(5, 9)
                    grid_no = 0
                    if community_no == 1:
                        dedicated = org(f"{community['code']}901", DEDICATED[0], "dedicated",
                                        community, DEDICATED[1], person_name())
                        grid_ids.append(dedicated["id"])
                grid_no += 1
                grids_left_in_community -= 1
                gname = f"第{cn_number(grid_no)}网格"
                grid = org(f"{community['code']}{grid_no:03d}", gname, "grid", community,
                           f"{community['name']}{gname}党支部", person_name())
                grid_ids.append(grid["id"])
                grid_worker = person_name()
                grid_target = randint(300, 450)
                households_in_grid = 0
                estate = None
                estate_no = 0
            # ---- new estate
            if estate is None or buildings_left <= 0:
                estate_no += 1
                ename, estate_old = st.estate_name()
                ecode = roster.estate_code(grid["code"], f"{estate_no:03d}")
                estate = dict(zip(ADDR_COLS, (new_id(), None, grid["id"], "estate", ecode, ename,
                                              None, ecode, ename, 1, None, stamp)))
                addrs.append(estate)
                buildings_left = randint(2, 8) if estate_old else randint(4, 20)
                building_no = 0
            if estate_old:
                floors, units, per_floor = randint(5, 7), randint(1, 3), 2
            else:
                floors = rng.choice((6, 6, 7, 11, 11, 12, 15, 17, 18, 18))
                units = randint(1, 3)
                per_floor = 2 if floors <= 7 else randint(2, 4)
            # keep grids at 300-500 households: a building that would overfill a grid
            # that already has enough goes into the next one
            if households_in_grid >= 300 and \
                    households_in_grid + floors * units * per_floor * 0.91 > 500:
                if building_no == 0:            # the estate just opened stays unused
                    assert addrs[-1] is estate
                    addrs.pop()
                grid_target = 0
                continue
            break
        buildings_left -= 1
        building_no += 1
        bname = f"{building_no}号楼"
        bcode = f"{estate['code']}{building_no:03d}"
        bfull = f"{estate['full_name']} {bname}"
        building_id = new_id()
        addrs.append(dict(zip(ADDR_COLS, (building_id, estate["id"], grid["id"], "building",
                                          bcode, bname, None, bcode, bfull, 1, None, stamp))))
        grid_id = grid["id"]
        for u in range(1, units + 1):
            if rid >= target:
                break
            uname = f"{u}单元"
            ucode = f"{bcode}{u:02d}"
            ufull = f"{bfull} {uname}"
            unit_id = new_id()
            addrs.append(dict(zip(ADDR_COLS, (unit_id, building_id, grid_id, "unit", ucode, uname,
                                              None, ucode, ufull, 1, None, stamp))))
            for fl in range(1, floors + 1):
                if rid >= target:
                    break
                for k in range(1, per_floor + 1):
                    if rid >= target:
                        break
                    rnum = f"{fl:02d}{k:02d}"
                    rname = f"{fl}{k:02d}室"
                    rcode = ucode + rnum
                    rfull = f"{ufull} {rname}"
                    room_id = new_id()
                    addrs.append(dict(zip(ADDR_COLS, (room_id, unit_id, grid_id, "room", rcode,
                                                      rname, fl, rcode, rfull, 1, None, stamp))))
                    if rnd() < 0.09:
                        continue                     # vacant
                    # ---- one household
                    r = rnd()
                    kind = "registered" if r < 0.70 else "rental" if r < 0.92 else "floating"
                    pattern, plan = household_plan(rnd, randint, kind)
                    plan = plan[:target - rid]
                    households_in_grid += 1
                    hh_id = new_id()
                    local = kind == "registered"
                    if local:
                        area, place = zz_area(rnd)
                        moved_in = today_ord - randint(365, 365 * 30)
                    else:
                        area, place = home_area(rnd)
                        moved_in = today_ord - randint(20, 365 * 6)
                    head_gender = plan[0][1]
                    head_surname = surname_pick(rnd)
                    spouse_surname = surname_pick(rnd)
                    # children take the father's surname, now and then the mother's
                    family, other_parent = head_surname, spouse_surname
                    if head_gender == "F" and len(plan) > 1 and plan[1][0] == "spouse":
                        family, other_parent = spouse_surname, head_surname
                    eth = ethnicity(rnd)
                    if area == "410104" and rnd() < 0.25:
                        eth = "03"
                    reg_addr = (f"河南省郑州市金水区{rfull.replace(' ', '')}" if local else
                                f"{place}{rng.choice(VILLAGE_PARTS)}村")
                    head_id = None
                    head_phone = None
                    alone = pattern == "single_elderly"
                    empty_nest = pattern == "elderly_couple"
                    for i, (relation, gender, age) in enumerate(plan):
                        rid += 1
                        person_id = new_id()
                        if i == 0:
                            head_id = person_id
                        birth_ord = today_ord - int((age + rnd()) * 365.2425) - 1
                        birth = iso(birth_ord)
                        byear = int(birth[:4])
                        exact_age = today.year - byear - (
                            (today.month, today.day) < (int(birth[5:7]), int(birth[8:10])))
                        if relation == "self" or relation == "sibling":
                            surname = head_surname
                        elif relation == "spouse":
                            surname = spouse_surname
                        elif relation in ("son", "daughter", "grandchild"):
                            surname = family if rnd() < 0.95 else other_parent
                        elif relation == "parent":
                            surname = head_surname if gender == "M" else None
                        else:
                            surname = None
                        pname = name(gender, byear, surname)
                        # ID: most people share the household's area; spouses often not
                        p_area, p_place = area, place
                        if relation == "spouse" or relation == "other" or rnd() < 0.15:
                            p_area, p_place = zz_area(rnd) if local else home_area(rnd)
                        idn = id_number(p_area, birth, gender)
                        # phone
                        if exact_age < 12:
                            phone = None
                        elif exact_age < 18:
                            phone = mobile() if rnd() < 0.4 else None
                        elif exact_age >= 80:
                            x = rnd()
                            phone = (None if x < 0.25 else head_phone if x < 0.5 and head_phone
                                     else "0371-6%07d" % rng.randrange(10_000_000) if x < 0.6
                                     else mobile())
                        else:
                            phone = mobile()
                        if i == 0:
                            head_phone = phone
                        # residence type and status
                        if local:
                            rtype = "separated" if rnd() < 0.03 else "registered"
                        else:
                            rtype = "floating"
                        x = rnd()
                        if exact_age >= 70 and x < 0.012:
                            status = "deceased"
                        elif x < 0.015:
                            status = "moved_out"
                        elif not local and x < 0.02:
                            status = "lost"
                        else:
                            status = "living"
                        # political status, education, work
                        party = False
                        if exact_age < 14:
                            pol = None
                        else:
                            x = rnd()
                            if exact_age >= 18 and x < 0.075:
                                pol, party = "01", True
                            elif exact_age >= 18 and x < 0.079:
                                pol = "02"
                            elif exact_age <= 28 and x < 0.38:
                                pol = "03"
                            elif exact_age >= 30 and x < 0.083:
                                pol = "04"
                            else:
                                pol = "13"
                        occupation = work_unit = None
                        if exact_age < 6:
                            edu = None
                        elif exact_age < 12:
                            edu, occupation = "primary", "学生"
                        elif exact_age < 15:
                            edu, occupation = "junior", "学生"
                        elif exact_age < 18:
                            edu, occupation = "senior", "学生"
                        else:
                            x = rnd()
                            if byear < 1960:
                                edu = ("none" if x < 0.08 else "primary" if x < 0.3 else
                                       "junior" if x < 0.62 else "senior" if x < 0.85 else
                                       "college" if x < 0.93 else "bachelor")
                            elif byear < 1980:
                                edu = ("primary" if x < 0.06 else "junior" if x < 0.3 else
                                       "senior" if x < 0.58 else "college" if x < 0.76 else
                                       "bachelor" if x < 0.95 else "postgraduate")
                            else:
                                edu = ("junior" if x < 0.12 else "senior" if x < 0.3 else
                                       "college" if x < 0.55 else "bachelor" if x < 0.88 else
                                       "postgraduate")
                            if exact_age < 22 and x < 0.7:
                                occupation = "学生"
                            elif exact_age >= 60 or (gender == "F" and exact_age >= 55):
                                occupation = "退休"
                            else:
                                occupation = occupation_pick(rnd)
                                if local and occupation not in ("个体经营", "务工", "无业",
                                                                "自由职业", "外卖骑手") \
                                        and rnd() < 0.5:
                                    work_unit = rng.choice(WORK_UNITS)
                        if exact_age < 20:
                            marital = "10"
                        elif relation == "spouse" or (i == 0 and len(plan) > 1
                                                      and plan[1][0] == "spouse"):
                            marital = "20"
                        elif alone:
                            marital = "30" if rnd() < 0.85 else "40"
                        elif pattern == "single_parent" and i == 0:
                            marital = "40" if rnd() < 0.7 else "30"
                        elif relation == "parent":
                            marital = "20" if len(plan) > 1 and any(
                                p[0] == "parent" and p[1] != gender for p in plan) else "30"
                        elif exact_age < 28:
                            marital = "10"
                        else:
                            marital = "20" if rnd() < 0.55 else "10" if rnd() < 0.7 else "40"
                        in_service = 0
                        party_unit = None
                        if party and work_unit and exact_age < 60 and rnd() < 0.35:
                            in_service, party_unit = 1, rng.choice(PARTY_UNITS)
                        moved = iso(max(moved_in, birth_ord))
                        note = (STATUS_NOTES[status] if status != "living" else
                                "现居住于外地，户籍在本址" if rtype == "separated" else None)
                        res.append(dict(zip(RES_COLS, (
                            rid, person_id, grid_id, hh_id, relation, pname, "resident_id", idn,
                            gender, birth, ethnicity(rnd) if relation in ("spouse", "other")
                            else eth, phone, rtype, pol, edu, occupation, work_unit, marital,
                            reg_addr if local else (f"{p_place}{rng.choice(VILLAGE_PARTS)}村"
                                                    if p_area != area else reg_addr),
                            moved, status, note, in_service, party_unit, rcode,
                            stamp, 1, None, stamp))))
                        if status == "living":
                            _tags_for(st, tags, visits, person_id, grid_id, grid_worker,
                                      exact_age, birth_ord, gender, relation, pattern,
                                      alone, empty_nest)
                    hhs.append(dict(zip(HH_COLS, (
                        hh_id, f"{grid['code'][-6:]}{households_in_grid:04d}", room_id, grid_id,
                        kind, head_id, rcode, 1, None, stamp))))
        # ---- write a chunk
        if rid >= yield_at or rid >= target:
            yield from flush()
            yield_at = rid + CHUNK
            if progress and rid >= next_report:
                progress(rid, total_work)
                next_report = rid + CHUNK
    yield from flush()


def _tags_for(st: Maker, tags: list, visits: list, person_id: str, grid_id: str,
              visitor: str, age: int, birth_ord: int, gender: str, relation: str,
              pattern: str, alone: bool, empty_nest: bool) -> None:
    """Care and key-group tags for one living resident, and visits for some of them."""
    rnd, randint, rng = st.rnd, st.rng.randint, st.rng
    iso, today_ord, stamp, new_id = st.iso, st.today_ord, st.stamp, st.new_id
    mine: list[str] = []

    def tag(code, since, until=None, notes=None, details=None):
        mine.append(code)
        tags.append(dict(zip(TAG_COLS, (st.new_tag_id(), person_id, code, iso(since),
                                        iso(until) if until else None, notes, details,
                                        1, None, stamp))))

    if age >= 80:
        since = birth_ord + int(80 * 365.2425) + 1
        tag("very_old", min(since, today_ord))
    if alone and age >= 60:
        tag("elderly_alone", today_ord - randint(30, 365 * 8), notes="子女在外地工作"
            if rnd() < 0.5 else None)
    elif empty_nest and age >= 60:
        tag("empty_nest", today_ord - randint(30, 365 * 10))
    if pattern == "grandparents" and relation == "grandchild" and rnd() < 0.7:
        tag("left_behind_child", today_ord - randint(30, 365 * 5), notes="父母在外务工")
    x = rnd()
    if x < 0.016:
        cat = rng.choice(list(DISABILITY_CATEGORIES.values()))
        tag("disabled", today_ord - randint(100, 365 * 20),
            details=f"{cat.zh} {rng.choice(DISABILITY_GRADES)}")
    elif x < 0.024 and relation == "self":
        tag("min_income", today_ord - randint(60, 365 * 6),
            notes=f"保障人口 {randint(1, 4)} 人")
    elif x < 0.026 and age >= 18:
        tag("hardship", today_ord - randint(30, 365 * 3))
    elif x < 0.0266 and age >= 16:
        tag("extreme_poverty", today_ord - randint(60, 365 * 8))
    elif x < 0.045 and gender == "M" and age >= 38:
        tag("veteran", today_ord - randint(365, 365 * 30),
            details="退役士兵" if rnd() < 0.85 else "退役军官")
        if rnd() < 0.15:
            tag("special_care", today_ord - randint(60, 365 * 10))
    elif x < 0.052 and 22 <= age < 55:
        start = today_ord - randint(20, 700)
        ended = rnd() < 0.35
        tag("unemployed", start, until=min(today_ord - 1, start + randint(30, 300))
            if ended else None)
    elif 18 <= age < 75:
        if x < 0.0550:
            tag("severe_mental", today_ord - randint(200, 365 * 15),
                details=rng.choice(("精神分裂症", "双相情感障碍", "偏执性精神病")),
                notes="监护人：" + ("配偶" if rnd() < 0.5 else "父母"))
        elif x < 0.0553:
            since = today_ord - randint(30, 700)
            tag("community_correction", since, until=since + randint(365, 365 * 3),
                details=rng.choice(("缓刑", "假释", "暂予监外执行")))
        elif x < 0.0556:
            tag("released_prisoner", today_ord - randint(60, 365 * 5))
        elif x < 0.0558:
            tag("drug_user", today_ord - randint(100, 365 * 6), details="社区康复")
        elif x < 0.0560:
            tag("key_petitioner", today_ord - randint(30, 365 * 2))
    if not mine:
        return
    key = any(TAG_TYPES[t].group == "key" for t in mine)
    frequent = [TAG_TYPES[t].visit_days for t in mine if t not in ("very_old", "veteran")]
    if not (key or frequent) or rnd() > (0.8 if key else 0.6):
        return
    kind = "key_followup" if key else "care"
    every = min(frequent) if frequent else 30
    # most are on schedule; some are overdue, which is what alerts are for
    last = today_ord - randint(0, every if rnd() < 0.8 else every * 3)
    for n in range(randint(1, 3)):
        visits.append(dict(zip(VISIT_COLS, (
            new_id(), person_id, None, grid_id, iso(last - n * every - randint(0, 2)),
            kind if rnd() < 0.85 else "routine", rng.choice(FINDINGS[kind]), "[]", visitor,
            1, None, stamp))))
