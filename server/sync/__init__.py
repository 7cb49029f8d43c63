"""The sync engine of the city server (sync-protocol.md), by concern:

- ``engine.py``: ``Engine``, the composition of the parts below, and the dictionaries
  (categories, calendar) it judges cases by;
- ``context.py``: one write transaction (``Ctx``) and the constants every part shares;
- ``rows.py``: reading and writing rows, the change feed's records, ``server_seq``
  numbering (``settle``), removals when a row leaves a scope;
- ``scope.py``: who may read what (scope, 防 for key-group tags, change audiences);
- ``push.py``: ``POST /sync/push`` (held ops judged alone, with their sender's rights);
- ``ops.py``: the op kinds (create, patch, delete, attach, transition) and their checks;
- ``conflicts.py``: opening, listing and resolving conflicts;
- ``caselog.py``: a case's event log and its projection by the shared state machine;
- ``pull.py``: the change feed and snapshot pages;
- ``verify.py``: scoped reads of rows by id and verification by content.

The HTTP routes are in server/routes/. This file imports nothing.
"""
