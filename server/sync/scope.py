"""Who may read what (a mixin of ``Engine``), shared by the feed, snapshots,
verification, the conflict list and photo reads:

- a row reaches the users whose scope holds its grid (``scope_path``) or, for a
  case, the unit holding it (``scope_path2``); org units also reach the scope's
  ancestors, and departments everyone;
- key-group tags (重点人群, PIPL sensitive) and conflicts about them reach only roles
  holding 防 (domain.md §2–§3). Each change row says who may receive it
  (``changes.audience``), so the feed is filtered in SQL: a reader without 防 gets
  no change, removal, id, count, page boundary or cursor of a key-group tag.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.models.domain.choices import TAG_TYPES
from server import authority, db
from app.models.domain import rights
from server.auth import Principal
from server.db import FOR_ALL, FOR_OTHERS, FOR_PREVENT
from server.errors import Reject

ORG_READERS_ONLY = rights.ORG_READERS_ONLY

PULL_ENTITIES = tuple(db.ENTITIES) + ("conflicts",)   # parents before children

# 重点人群 tags (PIPL sensitive) reach only roles holding 防 (domain.md §2–§3)
KEY_TAGS = frozenset(code for code, t in TAG_TYPES.items() if t.group == "key")

sees_key_groups = authority.sees_key_groups

def key_restricted(entity: str, row: dict | None) -> bool:
    """A row only roles holding 防 may know of: a key-group tag (重点人群)."""
    return row is not None and entity == "resident_tags" and row.get("tag") in KEY_TAGS

def path_range(prefix: str) -> tuple[str, str]:
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)

def ancestors(path: str) -> list[str]:
    """'/4101/410105/x/' -> ['/4101/', '/4101/410105/'] (the scope's parents)."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]

# the server's own bookkeeping: never in what a reader receives
HIDDEN = frozenset(("scope_path", "scope_path2", "server_seq", "updated_by", "updated_device"))


def public_row(row: dict) -> dict:
    """A row as the feed, snapshots and the scoped reads of server/verify.py show it."""
    return {k: v for k, v in row.items() if k not in HIDDEN}


class Scope:
    def scope_clause(self, p: Principal, t):
        if p.scope_path == "/":
            return sa.true()
        lo, hi = path_range(p.scope_path)
        return sa.or_(sa.and_(t.c.scope_path >= lo, t.c.scope_path < hi),
                      sa.and_(t.c.scope_path2 >= lo, t.c.scope_path2 < hi))

    def visible_entities(self, p: Principal) -> tuple[str, ...]:
        if p.role in ORG_READERS_ONLY:
            return ("org_units",)
        if p.role in rights.SYNC_ROLES:
            return PULL_ENTITIES
        return ()

    def visible(self, p: Principal, entity: str, row: dict) -> bool:
        """Scope rules for one loaded row (the change feed); ``_row_clause`` is the same
        in SQL (snapshot, verify, conflict list)."""
        if entity not in self.visible_entities(p):
            return False
        if entity == "org_units":
            return (p.in_scope(row["scope_path"]) or row["kind"] == "department"
                    or row["scope_path"] in ancestors(p.scope_path))
        return p.sees(row["scope_path"], row.get("scope_path2"))

    def row_clause(self, p: Principal, entity: str, t) -> list:
        """Live rows of ``entity`` that reach ``p``: the scope (org units: also the
        ancestors and the departments), not deleted, no key-group tag without 防."""
        where = [self.scope_clause(p, t)]
        if entity == "org_units":
            where = [sa.or_(where[0], t.c.kind == "department",
                            t.c.path.in_(ancestors(p.scope_path)))]
        if entity != "conflicts":
            where.append(t.c.deleted_at.is_(None))
        if not sees_key_groups(p):
            if entity == "resident_tags":
                where.append(sa.or_(t.c.tag.is_(None), t.c.tag.notin_(KEY_TAGS)))
            elif entity == "conflicts":
                where.append(t.c.id.notin_(self._key_conflicts()))
        return where

    @staticmethod
    def _key_conflicts():
        """The ids of conflicts only roles holding 防 may know of: about a tag that is
        key-group now, about a tag that is not stored (a create forwarded to the
        place's holder), or naming a key-group tag in either of their values."""
        cf, rt = db.conflicts, db.ENTITIES["resident_tags"]
        named = [sa.cast(column, sa.Text).contains(f'"{tag}"') for tag in sorted(KEY_TAGS)
                 for column in (cf.c.kept_value, cf.c.other_value)]
        return sa.select(cf.c.id).where(cf.c.entity == "resident_tags", sa.or_(
            cf.c.entity_id.in_(sa.select(rt.c.id).where(rt.c.tag.in_(KEY_TAGS))),
            ~sa.exists().where(rt.c.id == cf.c.entity_id), *named))

    def read_clause(self, p: Principal, entity: str, t) -> list | None:
        """The rows of ``entity`` that ``p`` may read now, as a WHERE list (the same as a
        snapshot's), or None when the role receives none at all (server/blobs.py reads
        photos through these)."""
        if entity not in self.visible_entities(p):
            return None
        return self.row_clause(p, entity, t)

    def audience_clause(self, p: Principal):
        """The changes ``p`` may receive at all, by who they were written for (see
        db.changes.audience). Conflicts are judged by their tag as it is now: a
        conflict is about a row, and follows that row's visibility."""
        ch = db.changes
        if sees_key_groups(p):
            return ch.c.audience.in_((FOR_ALL, FOR_PREVENT))
        return sa.and_(ch.c.audience.in_((FOR_ALL, FOR_OTHERS)),
                       sa.not_(sa.and_(ch.c.entity == "conflicts", ch.c.audience == FOR_ALL,
                                       ch.c.entity_id.in_(self._key_conflicts()))))

    def key_hidden(self, conn, p: Principal, rows: dict) -> set:
        """Keys of loaded rows a role without 防 may not hold: key-group tags and the
        conflicts about them."""
        if sees_key_groups(p):
            return set()
        hidden = {k for k, row in rows.items()
                  if k[0] == "resident_tags" and row.get("tag") in KEY_TAGS}
        about = [k[1] for k, row in rows.items()
                 if k[0] == "conflicts" and row["entity"] == "resident_tags"]
        if about:
            cf = db.conflicts
            hidden.update(("conflicts", cid) for cid in conn.execute(sa.select(cf.c.id).where(
                cf.c.id.in_(about), cf.c.id.in_(self._key_conflicts()))).scalars())
        return hidden

    def check_entity(self, p: Principal, entity: str) -> sa.Table:
        """The table of ``entity`` if ``p`` receives it (snapshot pages, /sync/rows,
        /sync/verify), else the refusal."""
        entities = self.visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        if entity not in PULL_ENTITIES:
            raise Reject("unknown_entity", f"unknown entity {entity!r}")
        if entity not in entities:
            raise Reject("forbidden", f"{p.role} does not receive {entity}")
        return db.conflicts if entity == "conflicts" else db.ENTITIES[entity]

    @staticmethod
    def name_authors(conn, conflict_rows: list[dict]) -> None:
        """A supervisor resolving a conflict wants to see who made each side, by name."""
        ids = {row.get(k) for row in conflict_rows for k in ("kept_author", "other_author")}
        ids.discard(None)
        if not ids:
            return
        u = db.users
        names = dict(conn.execute(sa.select(u.c.id, u.c.display_name).where(
            u.c.id.in_(sorted(ids)))).all())
        for row in conflict_rows:
            for side in ("kept", "other"):
                row[f"{side}_author_name"] = names.get(row.get(f"{side}_author"))

