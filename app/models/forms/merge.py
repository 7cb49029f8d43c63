"""One workbook of every community's return (issue 20: the publisher "downloads one
merged workbook"): the department's template once — title, 填表单位 line, merged
headers, widths — then each community's rows in the communities' order, a last
column (填报社区) naming the community of each row, and the template's 合计 footer
below them with its formulas taken over all the rows. Sequence numbers run on
through the whole table; cells a community left to complete (待补录) stay highlighted.

Done on the publisher's desktop: the city server installs without openpyxl, and it
hands the returns over as they were submitted (server/forms.py). Qt-free.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import time
from copy import copy
from dataclasses import dataclass

from app.models.domain import rules
from app.models.forms.fill import (
    GAP_FILL,
    fill_info,
    fix_footer_formulas,
    mark_sheet,
    move_footer,
)
from app.models.forms.template import FOOTER_RE, FormSpec
from app.models.io.exporter import watermark_text
from app.models.store import clock
from app.models.write.unit import Actor, unit_of_work

COMMUNITY_HEADER = "填报社区"


@dataclass
class Return:
    unit_name: str
    workbook: bytes
    gaps: int = 0


@dataclass
class MergeResult:
    path: str
    rows: int
    communities: int
    seconds: float


def _text(v) -> str:
    return "" if v is None else re.sub(r"\s+", "", str(v))


def _data_rows(ws, spec: FormSpec) -> list[int]:
    """The rows a community filled: from the data start to its 合计 row (which moved
    down with its rows), skipping the template's blank rows it did not need."""
    cols = [c.index for c in spec.columns]
    end = ws.max_row
    for r in range(spec.data_start, ws.max_row + 1):
        if any(FOOTER_RE.match(_text(ws.cell(r, c).value)) for c in range(1, 5)):
            end = r - 1
            break
    if spec.footer_row is None:       # no footer: the data run until the first empty row
        for r in range(spec.data_start, ws.max_row + 1):
            if all(ws.cell(r, c).value in (None, "") for c in cols):
                end = r - 1
                break
    data_cols = [c.index for c in spec.columns if not c.formula and c.field != "seq"]
    return [r for r in range(spec.data_start, end + 1)
            if any(ws.cell(r, c).value not in (None, "") for c in data_cols)]


def merge(spec: FormSpec, returns: list[Return], path: str, actor: Actor, *, store=None,
          lang: str = "zh_CN", now: dt.datetime | None = None, unit_name: str = "") -> MergeResult:
    """Write the merged workbook of ``returns`` (in their order) to ``path``; audit it
    through ``store`` when one is given."""
    import openpyxl
    from openpyxl.formula.translate import Translator
    from openpyxl.styles import PatternFill

    started = time.perf_counter()
    now = now or clock.now()
    wb = openpyxl.load_workbook(io.BytesIO(spec.workbook_bytes()))
    ws = wb[spec.sheet]
    ds, footer = spec.data_start, spec.footer_row
    ncols = ws.max_column
    name_col = ncols + 1
    styles = {c: copy(ws.cell(ds, c)._style) for c in range(1, ncols + 1)}
    height = ws.row_dimensions[ds].height
    row_merges = [(m.min_col, m.max_col) for m in ws.merged_cells.ranges
                  if m.min_row == m.max_row == ds]
    seq_cols = {c.index for c in spec.columns if c.field == "seq"}
    gap_fill = PatternFill("solid", fgColor=GAP_FILL)

    # every community's rows, read before the template is touched
    chunks: list[tuple[str, list[list]]] = []
    for ret in returns:
        src_wb = openpyxl.load_workbook(io.BytesIO(ret.workbook))
        src = src_wb[spec.sheet] if spec.sheet in src_wb.sheetnames else src_wb.worksheets[0]
        rows = []
        for r in _data_rows(src, spec):
            rows.append([(r, src.cell(r, c).value, src.cell(r, c).number_format,
                          (src.cell(r, c).fill.fgColor.rgb or "")[-6:].upper() == GAP_FILL
                          if src.cell(r, c).fill and src.cell(r, c).fill.fill_type else False)
                         for c in range(1, ncols + 1)])
        chunks.append((ret.unit_name, rows))
    total = sum(len(rows) for _, rows in chunks)

    blank_rows = (footer - ds) if footer else 0
    last = ds + max(total, blank_rows) - 1
    if footer:
        if total > blank_rows:
            move_footer(ws, footer, total - blank_rows, ds, last)
        else:
            fix_footer_formulas(ws, footer, ds, last)

    # the community column: a header over the header rows, like the template's own
    head = ws.cell(spec.header_top, name_col, COMMUNITY_HEADER)
    head._style = copy(ws.cell(spec.header_top, ncols)._style)
    if spec.header_bottom > spec.header_top:
        ws.merge_cells(start_row=spec.header_top, start_column=name_col,
                       end_row=spec.header_bottom, end_column=name_col)
    letter = head.column_letter
    ws.column_dimensions[letter].width = 16

    r = ds
    for unit, rows in chunks:
        for cells in rows:
            if height is not None:
                ws.row_dimensions[r].height = height
            for c, (src_row, value, fmt, gap) in enumerate(cells, start=1):
                cell = ws.cell(r, c)
                cell._style = copy(styles[c])
                if c in seq_cols:
                    value = r - ds + 1
                elif isinstance(value, str) and value.startswith("="):
                    value = Translator(value, origin=f"{cell.column_letter}{src_row}") \
                        .translate_formula(f"{cell.column_letter}{r}")
                cell.value = value
                if fmt and fmt != "General":
                    cell.number_format = fmt
                if gap:
                    cell.fill = gap_fill
            name = ws.cell(r, name_col, unit)
            name._style = copy(styles[ncols])
            name.number_format = "@"
            r += 1
    if row_merges:
        merged = {(m.min_row, m.min_col) for m in ws.merged_cells.ranges}
        for row in range(ds + 1, ds + total):
            for lo, hi in row_merges:
                if (row, lo) not in merged:
                    ws.merge_cells(start_row=row, start_column=lo, end_row=row, end_column=hi)
    fill_info(ws, spec.info_row, unit_name, now.date())
    mark = watermark_text(actor, now, lang)
    for sheet in wb.worksheets:
        mark_sheet(sheet, mark)
    wb.properties.creator = actor.name
    wb.properties.description = mark
    wb.properties.keywords = "GridDesk"
    tmp = path + ".part"
    wb.save(tmp)
    try:
        if store is not None:
            with unit_of_work(store, actor) as w:
                # what went out: the table and how many rows of how many communities
                w.note("export", spec.subject, None, {
                    "form": rules.redact_numbers(spec.title)[:200], "merged": len(returns),
                    "rows": total, "file": rules.redact_numbers(os.path.basename(path))[:200]})
    except BaseException:
        os.remove(tmp)
        raise
    os.replace(tmp, path)
    return MergeResult(path, total, len(returns), round(time.perf_counter() - started, 3))
