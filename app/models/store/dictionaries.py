"""The synced dictionaries (categories, calendar) held in the encrypted store.

app/sync/dictionaries.py stores what the server loaded (table ``dictionaries``,
schema v9); everything on the desktop that needs categories or the calendar asks
``current``/``Current`` for them, and gets the shipped files where the server loaded
nothing. What a dictionary is and how it is built: ``app.models.domain.dictionaries``.
"""
from __future__ import annotations

import json

from app.models.domain.dictionaries import SYNCED, build, canonical, digest

_built: dict[tuple, object] = {}      # (name, version, sha256) -> built dictionary
_generation = 0                       # bumped after a new version is committed


def changed() -> None:
    """Call after committing a new dictionary version: every ``Current`` looks again."""
    global _generation
    _generation += 1


def stored(conn) -> dict[str, tuple[int, str]]:
    """name -> (version, sha256) of the versions held; empty on a store without them."""
    try:
        rows = conn.execute("SELECT name, version, sha256 FROM dictionaries").fetchall()
    except Exception as exc:   # noqa: BLE001 - sqlcipher3's errors and sqlite3's alike
        if "no such table" not in str(exc):
            raise
        return {}
    return {name: (version, sha) for name, version, sha in rows}


def save(conn, name: str, version: int, content, at: str) -> None:
    """Store one server version (inside the caller's transaction; ``changed()`` after
    the commit)."""
    if name not in SYNCED:
        raise ValueError(f"unknown dictionary {name!r}")
    build(name, content)      # refuse what would not load before it replaces anything
    text = canonical(content)
    conn.execute("INSERT INTO dictionaries(name, version, content, sha256, fetched_at) "
                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                 "version = excluded.version, content = excluded.content, "
                 "sha256 = excluded.sha256, fetched_at = excluded.fetched_at",
                 (name, int(version), text, digest(content), at))


def _get(conn, name: str, key: tuple[int, str] | None):
    cache_key = (name, *key) if key else (name, None, None)
    if cache_key not in _built:
        content = None
        if key:
            content = json.loads(conn.execute("SELECT content FROM dictionaries WHERE name = ?",
                                              (name,)).fetchone()[0])
        _built[cache_key] = build(name, content)
    return _built[cache_key]


def current(conn) -> tuple:
    """(categories, calendar) in force on this store."""
    have = stored(conn)
    return _get(conn, "categories", have.get("categories")), \
        _get(conn, "calendar", have.get("calendar"))


def star_scheme(conn):
    """The 五星支部 scheme in force on this store (``app.models.domain.stars.Scheme``)."""
    return _get(conn, "stars", stored(conn).get("stars"))


class Current:
    """``current`` for one connection, looked up again only after ``changed()``: a
    case list asks for the categories per row, and pays a comparison of two ints."""

    def __init__(self, conn):
        self.conn = conn
        self._seen = -1
        self._pair: tuple | None = None

    def get(self) -> tuple:
        if self._seen != _generation or self._pair is None:
            seen = _generation
            self._pair = current(self.conn)
            self._seen = seen
        return self._pair

    @property
    def categories(self):
        return self.get()[0]

    @property
    def calendar(self):
        return self.get()[1]
