"""Errors the sync engine and its routers raise (a module of its own, so every part
of the server can raise them without importing the engine)."""
from __future__ import annotations


class Reject(Exception):
    """An op (or a request) the server refuses: ``code`` for programs, ``message`` for
    people. A push records it as the op's outcome; elsewhere it becomes a 4xx."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code, self.message = code, message or code


class Gone(Exception):
    """The cursor is older than the tombstone retention: full resync (HTTP 410)."""
