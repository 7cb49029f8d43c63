"""Opening the encrypted local store.

One SQLCipher database per data dir. Connections are opened in autocommit
mode; every write goes through ``Store.transaction()`` (or a worker's
``ConnectionStore.transaction()``) so a unit of work is one explicit SQLite
transaction (``BEGIN IMMEDIATE`` … ``COMMIT``); nested calls are savepoints.

The connections are plain sqlcipher3 ones: sqlite-utils is used by the
migration ladder only (``migrations.py``; why, in docs/architecture.md).
"""
from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Iterator

import sqlcipher3

from app.models.domain.ids import uuid7
from app.models.places import search as place_search
from app.models.store import migrations
from app.models.store.keys import FileKeyProvider, KeyMissingError, KeyProvider

DB_NAME = "griddesk.db"
KEY_NAME = "griddesk.key"


class StoreError(RuntimeError):
    """A store that cannot be opened; the message is meant for the user."""


class WrongKeyError(StoreError):
    pass


class StoreNewerError(StoreError):
    pass


def _connect(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    # A raw hex key skips SQLCipher's PBKDF2 on every open: the key is already random.
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        raise WrongKeyError(
            f"{path} cannot be opened with this key (wrong key or not a GridDesk database)"
        ) from exc
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA cache_size = -32000")
    conn.execute("PRAGMA temp_store = MEMORY")
    # the houses' and organizations' search index is kept by triggers that call these
    place_search.register_functions(conn)
    return conn


@contextlib.contextmanager
def transaction(holder) -> Iterator[sqlcipher3.Connection]:
    """The transaction of ``holder`` (a Store, or a worker's ConnectionStore): its
    ``conn``, a ``_tx_depth`` counter and a ``_lock``. Nested calls use savepoints."""
    with holder._lock:
        conn = holder.conn
        if holder._tx_depth:
            name = f"sp{holder._tx_depth}"
            conn.execute(f"SAVEPOINT {name}")
            holder._tx_depth += 1
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            else:
                conn.execute(f"RELEASE {name}")
            finally:
                holder._tx_depth -= 1
            return
        conn.execute("BEGIN IMMEDIATE")
        holder._tx_depth = 1
        try:
            yield conn
        except BaseException:
            # SQLite has already rolled back after some errors (SQLITE_FULL): a second
            # ROLLBACK would replace the real reason ("disk full") with "no transaction"
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")
        finally:
            holder._tx_depth = 0


class Store:
    """The local database of one data dir."""

    def __init__(self, path: Path, key_provider: KeyProvider, *, create: bool = True,
                 migrate: bool = True):
        self.path = Path(path)
        self._key_provider = key_provider
        existed = self.path.exists()
        if not existed and not create:
            raise StoreError(f"no database at {self.path}")
        try:
            self._key = key_provider.get_key(create=not existed)
        except KeyMissingError as exc:
            raise StoreError(f"the database key is missing or damaged: {exc}") from exc
        self.conn = _connect(self.path, self._key)
        self._tx_depth = 0
        self._lock = threading.RLock()
        if migrate:
            try:
                migrations.migrate(self)
            except migrations.NewerDatabaseError as exc:
                self.conn.close()
                raise StoreNewerError(str(exc)) from exc
            except Exception as exc:
                # The failed step rolled back; the database is still at its old version.
                version = self.schema_version
                self.conn.close()
                raise StoreError(f"upgrading the database from schema version {version} "
                                 f"failed and was undone: {exc}") from exc

    def derived_key(self, purpose: str) -> bytes:
        """A 256-bit key for ``purpose`` derived from the database key (HKDF-SHA256): the
        photo files' key (app.models.store.photo_files). The same database key always gives
        the same derived key, so a restored backup still opens the files."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                    info=b"griddesk/" + purpose.encode()).derive(self._key)

    # -- connections -------------------------------------------------------
    def open_connection(self) -> sqlcipher3.Connection:
        """A second connection to the same database (for a worker thread)."""
        return _connect(self.path, self._key)

    def worker_store(self) -> "ConnectionStore":
        """A ``ConnectionStore`` on a new connection, for one worker thread: the same
        write path, transactions, path and device id as this store."""
        device_id = self.device_id
        ws = ConnectionStore(self.open_connection())
        ws.path, ws.device_id = self.path, device_id
        return ws

    def backup_to(self, dest: Path, *, pages: int = 4096) -> None:
        """A consistent encrypted copy (same key) through SQLite's online backup API,
        on a connection of its own: writers are held up only between page batches."""
        src = self.open_connection()
        try:
            target = _connect(Path(dest), self._key)
            try:
                src.backup(target, pages=pages)
            finally:
                target.close()
        finally:
            src.close()

    def close(self) -> None:
        self.conn.close()

    # -- transactions ------------------------------------------------------
    def transaction(self):
        """One SQLite transaction; nested calls join the outer one via a savepoint."""
        return transaction(self)

    # -- small helpers -----------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @property
    def device_id(self) -> str:
        value = self.meta("device_id")
        if value is None:
            value = uuid7()
            with self.transaction():
                self.set_meta("device_id", value)
        return value

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]


class ConnectionStore:
    """A worker thread's own connection (``Store.open_connection()``), usable wherever
    the write path takes a store (``Roster``, ``unit_of_work``, the sync engine):
    long work such as an import or a sync runs the same one write path off the GUI
    thread."""

    def __init__(self, conn):
        self.conn = conn
        self._tx_depth = 0
        self._lock = threading.RLock()

    def transaction(self):
        """One SQLite transaction; nested calls join it through a savepoint."""
        return transaction(self)

    def close(self) -> None:
        self.conn.close()


def open_store(data_dir: Path, key_provider: KeyProvider | None = None, *,
               create: bool = True) -> Store:
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    provider = key_provider or FileKeyProvider(data_dir / KEY_NAME)
    return Store(data_dir / DB_NAME, provider, create=create)
