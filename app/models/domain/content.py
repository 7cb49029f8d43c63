"""One canonical encoding of a synced row, computed the same way by the desktop and
the city server (sync-protocol.md, Amendments 2026-12: "Verify by content").

A row's digest covers its id, its server version and the values of the columns
both sides hold (``COLUMNS``: not the desktop's ``rid``, ``updated_at`` or
``deleted_at``, nor the server's ``updated_by``/``server_seq``/``scope_path*``,
nor the conflict authors' display names the server adds when it sends a row).
Values are normalised so that what means the same thing encodes the same:

- NULL where the desktop's column is NOT NULL with a default (``DEFAULTS``): the
  server may hold NULL there (a row that came without the field), the desktop
  writes the default (app.sync.apply), and both mean the default;
- text columns holding JSON (``JSON_TEXT``: photo hashes, participants, event
  data) by their parsed value, so key order and spacing do not count;
- conflict values (``JSON_VALUES``) are JSON of any type: the server's column
  holds the value, the desktop's the JSON text of it (``decoded`` says which);
- booleans as 0/1 and integral floats as integers (SQLite and PostgreSQL hand
  back REAL/BIGINT columns differently).

Tables are compared per bucket (a checksum of the id, so bucket sizes are even
and say nothing about the ids): a bucket's hash is the sum of its rows' digests
(modulo 2^256), which does not depend on the order rows are read in (SQLite and
PostgreSQL order text differently), and a table's hash is the SHA-256 of its
buckets' counts and sums. Qt-free; imported by server/verify.py and
app/sync/verify.py.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any, Callable, Iterable, Mapping

ALGORITHM = "griddesk-content-1"
BUCKETS = 256
_MOD = 1 << 256

# entity -> the columns both sides hold, in digest order: the one list of the synced
# columns (server/db.py builds its tables from it; the desktop schema in
# app/models/store/migrations.py must match, tests/sync/test_verify.py checks);
# ":i" integer, ":r" real, else text
SPEC = {
    "org_units": "code name level:i kind parent_id path party_branch party_secretary",
    # 五星支部 (app/models/domain/stars.py): one community's assessment of one year
    "star_assessments": "unit_id year:i scheme_version:i state claims photos stars_claimed "
                        "stars_reviewed stars_confirmed steps path created_at",
    "addresses": "parent_id grid_id kind code name floor:i path full_name",
    "households": "number room_id grid_id kind head_id path",
    "residents": "grid_id household_id relation name id_type id_number gender birth_date "
                 "ethnicity phone residence_type political_status education occupation "
                 "work_unit marital_status registered_address moved_in_date status notes "
                 "in_service_party_member:i party_member_unit path created_at",
    "resident_tags": "resident_id tag since until notes details",
    "visits": "resident_id household_id grid_id visited_on kind findings photos visitor "
              "participants",
    "cases": "number grid_id path title description category source urgency address_id "
             "location_text lon:r lat:r reporter_name reporter_phone created_by state "
             "holder_unit_id holder_user_id level_unit_id supervision rework_count:i "
             "extension_pending:i extra_days:i clock_start deadline reported_at closed_at "
             "satisfaction has_conflict:i created_at short_no provisional_no",
    "case_events": "case_id seq:i action actor_id actor_name role device_time server_time "
                   "note photos data conflict:i",
    "case_residents": "case_id resident_id",
    # 实有房屋 and 实有单位 (docs/domain-houses.md), after the rows they name
    "houses": "address_id grid_id path use property_type area:r owner_id owner_name "
              "owner_phone landlord_id landlord_name landlord_phone registration_no "
              "registered_on checked_on notes",
    "house_tenants": "house_id resident_id moved_in moved_out notes",
    "organizations": "name credit_code kind category legal_rep contact_name contact_phone "
                     "house_id address_id grid_id path notes",
    "org_employees": "organization_id resident_id job since until",
    "inspections": "organization_id inspected_on inspector checklist findings photos "
                   "next_due case_id",
    "conflicts": "entity entity_id kind field kept_value other_value kept_author "
                 "other_author kept_at other_at op_id state resolution resolved_by "
                 "resolved_at created_at",
}
COLUMNS: dict[str, tuple[str, ...]] = {
    entity: tuple(item.partition(":")[0] for item in spec.split())
    for entity, spec in SPEC.items()}
NUMERIC: dict[str, frozenset[str]] = {
    entity: frozenset(item.partition(":")[0] for item in spec.split() if ":" in item)
    for entity, spec in SPEC.items()}
ENTITIES = tuple(COLUMNS)

# the desktop's NOT NULL defaults (checked against its schema by the tests)
DEFAULTS: dict[str, dict[str, Any]] = {
    "residents": {"status": "living", "in_service_party_member": 0},
    "visits": {"photos": "[]", "participants": "[]"},
    "star_assessments": {"state": "draft", "claims": "{}", "photos": "[]", "steps": "[]",
                         "stars_claimed": "[]", "stars_reviewed": "[]",
                         "stars_confirmed": "[]"},
    "cases": {"urgency": "normal", "state": "draft", "supervision": "normal",
              "rework_count": 0, "extra_days": 0, "has_conflict": 0},
    "case_events": {"photos": "[]", "data": "{}", "conflict": 0},
    "inspections": {"checklist": "{}", "photos": "[]"},
    "conflicts": {"state": "open"},
}
JSON_TEXT: dict[str, tuple[str, ...]] = {
    "star_assessments": ("claims", "photos", "stars_claimed", "stars_reviewed",
                         "stars_confirmed", "steps"),
    "visits": ("photos", "participants"),
    "case_events": ("photos", "data"),
    "inspections": ("checklist", "photos"),
}
JSON_VALUES: dict[str, tuple[str, ...]] = {"conflicts": ("kept_value", "other_value")}


_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _canonical(value: Any) -> str:
    return _encode(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2 ** 53:
        return int(value)
    return value


def _json_text(value: Any) -> Any:
    if not isinstance(value, str):
        return _scalar(value)
    try:
        return _encode(json.loads(value))
    except ValueError:
        return value        # not JSON after all: compared as the text it is


def _json_value_decoded(value: Any) -> Any:
    return None if value is None else _encode(value)


def _json_value_text(value: Any) -> Any:
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return _encode(value)
    return None if parsed is None else _encode(parsed)


def _with_default(fn: Callable[[Any], Any] | None, default: Any) -> Callable[[Any], Any]:
    dflt = fn(default) if fn else default
    if fn is None:
        return lambda value: dflt if value is None else value
    return lambda value: dflt if value is None else fn(value)


def _normalisers(entity: str, decoded: bool) -> list[tuple[int, Callable[[Any], Any]]]:
    defaults = DEFAULTS.get(entity, {})
    json_text = set(JSON_TEXT.get(entity, ()))
    json_values = set(JSON_VALUES.get(entity, ()))
    out = []
    for i, col in enumerate(COLUMNS[entity]):
        fn: Callable[[Any], Any] | None = None
        if col in json_values:
            fn = _json_value_decoded if decoded else _json_value_text
        elif col in json_text:
            fn = _json_text
        elif col in NUMERIC[entity]:
            fn = _scalar
        # text columns hold text on both sides (TEXT affinity on the desktop, values
        # type-checked by the server's push): taken as they are
        if col in defaults:
            fn = _with_default(fn, defaults[col])
        if fn is not None:
            out.append((i, fn))
    return out


_NORMALISERS: dict[tuple[str, bool], list[tuple[int, Callable[[Any], Any]]]] = {}


def normalisers(entity: str, *, decoded: bool) -> list[tuple[int, Callable[[Any], Any]]]:
    """(column index, function giving its canonical value) for the columns of
    ``COLUMNS[entity]`` that need one. ``decoded``: conflict values arrive as JSON
    values (the server's JSON column), else as JSON text (the desktop's TEXT column)."""
    key = (entity, decoded)
    if key not in _NORMALISERS:
        _NORMALISERS[key] = _normalisers(entity, decoded)
    return _NORMALISERS[key]


def row_hash(entity: str, row_id: str, version: int, values: Iterable[Any], *,
             decoded: bool) -> bytes:
    """The SHA-256 of one live row's canonical form; ``values`` in ``COLUMNS[entity]``
    order."""
    canon = list(values)
    if len(canon) != len(COLUMNS[entity]):
        raise ValueError(f"{entity}: {len(canon)} values for {len(COLUMNS[entity])} columns")
    for i, fn in normalisers(entity, decoded=decoded):
        canon[i] = fn(canon[i])
    return hashlib.sha256(_encode([row_id, int(version), canon]).encode("utf-8")).digest()


def row_digest(entity: str, row_id: str, version: int, values: Iterable[Any], *,
               decoded: bool) -> str:
    """``row_hash`` in hex: what /sync/verify lists per row."""
    return row_hash(entity, row_id, version, values, decoded=decoded).hex()


def digest_of(entity: str, row: Mapping[str, Any], *, decoded: bool) -> str:
    """``row_digest`` of a row given as a mapping with ``id``, ``version`` and the
    columns (extra keys are ignored)."""
    return row_digest(entity, row["id"], row["version"],
                      [row.get(c) for c in COLUMNS[entity]], decoded=decoded)


def bucket(row_id: str) -> int:
    """A row's bucket: spreads ids evenly whatever their form (CRC-32 is enough: it
    needs to be the same on both sides, not secret)."""
    return zlib.crc32(row_id.encode("utf-8")) % BUCKETS


class Summary:
    """Count and hash of a table, and of each of its buckets, fed row by row in any
    order."""

    def __init__(self) -> None:
        self.count = 0
        self._counts = [0] * BUCKETS
        self._sums = [0] * BUCKETS

    def add(self, row_id: str, digest: str | bytes) -> None:
        """One row: its id and its digest (``row_hash`` bytes or ``row_digest`` hex)."""
        b = bucket(row_id)
        self.count += 1
        self._counts[b] += 1
        # summed unbounded (a few bits more per row), reduced modulo 2^256 when read
        self._sums[b] += int.from_bytes(digest, "big") if isinstance(digest, bytes) \
            else int(digest, 16)

    def buckets(self) -> dict[int, dict]:
        """Non-empty buckets: ``{bucket: {"count", "hash"}}``."""
        return {b: {"count": n, "hash": f"{self._sums[b] % _MOD:064x}"}
                for b, n in enumerate(self._counts) if n}

    def table(self) -> dict:
        h = hashlib.sha256()
        for b, n in enumerate(self._counts):
            if n:
                h.update(f"{b}:{n}:{self._sums[b] % _MOD:064x}\n".encode())
        return {"count": self.count, "hash": h.hexdigest()}


def differing_buckets(mine: Mapping[int, Mapping], theirs: Mapping[int, Mapping]
                      ) -> list[int]:
    """Buckets whose count or hash differ (a bucket missing on one side included)."""
    keys = {int(b) for b in mine} | {int(b) for b in theirs}
    norm_mine = {int(b): dict(v) for b, v in mine.items()}
    norm_theirs = {int(b): dict(v) for b, v in theirs.items()}
    return sorted(b for b in keys if norm_mine.get(b) != norm_theirs.get(b))
