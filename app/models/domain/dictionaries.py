"""The dictionaries synced from the city server: what they are and how they are built.

The categories (with their default departments) and the work calendar are versioned
data the server distributes (sync-protocol.md, Amendments 2026-12: "Dictionaries
sync"). Built the same way on the server and on the desktop (categories.with_loaded,
calendar.with_loaded), so a deadline comes out the same on both sides; the content
hash (``digest``) is the same on both sides too. Where the desktop keeps them:
``app.models.store.dictionaries``.
"""
from __future__ import annotations

import hashlib
import json

from app.models.domain import calendar as cal
from app.models.domain import categories as cats
from app.models.domain import stars

SYNCED = ("categories", "calendar", "stars")


def canonical(content) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(content) -> str:
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def build(name: str, content):
    """The dictionary object for loaded ``content`` (None = nothing loaded)."""
    if name == "categories":
        return cats.with_loaded(content)
    if name == "calendar":
        return cal.with_loaded(content)
    if name == "stars":           # 五星支部: the scheme of stars and criteria
        return stars.with_loaded(content)
    raise ValueError(f"unknown dictionary {name!r}")
