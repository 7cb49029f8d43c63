"""Judging a file's columns as a whole, and cells no column may hold: an ID column that
went through Excel's number format (so every ID in it is suspect, not only those whose
check character fails), codes (户号, room numbers) that lost their leading zeros to a
number cell, and Excel's error values (#N/A from a failed VLOOKUP) in any column.
Pure functions over the sheet's rows; problems are ``rules.Issue`` values."""
from __future__ import annotations

import re
from collections import Counter

from app.models.domain import rules
from app.models.io.xlsx import column_letter

EXCEL_ERRORS = frozenset({"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!",
                          "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#N/A!"})
_SCI_RE = re.compile(r"^\s*[-+]?\d(?:\.\d+)?[eE]\+?\d+\s*$")
_CUT_RE = re.compile(r"^\d{15}000$")

# An ID column is judged damaged by Excel's number format when at least this many of its
# IDs, and this share of them, are 18 digits ending in 000 (by chance: 1 in 1,000).
CUT_MIN_ROWS = 3
CUT_MIN_SHARE = 0.30

# Columns whose cells are codes, where a leading 0 is part of the value. A household
# number that lost its zeros is another household (an error); a room number reads the
# same without them (a warning).
CODE_FIELDS = {"household_number": "error", "room": "warning", "building": "warning",
               "unit": "warning", "address": "warning"}


def id_column_damage(rows: list[tuple[int, list]], col: int) -> str | None:
    """Whether the ID column ``col`` shows Excel's number format: 'all' when an ID in it
    is text in scientific notation (a CSV saved from a 数值 column, where every number
    lost digits) or many IDs are cut to …000, so no ID in it can be trusted; 'cut' when
    only number cells of an xlsx are too big for 15 digits (each is refused on its own,
    the text cells are exact, but an ID of it ending in 000 is suspect); else None."""
    ids = cut = 0
    floats = False
    for _n, cells in rows:
        if col >= len(cells):
            continue
        v = cells[col]
        if v is None:
            continue
        if v.__class__ is float:
            floats = floats or v >= 1e15
            continue
        text = v if v.__class__ is str else str(v)
        text = text.strip().lstrip("'")
        if not text:
            continue
        ids += 1
        if _CUT_RE.match(text):
            cut += 1
        elif ("E" in text or "e" in text) and _SCI_RE.match(text):
            return "all"
    if cut >= CUT_MIN_ROWS and cut >= CUT_MIN_SHARE * ids:
        return "all"
    return "cut" if floats else None


def damaged_id(damage: str | None, id_number: str) -> bool:
    """Whether an ID of a column judged ``damage`` is refused."""
    return damage == "all" or (damage == "cut" and bool(_CUT_RE.match(id_number)))


def column_damaged_issue(value: str) -> rules.Issue:
    return rules.Issue("id_number", "id.column_number_formatted", {"value": value})


def lost_zeros(rows: list[tuple[int, list]], cols: dict[str, int]
               ) -> dict[tuple[int, str], dict]:
    """Numeric cells of code columns whose text neighbours keep leading zeros the number
    lost (other 户号 are 0010010005, this one 10010005): {(row number, field): params}."""
    out: dict[tuple[int, str], dict] = {}
    for key, col in cols.items():
        widths: Counter = Counter()
        example: dict[int, str] = {}
        numbers: list[tuple[int, int]] = []
        for number, cells in rows:
            if col >= len(cells):
                continue
            v = cells[col]
            if v.__class__ is str:
                t = v.strip()
                if len(t) > 1 and t[0] == "0" and t.isdigit():
                    widths[len(t)] += 1
                    example.setdefault(len(t), t)
            elif v.__class__ is int or (v.__class__ is float and v.is_integer()):
                if v >= 0:
                    numbers.append((number, int(v)))
        if not widths or not numbers:
            continue
        width, _times = widths.most_common(1)[0]
        for number, n in numbers:
            digits = str(n)
            if len(digits) < width:
                out[(number, key)] = {"cell": f"{column_letter(col)}{number}", "value": digits,
                                      "width": width, "example": example[width],
                                      "restored": digits.zfill(width)}
    return out


def lost_zeros_issue(key: str, params: dict, header: str) -> rules.Issue:
    return rules.Issue(key, "code.zeros_lost", dict(params, header=header),
                       CODE_FIELDS.get(key, "error"))


def excel_errors(mapped: dict) -> dict[str, str]:
    """The mapped cells of a row that hold an Excel error value: {field: '#N/A'}."""
    out = {}
    for key, v in mapped.items():
        if v.__class__ is str and "#" in v:
            t = v.strip().upper()
            if t in EXCEL_ERRORS:
                out[key] = t
    return out


def excel_error_issue(key: str, value: str, sheet: str, col: int, number: int,
                      header: str) -> rules.Issue:
    return rules.Issue(key, "cell.excel_error", {
        "value": value, "sheet": sheet, "cell": f"{column_letter(col)}{number}",
        "row": number, "header": header})
