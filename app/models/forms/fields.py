"""What a column of a department's table can hold: the roster's fields (with the
import's header knowledge, app/models/io/layout.py) and computed ones (age on a date,
户籍/流动, household size, the latest visit, 是否独居, a tag's since-date), for each
kind of row a table lists: residents, houses (出租房屋) or organizations (九小场所).

A field reads its value from one row dict made by population.py; ``kind`` says how
the cell is written (text, date, int) and ``secret`` how it is masked (id, phone).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from app.models.domain import choices as d
from app.models.domain import places as p
from app.models.io.layout import FIELD_BY_KEY, field_for_header
from app.models.io.normalise import fold

SUBJECTS = ("residents", "houses", "organizations")


@dataclass(frozen=True)
class FormField:
    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...] = ()
    kind: str = "text"                   # text | date | int
    secret: str | None = None            # id | phone: masked unless full values
    get: Callable[[dict, "Context"], object] | None = None
    computed: bool = False               # made by the fill, never a gap (序号)
    optional: bool = False               # blank is an answer (备注): never a gap

    def label(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


@dataclass
class Context:
    """What a computed field needs beside its row."""
    on: dt.date                          # ages are counted on this date
    lang: str = "zh_CN"
    tag: str | None = None               # the tag whose since-date a column shows


def _label(table: dict, code) -> str | None:
    choice = table.get(code) if code else None
    return choice.zh if choice else None


def age_on(birth: str | None, on: dt.date) -> int | None:
    if not birth:
        return None
    try:
        b = dt.date.fromisoformat(birth[:10])
    except ValueError:
        return None
    return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


def _col(name: str) -> Callable[[dict, Context], object]:
    return lambda row, _ctx: row.get(name)


def _coded(name: str, table: dict) -> Callable[[dict, Context], object]:
    return lambda row, _ctx: _label(table, row.get(name))


def _yes_no(value) -> str | None:
    return None if value is None else ("是" if value else "否")


def _tag_since(row: dict, ctx: Context) -> object:
    tags = row.get("tags") or {}
    if ctx.tag:
        return tags.get(ctx.tag)
    return next(iter(tags.values()), None) if tags else None


def _tag_labels(row: dict, _ctx: Context) -> str | None:
    labels = [d.TAG_TYPES[t].zh for t in (row.get("tags") or {}) if t in d.TAG_TYPES]
    return "、".join(labels) or None


def _residence_kind(row: dict, _ctx: Context) -> str | None:
    code = row.get("residence_type")
    return None if not code else ("户籍" if code == "registered" else "流动")


def _lives_alone(row: dict, _ctx: Context) -> str | None:
    if row.get("household_id") is None:
        return None
    return _yes_no(row.get("household_size") == 1 or "elderly_alone" in (row.get("tags") or {}))


def _inspection_result(row: dict, _ctx: Context) -> str | None:
    if not row.get("inspected_on"):
        return None
    return "存在隐患" if p.hazards(row.get("checklist")) else "合格"


def _hazard_items(row: dict, _ctx: Context) -> str | None:
    if not row.get("inspected_on"):
        return None
    items = [p.CHECK_ITEMS[k].zh for k in p.hazards(row.get("checklist")) if k in p.CHECK_ITEMS]
    return "、".join(items) or "无"


def _venue_type(row: dict, _ctx: Context) -> str | None:
    return _label(p.NINE_SMALL, row.get("category")) or _label(p.ORG_KINDS, row.get("kind"))


def _imported(key: str, **kw) -> FormField:
    """A roster field as the importer knows it (its header and synonyms)."""
    f = FIELD_BY_KEY[key]
    return FormField(key, f.zh, f.en, f.synonyms, get=kw.pop("get", _col(key)), **kw)


SEQ = FormField("seq", "序号", "No.", ("编号", "序", "no", "no."), kind="int", computed=True)
_COMMON = (SEQ,)

RESIDENT_FIELDS: tuple[FormField, ...] = _COMMON + (
    _imported("name"),
    _imported("id_type", get=_coded("id_type", d.ID_TYPES)),
    _imported("id_number", secret="id"),
    _imported("gender", get=_coded("gender", d.GENDERS)),
    _imported("birth_date", kind="date"),
    _imported("ethnicity", get=_coded("ethnicity", d.ETHNICITIES)),
    _imported("phone", secret="phone"),
    _imported("residence_type", get=_coded("residence_type", d.RESIDENCE_TYPES)),
    _imported("relation", get=_coded("relation", d.RELATIONS)),
    _imported("household_number"),
    _imported("household_kind", get=_coded("household_kind", d.HOUSEHOLD_KINDS)),
    _imported("grid"),
    _imported("address"),
    _imported("estate"), _imported("building"), _imported("unit"), _imported("room"),
    _imported("registered_address"),
    _imported("political_status", get=_coded("political_status", d.POLITICAL_STATUS)),
    _imported("education", get=_coded("education", d.EDUCATION)),
    _imported("occupation"),
    _imported("work_unit"),
    _imported("marital_status", get=_coded("marital_status", d.MARITAL_STATUS)),
    _imported("moved_in_date", kind="date"),
    _imported("status", get=_coded("status", d.RESIDENT_STATUS)),
    _imported("in_service_party_member",
              get=lambda row, _c: _yes_no(row.get("in_service_party_member"))),
    _imported("party_member_unit", optional=True),
    _imported("notes", optional=True),
    FormField("age", "年龄", "Age", ("周岁", "年龄(岁)", "年龄(周岁)", "实际年龄", "岁数"), kind="int",
              get=lambda row, ctx: age_on(row.get("birth_date"), ctx.on)),
    FormField("residence_kind", "户籍/流动", "Registered or floating", (
        "户籍或流动", "户籍性质", "是否户籍人口", "户籍/流动人口", "人口性质"), get=_residence_kind),
    FormField("household_size", "家庭人口", "Household size", (
        "家庭人数", "户内人数", "家庭成员数", "同住人数", "家庭人口数", "户人口数"), kind="int",
              get=_col("household_size")),
    FormField("lives_alone", "是否独居", "Lives alone", ("独居", "独居情况", "是否独居老人"),
              get=_lives_alone),
    FormField("last_visit_date", "最近走访日期", "Latest visit", (
        "走访日期", "走访时间", "最近走访时间", "上次走访日期", "上次走访时间", "最后走访日期"),
              kind="date", get=_col("last_visit_date")),
    FormField("last_visit_finding", "走访情况", "Latest visit's finding", (
        "最近走访情况", "走访记录", "走访内容", "走访发现", "近况", "走访发现问题", "走访情况记录"),
              get=_col("last_visit_finding")),
    FormField("last_visitor", "走访人", "Visited by", ("走访人员", "走访网格员", "走访责任人"),
              get=_col("last_visitor")),
    FormField("grid_worker", "网格员", "Grid worker", (
        "包联网格员", "责任网格员", "网格员姓名", "包保人", "包联人", "责任人"),
              get=_col("grid_worker")),
    FormField("tags", "人员类别标签", "Tags", (
        "标签", "人员标签", "重点人员类别", "重点人员类型", "重点人群类别", "管理类别", "列管类别"),
              get=_tag_labels),
    FormField("tag_since", "列管日期", "Tagged since", (
        "列管时间", "纳入管理时间", "纳管日期", "纳管时间", "认定日期", "认定时间", "登记日期",
        "纳入日期"), kind="date", get=_tag_since),
    FormField("community", "所属社区", "Community", ("社区", "社区名称", "所在社区", "村(社区)"),
              get=_col("community")),
)

HOUSE_FIELDS: tuple[FormField, ...] = _COMMON + (
    FormField("address", "房屋地址", "Address", (
        "出租房屋地址", "出租屋地址", "房屋坐落", "房屋详细地址", "详细地址", "地址", "现住址")),
    FormField("registration_no", "登记编号", "Registration no.", ("备案编号", "房屋编号", "登记号")),
    FormField("use", "房屋用途", "Use", ("用途", "使用性质", "房屋使用情况"),
              get=_coded("use", p.HOUSE_USES)),
    FormField("property_type", "房屋性质", "Property type", ("产权性质", "房屋类型", "房屋类别"),
              get=_coded("property_type", p.PROPERTY_TYPES)),
    FormField("area", "面积(㎡)", "Area (m²)", ("面积", "建筑面积", "出租面积", "面积(平方米)",
                                              "建筑面积(㎡)", "房屋面积")),
    FormField("owner_name", "房主姓名", "Owner", ("房东姓名", "产权人", "产权人姓名", "房主",
                                                "业主姓名", "出租人姓名", "出租人")),
    FormField("owner_id_number", "房主身份证号", "Owner's ID number", (
        "房东身份证号", "产权人身份证号", "出租人身份证号", "房主身份证号码", "房东身份证号码",
        "出租人身份证号码"), secret="id"),
    FormField("owner_phone", "房主联系电话", "Owner's phone", (
        "房东电话", "房东联系电话", "产权人电话", "出租人联系电话", "房主电话"), secret="phone"),
    FormField("tenant_name", "承租人姓名", "Tenant", ("承租人", "租户姓名", "租客姓名", "居住人姓名")),
    FormField("tenant_id_number", "承租人身份证号", "Tenant's ID number", (
        "承租人身份证号码", "租户身份证号", "租客身份证号", "承租人证件号码"), secret="id"),
    FormField("tenant_phone", "承租人联系电话", "Tenant's phone", (
        "承租人电话", "租户电话", "租客电话", "租户联系电话"), secret="phone"),
    FormField("tenant_gender", "承租人性别", "Tenant's gender", ("租户性别",),
              get=_coded("tenant_gender", d.GENDERS)),
    FormField("tenant_moved_in", "起租日期", "Rented since", (
        "租住起始日期", "入住日期", "租赁起始日期", "承租日期", "入住时间", "起租时间"), kind="date"),
    FormField("tenants_now", "居住人数", "People living there", (
        "承租人数", "租住人数", "实住人数", "居住人口"), kind="int"),
    FormField("grid", "所属网格", "Grid", ("网格", "网格名称", "所在网格")),
    FormField("grid_worker", "网格员", "Grid worker", ("包联网格员", "责任网格员", "网格员姓名")),
    FormField("checked_on", "核查日期", "Checked on", ("检查日期", "最近核查日期"), kind="date"),
    FormField("notes", "备注", "Notes", optional=True),
)

ORGANIZATION_FIELDS: tuple[FormField, ...] = _COMMON + (
    FormField("name", "场所名称", "Name", ("单位名称", "店铺名称", "商户名称", "名称", "门店名称",
                                         "场所(单位)名称")),
    FormField("credit_code", "统一社会信用代码", "Credit code", ("信用代码", "营业执照号",
                                                         "社会信用代码")),
    FormField("venue_type", "场所类型", "Venue type", ("场所类别", "单位类型", "行业类别", "类别",
                                                     "九小场所类型"), get=_venue_type),
    FormField("legal_rep", "负责人", "Person in charge", ("法定代表人", "法人", "经营者", "负责人姓名",
                                                        "法人代表")),
    FormField("contact_name", "联系人", "Contact", ("联系人姓名",)),
    FormField("contact_phone", "联系电话", "Phone", ("电话", "联系方式", "负责人电话", "手机"),
              secret="phone"),
    FormField("address", "场所地址", "Address", ("地址", "经营地址", "详细地址", "单位地址")),
    FormField("inspected_on", "检查日期", "Inspected on", ("检查时间", "巡查日期", "巡查时间"),
              kind="date"),
    FormField("inspector", "检查人", "Inspector", ("检查人员", "巡查人", "检查人签字")),
    FormField("result", "检查结果", "Result", ("检查情况", "是否合格", "巡查结果"),
              get=_inspection_result),
    FormField("hazard_items", "隐患项目", "Hazards", ("存在隐患", "隐患内容", "主要隐患", "隐患类型"),
              get=_hazard_items),
    FormField("findings", "隐患描述", "Findings", ("隐患情况", "发现问题", "问题描述", "检查发现"),
              optional=True),
    FormField("next_due", "复查日期", "Re-inspection due", (
        "整改期限", "复查时间", "下次检查日期", "整改时限"), kind="date"),
    FormField("grid", "所属网格", "Grid", ("网格", "网格名称", "所在网格")),
    FormField("notes", "备注", "Notes", optional=True),
)

FIELDS: dict[str, tuple[FormField, ...]] = {
    "residents": RESIDENT_FIELDS, "houses": HOUSE_FIELDS, "organizations": ORGANIZATION_FIELDS}
BY_KEY: dict[str, dict[str, FormField]] = {
    s: {f.key: f for f in fields} for s, fields in FIELDS.items()}


def header_key(text: object) -> str:
    key = fold(text).replace("*", "").replace("\n", "").rstrip(":：")
    return re.sub(r"\((必填|选填|可选)\)", "", key)


_MAPS: dict[str, dict[str, str]] = {}
for _subject, _fields in FIELDS.items():
    _map = _MAPS.setdefault(_subject, {})
    for _f in _fields:
        for _text in (_f.zh, _f.en, *_f.synonyms):
            _map.setdefault(header_key(_text), _f.key)


def field_for(subject: str, text: object) -> str | None:
    """The field a header names for a table of ``subject`` rows, or None."""
    if text is None:
        return None
    key = header_key(text)
    if not key:
        return None
    known = _MAPS[subject]
    if key in known:
        return known[key]
    bare = re.sub(r"\([^)]*\)", "", key)          # '联系电话(手机)', '出生日期(年月日)'
    if bare in known:
        return known[bare]
    if subject == "residents":
        # the importer's knowledge: every resident header it recognises
        return field_for_header(text)
    return None


def value(subject: str, key: str, row: dict, ctx: Context) -> object:
    f = BY_KEY[subject][key]
    get = f.get or _col(key)
    return get(row, ctx)

