"""Logs for IT: a rotating file in the data dir, scrubbed of personal data and secrets.

``setup(data_dir)`` writes ``<data dir>/logs/griddesk.log`` (1 MB, 5 old files kept).
The code never logs names, ID numbers, phones or tokens on purpose; ``scrub`` is the
safety net for what slips through (an exception message quoting a value, a URL with a
token): it masks mainland ID numbers (18 and 15 digits) and mobile and landline
numbers, also when written with spaces or dashes; bearer tokens, ``password=…``/
``token: …`` pairs and 64-hex-digit keys. Chinese names cannot be told
apart from other text, which is why nothing may log them in the first place.
Diagnostics and crash reports go through ``scrub`` as well. Qt-free.
"""
from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from pathlib import Path

from app.models.domain.rules import redact_numbers

LOG_DIR = "logs"
LOG_NAME = "griddesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

_SCRUB = [
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    (re.compile(r"(?i)((?:access_token|refresh_token|token|password|passwd|pwd|secret|api_key"
                r"|apikey|authorization|cookie)[\"']?\s*[:=]\s*[\"']?)[^\"'\s,&;}]+"), r"\1***"),
    # URL credentials: scheme://user:secret@host
    (re.compile(r"(://[^/\s:@]+:)[^@\s/]+@"), r"\1***@"),
    # raw keys, such as the database key in hex
    (re.compile(r"(?<![0-9A-Fa-f])[0-9A-Fa-f]{64}(?![0-9A-Fa-f])"), "<key>"),
]


def scrub(text: str) -> str:
    # ID numbers (18 and 15 digits) and phones, also written with spaces or dashes: the
    # same patterns the audit log's free text is masked with (app.models.domain.rules)
    text = redact_numbers(text, "<id>", "<phone>")
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


class ScrubbingFormatter(logging.Formatter):
    """Scrubs the whole formatted record, the traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def log_path(data_dir: Path) -> Path:
    return Path(data_dir) / LOG_DIR / LOG_NAME


def setup(data_dir: Path, *, level: int = logging.INFO, console: bool = False) -> Path | None:
    """Send the ``griddesk``-wide root log to the rotating file (and to stderr when
    ``console``); calling it again replaces the handlers it added before. Returns the
    log file, or None when the data dir cannot be written (the app still runs)."""
    shutdown()
    root = logging.getLogger()
    formatter = ScrubbingFormatter(FORMAT)
    path: Path | None = log_path(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        print(f"GridDesk: cannot write logs to {path}: {exc}", file=sys.stderr or sys.__stderr__)
        path = None
    else:
        handler.setFormatter(formatter)
        handler._griddesk = True
        root.addHandler(handler)
    # A windowed Windows build has no stderr at all.
    if console and sys.stderr is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        stream._griddesk = True
        root.addHandler(stream)
    root.setLevel(level)
    logging.captureWarnings(True)
    # Third-party chatter at DEBUG would drown ours (urllib3 logs every request line).
    for noisy in ("urllib3", "PIL", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(max(level, logging.INFO))
    return path


def shutdown() -> None:
    """Close and remove the handlers ``setup`` added."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_griddesk", False)]:
        root.removeHandler(handler)
        handler.close()


def log_files(data_dir: Path) -> list[Path]:
    """The current log and its rotated predecessors, newest first."""
    base = log_path(data_dir)
    files = [base] + [base.with_name(f"{LOG_NAME}.{i}") for i in range(1, BACKUP_COUNT + 1)]
    return [f for f in files if f.exists()]
