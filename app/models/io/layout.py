"""Where a sheet's header is and which column is which field: the fields of the
roster import with the headers offices give them (姓名, 公民身份号码, 现住址…), header
rows below titles and blank lines, two-level merged headers."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from app.models.io.normalise import fold
from app.models.io.source import FileProblem, Sheet

MAX_HEADER_SCAN = 30


@dataclass(frozen=True)
class ImportField:
    key: str
    zh: str                      # the template's header
    en: str
    synonyms: tuple[str, ...] = ()
    required: bool = False


FIELDS: tuple[ImportField, ...] = (
    ImportField("name", "姓名", "Name", ("名字", "居民姓名", "人员姓名", "姓名(必填)"), True),
    ImportField("id_type", "证件类型", "ID type", ("证件种类", "证件名称")),
    ImportField("id_number", "身份证号", "ID number", (
        "身份证号码", "公民身份号码", "公民身份证号码", "身份证件号码", "证件号码", "证件号",
        "身份证", "身份号码", "居民身份证号码", "居民身份证号", "身份证号/证件号码"), True),
    ImportField("gender", "性别", "Gender"),
    ImportField("birth_date", "出生日期", "Birth date", ("出生年月", "出生年月日", "生日", "出生时间")),
    ImportField("ethnicity", "民族", "Ethnicity"),
    ImportField("phone", "联系电话", "Phone", (
        "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "联系电话号码", "移动电话",
        "联系手机")),
    ImportField("residence_type", "人员类别", "Residence type", (
        "人口类别", "人员类型", "人口类型", "居住类型", "居住类别", "人员属性", "人口属性"), True),
    ImportField("relation", "与户主关系", "Relation to head", (
        "与户主的关系", "家庭关系", "户主关系", "关系")),
    ImportField("household_number", "户号", "Household number", (
        "户编号", "家庭户号", "户口编号", "户籍编号", "家庭编号")),
    ImportField("household_kind", "户类型", "Household type", ("户别", "住户类型", "户性质", "户类别")),
    ImportField("grid", "所属网格", "Grid", ("网格", "网格名称", "网格编码", "所在网格")),
    ImportField("address", "现住址", "Address", (
        "门牌", "门牌号", "现住址/门牌", "居住地址", "现居住地址", "现居住地", "住址", "实际居住地址",
        "现居地址", "居住地", "房屋地址", "地址", "详细地址", "现住地址", "现住址门牌")),
    ImportField("estate", "小区", "Estate", ("小区名称", "小区名", "小区(村)", "小区/村")),
    ImportField("building", "楼栋", "Building", ("楼号", "楼栋号", "栋号", "楼宇", "楼栋名称", "幢号")),
    ImportField("unit", "单元", "Unit", ("单元号",)),
    ImportField("room", "房号", "Room", ("房间号", "室号", "户室号", "房号室")),
    ImportField("registered_address", "户籍地址", "Registered address", (
        "户籍地", "户籍所在地", "户籍地详址", "户籍地址详址", "户口所在地", "户籍住址", "户籍详址")),
    ImportField("political_status", "政治面貌", "Political status"),
    ImportField("education", "文化程度", "Education", ("学历",)),
    ImportField("occupation", "职业", "Occupation"),
    ImportField("work_unit", "工作单位", "Work unit", ("服务处所", "单位", "工作单位/学校", "就业单位")),
    ImportField("marital_status", "婚姻状况", "Marital status", ("婚姻状态", "婚否")),
    ImportField("moved_in_date", "迁入日期", "Moved in on", ("入住日期", "入住时间", "迁入时间",
                                                           "来本地日期")),
    ImportField("status", "人员状态", "Status", ("居住状态", "状态")),
    ImportField("in_service_party_member", "在职党员", "In-service party member", (
        "是否在职党员", "双报到")),
    ImportField("party_member_unit", "党员所在单位", "Party member's unit", ("在职党员单位",)),
    ImportField("notes", "备注", "Notes"),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
IGNORED_HEADERS = {"序号", "编号", "no", "no.", "#", "错误原因", "原行号", "行号"}


def _header_key(text: object) -> str:
    key = fold(text).replace("*", "").rstrip(":")
    return re.sub(r"\((必填|选填|可选)\)", "", key)


@functools.lru_cache(maxsize=8)
def header_map(fields: tuple[ImportField, ...] = FIELDS) -> dict[str, str]:
    """Every header a field set knows (its own and the synonyms), folded → field key."""
    out: dict[str, str] = {}
    for f in fields:
        for text in (f.zh, f.en, *f.synonyms):
            out.setdefault(_header_key(text), f.key)
    return out


def field_for_header(text: object, fields: tuple[ImportField, ...] = FIELDS) -> str | None:
    """The field a header names ('身份证号码' → 'id_number'), or None. ``fields``: the
    roster's (``FIELDS``) or another import's (houses, organizations)."""
    if text is None:
        return None
    key = _header_key(text)
    if not key:
        return None
    known = header_map(fields)
    if key in known:
        return known[key]
    bare = re.sub(r"\([^)]*\)", "", key)            # '联系电话(手机)', '出生日期(yyyy-mm-dd)'
    return known.get(bare)


@dataclass
class Layout:
    header_rows: list[int]          # spreadsheet row numbers that make the header
    data_start: int                 # index into sheet.rows of the first data row
    headers: list[str]              # per column: the header text shown to the user
    mapping: dict[int, str]         # column index -> field key (the automatic guess)
    columns: int


def _row_matches(cells: list, fields: tuple[ImportField, ...] = FIELDS) -> dict[int, str]:
    out: dict[int, str] = {}
    used: set[str] = set()
    for i, value in enumerate(cells):
        if isinstance(value, str):
            key = field_for_header(value, fields)
            if key and key not in used:
                out[i] = key
                used.add(key)
    return out


def header_score(rows: list[tuple[int, list]]) -> int:
    """How many fields the best header row in the first rows names (a sheet with a
    header names at least two)."""
    return max((len(set(_row_matches(cells).values())) for _n, cells in rows[:MAX_HEADER_SCAN]),
               default=0)


def has_header(rows: list[tuple[int, list]]) -> bool:
    """Whether a header naming at least two fields is in the first rows."""
    return header_score(rows) >= 2


def _blank(cells: list) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_like(cells: list, above: list | None,
                 fields: tuple[ImportField, ...] = FIELDS) -> bool:
    """A row of column names: at least half its filled cells are header words (or repeat the
    cell above, as a header merged down over two rows reads)."""
    filled = [(i, v) for i, v in enumerate(cells) if v is not None and str(v).strip()]
    if not filled:
        return False
    hits = 0
    for i, v in filled:
        if not isinstance(v, str):
            continue
        if field_for_header(v, fields) or fold(v) in IGNORED_HEADERS or (
                above is not None and i < len(above) and above[i] == v):
            hits += 1
    return hits >= 1 and hits * 2 >= len(filled)


_DIGITS_RE = re.compile(r"\d{6,}")


def _plain_header_row(rows: list[tuple[int, list]]) -> int | None:
    """Headers the mapping table does not know (号码, 类型…): the first filled row, if it
    is all text with nothing that looks like data (no ID number, phone or date), is taken
    as the header so the user can map the columns by hand."""
    for i, (_n, cells) in enumerate(rows[:MAX_HEADER_SCAN]):
        filled = [v for v in cells if v is not None and str(v).strip()]
        if not filled:
            continue
        if len(filled) >= 2 and all(isinstance(v, str) and not _DIGITS_RE.search(v)
                                    for v in filled) and i + 1 < len(rows):
            return i
        return None
    return None


def detect_layout(sheet: Sheet, fields: tuple[ImportField, ...] = FIELDS) -> Layout:
    """Find the header (skipping title rows, notes and blank lines) and guess the mapping.

    The header is the row naming the most fields, together with the rows right above and
    below it that are column names too: a two-level header (姓名 merged down two rows,
    联系方式 over 手机/固定电话, 现住址 over 小区/楼栋/单元/房号). The lower, more specific
    name wins; a group label (基本信息) names nothing and is only shown.
    """
    rows = sheet.rows
    best, best_score = None, 0
    scanned = 0
    for i, (_n, cells) in enumerate(rows):
        if scanned >= MAX_HEADER_SCAN:
            break
        if _blank(cells):
            continue
        scanned += 1
        score = len(set(_row_matches(cells, fields).values()))
        if score > best_score:
            best, best_score = i, score
    if best is None or best_score < 2:
        best = _plain_header_row(rows)
        if best is None:
            raise FileProblem("file.no_header")
    top = bottom = best
    while top - 1 >= 0 and rows[top - 1][0] == rows[top][0] - 1 and _header_like(
            rows[top - 1][1], rows[top - 2][1] if top >= 2 else None, fields):
        top -= 1
    while bottom + 1 < len(rows) and rows[bottom + 1][0] == rows[bottom][0] + 1 and _header_like(
            rows[bottom + 1][1], rows[bottom][1], fields):
        bottom += 1
    band = rows[top:bottom + 1]
    mapping: dict[int, str] = {}
    texts: dict[int, str] = {}
    for _number, cells in reversed(band):           # the lowest, most specific name first
        for c, key in _row_matches(cells, fields).items():
            if c not in mapping and key not in mapping.values():
                mapping[c] = key
                texts[c] = str(cells[c]).strip()
    for _number, cells in reversed(rows[max(0, top - 1):bottom + 1]):
        for c, v in enumerate(cells):               # unmapped columns show their nearest name
            if c not in texts and v is not None and str(v).strip():
                texts[c] = str(v).strip()
    data_start = bottom + 1
    columns = max((len(c) for _n, c in rows[data_start:data_start + 5000]), default=0)
    columns = max(columns, max(texts, default=-1) + 1)
    headers = [texts.get(c, "") for c in range(columns)]
    for c, text in enumerate(headers):
        if c in mapping and fold(text) in IGNORED_HEADERS:
            mapping.pop(c)
    return Layout([n for n, _c in band], data_start, headers, mapping, columns)
