"""The audit log in words (issue 17, item 5): who (a person's name and role, or the
program acting by itself), what (an action code the UI turns into a verb phrase),
which record (a resident by name and masked ID number, a household by its number
and address, a case by its number and title) and what changed ("field: old → new",
the UI naming the field). Qt-free: the UI translates the codes it gets here
(app/ui/audit/audit_page.py, app/ui/common/words.py).

A record written since issue 17 carries its record's words in its detail
(``record``, see app.models.write.audit.record_label) and, for an update, the old
and new values (``values``, masked); an older record is named from the local store
when this PC holds the row (``local_labels``)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from app.models.domain import choices as d
from app.models.domain import rights
from app.models.domain.rules import redact_numbers
from app.models.store import settings
from app.models.write.audit import record_label

# actors that are the program, not a person (the desktop's sync, its housekeeping)
AUTOMATIC_ACTORS = frozenset({"sync", "system"})
# actions the program does for a person (the demo street written on their PC)
AUTOMATIC_ACTIONS = {"demo_data": "demo_data"}
# detail keys shown as lines of their own (the rest stays in the raw detail for IT)
FACT_KEYS = ("reason", "code", "field", "resolution", "count", "rows", "created", "updated",
             "skipped", "file", "format", "masked", "full", "period", "repaired", "error",
             "pruned", "dictionary", "version", "name", "role", "scope", "tokens",
             "residents")
LOCAL_PREFIX = "local:"


@dataclass(frozen=True)
class Change:
    field: str                  # the column, named by the UI's field labels
    old: object
    new: object


@dataclass(frozen=True)
class Entry:
    at: str
    device: str
    who: str                    # a person's display name ('' when the program acted)
    role: str                   # their role code, when known
    automatic: str              # '' or 'sync' / 'system' / 'demo_data'
    action: str                 # 'create', 'update', 'reveal', 'case.accept', …
    entity: str                 # the table ('' when the action is about no record)
    record: str                 # which record, in words ('' when unknown)
    record_id: str              # its id (shortened by the UI when no words are known)
    changes: tuple[Change, ...] = ()
    fields: tuple[str, ...] = ()             # fields changed (records without values)
    facts: tuple[tuple[str, object], ...] = ()
    raw: str = ""               # the detail as stored, numbers redacted (for IT)
    source: dict = field(default_factory=dict, compare=False)

    @property
    def step(self) -> str:
        """The case step of a case action ('accept' of 'case.accept'), else ''."""
        return self.action[5:] if self.action.startswith("case.") else ""


def detail_of(record: dict) -> dict:
    detail = record.get("detail")
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            return {"text": detail}
    return detail if isinstance(detail, dict) else ({"items": detail} if detail else {})


def person_name(actor: str | None, names: dict[str, str]) -> str:
    """A person's display name: the name known for the id, a local account's name
    ("local:李书记" is 李书记), else the id itself."""
    actor = actor or ""
    if actor in names:
        return names[actor]
    if actor.startswith(LOCAL_PREFIX):
        return actor[len(LOCAL_PREFIX):]
    return actor


def describe(record: dict, *, names: dict[str, str] | None = None,
             roles: dict[str, str] | None = None,
             labels: dict[tuple[str, str], str] | None = None) -> Entry:
    """One audit record (the local log's row or the server's answer) in words."""
    names, roles, labels = names or {}, roles or {}, labels or {}
    detail = detail_of(record)
    actor = record.get("actor") or ""
    action = record.get("action") or ""
    automatic = AUTOMATIC_ACTIONS.get(action) or record.get("automatic") \
        or (actor if actor in AUTOMATIC_ACTORS else "")
    who = "" if actor in AUTOMATIC_ACTORS else (record.get("actor_name")
                                                 or person_name(actor, names))
    entity, entity_id = record.get("entity") or "", record.get("entity_id") or ""
    words = detail.get("record") or labels.get((entity, entity_id)) or ""
    values = detail.get("values") if isinstance(detail.get("values"), dict) else {}
    changes = tuple(Change(k, *(v if isinstance(v, list) and len(v) == 2 else (None, v)))
                    for k, v in values.items())
    # fields named without values: a record written before values were kept (a
    # move's unchanged parts and its address path are no news beside its values)
    fields = () if values else tuple(f for f in detail.get("fields") or ()
                                     if isinstance(f, str))
    facts = tuple((k, detail[k]) for k in FACT_KEYS if k in detail and detail[k] not in
                  (None, "", [], {}))
    raw = redact_numbers(json.dumps(detail, ensure_ascii=False, sort_keys=True)) if detail \
        else ""
    return Entry(at=record.get("at") or "", device=record.get("device_name")
                 or record.get("device") or "", who=who, role=roles.get(actor, ""),
                 automatic=automatic, action=action, entity=entity, record=str(words),
                 record_id=entity_id, changes=changes, fields=fields, facts=facts, raw=raw,
                 source=record)


def local_people(conn) -> tuple[dict[str, str], dict[str, str]]:
    """(names, roles) by user id, from what this PC knows: the signed-in user, and
    everyone who took a case step here (the case log keeps name and role)."""
    names: dict[str, str] = {}
    roles: dict[str, str] = {}
    for actor_id, name, role in conn.execute(
            "SELECT actor_id, actor_name, role FROM case_events WHERE actor_id IS NOT NULL "
            "GROUP BY actor_id"):
        if name:
            names[actor_id] = name
        if role in rights.TABLE:
            roles[actor_id] = role
    me = settings.get(conn, "user.id")
    if me:
        names[me] = settings.get(conn, "user.name") or names.get(me, "")
        role = settings.get(conn, "user.role")
        if role in rights.TABLE:
            roles[me] = role
    return names, roles


# a changed field that holds another record's id, and that record's table
ID_FIELDS = {"grid_id": "org_units", "household_id": "households", "room_id": "addresses",
             "address_id": "addresses", "parent_id": "addresses", "head_id": "residents",
             "resident_id": "residents", "holder_unit_id": "org_units", "unit": "org_units"}
# a changed field that holds a code of a code list, and the list
CHOICE_FIELDS = {"id_type": d.ID_TYPES, "gender": d.GENDERS, "ethnicity": d.ETHNICITIES,
                 "residence_type": d.RESIDENCE_TYPES, "relation": d.RELATIONS,
                 "political_status": d.POLITICAL_STATUS, "education": d.EDUCATION,
                 "marital_status": d.MARITAL_STATUS, "status": d.RESIDENT_STATUS,
                 "tag": d.TAG_TYPES}


def choice_of(field_name: str, value):
    """The code list entry a changed value names (the UI shows its label), or None."""
    table = CHOICE_FIELDS.get(field_name)
    if field_name == "kind" and value in d.HOUSEHOLD_KINDS:
        table = d.HOUSEHOLD_KINDS
    return table.get(value) if table and isinstance(value, str) else None


def local_labels(conn, records: list[dict]) -> dict[tuple[str, str], str]:
    """Words for the records of older audit entries (written before they carried
    their own) and for the records a change points to (a household, a grid), from
    the rows this PC holds."""
    wanted: dict[str, set[str]] = {}
    for r in records:
        entity, entity_id = r.get("entity"), r.get("entity_id")
        detail = detail_of(r)
        if entity and entity_id and not detail.get("record"):
            wanted.setdefault(entity, set()).add(entity_id)
        values = detail.get("values") if isinstance(detail.get("values"), dict) else {}
        for k, pair in values.items():
            if k in ID_FIELDS and isinstance(pair, list):
                for v in pair:
                    if isinstance(v, str):
                        wanted.setdefault(ID_FIELDS[k], set()).add(v)
    out = {}
    for entity, ids in wanted.items():
        if entity not in LABELLED:
            continue
        ids_list = sorted(ids)
        for start in range(0, len(ids_list), 500):
            chunk = ids_list[start:start + 500]
            cur = conn.execute(f"SELECT * FROM {entity} WHERE id IN "
                               f"({','.join('?' * len(chunk))})", chunk)
            cols = [c[0] for c in cur.description]
            for row in cur.fetchall():
                got = dict(zip(cols, row))
                label = record_label(conn, entity, got)
                if label:
                    out[(entity, got["id"])] = label
    return out


LABELLED = ("residents", "households", "cases", "addresses", "org_units", "resident_tags",
            "visits")
