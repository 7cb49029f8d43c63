"""Attachments (sync-protocol.md "Attachments"): content-addressed by SHA-256.

Who may do what with a photo (issue 13):

- **read** (``GET``): only through a visit or case event the reader may read now
  (scope, the 防 rules and the role, exactly as a snapshot decides: auditor and admin
  read no resident rows, so no photos). Knowing a sha256 opens nothing, and neither
  does having uploaded the bytes once: reads follow rows.
- **name it on a row** (``check_photos``, called by sync.Engine.write_row for every
  write of a visit or case event, whatever the op): a photo the server holds may be
  named only by someone who uploaded these bytes themselves or can already read it
  through a row. A photo the server does not hold yet may be named (the desktop
  pushes its ops before it uploads their photos); whoever names it then must upload
  the bytes to read it through their row, or someone who had them does.
- **upload** (``PATCH``): each user's own resumable upload, tus style. Headers
  ``Upload-Offset`` (must equal the server's offset of *this user's* upload, else 409
  with the right one), ``Upload-Length`` and ``Upload-Checksum: sha256 <base64>`` of
  the chunk (a corrupt chunk is refused with 422 and not stored). When the last byte
  arrives the whole hash is checked; a match proves the user has the photo
  (``blob_uploads.completed_at``) and makes the blob available. Another user's
  bytes never mix into an upload, so garbage sent under a sha256 spoils nothing and
  claims nothing.
- ``HEAD``: 200 when the server holds the photo and the caller may name it (skip the
  upload); otherwise 404 with ``Upload-Offset`` = how much of the caller's own upload
  the server holds. Whether a photo exists is told to no one else.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path as FsPath

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel

from app.models.domain import rights
from server import auth, db
from server.errors import Reject

SHA = r"^[0-9a-f]{64}$"
_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
PHOTO_ENTITIES = ("visits", "case_events", "inspections")   # rows whose ``photos`` name blobs
PHOTO_ENTITIES += ("star_assessments",)        # 五星支部 evidence


class BlobStatus(BaseModel):
    sha256: str
    size: int
    offset: int
    state: str


# ---------------------------------------------------------------- access rules
def photos_of(row: dict | None) -> list[str]:
    """The photos a row names, lower-cased (a name in capitals is the same photo)."""
    try:
        found = json.loads((row or {}).get("photos") or "[]")
    except (TypeError, ValueError):
        return []
    if not isinstance(found, list):
        return []
    return [s.lower() for s in found if isinstance(s, str) and _HEX64.match(s)]


def available(conn, sha: str) -> bool:
    return conn.execute(sa.select(db.blobs.c.sha256).where(
        db.blobs.c.sha256 == sha, db.blobs.c.state == "available")).first() is not None


def uploaded_by(conn, user_id: str, sha: str) -> bool:
    """Whether ``user_id`` sent bytes that hashed to ``sha`` (they have the photo)."""
    up = db.blob_uploads
    return conn.execute(sa.select(up.c.sha256).where(
        up.c.sha256 == sha, up.c.user_id == user_id,
        up.c.completed_at.is_not(None))).first() is not None


def readable(conn, engine, p: auth.Principal, sha: str) -> bool:
    """Whether ``p`` may read a visit or case event naming ``sha`` (engine.read_clause:
    the rows a snapshot would give them)."""
    needle = f'"{sha}"'
    for entity in PHOTO_ENTITIES:
        t = db.ENTITIES[entity]
        where = engine.read_clause(p, entity, t)
        if where is None:
            continue
        # case-sensitive on both databases (SQLite's LIKE is not)
        found = (sa.func.strpos(t.c.photos, needle) if conn.dialect.name == "postgresql"
                 else sa.func.instr(t.c.photos, needle))
        if conn.execute(sa.select(t.c.id).where(found > 0, *where).limit(1)).first():
            return True
    return False


def check_photos(conn, engine, p: auth.Principal, entity: str, old: dict | None,
                 row: dict) -> None:
    """Refuse a write of a visit or case event that names a photo ``p`` may not name
    (see the module's doc): naming a known sha256 on one's own row must not open it."""
    if entity not in PHOTO_ENTITIES:
        return
    had = set(photos_of(old))
    for sha in dict.fromkeys(photos_of(row)):
        if sha in had or not available(conn, sha):
            continue
        if uploaded_by(conn, p.user_id, sha) or readable(conn, engine, p, sha):
            continue
        raise Reject("photo_refused", f"photo {sha[:12]}… is not yours to name: upload it "
                                      "from this desktop first (or name one you can see)")


def _insert_new(conn, table, values: dict) -> None:
    """INSERT unless the key exists (two requests racing on PostgreSQL)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(table).values(**values).on_conflict_do_nothing())


# ---------------------------------------------------------------- HTTP
def router(store: db.Store, settings, engine, principal, now) -> APIRouter:
    from server.http import ERRORS, ApiError

    root = settings.resolved_blob_dir()
    r = APIRouter(prefix="/blobs", tags=["blobs"])

    def final_path(sha: str) -> FsPath:
        return root / sha[:2] / sha

    def partial_path(sha: str, user_id: str) -> FsPath:
        # one partial file per user: nobody's bytes mix into another's upload
        who = hashlib.sha256(user_id.encode()).hexdigest()[:16]
        return root / "partial" / f"{sha}.{who}"

    def upload_row(conn, sha: str, user_id: str, *, lock: bool = False) -> dict | None:
        up = db.blob_uploads
        q = sa.select(up).where(up.c.sha256 == sha, up.c.user_id == user_id)
        found = conn.execute(q.with_for_update() if lock else q).mappings().first()
        return dict(found) if found else None

    def blob_row(conn, sha: str) -> dict | None:
        found = conn.execute(sa.select(db.blobs).where(db.blobs.c.sha256 == sha)
                             ).mappings().first()
        return dict(found) if found else None

    @r.head("/{sha}", responses={200: {"description": "the server has the blob and you "
                                                     "may name it: skip the upload"},
                                 404: {"description": "upload it (Upload-Offset: how much "
                                                      "of your upload the server holds)"}})
    def head(sha: str = Path(pattern=SHA), p: auth.Principal = Depends(principal)):
        with store.read() as conn:
            blob = blob_row(conn, sha)
            mine = upload_row(conn, sha, p.user_id)
            if blob and blob["state"] == "available" and (
                    (mine and mine["completed_at"]) or readable(conn, engine, p, sha)):
                return Response(status_code=200, headers={
                    "Content-Length": str(blob["size"]), "Upload-Offset": str(blob["size"])})
        offset = mine["received"] if mine and not mine["completed_at"] else 0
        return Response(status_code=404, headers={"Upload-Offset": str(offset)})

    @r.patch("/{sha}", response_model=BlobStatus, responses=ERRORS, openapi_extra={
        "requestBody": {"required": True, "content": {"application/offset+octet-stream": {
            "schema": {"type": "string", "format": "binary"}}}}})
    async def upload(request: Request, sha: str = Path(pattern=SHA),
                     upload_offset: int = Header(ge=0, le=2**50),
                     upload_length: int = Header(ge=1, le=2**50),
                     upload_checksum: str = Header(max_length=200),
                     p: auth.Principal = Depends(principal)):
        if p.role not in rights.SYNC_ROLES:
            raise ApiError(403, "forbidden", f"{p.role} does not upload")
        if upload_length > settings.max_blob:
            raise ApiError(413, "too_large", f"a blob may be at most {settings.max_blob} bytes")
        body = b""
        async for part in request.stream():
            body += part
            if len(body) > settings.max_chunk:
                raise ApiError(413, "chunk_too_large",
                               f"a chunk may be at most {settings.max_chunk} bytes")
        algo, _, digest = upload_checksum.partition(" ")
        try:
            expected = base64.b64decode(digest, validate=True)
        except ValueError:
            expected = b""
        if algo.lower() != "sha256" or hashlib.sha256(body).digest() != expected:
            raise ApiError(422, "checksum_mismatch", "the chunk's checksum does not match")
        if upload_offset + len(body) > upload_length:
            raise ApiError(422, "too_long", "the chunk goes past Upload-Length")
        from starlette.concurrency import run_in_threadpool
        return await run_in_threadpool(_store_chunk, p, sha, upload_offset, upload_length, body)

    def _store_chunk(p, sha, offset, length, body) -> dict:
        at = auth.iso(now())
        with store.write() as conn:
            _insert_new(conn, db.blob_uploads, dict(sha256=sha, user_id=p.user_id,
                                                    size=length, received=0, created_at=at))
            mine = upload_row(conn, sha, p.user_id, lock=True)   # one chunk at a time
            if mine["completed_at"]:
                return {"sha256": sha, "size": mine["size"], "offset": mine["size"],
                        "state": "available"}
            if mine["size"] != length:
                if mine["received"]:
                    raise ApiError(409, "length_mismatch",
                                   "Upload-Length differs from the upload's",
                                   offset=mine["received"])
                mine["size"] = length     # nothing stored yet: the upload starts afresh
            if offset != mine["received"]:
                raise ApiError(409, "offset_mismatch", "continue from the server's offset",
                               offset=mine["received"])
            part = partial_path(sha, p.user_id)
            part.parent.mkdir(parents=True, exist_ok=True)
            with open(part, "r+b" if part.exists() else "wb") as f:
                f.truncate(offset)
                f.seek(offset)
                f.write(body)
                f.flush()
                os.fsync(f.fileno())
            received, state = offset + len(body), "partial"
            if received == length:
                h = hashlib.sha256()
                with open(part, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                if h.hexdigest() != sha:
                    part.unlink(missing_ok=True)
                    received, state = 0, "corrupt"
                else:
                    state = "available"
                    _complete(conn, p, sha, length, part, at)
            conn.execute(db.blob_uploads.update().where(
                db.blob_uploads.c.sha256 == sha, db.blob_uploads.c.user_id == p.user_id)
                .values(size=length, received=received,
                        completed_at=at if state == "available" else None))
        if state == "corrupt":
            raise ApiError(422, "hash_mismatch",
                           "the whole upload does not hash to its name; start again", offset=0)
        return {"sha256": sha, "size": length, "offset": received, "state": state}

    def _complete(conn, p, sha: str, length: int, part: FsPath, at: str) -> None:
        """These bytes are the photo: the first complete upload becomes the file;
        later ones (the same photo on another PC) only prove their uploader has it."""
        dest = final_path(sha)
        if dest.exists():
            part.unlink(missing_ok=True)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(part, dest)
        _insert_new(conn, db.blobs, dict(sha256=sha, size=length, received=length,
                                         state="available", uploaded_by=p.user_id,
                                         created_at=at, completed_at=at))
        conn.execute(db.blobs.update().where(db.blobs.c.sha256 == sha,
                                             db.blobs.c.state != "available")
                     .values(size=length, received=length, state="available",
                             uploaded_by=p.user_id, completed_at=at))

    @r.get("/{sha}", responses={**ERRORS, 200: {"content": {"application/octet-stream": {}}}},
           response_class=Response)
    def download(sha: str = Path(pattern=SHA), p: auth.Principal = Depends(principal)):
        """The photo's bytes, to a reader of a visit or case event that names it."""
        with store.read() as conn:
            allowed = available(conn, sha) and readable(conn, engine, p, sha)
        if not allowed or not final_path(sha).exists():
            raise ApiError(404, "not_found", "no such blob")
        return FileResponse(final_path(sha), media_type="application/octet-stream")

    return r
