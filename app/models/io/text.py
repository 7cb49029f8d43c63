"""CSV and text files of the roster import: the encodings offices' PCs write (UTF-8
with or without BOM, GBK/GB18030, UTF-16 with BOM) and the delimiter."""
from __future__ import annotations

import csv
import io
import os

from app.models.io.source import (
    CHECK_EVERY, CHUNK, CancelCheck, FileProblem, Progress, Sheet, Source, check_cancel,
)


# Header words of a roster in simplified and traditional script: a decoding that shows
# them is the right one (Big5 bytes decode as GB18030 without an error, into garble).
_KNOWN_WORDS = ("姓名", "身份证", "身份證", "性别", "性別", "民族", "出生", "住址", "地址", "电话",
                "電話", "户号", "戶號", "关系", "關係", "人员", "人員", "类别", "類別", "小区",
                "社區", "网格", "網格", "备注", "備註", "号码", "號碼", "日期", "证件", "證件")


def _odd(ch: str) -> bool:
    """A character no roster holds: not ASCII, a CJK ideograph or CJK/full-width
    punctuation (kana, Cyrillic, box drawing, private use… are what garble looks like)."""
    o = ord(ch)
    return not (o < 0x80 or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F
                or 0xFF00 <= o <= 0xFFEF or 0x3400 <= o <= 0x4DBF or o in (0xB7, 0x2014, 0x2026))


def _score(text: str) -> tuple[int, int]:
    """(known header words, minus odd characters) of the first lines: higher is likelier."""
    head = text[:8192]
    return (sum(head.count(w) for w in _KNOWN_WORDS), -sum(1 for ch in head if _odd(ch)))


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 with a BOM, else UTF-8 (with or without BOM), else
    GB18030 or Big5, whichever shows a roster's header words (and fewer odd characters)."""
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
    found: list[tuple[str, str]] = []
    first_bad = None
    for encoding in ("gb18030", "big5"):
        try:
            found.append((data.decode(encoding), encoding))
        except UnicodeDecodeError as exc:
            if first_bad is None:
                first_bad = data[:exc.start].count(b"\n") + 1
    if not found:
        raise FileProblem("file.encoding", line=first_bad)
    if len(found) == 2 and _score(found[1][0]) > _score(found[0][0]):
        return found[1]
    return found[0]


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


def read_csv(path: str, progress: Progress | None, cancel: CancelCheck | None) -> Source:
    """A CSV (or tab-, semicolon- or bar-separated text) file as one sheet."""
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
                check_cancel(cancel)
            if number % CHUNK == 0:
                if progress:
                    progress("read", min(total, number * 80), total)
            rows.append((number, cells))
    except csv.Error as exc:
        raise FileProblem("file.damaged", detail=str(exc)) from None
    name = os.path.splitext(os.path.basename(path))[0]
    notes = [("encoding.big5", {})] if encoding == "big5" else []
    return Source(path, "csv", Sheet(name, rows), [name], encoding, notes)
