"""Rows as dicts: the read helpers every area's queries use (roster, cases, party,
home, report). Plain cursor work on purpose: these run on the hot paths (a case
list page, the home screen's counts), where sqlite-utils' ``Database.query``
costs twice as much per query (a savepoint around each; docs/architecture.md).
"""
from __future__ import annotations


def all_dicts(conn, sql: str, params=()) -> list[dict]:
    """Every row of ``sql`` as a dict keyed by column name."""
    cur = conn.execute(sql, params)
    names = [c[0] for c in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def one_dict(conn, sql: str, params=()) -> dict | None:
    """The first row of ``sql`` as a dict, or None."""
    cur = conn.execute(sql, params)
    row = cur.fetchone()
    return dict(zip([c[0] for c in cur.description], row)) if row else None
