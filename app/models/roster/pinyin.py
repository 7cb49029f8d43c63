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
# Rare characters pypinyin has no reading for, as they are read in names.
CHAR_READINGS = {"𠮷": "ji", "䶮": "yan", "堃": "kun", "喆": "zhe", "昇": "sheng"}
COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒",
    "夏侯", "长孙", "宇文", "轩辕", "端木", "西门", "南宫", "独孤", "呼延",
}
_ASCII = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=None)
def char_pinyin(ch: str) -> str:
    if ch in CHAR_READINGS:
        return CHAR_READINGS[ch]
    out = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    syl = out[0].lower() if out else ""
    return syl if _ASCII.match(syl) else ""


def surname_length(name: str) -> int:
    return 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1


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
    given name (after the surname, compound surnames included), plus any Latin
    words as typed."""
    keys: list[str] = []
    latin = re.findall(r"[a-z]+", name.lower())
    keys.extend(latin)
    syls = syllables(name)
    if syls:
        keys.append("".join(s[0] for s in syls))
        keys.append("".join(syls))
        given = syls[surname_length(name):]
        if given and len(given) < len(syls):
            keys.append("".join(s[0] for s in given))
            keys.append("".join(given))
    seen, out = set(), []
    for k in keys:
        if k and k not in seen:
            seen.add(k)
            out.append(k)
    return out


_TOKENS = re.compile(r"\d+|\D")


def sort_key(text: str) -> tuple:
    """A collation key for lists shown to people: Chinese by pinyin (张 before 赵, the
    surname readings above), Latin letters case-blind, numbers by value (2号楼 before
    10号楼); the characters themselves break ties so no two texts compare equal."""
    key = []
    for i, token in enumerate(_TOKENS.findall(text)):
        if token.isdigit():
            key.append((0, int(token), token))
            continue
        syl = (SURNAME_READINGS.get(token) if i == 0 else None) or \
            (char_pinyin(token) if not token.isascii() else "")
        key.append((1, syl or token.lower(), token))
    return tuple(key)
