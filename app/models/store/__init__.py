"""The local encrypted store: the SQLCipher connection and its transaction helper
(``database``), keys, the migrations ladder, backups, local accounts, settings,
sealed photo files and the synced dictionaries held in the store. Modules here
import ``app.models.domain`` and each other. This file imports nothing.
"""
