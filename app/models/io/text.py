"""CSV and text files of the roster import: the encodings offices' PCs write (UTF-8
with or without BOM, GBK/GB18030, UTF-16 with BOM) and the delimiter."""
from __future__ import annotations

import csv
import io
import os

from app.models.io.source import (
    CHECK_EVERY, CHUNK, CancelCheck, FileProblem, Progress, Sheet, Source, check_cancel,
)


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
    return Source(path, "csv", Sheet(name, rows), [name], encoding)
