"""The headless desktop commands (issue 22): ``python -m app sync|import|export|check``
run as real processes on real SQLCipher data dirs signed in to a real city server
process, and refused while another program (the GUI) holds the store."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
for p in (TESTS / "server", TESTS / "sync"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from syncfixtures import *  # noqa: E402,F401,F403
from synchelpers import PASSWORD, new_id_number, resident_values  # noqa: E402

from app.models.domain import rules  # noqa: E402
from app.models.store.database import open_store  # noqa: E402


def griddesk(*args, env: dict | None = None, timeout: int = 120):
    """``python -m app ARGS`` as IT would run it; (exit code, JSON on stdout, stderr)."""
    full_env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRIDDESK_PW=PASSWORD,
                    **(env or {}))
    out = subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT,
                         env=full_env, capture_output=True, text=True, timeout=timeout)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    assert lines, f"no JSON on stdout: {out.stdout!r} {out.stderr!r}"
    return out.returncode, json.loads(lines[-1]), out.stderr


def write_roster(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人口信息"
    ws.append(["姓名", "身份证号", "性别", "出生日期", "联系电话", "现住址", "人员类别"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def person(name: str, phone: str = "") -> tuple[list, str]:
    idn = new_id_number()
    gender = "男" if int(idn[16]) % 2 else "女"
    return [name, idn, gender, "", phone, "", "户籍"], idn


def store_ids(data_dir: Path) -> set[str]:
    store = open_store(data_dir, create=False)
    try:
        return {r[0] for r in store.conn.execute(
            "SELECT id_number FROM residents WHERE deleted_at IS NULL")}
    finally:
        store.close()


# ------------------------------------------------------------------ sync
def test_sync_pushes_local_changes_and_a_new_store_signs_in_and_pulls(city, org, desk,
                                                                      tmp_path):
    d = desk(city.url, org.user("w1"))
    made = d.roster().create_resident(resident_values("命令行"), grid_id=org.ids["g1"])
    d.close()          # the app is not running: the command has the store to itself

    code, out, err = griddesk("sync", "--data-dir", d.dir)
    assert code == 0, err
    assert out["ok"] and out["pushed"] >= 1 and out["refused"] == 0 and out["conflicts"] == 0
    assert set(out) >= {"pushed", "pulled", "refused", "conflicts", "resynced", "seconds"}
    assert city.row("residents", made["id"])["name"] == "命令行"

    # an empty data dir: sign in as another worker of the grid, the row arrives
    fresh = tmp_path / "fresh"
    code, out, err = griddesk("sync", "--data-dir", fresh, "--server", city.url,
                              "--user", org.user("w1b"), "--password-env", "GRIDDESK_PW")
    assert code == 0, err
    assert out["pulled"] >= 1
    assert made["id_number"] in store_ids(fresh)

    # a wrong password is a failure with a reason, and nothing is signed in
    code, out, err = griddesk("sync", "--data-dir", tmp_path / "other", "--server", city.url,
                              "--user", org.user("w2"), "--password-env", "BAD_PW",
                              env={"BAD_PW": "wrong password 1"})
    assert code == 1 and out["ok"] is False and "sync failed" in out["error"]


def test_sync_without_a_server_fails(org, city, desk, tmp_path):
    d = desk(city.url, org.user("w1"))
    d.close()
    city_url = city.url
    city.stop()
    try:
        code, out, err = griddesk("sync", "--data-dir", d.dir)
        assert code == 1 and out["ok"] is False, (out, err)
    finally:
        city.start(port=int(city_url.rsplit(":", 1)[1]))


# ------------------------------------------------------------------ import
def test_import_follows_the_wizard_rules_and_writes_the_error_report(city, org, desk,
                                                                     tmp_path):
    d = desk(city.url, org.user("w1"))
    d.close()
    good1, id1 = person("甲一", "13800138000")
    good2, id2 = person("乙二")
    first17 = "41010519800101013"
    right = rules.id_check_char(first17)
    bad_id = first17 + ("5" if right != "5" else "6")      # a wrong check character
    src = write_roster(tmp_path / "roster.xlsx", [good1, good2, ["丙三", bad_id, "男", "", "",
                                                                 "", "户籍"]])
    report = tmp_path / "errors.xlsx"

    code, out, err = griddesk("import", src, "--data-dir", d.dir, "--dry-run")
    assert code == 1 and out["rows"] == 3 and out["created"] == 2 and out["refused"] == 1
    assert store_ids(d.dir).isdisjoint({id1, id2}), "a dry run wrote rows"

    code, out, err = griddesk("import", src, "--data-dir", d.dir, "--report", report)
    assert code == 1, err
    assert (out["rows"], out["created"], out["updated"], out["refused"]) == (3, 2, 0, 1)
    assert {id1, id2} <= store_ids(d.dir) and bad_id not in store_ids(d.dir)
    wb = openpyxl.load_workbook(report)
    cells = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row]
    assert bad_id in cells and "id.checksum" in " ".join(str(c) for c in cells)

    # again, skipping people already there: nothing changes; all rows fine → exit 0
    ok_src = write_roster(tmp_path / "ok.xlsx", [good1, good2])
    code, out, err = griddesk("import", ok_src, "--data-dir", d.dir, "--policy", "skip")
    assert code == 0 and out["skipped"] == 2 and out["created"] == 0, (out, err)

    # the rows went through the one write path: the next sync puts them on the server
    code, out, err = griddesk("sync", "--data-dir", d.dir)
    assert code == 0 and out["pushed"] >= 2
    on_server = {r["id_number"] for r in city.rows("residents")}
    assert {id1, id2} <= on_server


def test_import_asks_for_the_grid_where_the_wizard_would(city, org, desk, tmp_path):
    d = desk(city.url, org.user("sup"))      # community c1: grids g1 and g2
    d.close()
    row, idn = person("丁四")
    src = write_roster(tmp_path / "one.xlsx", [row])
    code, out, err = griddesk("import", src, "--data-dir", d.dir)
    assert code == 2 and org.codes["g1"] in out["error"] and org.codes["g2"] in out["error"]
    code, out, err = griddesk("import", src, "--data-dir", d.dir, "--into", org.codes["g3"])
    assert code == 2, "a grid outside the user's area was accepted"
    code, out, err = griddesk("import", src, "--data-dir", d.dir, "--into", org.codes["g2"])
    assert code == 0 and out["created"] == 1 and out["grid"] == org.codes["g2"]
    store = open_store(d.dir, create=False)
    try:
        grid = store.conn.execute("SELECT grid_id FROM residents WHERE id_number = ?",
                                  (idn,)).fetchone()[0]
    finally:
        store.close()
    assert grid == org.ids["g2"]


# ------------------------------------------------------------------ export
def test_export_is_masked_unless_full_with_a_reason_and_audited(city, org, desk, tmp_path):
    d = desk(city.url, org.user("sup"))
    made = d.roster().create_resident(resident_values("戊五", phone="13912345678"),
                                      grid_id=org.ids["g1"])
    d.close()
    idn = made["id_number"]

    masked = tmp_path / "masked.xlsx"
    code, out, err = griddesk("export", "--data-dir", d.dir, "--out", masked)
    assert code == 0 and out["masked"] is True and out["rows"] == 1, err
    text = " ".join(str(c) for row in openpyxl.load_workbook(masked).active.iter_rows(
        values_only=True) for c in row if c is not None)
    assert idn not in text and rules.mask_id(idn) in text and "13912345678" not in text

    code, out, err = griddesk("export", "--data-dir", d.dir, "--out", tmp_path / "x.xlsx",
                              "--full")
    assert code == 2 and not (tmp_path / "x.xlsx").exists()

    full = tmp_path / "full.xlsx"
    code, out, err = griddesk("export", "--data-dir", d.dir, "--out", full, "--full",
                              "--reason", "street census handover")
    assert code == 0 and out["masked"] is False
    text = " ".join(str(c) for row in openpyxl.load_workbook(full).active.iter_rows(
        values_only=True) for c in row if c is not None)
    assert idn in text and "13912345678" in text

    store = open_store(d.dir, create=False)
    try:
        audits = [json.loads(r[0]) for r in store.conn.execute(
            "SELECT detail FROM audit_log WHERE action = 'export' ORDER BY seq")]
    finally:
        store.close()
    assert [a["masked"] for a in audits] == [True, False]
    assert audits[1]["reason"] == "street census handover"

    # a grid worker may export masked lists only
    w = desk(city.url, org.user("w1"))
    w.close()
    code, out, err = griddesk("export", "--data-dir", w.dir, "--out", tmp_path / "w.xlsx",
                              "--full", "--reason", "because")
    assert code == 1 and not (tmp_path / "w.xlsx").exists()


# ------------------------------------------------------------------ check
def test_check_reports_a_sound_store_and_what_needs_attention(city, org, desk, tmp_path):
    d = desk(city.url, org.user("w1"))
    version = d.store.schema_version
    d.close()
    code, out, err = griddesk("check", "--data-dir", d.dir)
    assert code == 0, (out, err)
    assert out["integrity"] == "ok" and out["schema_version"] == version
    assert out["last_sync_at"] and out["pending_ops"] == 0

    # a change waiting for 10 days
    store = open_store(d.dir, create=False)
    from app.models.roster.repository import Roster
    from app.models.write.unit import Actor
    from app.models.store import settings
    c = store.conn
    actor = Actor(settings.get(c, "user.id"), settings.get(c, "user.name"),
                  settings.get(c, "user.role"), settings.get(c, "user.scope_code"))
    Roster(store, actor).create_resident(resident_values("己六"), grid_id=org.ids["g1"])
    old = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=10)).isoformat()
    with store.transaction():
        c.execute("UPDATE outbox SET created_at = ? WHERE state = 'pending'", (old,))
    store.close()
    code, out, err = griddesk("check", "--data-dir", d.dir)
    assert code == 1 and out["pending_ops"] >= 1
    assert any("waited 10 days" in a for a in out["attention"])

    # signed in but never synced
    n = desk(city.url, org.user("w2"), initial=False)
    n.close()
    code, out, err = griddesk("check", "--data-dir", n.dir)
    assert code == 1 and out["last_sync_at"] is None
    assert any("never synced" in a for a in out["attention"])


def test_check_finds_a_damaged_store(city, org, desk):
    d = desk(city.url, org.user("w1"))
    d.close()
    db = d.dir / "griddesk.db"
    size = db.stat().st_size
    assert size > 8 * 4096
    with open(db, "r+b") as fh:     # a damaged page in the middle (disk, power cut)
        fh.seek((size // 4096 // 2) * 4096 + 100)
        fh.write(os.urandom(2000))
    code, out, err = griddesk("check", "--data-dir", d.dir)
    assert code == 1 and out["integrity"] != "ok" and out["ok"] is False, (out, err)


# ------------------------------------------------------------------ the store lock
HOLDER = ("import sys; from app.models.store.instance_lock import StoreLock; "
          "StoreLock(sys.argv[1], 'a test holder').acquire(); print('held', flush=True); "
          "sys.stdin.read()")


def test_every_command_refuses_while_another_process_holds_the_store(city, org, desk,
                                                                     tmp_path):
    d = desk(city.url, org.user("w1"))
    d.close()
    src = write_roster(tmp_path / "r.xlsx", [person("庚七")[0]])
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(d.dir)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        for args in (["sync"], ["import", src], ["export", "--out", tmp_path / "e.xlsx"],
                     ["check"]):
            code, out, err = griddesk(*args, "--data-dir", d.dir)
            assert code == 3, (args, out, err)
            assert out["in_use"] and "in use by a test holder" in err
            assert out["holder"]["pid"] == holder.pid
        assert not (tmp_path / "e.xlsx").exists()
    finally:
        holder.kill()
        holder.wait()
    # the holder died without cleaning up: its lock file is left, and holds nothing
    assert (d.dir / "griddesk.lock").exists()
    code, out, err = griddesk("check", "--data-dir", d.dir)
    assert code == 0, (out, err)


def test_the_gui_holds_the_store_and_starts_over_a_stale_lock(city, org, desk, tmp_path):
    d = desk(city.url, org.user("w1"))
    d.close()
    # a lock file of a process that is gone
    (d.dir / "griddesk.lock").write_text(json.dumps({"pid": 999999, "program": "dead"}))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    gui = subprocess.Popen([sys.executable, "-m", "app", "--data-dir", str(d.dir)], cwd=ROOT,
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True)
    try:
        deadline = time.monotonic() + 60
        note = {}
        while time.monotonic() < deadline and gui.poll() is None:
            try:
                note = json.loads((d.dir / "griddesk.lock").read_text().strip() or "{}")
            except ValueError:
                note = {}
            if note.get("pid") == gui.pid:
                break
            time.sleep(0.2)
        assert note.get("pid") == gui.pid, f"the window did not take the store: {note} " \
                                           f"{gui.poll()}"
        code, out, err = griddesk("check", "--data-dir", d.dir)
        assert code == 3 and "the GridDesk window" in err
    finally:
        gui.kill()
        gui.wait()


def test_a_pc_with_personal_stores_opens_the_named_users_store(city, org, tmp_path):
    """Start-up sign-in PCs keep one store per person (app.models.store.accounts): the
    commands open the store of --user with that user's password, as the sign-in does."""
    from app.models.domain.ids import uuid7
    from app.models.store.accounts import Accounts, OsKeystore
    from app.models.store.keys import StaticKeyProvider
    from app.sync import session
    from app.sync.engine import SyncEngine

    pc = tmp_path / "pc"
    keystore = OsKeystore.__new__(OsKeystore)
    keystore.available = False          # the key only wrapped by the password
    accounts = Accounts(pc, keystore=keystore, os_keystore=False)
    user = org.user("w1")
    me, tokens, grant = session.login(city.url, user, PASSWORD, uuid7())
    key = accounts.enrol(user, PASSWORD, me, city.url, device_id=grant.device_id)
    store_dir = accounts.store_dir(accounts.get(user))
    store = open_store(store_dir, StaticKeyProvider(key))
    s = session.adopt(store, city.url, me, tokens, grant)
    SyncEngine(store, session.client_for(store, s), data_dir=store_dir).sync()
    store.close()

    code, out, err = griddesk("check", "--data-dir", pc)
    assert code == 2 and "--user" in out["error"]
    code, out, err = griddesk("check", "--data-dir", pc, "--user", user)
    assert code == 2 and "password" in out["error"]
    code, out, err = griddesk("check", "--data-dir", pc, "--user", user,
                              "--password-env", "BAD_PW", env={"BAD_PW": "not it 123"})
    assert code == 1 and "bad_password" in out["error"]
    code, out, err = griddesk("check", "--data-dir", pc, "--user", user,
                              "--password-env", "GRIDDESK_PW")
    assert code == 0 and out["user"] == user and out["last_sync_at"], (out, err)
    assert out["store"] == str(store_dir / "griddesk.db")
    # its lock is the one the window takes for that person's store
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(store_dir)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        code, out, err = griddesk("check", "--data-dir", pc, "--user", user,
                                  "--password-env", "GRIDDESK_PW")
        assert code == 3
    finally:
        holder.kill()
        holder.wait()
