"""Dictionaries from the city server (sync-protocol.md, Amendments 2026-12:
"Dictionaries sync"): the case categories (with each category's default
department and the departments list) and the work calendar's year notices.

Each sync asks the server which versions it has loaded (``GET /dictionaries``,
a few bytes) and fetches only a dictionary whose version or content hash
differs from the one held; it is checked (it must load) and stored in the
encrypted store in one transaction with an audit record. Until a first fetch,
and whenever the server has loaded nothing, the files shipped with GridDesk
apply, exactly as on the server (app.models.domain.dictionaries). Offline, the last
version fetched stays in force.
"""
from __future__ import annotations

import logging

from app.models.domain.dictionaries import SYNCED, build
from app.models.store import clock, dictionaries
from app.models.write import audit
from app.sync.client import ServerRefused

log = logging.getLogger(__name__)


def refresh(store, client) -> list[str]:
    """Fetch the dictionaries that changed on the server; returns their names. A
    server without the endpoint (older than this desktop) changes nothing."""
    try:
        listed = client.dictionaries()
    except ServerRefused as exc:
        if exc.status in (404, 405):
            return []
        raise
    have = dictionaries.stored(store.conn)
    fetched = {}
    for name in SYNCED:
        theirs = listed.get(name)
        if theirs is None:
            continue
        if have.get(name) == (theirs["version"], theirs["sha256"]):
            continue
        body = client.dictionary(name)
        try:
            build(name, body["content"])
        except (KeyError, TypeError, ValueError) as exc:
            # keep the version in force rather than compute deadlines from a broken one
            log.warning("dictionary %s version %s from the server does not load: %s",
                        name, body.get("version"), exc)
            continue
        fetched[name] = body
    if not fetched:
        return []
    at = clock.now_iso()
    with store.transaction() as conn:
        for name, body in fetched.items():
            dictionaries.save(conn, name, body["version"], body["content"], at)
            audit.append(conn, at=at, actor="sync", action="dictionary.update",
                         entity="dictionaries", entity_id=name,
                         detail={"version": body["version"]})
    dictionaries.changed()
    return sorted(fetched)
