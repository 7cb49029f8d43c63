"""The error report of ``python -m server import-roster`` (server/import_roster.py):
the rows not imported, each as the file had it, with the reasons as rule codes
(``field: code``, as ``griddesk import`` words them), written with the server's
stdlib workbook writer (server/xlsx.py; the server installs without openpyxl)."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from app.models.domain import rules
from app.models.io.normalise import as_excel_shows
from app.models.io.plan import RowResult, issue_column
from server import xlsx

CREATOR = "cli"


@dataclass
class Problem:
    """A row not imported, for the error report."""
    file: str
    number: int
    cells: list
    reasons: list[str]


def describe(issue: rules.Issue) -> str:
    """A reason in the report: the field and the rule's code (the desktop's command
    words them so too; the wizard's wording is Qt's)."""
    params = ", ".join(f"{k}={rules.redact_numbers(str(v))}" for k, v in issue.params.items())
    return f"{issue.field}: {issue.code}" + (f" ({params})" if params else "")


def reasons(analysis, row: RowResult, issues: list[rules.Issue]) -> list[str]:
    headers = analysis.layout.headers
    out = []
    for issue in issues:
        col = issue_column(analysis, issue)
        where = headers[col] if col is not None and col < len(headers) and headers[col] \
            else (xlsx.column_letter(col) if col is not None else "")
        out.append(f"{where}：{describe(issue)}" if where else describe(issue))
    return out


def _cell(value):
    """A cell as the file showed it (an ID number Excel turned into a number as Excel
    shows it, a date without a midnight time)."""
    if isinstance(value, float) and abs(value) >= 1e15:
        return as_excel_shows(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return value


def write_report(path: str, problems: list[Problem], headers_of: dict[str, list[str]],
                 unit: dict) -> None:
    """The rows not imported, per file: its headers, each row as it was with its row
    number and the reasons (rule codes) in a last column; fix them and import again."""
    problems = sorted(problems, key=lambda p: (list(headers_of).index(p.file), p.number))
    width = max(len(h) for h in headers_of.values()) if headers_of else 0
    width = max([width] + [len(p.cells) for p in problems])
    tmp = path + ".part"
    mark = f"导入错误报告 · {unit['name']}（{unit['code']}）· 共 {len(problems)} 行未导入"
    try:
        with xlsx.SheetWriter(tmp, sheet="待修正", widths=[10] + [14] * width + [60],
                              watermark=mark, title="导入错误报告", creator=CREATOR,
                              description=mark, freeze="B3") as sheet:
            sheet.row([mark], xlsx.STYLE_NOTE)
            current = None
            for prob in problems:
                if prob.file != current:
                    current = prob.file
                    heads = headers_of[current]
                    sheet.row([f"文件：{current}"], xlsx.STYLE_NOTE)
                    sheet.row(["原行号"] + heads + [""] * (width - len(heads)) + ["错误原因"],
                              xlsx.STYLE_HEAD)
                cells = [_cell(v) for v in prob.cells] + [None] * (width - len(prob.cells))
                sheet.row([prob.number] + cells + ["；".join(prob.reasons)])
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    os.replace(tmp, path)
