"""一表通 with the city server (server/forms.py): publish a table, list the tasks,
return a filled workbook, follow the progress and fetch the returns to merge.

Every call runs on a worker (the UI calls these through run_task) with the desktop's
signed-in session (session.client_for on a worker store of its own, as the photo
fetch does), so a refreshed token is saved like the sync's. Errors are the client's:
``Offline`` (nothing was sent or nothing learned: the filled file stays where it was
saved, the user sends it again later), ``AuthError``, ``ServerRefused`` with the
server's code (app.models.forms.checks codes for a refused spec or workbook).
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from app.models.forms import checks
from app.sync import session
from app.sync.client import AuthError, Client, ServerRefused

# a return's or a spec's workbook goes up as JSON: allow for the base64 on a slow link
UPLOAD_TIMEOUT = (5.0, 120.0)


def with_client(store, fn: Callable[[Client], Any]) -> Any:
    """``fn(client)`` with the signed-in session, on a store connection of this thread."""
    ws = store.worker_store()
    try:
        s = session.load(ws)
        if s is None or s.tokens is None:
            raise AuthError("not signed in", code="not_signed_in")
        return fn(session.client_for(ws, s))
    finally:
        ws.close()


def publish(client: Client, spec: dict, title: str, due: str) -> dict:
    problem = checks.spec_problem(spec)
    if problem:                                   # the server would say the same
        raise ServerRefused(problem, code=problem)
    return client.request("POST", "/forms/tasks", json={"title": title, "due": due,
                                                        "spec": spec},
                          timeout=UPLOAD_TIMEOUT).json()


def tasks(client: Client) -> list[dict]:
    return client.request("GET", "/forms/tasks").json()


def task(client: Client, task_id: str) -> dict:
    return client.request("GET", f"/forms/tasks/{task_id}").json()


def submit(client: Client, task_id: str, path: str, *, gaps: int, rows: int) -> dict:
    """Send the filled workbook saved at ``path`` (it stays there whatever happens)."""
    with open(path, "rb") as f:
        data = f.read()
    problem = checks.workbook_problem(data)
    if problem:
        raise ServerRefused(problem, code=problem)
    return client.request("POST", f"/forms/tasks/{task_id}/returns",
                          json={"workbook_b64": base64.b64encode(data).decode("ascii"),
                                "gaps": gaps, "rows": rows},
                          timeout=UPLOAD_TIMEOUT).json()


def progress(client: Client, task_id: str) -> list[dict]:
    return client.request("GET", f"/forms/tasks/{task_id}/progress").json()


def returns(client: Client, task_id: str) -> list[dict]:
    """The current returns in the communities' order, workbooks decoded."""
    out = client.request("GET", f"/forms/tasks/{task_id}/returns",
                         timeout=UPLOAD_TIMEOUT).json()
    for r in out:
        r["workbook"] = base64.b64decode(r.pop("workbook_b64"))
    return out
