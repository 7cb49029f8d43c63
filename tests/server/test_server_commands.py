"""``python -m server demo`` and ``python -m server export-roster`` (issue 22), run as
IT runs them: real processes against SQLite and PostgreSQL, the workbook read back
with openpyxl, the audit chain checked by ``audit-verify``."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
import uuid

import httpx
import openpyxl
import sqlalchemy as sa

from app.models.domain.choices import TAG_TYPES
from server import admin, db
from server.config import Settings
from server.sync.context import Ctx, now_iso
from server.sync.engine import Engine
from server.sync.scope import KEY_TAGS
from srvhelpers import ROOT, free_port, resident

GRID = "410105003001001"            # the demo's grid with people (worker1's)
COMMUNITY = "410105003001"
DEMO_PASSWORD = "griddesk demo 1"
# a server machine on UTC: what the export shows is still the city's time
ENV = dict(os.environ, GRIDDESK_SERVER_ARGON2_TIME_COST="1",
           GRIDDESK_SERVER_ARGON2_MEMORY_KIB="1024", TZ="UTC")
# what a note typed or pasted on a desktop may hold: XML's own characters, and a control
# character XML cannot carry at all (a workbook holding one does not open)
NOTE = "门&窗<坏> \"急\"\x07修"
FULL_ID = re.compile(r"^\d{17}[\dX]$")


def cli(db_url: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server", "--db", db_url, *args], cwd=ROOT,
                          env=ENV, capture_output=True, text=True, timeout=timeout)


def demo_city(db_url: str) -> subprocess.CompletedProcess:
    done = cli(db_url, "demo", "--no-serve", "--residents", "200")
    assert done.returncode == 0, done.stderr
    return done


def audit_rows(db_url: str) -> list[dict]:
    store = db.Store(db_url)
    try:
        with store.read() as conn:
            return [dict(r) for r in conn.execute(
                sa.select(db.audit).order_by(db.audit.c.seq)).mappings()]
    finally:
        store.dispose()


def read_roster(path) -> tuple[str, list[str], list[dict]]:
    """(watermark row, headers, one dict per resident) of an exported workbook."""
    rows = list(openpyxl.load_workbook(path, read_only=True).active.values)
    heads = list(rows[1])
    # a row ends at its last filled cell: pad it to the headers
    return rows[0][0], heads, [dict(zip(heads, (*r, *[None] * (len(heads) - len(r)))))
                               for r in rows[2:]]


def residents_by_grid(db_url: str) -> dict[str, list[dict]]:
    """Live residents per grid code, found through their grid (not the scope path the
    export uses), with their tag codes."""
    store = db.Store(db_url)
    r, o, t = (db.ENTITIES[n] for n in ("residents", "org_units", "resident_tags"))
    out: dict[str, list[dict]] = {}
    try:
        with store.read() as conn:
            tags: dict[str, set] = {}
            for rid, tag in conn.execute(sa.select(t.c.resident_id, t.c.tag)
                                         .where(t.c.deleted_at.is_(None))):
                tags.setdefault(rid, set()).add(tag)
            for row in conn.execute(sa.select(r, o.c.code.label("grid_code"))
                                    .join(o, o.c.id == r.c.grid_id)
                                    .where(r.c.deleted_at.is_(None))).mappings():
                out.setdefault(row["grid_code"], []).append(
                    {**row, "tags": tags.get(row["id"], set())})
    finally:
        store.dispose()
    return out


def add_neighbours(db_url: str) -> None:
    """Beside the demo: a second grid in the demo's community and a grid in another
    community, each with residents, and one demo resident deleted; all written
    through the server's write path (what a desktop's push does)."""
    store = db.Store(db_url)
    settings = Settings(db_url=db_url, argon2_time_cost=1, argon2_memory_kib=1024)
    engine = Engine(store, settings)
    try:
        admin.import_org(store, engine, [
            dict(code=COMMUNITY + "002", name="第二网格", kind="grid", parent_code=COMMUNITY),
            dict(code="410105003002", name="另一社区", kind="community",
                 parent_code="410105003"),
            dict(code="410105003002001", name="外社区网格", kind="grid",
                 parent_code="410105003002")])
        o, r = db.ENTITIES["org_units"], db.ENTITIES["residents"]
        now = time.time()
        with store.write() as conn:
            ids = {c: i for c, i in conn.execute(sa.select(o.c.code, o.c.id))}
            c = Ctx(conn, store, admin.SYSTEM, now, now_iso(now))
            for code, names in ((COMMUNITY + "002", ("邻格甲", "邻格乙")),
                                ("410105003002001", ("外社区丙", "外社区丁"))):
                for name in names:
                    engine.write_row(c, "residents", dict(
                        resident(ids[code], name, path=code, notes=NOTE),
                        id=str(uuid.uuid4())), old=None)
            gone = conn.execute(sa.select(r).join(o, o.c.id == r.c.grid_id)
                                .where(o.c.code == GRID).order_by(r.c.id).limit(1)
                                ).mappings().first()
            engine.write_row(c, "residents", {**gone, "deleted_at": now_iso(now)},
                             old=dict(gone))
    finally:
        store.dispose()


# ============================================================================ demo

def test_demo_makes_the_city_and_prints_its_accounts(db_url):
    done = demo_city(db_url)
    assert f"password for all: {DEMO_PASSWORD}" in done.stdout
    for account in ("supervisor", "center", "worker1", "dept"):
        assert re.search(rf"^\s+{account}\s", done.stdout, re.M), done.stdout
    # never the database URL: a PostgreSQL URL can carry its password
    assert db_url not in done.stdout + done.stderr
    status = json.loads(cli(db_url, "status").stdout)
    assert status["rows"]["residents"] == 200
    assert status["rows"]["cases"] > 0
    assert cli(db_url, "audit-verify").returncode == 0


def test_demo_refuses_a_database_that_holds_residents(db_url):
    demo_city(db_url)
    before = audit_rows(db_url)
    again = cli(db_url, "demo", "--no-serve", "--residents", "200", "--seed", "2")
    assert again.returncode == 1
    assert "already holds 200 residents" in again.stderr and "--force" in again.stderr
    # the same seed again, even forced: refused before a row is written
    forced = cli(db_url, "demo", "--no-serve", "--residents", "200", "--force")
    assert forced.returncode == 1
    assert "already holds the demo of seed 1" in forced.stderr
    assert "Traceback" not in forced.stderr
    assert json.loads(cli(db_url, "status").stdout)["rows"]["residents"] == 200
    assert audit_rows(db_url) == before
    # another seed, forced: added, and the accounts that exist are kept as they were
    other = cli(db_url, "demo", "--no-serve", "--residents", "200", "--seed", "2", "--force")
    assert other.returncode == 0, other.stderr
    assert "kept as they were" in other.stdout
    assert json.loads(cli(db_url, "status").stdout)["rows"]["residents"] == 400
    assert cli(db_url, "audit-verify").returncode == 0


def test_demo_refuses_a_database_with_the_demo_accounts(db_url):
    add = cli(db_url, "add-user", "worker1", "--role", "security", "--password", "an own pw 123")
    assert add.returncode == 0, add.stderr
    done = cli(db_url, "demo", "--no-serve", "--residents", "200")
    assert done.returncode == 1 and "worker1" in done.stderr
    assert json.loads(cli(db_url, "status").stdout)["rows"]["residents"] == 0


def test_demo_then_serves_the_city_to_its_accounts(db_url, tmp_path):
    port = free_port()
    with open(tmp_path / "demo.log", "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "server", "demo", "--db", db_url, "--residents", "200",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=dict(ENV, GRIDDESK_SERVER_BLOB_DIR=str(tmp_path / "blobs")),
            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + "/status", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, \
                (tmp_path / "demo.log").read_text(errors="replace")
            time.sleep(0.2)
        r = httpx.post(base + "/auth/login", json=dict(
            username="worker1", password=DEMO_PASSWORD, device_id="demo-pc",
            device_name="evaluator"), timeout=30)
        assert r.status_code == 200, r.text
    finally:
        proc.terminate()
        proc.wait(20)


# =================================================================== export-roster

def test_export_is_masked_by_default_and_holds_only_the_org(db_url, tmp_path):
    demo_city(db_url)
    add_neighbours(db_url)
    people = residents_by_grid(db_url)
    out = tmp_path / "community.xlsx"
    done = cli(db_url, "export-roster", "--org", COMMUNITY, "--out", str(out))
    assert done.returncode == 0, done.stderr
    mark, heads, rows = read_roster(out)
    assert "脱敏" in mark and "cli" in mark
    expected = people[GRID] + people[COMMUNITY + "002"]
    assert sorted(r["姓名"] for r in rows) == sorted(p["name"] for p in expected)
    assert len(people[GRID]) == 199          # one of the demo's 200 deleted: not exported
    assert not {"外社区丙", "外社区丁"} & {r["姓名"] for r in rows}
    assert {r["备注"] for r in rows if r["姓名"] == "邻格甲"} == {NOTE.replace("\x07", "")}
    # masked: no full ID number or phone anywhere in the file
    ids, phones = ({p[k] for p in expected if p[k]} for k in ("id_number", "phone"))
    for row in rows:
        for value in row.values():
            assert value not in ids and value not in phones
    assert sorted(r["身份证号"] for r in rows) == sorted(
        p["id_number"][:4] + "*" * 10 + p["id_number"][-4:] for p in expected)
    assert sorted((r["联系电话"] or "")[-4:] for r in rows) == sorted(
        (p["phone"] or "")[-4:] for p in expected)
    assert all(r["联系电话"] is None or "****" in r["联系电话"] for r in rows)
    # the demo grid holds key-group people; the masked file does not say so
    assert any(p["tags"] & KEY_TAGS for p in expected)
    key_labels = {TAG_TYPES[c].zh for c in KEY_TAGS}
    shown = {label for r in rows for label in (r["标签"] or "").split("、") if label}
    assert shown and not shown & key_labels
    # the grid alone: only its people
    grid_out = tmp_path / "grid.xlsx"
    assert cli(db_url, "export-roster", "--org", GRID, "--out", str(grid_out)).returncode == 0
    assert len(read_roster(grid_out)[2]) == len(people[GRID])
    record = audit_rows(db_url)[-1]
    assert record["action"] == "roster.export" and record["actor"] == "cli"
    assert record["detail"]["org"] == GRID and record["detail"]["masked"] is True
    assert record["detail"]["rows"] == len(people[GRID])
    assert cli(db_url, "audit-verify").returncode == 0


def test_full_export_needs_a_reason_and_is_audited(db_url, tmp_path):
    demo_city(db_url)
    people = residents_by_grid(db_url)[GRID]
    out = tmp_path / "full.xlsx"
    before = audit_rows(db_url)
    for reason in ([], ["--reason", "   "]):
        refused = cli(db_url, "export-roster", "--org", GRID, "--out", str(out), "--full",
                      *reason)
        assert refused.returncode == 1 and "--reason" in refused.stderr
        assert not out.exists() and not list(tmp_path.glob("*.part"))
    assert audit_rows(db_url) == before
    done = cli(db_url, "export-roster", "--org", GRID, "--out", str(out), "--full",
               "--reason", "民政局低保复核，经办人电话 13800138000", "--as", "center")
    assert done.returncode == 0, done.stderr
    _mark, _heads, rows = read_roster(out)
    assert sorted(r["身份证号"] for r in rows) == sorted(p["id_number"] for p in people)
    assert all(FULL_ID.match(r["身份证号"]) for r in rows)
    assert sorted(r["联系电话"] or "" for r in rows) == sorted(p["phone"] or "" for p in people)
    # full values, by a role holding 防: the key groups are there
    key_labels = {TAG_TYPES[c].zh for c in KEY_TAGS}
    shown = {label for r in rows for label in (r["标签"] or "").split("、") if label}
    assert shown & key_labels
    # a workbook as Excel shows it: frozen headers, the watermark on every printed page
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    assert ws.freeze_panes == "B3" and ws["A2"].font.b and ws["A1"].value.startswith("内部资料")
    assert "center" in ws.oddHeader.center.text and "center" in wb.properties.creator
    records = audit_rows(db_url)
    at = dt.datetime.fromisoformat(records[-1]["at"]).astimezone(
        dt.timezone(dt.timedelta(hours=8)))
    assert f"导出时间：{at:%Y-%m-%d %H:%M}" in ws["A1"].value
    assert len(records) == len(before) + 1
    record = records[-1]
    assert record["action"] == "roster.export"
    assert record["detail"]["by"] == "center" and record["actor"] not in (None, "cli")
    assert record["detail"]["masked"] is False and record["detail"]["rows"] == len(people)
    assert record["detail"]["reason"].startswith("民政局低保复核")
    assert "13800138000" not in json.dumps(record["detail"], ensure_ascii=False)
    verify = cli(db_url, "audit-verify")
    assert verify.returncode == 0 and json.loads(verify.stdout)["first_broken"] is None


def test_export_refuses_what_the_user_may_not_and_unknown_orgs(db_url, tmp_path):
    demo_city(db_url)
    out = tmp_path / "x.xlsx"
    before = audit_rows(db_url)
    for args, says in ((["--org", "410105003999"], "no org unit with code"),
                       (["--org", GRID, "--as", "nobody"], "no user"),
                       (["--org", GRID, "--full", "--reason", "核对", "--as", "worker1"],
                        "may not export full"),
                       (["--org", "410105003", "--as", "worker1"], "outside the scope"),
                       (["--org", GRID, "--as", "dept"], "may not export")):
        done = cli(db_url, "export-roster", "--out", str(out), *args)
        assert done.returncode == 1, (args, done.stdout)
        assert says in done.stderr and "Traceback" not in done.stderr
        assert not out.exists()
    assert audit_rows(db_url) == before
    # a grid worker's masked export of its own grid: allowed, audited as the worker
    done = cli(db_url, "export-roster", "--org", GRID, "--out", str(out), "--as", "worker1")
    assert done.returncode == 0, done.stderr
    assert audit_rows(db_url)[-1]["detail"]["by"] == "worker1"


def test_export_headers_are_the_import_template_s():
    """The server writes its own workbook (it may not import app.models.io); a full
    export must still import again, so its headers are the template's."""
    from app.models.io.layout import FIELD_BY_KEY
    from server.export import COLUMNS
    for key, zh, en in COLUMNS:
        if key != "tags":
            assert (FIELD_BY_KEY[key].zh, FIELD_BY_KEY[key].en) == (zh, en)


def test_a_served_worker_keeps_the_config_files_other_settings(tmp_path):
    """``serve`` hands its settings to the uvicorn workers as environment variables;
    the config file's entries beyond the named settings (the 随手拍 page's limits)
    went missing there, so a city's stricter limit was silently the built-in one."""
    from server import config
    cfg = tmp_path / "server.toml"
    cfg.write_text('[server]\ndb_url = "sqlite:///x.db"\n'
                   'h5_reports_per_phone = [2, 3600]\nh5_max_photo = 1000000\n',
                   encoding="utf-8")
    served = config.load(cfg, env={})
    worker = config.load(env=config.to_env(served))
    assert worker.extra["h5_reports_per_phone"] == [2, 3600]
    assert worker.extra["h5_max_photo"] == 1000000
    assert worker.db_url == served.db_url
