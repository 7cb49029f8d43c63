"""The one write path: a unit of work (``unit``) writes each row of synced data, its
outbox op (``outbox``) and its hash-chained audit record (``audit``) in one
transaction; nothing else writes synced tables. Modules here import
``app.models.domain`` and ``app.models.store``. This file imports nothing.
"""
