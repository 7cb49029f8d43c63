"""HTTP client for the city server (sync-protocol.md), on ``requests``.

Errors are sorted into what the engine must do about them:

- ``Offline``: no answer, a timeout, a reset, a 5xx or a proxy page — retry
  later with backoff; nothing was learned.
- ``AuthError``: the refresh token is gone or revoked, the account is locked —
  the user must sign in again. A 401 on an access token is handled here by one
  refresh and one retry, so the engine never sees an expired access token.
- ``UpgradeRequired`` (426): this desktop is too old for the server.
- ``CursorExpired`` (410): the cursor is older than the server's retention.
- ``ServerRefused``: any other 4xx, with the server's code and message.

TLS is verified (with IT's CA bundle when the config names one); a proxy from
the config is used for every request.
"""
from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass
from typing import Any, Callable

import requests

PROTOCOL_VERSION = 1
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 30.0


class SyncError(Exception):
    code = "sync_error"

    def __init__(self, message: str = "", *, code: str | None = None, status: int | None = None,
                 detail: dict | None = None):
        super().__init__(message or self.code)
        if code:
            self.code = code
        self.status = status
        self.detail = detail or {}


class Offline(SyncError):
    code = "offline"


class AuthError(SyncError):
    code = "auth"


class UpgradeRequired(SyncError):
    code = "upgrade_required"


class CursorExpired(SyncError):
    code = "cursor_expired"


class ServerRefused(SyncError):
    code = "refused"


@dataclass
class Tokens:
    access_token: str
    refresh_token: str


@dataclass
class DeviceGrant:
    """What a sign-in said about this PC: the device the tokens are bound to (another
    id than the one presented when that one was not accepted) and the device secret,
    when the server issued one with this sign-in."""
    device_id: str | None
    device_secret: str | None = None


def _problem(resp: requests.Response) -> dict:
    try:
        body = resp.json()
    except ValueError:
        return {}
    detail = body.get("detail") if isinstance(body, dict) else None
    return detail if isinstance(detail, dict) else {}


class Client:
    """One server, one signed-in device. Thread-safe enough for one sync worker plus
    short calls from the GUI thread (a lock guards the token swap)."""

    def __init__(self, base_url: str, *, ca_bundle: str | None = None, proxy: str | None = None,
                 tokens: Tokens | None = None,
                 on_tokens: Callable[[Tokens], None] | None = None,
                 timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)):
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "GridDesk"
        self.session.headers["X-GridDesk-Protocol"] = str(PROTOCOL_VERSION)
        if ca_bundle:
            self.session.verify = ca_bundle
        if proxy:
            self.session.proxies = {"http": proxy, "https": proxy}
        else:
            self.session.trust_env = True
        self.tokens = tokens
        self.on_tokens = on_tokens
        self.timeout = timeout
        self.grant: DeviceGrant | None = None    # set by login()
        self._lock = threading.Lock()

    # ------------------------------------------------------------ transport
    def _send(self, method: str, path: str, *, auth: bool = True, timeout=None,
              headers: dict | None = None, **kw) -> requests.Response:
        hdrs = dict(headers or {})
        if auth:
            if self.tokens is None:
                raise AuthError("not signed in", code="not_signed_in")
            hdrs["Authorization"] = f"Bearer {self.tokens.access_token}"
        try:
            return self.session.request(method, self.base_url + path, headers=hdrs,
                                        timeout=timeout or self.timeout, **kw)
        except requests.exceptions.SSLError as exc:
            # a certificate problem will not go away by retrying; say so plainly
            raise ServerRefused(str(exc), code="tls") from None
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError) as exc:
            raise Offline(str(exc)) from None

    def request(self, method: str, path: str, *, auth: bool = True, ok=(200,), **kw
                ) -> requests.Response:
        resp = self._send(method, path, auth=auth, **kw)
        if resp.status_code == 401 and auth:
            used = self.tokens
            self.refresh(used)
            resp = self._send(method, path, auth=auth, **kw)
        return self._check(resp, ok)

    def _check(self, resp: requests.Response, ok) -> requests.Response:
        status = resp.status_code
        if status in ok:
            return resp
        problem = _problem(resp)
        code = problem.get("code")
        message = problem.get("message") or resp.reason or ""
        if status >= 500 or status in (408, 429) or (status in (502, 503, 504)):
            raise Offline(f"server answered {status}", status=status)
        if status in (401, 423) or code == "device_revoked":
            raise AuthError(message, code=code or "unauthorized", status=status, detail=problem)
        if status == 426:
            raise UpgradeRequired(message, status=status, detail=problem)
        if status == 410:
            raise CursorExpired(message, code=code or "cursor_expired", status=status,
                                detail=problem)
        if not problem and "json" not in resp.headers.get("content-type", ""):
            # an HTML page from a captive portal or proxy: we are not really online
            raise Offline(f"unexpected answer {status}", status=status)
        raise ServerRefused(message, code=code or f"http_{status}", status=status, detail=problem)

    def _json(self, resp: requests.Response) -> Any:
        try:
            return resp.json()
        except ValueError:
            raise Offline("the answer was cut short or is not JSON") from None

    # ------------------------------------------------------------ auth
    def login(self, username: str, password: str, *, device_id: str, device_name: str,
              device_secret: str | None = None) -> Tokens:
        """Sign in; ``self.grant`` then says which device the tokens are bound to. A
        429 (too many failed sign-ins from this address) is an ``AuthError`` with code
        ``rate_limited`` and ``detail['retry_after']`` seconds: retrying at once
        would not help."""
        body = dict(username=username, password=password, device_id=device_id,
                    device_name=device_name)
        if device_secret:
            body["device_secret"] = device_secret
        resp = self._send("POST", "/auth/login", auth=False, json=body)
        if resp.status_code == 429:
            problem = _problem(resp)
            retry = problem.get("retry_after") or resp.headers.get("Retry-After") or 0
            try:
                retry = int(retry)
            except (TypeError, ValueError):
                retry = 0
            raise AuthError(problem.get("message") or "too many sign-in attempts",
                            code="rate_limited", status=429,
                            detail={**problem, "retry_after": retry})
        answer = self._json(self._check(resp, (200,)))
        self.grant = DeviceGrant(answer.get("device_id") or (device_id or None),
                                 answer.get("device_secret"))
        self._set_tokens(Tokens(answer["access_token"], answer["refresh_token"]))
        return self.tokens

    def refresh(self, used: Tokens | None = None) -> None:
        with self._lock:
            if self.tokens is None:
                raise AuthError("not signed in", code="not_signed_in")
            if used is not None and self.tokens is not used:
                return   # another thread refreshed meanwhile
            resp = self._send("POST", "/auth/refresh", auth=False,
                              json={"refresh_token": self.tokens.refresh_token})
            if resp.status_code in (400, 401, 403, 422):
                problem = _problem(resp)
                raise AuthError(problem.get("message") or "sign in again",
                                code=problem.get("code") or "refresh_failed",
                                status=resp.status_code)
            body = self._json(self._check(resp, (200,)))
            self._set_tokens(Tokens(body["access_token"], body["refresh_token"]))

    def _set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens
        if self.on_tokens:
            self.on_tokens(tokens)

    def logout(self) -> None:
        try:
            self.request("POST", "/auth/logout", ok=(204, 200))
        finally:
            self.tokens = None

    def me(self) -> dict:
        return self._json(self.request("GET", "/auth/me"))

    def status(self) -> dict:
        return self._json(self.request("GET", "/status", auth=False))

    # ------------------------------------------------------------ sync
    def push(self, ops: list[dict]) -> list[dict]:
        body = self._json(self.request("POST", "/sync/push", json={"ops": ops}))
        return body["results"]

    def changes(self, cursor: int, *, limit: int = 500, wait: float = 0) -> dict:
        timeout = (self.timeout[0], self.timeout[1] + wait)
        return self._json(self.request("GET", "/sync/changes", timeout=timeout,
                                       params={"cursor": cursor, "limit": limit, "wait": wait}))

    def snapshot_plan(self) -> dict:
        return self._json(self.request("GET", "/sync/snapshot"))

    def snapshot(self, entity: str, *, at: int, after: str | None = None,
                 limit: int = 1000) -> dict:
        params: dict[str, Any] = {"entity": entity, "at": at, "limit": limit}
        if after:
            params["after"] = after
        return self._json(self.request("GET", "/sync/snapshot", params=params))

    def verify(self) -> dict:
        return self._json(self.request("GET", "/sync/verify"))

    def verify_buckets(self, entity: str) -> dict:
        """``{"entity", "count", "hash", "buckets": {bucket: {"count", "hash"}}}``."""
        return self._json(self.request("GET", "/sync/verify", params={"entity": entity}))

    def verify_digests(self, entity: str, buckets: list[int]) -> dict[str, str]:
        """id -> content digest of the rows in ``buckets`` (app.models.domain.content)."""
        return self._json(self.request("GET", "/sync/verify", params={
            "entity": entity, "bucket": [int(b) for b in buckets]}))["rows"]

    def rows(self, entity: str, ids: list[str]) -> dict:
        """The server's current state of up to 500 rows: ``{"rows": [{"id", "version",
        "data"} | {"id", "version", "deleted": True}], "missing": [ids]}``; an id the
        user may not see is only in ``missing``, like one that does not exist."""
        return self._json(self.request("POST", "/sync/rows",
                                       json={"entity": entity, "ids": list(ids)}))

    def conflicts(self, state: str | None = None) -> list[dict]:
        params = {"state": state} if state else {}
        return self._json(self.request("GET", "/sync/conflicts", params=params))

    # ------------------------------------------------------------ dictionaries
    def dictionaries(self) -> dict[str, dict]:
        """name -> {"version", "sha256"} of the dictionaries the server has loaded."""
        return self._json(self.request("GET", "/dictionaries"))["dictionaries"]

    def dictionary(self, name: str) -> dict:
        """``{"name", "version", "content"}`` of one loaded dictionary."""
        return self._json(self.request("GET", f"/dictionaries/{name}"))

    # ------------------------------------------------------------ audit
    def upload_audit(self, records: list[dict]) -> dict:
        return self._json(self.request("POST", "/audit/upload", json={"records": records}))

    def audit_records(self, **filters) -> list[dict]:
        params = {k: v for k, v in filters.items() if v not in (None, "")}
        return self._json(self.request("GET", "/audit/records", params=params))

    def audit_chains(self) -> list[dict]:
        return self._json(self.request("GET", "/audit/chains"))

    # ------------------------------------------------------------ blobs
    def blob_offset(self, sha: str) -> tuple[bool, int]:
        """(available, offset): whether the server has the whole blob, else how much."""
        resp = self.request("HEAD", f"/blobs/{sha}", ok=(200, 404))
        offset = int(resp.headers.get("Upload-Offset") or 0)
        return resp.status_code == 200, offset

    def upload_chunk(self, sha: str, offset: int, length: int, chunk: bytes) -> dict:
        digest = base64.b64encode(hashlib.sha256(chunk).digest()).decode()
        resp = self.request("PATCH", f"/blobs/{sha}", ok=(200, 409), data=chunk, headers={
            "Upload-Offset": str(offset), "Upload-Length": str(length),
            "Upload-Checksum": f"sha256 {digest}",
            "Content-Type": "application/offset+octet-stream"})
        body = self._json(resp)
        if resp.status_code == 409:
            detail = body.get("detail") if isinstance(body, dict) else {}
            return {"offset": int((detail or {}).get("offset", 0)), "state": "partial",
                    "mismatch": True}
        return body

    def download(self, sha: str) -> bytes:
        return self.request("GET", f"/blobs/{sha}", timeout=(self.timeout[0], 120)).content
