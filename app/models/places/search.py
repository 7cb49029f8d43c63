"""Search over houses (实有房屋) and organizations (实有单位), done in SQLite.

Two FTS5 tables, like the residents' (``app.models.roster.search``):

  house_search  name  the owner's and the landlord's names (typed, or the resident's),
                      every character a token: a phrase finds any substring;
                py    their pinyin keys (initials and whole syllables), by prefix;
                addr  the address without spaces, every character a token but digit
                      runs whole ("红专路 12号" and "红专路12号" alike);
  org_search    name, addr as above; py the pinyin of the name from each character
                on ("huimian", "hmg" for 老王烩面馆: a shop is asked for by any part of
                its name); tail the credit code reversed (a typed tail is a prefix).

The tables are contentless; their rowid is ``place_search_keys.sid``, a stable
integer per house or organization id (the tables' own rowids are not stable: they
have text primary keys, and VACUUM may renumber them).

**Kept current by triggers** (``TRIGGERS``; no ``OR IGNORE`` in them: the conflict
policy of the statement that fired a trigger overrides its statements', and the pull
writes with upserts), so every path that changes a row keeps
its index right without knowing about it: the one write path, a sync pull (rows
applied as server state, deletions by the server), the content verification's
repairs, the demo and an import. The index values are computed by SQL functions
registered on every connection the store opens (``register_functions``;
``app.models.store.database``): a connection without them cannot write a house or an
organization (the trigger fails loudly and the write is undone), so the index is
never silently stale. An address renamed re-indexes the houses and organizations
there; a resident renamed, the houses that name them as owner or landlord.

Queries return rows in index order (rowid), so a keystroke's first page is read off
the index and stops at the page's end instead of sorting every match.
"""
from __future__ import annotations

import functools
import re

from app.models.domain import rules
from app.models.roster import pinyin
from app.models.roster.search import phrase, spaced

FTS_OPTIONS = ("tokenize='unicode61 remove_diacritics 0', content='', contentless_delete=1, "
               "prefix='1 2 3'")

SCHEMA = f"""
CREATE TABLE place_search_keys (sid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE house_search USING fts5(name, py, addr, {FTS_OPTIONS});
CREATE VIRTUAL TABLE org_search USING fts5(name, py, addr, tail, {FTS_OPTIONS});
CREATE INDEX IF NOT EXISTS houses_owner ON houses(owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS houses_landlord ON houses(landlord_id) WHERE landlord_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS organizations_address ON organizations(address_id);
"""

# The rows to (re-)index, ``{where}`` choosing them (``h``/``o`` the row).
HOUSE_ROWS = """
INSERT INTO house_search(rowid, name, py, addr)
SELECT k.sid,
       griddesk_spaced(concat_ws(' ', h.owner_name, h.landlord_name, ro.name, rl.name)),
       griddesk_person_keys(concat_ws(' ', h.owner_name, h.landlord_name, ro.name, rl.name)),
       griddesk_address(a.full_name)
FROM houses h JOIN place_search_keys k ON k.id = h.id
LEFT JOIN addresses a ON a.id = h.address_id
LEFT JOIN residents ro ON ro.id = h.owner_id
LEFT JOIN residents rl ON rl.id = h.landlord_id
WHERE h.deleted_at IS NULL AND {where};
"""
ORG_ROWS = """
INSERT INTO org_search(rowid, name, py, addr, tail)
SELECT k.sid, griddesk_spaced(o.name), griddesk_org_keys(o.name),
       griddesk_address(a.full_name), griddesk_tail(o.credit_code)
FROM organizations o JOIN place_search_keys k ON k.id = o.id
LEFT JOIN addresses a ON a.id = o.address_id
WHERE o.deleted_at IS NULL AND {where};
"""
UNINDEX = ("DELETE FROM {fts} WHERE rowid IN (SELECT k.sid FROM place_search_keys k "
           "WHERE k.id IN ({ids}));")


def _reindex(fts: str, rows: str, where: str, ids: str) -> str:
    return UNINDEX.format(fts=fts, ids=ids) + "\n" + rows.format(where=where)


HOUSE_COLUMNS = "address_id, owner_name, landlord_name, owner_id, landlord_id, deleted_at"
ORG_COLUMNS = "name, credit_code, address_id, deleted_at"

TRIGGERS = f"""
CREATE TRIGGER houses_search_insert AFTER INSERT ON houses BEGIN
  INSERT INTO place_search_keys(id) SELECT new.id WHERE NOT EXISTS (
    SELECT 1 FROM place_search_keys WHERE id = new.id);
  {_reindex("house_search", HOUSE_ROWS, "h.id = new.id", "new.id")}
END;
CREATE TRIGGER houses_search_update AFTER UPDATE OF {HOUSE_COLUMNS} ON houses BEGIN
  INSERT INTO place_search_keys(id) SELECT new.id WHERE NOT EXISTS (
    SELECT 1 FROM place_search_keys WHERE id = new.id);
  {_reindex("house_search", HOUSE_ROWS, "h.id = new.id", "new.id")}
END;
CREATE TRIGGER houses_search_delete AFTER DELETE ON houses BEGIN
  {UNINDEX.format(fts="house_search", ids="old.id")}
  DELETE FROM place_search_keys WHERE id = old.id;
END;
CREATE TRIGGER organizations_search_insert AFTER INSERT ON organizations BEGIN
  INSERT INTO place_search_keys(id) SELECT new.id WHERE NOT EXISTS (
    SELECT 1 FROM place_search_keys WHERE id = new.id);
  {_reindex("org_search", ORG_ROWS, "o.id = new.id", "new.id")}
END;
CREATE TRIGGER organizations_search_update AFTER UPDATE OF {ORG_COLUMNS} ON organizations
BEGIN
  INSERT INTO place_search_keys(id) SELECT new.id WHERE NOT EXISTS (
    SELECT 1 FROM place_search_keys WHERE id = new.id);
  {_reindex("org_search", ORG_ROWS, "o.id = new.id", "new.id")}
END;
CREATE TRIGGER organizations_search_delete AFTER DELETE ON organizations BEGIN
  {UNINDEX.format(fts="org_search", ids="old.id")}
  DELETE FROM place_search_keys WHERE id = old.id;
END;
CREATE TRIGGER addresses_places_search AFTER UPDATE OF full_name ON addresses
WHEN old.full_name IS NOT new.full_name BEGIN
  {_reindex("house_search", HOUSE_ROWS, "h.address_id = new.id",
            "SELECT id FROM houses WHERE address_id = new.id")}
  {_reindex("org_search", ORG_ROWS, "o.address_id = new.id",
            "SELECT id FROM organizations WHERE address_id = new.id")}
END;
CREATE TRIGGER residents_places_search AFTER UPDATE OF name ON residents
WHEN old.name IS NOT new.name BEGIN
  {_reindex("house_search", HOUSE_ROWS, "(h.owner_id = new.id OR h.landlord_id = new.id)",
            "SELECT id FROM houses WHERE owner_id = new.id UNION "
            "SELECT id FROM houses WHERE landlord_id = new.id")}
END;
"""


# -- the index values (SQL functions) -----------------------------------------

def address_tokens(address: str | None) -> str:
    return spaced((address or "").replace(" ", ""))


def person_keys(names: str | None) -> str:
    """Pinyin keys of every name in ``names`` (space-separated), as residents' are."""
    keys: list[str] = []
    for name in (names or "").split():
        keys += [k for k in pinyin.name_keys(name) if k not in keys]
    return " ".join(keys)


@functools.lru_cache(maxsize=65536)
def org_keys(name: str | None) -> str:
    """An organization's name as pinyin, initials and whole syllables, from each
    character on; Latin words as they are."""
    syls = pinyin.syllables(name or "")
    keys = re.findall(r"[a-z]+", (name or "").lower())
    for i in range(len(syls)):
        keys.append("".join(s[0] for s in syls[i:]))
        keys.append("".join(syls[i:]))
    return " ".join(dict.fromkeys(k for k in keys if k))


def tail_tokens(code: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (code or "").lower())[::-1]


FUNCTIONS = {
    "griddesk_spaced": spaced,
    "griddesk_address": address_tokens,
    "griddesk_person_keys": person_keys,
    "griddesk_org_keys": org_keys,
    "griddesk_tail": tail_tokens,
}


def register_functions(conn) -> None:
    """The functions the triggers call, on one connection (every connection the
    store opens: ``app.models.store.database``)."""
    for name, fn in FUNCTIONS.items():
        conn.create_function(name, 1, fn, deterministic=True)


def reindex_all(conn) -> int:
    """Index every live house and organization anew (schema step 15 after creating
    the tables and triggers; a repair). Returns the rows indexed."""
    conn.execute("DELETE FROM house_search")
    conn.execute("DELETE FROM org_search")
    conn.execute("INSERT OR IGNORE INTO place_search_keys(id) SELECT id FROM houses")
    conn.execute("INSERT OR IGNORE INTO place_search_keys(id) SELECT id FROM organizations")
    done = conn.execute(HOUSE_ROWS.format(where="1")).rowcount
    return done + conn.execute(ORG_ROWS.format(where="1")).rowcount


# -- queries ------------------------------------------------------------------

def build_match(text: str, *, tail: bool) -> str | None:
    """What was typed, as an FTS5 expression over house_search (``tail`` False) or
    org_search; terms split by spaces are ANDed. Letters alone may be pinyin, a name's
    Latin word or part of an address; digits (with letters) a credit code's tail or a
    door or room number; anything else part of a name or an address."""
    text = rules.clean_query_text(text).lower()
    terms = [re.sub(r'["*^:()\-+]', "", t) for t in text.split()]
    terms = [t for t in terms if t]
    if len(terms) > 1 and all(re.fullmatch(r"[a-z]+", t) for t in terms):
        terms = ["".join(terms)]      # "lao wang" is one name typed with spaces
    parts = []
    for term in terms:
        quoted = phrase(term)
        if quoted is None:
            continue
        if re.fullmatch(r"[a-z]+", term):
            alts = [f'py : "{term}" *', f'name : "{term}" *', f"addr : {quoted}"]
        elif re.fullmatch(r"[0-9a-z]+", term):
            alts = [f"addr : {quoted}"]
            if tail:
                alts.append(f'tail : "{term[::-1]}" *')
        else:
            alts = [f"name : {quoted}", f"addr : {quoted}"]
        parts.append("(" + " OR ".join(alts) + ")")
    return " AND ".join(parts) if parts else None


def matching_ids(conn, entity: str, text: str, where: list[str], params: list,
                 limit: int) -> list[str] | None:
    """Ids of the live ``entity`` rows ("houses": alias h, "organizations": alias o)
    the text finds that also pass ``where``, at most ``limit``, in index order; None
    when the text has nothing to search for."""
    fts, alias = {"houses": ("house_search", "h"), "organizations": ("org_search", "o")}[entity]
    match = build_match(text, tail=entity == "organizations")
    if match is None:
        return None
    sql = (f"SELECT {alias}.id FROM {fts} s CROSS JOIN place_search_keys k ON k.sid = s.rowid "
           f"CROSS JOIN {entity} {alias} ON {alias}.id = k.id WHERE {fts} MATCH ? AND "
           + " AND ".join(where) + " ORDER BY s.rowid LIMIT ?")
    return [r[0] for r in conn.execute(sql, [match, *params, limit])]
