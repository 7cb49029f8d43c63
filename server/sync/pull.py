"""The pull side of the sync engine (sync-protocol.md "Pull"), a mixin of
``Engine``: the change feed (``changes``), snapshot pages
(``snapshot_plan``, ``snapshot``) and the scope rules they share with verify, the
conflict list and photo reads (``read_clause``).
"""
from __future__ import annotations

import sqlalchemy as sa

from server import db
from server.auth import Principal
from server.errors import Gone, Reject
from server.sync.scope import HIDDEN, ancestors, public_row


class Pull:
    def retained(self, conn) -> int:
        return int(self.store.meta(conn, "retained_from", "0"))

    @staticmethod
    def safe_seq(conn) -> int:
        """The highest ``server_seq`` below which nothing can still commit: numbers are
        taken under a lock held until commit (db.Store.next_seq), so the committed
        counter is that horizon."""
        return conn.execute(sa.select(db.counters.c.value).where(
            db.counters.c.key == "server_seq")).scalar_one()

    @staticmethod
    def feed_bounds(conn) -> tuple[str | None, int, int]:
        """(epoch, retained_from, safe head) in one query: every poll asks, thousands
        of desktops poll (issue 16)."""
        m, c = db.server_meta, db.counters
        row = conn.execute(sa.select(
            sa.select(m.c.value).where(m.c.key == "epoch").scalar_subquery(),
            sa.select(m.c.value).where(m.c.key == "retained_from").scalar_subquery(),
            sa.select(c.c.value).where(c.c.key == "server_seq").scalar_subquery())).one()
        return row[0], int(row[1] or 0), int(row[2] or 0)

    def changes(self, p: Principal, cursor: int, limit: int) -> dict:
        entities = self.visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        ch = db.changes
        with self.store.read() as conn:
            epoch, retained, head = self.feed_bounds(conn)
            if cursor < retained:
                raise Gone()
            if cursor > head:
                # restored from a backup without new-epoch: the numbers after the backup
                # are being handed out again, below this desktop's cursor
                raise Gone("cursor_ahead")
            scope = self.scope_clause(p, ch)
            org = sa.and_(ch.c.entity == "org_units",
                          sa.or_(ch.c.shared, ch.c.scope_path.in_(ancestors(p.scope_path))))
            # who may receive a change is decided here, in SQL: a change the reader may
            # never see is not in the page, not in its size, not in has_more and not
            # in next_cursor (sync-protocol.md: invisible rows stay invisible)
            q = (sa.select(ch).where(ch.c.server_seq > cursor, ch.c.entity.in_(entities),
                                     sa.or_(scope, org), self.audience_clause(p))
                 .order_by(ch.c.server_seq).limit(limit + 1))
            raw = [dict(r) for r in conn.execute(q).mappings()]
            if raw and cursor < self.retained(conn):
                # a prune committed between the two reads: the page may lack what it
                # forgot (an empty page moves no cursor, so it needs no second look)
                raise Gone()
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
            hidden = self.key_hidden(conn, p, rows)
            self.name_authors(conn, [row for (e, _), row in rows.items() if e == "conflicts"])
        out = []
        for r in raw:
            key = (r["entity"], r["entity_id"])
            row = rows.get(key)
            if row is None:
                continue
            visible = self.visible(p, r["entity"], row) and key not in hidden
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
        entities = self.visible_entities(p)
        if not entities:
            raise Reject("forbidden", f"{p.role} does not sync")
        with self.store.read() as conn:
            return {"entities": list(entities), "at": self.safe_seq(conn),
                    "epoch": self.store.meta(conn, "epoch"), "scope_version": p.scope_version}

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
            current = self.safe_seq(conn)
            if at is None:
                at = current
            elif at > current:
                raise Gone("at_ahead")
            if at < self.retained(conn):
                raise Gone()
            where = self.row_clause(p, entity, t)
            if after:
                where.append(t.c.id > after)
            result = conn.execute(sa.select(t).where(*where).order_by(t.c.id).limit(limit + 1))
            names = list(result.keys())
            found = result.all()
            if at < self.retained(conn):
                raise Gone()     # a prune committed meanwhile: `at` no longer leads anywhere
            has_more = len(found) > limit
            found = found[:limit]
            if entity == "conflicts":
                dicts = [dict(zip(names, r)) for r in found]
                self.name_authors(conn, dicts)
                rows = [{"id": r["id"], "version": r["version"], "data": public_row(r)}
                        for r in dicts]
            else:
                # tuples straight into the page: a street's initial sync is 339k rows
                shown = [(i, k) for i, k in enumerate(names) if k not in HIDDEN]
                at_id, at_version = names.index("id"), names.index("version")
                rows = [{"id": r[at_id], "version": r[at_version],
                         "data": {k: r[i] for i, k in shown}} for r in found]
        return {"entity": entity, "rows": rows,
                "next_after": rows[-1]["id"] if rows else None, "has_more": has_more,
                "at": at, "epoch": epoch, "scope_version": p.scope_version}

