"""kill -9 of a desktop in the middle of a sync (quality.md: kill -9 at any
moment loses nothing the UI reported as saved), then restart and converge.

The desktop's sync runs in its own process (desk_proc.py) on the test's data
dir; it announces where it stands and the test kills it right there."""
from __future__ import annotations

import os
import queue
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from synchelpers import (assert_equals_server, assert_one_effect, assert_outbox_settled,
                         heal, resident_values)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


class DeskProcess:
    def __init__(self, data_dir: Path, mode: str, *extra: str, env: dict | None = None):
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "desk_proc.py"), str(data_dir), mode, *extra],
            cwd=ROOT, env=dict(os.environ, **(env or {})), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def wait_for(self, prefix: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                self.kill()
                raise AssertionError(f"desk process never said {prefix!r}") from None
            if line is None:
                raise AssertionError(f"desk process ended before {prefix!r}: "
                                     f"{self.proc.stderr.read()[-3000:]}")
            self.seen.append(line)
            if line.startswith(prefix):
                return line

    def drain(self) -> list[str]:
        while True:
            try:
                line = self.lines.get_nowait()
            except queue.Empty:
                return self.seen
            if line is None:
                return self.seen
            self.seen.append(line)

    def kill(self) -> None:
        """kill -9: no cleanup, no rollback, no goodbye."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture
def killed():
    procs: list[DeskProcess] = []

    def start(data_dir, mode, *extra, env=None) -> DeskProcess:
        p = DeskProcess(data_dir, mode, *extra, env=env)
        procs.append(p)
        return p
    yield start
    for p in procs:
        if p.proc.returncode is None:
            p.kill()


def settle(city, desks) -> None:
    heal(desks)
    for d in desks:
        assert_outbox_settled(d)
        assert_one_effect(city, d)
        assert_equals_server(city, d)


def test_kill_after_the_server_answered_a_push(city, org, desk, killed):
    w1 = desk(city.url, org.user("w1"))
    made = [w1.roster().create_resident(resident_values(f"毛{i}"), grid_id=org.ids["g1"])
            for i in range(3)]
    w1.roster().update_resident(made[0]["id"], {"occupation": "医生"})
    w1.close()
    p = killed(w1.dir, "after-push")
    p.wait_for("PAUSE after-push")
    p.kill()
    # the server committed; the desktop never recorded the answer
    assert city.row("residents", made[0]["id"])["occupation"] == "医生"
    w1.reopen()
    assert {o["state"] for o in w1.outbox()} == {"inflight"}
    settle(city, [w1])
    assert city.row("residents", made[0]["id"])["version"] == 2


def test_kill_mid_batch(city, org, desk, killed):
    w1 = desk(city.url, org.user("w1"))
    made = [w1.roster().create_resident(resident_values(f"邬{i}"), grid_id=org.ids["g1"])
            for i in range(130)]
    w1.close()
    p = killed(w1.dir, "mid-batch")
    p.wait_for("PAUSE mid-batch")
    p.kill()
    w1.reopen()
    states = [o["state"] for o in w1.outbox()]
    assert states.count("applied") == 100, "the first batch was recorded"
    assert states.count("inflight") == 30, "the second was about to be sent"
    settle(city, [w1])
    assert len([r for r in made if city.row("residents", r["id"])]) == 130


def test_kill_while_a_pulled_page_is_applied(city, org, desk, killed):
    w1 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    made = [w1.roster().create_resident(resident_values(f"安{i}"), grid_id=org.ids["g1"])
            for i in range(5)]
    w1.sync()
    cursor = sup.cursor()
    sup.close()
    p = killed(sup.dir, "in-page")
    p.wait_for("PAUSE in-page")
    p.kill()
    sup.reopen()
    # nothing of the page, and the cursor where it was
    assert sup.cursor() == cursor
    assert all(sup.row("residents", r["id"]) is None for r in made)
    settle(city, [w1, sup])
    assert sup.one("SELECT count(*) FROM residents WHERE name LIKE '安%'") == 5


def test_kill_mid_snapshot_resumes_it(city, org, desk, killed, proxy):
    w1 = desk(city.url, org.user("w1"))
    for i in range(12):
        w1.roster().create_resident(resident_values(f"常{i}"), grid_id=org.ids["g1"])
    w1.sync()
    p = proxy(city.url)
    sup = desk(p.url, org.user("sup"), initial=False)
    sup.close()
    proc = killed(sup.dir, "in-snapshot", env={"SYNC_PAGE": "4"})
    proc.wait_for("PAUSE in-snapshot")
    proc.kill()
    sup.reopen()
    st = sup.engine.state()
    assert st["snapshot_at"] is not None, "the snapshot is remembered"
    assert sup.one("SELECT count(*) FROM org_units") >= 4, \
        "the pages committed before the kill are kept"
    first = len(p.requests("/sync/snapshot"))
    settle(city, [w1, sup])
    assert sup.one("SELECT count(*) FROM residents WHERE name LIKE '常%'") == 12
    # resumed where it stopped: the first pages were not fetched again
    after_restart = [e["target"] for e in p.log[first:] if "entity=" in e["target"]]
    assert after_restart and "after=" in after_restart[0], after_restart[:1]
    assert not any("entity=org_units" in t and "after=" not in t for t in after_restart)


def test_kill_at_random_moments_loses_nothing_saved(city, org, desk, killed):
    rnd = random.Random(5)
    w1 = desk(city.url, org.user("w1"))
    sup = desk(city.url, org.user("sup"))
    w1.close()
    saved: list[str] = []
    for _ in range(5):
        p = killed(w1.dir, "loop", org.ids["g1"])
        p.wait_for("TICK")
        time.sleep(rnd.uniform(0.0, 1.0))
        p.kill()
        saved += [line.split()[1] for line in p.drain() if line.startswith("SAVED")]
    w1.reopen()
    assert saved, "the desktop saved residents before being killed"
    settle(city, [w1, sup])
    lost = [rid for rid in saved if city.row("residents", rid) is None]
    assert lost == [], "a resident the roster reported as saved never reached the server"
    assert sup.one("SELECT count(*) FROM residents WHERE name LIKE '孔%'") >= len(set(saved))
