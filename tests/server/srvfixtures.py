"""Fixtures for the city server: a store parametrized over SQLite and (when
GRIDDESK_TEST_PG_URL is set, as .ci/run does) PostgreSQL, a small org tree with
users of each role, an in-process client and a real uvicorn process."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

pytest.importorskip("fastapi")
import sqlalchemy as sa  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from server import admin, auth, db, migrations  # noqa: E402
from server.app import create_app  # noqa: E402
from server.config import Settings  # noqa: E402
from server.sync.engine import Engine

from srvhelpers import (ORG, PASSWORD, PG_URL, ROOT, USERS, Clock, Device,  # noqa: E402,F401
                        free_port, pg_schema_url, resident)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set GRIDDESK_TEST_PG_URL "
                    "(scripts/pg-test-server starts a throwaway one; .ci/run does)")
    schema = "t_" + uuid.uuid4().hex[:12]
    admin_engine = sa.create_engine(db.normalize_url(PG_URL))
    with admin_engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield pg_schema_url(PG_URL, schema)
    with admin_engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin_engine.dispose()


@pytest.fixture
def settings(db_url, tmp_path):
    return Settings(db_url=db_url, blob_dir=str(tmp_path / "blobs"), argon2_time_cost=1,
                    argon2_memory_kib=1024, max_chunk=64 * 1024)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(settings):
    s = db.Store(settings.db_url)
    migrations.migrate(s)
    yield s
    s.dispose()


def seed(store, settings) -> dict:
    engine = Engine(store, settings)
    admin.import_org(store, engine, ORG)
    now = time.time()
    with store.write() as conn:
        for name, role, scope in USERS:
            auth.create_user(conn, settings, username=name, password=PASSWORD, role=role,
                             scope_code=scope, now=now)
        o = db.ENTITIES["org_units"]
        units = {code: uid for code, uid in conn.execute(sa.select(o.c.code, o.c.id))}
    return units


@pytest.fixture
def units(store, settings):
    return seed(store, settings)


@pytest.fixture
def app(settings, store, units, clock):
    return create_app(settings, store=store, clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture
def device(client):
    def make(username: str, device_id: str | None = None) -> Device:
        return Device(client, username, device_id)
    return make


def start_server(settings, tmp_path, name: str = "server", extra_env: dict | None = None):
    """A real ``python -m server serve`` process on a loopback port: (process, base URL,
    log file). ``stop_server`` ends it."""
    port = free_port()
    env = dict(os.environ, GRIDDESK_SERVER_BLOB_DIR=settings.blob_dir,
               GRIDDESK_SERVER_ARGON2_TIME_COST="1", GRIDDESK_SERVER_ARGON2_MEMORY_KIB="1024",
               **(extra_env or {}))
    log = open(tmp_path / f"{name}.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "server", "--db", settings.db_url, "serve",
                             "--host", "127.0.0.1", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    import httpx
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(base + "/status", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError((tmp_path / f"{name}.log").read_text())
        time.sleep(0.1)
    return proc, base, log


def stop_server(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def live_server(settings, store, units, tmp_path):
    """A real ``python -m server serve`` process on a loopback port."""
    proc, base, log = start_server(settings, tmp_path)
    yield base
    stop_server(proc, log)
