"""Checking a 出租房屋 or 实有单位 file before anything is written (docs/domain-houses.md):
the columns found by their Chinese headers like the roster's (``layout`` with this
import's fields), every row normalised, its address placed in either shape
(``address.Places.locate``: '经三路12号院3室', '幸福小区3号楼2单元501室'), tenants and
employees found by ID number among the residents, and validated by the rules the
write path and the server apply (``domain.places``; a credit code by GB 32100 with
its clear message). ``PlacesAnalysis.plan`` sorts the rows into create, update,
invalid and waiting for new addresses. No writes; the commit is ``places_commit``.

Like the roster's reading half this imports only the domain and its siblings."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping, Protocol

from app.models.domain import credit_code, places, rules
from app.models.domain.choices import Choice
from app.models.io.address import NewNode, Places
from app.models.io.layout import ImportField, Layout, detect_layout
from app.models.io.lookup import Lookup, as_lookup
from app.models.io.normalise import (
    cell_text, fold, normalize_date, normalize_id_number, normalize_name, normalize_phone_cell,
)
from app.models.io.plan import Options
from app.models.io.source import CHECK_EVERY, CancelCheck, Progress, Scoped, Source, check_cancel

_ADDRESS = ("房屋地址", "地址", "出租房屋地址", "房屋坐落", "坐落", "详细地址", "门牌", "门牌号",
            "现住址", "标准地址", "住址")
_GRID = ImportField("grid", "所属网格", "Grid", ("网格", "网格名称", "网格编码", "所在网格"))
_NOTES = ImportField("notes", "备注", "Notes")

RENTAL_FIELDS: tuple[ImportField, ...] = (
    ImportField("address", "房屋地址", "Address", _ADDRESS[1:], True),
    ImportField("use", "房屋用途", "Use", ("用途", "使用情况", "房屋使用情况", "使用性质", "房屋状态")),
    ImportField("property_type", "房屋性质", "Property type", (
        "产权性质", "房屋类型", "房屋类别", "产权类型")),
    ImportField("area", "面积", "Area", ("建筑面积", "房屋面积", "使用面积", "面积(㎡)",
                                         "面积(平方米)", "面积(m²)", "出租面积")),
    ImportField("owner_name", "产权人", "Owner", ("房主", "业主", "房屋所有人", "产权人姓名",
                                                "所有权人")),
    ImportField("owner_phone", "产权人电话", "Owner's phone", (
        "产权人联系电话", "业主电话", "房主电话", "产权人手机")),
    ImportField("landlord_name", "房东", "Landlord", ("出租人", "出租人姓名", "房东姓名")),
    ImportField("landlord_phone", "房东电话", "Landlord's phone", (
        "出租人电话", "出租人联系电话", "房东联系电话", "房东手机", "出租人手机")),
    ImportField("registration_no", "出租屋登记编号", "Registration number", (
        "登记编号", "备案编号", "出租登记编号", "租赁备案号", "出租屋编号", "登记证号")),
    ImportField("registered_on", "登记日期", "Registered on", ("备案日期", "登记时间")),
    ImportField("checked_on", "最近核查", "Last checked on", (
        "核查日期", "检查日期", "最近核查日期", "最近检查日期")),
    ImportField("tenants", "租户身份证号", "Tenants' ID numbers", (
        "承租人身份证号", "租户证件号码", "承租人证件号码", "租客身份证号", "租户身份证号码",
        "承租人身份证号码", "租住人员身份证号")),
    ImportField("moved_in", "入住日期", "Moved in on", ("租住日期", "起租日期", "租赁开始日期",
                                                     "入住时间")),
    _GRID, _NOTES,
)

ORG_FIELDS: tuple[ImportField, ...] = (
    ImportField("name", "单位名称", "Name", ("名称", "企业名称", "店名", "场所名称", "商户名称",
                                          "单位名", "店铺名称", "字号名称"), True),
    ImportField("credit_code", "统一社会信用代码", "Credit code", (
        "信用代码", "社会信用代码", "统一代码", "统一社会信用代码证号", "营业执照号", "营业执照号码",
        "营业执照编号")),
    ImportField("kind", "单位类型", "Type", ("类型", "单位性质", "单位类别", "主体类型")),
    ImportField("category", "九小场所类别", "Small venue category", (
        "场所类别", "九小类别", "九小场所类型", "九小场所", "行业类别")),
    ImportField("legal_rep", "法定代表人", "Legal representative", (
        "法人", "法人代表", "经营者", "负责人", "法定代表人(负责人)")),
    ImportField("contact_name", "联系人", "Contact", ("联系人姓名",)),
    ImportField("contact_phone", "联系电话", "Contact phone", (
        "电话", "手机", "联系方式", "手机号码", "联系人电话", "电话号码")),
    ImportField("address", "地址", "Address", ("单位地址", "经营地址", "经营场所", "住所",
                                              "场所地址", "详细地址", "门牌", "门牌号"), True),
    ImportField("employees", "从业人员身份证号", "Employees' ID numbers", (
        "员工身份证号", "从业人员证件号码", "员工证件号码", "从业人员身份证号码")),
    _GRID, _NOTES,
)
FIELD_SETS = {"rentals": RENTAL_FIELDS, "organizations": ORG_FIELDS}
PEOPLE = {"rentals": "tenants", "organizations": "employees"}
_SPLIT = re.compile(r"[\s,，、;；/|]+")


def _lookup_of(table: Mapping[str, Choice], extra: Mapping[str, str] = ()) -> dict[str, str]:
    out = {}
    for code, c in table.items():
        for key in (code, c.zh, c.en):
            out[fold(key)] = code
    out.update({fold(k): v for k, v in dict(extra).items()})
    return out


CHOICES = {
    "use": _lookup_of(places.HOUSE_USES, {"自用": "own", "自住房": "own", "闲置": "vacant",
                                          "出租房": "rental", "出租屋": "rental",
                                          "商用": "business", "经营性": "business"}),
    "property_type": _lookup_of(places.PROPERTY_TYPES, {"私房": "self_built", "自建": "self_built",
                                                       "商业": "shop", "门面房": "shop"}),
    "kind": _lookup_of(places.ORG_KINDS, {"个体": "individual", "个体户": "individual",
                                          "公司": "enterprise", "九小": "nine_small",
                                          "机关": "public_body", "事业单位": "public_body"}),
    "category": _lookup_of(places.NINE_SMALL, {
        **{c.zh[1:]: code for code, c in places.NINE_SMALL.items() if c.zh.startswith("小")},
        "小学校": "school", "幼儿园": "school", "小诊所": "clinic", "诊所": "clinic",
        "小超市": "shop", "小饭店": "restaurant", "小网吧": "internet_cafe"}),
}


class PlacesLookup(Lookup, Protocol):
    """What this import reads besides the roster's: the houses at address nodes and
    organizations by credit code (the desktop's ``lookup.StoreLookup``)."""

    def houses_at(self, address_ids: list[str]) -> list[dict]:
        """Live houses at these nodes."""

    def organizations_by_credit_code(self, codes: list[str]) -> list[dict]:
        """Live organizations holding these codes."""

    def organizations_at(self, address_ids: list[str]) -> list[dict]:
        """Live organizations at these nodes (one without a credit code is matched by
        its name there)."""


class PlaceRow:
    """One data row: its values as the places repository takes them, its address node,
    the people it names (by ID number) and what is wrong with it."""
    __slots__ = ("number", "cells", "values", "issues", "node", "grid_id", "existing",
                 "people", "moved_in", "name")

    def __init__(self, number: int, cells: list):
        self.number, self.cells = number, cells
        self.values: dict = {}
        self.issues: list[rules.Issue] = []
        self.node = None             # existing address dict | NewNode | None
        self.grid_id: str | None = None
        self.existing: dict | None = None    # the house or organization it updates
        self.people: list[dict] = []         # residents (tenants or employees)
        self.moved_in: str | None = None
        self.name = ""

    @property
    def errors(self) -> list[rules.Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[rules.Issue]:
        return [i for i in self.issues if not i.is_error]

    def needs_new_address(self) -> bool:
        return isinstance(self.node, NewNode)

    def address_id(self) -> str | None:
        if self.node is None:
            return None
        return self.node.id if isinstance(self.node, NewNode) else self.node["id"]


@dataclass
class PlacesAnalysis:
    kind: str                    # rentals | organizations
    source_name: str
    layout: Layout
    mapping: dict[int, str]
    options: Options
    rows: list[PlaceRow]
    skipped_lines: int = 0
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)

    def field_column(self, fld: str) -> int | None:
        return next((c for c, k in self.mapping.items() if k == fld), None)

    def plan(self, create_addresses: bool | None = None, cancel: CancelCheck | None = None,
             **_ignored) -> "PlacesPlan":
        create = self.options.create_addresses if create_addresses is None else create_addresses
        plan = PlacesPlan(self, create)
        for i, row in enumerate(self.rows):
            if i % CHECK_EVERY == 0:
                check_cancel(cancel)
            if row.errors:
                plan.errors.append(row)
            elif row.needs_new_address() and not create:
                plan.blocked.append(row)
            elif row.existing is None:
                plan.create.append(row)
            else:
                plan.update.append(row)
        nodes: dict[str, NewNode] = {}
        for row in plan.create + plan.update:
            if isinstance(row.node, NewNode):
                for n in row.node.chain():
                    nodes[n.id] = n
        plan.new_nodes = sorted(nodes.values(), key=lambda n: (len(n.code), n.code))
        return plan


@dataclass
class PlacesPlan:
    analysis: PlacesAnalysis
    create_addresses: bool
    create: list[PlaceRow] = field(default_factory=list)
    update: list[PlaceRow] = field(default_factory=list)
    errors: list[PlaceRow] = field(default_factory=list)
    blocked: list[PlaceRow] = field(default_factory=list)
    new_nodes: list[NewNode] = field(default_factory=list)
    ready = True                 # no duplicate to decide: one house per address, one code

    def counts(self) -> dict[str, int]:
        return {"rows": len(self.analysis.rows), "create": len(self.create),
                "update": len(self.update), "errors": len(self.errors),
                "blocked": len(self.blocked), "new_addresses": len(self.new_nodes),
                "people": sum(len(r.people) for r in self.create + self.update),
                "warnings": sum(1 for r in self.create + self.update if r.issues)}

    def problems(self) -> list[tuple[PlaceRow, list[rules.Issue]]]:
        out = [(row, row.errors) for row in self.errors]
        out += [(row, [rules.Issue("address", "address.new")]) for row in self.blocked]
        out.sort(key=lambda item: item[0].number)
        return out


def issue_column(analysis: PlacesAnalysis, issue: rules.Issue) -> int | None:
    fld = {"address_id": "address", "resident_id": PEOPLE[analysis.kind]}.get(
        issue.field, issue.field)
    return analysis.field_column(fld)


def detect(source: Source, kind: str) -> Layout:
    return detect_layout(source.sheet, FIELD_SETS[kind])


def analyse_places(conn, source: Source, kind: str, options: Options, actor: Scoped, *,
                   layout: Layout | None = None, mapping: Mapping[int, str] | None = None,
                   today: dt.date | None = None, progress: Progress | None = None,
                   cancel: CancelCheck | None = None) -> PlacesAnalysis:
    """Normalise, place and validate every row of a 出租房屋 (``kind`` 'rentals') or
    实有单位 ('organizations') file. ``conn``: the desktop store's connection or a
    ``PlacesLookup``."""
    if kind not in FIELD_SETS:
        raise ValueError(kind)
    today = today or dt.date.today()
    lookup = as_lookup(conn)
    fields = FIELD_SETS[kind]
    keys = {f.key for f in fields}
    layout = layout or detect_layout(source.sheet, fields)
    mapping = {c: k for c, k in dict(layout.mapping if mapping is None else mapping).items()
               if k in keys}
    col_of = {k: c for c, k in mapping.items()}
    where = Places(lookup, actor.scope_code or "", options.grid_id)
    rows: list[PlaceRow] = []
    skipped = 0
    data = source.sheet.rows[layout.data_start:]
    for i, (number, cells) in enumerate(data):
        if i % CHECK_EVERY == 0:
            check_cancel(cancel)
            if progress:
                progress("check", i, len(data))
        mapped = {k: (cells[c] if c < len(cells) else None) for k, c in col_of.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in mapped.values()):
            skipped += 1
            continue
        rows.append(_row(kind, number, cells, mapped, where, today))
    check_cancel(cancel)
    _people(lookup, kind, rows, actor)
    _existing(lookup, kind, rows)
    for row in rows:
        if kind == "rentals" and row.existing is None:
            # a new house in a 出租房屋 file is a rental unless it says otherwise; a
            # house already registered keeps its use unless the file names one
            row.values.setdefault("use", "rental")
        _validate(kind, row, today)
    if progress:
        progress("check", len(data), len(data))
    return PlacesAnalysis(kind, source.name, layout, mapping, options, rows, skipped)


def _choice(row: PlaceRow, key: str, text: str) -> None:
    if not text:
        return
    code = CHOICES[key].get(fold(text))
    if code is None:
        row.issues.append(rules.Issue(key, "choice.unknown", {"value": text}))
    else:
        row.values[key] = code


def _row(kind: str, number: int, cells: list, mapped: dict, where: Places,
         today: dt.date) -> PlaceRow:
    row = PlaceRow(number, cells)
    text = {k: cell_text(v) for k, v in mapped.items()}
    v = row.values
    for key in ("owner_name", "landlord_name", "legal_rep", "contact_name", "name"):
        if key in mapped and text[key]:
            v[key] = normalize_name(mapped[key]) if key != "name" else text[key]
    for key in ("registration_no", "notes"):
        if key in mapped and text[key]:
            v[key] = text[key]
    for key in ("owner_phone", "landlord_phone", "contact_phone"):
        if key in mapped and text[key]:
            phone, issues = normalize_phone_cell(mapped[key])
            v[key] = phone
            row.issues += issues
    for key in ("registered_on", "checked_on", "moved_in"):
        if key in mapped:
            got, issues = normalize_date(mapped[key], key)
            row.issues += issues
            if isinstance(got, tuple):
                row.issues.append(rules.Issue(key, "date.unrecognised",
                                              {"value": "%d-%02d" % got}))
            elif got:
                v[key] = got
    row.moved_in = v.pop("moved_in", None) or today.isoformat()
    for key in ("use", "property_type", "kind", "category"):
        if key in mapped:
            _choice(row, key, text[key])
    if "area" in mapped and text["area"]:
        area = re.sub(r"(平方米|平米|㎡|m²|m2)$", "", text["area"].strip())
        v["area"] = area
    if kind != "rentals":
        if "credit_code" in mapped and text["credit_code"]:
            stored, issues = credit_code.check(text["credit_code"])
            row.issues += issues
            v["credit_code"] = stored if stored else text["credit_code"]
        if v.get("category") and not v.get("kind"):
            v["kind"] = "nine_small"        # a 九小 category says what the unit is
        row.name = v.get("name", "")
    row.name = row.name or v.get("owner_name") or v.get("landlord_name") or ""
    grid = None
    if text.get("grid"):
        grid = where.grid_for_text(text["grid"])
        if grid is None:
            row.issues.append(rules.Issue("grid", "grid.unknown", {"value": text["grid"]}))
            return row
    if text.get("address"):
        node, grid_id, problem = where.locate(text["address"], grid)
        if problem:
            row.issues.append(rules.Issue("grid" if problem == "grid.required" else "address",
                                          problem, {"value": text["address"]}))
        else:
            row.node, row.grid_id = node, grid_id
    else:
        row.issues.append(rules.Issue("address", "required"))
    people = PEOPLE[kind]
    if people in mapped and text[people]:
        raw = mapped[people]
        # one ID number Excel stored as a number: read as the roster reads it (an ID
        # that lost its last digits says so), not as the text Excel would show
        parts = [raw] if isinstance(raw, (int, float)) and not isinstance(raw, bool) \
            else _SPLIT.split(text[people].strip())
        for part in parts:
            if not part:
                continue
            idn, issues = normalize_id_number(part)
            if issues and any(i.is_error for i in issues):
                row.issues += [rules.Issue(people, i.code, i.params, i.severity)
                               for i in issues]
                continue
            row.people.append({"id_number": rules.canonical_id_number(idn) or idn})
    return row


def _people(lookup: Lookup, kind: str, rows: list[PlaceRow], actor: Scoped) -> None:
    """Tenants and employees by ID number: each must be a resident of the user's
    area (the roster is imported first)."""
    wanted = {p["id_number"] for r in rows for p in r.people}
    forms = [f for n in wanted for f in rules.id_number_forms(n) or (n,)]
    found: dict[str, dict] = {}
    for start in range(0, len(forms), 500):
        for r in lookup.residents_by_id_number(forms[start:start + 500]):
            found.setdefault(rules.canonical_id_number(r["id_number"]) or r["id_number"], r)
    scope = actor.scope_code or ""
    fld = PEOPLE[kind]
    for row in rows:
        people, seen = [], set()
        for p in row.people:
            resident = found.get(p["id_number"])
            if resident is None or not (resident.get("path") or "").startswith(scope):
                row.issues.append(rules.Issue(fld, "person.unknown",
                                              {"value": rules.mask_id(p["id_number"])}))
            elif resident["id"] not in seen:
                seen.add(resident["id"])
                people.append(resident)
        row.people = people


def _existing(lookup, kind: str, rows: list[PlaceRow]) -> None:
    """The house already at a row's address (the row updates it), or the organization
    with its credit code (or, without one, its name at that address); a second row
    for one house or one code in the file is an error naming the first."""
    at = [r.node["id"] for r in rows if isinstance(r.node, dict)]
    first: dict[str, PlaceRow] = {}
    if kind == "rentals":
        houses = {h["address_id"]: h for h in _chunks(lookup.houses_at, at)}
        for row in rows:
            key = row.address_id()
            if key is None:
                continue
            if key in first:
                row.issues.append(rules.Issue("address", "house.twice_in_file",
                                              {"row": first[key].number}))
                continue
            first[key] = row
            row.existing = houses.get(key)
        return
    codes = [r.values["credit_code"] for r in rows if r.values.get("credit_code")
             and not any(i.field == "credit_code" for i in r.issues)]
    by_code = {o["credit_code"]: o for o in _chunks(lookup.organizations_by_credit_code, codes)}
    by_place = {(o["address_id"], o["name"]): o for o in _chunks(lookup.organizations_at, at)}
    for row in rows:
        code = row.values.get("credit_code")
        key = code or (row.address_id(), row.values.get("name"))
        if code and any(i.field == "credit_code" for i in row.issues):
            continue
        if key in first:
            row.issues.append(rules.Issue("credit_code" if code else "name",
                                          "organization.twice_in_file",
                                          {"row": first[key].number}))
            continue
        first[key] = row
        row.existing = by_code.get(code) if code else by_place.get(key)


def _chunks(read, keys: list[str]) -> list[dict]:
    keys = list(dict.fromkeys(keys))
    out: list[dict] = []
    for start in range(0, len(keys), 500):
        out += read(keys[start:start + 500])
    return out


def _validate(kind: str, row: PlaceRow, today: dt.date) -> None:
    """The row as the write path will store it, checked by the rule the server
    applies (an issue already found for a field is not said twice)."""
    said = {i.field for i in row.issues}
    values = dict(row.values)
    if kind == "rentals":
        merged = {**(row.existing or {}), **values, "address_id": "x"}
        issues = places.validate_house(merged, today)
    else:
        merged = {**(row.existing or {}), **values}
        if merged.get("kind") != "nine_small":
            merged["category"] = None if not values.get("category") else merged["category"]
        issues = places.validate_organization(merged)
    row.issues += [i for i in issues if i.field not in said and i.field != "address_id"]
