"""The case pages: the list and its table model, the case detail dialog and its
labels, the quick report, the review queues and fetching a photo from the server.
Imports ``app.models``, ``app.sync``, ``app.ui.common`` and the address tree
(``app.ui.roster``). This file imports nothing.
"""
