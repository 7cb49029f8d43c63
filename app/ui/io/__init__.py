"""The import wizard and the export dialog over ``app.models.io``. Imports
``app.models``, ``app.ui.common`` and the reveal-reason prompt of
``app.ui.roster``. This file imports nothing.
"""
