"""Pieces every page uses: widgets and tables (``widgets``), the one helper to run
work off the GUI thread (``threads``), user-facing messages for domain issues
(``messages``) and the language (``i18n``). Imports ``app.models`` and
``app.paths``, never another ``app.ui`` folder. This file imports nothing.
"""
