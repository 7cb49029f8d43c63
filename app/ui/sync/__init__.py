"""The sync page and the sync worker (a long-lived thread that runs ``app.sync`` on
its own connection and talks to the pages only by signals). Imports ``app.models``,
``app.sync``, ``app.ui.common`` and the reveal-reason prompt of ``app.ui.roster``.
This file imports nothing.
"""
