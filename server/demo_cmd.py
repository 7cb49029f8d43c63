"""``python -m server demo``: the demo city of ``./dev demo`` (``server.demo.seed``:
the desktop's demo street written through the server's write path, demo users of
each role) made into any database, for people evaluating the server alone.

A database that already holds residents (or the demo's user names) is refused
unless ``--force``: demo people mixed into a real roster would reach real desktops
by their next sync, and nobody could tell them apart afterwards.
"""
from __future__ import annotations

import sqlalchemy as sa

from server import db, demo, migrations
from server.config import Settings

# the user names ``server.demo.demo_users`` gives (worker1, worker2, … for the grids)
FIXED_DEMO_USERS = ("supervisor", "center", "dept")


class DemoRefused(ValueError):
    """The database is not empty; the message says what it holds."""


def occupied(conn: sa.Connection) -> str | None:
    """What in the database a demo must not be mixed into, or None when it is empty
    of people: residents (live or deleted) or accounts with the demo's user names."""
    r = db.ENTITIES["residents"]
    residents = conn.execute(sa.select(sa.func.count()).select_from(r)).scalar()
    if residents:
        return f"it already holds {residents} residents"
    u = db.users.c
    names = [n for (n,) in conn.execute(sa.select(u.username).where(
        sa.or_(u.username.in_(FIXED_DEMO_USERS), u.username.like("worker%"))))]
    if names:
        return f"it already has the demo's accounts ({', '.join(sorted(names)[:5])})"
    return None


def make(settings: Settings, *, residents: int, cases: int | None, seed_no: int,
         force: bool = False, progress=None) -> dict:
    """Migrate ``settings.db_url`` and seed the demo city into it; returns the counts,
    the accounts (username, name, role, scope) and their password."""
    if residents < 1:
        raise ValueError("--residents must be at least 1")
    if cases is not None and cases < 0:
        raise ValueError("--cases must not be negative")
    store = db.Store(settings.db_url)
    try:
        migrations.migrate(store)
        with store.read() as conn:
            problem = occupied(conn)
        if problem and not force:
            raise DemoRefused(f"refusing to write demo data into this database: {problem}. "
                              "Use an empty database, or --force to add the demo anyway.")
        out = demo.seed(store, settings, residents=residents, seed_no=seed_no, cases=cases,
                        progress=progress, keep_existing_users=force)
        with store.read() as conn:
            u, o = db.users, db.ENTITIES["org_units"]
            rows = conn.execute(
                sa.select(u.c.username, u.c.display_name, u.c.role, o.c.code)
                .outerjoin(o, o.c.id == u.c.scope_unit_id)
                .where(u.c.username.in_(out["users"]))).all()
        order = {name: i for i, name in enumerate(out["users"])}
        out["accounts"] = sorted(([name, display, role, code or ""]
                                  for name, display, role, code in rows),
                                 key=lambda a: order[a[0]])
        return out
    finally:
        store.dispose()


def describe(out: dict) -> str:
    """What the evaluator reads: what was made, the accounts and their password."""
    counts = out["counts"]
    lines = [f"demo city ready: {counts.get('org_units', 0)} org units, "
             f"{counts.get('residents', 0)} residents, {counts.get('households', 0)} "
             f"households, {counts.get('cases', 0)} cases",
             f"accounts (password for all: {out['password']}):"]
    width = max((len(a[0]) for a in out["accounts"]), default=8)
    for username, display, role, code in out["accounts"]:
        lines.append(f"  {username:<{width}}  {role:<22} scope {code or 'city':<16} {display}")
    if out.get("kept_users"):
        lines.append("kept as they were (their passwords are unchanged): "
                     + ", ".join(out["kept_users"]))
    return "\n".join(lines)
