"""Central onboarding benchmark (issue 22): a city's residents loaded from CSV into the
server on PostgreSQL with ``python -m server import-roster`` (the identity and
address rules on), then one grid's desktop receiving its residents by initial sync.

    ./dev bench onboarding                     # 1,000,000 residents (goal ≤ 180 s)
    ./dev bench onboarding --rows 100000       # the same shape, smaller
    ./dev bench onboarding --pg postgresql://postgres@127.0.0.1:5432/db

Goals: the import at ≥ 5,500 rows/s (1M ≤ 3 min), a grid's ~1,500 residents by
initial sync ≤ 2 s.

Setup (not timed): a schema of its own in the PostgreSQL named by ``--pg`` (or
GRIDDESK_TEST_PG_URL), dropped at the end; an org tree of one district with
streets, communities and ``rows / 1500`` grids; each grid's address tree (one
estate, buildings of 2 units × 15 floors × 2 rooms) written through the sync
engine like any org-tree or address change; a CSV (UTF-8 with BOM, as Excel saves
it) of households of 1–5 members: valid ID numbers with their check characters
(one person, one number), birth dates and genders that agree with them, the
household's room as address text ('幸福小区3号楼2单元1201室') and its grid's code,
cached under bench/out/. Timed: the command as IT runs it (a process of its own),
then a desktop (a real SQLCipher store) signed in as a grid worker of one grid and
its first sync against ``python -m server serve``. ``checks`` compare what arrived
with what was sent; ``checks_ok`` false means exit 1. Prints JSON.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
GOALS = {"import_rows_per_s": 5500, "import_s_at_1m": 180, "grid_sync_s": 2.0}
PER_GRID = 1500
HEADERS = ["序号", "姓名", "身份证号", "性别", "民族", "出生日期", "联系电话", "所属网格", "现住址",
           "户号", "与户主关系", "人员类别", "文化程度", "政治面貌"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲芬燕彬鹏辉"
ESTATES = ["幸福小区", "金水花园", "经三路家属院", "东风新村", "农业路小区", "花园里", "丰产路社区",
           "文化苑", "红旗小区", "天明家园", "银河小区", "建业花园"]
AREAS = ["410105", "410102", "410103", "410104", "410122", "411302", "410727", "412702"]
DISTRICT = "410105"
TODAY = dt.date(2026, 11, 28)
ROOMS_PER_BUILDING = 60          # 2 units × 15 floors × 2 rooms


def grid_codes(n: int) -> list[str]:
    """``n`` grids: 10 per community, 10 communities per street."""
    return [f"{DISTRICT}{1 + i // 100:03d}{1 + (i // 10) % 10:03d}{1 + i % 10:03d}"
            for i in range(n)]


def room_of(k: int) -> tuple[int, int, int]:
    """The k-th room of an estate: (building, unit, room number)."""
    b, rest = divmod(k, ROOMS_PER_BUILDING)
    u, rest = divmod(rest, 30)
    floor, door = divmod(rest, 2)
    return b + 1, u + 1, (floor + 1) * 100 + door + 1


def write_csv(rows: int, seed: int = 22) -> tuple[Path, dict]:
    """The CSV (cached) and its shape: grids, households (= rooms) per grid."""
    from app.models.domain.rules import id_check_char
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"onboarding-{rows}.csv"
    grids = grid_codes(max(1, round(rows / PER_GRID)))
    shape_path = path.with_suffix(".json")
    if path.exists() and shape_path.exists():
        return path, json.loads(shape_path.read_text())
    rng = random.Random(seed)
    used: set[str] = set()
    rooms = {g: 0 for g in grids}
    tmp = path.with_suffix(".part")
    n = 0
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        while n < rows:
            gi = (n // PER_GRID) % len(grids) if n < PER_GRID * len(grids) else rng.randrange(
                len(grids))
            grid = grids[gi]
            k = rooms[grid]
            rooms[grid] += 1
            b, u, r = room_of(k)
            estate = ESTATES[gi % len(ESTATES)]
            address = f"{estate}{b}号楼{u}单元{r}室"
            hh_number = f"H{gi:04d}{k:05d}"
            members = min(rows - n, rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5)))
            surname = rng.choice(SURNAMES)
            registered = rng.random() < 0.7
            for i in range(members):
                relation = ("本人", "配偶", "子", "女", "父母")[i]
                age = (rng.randint(25, 70) if i < 2 else rng.randint(1, 24) if i < 4
                       else rng.randint(60, 90))
                birth = TODAY - dt.timedelta(days=int(age * 365.25) + rng.randint(1, 360))
                odd = (i == 0 and rng.random() < 0.7) or relation == "子"
                area = rng.choice(AREAS)
                while True:
                    seq = rng.randrange(0, 500) * 2 + (1 if odd else 0)
                    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
                    idn = first17 + id_check_char(first17)
                    if idn not in used:
                        used.add(idn)
                        break
                n += 1
                w.writerow([n, surname + rng.choice(GIVEN) + (rng.choice(GIVEN)
                                                              if rng.random() < 0.6 else ""),
                            idn, "男" if odd else "女", rng.choice(("汉族", "汉族", "汉", "回族")),
                            birth.isoformat() if rng.random() < 0.6 else f"{birth:%Y/%m/%d}",
                            f"13{rng.randint(8, 9)}{rng.randrange(10**8):08d}" if age >= 14
                            else "", grid, address, hh_number, relation,
                            "户籍" if registered else "流动",
                            rng.choice(("本科", "大专", "高中", "初中", "")),
                            rng.choice(("群众", "群众", "中共党员", "共青团员", ""))])
    os.replace(tmp, path)
    shape = {"grids": grids, "rooms": rooms}
    shape_path.write_text(json.dumps(shape))
    return path, shape


def make_city(url: str, shape: dict) -> dict:
    """The org tree and every grid's address tree, written through the sync engine
    (changes recorded, so desktops receive them)."""
    from app.models.domain.ids import uuid7
    from server import admin, auth, config, db, migrations
    from server.sync.context import TX, Ctx, now_iso
    from server.sync.engine import Engine
    settings = config.Settings(db_url=url, argon2_time_cost=1, argon2_memory_kib=1024)
    store = db.Store(url)
    migrations.migrate(store)
    engine = Engine(store, settings)
    grids = shape["grids"]
    org = [dict(code="4101", name="郑州市"), dict(code=DISTRICT, name="金水区")]
    for code in sorted({g[:9] for g in grids}):
        org.append(dict(code=code, name=f"第{int(code[6:]):d}街道"))
    for code in sorted({g[:12] for g in grids}):
        org.append(dict(code=code, name=f"{code[6:9]}街道第{int(code[9:]):d}社区"))
    for code in grids:
        org.append(dict(code=code, name=f"{code[6:9]}-{code[9:12]}第{int(code[12:]):d}网格"))
    admin.import_org(store, engine, org)
    with store.read() as conn:
        o = db.ENTITIES["org_units"]
        ids = dict(conn.execute(o.select().with_only_columns(o.c.code, o.c.id)).all())
    pending: list[dict] = []
    nodes = 0

    def flush():
        now = time.time()
        with store.write() as conn:
            c = Ctx(conn, store, admin.SYSTEM, now, now_iso(now), deferred=True,
                    careful=False, units={}, rows={}, unflushed={})
            conn.info[TX] = c
            try:
                for row in pending:
                    engine.write_row(c, "addresses", row, old=None)
                engine.settle(c, [])
            finally:
                conn.info.pop(TX, None)
        pending.clear()

    for gi, grid in enumerate(grids):
        estate_name = ESTATES[gi % len(ESTATES)]
        gid = ids[grid]
        estate = dict(id=uuid7(), kind="estate", code=f"{grid}-001", name=estate_name,
                      floor=None, parent_id=None, grid_id=gid, path=f"{grid}-001",
                      full_name=estate_name)
        pending.append(estate)
        parents: dict[tuple, dict] = {}
        for k in range(shape["rooms"][grid]):
            b, u, r = room_of(k)
            if (b,) not in parents:
                code = f"{estate['code']}{b:03d}"
                parents[(b,)] = dict(id=uuid7(), kind="building", code=code, name=f"{b}号楼",
                                     floor=None, parent_id=estate["id"], grid_id=gid, path=code,
                                     full_name=f"{estate_name} {b}号楼")
                pending.append(parents[(b,)])
            if (b, u) not in parents:
                bp = parents[(b,)]
                code = f"{bp['code']}{u:02d}"
                parents[(b, u)] = dict(id=uuid7(), kind="unit", code=code, name=f"{u}单元",
                                       floor=None, parent_id=bp["id"], grid_id=gid, path=code,
                                       full_name=f"{bp['full_name']} {u}单元")
                pending.append(parents[(b, u)])
            up = parents[(b, u)]
            code = f"{up['code']}{r:04d}"
            pending.append(dict(id=uuid7(), kind="room", code=code, name=f"{r}室",
                                floor=r // 100, parent_id=up["id"], grid_id=gid, path=code,
                                full_name=f"{up['full_name']} {r}室"))
        if len(pending) >= 5000:
            nodes += len(pending)
            flush()
    nodes += len(pending)
    flush()
    with store.write() as conn:
        auth.create_user(conn, settings, username="bench_w1", password="bench pass 1",
                         role="grid_worker", scope_code=grids[0], display_name="网格员",
                         now=time.time())
    store.dispose()
    return {"org_units": len(org), "address_nodes": nodes}


def server_counts(url: str, grid: str) -> dict:
    import sqlalchemy as sa

    from server import db
    store = db.Store(url)
    r, ch, a = db.ENTITIES["residents"], db.changes, db.audit
    with store.read() as conn:
        out = {"residents": conn.execute(sa.select(sa.func.count()).select_from(r)).scalar(),
               "resident_changes": conn.execute(sa.select(sa.func.count()).select_from(ch).where(
                   ch.c.entity == "residents")).scalar(),
               "grid_residents": conn.execute(sa.select(sa.func.count()).select_from(r).where(
                   r.c.scope_path.like(f"%/{grid}/"))).scalar(),
               "import_audit_records": conn.execute(sa.select(sa.func.count()).select_from(a)
                                                    .where(a.c.action == "roster.import")).scalar()}
    store.dispose()
    return out


def grid_sync(url: str, workdir: Path) -> dict:
    """A grid worker's desktop: sign-in, then its first sync (timed alone)."""
    from app.models.store.database import open_store
    from app.sync import session
    from app.sync.engine import SyncEngine
    store = open_store(workdir / "desk")
    t0 = time.perf_counter()
    s = session.sign_in(store, url, "bench_w1", "bench pass 1")
    own = store.worker_store()
    engine = SyncEngine(own, session.client_for(own, s), data_dir=store.path.parent)
    t1 = time.perf_counter()
    result = engine.sync()
    t2 = time.perf_counter()
    own.close()
    counts = {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("residents", "households", "addresses")}
    store.close()
    return {"sign_in_s": round(t1 - t0, 2), "sync_s": round(t2 - t1, 2),
            "rows_pulled": result.pulled, "local": counts}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--pg", default=os.environ.get("GRIDDESK_TEST_PG_URL"),
                    help="a PostgreSQL where a schema of its own is made and dropped")
    ap.add_argument("--keep", action="store_true", help="keep the schema (prints its URL)")
    args = ap.parse_args()
    if not args.pg:
        raise SystemExit("--pg URL (or GRIDDESK_TEST_PG_URL): the bench runs on PostgreSQL")
    import sqlalchemy as sa

    from server import db
    from server.demo import LiveServer
    t = time.perf_counter()
    path, shape = write_csv(args.rows)
    report: dict = {"bench": "onboarding", "goals": GOALS, "rows": args.rows,
                    "grids": len(shape["grids"]), "csv_mb": round(path.stat().st_size / 1e6, 1),
                    "generate_s": round(time.perf_counter() - t, 1)}
    schema = "bench_onboard_" + uuid.uuid4().hex[:8]
    admin_engine = sa.create_engine(db.normalize_url(args.pg))
    with admin_engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in args.pg else "?"
    url = f"{args.pg}{sep}options=-csearch_path%3D{schema}"
    work = Path(tempfile.mkdtemp(prefix="gd-bench-onboarding-"))
    try:
        t = time.perf_counter()
        report["setup"] = make_city(url, shape)
        report["setup"]["s"] = round(time.perf_counter() - t, 1)
        load_before = os.getloadavg()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "server", "--db", url, "import-roster",
                               str(path), "--into", DISTRICT, "--policy", "update"],
                              cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        (work / "import.log").write_text(done.stderr)
        if done.returncode not in (0, 1):
            raise SystemExit(f"import-roster failed ({done.returncode}): {done.stderr[-3000:]}")
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        summary.pop("files", None)
        report["import"] = {"s": round(seconds, 1), "rows_per_s": round(args.rows / seconds),
                            # both processes of the command (checking, writing); the
                            # database's own CPU is not in it
                            "cpu_s": round(cpu, 1), "load_avg_before": load_before,
                            "exit": done.returncode, "summary": summary,
                            "projected_1m_s": round(1_000_000 / (args.rows / seconds))}
        grid = shape["grids"][0]
        report["server"] = server_counts(url, grid)
        with LiveServer(url, blob_dir=work / "blobs", log_path=work / "server.log") as srv:
            report["grid_sync"] = grid_sync(srv.url, work)
        checks = {
            "refused": (summary["refused"], 0),
            "inserted": (summary["inserted"], args.rows),
            "server_residents": (report["server"]["residents"], args.rows),
            "one_change_per_resident": (report["server"]["resident_changes"], args.rows),
            "addresses_created": (summary["addresses_created"], 0),
            "grid_residents_on_desktop": (report["grid_sync"]["local"]["residents"],
                                          report["server"]["grid_residents"]),
        }
        report["checks"] = {k: {"got": g, "expected": e, "ok": g == e}
                            for k, (g, e) in checks.items()}
        report["checks_ok"] = all(c["ok"] for c in report["checks"].values())
        report["goals_met"] = {
            "import_rows_per_s": report["import"]["rows_per_s"] >= GOALS["import_rows_per_s"],
            "grid_sync_s": report["grid_sync"]["sync_s"] <= GOALS["grid_sync_s"]}
        report["load_avg"] = os.getloadavg()
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0 if report["checks_ok"] else 1
    finally:
        if args.keep:
            print(f"kept: {url}", file=sys.stderr)
        else:
            with admin_engine.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin_engine.dispose()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
