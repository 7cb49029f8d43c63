"""Values of the roster import as offices type them, made into what the roster
stores: ID numbers that Excel stored as numbers, dates in every form, names padded for
alignment, phones that lost their leading 0, and the code lists' words (男/女, 汉/汉族,
户籍/流动…). Pure functions; problems are ``rules.Issue`` values."""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Mapping

from app.models.domain import choices as d
from app.models.domain import rules
from app.models.io.xlsx import serial_to_datetime

_SPACE_RE = re.compile(r"\s+")


def clear_caches() -> None:
    """Forget the cell texts the caches below hold (app.ui.shell.app.end_session: after
    切换用户 nothing of the previous person's import stays in memory)."""
    _fold_str.cache_clear()
    squeeze.cache_clear()


# Traditional characters of the headers and code-list words (a Big5 file from Hong Kong
# or Taiwan, or a traditional-script template) as the simplified ones the tables hold.
_TRAD = str.maketrans(
    "證別號碼電話戶關係繫現類員聯區單樓棟門職業務況遷註備屬網黨齡與實際詳細間態狀學歷種稱時來層"
    "產兒婦親孫無漢滿維壯華團離喪異僑臺灣護內動國暫駐陽郵絡機體殘貧難獨優撫軍專碩畢組織領導負責"
    "審計總製報標準擔當嚴號",
    "证别号码电话户关系系现类员联区单楼栋门职业务况迁注备属网党龄与实际详细间态状学历种称时来层"
    "产儿妇亲孙无汉满维壮华团离丧异侨台湾护内动国暂驻阳邮络机体残贫难独优抚军专硕毕组织领导负责"
    "审计总制报标准担当严号")


@functools.lru_cache(maxsize=8192)
def _fold_str(text: str) -> str:
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", text)).lower().translate(_TRAD)


def fold(text: object) -> str:
    """A cell or header as compared with the known words: NFKC, no spaces, lower case,
    traditional characters as simplified."""
    return _fold_str(text if isinstance(text, str) else str(text))


@functools.lru_cache(maxsize=8192)
def squeeze(text: str) -> str:
    """Address or grid text as compared with the tree: NFKC, no spaces, without a
    trailing note in brackets ('(出租)')."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[（(][^）)]*[）)]$", "", text.strip())      # '(出租)' after the address
    return re.sub(r"\s+", "", text)


def cell_text(value: object) -> str:
    """A cell as text the way a person reads it: 1001.0 → '1001', a date → 2026-11-28."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _unwrap(text: str) -> str:
    """Strip what people put in front of long numbers to keep Excel from eating them:
    a leading apostrophe or tab, or a ="…" formula."""
    text = text.strip().lstrip("'\u2019\t")
    m = re.fullmatch(r'=\s*"(.*)"', text)
    return m.group(1) if m else text


def as_excel_shows(value: float) -> str:
    """A big number as Excel's formula bar shows it: 15 significant digits, then zeros
    (an ID number typed into a number cell, as the user sees it in Excel; the wizard
    and the error report show it so too)."""
    mantissa, _, exp = f"{abs(value):.14e}".partition("e")
    digits, exp_n = mantissa.replace(".", ""), int(exp)
    if exp_n < 14 or exp_n > 30:
        return f"{value:.15g}"
    return ("-" if value < 0 else "") + digits + "0" * (exp_n - 14)


_SCI_RE = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


def normalize_id_number(value: object) -> tuple[str, list[rules.Issue]]:
    """The ID text, or an issue when Excel stored it as a number and dropped digits."""
    if value is None:
        return "", []
    if isinstance(value, bool):
        return str(value), []
    if isinstance(value, int):
        text = str(value)
        if len(text) <= 15:
            return text, []
        info, issues = rules.check_id_number(text, dt.date.today())
        if info is not None and len(text) == 18:
            return text, [rules.Issue("id_number", "id.stored_as_number", severity="warning")]
        return text, [rules.Issue("id_number", "id.lost_digits", {"value": text})]
    if isinstance(value, float):
        if value.is_integer() and 0 < value < 1e15:
            return str(int(value)), []
        shown = as_excel_shows(value)
        return shown, [rules.Issue("id_number", "id.lost_digits", {"value": shown})]
    text = _unwrap(unicodedata.normalize("NFKC", str(value))).replace(" ", "")
    if _SCI_RE.match(text):
        return text, [rules.Issue("id_number", "id.lost_digits", {"value": text})]
    if re.fullmatch(r"\d{18}\.0+", text):
        text = text.split(".")[0]
    return text, []


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_MONTH_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月?$"),
    re.compile(r"^(\d{4})(\d{2})$"),
)


def normalize_date(value: object, fld: str) -> tuple[str | dt.date | tuple[int, int] | None,
                                                      list[rules.Issue]]:
    """A date cell in any of the forms offices use: 2026-11-28, 2026/11/28, 2026.11.28,
    2026年11月28日, 20261128, an Excel date cell or serial number. Returns an ISO
    date string, a (year, month) pair for 1990年3月, None for blank, or an issue."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, []
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), []
    if isinstance(value, dt.date):
        return value.isoformat(), []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, int) or value.is_integer():
            n = int(value)
            if 10_000_000 <= n <= 99_991_231:
                value = str(n)          # 20261128 typed as a number
            elif 1 <= n <= 109_574:     # an Excel serial (up to 2199-12-31)
                got = serial_to_datetime(float(n), False)
                return (got.date().isoformat(), []) if got else (
                    None, [rules.Issue(fld, "date.unrecognised", {"value": str(value)})])
            elif 190_001 <= n <= 299_912:
                value = str(n)          # 199003: year and month
        if not isinstance(value, str):
            return None, [rules.Issue(fld, "date.unrecognised", {"value": cell_text(value)})]
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value)).strip())
    compact = text.replace(" ", "") if "年" in text else text
    for pat in _DATE_PATTERNS:
        m = pat.match(compact)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat(), []
            except ValueError:
                return None, [rules.Issue(fld, "date.unrecognised", {"value": text})]
    for pat in _MONTH_PATTERNS:
        m = pat.match(compact)
        if m and 1 <= int(m.group(2)) <= 12:
            return (int(m.group(1)), int(m.group(2))), []
    return None, [rules.Issue(fld, "date.unrecognised", {"value": text})]


def _choice_lookup(table: Mapping[str, d.Choice], extra: Mapping[str, str | None] = ()
                   ) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for code, choice in table.items():
        for key in (code, choice.zh, choice.en):
            out[fold(key)] = code
    for key, code in dict(extra).items():
        out[fold(key)] = code
    return out


def _ethnicity_extra() -> dict[str, str]:
    out = {}
    for code, ch in d.ETHNICITIES.items():
        if ch.zh.endswith("族") and len(ch.zh) > 1:
            out[ch.zh[:-1]] = code
        out[str(int(code))] = code
    return out


# 子女 says child without saying son or daughter: the plan makes it one of them by the
# person's gender (``child_relation``), which the ID number gives.
CHILD = "child"


def child_relation(gender: str | None) -> str | None:
    """子女 as the relation the domain knows: son or daughter by gender (None: unknown)."""
    return {"M": "son", "F": "daughter"}.get(gender or "")


CHOICES: dict[str, dict[str, str | None]] = {
    "id_type": _choice_lookup(d.ID_TYPES, {
        "身份证": "resident_id", "二代身份证": "resident_id", "居民身份证号": "resident_id",
        "港澳通行证": "hk_macao", "回乡证": "hk_macao", "台胞证": "taiwan",
        "外国人永久居留证": "foreign_pr", "永居证": "foreign_pr"}),
    "gender": _choice_lookup(d.GENDERS, {"男性": "M", "女性": "F", "1": "M", "2": "F"}),
    "ethnicity": _choice_lookup(d.ETHNICITIES, _ethnicity_extra()),
    "residence_type": _choice_lookup(d.RESIDENCE_TYPES, {
        "户籍人口": "registered", "本地户籍": "registered", "本地": "registered",
        "户籍居民": "registered", "常住户籍": "registered",
        "流动人口": "floating", "流动人员": "floating", "外来人员": "floating",
        "暂住人员": "floating", "外来人口": "floating", "暂住人口": "floating", "暂住": "floating",
        "外来": "floating", "流入人口": "floating",
        "人户分离人口": "separated", "户在人不在": "separated",
        "境外人员": "foreign", "境外人口": "foreign", "外籍": "foreign", "外籍人员": "foreign",
        "外国人": "foreign"}),
    "relation": _choice_lookup(d.RELATIONS, {
        "户主": "self", "妻": "spouse", "妻子": "spouse", "夫": "spouse", "丈夫": "spouse",
        "爱人": "spouse", "老伴": "spouse",
        "儿子": "son", "长子": "son", "次子": "son", "三子": "son", "独生子": "son", "养子": "son",
        "继子": "son", "子女": CHILD, "孩子": CHILD,
        "女儿": "daughter", "长女": "daughter", "次女": "daughter",
        "三女": "daughter", "独生女": "daughter", "养女": "daughter", "继女": "daughter",
        "父": "parent", "母": "parent", "父亲": "parent", "母亲": "parent", "公公": "parent",
        "婆婆": "parent", "岳父": "parent", "岳母": "parent",
        "孙子": "grandchild", "孙女": "grandchild", "外孙": "grandchild",
        "外孙子": "grandchild", "外孙女": "grandchild",
        "兄": "sibling", "弟": "sibling", "姐": "sibling", "妹": "sibling", "哥哥": "sibling",
        "弟弟": "sibling", "姐姐": "sibling", "妹妹": "sibling",
        "儿媳": "other", "女婿": "other", "祖父": "other", "祖母": "other", "外祖父": "other",
        "外祖母": "other", "侄子": "other", "侄女": "other", "外甥": "other",
        "外甥女": "other", "非亲属": "other", "租客": "other", "租户": "other", "保姆": "other"}),
    "political_status": _choice_lookup(d.POLITICAL_STATUS, {
        "党员": "01", "共产党员": "01", "预备党员": "02", "团员": "03",
        "民革党员": "04", "民盟盟员": "04", "民建会员": "04", "民进会员": "04",
        "农工党党员": "04", "致公党党员": "04", "九三学社社员": "04", "台盟盟员": "04"}),
    "education": _choice_lookup(d.EDUCATION, {
        "博士": "postgraduate", "硕士": "postgraduate", "博士研究生": "postgraduate",
        "硕士研究生": "postgraduate", "本科": "bachelor", "大专": "college", "专科": "college",
        "高中": "senior", "中专": "senior", "职高": "senior", "技校": "senior",
        "文盲": "none", "半文盲": "none", "不识字": "none", "学龄前": None}),
    "marital_status": _choice_lookup(d.MARITAL_STATUS, {
        "初婚": "20", "再婚": "20", "复婚": "20", "有配偶": "20", "离异": "40"}),
    "status": _choice_lookup(d.RESIDENT_STATUS, {
        "正常": "living", "在册": "living", "已迁出": "moved_out", "已故": "deceased",
        "去世": "deceased", "已死亡": "deceased"}),
    "household_kind": _choice_lookup(d.HOUSEHOLD_KINDS, {
        "户籍": "registered", "流动": "floating", "出租": "rental", "租住": "rental",
        "租户": "rental"}),
}
BOOLEANS = {fold(k): v for k, v in {
    "是": True, "否": False, "y": True, "n": False, "yes": True, "no": False, "√": True,
    "✓": True, "×": False, "1": True, "0": False, "true": True, "false": False, "有": True,
    "无": False}.items()}
CHOICE_TABLES: dict[str, Mapping[str, d.Choice]] = {
    "id_type": d.ID_TYPES, "gender": d.GENDERS, "ethnicity": d.ETHNICITIES,
    "residence_type": d.RESIDENCE_TYPES, "relation": d.RELATIONS,
    "political_status": d.POLITICAL_STATUS, "education": d.EDUCATION,
    "marital_status": d.MARITAL_STATUS, "status": d.RESIDENT_STATUS,
    "household_kind": d.HOUSEHOLD_KINDS,
}

_CJK_RE = re.compile(r"^[\u3400-\u9fff\U00020000-\U0003134f\uf900-\ufaff·•]+$")


def normalize_name(value: object) -> str:
    """Names padded for alignment ('张  三', full-width spaces) lose the padding;
    anything else is kept as typed."""
    text = cell_text(value)
    if not text:
        return ""
    squeezed = re.sub(r"\s+", "", text)
    if squeezed != text and _CJK_RE.match(squeezed):
        return squeezed
    return text


def normalize_phone_cell(value: object) -> tuple[str, list[rules.Issue]]:
    """A phone cell as text; a landline that lost its leading 0 to a number cell gets
    it back (with a warning)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = cell_text(value)
        # a landline typed as a number lost its leading 0 (3716555123 → 0371…)
        if not rules.MOBILE_RE.match(text) and rules.LANDLINE_RE.match("0" + text):
            return "0" + text, [rules.Issue("phone", "phone.zero_restored",
                                            {"value": "0" + text}, "warning")]
        return text, []
    return _unwrap(cell_text(value)), []


def choice(key: str, text: str) -> tuple[str | None, rules.Issue | None]:
    """The code a cell names in the code list of field ``key`` (None: blank in the
    list, e.g. 学龄前), or an issue when the list has no such value."""
    table = CHOICES[key]
    folded = fold(text)
    if folded in table:
        return table[folded], None
    return None, rules.Issue(key, "choice.unknown", {"value": text})
