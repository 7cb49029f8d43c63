"""Issue 18: the files offices really send, made here by the tests (openpyxl for xlsx,
bytes for CSV): IDs that Excel cut to "…000", codes that lost their leading zeros,
Excel error values, 小区 + 门牌 columns, phones with +86, month-only dates, Big5 text
and workbooks whose first sheet is a summary."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.models.domain import rules
from app.models.io.plan import Options, analyse
from app.models.io.readers import read_file
from app.ui.io.wording import import_message, skipped_text, source_note_message
from test_importer import (
    TODAY, count, do_import, make_id, problems, resident, write_csv, write_xlsx,
)

ID_M = make_id("410105", "19800101", 11)     # male
ID_F = make_id("410105", "19820202", 24)     # female
ID_3 = make_id("410105", "19950505", 33)


def ids_ending_000(n: int, valid: bool) -> list[str]:
    """18-digit IDs ending in 000, as Excel leaves them: with a check character that
    matches by chance (valid) or not."""
    out = []
    day = dt.date(1970, 1, 1)
    while len(out) < n:
        for seq in range(0, 1000, 100):
            first17 = f"410105{day:%Y%m%d}{seq:03d}"
            ok = rules.id_check_char(first17) == "0"
            if ok == valid and first17.endswith("00"):
                out.append(first17 + "0")
                break
        day += dt.timedelta(days=37)
    return out


def csv_bytes(path, rows, encoding="utf-8"):
    data = "\r\n".join(",".join(r) for r in rows).encode(encoding)
    path.write_bytes(data)
    return str(path)


def row_codes(plan) -> dict[int, set[str]]:
    return {n: {code for _col, code in items} for n, items in problems(plan).items()}


# ------------------------------------------------------------------ 1. IDs cut to …000

def test_an_id_column_excel_cut_to_000_refuses_every_row(store, actor, street, tmp_path):
    # a CSV saved from a 数值 column: every ID lost its last digits; two of them pass the
    # checksum by chance, one kept its X (Excel could not read it as a number)
    lucky, unlucky = ids_ending_000(2, True), ids_ending_000(2, False)
    with_x = next(make_id("410105", "19771111", s) for s in range(1, 999)
                  if make_id("410105", "19771111", s).endswith("X"))
    ids = [lucky[0], unlucky[0], lucky[1], unlucky[1], with_x]
    rows = [["姓名", "身份证号", "人员类别"]] + [[f"居民{i}", idn, "户籍"]
                                               for i, idn in enumerate(ids)]
    path = write_csv(tmp_path / "ids.csv", rows)
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert row_codes(plan) == {n: {"id.column_number_formatted"} for n in range(2, 7)}
    assert count(store, "residents") == 0
    for lucky_id in lucky:
        assert resident(store, lucky_id) is None
    issue = plan.problems()[0][1][0]
    text = import_message(issue)
    assert "文本" in text or "text" in text.lower()


def test_scientific_notation_anywhere_refuses_the_whole_id_column(store, actor, street,
                                                                  tmp_path):
    head = ["姓名", "身份证号", "人员类别"]
    path = write_csv(tmp_path / "sci.csv", [head, ["甲", ID_M, "户籍"], ["乙", ID_F, "户籍"],
                                            ["丙", "4.10105E+17", "户籍"]])
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert set(row_codes(plan)) == {2, 3, 4}
    assert all(codes & {"id.column_number_formatted", "id.lost_digits"}
               for codes in row_codes(plan).values())
    assert count(store, "residents") == 0


def test_number_cells_of_an_xlsx_make_its_ids_ending_000_suspect(store, actor, street,
                                                                 tmp_path):
    # an xlsx knows each cell's type: the number cell lost digits, the text cells are
    # exact, but a text ID ending in 000 beside them (pasted from the numbers) is suspect
    lucky = ids_ending_000(1, True)[0]
    head = ["姓名", "身份证号", "人员类别"]
    path = write_xlsx(tmp_path / "sci.xlsx", [head, ["甲", ID_M, "户籍"], ["乙", lucky, "户籍"],
                                              ["丙", 4.10105199505053E+17, "户籍"]])
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert row_codes(plan) == {3: {"id.column_number_formatted"}, 4: {"id.lost_digits"}}
    assert resident(store, lucky) is None and resident(store, ID_M) is not None


def test_one_id_ending_000_by_chance_is_not_a_damaged_column(store, actor, street, tmp_path):
    lucky = ids_ending_000(1, True)[0]
    others = [make_id("410105", f"1980{m:02d}15", 10 + m) for m in range(1, 10)]
    rows = [["姓名", "身份证号", "人员类别"]] + [[f"居民{i}", idn, "户籍"]
                                               for i, idn in enumerate([lucky] + others)]
    plan, _ = do_import(store, actor, write_csv(tmp_path / "ok.csv", rows), street["grid1"])
    assert problems(plan) == {}
    assert count(store, "residents") == 10


# ------------------------------------------------------------------ 3. leading zeros in codes

HH_HEAD = ["姓名", "身份证号", "人员类别", "现住址", "户号", "与户主关系"]


def test_a_household_number_that_lost_its_zeros_is_flagged_by_its_cell(store, actor, street,
                                                                      tmp_path):
    rows = [HH_HEAD,
            ["张三", ID_M, "户籍", "幸福小区3号楼2单元601室", "0010010005", "户主"],
            ["李四", ID_F, "户籍", "幸福小区3号楼2单元601室", 10010005, "妻"],
            ["王五", ID_3, "户籍", "幸福小区3号楼2单元602室", "0010010006", "户主"]]
    path = write_xlsx(tmp_path / "hh.xlsx", rows)
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert problems(plan) == {3: [("E", "code.zeros_lost")]}
    (_row, issues), = plan.problems()
    text = import_message(issues[0])
    assert "E3" in text and "10010005" in text
    # no second household in room 601: only the two numbers written with their zeros
    numbers = {r[0] for r in store.conn.execute("SELECT number FROM households")}
    assert "10010005" not in numbers
    assert {"0010010005", "0010010006"} <= numbers


def test_a_zero_padded_number_format_keeps_the_zeros(store, actor, street, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HH_HEAD)
    ws.append(["张三", ID_M, "户籍", "幸福小区3号楼2单元601室", 10010005, "户主"])
    ws.append(["李四", ID_F, "户籍", "幸福小区3号楼2单元601室", 10010005, "妻"])
    for r in (2, 3):
        ws.cell(r, 5).number_format = "0000000000"      # Excel shows 0010010005
    path = tmp_path / "fmt.xlsx"
    wb.save(path)
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert problems(plan) == {}
    numbers = {r[0] for r in store.conn.execute("SELECT number FROM households")}
    assert "0010010005" in numbers and "10010005" not in numbers


def test_csv_codes_keep_their_leading_zeros(store, actor, street, tmp_path):
    rows = [HH_HEAD, ["张三", ID_M, "户籍", "幸福小区3号楼2单元601室", "0010010005", "户主"],
            ["李四", ID_F, "户籍", "幸福小区3号楼2单元601室", "0010010005", "妻"]]
    plan, _ = do_import(store, actor, csv_bytes(tmp_path / "z.csv", rows), street["grid1"])
    assert problems(plan) == {}
    assert count(store, "households", "number = '0010010005'") == 1
    assert count(store, "residents", "household_id IS NOT NULL") == 2


# ------------------------------------------------------------------ 4. Excel error values

def test_excel_error_values_are_refused_in_every_column_naming_the_cell(store, actor, street,
                                                                        tmp_path):
    head = ["姓名", "身份证号", "民族", "联系电话", "人员类别", "户号"]
    rows = [head,
            ["#N/A", ID_M, "汉族", "13800138000", "户籍", "H1"],      # a failed VLOOKUP
            ["李四", ID_F, "#VALUE!", "13800138001", "户籍", "H2"],
            ["王五", ID_3, "汉族", "#REF!", "户籍", "#DIV/0!"],
            ["赵六", make_id("410105", "19700707", 51), "汉族", "13800138002", "#NAME?", "H3"],
            ["钱七", make_id("410105", "19710707", 61), "汉族", "13800138003", "户籍", " #NUM! "]]
    path = write_xlsx(tmp_path / "err.xlsx", rows, sheet="实有人口")
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert problems(plan) == {2: [("A", "cell.excel_error")], 3: [("C", "cell.excel_error")],
                              4: [("D", "cell.excel_error"), ("F", "cell.excel_error")],
                              5: [("E", "cell.excel_error")], 6: [("F", "cell.excel_error")]}
    assert count(store, "residents") == 0
    assert count(store, "households", "number LIKE '#%'") == 0
    text = import_message(plan.problems()[0][1][0])
    assert "#N/A" in text and "A2" in text and "姓名" in text and "实有人口" in text


def test_excel_error_values_in_a_csv_too(store, actor, street, tmp_path):
    rows = [["姓名", "身份证号", "人员类别", "迁入日期"], ["张三", ID_M, "户籍", "#NULL!"],
            ["李四", ID_F, "#SPILL!", "2019-05-01"], ["王五", ID_3, "户籍", "#CALC!"]]
    plan, _ = do_import(store, actor, csv_bytes(tmp_path / "e.csv", rows), street["grid1"])
    assert problems(plan) == {2: [("D", "cell.excel_error")], 3: [("C", "cell.excel_error")],
                              4: [("D", "cell.excel_error")]}


# ------------------------------------------------------------------ 5. 小区 + 门牌

def test_an_estate_column_with_a_dashed_house_number(store, actor, street, tmp_path):
    rows = [["姓名", "身份证号", "人员类别", "小区", "门牌"],
            ["张三", ID_M, "户籍", "幸福小区", "3-2-501"],
            ["李四", ID_F, "户籍", "幸福小区", "3-2-201"]]
    plan, _ = do_import(store, actor, write_csv(tmp_path / "m.csv", rows), street["grid1"])
    assert problems(plan) == {}
    zhang = resident(store, ID_M)
    assert zhang["household_id"] == street["household1"]["id"]       # room 501's household
    li = resident(store, ID_F)
    room = store.conn.execute(
        "SELECT a.full_name FROM households h JOIN addresses a ON a.id = h.room_id "
        "WHERE h.id = ?", (li["household_id"],)).fetchone()[0]
    assert room.replace(" ", "") == "幸福小区3号楼2单元201室"


# ------------------------------------------------------------------ 6. phones, 流动人员, 子女

@pytest.mark.parametrize("typed", ["+86-13800138010", "+86 138 0013 8010", "0086 13800138010",
                                   "008613800138010", "+86 13800138010", "(+86)13800138010"])
def test_phones_with_the_country_code(typed):
    assert rules.normalize_phone(typed) == "13800138010"
    assert rules.check_phone(typed) == []


def test_floating_people_and_children_as_offices_write_them(store, actor, street, tmp_path):
    son = make_id("410105", "20100101", 31)        # odd: male
    daughter = make_id("410105", "20120202", 42)   # even: female
    rows = [HH_HEAD + ["联系电话"],
            ["张三", ID_M, "流动人员", "幸福小区3号楼2单元701室", "H7", "户主", "+86-13800138010"],
            ["张小", son, "流动人口", "幸福小区3号楼2单元701室", "H7", "子女", "+86 138 0013 8011"],
            ["张丫", daughter, "流动人员", "幸福小区3号楼2单元701室", "H7", "子女", "0086 13800138012"],
            ["张二", make_id("410105", "20140303", 53), "流动", "幸福小区3号楼2单元701室", "H7",
             "儿子", ""],
            ["张妞", make_id("410105", "20160404", 64), "流动", "幸福小区3号楼2单元701室", "H7",
             "女儿", ""]]
    plan, _ = do_import(store, actor, write_csv(tmp_path / "f.csv", rows), street["grid1"])
    assert problems(plan) == {}
    assert resident(store, ID_M)["residence_type"] == "floating"
    assert resident(store, ID_M)["phone"] == "13800138010"
    assert resident(store, son)["relation"] == "son"
    assert resident(store, daughter)["relation"] == "daughter"
    assert resident(store, daughter)["phone"] == "13800138012"


# ------------------------------------------------------------------ 7. month-only dates

@pytest.mark.parametrize("typed", ["2019年5月", "2019.05", "2019-05", "201905", "2019/5",
                                   201905])
def test_a_month_only_move_in_date_is_stored_as_a_month(store, actor, street, tmp_path, typed):
    rows = [["姓名", "身份证号", "人员类别", "迁入日期"], ["张三", ID_M, "户籍", typed]]
    plan, _ = do_import(store, actor, write_xlsx(tmp_path / "d.xlsx", rows), street["grid1"])
    assert problems(plan) == {}
    assert resident(store, ID_M)["moved_in_date"] == "2019-05"


def test_the_domain_takes_a_month_where_a_month_means_something(roster, street):
    clean, issues = rules.validate_resident(
        {"name": "张三", "id_number": ID_M, "residence_type": "registered",
         "moved_in_date": "2019-05"}, TODAY)
    assert not rules.errors(issues) and clean["moved_in_date"] == "2019-05"
    for bad, code in (("2019-13", "date.invalid"), ("2099-05", "date.future"),
                      ("2019-5", "date.invalid")):
        _c, issues = rules.validate_resident(
            {"name": "张三", "id_number": ID_M, "residence_type": "registered",
             "moved_in_date": bad}, TODAY)
        assert [(i.field, i.code) for i in issues] == [("moved_in_date", code)], bad
    # a birth date stays a day (it comes from the ID)
    _c, issues = rules.validate_resident(
        {"name": "张三", "id_number": ID_M, "residence_type": "registered",
         "birth_date": "1980-01"}, TODAY)
    assert ("birth_date", "date.invalid") in [(i.field, i.code) for i in issues]
    # the desktop's own write path takes it as well
    created = roster.create_resident({"name": "张三", "id_number": ID_M,
                                      "residence_type": "registered",
                                      "moved_in_date": "2019-05"},
                                     grid_id=street["grid1"]["id"])
    assert roster.resident(created["id"])["moved_in_date"] == "2019-05"


# ------------------------------------------------------------------ 9. Big5

def test_a_big5_csv_is_read_as_big5_with_a_note(store, actor, street, tmp_path):
    rows = [["姓名", "身份證號碼", "性別", "人員類別", "聯繫電話"],
            ["陳大文", ID_M, "男", "戶籍", "13800138000"],
            ["黃麗華", ID_F, "女", "流動人口", "13800138001"]]
    path = csv_bytes(tmp_path / "big5.csv", rows, "big5")
    source = read_file(path)
    assert source.encoding == "big5"
    assert "姓名" in source.sheet.rows[0][1] and "身份證號碼" in source.sheet.rows[0][1]
    assert [c for c, _p in source.notes] == ["encoding.big5"]
    assert "Big5" in source_note_message(*source.notes[0])
    plan, _ = do_import(store, actor, path, street["grid1"])
    assert problems(plan) == {}
    assert resident(store, ID_M)["name"] == "陳大文"
    assert resident(store, ID_F)["residence_type"] == "floating"


def test_gbk_text_stays_gbk(tmp_path):
    rows = [["姓名", "身份证号", "人员类别"], ["张三", ID_M, "户籍"], ["李四", ID_F, "流动"]]
    source = read_file(csv_bytes(tmp_path / "gbk.csv", rows, "gbk"))
    assert source.encoding == "gb18030" and source.notes == []
    assert source.sheet.rows[1][1][0] == "张三"


# ------------------------------------------------------------------ 10. summary sheet, totals

def test_the_roster_sheet_is_chosen_by_its_headers_and_totals_are_skipped(store, actor, street,
                                                                         tmp_path):
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "汇总"
    for r in (["网格", "人员类别", "人数", "备注"], ["第一网格", "户籍", 3, ""],
              ["第一网格", "流动", 0, ""]):
        summary.append(r)
    ws = wb.create_sheet("花名册")
    ws.append(["经三路社区花名册"])
    ws.merge_cells("A1:F1")
    ws.append(["序号", "姓名", "身份证号", "性别", "人员类别", "现住址"])
    ws.append([1, "张三", ID_M, "男", "户籍", "幸福小区3号楼2单元501室"])
    ws.append([2, "李四", ID_F, "女", "户籍", "幸福小区3号楼2单元501室"])
    ws.append([3, "王五", ID_3, "男", "户籍", "幸福小区3号楼2单元502室"])
    ws.append(["合计"])                            # merged across the row: 合计 in every cell
    ws.merge_cells("A6:F6")
    ws.append(["小 计", None, None, None, "3人"])
    ws.append(["填表人：王网格    审核人：李书记    制表日期：2026年11月28日"])
    ws.merge_cells("A8:F8")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    source = read_file(str(path))
    assert source.sheet.name == "花名册"
    assert [c for c, _p in source.notes] == ["sheet.chosen"]
    assert "花名册" in source_note_message(*source.notes[0])
    analysis = analyse(store.conn, source, Options(street["grid1"]["id"], "update", None, True),
                       actor, today=TODAY)
    plan = analysis.plan()
    assert problems(plan) == {}
    assert len(plan.create) == 3
    assert analysis.skipped_rows == [(6, "total"), (7, "total"), (8, "footer")]
    text = skipped_text(analysis.skipped_rows)
    assert "6" in text and "8" in text
