"""The photo queue (sync-protocol.md "Attachments"): tus-style resumable upload of
content-addressed blobs, and lazy download into the local cache.

The bytes never go through the outbox; the event or visit that names a photo's
sha256 does. ``blobs.state``: ``local`` (waiting), ``uploaded`` (the server
has it), ``remote`` (known from the server, not downloaded yet).
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from app.sync.client import Client, ServerRefused

CHUNK = 1 << 20   # 1 MiB: small enough to finish on a weak 4G link, resumable anyway


def upload_pending(store, client: Client, data_dir, *, report=lambda p: None,
                   stop=lambda: False) -> int:
    from app.sync.engine import Cancelled, Progress

    rows = store.conn.execute("SELECT sha256, size, path, upload_offset FROM blobs "
                              "WHERE state = 'local' ORDER BY created_at").fetchall()
    done = 0
    for sha, size, rel, _offset in rows:
        if stop():
            raise Cancelled()
        path = Path(data_dir) / rel
        if not path.exists():
            continue   # the file went missing; the row stays 'local' and is listed
        report(Progress("photos", done, len(rows)))
        if upload_one(store, client, sha, path):
            done += 1
    return done


def upload_one(store, client: Client, sha: str, path: Path) -> bool:
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        return False   # damaged local copy: never send it under the wrong name
    have, offset = client.blob_offset(sha)
    restarts = 0
    while not have:
        chunk = data[offset:offset + CHUNK]
        try:
            answer = client.upload_chunk(sha, offset, len(data), chunk)
        except ServerRefused as exc:
            if exc.code in ("hash_mismatch", "checksum_mismatch") and restarts < 3:
                restarts += 1   # a chunk was damaged on the way: ask where to go on
                have, offset = client.blob_offset(sha)
                continue
            raise
        offset = int(answer.get("offset", 0))
        have = answer.get("state") == "available"
        with store.transaction() as conn:
            conn.execute("UPDATE blobs SET upload_offset = ? WHERE sha256 = ?", (offset, sha))
    with store.transaction() as conn:
        conn.execute("UPDATE blobs SET state = 'uploaded', upload_offset = size "
                     "WHERE sha256 = ?", (sha,))
    return True


def ensure_local(store, client: Client, data_dir, sha: str) -> Path | None:
    """The photo's file, downloading it (and making its thumbnail) on first use."""
    from app.models.cases import Cases

    rel = Cases._photo_rel(sha)
    path = Path(data_dir) / rel
    if path.exists():
        return path
    data = client.download(sha)
    if hashlib.sha256(data).hexdigest() != sha:
        return None
    thumb_rel = Cases._photo_rel(sha, True)
    from PIL import Image
    img = Image.open(io.BytesIO(data))
    width, height = img.size
    img.thumbnail((256, 256))
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=80)
    for target, blob in ((path, data), (Path(data_dir) / thumb_rel, buf.getvalue())):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + f".{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, target)
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO blobs(sha256, size, mime, width, height, path, thumb_path, state, "
            "upload_offset, created_at) VALUES (?, ?, 'image/jpeg', ?, ?, ?, ?, 'uploaded', ?, "
            "datetime('now')) ON CONFLICT(sha256) DO NOTHING",
            (sha, len(data), width, height, rel, thumb_rel, len(data)))
    return path
