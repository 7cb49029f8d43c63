"""Fixtures for the sync tests: real city server processes on loopback, desktops
with real SQLCipher stores signed in over real HTTP, and fault proxies.

- ``city``: one server for the session (SQLite); each test takes a fresh street
  of its own (``org``), so tests never see each other's data.
- ``any_city`` / ``any_org``: the same on SQLite and, when GRIDDESK_TEST_PG_URL is
  set (.ci/run sets it), on PostgreSQL.
- ``new_city(env=...)``: a dedicated server for a test that changes server
  settings, restores a backup, prunes or moves users.
- ``desk(url, username)``: a desktop in its own data dir; ``proxy(upstream)``: a
  fault proxy. Everything is stopped and closed at teardown.
"""
from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for p in (HERE, HERE.parent / "server"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

pytest.importorskip("fastapi")

import sqlalchemy as sa  # noqa: E402

from faultproxy import FaultProxy  # noqa: E402
from srvhelpers import PG_URL, pg_schema_url  # noqa: E402
from synchelpers import City, Desk  # noqa: E402


def _pg_schema_url() -> tuple[str, callable]:
    from server import db
    schema = "sync_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(db.normalize_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))

    def drop():
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
    return pg_schema_url(PG_URL, schema), drop


@pytest.fixture(scope="session")
def city(tmp_path_factory):
    c = City(tmp_path_factory.mktemp("city"))
    c.start()
    yield c
    c.close()


@pytest.fixture(scope="session")
def pg_city(tmp_path_factory):
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set GRIDDESK_TEST_PG_URL "
                    "(scripts/pg-test-server starts a throwaway one; .ci/run does)")
    url, drop = _pg_schema_url()
    c = City(tmp_path_factory.mktemp("pgcity"), url)
    c.start()
    yield c
    c.close()
    drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_city(request):
    return request.getfixturevalue("city" if request.param == "sqlite" else "pg_city")


@pytest.fixture
def org(city):
    return city.new_org()


@pytest.fixture
def any_org(any_city):
    return any_city.new_org()


@pytest.fixture
def new_city(tmp_path):
    made: list[City] = []

    def make(env: dict | None = None, *, start: bool = True, name: str | None = None) -> City:
        c = City(tmp_path / (name or f"city{len(made)}"), env=env)
        made.append(c)
        if start:
            c.start()
        return c
    yield make
    for c in made:
        c.close()


@pytest.fixture
def desk(tmp_path):
    made: list[Desk] = []

    def make(url: str, username: str, *, initial: bool = True, **kw) -> Desk:
        """Signed in; ``initial``: the first sync done too, as the first run does."""
        d = Desk(tmp_path / f"desk{len(made)}-{username}", url, username, **kw)
        made.append(d)
        if initial and kw.get("sign_in", True):
            d.sync()
        return d
    yield make
    for d in made:
        d.close()


@pytest.fixture
def proxy():
    made: list[FaultProxy] = []

    def make(upstream: str) -> FaultProxy:
        p = FaultProxy(upstream).start()
        made.append(p)
        return p
    yield make
    for p in made:
        p.stop()
