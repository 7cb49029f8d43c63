"""The photo queue (sync-protocol.md "Attachments"): tus-style resumable upload of
content-addressed blobs, and lazy download into the local cache.

The bytes never go through the outbox; the event or visit that names a photo's
sha256 does. ``blobs.state``: ``local`` (waiting), ``uploaded`` (the server
has it), ``remote`` (known from the server, not downloaded yet).

Local files are sealed with the store's photo file key (``app.models.store.photo_files``):
the upload sends the plaintext decrypted in memory (the server names and checks a
blob by the sha256 of its plaintext), a download is sealed before it is written.
"""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

from app.models.store import photo_files
from app.sync.client import Client, ServerRefused

CHUNK = 1 << 20   # 1 MiB: small enough to finish on a weak 4G link, resumable anyway


def upload_pending(store, client: Client, data_dir, *, report=lambda p: None,
                   stop=lambda: False) -> int:
    from app.sync.progress import Cancelled, Progress

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
    # decrypted in memory; unseal checks the sha256, so a damaged local copy is never
    # sent under the wrong name
    data = photo_files.read(store.conn, path, sha, photo_files.FULL)
    if data is None or hashlib.sha256(data).hexdigest() != sha:
        return False
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
    """The photo's (sealed) file, downloading it and making its thumbnail on first use;
    read it with ``Cases.photo_bytes``."""
    rel = photo_files.rel_path(sha)
    path = Path(data_dir) / rel
    if path.exists():
        return path
    data = client.download(sha)
    if hashlib.sha256(data).hexdigest() != sha:
        return None
    thumb_rel = photo_files.rel_path(sha, True)
    from PIL import Image
    img = Image.open(io.BytesIO(data))
    width, height = img.size
    img.thumbnail((256, 256))
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=80)
    for target, kind, blob in ((path, photo_files.FULL, data),
                               (Path(data_dir) / thumb_rel, photo_files.THUMB, buf.getvalue())):
        photo_files.write(store.conn, target, sha, kind, blob)   # sealed before it is written
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO blobs(sha256, size, mime, width, height, path, thumb_path, state, "
            "upload_offset, created_at) VALUES (?, ?, 'image/jpeg', ?, ?, ?, ?, 'uploaded', ?, "
            "datetime('now')) ON CONFLICT(sha256) DO NOTHING",
            (sha, len(data), width, height, rel, thumb_rel, len(data)))
    return path
