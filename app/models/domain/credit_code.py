"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters from the 31-character set 0–9 and A–Y without I, O, S, V, Z: a
registration authority code, an organization type code, the 6-digit area code,
the 9-character organization code, and a check character over the first 17.
The check is the ID number's idea (domain.md §4) modulo 31: the i-th character's
value (its index in ``CHARSET``) is weighted by 3^i mod 31 and the check character
is ``CHARSET[(31 - sum % 31) % 31]``.

Like ``rules.check_id_number`` this returns stable issue codes (``credit.*``),
worded by each side; desktop and server call the same function. Qt-free.
"""
from __future__ import annotations

from app.models.domain import rules

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))   # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
LENGTH = 18
_VALUE = {ch: i for i, ch in enumerate(CHARSET)}


def check_char(first17: str) -> str:
    """The check character of the first 17 characters (all from ``CHARSET``)."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def clean(value: object) -> str:
    """A credit code as checked and stored: invisible characters removed, full-width
    folded, spaces dropped, upper case (what ``rules.clean_id_text`` does for IDs)."""
    return rules.clean_id_text(value)[0]


def check(value: object, fld: str = "credit_code", *, required: bool = False
          ) -> tuple[str | None, list[rules.Issue]]:
    """The code as stored (None when empty or invalid) and its issues:
    ``credit.length`` (with ``length``), ``credit.chars`` (with the first bad
    character, e.g. the letter O typed for zero) or ``credit.checksum``."""
    code = clean(value)
    if not code:
        return None, [rules.Issue(fld, "required")] if required else []
    if len(code) != LENGTH:
        return None, [rules.Issue(fld, "credit.length", {"length": len(code)})]
    bad = next((ch for ch in code if ch not in _VALUE), None)
    if bad is not None:
        return None, [rules.Issue(fld, "credit.chars", {"char": bad})]
    if code[17] != check_char(code[:17]):
        return None, [rules.Issue(fld, "credit.checksum")]
    return code, []


def is_valid(value: object) -> bool:
    return check(value)[0] is not None


def tail(value: object, n: int = 6) -> str:
    """The last ``n`` characters: what people read out to find an organization."""
    return clean(value)[-n:]
