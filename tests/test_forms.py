"""一表通, the local half (issue 20): the five department templates of resources/forms
recognised, filled from a real demo store into copies that keep the department's
layout; masking, full values with a reason, audit; the 待补录 list and closing a gap
through the roster."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest

from app.models.demo import street as demo
from app.models.domain import rules
from app.models.forms import fields as ff
from app.models.forms.fill import fill
from app.models.io.exporter import ExportRefused
from app.models.forms.population import Population
from app.models.forms.template import FormSpec, TemplateProblem, recognise
from app.models.roster.repository import Roster
from app.models.store.database import open_store
from app.models.write.unit import Actor

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "resources" / "forms"
TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
COMMUNITY = "410105003001"
SUPERVISOR = Actor("sup-1", "李主任", "community_supervisor", COMMUNITY)
WORKER = Actor("w-1", "王网格", "grid_worker", COMMUNITY)
KEY_TAGS = ("community_correction", "released_prisoner", "severe_mental", "drug_user")

TEMPLATES = {          # title: (kind of row, the population an office asks for)
    "60岁以上老年人信息表": ("residents", Population(age_min=60)),
    "出租房屋登记表": ("houses", Population(house_uses=("rental", "group_rental"))),
    "九小场所消防检查台账": ("organizations", Population(org_kinds=("nine_small",))),
    "重点人员走访表": ("residents", Population(tags=KEY_TAGS)),
    "退役军人信息采集表": ("residents", Population(tags=("veteran",))),
}
FULL_ID_RE = re.compile(r"^\d{17}[\dX]$")


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    s = open_store(tmp_path_factory.mktemp("forms-demo"))
    demo.generate(s, 2500, seed=3, today=TODAY, geometry=False)
    yield s
    s.close()


@pytest.fixture
def small_store(tmp_path):
    s = open_store(tmp_path / "street")
    demo.generate(s, 600, seed=5, today=TODAY, geometry=False)
    yield s
    s.close()


def spec_for(title: str) -> FormSpec:
    spec = recognise(str(FORMS / f"{title}.xlsx"))
    spec.population = TEMPLATES[title][1]
    return spec


def age(birth: str) -> int:
    b = dt.date.fromisoformat(birth)
    return TODAY.year - b.year - ((TODAY.month, TODAY.day) < (b.month, b.day))


def expected_rows(conn, title: str) -> int:
    """The population counted another way than the fill's query does."""
    if title.startswith("60岁"):
        births = conn.execute("SELECT birth_date FROM residents WHERE deleted_at IS NULL "
                              "AND status = 'living' AND birth_date IS NOT NULL").fetchall()
        return sum(1 for (b,) in births if age(b) >= 60)
    if title.startswith("出租"):
        houses = conn.execute("SELECT id FROM houses WHERE deleted_at IS NULL "
                              "AND use IN ('rental', 'group_rental')").fetchall()
        total = 0
        for (hid,) in houses:
            now = conn.execute("SELECT count(*) FROM house_tenants WHERE house_id = ? "
                               "AND moved_out IS NULL AND deleted_at IS NULL", (hid,)).fetchone()[0]
            total += max(now, 1)
        return total
    if title.startswith("九小"):
        return conn.execute("SELECT count(*) FROM organizations WHERE deleted_at IS NULL "
                            "AND kind = 'nine_small'").fetchone()[0]
    tags = KEY_TAGS if title.startswith("重点") else ("veteran",)
    ids = {r for (r, t, until) in conn.execute(
        "SELECT resident_id, tag, until FROM resident_tags WHERE deleted_at IS NULL")
        if t in tags and (until is None or until >= TODAY.isoformat())}
    living = {r for (r,) in conn.execute(
        "SELECT id FROM residents WHERE deleted_at IS NULL AND status = 'living'")}
    return len(ids & living)


def header_merges(ws, bottom: int) -> set[str]:
    return {str(m) for m in ws.merged_cells.ranges if m.max_row <= bottom}


@pytest.mark.parametrize("title", list(TEMPLATES))
def test_each_template_is_recognised_without_help(title):
    spec = recognise(str(FORMS / f"{title}.xlsx"))
    assert spec.subject == TEMPLATES[title][0]
    assert spec.title == title
    assert spec.auto_share() >= 0.9, [c.header for c in spec.unmapped()]
    wb = openpyxl.load_workbook(FORMS / f"{title}.xlsx")
    ws = wb.worksheets[0]
    # the header block is the two merged rows, the data starts below, 合计 is found
    assert ws.cell(spec.header_top, 1).value == "序号"
    assert str(ws.cell(spec.footer_row, 1).value).startswith("合计")
    assert "填表单位" in str(ws.cell(spec.info_row, 1).value)
    assert spec.data_start == spec.header_bottom + 1 > spec.header_top
    names = {c.field for c in spec.columns if c.field}
    assert names >= {"id_number"} or names >= {"name"} or names >= {"address"}


@pytest.mark.parametrize("title", list(TEMPLATES))
def test_each_template_is_filled_keeping_the_departments_layout(demo_store, title, tmp_path):
    spec = spec_for(title)
    out = tmp_path / f"{title}-filled.xlsx"
    result = fill(demo_store, spec, str(out), SUPERVISOR, today=TODAY, now=NOW)
    n = expected_rows(demo_store.conn, title)
    assert result.rows == n > 0
    assert result.masked
    before = openpyxl.load_workbook(FORMS / f"{title}.xlsx").worksheets[0]
    after = openpyxl.load_workbook(out).worksheets[0]
    # title, merged two-level headers and widths as the department made them
    assert after["A1"].value == title
    assert header_merges(after, spec.header_bottom) == header_merges(before, spec.header_bottom)
    for letter, dim in before.column_dimensions.items():
        assert after.column_dimensions[letter].width == dim.width
    # 填表单位 and 填表日期 filled in
    info = " ".join(str(c.value) for c in after[spec.info_row] if c.value)
    # the community is the filler's own, by the name the roster gives it
    community = demo_store.conn.execute("SELECT name FROM org_units WHERE code = ?",
                                        (COMMUNITY,)).fetchone()[0]
    assert community.endswith("社区")
    assert community in info and "2026年11月28日" in info
    # the 合计 row sits under the last row and its formula takes in every row
    blank = spec.footer_row - spec.data_start
    foot = spec.data_start + max(n, blank)
    assert after.cell(foot, 1).value == "合计"
    formula = next(c.value for c in after[foot] if isinstance(c.value, str)
                   and c.value.startswith("="))
    rng = re.search(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", formula)
    assert int(rng.group(2)) == spec.data_start and int(rng.group(4)) == foot - 1
    assert f"A{foot}:B{foot}" in {str(m) for m in after.merged_cells.ranges}
    assert str(after.cell(foot + 1, 1).value).startswith("填表人")      # the line under it too
    # every data row filled; IDs and phones as masked text
    secret_cols = [c.index for c in spec.columns if c.field and
                   ff.BY_KEY[spec.subject][c.field].secret]
    seen_ids = 0
    for r in range(spec.data_start, spec.data_start + n):
        first = next(c.index for c in spec.columns if c.field in ("name", "address"))
        assert after.cell(r, first).value
        for col in secret_cols:
            cell = after.cell(r, col)
            if cell.value is not None:
                assert cell.data_type == "s" and cell.number_format == "@"
                assert "*" in cell.value and not FULL_ID_RE.match(cell.value)
                seen_ids += 1
    assert seen_ids > 0
    # watermarked: who filled it, when
    mark = after.oddHeader.center.text
    assert "李主任" in mark and "2026-11-28 09:30" in mark


def test_values_are_written_as_the_template_expects(demo_store, tmp_path):
    spec = spec_for("60岁以上老年人信息表")
    out = tmp_path / "old.xlsx"
    fill(demo_store, spec, str(out), SUPERVISOR, today=TODAY, now=NOW)
    ws = openpyxl.load_workbook(out).worksheets[0]
    col = {c.field: c.index for c in spec.columns}
    genders, ages = set(), []
    for r in range(spec.data_start, spec.data_start + 20):
        birth = ws.cell(r, col["birth_date"]).value
        assert isinstance(birth, dt.datetime) and ws.cell(r, col["birth_date"]).is_date
        assert ws.cell(r, col["age"]).value == age(birth.date().isoformat()) >= 60
        genders.add(ws.cell(r, col["gender"]).value)
        ages.append(ws.cell(r, col["age"]).value)
        assert ws.cell(r, col["residence_kind"]).value in ("户籍", "流动")
        assert ws.cell(r, col["seq"]).value == r - spec.data_start + 1
    assert genders <= {"男", "女"} and genders


def test_the_templates_own_formula_column_is_carried_down(demo_store, tmp_path):
    spec = spec_for("重点人员走访表")
    seq = next(c for c in spec.columns if c.header == "序号")
    assert seq.formula and seq.field is None
    spec.population = Population()                 # everyone: more rows than the template has
    out = tmp_path / "visits.xlsx"
    result = fill(demo_store, spec, str(out), SUPERVISOR, today=TODAY, now=NOW)
    ws = openpyxl.load_workbook(out).worksheets[0]
    last = spec.data_start + result.rows - 1
    assert ws.cell(last, seq.index).value == "=ROW()-4"
    assert ws.cell(last + 1, 1).value == "合计"


def test_full_values_need_the_right_and_a_reason_and_are_audited(demo_store, tmp_path):
    spec = spec_for("退役军人信息采集表")
    out = tmp_path / "full.xlsx"
    with pytest.raises(ExportRefused):
        fill(demo_store, spec, str(out), WORKER, full_values=True, reason="民政局要求")
    with pytest.raises(ExportRefused):
        fill(demo_store, spec, str(out), SUPERVISOR, full_values=True, reason="  ")
    assert not out.exists()
    before = demo_store.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    result = fill(demo_store, spec, str(out), SUPERVISOR, full_values=True,
                  reason="区退役军人事务局年度采集", today=TODAY, now=NOW)
    assert not result.masked
    ws = openpyxl.load_workbook(out).worksheets[0]
    id_col = next(c.index for c in spec.columns if c.field == "id_number")
    ids = [ws.cell(r, id_col).value for r in range(spec.data_start, spec.data_start + result.rows)]
    assert ids and all(FULL_ID_RE.match(v) for v in ids)
    stored = {r[0] for r in demo_store.conn.execute("SELECT id_number FROM residents")}
    assert set(ids) <= stored
    rec = demo_store.conn.execute(
        "SELECT actor, action, entity, detail FROM audit_log WHERE seq > ?", (before,)).fetchall()
    assert len(rec) == 1
    actor, action, entity, detail = rec[0]
    detail = json.loads(detail)
    assert (actor, action, entity) == ("sup-1", "export", "residents")
    assert detail["reason"] == "区退役军人事务局年度采集" and detail["masked"] is False
    assert detail["rows"] == result.rows and detail["form"] == "退役军人信息采集表"
    assert not any(i in json.dumps(detail) for i in ids)


def test_key_groups_go_out_only_with_the_right_to_see_them(demo_store, tmp_path):
    spec = spec_for("重点人员走访表")
    with pytest.raises(ExportRefused) as err:
        fill(demo_store, spec, str(tmp_path / "k.xlsx"), WORKER, today=TODAY, now=NOW)
    assert str(err.value) == "key_groups"
    # a care population filled by a grid worker never shows a key-group tag
    spec.population = Population(age_min=18)
    result = fill(demo_store, spec, str(tmp_path / "c.xlsx"), WORKER, today=TODAY, now=NOW)
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx").worksheets[0]
    col = next(c.index for c in spec.columns if c.field == "tags")
    shown = {ws.cell(r, col).value for r in range(spec.data_start, spec.data_start + result.rows)}
    assert not any(v and ("矫正" in v or "精神" in v or "刑满" in v) for v in shown)


def test_the_gap_list_names_who_lacks_what_and_the_roster_closes_it(small_store, tmp_path):
    conn = small_store.conn
    spec = spec_for("60岁以上老年人信息表")
    first = fill(small_store, spec, str(tmp_path / "1.xlsx"), SUPERVISOR, today=TODAY, now=NOW)
    no_phone = {name for name, birth, phone in conn.execute(
        "SELECT name, birth_date, phone FROM residents WHERE deleted_at IS NULL "
        "AND status = 'living'") if birth and age(birth) >= 60 and not phone}
    if not no_phone:      # the demo gave every elder a phone: take one away, through the roster
        rid = conn.execute("SELECT id FROM residents WHERE birth_date <= '1960-01-01' "
                           "AND phone IS NOT NULL LIMIT 1").fetchone()[0]
        Roster(small_store, SUPERVISOR, today=TODAY).update_resident(rid, {"phone": None})
        first = fill(small_store, spec, str(tmp_path / "1.xlsx"), SUPERVISOR, today=TODAY,
                     now=NOW)
        no_phone = {conn.execute("SELECT name FROM residents WHERE id = ?", (rid,)).fetchone()[0]}
    phone_gaps = [g for g in first.gaps if g.field == "phone"]
    assert {g.name for g in phone_gaps} == no_phone
    assert all(g.grid and g.label == "联系电话" for g in phone_gaps)
    assert all(g.worker for g in phone_gaps)                  # whose work it is
    ws = openpyxl.load_workbook(tmp_path / "1.xlsx").worksheets[0]
    gap = phone_gaps[0]
    assert ws.cell(gap.row, gap.column).value is None
    assert ws.cell(gap.row, gap.column).fill.fgColor.rgb.endswith("FFF2CC")
    assert gap.worker in first.gaps_by_worker()
    # the grid worker completes the roster once (the one write path), the table re-fills
    Roster(small_store, WORKER, today=TODAY).update_resident(gap.record_id,
                                                             {"phone": "13812345678"})
    again = fill(small_store, spec, str(tmp_path / "2.xlsx"), SUPERVISOR, today=TODAY, now=NOW)
    assert gap.record_id not in {g.record_id for g in again.gaps if g.field == "phone"}
    assert len([g for g in again.gaps if g.field == "phone"]) == len(phone_gaps) - 1
    ws = openpyxl.load_workbook(tmp_path / "2.xlsx").worksheets[0]
    name_col = next(c.index for c in spec.columns if c.field == "name")
    row = next(r for r in range(spec.data_start, spec.data_start + again.rows)
               if ws.cell(r, name_col).value == gap.name)
    assert ws.cell(row, gap.column).value == rules.mask_phone("13812345678")
    op = conn.execute("SELECT count(*) FROM outbox WHERE entity = 'residents' "
                      "AND entity_id = ?", (gap.record_id,)).fetchone()[0]
    assert op >= 1                                             # synced like any roster edit


def test_a_mapping_made_by_hand_is_saved_as_data_and_used(demo_store, tmp_path):
    spec = spec_for("退役军人信息采集表")
    missing = spec.unmapped()
    assert [c.header for c in missing] == ["退役时间"]
    spec.set_field(missing[0].index, "tag_since", param="veteran")
    saved = tmp_path / "veterans.json"
    spec.save(str(saved))
    loaded = FormSpec.load(str(saved))
    assert loaded.mapped_share() == 1.0 and loaded.population.tags == ("veteran",)
    assert loaded.workbook_bytes() == (FORMS / "退役军人信息采集表.xlsx").read_bytes()
    out = tmp_path / "v.xlsx"
    result = fill(demo_store, loaded, str(out), SUPERVISOR, today=TODAY, now=NOW)
    ws = openpyxl.load_workbook(out).worksheets[0]
    name_col = next(c.index for c in loaded.columns if c.field == "name")
    since = dict(demo_store.conn.execute(
        "SELECT r.name, t.since FROM resident_tags t JOIN residents r ON r.id = t.resident_id "
        "WHERE t.tag = 'veteran' AND t.deleted_at IS NULL"))
    for r in range(loaded.data_start, loaded.data_start + result.rows):
        cell = ws.cell(r, missing[0].index).value
        assert cell.date().isoformat() == since[ws.cell(r, name_col).value]


def test_a_file_that_is_no_table_is_refused_clearly(tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(TemplateProblem) as err:
        recognise(str(bad))
    assert err.value.code == "form.unreadable"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "会议纪要"
    wb.active["A2"] = "今天开会讨论冬季供暖"
    wb.save(tmp_path / "memo.xlsx")
    with pytest.raises(TemplateProblem) as err:
        recognise(str(tmp_path / "memo.xlsx"))
    assert err.value.code == "form.no_header"


def test_an_office_sheet_in_its_own_words_maps_itself(tmp_path):
    """Headers as offices write them (公民身份号码, 手机号, 现居住地址, 出生年月日): the
    importer's knowledge maps them without help."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "困难群众摸排表"
    heads = ["序号", "姓 名", "公民身份号码", "性别", "出生年月日", "手机号", "现居住地址",
             "人口类别", "家庭人数", "是否独居", "最近走访时间", "包联网格员", "所在网格", "备注"]
    for i, h in enumerate(heads, start=1):
        ws.cell(2, i, h)
    wb.save(tmp_path / "own.xlsx")
    spec = recognise(str(tmp_path / "own.xlsx"))
    assert spec.subject == "residents" and spec.auto_share() >= 0.9
    assert spec.footer_row is None and spec.data_start == 3


def test_the_dialog_maps_chooses_fills_and_lists_the_gaps(qtbot, small_store, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QComboBox
    from app.ui.forms.forms_dialog import FormsDialog

    roster = Roster(small_store, SUPERVISOR, today=TODAY)
    dialog = FormsDialog(small_store, lambda: SUPERVISOR, roster.grids())
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    assert not dialog.fill_button.isEnabled()
    dialog.open_template(str(FORMS / "退役军人信息采集表.xlsx"))
    spec = dialog.spec
    # the one column it could not name is highlighted and offered every field
    row = next(i for i, c in enumerate(spec.columns) if c.header == "退役时间")
    assert dialog.columns.item(row, 0).background().color().name() == "#fef3c7"
    assert dialog.columns.item(0, 0).background().style() == Qt.NoBrush          # mapped: plain
    assert "15" in dialog.mapped_label.text() and "16" in dialog.mapped_label.text()
    # the title chose the population: veterans
    checked = dialog.checked_tags()
    assert checked == ["veteran"]
    box = dialog.columns.cellWidget(row, 1)
    assert isinstance(box, QComboBox)
    box.setCurrentIndex(box.findData("tag_since"))
    assert spec.columns[row].field == "tag_since" and spec.columns[row].param == "veteran"
    assert dialog.columns.item(row, 0).background().style() == Qt.NoBrush
    # full values want a reason, beside the field; nothing is written
    dialog.full_values.setChecked(True)
    out = tmp_path / "filled.xlsx"
    dialog.fill_to(str(out))
    assert dialog.reason_error.text() and not out.exists()
    dialog.full_values.setChecked(False)
    got = []
    dialog.fill_to(str(out), got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    result = got[0]
    assert isinstance(result, type(dialog.result)) and out.exists()
    assert result.rows == expected_rows(small_store.conn, "退役军人信息采集表")
    assert dialog.gaps.rowCount() == len(result.gaps)
    if result.gaps:
        assert dialog.gaps.item(0, 0).text() == result.gaps[0].name
    assert str(result.rows) in dialog.status.text()


def test_a_column_merged_across_two_cells_is_one_column_in_every_row(demo_store, tmp_path):
    """Offices merge a wide column (现住址 over two cells, in the header and in each blank
    row): it is one column, filled in its first cell, and the new rows are merged alike."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "独居老人关爱台账"
    for col, head in enumerate(["序号", "姓名", "身份证号", "现住址", None, "联系电话"], start=1):
        ws.cell(2, col, head)
    ws.merge_cells("D2:E2")
    for r in (3, 4):
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)
    ws["A5"] = "合计"
    ws["B5"] = "=COUNTA(B3:B4)"
    wb.save(tmp_path / "alone.xlsx")
    spec = recognise(str(tmp_path / "alone.xlsx"))
    assert [c.header for c in spec.columns] == ["序号", "姓名", "身份证号", "现住址", "联系电话"]
    assert spec.auto_share() == 1.0
    spec.population = Population(tags=("elderly_alone",))
    result = fill(demo_store, spec, str(tmp_path / "out.xlsx"), SUPERVISOR, today=TODAY, now=NOW)
    assert result.rows > 2
    out = openpyxl.load_workbook(tmp_path / "out.xlsx").worksheets[0]
    merges = {str(m) for m in out.merged_cells.ranges}
    last = 3 + result.rows - 1
    assert {f"D{r}:E{r}" for r in range(3, last + 1)} <= merges
    assert all(out.cell(r, 4).value for r in range(3, last + 1))
    assert out.cell(last + 1, 2).value == f"=COUNTA(B3:B{last})"


def test_the_report_page_opens_the_dialog(qtbot, small_store):
    from app.models.cases.repository import Cases
    from app.ui.forms.forms_dialog import FormsDialog
    from app.ui.reports.report_page import ReportPage

    page = ReportPage(small_store, Cases(small_store, SUPERVISOR),
                      Roster(small_store, SUPERVISOR, today=TODAY))
    qtbot.addWidget(page)
    button = page.findChild(type(page.xlsx_button), "openForms")
    button.click()
    dialog = page.findChild(FormsDialog)
    assert dialog is not None and dialog.isVisible()
    grids = [dialog.grid.itemText(i) for i in range(1, dialog.grid.count())]
    assert grids and all("网格" in g for g in grids)
    dialog.close()
