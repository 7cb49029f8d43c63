"""What the roster import reads of the roster it imports into (org units, the
address tree, households, residents by ID number), as one small interface, so the
same checking (``plan.analyse``, ``address.Places``) runs on the desktop's store and
on the city server's database (server/import_roster.py ``ServerLookup``).

``StoreLookup`` is the desktop's: plain queries on the analysing connection of the
encrypted store (a DB-API connection handed in; nothing here opens or imports the
store). Every method returns live rows only (not deleted), as dicts.
"""
from __future__ import annotations

from typing import Iterable, Protocol


class Lookup(Protocol):
    def org_units(self) -> list[dict]:
        """Every org unit: id, code, name, kind, parent_id."""

    def estates(self) -> list[dict]:
        """Every estate: id, grid_id, code, name, full_name, kind."""

    def roads(self) -> list[dict]:
        """Every road (街路巷, the street shape's top level; same columns as ``estates``)."""

    def children(self, parent_id: str) -> list[dict]:
        """The address nodes under one node (same columns as ``estates``)."""

    def estate_codes(self, grid_id: str) -> list[str]:
        """The codes of a grid's estates, deleted ones too (their numbers stay taken)."""

    def households(self, grid_id: str) -> list[dict]:
        """A grid's households: id, number, room_id, grid_id, kind, head_id, path and
        ``head_id_number`` (the ID number of its head, None without one)."""

    def residents_by_id_number(self, numbers: Iterable[str]) -> list[dict]:
        """The whole rows of the residents holding any of ``numbers`` (as stored), in
        the order they were made."""


def as_lookup(source) -> Lookup:
    """A Lookup as it is, or the desktop's over a store connection."""
    return source if hasattr(source, "residents_by_id_number") else StoreLookup(source)


class StoreLookup:
    """The desktop's Lookup: queries on a connection of its SQLCipher store."""

    def __init__(self, conn):
        self.conn = conn

    def _rows(self, sql: str, params=()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def org_units(self) -> list[dict]:
        return self._rows("SELECT id, code, name, kind, parent_id FROM org_units "
                          "WHERE deleted_at IS NULL")

    def estates(self) -> list[dict]:
        return self._rows("SELECT id, grid_id, code, name, full_name, kind FROM addresses "
                          "WHERE kind = 'estate' AND deleted_at IS NULL")

    def roads(self) -> list[dict]:
        return self._rows("SELECT id, grid_id, code, name, full_name, kind FROM addresses "
                          "WHERE kind = 'road' AND deleted_at IS NULL")

    def children(self, parent_id: str) -> list[dict]:
        return self._rows("SELECT id, grid_id, code, name, full_name, kind FROM addresses "
                          "WHERE parent_id = ? AND deleted_at IS NULL", (parent_id,))

    def estate_codes(self, grid_id: str) -> list[str]:
        return [code for (code,) in self.conn.execute(
            "SELECT code FROM addresses WHERE grid_id = ? AND kind = 'estate'", (grid_id,))]

    def households(self, grid_id: str) -> list[dict]:
        return self._rows("SELECT h.id, h.number, h.room_id, h.grid_id, h.kind, h.head_id, "
                          "h.path, r.id_number AS head_id_number FROM households h "
                          "LEFT JOIN residents r ON r.id = h.head_id "
                          "WHERE h.grid_id = ? AND h.deleted_at IS NULL", (grid_id,))

    def residents_by_id_number(self, numbers: Iterable[str]) -> list[dict]:
        numbers = list(numbers)
        out: list[dict] = []
        for start in range(0, len(numbers), 500):
            chunk = numbers[start:start + 500]
            out += self._rows("SELECT * FROM residents WHERE deleted_at IS NULL AND id_number "
                              f"IN ({','.join('?' * len(chunk))}) ORDER BY rid", chunk)
        return out

    # -- what the 出租房屋 and 实有单位 imports read besides (places_import.PlacesLookup)
    def _in(self, sql: str, keys: list[str]) -> list[dict]:
        if not keys:
            return []
        return self._rows(sql.format(",".join("?" * len(keys))), keys)

    def houses_at(self, address_ids: list[str]) -> list[dict]:
        return self._in("SELECT * FROM houses WHERE deleted_at IS NULL AND address_id IN ({})",
                        address_ids)

    def organizations_by_credit_code(self, codes: list[str]) -> list[dict]:
        return self._in("SELECT * FROM organizations WHERE deleted_at IS NULL AND "
                        "credit_code IN ({})", codes)

    def organizations_at(self, address_ids: list[str]) -> list[dict]:
        return self._in("SELECT * FROM organizations WHERE deleted_at IS NULL AND "
                        "address_id IN ({})", address_ids)
