"""The GridDesk city server: sign-in, the org tree, the scoped sync API
(sync-protocol.md), blobs and intake for other channels (Open311 GeoReport v2).

Storage goes through SQLAlchemy Core: an SQLite file by default (pilot, demo,
tests), PostgreSQL by URL for production. Domain rules (the case state
machine, validation) are imported from ``app.models``; ``app.ui`` never is.
"""
__version__ = "0.1.0"
PROTOCOL_VERSION = 1
