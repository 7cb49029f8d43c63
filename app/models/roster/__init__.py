"""The roster (domain.md §3-4): residents, households, addresses, tags and visits
(``repository``), the search index and its queries (``search``, ``pinyin``) and the
party-building records (``party``). Modules here import ``app.models.domain``,
``app.models.store`` and ``app.models.write``. This file imports nothing.
"""
