"""Cases (事件, domain.md §5): reports, the event log replayed by the shared state
machine, photos, queues and time limits (``repository``). Modules here import
``app.models.domain``, ``app.models.store``, ``app.models.write`` and the roster's
search and rows (``app.models.roster``). This file imports nothing.
"""
