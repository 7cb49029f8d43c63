"""Structured logs: one JSON object a line on stderr, for journald or a log shipper.

What a line may hold, and why it holds nothing more: the route *template*
(``/sync/changes``, ``/blobs/{sha}``) and never the URL, because query strings
carry Open311 ``api_key``s and paths carry case numbers; the method, status and
duration; counts. Never a header (tokens), a body (resident data) or a user
name: who did what is in the audit table, not in the log. SQL errors hide
their parameters (``hide_parameters`` on the engines in server/db.py), so a
failing statement does not print the values it carried.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import time

LOGGER = "griddesk.server"
log = logging.getLogger(LOGGER)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"ts": dt.datetime.fromtimestamp(record.created, dt.timezone.utc)
               .isoformat(timespec="milliseconds"),
               "level": record.levelname.lower(), "logger": record.name,
               "msg": record.getMessage()}
        out.update(getattr(record, "fields", None) or {})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def config(level: str = "INFO") -> dict:
    """A ``logging.config`` dict (also uvicorn's ``log_config``): every logger of
    the server and of uvicorn as JSON on stderr."""
    handler = {"class": "logging.StreamHandler", "formatter": "json",
               "stream": "ext://sys.stderr"}
    return {"version": 1, "disable_existing_loggers": False,
            "formatters": {"json": {"()": JsonFormatter}},
            "handlers": {"stderr": handler},
            "loggers": {name: {"handlers": ["stderr"], "level": level, "propagate": False}
                        for name in (LOGGER, "uvicorn", "uvicorn.error")}}


def event(msg: str, **fields) -> None:
    log.info(msg, extra={"fields": fields})


class RequestLog:
    """ASGI middleware: one line per request (route template, status, duration)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = [500]

        async def send_status(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = scope.get("route")
            event("request", method=scope["method"],
                  route=getattr(route, "path", None) or "(no route)", status=status[0],
                  ms=round((time.perf_counter() - start) * 1000, 1))
