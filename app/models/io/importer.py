"""Roster import from the spreadsheets community offices already keep (xlsx, CSV).

Qt-free; the wizard in ``app/ui/io/import_wizard.py`` runs each stage off the GUI
thread on its own connection.

1. ``read_file``: an xlsx (own streaming reader: merged cells, shared/inline
   strings, date styles, the 1904 date system) or a CSV in UTF-8, UTF-8 with BOM,
   GBK/GB18030 or UTF-16 with BOM. A file that cannot be read raises
   ``FileProblem`` with a code the UI words (truncated, old .xls, wrong encoding…).
2. ``detect_layout``: finds the header row below title rows, blank lines and
   merged two-level headers, and maps columns to fields by their Chinese (or
   English) headers; the user may override the mapping.
3. ``analyse``: normalises every row (ID numbers that Excel stored as numbers,
   mixed date formats, 男/女, 汉/汉族, 户籍/流动…, address text parsed into
   estate › building › unit › room and matched to the address tree, households by
   户号), validates it with the roster rules and finds duplicates by ID number in
   the file and in the store.
4. ``Analysis.plan``: cheap; applies the duplicate policy (update | skip | ask
   with the user's decisions) and whether new address nodes may be created, and
   says what will be created, updated, skipped and which rows are invalid.
5. ``commit``: one SQLite transaction through the one write path
   (``UnitOfWork``: row + outbox op + audit per row), search reindexed for the
   affected residents, an 'import' audit note; progress callback, and
   cancellation raises ``Cancelled`` so everything rolls back.

Problems are ``rules.Issue`` values (field + code + params); the UI words them.
"""
from __future__ import annotations

import csv
import functools
import datetime as dt
import io
import os
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping
from xml.parsers import expat

from app.models.domain import choices as d
from app.models.roster import search
from app.models.domain import rules
from app.models.domain.ids import uuid7
from app.models.write.unit import Actor, unit_of_work
from app.models.roster.repository import ADDRESS_CODE_WIDTH, RESIDENT_FIELDS, estate_code

Progress = Callable[[str, int, int], None]      # (phase, done, total)
CancelCheck = Callable[[], bool]

MAX_HEADER_SCAN = 30
SYNC_GROUP = 100            # ops per sync transaction (sync-protocol.md: ≤ 100 ops per push)
CHUNK = 2000                # rows between progress reports
CHECK_EVERY = 256           # rows between calls of ``cancel`` (see below)
WRITE_BATCH = 500           # rows per executemany in a commit

# ``cancel`` is called often (every CHECK_EVERY rows, 256 KB of XML, WRITE_BATCH written
# rows): a caller on a worker thread may also use the call to give the GUI thread a turn
# (app/ui/io/import_wizard.py does; see its note on the GIL).


class FileProblem(Exception):
    """A file that cannot be imported as a whole; ``code``/``params`` are worded by the UI.

    Codes: file.missing, file.empty, file.damaged (truncated or not a workbook),
    file.xls (old Excel/WPS format or a password-protected workbook),
    file.encoding (neither UTF-8 nor GBK/GB18030), file.no_sheet, file.no_header.
    """

    def __init__(self, code: str, **params):
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params = params


class Cancelled(Exception):
    """Raised inside a stage when the user cancelled; a commit rolls back."""


class StaleData(Exception):
    """The roster changed between the preview and the commit; check the file again."""


def _check(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


# =============================================================== reading files

@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list]]          # (row number as the spreadsheet shows it, cells)


@dataclass
class Source:
    path: str
    kind: str                              # 'xlsx' | 'csv'
    sheet: Sheet
    sheet_names: list[str] = field(default_factory=list)
    encoding: str | None = None            # CSV only

    @property
    def name(self) -> str:
        return os.path.basename(self.path)


_SPACE_RE = re.compile(r"\s+")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_file(path: str, sheet: str | None = None, *, progress: Progress | None = None,
              cancel: CancelCheck | None = None) -> Source:
    """Read a whole sheet (xlsx: ``sheet`` or the first visible one with a header) or CSV."""
    path = str(path)
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise FileProblem("file.missing", path=path) from None
    except OSError as exc:
        raise FileProblem("file.unreadable", detail=str(exc)) from None
    if size == 0:
        raise FileProblem("file.empty")
    ext = os.path.splitext(path)[1].lower()
    if head.startswith(OLE_MAGIC):
        raise FileProblem("file.xls")
    if head.startswith(b"PK\x03\x04") or ext in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet, progress, cancel)
    if ext in (".xls", ".et"):
        raise FileProblem("file.xls")
    return _read_csv(path, progress, cancel)


# -- CSV ------------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 with a BOM, else UTF-8 (with or without BOM), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileProblem("file.encoding", line=None) from None
    if b"\x00" in data[:4096]:
        # UTF-16 without its BOM, or not text at all (a binary file renamed .csv)
        raise FileProblem("file.encoding", line=None)
    try:
        return data.decode("utf-8-sig"), ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf")
                                          else "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise FileProblem("file.encoding", line=data[:exc.start].count(b"\n") + 1) from None


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text[:65536].splitlines()[:30] if ln.strip()]
    best, best_score = ",", 0
    for delim in (",", "\t", ";", "|"):
        counts = [ln.count(delim) for ln in lines]
        if not counts:
            continue
        score = sum(1 for c in counts if c) * 1000 + max(counts)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(path: str, progress: Progress | None, cancel: CancelCheck | None) -> Source:
    with open(path, "rb") as fh:
        data = fh.read()
    text, encoding = decode_text(data)
    delim = _sniff_delimiter(text)
    rows: list[tuple[int, list]] = []
    total = len(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        for number, cells in enumerate(reader, start=1):
            if number % CHECK_EVERY == 0:
                _check(cancel)
            if number % CHUNK == 0:
                if progress:
                    progress("read", min(total, number * 80), total)
            rows.append((number, cells))
    except csv.Error as exc:
        raise FileProblem("file.damaged", detail=str(exc)) from None
    name = os.path.splitext(os.path.basename(path))[0]
    return Source(path, "csv", Sheet(name, rows), [name], encoding)


# -- xlsx -----------------------------------------------------------------------

# Built-in number formats that are dates (incl. the CJK locale ones 27-36, 50-58).
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_DATE_CODE_RE = re.compile(r"[ymdhs]|年|月|日", re.I)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)   # quoted text, [colours], escapes
    return bool(_DATE_CODE_RE.search(code)) and "General" not in code


def _col_index(ref: str) -> int:
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n - 1


def _split_ref(ref: str) -> tuple[int, int]:
    """'C12' -> (row 12, column index 2)."""
    i = 0
    while i < len(ref) and ref[i].isalpha():
        i += 1
    return int(ref[i:]), _col_index(ref[:i])


def column_letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _parse(zf: zipfile.ZipFile, name: str, start=None, end=None, chars=None,
           progress: Progress | None = None, cancel: CancelCheck | None = None) -> None:
    """Feed one part of the workbook to expat in 1 MB pieces, reporting progress and
    honouring cancellation between pieces."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if chars:
        parser.CharacterDataHandler = chars
    info = zf.getinfo(name)
    done = 0
    with zf.open(info) as fh:
        while True:
            _check(cancel)
            chunk = fh.read(1 << 18)
            if not chunk:
                break
            parser.Parse(chunk, False)
            done += len(chunk)
            if progress:
                progress("read", min(done, info.file_size), info.file_size)
        parser.Parse(b"", True)


def _xml_attrs(zf: zipfile.ZipFile, name: str, tag: str) -> list[dict]:
    found: list[dict] = []
    _parse(zf, name, start=lambda n, a: found.append(a) if _local(n) == tag else None)
    return found


def _shared_strings(zf: zipfile.ZipFile, name: str) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    depth = {"t": 0, "rph": 0}

    def start(n, _a):
        n = _local(n)
        if n == "si":
            buf.clear()
        elif n == "t":
            depth["t"] += 1
        elif n == "rPh":
            depth["rph"] += 1

    def end(n):
        n = _local(n)
        if n == "si":
            out.append("".join(buf))
        elif n == "t":
            depth["t"] -= 1
        elif n == "rPh":
            depth["rph"] -= 1

    def chars(text):
        if depth["t"] and not depth["rph"]:
            buf.append(text)

    _parse(zf, name, start, end, chars)
    return out


def _date_styles(zf: zipfile.ZipFile, name: str) -> set[int]:
    """Indexes of cellXfs whose number format is a date."""
    custom: dict[int, str] = {}
    xfs: list[int] = []
    inside = {"cellXfs": False}

    def start(n, a):
        n = _local(n)
        if n == "numFmt":
            try:
                custom[int(a.get("numFmtId", "-1"))] = a.get("formatCode", "")
            except ValueError:
                pass
        elif n == "cellXfs":
            inside["cellXfs"] = True
        elif n == "xf" and inside["cellXfs"]:
            try:
                xfs.append(int(a.get("numFmtId", "0")))
            except ValueError:
                xfs.append(0)

    def end(n):
        if _local(n) == "cellXfs":
            inside["cellXfs"] = False

    _parse(zf, name, start, end)
    dates = set()
    for i, fmt in enumerate(xfs):
        if fmt in custom:
            if _is_date_format(custom[fmt]):
                dates.add(i)
        elif fmt in _DATE_FORMAT_IDS:
            dates.add(i)
    return dates


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = base.split("/")[:-1]
    for seg in target.split("/"):
        if seg == "..":
            parts = parts[:-1]
        elif seg and seg != ".":
            parts.append(seg)
    return "/".join(parts)


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, _, fname = part.rpartition("/")
    rels_name = f"{folder}/_rels/{fname}.rels" if folder else f"_rels/{fname}.rels"
    if rels_name not in zf.namelist():
        return {}
    return {a.get("Id"): (a.get("Type", "").rpartition("/")[2], _resolve(part, a.get("Target", "")))
            for a in _xml_attrs(zf, rels_name, "Relationship")}


def _serial_to_datetime(value: float, date1904: bool) -> dt.datetime | None:
    if date1904:
        base = dt.datetime(1904, 1, 1)
    elif value < 61:
        base = dt.datetime(1899, 12, 31)   # Lotus' phantom 1900-02-29 sits at 60
    else:
        base = dt.datetime(1899, 12, 30)
    try:
        return base + dt.timedelta(days=value)
    except OverflowError:
        return None


def _read_xlsx(path: str, sheet_name: str | None, progress: Progress | None,
               cancel: CancelCheck | None) -> Source:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise FileProblem("file.damaged") from None
    try:
        with zf:
            names = set(zf.namelist())
            wb_part = next((t for typ, t in _rels(zf, "").values() if typ == "officeDocument"),
                           "xl/workbook.xml")
            if wb_part not in names:
                raise FileProblem("file.damaged")
            sheets = []
            date1904 = False
            for tag, attrs in _workbook_entries(zf, wb_part):
                if tag == "sheet":
                    rid = next((v for k, v in attrs.items() if _local(k) == "id"), None)
                    sheets.append((attrs.get("name", ""), rid, attrs.get("state", "visible")))
                elif tag == "workbookPr":
                    date1904 = attrs.get("date1904") in ("1", "true")
            rels = _rels(zf, wb_part)
            worksheets = [(n, rels[rid][1], state) for n, rid, state in sheets
                          if rid in rels and rels[rid][0] == "worksheet" and rels[rid][1] in names]
            if not worksheets:
                raise FileProblem("file.no_sheet")
            shared_part = next((t for typ, t in rels.values() if typ == "sharedStrings"), None)
            styles_part = next((t for typ, t in rels.values() if typ == "styles"), None)
            shared = _shared_strings(zf, shared_part) if shared_part in names else []
            date_styles = _date_styles(zf, styles_part) if styles_part in names else set()
            visible = [w for w in worksheets if w[2] == "visible"] or worksheets
            all_names = [w[0] for w in visible]
            if sheet_name is not None:
                chosen = [w for w in worksheets if w[0] == sheet_name]
                if not chosen:
                    raise FileProblem("file.no_sheet", sheet=sheet_name)
                candidates = chosen
            else:
                candidates = visible
            first = None
            for name, part, _state in candidates:
                rows = _read_sheet(zf, part, shared, date_styles, date1904, progress, cancel)
                sheet = Sheet(name, rows)
                if first is None:
                    first = sheet
                if sheet_name is not None or _has_header(rows):
                    return Source(path, "xlsx", sheet, all_names)
            return Source(path, "xlsx", first, all_names)
    except FileProblem:
        raise
    except Cancelled:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, IndexError,
            expat.ExpatError, OSError, NotImplementedError) as exc:
        raise FileProblem("file.damaged", detail=str(exc)) from None


def _workbook_entries(zf: zipfile.ZipFile, part: str) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []

    def start(n, a):
        n = _local(n)
        if n in ("sheet", "workbookPr"):
            out.append((n, a))
    _parse(zf, part, start)
    return out


def _prefix(zf: zipfile.ZipFile, part: str, root: str) -> str:
    """The namespace prefix a part uses for its elements ('' or e.g. 'x:')."""
    with zf.open(part) as fh:
        head = fh.read(4096).decode("utf-8", "replace")
    m = re.search(r"<([A-Za-z_][\w.-]*:)?" + root + r"[\s>]", head)
    return m.group(1) or "" if m else ""


def _read_sheet(zf: zipfile.ZipFile, part: str, shared: list[str], date_styles: set[int],
                date1904: bool, progress: Progress | None, cancel: CancelCheck | None
                ) -> list[tuple[int, list]]:
    """Stream one worksheet into (row number, cells). Written for speed (100,000
    rows): closures over plain locals, element names compared as prepared strings."""
    p = _prefix(zf, part, "worksheet")
    C, V, T, ROW, RPH, MERGE = (p + n for n in ("c", "v", "t", "row", "rPh", "mergeCell"))
    rows: dict[int, list] = {}
    merges: list[str] = []
    buf: list[str] = []
    col_of: dict[str, int] = {}
    row: list | None = None
    rnum = col = style = rph = 0
    ctype: str | None = None
    intext = False

    def start(name, a):
        nonlocal row, rnum, col, style, ctype, intext, rph
        if name == C:
            ref = a.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                c = col_of.get(letters)
                if c is None:
                    c = col_of[letters] = _col_index(letters)
                col = c
            else:
                col = len(row) if row is not None else 0
            ctype = a.get("t")
            s = a.get("s")
            style = int(s) if s else 0
            buf.clear()
        elif name == V:
            intext = True
        elif name == T:
            intext = not rph
        elif name == ROW:
            r = a.get("r")
            rnum = int(r) if r else rnum + 1
            row = []
        elif name == RPH:
            rph += 1
        elif name == MERGE:
            ref = a.get("ref")
            if ref:
                merges.append(ref)

    def end(name):
        nonlocal row, intext, rph
        if name == V or name == T:
            intext = False
        elif name == C:
            if row is None:
                return
            text = "".join(buf) if len(buf) != 1 else buf[0]
            t = ctype
            if t is None or t == "n":
                if not text:
                    return
                if "." in text or "E" in text or "e" in text:
                    value = float(text)
                else:
                    value = int(text)
                if style in date_styles:
                    value = _serial_to_datetime(float(value), date1904) or value
            elif t == "s":
                if not text:
                    return
                value = shared[int(text)]
            elif t == "b":
                value = text in ("1", "true")
            elif t == "d":
                try:
                    value = dt.datetime.fromisoformat(text)
                except ValueError:
                    value = text
            else:                        # str, inlineStr, e (#N/A…)
                value = text
            if value == "":
                return
            if col >= len(row):
                if col > len(row):
                    row.extend([None] * (col - len(row)))
                row.append(value)
            else:
                row[col] = value
        elif name == ROW:
            rows[rnum] = row
            row = None
        elif name == RPH:
            rph -= 1

    def chars(data):
        if intext:
            buf.append(data)

    _parse(zf, part, start, end, chars, progress, cancel)
    # A merged range holds its value in its top-left cell: spread it over the range
    # (a household number or address merged down the member rows, a header merged
    # over two header rows).
    for ref in merges:
        if ":" not in ref:
            continue
        a, b = ref.split(":", 1)
        r1, c1 = _split_ref(a)
        r2, c2 = _split_ref(b)
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
            continue
        top = rows.get(r1)
        value = top[c1] if top is not None and c1 < len(top) else None
        if value is None:
            continue
        for r in range(r1, r2 + 1):
            row = rows.setdefault(r, [])
            for c in range(c1, c2 + 1):
                if c >= len(row):
                    row.extend([None] * (c + 1 - len(row)))
                if row[c] is None:
                    row[c] = value
    return sorted(rows.items())


# ============================================================ fields and headers

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


def clear_caches() -> None:
    """Forget the cell texts the caches below hold (app.ui.shell.app.end_session: after
    切换用户 nothing of the previous person's import stays in memory)."""
    _fold_str.cache_clear()
    _squeeze.cache_clear()


@functools.lru_cache(maxsize=8192)
def _fold_str(text: str) -> str:
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text)).lower()


def _fold(text: object) -> str:
    return _fold_str(text if isinstance(text, str) else str(text))


def _header_key(text: object) -> str:
    key = _fold(text).replace("*", "").rstrip(":")
    return re.sub(r"\((必填|选填|可选)\)", "", key)


_HEADER_MAP: dict[str, str] = {}
for _f in FIELDS:
    for _text in (_f.zh, _f.en, *_f.synonyms):
        _HEADER_MAP.setdefault(_header_key(_text), _f.key)


def field_for_header(text: object) -> str | None:
    """The field a header names ('身份证号码' → 'id_number'), or None."""
    if text is None:
        return None
    key = _header_key(text)
    if not key:
        return None
    if key in _HEADER_MAP:
        return _HEADER_MAP[key]
    bare = re.sub(r"\([^)]*\)", "", key)            # '联系电话(手机)', '出生日期(yyyy-mm-dd)'
    return _HEADER_MAP.get(bare)


@dataclass
class Layout:
    header_rows: list[int]          # spreadsheet row numbers that make the header
    data_start: int                 # index into sheet.rows of the first data row
    headers: list[str]              # per column: the header text shown to the user
    mapping: dict[int, str]         # column index -> field key (the automatic guess)
    columns: int


def _row_matches(cells: list) -> dict[int, str]:
    out: dict[int, str] = {}
    used: set[str] = set()
    for i, value in enumerate(cells):
        if isinstance(value, str):
            key = field_for_header(value)
            if key and key not in used:
                out[i] = key
                used.add(key)
    return out


def _has_header(rows: list[tuple[int, list]]) -> bool:
    return any(len(set(_row_matches(cells).values())) >= 2 for _n, cells in rows[:MAX_HEADER_SCAN])


def _blank(cells: list) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header_like(cells: list, above: list | None) -> bool:
    """A row of column names: at least half its filled cells are header words (or repeat the
    cell above, as a header merged down over two rows reads)."""
    filled = [(i, v) for i, v in enumerate(cells) if v is not None and str(v).strip()]
    if not filled:
        return False
    hits = 0
    for i, v in filled:
        if not isinstance(v, str):
            continue
        if field_for_header(v) or _fold(v) in IGNORED_HEADERS or (
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


def detect_layout(sheet: Sheet) -> Layout:
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
        score = len(set(_row_matches(cells).values()))
        if score > best_score:
            best, best_score = i, score
    if best is None or best_score < 2:
        best = _plain_header_row(rows)
        if best is None:
            raise FileProblem("file.no_header")
    top = bottom = best
    while top - 1 >= 0 and rows[top - 1][0] == rows[top][0] - 1 and _header_like(
            rows[top - 1][1], rows[top - 2][1] if top >= 2 else None):
        top -= 1
    while bottom + 1 < len(rows) and rows[bottom + 1][0] == rows[bottom][0] + 1 and _header_like(
            rows[bottom + 1][1], rows[bottom][1]):
        bottom += 1
    band = rows[top:bottom + 1]
    mapping: dict[int, str] = {}
    texts: dict[int, str] = {}
    for _number, cells in reversed(band):           # the lowest, most specific name first
        for c, key in _row_matches(cells).items():
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
        if c in mapping and _fold(text) in IGNORED_HEADERS:
            mapping.pop(c)
    return Layout([n for n, _c in band], data_start, headers, mapping, columns)


# ========================================================== normalising values

def cell_text(value: object) -> str:
    """A cell as text the way a person reads it: 1001.0 → '1001', a date → 2026-11-28."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _unwrap(text: str) -> str:
    """Strip what people put in front of long numbers to keep Excel from eating them:
    a leading apostrophe or tab, or a ="…" formula."""
    text = text.strip().lstrip("'\u2019\t")
    m = re.fullmatch(r'=\s*"(.*)"', text)
    return m.group(1) if m else text


def _as_excel_shows(value: float) -> str:
    """A big number as Excel's formula bar shows it: 15 significant digits, then zeros."""
    mantissa, _, exp = f"{abs(value):.14e}".partition("e")
    digits, exp_n = mantissa.replace(".", ""), int(exp)
    if exp_n < 14 or exp_n > 30:
        return f"{value:.15g}"
    return ("-" if value < 0 else "") + digits + "0" * (exp_n - 14)


_SCI_RE = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def normalize_id_number(value: object) -> tuple[str, list[rules.Issue]]:
    """The ID text, or an issue when Excel stored it as a number and dropped digits."""
    if value is None:
        return "", []
    if isinstance(value, bool):
        return str(value), []
    if isinstance(value, int):
        text = str(value)
        if len(text) <= 15:
            return text, []
        info, issues = rules.check_id_number(text, dt.date.today())
        if info is not None and len(text) == 18:
            return text, [rules.Issue("id_number", "id.stored_as_number", severity="warning")]
        return text, [rules.Issue("id_number", "id.lost_digits", {"value": text})]
    if isinstance(value, float):
        if value.is_integer() and 0 < value < 1e15:
            return str(int(value)), []
        shown = _as_excel_shows(value)
        return shown, [rules.Issue("id_number", "id.lost_digits", {"value": shown})]
    text = _unwrap(unicodedata.normalize("NFKC", str(value))).replace(" ", "")
    if _SCI_RE.match(text):
        return text, [rules.Issue("id_number", "id.lost_digits", {"value": text})]
    if re.fullmatch(r"\d{18}\.0+", text):
        text = text.split(".")[0]
    return text, []


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)


def normalize_date(value: object, fld: str) -> tuple[str | dt.date | tuple[int, int] | None,
                                                      list[rules.Issue]]:
    """A date cell in any of the forms offices use: 2026-11-28, 2026/11/28, 2026.11.28,
    2026年11月28日, 20261128, an Excel date cell or serial number. Returns an ISO
    date string, a (year, month) pair for 1990年3月, None for blank, or an issue."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, []
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), []
    if isinstance(value, dt.date):
        return value.isoformat(), []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) or value.is_integer():
            n = int(value)
            if 10_000_000 <= n <= 99_991_231:
                value = str(n)          # 20261128 typed as a number
            elif 1 <= n <= 109_574:     # an Excel serial (up to 2199-12-31)
                got = _serial_to_datetime(float(n), False)
                return (got.date().isoformat(), []) if got else (
                    None, [rules.Issue(fld, "date.unrecognised", {"value": str(value)})])
            elif 190_001 <= n <= 299_912:
                value = str(n)          # 199003: year and month
        if not isinstance(value, str):
            return None, [rules.Issue(fld, "date.unrecognised", {"value": cell_text(value)})]
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value)).strip())
    compact = text.replace(" ", "") if "年" in text else text
    for pat in _DATE_PATTERNS:
        m = pat.match(compact)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), []
            except ValueError:
                return None, [rules.Issue(fld, "date.unrecognised", {"value": text})]
    for pat in _MONTH_PATTERNS:
        m = pat.match(compact)
        if m and 1 <= int(m.group(2)) <= 12:
            return (int(m.group(1)), int(m.group(2))), []
    return None, [rules.Issue(fld, "date.unrecognised", {"value": text})]


def _choice_lookup(table: Mapping[str, d.Choice], extra: Mapping[str, str | None] = ()
                   ) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for code, choice in table.items():
        for key in (code, choice.zh, choice.en):
            out[_fold(key)] = code
    for key, code in dict(extra).items():
        out[_fold(key)] = code
    return out


def _ethnicity_extra() -> dict[str, str]:
    out = {}
    for code, ch in d.ETHNICITIES.items():
        if ch.zh.endswith("族") and len(ch.zh) > 1:
            out[ch.zh[:-1]] = code
        out[str(int(code))] = code
    return out


CHOICES: dict[str, dict[str, str | None]] = {
    "id_type": _choice_lookup(d.ID_TYPES, {
        "身份证": "resident_id", "二代身份证": "resident_id", "居民身份证号": "resident_id",
        "港澳通行证": "hk_macao", "回乡证": "hk_macao", "台胞证": "taiwan",
        "外国人永久居留证": "foreign_pr", "永居证": "foreign_pr"}),
    "gender": _choice_lookup(d.GENDERS, {"男性": "M", "女性": "F", "1": "M", "2": "F"}),
    "ethnicity": _choice_lookup(d.ETHNICITIES, _ethnicity_extra()),
    "residence_type": _choice_lookup(d.RESIDENCE_TYPES, {
        "户籍人口": "registered", "本地户籍": "registered", "本地": "registered",
        "户籍居民": "registered", "常住户籍": "registered",
        "流动人口": "floating", "外来人口": "floating", "暂住人口": "floating", "暂住": "floating",
        "外来": "floating", "流入人口": "floating",
        "人户分离人口": "separated", "户在人不在": "separated",
        "境外人员": "foreign", "境外人口": "foreign", "外籍": "foreign", "外籍人员": "foreign",
        "外国人": "foreign"}),
    "relation": _choice_lookup(d.RELATIONS, {
        "户主": "self", "妻": "spouse", "妻子": "spouse", "夫": "spouse", "丈夫": "spouse",
        "爱人": "spouse", "老伴": "spouse",
        "儿子": "son", "长子": "son", "次子": "son", "三子": "son", "独生子": "son", "养子": "son",
        "继子": "son", "女儿": "daughter", "长女": "daughter", "次女": "daughter",
        "三女": "daughter", "独生女": "daughter", "养女": "daughter", "继女": "daughter",
        "父": "parent", "母": "parent", "父亲": "parent", "母亲": "parent", "公公": "parent",
        "婆婆": "parent", "岳父": "parent", "岳母": "parent",
        "孙子": "grandchild", "孙女": "grandchild", "外孙": "grandchild",
        "外孙子": "grandchild", "外孙女": "grandchild",
        "兄": "sibling", "弟": "sibling", "姐": "sibling", "妹": "sibling", "哥哥": "sibling",
        "弟弟": "sibling", "姐姐": "sibling", "妹妹": "sibling",
        "儿媳": "other", "女婿": "other", "祖父": "other", "祖母": "other", "外祖父": "other",
        "外祖母": "other", "侄子": "other", "侄女": "other", "外甥": "other",
        "外甥女": "other", "非亲属": "other", "租客": "other", "租户": "other", "保姆": "other"}),
    "political_status": _choice_lookup(d.POLITICAL_STATUS, {
        "党员": "01", "共产党员": "01", "预备党员": "02", "团员": "03",
        "民革党员": "04", "民盟盟员": "04", "民建会员": "04", "民进会员": "04",
        "农工党党员": "04", "致公党党员": "04", "九三学社社员": "04", "台盟盟员": "04"}),
    "education": _choice_lookup(d.EDUCATION, {
        "博士": "postgraduate", "硕士": "postgraduate", "博士研究生": "postgraduate",
        "硕士研究生": "postgraduate", "本科": "bachelor", "大专": "college", "专科": "college",
        "高中": "senior", "中专": "senior", "职高": "senior", "技校": "senior",
        "文盲": "none", "半文盲": "none", "不识字": "none", "学龄前": None}),
    "marital_status": _choice_lookup(d.MARITAL_STATUS, {
        "初婚": "20", "再婚": "20", "复婚": "20", "有配偶": "20", "离异": "40"}),
    "status": _choice_lookup(d.RESIDENT_STATUS, {
        "正常": "living", "在册": "living", "已迁出": "moved_out", "已故": "deceased",
        "去世": "deceased", "已死亡": "deceased"}),
    "household_kind": _choice_lookup(d.HOUSEHOLD_KINDS, {
        "户籍": "registered", "流动": "floating", "出租": "rental", "租住": "rental",
        "租户": "rental"}),
}
BOOLEANS = {_fold(k): v for k, v in {
    "是": True, "否": False, "y": True, "n": False, "yes": True, "no": False, "√": True,
    "✓": True, "×": False, "1": True, "0": False, "true": True, "false": False, "有": True,
    "无": False}.items()}
CHOICE_TABLES: dict[str, Mapping[str, d.Choice]] = {
    "id_type": d.ID_TYPES, "gender": d.GENDERS, "ethnicity": d.ETHNICITIES,
    "residence_type": d.RESIDENCE_TYPES, "relation": d.RELATIONS,
    "political_status": d.POLITICAL_STATUS, "education": d.EDUCATION,
    "marital_status": d.MARITAL_STATUS, "status": d.RESIDENT_STATUS,
    "household_kind": d.HOUSEHOLD_KINDS,
}

_CJK_RE = re.compile(r"^[\u3400-\u9fff\U00020000-\U0003134f\uf900-\ufaff·•]+$")


def normalize_name(value: object) -> str:
    """Names padded for alignment ('张  三', full-width spaces) lose the padding;
    anything else is kept as typed."""
    text = cell_text(value)
    if not text:
        return ""
    squeezed = re.sub(r"\s+", "", text)
    if squeezed != text and _CJK_RE.match(squeezed):
        return squeezed
    return text


def normalize_phone_cell(value: object) -> tuple[str, list[rules.Issue]]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = cell_text(value)
        # a landline typed as a number lost its leading 0 (3716555123 → 0371…)
        if not rules.MOBILE_RE.match(text) and rules.LANDLINE_RE.match("0" + text):
            return "0" + text, [rules.Issue("phone", "phone.zero_restored",
                                            {"value": "0" + text}, "warning")]
        return text, []
    return _unwrap(cell_text(value)), []


# ============================================================ address parsing

_CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d+|[一二两三四五六七八九十〇零]+)"


def _to_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(ch in _CN_NUM or ch == "十" for ch in text):
        if "十" in text:
            tens, _, ones = text.partition("十")
            return (_CN_NUM.get(tens, 1) if tens else 1) * 10 + (_CN_NUM.get(ones, 0) if ones else 0)
        value = 0
        for ch in text:
            value = value * 10 + _CN_NUM[ch]
        return value
    return None


_ADDR_FULL = re.compile(
    rf"^(?P<estate>.*?)(?P<b>{_NUM})(?:号楼|号|栋|幢|座|#楼|#)"
    rf"(?:(?P<u>{_NUM})(?:单元|门|-))?(?P<r>\d+)(?:室|号|户)?$")
_ADDR_DASH = re.compile(r"^(?P<estate>.*?\D)?(?P<b>\d+)-(?P<u>\d+)-(?P<r>\d+)(?:室|号)?$")
_BUILDING = re.compile(rf"^(?:第)?(?P<n>{_NUM})(?:号楼|号|栋|幢|座|#楼|#)?$")
_UNIT = re.compile(rf"^(?:第)?(?P<n>{_NUM})(?:单元|门)?$")
_ROOM = re.compile(r"^(?P<n>\d+)(?:室|号|户)?$")


@dataclass(frozen=True)
class ParsedAddress:
    estate: str              # '' when the text names no estate
    building: int
    unit: int | None         # None when the text skips the unit
    room: int


@functools.lru_cache(maxsize=8192)
def _squeeze(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[（(][^）)]*[）)]$", "", text.strip())      # '(出租)' after the address
    return re.sub(r"\s+", "", text)


def parse_address(text: str, prefixes: Iterable[str] = ()) -> ParsedAddress | None:
    """'幸福小区3号楼2单元501室' → ('幸福小区', 3, 2, 501); also '幸福小区3栋2单元501',
    '幸福小区3-2-501', '三号楼二单元501室'. ``prefixes`` (province, city, district,
    street, community names) are stripped from the front. None if it does not parse."""
    s = _squeeze(text)
    if not s:
        return None
    changed = True
    ordered = sorted({_squeeze(p) for p in prefixes if p}, key=len, reverse=True)
    while changed and s:
        changed = False
        for p in ordered:
            if p and s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
                changed = True
                break
    for pat in (_ADDR_FULL, _ADDR_DASH):
        m = pat.match(s)
        if m:
            b = _to_int(m.group("b"))
            u = _to_int(m.group("u")) if m.group("u") else None
            r = int(m.group("r"))
            if b is None:
                continue
            estate = (m.group("estate") or "").rstrip("-")
            return ParsedAddress(estate, b, u, r)
    return None


def parse_parts(estate: str, building: str, unit: str, room: str) -> ParsedAddress | None:
    """Separate 小区 / 楼栋 / 单元 / 房号 columns."""
    mb = _BUILDING.match(_squeeze(building))
    mr = _ROOM.match(_squeeze(room))
    mu = _UNIT.match(_squeeze(unit)) if unit.strip() else None
    if not mb or not mr or (unit.strip() and not mu):
        return None
    b = _to_int(mb.group("n"))
    u = _to_int(mu.group("n")) if mu else None
    if b is None:
        return None
    return ParsedAddress(_squeeze(estate), b, u, int(mr.group("n")))


# ================================================================ analysis

@dataclass
class Options:
    grid_id: str                           # grid for new estates and rows with no address
    policy: str = "ask"                    # for ID numbers already in the roster: update | skip | ask
    default_residence_type: str | None = None   # used where 人员类别 is blank
    create_addresses: bool = False         # the user confirmed creating missing address nodes


class NewNode:
    """An address node the file needs and the tree does not have yet."""
    __slots__ = ("id", "kind", "number", "name", "code", "full_name", "parent", "grid_id",
                 "floor")

    def __init__(self, kind, number, name, code, full_name, parent, grid_id, floor=None):
        self.id = uuid7()
        self.kind, self.number, self.name, self.code = kind, number, name, code
        self.full_name, self.parent, self.grid_id, self.floor = full_name, parent, grid_id, floor

    def row(self) -> dict:
        parent_id = None
        if self.parent is not None:
            parent_id = self.parent.id if isinstance(self.parent, NewNode) else self.parent["id"]
        return dict(id=self.id, kind=self.kind, code=self.code, name=self.name, floor=self.floor,
                    parent_id=parent_id, grid_id=self.grid_id, path=self.code,
                    full_name=self.full_name)

    def chain(self) -> list["NewNode"]:
        out, node = [], self
        while isinstance(node, NewNode):
            out.append(node)
            node = node.parent
        return out[::-1]


class NewHousehold:
    __slots__ = ("id", "number", "grid_id", "room", "kind", "head_row", "path", "first_row")

    def __init__(self, number, grid_id, room, kind, path, first_row):
        self.id = uuid7()
        self.number, self.grid_id, self.room, self.kind = number, grid_id, room, kind
        self.path, self.first_row = path, first_row
        self.head_row: "RowResult | None" = None

    def room_id(self) -> str | None:
        if self.room is None:
            return None
        return self.room.id if isinstance(self.room, NewNode) else self.room["id"]


class RowResult:
    """One data row: its normalised values, where it goes, and what is wrong with it."""
    __slots__ = ("number", "cells", "values", "clean", "issues", "id_number", "name", "grid_id",
                 "household", "relation", "room", "existing", "changes", "provided", "resident_id")

    def __init__(self, number: int, cells: list):
        self.number, self.cells = number, cells
        self.values: dict = {}
        self.clean: dict = {}
        self.issues: list[rules.Issue] = []
        self.id_number: str | None = None
        self.name = ""
        self.grid_id: str | None = None
        self.household = None          # existing household dict | NewHousehold | None
        self.relation: str | None = None
        self.room = None               # existing room dict | NewNode | None
        self.existing: dict | None = None
        self.changes: dict = {}        # for an existing resident: fields that change
        self.provided: set = set()
        self.resident_id: str | None = None

    @property
    def errors(self) -> list[rules.Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[rules.Issue]:
        return [i for i in self.issues if not i.is_error]

    def needs_new_address(self) -> bool:
        return isinstance(self.room, NewNode) or (
            isinstance(self.household, NewHousehold) and isinstance(self.household.room, NewNode))

    def placement(self) -> dict:
        """household_id / relation / grid_id / path the row asks for (existing residents)."""
        hh = self.household
        if hh is None or self.existing is None:
            return {}
        hh_id = hh.id if isinstance(hh, NewHousehold) else hh["id"]
        out = {}
        if hh_id != self.existing.get("household_id"):
            out = {"household_id": hh_id, "relation": self.relation or "other",
                   "grid_id": hh.grid_id if isinstance(hh, NewHousehold) else hh["grid_id"],
                   "path": hh.path if isinstance(hh, NewHousehold) else hh["path"]}
        elif self.relation and self.relation != self.existing.get("relation"):
            out = {"relation": self.relation}
        return out


class _Places:
    """The org units, address tree and households the rows are matched against,
    read lazily on the analysing connection."""

    def __init__(self, conn, actor: Actor, default_grid_id: str):
        self.conn = conn
        self.scope = actor.scope_code or ""
        units = _rows(conn, "SELECT id, code, name, kind, parent_id FROM org_units "
                      "WHERE deleted_at IS NULL")
        self.units = {u["id"]: u for u in units}
        self.grids = [u for u in units if u["kind"] in ("grid", "dedicated")
                      and u["code"].startswith(self.scope)]
        self.grid_by_id = {g["id"]: g for g in self.grids}
        if default_grid_id not in self.grid_by_id:
            raise ValueError("the default grid is not a grid in the user's scope")
        self.default_grid = self.grid_by_id[default_grid_id]
        self.prefixes = ["河南省", "郑州市"] + [u["name"] for u in units
                                               if u["kind"] not in ("department", "micro_grid")]
        self.estates: dict[str, list[dict]] = {}
        for e in _rows(conn, "SELECT id, grid_id, code, name, full_name, kind FROM addresses "
                       "WHERE kind = 'estate' AND deleted_at IS NULL"):
            if e["grid_id"] in self.grid_by_id:
                self.estates.setdefault(_squeeze(e["name"]), []).append(e)
        self._children: dict[str, dict[int, dict]] = {}
        self._new_children: dict[str, dict[int, NewNode]] = {}
        self._new_estates: dict[tuple[str, str], NewNode] = {}
        self._estate_numbers: dict[str, int] = {}
        self._households: dict[str, dict[str, dict]] = {}
        self._room_households: dict[str, list[dict]] = {}
        self._hh_numbers: dict[str, int] = {}
        self.new_households: dict[tuple[str, str], NewHousehold] = {}
        self._room_new_households: dict[str, NewHousehold] = {}
        self._estate_cache: dict[tuple[str, str | None], tuple] = {}
        self._grid_text_cache: dict[str, dict | None] = {}
        self._parsed: dict[str, ParsedAddress | None] = {}

    def parse(self, text: str) -> ParsedAddress | None:
        if text not in self._parsed:
            self._parsed[text] = parse_address(text, self.prefixes)
        return self._parsed[text]

    # -- grids --------------------------------------------------------------
    def grid_for_text(self, text: str) -> dict | None:
        key = _squeeze(text)
        if key in self._grid_text_cache:
            return self._grid_text_cache[key]
        found = next((g for g in self.grids if g["code"] == key), None)
        if found is None:
            named = [g for g in self.grids if _squeeze(g["name"]) == key]
            same_parent = [g for g in named if g["parent_id"] == self.default_grid["parent_id"]]
            found = same_parent[0] if len(same_parent) == 1 else named[0] if len(named) == 1 \
                else None
        self._grid_text_cache[key] = found
        return found

    # -- address tree ---------------------------------------------------------
    def children(self, parent) -> dict[int, dict]:
        """Existing children of an existing node, by their number."""
        if isinstance(parent, NewNode):
            return {}
        got = self._children.get(parent["id"])
        if got is None:
            got = {}
            width = ADDRESS_CODE_WIDTH
            for row in _rows(self.conn, "SELECT id, grid_id, code, name, full_name, kind FROM "
                             "addresses WHERE parent_id = ? AND deleted_at IS NULL",
                             (parent["id"],)):
                tail = row["code"][-width[row["kind"]]:]
                if tail.isdigit():
                    got[int(tail)] = row
            self._children[parent["id"]] = got
        return got

    def estate(self, name: str, grid: dict | None) -> tuple[dict | NewNode | None, str | None]:
        """The estate called ``name`` (in ``grid`` when the row names one); a NewNode if
        it is not in the tree; or (None, issue code)."""
        key = (name, grid["id"] if grid else None)
        if key in self._estate_cache:
            return self._estate_cache[key]
        found = self.estates.get(name, [])
        if not found and name:
            # '经三路幸福小区' names the estate '幸福小区': the longest known name it ends with
            tails = [n for n in self.estates if name.endswith(n)]
            if tails:
                found = self.estates[max(tails, key=len)]
        if grid is not None:
            found = [e for e in found if e["grid_id"] == grid["id"]]
        result: tuple
        if len(found) == 1:
            result = (found[0], None)
        elif len(found) > 1:
            in_default = [e for e in found if e["grid_id"] == self.default_grid["id"]]
            result = (in_default[0], None) if len(in_default) == 1 else (None, "address.ambiguous_estate")
        elif not name:
            result = (None, "address.no_estate")
        else:
            result = (self._new_estate(name, grid or self.default_grid), None)
        self._estate_cache[key] = result
        return result

    def _new_estate(self, name: str, grid: dict) -> NewNode:
        key = (grid["id"], name)
        node = self._new_estates.get(key)
        if node is None:
            if grid["id"] not in self._estate_numbers:
                top = 0
                for (code,) in self.conn.execute(
                        "SELECT code FROM addresses WHERE grid_id = ? AND kind = 'estate'",
                        (grid["id"],)):
                    tail = code.rpartition("-")[2]
                    if tail.isdigit():
                        top = max(top, int(tail))
                self._estate_numbers[grid["id"]] = top
            self._estate_numbers[grid["id"]] += 1
            number = f"{self._estate_numbers[grid['id']]:03d}"
            node = NewNode("estate", number, name, estate_code(grid["code"], number), name, None,
                           grid["id"])
            self._new_estates[key] = node
        return node

    def child(self, parent, kind: str, number: int, name: str, floor: int | None = None):
        found = self.children(parent).get(number)
        if found is not None:
            return found
        new = self._new_children.setdefault(_node_id(parent), {})
        node = new.get(number)
        if node is None:
            digits = f"{number:0{ADDRESS_CODE_WIDTH[kind]}d}"
            node = NewNode(kind, digits, name, parent["code"] + digits if isinstance(parent, dict)
                           else parent.code + digits,
                           (parent["full_name"] if isinstance(parent, dict) else parent.full_name)
                           + " " + name,
                           parent, parent["grid_id"] if isinstance(parent, dict) else parent.grid_id,
                           floor)
            new[number] = node
        return node

    def room(self, parsed: ParsedAddress, grid: dict | None):
        """(room, grid id, issue code): the room node for a parsed address."""
        estate, problem = self.estate(parsed.estate, grid)
        if estate is None:
            return None, None, problem
        if parsed.building > 999 or (parsed.unit or 0) > 99 or parsed.room > 9999 \
                or parsed.building < 1 or parsed.room < 1 or parsed.unit == 0:
            return None, None, "address.number_too_big"
        building = self.child(estate, "building", parsed.building, f"{parsed.building}号楼")
        unit_no = parsed.unit
        if unit_no is None:
            units = self.children(building)
            if len(units) == 1:
                unit_no = next(iter(units))
            elif len(units) > 1:
                return None, None, "address.ambiguous_unit"
            else:
                unit_no = 1
        unit = self.child(building, "unit", unit_no, f"{unit_no}单元")
        floor = parsed.room // 100 if parsed.room >= 100 else None
        room = self.child(unit, "room", parsed.room, f"{parsed.room}室", floor)
        grid_id = room["grid_id"] if isinstance(room, dict) else room.grid_id
        return room, grid_id, None

    # -- households -------------------------------------------------------------
    def _load_households(self, grid_id: str) -> dict[str, dict]:
        got = self._households.get(grid_id)
        if got is None:
            got = {}
            top = 0
            prefix = self.grid_by_id[grid_id]["code"][-6:] if grid_id in self.grid_by_id else ""
            for h in _rows(self.conn, "SELECT h.id, h.number, h.room_id, h.grid_id, h.kind, "
                           "h.head_id, h.path, r.id_number AS head_id_number FROM households h "
                           "LEFT JOIN residents r ON r.id = h.head_id "
                           "WHERE h.grid_id = ? AND h.deleted_at IS NULL", (grid_id,)):
                got.setdefault(h["number"], h)
                if h["room_id"]:
                    self._room_households.setdefault(h["room_id"], []).append(h)
                n = h["number"]
                if prefix and n.startswith(prefix) and n[len(prefix):].isdigit():
                    top = max(top, int(n[len(prefix):]))
            self._households[grid_id] = got
            self._hh_numbers[grid_id] = top
        return got

    def household_by_number(self, grid_id: str, number: str) -> dict | NewHousehold | None:
        existing = self._load_households(grid_id).get(number)
        return existing if existing is not None else self.new_households.get((grid_id, number))

    def households_in_room(self, room) -> list:
        new = self._room_new_households.get(_node_id(room))
        if isinstance(room, NewNode):
            return [new] if new else []
        self._load_households(room["grid_id"])
        found = list(self._room_households.get(room["id"], []))
        return found + [new] if new else found

    def new_household(self, grid_id: str, number: str | None, room, kind: str,
                      row: RowResult) -> NewHousehold:
        self._load_households(grid_id)
        if number is None:
            self._hh_numbers[grid_id] += 1
            number = f"{self.grid_by_id[grid_id]['code'][-6:]}{self._hh_numbers[grid_id]:04d}"
        if room is None:
            path = self.grid_by_id[grid_id]["code"]
        else:
            path = room.code if isinstance(room, NewNode) else room["code"]
        hh = NewHousehold(number, grid_id, room, kind, path, row)
        self.new_households[(grid_id, number)] = hh
        if room is not None:
            self._room_new_households.setdefault(_node_id(room), hh)
        return hh


def _node_id(node) -> str:
    return node.id if isinstance(node, NewNode) else node["id"]


def _rows(conn, sql: str, params=()) -> list[dict]:
    cur = conn.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


@dataclass
class Analysis:
    source_name: str
    layout: Layout
    mapping: dict[int, str]
    options: Options
    rows: list[RowResult]
    skipped_lines: int = 0        # blank lines, notes and repeated headers in the data

    def duplicates(self) -> list[RowResult]:
        """Valid rows whose ID number is already in the roster (what 'ask' asks about)."""
        return [r for r in self.rows if r.existing is not None and not r.errors]

    def field_column(self, fld: str) -> int | None:
        for col, key in self.mapping.items():
            if key == fld:
                return col
        return None

    def plan(self, policy: str | None = None, decisions: Mapping[int, str] | None = None,
             create_addresses: bool | None = None, cancel: CancelCheck | None = None
             ) -> "Plan":
        """Sort the rows for the preview and the commit. ``decisions`` maps a row number
        to 'update' or 'skip' for rows the 'ask' policy leaves to the user."""
        policy = policy or self.options.policy
        create = self.options.create_addresses if create_addresses is None else create_addresses
        decisions = decisions or {}
        plan = Plan(self, policy, create)
        for i, row in enumerate(self.rows):
            if i % CHECK_EVERY == 0:
                _check(cancel)
            if row.errors:
                plan.errors.append(row)
                continue
            if row.needs_new_address() and not create:
                plan.blocked.append(row)
                continue
            if row.existing is None:
                plan.create.append(row)
                continue
            choice = policy if policy != "ask" else decisions.get(row.number)
            if choice is None:
                plan.ask.append(row)
            elif choice == "skip":
                plan.skip.append(row)
            elif row.changes or row.placement():
                plan.update.append(row)
            else:
                plan.unchanged.append(row)
        plan.warning_rows = sum(1 for r in plan.create if r.issues) + sum(
            1 for r in plan.update if r.issues)       # valid rows: their issues are warnings
        plan.new_nodes, plan.new_households = _new_things(plan.create + plan.update)
        if create:
            plan.needed_nodes = plan.new_nodes
        else:
            plan.needed_nodes, _ = _new_things(plan.blocked + plan.create + plan.update + plan.ask)
        return plan


def _new_things(rows: list[RowResult]) -> tuple[list[NewNode], list[NewHousehold]]:
    """The address nodes (top down) and households that ``rows`` need created."""
    nodes: dict[str, NewNode] = {}
    households: dict[str, NewHousehold] = {}
    for row in rows:
        hh = row.household
        room = row.room
        if isinstance(hh, NewHousehold):
            households[hh.id] = hh
            room = hh.room
        if isinstance(room, NewNode):
            for node in room.chain():
                nodes[node.id] = node
    order = {"estate": 0, "building": 1, "unit": 2, "room": 3}
    return (sorted(nodes.values(), key=lambda n: (order[n.kind], n.code)),
            list(households.values()))


@dataclass
class Plan:
    analysis: Analysis
    policy: str
    create_addresses: bool
    create: list[RowResult] = field(default_factory=list)
    update: list[RowResult] = field(default_factory=list)
    unchanged: list[RowResult] = field(default_factory=list)
    skip: list[RowResult] = field(default_factory=list)
    ask: list[RowResult] = field(default_factory=list)
    errors: list[RowResult] = field(default_factory=list)
    blocked: list[RowResult] = field(default_factory=list)   # need new addresses, not confirmed
    new_nodes: list[NewNode] = field(default_factory=list)       # created by this plan
    new_households: list[NewHousehold] = field(default_factory=list)
    needed_nodes: list[NewNode] = field(default_factory=list)    # what the rows need (preview)
    warning_rows: int = 0

    @property
    def ready(self) -> bool:
        """Every duplicate has a decision."""
        return not self.ask

    def counts(self) -> dict[str, int]:
        return {"rows": len(self.analysis.rows), "create": len(self.create),
                "update": len(self.update), "unchanged": len(self.unchanged),
                "skip": len(self.skip), "ask": len(self.ask), "errors": len(self.errors),
                "blocked": len(self.blocked), "warnings": self.warning_rows,
                "new_addresses": len(self.new_nodes), "new_households": len(self.new_households)}

    def problems(self) -> list[tuple[RowResult, list[rules.Issue]]]:
        """Rows that will not be imported, each with its errors, in file order: invalid
        rows, and rows needing an address the user did not confirm creating."""
        out = [(row, row.errors) for row in self.errors]
        new_address = [rules.Issue("address", "address.new")]
        out += [(row, new_address) for row in self.blocked]
        out.sort(key=lambda item: item[0].number)
        return out


def issue_column(analysis: Analysis, issue: rules.Issue) -> int | None:
    """The column an issue is about (None when that field has no column)."""
    fld = issue.field
    if fld == "address":
        for key in ("address", "estate", "building", "unit", "room"):
            col = analysis.field_column(key)
            if col is not None:
                return col
        return None
    if fld in ("household", "household_number"):
        return analysis.field_column("household_number")
    return analysis.field_column(fld)


def analyse(conn, source: Source, options: Options, actor: Actor, *,
            layout: Layout | None = None, mapping: Mapping[int, str] | None = None,
            today: dt.date | None = None, progress: Progress | None = None,
            cancel: CancelCheck | None = None) -> Analysis:
    """Normalise, place and validate every data row of ``source`` (no writes)."""
    today = today or dt.date.today()
    layout = layout or detect_layout(source.sheet)
    mapping = dict(layout.mapping if mapping is None else mapping)
    mapping = {c: k for c, k in mapping.items() if k in FIELD_BY_KEY}
    col_of = {k: c for c, k in mapping.items()}
    places = _Places(conn, actor, options.grid_id)
    header_texts = {c: layout.headers[c] for c in mapping if c < len(layout.headers)
                    and layout.headers[c]}
    data = source.sheet.rows[layout.data_start:]
    results: list[RowResult] = []
    skipped = 0
    total = len(data)
    for i, (number, cells) in enumerate(data):
        if i % CHECK_EVERY == 0:
            _check(cancel)
        if i % CHUNK == 0 and progress:
            progress("check", i, total)
        mapped = {k: (cells[c] if c < len(cells) else None) for k, c in col_of.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in mapped.values()):
            skipped += 1
            continue
        if _is_note_row(cells) or _is_repeated_header(cells, header_texts):
            skipped += 1
            continue
        results.append(_normalise_row(number, cells, mapped, options, places, today))
    if progress:
        progress("check", total, total)
    _check(cancel)
    _match_existing(conn, results, actor, today, cancel)
    _check(cancel)
    _validate(results, options, today, cancel)
    return Analysis(source.name, layout, mapping, options, results, skipped)


_NOTE_RE = re.compile(r"^(填表|制表|审核|负责人|联系人|合计|总计|小计|注[:：]|说明|备注[:：]|统计)")


def _is_note_row(cells: list) -> bool:
    filled = [c for c in cells if c is not None and str(c).strip()]
    return 0 < len(filled) <= 3 and isinstance(filled[0], str) and bool(
        _NOTE_RE.match(filled[0].strip()))


def _is_repeated_header(cells: list, header_texts: dict[int, str]) -> bool:
    """The header again in the middle of the data (sheets pasted one under another)."""
    hits = sum(1 for c, text in header_texts.items()
               if c < len(cells) and isinstance(cells[c], str) and cells[c].strip() == text)
    return hits >= max(2, len(header_texts) // 2)


def _normalise_row(number: int, cells: list, mapped: dict, options: Options, places: _Places,
                   today: dt.date) -> RowResult:
    row = RowResult(number, cells)
    values: dict = {}
    issues: list[rules.Issue] = []
    text = {k: cell_text(v) for k, v in mapped.items()}

    if "name" in mapped:
        values["name"] = normalize_name(mapped["name"])
    if "id_number" in mapped:
        idn, id_issues = normalize_id_number(mapped["id_number"])
        values["id_number"] = idn
        issues += id_issues
        if not id_issues and idn and re.fullmatch(r"\d{15}000", idn):
            info, _ = rules.check_id_number(idn, today)
            if info is None:
                issues.append(rules.Issue("id_number", "id.lost_digits_maybe", {"value": idn}))
    for key in ("id_type", "gender", "ethnicity", "residence_type", "political_status",
                "education", "marital_status", "status"):
        if key in mapped and text[key]:
            code, bad = _choice(key, text[key])
            if bad:
                issues.append(bad)
            elif code is not None:
                values[key] = code
    if not values.get("residence_type") and options.default_residence_type:
        values["residence_type"] = options.default_residence_type
    for key in ("occupation", "work_unit", "registered_address", "party_member_unit"):
        if key in mapped and text[key]:
            values[key] = text[key]
    if "notes" in mapped and mapped["notes"] is not None and str(mapped["notes"]).strip():
        values["notes"] = str(mapped["notes"]).strip()
    if "phone" in mapped and text["phone"]:
        phone, p_issues = normalize_phone_cell(mapped["phone"])
        values["phone"] = phone
        issues += p_issues
    for key in ("birth_date", "moved_in_date"):
        if key in mapped:
            got, d_issues = normalize_date(mapped[key], key)
            issues += d_issues
            if isinstance(got, str):
                values[key] = got
            elif isinstance(got, tuple):
                values[key] = got           # year and month: settled once the ID is read
    if "in_service_party_member" in mapped and text["in_service_party_member"]:
        flag = BOOLEANS.get(_fold(text["in_service_party_member"]))
        if flag is None:
            issues.append(rules.Issue("in_service_party_member", "choice.unknown",
                                      {"value": text["in_service_party_member"]}))
        else:
            values["in_service_party_member"] = flag
    row.values = values
    row.provided = {k for k in values}
    row.name = values.get("name") or ""
    if "relation" in mapped and text["relation"]:
        code, bad = _choice("relation", text["relation"])
        if bad:
            issues.append(bad)
        row.relation = code
    row.issues = issues
    _place(row, mapped, text, places)
    return row


def _choice(key: str, text: str) -> tuple[str | None, rules.Issue | None]:
    table = CHOICES[key]
    folded = _fold(text)
    if folded in table:
        return table[folded], None
    return None, rules.Issue(key, "choice.unknown", {"value": text})


def _place(row: RowResult, mapped: dict, text: dict, places: _Places) -> None:
    """Grid, room and household of a row."""
    grid = None
    if text.get("grid"):
        grid = places.grid_for_text(text["grid"])
        if grid is None:
            row.issues.append(rules.Issue("grid", "grid.unknown", {"value": text["grid"]}))
            return
    parsed = None
    address_text = text.get("address", "")
    if any(text.get(k) for k in ("building", "room")):
        parsed = parse_parts(text.get("estate", ""), text.get("building", ""),
                             text.get("unit", ""), text.get("room", ""))
        if parsed is None:
            shown = " ".join(text.get(k, "") for k in ("estate", "building", "unit", "room"))
            row.issues.append(rules.Issue("address", "address.unparsed", {"value": shown.strip()}))
            return
    elif address_text:
        parsed = places.parse(address_text)
        if parsed is None:
            row.issues.append(rules.Issue("address", "address.unparsed", {"value": address_text}))
            return
    room = None
    grid_id = grid["id"] if grid else None
    if parsed is not None:
        room, room_grid, problem = places.room(parsed, grid)
        if problem:
            row.issues.append(rules.Issue("address", problem, {
                "value": address_text or parsed.estate, "estate": parsed.estate}))
            return
        grid_id = room_grid
    grid_id = grid_id or places.default_grid["id"]
    row.grid_id = grid_id
    row.room = room

    number = text.get("household_number") or None
    kind_text = text.get("household_kind")
    kind = None
    if kind_text:
        kind, bad = _choice("household_kind", kind_text)
        if bad:
            row.issues.append(bad)
    if number is not None:
        hh = places.household_by_number(grid_id, number)
        if hh is None:
            default_kind = "floating" if row.values.get("residence_type") == "floating" \
                else "registered"
            hh = places.new_household(grid_id, number, room, kind or default_kind, row)
        elif room is not None:
            hh_room = hh.room_id() if isinstance(hh, NewHousehold) else hh["room_id"]
            room_id = room.id if isinstance(room, NewNode) else room["id"]
            if hh_room is None and isinstance(hh, NewHousehold):
                hh.room = room
                hh.path = room.code if isinstance(room, NewNode) else room["code"]
                places._room_new_households.setdefault(_node_id(room), hh)
            elif hh_room != room_id:
                first = hh.first_row.number if isinstance(hh, NewHousehold) else None
                row.issues.append(rules.Issue("address", "household.address_conflict",
                                              {"number": number, "row": first}))
                return
        row.household = hh
    elif room is not None:
        found = places.households_in_room(room)
        if len(found) == 1:
            row.household = found[0]
        elif len(found) > 1:
            row.issues.append(rules.Issue("household_number", "address.many_households"))
            return
        else:
            default_kind = "floating" if row.values.get("residence_type") == "floating" \
                else "registered"
            row.household = places.new_household(grid_id, None, room, kind or default_kind, row)
    if row.household is not None and isinstance(row.household, dict):
        row.grid_id = row.household["grid_id"]


def _match_existing(conn, rows: list[RowResult], actor: Actor, today: dt.date,
                    cancel: CancelCheck | None = None) -> None:
    """Duplicates by ID number: within the file (the later row is an error) and in the
    store (the row then updates or skips that resident)."""
    first_row: dict[str, RowResult] = {}
    wanted = []
    for row in rows:
        raw = row.values.get("id_number")
        if not raw or any(i.field == "id_number" and i.is_error for i in row.issues):
            continue
        number = rules.normalize_text(raw).replace(" ", "").upper()
        row.id_number = number
        earlier = first_row.get(number)
        if earlier is not None:
            row.issues.append(rules.Issue("id_number", "id.duplicate_in_file",
                                          {"row": earlier.number, "name": earlier.name}))
            continue
        first_row[number] = row
        wanted.append(number)
    found: dict[str, dict] = {}
    for start in range(0, len(wanted), 500):
        _check(cancel)
        chunk = wanted[start:start + 500]
        for r in _rows(conn, f"SELECT * FROM residents WHERE deleted_at IS NULL AND id_number IN "
                       f"({','.join('?' * len(chunk))})", chunk):
            found.setdefault(r["id_number"], r)
    scope = actor.scope_code or ""
    for number, existing in found.items():
        row = first_row[number]
        if not existing["path"].startswith(scope):
            row.issues.append(rules.Issue("id_number", "id.outside_scope",
                                          {"other": existing["name"]}))
            continue
        row.existing = existing


def _validate(rows: list[RowResult], options: Options, today: dt.date,
              cancel: CancelCheck | None) -> None:
    claimed_heads: dict[str, RowResult] = {}
    for i, row in enumerate(rows):
        if i % CHECK_EVERY == 0:
            _check(cancel)
        values = dict(row.values)
        partial = {k: values.pop(k) for k in ("birth_date", "moved_in_date")
                   if isinstance(values.get(k), tuple)}
        pre_fields = {iss.field for iss in row.issues if iss.is_error}
        if row.existing is not None:
            merged = {k: row.existing.get(k) for k in RESIDENT_FIELDS}
            merged.update(values)
            clean, issues = rules.validate_resident(merged, today)
        else:
            clean, issues = rules.validate_resident(values, today)
        issues = [iss for iss in issues if iss.field not in pre_fields]
        if "moved_in_date" in partial:
            issues.append(rules.Issue("moved_in_date", "date.unrecognised", {
                "value": "%d-%02d" % partial["moved_in_date"]}))
        if "birth_date" in partial:
            y, m = partial["birth_date"]
            birth = clean.get("birth_date")
            if not birth or clean.get("id_type", "resident_id") != "resident_id":
                issues.append(rules.Issue("birth_date", "date.unrecognised",
                                          {"value": "%d-%02d" % (y, m)}))
            elif (int(birth[:4]), int(birth[5:7])) != (y, m):
                issues.append(rules.Issue("birth_date", "id.birth_mismatch", {"expected": birth}))
        row.issues += issues
        row.clean = clean
        if row.existing is not None:
            provided = set(row.provided)
            if "id_number" in provided:
                provided |= {"gender", "birth_date"} & set(clean)
            row.changes = {k: clean[k] for k in RESIDENT_FIELDS
                           if k in provided and k in clean and clean[k] != row.existing.get(k)}
            row.resident_id = row.existing["id"]
        row.values = {}             # scratch: what stays is clean (and cells for the report)
        row.provided = set()
        # the head of a household: one per household
        hh = row.household
        if hh is not None and row.relation == "self" and not row.errors:
            hh_id = hh.id if isinstance(hh, NewHousehold) else hh["id"]
            head_number = None if isinstance(hh, NewHousehold) else hh.get("head_id_number")
            earlier = claimed_heads.get(hh_id)
            if earlier is not None:
                row.issues.append(rules.Issue("relation", "household.has_head",
                                              {"row": earlier.number, "name": earlier.name}))
            elif head_number and head_number != row.id_number:
                row.issues.append(rules.Issue("relation", "household.has_head", {}))
            else:
                claimed_heads[hh_id] = row
                if isinstance(hh, NewHousehold):
                    hh.head_row = row


# ================================================================== commit

@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    not_imported: int = 0
    new_addresses: int = 0
    new_households: int = 0
    resident_ids: list[str] = field(default_factory=list)


def commit(store, actor: Actor, plan: Plan, *, progress: Progress | None = None,
           cancel: CancelCheck | None = None) -> ImportResult:
    """Write the plan in ONE transaction through the one write path. ``store`` is a
    Store or a ``repository.ConnectionStore`` (a worker's own connection)."""
    if not plan.ready:
        raise ValueError("some rows still wait for an update/skip decision")
    result = ImportResult(unchanged=len(plan.unchanged), skipped=len(plan.skip),
                          not_imported=len(plan.errors) + len(plan.blocked),
                          new_addresses=len(plan.new_nodes),
                          new_households=len(plan.new_households))
    total = len(plan.create) + len(plan.update)
    done = 0
    with unit_of_work(store, actor) as w:
        conn = w.conn
        _recheck(conn, plan, cancel)
        # 1. address nodes, top down
        for start in range(0, len(plan.new_nodes), WRITE_BATCH):
            _check(cancel)
            w.create_many("addresses", [n.row() for n in plan.new_nodes[start:start + WRITE_BATCH]],
                          ops_per_tx=SYNC_GROUP)
            w.new_sync_group()
        # 2. households; the head is known up front (its resident id is made here)
        for row in plan.create:
            row.resident_id = uuid7()
        heads_to_set: dict[str, str] = {}
        writing = set(plan.create) | set(plan.update)
        if plan.new_households:
            hh_rows = []
            for hh in plan.new_households:
                head = hh.head_row
                head_id = head.resident_id if head is not None and head in writing else None
                hh_rows.append(dict(id=hh.id, number=hh.number, room_id=hh.room_id(),
                                    grid_id=hh.grid_id, kind=hh.kind, head_id=head_id,
                                    path=hh.path))
            for start in range(0, len(hh_rows), WRITE_BATCH):
                _check(cancel)
                w.create_many("households", hh_rows[start:start + WRITE_BATCH],
                              ops_per_tx=SYNC_GROUP)
                w.new_sync_group()
        new_hh_ids = {hh.id for hh in plan.new_households}
        # 3. new residents
        grid_codes = dict(conn.execute("SELECT id, code FROM org_units"))
        for start in range(0, len(plan.create), WRITE_BATCH):
            _check(cancel)
            batch = []
            for row in plan.create[start:start + WRITE_BATCH]:
                hh = row.household
                # every row names every field (None where blank), so a whole chunk is
                # one executemany; the stored row is the same as create_resident's
                rec = {k: row.clean.get(k) for k in RESIDENT_FIELDS}
                rec["in_service_party_member"] = rec["in_service_party_member"] or 0
                if hh is None:
                    rec.update(grid_id=row.grid_id, household_id=None, relation=None,
                               path=grid_codes[row.grid_id])
                else:
                    new = isinstance(hh, NewHousehold)
                    hh_id = hh.id if new else hh["id"]
                    rec.update(grid_id=hh.grid_id if new else hh["grid_id"], household_id=hh_id,
                               relation=row.relation or "other",
                               path=hh.path if new else hh["path"])
                    if not new and row.relation == "self":
                        heads_to_set[hh_id] = row.resident_id
                rec["id"] = row.resident_id
                batch.append(rec)
            w.create_many("residents", batch, ops_per_tx=SYNC_GROUP)
            w.new_sync_group()
            done += len(batch)
            if progress and (done % CHUNK == 0 or done == len(plan.create)):
                progress("write", done, total)
        # 4. residents already in the roster
        for i, row in enumerate(plan.update):
            if i % CHECK_EVERY == 0:
                _check(cancel)
            if i % CHUNK == 0 and progress:
                progress("write", done, total)
            if i and i % SYNC_GROUP == 0:
                w.new_sync_group()
            placement = row.placement()
            changes = dict(row.changes, **placement)
            rid = row.existing["id"]
            old_hh = row.existing.get("household_id")
            w.patch("residents", rid, changes)
            new_hh = placement.get("household_id", old_hh)
            new_rel = placement.get("relation", row.existing.get("relation"))
            if old_hh and (new_hh != old_hh or new_rel != "self"):
                current = w.get("households", old_hh)
                if current["head_id"] == rid:
                    w.patch("households", old_hh, {"head_id": None})
            if new_hh and new_rel == "self" and new_hh not in new_hh_ids:
                heads_to_set[new_hh] = rid
            done += 1
        w.new_sync_group()
        for hh_id, head in heads_to_set.items():
            current = w.get("households", hh_id)
            if not current["head_id"]:
                w.patch("households", hh_id, {"head_id": head})
        # 5. search index: new residents are added, changed ones re-indexed
        ids = [r.resident_id for r in plan.create] + [r.existing["id"] for r in plan.update]
        new_count = len(plan.create)
        for start in range(0, len(ids), 500):
            _check(cancel)
            if start % CHUNK == 0 and progress:
                progress("index", start, len(ids))
            chunk = ids[start:start + 500]
            where = f"r.id IN ({','.join('?' * len(chunk))})"
            if start + len(chunk) <= new_count:
                rows = conn.execute(search.ADDRESS_OF_RESIDENT + " WHERE " + where, chunk)
                conn.executemany(
                    "INSERT INTO resident_search(rowid, name, py, addr, tail) VALUES (?, ?, ?, ?, ?)",
                    [(rid, *search.index_values(name, idn, phone, addr))
                     for rid, name, idn, phone, addr in rows.fetchall()])
            else:
                search.reindex_where(conn, where, chunk)
        if progress:
            progress("index", len(ids), len(ids))
        _check(cancel)
        result.created = len(plan.create)
        result.updated = len(plan.update)
        result.resident_ids = ids
        w.note("import", "residents", None, {
            # a file name may hold an ID number or phone: masked like on screen
            "file": rules.redact_numbers(plan.analysis.source_name or ""),
            "created": result.created,
            "updated": result.updated, "unchanged": result.unchanged,
            "skipped": result.skipped, "not_imported": result.not_imported,
            "new_addresses": result.new_addresses, "new_households": result.new_households,
            "policy": plan.policy})
    return result


def _recheck(conn, plan: Plan, cancel: CancelCheck | None = None) -> None:
    """Between the preview and the commit someone may have added a resident with one
    of the new ID numbers, or changed a resident to be updated: check again."""
    numbers = [r.id_number for r in plan.create if r.id_number]
    for start in range(0, len(numbers), 500):
        _check(cancel)
        chunk = numbers[start:start + 500]
        if conn.execute(f"SELECT 1 FROM residents WHERE deleted_at IS NULL AND id_number IN "
                        f"({','.join('?' * len(chunk))}) LIMIT 1", chunk).fetchone():
            raise StaleData("id_number")
    for i, row in enumerate(plan.update):
        if i % CHECK_EVERY == 0:
            _check(cancel)
        now = conn.execute("SELECT updated_at, deleted_at FROM residents WHERE id = ?",
                           (row.existing["id"],)).fetchone()
        if now is None or now[1] or now[0] != row.existing["updated_at"]:
            raise StaleData("resident")
