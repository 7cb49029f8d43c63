"""The xlsx reader of the roster import: a streaming expat reader (100,000 rows in a
few seconds), not openpyxl. Merged ranges are spread over their cells, shared and
inline strings read (phonetic runs left out), date styles and the 1904 date system
turned into datetimes. Anything that is not a readable workbook is ``FileProblem``.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from typing import Callable
from xml.parsers import expat

from app.models.io.source import (
    CancelCheck, Cancelled, FileProblem, Progress, Sheet, Source, check_cancel,
)

# Built-in number formats that are dates (incl. the CJK locale ones 27-36, 50-58).
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_DATE_CODE_RE = re.compile(r"[ymdhs]|年|月|日", re.I)
_PAD_RE = re.compile(r"^0{2,}$")        # '0000000000': a code's width in zeros


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
    """A column index as the spreadsheet names it: 0 → A, 26 → AA."""
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
            check_cancel(cancel)
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


def _number_styles(zf: zipfile.ZipFile, name: str) -> tuple[set[int], dict[int, int]]:
    """Indexes of cellXfs whose number format is a date, and of those that pad a number
    with zeros ('0000000000': Excel shows 10010005 as 0010010005) with the width."""
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
    pads: dict[int, int] = {}
    for i, fmt in enumerate(xfs):
        if fmt in custom:
            code = custom[fmt].strip()
            if _PAD_RE.match(code):
                pads[i] = code.count("0")
            elif _is_date_format(code):
                dates.add(i)
        elif fmt in _DATE_FORMAT_IDS:
            dates.add(i)
    return dates, pads


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


def serial_to_datetime(value: float, date1904: bool) -> dt.datetime | None:
    """An Excel date serial as a datetime (None when out of range), in the 1900 or
    the 1904 date system."""
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


def read_xlsx(path: str, sheet_name: str | None, progress: Progress | None,
              cancel: CancelCheck | None, header_score: Callable[[list], int]) -> Source:
    """The sheet called ``sheet_name``, else the visible sheet whose header names the
    most fields (``header_score``; the first on a tie): a workbook may open with a
    汇总 (summary) sheet before the roster. A note names the sheet when it is not the
    first."""
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
            date_styles, pad_styles = (_number_styles(zf, styles_part) if styles_part in names
                                       else (set(), {}))
            visible = [w for w in worksheets if w[2] == "visible"] or worksheets
            all_names = [w[0] for w in visible]
            if sheet_name is not None:
                chosen = [w for w in worksheets if w[0] == sheet_name]
                if not chosen:
                    raise FileProblem("file.no_sheet", sheet=sheet_name)
                candidates = chosen
            else:
                candidates = visible
            best, best_score = None, -1
            for name, part, _state in candidates:
                rows = _read_sheet(zf, part, shared, date_styles, pad_styles, date1904, progress,
                                   cancel)
                score = header_score(rows) if sheet_name is None else 0
                if score > best_score:
                    best, best_score = Sheet(name, rows), score
                del rows
            notes = []
            if sheet_name is None and best.name != candidates[0][0]:
                notes.append(("sheet.chosen", {"sheet": best.name, "first": candidates[0][0]}))
            return Source(path, "xlsx", best, all_names, notes=notes)
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
                pad_styles: dict[int, int], date1904: bool, progress: Progress | None, cancel: CancelCheck | None
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
                    value = serial_to_datetime(float(value), date1904) or value
                elif pad_styles and style in pad_styles and value.__class__ is int and value >= 0:
                    # a code shown with its zeros (户号 0010010005): read as Excel shows it
                    value = str(value).zfill(pad_styles[style])
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
