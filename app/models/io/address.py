"""Addresses of the roster import: address text parsed into estate › building ›
unit › room ('幸福小区3号楼2单元501室', '3-2-501', '三号楼二单元501室') or into the street
shape, road › door number › optional yard › building › unit › room ('经三路12号院3室',
'红专路12号院东屋', '经三路13号'; ``parse_street`` with ``addresses.parse``), and each
row placed in the address tree and a household (``Places``): existing nodes and
households are matched, missing ones become ``NewNode``/``NewHousehold`` for the plan
(codes made by ``addresses.segment``, so they nest like every other code)."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from app.models.domain import addresses, rules
from app.models.domain.ids import uuid7
from app.models.domain.roster_codes import ADDRESS_CODE_WIDTH, estate_code
from app.models.io.lookup import Lookup
from app.models.io.normalise import choice, squeeze

_CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_NUM = r"(?:\d+|[一二两三四五六七八九十〇零]+)"


def _to_int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if all(ch in _CN_NUM or ch == "十" for ch in text):
        if "十" in text:
            tens, _, ones = text.partition("十")
            return (_CN_NUM.get(tens, 1) if tens else 1) * 10 + (_CN_NUM.get(ones, 0) if ones else 0)
        value = 0
        for ch in text:
            value = value * 10 + _CN_NUM[ch]
        return value
    return None


_ADDR_FULL = re.compile(
    rf"^(?P<estate>.*?)(?P<b>{_NUM})(?:号楼|号|栋|幢|座|#楼|#)"
    rf"(?:(?P<u>{_NUM})(?:单元|门|-))?(?P<r>\d+)(?:室|号|户)?$")
_ADDR_DASH = re.compile(r"^(?P<estate>.*?\D)?(?P<b>\d+)-(?P<u>\d+)-(?P<r>\d+)(?:室|号)?$")
_BUILDING = re.compile(rf"^(?:第)?(?P<n>{_NUM})(?:号楼|号|栋|幢|座|#楼|#)?$")
_UNIT = re.compile(rf"^(?:第)?(?P<n>{_NUM})(?:单元|门)?$")
_ROOM = re.compile(r"^(?P<n>\d+)(?:室|号|户)?$")


@dataclass(frozen=True)
class ParsedAddress:
    estate: str              # '' when the text names no estate
    building: int
    unit: int | None         # None when the text skips the unit
    room: int


def parse_address(text: str, prefixes: Iterable[str] = ()) -> ParsedAddress | None:
    """'幸福小区3号楼2单元501室' → ('幸福小区', 3, 2, 501); also '幸福小区3栋2单元501',
    '幸福小区3-2-501', '三号楼二单元501室'. ``prefixes`` (province, city, district,
    street, community names) are stripped from the front. None if it does not parse."""
    s = squeeze(text)
    if not s:
        return None
    changed = True
    ordered = sorted({squeeze(p) for p in prefixes if p}, key=len, reverse=True)
    while changed and s:
        changed = False
        for p in ordered:
            if p and s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
                changed = True
                break
    for pat in (_ADDR_FULL, _ADDR_DASH):
        m = pat.match(s)
        if m:
            b = _to_int(m.group("b"))
            u = _to_int(m.group("u")) if m.group("u") else None
            r = int(m.group("r"))
            if b is None:
                continue
            estate = (m.group("estate") or "").rstrip("-")
            return ParsedAddress(estate, b, u, r)
    return None


def parse_parts(estate: str, building: str, unit: str, room: str) -> ParsedAddress | None:
    """Separate 小区 / 楼栋 / 单元 / 房号 columns."""
    mb = _BUILDING.match(squeeze(building))
    mr = _ROOM.match(squeeze(room))
    mu = _UNIT.match(squeeze(unit)) if unit.strip() else None
    if not mb or not mr or (unit.strip() and not mu):
        return None
    b = _to_int(mb.group("n"))
    u = _to_int(mu.group("n")) if mu else None
    if b is None:
        return None
    return ParsedAddress(squeeze(estate), b, u, int(mr.group("n")))


@dataclass(frozen=True)
class StreetAddress:
    """An address in the street shape, each part as written ('经三路', '12号', …)."""
    road: str
    door: str
    yard: bool = False
    building: str | None = None
    unit: str | None = None
    room: str | None = None      # '3室', '301', or what no marker names ('东屋')


def _strip_prefixes(text: str, prefixes: Iterable[str]) -> str:
    s = squeeze(text)
    ordered = sorted({squeeze(p) for p in prefixes if p}, key=len, reverse=True)
    changed = True
    while changed and s:
        changed = False
        for p in ordered:
            if p and s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
                changed = True
                break
    return s


def parse_street(text: str, prefixes: Iterable[str] = ()) -> StreetAddress | None:
    """'经三路12号院3室' → road 经三路, door 12号, yard, room 3室; '经三路13号' (a shop at
    the door number); '红专路12号院东屋'. None when the text is not in the street shape
    (no road and door number, or it names an estate)."""
    s = _strip_prefixes(text, prefixes)
    if not s:
        return None
    parts = addresses.parse(s)
    road = parts.get("road")
    if "estate" in parts or not road or not parts.get("door"):
        return None
    # the levels below the road read here: the domain's parser keeps the first of a
    # kind, and a 平房's rooms are often '3号房', which it would take for a door number
    at = re.search(re.escape(road) + r"(?=\d)", s)
    m = _STREET_TAIL.match(s[at.end():]) if at else None
    if m is None:
        return None
    room = m.group("room") or None
    if room and room.isdigit():
        room += "室"
    return StreetAddress(road, m.group("door"), bool(m.group("yard")), m.group("building"),
                         m.group("unit"), room)


_STREET_TAIL = re.compile(
    r"^(?P<door>\d+(?:-\d+)?号)(?P<yard>院)?"
    r"(?:(?P<building>\d+(?:号楼|栋|幢))(?P<unit>\d+单元)?)?"
    r"(?P<room>(?!\d+单元)[^\s]{0,20})$")


def _name_key(kind: str, name: str) -> str:
    """What two names of one level share when they name one node: spaces dropped, a
    room's 室/户 and a yard's door number ('12号院' is the yard of 12号) ignored."""
    key = squeeze(name).replace(" ", "")
    if kind == "room":
        key = key.rstrip("室户") or key
    elif kind == "yard":
        key = "院"
    return key


def creation_order(nodes: Iterable["NewNode"]) -> list["NewNode"]:
    """New address nodes parents first: a code nests its parent's, so a shorter code
    never sits under a longer one."""
    return sorted(nodes, key=lambda n: (len(n.code), n.code))


class NewNode:
    """An address node the file needs and the tree does not have yet."""
    __slots__ = ("id", "kind", "number", "name", "code", "full_name", "parent", "grid_id",
                 "floor")

    def __init__(self, kind, number, name, code, full_name, parent, grid_id, floor=None):
        self.id = uuid7()
        self.kind, self.number, self.name, self.code = kind, number, name, code
        self.full_name, self.parent, self.grid_id, self.floor = full_name, parent, grid_id, floor

    def row(self) -> dict:
        parent_id = None
        if self.parent is not None:
            parent_id = self.parent.id if isinstance(self.parent, NewNode) else self.parent["id"]
        return dict(id=self.id, kind=self.kind, code=self.code, name=self.name, floor=self.floor,
                    parent_id=parent_id, grid_id=self.grid_id, path=self.code,
                    full_name=self.full_name)

    def chain(self) -> list["NewNode"]:
        out, node = [], self
        while isinstance(node, NewNode):
            out.append(node)
            node = node.parent
        return out[::-1]


class NewHousehold:
    """A household the file needs (by 户号, or one per new room) that the roster does
    not have yet."""
    __slots__ = ("id", "number", "grid_id", "room", "kind", "head_row", "path", "first_row")

    def __init__(self, number, grid_id, room, kind, path, first_row):
        self.id = uuid7()
        self.number, self.grid_id, self.room, self.kind = number, grid_id, room, kind
        self.path, self.first_row = path, first_row
        self.head_row = None            # the plan.RowResult of its head (本人), if any

    def room_id(self) -> str | None:
        if self.room is None:
            return None
        return self.room.id if isinstance(self.room, NewNode) else self.room["id"]


class Places:
    """The org units, address tree and households the rows are matched against,
    read lazily through a ``Lookup`` (the desktop's store or the city server's
    database). ``scope``: the org code everything lies under; ``default_grid_id``:
    the grid for new estates and rows without an address, or None (the server's
    import into a whole street: such rows then need a 网格 column, ``grid.required``)."""

    def __init__(self, lookup: Lookup, scope: str, default_grid_id: str | None):
        self.lookup = lookup
        self.scope = scope or ""
        units = lookup.org_units()
        self.units = {u["id"]: u for u in units}
        self.grids = [u for u in units if u["kind"] in ("grid", "dedicated")
                      and u["code"].startswith(self.scope)]
        self.grid_by_id = {g["id"]: g for g in self.grids}
        if default_grid_id is not None and default_grid_id not in self.grid_by_id:
            raise ValueError("the default grid is not a grid in the user's scope")
        self.default_grid = self.grid_by_id.get(default_grid_id)
        self.prefixes = ["河南省", "郑州市"] + [u["name"] for u in units
                                               if u["kind"] not in ("department", "micro_grid")]
        self.estates: dict[str, list[dict]] = {}
        for e in lookup.estates():
            if e["grid_id"] in self.grid_by_id:
                self.estates.setdefault(squeeze(e["name"]), []).append(e)
        self._children: dict[str, dict[int, dict]] = {}
        self._new_children: dict[str, dict[int, NewNode]] = {}
        self._new_estates: dict[tuple[str, str], NewNode] = {}
        self._estate_numbers: dict[str, int] = {}
        self._households: dict[str, dict[str, dict]] = {}
        self._room_households: dict[str, list[dict]] = {}
        self._hh_numbers: dict[str, int] = {}
        self.new_households: dict[tuple[str, str], NewHousehold] = {}
        self._room_new_households: dict[str, NewHousehold] = {}
        self.roads: dict[str, list[dict]] = {}
        for r in lookup.roads():
            if r["grid_id"] in self.grid_by_id:
                self.roads.setdefault(squeeze(r["name"]), []).append(r)
        self._new_roads: dict[tuple[str, str], NewNode] = {}
        self._road_numbers: dict[str, int] = {}
        self._street_kids: dict[str, list] = {}      # node id -> its children, old and new
        self._street_parsed: dict[str, StreetAddress | None] = {}
        self._estate_cache: dict[tuple[str, str | None], tuple] = {}
        self._grid_text_cache: dict[str, dict | None] = {}
        self._parsed: dict[str, ParsedAddress | None] = {}

    def parse(self, text: str) -> ParsedAddress | None:
        if text not in self._parsed:
            self._parsed[text] = parse_address(text, self.prefixes)
        return self._parsed[text]

    def parse_street(self, text: str) -> StreetAddress | None:
        """The street shape of ``text``, unless its 'road' is an estate of the tree and
        no road ('建设路12号3室' in a tree whose estate is called 建设路: building 12)."""
        if text not in self._street_parsed:
            got = parse_street(text, self.prefixes)
            if got is not None:
                road = squeeze(got.road)
                if road in self.estates and road not in self.roads:
                    got = None
            self._street_parsed[text] = got
        return self._street_parsed[text]

    # -- grids --------------------------------------------------------------
    def grid_for_text(self, text: str) -> dict | None:
        key = squeeze(text)
        if key in self._grid_text_cache:
            return self._grid_text_cache[key]
        found = next((g for g in self.grids if g["code"] == key), None)
        if found is None:
            named = [g for g in self.grids if squeeze(g["name"]) == key]
            home = self.default_grid["parent_id"] if self.default_grid else None
            same_parent = [g for g in named if g["parent_id"] == home]
            found = same_parent[0] if len(same_parent) == 1 else named[0] if len(named) == 1 \
                else None
        self._grid_text_cache[key] = found
        return found

    # -- address tree ---------------------------------------------------------
    def children(self, parent) -> dict[int, dict]:
        """Existing children of an existing node, by their number."""
        if isinstance(parent, NewNode):
            return {}
        got = self._children.get(parent["id"])
        if got is None:
            got = {}
            width = ADDRESS_CODE_WIDTH
            for row in self.lookup.children(parent["id"]):
                tail = row["code"][-width[row["kind"]]:]
                if tail.isdigit():
                    got[int(tail)] = row
            self._children[parent["id"]] = got
        return got

    def estate(self, name: str, grid: dict | None) -> tuple[dict | NewNode | None, str | None]:
        """The estate called ``name`` (in ``grid`` when the row names one); a NewNode if
        it is not in the tree; or (None, issue code)."""
        key = (name, grid["id"] if grid else None)
        if key in self._estate_cache:
            return self._estate_cache[key]
        found = self.estates.get(name, [])
        if not found and name:
            # '经三路幸福小区' names the estate '幸福小区': the longest known name it ends with
            tails = [n for n in self.estates if name.endswith(n)]
            if tails:
                found = self.estates[max(tails, key=len)]
        if grid is not None:
            found = [e for e in found if e["grid_id"] == grid["id"]]
        result: tuple
        if len(found) == 1:
            result = (found[0], None)
        elif len(found) > 1:
            in_default = [e for e in found if self.default_grid
                          and e["grid_id"] == self.default_grid["id"]]
            result = (in_default[0], None) if len(in_default) == 1 else (None, "address.ambiguous_estate")
        elif not name:
            result = (None, "address.no_estate")
        elif grid is None and self.default_grid is None:
            result = (None, "grid.required")    # a new estate needs its grid named
        else:
            result = (self._new_estate(name, grid or self.default_grid), None)
        self._estate_cache[key] = result
        return result

    def _new_estate(self, name: str, grid: dict) -> NewNode:
        key = (grid["id"], name)
        node = self._new_estates.get(key)
        if node is None:
            if grid["id"] not in self._estate_numbers:
                top = 0
                for code in self.lookup.estate_codes(grid["id"]):
                    tail = code.rpartition("-")[2]
                    if tail.isdigit():
                        top = max(top, int(tail))
                self._estate_numbers[grid["id"]] = top
            self._estate_numbers[grid["id"]] += 1
            number = f"{self._estate_numbers[grid['id']]:03d}"
            node = NewNode("estate", number, name, estate_code(grid["code"], number), name, None,
                           grid["id"])
            self._new_estates[key] = node
        return node

    # -- the street shape: road › door › (yard) › (building › (unit)) › (room) ----------
    def road(self, name: str, grid: dict | None) -> tuple[dict | NewNode | None, str | None]:
        """The road called ``name`` (in ``grid`` when the row names one), a NewNode for
        one not in the tree, or (None, issue code)."""
        found = self.roads.get(squeeze(name), [])
        if grid is not None:
            found = [r for r in found if r["grid_id"] == grid["id"]]
        if len(found) > 1 and self.default_grid is not None:
            found = [r for r in found if r["grid_id"] == self.default_grid["id"]] or found
        if len(found) == 1:
            return found[0], None
        if found:
            return None, "address.ambiguous_road"
        grid = grid or self.default_grid
        if grid is None:
            return None, "grid.required"    # a new road needs its grid named
        key = (grid["id"], squeeze(name))
        node = self._new_roads.get(key)
        if node is None:
            if grid["id"] not in self._road_numbers:
                top = 0
                for rows in self.roads.values():
                    for r in rows:
                        tail = r["code"][len(grid["code"]) + 1:]
                        if r["grid_id"] == grid["id"] and tail.isdigit():
                            top = max(top, int(tail))
                self._road_numbers[grid["id"]] = top
            self._road_numbers[grid["id"]] += 1
            number = f"{self._road_numbers[grid['id']]:03d}"
            code = grid["code"] + addresses.segment("road", None, number)
            node = NewNode("road", number, squeeze(name), code, squeeze(name), None, grid["id"])
            self._new_roads[key] = node
        return node, None

    def street_child(self, parent, kind: str, name: str):
        """The ``kind`` node called ``name`` under ``parent``: the existing one, or a
        NewNode whose number is the name's own where it is free ('12号' → D0012)."""
        pid = _node_id(parent)
        kids = self._street_kids.get(pid)
        if kids is None:
            kids = [] if isinstance(parent, NewNode) else list(self.lookup.children(pid))
            self._street_kids[pid] = kids
        key = _name_key(kind, name)
        for kid in kids:
            kid_kind = kid.kind if isinstance(kid, NewNode) else kid["kind"]
            kid_name = kid.name if isinstance(kid, NewNode) else kid["name"]
            if kid_kind == kind and _name_key(kind, kid_name) == key:
                return kid
        parent_kind = parent.kind if isinstance(parent, NewNode) else parent["kind"]
        parent_code = parent.code if isinstance(parent, NewNode) else parent["code"]
        shape = addresses.segment_shape(kind, parent_kind)
        if shape is None:
            return None
        prefix, width = shape
        taken = {(k.code if isinstance(k, NewNode) else k["code"])[len(parent_code):]
                 for k in kids}
        own = addresses.number_of(name)
        number = None
        if own is not None and len(own) <= width and int(own) > 0:
            number = own.zfill(width)
        if number is None or prefix + number in taken:
            used = [int(t[len(prefix):]) for t in taken
                    if t.startswith(prefix) and t[len(prefix):].isdigit()
                    and len(t) == len(prefix) + width]
            number = f"{max(used, default=0) + 1:0{width}d}"
            if len(number) > width:
                return None
        floor = None
        if kind == "room" and own is not None and len(own) >= 3:
            floor = int(own) // 100 or None
        full = (parent.full_name if isinstance(parent, NewNode) else parent["full_name"])
        node = NewNode(kind, number, name, parent_code + prefix + number, f"{full} {name}",
                       parent, parent.grid_id if isinstance(parent, NewNode)
                       else parent["grid_id"], floor)
        kids.append(node)
        return node

    def street_node(self, parsed: StreetAddress, grid: dict | None):
        """(node, grid id, issue code): the deepest node a street-shaped address names."""
        road, problem = self.road(parsed.road, grid)
        if road is None:
            return None, None, problem
        node = self.street_child(road, "door", parsed.door)
        levels = [("yard", "院" if parsed.yard else None), ("building", parsed.building),
                  ("unit", parsed.unit), ("room", parsed.room)]
        for kind, name in levels:
            if name and node is not None:
                node = self.street_child(node, kind, name)
        if node is None:
            return None, None, "address.number_too_big"
        return node, node.grid_id if isinstance(node, NewNode) else node["grid_id"], None

    def locate(self, text: str, grid: dict | None):
        """(node, grid id, issue code) for an address in either shape, the whole of it
        naming the node ('经三路12号院3室', '幸福小区3号楼2单元501室'); a house or an
        organization sits at the node itself. (None, None, 'address.unparsed') when
        the text is in neither shape."""
        street = self.parse_street(text)
        if street is not None:
            return self.street_node(street, grid)
        parsed = self.parse(text)
        if parsed is None:
            return None, None, "address.unparsed"
        return self.room(parsed, grid)

    def child(self, parent, kind: str, number: int, name: str, floor: int | None = None):
        found = self.children(parent).get(number)
        if found is not None:
            return found
        new = self._new_children.setdefault(_node_id(parent), {})
        node = new.get(number)
        if node is None:
            digits = f"{number:0{ADDRESS_CODE_WIDTH[kind]}d}"
            node = NewNode(kind, digits, name, parent["code"] + digits if isinstance(parent, dict)
                           else parent.code + digits,
                           (parent["full_name"] if isinstance(parent, dict) else parent.full_name)
                           + " " + name,
                           parent, parent["grid_id"] if isinstance(parent, dict) else parent.grid_id,
                           floor)
            new[number] = node
        return node

    def room(self, parsed: ParsedAddress, grid: dict | None):
        """(room, grid id, issue code): the room node for a parsed address."""
        estate, problem = self.estate(parsed.estate, grid)
        if estate is None:
            return None, None, problem
        if parsed.building > 999 or (parsed.unit or 0) > 99 or parsed.room > 9999 \
                or parsed.building < 1 or parsed.room < 1 or parsed.unit == 0:
            return None, None, "address.number_too_big"
        building = self.child(estate, "building", parsed.building, f"{parsed.building}号楼")
        unit_no = parsed.unit
        if unit_no is None:
            units = self.children(building)
            if len(units) == 1:
                unit_no = next(iter(units))
            elif len(units) > 1:
                return None, None, "address.ambiguous_unit"
            else:
                unit_no = 1
        unit = self.child(building, "unit", unit_no, f"{unit_no}单元")
        floor = parsed.room // 100 if parsed.room >= 100 else None
        room = self.child(unit, "room", parsed.room, f"{parsed.room}室", floor)
        grid_id = room["grid_id"] if isinstance(room, dict) else room.grid_id
        return room, grid_id, None

    # -- households -------------------------------------------------------------
    def _load_households(self, grid_id: str) -> dict[str, dict]:
        got = self._households.get(grid_id)
        if got is None:
            got = {}
            top = 0
            prefix = self.grid_by_id[grid_id]["code"][-6:] if grid_id in self.grid_by_id else ""
            for h in self.lookup.households(grid_id):
                got.setdefault(h["number"], h)
                if h["room_id"]:
                    self._room_households.setdefault(h["room_id"], []).append(h)
                n = h["number"]
                if prefix and n.startswith(prefix) and n[len(prefix):].isdigit():
                    top = max(top, int(n[len(prefix):]))
            self._households[grid_id] = got
            self._hh_numbers[grid_id] = top
        return got

    def household_by_number(self, grid_id: str, number: str) -> dict | NewHousehold | None:
        existing = self._load_households(grid_id).get(number)
        return existing if existing is not None else self.new_households.get((grid_id, number))

    def households_in_room(self, room) -> list:
        new = self._room_new_households.get(_node_id(room))
        if isinstance(room, NewNode):
            return [new] if new else []
        self._load_households(room["grid_id"])
        found = list(self._room_households.get(room["id"], []))
        return found + [new] if new else found

    def new_household(self, grid_id: str, number: str | None, room, kind: str,
                      row) -> NewHousehold:
        """A household for ``row`` (a plan.RowResult, its first member)."""
        self._load_households(grid_id)
        if number is None:
            self._hh_numbers[grid_id] += 1
            number = f"{self.grid_by_id[grid_id]['code'][-6:]}{self._hh_numbers[grid_id]:04d}"
        if room is None:
            path = self.grid_by_id[grid_id]["code"]
        else:
            path = room.code if isinstance(room, NewNode) else room["code"]
        hh = NewHousehold(number, grid_id, room, kind, path, row)
        self.new_households[(grid_id, number)] = hh
        if room is not None:
            self._room_new_households.setdefault(_node_id(room), hh)
        return hh

    # -- placing a row ----------------------------------------------------------------
    def place(self, row, text: dict) -> None:
        """Grid, room and household of a row (a plan.RowResult; ``text``: its mapped
        cells as text). What cannot be placed is an issue of the row."""
        grid = None
        if text.get("grid"):
            grid = self.grid_for_text(text["grid"])
            if grid is None:
                row.issues.append(rules.Issue("grid", "grid.unknown", {"value": text["grid"]}))
                return
        parsed = None
        street_room = street_grid = None
        address_text = text.get("address", "")
        if any(text.get(k) for k in ("building", "room")):
            parsed = parse_parts(text.get("estate", ""), text.get("building", ""),
                                 text.get("unit", ""), text.get("room", ""))
            if parsed is None:
                shown = " ".join(text.get(k, "") for k in ("estate", "building", "unit", "room"))
                row.issues.append(rules.Issue("address", "address.unparsed",
                                              {"value": shown.strip()}))
                return
        elif address_text and self.parse_street(address_text) is not None:
            street_room, street_grid, problem = self.street_node(
                self.parse_street(address_text), grid)
            if problem:
                row.issues.append(rules.Issue("grid" if problem == "grid.required" else
                                              "address", problem, {"value": address_text}))
                return
        elif address_text:
            parsed = self.parse(address_text)
            if parsed is None:
                row.issues.append(rules.Issue("address", "address.unparsed",
                                              {"value": address_text}))
                return
            if not parsed.estate and text.get("estate"):
                # a 小区 column beside a 门牌 of building-unit-room ('3-2-201')
                parsed = replace(parsed, estate=squeeze(text["estate"]))
        room = None
        grid_id = grid["id"] if grid else None
        if street_room is not None:
            room, grid_id = street_room, street_grid
        if parsed is not None:
            room, room_grid, problem = self.room(parsed, grid)
            if problem:
                row.issues.append(rules.Issue("grid" if problem == "grid.required" else
                                              "address", problem, {
                    "value": address_text or parsed.estate, "estate": parsed.estate}))
                return
            grid_id = room_grid
        if grid_id is None:
            if self.default_grid is None:
                row.issues.append(rules.Issue("grid", "grid.required"))
                return
            grid_id = self.default_grid["id"]
        row.grid_id = grid_id
        row.room = room

        number = text.get("household_number") or None
        kind_text = text.get("household_kind")
        kind = None
        if kind_text:
            kind, bad = choice("household_kind", kind_text)
            if bad:
                row.issues.append(bad)
        if number is not None:
            hh = self.household_by_number(grid_id, number)
            if hh is None:
                default_kind = "floating" if row.values.get("residence_type") == "floating" \
                    else "registered"
                hh = self.new_household(grid_id, number, room, kind or default_kind, row)
            elif room is not None:
                hh_room = hh.room_id() if isinstance(hh, NewHousehold) else hh["room_id"]
                room_id = room.id if isinstance(room, NewNode) else room["id"]
                if hh_room is None and isinstance(hh, NewHousehold):
                    hh.room = room
                    hh.path = room.code if isinstance(room, NewNode) else room["code"]
                    self._room_new_households.setdefault(_node_id(room), hh)
                elif hh_room != room_id:
                    first = hh.first_row.number if isinstance(hh, NewHousehold) else None
                    row.issues.append(rules.Issue("address", "household.address_conflict",
                                                  {"number": number, "row": first}))
                    return
            row.household = hh
        elif room is not None:
            found = self.households_in_room(room)
            if len(found) == 1:
                row.household = found[0]
            elif len(found) > 1:
                row.issues.append(rules.Issue("household_number", "address.many_households"))
                return
            else:
                default_kind = "floating" if row.values.get("residence_type") == "floating" \
                    else "registered"
                row.household = self.new_household(grid_id, None, room, kind or default_kind, row)
        if row.household is not None and isinstance(row.household, dict):
            row.grid_id = row.household["grid_id"]


def _node_id(node) -> str:
    return node.id if isinstance(node, NewNode) else node["id"]
