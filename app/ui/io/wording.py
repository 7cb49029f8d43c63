"""Wording of what the roster import finds (``rules.Issue`` codes and the
``FileProblem`` codes of ``app.models.io``), field names and counts."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.models.domain import rules
from app.models.io.layout import FIELD_BY_KEY
from app.models.io.normalise import CHOICE_TABLES
from app.models.io.source import FileProblem
from app.ui.common.i18n import current_lang, label
from app.ui.common.messages import message
from app.ui.common.words import joined


def field_label(key: str) -> str:
    f = FIELD_BY_KEY.get(key)
    if f is None:
        return key
    return f.zh if current_lang().startswith("zh") else f.en


def _choices_text(fld: str) -> str:
    if fld == "in_service_party_member":
        return joined(("是", "否"))
    if fld == "ethnicity":
        return QCoreApplication.translate("ImportMessages", "an ethnic group such as 汉族 or 回族")
    table = CHOICE_TABLES.get(fld)
    return joined(label(c) for c in table.values()) if table else ""


def import_message(issue: rules.Issue) -> str:
    """Wording for what the importer finds; codes shared with the resident form go to
    app.ui.common.messages."""
    p = dict(issue.params)
    code = issue.code
    value = str(p.get("value", ""))
    if code == "id.lost_digits":
        return QCoreApplication.translate("ImportMessages", "Excel stored this ID number as a number and kept only 15 digits (%1). "
                   "Format the column as text and type the number again.").replace("%1", value)
    if code == "id.lost_digits_maybe":
        return QCoreApplication.translate("ImportMessages", "The check character does not match and the number ends in 000: Excel "
                   "probably stored it as a number and dropped the last digits. Format the "
                   "column as text and type the number again.")
    if code == "id.column_number_formatted":
        return QCoreApplication.translate("ImportMessages", "The ID column went through Excel's number format (IDs in "
                   "scientific notation or cut to …000), so no ID in it can be trusted, this one "
                   "(%1) included. In Excel format the column as 文本 (text), type or paste the "
                   "numbers again and export the file again.").replace("%1", rules.mask_id(value))
    if code == "code.zeros_lost":
        return QCoreApplication.translate("ImportMessages", "Cell %1 (%2) is a number, %3: Excel dropped its leading zeros "
                   "(other cells of the column have %4 digits, e.g. %5). Format the column as 文本 "
                   "(text) and type %6 again.").replace("%1", str(p.get("cell", ""))).replace(
            "%2", str(p.get("header", ""))).replace("%3", value).replace(
            "%4", str(p.get("width", ""))).replace("%5", str(p.get("example", ""))).replace(
            "%6", str(p.get("restored", "")))
    if code == "cell.excel_error":
        return QCoreApplication.translate("ImportMessages", "Sheet “%1”, cell %2 (%3) holds the Excel error %4, not a value: "
                   "correct the formula or type the value.").replace(
            "%1", str(p.get("sheet", ""))).replace("%2", str(p.get("cell", ""))).replace(
            "%3", str(p.get("header", ""))).replace("%4", value)
    if code == "relation.child_gender":
        return QCoreApplication.translate("ImportMessages", "子女 needs the person's gender to be read as son or daughter: "
                   "fill in 性别 or write 儿子 / 女儿.")
    if code == "id.stored_as_number":
        return QCoreApplication.translate("ImportMessages", "The ID number is stored as a number in the sheet. It is complete, but "
                   "format the column as text before editing it in Excel.")
    if code == "id.duplicate_in_file":
        return QCoreApplication.translate("ImportMessages", "Same ID number as row %1 (%2): keep one of the two rows.").replace(
            "%1", str(p.get("row", ""))).replace("%2", str(p.get("name", "")))
    if code == "id.outside_scope":
        return QCoreApplication.translate("ImportMessages", "This ID number is registered for %1 outside your area.").replace(
            "%1", str(p.get("other", "")))
    if code == "date.unrecognised":
        return QCoreApplication.translate("ImportMessages", "“%1” is not a date: write e.g. 2026-11-28 (2026/11/28, 2026年11月28日 and "
                   "20261128 work too).").replace("%1", value)
    if code == "choice.unknown":
        return QCoreApplication.translate("ImportMessages", "“%1” is not a known value; use one of: %2.").replace("%1", value).replace(
            "%2", _choices_text(issue.field))
    if code == "phone.zero_restored":
        return QCoreApplication.translate("ImportMessages", "The cell is a number and lost its leading 0; read as %1.").replace("%1", value)
    if code == "address.unparsed":
        return QCoreApplication.translate("ImportMessages", "“%1” is not an address the roster can place: write estate, building, unit "
                   "and room, e.g. 幸福小区3号楼2单元501室 or 幸福小区3-2-501, or street, door number "
                   "and what follows, e.g. 经三路12号院3室.").replace("%1", value)
    if code == "address.no_estate":
        return QCoreApplication.translate("ImportMessages", "The address names no estate (小区): write it first, e.g. 幸福小区3号楼2单元501室.")
    if code == "address.ambiguous_estate":
        return QCoreApplication.translate("ImportMessages", "More than one estate is called “%1”: add a 所属网格 (grid) column.").replace(
            "%1", str(p.get("estate", "")))
    if code == "address.ambiguous_road":
        return QCoreApplication.translate("ImportMessages", "The street of “%1” is in more than one grid of your area: add a 所属网格 (grid) column.").replace(
            "%1", value)
    if code == "address.ambiguous_unit":
        return QCoreApplication.translate("ImportMessages", "This building has several units: write the unit, e.g. 2单元.")
    if code == "address.number_too_big":
        return QCoreApplication.translate("ImportMessages", "Building, unit or room number out of range (building 1–999, unit 1–99, "
                   "room 1–9999).")
    if code == "address.new":
        return QCoreApplication.translate("ImportMessages", "This address is not in the address tree yet: tick “Create missing "
                   "addresses” or correct the address.")
    if code == "address.many_households":
        return QCoreApplication.translate("ImportMessages", "Several households live at this address: fill in the household number (户号).")
    if code == "household.address_conflict":
        text = QCoreApplication.translate("ImportMessages", "Household %1 is at another address: one household, one address.").replace(
            "%1", str(p.get("number", "")))
        if p.get("row"):
            text += " " + QCoreApplication.translate("ImportMessages", "(see row %1)").replace("%1", str(p["row"]))
        return text
    if code == "household.has_head":
        if p.get("row"):
            return QCoreApplication.translate("ImportMessages", "Row %1 is already the head (本人) of this household: one head per "
                       "household.").replace("%1", str(p["row"]))
        return QCoreApplication.translate("ImportMessages", "This household already has a head (本人) in the roster.")
    if code == "person.unknown":
        return QCoreApplication.translate("ImportMessages", "No resident with the ID number %1 in your area: import or register the person in the roster first.").replace("%1", value)
    if code == "house.twice_in_file":
        return QCoreApplication.translate("ImportMessages", "Same address as row %1: one house per address, keep one of the two rows.").replace(
            "%1", str(p.get("row", "")))
    if code == "organization.twice_in_file":
        return QCoreApplication.translate("ImportMessages", "Same organization as row %1: keep one of the two rows.").replace(
            "%1", str(p.get("row", "")))
    if code == "grid.unknown":
        return QCoreApplication.translate("ImportMessages", "No grid “%1” in your area.").replace("%1", value)
    return message(issue)


def file_problem_message(exc: FileProblem) -> str:
    code, p = exc.code, exc.params
    if code == "file.missing":
        return QCoreApplication.translate("ImportMessages", "The file cannot be found.")
    if code == "file.unreadable":
        return QCoreApplication.translate("ImportMessages", "The file cannot be opened: %1").replace("%1", str(p.get("detail", "")))
    if code == "file.empty":
        return QCoreApplication.translate("ImportMessages", "The file is empty.")
    if code == "file.damaged":
        return QCoreApplication.translate("ImportMessages", "The workbook is damaged or incomplete (copied or downloaded only in part?). "
                   "Open it in Excel or WPS and save it again as .xlsx.")
    if code == "file.xls":
        return QCoreApplication.translate("ImportMessages", "This is an old Excel 97–2003 (.xls) or WPS (.et) workbook, or one protected "
                   "by a password. Open it in Excel or WPS, save it as .xlsx without a password "
                   "and import that file.")
    if code == "file.encoding":
        text = QCoreApplication.translate("ImportMessages", "The file is neither UTF-8, GBK (GB18030) nor Big5 text, so its Chinese "
                   "cannot be read. In Excel or WPS save it as “CSV UTF-8” or as .xlsx.")
        if p.get("line"):
            text += " " + QCoreApplication.translate("ImportMessages", "(first unreadable byte on line %1)").replace("%1", str(p["line"]))
        return text
    if code == "file.no_sheet":
        return QCoreApplication.translate("ImportMessages", "The workbook has no worksheet to import.")
    if code == "file.no_header":
        return QCoreApplication.translate("ImportMessages", "No header row in the first 30 rows: the sheet needs a row of column names "
                   "such as 姓名 and 身份证号. If the Chinese looks garbled, save the file as .xlsx.")
    return code


def source_note_message(code: str, params: dict) -> str:
    """What a reader decided for the user to know (``Source.notes``)."""
    if code == "encoding.big5":
        return QCoreApplication.translate("ImportMessages", "The file is Big5 text (traditional Chinese, as written in Hong Kong "
                   "and Taiwan) and was read as such; names are kept as written.")
    if code == "sheet.chosen":
        return QCoreApplication.translate("ImportMessages", "Read sheet “%1”: its header names the most roster columns (the first "
                   "sheet, “%2”, is not the roster). Choose another sheet above if this is "
                   "wrong.").replace("%1", str(params.get("sheet", ""))).replace(
            "%2", str(params.get("first", "")))
    return code


def skipped_text(rows: list[tuple[int, str]], limit: int = 20) -> str:
    """The lines of the sheet skipped as not being people (totals, footers, notes,
    repeated headers), listed by row number."""
    if not rows:
        return ""
    kinds = {"total": QCoreApplication.translate("ImportMessages", "total"),
             "footer": QCoreApplication.translate("ImportMessages", "signature footer"),
             "note": QCoreApplication.translate("ImportMessages", "note"),
             "header": QCoreApplication.translate("ImportMessages", "header repeated")}
    items = [QCoreApplication.translate("ImportMessages", "row %1 (%2)").replace("%1", str(n)).replace(
        "%2", kinds.get(k, k)) for n, k in rows[:limit]]
    text = QCoreApplication.translate("ImportMessages", "Skipped, not people: %1.").replace("%1", "、".join(items))
    if len(rows) > limit:
        text += " " + QCoreApplication.translate("ImportMessages", "… and %1 more").replace(
            "%1", count_text(len(rows) - limit))
    return text


def count_text(n: int) -> str:
    """A count as shown: 12,345."""
    return f"{n:,}"
