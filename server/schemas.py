"""The request and answer bodies of the city server's routes (its OpenAPI
document is made from them)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from server.http import ID, TEXT

class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64, pattern=TEXT)
    password: str = Field(min_length=1, max_length=256, pattern=TEXT)
    device_id: str | None = Field(default=None, pattern=ID)
    device_secret: str | None = Field(
        default=None, max_length=128, pattern=r"^[A-Za-z0-9_\-]*$",
        description="the secret this server issued when the device was registered")
    device_name: str | None = Field(default=None, max_length=100, pattern=TEXT)


class TokenOut(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    refresh_expires_in: int
    device_id: str | None = Field(
        default=None, description="the device these tokens are bound to. It differs from "
        "the one presented when that one is another person's or came without its "
        "secret: the desktop then uses this id (its device_seq starts again at 1)")
    device_secret: str | None = Field(
        default=None, description="issued when the device was registered (or first "
        "given a secret) by this sign-in; keep it and present it with device_id")


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200, pattern=TEXT)


class MeOut(BaseModel):
    user_id: str
    username: str
    display_name: str | None = None
    role: str
    scope_unit_id: str | None
    scope_path: str
    scope_version: int
    device_id: str | None
    protocol_version: int


class OpIn(BaseModel):
    """An op as the desktop wrote it. Only ``op_id`` and ``device_seq`` are checked
    here: without them no outcome can be recorded. Everything else is judged per op
    by the engine (server/authority.py ``intake_problem``), so one malformed op is
    refused at its ``device_seq`` and never blocks the ops after it."""
    op_id: str = Field(pattern=ID)
    device_seq: int = Field(ge=1, le=2**62)
    tx_id: str = Field(default="", max_length=200)
    entity: str = Field(max_length=64)
    entity_id: str = Field(max_length=200)
    op: str = Field(max_length=32, description="create | patch | delete | transition | attach")
    changed: Any = Field(default_factory=dict)
    base_version: Any = 0
    base_values: Any = Field(default_factory=dict)


class PushIn(BaseModel):
    ops: list[OpIn] = Field(max_length=100)


class OpResult(BaseModel):
    op_id: str
    status: Literal["applied", "conflict", "rejected", "held"]
    server_seq: int | None = None
    version: int | None = None
    conflict_id: str | None = None
    conflict_ids: list[str] | None = None
    code: str | None = None
    message: str | None = None


class PushOut(BaseModel):
    results: list[OpResult]


class Change(BaseModel):
    server_seq: int
    entity: str
    id: str
    version: int
    data: dict[str, Any] | None = None
    deleted: bool | None = None
    removed: bool | None = None


class ChangesOut(BaseModel):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    epoch: str
    scope_version: int


class SnapshotRow(BaseModel):
    id: str
    version: int
    data: dict[str, Any]


class SnapshotPage(BaseModel):
    entity: str
    rows: list[SnapshotRow]
    next_after: str | None = Field(description="the last id of this page (pass it as "
                                               "`after` for the next), null when empty")
    has_more: bool
    at: int = Field(description="the server_seq the snapshot is fixed at: pass it back "
                                "on every page, then pull /sync/changes from cursor=at")
    epoch: str
    scope_version: int


class SnapshotPlan(BaseModel):
    entities: list[str] = Field(description="what to snapshot, in this order "
                                            "(parents before children)")
    at: int
    epoch: str
    scope_version: int


class HealthOut(BaseModel):
    status: str
    database: str
    schema_version: int | None = None
    version: str


class ConflictOut(BaseModel):
    id: str
    entity: str
    entity_id: str
    kind: str
    field: str | None
    kept_value: Any = None
    other_value: Any = None
    kept_author: str | None
    other_author: str | None
    kept_author_name: str | None = None
    other_author_name: str | None = None
    kept_at: str | None
    other_at: str | None
    op_id: str | None
    state: str
    resolution: str | None
    resolved_by: str | None
    resolved_at: str | None
    version: int
    created_at: str


class ResolveIn(BaseModel):
    resolution: Literal["keep", "take_other", "edit"]
    value: Any = None


class ResolveOut(BaseModel):
    status: str
    server_seq: int
    version: int


class DictionaryOut(BaseModel):
    name: str
    version: int
    content: Any


class DictionaryVersion(BaseModel):
    version: int
    sha256: str


class DictionaryVersions(BaseModel):
    dictionaries: dict[str, DictionaryVersion]


class StatusOut(BaseModel):
    status: str
    version: str
    protocol_version: int
    epoch: str


