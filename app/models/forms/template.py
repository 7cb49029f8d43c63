"""A department's template as it arrived, recognised: its title, the 填表单位/日期 line,
the header block (two levels merged over each other), the data area and the 合计
footer; each column mapped to a field (fields.py) where its header says which, the
rest left for the user. The result, ``FormSpec``, is data: saved as JSON (with the
workbook itself, base64) so it can be published later."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field

from app.models.forms import fields as ff
from app.models.forms.population import Population

MAX_HEADER_SCAN = 30
SPEC_VERSION = 1
FOOTER_RE = re.compile(r"^(合计|总计|小计|合计人数|共计)")
INFO_RE = re.compile(r"(填表|填报|报送)(单位|日期|时间|人)")


class TemplateProblem(ValueError):
    """A workbook that is no table we can fill; ``code`` is worded by the UI
    (form.unreadable, form.no_header)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class Column:
    index: int                     # 1-based spreadsheet column
    header: str                    # as the template shows it ('联系方式 / 手机')
    field: str | None = None       # fields.py key, None: not mapped
    auto: bool = False             # mapped by recognition, not by the user
    formula: bool = False          # the template computes it: left to Excel
    param: str | None = None       # tag_since: the tag


@dataclass
class FormSpec:
    title: str
    subject: str                   # residents | houses | organizations
    sheet: str
    header_top: int
    header_bottom: int
    data_start: int                # first data row (1-based)
    footer_row: int | None         # the 合计 row, None when the template has none
    info_row: int | None           # the 填表单位/填表日期 line
    columns: list[Column]
    population: Population = field(default_factory=Population)
    template_name: str = ""
    template_sha256: str = ""
    workbook_b64: str = ""         # the template itself, to publish with its mapping

    # -- what recognition found
    def mapped_share(self) -> float:
        """The share of the columns that name a field, excluding columns the
        template computes itself."""
        cols = [c for c in self.columns if not c.formula]
        return sum(1 for c in cols if c.field) / len(cols) if cols else 0.0

    def auto_share(self) -> float:
        cols = [c for c in self.columns if not c.formula]
        return sum(1 for c in cols if c.field and c.auto) / len(cols) if cols else 0.0

    def unmapped(self) -> list[Column]:
        return [c for c in self.columns if not c.field and not c.formula]

    def set_field(self, index: int, key: str | None, param: str | None = None) -> None:
        if key is not None and key not in ff.BY_KEY[self.subject]:
            raise KeyError(key)
        for c in self.columns:
            if c.index == index:
                c.field, c.auto, c.param = key, False, param
                return
        raise KeyError(index)

    # -- as data
    def to_dict(self, *, with_workbook: bool = True) -> dict:
        out = asdict(self)
        out["population"] = self.population.to_dict()
        out["version"] = SPEC_VERSION
        if not with_workbook:
            out["workbook_b64"] = ""
        return out

    def to_json(self, **kw) -> str:
        return json.dumps(self.to_dict(**kw), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: dict) -> "FormSpec":
        data = dict(data)
        data.pop("version", None)
        data["columns"] = [Column(**c) for c in data["columns"]]
        data["population"] = Population.from_dict(data.get("population"))
        return cls(**data)

    @classmethod
    def from_json(cls, text: str) -> "FormSpec":
        return cls.from_dict(json.loads(text))

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.to_json())

    @classmethod
    def load(cls, path: str) -> "FormSpec":
        with open(path, encoding="utf-8") as f:
            return cls.from_json(f.read())

    def workbook_bytes(self) -> bytes:
        return base64.b64decode(self.workbook_b64) if self.workbook_b64 else b""


def _text(v) -> str:
    return "" if v is None else re.sub(r"\s+", "", str(v))


def spread_values(ws, last_row: int) -> dict[tuple[int, int], object]:
    """Every cell's value up to ``last_row``, a merged range's value in each of its cells
    (a header merged over two rows or columns names all of them)."""
    grid = {}
    for row in ws.iter_rows(min_row=1, max_row=last_row):
        for c in row:
            if c.value is not None:
                grid[(c.row, c.column)] = c.value
    for rng in ws.merged_cells.ranges:
        if rng.min_row > last_row:
            continue
        v = grid.get((rng.min_row, rng.min_col))
        for r in range(rng.min_row, min(rng.max_row, last_row) + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if v is not None:
                    grid[(r, c)] = v
    return grid


def _row_fields(grid, r: int, ncols: int, subject: str) -> int:
    found = set()
    for c in range(1, ncols + 1):
        v = grid.get((r, c))
        if isinstance(v, str):
            key = ff.field_for(subject, v)
            if key and key != "seq":
                found.add(key)
    return len(found)


def recognise(path: str) -> FormSpec:
    """Read a template and guess everything about it (see the module's note)."""
    import openpyxl
    try:
        with open(path, "rb") as f:
            data = f.read()
        wb = openpyxl.load_workbook(path)
    except Exception as exc:               # not a workbook, damaged, encrypted: say so
        raise TemplateProblem("form.unreadable") from exc
    ws = wb.worksheets[0]
    last = min(ws.max_row, MAX_HEADER_SCAN)
    ncols = ws.max_column
    grid = spread_values(ws, ws.max_row)
    best = None
    for subject in ff.SUBJECTS:
        for r in range(1, last + 1):
            score = _row_fields(grid, r, ncols, subject)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, r, subject)
    if best is None:
        raise TemplateProblem("form.no_header")
    hrow = best[1]
    top = bottom = hrow
    for rng in ws.merged_cells.ranges:           # a header merged down or a group above
        if rng.min_row <= hrow <= rng.max_row and rng.max_row - rng.min_row < 4:
            top, bottom = min(top, rng.min_row), max(bottom, rng.max_row)
    # a header merged across columns down to the lowest header row (现住址 over I:J) is
    # one column, written in its first cell
    covered = {c for rng in ws.merged_cells.ranges
               if rng.min_row <= bottom <= rng.max_row and rng.min_row >= top
               for c in range(rng.min_col + 1, rng.max_col + 1)}
    subject, columns = max(((subj, _columns(grid, top, bottom, ncols, subj, covered))
                            for subj in ff.SUBJECTS),
                           key=lambda sc: sum(1 for c in sc[1] if c.field))
    data_start = bottom + 1
    footer = info = None
    for r in range(data_start, ws.max_row + 1):
        if any(FOOTER_RE.match(_text(grid.get((r, c)))) for c in range(1, min(ncols, 4) + 1)):
            footer = r
            break
    for r in range(1, top):
        if any(INFO_RE.search(_text(grid.get((r, c)))) for c in range(1, ncols + 1)):
            info = r
    title = ""
    for r in range(1, top):
        t = _text(grid.get((r, 1))) or next(
            (_text(grid.get((r, c))) for c in range(1, ncols + 1) if grid.get((r, c))), "")
        if t and not INFO_RE.search(t):
            title = t
            break
    # a column whose first data cell is a formula is the template's own (=ROW()-4, a sum)
    for col in columns:
        v = ws.cell(data_start, col.index).value
        if isinstance(v, str) and v.startswith("=") and (footer is None or data_start < footer):
            col.formula = True
            col.field = None
            col.auto = False
    return FormSpec(title=title or os.path.splitext(os.path.basename(path))[0], subject=subject,
                    sheet=ws.title, header_top=top, header_bottom=bottom, data_start=data_start,
                    footer_row=footer, info_row=info, columns=columns,
                    template_name=os.path.basename(path),
                    template_sha256=hashlib.sha256(data).hexdigest(),
                    workbook_b64=base64.b64encode(data).decode("ascii"))


def _column(index: int, header: str, key: str | None) -> Column:
    return Column(index=index, header=header, field=key, auto=key is not None)


def _columns(grid, top: int, bottom: int, ncols: int, subject: str,
             covered: set[int]) -> list[Column]:
    """The columns as a table of ``subject`` rows: the lowest, most specific name first,
    then the group label joined to it (房主信息 over 姓名: 房主姓名)."""
    columns = []
    used: set[str] = set()
    for c in range(1, ncols + 1):
        if c in covered:
            continue
        names = []
        for r in range(top, bottom + 1):
            t = _text(grid.get((r, c)))
            if t and t not in names:
                names.append(t)
        if not names:
            continue
        key = None
        for name in reversed(names):
            key = ff.field_for(subject, name)
            if key:
                break
        if key is None and len(names) > 1:
            group = re.sub(r"(信息|情况|基本情况)$", "", names[0])
            key = (ff.field_for(subject, group + names[-1])
                   or ff.field_for(subject, "".join(names)))
        if key in used and key != "seq":
            key = None
        if key:
            used.add(key)
        columns.append(_column(c, " / ".join(names), key))
    return columns
