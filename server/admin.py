"""Admin operations behind the command line: org tree import, dictionaries,
retention (prune), status."""
from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import sqlalchemy as sa

from app.models.domain import categories as cats
from app.models.domain import calendar as cal
from app.models.domain import stars
from server import auth, db, migrations
from server.sync.context import CHILDREN, Ctx, now_iso
from server.sync.engine import Engine

TOMBSTONE_DAYS = 180    # tombstones outlive the longest a desktop may stay offline

KIND_BY_LEN = {4: "city", 6: "district", 9: "street", 12: "community", 15: "grid",
               17: "micro_grid"}
LEVELS = {"city": 40, "district": 30, "street": 20, "community": 10, "grid": 0,
          "dedicated": 0, "micro_grid": -10, "department": 30}
SYSTEM = auth.Principal("system", "system", "admin", None, "/", 1, None, "")


def read_org_file(path: str | Path) -> list[dict]:
    """CSV (header: code,name[,kind][,parent_code]) or JSON (a list of such objects,
    or nested objects with ``children``)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(text)
        out: list[dict] = []

        def walk(items, parent=None):
            for item in items:
                row = {k: item.get(k) for k in ("code", "name", "kind", "parent_code",
                                                "party_branch", "party_secretary")}
                row["parent_code"] = row["parent_code"] or parent
                out.append(row)
                walk(item.get("children") or [], item["code"])
        walk(data if isinstance(data, list) else data.get("units", []))
        return out
    return [dict(r) for r in csv.DictReader(text.splitlines())]


def import_org(store: db.Store, engine: Engine, rows: list[dict], now: float | None = None
               ) -> dict:
    """Create or update org units by code; parents first (by code length)."""
    now = now or time.time()
    o = db.ENTITIES["org_units"]
    created = updated = 0
    rows = sorted(rows, key=lambda r: (len(str(r["code"])), str(r["code"])))
    with store.write() as conn:
        c = Ctx(conn, store, SYSTEM, now, now_iso(now))
        codes = {r[0]: r[1] for r in conn.execute(sa.select(o.c.code, o.c.id))}
        for r in rows:
            code, name = str(r["code"]).strip(), str(r["name"]).strip()
            if not code or not name:
                raise ValueError(f"row without code or name: {r}")
            kind = (r.get("kind") or "").strip() or KIND_BY_LEN.get(len(code))
            if kind not in LEVELS:
                raise ValueError(f"{code}: unknown kind {kind!r}")
            parent_code = (r.get("parent_code") or "").strip()
            if not parent_code and kind != "city":
                parent_code = next((code[:n] for n in (15, 12, 9, 6, 4)
                                    if n < len(code) and code[:n] in codes), "")
            parent = None
            if parent_code:
                if parent_code not in codes:
                    raise ValueError(f"{code}: parent {parent_code} not found")
                parent = engine.get_row(conn, "org_units", codes[parent_code])
            path = (parent["path"] if parent else "/") + code + "/"
            values = dict(code=code, name=name, kind=kind, level=LEVELS[kind],
                          parent_id=parent["id"] if parent else None, path=path,
                          party_branch=r.get("party_branch") or None,
                          party_secretary=r.get("party_secretary") or None, deleted_at=None)
            if code in codes:
                old = engine.get_row(conn, "org_units", codes[code])
                if any(old.get(k) != v for k, v in values.items()):
                    engine.write_row(c, "org_units", {**old, **values}, old=old)
                    updated += 1
            else:
                from app.models.domain.ids import uuid7
                values["id"] = uuid7()
                engine.write_row(c, "org_units", values, old=None)
                codes[code] = values["id"]
                created += 1
        auth.audit(conn, now, None, "org.import", None, None,
                   {"created": created, "updated": updated})
    return {"created": created, "updated": updated}


def load_dictionary(store: db.Store, name: str, source: str | None, now: float | None = None
                    ) -> int:
    """Store a dictionary (``categories`` or ``calendar``) for the desktops to fetch;
    ``source`` None = the one shipped with GridDesk."""
    now = now or time.time()
    if name == "categories":
        path = Path(source) if source else cats.default_path()
        content = json.loads(path.read_text(encoding="utf-8"))
        cats.Categories(content)   # validate
    elif name == "calendar":
        paths = [Path(source)] if source else sorted(cal.calendar_dir().glob("*.json"))
        if len(paths) == 1 and paths[0].is_dir():
            paths = sorted(paths[0].glob("*.json"))
        content = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
        cal.WorkCalendar(content)  # validate
    elif name == "stars":
        path = Path(source) if source else stars.default_path()
        content = json.loads(path.read_text(encoding="utf-8"))
        stars.Scheme(content)      # validate
    else:
        raise ValueError("dictionary is categories, calendar or stars")
    with store.write() as conn:
        old, old_content = conn.execute(
            sa.select(db.dictionaries.c.version, db.dictionaries.c.content)
            .where(db.dictionaries.c.name == name)).first() or (None, None)
        if name == "calendar":
            # one year's notice at a time (2027 comes each November): keep the other
            # years, those loaded before or else the shipped ones
            by_year = {int(n["year"]): n for n in (old_content or cal.load_notices())}
            by_year.update({int(n["year"]): n for n in content})
            content = [by_year[y] for y in sorted(by_year)]
        version = (old or 0) + 1
        if old is None:
            conn.execute(db.dictionaries.insert().values(name=name, version=version,
                                                         content=content, updated_at=auth.iso(now)))
        else:
            conn.execute(db.dictionaries.update().where(db.dictionaries.c.name == name).values(
                version=version, content=content, updated_at=auth.iso(now)))
        auth.audit(conn, now, None, "dictionary.load", "dictionaries", name, {"version": version})
    return version


# Tombstones are hard-deleted children first; a resident or case goes only once no
# child row refers to it (the server finds a tag's or event's scope through it).
# Org units are never hard-deleted: every row's scope is found through them.
PRUNE_ORDER = ("resident_tags", "case_events", "case_residents", "house_tenants",
               "org_employees", "inspections", "visits", "organizations", "houses",
               "residents", "households", "addresses", "cases")


def prune(store: db.Store, days: int, now: float | None = None, *,
          tombstone_days: int | None = None) -> dict:
    """Forget what is older than ``days``: change-feed rows and long-expired tokens;
    and tombstones (deleted rows) whose last change is among them and that were
    deleted more than ``tombstone_days`` ago (default: the settings' 180, never fewer
    than ``days``): longer than the longest a desktop may stay offline, so its
    edits of a deleted row still meet the row. Even then the ids of pruned
    tombstones stay in ``graveyard``: an edit of one is an edit-vs-delete conflict a
    supervisor sees, never a silent "not found" (sync-protocol.md amendments).
    ``retained_from`` moves up to the newest forgotten change, so a desktop whose
    cursor (or snapshot ``at``) is older gets 410 and starts again with a snapshot.
    Applied op ids are kept: a desktop that comes back after the retention re-pushes
    its unconfirmed ops and each must still have exactly one effect."""
    if days < 1:
        raise ValueError("--days must be at least 1")
    now = now or time.time()
    cutoff = now - days * 86400
    keep = max(days, tombstone_days if tombstone_days is not None else TOMBSTONE_DAYS)
    tomb_cutoff = now_iso(now - keep * 86400)
    with store.write() as conn:
        ch = db.changes
        retained = int(store.meta(conn, "retained_from", "0"))
        horizon = conn.execute(sa.select(sa.func.max(ch.c.server_seq))
                               .where(ch.c.at < now_iso(cutoff))).scalar()
        out = {"retained_from": retained, "changes": 0, "tombstones": {}, "tokens": 0}
        if horizon is not None and horizon > retained:
            out["changes"] = conn.execute(ch.delete().where(ch.c.server_seq <= horizon)
                                          ).rowcount
            for entity in PRUNE_ORDER:
                t = db.ENTITIES[entity]
                where = [t.c.deleted_at.is_not(None), t.c.server_seq <= horizon,
                         t.c.deleted_at < tomb_cutoff]
                for child, key in CHILDREN.get(entity, ()):
                    ct = db.ENTITIES[child]
                    where.append(~sa.exists().where(ct.c[key] == t.c.id))
                conn.execute(db.graveyard.insert().from_select(
                    ["entity", "id", "scope_path", "scope_path2", "deleted_at", "deleted_by",
                     "pruned_at"],
                    sa.select(sa.literal(entity), t.c.id, t.c.scope_path, t.c.scope_path2,
                              t.c.deleted_at, t.c.updated_by, sa.literal(now_iso(now)))
                    .where(*where, ~sa.exists().where(db.graveyard.c.entity == entity,
                                                      db.graveyard.c.id == t.c.id))))
                n = conn.execute(t.delete().where(*where)).rowcount
                if n:
                    out["tombstones"][entity] = n
            store.set_meta(conn, "retained_from", str(horizon))
            out["retained_from"] = horizon
        out["tokens"] = conn.execute(db.tokens.delete().where(db.tokens.c.expires_at < cutoff)
                                     ).rowcount
        auth.audit(conn, now, None, "retention.prune", None, None, {"days": days, **out})
    return out


def status(store: db.Store) -> dict:
    with store.read() as conn:
        out = {"schema_version": migrations.current_version(conn),
               "latest_schema_version": migrations.LATEST,
               "epoch": store.meta(conn, "epoch"),
               "retained_from": int(store.meta(conn, "retained_from", "0")),
               "server_seq": conn.execute(sa.select(db.counters.c.value).where(
                   db.counters.c.key == "server_seq")).scalar_one_or_none(),
               "users": conn.execute(sa.select(sa.func.count()).select_from(db.users)).scalar(),
               "devices": conn.execute(sa.select(sa.func.count()).select_from(db.devices)
                                       ).scalar(),
               "held_ops": conn.execute(sa.select(sa.func.count()).select_from(db.held_ops)
                                        ).scalar(),
               "open_conflicts": conn.execute(sa.select(sa.func.count()).select_from(
                   db.conflicts).where(db.conflicts.c.state == "open")).scalar(),
               "rows": {name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                        for name, t in db.ENTITIES.items()},
               "dictionaries": {n: v for n, v in conn.execute(
                   sa.select(db.dictionaries.c.name, db.dictionaries.c.version))}}
    return out
