"""The demo street's people (app/models/demo/street.py): one seeded generator
(``Maker``) draws ids, names, resident ID numbers, mobile numbers and estate names;
``household_plan`` draws who lives together. Deterministic: the same seed gives
the same draws in the same order."""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import itertools
import uuid
from typing import Callable

from app.models.demo.words import (
    ESTATE_EMPLOYERS, ESTATE_PREFIXES, ESTATE_ROADS, ESTATE_SUFFIXES, ETHNICITY, GIVEN_CHARS,
    GIVEN_WHOLE, HOMETOWN_AREAS, MOBILE_PREFIXES, OCCUPATIONS, RARE_GIVEN, SURNAMES,
    ZHENGZHOU_AREAS)


def cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + digits[rest] if rest < 10 else
                   ("一" + cn_number(rest) if rest < 20 else cn_number(rest)))


class Weighted:
    """Weighted choice by bisect over cumulative weights: one random() per pick."""

    def __init__(self, items):
        self.values = [v for v, _ in items]
        self.cum = list(itertools.accumulate(w for _, w in items))
        self.total = self.cum[-1]

    def pick(self, rnd: Callable[[], float]):
        return self.values[bisect.bisect_right(self.cum, rnd() * self.total)]


class Maker:
    """The generator state: one seeded Random drives every choice in a fixed order."""

    def __init__(self, rng, today: dt.date, stamp: str):
        self.rng = rng
        self.today = today
        self.today_ord = today.toordinal()
        self.stamp = stamp
        self.rnd = rng.random
        # ids: UUIDv7 layout, timestamp fixed per run, counter in insertion order
        base = dt.datetime.combine(today - dt.timedelta(days=400), dt.time(),
                                   tzinfo=dt.timezone.utc)
        self._id_ms = int(base.timestamp() * 1000) + rng.randrange(86_400_000)
        self._id_n = 0
        self.surnames = Weighted(SURNAMES)
        self.given_whole = {k: v.split() for k, v in GIVEN_WHOLE.items()}
        self.zz_areas = Weighted([((c, p), w) for c, p, w in ZHENGZHOU_AREAS])
        self.home_areas = Weighted([((c, p), w) for c, p, w in HOMETOWN_AREAS])
        self.ethnicity = Weighted(ETHNICITY)
        self.occupations = Weighted(OCCUPATIONS)
        self._issued: set[int] = set()
        self._estate_names: set[str] = set()
        self._date_cache: dict[int, str] = {}

    # -- small makers --------------------------------------------------------
    def new_id(self) -> str:
        n = self._id_n
        self._id_n = n + 1
        value = (((self._id_ms + (n >> 12)) << 80) | (0x7 << 76) | ((n & 0xFFF) << 64)
                 | (0b10 << 62) | self.rng.getrandbits(62))
        h = "%032x" % value
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def new_tag_id(self) -> str:
        """A tag's id: random-looking (UUIDv4 shape, no time order, as the desktop and
        the server want for tags), still the same for the same seed."""
        digest = hashlib.sha256(self.new_id().encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))

    def iso(self, ordinal: int) -> str:
        s = self._date_cache.get(ordinal)
        if s is None:
            s = self._date_cache[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return s

    def name(self, gender: str, birth_year: int, surname: str | None = None) -> str:
        r = self.rnd()
        surname = surname or self.surnames.pick(self.rnd)
        if r < 0.0015:
            return surname + self.rng.choice(RARE_GIVEN)
        cohort = (0 if birth_year < 1965 else 1 if birth_year < 1990 else
                  2 if birth_year < 2008 else 3)
        if r < (0.85 if cohort == 0 else 0.55):     # older people: the names of their time
            whole = self.given_whole[(gender, cohort)]
            return surname + whole[int(self.rnd() * len(whole))]
        chars = GIVEN_CHARS[gender]
        n = len(chars)
        if r < (0.9 if cohort == 0 else 0.66):
            return surname + chars[int(self.rnd() * n)]
        return surname + chars[int(self.rnd() * n)] + chars[int(self.rnd() * n)]

    def id_number(self, area: str, birth: str, gender: str) -> str:
        ymd = birth.replace("-", "")
        issued = self._issued
        rand = self.rng.randrange
        while True:                 # ID numbers are unique: draw again on a clash
            seq = rand(500) * 2 + (1 if gender == "M" else 0)
            first = f"{area}{ymd}{seq:03d}"
            key = int(first)        # an int is half the memory of the string at 1M
            if key not in issued:
                issued.add(key)
                break
        return first + check_char(first)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + "%08d" % self.rng.randrange(100_000_000)

    def estate_name(self) -> tuple[str, bool]:
        """A unique estate name; True when it is an old work-unit courtyard (低层)."""
        rng = self.rng
        for _ in range(50):
            r = rng.random()
            if r < 0.62:
                name, old = rng.choice(ESTATE_PREFIXES) + rng.choice(ESTATE_SUFFIXES), False
            elif r < 0.82:
                name, old = rng.choice(ESTATE_EMPLOYERS) + "家属院", True
            else:
                name, old = f"{rng.choice(ESTATE_ROADS)}{rng.randint(1, 199)}号院", True
            if name not in self._estate_names:
                break
        else:
            name = f"{rng.choice(ESTATE_PREFIXES)}{len(self._estate_names) + 1}号小区"
            old = False
        self._estate_names.add(name)
        return name, old


def check_char(first17: str) -> str:
    # Same as rules.id_check_char, unrolled: it runs once per resident.
    d = [ord(c) - 48 for c in first17]
    total = (7 * d[0] + 9 * d[1] + 10 * d[2] + 5 * d[3] + 8 * d[4] + 4 * d[5] + 2 * d[6]
             + d[7] + 6 * d[8] + 3 * d[9] + 7 * d[10] + 9 * d[11] + 10 * d[12] + 5 * d[13]
             + 8 * d[14] + 4 * d[15] + 2 * d[16])
    return "10X98765432"[total % 11]


# ------------------------------------------------------------------- households

def household_plan(rnd, randint, kind: str) -> tuple[str, list[tuple[str, str, int]]]:
    """(pattern, [(relation, gender, age)…]) with the head first."""
    def child_rel(g):
        return "son" if g == "M" else "daughter"

    def g():
        return "M" if rnd() < 0.51 else "F"

    r = rnd()
    if kind != "registered":            # tenants and floating families: younger, smaller
        if r < 0.34:
            return "single", [("self", g(), randint(19, 45))]
        if r < 0.58:
            a = randint(22, 45)
            return "couple", [("self", "M", a), ("spouse", "F", max(20, a - randint(0, 4)))]
        if r < 0.86:
            a = randint(26, 48)
            members = [("self", "M", a), ("spouse", "F", max(21, a - randint(0, 4)))]
            for _ in range(1 if rnd() < 0.6 else 2):
                cg = g()
                members.append((child_rel(cg), cg, randint(0, min(16, a - 22))))
            return "family", members
        members = [("self", g(), randint(20, 35))]
        for _ in range(randint(1, 3)):
            members.append(("sibling" if rnd() < 0.3 else "other", g(), randint(19, 35)))
        return "shared", members

    if r < 0.07:
        return "single_elderly", [("self", "F" if rnd() < 0.68 else "M", randint(65, 96))]
    if r < 0.20:
        a = randint(60, 92)
        return "elderly_couple", [("self", "M", a), ("spouse", "F", max(58, a - randint(0, 5)))]
    if r < 0.27:
        return "single", [("self", g(), randint(22, 59))]
    if r < 0.36:
        a = randint(24, 58)
        return "couple", [("self", "M", a), ("spouse", "F", max(22, a - randint(0, 4)))]
    if r < 0.73:
        a = randint(28, 52)
        members = [("self", "M" if rnd() < 0.8 else "F", a)]
        members.append(("spouse", "F" if members[0][1] == "M" else "M",
                        max(24, a + randint(-4, 2))))
        for _ in range(1 if r < 0.61 else 2):
            cg = g()
            members.append((child_rel(cg), cg, randint(0, min(25, a - 24))))
        return "family", members
    if r < 0.85:
        a = randint(30, 50)
        members = [("self", "M", a), ("spouse", "F", max(26, a - randint(0, 4)))]
        for _ in range(1 if rnd() < 0.6 else 2):
            cg = g()
            members.append((child_rel(cg), cg, randint(0, min(20, a - 25))))
        pa = a + randint(24, 34)
        if rnd() < 0.55 and pa <= 95:
            members.append(("parent", "M", pa))
        if pa - 2 <= 95:
            members.append(("parent", "F", max(pa - randint(0, 5), a + 20)))
        return "three_generations", members
    if r < 0.88:
        a = randint(56, 75)
        members = [("self", "M", a)]
        if rnd() < 0.8:
            members.append(("spouse", "F", max(54, a - randint(0, 4))))
        for _ in range(1 if rnd() < 0.65 else 2):
            members.append(("grandchild", g(), randint(3, 15)))
        return "grandparents", members
    if r < 0.96:
        a = randint(46, 66)
        members = [("self", "M", a), ("spouse", "F", max(44, a - randint(0, 4)))]
        for _ in range(1 if rnd() < 0.7 else 2):
            cg = g()
            members.append((child_rel(cg), cg, randint(18, min(34, a - 22))))
        return "adult_children", members
    a = randint(32, 55)
    members = [("self", "F" if rnd() < 0.7 else "M", a)]
    for _ in range(1 if rnd() < 0.75 else 2):
        cg = g()
        members.append((child_rel(cg), cg, randint(1, min(20, a - 22))))
    return "single_parent", members
