"""Key providers for the encrypted local store.

The store asks a provider for its raw 256-bit key. For now the key is a random
value kept in a 0600 file in the data dir; the hardened providers (OS keystore,
key wrapped by user credentials) plug in behind the same interface later.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Protocol


class KeyProvider(Protocol):
    def get_key(self, create: bool) -> bytes:
        """Return the 32-byte database key; make one if ``create`` and none exists."""


class KeyMissingError(RuntimeError):
    pass


class FileKeyProvider:
    def __init__(self, path: Path):
        self.path = Path(path)

    def get_key(self, create: bool) -> bytes:
        if self.path.exists():
            key = bytes.fromhex(self.path.read_text().strip())
            if len(key) != 32:
                raise KeyMissingError(f"key file {self.path} is damaged")
            return key
        if not create:
            raise KeyMissingError(f"no key file at {self.path}")
        key = secrets.token_bytes(32)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Create with 0600 from the start so the key is never world-readable, even briefly.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key.hex())
        return key


class StaticKeyProvider:
    """A fixed key (tests, fixtures)."""

    def __init__(self, key: bytes):
        self.key = key

    def get_key(self, create: bool) -> bytes:
        return self.key
