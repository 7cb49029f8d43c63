"""What the city server and the desktop both check about a published table (issue 20):
the workbook is an .xlsx package (a zip holding a workbook, no bomb), and the spec
(template.FormSpec as data) has the shape the fill needs. Standard library only: the
server runs it (tools/layers.py SHARED_FORMS) and installs without openpyxl.

Each check answers a problem code (``None``: fine) that the server words in its 4xx
and the desktop beside its field.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import zipfile

from app.models.forms import fields as ff

MAX_WORKBOOK = 8 * 1024 * 1024          # a department's template, or one community's return
MAX_UNPACKED = 128 * 1024 * 1024        # all parts of the package, unpacked
MAX_PARTS = 2000
MAX_COLUMNS = 200
MAX_TITLE = 200
SUBJECTS = ff.SUBJECTS
# what FormSpec.to_dict() holds (tests/test_forms_checks.py keeps these in step with the
# dataclasses): anything else would not open on a community's desktop
SPEC_KEYS = frozenset({"title", "subject", "sheet", "header_top", "header_bottom",
                       "data_start", "footer_row", "info_row", "columns", "population",
                       "template_name", "template_sha256", "workbook_b64", "version"})
COLUMN_KEYS = frozenset({"index", "header", "field", "auto", "formula", "param"})
MAX_SPEC_TEXT = 20000
_NEEDED = ("[Content_Types].xml", "xl/workbook.xml")


def workbook_problem(data: bytes) -> str | None:
    """None when ``data`` is an .xlsx workbook of an acceptable size."""
    if not data:
        return "workbook.empty"
    if len(data) > MAX_WORKBOOK:
        return "workbook.too_large"
    if not data.startswith(b"PK"):
        return "workbook.not_xlsx"            # an .xls, a PDF, a renamed file
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                return "workbook.too_large"       # a zip bomb
            if any(n not in names for n in _NEEDED):
                return "workbook.not_xlsx"
            if any(i.flag_bits & 0x1 for i in infos):
                return "workbook.encrypted"
            if z.testzip() is not None:
                return "workbook.damaged"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError,
            NotImplementedError):
        return "workbook.damaged"
    return None


def decode_workbook(b64: str) -> bytes | None:
    try:
        return base64.b64decode(b64.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeError):
        return None


def _int(v, lo=1, hi=1_048_576) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def spec_problem(spec) -> str | None:
    """None when ``spec`` (FormSpec.to_dict()) can be filled: its layout, columns and
    the template workbook inside it."""
    if not isinstance(spec, dict) or not set(spec) <= SPEC_KEYS:
        return "spec.shape"
    if spec.get("subject") not in SUBJECTS:
        return "spec.subject"
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TITLE:
        return "spec.title"
    if not isinstance(spec.get("sheet"), str) or not spec["sheet"]:
        return "spec.shape"
    top, bottom, start = spec.get("header_top"), spec.get("header_bottom"), spec.get("data_start")
    if not (_int(top) and _int(bottom) and _int(start) and top <= bottom < start):
        return "spec.layout"
    footer = spec.get("footer_row")
    if footer is not None and not (_int(footer) and footer >= start):
        return "spec.layout"
    if spec.get("info_row") is not None and not _int(spec.get("info_row")):
        return "spec.layout"
    cols = spec.get("columns")
    if not isinstance(cols, list) or not cols or len(cols) > MAX_COLUMNS:
        return "spec.columns"
    seen = set()
    known = ff.BY_KEY[spec["subject"]]
    for c in cols:
        if not isinstance(c, dict) or not set(c) <= COLUMN_KEYS or \
                not _int(c.get("index"), hi=16384) or c["index"] in seen or \
                not isinstance(c.get("header"), str) or len(c["header"]) > MAX_SPEC_TEXT or \
                not (c.get("field") is None or c.get("field") in known) or \
                not (c.get("param") is None or isinstance(c.get("param"), str)):
            return "spec.columns"
        seen.add(c["index"])
    for key in ("template_name", "template_sha256"):
        if not isinstance(spec.get(key, ""), str) or len(spec.get(key, "")) > MAX_SPEC_TEXT:
            return "spec.shape"
    if not isinstance(spec.get("population", {}), dict):
        return "spec.shape"
    data = decode_workbook(spec.get("workbook_b64") or "")
    if data is None:
        return "workbook.not_xlsx"
    return workbook_problem(data)


def due_problem(due: str, today: dt.date) -> str | None:
    """A due date is a real date, not before today."""
    try:
        day = dt.date.fromisoformat(due)
    except (TypeError, ValueError):
        return "due.invalid"
    return "due.past" if day < today else None
