"""Fill a recognised template (template.FormSpec) from the roster: the rows are written
into a copy of the department's own workbook, which keeps its title, merged headers,
widths and formulas; when there are more rows than the template left blank, the 合计
footer (and whatever lies below it) moves down and its formulas take in the new rows.

Values are written as the template expects: dates as dates (or as text where the
template's data row is text), 男/女, ID numbers and phones as text. Export rules as for
the roster export (app/models/io/exporter.py, domain.md §6): only roles holding 管 fill;
ID numbers and phones are masked unless the role may take full values and gives a
reason; the workbook carries the watermark (page header and footer, document
properties); the fill is an audit record written after the file is saved.

A cell the roster cannot fill (a resident without a phone) is highlighted and listed as
待补录: which resident, which field, whose grid. Filling it in through the roster and
filling the table again closes the gap.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
from copy import copy
from dataclasses import dataclass, field

from app.models.domain import choices as d
from app.models.domain import rules
from app.models.forms import fields as ff
from app.models.forms.population import rows_for
from app.models.forms.template import FormSpec
from app.models.io import exporter
from app.models.io.exporter import (
    ExportRefused, may_export, may_export_full_values, may_export_key_groups, watermark_text)
from app.models.store import clock
from app.models.write.unit import Actor, unit_of_work

GAP_FILL = "FFF2CC"          # 待补录: the roster has no value for a mapped field
UNMAPPED_FILL = "E5E7EB"     # a column no field was chosen for
_REF_RE = re.compile(r"(\$?[A-Z]{1,3}\$?)(\d+)(?::(\$?[A-Z]{1,3}\$?)(\d+))?")


@dataclass
class Gap:
    record_id: str               # the resident (house, organization) to complete
    name: str                    # who or what, as the user knows it
    field: str                   # fields.py key
    label: str                   # the column's header in the template
    grid: str | None
    worker: str | None           # the grid's worker
    row: int                     # where in the filled workbook
    column: int


@dataclass
class FillResult:
    path: str
    rows: int
    masked: bool
    at: str
    gaps: list[Gap] = field(default_factory=list)
    seconds: float = 0.0

    def gaps_by_worker(self) -> dict[str, list[Gap]]:
        out: dict[str, list[Gap]] = {}
        for g in self.gaps:
            out.setdefault(g.worker or g.grid or "", []).append(g)
        return out


def _record_name(subject: str, row: dict) -> str:
    if subject == "houses":
        return row.get("address") or ""
    return row.get("name") or ""


def _shift_formula(text: str, data_start: int, footer: int, last: int, k: int) -> str:
    """A footer formula after the footer moved ``k`` rows down: a range over the data
    area covers ``data_start..last``; a reference at or below the footer moves with it."""
    def sub(m: re.Match) -> str:
        c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if c2 is None:
            return f"{c1}{r1 + k if r1 >= footer else r1}"
        r2 = int(r2)
        if data_start <= r1 < footer and data_start <= r2 < footer:
            return f"{c1}{data_start}:{c2}{last}"
        return (f"{c1}{r1 + k if r1 >= footer else r1}:"
                f"{c2}{r2 + k if r2 >= footer else r2}")
    if not isinstance(text, str) or not text.startswith("="):
        return text
    return _REF_RE.sub(sub, text)


def move_footer(ws, footer: int, k: int, data_start: int, last: int) -> None:
    """Move the rows from ``footer`` to the end ``k`` rows down (values, styles, heights,
    merged ranges), their formulas taking in the data area ``data_start..last``."""
    ncols = ws.max_column
    moving = [r for r in list(ws.merged_cells.ranges) if r.min_row >= footer]
    for rng in moving:
        ws.unmerge_cells(str(rng))
    for r in range(ws.max_row, footer - 1, -1):
        for c in range(1, ncols + 1):
            src = ws.cell(r, c)
            dst = ws.cell(r + k, c)
            dst.value = _shift_formula(src.value, data_start, footer, last, k)
            dst._style = copy(src._style)
            src.value = None
        height = ws.row_dimensions[r].height
        if height is not None:
            ws.row_dimensions[r + k].height = height
    for rng in moving:
        ws.merge_cells(start_row=rng.min_row + k, start_column=rng.min_col,
                       end_row=rng.max_row + k, end_column=rng.max_col)


def fix_footer_formulas(ws, footer: int, data_start: int, last: int) -> None:
    """When no row moved: a footer range over the template's blank rows still covers them."""
    for r in range(footer, ws.max_row + 1):
        for c in range(1, ws.max_column + 1):
            cell = ws.cell(r, c)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.value = _shift_formula(cell.value, data_start, footer, last, 0)


def mark_sheet(ws, text: str) -> None:
    """The roster export's watermark; the template's own page numbering is left."""
    exporter.watermark_sheet(ws, text, page_numbers=False)


_UNIT_RE = re.compile(r"^((?:填表|填报|报送)单位[:：])\s*$")
_DATE_RE = re.compile(r"^((?:填表|填报|报送)(?:日期|时间)[:：])[\s年月日]*$")


def fill_info(ws, row: int | None, unit: str, day: dt.date) -> None:
    """填表单位：____ 填表日期：__年__月__日, filled in; other text is left alone."""
    if not row:
        return
    for c in range(1, ws.max_column + 1):
        cell = ws.cell(row, c)
        if not isinstance(cell.value, str):
            continue
        text = cell.value
        if m := _UNIT_RE.match(text):
            cell.value = m.group(1) + unit
        elif m := _DATE_RE.match(text):
            cell.value = f"{m.group(1)}{day.year}年{day.month}月{day.day}日"
        else:                                       # both on one line, in one cell
            text = re.sub(r"((?:填表|填报)单位[:：])\s{2,}", lambda m: m.group(1) + unit + "  ", text)
            text = re.sub(r"((?:填表|填报)日期[:：])[\s年月日]*$",
                          lambda m: f"{m.group(1)}{day.year}年{day.month}月{day.day}日", text)
            cell.value = text


def _scope_name(conn, actor: Actor) -> str:
    if not actor.scope_code:
        return ""
    got = conn.execute("SELECT name FROM org_units WHERE code = ?", (actor.scope_code,)).fetchone()
    return got[0] if got else ""


def _cell_value(f: ff.FormField, value, number_format: str, full: bool):
    """(value, number format or None to keep the template's)."""
    if value is None or value == "":
        return None, None
    if f.secret == "id":
        return (str(value) if full else rules.mask_id(str(value))), "@"
    if f.secret == "phone":
        return (str(value) if full else rules.mask_phone(str(value))), "@"
    if f.kind == "date":
        text = str(value)[:10]
        if number_format == "@":
            return text, None
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return text, None
        return day, (None if "y" in number_format.lower() else "yyyy-mm-dd")
    if f.kind == "int":
        try:
            return int(value), None
        except (TypeError, ValueError):
            return value, None
    return value, None


def fill(store, spec: FormSpec, path: str, actor: Actor, *, full_values: bool = False,
         reason: str = "", today: dt.date | None = None, now: dt.datetime | None = None,
         lang: str = "zh_CN", conn=None) -> FillResult:
    """Fill ``spec``'s template for its population within ``actor``'s scope and save it
    at ``path``; audit it through ``store`` (whose connection is ``conn``)."""
    import openpyxl
    from openpyxl.formula.translate import Translator
    from openpyxl.styles import PatternFill

    started = time.perf_counter()
    if not may_export(actor.role):
        raise ExportRefused("export")
    if full_values and not may_export_full_values(actor.role):
        raise ExportRefused("full_values")
    if full_values and not reason.strip():
        raise ExportRefused("reason_required")       # full values are a reveal of every row
    key_tags = may_export_key_groups(actor.role)
    pop = spec.population
    if not key_tags and any(d.TAG_TYPES[t].group == "key" for t in pop.tags if t in d.TAG_TYPES):
        raise ExportRefused("key_groups")             # 重点人群 go out only with 防
    conn = conn or store.conn
    today = today or clock.today()
    now = now or clock.now()
    on = dt.date.fromisoformat(pop.age_on) if pop.age_on else today
    rows = rows_for(conn, spec.subject, pop, on, actor.scope_code)
    if not key_tags:
        for row in rows:
            if row.get("tags"):
                row["tags"] = {t: s for t, s in row["tags"].items()
                               if t in d.TAG_TYPES and d.TAG_TYPES[t].group != "key"}

    wb = openpyxl.load_workbook(io.BytesIO(spec.workbook_bytes()))
    ws = wb[spec.sheet]
    ds, footer = spec.data_start, spec.footer_row
    blank_rows = (footer - ds) if footer else 0
    n = len(rows)
    ncols = ws.max_column
    styles = {c: copy(ws.cell(ds, c)._style) for c in range(1, ncols + 1)}
    formats = {c: ws.cell(ds, c).number_format for c in range(1, ncols + 1)}
    formulas = {c.index: ws.cell(ds, c.index).value for c in spec.columns if c.formula}
    height = ws.row_dimensions[ds].height
    # cells merged within the template's first data row (an address over two columns)
    row_merges = [(m.min_col, m.max_col) for m in ws.merged_cells.ranges
                  if m.min_row == m.max_row == ds]
    last = ds + max(n, blank_rows) - 1
    if footer:
        if n > blank_rows:
            move_footer(ws, footer, n - blank_rows, ds, last)
        else:
            fix_footer_formulas(ws, footer, ds, last)

    ctx = ff.Context(on=on, lang=lang)
    fields = ff.BY_KEY[spec.subject]
    gap_fill = PatternFill("solid", fgColor=GAP_FILL)
    unmapped_fill = PatternFill("solid", fgColor=UNMAPPED_FILL)
    plan = []
    for col in spec.columns:
        f = fields.get(col.field) if col.field else None
        plan.append((col, f))
    mapped_cols = {col.index for col in spec.columns}
    gaps: list[Gap] = []
    for i, row in enumerate(rows):
        r = ds + i
        if height is not None:
            ws.row_dimensions[r].height = height
        for c in range(1, ncols + 1):
            if c not in mapped_cols:
                ws.cell(r, c)._style = copy(styles[c])
        for col, f in plan:
            cell = ws.cell(r, col.index)
            cell._style = copy(styles[col.index])
            if col.formula:
                src = formulas[col.index]
                cell.value = Translator(src, origin=f"{cell.column_letter}{ds}").translate_formula(
                    f"{cell.column_letter}{r}") if isinstance(src, str) else src
                continue
            if f is None:
                cell.value = None
                cell.fill = unmapped_fill
                continue
            if f.key == "seq":
                cell.value = i + 1
                continue
            ctx.tag = col.param
            raw = ff.value(spec.subject, f.key, row, ctx)
            value, fmt = _cell_value(f, raw, formats[col.index], full_values)
            cell.value = value
            if fmt:
                cell.number_format = fmt
            if value is None and not f.optional:
                cell.fill = gap_fill
                gaps.append(Gap(row.get("id") or "", _record_name(spec.subject, row), f.key,
                                col.header, row.get("grid"), row.get("grid_worker"), r,
                                col.index))

    if row_merges:
        merged = {(m.min_row, m.min_col) for m in ws.merged_cells.ranges}
        for r in range(ds + 1, ds + n):
            for lo, hi in row_merges:
                if (r, lo) not in merged:
                    ws.merge_cells(start_row=r, start_column=lo, end_row=r, end_column=hi)
    fill_info(ws, spec.info_row, _scope_name(conn, actor), today)
    mark = watermark_text(actor, now, lang)
    masked_note = "" if full_values else " · 身份证号、电话已脱敏"
    for sheet in wb.worksheets:
        mark_sheet(sheet, mark)
    wb.properties.creator = actor.name
    wb.properties.description = mark + masked_note
    wb.properties.keywords = "GridDesk"
    tmp = path + ".part"
    wb.save(tmp)
    at = now.isoformat(timespec="seconds")
    try:
        with unit_of_work(store, actor) as w:
            # what kind of table went out and for whom; never the values themselves
            w.note("export", spec.subject, None, {
                "form": rules.redact_numbers(spec.title)[:200], "rows": n,
                "masked": not full_values, "gaps": len(gaps),
                "file": rules.redact_numbers(os.path.basename(path)),
                "population": {k: v for k, v in pop.to_dict().items() if v not in (None, [], {})},
                **({"reason": rules.redact_numbers(reason.strip())[:200]} if full_values else {})})
    except BaseException:
        os.remove(tmp)
        raise
    os.replace(tmp, path)
    return FillResult(path, n, not full_values, at, gaps, round(time.perf_counter() - started, 3))
