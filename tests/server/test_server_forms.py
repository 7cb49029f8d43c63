"""一表通 through the city server (issue 20): who may publish, which communities see a
task, what a community may return, re-submission, progress, the merged workbook and
the audit — on SQLite and PostgreSQL, with real filled workbooks."""
from __future__ import annotations

import base64
import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from srvhelpers import PASSWORD

from app.models.demo import street as demo
from app.models.forms.fill import fill
from app.models.forms.merge import Return, merge
from app.models.forms.population import Population
from app.models.forms.template import FormSpec, recognise
from app.models.store.database import open_store
from app.models.write.unit import Actor
from server import admin, auth, db
from server.sync.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "resources" / "forms" / "60岁以上老年人信息表.xlsx"
TODAY = dt.date(2026, 11, 28)
SUP = Actor("sup", "李主任", "community_supervisor", "")
DUE = (dt.date.today() + dt.timedelta(days=7)).isoformat()


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """The template recognised, and two real returns filled from a demo roster: the
    first community's older people (60+), the second's oldest (80+)."""
    tmp = tmp_path_factory.mktemp("forms-srv")
    store = open_store(tmp / "street")
    demo.generate(store, 400, seed=7, today=TODAY, geometry=False)
    spec = recognise(str(TEMPLATE))
    out = {}
    for key, age in (("a", 60), ("b", 80)):
        spec.population = Population(age_min=age)
        res = fill(store, spec, str(tmp / f"{key}.xlsx"), SUP, today=TODAY)
        out[key] = (Path(res.path).read_bytes(), res)
    spec.population = Population(age_min=60)
    store.close()
    return spec, out


@pytest.fixture
def more(store, settings, units):
    """A second street with its own community, supervisor and center, and a supervisor
    for the first street's second community."""
    admin.import_org(store, Engine(store, settings), [
        dict(code="410105004", name="杜岭街道", parent_code="410105"),
        dict(code="410105004001", name="杜岭社区"),
        dict(code="410105004001001", name="杜岭第一网格")])
    with store.write() as conn:
        for name, role, scope in (("sup2", "community_supervisor", "410105003002"),
                                  ("osup", "community_supervisor", "410105004001"),
                                  ("ocenter", "center_operator", "410105004"),
                                  ("dcenter", "center_operator", "410105")):
            auth.create_user(conn, settings, username=name, password=PASSWORD, role=role,
                             scope_code=scope, now=time.time())


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def publish(dev, spec: FormSpec, title="60岁以上老年人信息表", due=DUE):
    return dev.post("/forms/tasks", json={"title": title, "due": due, "spec": spec.to_dict()})


def submit(dev, task_id, data: bytes, gaps=0, rows=1):
    return dev.post(f"/forms/tasks/{task_id}/returns",
                    json={"workbook_b64": b64(data), "gaps": gaps, "rows": rows})


def audit_actions(store, action):
    with store.read() as conn:
        return conn.execute(sa.select(db.audit.c.actor, db.audit.c.detail).where(
            db.audit.c.action == action)).all()


def test_only_street_and_district_supervisors_publish(device, more, filled):
    spec, _ = filled
    for who in ("w1", "head1", "sup", "dept", "root", "audit"):
        r = publish(device(who), spec)
        assert r.status_code == 403, (who, r.text)
    r = publish(device("center"), spec)
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 1
    assert publish(device("dcenter"), spec).status_code == 200
    # a spec that cannot be filled, a past due date: refused with a 4xx that says why
    bad = spec.to_dict()
    bad["workbook_b64"] = b64(b"%PDF-1.4 not a workbook")
    r = device("center").post("/forms/tasks", json={"title": "x", "due": DUE, "spec": bad})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "workbook.not_xlsx"
    r = publish(device("center"), spec, due="2020-01-01")
    assert r.status_code == 422 and r.json()["detail"]["code"] == "due.past"
    r = device("center").post("/forms/tasks", json={"title": "x", "due": DUE,
                                                    "spec": {"subject": "residents"}})
    assert r.status_code == 422
    # a column naming a field no desktop knows would not open on the communities' PCs
    bad = spec.to_dict()
    bad["columns"][1]["field"] = "__class__"
    r = device("center").post("/forms/tasks", json={"title": "x", "due": DUE, "spec": bad})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "spec.columns"


def test_another_street_neither_sees_nor_submits(device, more, filled):
    spec, returns = filled
    task = publish(device("center"), spec).json()
    sup, osup, ocenter = device("sup"), device("osup"), device("ocenter")
    assert [t["id"] for t in sup.get("/forms/tasks").json()] == [task["id"]]
    assert [t["id"] for t in device("w1").get("/forms/tasks").json()] == [task["id"]]
    assert osup.get("/forms/tasks").json() == []
    assert ocenter.get("/forms/tasks").json() == []
    for dev in (osup, ocenter):
        assert dev.get(f"/forms/tasks/{task['id']}").status_code == 404
        assert dev.get(f"/forms/tasks/{task['id']}/progress").status_code == 404
        assert dev.get(f"/forms/tasks/{task['id']}/returns").status_code == 404
        assert submit(dev, task["id"], returns["a"][0]).status_code == 404
    # inside the street: a grid worker sees it but only the community returns it
    assert submit(device("w1"), task["id"], returns["a"][0]).status_code == 403
    # a community sees no other community's progress or returns
    assert sup.get(f"/forms/tasks/{task['id']}/progress").status_code == 404
    assert sup.get(f"/forms/tasks/{task['id']}/returns").status_code == 404
    got = sup.get(f"/forms/tasks/{task['id']}").json()
    assert got["spec"]["columns"] == spec.to_dict()["columns"]


def test_a_district_reaches_every_street_s_communities_and_no_department(device, more,
                                                                         filled):
    spec, _ = filled
    task = publish(device("dcenter"), spec).json()
    for who in ("sup", "sup2", "osup", "w1"):
        assert [t["id"] for t in device(who).get("/forms/tasks").json()] == [task["id"]], who
    # the district's department sits under the district, but is no community
    dept = device("dept")
    assert dept.get("/forms/tasks").json() == []
    assert dept.get(f"/forms/tasks/{task['id']}").status_code == 404
    states = device("dcenter").get(f"/forms/tasks/{task['id']}/progress").json()
    assert [p["unit_code"] for p in states] == ["410105003001", "410105003002", "410105004001"]
    # a street center is not the district task's publisher: no progress for it
    assert device("center").get(f"/forms/tasks/{task['id']}/progress").status_code == 404


def test_bad_uploads_are_refused_and_nothing_is_stored(device, more, filled, store):
    spec, returns = filled
    task = publish(device("center"), spec).json()
    sup = device("sup")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "x")
        z.writestr("xl/workbook.xml", "\0" * (200 * 1024 * 1024))
    for data, code in ((b"", "workbook.empty"), (b"\xd0\xcf\x11\xe0 an old .xls", "workbook.not_xlsx"),
                       (zipped.getvalue(), "workbook.not_xlsx"),
                       (b"PK\x03\x04 broken", "workbook.damaged"),
                       (bomb.getvalue(), "workbook.too_large")):
        r = submit(sup, task["id"], data)
        assert 400 <= r.status_code < 500 and r.json()["detail"]["code"] == code, (code, r.text)
    r = sup.post(f"/forms/tasks/{task['id']}/returns",
                 json={"workbook_b64": "not base64!!", "gaps": 0, "rows": 0})
    assert r.status_code == 422
    r = sup.post(f"/forms/tasks/{task['id']}/returns",
                 json={"workbook_b64": b64(returns["a"][0]), "gaps": -1, "rows": 0})
    assert r.status_code == 422
    with store.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.form_returns)
                            ).scalar() == 0


def test_resubmission_replaces_keeps_history_and_progress_counts(device, more, filled, store,
                                                                 clock):
    spec, returns = filled
    center = device("center")
    task = publish(center, spec).json()
    sup, sup2 = device("sup"), device("sup2")
    a, res_a = returns["a"]
    b, res_b = returns["b"]
    states = {p["unit_code"]: p for p in center.get(f"/forms/tasks/{task['id']}/progress").json()}
    assert set(states) == {"410105003001", "410105003002"}        # not the other street's
    assert {p["state"] for p in states.values()} == {"not_started"}
    r = submit(sup, task["id"], b, gaps=9, rows=res_b.rows)
    assert r.status_code == 200 and r.json()["version"] == 1
    r = submit(sup, task["id"], a, gaps=len(res_a.gaps), rows=res_a.rows)
    assert r.json()["version"] == 2
    states = {p["unit_code"]: p for p in center.get(f"/forms/tasks/{task['id']}/progress").json()}
    first = states["410105003001"]
    assert first["state"] == "submitted" and first["version"] == 2
    assert first["gaps"] == len(res_a.gaps) and first["rows"] == res_a.rows
    assert states["410105003002"]["state"] == "not_started"
    assert sup.get("/forms/tasks").json()[0]["mine"]["version"] == 2
    assert sup2.get("/forms/tasks").json()[0]["mine"] is None
    with store.read() as conn:
        kept = conn.execute(sa.select(db.form_returns.c.version, db.form_returns.c.gaps,
                                      db.form_returns.c.superseded_at)
                            .order_by(db.form_returns.c.version)).all()
    assert [(v, g, s is None) for v, g, s in kept] == [(1, 9, False), (2, len(res_a.gaps), True)]
    got = center.get(f"/forms/tasks/{task['id']}/returns").json()
    assert [(g["unit_code"], base64.b64decode(g["workbook_b64"])) for g in got] == \
        [("410105003001", a)]
    # past the due date the community that sent nothing is overdue
    clock.advance(10 * 86400)
    center = device("center")              # signed in again: the old token ran out
    states = {p["unit_code"]: p["state"]
              for p in center.get(f"/forms/tasks/{task['id']}/progress").json()}
    assert states == {"410105003001": "submitted", "410105003002": "overdue"}
    # sent after all: submitted, and marked as late
    assert submit(device("sup2"), task["id"], b, rows=res_b.rows).status_code == 200
    states = {p["unit_code"]: (p["state"], p["late"])
              for p in center.get(f"/forms/tasks/{task['id']}/progress").json()}
    assert states == {"410105003001": ("submitted", False), "410105003002": ("submitted", True)}
    assert [d["unit"] for _, d in audit_actions(store, "forms.submit")] == \
        ["410105003001"] * 2 + ["410105003002"]
    assert len(audit_actions(store, "forms.publish")) == 1
    assert len(audit_actions(store, "forms.download")) == 1


def test_a_new_version_supersedes(device, more, filled):
    spec, returns = filled
    center, sup = device("center"), device("sup")
    old = publish(center, spec).json()
    new = publish(center, spec).json()
    assert new["version"] == 2
    assert [t["id"] for t in sup.get("/forms/tasks").json()] == [new["id"]]
    r = submit(sup, old["id"], returns["a"][0])
    assert r.status_code == 404          # withdrawn: the community no longer sees it
    assert center.get("/forms/tasks").json()[1]["withdrawn_at"]


def test_merged_workbook_holds_every_community_and_a_footer_over_all(device, more, filled,
                                                                      tmp_path):
    spec, returns = filled
    center = device("center")
    task = publish(center, spec).json()
    a, res_a = returns["a"]
    b, res_b = returns["b"]
    assert res_a.rows and res_b.rows
    assert submit(device("sup2"), task["id"], b, rows=res_b.rows).status_code == 200
    assert submit(device("sup"), task["id"], a, rows=res_a.rows).status_code == 200
    got = center.get(f"/forms/tasks/{task['id']}/returns").json()
    assert [g["unit_name"] for g in got] == ["经三路社区", "农业路社区"]   # by code
    out = tmp_path / "merged.xlsx"
    published = FormSpec.from_dict(center.get(f"/forms/tasks/{task['id']}").json()["spec"])
    result = merge(published, [Return(g["unit_name"], base64.b64decode(g["workbook_b64"]))
                               for g in got], str(out), Actor("c", "中心", "center_operator", ""))
    assert result.rows == res_a.rows + res_b.rows
    ws = openpyxl.load_workbook(out)[spec.sheet]
    src = {k: openpyxl.load_workbook(io.BytesIO(v[0]))[spec.sheet] for k, v in returns.items()}
    name_col = next(c.index for c in spec.columns if c.field == "name")
    last_col = ws.max_column
    assert ws.cell(spec.header_top, last_col).value == "填报社区"
    ds = spec.data_start
    names = [ws.cell(r, name_col).value for r in range(ds, ds + result.rows)]
    units = [ws.cell(r, last_col).value for r in range(ds, ds + result.rows)]
    expect_a = [src["a"].cell(r, name_col).value for r in range(ds, ds + res_a.rows)]
    expect_b = [src["b"].cell(r, name_col).value for r in range(ds, ds + res_b.rows)]
    assert names == expect_a + expect_b
    assert units == ["经三路社区"] * res_a.rows + ["农业路社区"] * res_b.rows
    seq = next(c.index for c in spec.columns if c.field == "seq")
    assert [ws.cell(r, seq).value for r in (ds, ds + result.rows - 1)] == [1, result.rows]
    footer = ds + result.rows
    assert str(ws.cell(footer, 1).value).startswith("合计")
    formulas = [ws.cell(footer, c).value for c in range(1, last_col + 1)
                if str(ws.cell(footer, c).value or "").startswith("=")]
    assert formulas and all(f"{ds}:" in f and f"{footer - 1})" in f.replace("$", "")
                            for f in formulas), formulas
