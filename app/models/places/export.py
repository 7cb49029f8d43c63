"""The 出租房屋 and 实有单位 lists as workbooks (docs/domain-houses.md): only for roles
that may export (管, ``rights.EXPORTERS``), owners', landlords' and contacts' phones
and tenants' and employees' ID numbers masked unless the role may take full values and gives a reason, every page
watermarked with who exported and when, and the export recorded in the audit log
(domain.md §6). Written with openpyxl (write-only), moved into place only after
the audit record is written."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from app.models.domain import places, rights, rules
from app.models.store import clock
from app.models.store.query import all_dicts
from app.models.write.unit import Actor, unit_of_work

KINDS = ("rentals", "organizations")
COLUMNS = {
    "rentals": [("address", "地址", "Address", 30), ("use", "用途", "Use", 8),
                ("property_type", "房屋性质", "Property type", 10), ("area", "面积", "Area", 8),
                ("owner_name", "产权人", "Owner", 10), ("owner_phone", "产权人电话", "Owner's phone", 14),
                ("landlord_name", "房东", "Landlord", 10),
                ("landlord_phone", "房东电话", "Landlord's phone", 14),
                ("registration_no", "出租屋登记编号", "Registration number", 16),
                ("registered_on", "登记日期", "Registered on", 12),
                ("checked_on", "最近核查", "Last checked on", 12),
                ("tenants", "在住租户", "Tenants living there", 24),
                ("tenant_ids", "租户身份证号", "Tenants' ID numbers", 42),
                ("findings", "需关注", "Needs attention", 20)],
    "organizations": [("name", "单位名称", "Name", 24), ("credit_code", "统一社会信用代码", "Credit code", 21),
                      ("kind", "类型", "Type", 12), ("category", "九小场所类别", "Small venue category", 12),
                      ("legal_rep", "法定代表人", "Legal representative", 10),
                      ("contact_name", "联系人", "Contact", 10),
                      ("contact_phone", "联系电话", "Contact phone", 14),
                      ("address", "地址", "Address", 28),
                      ("employee_ids", "从业人员身份证号", "Employees' ID numbers", 42),
                      ("last_inspected", "最近检查", "Last inspected", 12),
                      ("next_due", "下次检查", "Next due", 12),
                      ("hazards", "最近检查隐患", "Hazards found last", 24)],
}
PHONES = ("owner_phone", "landlord_phone", "contact_phone")
# tenants' and employees' ID numbers, '、'-separated as the import reads them back
ID_LISTS = ("tenant_ids", "employee_ids")
FINDINGS = {"group_rental": ("群租", "Group rental"),
            "rental_no_tenants": ("出租但无登记租户", "Rented out, no tenant registered"),
            "rental_unregistered": ("出租屋未登记", "Rental not registered")}


class ExportRefused(PermissionError):
    """The role may not export (or not with full values, or gave no reason)."""


@dataclass
class ExportResult:
    path: str
    rows: int
    masked: bool


def _zh(lang: str) -> bool:
    return lang.startswith("zh")


def _rows(conn, kind: str, path_prefix: str, today: dt.date, lang: str) -> list[list]:
    lo, hi = path_prefix, path_prefix + "\uffff"
    zh = _zh(lang)
    if kind == "rentals":
        rows = all_dicts(conn, """
            SELECT h.*, a.full_name AS address,
                   (SELECT group_concat(r.name, '、') FROM house_tenants t JOIN residents r
                      ON r.id = t.resident_id WHERE t.house_id = h.id AND t.deleted_at IS NULL
                      AND (t.moved_out IS NULL OR t.moved_out > ?)) AS tenants,
                   (SELECT group_concat(r.id_number, '、') FROM house_tenants t JOIN residents r
                      ON r.id = t.resident_id WHERE t.house_id = h.id AND t.deleted_at IS NULL
                      AND (t.moved_out IS NULL OR t.moved_out > ?)) AS tenant_ids,
                   (SELECT count(*) FROM house_tenants t WHERE t.house_id = h.id AND
                      t.deleted_at IS NULL AND (t.moved_out IS NULL OR t.moved_out > ?))
                   AS tenants_now
            FROM houses h JOIN addresses a ON a.id = h.address_id
            WHERE h.deleted_at IS NULL AND h.use IN ('rental', 'group_rental')
              AND h.path >= ? AND h.path < ? ORDER BY h.path""",
                         (today.isoformat(),) * 3 + (lo, hi))
        for r in rows:
            r["findings"] = "、".join(FINDINGS[f][0 if zh else 1]
                                     for f in places.house_findings(r, r["tenants_now"]))
            r["use"] = places.HOUSE_USES[r["use"]].label(lang)
            ptype = places.PROPERTY_TYPES.get(r["property_type"] or "")
            r["property_type"] = ptype.label(lang) if ptype else ""
        return rows
    rows = all_dicts(conn, """
        SELECT o.*, a.full_name AS address, i.inspected_on AS last_inspected, i.next_due,
               i.checklist, (SELECT group_concat(r.id_number, '、') FROM org_employees e
                   JOIN residents r ON r.id = e.resident_id WHERE e.organization_id = o.id
                   AND e.deleted_at IS NULL AND (e.until IS NULL OR e.until > ?))
               AS employee_ids FROM organizations o LEFT JOIN addresses a ON a.id = o.address_id
        LEFT JOIN inspections i ON i.id = (SELECT id FROM inspections x WHERE
            x.organization_id = o.id AND x.deleted_at IS NULL
            ORDER BY x.inspected_on DESC, x.id DESC LIMIT 1)
        WHERE o.deleted_at IS NULL AND o.path >= ? AND o.path < ? ORDER BY o.path, o.name""",
                     (today.isoformat(), lo, hi))
    for r in rows:
        r["kind"] = places.ORG_KINDS[r["kind"]].label(lang) if r["kind"] in places.ORG_KINDS \
            else r["kind"]
        cat = places.NINE_SMALL.get(r["category"] or "")
        r["category"] = cat.label(lang) if cat else ""
        r["hazards"] = "、".join(places.CHECK_ITEMS[k].label(lang)
                                for k in places.hazards(r["checklist"] or "{}")
                                if k in places.CHECK_ITEMS)
    return rows


def export(store, kind: str, path: str, actor: Actor, *, path_prefix: str = "",
           full_values: bool = False, reason: str = "", lang: str = "zh_CN",
           today: dt.date | None = None) -> ExportResult:
    if kind not in KINDS:
        raise ValueError(kind)
    if actor.role not in rights.EXPORTERS:
        raise ExportRefused("export")
    if full_values and actor.role not in rights.FULL_VALUE_EXPORTERS:
        raise ExportRefused("full_values")
    if full_values and not reason.strip():
        raise ExportRefused("reason_required")
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    zh = _zh(lang)
    now = clock.now()
    rows = _rows(store.conn, kind, path_prefix, today or clock.today(), lang)
    stamp = now.strftime("%Y-%m-%d %H:%M")
    mark = (f"内部资料 注意保密 · 导出人：{actor.name}（{actor.user_id}） · 导出时间：{stamp}"
            if zh else f"Internal, confidential · exported by {actor.name} ({actor.user_id})"
                       f" · {stamp}")
    if not full_values:
        mark += " · 电话、身份证号已脱敏" if zh else " · phones and ID numbers masked"
    title = {"rentals": ("出租房屋", "Rentals"), "organizations": ("实有单位", "Organizations")
             }[kind][0 if zh else 1]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title)
    safe = mark.replace("&", "&&")      # '&' starts a field code in Excel headers
    for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
        part.center.text = safe
    for part in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
        part.left.text = safe
    wb.properties.creator = actor.name
    wb.properties.title = title
    wb.properties.description = mark
    cols = COLUMNS[kind]
    for i, (_key, _zh_name, _en, width) in enumerate(cols):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    note = WriteOnlyCell(ws, value=mark)
    note.font = Font(bold=True, color="B91C1C")
    ws.append([note])
    heads = []
    for _key, zh_name, en_name, _w in cols:
        cell = WriteOnlyCell(ws, value=zh_name if zh else en_name)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="E5EDF7")
        heads.append(cell)
    ws.append(heads)
    for r in rows:
        out = []
        for key, *_ in cols:
            value = r.get(key)
            if key in PHONES and value and not full_values:
                value = rules.mask_phone(value)
            elif key in ID_LISTS and value and not full_values:
                value = "、".join(rules.mask_id(n) for n in value.split("、"))
            out.append("" if value is None else value)
        ws.append(out)
    tmp = path + ".part"
    wb.save(tmp)
    try:
        with unit_of_work(store, actor) as w:
            w.note("export", "houses" if kind == "rentals" else "organizations", None, {
                "rows": len(rows), "masked": not full_values, "kind": kind,
                "file": rules.redact_numbers(os.path.basename(path)), "path": path_prefix,
                **({"reason": rules.redact_numbers(reason.strip())[:200]}
                   if full_values else {})})
    except BaseException:
        os.remove(tmp)
        raise
    os.replace(tmp, path)
    return ExportResult(path, len(rows), not full_values)
