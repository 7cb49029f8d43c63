"""Roster validation rules as pure functions (domain.md §3–§4).

Shared by the desktop and the server. Rules return ``Issue`` values carrying a
stable code and parameters, not text: each side words the message in its own
language (the desktop in ``app/ui/common/messages.py`` through ``tr()``).
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Mapping

from app.models.domain import choices as d

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


@dataclass(frozen=True)
class Issue:
    field: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    severity: str = "error"  # 'error' blocks saving; 'warning' is shown but allows it

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class IdInfo:
    number: str                 # normalized (upper-case X)
    birth_date: dt.date | None
    gender: str | None          # 'M' / 'F'
    legacy: bool = False


def id_check_char(first17: str) -> str:
    total = sum(map(operator.mul, map(int, first17), ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


# a roster holds a few tens of thousands of distinct birth dates and asks for each many
# times (the server's import of a city: millions of calls); strptime is slow
@functools.lru_cache(maxsize=1 << 16)
def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        return None


def normalize_text(value: object) -> str:
    """Trim and fold full-width ASCII (common from Chinese IMEs) to half-width."""
    if value is None:
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()


# Full-width letters and digits (and the ideographic space) as a Chinese IME types
# them; full-width punctuation (，。；：（）) is not among them
_FULLWIDTH_ALNUM = {**{c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A),
                                               (0xFF41, 0xFF5A)) for c in range(r[0], r[1] + 1)},
                    0x3000: 0x20}


def normalize_free_text(value: object) -> str:
    """Free text a person wrote (a title, an address, a name, an occupation): trimmed,
    full-width letters and digits made half-width ("３号楼" is "3号楼" to search and
    sort), and everything else kept as typed. Chinese punctuation is part of the text:
    NFKC (``normalize_text``, for codes, ID numbers, phones and dates) turned
    "楼道堆放杂物，消防通道被堵" into "楼道堆放杂物,消防通道被堵"."""
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).translate(_FULLWIDTH_ALNUM).strip()


# C0/C1 control characters (NUL included) other than tab and line breaks
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_query_text(value: object) -> str:
    """What was typed into a search or filter box, safe to hand to SQLite, FTS5 or a
    URL: NUL and other control characters dropped, line breaks and tabs made spaces,
    surrogate pairs joined into their character and lone surrogates (text pasted
    from a broken source, "\\ud800") dropped, then ``normalize_text``. Stored values
    are never cleaned this way: text is stored exactly as typed (quality.md)."""
    if value is None:
        return ""
    text = str(value)
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = _CONTROL_RE.sub("", text.replace("\ufffd", ""))
    text = re.sub(r"[\t\r\n\u2028\u2029]", " ", text)
    return normalize_text(text)


# Zero-width and bidi control characters: invisible on screen, so one pasted inside an
# ID number ("4101\u200b05…", a number wrapped in U+202D…U+202C by a web page) made it
# "19 characters long" to a clerk who sees 18. Removed from ID numbers before any
# check, with a note (``id.invisible_removed``); names and other text keep them.
INVISIBLE_RE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_id_text(value: object) -> tuple[str, bool]:
    """ID number text as it is checked and stored: invisible characters removed,
    full-width folded (``normalize_text``), spaces dropped, upper case. Returns the
    text and whether invisible characters were removed."""
    text = "" if value is None else str(value)
    visible = INVISIBLE_RE.sub("", text)
    return normalize_text(visible).replace(" ", "").upper(), visible != text


def upgrade_legacy_id(number15: str) -> str:
    """The 18-digit form of a 15-digit ID (GB 11643: the century 19 inserted after the
    6-digit area code, the check character computed). No checks: see check_id_number."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + id_check_char(first17)


def _valid_legacy(number: str) -> bool:
    return len(number) == 15 and number.isdigit() and _parse_date("19" + number[6:12]) is not None


def _valid_current(number: str) -> bool:
    return (len(number) == 18 and number[:17].isdigit()
            and (number[17].isdigit() or number[17] == "X")
            and _parse_date(number[6:14]) is not None and number[17] == id_check_char(number[:17]))


def canonical_id_number(value: object) -> str | None:
    """The one identity of a resident ID: the 18-digit form of a well-formed 15- or
    18-digit number (invisible characters and spaces removed, X upper-case), else None.
    A 15-digit legacy ID and its 18-digit form are the same person everywhere (domain.md
    §3): the roster stores and compares this form. (Whether the birth date may be in
    the future is ``check_id_number``'s to judge.)"""
    number, _ = clean_id_text(value)
    if _valid_legacy(number):
        return upgrade_legacy_id(number)
    return number if _valid_current(number) else None


def legacy_id_form(value: object) -> str | None:
    """The 15-digit form of a resident ID born in the 1900s (the inverse of the
    upgrade), else None: a stored 15-digit row is the same person."""
    number = canonical_id_number(value)
    if number is None or number[6:8] != "19":
        return None
    return number[:6] + number[8:17]


def id_number_forms(value: object) -> tuple[str, ...]:
    """Every stored form of the person a resident ID names (canonical first, then the
    15-digit one), for lookups in rows that may still hold the legacy form; () when
    it is not a well-formed resident ID."""
    number = canonical_id_number(value)
    if number is None:
        return ()
    legacy = legacy_id_form(number)
    return (number, legacy) if legacy else (number,)


def legacy_id_history(typed: object) -> dict | None:
    """What a record's history (its audit record) keeps when a typed 15-digit legacy ID
    is stored upgraded: the original, masked as every number in the log is (the audit
    log is read by auditors without roster access). Nothing is lost: the full original
    is the stored number without its century and check character (``legacy_id_form``).
    None when ``typed`` is not a legacy ID."""
    number, _ = clean_id_text(typed)
    if not _valid_legacy(number):
        return None
    return {"legacy_id_number": mask_id(number)}


def stored_id_number(value: object, id_type: str | None = "resident_id") -> str | None:
    """An ID number as the roster stores it (desktop and server alike): a resident ID in
    its canonical 18-digit form when well formed, any other ID's cleaned text."""
    text, _ = clean_id_text(value)
    if not text:
        return None
    if (id_type or "resident_id") == "resident_id":
        return canonical_id_number(text) or text
    return text


def check_id_number(value: str, today: dt.date, fld: str = "id_number"
                    ) -> tuple[IdInfo | None, list[Issue]]:
    """GB 11643-1999 resident ID. Returns the parsed info (None if invalid) and issues.
    A valid 15-digit legacy ID comes back upgraded to its 18-digit form (legacy=True)."""
    number, invisible = clean_id_text(value)
    issues: list[Issue] = []
    if invisible:
        issues.append(Issue(fld, "id.invisible_removed", severity="warning"))
    if not number:
        return None, issues + [Issue(fld, "required")]
    if len(number) == 15:
        if not number.isdigit():
            return None, issues + [Issue(fld, "id.chars")]
        birth = _parse_date("19" + number[6:12])
        if birth is None:
            return None, issues + [Issue(fld, "id.date_invalid")]
        gender = "M" if int(number[14]) % 2 else "F"
        issues.append(Issue(fld, "id.legacy", severity="warning"))
        if number[:2] not in d.PROVINCE_CODES:
            issues.append(Issue(fld, "id.area_unknown", {"area": number[:6]}, "warning"))
        return IdInfo(upgrade_legacy_id(number), birth, gender, legacy=True), issues
    if len(number) != 18:
        return None, issues + [Issue(fld, "id.length", {"length": len(number)})]
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        return None, issues + [Issue(fld, "id.chars")]
    birth = _parse_date(number[6:14])
    if birth is None:
        return None, issues + [Issue(fld, "id.date_invalid", {"date": number[6:14]})]
    if birth > today:
        return None, issues + [Issue(fld, "id.date_future", {"date": birth.isoformat()})]
    if birth.year < 1850:
        return None, issues + [Issue(fld, "id.date_invalid", {"date": number[6:14]})]
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return None, issues + [Issue(fld, "id.checksum")]
    if number[:2] not in d.PROVINCE_CODES:
        issues.append(Issue(fld, "id.area_unknown", {"area": number[:6]}, "warning"))
    gender = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number, birth, gender), issues


def normalize_phone(value: str) -> str:
    """A phone as stored: no spaces or brackets; the country code (+86, 0086: '+86-138…',
    '+86 138 0013 8010') dropped, a landline after it getting its trunk 0 back; a
    mobile's dashes dropped."""
    text = normalize_text(value)
    text = re.sub(r"[\s()（）]", "", text)
    m = re.match(r"^(?:\+86|0086)-?(?=\d)", text)
    if m:
        text = text[m.end():]
        if text[:1] not in ("1", "0"):
            text = "0" + text                       # +86 371 6555 1234 is 0371…
    if re.fullmatch(r"1[\d-]+", text):
        text = text.replace("-", "")
    return text


def check_phone(value: str, fld: str = "phone") -> list[Issue]:
    text = normalize_phone(value)
    if not text:
        return []
    if MOBILE_RE.match(text) or LANDLINE_RE.match(text):
        return []
    return [Issue(fld, "phone.invalid")]


def check_date(value: str, fld: str, today: dt.date, *, allow_future: bool = False
               ) -> tuple[dt.date | None, list[Issue]]:
    text = normalize_text(value)
    if not text:
        return None, []
    try:
        parsed = dt.date.fromisoformat(text)
    except ValueError:
        return None, [Issue(fld, "date.invalid")]
    if not allow_future and parsed > today:
        return None, [Issue(fld, "date.future")]
    return parsed, []


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def check_month_or_date(value: str, fld: str, today: dt.date) -> tuple[str | None, list[Issue]]:
    """A date where a month alone means something (moved in 2019-05: offices often know
    no more): an ISO date or YYYY-MM, returned as that text; not in the future."""
    text = normalize_text(value)
    m = MONTH_RE.match(text)
    if m is None:
        day, issues = check_date(text, fld, today)
        return (day.isoformat() if day else None), issues
    year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and year >= 1):
        return None, [Issue(fld, "date.invalid")]
    if (year, month) > (today.year, today.month):
        return None, [Issue(fld, "date.future")]
    return text, []


def mask_id(number: str | None) -> str:
    if not number:
        return ""
    if len(number) <= 8:
        return number[:2] + "*" * max(0, len(number) - 2)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    if MOBILE_RE.match(phone):
        return phone[:3] + "****" + phone[-4:]
    return phone[:-4].rstrip("0123456789") + "****" + phone[-4:] if len(phone) > 4 else phone


# ID numbers and phones inside free text (a log line, an audit reason, a file name),
# also as people write them: with spaces or dashes between any digits
# ("4101 0519 4912 3100 2X", "138-0013-8000", "+86 138 0013 8000", "(0371)6550 1234"),
# and the 15-digit IDs issued before 1999. Never inside a longer number or a word.
_SEP = r"[ \-\u00a0\u2013\u2014]?"
_START, _END = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"
# full-width digits, X, space, hyphen and brackets from a Chinese IME read as ASCII
_FULL_WIDTH = {**{0xFF10 + i: str(i) for i in range(10)}, 0xFF38: "X", 0xFF58: "x",
               0x3000: " ", 0xFF0D: "-", 0xFF08: "(", 0xFF09: ")", 0xFF0B: "+"}
ID_IN_TEXT_RE = re.compile(
    rf"{_START}(?:\d(?:{_SEP}\d){{16}}{_SEP}[0-9Xx]|\d(?:{_SEP}\d){{14}}){_END}")
PHONE_IN_TEXT_RE = re.compile(
    rf"{_START}(?:(?:\(?(?:\+|00)?86\)?{_SEP})?1[3-9](?:{_SEP}\d){{9}}"
    rf"|\(?0\d{{2,3}}\)?{_SEP}\d(?:{_SEP}\d){{6,7}}){_END}")
_SEPARATORS = re.compile(r"[ \-\u00a0\u2013\u2014()]")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text)


def _legacy_birth(digits: str) -> bool:
    """Whether a 15-digit number carries a birth date (YYMMDD after the 6-digit area
    code) as a pre-1999 ID does; org codes mostly don't (street 003 + community 001
    reads as month 30), and where one happens to, it is masked: the safe side."""
    month, day = int(digits[8:10]), int(digits[10:12])
    return 1 <= month <= 12 and 1 <= day <= 31


def redact_numbers(text: str, id_mark: str | None = None, phone_mark: str | None = None) -> str:
    """``text`` with every ID number and phone number in it replaced: by the marks when
    given (the log scrubber's ``<id>``/``<phone>``), else by the masked form shown on
    screen (``4101**********002X``, ``138****8000``) so a reader still tells them apart."""
    def id_sub(m: re.Match) -> str:
        digits = _compact(m.group()).upper()
        if len(digits) == 15 and not _legacy_birth(digits):
            return m.group()    # an org code (grid 410105003001001), not a pre-1999 ID
        return id_mark if id_mark is not None else mask_id(digits)

    def phone_sub(m: re.Match) -> str:
        if phone_mark is not None:
            return phone_mark
        digits = _compact(m.group()).lstrip("+")
        if len(digits) > 11 and digits[-11] == "1":
            digits = digits[-11:]          # +86 / 0086 prefix
        return mask_phone(digits)
    # invisible characters (a zero-width space pasted inside a number) would split a
    # number into parts none of which looks like one: gone before matching
    text = INVISIBLE_RE.sub("", text)
    # numbers are found in a folded copy (full-width digits, "（0371）"), one character
    # for one, and replaced in the text itself: the rest keeps its full-width
    # punctuation ("保安（夜班），…" stays as written)
    folded = text.translate(_FULL_WIDTH)
    spans = [(m.start(), m.end(), id_sub(m)) for m in ID_IN_TEXT_RE.finditer(folded)]
    for m in PHONE_IN_TEXT_RE.finditer(folded):
        if not any(a < m.end() and m.start() < b for a, b, _ in spans):
            spans.append((m.start(), m.end(), phone_sub(m)))
    out, at = [], 0
    for a, b, words in sorted(spans):
        out += [text[at:a], words]
        at = b
    out.append(text[at:])
    return "".join(out)


CHOICE_FIELDS: dict[str, Mapping[str, d.Choice]] = {
    "id_type": d.ID_TYPES,
    "gender": d.GENDERS,
    "ethnicity": d.ETHNICITIES,
    "residence_type": d.RESIDENCE_TYPES,
    "political_status": d.POLITICAL_STATUS,
    "education": d.EDUCATION,
    "marital_status": d.MARITAL_STATUS,
    "status": d.RESIDENT_STATUS,
    "relation": d.RELATIONS,
}

TEXT_FIELDS = ("name", "occupation", "work_unit", "registered_address", "notes",
               "party_member_unit")
MAX_LEN = {"name": 50, "occupation": 50, "work_unit": 100, "registered_address": 200,
           "notes": 2000, "party_member_unit": 100}


def validate_resident(values: Mapping[str, object], today: dt.date, *,
                      duplicate_of: Callable[[str], str | None] | None = None,
                      ) -> tuple[dict, list[Issue]]:
    """Check a resident's fields; return the normalized values and every issue.

    ``duplicate_of(id_number)`` returns the name of another resident in the
    scope holding that ID number, or None.
    """
    out: dict = {}
    issues: list[Issue] = []

    for name in TEXT_FIELDS:
        if name in values:
            text = normalize_free_text(values[name]) if name != "notes" else str(values[name] or "")
            if len(text) > MAX_LEN[name]:
                issues.append(Issue(name, "text.too_long", {"max": MAX_LEN[name]}))
            out[name] = text or None
    if not out.get("name"):
        issues.append(Issue("name", "required"))

    for name, table in CHOICE_FIELDS.items():
        if name in values:
            code = normalize_text(values[name]) or None
            if code is not None and code not in table:
                issues.append(Issue(name, "choice.invalid", {"value": code}))
            out[name] = code
    out.setdefault("id_type", "resident_id")
    if not out.get("residence_type"):
        issues.append(Issue("residence_type", "required"))
    out["status"] = out.get("status") or "living"

    id_number, invisible = clean_id_text(values.get("id_number"))
    # A typed birth date is checked on its own even when the ID number is wrong.
    typed_birth = normalize_text(values.get("birth_date"))
    typed_birth_date, b_issues = check_date(typed_birth, "birth_date", today)
    issues += b_issues
    if invisible:       # check_id_number below sees the cleaned text: noted here
        issues.append(Issue("id_number", "id.invisible_removed", severity="warning"))
    if out["id_type"] == "resident_id":
        info, id_issues = check_id_number(id_number, today)
        issues += id_issues
        if info:
            out["id_number"] = info.number
            typed_gender = out.get("gender")
            if typed_gender and typed_gender != info.gender:
                issues.append(Issue("gender", "id.gender_mismatch", {"expected": info.gender}))
            out["gender"] = out.get("gender") or info.gender
            if typed_birth and typed_birth_date and typed_birth_date != info.birth_date:
                issues.append(Issue("birth_date", "id.birth_mismatch",
                                    {"expected": info.birth_date.isoformat()}))
            out["birth_date"] = info.birth_date.isoformat()
        else:
            out["id_number"] = id_number or None
    else:
        if not id_number:
            issues.append(Issue("id_number", "required"))
        elif len(id_number) > 30:
            issues.append(Issue("id_number", "text.too_long", {"max": 30}))
        out["id_number"] = id_number or None
        out["birth_date"] = typed_birth_date.isoformat() if typed_birth_date else None

    if duplicate_of and out.get("id_number") and not any(
            i.field == "id_number" and i.is_error for i in issues):
        other = duplicate_of(out["id_number"])
        if other:
            issues.append(Issue("id_number", "id.duplicate", {"other": other}))

    if "phone" in values:
        issues += check_phone(str(values.get("phone") or ""))
        out["phone"] = normalize_phone(str(values.get("phone") or "")) or None

    if "moved_in_date" in values:
        moved, m_issues = check_month_or_date(values.get("moved_in_date") or "", "moved_in_date",
                                              today)
        issues += m_issues
        out["moved_in_date"] = moved

    if "in_service_party_member" in values:
        out["in_service_party_member"] = 1 if values["in_service_party_member"] else 0
    return out, issues


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.is_error]


def password_problems(password: str, username: str = "") -> list[str]:
    """Password rules (等保 2.0): at least 8 characters, letters and digits, not the
    user name. Returns rule codes the UI words; empty when the password is fine."""
    out = []
    if len(password) < 8:
        out.append("too_short")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        out.append("letters_and_digits")
    if username and username.lower() in password.lower():
        out.append("contains_username")
    return out


# ---------------------------------------------------------------- coordinates

def check_coordinates(lon: object, lat: object, fld: str = "lon"
                      ) -> tuple[tuple[float, float] | None, list[Issue]]:
    """A WGS 84 position (longitude, latitude): both given or neither, each a finite
    number, longitude in [-180, 180] and latitude in [-90, 90]. Returns the floats
    (None when neither is given) and the issues. Desktop and server call this one
    function: JSON may carry ``Infinity``/``NaN`` or 1e999, a form a typed "inf";
    a bool is not a number here even though Python says it is."""
    if lon is None and lat is None:
        return None, []
    if lon is None or lat is None:
        return None, [Issue("lon" if lon is None else "lat", "required")]
    invalid = (None, [Issue(fld, "location.invalid")])
    values = []
    for value in (lon, lat):
        if isinstance(value, bool):
            return invalid
        if isinstance(value, str):
            value = normalize_text(value)
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            return invalid
        if not math.isfinite(number):
            return invalid
        values.append(number)
    lon_f, lat_f = values
    if not (-180.0 <= lon_f <= 180.0 and -90.0 <= lat_f <= 90.0):
        return invalid
    return (lon_f, lat_f), []


def valid_coordinates(lon: object, lat: object) -> bool:
    """True for a usable position (see ``check_coordinates``); False also when absent."""
    return check_coordinates(lon, lat)[0] is not None
