"""The PySide6 user interface, in folders per area: ``shell`` (start-up, sign-in,
the main window that composes the pages, lock, crash and diagnostics dialogs),
``common`` (widgets, the one helper to leave the GUI thread, messages, language),
``roster``, ``cases``, ``reports``, ``io``, ``sync`` and ``audit``. It may import
everything Qt-free (``app.models``, ``app.sync``) and never writes SQL: it calls
``app.models``. This file imports nothing.
"""
