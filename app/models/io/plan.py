"""Checking a file before anything is written: every data row normalised, placed
and validated, duplicates by ID number found in the file and in the store
(``analyse``), then sorted under the duplicate policy into what will be created,
updated, skipped or is invalid (``Analysis.plan``). No writes."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping

from app.models.domain import rules
from app.models.domain.roster_codes import RESIDENT_FIELDS
from app.models.io import columns
from app.models.io.address import NewHousehold, NewNode, Places, creation_order
from app.models.io.layout import FIELD_BY_KEY, Layout, detect_layout
from app.models.io.lookup import Lookup, as_lookup
from app.models.io.normalise import (
    BOOLEANS, CHILD, cell_text, child_relation, choice, fold, normalize_date, normalize_id_number,
    normalize_name, normalize_phone_cell,
)
from app.models.io.source import (
    CHECK_EVERY, CHUNK, CancelCheck, Progress, Scoped, Source, check_cancel,
)


@dataclass
class Options:
    """What the user chose on the wizard's first page (and the preview's box)."""
    # grid for new estates and rows with no address (None: the server's import into a
    # street or district; such rows then need a 网格 column)
    grid_id: str | None
    policy: str = "ask"                    # for ID numbers already in the roster: update | skip | ask
    default_residence_type: str | None = None   # used where 人员类别 is blank
    create_addresses: bool = False         # the user confirmed creating missing address nodes


class RowResult:
    """One data row: its normalised values, where it goes, and what is wrong with it."""
    __slots__ = ("number", "cells", "values", "clean", "issues", "id_number", "name", "grid_id",
                 "household", "relation", "room", "existing", "changes", "provided", "resident_id",
                 "history")

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
        self.history: dict | None = None   # what the audit record keeps (a legacy ID typed)

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


@dataclass
class Analysis:
    """Every data row of a file normalised, placed and validated; ``plan`` sorts
    them under a duplicate policy."""
    source_name: str
    layout: Layout
    mapping: dict[int, str]
    options: Options
    rows: list[RowResult]
    skipped_lines: int = 0        # blank lines, notes and repeated headers in the data
    # the lines among them that hold something, listed for the user: (row number, kind)
    # with kind 'total' (合计/小计/总计), 'footer' (填表人/审核人/制表), 'note' or 'header'
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)

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
                check_cancel(cancel)
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
    return (creation_order(nodes.values()),
            list(households.values()))


@dataclass
class Plan:
    """The rows sorted by what a commit does with them."""
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


def analyse(conn, source: Source, options: Options, actor: Scoped, *,
            layout: Layout | None = None, mapping: Mapping[int, str] | None = None,
            today: dt.date | None = None, progress: Progress | None = None,
            cancel: CancelCheck | None = None) -> Analysis:
    """Normalise, place and validate every data row of ``source`` (no writes).
    ``conn``: the desktop store's connection, or any ``lookup.Lookup`` (the city
    server's database); ``actor``: who imports (its ``scope_code``)."""
    today = today or dt.date.today()
    lookup = as_lookup(conn)
    layout = layout or detect_layout(source.sheet)
    mapping = dict(layout.mapping if mapping is None else mapping)
    mapping = {c: k for c, k in mapping.items() if k in FIELD_BY_KEY}
    col_of = {k: c for c, k in mapping.items()}
    places = Places(lookup, actor.scope_code or "", options.grid_id)
    header_texts = {c: layout.headers[c] for c in mapping if c < len(layout.headers)
                    and layout.headers[c]}
    data = source.sheet.rows[layout.data_start:]
    results: list[RowResult] = []
    skipped = 0
    skipped_rows: list[tuple[int, str]] = []
    total = len(data)
    id_col = col_of.get("id_number")
    id_damage = columns.id_column_damage(data, id_col) if id_col is not None else None
    zeros = columns.lost_zeros(data, {k: c for k, c in col_of.items() if k in columns.CODE_FIELDS})
    for i, (number, cells) in enumerate(data):
        if i % CHECK_EVERY == 0:
            check_cancel(cancel)
        if i % CHUNK == 0 and progress:
            progress("check", i, total)
        mapped = {k: (cells[c] if c < len(cells) else None) for k, c in col_of.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in mapped.values()):
            skipped += 1
            continue
        kind = _note_kind(cells) or ("header" if _is_repeated_header(cells, header_texts)
                                     else None)
        if kind:
            skipped += 1
            skipped_rows.append((number, kind))
            continue
        bad_cells = columns.excel_errors(mapped)
        for key in bad_cells:
            mapped[key] = None              # an error value is no value: nothing placed by it
        row = _normalise_row(number, cells, mapped, options, places, today)
        if bad_cells or id_damage or zeros:
            _column_issues(row, bad_cells, id_damage, zeros, source.sheet.name, col_of,
                           layout.headers)
        results.append(row)
    if progress:
        progress("check", total, total)
    check_cancel(cancel)
    _match_existing(lookup, results, actor, cancel)
    check_cancel(cancel)
    _validate(results, options, today, cancel)
    return Analysis(source.name, layout, mapping, options, results, skipped, skipped_rows)


def _column_issues(row: RowResult, bad_cells: dict[str, str], id_damage: str | None,
                   zeros: dict,
                   sheet: str, col_of: dict[str, int], headers: list[str]) -> None:
    """The issues a row gets from judging its cells with their column: Excel error
    values, an ID column Excel's number format damaged, codes that lost their zeros."""
    def header(key: str) -> str:
        col = col_of[key]
        return headers[col] if col < len(headers) else ""
    if bad_cells:
        row.issues = [i for i in row.issues if i.field not in bad_cells]
        for key, value in bad_cells.items():
            row.issues.append(columns.excel_error_issue(key, value, sheet, col_of[key],
                                                        row.number, header(key)))
    if columns.damaged_id(id_damage, row.values.get("id_number") or "") and not any(
            i.code == "id.lost_digits" for i in row.issues):
        row.issues = [i for i in row.issues if i.field != "id_number"]
        row.issues.append(columns.column_damaged_issue(row.values["id_number"]))
    for key in columns.CODE_FIELDS:
        params = zeros.get((row.number, key))
        if params is not None:
            row.issues.append(columns.lost_zeros_issue(key, params, header(key)))


_NOTE_RE = re.compile(r"^(填表|制表|审核|负责人|联系人|合计|总计|小计|共计|注[:：]|说明|备注[:：]|统计)")
_NOTE_KINDS = {"合计": "total", "总计": "total", "小计": "total", "共计": "total",
               "填表": "footer", "制表": "footer", "审核": "footer", "负责人": "footer",
               "联系人": "footer"}
_ID_LIKE_RE = re.compile(r"^\d{15}(\d{2}[\dXx])?$")


def _note_kind(cells: list) -> str | None:
    """A line of the sheet that is not a person: a 合计/小计 row (also merged across the
    row, or with its sums), a 填表人/审核人 footer, a note. Its first filled cell says
    so and no cell holds an ID number."""
    first = next((c for c in cells if c is not None and str(c).strip()), None)
    if not isinstance(first, str):
        return None
    m = _NOTE_RE.match(re.sub(r"\s+", "", first))
    if not m:
        return None
    for c in cells:
        if isinstance(c, float) and c >= 1e14:
            return None
        if isinstance(c, (str, int)) and _ID_LIKE_RE.match(str(c).strip()):
            return None
    return _NOTE_KINDS.get(m.group(1), "note")


def _is_repeated_header(cells: list, header_texts: dict[int, str]) -> bool:
    """The header again in the middle of the data (sheets pasted one under another)."""
    hits = sum(1 for c, text in header_texts.items()
               if c < len(cells) and isinstance(cells[c], str) and cells[c].strip() == text)
    return hits >= max(2, len(header_texts) // 2)


def _normalise_row(number: int, cells: list, mapped: dict, options: Options, places: Places,
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
            code, bad = choice(key, text[key])
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
            elif isinstance(got, tuple) and key == "moved_in_date":
                values[key] = "%d-%02d" % got   # a month: stored as what it is
            elif isinstance(got, tuple):
                values[key] = got           # year and month: settled once the ID is read
    if "in_service_party_member" in mapped and text["in_service_party_member"]:
        flag = BOOLEANS.get(fold(text["in_service_party_member"]))
        if flag is None:
            issues.append(rules.Issue("in_service_party_member", "choice.unknown",
                                      {"value": text["in_service_party_member"]}))
        else:
            values["in_service_party_member"] = flag
    row.values = values
    row.provided = {k for k in values}
    row.name = values.get("name") or ""
    if "relation" in mapped and text["relation"]:
        code, bad = choice("relation", text["relation"])
        if bad:
            issues.append(bad)
        row.relation = code
    row.issues = issues
    places.place(row, text)
    return row


def _match_existing(lookup: Lookup, rows: list[RowResult], actor: Scoped,
                    cancel: CancelCheck | None = None) -> None:
    """Duplicates by ID number: within the file (the later row is an error) and in the
    store (the row then updates or skips that resident)."""
    first_row: dict[str, RowResult] = {}
    wanted = []
    for row in rows:
        raw = row.values.get("id_number")
        if not raw or any(i.field == "id_number" and i.is_error for i in row.issues):
            continue
        # one identity: a 15-digit legacy ID and its 18-digit form are one person, in
        # the file and in the roster (rules.canonical_id_number)
        number = rules.canonical_id_number(raw) or rules.clean_id_text(raw)[0]
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
        check_cancel(cancel)
        # rows stored before the rule may hold the 15-digit form
        chunk = [f for n in wanted[start:start + 500] for f in rules.id_number_forms(n) or (n,)]
        for r in lookup.residents_by_id_number(chunk):
            found.setdefault(rules.canonical_id_number(r["id_number"]) or r["id_number"], r)
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
            check_cancel(cancel)
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
        # a legacy ID is stored upgraded; the record's history keeps the original
        row.history = rules.legacy_id_history(row.values.get("id_number"))
        if row.history is None and row.existing is not None:
            row.history = rules.legacy_id_history(row.existing.get("id_number"))
        if row.relation == CHILD:
            row.relation = child_relation(clean.get("gender"))
            if row.relation is None:
                row.issues.append(rules.Issue("relation", "relation.child_gender"))
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
            elif head_number and (rules.canonical_id_number(head_number) or head_number
                                  ) != row.id_number:
                row.issues.append(rules.Issue("relation", "household.has_head", {}))
            else:
                claimed_heads[hh_id] = row
                if isinstance(hh, NewHousehold):
                    hh.head_row = row
