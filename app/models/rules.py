"""Roster validation rules as pure functions (domain.md §3–§4).

Shared by the desktop and the server. Rules return ``Issue`` values carrying a
stable code and parameters, not text: each side words the message in its own
language (the desktop in ``app/ui/messages.py`` through ``tr()``).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Mapping

from app.models import dictionaries as d

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
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


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


def check_id_number(value: str, today: dt.date, fld: str = "id_number"
                    ) -> tuple[IdInfo | None, list[Issue]]:
    """GB 11643-1999 resident ID. Returns the parsed info (None if invalid) and issues."""
    raw = normalize_text(value).replace(" ", "")
    if not raw:
        return None, [Issue(fld, "required")]
    number = raw.upper()
    issues: list[Issue] = []
    if len(number) == 15:
        if not number.isdigit():
            return None, [Issue(fld, "id.chars")]
        birth = _parse_date("19" + number[6:12])
        if birth is None:
            return None, [Issue(fld, "id.date_invalid")]
        gender = "M" if int(number[14]) % 2 else "F"
        issues.append(Issue(fld, "id.legacy", severity="warning"))
        if number[:2] not in d.PROVINCE_CODES:
            issues.append(Issue(fld, "id.area_unknown", {"area": number[:6]}, "warning"))
        return IdInfo(number, birth, gender, legacy=True), issues
    if len(number) != 18:
        return None, [Issue(fld, "id.length", {"length": len(number)})]
    if not (number[:17].isdigit() and (number[17].isdigit() or number[17] == "X")):
        return None, [Issue(fld, "id.chars")]
    birth = _parse_date(number[6:14])
    if birth is None:
        return None, [Issue(fld, "id.date_invalid", {"date": number[6:14]})]
    if birth > today:
        return None, [Issue(fld, "id.date_future", {"date": birth.isoformat()})]
    if birth.year < 1850:
        return None, [Issue(fld, "id.date_invalid", {"date": number[6:14]})]
    expected = id_check_char(number[:17])
    if number[17] != expected:
        return None, [Issue(fld, "id.checksum")]
    if number[:2] not in d.PROVINCE_CODES:
        issues.append(Issue(fld, "id.area_unknown", {"area": number[:6]}, "warning"))
    gender = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number, birth, gender), issues


def normalize_phone(value: str) -> str:
    text = normalize_text(value)
    text = re.sub(r"[\s()（）]", "", text)
    if text.startswith("+86"):
        text = text[3:]
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
            text = normalize_text(values[name]) if name != "notes" else str(values[name] or "")
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

    id_number = normalize_text(values.get("id_number")).replace(" ", "")
    # A typed birth date is checked on its own even when the ID number is wrong.
    typed_birth = normalize_text(values.get("birth_date"))
    typed_birth_date, b_issues = check_date(typed_birth, "birth_date", today)
    issues += b_issues
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
        out["id_number"] = id_number.upper() or None
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
        moved, m_issues = check_date(values.get("moved_in_date", ""), "moved_in_date", today)
        issues += m_issues
        out["moved_in_date"] = moved.isoformat() if moved else None

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
