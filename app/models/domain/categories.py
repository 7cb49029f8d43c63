"""The case category dictionary (domain.md §5): 大类 (major) › 小类 (category).

Versioned data, distributed by the server and shipped as
``resources/dictionaries/categories.json``. Codes are stable ASCII and are
what a case stores; names are labels in both languages. Each category has
its time limit (working hours or working days, counted on the work
calendar), an optional urgent override, an optional first-response limit
(私搭乱建: stop in 4 h, demolish in 20 days), its default handling
department and whether a grid worker may handle it on the spot (self_handle).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from app.paths import resource_path

UNITS = ("hours", "days")
URGENCIES = ("normal", "urgent")


def default_path() -> Path:
    return resource_path("dictionaries", "categories.json")


@dataclass(frozen=True)
class Limit:
    """A time limit: ``value`` working hours or working days."""
    value: int
    unit: str  # 'hours' | 'days'

    @classmethod
    def parse(cls, data: Mapping | None) -> "Limit | None":
        if not data:
            return None
        if len(data) != 1:
            raise ValueError(f"a limit names one unit: {dict(data)}")
        (unit, value), = data.items()
        if unit not in UNITS or not isinstance(value, int) or value <= 0:
            raise ValueError(f"bad limit {dict(data)}")
        return cls(value, unit)

    def working_hours(self, hours_per_day: float) -> float:
        return float(self.value) if self.unit == "hours" else self.value * hours_per_day

    def __str__(self) -> str:
        return f"{self.value} {'h' if self.unit == 'hours' else 'd'}"


@dataclass(frozen=True)
class Named:
    """A dictionary entry with a code, a Chinese name and an English one."""
    code: str
    name: str
    en: str = ""

    def label(self, lang: str = "zh_CN") -> str:
        return self.name if lang.startswith("zh") or not self.en else self.en


# The words by which an org unit's name shows which department it is: the dictionary
# names a kind of department (燃气, 消防救援大队), the org tree the local unit of that
# kind (郑州华润燃气金水分公司, 金水区消防救援大队). A dictionary entry may give its own
# ``aliases``; these are the shipped ones. Longer words are tried first (住房和城乡建设
# before 建设), and a unit matches one kind at most.
DEPARTMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "urban_mgmt": ("城市管理", "城管", "综合执法", "市容"),
    "housing": ("住房和城乡建设", "住建", "房管", "物业管理"),
    "market": ("市场监督管理", "市场监管"),
    "emergency": ("应急管理", "应急"),
    "fire": ("消防救援", "消防"),
    "civil_affairs": ("民政",),
    "hrss": ("人力资源和社会保障", "人社", "劳动监察", "劳动保障"),
    "justice": ("司法", "人民调解", "调解"),
    "police": ("派出所", "公安", "警务"),
    "water": ("供水", "自来水", "水务"),
    "power": ("供电", "电力"),
    "gas": ("燃气", "天然气", "煤气"),
    "service_center": ("便民服务", "党群服务", "政务服务"),
    "governance_center": ("社会治理", "综治", "网格化"),
}


@dataclass(frozen=True)
class Department(Named):
    aliases: tuple[str, ...] = ()

    def words(self) -> tuple[str, ...]:
        """The words a unit of this department has in its name, longest first."""
        found = {self.name, *self.aliases, *DEPARTMENT_ALIASES.get(self.code, ())}
        return tuple(sorted((w for w in found if w), key=len, reverse=True))


class Major(Named):
    pass


@dataclass(frozen=True)
class Category:
    code: str
    major: str              # zh name of the 大类
    major_code: str
    name: str               # zh name of the 小类
    en: str
    limit: Limit
    urgent_limit: Limit | None = None
    first_response: Limit | None = None
    department_code: str = ""
    department_name: str = ""
    self_handle: bool = False
    default_urgency: str = "normal"

    def limit_for(self, urgent: bool | str = False) -> Limit:
        """The limit that applies: the urgent override for an urgent case, if any."""
        if urgent == "urgent" or urgent is True:
            return self.urgent_limit or self.limit
        return self.limit

    @property
    def name_en(self) -> str:
        return self.en

    def label(self, lang: str = "zh_CN") -> str:
        return self.name if lang.startswith("zh") or not self.en else self.en

    name_in = label

    def full_label(self, lang: str = "zh_CN") -> str:
        return f"{self.major} / {self.name}" if lang.startswith("zh") else self.en


class Categories:
    """One loaded version of the dictionary."""

    def __init__(self, data: Mapping):
        self.version = int(data["version"])
        self._majors = {m["code"]: Major(m["code"], m["name"], m.get("en", ""))
                        for m in data.get("majors", [])}
        self._departments = {x["code"]: Department(x["code"], x["name"], x.get("en", ""),
                                                   tuple(x.get("aliases", ())))
                             for x in data.get("departments", [])}
        self._by_code: dict[str, Category] = {}
        for row in data["categories"]:
            cat = _category(row)
            if cat.code in self._by_code:
                raise ValueError(f"duplicate category code {cat.code}")
            if cat.major_code not in self._majors:
                self._majors[cat.major_code] = Major(cat.major_code, cat.major)
            if cat.department_code and cat.department_code not in self._departments:
                self._departments[cat.department_code] = Department(cat.department_code,
                                                                    cat.department_name)
            self._by_code[cat.code] = cat

    @classmethod
    def load(cls, path: Path | None = None) -> "Categories":
        with open(path or default_path(), encoding="utf-8") as fh:
            return cls(json.load(fh))

    # lookups -------------------------------------------------------------
    def get(self, code: str | None) -> Category | None:
        return self._by_code.get(code) if code else None

    def __getitem__(self, code: str) -> Category:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Category]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def all(self) -> list[Category]:
        return list(self._by_code.values())

    def codes(self) -> list[str]:
        return list(self._by_code)

    def majors(self) -> list[str]:
        """The 大类 zh names in dictionary order (see ``major_list`` for codes and en)."""
        return [m.name for m in self._majors.values()]

    def major_list(self) -> list[Major]:
        return list(self._majors.values())

    def major(self, code_or_name: str) -> Major | None:
        found = self._majors.get(code_or_name)
        if found is None:
            found = next((m for m in self._majors.values() if m.name == code_or_name), None)
        return found

    def by_major(self, major: str) -> list[Category]:
        """The 小类 of a 大类, given by its code or its zh name, in dictionary order."""
        return [c for c in self._by_code.values() if major in (c.major_code, c.major)]

    in_major = by_major

    def departments(self) -> list[Department]:
        return list(self._departments.values())

    def department(self, code: str) -> Department | None:
        return self._departments.get(code)

    def department_of_unit(self, unit_name: str) -> Department | None:
        """Which dictionary department an org unit is, by its name: the department
        whose longest word the name contains (金水区消防救援大队 → 消防救援大队)."""
        best, best_len = None, 0
        for dept in self._departments.values():
            for word in dept.words():
                if len(word) > best_len and word in (unit_name or ""):
                    best, best_len = dept, len(word)
                    break
        return best

    def responsible_units(self, category_code: str | None, units, grid_path: str = ""
                          ) -> list[dict]:
        """The department units (dicts with ``name`` and ``path``) of the category's
        handling department, nearest the case first: a unit whose parent lies above
        the case's grid (``grid_path``) before others, the deepest such parent first.
        Empty when the category names none or no unit of that kind exists: then the
        user chooses, rather than getting the first department offered."""
        cat = self.get(category_code)
        if cat is None or not cat.department_code:
            return []
        matches = [u for u in units
                   if (d := self.department_of_unit(u.get("name", ""))) is not None
                   and d.code == cat.department_code]

        def nearness(unit: dict) -> int:
            parent = (unit.get("path") or "").rstrip("/").rpartition("/")[0] + "/"
            return len(parent) if grid_path.startswith(parent) else -1
        return sorted(matches, key=nearness, reverse=True)


def _category(row: Mapping) -> Category:
    dept = row.get("department") or {}
    urgency = row.get("default_urgency", "normal")
    if urgency not in URGENCIES:
        raise ValueError(f"{row['code']}: bad default_urgency {urgency}")
    code = row["code"]
    if not (code.isascii() and code.replace("_", "").isalnum()):
        raise ValueError(f"category code must be ASCII: {code!r}")
    return Category(
        code=code, major=row["major"], major_code=row["major_code"], name=row["name"],
        en=row.get("en", ""), limit=Limit.parse(row["limit"]),
        urgent_limit=Limit.parse(row.get("urgent_limit")),
        first_response=Limit.parse(row.get("first_response")),
        department_code=dept.get("code", ""), department_name=dept.get("name", ""),
        self_handle=bool(row.get("self_handle", False)), default_urgency=urgency)


_default: Categories | None = None


def load(path: Path | None = None) -> Categories:
    """The shipped dictionary (cached), or the one at ``path``."""
    global _default
    if path is not None:
        return Categories.load(path)
    if _default is None:
        _default = Categories.load()
    return _default


def with_loaded(loaded: Mapping | None) -> Categories:
    """The categories in force, on the server and on the desktop alike: the dictionary
    the server loaded (``python -m server load-dictionary categories``) replaces the
    shipped one whole; the shipped one when nothing was loaded."""
    return Categories(loaded) if loaded is not None else load()


def version() -> int:
    return load().version


def get(code: str) -> Category | None:
    return load().get(code)


def by_major(major: str) -> list[Category]:
    return load().by_major(major)
