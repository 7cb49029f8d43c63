"""Pure domain rules, the only part of ``app`` the server imports: ids, ID and
text rules, code lists (choices), validation of every synced entity, roles and
rights, the case state machine and its projection, the work calendar, the
categories, the synced dictionaries' build and hash, the audit chain's hash and the
content encoding. Modules here import only the standard library, other modules of
``app.models.domain`` and ``app.paths`` (to find the shipped dictionary files):
no SQLite, no Qt, no pypinyin, no Pillow. This file imports nothing.
"""
