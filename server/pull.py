"""The pull side of the sync engine (sync-protocol.md "Pull"), a mixin of
server/sync.py ``Engine``: the change feed (``changes``), snapshot pages
(``snapshot_plan``, ``snapshot``) and the scope rules they share with verify, the
conflict list and photo reads (``read_clause``).

Who receives what:

- a row reaches the users whose scope holds its grid (``scope_path``) or, for a
  case, the unit holding it (``scope_path2``); org units also reach the scope's
  ancestors, and departments everyone;
- key-group tags (重点人群, PIPL sensitive) and conflicts about them reach only roles
  holding 防 (domain.md §2–§3). In the feed each change row says who may receive it
  (``changes.audience``, written with it by ``Engine.write_row``), so the page is
  filtered in SQL: a reader without 防 gets no change, removal, id, count, page
  boundary or cursor of a key-group tag, exactly as if it did not exist
  (sync-protocol.md amendments: invisible rows stay invisible). A tag that turns
  key-group reaches them once more, as the removal of what they held; one that
  stops being key-group arrives as a new row.

A new scope or role bumps the user's ``scope_version`` and a restored backup the
server's ``epoch``; both come with every page and tell the desktop to rebuild from
a snapshot (the feed does not replay an old scope as removals).
"""
from __future__ import annotations

import sqlalchemy as sa

from app.models.domain import rights
from app.models.domain.choices import TAG_TYPES
from server import authority, db
from server.auth import Principal
from server.db import FOR_ALL, FOR_OTHERS, FOR_PREVENT
from server.errors import Gone, Reject

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


def public_row(row: dict) -> dict:
    """A row as the feed, snapshots and the scoped reads of server/verify.py show it."""
    return {k: v for k, v in row.items()
            if k not in ("scope_path", "scope_path2", "server_seq", "updated_by",
                         "updated_device")}


class Pull:
    """Mixin: needs the Engine's ``store``."""

    def _scope_clause(self, p: Principal, t):
        if p.scope_path == "/":
            return sa.true()
        lo, hi = path_range(p.scope_path)
        return sa.or_(sa.and_(t.c.scope_path >= lo, t.c.scope_path < hi),
                      sa.and_(t.c.scope_path2 >= lo, t.c.scope_path2 < hi))

    def _visible_entities(self, p: Principal) -> tuple[str, ...]:
        if p.role in ORG_READERS_ONLY:
            return ("org_units",)
        if p.role in rights.SYNC_ROLES:
            return PULL_ENTITIES
        return ()

    def _visible(self, p: Principal, entity: str, row: dict) -> bool:
        """Scope rules for one loaded row (the change feed); ``_row_clause`` is the same
        in SQL (snapshot, verify, conflict list)."""
        if entity not in self._visible_entities(p):
            return False
        if entity == "org_units":
            return (p.in_scope(row["scope_path"]) or row["kind"] == "department"
                    or row["scope_path"] in ancestors(p.scope_path))
        return p.sees(row["scope_path"], row.get("scope_path2"))

    def _row_clause(self, p: Principal, entity: str, t) -> list:
        """Live rows of ``entity`` that reach ``p``: the scope (org units: also the
        ancestors and the departments), not deleted, no key-group tag without 防."""
        where = [self._scope_clause(p, t)]
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
        if entity not in self._visible_entities(p):
            return None
        return self._row_clause(p, entity, t)

    def _audience_clause(self, p: Principal):
        """The changes ``p`` may receive at all, by who they were written for (see
        db.changes.audience). Conflicts are judged by their tag as it is now: a
        conflict is about a row, and follows that row's visibility."""
        ch = db.changes
        if sees_key_groups(p):
            return ch.c.audience.in_((FOR_ALL, FOR_PREVENT))
        return sa.and_(ch.c.audience.in_((FOR_ALL, FOR_OTHERS)),
                       sa.not_(sa.and_(ch.c.entity == "conflicts", ch.c.audience == FOR_ALL,
                                       ch.c.entity_id.in_(self._key_conflicts()))))

    def _key_hidden(self, conn, p: Principal, rows: dict) -> set:
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

    def _retained(self, conn) -> int:
        return int(self.store.meta(conn, "retained_from", "0"))

    @staticmethod
    def _safe_seq(conn) -> int:
        """The highest ``server_seq`` below which nothing can still commit: numbers are
        taken under a lock held until commit (db.Store.next_seq), so the committed
        counter is that horizon."""
        return conn.execute(sa.select(db.counters.c.value).where(
            db.counters.c.key == "server_seq")).scalar_one()

    def changes(self, p: Principal, cursor: int, limit: int) -> dict:
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        ch = db.changes
        with self.store.read() as conn:
            epoch = self.store.meta(conn, "epoch")
            if cursor < self._retained(conn):
                raise Gone()
            if cursor > self._safe_seq(conn):
                # restored from a backup without new-epoch: the numbers after the backup
                # are being handed out again, below this desktop's cursor
                raise Gone("cursor_ahead")
            scope = self._scope_clause(p, ch)
            org = sa.and_(ch.c.entity == "org_units",
                          sa.or_(ch.c.shared, ch.c.scope_path.in_(ancestors(p.scope_path))))
            # who may receive a change is decided here, in SQL: a change the reader may
            # never see is not in the page, not in its size, not in has_more and not
            # in next_cursor (sync-protocol.md: invisible rows stay invisible)
            q = (sa.select(ch).where(ch.c.server_seq > cursor, ch.c.entity.in_(entities),
                                     sa.or_(scope, org), self._audience_clause(p))
                 .order_by(ch.c.server_seq).limit(limit + 1))
            raw = [dict(r) for r in conn.execute(q).mappings()]
            if cursor < self._retained(conn):
                raise Gone()     # a prune committed between the two reads
            has_more = len(raw) > limit
            raw = raw[:limit]
            rows: dict[tuple[str, str], dict] = {}
            by_entity: dict[str, set] = {}
            for r in raw:
                by_entity.setdefault(r["entity"], set()).add(r["entity_id"])
            for entity, ids in by_entity.items():
                t = db.conflicts if entity == "conflicts" else db.ENTITIES[entity]
                key = t.c.id
                for row in conn.execute(sa.select(t).where(key.in_(list(ids)))).mappings():
                    rows[(entity, row["id"])] = dict(row)
            hidden = self._key_hidden(conn, p, rows)
            self._name_authors(conn, [row for (e, _), row in rows.items() if e == "conflicts"])
        out = []
        for r in raw:
            key = (r["entity"], r["entity_id"])
            row = rows.get(key)
            if row is None:
                continue
            visible = self._visible(p, r["entity"], row) and key not in hidden
            if r["kind"] == "remove":
                # the row left the scope, or turned key-group (a FOR_OTHERS removal);
                # unless it is back by now, the reader drops what they held. Its
                # version is the one it left at, not a count of later hidden edits.
                if not visible:
                    out.append({"server_seq": r["server_seq"], "entity": r["entity"],
                                "id": r["entity_id"], "deleted": True, "removed": True,
                                "version": r["version"] or row["version"]})
                continue
            if row["server_seq"] > r["server_seq"] or not visible:
                # a later change of this row follows; or the row is no longer the
                # reader's (its removal comes with the change that took it away)
                continue
            item = {"server_seq": r["server_seq"], "entity": r["entity"], "id": r["entity_id"],
                    "version": row["version"]}
            if row.get("deleted_at") and r["entity"] != "conflicts":
                item["deleted"] = True
            else:
                item["data"] = public_row(row)
            out.append(item)
        # the last change the reader may receive, or where they asked from: never the
        # number of a change they may not see (the head would count hidden changes)
        next_cursor = raw[-1]["server_seq"] if raw else cursor
        return {"changes": out, "next_cursor": next_cursor, "has_more": has_more,
                "epoch": epoch, "scope_version": p.scope_version}

    # ------------------------------------------------------------ snapshot
    def snapshot_plan(self, p: Principal) -> dict:
        """What an initial sync (or a rebuild after 410, a new epoch or a new
        scope_version) fetches: these entities in this order, each as snapshot pages,
        then /sync/changes from ``at``."""
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        with self.store.read() as conn:
            return {"entities": list(entities), "at": self._safe_seq(conn),
                    "epoch": self.store.meta(conn, "epoch"), "scope_version": p.scope_version}

    def check_entity(self, p: Principal, entity: str) -> sa.Table:
        """The table of ``entity`` if ``p`` receives it (snapshot pages, /sync/rows,
        /sync/verify), else the refusal."""
        entities = self._visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        if entity not in PULL_ENTITIES:
            raise Reject("unknown_entity", f"unknown entity {entity!r}")
        if entity not in entities:
            raise Reject("forbidden", f"{p.role} does not receive {entity}")
        return db.conflicts if entity == "conflicts" else db.ENTITIES[entity]

    def snapshot(self, p: Principal, entity: str, after: str | None, limit: int,
                 at: int | None = None) -> dict:
        """One page of the live rows of ``entity`` in ``p``'s scope, by id after
        ``after``. Rows are read now, not as of ``at``: a row changed after ``at`` comes
        with its newer version here and again in the changes after ``at``, and the
        client keeps the higher version; a row deleted or moved away after ``at`` is
        missing here and its removal is in those changes."""
        t = self.check_entity(p, entity)
        with self.store.read() as conn:
            epoch = self.store.meta(conn, "epoch")
            current = self._safe_seq(conn)
            if at is None:
                at = current
            elif at > current:
                raise Gone("at_ahead")
            if at < self._retained(conn):
                raise Gone()
            where = self._row_clause(p, entity, t)
            if after:
                where.append(t.c.id > after)
            found = [dict(r) for r in conn.execute(
                sa.select(t).where(*where).order_by(t.c.id).limit(limit + 1)).mappings()]
            if at < self._retained(conn):
                raise Gone()     # a prune committed meanwhile: `at` no longer leads anywhere
            if entity == "conflicts":
                self._name_authors(conn, found)
        has_more = len(found) > limit
        found = found[:limit]
        return {"entity": entity,
                "rows": [{"id": r["id"], "version": r["version"], "data": public_row(r)}
                         for r in found],
                "next_after": found[-1]["id"] if found else None, "has_more": has_more,
                "at": at, "epoch": epoch, "scope_version": p.scope_version}

    @staticmethod
    def _name_authors(conn, conflict_rows: list[dict]) -> None:
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
