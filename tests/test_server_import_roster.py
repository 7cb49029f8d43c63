"""``python -m server import-roster`` (issue 22): messy .xlsx and .csv files loaded into
a real city server database (SQLite and PostgreSQL) by the command run as IT runs it
(a process of its own, beside the running server), then desktops (real SQLCipher
stores signed in over HTTP) receiving exactly the rows of their grid by sync."""
from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import sys
from pathlib import Path

import openpyxl
import sqlalchemy as sa

TESTS = Path(__file__).resolve().parent
for p in (TESTS / "server", TESTS / "sync"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from syncfixtures import *  # noqa: E402,F401,F403

from app.models.domain import rules  # noqa: E402
from server import db  # noqa: E402

_serial = itertools.count(1)


def new_id_number() -> str:
    """A valid 18-digit ID (checksum included) of someone born in the 1900s (so it has a
    15-digit legacy form), different on every call."""
    n = next(_serial)
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=(n * 37) % 17000)
    seq = 101 + n % 797
    seq += seq % 10 == 0          # never ...000: that is what Excel leaves of a number
    first17 = f"410105{birth:%Y%m%d}{seq:03d}"
    return first17 + rules.id_check_char(first17)


HEADERS = ["姓名", "身份证号", "性别", "出生日期", "联系电话", "现住址", "户号", "与户主关系",
           "人员类别", "民族"]


def person(name: str, address: str, household: str, relation: str = "本人", *,
           phone: str = "", idn: str | None = None) -> dict:
    idn = idn or new_id_number()
    return {"name": name, "id": idn, "gender": "男" if int(idn[16]) % 2 else "女",
            "birth": f"{idn[6:10]}-{idn[10:12]}-{idn[12:14]}", "phone": phone,
            "address": address, "household": household, "relation": relation}


def cells(p: dict, *, id_cell=None, birth_cell=None) -> list:
    return [p["name"], p["id"] if id_cell is None else id_cell, p["gender"],
            p["birth"] if birth_cell is None else birth_cell, p["phone"], p["address"],
            p["household"], p["relation"], "户籍", "汉"]


def run(city, *args: str):
    """The command as IT runs it: (exit status, JSON summary or None, stderr)."""
    out = city.cli("import-roster", *map(str, args), check=False)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    return out.returncode, (json.loads(lines[-1]) if lines else None), out.stderr


def messy_xlsx(path: Path, people: list[dict], extra: list[list] = ()) -> Path:
    """What an office sends: a summary sheet in front, a title and a blank line above
    the header, an ID number typed with full-width digits and spaces, a 15-digit
    legacy ID, dates as Excel dates and as 2020/1/2 text, 汉 for 汉族, then a 合计 row
    and a 填表人 footer."""
    wb = openpyxl.Workbook()
    front = wb.active
    front.title = "汇总"
    front.append(["社区", "人数"])
    front.append(["经三路社区", len(people)])
    ws = wb.create_sheet("人口信息")
    ws.append(["经三路社区实有人口登记表（2026年11月）"])
    ws.append([])
    ws.append(HEADERS)
    for i, p in enumerate(people):
        if i == 0:   # full-width digits, a space, a zero-width space
            fw = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in p["id"])
            row = cells(p, id_cell=fw[:6] + " " + fw[6:10] + "\u200b" + fw[10:])
        elif i == 1:  # a 15-digit legacy ID of someone born in the 1900s
            row = cells(p, id_cell=p["id"][:6] + p["id"][8:17])
        elif i == 2:
            b = dt.date.fromisoformat(p["birth"])
            row = cells(p, birth_cell=dt.datetime(b.year, b.month, b.day))
        elif i == 3:
            b = dt.date.fromisoformat(p["birth"])
            row = cells(p, birth_cell=f"{b.year}/{b.month}/{b.day}")
        else:
            row = cells(p)
        ws.append(row)
    for row in extra:
        ws.append(row)
    ws.append(["合计", f"{len(people)}人"])
    ws.append(["填表人：王芳", None, None, "审核人：李强"])
    wb.save(path)
    return path


def gbk_csv(path: Path, people: list[dict], grid_code: str) -> Path:
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS + ["所属网格"])
        for p in people:
            w.writerow(cells(p) + [grid_code])
    return path


def server_residents(city, grid_id: str) -> dict[str, dict]:
    return {r["id_number"]: r for r in city.rows("residents", grid_id=grid_id)
            if r["deleted_at"] is None}


def counts(city) -> dict:
    with city.db.read() as conn:
        out = {e: conn.execute(sa.select(sa.func.count()).select_from(db.ENTITIES[e])).scalar()
               for e in ("addresses", "households", "residents")}
        out["changes"] = conn.execute(sa.select(sa.func.count()).select_from(db.changes)).scalar()
        out["audit"] = conn.execute(sa.select(sa.func.count()).select_from(db.audit)).scalar()
    return out


def desk_residents(d) -> dict[str, tuple]:
    return {idn: (name, hh, path) for idn, name, hh, path in d.q(
        "SELECT r.id_number, r.name, h.number, r.path FROM residents r "
        "LEFT JOIN households h ON h.id = r.household_id WHERE r.deleted_at IS NULL")}


# ---------------------------------------------------------------------------------
def test_messy_xlsx_and_gbk_csv_reach_exactly_the_desktops_of_their_grids(
        any_city, any_org, desk, tmp_path):
    org = any_org
    w1_before = desk(any_city.url, org.user("w1"))          # signed in before the load
    xlsx_people = [person(f"张{i}", f"幸福小区3号楼2单元{501 + i // 2}室", f"X{i // 2}",
                          "本人" if i % 2 == 0 else "配偶") for i in range(8)]
    csv_people = [person(f"李{i}", f"金水花园1号楼1单元{101 + i}室", f"C{i}") for i in range(5)]
    xlsx_path = messy_xlsx(tmp_path / "经三路社区人口.xlsx", xlsx_people)
    csv_path = gbk_csv(tmp_path / "第二网格.csv", csv_people, org.codes["g2"])

    code, summary, err = run(any_city, xlsx_path, csv_path, "--into", org.codes["c1"],
                             "--grid", org.codes["g1"], "--create-addresses")
    assert code == 0, err
    assert summary["read"] == 13 and summary["inserted"] == 13 and summary["refused"] == 0
    assert summary["lines_skipped"] >= 2                # 合计 and 填表人
    assert [f["inserted"] for f in summary["files"]] == [8, 5]
    assert "checked" in err and "written" in err        # progress on stderr

    g1 = server_residents(any_city, org.ids["g1"])
    g2 = server_residents(any_city, org.ids["g2"])
    # one identity: full-width, spaced and legacy IDs stored in their 18-digit form
    assert set(g1) == {p["id"] for p in xlsx_people}
    assert set(g2) == {p["id"] for p in csv_people}
    assert {r["name"] for r in g1.values()} == {p["name"] for p in xlsx_people}
    assert {r["updated_by"] for r in (g1 | g2).values()} == {"cli"}

    w2 = desk(any_city.url, org.user("w2"))
    w3 = desk(any_city.url, org.user("w3"))               # the other community
    sup = desk(any_city.url, org.user("sup"))             # the community of g1 and g2
    w1_before.sync()                                       # its next sync
    got1 = desk_residents(w1_before)
    assert set(got1) == set(g1)
    # households and rooms came along: the two members of X0 share a household and room
    by_id = {p["id"]: p for p in xlsx_people}
    assert {idn: hh for idn, (_n, hh, _p) in got1.items()} == {
        idn: by_id[idn]["household"] for idn in got1}
    assert got1[xlsx_people[0]["id"]][2] == got1[xlsx_people[1]["id"]][2]
    assert w1_before.one("SELECT count(*) FROM addresses WHERE kind = 'room'") == 4
    assert set(desk_residents(w2)) == set(g2)
    assert desk_residents(w3) == {}
    assert set(desk_residents(sup)) == set(g1) | set(g2)
    assert w1_before.one("SELECT name FROM addresses WHERE kind = 'estate'") == "幸福小区"


def test_dry_run_writes_nothing_and_lists_the_addresses_to_create(any_city, any_org,
                                                                  tmp_path):
    org = any_org
    people = [person(f"王{i}", f"东风新村{1 + i}号楼1单元101室", f"D{i}") for i in range(3)]
    path = messy_xlsx(tmp_path / "a.xlsx", people)
    before = counts(any_city)
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--dry-run")
    # rows that need new addresses are refused unless --create-addresses: listed first
    assert code == 1 and summary["dry_run"] and summary["refused"] == 3
    assert summary["addresses_missing"] == 1 + 3 * 3          # the estate; building, unit, room
    listed = summary["addresses_to_create"]
    assert any(line.endswith("东风新村") for line in listed)
    assert any("东风新村 3号楼 1单元 101室" in line for line in listed)
    assert "address to create" in err and "东风新村 2号楼" in err
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--dry-run",
                             "--create-addresses")
    assert code == 0, err
    assert summary["inserted"] == 3 and summary["addresses_created"] == 10
    assert counts(any_city) == before                          # nothing written, no audit
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--create-addresses")
    assert code == 0 and summary["addresses_created"] == 10 and summary["inserted"] == 3
    assert counts(any_city)["addresses"] == before["addresses"] + 10


def test_without_create_addresses_rows_needing_new_ones_are_refused_and_reported(
        any_city, any_org, tmp_path):
    org = any_org
    first = [person("赵一", "红旗小区1号楼1单元101室", "R1")]
    assert run(any_city, messy_xlsx(tmp_path / "a.xlsx", first), "--into", org.codes["g1"],
               "--create-addresses")[0] == 0
    # the tree now has 红旗小区 1-1-101: a room in it matches, a new one is refused
    known = person("赵二", "红旗小区1号楼1单元101室", "R1", "配偶")
    new = person("赵三", "红旗小区9号楼1单元101室", "R9")
    path = messy_xlsx(tmp_path / "b.xlsx", [known, new])
    before = counts(any_city)
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--report",
                             tmp_path / "errors.xlsx")
    assert code == 1 and summary["inserted"] == 1 and summary["refused"] == 1
    assert summary["addresses_created"] == 0 and summary["addresses_missing"] == 3
    assert counts(any_city)["addresses"] == before["addresses"]
    rows = report_rows(tmp_path / "errors.xlsx")
    assert [r["name"] for r in rows] == ["赵三"]
    assert "address.new" in rows[0]["reason"]
    g1 = server_residents(any_city, org.ids["g1"])
    assert g1[known["id"]]["household_id"] == g1[first[0]["id"]]["household_id"]


def report_rows(path: Path) -> list[dict]:
    """The error report's rows: the original row number, name, ID cell and reasons."""
    ws = openpyxl.load_workbook(path).active
    out, head = [], None
    for values in ws.iter_rows(values_only=True):
        if values and values[0] == "原行号":
            head = list(values)
            continue
        if head is None or values[0] is None or str(values[0]).startswith("文件"):
            continue
        out.append({"row": int(values[0]), "name": values[head.index("姓名")],
                    "id": values[head.index("身份证号")],
                    "reason": values[head.index("错误原因")]})
    return out


def test_refused_rows_exit_1_with_a_report_listing_them_and_the_rest_is_imported(
        any_city, any_org, desk, tmp_path):
    org = any_org
    good = [person(f"钱{i}", "", "") for i in range(3)]
    bad_sum = person("孙错", "", "")
    bad_sum["id"] = bad_sum["id"][:17] + ("0" if bad_sum["id"][17] != "0" else "1")
    twin = person("孙重", "", "", idn=good[0]["id"])
    bad_date = person("孙日", "", "")
    path = messy_xlsx(tmp_path / "mixed.xlsx", good, extra=[
        cells(bad_sum), cells(twin), cells(bad_date, birth_cell="2099-13-45")])
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--report",
                             tmp_path / "errors.xlsx")
    assert code == 1 and summary["refused"] == 3 and summary["inserted"] == 3
    assert "3 row(s) refused" in err and "errors.xlsx" in err
    rows = {r["name"]: r for r in report_rows(tmp_path / "errors.xlsx")}
    assert set(rows) == {"孙错", "孙重", "孙日"}
    assert "id.checksum" in rows["孙错"]["reason"]
    assert "id.duplicate_in_file" in rows["孙重"]["reason"]
    assert "birth_date" in rows["孙日"]["reason"]
    assert rows["孙错"]["id"] == bad_sum["id"]          # the row as it was, to fix
    assert rows["孙重"]["row"] == 8                      # title, blank, header, 4 rows above
    assert set(server_residents(any_city, org.ids["g1"])) == {p["id"] for p in good}
    # without --report the command says how to get one
    code, _summary, err = run(any_city, path, "--into", org.codes["g1"], "--policy", "skip")
    assert code == 1 and "--report" in err


def test_policy_skip_keeps_and_update_changes_what_the_roster_holds(any_city, any_org,
                                                                    desk, tmp_path):
    org = any_org
    people = [person(f"周{i}", "", "", phone="13800000000") for i in range(3)]
    assert run(any_city, messy_xlsx(tmp_path / "a.xlsx", people), "--into",
               org.codes["g1"])[0] == 0
    w1 = desk(any_city.url, org.user("w1"))
    changed = [dict(p, phone="13911112222") for p in people]
    path = messy_xlsx(tmp_path / "b.xlsx", changed)
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--policy", "skip")
    assert code == 0 and summary["skipped"] == 3 and summary["updated"] == 0
    held = server_residents(any_city, org.ids["g1"])
    assert {r["phone"] for r in held.values()} == {"13800000000"}
    assert {r["version"] for r in held.values()} == {1}
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--policy", "update")
    assert code == 0 and summary["updated"] == 3 and summary["inserted"] == 0
    held = server_residents(any_city, org.ids["g1"])
    assert {r["phone"] for r in held.values()} == {"13911112222"}
    assert {r["version"] for r in held.values()} == {2}
    w1.sync()
    assert {p for (p,) in w1.q("SELECT phone FROM residents")} == {"13911112222"}
    # the same file again: nothing changes
    code, summary, err = run(any_city, path, "--into", org.codes["g1"])
    assert code == 0 and summary["unchanged"] == 3 and summary["updated"] == 0


def test_an_org_that_does_not_exist_is_a_clear_refusal(any_city, any_org, tmp_path):
    path = messy_xlsx(tmp_path / "a.xlsx", [person("吴一", "", "")])
    before = counts(any_city)
    code, summary, err = run(any_city, path, "--into", "410105999999")
    assert code == 2 and summary is None
    assert "no org unit with code '410105999999'" in err
    code, summary, err = run(any_city, tmp_path / "missing.xlsx", "--into", any_org.codes["g1"])
    assert code == 2 and "cannot read" in err and "file.missing" in err
    code, summary, err = run(any_city, path, "--into", any_org.codes["dept"])
    assert code == 2 and "department" in err
    code, summary, err = run(any_city, path, "--into", any_org.codes["g1"], "--report",
                             tmp_path / "no-such-folder" / "e.xlsx")
    assert code == 2 and "folder does not exist" in err
    assert counts(any_city) == before


def test_every_row_is_audited_in_the_chain(any_city, any_org, tmp_path):
    org = any_org
    people = [person(f"郑{i}", f"文化苑2号楼1单元{101 + i}室", f"W{i}") for i in range(4)]
    path = messy_xlsx(tmp_path / "身份证号410105195001010011.xlsx", people)
    code, summary, err = run(any_city, path, "--into", org.codes["g1"], "--create-addresses")
    assert code == 0, err
    g1 = server_residents(any_city, org.ids["g1"])
    with any_city.db.read() as conn:
        records = [dict(r) for r in conn.execute(sa.select(db.audit).where(
            db.audit.c.action == "roster.import", db.audit.c.entity_id == org.ids["g1"]))
            .mappings()]
    assert len(records) == 1
    detail = records[0]["detail"]
    assert records[0]["actor"] == "cli"
    assert set(detail["created"]) == {r["id"] for r in g1.values()}
    assert len(detail["addresses"]) == summary["addresses_created"]
    assert len(detail["households"]) == 4
    # the legacy ID typed in row 2 is noted, masked as every number in the log
    legacy = g1[people[1]["id"]]["id"]
    assert detail["legacy_ids"] == {legacy: rules.mask_id(people[1]["id"][:6]
                                                          + people[1]["id"][8:17])}
    assert "410105195001010011" not in json.dumps(detail, ensure_ascii=False)
    out = any_city.cli("audit-verify")
    assert json.loads(out.stdout)["first_broken"] is None


def test_a_large_file_checked_in_parts_keeps_one_household_and_finds_duplicates(
        any_city, any_org, monkeypatch, tmp_path):
    """The parts of a big file (``CHUNK_ROWS``) see each other: a household's members in
    two parts are one household in one room, an ID number repeated in a later part is
    a duplicate within the file, not an update."""
    from server import config, import_roster
    monkeypatch.setattr(import_roster, "CHUNK_ROWS", 3)
    monkeypatch.setattr(import_roster, "BATCH", 2)
    org = any_org
    family = [person(f"冯{i}", "建业花园5号楼2单元1201室", "F1",
                     ("本人", "配偶", "子", "女", "父母")[i]) for i in range(5)]
    again = person("冯重", "", "", idn=family[0]["id"])
    path = messy_xlsx(tmp_path / "big.xlsx", family + [person("冯七", "", "")],
                      extra=[cells(again)])
    settings = config.Settings(db_url=any_city.db_url)
    summary = import_roster.run(any_city.db, settings, [str(path)], org_code=org.codes["g1"],
                                create_addresses=True, report=str(tmp_path / "e.xlsx"),
                                say=lambda m: None)
    assert summary.inserted == 6 and summary.refused == 1 and summary.updated == 0
    assert summary.addresses_created == 4 and summary.households_created == 1
    g1 = server_residents(any_city, org.ids["g1"])
    assert len({g1[p["id"]]["household_id"] for p in family}) == 1
    hh = any_city.row("households", g1[family[0]["id"]]["household_id"])
    assert hh["head_id"] == g1[family[0]["id"]]["id"]
    assert [r["name"] for r in report_rows(tmp_path / "e.xlsx")] == ["冯重"]


def test_into_a_community_each_row_needs_its_grid(any_city, any_org, tmp_path):
    """--into a community of two grids without --grid: a row goes where its 网格 column
    or an estate the tree has puts it; a row that says neither is refused, not guessed."""
    org = any_org
    seeded = [person("何一", "天明家园1号楼1单元101室", "T1")]
    assert run(any_city, messy_xlsx(tmp_path / "seed.xlsx", seeded), "--into",
               org.codes["g2"], "--create-addresses")[0] == 0
    by_estate = person("何二", "天明家园1号楼1单元101室", "T1", "配偶")
    nowhere = person("何三", "", "")
    path = messy_xlsx(tmp_path / "c1.xlsx", [by_estate, nowhere])
    code, summary, err = run(any_city, path, "--into", org.codes["c1"], "--report",
                             tmp_path / "e.xlsx")
    assert code == 1 and summary["inserted"] == 1 and summary["refused"] == 1
    assert set(server_residents(any_city, org.ids["g2"])) == {seeded[0]["id"], by_estate["id"]}
    rows = report_rows(tmp_path / "e.xlsx")
    assert [r["name"] for r in rows] == ["何三"] and "grid.required" in rows[0]["reason"]
    code, summary, err = run(any_city, path, "--into", org.codes["c1"], "--grid",
                             org.codes["g3"])
    assert code == 2 and "no grid with that code under" in err


def test_street_shaped_addresses_are_placed_and_made_with_the_codes_the_server_takes(
        any_city, any_org, tmp_path):
    """Issue 19: '经三路12号院3室' lands on the road › door › yard › room; a second file
    finds the nodes the first made (the server's lookup knows its roads)."""
    org = any_org
    first = [person("钱一", "经三路12号院3室", "J1"), person("钱二", "经三路13号", "J2")]
    code, summary, err = run(any_city, messy_xlsx(tmp_path / "a.xlsx", first), "--into",
                             org.codes["g1"], "--create-addresses")
    assert code == 0, err
    assert summary["inserted"] == 2 and summary["addresses_created"] == 5   # road, 2 doors, yard, room
    nodes = {r["full_name"]: r for r in any_city.rows("addresses", grid_id=org.ids["g1"])}
    room = nodes["经三路 12号 院 3室"]
    road = nodes["经三路"]
    assert room["kind"] == "room" and road["kind"] == "road"
    assert room["code"] == road["code"] + "D0012Y01H0003"
    assert nodes["经三路 13号"]["code"] == road["code"] + "D0013"
    before = counts(any_city)
    second = [person("钱三", "经三路12号院3室", "J3"), person("钱四", "经三路 12号 院 4室", "J4")]
    code, summary, err = run(any_city, messy_xlsx(tmp_path / "b.xlsx", second), "--into",
                             org.codes["g1"], "--create-addresses")
    assert code == 0, err
    assert summary["addresses_created"] == 1                    # only 4室: the rest is found
    assert counts(any_city)["addresses"] == before["addresses"] + 1
    g1 = server_residents(any_city, org.ids["g1"])
    households = {r["id"]: r for r in any_city.rows("households", grid_id=org.ids["g1"])}
    assert households[g1[second[0]["id"]]["household_id"]]["room_id"] == room["id"]
