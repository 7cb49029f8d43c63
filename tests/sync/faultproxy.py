"""A fault-injecting HTTP proxy for the sync tests (sync-protocol.md "Tests that
must pass": a transport that drops, duplicates, reorders and delays).

The desktop talks to ``proxy.url`` as if it were the city server; every request
is read whole, forwarded to the real server process and its answer passed
back, unless a fault is due for that request:

- ``drop_request``: close the connection before anything reaches the server.
- ``drop_response``: the server handles (and commits) the request; the answer
  is thrown away and the connection closed.
- ``duplicate``: the server receives the request twice; the client gets the
  second answer (what a retried request after a lost answer looks like).
- ``replay_later``: forwarded normally, and sent to the server once more just
  before the next request (an old request arriving late: reordering).
- ``delay``: wait ``seconds`` before forwarding.
- ``reset``: a TCP reset (RST) instead of an answer, before forwarding
  (``after=True``: after the server handled it).
- ``cut_response``: send the answer's head and only ``fraction`` of its body.
- ``cut_request``: forward only ``fraction`` of the request body, then hang up
  on the server and on the client (a photo chunk cut on a weak link).
- ``corrupt_body``: flip one byte of the request body (a damaged chunk).

Faults are chosen per request: first from the queue (``queue(kind, path=...)``,
for an exact scenario), else at random from a seeded schedule
(``randomize(seed, rate, kinds)``), so a failing run can be replayed.
``heal()`` stops all faults. ``log`` keeps (method, path, fault, status) per
request for assertions ("a refresh happened", "the push was really sent twice").
"""
from __future__ import annotations

import http.client
import random
import socket
import socketserver
import struct
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

KINDS = ("drop_request", "drop_response", "duplicate", "replay_later", "delay", "reset",
         "cut_response", "cut_request", "corrupt_body")
# What a random schedule uses by default: every fault that leaves the server consistent.
RANDOM_KINDS = ("drop_request", "drop_response", "duplicate", "replay_later", "delay", "reset",
                "cut_response")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade",
              "te", "trailer", "content-length", "host"}


@dataclass
class Fault:
    kind: str
    seconds: float = 0.0         # delay
    fraction: float = 0.5        # cut_response / cut_request
    after: bool = False          # reset after forwarding
    offset: int | None = None    # corrupt_body: which byte (None = the middle)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault {self.kind!r}")


@dataclass
class _Queued:
    fault: Fault
    path: str | None
    method: str | None
    times: int
    skip: int = 0                # let this many matching requests through first


@dataclass
class Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes = b""
    path: str = field(init=False)

    def __post_init__(self):
        self.path = urlsplit(self.target).path


class FaultProxy:
    def __init__(self, upstream: str, *, timeout: float = 120.0):
        u = urlsplit(upstream)
        self.upstream = (u.hostname, u.port or 80)
        self.timeout = timeout
        self.log: list[dict] = []
        self._queue: list[_Queued] = []
        self._rng: random.Random | None = None
        self._rate = 0.0
        self._kinds: tuple[str, ...] = RANDOM_KINDS
        self._paths: tuple[str, ...] | None = None
        self._later: list[Request] = []
        self._lock = threading.Lock()
        self.on_request = None   # callable(Request) run before forwarding (test hooks)
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                proxy._handle(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ control
    def start(self) -> "FaultProxy":
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.05})
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def queue(self, kind: str, *, path: str | None = None, method: str | None = None,
              times: int = 1, skip: int = 0, **params) -> None:
        """Apply ``kind`` to the next ``times`` requests whose path starts with
        ``path`` (and whose method is ``method``), after letting ``skip`` through."""
        with self._lock:
            self._queue.append(_Queued(Fault(kind, **params), path, method, times, skip))

    def randomize(self, seed: int, rate: float, kinds=RANDOM_KINDS,
                  paths: tuple[str, ...] | None = None) -> None:
        """From now on each request (under ``paths``) gets a fault with probability
        ``rate``, drawn from a ``random.Random(seed)``: the same seed, the same faults."""
        with self._lock:
            self._rng = random.Random(seed)
            self._rate, self._kinds, self._paths = rate, tuple(kinds), paths

    def heal(self) -> None:
        with self._lock:
            self._queue.clear()
            self._rng = None
            self._rate = 0.0
            self._later.clear()

    def pending(self) -> int:
        with self._lock:
            return sum(q.times for q in self._queue)

    def faults(self, kind: str | None = None, path: str | None = None) -> list[dict]:
        return [e for e in self.log if e["fault"] and (kind is None or e["fault"] == kind)
                and (path is None or e["path"].startswith(path))]

    def requests(self, path: str, method: str | None = None) -> list[dict]:
        return [e for e in self.log if e["path"].startswith(path)
                and (method is None or e["method"] == method)]

    def _choose(self, req: Request) -> Fault | None:
        with self._lock:
            for q in self._queue:
                if (q.path is None or req.path.startswith(q.path)) and \
                        (q.method is None or q.method == req.method):
                    if q.skip:
                        q.skip -= 1
                        return None
                    q.times -= 1
                    if q.times <= 0:
                        self._queue.remove(q)
                    return q.fault
            if self._rng is None or (self._paths and not req.path.startswith(self._paths)):
                return None
            if self._rng.random() >= self._rate:
                return None
            kind = self._rng.choice(self._kinds)
            return Fault(kind, seconds=self._rng.uniform(0.05, 0.4),
                         fraction=self._rng.uniform(0.0, 0.95),
                         after=self._rng.random() < 0.5)

    # ------------------------------------------------------------ the work
    def _handle(self, sock: socket.socket) -> None:
        sock.settimeout(self.timeout)
        try:
            req = _read_request(sock)
        except (OSError, ValueError):
            return
        if req is None:
            return
        fault = self._choose(req)
        entry = {"method": req.method, "path": req.path, "target": req.target,
                 "fault": fault.kind if fault else None, "status": None, "t": time.monotonic(),
                 "headers": list(req.headers)}
        with self._lock:
            self.log.append(entry)
            later, self._later = self._later, []
        if self.on_request is not None:
            self.on_request(req)
        for old in later:   # an old request arriving after newer ones
            self._forward(old)
        kind = fault.kind if fault else None
        try:
            if kind == "drop_request":
                return
            if kind == "reset" and not fault.after:
                return _reset(sock)
            if kind == "delay":
                time.sleep(fault.seconds)
            if kind == "corrupt_body" and req.body:
                i = len(req.body) // 2 if fault.offset is None else fault.offset
                body = bytearray(req.body)
                body[i] ^= 0xFF
                req.body = bytes(body)
            if kind == "cut_request":
                self._forward_cut(req, fault.fraction)
                return _reset(sock)
            if kind == "replay_later":
                with self._lock:
                    self._later.append(req)
            answer = self._forward(req)
            if kind == "duplicate":
                answer = self._forward(req)
            if answer is None:   # the server hung up
                return _reset(sock)
            status, raw = answer
            entry["status"] = status
            if kind == "drop_response":
                return
            if kind == "reset":
                return _reset(sock)
            if kind == "cut_response":
                head, _, body = raw.partition(b"\r\n\r\n")
                sock.sendall(head + b"\r\n\r\n" + body[:int(len(body) * fault.fraction)])
                return
            sock.sendall(raw)
        except OSError:
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def _forward(self, req: Request) -> tuple[int, bytes] | None:
        conn = http.client.HTTPConnection(*self.upstream, timeout=self.timeout)
        try:
            headers = {k: v for k, v in req.headers if k.lower() not in HOP_BY_HOP}
            conn.request(req.method, req.target, body=req.body if req.body else None,
                         headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            lines = [f"HTTP/1.1 {resp.status} {resp.reason}"]
            length = None
            for k, v in resp.getheaders():
                if k.lower() == "content-length":
                    length = v
                if k.lower() not in HOP_BY_HOP:
                    lines.append(f"{k}: {v}")
            # a HEAD answer says how long the body would be, without one
            size = length if req.method == "HEAD" and length else len(body)
            lines.append(f"Content-Length: {size}")
            lines.append("Connection: close")
            return resp.status, ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        except (OSError, http.client.HTTPException):
            return None
        finally:
            conn.close()

    def _forward_cut(self, req: Request, fraction: float) -> None:
        """Send the head and part of the body, then hang up: the server sees a client
        that went away mid-upload."""
        s = socket.create_connection(self.upstream, timeout=self.timeout)
        try:
            head = [f"{req.method} {req.target} HTTP/1.1"]
            head += [f"{k}: {v}" for k, v in req.headers
                     if k.lower() not in ("connection", "keep-alive")]
            head.append("Connection: close")
            s.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
            s.sendall(req.body[:int(len(req.body) * fraction)])
            time.sleep(0.05)
        finally:
            _reset(s)


def _reset(sock: socket.socket) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


def _read_request(sock: socket.socket) -> Request | None:
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buf += chunk
        if len(buf) > 1 << 20:
            raise ValueError("request head too large")
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers = []
    length = 0
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
        if k.strip().lower() == "content-length":
            length = int(v.strip())
        if k.strip().lower() == "transfer-encoding":
            raise ValueError("chunked request bodies are not used by the desktop")
    body = rest
    while len(body) < length:
        chunk = sock.recv(min(1 << 20, length - len(body)))
        if not chunk:
            return None
        body += chunk
    return Request(method, target, headers, body[:length])
