"""Pinyin search keys for names (张三丰 → zsf, zhangsanfeng; sf, sanfeng).

Converted per character with a cache: names are short, a handful of
characters repeat across a whole city, and per-character lookups keep a
million-resident import fast. Surnames with a special reading are fixed from a
table, since that is where per-character pinyin goes wrong most often.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surname readings that differ from the character's most common reading.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha",
    "区": "ou", "乐": "yue", "缪": "miao", "覃": "qin", "盖": "ge", "尉": "yu",
    "召": "shao", "种": "chong", "翟": "zhai", "长": "chang", "重": "chong",
    "沈": "shen", "秘": "bi", "万": "wan", "华": "hua", "任": "ren", "纪": "ji",
    "燕": "yan", "哈": "ha", "宓": "fu", "员": "yun", "薄": "bo", "折": "she",
}
_ASCII = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=None)
def char_pinyin(ch: str) -> str:
    out = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    syl = out[0].lower() if out else ""
    return syl if _ASCII.match(syl) else ""


def syllables(name: str) -> list[str]:
    result = []
    for i, ch in enumerate(name):
        if ch.isascii():
            continue
        syl = SURNAME_READINGS.get(ch) if i == 0 else None
        syl = syl or char_pinyin(ch)
        if syl:
            result.append(syl)
    return result


def name_keys(name: str) -> list[str]:
    """Search tokens: initials and full pinyin of the whole name, and of the
    given name (after a one-character surname), plus any Latin words as typed."""
    keys: list[str] = []
    latin = re.findall(r"[a-z]+", name.lower())
    keys.extend(latin)
    syls = syllables(name)
    if syls:
        keys.append("".join(s[0] for s in syls))
        keys.append("".join(syls))
        if len(syls) >= 3:
            keys.append("".join(s[0] for s in syls[1:]))
            keys.append("".join(syls[1:]))
    seen, out = set(), []
    for k in keys:
        if k and k not in seen:
            seen.add(k)
            out.append(k)
    return out
