"""Unexpected exceptions: write a crash report to the data dir instead of vanishing.

``install(data_dir, on_crash)`` sets ``sys.excepthook`` and ``threading.excepthook``.
For each uncaught exception it writes ``<data dir>/crash/crash-<time>-<pid>.txt``
(version, platform, thread, traceback; scrubbed like the logs), logs it, and then
calls ``on_crash(report_path, summary)``; the desktop passes a callback that shows
a dialog (app/ui/shell/crash_dialog.py). Without a callback a line goes to stderr. The
hook itself never raises: a failure while reporting falls back to the default hook.
Qt-free.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import platform
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from app import __version__
from app.logs import scrub

CRASH_DIR = "crash"
KEEP_REPORTS = 20

log = logging.getLogger("griddesk.crash")
OnCrash = Callable[[Path, str], None]


def report_dir(data_dir: Path) -> Path:
    return Path(data_dir) / CRASH_DIR


def format_report(exc_type, exc, tb, *, thread_name: str | None = None) -> str:
    lines = [
        f"GridDesk {__version__} crash report",
        f"time: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        f"python: {platform.python_version()} ({sys.executable})",
        f"platform: {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}",
        f"thread: {thread_name or threading.current_thread().name}",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
        "",
    ]
    return scrub("\n".join(lines))


def write_report(data_dir: Path, exc_type, exc, tb, *, thread_name: str | None = None) -> Path:
    """Write one report; if the data dir cannot be written, into the temp folder."""
    text = format_report(exc_type, exc, tb, thread_name=thread_name)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    name = f"crash-{stamp}-{os.getpid()}.txt"
    for folder in (report_dir(data_dir), Path(tempfile.gettempdir()) / "GridDesk-crash"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        _prune(folder)
        return path
    raise OSError("no folder to write a crash report to")


def _prune(folder: Path) -> None:
    reports = sorted(folder.glob("crash-*.txt"))
    for old in reports[:-KEEP_REPORTS]:
        try:
            old.unlink()
        except OSError:
            pass


def summary_line(exc_type, exc) -> str:
    return scrub(f"{exc_type.__name__}: {exc}")[:500]


def _handle(data_dir: Path, on_crash: OnCrash | None, exc_type, exc, tb,
            thread_name: str | None) -> bool:
    """Report one exception; False if reporting itself failed."""
    try:
        path = write_report(data_dir, exc_type, exc, tb, thread_name=thread_name)
        log.critical("unexpected %s in thread %s; crash report %s", exc_type.__name__,
                     thread_name or threading.current_thread().name, path,
                     exc_info=(exc_type, exc, tb))
        summary = summary_line(exc_type, exc)
        if on_crash is not None:
            on_crash(path, summary)
        elif sys.stderr is not None:
            print(f"GridDesk: unexpected error ({summary}); crash report: {path}",
                  file=sys.stderr, flush=True)
        return True
    except Exception:  # noqa: BLE001 - the hook must never raise
        return False


def install(data_dir: Path, on_crash: OnCrash | None = None) -> None:
    """Route uncaught exceptions (main thread, Qt slots, other threads) to a report."""
    data_dir = Path(data_dir)

    def excepthook(exc_type, exc, tb):
        # Ctrl+C, exit, and output piped into a closed reader (griddesk ... | head) are
        # not crashes.
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit, BrokenPipeError)):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if not _handle(data_dir, on_crash, exc_type, exc, tb, None):
            sys.__excepthook__(exc_type, exc, tb)

    def thread_excepthook(args: threading.ExceptHookArgs):
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else None
        if not _handle(data_dir, on_crash, args.exc_type, args.exc_value, args.exc_traceback,
                       name):
            threading.__excepthook__(args)

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
