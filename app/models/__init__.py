"""The Qt-free core of the desktop (the user's card calls it ``app/models``), one
package per area: ``domain`` (pure rules, shared with the server), ``store`` (the
encrypted database), ``write`` (the one write path), ``roster``, ``cases``, ``io``,
``reports`` and ``demo``. Nothing here imports Qt; docs/architecture.md says what
each package may import. This file imports nothing.
"""
