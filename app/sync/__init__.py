"""Offline-first sync with the city server (sync-protocol.md). Qt-free.

- ``client``: HTTP on requests (timeouts, TLS, token refresh, error kinds)
- ``engine``: push / pull / full resync, resumable at every step
- ``apply``: how server rows land in the local store
- ``photos``: resumable blob upload, lazy download
- ``session``: server URL, user and tokens kept in the encrypted store
- ``conflicts``: the supervisor's inbox (read, resolve as a synced op)
- ``inbox``: the outbox lists of the 同步 page and "try again"
- ``verify``, ``dictionaries``, ``audit_upload``: content checks, synced dictionaries,
  the audit log's upload
- ``progress``, ``outcomes``: what a run reports; what became of an op
- ``smoke``: sign in and sync once (the smoke check, scripts)

This file imports nothing.
"""
