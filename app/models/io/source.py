"""What every stage of a roster import shares: the sheet a reader returns, the
problems that stop a whole file, cancellation and progress reports (the stages:
``app/models/io/__init__.py``)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Protocol

Progress = Callable[[str, int, int], None]      # (phase, done, total)
CancelCheck = Callable[[], bool]

CHUNK = 2000                # rows between progress reports
CHECK_EVERY = 256           # rows between calls of ``cancel`` (see below)

# ``cancel`` is called often (every CHECK_EVERY rows, 256 KB of XML, commit.WRITE_BATCH
# written rows): a caller on a worker thread may also use the call to give the GUI thread
# a turn (app/ui/io/busy.py's ``yielding`` does; see its note on the GIL).


class Scoped(Protocol):
    """Who imports, as the stages need it: the org code their rows must lie under
    (the desktop's ``write.unit.Actor``; the city server's import principal)."""
    scope_code: str | None


class FileProblem(Exception):
    """A file that cannot be imported as a whole; ``code``/``params`` are worded by the UI.

    Codes: file.missing, file.empty, file.damaged (truncated or not a workbook),
    file.xls (old Excel/WPS format or a password-protected workbook),
    file.encoding (neither UTF-8, GBK/GB18030 nor Big5), file.no_sheet, file.no_header.
    """

    def __init__(self, code: str, **params):
        super().__init__(f"{code} {params}" if params else code)
        self.code = code
        self.params = params


class Cancelled(Exception):
    """Raised inside a stage when the user cancelled; a commit rolls back."""


def check_cancel(cancel: CancelCheck | None) -> None:
    """Raise ``Cancelled`` when the caller's ``cancel`` says so (None: never)."""
    if cancel is not None and cancel():
        raise Cancelled()


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
    # what the reader decided for the user to know, worded by the UI: ("encoding.big5", {}),
    # ("sheet.chosen", {"sheet": name, "first": the first sheet's name})
    notes: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return os.path.basename(self.path)
