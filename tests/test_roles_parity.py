"""Issue 15: one table of roles and rights (app/models/domain/rights.py), and the
desktop and the city server answer every "may role X do Y" question the same.

For every role of the table (security included) a user is made on a real server
(TestClient, SQLite and PostgreSQL) and asked each question the way a person would
find out: push a resident, a case, a case note, a key-group tag, an org unit;
resolve a conflict; read the audit log; fetch the snapshot; upload a photo; be made
without a scope. On the desktop the same role signs a real main window (offscreen,
on a real SQLCipher store) and the answer is what the window offers: its pages,
the quick-report buttons, the roster's key-group tags, the conflict inbox's
buttons, the export rights. Each side is checked against the table, and the two
sides against each other, question by question.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

TESTS = Path(__file__).resolve().parent
if str(TESTS / "server") not in sys.path:
    sys.path.insert(0, str(TESTS / "server"))

import sqlalchemy as sa  # noqa: E402

from app.models.domain import rights, workflow  # noqa: E402
from app.models.io import exporter  # noqa: E402
from app.models.roster.repository import Roster  # noqa: E402
from app.models.store import settings as desk_settings  # noqa: E402
from app.models.store.database import open_store  # noqa: E402
from app.models.write.unit import Actor  # noqa: E402
from server import auth, db  # noqa: E402
from srvfixtures import app, client, clock, db_url, settings, store, units  # noqa: E402,F401
from srvhelpers import PASSWORD, ROOT, Device, resident  # noqa: E402

G1, COMMUNITY, STREET, DEPT = "410105003001001", "410105003001", "410105003", "410105D01"
# a scope for each role that works in one (the city roles work without)
SCOPES = {rights.GRID_WORKER: G1, rights.GRID_HEAD: G1, rights.COMMUNITY_SUPERVISOR: COMMUNITY,
          rights.CENTER_OPERATOR: STREET, rights.DEPT_HANDLER: DEPT}

# which side decides which question (both = the desktop and the server)
SERVER_DECIDES = {"manage", "prevent", "write_roster", "create_cases", "take_case_steps",
                  "see_key_groups", "sync", "read_org_tree_only", "change_org_tree", "push",
                  "resolve_conflicts", "read_audit_log", "work_without_scope"}
DESKTOP_DECIDES = {"observe", "manage", "prevent", "evaluate", "write_roster", "create_cases",
                   "take_case_steps", "see_key_groups", "resolve_conflicts", "export",
                   "export_full_values", "read_audit_log"}


def test_every_question_is_asked_of_some_side_and_every_role_is_in_the_table():
    assert SERVER_DECIDES | DESKTOP_DECIDES == set(rights.QUESTIONS)
    assert set(rights.ROLES) == {"grid_worker", "grid_head", "community_supervisor",
                                 "center_operator", "dept_handler", "auditor", "security",
                                 "admin"}
    # the state machine names only roles of the table, each one that takes case steps
    step_roles = set().union(*(roles for _s, roles, _t in workflow.TRANSITIONS.values()))
    assert step_roles - {workflow.INTAKE} == set(rights.CASE_ACTORS)
    # 三权分立: the admin, the security officer and the auditor see no resident data
    for role in (rights.ADMIN, rights.SECURITY, rights.AUDITOR):
        assert not rights.sees_residents(role) and role not in rights.SYNC_ROLES


# ---------------------------------------------------------------- the server's answers
def _forbidden(response) -> bool:
    """A refusal for the role (HTTP 403, or a pushed op rejected as forbidden)."""
    if response.status_code == 403:
        return True
    assert response.status_code < 500, response.text
    if response.request.url.path == "/sync/push" and response.json().get("results"):
        result = response.json()["results"][0]
        # anything but forbidden is the role being allowed (a scope may still say no)
        assert result["status"] in ("applied", "conflict") or result["code"] in (
            "not_found", "out_of_scope", "forbidden"), result
        return result["status"] == "rejected" and result["code"] == "forbidden"
    return False


def _push(client, dev, op):
    return client.post("/sync/push", json={"ops": [op]}, headers=dev.headers)


def server_answers(client, units, store, settings, role: str, setup: dict) -> dict:
    username = f"r-{role}"
    with store.write() as conn:
        auth.create_user(conn, settings, username=username, password=PASSWORD, role=role,
                         scope_code=SCOPES.get(role), now=time.time())
    dev = Device(client, username)
    out: dict[str, bool] = {}
    r = client.get("/sync/snapshot", headers=dev.headers)
    entities = r.json()["entities"] if r.status_code == 200 else []
    out["sync"] = "residents" in entities and "cases" in entities
    out["read_org_tree_only"] = entities == ["org_units"]
    out["push"] = not _forbidden(client.post("/sync/push", json={"ops": []},
                                             headers=dev.headers))
    out["write_roster"] = not _forbidden(_push(client, dev, dev.op(
        "residents", "create", resident(units[G1], "问询"))))
    out["create_cases"] = not _forbidden(_push(client, dev, dev.op("cases", "create", dict(
        number=f"{G1}-20261128-r-{uuid.uuid4().hex[:6]}", grid_id=units[G1], path=G1,
        title="井盖缺失", category="exposed_garbage", source="patrol",
        created_at="2026-11-28T09:00:00+08:00"))))
    out["take_case_steps"] = not _forbidden(_push(client, dev, dev.op(
        "case_events", "transition", dict(
            case_id=setup["case"], action="note", seq=1, actor_name="x", role=role,
            note="到场查看", device_time="2026-11-28T09:00:00+08:00", data="{}",
            photos="[]"))))
    out["see_key_groups"] = not _forbidden(_push(client, dev, dev.op(
        "resident_tags", "create", {"resident_id": setup["resident"], "tag": "drug_user"})))
    out["change_org_tree"] = not _forbidden(_push(client, dev, dev.op("org_units", "create", dict(
        code=f"{G1}9{rights.ROLES.index(role)}", name="新微网格", kind="micro_grid",
        parent_id=units[G1]))))
    out["resolve_conflicts"] = not _forbidden(client.post(
        f"/sync/conflicts/{uuid.uuid4()}/resolve", json={"resolution": "keep"},
        headers=dev.headers))
    out["read_audit_log"] = client.get("/audit/records", headers=dev.headers).status_code == 200
    photo = b"not a photo, only bytes"
    out["sync"] &= not _forbidden(client.patch(
        f"/blobs/{hashlib.sha256(photo).hexdigest()}", content=photo, headers={
            **dev.headers, "Upload-Offset": "0", "Upload-Length": str(len(photo)),
            "Upload-Checksum": "sha256 " + base64.b64encode(hashlib.sha256(photo).digest()
                                                             ).decode(),
            "Content-Type": "application/offset+octet-stream"}))
    with store.write() as conn:
        try:
            auth.create_user(conn, settings, username=f"n-{role}", password=PASSWORD,
                             role=role, scope_code=None, now=time.time())
            out["work_without_scope"] = True
        except ValueError:
            out["work_without_scope"] = False
    out["manage"] = out["write_roster"]        # 管 is writing the roster and the cases
    out["prevent"] = out["see_key_groups"]     # 防 is the key-group tags
    return out


@pytest.fixture
def server_setup(client, units):
    """A resident and a case in grid 1, made by the community supervisor."""
    sup = Device(client, "sup")
    person = sup.op("residents", "create", resident(units[G1], "在册"))
    case_id = str(uuid.uuid4())
    made = sup.push(person, sup.op("cases", "create", dict(
        number=f"{G1}-20261128-setup", grid_id=units[G1], path=G1, title="占道经营",
        category="exposed_garbage", source="patrol", created_at="2026-11-28T09:00:00+08:00"),
        entity_id=case_id))
    assert [r["status"] for r in made] == ["applied", "applied"], made
    return {"resident": person["entity_id"], "case": case_id}


# ---------------------------------------------------------------- the desktop's answers
def _wait(condition, ms=20000):
    from PySide6.QtWidgets import QApplication
    deadline = time.monotonic() + ms / 1000
    while not condition():
        QApplication.processEvents()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def desktop_answers(store, role: str, windows: list) -> dict:
    from app.ui.shell.main_window import MainWindow
    desk_settings.set(store, "user.role", role)
    desk_settings.set(store, "user.scope_code", SCOPES.get(role) or "")
    w = MainWindow(store, start_sync=False)
    windows.append(w)       # deleted on the GUI thread when the module is done
    try:
        shown = {key for key in rights.PAGES if (page := w._built(key)) is not None
                 and w.stack.indexOf(page) >= 0}
        out = {"observe": "statistics" in shown, "evaluate": "reports" in shown,
               "read_audit_log": "audit" in shown, "take_case_steps": "cases" in shown,
               "manage": "roster" in shown, "write_roster": "roster" in shown}
        offers = []
        if "cases" in shown:
            cases = w.page("cases")
            offers.append(cases.report_button.isVisibleTo(cases))
        if "home" in shown:
            home = w.page("home")
            home.refresh()
            _wait(lambda: not home.is_loading())
            offers.append(home.report_button.isVisibleTo(home))
        assert len(set(offers)) <= 1, f"{role}: the two quick-report buttons disagree"
        out["create_cases"] = bool(offers) and offers[0]
        key_tags = "roster" in shown and w.page("roster").include_key_tags
        out["see_key_groups"] = out["prevent"] = key_tags
        out["export"] = "roster" in shown and exporter.may_export(role)
        out["export_full_values"] = out["export"] and exporter.may_export_full_values(role)
        assert not key_tags or exporter.may_export_key_groups(role)
        resolve = False
        if "sync" in shown:
            page = w.page("sync")
            page.refresh()
            _wait(lambda: page.conflict_table.rowCount() == 1)
            page.conflict_table.selectRow(0)
            resolve = page.keep_button.isEnabled() and page.take_button.isEnabled()
        out["resolve_conflicts"] = resolve
        # every role has a name on screen (no raw code in the status bar or settings)
        assert w.role_name(role) != role
        return out
    finally:
        w.close()


@pytest.fixture(scope="module")
def desktop(qapp, tmp_path_factory):
    """What the desktop offers each role: one real store with the street, a resident
    and an open conflict; a fresh main window per role."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from app.ui.shell import gc_guard
    from app.ui.shell.app import create_application
    create_application("zh_CN")
    gc_guard.install(qapp)      # as the app does: widgets are freed on the GUI thread
    store = open_store(tmp_path_factory.mktemp("desk"))
    roster = Roster(store, Actor("sys", "系统", rights.ADMIN))
    parent = None
    for code, name, kind in (("4101", "郑州市", "city"), ("410105", "金水区", "district"),
                             (STREET, "花园路街道", "street"), (COMMUNITY, "经三路社区", "community"),
                             (G1, "第一网格", "grid")):
        parent = roster.create_org_unit(code, name, kind, parent["id"] if parent else None)
    person = roster.create_resident({"name": "在册", "id_number": "11010519491231002X",
                                     "residence_type": "registered"}, grid_id=parent["id"])
    # a conflict as a pull brings it (the inbox lists it for every role)
    store.conn.execute(
        "INSERT INTO conflicts (id, entity, entity_id, kind, field, kept_value, other_value,"
        " state, created_at, version) VALUES (?, 'residents', ?, 'field', 'notes', ?, ?,"
        " 'open', '2026-11-28T09:00:00+08:00', 1)",
        (str(uuid.uuid4()), person["id"], json.dumps("甲"), json.dumps("乙")))
    store.conn.commit()
    windows: list = []
    try:
        yield {role: desktop_answers(store, role, windows) for role in rights.ROLES}
    finally:
        for w in windows:
            w.sync_worker.stop()
            w.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        windows.clear()
        store.close()


# ---------------------------------------------------------------- the parity
def test_desktop_and_server_answer_every_question_alike(client, units, store, settings,
                                                        server_setup, desktop):
    table = {role: {q: rights.answer(role, q) for q in rights.QUESTIONS}
             for role in rights.ROLES}
    server = {role: server_answers(client, units, store, settings, role, server_setup)
              for role in rights.ROLES}
    wrong = []
    for role in rights.ROLES:
        for question in rights.QUESTIONS:
            said = {"table": table[role][question]}
            if question in SERVER_DECIDES:
                said["server"] = server[role][question]
            if question in DESKTOP_DECIDES:
                said["desktop"] = desktop[role][question]
            if len(set(said.values())) != 1:
                wrong.append(f"may {role} {question}? {said}")
    assert not wrong, "\n".join(wrong)


def test_the_server_makes_a_security_officer_from_its_command_line(db_url, store, units,
                                                                   settings):
    """`python -m server add-user … --role security` (三权分立: a distinct account)."""
    env = dict(os.environ, GRIDDESK_SERVER_ARGON2_TIME_COST="1",
               GRIDDESK_SERVER_ARGON2_MEMORY_KIB="1024", GRIDDESK_ADMIN_PASSWORD="sec-officer 7")
    r = subprocess.run([sys.executable, "-m", "server", "--db", db_url, "add-user", "sec1",
                        "--role", "security", "--password-env", "GRIDDESK_ADMIN_PASSWORD"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    with store.read() as conn:
        row = conn.execute(sa.select(db.users.c.role, db.users.c.scope_unit_id).where(
            db.users.c.username == "sec1")).first()
    assert tuple(row) == ("security", None)
