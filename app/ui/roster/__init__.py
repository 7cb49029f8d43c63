"""The roster pages: the list and its table model, the resident and household
dialogs and the address tree. Imports ``app.models``, ``app.ui.common`` and the
import wizard it opens (``app.ui.io``). This file imports nothing.
"""
