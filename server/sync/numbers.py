"""The city's short case numbers (app/models/domain/case_fields.py): ``JS2612-00042`` =
the district's letters, the year and month, and the district's sequence of that month.

Given on the server only, when a case row is first written (a desktop's create op,
an intake request, the demo), so a number is unique city-wide: the sequence is one
``counters`` row per district and month, bumped in the writing transaction (its row
lock keeps two pushes of one district apart until commit; a push redone or refused
gives its number back with the rollback). The desktop receives it with the row on its
next pull and shows it instead of its provisional number."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from app.models.domain import case_fields
from server import db


def next_in(conn, key: str) -> int:
    """Bump the counter ``key`` (made at 1) and return its new value."""
    insert = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(
        db.counters).values(key=key, value=1)
    return conn.execute(insert.on_conflict_do_update(
        index_elements=[db.counters.c.key], set_={"value": db.counters.c.value + 1})
        .returning(db.counters.c.value)).scalar_one()


def city_number(conn, grid_code: str, at: str) -> str:
    """The next number of the district of ``grid_code`` in the month of ``at`` (an ISO
    time in the city's zone: the month the city was in when the case arrived)."""
    yymm = at[2:4] + at[5:7]
    prefix = case_fields.district_prefix(grid_code)
    seq = next_in(conn, f"case_no:{prefix}{yymm}")
    return case_fields.city_number(grid_code, yymm, seq)

