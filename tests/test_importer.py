"""Roster import engine: files a community office really has, made here by the tests."""
from __future__ import annotations

import csv
import datetime as dt
import json
import os

import openpyxl
import pytest

from app.models.domain import rules
from app.models.io.address import parse_address
from app.models.io.commit import SYNC_GROUP, StaleData, commit
from app.models.io.layout import detect_layout
from app.models.io.normalise import normalize_date, normalize_id_number
from app.models.io.plan import Options, analyse, issue_column
from app.models.io.readers import read_file
from app.models.io.source import Cancelled, FileProblem
from app.models.io.xlsx import column_letter
from app.models.roster import search
from app.models.write import audit
from app.models.write.unit import ConnectionStore

TODAY = dt.date(2026, 11, 28)
HEAD = ["姓名", "身份证号", "性别", "出生日期", "民族", "联系电话", "现住址", "户号", "与户主关系",
        "人员类别"]


def make_id(area: str, birth: str, seq: int) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + rules.id_check_char(first17)


ID_A = make_id("410105", "19800101", 11)     # male
ID_B = make_id("410105", "19820202", 24)     # female
ID_C = make_id("410105", "19950505", 33)
ID_D = make_id("410122", "20100101", 42)


def write_xlsx(path, rows, merges=(), sheet="人口信息"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return str(path)


def write_csv(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return str(path)


def do_import(store, actor, path, grid, *, policy="update", create=True, decisions=None,
              mapping=None, default_residence=None):
    options = Options(grid["id"], policy, default_residence, create)
    source = read_file(str(path))
    analysis = analyse(store.conn, source, options, actor, mapping=mapping, today=TODAY)
    plan = analysis.plan(decisions=decisions)
    result = commit(store, actor, plan) if plan.ready else None
    return plan, result


def count(store, table, where="1"):
    return store.conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def snapshot(store):
    return {t: count(store, t) for t in ("residents", "households", "addresses", "outbox",
                                         "audit_log", "resident_search")}


def resident(store, id_number):
    cur = store.conn.execute("SELECT * FROM residents WHERE id_number = ?", (id_number,))
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row)) if row else None


def problems(plan):
    """{row number: [(column letter or None, issue code)]}"""
    out = {}
    for row, issues in plan.problems():
        for issue in issues:
            col = issue_column(plan.analysis, issue)
            out.setdefault(row.number, []).append(
                (column_letter(col) if col is not None else None, issue.code))
    return out


# ------------------------------------------------------------------ a real office sheet

def office_sheet(path):
    """Title row merged across, a blank line, a two-level header (group labels merged over
    columns, 姓名/序号 merged down two rows, 联系方式 split into 手机/固定电话), 户号 and
    address merged down a household's member rows, mixed date formats, ID numbers that
    Excel stored as numbers, and a 填表人 footer."""
    rows = [
        ["经三路社区实有人口登记表（2026年11月）"],
        [],
        ["序号", "姓名", "公民身份号码", "性别", "出生日期", "民族", "联系方式", None, "现住址",
         "户号", "与户主关系", "人员类别"],
        [None, None, None, None, None, None, "手机", "固定电话"],
        [1, "张  三", ID_A, "男", dt.datetime(1980, 1, 1), "汉", 13812345678, None,
         "幸福小区3号楼2单元501室", "H0001", "户主", "户籍"],
        [2, "李四", ID_B, "女", "1982/2/2", "汉族", None, None, None, None, "妻", "户籍"],
        [3, "王五", 4.10105199003071E+17, "男", "1990年3月7日", "回族", "13900001111", None,
         "幸福小区3号楼2单元502室", "H0009", "本人", "流动"],
        [],
        [4, "赵六", ID_C, "男", 19950505, "汉族", None, 37165551234,
         "金水区幸福小区3栋2单元601", "H0010", "本人", "外来人口"],
        [5, "钱七", ID_D, "女", 40179, "汉族", None, None,
         "幸福小区3号楼2单元601室", "H0010", "女", "流动"],
        ["填表人：王网格    审核人：李书记"],
    ]
    merges = ["A1:L1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:F4", "G3:H3", "I3:I4",
              "J3:J4", "K3:K4", "L3:L4",
              "I5:I6", "J5:J6"]     # household 1: number and address merged over two rows
    return write_xlsx(path, rows, merges)


def test_a_real_office_sheet_imports_or_says_why(store, actor, street, tmp_path):
    path = office_sheet(tmp_path / "社区人口.xlsx")
    source = read_file(path)
    layout = detect_layout(source.sheet)
    assert layout.header_rows == [3, 4]
    assert layout.mapping[1] == "name" and layout.mapping[2] == "id_number"
    assert layout.mapping[6] == "phone" and layout.mapping[8] == "address"
    assert 7 not in layout.mapping            # 固定电话: a second phone column is left out
    plan, result = do_import(store, actor, path, street["grid1"])

    assert result.created == 4
    zs = resident(store, ID_A)
    assert zs["name"] == "张三"            # alignment spaces in a two-character name dropped
    assert (zs["gender"], zs["birth_date"], zs["ethnicity"], zs["phone"]) == (
        "M", "1980-01-01", "01", "13812345678")
    assert zs["household_id"] == street["household1"]["id"] and zs["relation"] == "self"
    li = resident(store, ID_B)                # 户号 and address merged down from the row above
    assert li["household_id"] == street["household1"]["id"] and li["relation"] == "spouse"
    assert li["birth_date"] == "1982-02-02"
    zhao = resident(store, ID_C)
    assert zhao["residence_type"] == "floating" and zhao["birth_date"] == "1995-05-05"
    # '金水区幸福小区3栋2单元601': district stripped, 3栋 = building 3, a new room 601
    hh = store.conn.execute("SELECT h.number, a.full_name FROM households h JOIN addresses a "
                            "ON a.id = h.room_id WHERE h.id = ?", (zhao["household_id"],)).fetchone()
    assert hh == ("H0010", "幸福小区 3号楼 2单元 601室")
    # The 王五 row: Excel kept 15 digits of the ID number; the clerk is told which cell and why.
    assert problems(plan) == {7: [("C", "id.lost_digits")]}
    lost = plan.problems()[0][1][0]
    assert lost.params["value"] == "410105199003071000"
    # 钱七 (row 10) joins 赵六's new household; her birth date was an Excel serial (40179)
    assert resident(store, ID_D)["household_id"] == zhao["household_id"]
    # the footer and the blank lines are not rows
    assert [r.number for r in plan.analysis.rows] == [5, 6, 7, 9, 10]


def test_header_synonyms_and_manual_override(store, actor, street, tmp_path):
    path = write_csv(tmp_path / "a.csv", [
        ["编号", "姓 名", "身份证号码", "手机号码", "门牌", "人口类别", "备注"],
        [1, "张三", ID_A, "13812345678", "幸福小区3号楼2单元501室", "户籍人口", "楼长"],
    ])
    source = read_file(path)
    layout = detect_layout(source.sheet)
    assert layout.mapping == {1: "name", 2: "id_number", 3: "phone", 4: "address",
                              5: "residence_type", 6: "notes"}
    mapping = dict(layout.mapping)
    mapping.pop(6)                           # the user decides notes stay out
    plan, result = do_import(store, actor, path, street["grid1"], mapping=mapping)
    assert result.created == 1
    assert resident(store, ID_A)["notes"] is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_offices_use(store, actor, street, tmp_path, encoding):
    path = write_csv(tmp_path / "a.csv", [HEAD, ["张三", ID_A, "男", "", "汉族", "", "", "", "",
                                                  "户籍"]], encoding)
    source = read_file(path)
    assert source.encoding == {"gbk": "gb18030"}.get(encoding, encoding)
    plan, result = do_import(store, actor, path, street["grid1"])
    assert result.created == 1 and resident(store, ID_A)["name"] == "张三"


def test_rare_characters_and_hostile_text_are_kept_exactly(store, actor, street, tmp_path):
    notes = 'Robert"); DROP TABLE residents;-- 「引号」'
    rows = [["姓名", "身份证号", "人员类别", "备注"],
            ["王𠮷", ID_A, "户籍", notes], ["李䶮", ID_B, "户籍", "'单引号'"]]
    for enc in ("utf-8", "gb18030"):         # GB18030 (not GBK) carries 𠮷 in four bytes
        store_path = write_csv(tmp_path / f"rare-{enc}.csv", rows, enc)
        source = read_file(store_path)
        assert source.sheet.rows[1][1][0] == "王𠮷"
    xlsx = write_xlsx(tmp_path / "rare.xlsx", rows)
    plan, result = do_import(store, actor, xlsx, street["grid1"])
    assert result.created == 2
    assert resident(store, ID_A)["name"] == "王𠮷" and resident(store, ID_A)["notes"] == notes
    assert resident(store, ID_B)["name"] == "李䶮"
    rids, _ = search.query_page(store.conn, search.RosterQuery(text="𠮷"), None)
    assert rids == [resident(store, ID_A)["rid"]]


# ------------------------------------------------------------------ files that cannot be read

def test_a_truncated_xlsx_is_a_clear_error(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [HEAD] + [["张三", ID_A]] * 200)
    data = open(good, "rb").read()
    for name, cut in (("half.xlsx", len(data) // 2), ("tail.xlsx", len(data) - 200)):
        bad = tmp_path / name
        bad.write_bytes(data[:cut])
        with pytest.raises(FileProblem) as exc:
            read_file(str(bad))
        assert exc.value.code == "file.damaged"


@pytest.mark.parametrize("content,name,code", [
    (b"", "empty.csv", "file.empty"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", "file.xls"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "locked.xlsx", "file.xls"),
    (b"this is not a workbook", "renamed.xlsx", "file.damaged"),
])
def test_other_unreadable_files_are_clear_errors(tmp_path, content, name, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileProblem) as exc:
        read_file(str(path))
    assert exc.value.code == code


def test_a_csv_in_a_wrong_encoding_is_a_clear_error(tmp_path):
    utf16_no_bom = tmp_path / "utf16.csv"
    utf16_no_bom.write_bytes("姓名,身份证号\n张三,1\n".encode("utf-16-le"))
    with pytest.raises(FileProblem) as exc:
        read_file(str(utf16_no_bom))
    assert exc.value.code == "file.encoding"
    # bytes that are neither UTF-8 nor GB18030 (a Windows-1252 € is 0x80; 0xFF is nowhere)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("姓名,身份证号\n".encode("utf-8") + b"M\xfcller \x80\xff,1\n")
    with pytest.raises(FileProblem) as exc:
        read_file(str(latin))
    assert exc.value.code == "file.encoding" and exc.value.params["line"] == 2


def test_utf16_with_bom_from_excel_unicode_text_is_read(store, actor, street, tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes("\t".join(["姓名", "身份证号", "人员类别"]).encode("utf-16")
                     + "\r\n张三\t{}\t户籍\r\n".format(ID_A).encode("utf-16-le"))
    plan, result = do_import(store, actor, path, street["grid1"])
    assert result.created == 1


def test_a_sheet_without_headers_is_a_clear_error(tmp_path):
    path = write_xlsx(tmp_path / "noheader.xlsx", [["张三", ID_A, "男"], ["李四", ID_B, "女"]])
    with pytest.raises(FileProblem) as exc:
        detect_layout(read_file(path).sheet)
    assert exc.value.code == "file.no_header"


# ------------------------------------------------------------------ values as offices type them

@pytest.mark.parametrize("value,expected", [
    ("2026-11-28", "2026-11-28"), ("2026/11/28", "2026-11-28"), ("2026/1/5", "2026-01-05"),
    ("2026.11.28", "2026-11-28"), ("2026年11月28日", "2026-11-28"), ("2026年1月5日", "2026-01-05"),
    ("20261128", "2026-11-28"), (20261128, "2026-11-28"), (46354, "2026-11-28"),
    (dt.datetime(2026, 11, 28), "2026-11-28"), (dt.date(2026, 11, 28), "2026-11-28"),
    ("2026-11-28 00:00:00", "2026-11-28"), ("１９９０－０３－０７", "1990-03-07"),
    ("1990年3月", (1990, 3)), ("199003", (1990, 3)),
])
def test_dates_in_mixed_formats(value, expected):
    got, issues = normalize_date(value, "birth_date")
    assert (got, issues) == (expected, [])


@pytest.mark.parametrize("value", ["2026-02-30", "28/11/2026", "下个月", "2026-13-01"])
def test_dates_that_are_not_dates(value):
    got, issues = normalize_date(value, "moved_in_date")
    assert got is None and [i.code for i in issues] == ["date.unrecognised"]


@pytest.mark.parametrize("value,text,code", [
    (ID_A, ID_A, None),
    ("  " + ID_A.lower() + " ", ID_A.lower(), None),
    ("'" + ID_A, ID_A, None),                               # apostrophe to keep Excel off it
    ('="' + ID_A + '"', ID_A, None),
    (4.10105198001011E+17, "410105198001011000", "id.lost_digits"),
    ("4.10105E+17", "4.10105E+17", "id.lost_digits"),
    (int(make_id("410105", "19800101", 12)), make_id("410105", "19800101", 12),
     "id.stored_as_number"),
    (410105800101001, "410105800101001", None),             # 15 digits survive as a number
])
def test_id_numbers_as_excel_leaves_them(value, text, code):
    got, issues = normalize_id_number(value)
    assert got == text
    assert [i.code for i in issues] == ([code] if code else [])


def test_an_id_that_lost_its_tail_to_zeros_says_so(store, actor, street, tmp_path):
    # a CSV saved from a numeric Excel column: '410105199003071000' (check digit wrong)
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "人员类别"],
                                          ["王五", "410105199003071000", "户籍"]])
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert problems(plan) == {2: [("B", "id.lost_digits_maybe")]}


@pytest.mark.parametrize("text,parsed", [
    ("幸福小区3号楼2单元501室", ("幸福小区", 3, 2, 501)),
    ("幸福小区 3号楼 2单元 501室", ("幸福小区", 3, 2, 501)),
    ("幸福小区3栋2单元501", ("幸福小区", 3, 2, 501)),
    ("幸福小区3幢2单元501室（出租）", ("幸福小区", 3, 2, 501)),
    ("幸福小区3-2-501", ("幸福小区", 3, 2, 501)),
    ("幸福小区三号楼二单元501室", ("幸福小区", 3, 2, 501)),
    ("幸福小区十二号楼1单元1203室", ("幸福小区", 12, 1, 1203)),
    ("幸福小区3号楼501室", ("幸福小区", 3, None, 501)),
    ("经三路12号院3号楼2单元501室", ("经三路12号院", 3, 2, 501)),
    ("郑州市金水区花园路街道经三路社区幸福小区3号楼2单元501室", ("幸福小区", 3, 2, 501)),
    ("３号楼２单元５０１室", ("", 3, 2, 501)),
])
def test_address_text_is_parsed(text, parsed):
    got = parse_address(text, ["郑州市", "金水区", "花园路街道", "经三路社区"])
    assert (got.estate, got.building, got.unit, got.room) == parsed


@pytest.mark.parametrize("text", ["幸福小区", "经三路社区北院", "幸福小区3号楼"])
def test_addresses_that_do_not_parse(text):
    assert parse_address(text) is None


# ------------------------------------------------------------------ the address tree

def test_existing_addresses_match_and_new_ones_wait_for_confirmation(store, actor, street,
                                                                       tmp_path):
    path = write_csv(tmp_path / "a.csv", [
        ["姓名", "身份证号", "现住址", "人员类别"],
        ["张三", ID_A, "经三路幸福小区3号楼2单元502室", "户籍"],   # known estate, known room
        ["李四", ID_B, "幸福小区5号楼1单元101室", "户籍"],          # new building
        ["王五", ID_C, "阳光花园1-1-101", "户籍"],                   # new estate
    ])
    before = snapshot(store)
    plan, result = do_import(store, actor, path, street["grid1"], create=False)
    assert result.created == 1                              # only the row with a known address
    assert problems(plan) == {3: [("C", "address.new")], 4: [("C", "address.new")]}
    assert count(store, "addresses") == before["addresses"]
    zs = resident(store, ID_A)
    assert zs["household_id"] == street["household2"]["id"]   # the one household in room 502

    plan, result = do_import(store, actor, path, street["grid1"], create=True, policy="skip")
    assert result.created == 2 and result.skipped == 1
    made = store.conn.execute("SELECT kind, code, name, full_name, floor FROM addresses "
                              "WHERE rowid > 0 ORDER BY code").fetchall()
    codes = {code: (kind, name, full, floor) for kind, code, name, full, floor in made}
    g = street["grid1"]["code"]
    assert codes[f"{g}-001005"] == ("building", "5号楼", "幸福小区 5号楼", None)
    assert codes[f"{g}-00100501"] == ("unit", "1单元", "幸福小区 5号楼 1单元", None)
    assert codes[f"{g}-001005010101"] == ("room", "101室", "幸福小区 5号楼 1单元 101室", 1)
    assert codes[f"{g}-002"] == ("estate", "阳光花园", "阳光花园", None)
    assert codes[f"{g}-002001010101"][2] == "阳光花园 1号楼 1单元 101室"
    # new households got numbers in the grid's style and the rooms as their place
    li = resident(store, ID_B)
    assert li["path"] == f"{g}-001005010101"
    number = store.conn.execute("SELECT number FROM households WHERE id = ?",
                                (li["household_id"],)).fetchone()[0]
    assert number.startswith(g[-6:]) and len(number) == 10


def test_a_row_of_another_grid_is_placed_by_its_estate(store, actor, roster, street, tmp_path):
    other = roster.create_address("estate", "001", "阳光花园", grid_id=street["grid2"]["id"])
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "现住址", "人员类别"],
                                          ["张三", ID_A, "阳光花园1号楼1单元101室", "户籍"]])
    do_import(store, actor, path, street["grid1"], create=True)
    zs = resident(store, ID_A)
    assert zs["grid_id"] == street["grid2"]["id"] and zs["path"].startswith(other["code"])


# ------------------------------------------------------------------ duplicates and re-import

def test_importing_the_same_file_twice_creates_no_duplicates(store, actor, street, tmp_path):
    path = office_sheet(tmp_path / "社区人口.xlsx")
    _, first = do_import(store, actor, path, street["grid1"])
    after_first = snapshot(store)
    for policy in ("update", "skip"):
        plan, again = do_import(store, actor, path, street["grid1"], policy=policy)
        assert again.created == 0 and again.updated == 0
        assert (plan.counts()["unchanged"] if policy == "update" else again.skipped) == 4
    plan, again = do_import(store, actor, path, street["grid1"], policy="ask")
    assert again is None and len(plan.ask) == 4            # ask: the user decides
    now = snapshot(store)
    assert {k: now[k] for k in now if k != "audit_log"} == {
        k: after_first[k] for k in after_first if k != "audit_log"}
    assert now["audit_log"] == after_first["audit_log"] + 2  # one 'import' note per commit


def test_the_same_id_twice_in_a_file_lists_the_second_row(store, actor, street, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "人员类别"], ["张三", ID_A, "户籍"],
                                          ["张三丰", ID_A.lower(), "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"])
    assert result.created == 1
    assert problems(plan) == {3: [("B", "id.duplicate_in_file")]}
    assert plan.problems()[0][1][0].params == {"row": 2, "name": "张三"}


def test_update_policy_changes_fields_and_writes_patch_ops(roster, store, actor, street,
                                                          tmp_path):
    zs = roster.create_resident(dict(name="张三", id_number=ID_A, phone="13812345678",
                                     residence_type="registered", education="junior",
                                     occupation="司机"),
                                household_id=street["household1"]["id"], relation="self")
    ops_before = count(store, "outbox")
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "联系电话", "文化程度", "职业", "人员类别"],
                                          ["张三", ID_A, "13900001111", "大专", "", "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"], policy="update")
    assert result.updated == 1 and result.created == 0
    now = roster.resident(zs["id"])
    assert (now["phone"], now["education"]) == ("13900001111", "college")
    assert now["occupation"] == "司机"             # a blank cell changes nothing
    ops = store.conn.execute("SELECT op, entity, changed, base_values FROM outbox "
                             "ORDER BY device_seq").fetchall()[ops_before:]
    assert [(o[0], o[1]) for o in ops] == [("patch", "residents")]
    assert json.loads(ops[0][2]) == {"phone": "13900001111", "education": "college"}
    assert json.loads(ops[0][3]) == {"phone": "13812345678", "education": "junior"}
    note = store.conn.execute("SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1"
                              ).fetchone()
    assert note[0] == "import" and json.loads(note[1])["updated"] == 1
    assert audit.verify_chain(store.conn) is None


def test_ask_policy_waits_for_decisions(roster, store, actor, street, tmp_path):
    roster.create_resident(dict(name="张三", id_number=ID_A, residence_type="registered"),
                           grid_id=street["grid1"]["id"])
    roster.create_resident(dict(name="李四", id_number=ID_B, residence_type="registered"),
                           grid_id=street["grid1"]["id"])
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "人员类别"],
                                          ["张三", ID_A, "流动"], ["李四", ID_B, "流动"],
                                          ["王五", ID_C, "流动"]])
    source = read_file(path)
    analysis = analyse(store.conn, source, Options(street["grid1"]["id"], "ask"), actor,
                       today=TODAY)
    plan = analysis.plan()
    assert [r.number for r in plan.ask] == [2, 3] and len(plan.create) == 1
    with pytest.raises(ValueError):
        commit(store, actor, plan)
    plan = analysis.plan(decisions={2: "update", 3: "skip"})
    result = commit(store, actor, plan)
    assert (result.created, result.updated, result.skipped) == (1, 1, 1)
    assert resident(store, ID_A)["residence_type"] == "floating"
    assert resident(store, ID_B)["residence_type"] == "registered"


def test_moving_people_into_a_household_by_its_number(roster, store, actor, street, tmp_path):
    zs = roster.create_resident(dict(name="张三", id_number=ID_A, residence_type="registered"),
                                grid_id=street["grid1"]["id"])
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "户号", "与户主关系", "人员类别"],
                                          ["张三", ID_A, "H0001", "本人", "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"])
    assert result.updated == 1
    now = roster.resident(zs["id"])
    assert (now["household_id"], now["relation"]) == (street["household1"]["id"], "self")
    assert now["path"] == street["room501"]["code"]
    assert roster.household(street["household1"]["id"])["head_id"] == zs["id"]


def test_one_head_per_household(roster, store, actor, street, tmp_path):
    roster.create_resident(dict(name="户主甲", id_number=ID_D, residence_type="registered"),
                           household_id=street["household1"]["id"], relation="self")
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "户号", "与户主关系", "人员类别"],
                                          ["张三", ID_A, "H0001", "本人", "户籍"],
                                          ["李四", ID_B, "H7777", "本人", "户籍"],
                                          ["王五", ID_C, "H7777", "户主", "户籍"]])
    plan, result = do_import(store, actor, path, street["grid1"])
    assert problems(plan) == {2: [("D", "household.has_head")], 4: [("D", "household.has_head")]}
    assert result.created == 1
    li = resident(store, ID_B)
    assert store.conn.execute("SELECT head_id FROM households WHERE id = ?",
                              (li["household_id"],)).fetchone()[0] == li["id"]


# ------------------------------------------------------------------ nothing half-saved

def test_invalid_rows_are_listed_and_nothing_of_them_is_saved(store, actor, street, tmp_path):
    bad_check = ID_A[:-1] + ("0" if ID_A[-1] != "0" else "1")
    path = write_csv(tmp_path / "a.csv", [
        ["姓名", "身份证号", "性别", "出生日期", "联系电话", "现住址", "户号", "人员类别"],
        ["张三", bad_check, "男", "", "", "新建小区1号楼1单元101室", "N1", "户籍"],
        ["李四", ID_B, "男", "", "", "", "", "户籍"],
        ["", ID_C, "", "", "", "", "", "户籍"],
        ["王五", ID_D, "女", "下个月", "12345", "", "", "户籍"],
        ["赵六", make_id("410105", "19700101", 51), "不详", "", "", "", "", "未知"],
        ["钱七", make_id("410105", "19700101", 61), "男", "", "", "", "", "户籍"],
    ])
    before = snapshot(store)
    plan, result = do_import(store, actor, path, street["grid1"], create=True)
    assert problems(plan) == {
        2: [("B", "id.checksum")],
        3: [("C", "id.gender_mismatch")],
        4: [("A", "required")],
        5: [("D", "date.unrecognised"), ("E", "phone.invalid")],
        6: [("C", "choice.unknown"), ("H", "choice.unknown")],
    }
    assert result.created == 1 and result.not_imported == 5
    now = snapshot(store)
    assert now["residents"] == before["residents"] + 1
    # the invalid row's new household and address are not created
    assert now["households"] == before["households"] and now["addresses"] == before["addresses"]
    assert count(store, "households", "number = 'N1'") == 0


def test_a_cancelled_import_writes_nothing(store, actor, street, tmp_path):
    rows = [["姓名", "身份证号", "现住址", "户号", "人员类别"]]
    for i in range(5000):
        rows.append([f"居民{i}", make_id("410105", "19800101", i % 1000)
                     if i < 1000 else make_id("410105", "19810101", i % 1000) if i < 2000
                     else make_id("410105", "19820101", i % 1000) if i < 3000
                     else make_id("410105", "19830101", i % 1000) if i < 4000
                     else make_id("410105", "19840101", i % 1000),
                     f"幸福小区{i // 200 + 10}号楼1单元{i % 200 + 101}室", f"X{i}", "户籍"])
    path = write_csv(tmp_path / "big.csv", rows)
    source = read_file(path)
    analysis = analyse(store.conn, source, Options(street["grid1"]["id"], "update",
                                                   create_addresses=True), actor,
                       today=TODAY)
    plan = analysis.plan()
    assert len(plan.create) == 5000
    before = snapshot(store)
    seen = []

    def cancel():
        return bool(seen)              # cancel once the first chunk is written

    with pytest.raises(Cancelled):
        commit(store, actor, plan, progress=lambda *a: seen.append(a), cancel=cancel)
    assert seen and seen[0][0] == "write"
    assert snapshot(store) == before
    # and cancelling while reading or checking stops early too
    with pytest.raises(Cancelled):
        read_file(path, cancel=lambda: True)
    with pytest.raises(Cancelled):
        analyse(store.conn, source, Options(street["grid1"]["id"]), actor,
                cancel=lambda: True)


def test_a_roster_changed_since_the_preview_is_not_overwritten(roster, store, actor, street,
                                                               tmp_path):
    path = write_csv(tmp_path / "a.csv", [["姓名", "身份证号", "人员类别"], ["张三", ID_A, "户籍"]])
    source = read_file(path)
    plan = analyse(store.conn, source, Options(street["grid1"]["id"]), actor,
                   today=TODAY).plan()
    roster.create_resident(dict(name="张三", id_number=ID_A, residence_type="registered"),
                           grid_id=street["grid1"]["id"])
    before = snapshot(store)
    with pytest.raises(StaleData):
        commit(store, actor, plan)
    assert snapshot(store) == before


def test_commit_on_a_worker_connection_through_the_one_write_path(store, actor, street,
                                                                  tmp_path):
    path = office_sheet(tmp_path / "社区人口.xlsx")
    conn = store.open_connection()
    try:
        source = read_file(path)
        analysis = analyse(conn, source, Options(street["grid1"]["id"], "update",
                                                 create_addresses=True), actor,
                           today=TODAY)
        ops_before = count(store, "outbox")
        seq_before = store.conn.execute("SELECT coalesce(max(device_seq), 0) FROM outbox"
                                        ).fetchone()[0]
        result = commit(ConnectionStore(conn), actor, analysis.plan())
    finally:
        conn.close()
    assert result.created == 4
    ops = store.conn.execute("SELECT device_seq, tx_id, entity, op FROM outbox "
                             "ORDER BY device_seq").fetchall()[ops_before:]
    # every row has its op; device_seq continues without a gap
    assert [o[0] for o in ops] == list(range(seq_before + 1, seq_before + 1 + len(ops)))
    kinds = [(o[2], o[3]) for o in ops]
    assert kinds.count(("residents", "create")) == 4
    assert kinds.count(("households", "create")) == 1     # H0010, with its head
    assert kinds.count(("households", "patch")) == 1      # 张三 becomes head of H0001
    assert kinds.count(("addresses", "create")) == 1      # room 601 under the known unit
    assert len(kinds) == 7
    assert audit.verify_chain(store.conn) is None
    audited = count(store, "audit_log", "action = 'create'")
    assert audited >= len(ops)


def test_sync_transactions_stay_within_a_push_body(store, actor, street, tmp_path):
    rows = [["姓名", "身份证号", "人员类别"]] + [
        [f"居民{i}", make_id("410105", "19900101", i), "户籍"] for i in range(250)]
    path = write_csv(tmp_path / "a.csv", rows)
    before = count(store, "outbox")
    do_import(store, actor, path, street["grid1"])
    sizes = [n for (n,) in store.conn.execute(
        "SELECT count(*) FROM outbox WHERE rowid > ? GROUP BY tx_id", (before,))]
    assert sum(sizes) == 250 and max(sizes) <= SYNC_GROUP


def test_a_large_file_lands_once_per_row(store, actor, street, tmp_path):
    """The path of the 100,000-row import (a GB18030 CSV with 序号, 年月日 dates, addresses
    that create the address tree, households by 户号) at 2,000 rows: one resident, one
    outbox op and one search-index row per row, and a second import that skips them
    all. The 100,000 rows and their timing are bench/import.py's (``checks`` in its
    JSON)."""
    rows = 2_000
    path = tmp_path / "large.csv"
    with open(path, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["序号", "姓名", "身份证号", "出生日期", "现住址", "户号", "与户主关系", "人员类别"])
        n = 0
        for day in range(1, 29):
            for month in range(1, 13):
                for seq in range(0, 298):
                    if n == rows:
                        break
                    birth = f"19{60 + n % 40:02d}{month:02d}{day:02d}"
                    building, rest = divmod(n // 3, 240)
                    w.writerow([n + 1, f"居民{n}", make_id("410105", birth, seq),
                                f"{birth[:4]}年{int(birth[4:6])}月{int(birth[6:])}日",
                                f"幸福小区{building % 900 + 10}号楼{rest // 80 + 1}单元"
                                f"{rest % 80 + 101}室", f"H{n // 3:06d}",
                                "本人" if n % 3 == 0 else "子", "户籍"])
                    n += 1
    plan, result = do_import(store, actor, str(path), street["grid1"], create=True)
    assert plan.counts()["errors"] == 0
    assert result.created == rows
    assert count(store, "residents") == rows
    assert count(store, "outbox", "entity = 'residents'") == rows
    assert count(store, "resident_search") == rows
    assert count(store, "households", "length(number) = 7") == (rows + 2) // 3   # H000000…
    rids, _ = search.query_page(store.conn, search.RosterQuery(text=f"居民{rows - 1}"), None)
    assert len(rids) == 1
    plan, again = do_import(store, actor, str(path), street["grid1"], policy="skip")
    assert again.created == 0 and again.skipped == rows
    assert count(store, "residents") == rows
    assert os.path.getsize(path) > rows * 10


def test_create_many_writes_what_create_writes(store, actor, street):
    from app.models.write.unit import unit_of_work
    parent = street["community"]
    rows = [dict(code=f"410105003001{n:03d}", name=f"网格{n}", kind="grid", level=0,
                 parent_id=parent["id"], path=parent["path"] + f"410105003001{n:03d}/")
            for n in (7, 8, 9)]
    seq0 = store.conn.execute("SELECT max(device_seq) FROM outbox").fetchone()[0]
    audit0 = count(store, "audit_log")
    with unit_of_work(store, actor) as w:
        one = w.create("org_units", dict(rows[0]))
        many = w.create_many("org_units", [dict(r) for r in rows[1:]], ops_per_tx=1)
    ops = store.conn.execute("SELECT device_seq, tx_id, entity_id, op, changed FROM outbox "
                             "WHERE device_seq > ? ORDER BY device_seq", (seq0,)).fetchall()
    assert [o[0] for o in ops] == [seq0 + 1, seq0 + 2, seq0 + 3]
    assert [o[2] for o in ops] == [one["id"]] + [r["id"] for r in many]
    assert {o[3] for o in ops} == {"create"}
    keys = [sorted(json.loads(o[4])) for o in ops]
    assert keys[0] == keys[1] == keys[2]              # the same fields in every create op
    assert len({o[1] for o in ops[1:]}) == 2           # ops_per_tx=1: a sync group per op
    assert count(store, "audit_log") == audit0 + 3
    assert audit.verify_chain(store.conn) is None
    stored = store.conn.execute("SELECT version, deleted_at FROM org_units WHERE id = ?",
                                (many[0]["id"],)).fetchone()
    assert stored == (0, None)
