"""Photo and thumbnail files at rest (README "Data protection on the desktop").

Every photo file the desktop keeps under ``<data dir>/blobs/`` is sealed with
AES-256-GCM under the *photo file key*, a key of the store's hierarchy: it is
derived from the SQLCipher database key (``Store.derived_key``, HKDF) and kept
in the encrypted database's ``meta`` table, so every connection to the store
(a sync or download worker's too) can read it, and nothing outside the store
can. A copied data folder therefore shows no image without a person's password,
just as the database shows no row. The bytes are decrypted only in memory: for
display (``QPixmap.loadFromData``) and for the upload.

Names stay content addresses: the sha256 of the *plaintext* JPEG, the name the
server and the sync protocol use. The file layout::

    b"GDPHOTO1" | 12-byte random nonce | AES-GCM(ciphertext + 16-byte tag)

with ``"<kind> <sha256>"`` as associated data, so a file renamed or swapped for
another photo's does not open. A full photo is also checked against its sha256
after decryption.

Files written by a GridDesk before schema v8 are sealed in place by the v8 step
(``seal_folder``); one that turns up later (a folder restored from an old file
backup) is sealed the first time it is read. Qt-free.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path

log = logging.getLogger("griddesk.photos")

MAGIC = b"GDPHOTO1"
NONCE_BYTES = 12
KEY_META = "photos.file_key"
KEY_PURPOSE = "photo-files/v1"
FULL, THUMB = "full", "thumb"
BLOB_DIR = "blobs"
_NAME_RE = re.compile(r"^(?P<sha>[0-9a-f]{64})(?P<thumb>\.thumb)?\.jpg$")


def rel_path(sha: str, thumb: bool = False) -> str:
    """A photo's file, relative to the data dir (the ``blobs`` rows keep it too)."""
    return f"{BLOB_DIR}/{sha[:2]}/{sha}{'.thumb' if thumb else ''}.jpg"


class PhotoFileError(RuntimeError):
    """A photo file that cannot be opened: damaged, swapped, or no key in the store."""


def install_key(conn, key: bytes) -> None:
    """Keep the photo file key in the store (inside the caller's transaction)."""
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                 "SET value = excluded.value", (KEY_META, key.hex()))


def file_key(conn) -> bytes:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY_META,)).fetchone()
    if row is None:
        raise PhotoFileError("this store has no photo file key (schema older than v8)")
    return bytes.fromhex(row[0])


def _aad(sha: str, kind: str) -> bytes:
    return f"griddesk photo {kind} {sha}".encode()


def seal(key: bytes, sha: str, kind: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, bytes(data), _aad(sha, kind))


def unseal(key: bytes, sha: str, kind: str, blob: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not blob.startswith(MAGIC):
        raise PhotoFileError("not a sealed photo file")
    nonce = blob[len(MAGIC):len(MAGIC) + NONCE_BYTES]
    try:
        data = AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES:], _aad(sha, kind))
    except InvalidTag:
        raise PhotoFileError("the photo file is damaged or belongs to another photo") from None
    if kind == FULL and hashlib.sha256(data).hexdigest() != sha:
        raise PhotoFileError("the photo does not match its name")
    return data


def is_sealed(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _write_atomic(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(blob)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write(conn, path: Path, sha: str, kind: str, data: bytes) -> None:
    """Seal ``data`` (the plaintext JPEG) and write it to ``path`` atomically; only
    ciphertext ever touches the disk, the temporary file included."""
    _write_atomic(Path(path), seal(file_key(conn), sha, kind, data))


def read(conn, path: Path, sha: str, kind: str) -> bytes | None:
    """The plaintext of a photo file, in memory; None when the file is missing or cannot
    be opened (logged; the screen says the photo is not available)."""
    path = Path(path)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("photo %s unreadable: %s", sha[:12], exc)
        return None
    key = file_key(conn)
    if not blob.startswith(MAGIC):
        return _adopt_plain(key, path, sha, kind, blob)
    try:
        return unseal(key, sha, kind, blob)
    except PhotoFileError as exc:
        log.warning("photo %s (%s) cannot be opened: %s", sha[:12], kind, exc)
        return None


def _adopt_plain(key: bytes, path: Path, sha: str, kind: str, blob: bytes) -> bytes | None:
    """A plaintext file from before schema v8 (e.g. restored from an old file backup):
    seal it now. A full photo must match its name; a thumbnail cannot be checked."""
    if kind == FULL and hashlib.sha256(blob).hexdigest() != sha:
        log.warning("photo %s does not match its name; not used", sha[:12])
        return None
    _write_atomic(path, seal(key, sha, kind, blob))
    return blob


def seal_folder(key: bytes, data_dir: Path) -> int:
    """Seal, in place, every plaintext photo and thumbnail under ``<data_dir>/blobs``
    and remove temporary files a crash left there (they may hold plaintext). Files
    already sealed are skipped, so running it again is harmless. Returns the number
    of files sealed."""
    root = Path(data_dir) / BLOB_DIR
    if not root.is_dir():
        return 0
    sealed = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)
            continue
        match = _NAME_RE.match(path.name)
        if match is None or is_sealed(path):
            continue
        sha, kind = match["sha"], THUMB if match["thumb"] else FULL
        _write_atomic(path, seal(key, sha, kind, path.read_bytes()))
        sealed += 1
    return sealed
