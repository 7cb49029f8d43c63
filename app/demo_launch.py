"""``griddesk demo``: a city server on loopback with the demo street, and the
desktop signed in to it, so a newcomer sees sync working.

Layout under the demo folder: ``city/`` (the server's SQLite database and
photo store, made on first use with ``server.demo``), ``desktop/`` (the
desktop's encrypted store), ``worker1/`` (a second desktop, for
``griddesk demo --as worker1``). The server listens on 127.0.0.1:8765 when
that port is free (a stable address keeps the desktop's session valid between
runs) and stops when the window closes.

Needs the server's dependencies (``pip install .[server]``; ``./dev`` does).
"""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DEMO_PORT = 8765
HEARTBEAT_MS = 200
STOP_GRACE_S = 1.0


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def prepare_city(city_dir: Path, residents: int, seed: int) -> str:
    from server import demo as city

    city_dir.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{city_dir / 'city.db'}"
    marker = city_dir / "seeded"
    if not marker.exists():
        for stale in city_dir.glob("city.db*"):
            stale.unlink()
        start = time.perf_counter()
        _say(f"Preparing the demo city server ({residents:,} residents)…")
        out = city.prepare(url, city_dir / "blobs", residents=residents, seed_no=seed)
        marker.write_text(repr(out), encoding="utf-8")
        _say(f"  done in {time.perf_counter() - start:.1f}s; users: {', '.join(out['users'])} "
             f"(password: {out['password']})")
    return url


def start_city(demo_dir: Path, residents: int, seed: int):
    from server import demo as city

    url = prepare_city(demo_dir / "city", residents, seed)
    port = DEMO_PORT if _port_free(DEMO_PORT) else None
    srv = city.LiveServer(url, blob_dir=demo_dir / "city" / "blobs",
                          log_path=demo_dir / "city" / "server.log", port=port)
    srv.start()
    _say(f"City server running at {srv.url} (log: {srv.log_path})")
    return srv


def sign_in_desktop(desktop_dir: Path, server_url: str, username: str) -> None:
    """Sign the desktop in and run its first sync before the window opens."""
    from app.models.store.database import open_store
    from app.sync import session
    from app.sync.engine import SyncEngine
    from server.demo import DEMO_PASSWORD

    store = open_store(desktop_dir)
    try:
        s = session.load(store)
        if s is None or s.server_url != server_url or s.username != username or not s.tokens:
            _say(f"Signing the desktop in as {username}…")
            s = session.sign_in(store, server_url, username, DEMO_PASSWORD,
                                device_name=f"demo desktop ({username})")
        start = time.perf_counter()
        result = SyncEngine(store, session.client_for(store, s), data_dir=desktop_dir).sync()
        session.apply_user(store, s.user)
        _say(f"  synced in {time.perf_counter() - start:.1f}s: sent {result.pushed}, "
             f"received {result.pulled}")
    finally:
        store.close()


def stop_on_signals():
    """SIGTERM (and SIGINT) end the demo at once and its city server with it: inside the
    window's event loop the loop ends (the ``finally`` below stops the server), before it
    the start-up is interrupted. The Qt event loop gives Python a turn at least every
    HEARTBEAT_MS, so the handler runs promptly."""
    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def stop(signum, _frame):
        _say(f"Signal {signum}: stopping the demo and its city server…")
        if QThread.currentThread().loopLevel() > 0:
            app.exit(128 + signum)
        else:
            raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    heartbeat = QTimer(app)
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start()
    return heartbeat


def run_demo(demo_dir: Path, *, residents: int, seed: int, lang: str | None,
             username: str = "supervisor", overrides: dict | None = None) -> int:
    from app.ui.shell.app import run_app

    stop_on_signals()
    srv = start_city(demo_dir, residents, seed)
    try:
        desktop = demo_dir / ("desktop" if username == "supervisor" else username)
        sign_in_desktop(desktop, srv.url, username)
        kwargs = {"overrides": overrides} if overrides is not None else {}
        return run_app(desktop, lang, demo=True, **kwargs)
    finally:
        stop_city(srv)


def stop_city(srv) -> None:
    """Stop the demo's city server within STOP_GRACE_S: the server waits for open
    connections (the desktop's sync) before it ends on SIGTERM, so one that has not
    ended by then is killed (its SQLite database is safe from that)."""
    proc = srv.proc
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    srv.stop()                 # closes its log
