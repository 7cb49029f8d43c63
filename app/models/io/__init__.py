"""Files in and out: the spreadsheet importer (``importer``: layout, normalising,
addresses, plan, commit) and the exporter with its templates (``exporter``). Modules
here import ``app.models.domain``, ``app.models.write`` and ``app.models.roster``.
This file imports nothing.
"""
