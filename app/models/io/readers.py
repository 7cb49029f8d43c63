"""``read_file``: the first stage of a roster import, which sends a file to its reader
by what it is (not only by its name)."""
from __future__ import annotations

import os

from app.models.io import layout, text, xlsx
from app.models.io.source import CancelCheck, FileProblem, Progress, Source

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_file(path: str, sheet: str | None = None, *, progress: Progress | None = None,
              cancel: CancelCheck | None = None) -> Source:
    """Read a whole sheet (xlsx: ``sheet`` or the visible one whose header names the most
    fields) or CSV."""
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
        return xlsx.read_xlsx(path, sheet, progress, cancel, layout.header_score)
    if ext in (".xls", ".et"):
        raise FileProblem("file.xls")
    return text.read_csv(path, progress, cancel)
