"""Roster workbooks going out: the filtered roster, the blank import template and
the error report of an import. Qt-free; the UI runs them off the GUI thread.

Export rules (domain.md §6): only roles holding 管 may export; ID numbers and
phones are masked unless the role may see full values and the user asked for
them; every sheet carries a watermark (a first-row note, the page header and
footer, the document properties) naming the user and the time; each export is an
audit record (``UnitOfWork.note('export', …)``) written after the file is saved
(a file whose audit record cannot be written is removed).

Workbook text (headers, labels, the help sheet) is data in both languages, like
the dictionaries; the language is the caller's UI language. The headers are the
import's (``layout.FIELDS``), so an exported roster (with full values) or a filled
template imports again.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Callable

from app.models.domain import choices as d
from app.models.domain import rules
from app.models.io.layout import FIELD_BY_KEY
from app.models.io.normalise import as_excel_shows
from app.models.io.plan import Plan, issue_column
from app.models.io.source import Cancelled
from app.models.io.xlsx import column_letter
from app.models.roster import search
from app.models.write.unit import Actor, unit_of_work

# 管 (manage the roster), who may take full ID numbers and phones out of the building,
# and 防 (key-group tags): the one table of roles and rights (domain.md §2).
from app.models.domain.rights import (  # noqa: E402
    EXPORTERS as EXPORT_ROLES, FULL_VALUE_EXPORTERS as FULL_VALUE_ROLES, KEY_GROUP_ROLES)

Progress = Callable[[str, int, int], None]


def may_export(role: str) -> bool:
    return role in EXPORT_ROLES


def may_export_full_values(role: str) -> bool:
    return role in FULL_VALUE_ROLES


def may_export_key_groups(role: str) -> bool:
    """Key-group tags (重点人群, PIPL sensitive) go out only with 防 (domain.md §3)."""
    return role in KEY_GROUP_ROLES


class ExportRefused(PermissionError):
    """The role may not export (or not with full values)."""


def _zh(lang: str) -> bool:
    return lang.startswith("zh")


def _label(choice, lang: str) -> str:
    return choice.label(lang) if choice else ""


def _header(key: str, lang: str) -> str:
    f = FIELD_BY_KEY[key]
    return f.zh if _zh(lang) else f.en


def watermark_text(actor: Actor, at: dt.datetime, lang: str) -> str:
    stamp = at.strftime("%Y-%m-%d %H:%M")
    if _zh(lang):
        return f"内部资料 注意保密 · 导出人：{actor.name}（{actor.user_id}） · 导出时间：{stamp}"
    return f"Internal, confidential · exported by {actor.name} ({actor.user_id}) · {stamp}"


def watermark_sheet(ws, text: str, *, page_numbers: bool = True) -> None:
    """The watermark in every page's header and footer (and ``page x / y`` unless the
    sheet is a department's template whose own footer stays as it made it)."""
    # '&' starts a field code in Excel headers; a user name with '&' must be doubled.
    safe = text.replace("&", "&&")
    for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        part.center.text = safe
        part.center.size = 9
    for part in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        part.left.text = safe
        part.left.size = 8
        if page_numbers:
            part.right.text = "&P / &N"
            part.right.size = 8


# ================================================================ roster export

EXPORT_COLUMNS = ("name", "id_type", "id_number", "gender", "birth_date", "ethnicity", "phone",
                  "residence_type", "relation", "household_number", "grid", "address",
                  "registered_address", "political_status", "education", "occupation",
                  "work_unit", "marital_status", "moved_in_date", "status",
                  "in_service_party_member", "party_member_unit", "tags", "notes")
WIDTHS = {"name": 10, "id_number": 21, "phone": 14, "address": 30, "registered_address": 30,
          "birth_date": 12, "moved_in_date": 12, "household_number": 12, "grid": 12,
          "tags": 16, "notes": 24, "work_unit": 18, "id_type": 12}

_EXPORT_SQL = """
    SELECT r.rid, r.name, r.id_type, r.id_number, r.gender, r.birth_date, r.ethnicity, r.phone,
           r.residence_type, r.relation, h.number, g.name, a.full_name, r.registered_address,
           r.political_status, r.education, r.occupation, r.work_unit, r.marital_status,
           r.moved_in_date, r.status, r.in_service_party_member, r.party_member_unit,
           (SELECT group_concat(t.tag, ',') FROM resident_tags t
             WHERE t.resident_id = r.id AND t.deleted_at IS NULL
               AND (t.until IS NULL OR t.until >= ?)),
           r.notes
    FROM residents r
    LEFT JOIN households h ON h.id = r.household_id
    LEFT JOIN addresses a ON a.id = h.room_id
    LEFT JOIN org_units g ON g.id = r.grid_id
    WHERE r.rid IN ({marks})
"""


@dataclass
class ExportResult:
    path: str
    rows: int
    masked: bool
    at: str


def export_roster(store, conn, query: search.RosterQuery, path: str, actor: Actor, *,
                  full_values: bool = False, include_key_tags: bool = False,
                  lang: str = "zh_CN", now: dt.datetime | None = None,
                  progress: Progress | None = None,
                  cancel: Callable[[], bool] | None = None,
                  reason: str = "") -> ExportResult:
    """Write the residents matching ``query`` to an xlsx at ``path``; audit it through
    ``store`` (a Store or ConnectionStore whose connection is ``conn``)."""
    if not may_export(actor.role):
        raise ExportRefused("export")
    if full_values and not may_export_full_values(actor.role):
        raise ExportRefused("full_values")
    if full_values and not reason.strip():
        # full values leaving the building are a reveal of every row: say why (§6)
        raise ExportRefused("reason_required")
    include_key_tags = include_key_tags and may_export_key_groups(actor.role)
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    now = now or dt.datetime.now().astimezone()
    total = search.count(conn, query)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("居民台账" if _zh(lang) else "Roster")
    mark = watermark_text(actor, now, lang)
    masked_note = ("" if full_values else
                   (" · 身份证号、电话已脱敏" if _zh(lang) else " · ID numbers and phones masked"))
    watermark_sheet(ws, mark)
    wb.properties.creator = actor.name
    wb.properties.title = "居民台账导出" if _zh(lang) else "Roster export"
    wb.properties.description = mark + masked_note
    wb.properties.keywords = "GridDesk"
    ws.freeze_panes = "B3"
    for i, key in enumerate(EXPORT_COLUMNS):
        ws.column_dimensions[column_letter(i)].width = WIDTHS.get(key, 10)
    note = WriteOnlyCell(ws, value=mark + masked_note + (f" · 共 {total} 人" if _zh(lang)
                                                        else f" · {total} residents"))
    note.font = Font(bold=True, color="B91C1C")
    ws.append([note])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E5EDF7")
    heads = []
    for key in EXPORT_COLUMNS:
        text = ("标签" if _zh(lang) else "Tags") if key == "tags" else _header(key, lang)
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
        heads.append(cell)
    ws.append(heads)

    today = dt.date.today().isoformat()
    done = 0
    cursor = None
    while True:
        if cancel and cancel():
            raise Cancelled()
        rids, cursor = search.query_page(conn, query, cursor)
        if rids:
            marks = ",".join("?" * len(rids))
            fetched = {row[0]: row for row in conn.execute(_EXPORT_SQL.format(marks=marks),
                                                           [today, *rids])}
            for i, rid in enumerate(rids):
                if cancel and i % 100 == 99 and cancel():
                    raise Cancelled()
                row = fetched.get(rid)
                if row is not None:
                    ws.append(_export_cells(row, full_values, include_key_tags, lang))
                    done += 1
        if progress:
            progress("export", done, total)
        if cursor is None:
            break
    tmp = path + ".part"
    wb.save(tmp)
    at = now.isoformat(timespec="seconds")
    try:
        with unit_of_work(store, actor) as w:
            # the audit log keeps what kind of list was exported, never the search as
            # typed (a full ID number, a phone); free text is masked like on screen
            w.note("export", "residents", None, {
                "rows": done, "masked": not full_values,
                "file": rules.redact_numbers(os.path.basename(path)),
                "query": {"text": search.describe_text(query.text),
                          "path": query.path_prefix, "tag": query.tag,
                          "residence_type": query.residence_type, "status": query.status},
                "key_tags": include_key_tags,
                **({"reason": rules.redact_numbers(reason.strip())[:200]}
                   if full_values else {})})
    except BaseException:
        os.remove(tmp)
        raise
    os.replace(tmp, path)
    return ExportResult(path, done, not full_values, at)


def _export_cells(row: tuple, full: bool, key_tags: bool, lang: str) -> list:
    (_rid, name, id_type, id_number, gender, birth, ethnicity, phone, residence, relation,
     hh_number, grid, address, registered, political, education, occupation, work_unit,
     marital, moved_in, status, in_service, party_unit, tags, notes) = row
    tag_labels = []
    for code in (tags or "").split(","):
        tt = d.TAG_TYPES.get(code)
        if tt and (key_tags or tt.group != "key"):
            tag_labels.append(_label(tt, lang))
    yes, no = ("是", "否") if _zh(lang) else ("yes", "no")
    values = [
        name, _label(d.ID_TYPES.get(id_type), lang),
        id_number if full else rules.mask_id(id_number),
        _label(d.GENDERS.get(gender), lang), birth, _label(d.ETHNICITIES.get(ethnicity), lang),
        phone if full else rules.mask_phone(phone),
        _label(d.RESIDENCE_TYPES.get(residence), lang), _label(d.RELATIONS.get(relation), lang),
        hh_number, grid, (address or "").replace(" ", ""), registered,
        _label(d.POLITICAL_STATUS.get(political), lang), _label(d.EDUCATION.get(education), lang),
        occupation, work_unit, _label(d.MARITAL_STATUS.get(marital), lang), moved_in,
        _label(d.RESIDENT_STATUS.get(status), lang), yes if in_service else no, party_unit,
        "、".join(tag_labels), notes,
    ]
    # Plain values: a string is written as a text cell, which Excel keeps as text (an ID
    # number stays 18 characters); per-cell styles would make a 100,000-row export slow.
    return [value if value != "" else None for value in values]


# ==================================================================== template

TEMPLATE_COLUMNS = ("name", "id_type", "id_number", "gender", "birth_date", "ethnicity", "phone",
                    "residence_type", "household_number", "relation", "household_kind", "address",
                    "registered_address", "political_status", "education", "occupation",
                    "work_unit", "marital_status", "moved_in_date", "status",
                    "in_service_party_member", "party_member_unit", "notes")
TEXT_COLUMNS = {"id_number", "phone", "household_number", "birth_date", "moved_in_date"}
LIST_COLUMNS = {"id_type": d.ID_TYPES, "gender": d.GENDERS, "ethnicity": d.ETHNICITIES,
                "residence_type": d.RESIDENCE_TYPES, "relation": d.RELATIONS,
                "household_kind": d.HOUSEHOLD_KINDS, "political_status": d.POLITICAL_STATUS,
                "education": d.EDUCATION, "marital_status": d.MARITAL_STATUS,
                "status": d.RESIDENT_STATUS}

HELP = {   # key: (zh, en) what to write
    "name": ("必填。照证件填写；生僻字（如𠮷）可直接输入。", "Required. As on the ID; rare characters are fine."),
    "id_type": ("不填即居民身份证。", "Blank means resident ID card."),
    "id_number": ("必填。18位，末位可为X。本列已设为文本格式：请勿改成数字格式，否则Excel会丢掉后三位。",
                  "Required. 18 characters, X allowed last. The column is text: do not make it a "
                  "number, or Excel drops the last digits."),
    "gender": ("可不填：按身份证号自动得出；填写则须与身份证号一致。", "Optional: read from the ID number."),
    "birth_date": ("可不填：按身份证号得出。格式如 2026-11-28、2026/11/28、2026年11月28日 或 20261128。",
                   "Optional: read from the ID number. 2026-11-28, 2026/11/28, 2026年11月28日 or 20261128."),
    "ethnicity": ("如 汉族 或 汉。", "e.g. 汉族 or 汉."),
    "phone": ("11位手机号，或带区号的固话如 0371-65551234。", "11-digit mobile, or 0371-65551234."),
    "residence_type": ("必填：户籍 / 流动 / 人户分离 / 境外。", "Required: 户籍 / 流动 / 人户分离 / 境外."),
    "household_number": ("同一户的成员填相同户号；不填则按现住址归户。",
                         "Members of one household share it; blank groups by address."),
    "relation": ("本人（户主）、配偶、子、女、父母、孙子女、兄弟姐妹、其他。每户只能有一个本人。",
                 "本人 (head), 配偶, 子, 女, 父母, 孙子女, 兄弟姐妹, 其他. One head per household."),
    "household_kind": ("户籍户 / 流动户 / 出租户；新建户时使用。", "For new households."),
    "address": ("小区+楼栋+单元+房号，如 幸福小区3号楼2单元501室 或 幸福小区3-2-501；"
                "或街路巷+门牌号（+院/楼/单元/室），如 经三路12号院3室。",
                "Estate + building + unit + room, e.g. 幸福小区3号楼2单元501室 or 幸福小区3-2-501; "
                "or street + door number (+ yard/building/unit/room), e.g. 经三路12号院3室."),
    "registered_address": ("户口簿上的地址。", "As in the household register."),
    "political_status": ("中共党员、中共预备党员、共青团员、民主党派、群众。", "As listed."),
    "education": ("研究生、大学本科、大学专科、高中/中专、初中、小学、文盲或半文盲。", "As listed."),
    "occupation": ("", ""),
    "work_unit": ("", ""),
    "marital_status": ("未婚、已婚、丧偶、离婚。", "As listed."),
    "moved_in_date": ("日期，格式同出生日期。", "A date, as for the birth date."),
    "status": ("不填即在住；迁出、死亡、失联。", "Blank means living here."),
    "in_service_party_member": ("是 / 否。", "是 / 否."),
    "party_member_unit": ("在职党员的工作单位。", "The in-service party member's own unit."),
    "notes": ("", ""),
}


def write_template(path: str, lang: str = "zh_CN") -> None:
    """A blank roster template: the expected headers (text-formatted ID and phone
    columns, drop-down lists for coded columns) and a help sheet."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = _zh(lang)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "居民信息" if zh else "Residents"
    lists = wb.create_sheet("代码表" if zh else "Lists")
    help_ws = wb.create_sheet("填写说明" if zh else "Help")
    red = Font(bold=True, color="B91C1C")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E5EDF7")
    rows = 2000
    list_col = 0
    for i, key in enumerate(TEMPLATE_COLUMNS):
        col = column_letter(i)
        f = FIELD_BY_KEY[key]
        cell = ws.cell(row=1, column=i + 1, value=_header(key, lang))
        cell.font = red if f.required else bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[col].width = WIDTHS.get(key, 12) + 2
        if key in TEXT_COLUMNS:
            for r in range(2, rows + 2):
                ws.cell(row=r, column=i + 1).number_format = "@"
        if key in LIST_COLUMNS:
            labels = [_label(c, lang) for c in LIST_COLUMNS[key].values()]
            list_col += 1
            lcol_index = list_col
            lcol = column_letter(lcol_index - 1)
            lists.cell(row=1, column=lcol_index, value=_header(key, lang)).font = bold
            for r, text in enumerate(labels, start=2):
                lists.cell(row=r, column=lcol_index, value=text)
            dv = DataValidation(type="list", allow_blank=True, showErrorMessage=False,
                                formula1=f"='{lists.title}'!${lcol}$2:${lcol}${len(labels) + 1}")
            ws.add_data_validation(dv)
            dv.add(f"{col}2:{col}{rows + 1}")
    ws.freeze_panes = "B2"

    help_ws.column_dimensions["A"].width = 16
    help_ws.column_dimensions["B"].width = 8
    help_ws.column_dimensions["C"].width = 90
    title = "居民信息导入模板 · 填写说明" if zh else "Roster import template · how to fill it in"
    help_ws.append([title])
    help_ws["A1"].font = Font(bold=True, size=14)
    help_ws.append([])
    help_ws.append(["列" if zh else "Column", "必填" if zh else "Required",
                    "说明" if zh else "What to write"])
    for c in help_ws[3]:
        c.font, c.fill = bold, fill
    for key in TEMPLATE_COLUMNS:
        f = FIELD_BY_KEY[key]
        text = HELP[key][0 if zh else 1]
        help_ws.append([_header(key, lang), ("是" if zh else "yes") if f.required else "", text])
        help_ws.cell(row=help_ws.max_row, column=3).alignment = Alignment(wrap_text=True)
    help_ws.append([])
    example = ("示例：张三 | 居民身份证 | 11010519491231002X | 男 | 1949-12-31 | 汉族 | 13812345678 | "
               "户籍 | H0001 | 本人 | 户籍户 | 幸福小区3号楼2单元501室" if zh else
               "Example: 张三 | 居民身份证 | 11010519491231002X | 男 | 1949-12-31 | 汉族 | 13812345678 | "
               "户籍 | H0001 | 本人 | 户籍户 | 幸福小区3号楼2单元501室")
    notes = ([
        "1. 每行一人；第一行是表头，请勿修改表头文字。也可用自己的表格：常见表头（如 公民身份号码、手机、门牌）会自动识别。",
        "2. 同一身份证号已在台账中的，导入时可选择更新、跳过或逐条询问；同一文件导入两次不会产生重复。",
        "3. 空白单元格不会清除台账里已有的内容。",
        "4. 有问题的行不会导入，可下载错误报告（含行号、列和原因），改正后再次导入。",
        "5. 台账里还没有的小区、街路巷、门牌、楼栋、单元、房间，确认后才会新建。",
        "6. CSV 文件请用 UTF-8 或 GBK 编码保存。",
    ] if zh else [
        "1. One person per row; row 1 holds the headers: keep them. Your own sheets work too: "
        "common headers (公民身份号码, 手机, 门牌 …) are recognised.",
        "2. An ID number already in the roster is updated, skipped or asked about; importing "
        "the same file twice creates no duplicates.",
        "3. Blank cells never erase what the roster has.",
        "4. Rows with problems are not imported; the error report lists row, column and reason: "
        "fix them and import again.",
        "5. Estates, streets, door numbers, buildings, units and rooms not yet in the roster "
        "are created only after you confirm.",
        "6. Save CSV files as UTF-8 or GBK.",
    ])
    help_ws.append([example])
    for line in notes:
        help_ws.append([line])
    lists.sheet_state = "hidden"
    wb.properties.title = "居民信息导入模板" if zh else "Roster import template"
    wb.properties.keywords = "GridDesk"
    wb.save(path)


# ================================================================ error report

def write_error_report(path: str, plan: Plan,
                       describe: Callable[[rules.Issue], str], lang: str = "zh_CN", *,
                       column_of: Callable | None = None, fields: dict | None = None) -> int:
    """The rows that were not imported, to fix and import again: a first sheet with the
    file's own headers and those rows as they were (bad cells marked red, the reasons
    in a last column the importer ignores) and a second sheet listing row, column,
    value and reason. Returns the number of rows. ``column_of`` and ``fields``: another
    import's (houses, organizations; ``places_import``), the roster's by default."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    zh = _zh(lang)
    analysis = plan.analysis
    column_of = column_of or issue_column
    fields = FIELD_BY_KEY if fields is None else fields
    rows = plan.problems()
    headers = list(analysis.layout.headers)
    ncols = max([len(headers)] + [len(r.cells) for r, _issues in rows])
    headers += [""] * (ncols - len(headers))
    reason_head = "错误原因" if zh else "错误原因 (reason)"
    wb = openpyxl.Workbook()
    fix = wb.active
    fix.title = "待修正" if zh else "To fix"
    listing = wb.create_sheet("错误清单" if zh else "Problems")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E5EDF7")
    bad = PatternFill("solid", fgColor="FECACA")
    id_col = analysis.field_column("id_number")
    phone_col = analysis.field_column("phone")
    fix.append(["原行号"] + headers + [reason_head])
    for c in fix[1]:
        c.font, c.fill = bold, fill
    for row, issues in rows:
        reasons = []
        bad_cols = set()
        for issue in issues:
            col = column_of(analysis, issue)
            where = headers[col] if col is not None and col < len(headers) and headers[col] else (
                column_letter(col) if col is not None else "")
            reasons.append(f"{where}：{describe(issue)}" if where else describe(issue))
            if col is not None:
                bad_cols.add(col)
        cells = [_report_value(v) for v in row.cells] + [None] * (ncols - len(row.cells))
        fix.append([row.number] + cells + ["；".join(reasons)])
        r = fix.max_row
        for col in bad_cols:
            fix.cell(row=r, column=col + 2).fill = bad
        for col in (id_col, phone_col):
            if col is not None:
                fix.cell(row=r, column=col + 2).number_format = "@"
    for i in range(ncols + 2):
        fix.column_dimensions[column_letter(i)].width = 14
    fix.column_dimensions[column_letter(ncols + 1)].width = 60
    if id_col is not None:
        fix.column_dimensions[column_letter(id_col + 1)].width = 21
    fix.freeze_panes = "B2"

    listing.append(["行号" if zh else "Row", "列" if zh else "Column",
                    "内容" if zh else "Value", "原因" if zh else "Reason"])
    for c in listing[1]:
        c.font, c.fill = bold, fill
    for row, issues in rows:
        for issue in issues:
            col = column_of(analysis, issue)
            if col is not None:
                head = headers[col] if col < len(headers) else ""
                where = f"{column_letter(col)} {head}".strip()
                value = _report_value(row.cells[col]) if col < len(row.cells) else None
            else:
                fld = fields.get(issue.field)
                where = ((f"（无此列：{fld.zh}）" if zh else f"(no column: {fld.en})")
                         if fld else "")
                value = None
            listing.append([row.number, where, value, describe(issue)])
            listing.cell(row=listing.max_row, column=3).number_format = "@"
    for col, width in zip("ABCD", (8, 18, 30, 80)):
        listing.column_dimensions[col].width = width
    for r in listing.iter_rows(min_row=2, min_col=4, max_col=4):
        r[0].alignment = Alignment(wrap_text=True)
    wb.properties.title = "导入错误报告" if zh else "Import problems"
    wb.save(path)
    return len(rows)


def _report_value(value):
    """Cells go back as they came, except numbers too long for Excel, which go as text."""
    if isinstance(value, float) and abs(value) >= 1e15:
        return as_excel_shows(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 15:
        return str(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value

