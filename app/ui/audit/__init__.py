"""The audit page: the local audit log and, for auditors, the server's. Imports
``app.models`` and ``app.ui.common``. This file imports nothing.
"""
