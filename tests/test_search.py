"""Roster search (app.models.roster.search): what a grid worker types into the search
box, the tree/tag/type/status filters, and paging through the results."""
from __future__ import annotations

import pytest

from app.models.roster import search
from app.models.roster.search import RosterQuery

TODAY = "2026-11-28"


@pytest.fixture
def people(roster, street):
    """Seven residents across two grids; names chosen so searches overlap."""
    g1, g2 = street["grid1"]["id"], street["grid2"]["id"]
    h1, h2 = street["household1"]["id"], street["household2"]["id"]

    def add(name, *, household=None, relation=None, grid=None, **values):
        values = {"name": name, "residence_type": "registered", **values}
        return roster.create_resident(values, household_id=household, relation=relation,
                                      grid_id=grid)

    p = {
        "张三丰": add("张三丰", household=h1, relation="self", id_number="11010519491231002X",
                   phone="13812341234"),
        "张翠山": add("张翠山", household=h1, relation="son", id_number="410105197803120010",
                   phone="13900005678"),
        "殷素素": add("殷素素", household=h2, relation="self", id_number="410105198006250044",
                   residence_type="floating", phone="0371-66667777"),
        "张三": add("张三", grid=g2, id_number="440524188001010014", phone="13700009999"),
        "张无忌": add("张无忌", grid=g2, id_number="410105201005050037", status="moved_out",
                   residence_type="separated"),
        "李𠮷": add("李𠮷", grid=g1, id_type="passport", id_number="P7650000",
                   residence_type="foreign"),
        "王小明": add("王小明", grid=g1, id_number="410105198511110026"),
    }
    roster.add_tag(p["张三丰"]["id"], "elderly_alone", since="2025-01-01")
    roster.add_tag(p["张三"]["id"], "very_old", since="2020-01-01")
    roster.add_tag(p["王小明"]["id"], "unemployed", since="2024-01-01", until="2025-06-30")
    return p


def find(conn, text="", **filters):
    q = RosterQuery(text=text, today=TODAY, **filters)
    rids, _ = search.query_page(conn, q, None, 1000)
    names = [conn.execute("SELECT name FROM residents WHERE rid = ?", (r,)).fetchone()[0]
             for r in rids]
    assert len(names) == len(set(names))
    assert search.count(conn, q) == len(names)
    return set(names)


@pytest.fixture
def conn(store, people):
    return store.conn


# -- names ------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("张", {"张三丰", "张翠山", "张三", "张无忌"}),
    ("三", {"张三丰", "张三"}),
    ("丰", {"张三丰"}),
    ("张三", {"张三丰", "张三"}),
    ("三丰", {"张三丰"}),
    ("张三丰", {"张三丰"}),
    ("素素", {"殷素素"}),
    ("小明", {"王小明"}),
    ("丰三", set()),             # characters in the wrong order are not a substring
    ("张三丰丰", set()),
])
def test_name_substring(conn, text, expected):
    assert find(conn, text) == expected


@pytest.mark.parametrize("text", ["zsf", "zhangsanfeng", "sanfeng", "sf", "ZSF", "zhang sanfeng",
                                  "ｚｓｆ"])
def test_pinyin_finds_zhang_sanfeng(conn, text):
    assert "张三丰" in find(conn, text)


def test_pinyin_initials_are_specific(conn):
    assert find(conn, "zsf") == {"张三丰"}
    assert find(conn, "zcs") == {"张翠山"}
    assert find(conn, "yss") == {"殷素素"}
    assert find(conn, "wxm") == {"王小明"}
    assert find(conn, "zwj") == {"张无忌"}
    assert find(conn, "zhangwuji") == {"张无忌"}
    assert find(conn, "zsx") == set()


@pytest.mark.parametrize("typed", ["z", "zs", "zsf", "zh", "zha", "zhang", "zhangs", "zhangsanf"])
def test_prefix_while_typing_keeps_zhang_sanfeng(conn, typed):
    assert "张三丰" in find(conn, typed)


def test_typing_narrows_the_list(conn):
    assert find(conn, "z") == {"张三丰", "张翠山", "张三", "张无忌"}
    assert find(conn, "zs") == {"张三丰", "张三"}
    assert find(conn, "zsf") == {"张三丰"}


def test_rare_characters(conn):
    assert find(conn, "𠮷") == {"李𠮷"}
    assert find(conn, "李𠮷") == {"李𠮷"}
    assert find(conn, "李") == {"李𠮷"}


def test_two_words_are_anded(conn):
    assert find(conn, "张 幸福小区") == {"张三丰", "张翠山"}
    assert find(conn, "zs 0014") == {"张三"}
    assert find(conn, "张 殷") == set()


@pytest.mark.parametrize("typed, name", [("x", "徐明"), ("xx", "谢晓霞"), ("xxx", "谢晓霞")])
def test_pinyin_made_only_of_x_is_searched_as_pinyin(roster, street, store, typed, name):
    grid = street["grid1"]["id"]
    for n in ("徐明", "谢晓霞"):
        roster.create_resident({"name": n, "residence_type": "foreign", "id_type": "passport",
                                "id_number": f"P{len(n)}000"}, grid_id=grid)
    assert name in find(store.conn, typed)


def test_pinyin_with_other_letters_after_x_works(roster, street, store):
    roster.create_resident({"name": "徐明", "residence_type": "foreign", "id_type": "passport",
                            "id_number": "P1000"}, grid_id=street["grid1"]["id"])
    assert find(store.conn, "xm") == {"徐明"}
    assert find(store.conn, "xuming") == {"徐明"}


# -- ID number and phone tails --------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("002X", {"张三丰"}),
    ("002x", {"张三丰"}),
    ("1002x", {"张三丰"}),
    ("11010519491231002X", {"张三丰"}),
    ("0014", {"张三"}),
    ("0010", {"张翠山"}),
    ("1234", {"张三丰"}),          # phone tail 138 1234 1234
    ("41234", {"张三丰"}),
    ("5678", {"张翠山"}),
    ("7777", {"殷素素"}),          # landline 0371-66667777
    ("9999", {"张三"}),
    ("13812341234", {"张三丰"}),
    ("4321", set()),
])
def test_id_and_phone_tail(conn, text, expected):
    assert find(conn, text) == expected


def test_tail_is_not_a_substring_match(conn):
    # "1949" is inside 张三丰's ID but not at its end: a tail search must not find him.
    assert find(conn, "1949") == set()


# -- addresses --------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("幸福小区", {"张三丰", "张翠山", "殷素素"}),
    ("幸福", {"张三丰", "张翠山", "殷素素"}),
    ("3号楼", {"张三丰", "张翠山", "殷素素"}),
    ("2单元", {"张三丰", "张翠山", "殷素素"}),
    ("501", {"张三丰", "张翠山"}),
    ("501室", {"张三丰", "张翠山"}),
    ("502", {"殷素素"}),
    ("3号楼 502", {"殷素素"}),
    ("4号楼", set()),
])
def test_address(conn, text, expected):
    assert find(conn, text) == expected


# -- filters ------------------------------------------------------------------------

def test_filter_by_grid_building_and_room(conn, street):
    assert find(conn, path_prefix=street["grid1"]["code"]) == {
        "张三丰", "张翠山", "殷素素", "李𠮷", "王小明"}
    assert find(conn, path_prefix=street["grid2"]["code"]) == {"张三", "张无忌"}
    assert find(conn, path_prefix=street["building"]["code"]) == {"张三丰", "张翠山", "殷素素"}
    assert find(conn, path_prefix=street["room501"]["code"]) == {"张三丰", "张翠山"}
    assert find(conn, path_prefix=street["community"]["code"]) == find(conn)
    assert len(find(conn)) == 7


def test_filter_by_tag_residence_type_and_status(conn):
    assert find(conn, tag="elderly_alone") == {"张三丰"}
    assert find(conn, tag="very_old") == {"张三"}
    assert find(conn, tag="unemployed") == set()  # that tag ended in 2025
    assert find(conn, tag="disabled") == set()
    assert find(conn, residence_type="floating") == {"殷素素"}
    assert find(conn, residence_type="foreign") == {"李𠮷"}
    assert find(conn, status="moved_out") == {"张无忌"}
    assert find(conn, status="living") == {"张三丰", "张翠山", "殷素素", "张三", "李𠮷", "王小明"}


def test_filters_combined_with_text(conn, street):
    g1, g2 = street["grid1"]["code"], street["grid2"]["code"]
    assert find(conn, "张", path_prefix=g2) == {"张三", "张无忌"}
    assert find(conn, "张", path_prefix=g1) == {"张三丰", "张翠山"}
    assert find(conn, "zs", path_prefix=g2) == {"张三"}
    assert find(conn, "张", path_prefix=g2, status="living") == {"张三"}
    assert find(conn, "张", residence_type="separated") == {"张无忌"}
    assert find(conn, "zsf", tag="elderly_alone") == {"张三丰"}
    assert find(conn, "张翠山", tag="elderly_alone") == set()
    assert find(conn, "幸福小区", residence_type="floating") == {"殷素素"}
    assert find(conn, "1234", path_prefix=g2) == set()
    assert find(conn, "张", path_prefix=street["room501"]["code"], tag="elderly_alone",
                status="living", residence_type="registered") == {"张三丰"}


def test_ended_tag_no_longer_filters(roster, conn, people):
    tag = roster.tags(people["张三丰"]["id"])[0]
    roster.end_tag(tag["id"], "2026-01-01")
    assert find(conn, tag="elderly_alone") == set()


def test_micro_grid_filter_does_not_include_parent_grid_estates(roster, street, store):
    grid = street["grid1"]
    micro = roster.create_org_unit(grid["code"] + "01", "第一微网格", "micro_grid", grid["id"])
    estate = roster.create_address("estate", "012", "和谐家园", grid_id=grid["id"])
    bld = roster.create_address("building", "001", "1号楼", parent_id=estate["id"])
    unit = roster.create_address("unit", "01", "1单元", parent_id=bld["id"])
    room = roster.create_address("room", "0101", "101室", parent_id=unit["id"], floor=1)
    hh = roster.create_household("H0100", grid_id=grid["id"], room_id=room["id"])
    roster.create_resident({"name": "赵敏", "residence_type": "registered",
                            "id_number": "410105198511110026"}, household_id=hh["id"],
                           relation="self")
    roster.create_resident({"name": "周芷若", "residence_type": "registered",
                            "id_type": "passport", "id_number": "P1"}, grid_id=micro["id"])
    assert find(store.conn, path_prefix=micro["code"]) == {"周芷若"}


# -- changes show up in search ------------------------------------------------------

def test_deleted_residents_are_not_found(roster, conn, people, street):
    roster.delete_resident(people["张三丰"]["id"])
    for text in ("张三丰", "三丰", "zsf", "002X", "1234", ""):
        assert "张三丰" not in find(conn, text)
    assert "张三丰" not in find(conn, path_prefix=street["room501"]["code"])
    assert find(conn, tag="elderly_alone") == set()
    assert find(conn, "张") == {"张翠山", "张三", "张无忌"}


def test_renamed_resident_found_by_new_name_only(roster, conn, people):
    rid = people["张三丰"]["id"]
    roster.update_resident(rid, {"name": "张君宝"})
    assert find(conn, "张君宝") == {"张君宝"}
    assert find(conn, "zjb") == {"张君宝"}
    assert find(conn, "junbao") == {"张君宝"}
    assert find(conn, "三丰") == set()
    assert find(conn, "zsf") == set()
    assert find(conn, "002X") == {"张君宝"}  # the ID tail still finds the same person


def test_changed_phone_and_id_are_reindexed(roster, conn, people):
    rid = people["王小明"]["id"]
    roster.update_resident(rid, {"phone": "15011112222", "id_number": "410105195501010036",
                                 "gender": "M", "birth_date": "1955-01-01"})
    assert find(conn, "2222") == {"王小明"}
    assert find(conn, "0036") == {"王小明"}
    assert find(conn, "0026") == set()


def test_moved_resident_found_at_the_new_address(roster, conn, people, street):
    rid = people["张三"]["id"]
    roster.move_member(rid, street["household2"]["id"], "spouse")
    assert find(conn, "502") == {"殷素素", "张三"}
    assert "张三" in find(conn, path_prefix=street["room502"]["code"])
    assert "张三" not in find(conn, path_prefix=street["grid2"]["code"])


# -- odd input never breaks the search box ---------------------------------------------

@pytest.mark.parametrize("text", ["'); DROP TABLE residents;--", '"', "'", "*", "-", "(", "^",
                                  "NEAR(", "a OR b", "张 AND", "::", "\\", "%", "_", "  "])
def test_odd_input_does_not_raise(conn, text):
    find(conn, text)
    assert conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 7


def test_blank_text_lists_everyone(conn):
    assert len(find(conn, "")) == 7
    assert len(find(conn, "   ")) == 7


# -- paging ---------------------------------------------------------------------------

def pages(conn, q, limit=2):
    seen, cursor, n_pages = [], None, 0
    while True:
        rids, cursor = search.query_page(conn, q, cursor, limit)
        n_pages += 1
        assert len(rids) <= limit
        seen += rids
        if cursor is None:
            return seen, n_pages
        assert n_pages < 100


@pytest.mark.parametrize("kwargs, expected", [
    ({"text": "张"}, 4),
    ({"text": "z"}, 4),
    ({"text": ""}, 7),
    ({"text": "", "path_prefix": "410105003001001"}, 5),
    ({"text": "幸福小区"}, 3),
    ({"text": "zsf"}, 1),
    ({"text": "nobody"}, 0),
    ({"text": "", "status": "living"}, 6),
    ({"text": "张", "status": "living"}, 3),
])
def test_paging_returns_every_match_exactly_once(conn, kwargs, expected):
    q = RosterQuery(today=TODAY, **kwargs)
    seen, n_pages = pages(conn, q, limit=2)
    assert len(seen) == len(set(seen)) == expected
    assert search.count(conn, q) == expected
    everything, _ = search.query_page(conn, q, None, 1000)
    assert set(seen) == set(everything)
    assert n_pages >= (expected + 1) // 2


def test_paging_without_text_is_in_address_order(conn, street):
    q = RosterQuery(today=TODAY)
    seen, _ = pages(conn, q, limit=2)
    paths = [conn.execute("SELECT path FROM residents WHERE rid = ?", (r,)).fetchone()[0]
             for r in seen]
    assert paths == sorted(paths)


def test_paging_over_many_residents(roster, street, store):
    for i in range(25):
        roster.create_resident({"name": f"张{'一二三四五六七八九十'[i % 10]}{i}",
                                "residence_type": "registered", "id_type": "passport",
                                "id_number": f"P{i:04d}"},
                               grid_id=street["grid1" if i % 2 else "grid2"]["id"])
    for q in (RosterQuery(text="张", today=TODAY), RosterQuery(today=TODAY),
              RosterQuery(text="", path_prefix=street["grid1"]["code"], today=TODAY)):
        for limit in (2, 3, 7):
            seen, _ = pages(store.conn, q, limit)
            assert len(seen) == len(set(seen)) == search.count(store.conn, q)
    assert search.count(store.conn, RosterQuery(text="张", today=TODAY)) == 25


def test_fetch_rows_gives_display_rows_for_a_page(conn, people):
    q = RosterQuery(text="zsf", today=TODAY)
    rids, _ = search.query_page(conn, q, None, 10)
    rows = search.fetch_rows(conn, rids, today=TODAY)
    (row,) = rows.values()
    assert row["name"] == "张三丰" and row["id_number"] == "11010519491231002X"
    assert row["address"] == "幸福小区 3号楼 2单元 501室"
    assert row["tags"] == ["elderly_alone"]


def test_full_pinyin_typed_with_spaces(conn):
    assert "张三丰" in find(conn, "zhang san feng")
    assert "张三丰" in find(conn, "zhang sanf")


def test_passport_number_found_by_its_tail_and_whole(conn):
    assert find(conn, "P7650000") == {"李𠮷"}
    assert find(conn, "650000") == {"李𠮷"}


def test_corrected_id_number_rederives_gender_and_birth_date(roster, people):
    zsf = people["张三丰"]                                   # female, born 1949-12-31
    fixed = roster.update_resident(zsf["id"], {"id_number": "410105198511110018"})
    assert (fixed["gender"], fixed["birth_date"]) == ("M", "1985-11-11")


def test_given_name_pinyin_of_two_character_and_compound_surname_names(roster, street, store):
    g1 = street["grid1"]["id"]
    for name, idn in (("王堃", "410105198511110018"), ("欧阳修", "410105199003070026")):
        roster.create_resident({"name": name, "residence_type": "registered", "id_number": idn},
                               grid_id=g1)
    assert find(store.conn, "kun") == {"王堃"}
    assert find(store.conn, "xiu") == {"欧阳修"}
    assert find(store.conn, "oyx") == {"欧阳修"}
