"""Attachments (sync-protocol.md "Attachments"): content-addressed by SHA-256.

- ``HEAD /blobs/{sha}``: 200 when the server has it (skip the upload); 404
  otherwise, with ``Upload-Offset`` saying how much of a started upload it holds.
- ``PATCH /blobs/{sha}``: tus-style resumable upload. Headers ``Upload-Offset``
  (must equal the server's offset, else 409 with the right one),
  ``Upload-Length`` (the whole size) and ``Upload-Checksum: sha256 <base64>`` of
  this chunk (a corrupt chunk is refused with 422 and not stored). When the last
  byte arrives the whole hash is checked before the blob becomes available.
- ``GET /blobs/{sha}``: the bytes, to the uploader or to anyone who sees a
  visit or case event that references it.
"""
from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path as FsPath

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel

from server import auth, db
from server.sync import _now_iso

SHA = r"^[0-9a-f]{64}$"


class BlobStatus(BaseModel):
    sha256: str
    size: int
    offset: int
    state: str


def router(store: db.Store, settings, engine, principal, now) -> APIRouter:
    from server.app import ERRORS, ApiError

    root = settings.resolved_blob_dir()
    r = APIRouter(prefix="/blobs", tags=["blobs"])

    def final_path(sha: str) -> FsPath:
        return root / sha[:2] / sha

    def partial_path(sha: str) -> FsPath:
        return root / "partial" / sha

    def row(conn, sha):
        found = conn.execute(sa.select(db.blobs).where(db.blobs.c.sha256 == sha)
                             ).mappings().first()
        return dict(found) if found else None

    def may_read(conn, p: auth.Principal, blob: dict) -> bool:
        if blob["uploaded_by"] == p.user_id:
            return True
        like = f"%{blob['sha256']}%"
        for entity in ("case_events", "visits"):
            t = db.ENTITIES[entity]
            hit = conn.execute(sa.select(t.c.id, t.c.scope_path, t.c.scope_path2)
                               .where(t.c.photos.like(like)).limit(50)).mappings().all()
            if any(p.sees(h["scope_path"], h["scope_path2"]) for h in hit):
                return True
        return False

    @r.head("/{sha}", responses={200: {"description": "the server has the blob"},
                                 404: {"description": "not (fully) uploaded"}})
    def head(sha: str = Path(pattern=SHA), p: auth.Principal = Depends(principal)):
        with store.read() as conn:
            blob = row(conn, sha)
        if blob and blob["state"] == "available":
            return Response(status_code=200, headers={"Content-Length": str(blob["size"]),
                                                      "Upload-Offset": str(blob["size"])})
        offset = blob["received"] if blob else 0
        return Response(status_code=404, headers={"Upload-Offset": str(offset)})

    @r.patch("/{sha}", response_model=BlobStatus, responses=ERRORS, openapi_extra={
        "requestBody": {"required": True, "content": {"application/offset+octet-stream": {
            "schema": {"type": "string", "format": "binary"}}}}})
    async def upload(request: Request, sha: str = Path(pattern=SHA),
                     upload_offset: int = Header(ge=0, le=2**50),
                     upload_length: int = Header(ge=1, le=2**50),
                     upload_checksum: str = Header(max_length=200),
                     p: auth.Principal = Depends(principal)):
        if p.role not in auth.SYNC_ROLES:
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
        t = now()
        with store.write() as conn:
            blob = row(conn, sha)
            if blob and blob["state"] == "available":
                return {"sha256": sha, "size": blob["size"], "offset": blob["size"],
                        "state": "available"}
            if blob is None:
                blob = dict(sha256=sha, size=length, received=0, state="partial",
                            uploaded_by=p.user_id, created_at=_now_iso(t), completed_at=None)
                conn.execute(db.blobs.insert().values(**blob))
            if blob["size"] != length:
                raise ApiError(409, "length_mismatch", "Upload-Length differs from the upload's",
                               offset=blob["received"])
            if offset != blob["received"]:
                raise ApiError(409, "offset_mismatch", "continue from the server's offset",
                               offset=blob["received"])
            part = partial_path(sha)
            part.parent.mkdir(parents=True, exist_ok=True)
            with open(part, "r+b" if part.exists() else "wb") as f:
                f.truncate(offset)
                f.seek(offset)
                f.write(body)
                f.flush()
                os.fsync(f.fileno())
            received = offset + len(body)
            state = "partial"
            if received == length:
                h = hashlib.sha256()
                with open(part, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                if h.hexdigest() != sha:
                    part.unlink(missing_ok=True)
                    received, state = 0, "corrupt"
                else:
                    dest = final_path(sha)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(part, dest)
                    state = "available"
            conn.execute(db.blobs.update().where(db.blobs.c.sha256 == sha).values(
                received=received, state="partial" if state == "corrupt" else state,
                completed_at=_now_iso(t) if state == "available" else None))
        if state == "corrupt":
            raise ApiError(422, "hash_mismatch",
                           "the whole upload does not hash to its name; start again", offset=0)
        return {"sha256": sha, "size": length, "offset": received, "state": state}

    @r.get("/{sha}", responses={**ERRORS, 200: {"content": {"application/octet-stream": {}}}},
           response_class=Response)
    def download(sha: str = Path(pattern=SHA), p: auth.Principal = Depends(principal)):
        with store.read() as conn:
            blob = row(conn, sha)
            allowed = bool(blob) and blob["state"] == "available" and may_read(conn, p, blob)
        if not allowed or not final_path(sha).exists():
            raise ApiError(404, "not_found", "no such blob")
        return FileResponse(final_path(sha), media_type="application/octet-stream")

    return r
