"""City bench (issue 16; quality.md "city server, idle desktops"): what thousands of
idle desktops cost the server and the database, and how fast a change reaches the
desktops it concerns.

    ./dev bench city                         # 2,000 desktops, throwaway PostgreSQL, 2 workers
    ./dev bench city --desktops 10000 --workers 1 --idle 30
    ./dev bench city --db postgresql://u@host/db --root /tmp/before   # a baseline tree

A real ``python -m server serve --workers N`` on loopback. N desktops (grid workers of
200 grids, each its own signed-in device) park a long-poll each on ``GET
/sync/changes?wait=W`` (W = 50 s, as the desktop's watcher asks), each on its own TCP
connection (a minimal asyncio HTTP/1.1 client: thousands of sockets in one process),
and ask again when it ends, as desktops do. Then:

- ``idle``: the CPU of the server's workers and of PostgreSQL over ``--idle`` seconds
  with nothing changing, per 1,000 desktops (goal ≤ 0.1 core);
- ``wake``: a supervisor pushes one change at a time into a grid, ``--wakes`` times;
  for each, the time from the push's answer to each of that grid's waiters getting
  the change (goal p95 ≤ 1 s), and whether any desktop of another grid was woken.

Prints JSON (also to bench/out/city-<time>.json).
"""
from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import random
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("bench_server", HERE / "server.py")
bs = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bs)          # the database, seeding, CPU meter and server of bench/server.py
ROOT = bs.ROOT


class Conn:
    """One desktop's keep-alive connection: HTTP/1.1 requests, JSON answers."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port,
                                                                 limit=1 << 22)

    async def request(self, method: str, path: str, token: str | None = None,
                      body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                "Connection: keep-alive", f"Content-Length: {len(data)}"]
        if body is not None:
            head.append("Content-Type: application/json")
        if token:
            head.append(f"Authorization: Bearer {token}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length = 0
        chunked = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "transfer-encoding" and "chunked" in value:
                chunked = True
        if chunked:
            raw = b""
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                if size == 0:
                    await self.reader.readline()
                    break
                raw += await self.reader.readexactly(size)
                await self.reader.readline()
        else:
            raw = await self.reader.readexactly(length) if length else b""
        return status, (json.loads(raw) if raw else {})

    def close(self) -> None:
        if self.writer:
            self.writer.close()


class Desk:
    def __init__(self, user: dict):
        self.user = user
        self.device_id = f"city-{uuid.uuid4().hex[:12]}"
        self.token = None
        self.cursor = 0
        self.conn: Conn | None = None
        self.woken: list[tuple[float, list[str]]] = []   # (when, change ids)
        self.polls = 0


async def sign_in(desks, host, port, parallel: int = 50) -> None:
    sem = asyncio.Semaphore(parallel)

    async def one(d: Desk):
        async with sem:
            c = Conn(host, port)
            await c.open()
            status, body = await c.request("POST", "/auth/login", body=dict(
                username=d.user["username"], password=bs.PASSWORD, device_id=d.device_id,
                device_name="city bench"))
            assert status == 200, body
            d.token = body["access_token"]
            cursor = 0
            while True:
                status, page = await c.request("GET", f"/sync/changes?cursor={cursor}&limit=1000",
                                               d.token)
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
            d.cursor = cursor
            d.conn = c
    await asyncio.gather(*(one(d) for d in desks))


async def park(d: Desk, wait: float, stop: asyncio.Event) -> None:
    """The desktop's watcher: a long-poll, again and again."""
    while not stop.is_set():
        try:
            status, page = await d.conn.request(
                "GET", f"/sync/changes?cursor={d.cursor}&limit=50&wait={wait}", d.token)
        except (ConnectionError, OSError, asyncio.IncompleteReadError):
            if stop.is_set():
                return
            await asyncio.sleep(1)
            d.conn = Conn(d.conn.host, d.conn.port)
            await d.conn.open()
            continue
        d.polls += 1
        if status != 200:
            await asyncio.sleep(1)
            continue
        if page.get("changes"):
            d.woken.append((time.monotonic(), [c["id"] for c in page["changes"]]))
        d.cursor = max(d.cursor, page.get("next_cursor", d.cursor))


def pct(values, p):
    return bs.pct(values, p)


async def run(args, users, server, meter_roots) -> dict:
    host, port = "127.0.0.1", server.port
    rng = random.Random(7)
    desks = [Desk(users[i % len(users)]) for i in range(args.desktops)]
    t0 = time.monotonic()
    await sign_in(desks, host, port)
    signed = time.monotonic() - t0
    stop = asyncio.Event()
    tasks = [asyncio.create_task(park(d, args.wait, stop)) for d in desks]
    await asyncio.sleep(args.settle)                       # everyone parked
    meter = bs.CpuMeter(*meter_roots)
    polls0 = sum(d.polls for d in desks)
    before, t_idle = meter.sample(), time.monotonic()
    await asyncio.sleep(args.idle)
    after, idle_s = meter.sample(), time.monotonic() - t_idle
    polls = sum(d.polls for d in desks) - polls0
    cpu = bs.CpuMeter.used(before, after)
    load = os.getloadavg()[0]

    # wake-ups: a supervisor (the centre operator) pushes into one grid at a time
    pusher = Conn(host, port)
    await pusher.open()
    status, body = await pusher.request("POST", "/auth/login", body=dict(
        username="center", password=bs.PASSWORD, device_id="city-pusher",
        device_name="bench"))
    token = body["access_token"]
    seq = 0
    latencies, stray = [], 0
    by_grid: dict[str, list[Desk]] = {}
    for d in desks:
        by_grid.setdefault(d.user["grid_code"], []).append(d)
    grids = sorted(by_grid)
    for n in range(args.wakes):
        code = grids[rng.randrange(len(grids))]
        grid_id = by_grid[code][0].user["grid_id"]
        marks = {id(d): len(d.woken) for d in desks}
        seq += 1
        rid = str(uuid.uuid4())
        op = dict(op_id=str(uuid.uuid4()), device_seq=seq, tx_id=str(uuid.uuid4()),
                  entity="residents", entity_id=rid, op="create", base_version=0,
                  base_values={}, changed=dict(
                      id=rid, grid_id=grid_id, name="唤醒", id_type="resident_id",
                      residence_type="registered", status="living", path=code,
                      id_number=bs.id_number(rng, "M"), in_service_party_member=0))
        status, res = await pusher.request("POST", "/sync/push", token, {"ops": [op]})
        assert res["results"][0]["status"] == "applied", res
        pushed = time.monotonic()
        await asyncio.sleep(args.wake_gap)
        for d in by_grid[code]:
            got = [t for t, ids in d.woken[marks[id(d)]:] if rid in ids]
            latencies.append((got[0] - pushed) if got else args.wake_gap)
        stray += sum(1 for d in desks if d.user["grid_code"] != code
                     and len(d.woken) > marks[id(d)])
    stop.set()
    for d in desks:
        d.conn.close()
    pusher.close()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    per_k = cpu / idle_s / (args.desktops / 1000)
    return {
        "desktops": args.desktops, "workers": args.workers, "wait_s": args.wait,
        "signed_in_s": round(signed, 1),
        "idle": {"seconds": round(idle_s, 1), "cpu_cores_server_and_db": round(cpu / idle_s, 3),
                 "cores_per_1000_desktops": round(per_k, 3), "polls": polls,
                 "polls_per_s": round(polls / idle_s, 1), "goal_cores_per_1000": 0.1},
        "wake": {"pushes": args.wakes, "waiters_woken": len(latencies),
                 "p50_ms": pct(latencies, 50), "p95_ms": pct(latencies, 95),
                 "max_ms": pct(latencies, 100), "missed": sum(
                     1 for x in latencies if x >= args.wake_gap),
                 "other_grids_woken": stray, "goal_p95_ms": 1000},
        "loadavg": round(load, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default=None, help="PostgreSQL URL (default: a throwaway one)")
    ap.add_argument("--desktops", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--wait", type=float, default=50, help="the desktop's long-poll (50 s)")
    ap.add_argument("--idle", type=float, default=60, help="seconds measured idle (> --wait: every desktop asks again)")
    ap.add_argument("--settle", type=float, default=5)
    ap.add_argument("--wakes", type=int, default=20)
    ap.add_argument("--wake-gap", type=float, default=3.0)
    ap.add_argument("--root", help="a baseline tree (see bench/server.py)")
    args = ap.parse_args()
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if args.desktops + 200 > hard:
        raise SystemExit(f"this machine allows {hard} open files a process: at most "
                         f"{hard - 200} desktops")
    db = bs.Database(args.db)
    out: dict = {"bench": "city", "root": str(ROOT), "db": db.kind, "cpus": os.cpu_count()}
    try:
        users = bs.seed(db.url, 200)
        import tempfile
        log = Path(tempfile.mkdtemp(prefix="griddesk-city-")) / "server.log"
        server = bs.Server(db.url, args.workers, log)
        try:
            out.update(asyncio.run(run(args, users, server, [server.proc.pid, db.postmaster])))
        finally:
            server.stop()
    finally:
        db.close()
    text = json.dumps(out, ensure_ascii=False, indent=1)
    print(text)
    dest = HERE / "out"
    dest.mkdir(exist_ok=True)
    (dest / f"city-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
