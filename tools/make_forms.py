"""Build the five demo templates of 一表通 (resources/forms/*.xlsx) as offices write them:
a merged title row, a 填表单位/填表日期 line, two-level merged headers, a few blank
bordered rows (ID and phone columns as text), a 合计 row with a formula and a
填表人/审核人 line under it.

    python tools/make_forms.py [OUT_DIR]        # default: resources/forms
"""
from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parent.parent
BLANK_ROWS = 5
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# (header, sub-headers or None, width, number format); a group's sub-headers each
# (header, width, format)
TEMPLATES = {
    "60岁以上老年人信息表": dict(
        columns=[("序号", None, 6, "General"), ("姓名", None, 10, "@"), ("性别", None, 6, "@"),
                 ("身份证号码", None, 21, "@"), ("出生日期", None, 12, "yyyy-mm-dd"),
                 ("年龄", None, 6, "0"), ("民族", None, 8, "@"), ("户籍/流动", None, 9, "@"),
                 ("现住址", None, 28, "@"), ("联系电话", None, 14, "@"),
                 ("家庭情况", [("家庭人口", 8, "0"), ("是否独居", 8, "@")], None, None),
                 ("走访情况", [("最近走访日期", 12, "yyyy-mm-dd"), ("走访情况", 26, "@")],
                  None, None),
                 ("所属网格", None, 12, "@"), ("备注", None, 14, "@")],
        footer=("count", "B"), unit="人"),
    "出租房屋登记表": dict(
        columns=[("序号", None, 6, "General"), ("房屋地址", None, 28, "@"),
                 ("房屋用途", None, 8, "@"), ("面积(㎡)", None, 9, "0.0"),
                 ("房主信息", [("姓名", 10, "@"), ("身份证号码", 21, "@"), ("联系电话", 14, "@")],
                  None, None),
                 ("承租人信息", [("姓名", 10, "@"), ("性别", 6, "@"), ("身份证号码", 21, "@"),
                            ("联系电话", 14, "@")], None, None),
                 ("起租日期", None, 12, "yyyy-mm-dd"), ("居住人数", None, 8, "0"),
                 ("所属网格", None, 12, "@"), ("网格员", None, 10, "@"), ("备注", None, 14, "@")],
        footer=("sum", "居住人数"), unit=None),
    "九小场所消防检查台账": dict(
        columns=[("序号", None, 6, "General"), ("场所名称", None, 20, "@"),
                 ("场所类型", None, 12, "@"), ("负责人", None, 10, "@"),
                 ("联系电话", None, 14, "@"), ("场所地址", None, 26, "@"),
                 ("检查情况", [("检查日期", 12, "yyyy-mm-dd"), ("检查结果", 10, "@"),
                           ("隐患项目", 20, "@"), ("隐患描述", 26, "@")], None, None),
                 ("复查日期", None, 12, "yyyy-mm-dd"), ("检查人", None, 10, "@"),
                 ("所属网格", None, 12, "@"), ("备注", None, 14, "@")],
        footer=("count", "B"), unit="家"),
    "重点人员走访表": dict(
        columns=[("序号", None, 6, "=ROW()-4"), ("姓名", None, 10, "@"), ("性别", None, 6, "@"),
                 ("身份证号", None, 21, "@"), ("重点人员类别", None, 14, "@"),
                 ("列管日期", None, 12, "yyyy-mm-dd"), ("现住址", None, 28, "@"),
                 ("联系电话", None, 14, "@"),
                 ("走访情况", [("走访日期", 12, "yyyy-mm-dd"), ("走访人", 10, "@"),
                           ("走访内容", 30, "@")], None, None),
                 ("网格员", None, 10, "@"), ("备注", None, 14, "@")],
        footer=("count", "B"), unit="人"),
    "退役军人信息采集表": dict(
        columns=[("序号", None, 6, "General"),
                 ("基本信息", [("姓名", 10, "@"), ("性别", 6, "@"), ("民族", 8, "@"),
                           ("出生年月", 10, "yyyy-mm"), ("公民身份号码", 21, "@")], None, None),
                 ("政治面貌", None, 10, "@"), ("文化程度", None, 10, "@"),
                 ("婚姻状况", None, 8, "@"), ("联系电话", None, 14, "@"),
                 ("现居住地址", None, 28, "@"), ("户籍地", None, 24, "@"),
                 ("工作单位", None, 18, "@"), ("退役时间", None, 12, "yyyy-mm-dd"),
                 ("所属网格", None, 12, "@"), ("备注", None, 14, "@")],
        footer=("count", "B"), unit="人"),
}


def build(title: str, spec: dict, path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title[:31]
    leaves = []                              # (header, width, format, group or None)
    for head, subs, width, fmt in spec["columns"]:
        if subs:
            leaves += [(h, w, f, head) for h, w, f in subs]
        else:
            leaves.append((head, width, fmt, None))
    n = len(leaves)
    last = get_column_letter(n)
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = title
    ws["A1"].font = Font(name="宋体", size=18, bold=True)
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 36
    half = max(2, n // 2)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    ws.cell(2, 1, "填表单位：")
    ws.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=n)
    ws.cell(2, half + 1, "填表日期：    年  月  日").alignment = Alignment(horizontal="right")
    bold = Font(name="宋体", size=11, bold=True)
    c = 1
    for head, subs, _width, _fmt in spec["columns"]:
        if subs:
            ws.merge_cells(start_row=3, start_column=c, end_row=3, end_column=c + len(subs) - 1)
            ws.cell(3, c, head)
            for i, (sub, _w, _f) in enumerate(subs):
                ws.cell(4, c + i, sub)
            c += len(subs)
        else:
            ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
            ws.cell(3, c, head)
            c += 1
    for r in (3, 4):
        ws.row_dimensions[r].height = 22
        for col in range(1, n + 1):
            cell = ws.cell(r, col)
            cell.font, cell.alignment, cell.border = bold, CENTER, BOX
    for col, (head, width, fmt, _group) in enumerate(leaves, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
        for r in range(5, 5 + BLANK_ROWS):
            cell = ws.cell(r, col)
            cell.border = BOX
            cell.alignment = Alignment(vertical="center", wrap_text=head not in ("身份证号码",))
            if fmt.startswith("="):
                cell.value = fmt
            else:
                cell.number_format = fmt
    foot = 5 + BLANK_ROWS
    kind, target = spec["footer"]
    ws.merge_cells(start_row=foot, start_column=1, end_row=foot, end_column=2)
    ws.cell(foot, 1, "合计")
    if kind == "sum":
        col = next(i for i, leaf in enumerate(leaves, start=1) if leaf[0] == target)
        letter = get_column_letter(col)
        ws.cell(foot, col, f"=SUM({letter}5:{letter}{foot - 1})")
    else:
        ws.cell(foot, 3, f'=COUNTA({target}5:{target}{foot - 1})&"{spec["unit"]}"')
    for col in range(1, n + 1):
        cell = ws.cell(foot, col)
        cell.border, cell.font = BOX, bold
        cell.alignment = CENTER
    ws.merge_cells(start_row=foot + 1, start_column=1, end_row=foot + 1, end_column=n)
    ws.cell(foot + 1, 1, "填表人：              审核人：              联系电话：")
    ws.row_dimensions[foot + 1].height = 24
    ws.freeze_panes = "C5"
    ws.print_title_rows = "3:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    wb.properties.creator = "街道办"
    wb.save(path)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for title, spec in TEMPLATES.items():
        build(title, spec, out / f"{title}.xlsx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "forms")
