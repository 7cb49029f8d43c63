"""Issue 13, finding 15 (server side): free-text query parameters holding a NUL or a
lone surrogate get a 4xx, never a 5xx, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "\ud800"])
def test_query_text_with_nul_or_a_lone_surrogate_is_a_client_error(device, text):
    auditor, sup = device("audit"), device("sup")
    for who, path, params in (
            (auditor, "/audit/records", {"user": text}),
            (auditor, "/audit/records", {"action": text, "entity_id": text}),
            (auditor, "/audit/records", {"since": text}),
            (sup, "/sync/conflicts", {"state": text})):
        r = who.client.get(path, params={k: v.encode("utf-8", "surrogatepass")
                                         for k, v in params.items()}, headers=who.headers)
        assert r.status_code < 500, (path, params, r.status_code, r.text)
