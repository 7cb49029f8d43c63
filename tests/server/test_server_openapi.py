"""The OpenAPI document is kept in the repo and current; schemathesis, driven by it
against a running server, finds no 5xx and no response violating the schema."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings as hsettings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from srvhelpers import PASSWORD  # noqa: E402

from hypothesis import strategies as st  # noqa: E402

schemathesis.openapi.media_type("application/offset+octet-stream", st.binary(max_size=2048))
DOC = Path(__file__).resolve().parents[2] / "server" / "openapi.json"


def test_openapi_document_in_repo_is_current():
    from server.__main__ import openapi_document
    current = openapi_document()
    kept = json.loads(DOC.read_text(encoding="utf-8"))
    assert kept == json.loads(json.dumps(current)), (
        "server/openapi.json is stale: run `python -m server openapi > server/openapi.json`")


@pytest.fixture
def api(live_server, store):
    import httpx
    from server.open311 import add_api_key
    with store.write() as conn:
        add_api_key(conn, "fuzz", "hotline", time.time())
    r = httpx.post(live_server + "/auth/login", json=dict(
        username="sup", password=PASSWORD, device_id="fuzz-pc", device_name="fuzz"))
    token = r.json()["access_token"]
    schema = schemathesis.openapi.from_url(live_server + "/openapi.json")
    schema.config.headers = {"Authorization": f"Bearer {token}"}
    return schema


def test_api_fuzz(api):
    """Every operation, a bounded number of generated requests each (GRIDDESK_FUZZ_EXAMPLES)."""
    from hypothesis import given

    failures = []
    for result in api.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hsettings(max_examples=int(os.environ.get("GRIDDESK_FUZZ_EXAMPLES", "15")),
                   deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
