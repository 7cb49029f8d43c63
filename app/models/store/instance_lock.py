"""One program at a time on a store: the GUI holds ``griddesk.lock`` in the store's
folder while the store is open, and the headless commands (``griddesk sync|import|
export|check``) take it too, so a script never writes under a running window (two
writers would each keep their own outbox order and sync cursor).

The lock is an OS lock on an open file (``fcntl.flock`` on Linux/macOS, ``msvcrt.locking``
on Windows), not the file's existence: the OS drops it when the holder exits or is
killed, so a file left behind by a dead process never blocks the next start. The file
only says who holds it (pid, program, since) for the message. Qt-free.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

LOCK_NAME = "griddesk.lock"
# Windows locks byte ranges and a locked range cannot be read by others: lock one byte
# far past the holder's note so the refused program can still read who holds it.
_WIN_OFFSET = 1 << 30


class StoreInUse(RuntimeError):
    """Another program holds the store; ``holder`` is its note (may be empty)."""

    def __init__(self, path: Path, holder: dict):
        self.path, self.holder = path, holder
        who = holder.get("program") or "another GridDesk program"
        pid = f" (process {holder['pid']})" if holder.get("pid") else ""
        super().__init__(f"the GridDesk data in {path.parent} is in use by {who}{pid}; "
                         f"close it first and run this again")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt
        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt
        os.lseek(fd, _WIN_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        return
    import fcntl
    fcntl.flock(fd, fcntl.LOCK_UN)


def _read_note(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8").strip()
        return json.loads(text) if text else {}
    except (OSError, ValueError):
        return {}


class StoreLock:
    """``StoreLock(folder, "GridDesk window").acquire()`` or raise ``StoreInUse``;
    ``release()`` (or the process ending) lets the next program in."""

    def __init__(self, folder: Path, program: str):
        self.path = Path(folder) / LOCK_NAME
        self.program = program
        self._fd: int | None = None

    def acquire(self) -> "StoreLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise StoreInUse(self.path, _read_note(self.path))
        note = json.dumps({"pid": os.getpid(), "program": self.program,
                           "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}).encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, note.ljust(256))
        os.fsync(fd)
        self._fd = fd
        return self

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> "StoreLock":
        return self.acquire() if not self.held else self

    def __exit__(self, *exc) -> None:
        self.release()
