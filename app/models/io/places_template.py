"""The blank 出租房屋 and 实有单位 import templates (the 房屋 and 单位 pages' 下载模板):
the headers ``places_import`` recognises, ID-number, credit-code, phone and date
columns formatted as text (so Excel keeps every digit), drop-down lists for the coded
columns and a help sheet. Written with openpyxl."""
from __future__ import annotations

from app.models.domain import places
from app.models.io.places_import import FIELD_SETS
from app.models.io.xlsx import column_letter

TEXT = {"tenants", "employees", "credit_code", "owner_phone", "landlord_phone",
        "contact_phone", "registered_on", "checked_on", "moved_in", "registration_no"}
LISTS = {"use": places.HOUSE_USES, "property_type": places.PROPERTY_TYPES,
         "kind": places.ORG_KINDS, "category": places.NINE_SMALL}
WIDTHS = {"address": 30, "tenants": 40, "employees": 40, "credit_code": 22, "name": 24}
TITLES = {"rentals": ("出租房屋导入模板", "Rentals import template"),
          "organizations": ("实有单位导入模板", "Organizations import template")}
HELP = {
    "address": ("必填。两种写法都可以：小区+楼栋+单元+房号，如 幸福小区3号楼2单元501室；或街路巷+门牌号（+院/楼/单元/室），"
                "如 经三路12号院3室、经三路13号（临街门店）。",
                "Required. Either estate + building + unit + room (幸福小区3号楼2单元501室) or street "
                "+ door number (+ yard/building/unit/room): 经三路12号院3室, 经三路13号 (a shop)."),
    "use": ("不填即出租；自住 / 出租 / 空置 / 经营 / 群租 / 其他。", "Blank means rented out."),
    "property_type": ("商品房、保障房、安置房、公房、自建房、商铺、其他。", "As listed."),
    "area": ("平方米，如 56.5。", "m², e.g. 56.5."),
    "tenants": ("在住租户的身份证号，多人用顿号或逗号隔开；须先在居民台账中登记。",
                "ID numbers of the tenants living there, separated by 、 or commas; they must "
                "be in the roster first."),
    "moved_in": ("租户入住日期，不填即今天。", "The tenants' move-in date; blank means today."),
    "registered_on": ("日期，如 2026-11-28。", "A date, e.g. 2026-11-28."),
    "checked_on": ("不早于登记日期。", "Not before the registration."),
    "name": ("必填。", "Required."),
    "credit_code": ("18位统一社会信用代码（未办照的九小场所可不填）；末位校验码会核对，字母O、I等不会出现。",
                    "18 characters; the check character is verified (no O, I, S, V, Z). An "
                    "unregistered small venue may leave it blank."),
    "kind": ("企业、个体工商户、社会组织、机关事业单位、九小场所；填了九小场所类别可不填。",
             "As listed; may be left blank when the small-venue category is filled in."),
    "category": ("九小场所必填：小商店、小餐饮、小旅馆、小歌舞娱乐、小网吧、小美容洗浴、小学校/幼儿园、小医院、小生产加工。",
                 "Required for a small venue, as listed."),
    "employees": ("从业人员身份证号，多人用顿号或逗号隔开；须先在居民台账中登记。",
                  "Employees' ID numbers, separated by 、 or commas; in the roster first."),
    "grid": ("地址在台账中尚无时，新建到哪个网格。", "The grid for addresses not in the tree yet."),
}


def write_places_template(path: str, kind: str, lang: str = "zh_CN") -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    zh = lang.startswith("zh")
    fields = FIELD_SETS[kind]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ("出租房屋" if kind == "rentals" else "实有单位") if zh else (
        "Rentals" if kind == "rentals" else "Organizations")
    lists = wb.create_sheet("代码表" if zh else "Lists")
    help_ws = wb.create_sheet("填写说明" if zh else "Help")
    red, bold = Font(bold=True, color="B91C1C"), Font(bold=True)
    fill = PatternFill("solid", fgColor="E5EDF7")
    rows, list_col = 1000, 0
    for i, f in enumerate(fields):
        col = column_letter(i)
        cell = ws.cell(row=1, column=i + 1, value=f.zh if zh else f.en)
        cell.font, cell.fill = (red if f.required else bold), fill
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[col].width = WIDTHS.get(f.key, 14)
        if f.key in TEXT:
            for r in range(2, rows + 2):
                ws.cell(row=r, column=i + 1).number_format = "@"
        if f.key in LISTS:
            labels = [c.zh if zh else c.en for c in LISTS[f.key].values()]
            list_col += 1
            lcol = column_letter(list_col - 1)
            lists.cell(row=1, column=list_col, value=f.zh if zh else f.en).font = bold
            for r, text in enumerate(labels, start=2):
                lists.cell(row=r, column=list_col, value=text)
            dv = DataValidation(type="list", allow_blank=True, showErrorMessage=False,
                                formula1=f"='{lists.title}'!${lcol}$2:${lcol}${len(labels) + 1}")
            ws.add_data_validation(dv)
            dv.add(f"{col}2:{col}{rows + 1}")
    ws.freeze_panes = "B2"
    title = TITLES[kind][0 if zh else 1]
    help_ws.append([title + (" · 填写说明" if zh else " · how to fill it in")])
    help_ws["A1"].font = Font(bold=True, size=14)
    help_ws.append([])
    help_ws.append(["列" if zh else "Column", "必填" if zh else "Required",
                    "说明" if zh else "What to write"])
    for c in help_ws[3]:
        c.font, c.fill = bold, fill
    for f in fields:
        text = HELP.get(f.key, ("", ""))[0 if zh else 1]
        help_ws.append([f.zh if zh else f.en, ("是" if zh else "yes") if f.required else "", text])
        help_ws.cell(row=help_ws.max_row, column=3).alignment = Alignment(wrap_text=True)
    help_ws.append([])
    for line in ([
        "1. 每行一处房屋（或一个单位）；第一行是表头，请勿修改。也可用自己的表格：常见表头会自动识别。",
        "2. 同一地址已有房屋、同一信用代码已有单位的，导入即更新它；空白单元格不会清除已有内容。",
        "3. 有问题的行不会导入，可下载错误报告（含行号、列和原因），改正后再次导入。",
        "4. 台账里还没有的地址，确认后才会新建。CSV 文件请用 UTF-8 或 GBK 编码保存。",
    ] if zh else [
        "1. One house (or organization) per row; keep the headers in row 1. Your own sheets "
        "work too: common headers are recognised.",
        "2. A house at an address already registered, or an organization with a credit code "
        "already registered, is updated; blank cells erase nothing.",
        "3. Rows with problems are not imported; the error report lists row, column and reason.",
        "4. Addresses not in the tree are created only after you confirm. Save CSV as UTF-8 or GBK.",
    ]):
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 18
    help_ws.column_dimensions["B"].width = 8
    help_ws.column_dimensions["C"].width = 90
    lists.sheet_state = "hidden"
    wb.properties.title = title
    wb.properties.keywords = "GridDesk"
    wb.save(path)
