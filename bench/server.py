"""City server benchmark (quality.md: >= 2,000 pushed ops/s and p99 <= 200 ms at 200
concurrent devices, loopback, PostgreSQL).

    ./dev bench server                              # throwaway PostgreSQL, 2 workers
    ./dev bench server --db postgresql://u@host/db  # an existing server (own schema, dropped)
    ./dev bench server --db sqlite                  # an SQLite file (the pilot setup)
    ./dev bench server --workers 1,2,4 --devices 50,200 --seconds 20
    ./dev bench server --root /tmp/before   # the same run against another tree (baseline:
                                            # git archive HEAD server app resources | tar x)

A real ``python -m server serve --workers N`` on loopback; simulated desktops
(asyncio + httpx, one connection each), each a grid worker signed in with its own
device id in its own grid, pushing what a worker's desktop pushes after a round of
visits: a household with three residents and a care tag per transaction, and field
edits of residents made earlier (with base values, as the outbox sends them).

Two loads per device count:
- ``paced``: every device pushes a batch every ``--interval`` seconds, staggered, so
  the offered load is devices × batch / interval (200 × 20 / 2 s = 2,000 ops/s).
  Latency here is what a worker waits for at that load: the quality goal.
- ``flat_out``: every device pushes again as soon as it has its answer: the most
  the server takes, and the queueing latency at that point.

Then the pull side: one desktop (a street-level centre operator seeing every row)
pulls the whole change feed in pages of 500, and the residents snapshot in pages of
500: rows/s.

Sign-in cost (argon2) is lowered for the simulated accounts: sign-in is not what is
measured. Load generator, server workers and the database share this machine's
cores (and, on a shared machine, other people's work: see ``loadavg``), so the
throughput figures are a floor. The CPU each pushed op cost the server workers and
the database is measured too (``psutil``, Linux), which the machine's other load
does not change; ``cpu_bound_ops_s`` = the ops/s those costs allow on all cores.
Prints JSON.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "--root" in sys.argv:    # a baseline tree: its server, its schema, its domain rules
    ROOT = Path(sys.argv[sys.argv.index("--root") + 1]).resolve()
sys.path.insert(0, str(ROOT))

STREET = "410105003"
COMMUNITIES = 20
GRIDS_PER_COMMUNITY = 10
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文海燕飞鹏辉晨宇浩然子轩梓涵欣怡雨桐"
PASSWORD = "bench password 1"
ARGON2 = {"GRIDDESK_SERVER_ARGON2_TIME_COST": "1", "GRIDDESK_SERVER_ARGON2_MEMORY_KIB": "1024",
          # thousands of simulated desktops sign in from one address
          "GRIDDESK_SERVER_LOGIN_ADDRESS_FAILURES": "1000000"}


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return round(values[k] * 1000, 1)


# ---------------------------------------------------------------- the database
class Database:
    """A fresh database for one run: a schema in a PostgreSQL (own or throwaway) or an
    SQLite file; removed afterwards."""

    def __init__(self, spec: str | None):
        self.pg_dir = None
        self.schema = None
        self.tmp = None
        self.postmaster = None
        if spec in (None, "pg", "postgresql"):
            out = subprocess.run([str(ROOT / "scripts" / "pg-test-server")], check=True,
                                 capture_output=True, text=True).stdout
            env = dict(line.removeprefix("export ").split("=", 1)
                       for line in out.splitlines() if line.startswith("export "))
            self.pg_dir = env["GRIDDESK_TEST_PG_DIR"]
            spec = env["GRIDDESK_TEST_PG_URL"]
        pg_dir = self.pg_dir
        if spec and spec == os.environ.get("GRIDDESK_TEST_PG_URL"):
            pg_dir = os.environ.get("GRIDDESK_TEST_PG_DIR")   # a pg-test-server one: local
        if pg_dir:          # local: its CPU can be measured
            pid_file = Path(pg_dir) / "data" / "postmaster.pid"
            self.postmaster = int(pid_file.read_text().split()[0])
        if spec == "sqlite":
            self.tmp = tempfile.mkdtemp(prefix="griddesk-bench-")
            self.url = f"sqlite:///{self.tmp}/city.db"
            self.kind = "sqlite"
            return
        import sqlalchemy as sa
        from server import db
        self.kind = "postgresql"
        self.base = spec
        self.schema = "bench_" + uuid.uuid4().hex[:10]
        engine = sa.create_engine(db.normalize_url(spec))
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {self.schema}"))
            self.pg_version = conn.execute(sa.text("SHOW server_version")).scalar()
        engine.dispose()
        sep = "&" if "?" in spec else "?"
        self.url = f"{spec}{sep}options=-csearch_path%3D{self.schema}"

    def close(self) -> None:
        if self.schema:
            import sqlalchemy as sa
            from server import db
            engine = sa.create_engine(db.normalize_url(self.base))
            with engine.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {self.schema} CASCADE"))
            engine.dispose()
        if self.pg_dir:
            subprocess.run([str(ROOT / "scripts" / "pg-test-server"), "stop", self.pg_dir],
                           check=False)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


def seed(url: str, users: int) -> list[dict]:
    """A street of COMMUNITIES × GRIDS_PER_COMMUNITY grids, one grid worker per grid
    (as many as devices), and a centre operator over the street."""
    import sqlalchemy as sa
    from server import admin, auth, db, migrations
    from server.config import Settings
    from server.sync.engine import Engine
    settings = Settings(db_url=url, argon2_time_cost=1, argon2_memory_kib=1024)
    store = db.Store(url)
    migrations.migrate(store)
    org = [dict(code="4101", name="郑州市"), dict(code="410105", name="金水区"),
           dict(code=STREET, name="花园路街道"),
           dict(code="410105D01", name="金水区城管局", kind="department",
                parent_code="410105")]
    grids = []
    for c in range(1, COMMUNITIES + 1):
        community = f"{STREET}{c:03d}"
        org.append(dict(code=community, name=f"第{c}社区"))
        for g in range(1, GRIDS_PER_COMMUNITY + 1):
            code = f"{community}{g:03d}"
            org.append(dict(code=code, name=f"第{c}社区第{g}网格"))
            grids.append(code)
    admin.import_org(store, Engine(store, settings), org)
    now = time.time()
    out = []
    with store.write() as conn:
        auth.create_user(conn, settings, username="center", password=PASSWORD,
                         role="center_operator", scope_code=STREET, now=now)
        o = db.ENTITIES["org_units"]
        ids = dict(conn.execute(sa.select(o.c.code, o.c.id)).all())
        for i in range(users):
            code = grids[i % len(grids)]
            name = f"w{i:03d}"
            auth.create_user(conn, settings, username=name, password=PASSWORD,
                             role="grid_worker", scope_code=code, now=now)
            out.append({"username": name, "grid_code": code, "grid_id": ids[code]})
    store.dispose()
    return out


class CpuMeter:
    """CPU seconds used by process trees (the server's workers, the database's
    backends), for CPU per op."""

    def __init__(self, *roots: int | None, children: bool = True):
        import psutil
        self.roots = [psutil.Process(r) for r in roots if r]
        self.children = children

    def sample(self) -> dict[int, float]:
        import psutil
        out = {}
        for root in self.roots:
            try:
                procs = [root] + (root.children(recursive=True) if self.children else [])
            except psutil.Error:
                continue
            for proc in procs:
                try:
                    t = proc.cpu_times()
                    out[proc.pid] = t.user + t.system
                except psutil.Error:
                    pass
        return out

    @staticmethod
    def used(before: dict, after: dict) -> float:
        return sum(v - before.get(pid, 0.0) for pid, v in after.items())


# ---------------------------------------------------------------- the server
class Server:
    def __init__(self, url: str, workers: int, log_path: Path):
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "wb")
        env = dict(os.environ, **ARGON2, GRIDDESK_SERVER_LOG_LEVEL="WARNING")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server", "--db", url, "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        import httpx
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.base + "/status", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(Path(log_path).read_text())
            time.sleep(0.2)
        time.sleep(0.5 * workers)     # let every worker finish starting

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


# ---------------------------------------------------------------- a desktop
def id_number(rng: random.Random, gender: str) -> str:
    from app.models.domain.rules import id_check_char
    birth = f"{rng.randint(1940, 2015)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    seq = rng.randrange(0, 999, 2) + (1 if gender == "M" else 0)
    first17 = f"410105{birth}{min(seq, 999):03d}"
    return first17 + id_check_char(first17)


class Desktop:
    """One grid worker's PC: its own device id, device_seq counter and what it knows of
    the rows it made (for edits with base values)."""

    def __init__(self, user: dict, device_id: str, seed: int | str):
        self.user, self.device_id = user, device_id
        self.rng = random.Random(seed)
        self.seq = 0
        self.residents: list[dict] = []
        self.token = None

    def _op(self, entity, op, entity_id, changed, tx, base_values=None) -> dict:
        from app.models.domain.ids import uuid7
        self.seq += 1
        if op == "create":
            changed = {"id": entity_id, **changed}
        return dict(op_id=uuid7(), device_seq=self.seq, tx_id=tx, entity=entity,
                    entity_id=entity_id, op=op, changed=changed,
                    base_version=1 if op == "patch" else 0, base_values=base_values or {})

    def household(self) -> list[dict]:
        from app.models.domain.ids import uuid7
        rng, grid, code = self.rng, self.user["grid_id"], self.user["grid_code"]
        tx, hh = uuid7(), uuid7()
        room = f"{code}-{rng.randint(1, 30):03d}-{rng.randint(1, 20):02d}-{rng.randint(1, 4)}"
        ops = [self._op("households", "create", hh, dict(
            number=f"H{rng.randint(0, 10**9):09d}", grid_id=grid, kind=rng.choice(
                ["registered", "floating", "rental"]), path=room), tx)]
        surname = rng.choice(SURNAMES)
        for relation, gender in (("self", "M"), ("spouse", "F"),
                                 (rng.choice(["son", "daughter"]), rng.choice("MF"))):
            rid = uuid7()
            row = dict(grid_id=grid, household_id=hh, relation=relation,
                       name=surname + "".join(rng.sample(GIVEN, rng.randint(1, 2))),
                       id_type="resident_id", id_number=id_number(rng, gender),
                       residence_type="registered", status="living", path=room,
                       phone=f"13{rng.randint(0, 999999999):09d}", ethnicity="01",
                       in_service_party_member=0, created_at="2026-11-28T09:00:00+08:00")
            ops.append(self._op("residents", "create", rid, row, tx))
            self.residents.append({"id": rid, "notes": None, "occupation": None})
        ops.append(self._op("resident_tags", "create", uuid7(), dict(
            resident_id=self.residents[-3]["id"], tag=rng.choice(
                ["elderly_alone", "empty_nest", "very_old", "disabled"]),
            since="2026-11-01"), tx))
        return ops

    def edit(self) -> dict:
        from app.models.domain.ids import uuid7
        r = self.rng.choice(self.residents)
        field = self.rng.choice(["notes", "occupation"])
        value = self.rng.choice(["入户核实，无变化", "教师", "个体经营", "退休", "外出务工"]) + \
            str(self.rng.randint(1, 99))
        op = self._op("residents", "patch", r["id"], {field: value}, uuid7(),
                      base_values={field: r[field]})
        r[field] = value
        return op

    def batch(self, size: int) -> list[dict]:
        """About 60 % new households (5 ops in one transaction), 40 % single edits."""
        ops: list[dict] = []
        while len(ops) < size:
            room = size - len(ops)
            if self.residents and (room < 5 or self.rng.random() < 0.4):
                ops.append(self.edit())
            else:
                ops += self.household()
        return ops


class Http:
    """A bare HTTP/1.1 keep-alive connection for the pushes: the load generator shares
    the cores with the server, and httpx spends more CPU per request than the server
    spends applying 20 ops."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def post_json(self, path: str, payload, headers: dict) -> tuple[int, bytes]:
        body = json.dumps(payload, ensure_ascii=False).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()
        for attempt in (0, 1):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(head + body)
                await self.writer.drain()
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.writer.close()
                self.reader = self.writer = None    # closed by the server: reconnect once
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, bytes]:
        status = int((await self.reader.readuntil(b"\r\n")).split()[1])
        length, chunked, close = 0, False, False
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            data = b""
            while (size := int((await self.reader.readuntil(b"\r\n")).strip(), 16)):
                data += await self.reader.readexactly(size + 2)
                data = data[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            data = await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.reader = self.writer = None
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def sign_in(client, base, desk: Desktop) -> None:
    r = await client.post(base + "/auth/login", json=dict(
        username=desk.user["username"], password=PASSWORD, device_id=desk.device_id,
        device_name="bench PC"))
    r.raise_for_status()
    desk.token = r.json()["access_token"]


async def run_level(base: str, users: list[dict], devices: int, mode: str, batch: int,
                    interval: float, seconds: float, warmup: float, server_pid: int,
                    db_pid: int | None) -> dict:
    import httpx
    limits = httpx.Limits(max_connections=devices + 10, max_keepalive_connections=devices + 10)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        # seeded by the device id: each level's desktops are new people (the same seed
        # again would push the same ID numbers, which the server rightly refuses)
        names = [f"bench-{mode}-{devices}-{i}-{uuid.uuid4().hex[:6]}" for i in range(devices)]
        desks = [Desktop(users[i], names[i], names[i]) for i in range(devices)]
        sem = asyncio.Semaphore(8)

        async def login(d):
            async with sem:
                await sign_in(client, base, d)
        await asyncio.gather(*(login(d) for d in desks))
        t0 = time.monotonic()
        start_measure = t0 + warmup
        stop = start_measure + seconds
        lat: list[float] = []
        counts = {"ops": 0, "applied": 0, "conflict": 0, "rejected": 0, "held": 0,
                  "http_errors": 0}
        refusals: dict[str, int] = {}

        host, port = base.removeprefix("http://").split(":")

        async def desk_loop(i, d: Desktop):
            conn = Http(host, int(port))
            try:
                await desk_pushes(i, d, conn)
            finally:
                conn.close()

        async def desk_pushes(i, d: Desktop, conn: Http):
            if mode == "paced":     # stagger the first push over one interval
                await asyncio.sleep(interval * i / devices)
            next_at = time.monotonic()
            while True:
                now = time.monotonic()
                if now >= stop:
                    return
                ops = d.batch(batch)
                t = time.perf_counter()
                status, body = await conn.post_json(
                    "/sync/push", {"ops": ops}, {"Authorization": f"Bearer {d.token}"})
                took = time.perf_counter() - t
                # a push counts when its answer arrives inside the measured window, so a
                # slow answer is not dropped from the throughput at saturation
                ended = time.monotonic()
                measured = start_measure <= ended <= stop
                if status != 200:
                    counts["http_errors"] += 1
                    if status == 401:
                        await sign_in(client, base, d)
                    continue
                if measured:
                    lat.append(took)
                    counts["ops"] += len(ops)
                    for res in json.loads(body)["results"]:
                        counts[res["status"]] += 1
                        if res["status"] == "rejected":     # what went wrong, by code
                            why = f'{res.get("code")}: {res.get("message", "")[:60]}'
                            refusals[why] = refusals.get(why, 0) + 1
                if mode == "paced":
                    next_at += interval
                    await asyncio.sleep(max(0.0, next_at - time.monotonic()))

        meters = {"server": CpuMeter(server_pid), "db": CpuMeter(db_pid),
                  "load_generator": CpuMeter(os.getpid(), children=False)}
        cpu = {}

        async def measure():
            await asyncio.sleep(max(0.0, start_measure - time.monotonic()))
            before = {k: m.sample() for k, m in meters.items()}
            await asyncio.sleep(max(0.0, stop - time.monotonic()))
            cpu.update({k: m.used(before[k], m.sample()) for k, m in meters.items()})

        await asyncio.gather(measure(), *(desk_loop(i, d) for i, d in enumerate(desks)))
        elapsed = seconds
    ops = max(counts["ops"], 1)
    per_op = {f"{k}_cpu_ms_per_op": round(v / ops * 1000, 3) for k, v in cpu.items()}
    spent = cpu.get("server", 0) + (cpu.get("db", 0) if db_pid else 0)
    return {"devices": devices, "mode": mode, "batch": batch,
            "offered_ops_s": round(devices * batch / interval) if mode == "paced" else None,
            "pushed_ops_s": round(counts["ops"] / elapsed), "pushes": len(lat),
            "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "max_ms": pct(lat, 100),
            **{k: v for k, v in counts.items() if k != "ops"},
            "refusals": dict(sorted(refusals.items(), key=lambda kv: -kv[1])[:5]), **per_op,
            "cpu_bound_ops_s": round(os.cpu_count() * ops / spent) if spent else None,
            "loadavg": round(os.getloadavg()[0], 1)}


def pull_throughput(base: str, limit: int = 500) -> dict:
    import httpx
    with httpx.Client(timeout=120) as client:
        r = client.post(base + "/auth/login", json=dict(
            username="center", password=PASSWORD, device_id="bench-puller",
            device_name="bench"))
        h = {"Authorization": f"Bearer {r.json()['access_token']}"}
        out = {}
        cursor, rows, pages = 0, 0, 0
        t = time.perf_counter()
        while True:
            page = client.get(base + "/sync/changes", params={"cursor": cursor, "limit": limit},
                              headers=h).json()
            rows += len(page["changes"])
            pages += 1
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        took = time.perf_counter() - t
        out["changes"] = {"rows": rows, "pages": pages, "seconds": round(took, 2),
                          "rows_s": round(rows / took), "page_ms": round(took / pages * 1000, 1)}
        at = client.get(base + "/sync/snapshot", headers=h).json()["at"]
        rows, pages, after = 0, 0, None
        t = time.perf_counter()
        while True:
            params = {"entity": "residents", "limit": limit, "at": at}
            if after:
                params["after"] = after
            page = client.get(base + "/sync/snapshot", params=params, headers=h).json()
            rows += len(page["rows"])
            pages += 1
            after = page["next_after"]
            if not page["has_more"]:
                break
        took = time.perf_counter() - t
        out["snapshot_residents"] = {"rows": rows, "pages": pages, "seconds": round(took, 2),
                                     "rows_s": round(rows / took),
                                     "page_ms": round(took / pages * 1000, 1)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="postgresql://… (default: a throwaway one from "
                                 "scripts/pg-test-server) or 'sqlite'")
    ap.add_argument("--workers", default="2", help="uvicorn workers, comma-separated")
    ap.add_argument("--devices", default="50,200", help="concurrent devices, comma-separated")
    ap.add_argument("--modes", default="paced,flat_out")
    ap.add_argument("--batch", type=int, default=20, help="ops per push")
    ap.add_argument("--interval", type=float, default=2.0, help="paced: seconds between "
                                                                "a device's pushes")
    ap.add_argument("--seconds", type=float, default=20.0, help="measured time per level")
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--no-pull", action="store_true")
    ap.add_argument("--root", help="run the server (and seed) of another source tree")
    args = ap.parse_args()
    workers = [int(x) for x in args.workers.split(",")]
    levels = [int(x) for x in args.devices.split(",")]
    modes = args.modes.split(",")

    database = Database(args.db)
    out = {"bench": "server", "root": str(ROOT), "db": database.kind, "cpus": os.cpu_count(),
           "goal": "paced 200 devices: >= 2000 ops/s, p99 <= 200 ms (PostgreSQL)",
           "runs": []}
    if database.kind == "postgresql":
        out["postgresql"] = database.pg_version
    log_dir = ROOT / "bench" / "out"
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        users = seed(database.url, max(levels))
        for n_workers in workers:
            server = Server(database.url, n_workers, log_dir / f"server-{n_workers}w.log")
            try:
                for mode in modes:
                    for devices in levels:
                        result = asyncio.run(run_level(
                            server.base, users, devices, mode, args.batch, args.interval,
                            args.seconds, args.warmup, server.proc.pid, database.postmaster))
                        result["workers"] = n_workers
                        print(json.dumps(result), file=sys.stderr, flush=True)
                        out["runs"].append(result)
                if not args.no_pull and n_workers == workers[-1]:
                    out["pull"] = pull_throughput(server.base)
            finally:
                server.stop()
    finally:
        database.close()
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
