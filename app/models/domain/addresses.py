"""Standard addresses (标准地址) in every shape they come in (domain.md §3,
docs/domain-houses.md): the kinds of address node, which kind may sit under which,
the code each node adds to its parent's, the full address in the usual order, and
the parts of an address written as text. Qt-free, standard library only.

Two shapes share one tree under a grid:

- estate (小区) › building (楼栋) › unit (单元) › room (户室): the shape GridDesk always
  had; its codes are unchanged (estate ``-`` + 3 digits, building 3, unit 2, room 4);
- road (街路巷) › door number (门牌号) › optional yard (院) › building › unit › room, and
  every shape that stops early: a 平房 "红专路12号院" with rooms but no building, a
  shop at the door number itself, a building without units.

Codes nest and stay unique: a node's code is its parent's code plus a segment. For
each parent kind exactly one child kind has an untagged, all-digit segment (the
classic shape's: estate → building, building → unit, unit → room); every other
child's segment starts with a letter naming its kind (``R`` road, ``D`` door, ``Y``
yard, ``B`` building, ``H`` room) and has a fixed width. So a code reads back
left to right in exactly one way, and "everything under X" is still a prefix
range on X's code. The letters keep a road or a tagged room from ever being a
prefix of a micro-grid code (grid + 2 digits) or of a classic sibling.
"""
from __future__ import annotations

import re

KINDS = ("estate", "building", "unit", "room", "road", "door", "yard")
TOP_KINDS = ("estate", "road")          # directly under a grid

# kind -> the kinds it may sit under (None: directly under the grid)
PARENTS: dict[str, tuple[str | None, ...]] = {
    "estate": (None,),
    "road": (None,),
    "door": ("road",),
    "yard": ("door",),
    "building": ("estate", "door", "yard"),
    "unit": ("building",),
    "room": ("unit", "building", "door", "yard"),
}
# (kind, parent kind) of the classic shape: untagged digits
CLASSIC = {("estate", None): ("-", 3), ("building", "estate"): ("", 3),
           ("unit", "building"): ("", 2), ("room", "unit"): ("", 4)}
TAGS = {"road": ("R", 3), "door": ("D", 4), "yard": ("Y", 2), "building": ("B", 3),
        "room": ("H", 4)}
LABELS = {"estate": ("小区", "Estate"), "road": ("街路巷", "Street"),
          "door": ("门牌号", "Door number"), "yard": ("院", "Yard"),
          "building": ("楼栋", "Building"), "unit": ("单元", "Unit"),
          "room": ("户室", "Room")}


def may_sit_under(kind: str, parent_kind: str | None) -> bool:
    return parent_kind in PARENTS.get(kind, ())


def segment_shape(kind: str, parent_kind: str | None) -> tuple[str, int] | None:
    """(prefix, digits) of the segment a ``kind`` node adds under ``parent_kind``,
    or None when it may not sit there."""
    if not may_sit_under(kind, parent_kind):
        return None
    return CLASSIC.get((kind, parent_kind)) or TAGS[kind]


def segment(kind: str, parent_kind: str | None, number: str) -> str | None:
    """The code segment for this level's ``number`` (digits of the level's width, e.g.
    '003' for building 3), or None when ``number`` or the place is wrong."""
    shape = segment_shape(kind, parent_kind)
    if shape is None or not (number.isdigit() and number.isascii()
                             and len(number) == shape[1]):
        return None
    return shape[0] + number


# codes written before the "-" kept estates apart from micro-grids (a version-1 desktop
# made estates as grid + 3 digits): still taken where they arrive, never made now
LEGACY = {("estate", None): ("", 3)}


def accepted_shapes(kind: str, parent_kind: str | None) -> list[tuple[str, int]]:
    """The segments a node of ``kind`` under ``parent_kind`` may carry: today's, and
    the legacy one where there is one (stored data is never made to move)."""
    shape = segment_shape(kind, parent_kind)
    if shape is None:
        return []
    return [shape] + ([LEGACY[(kind, parent_kind)]] if (kind, parent_kind) in LEGACY else [])


def width(kind: str, parent_kind: str | None) -> int | None:
    shape = segment_shape(kind, parent_kind)
    return shape[1] if shape else None


# the order of the usual full address: 区 街道 社区 街路巷 门牌 (院) 楼栋 单元 楼层 户
ORDER = ("district", "street", "community", "estate", "road", "door", "yard", "building",
         "unit", "floor", "room")


def full_address(parts: dict[str, str]) -> str:
    """The full address in the usual order from its parts (any may be missing):
    ``{"district": "金水区", "street": "花园路街道", "community": "红专路社区",
    "road": "红专路", "door": "12号", "building": "3号楼", "unit": "2单元",
    "room": "301"}`` → "金水区 花园路街道 红专路社区 红专路 12号 3号楼 2单元 301"."""
    return " ".join(parts[k] for k in ORDER if parts.get(k))


# the parts of an address written as text, in either shape; a part's marker word
# decides its kind (号院 before 号, 号楼/栋/幢 before 号)
_PART_RES = [
    ("estate", r"[^\s\d区县道路街]{1,16}(?:小区|花园|家园|公寓|苑|庭|城|广场|大厦|新村|公馆)"),
    ("street", r"[^\s区县]{1,10}?(?:街道|乡|镇)"),
    ("community", r"[^\s区县道]{1,10}?(?:社区|村委会)"),
    ("district", r"[^\s区县市路街巷]{1,6}?(?:区|县)"),
    ("road", r"[^\s\d区县]{1,16}?(?:大道|路|街|巷|胡同|里)"),
    ("yard", r"[0-9]+号院|院"),
    ("door", r"[0-9]+(?:-[0-9]+)?号(?!院|楼)"),
    ("building", r"[0-9]+(?:号楼|栋|幢)"),
    ("unit", r"[0-9]+单元"),
    ("floor", r"[0-9]+层"),
    ("room", r"[0-9]+(?:室|户|号)?"),
]
_PARTS_RE = re.compile("|".join(f"(?P<{k}>{rx})" for k, rx in _PART_RES))


def parse(text: str) -> dict[str, str]:
    """The parts of an address in text, by kind (see ``ORDER``); both shapes, with
    or without spaces: "金水区花园路街道红专路社区红专路12号院3号楼2单元301室" and
    "绿城小区 3号楼 2单元 301" both parse. A part that appears twice keeps the first;
    text from the first word no marker names on is kept whole as ``rest``."""
    out: dict[str, str] = {}
    pos = 0
    text = re.sub(r"\s+", " ", text or "").strip()
    while pos < len(text):
        if text[pos] == " ":
            pos += 1
            continue
        m = _PARTS_RE.match(text, pos)
        if m is None or m.end() == pos:
            # what no marker word names ("东屋", a shop's sign): kept as it is
            out["rest"] = text[pos:].replace(" ", "")
            break
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "yard" and re.match(r"[0-9]+号院", value):
            out.setdefault("door", value[:-1])
        out.setdefault(kind, value)
        pos = m.end()
    return out


def number_of(name: str) -> str | None:
    """The digits a part's name carries ("12号院" → "12", "3号楼" → "3"), or None."""
    m = re.search(r"[0-9]+", name or "")
    return m.group() if m else None


# the parts an address node's full_name holds (the org levels come from the org tree)
NODE_PARTS = ("estate", "road", "door", "yard", "building", "unit", "room")


def match_key(text: str) -> str:
    """What an address written either way reduces to, for matching it to a node's
    ``full_name``: the parts below the community (区 街道 社区 dropped), without
    spaces, a yard written "12号院" as door and yard ("12号院"), a room's 室/户
    dropped. "金水区 花园路街道 红专路社区 红专路 12号 院 东屋" and "红专路12号院东屋"
    have one key; so do "幸福小区3号楼2单元501室" and "幸福小区 3号楼 2单元 501"."""
    parts = parse(text)
    if not parts:
        return ""
    if "yard" in parts and parts.get("door") and parts["yard"].startswith(parts["door"]):
        parts["yard"] = "院"
    room = parts.get("room")
    if room:
        parts["room"] = room.rstrip("室户") if room.rstrip("室户") else room
    return "".join(parts[k] for k in NODE_PARTS if parts.get(k)) + parts.get("rest", "")
