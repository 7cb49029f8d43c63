"""Roster workbooks going out: the export (masked, watermarked, audited), the template
(filled in and imported again) and the error report (fixed and imported again)."""
from __future__ import annotations

import datetime as dt
import json
import os

import openpyxl
import pytest

from app.models.domain import rules
from app.models.io import exporter
from app.models.io.commit import commit
from app.models.io.plan import Options, analyse
from app.models.io.readers import read_file
from app.models.roster import search
from app.models.write import audit
from app.models.write.unit import Actor

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 9, 30)


def make_id(area: str, birth: str, seq: int) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + rules.id_check_char(first17)


ID_A = make_id("410105", "19800101", 11)
ID_B = make_id("410105", "19820202", 24)
ID_C = make_id("410105", "19950505", 33)


@pytest.fixture
def people(roster, street):
    zs = roster.create_resident(dict(name="张三", id_number=ID_A, phone="13812345678",
                                     residence_type="registered", ethnicity="01"),
                                household_id=street["household1"]["id"], relation="self")
    li = roster.create_resident(dict(name="李四", id_number=ID_B, phone="0371-65551234",
                                     residence_type="registered"),
                                household_id=street["household1"]["id"], relation="spouse")
    wang = roster.create_resident(dict(name="王𠮷", id_number=ID_C, residence_type="floating"),
                                  grid_id=street["grid2"]["id"])
    roster.add_tag(li["id"], "elderly_alone")
    roster.add_tag(li["id"], "community_correction")
    return dict(zs=zs, li=li, wang=wang)


def sheet_rows(path):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    return wb, ws, [[c.value for c in row] for row in ws.iter_rows()]


def export(store, actor, path, query=None, **kw):
    return exporter.export_roster(store, store.conn, query or search.RosterQuery(), str(path),
                                  actor, now=NOW, **kw)


def test_export_is_masked_watermarked_and_audited(store, actor, people, tmp_path):
    path = tmp_path / "out.xlsx"
    audit_before = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    result = export(store, actor, path)
    assert result.rows == 3 and result.masked
    wb, ws, rows = sheet_rows(path)
    note = rows[0][0]
    assert "王网格" in note and "worker-1" in note and "2026-11-28 09:30" in note
    assert "已脱敏" in note
    assert "王网格" in ws.oddHeader.center.text and "2026-11-28 09:30" in ws.oddFooter.left.text
    assert wb.properties.creator == "王网格"
    head = rows[1]
    by_name = {r[head.index("姓名")]: dict(zip(head, r)) for r in rows[2:]}
    assert by_name["张三"]["身份证号"] == rules.mask_id(ID_A) == "4101**********0113"
    assert by_name["张三"]["联系电话"] == "138****5678"
    assert by_name["李四"]["联系电话"] == "0371-****1234"
    assert by_name["张三"]["现住址"] == "幸福小区3号楼2单元501室"
    assert by_name["张三"]["民族"] == "汉族" and by_name["张三"]["与户主关系"] == "本人"
    assert by_name["王𠮷"]["所属网格"] == "第二网格"
    assert by_name["李四"]["标签"] == "独居老人"          # key-group tags stay out by default
    seq, action, entity, detail = store.conn.execute(
        "SELECT seq, action, entity, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert seq == audit_before + 1 and (action, entity) == ("export", "residents")
    assert json.loads(detail)["rows"] == 3 and json.loads(detail)["masked"] is True
    assert audit.verify_chain(store.conn) is None
    assert not os.path.exists(str(path) + ".part")
    # key-group tags stay out for a role without 防 even when the caller asks for them
    export(store, actor, tmp_path / "asked.xlsx", include_key_tags=True)
    _wb2, _ws2, rows2 = sheet_rows(tmp_path / "asked.xlsx")
    assert "社区矫正" not in str(rows2) and "独居老人" in str(rows2)


def test_full_values_only_for_roles_that_may(store, people, tmp_path):
    supervisor = Actor("sup-1", "李书记", "community_supervisor")
    path = tmp_path / "full.xlsx"
    with pytest.raises(exporter.ExportRefused) as refused:   # full values need a reason
        export(store, supervisor, path, full_values=True)
    assert str(refused.value) == "reason_required" or refused.value.args[0] == "reason_required"
    assert not path.exists()
    result = export(store, supervisor, path, full_values=True, include_key_tags=True,
                    reason="民政局低保复核名单")
    assert not result.masked
    detail = json.loads(store.conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'export' ORDER BY seq DESC").fetchone()[0])
    assert detail["reason"] == "民政局低保复核名单" and detail["masked"] is False
    _wb, _ws, rows = sheet_rows(path)
    head = rows[1]
    values = {r[head.index("姓名")]: dict(zip(head, r)) for r in rows[2:]}
    assert values["张三"]["身份证号"] == ID_A and values["张三"]["联系电话"] == "13812345678"
    assert values["李四"]["标签"] == "独居老人、社区矫正"
    assert "已脱敏" not in rows[0][0]

    worker = Actor("w", "网格员", "grid_worker")
    with pytest.raises(exporter.ExportRefused):
        export(store, worker, tmp_path / "no.xlsx", full_values=True)
    for role in ("auditor", "admin", "dept_handler"):
        before = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        with pytest.raises(exporter.ExportRefused):
            export(store, Actor("x", "x", role), tmp_path / f"{role}.xlsx")
        assert not (tmp_path / f"{role}.xlsx").exists()
        assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_export_follows_the_current_filter(store, actor, street, people, tmp_path):
    path = tmp_path / "grid2.xlsx"
    result = export(store, actor, path, search.RosterQuery(path_prefix=street["grid2"]["code"]))
    assert result.rows == 1
    _wb, _ws, rows = sheet_rows(path)
    assert [r[0] for r in rows[2:]] == ["王𠮷"]
    result = export(store, actor, tmp_path / "zs.xlsx", search.RosterQuery(text="zs"))
    assert result.rows == 1


def test_an_export_whose_audit_cannot_be_written_leaves_no_file(store, actor, people,
                                                                  tmp_path, monkeypatch):
    def broken(*_a, **_k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(exporter, "unit_of_work", broken)
    path = tmp_path / "out.xlsx"
    with pytest.raises(RuntimeError):
        export(store, actor, path)
    assert not path.exists() and not os.path.exists(str(path) + ".part")


def test_a_full_export_imports_again_without_duplicates(store, street, people, tmp_path):
    supervisor = Actor("sup-1", "李书记", "community_supervisor")
    path = tmp_path / "full.xlsx"
    export(store, supervisor, path, full_values=True, reason="核对")
    before = store.conn.execute("SELECT count(*) FROM residents").fetchone()[0]
    source = read_file(str(path))
    analysis = analyse(store.conn, source, Options(street["grid1"]["id"], "update"),
                       supervisor, today=TODAY)
    plan = analysis.plan()
    assert plan.counts()["errors"] == 0 and len(plan.unchanged) == 3
    commit(store, supervisor, plan)
    assert store.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == before


def test_the_template_has_headers_help_and_text_columns(tmp_path):
    path = tmp_path / "template.xlsx"
    exporter.write_template(str(path))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["姓名", "证件类型", "身份证号"] and "现住址" in head and "户号" in head
    id_col = head.index("身份证号") + 1
    assert ws.cell(row=2, column=id_col).number_format == "@"     # text: digits stay
    assert ws.data_validations.dataValidation                      # drop-down lists
    assert "填写说明" in wb.sheetnames
    help_text = " ".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "幸福小区3号楼2单元501室" in help_text and "文本" in help_text
    assert wb["代码表"].sheet_state == "hidden"
    exporter.write_template(str(tmp_path / "en.xlsx"), "en")
    assert openpyxl.load_workbook(tmp_path / "en.xlsx").worksheets[0]["A1"].value == "Name"


def test_a_filled_template_imports(store, actor, street, tmp_path):
    path = tmp_path / "template.xlsx"
    exporter.write_template(str(path))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]

    def put(row, **values):
        for key, value in values.items():
            ws.cell(row=row, column=head.index(key) + 1, value=value)
    put(2, 姓名="张三", 身份证号=ID_A, 人员类别="户籍", 户号="T001", 与户主关系="本人",
        现住址="幸福小区3号楼2单元501室", 户类型="户籍户", 民族="汉族", 联系电话="13812345678")
    put(3, 姓名="李四", 身份证号=ID_B, 人员类别="户籍", 户号="T001", 与户主关系="配偶",
        出生日期="1982年2月2日", 政治面貌="中共党员", 在职党员="是", 党员所在单位="区财政局")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    source = read_file(str(filled))
    assert source.sheet.name == "居民信息"
    analysis = analyse(store.conn, source, Options(street["grid1"]["id"]), actor,
                       today=TODAY)
    plan = analysis.plan()
    assert plan.counts()["errors"] == 0
    result = commit(store, actor, plan)
    assert result.created == 2 and result.new_households == 1
    li = store.conn.execute("SELECT political_status, in_service_party_member, party_member_unit,"
                            " relation FROM residents WHERE id_number = ?", (ID_B,)).fetchone()
    assert li == ("01", 1, "区财政局", "spouse")


def test_the_error_report_lists_problems_and_imports_once_fixed(store, actor, street,
                                                               tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["居民名单"])
    ws.append(["姓名", "身份证号", "性别", "出生日期", "人员类别"])
    ws.append(["张三", ID_A, "男", "1980-01-01", "户籍"])
    ws.append(["李四", 4.10105198202020E+17, "女", "1982-02-02", "户籍"])
    ws.append(["王五", ID_C, "男", "2026-02-30", "流动"])
    src = tmp_path / "list.xlsx"
    wb.save(src)
    analysis = analyse(store.conn, read_file(str(src)),
                       Options(street["grid1"]["id"]), actor, today=TODAY)
    plan = analysis.plan()
    result = commit(store, actor, plan)
    assert result.created == 1 and result.not_imported == 2

    report = tmp_path / "problems.xlsx"
    n = exporter.write_error_report(str(report), plan, lambda i: f"<{i.code}>")
    assert n == 2
    out = openpyxl.load_workbook(report)
    fix, listing = out.worksheets
    head = [c.value for c in fix[1]]
    assert head == ["原行号", "姓名", "身份证号", "性别", "出生日期", "人员类别", "错误原因"]
    rows = [[c.value for c in r] for r in fix.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [4, 5]
    assert rows[0][2] == "410105198202020000" and "身份证号：<id.lost_digits>" in rows[0][6]
    assert fix.cell(row=2, column=3).fill.fgColor.rgb.endswith("FECACA")   # the bad cell is red
    assert fix.cell(row=2, column=3).number_format == "@"
    listed = [[c.value for c in r] for r in listing.iter_rows(min_row=2)]
    assert listed == [[4, "B 身份证号", "410105198202020000", "<id.lost_digits>"],
                      [5, "D 出生日期", "2026-02-30", "<date.unrecognised>"]]

    # the clerk fixes both cells in the report and imports the report itself
    fix.cell(row=2, column=3, value=ID_B)
    fix.cell(row=3, column=5, value="1995-05-05")
    fixed = tmp_path / "fixed.xlsx"
    out.save(fixed)
    analysis = analyse(store.conn, read_file(str(fixed)),
                       Options(street["grid1"]["id"]), actor, today=TODAY)
    assert analysis.mapping.get(0) is None and 6 not in analysis.mapping   # 原行号, 错误原因
    plan = analysis.plan()
    assert plan.counts()["errors"] == 0
    assert commit(store, actor, plan).created == 2
    assert store.conn.execute("SELECT count(*) FROM residents").fetchone()[0] == 3
