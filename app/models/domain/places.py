"""实有房屋 and 实有单位 (domain.md §3, docs/domain-houses.md): the code lists of
houses and organizations, the inspection checklists of the 九小场所, and the
validation of their rows, shared by the desktop's write path and the server's push
(``validation.validate_row`` calls these). Qt-free, standard library only.

Rules return ``rules.Issue`` codes the desktop words beside its fields
(app/ui/common/messages.py) and the server names in its refusals.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from typing import Mapping

from app.models.domain import credit_code, rules
from app.models.domain.choices import Choice


@dataclass(frozen=True)
class HouseUse(Choice):
    visit_days: int | None = None     # a visit is due this often (None: no routine visit)
    rental: bool = False              # has a landlord, tenants and a 出租屋 registration


HOUSE_USES: dict[str, HouseUse] = {u.code: u for u in [
    HouseUse("own", "自住", "Owner-occupied", 90),
    HouseUse("rental", "出租", "Rented out", 30, True),
    HouseUse("vacant", "空置", "Vacant", 90),
    HouseUse("business", "经营", "Business", 30),
    HouseUse("group_rental", "群租", "Group rental", 7, True),
    HouseUse("other", "其他", "Other", None),
]}


def _choices(rows) -> dict[str, Choice]:
    return {code: Choice(code, zh, en) for code, zh, en in rows}


PROPERTY_TYPES = _choices([
    ("commercial", "商品房", "Commercial housing"),
    ("affordable", "保障房", "Affordable housing"),
    ("resettlement", "安置房", "Resettlement housing"),
    ("public", "公房", "Public housing"),
    ("self_built", "自建房", "Self-built house"),
    ("shop", "商铺", "Shop"),
    ("other", "其他", "Other"),
])

ORG_KINDS = _choices([
    ("enterprise", "企业", "Enterprise"),
    ("individual", "个体工商户", "Individual business"),
    ("social", "社会组织", "Social organization"),
    ("public_body", "机关事业单位", "Government or public institution"),
    ("nine_small", "九小场所", "Small venue (九小场所)"),
])

NINE_SMALL = _choices([
    ("shop", "小商店", "Small shop"),
    ("restaurant", "小餐饮", "Small restaurant"),
    ("hotel", "小旅馆", "Small hotel"),
    ("karaoke", "小歌舞娱乐", "Small karaoke or dance hall"),
    ("internet_cafe", "小网吧", "Small internet café"),
    ("beauty_bath", "小美容洗浴", "Small beauty salon or bathhouse"),
    ("school", "小学校/幼儿园", "Small school or kindergarten"),
    ("clinic", "小医院", "Small clinic"),
    ("workshop", "小生产加工", "Small workshop"),
])

# every checklist item, and which of them each 九小场所 category is inspected for
CHECK_ITEMS = _choices([
    ("extinguishers", "灭火器配置有效", "Fire extinguishers present and in date"),
    ("escape_routes", "疏散通道畅通", "Escape routes clear"),
    ("exit_signs", "安全出口和应急照明完好", "Exit signs and emergency lights work"),
    ("wiring", "电气线路规范", "Electric wiring safe"),
    ("gas", "燃气使用规范（报警器、软管）", "Gas used safely (alarm, hoses)"),
    ("ebike_charging", "无电动车违规充电", "No e-bike charging inside"),
    ("living_in", "无“三合一”住人", "Nobody sleeps on the premises"),
    ("smoke_alarms", "独立式烟感报警器", "Smoke alarms installed"),
    ("flammables", "易燃物品规范存放", "Flammables stored safely"),
    ("kitchen_hood", "厨房油烟管道清洁", "Kitchen hood and ducts clean"),
    ("guest_register", "旅客实名登记", "Guests registered by ID"),
    ("occupancy", "未超员", "Not over capacity"),
    ("minors", "未接纳未成年人", "No minors admitted"),
    ("child_safety", "儿童安全防护", "Child safety measures"),
    ("medical_waste", "医疗废物规范处置", "Medical waste handled properly"),
    ("machinery", "机械设备防护", "Machinery guarded"),
])
_COMMON = ("extinguishers", "escape_routes", "wiring", "ebike_charging", "living_in")
CHECKLISTS: dict[str, tuple[str, ...]] = {
    "shop": _COMMON + ("flammables",),
    "restaurant": _COMMON + ("gas", "kitchen_hood"),
    "hotel": _COMMON + ("exit_signs", "smoke_alarms", "guest_register"),
    "karaoke": _COMMON + ("exit_signs", "occupancy", "minors"),
    "internet_cafe": _COMMON + ("exit_signs", "occupancy", "minors"),
    "beauty_bath": _COMMON + ("gas", "exit_signs"),
    "school": _COMMON + ("exit_signs", "smoke_alarms", "child_safety", "gas"),
    "clinic": _COMMON + ("exit_signs", "medical_waste"),
    "workshop": _COMMON + ("flammables", "machinery"),
}
# organizations that are not 九小场所 are inspected for the common items
GENERAL_CHECKLIST = _COMMON + ("exit_signs",)
CHECK_RESULTS = ("ok", "hazard", "na")
REINSPECT_DAYS = {"hazard": 7, "ok": 90}   # next due after an inspection with/without a hazard

MAX_LEN = {"name": 100, "owner_name": 50, "landlord_name": 50, "legal_rep": 50,
           "contact_name": 50, "registration_no": 50, "notes": 2000, "findings": 4000,
           "inspector": 100, "job": 50}
MAX_AREA = 100_000.0        # m²: a street's largest building fits; a typo of 1e6 does not


def checklist_for(category: str | None) -> tuple[str, ...]:
    return CHECKLISTS.get(category or "", GENERAL_CHECKLIST)


def _issue(fld: str, code: str, **params) -> rules.Issue:
    return rules.Issue(fld, code, params)


def _lengths(values: Mapping, fields) -> list[rules.Issue]:
    out = []
    for fld in fields:
        value = values.get(fld)
        if isinstance(value, str) and len(value) > MAX_LEN[fld]:
            out.append(_issue(fld, "text.too_long", max=MAX_LEN[fld]))
    return out


def _required(values: Mapping, *fields) -> list[rules.Issue]:
    return [_issue(f, "required") for f in fields
            if not (isinstance(values.get(f), str) and rules.normalize_text(values[f]))]


def _phone(values: Mapping, fld: str) -> list[rules.Issue]:
    value = values.get(fld)
    return rules.check_phone(str(value), fld) if value else []


def _dates(values: Mapping, today: dt.date, start: str, end: str | None, *,
           end_future: bool = False) -> tuple[dt.date | None, dt.date | None, list]:
    """Two dates of a row: each a real date, not in the future (``end_future``: the
    end may be), and the end not before the start (``date.before_start``)."""
    first, issues = rules.check_date(values.get(start) or "", start, today)
    last = None
    if end:
        last, more = rules.check_date(values.get(end) or "", end, today,
                                      allow_future=end_future)
        issues = issues + more
        if first and last and last < first:
            issues.append(_issue(end, "date.before_start"))
    return first, last, issues


def check_area(value, fld: str = "area") -> list[rules.Issue]:
    """A floor area in m²: empty, or a finite number above 0 and at most MAX_AREA."""
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        return [_issue(fld, "area.invalid", max=int(MAX_AREA))]
    try:
        number = float(rules.normalize_text(value)) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        return [_issue(fld, "area.invalid", max=int(MAX_AREA))]
    if not math.isfinite(number) or not 0 < number <= MAX_AREA:
        return [_issue(fld, "area.invalid", max=int(MAX_AREA))]
    return []


def validate_house(values: Mapping, today: dt.date) -> list[rules.Issue]:
    issues = _lengths(values, ("owner_name", "landlord_name", "registration_no", "notes"))
    issues += _required(values, "address_id")
    use = values.get("use")
    if not use:
        issues.append(_issue("use", "required"))
    elif use not in HOUSE_USES:
        issues.append(_issue("use", "choice.invalid", value=use))
    ptype = values.get("property_type")
    if ptype and ptype not in PROPERTY_TYPES:
        issues.append(_issue("property_type", "choice.invalid", value=ptype))
    issues += check_area(values.get("area"))
    for fld in ("owner_phone", "landlord_phone"):
        issues += _phone(values, fld)
    issues += _dates(values, today, "registered_on", "checked_on")[2]
    return issues


def validate_tenant(values: Mapping, today: dt.date) -> list[rules.Issue]:
    """A tenant of a house: who, moved in (required), moved out (optional, not before
    the move-in)."""
    issues = _lengths(values, ("notes",)) + _required(values, "house_id", "resident_id")
    moved_in, _, more = _dates(values, today, "moved_in", "moved_out")
    issues += more
    if moved_in is None and not any(i.field == "moved_in" for i in more):
        issues.append(_issue("moved_in", "required"))
    return issues


def validate_organization(values: Mapping) -> list[rules.Issue]:
    issues = _lengths(values, ("name", "legal_rep", "contact_name", "notes"))
    issues += _required(values, "name")
    kind, category = values.get("kind"), values.get("category")
    if not kind:
        issues.append(_issue("kind", "required"))
    elif kind not in ORG_KINDS:
        issues.append(_issue("kind", "choice.invalid", value=kind))
    if kind == "nine_small":
        if not category:
            issues.append(_issue("category", "required"))
        elif category not in NINE_SMALL:
            issues.append(_issue("category", "choice.invalid", value=category))
    elif category:       # only 九小场所 have a category
        issues.append(_issue("category", "choice.invalid", value=category))
    code = values.get("credit_code")
    if code:
        stored, more = credit_code.check(code)
        issues += more
        if stored is not None and stored != code:
            issues.append(_issue("credit_code", "credit.not_clean"))   # the server stores what it checks
    issues += _phone(values, "contact_phone")
    return issues


def validate_employee(values: Mapping, today: dt.date) -> list[rules.Issue]:
    issues = _lengths(values, ("job",)) + _required(values, "organization_id", "resident_id")
    return issues + _dates(values, today, "since", "until")[2]


def parse_checklist(value) -> dict | None:
    """An inspection's checklist (JSON text of {item: result}) as a dict, or None."""
    if isinstance(value, dict):
        return value
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def hazards(checklist) -> list[str]:
    """The items found to be a hazard."""
    parsed = parse_checklist(checklist) or {}
    return [k for k, v in parsed.items() if v == "hazard"]


def validate_inspection(values: Mapping, today: dt.date) -> list[rules.Issue]:
    issues = _lengths(values, ("findings", "inspector")) + _required(values, "organization_id")
    inspected, _, more = _dates(values, today, "inspected_on", "next_due", end_future=True)
    issues += more
    if inspected is None and not any(i.field == "inspected_on" for i in more):
        issues.append(_issue("inspected_on", "required"))
    checklist = parse_checklist(values.get("checklist") or "{}")
    if checklist is None or not all(k in CHECK_ITEMS and v in CHECK_RESULTS
                                    for k, v in checklist.items()):
        issues.append(_issue("checklist", "checklist.invalid"))
    return issues


def stored_credit_code(value) -> str | None:
    """A credit code as both sides store it (clean upper-case text), or None."""
    return credit_code.clean(value) or None


def house_findings(house: Mapping, tenants_now: int) -> list[str]:
    """What a grid worker must see about a house: a group rental (``group_rental``),
    a rental with no registered tenant living there (``rental_no_tenants``), a rental
    without its 出租屋 registration (``rental_unregistered``)."""
    use = HOUSE_USES.get(house.get("use") or "")
    if use is None or not use.rental:
        return []
    out = ["group_rental"] if use.code == "group_rental" else []
    if tenants_now == 0:
        out.append("rental_no_tenants")
    if not house.get("registered_on"):
        out.append("rental_unregistered")
    return out
