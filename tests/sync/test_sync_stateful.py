"""Convergence, property-based (sync-protocol.md "Tests that must pass").

Five desktops work offline at random: a worker of grid 1 on two PCs (one person,
two devices), a worker of grid 2, the community's supervisor and the street's
centre operator (two people who resolve conflicts, each offline). Residents are
created, edited, deleted, tagged and moved (by both supervisors, so two offline
moves of one resident meet), cases reported and moved through the workflow,
conflicts resolved every way the inbox offers (moves included), refused changes
tried again; the admin changes the grid-2 worker's scope and role; the server
prunes its change feed and tombstones as if everyone had been away for a year.
They sync at random through a fault proxy that drops requests, drops answers
after the server committed, duplicates, replays late, delays, resets and cuts
answers short; a desktop may also die inside any of its sync transactions.

After healing (everyone syncs until quiet over a clean connection):
- every op ended applied, conflicted or rejected, and is visible where someone
  can act on it (a rejected one under "needs attention" with its reason and
  "try again", a conflict — also one forwarded to a row's present holder — in a
  supervisor's inbox);
- each op id had exactly one effect on the server (applied_ops; no conflict
  made twice);
- every desktop equals the server for its scope, by content (the server's
  /sync/verify, which hashes row content, and row by row);
- cursors only moved forward (a trigger in each store refuses a step back);
- no desktop holds rows outside its scope;
- every case history is a valid path through the state machine.

Each example gets a fresh street of its own on one server process, so examples
never see each other. Examples are derandomized: CI runs the same ones every
time.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

import time

from app.models.domain import workflow
from app.models.write.unit import ConnectionStore
from app.models.roster.repository import Roster, ValidationError
from app.sync import conflicts as inbox
from app.sync import inbox as outbox_view
from app.sync.client import SyncError
from faultproxy import FaultProxy
from synchelpers import (Desk, assert_case_history_valid, assert_equals_server, assert_in_scope,
                         assert_one_effect, assert_outbox_settled, heal, resident_values)

NAMES = ("赵", "钱", "孙", "李", "周", "吴", "郑", "王")
VALUES = {"phone": ("13800000001", "13900000002", "13700000003", None),
          "occupation": ("教师", "司机", "医生", None),
          "notes": ("独居", "腿脚不便", "")}
TAGS = ("elderly_alone", "disabled", "veteran")
KEY_TAGS = ("community_correction",)
CATEGORIES = ("exposed_garbage", "manhole_cover")   # self-handling allowed / not
WHO = ("w1", "w1pc2", "w2", "sup", "center")
USER = {"w1pc2": "w1"}                             # one person, a second PC
RESOLVERS = ("sup", "center")
EDITABLE = {"phone": "13600000009", "occupation": "已核实", "notes": "已核实"}
CITY = None   # the session's server, set by the test function

CURSOR_GUARD = """
CREATE TRIGGER IF NOT EXISTS test_cursor_forward BEFORE UPDATE OF cursor ON sync_state
WHEN NEW.cursor < OLD.cursor BEGIN SELECT RAISE(ABORT, 'cursor moved backwards'); END
"""


class SimulatedCrash(BaseException):
    """The process died: whatever transaction was open is never committed."""


class CrashingStore:
    """The store as the sync engine sees it, dying just before the k-th commit."""

    def __init__(self, store, k: int):
        self.store, self.conn, self.path, self.k, self.n = store, store.conn, store.path, k, 0

    @contextlib.contextmanager
    def transaction(self):
        with self.store.transaction() as conn:
            yield conn
            self.n += 1
            if self.n == self.k:
                raise SimulatedCrash()


class SyncMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.org = CITY.new_org()
        self.tmp = Path(tempfile.mkdtemp(prefix="gd-stateful-"))
        self.proxy = FaultProxy(CITY.url).start()
        self.desks: dict[str, Desk] = {}
        try:
            self._setup()
        except BaseException:
            self._close()
            raise

    def _setup(self):
        for who in WHO:
            d = Desk(self.tmp / who, self.proxy.url, self.org.user(USER.get(who, who)))
            d.store.conn.execute(CURSOR_GUARD)
            d.sync()
            self.desks[who] = d
        self.grid = {"w1": self.org.ids["g1"], "w1pc2": self.org.ids["g1"],
                     "w2": self.org.ids["g2"]}
        self.w2_wide = False
        # a few residents and cases every desktop already holds, so that random
        # offline edits meet each other
        sup = self.desks["sup"]
        for i, grid in enumerate(("g1", "g1", "g2", "g2")):
            sup.roster().create_resident(resident_values(NAMES[i] + "老"),
                                         grid_id=self.org.ids[grid])
        self.households = [sup.roster().create_household(f"H{g}", grid_id=self.org.ids[g])["id"]
                           for g in ("g1", "g2")]
        for who in ("w1", "w2"):
            self.desks[who].cases().create(title="占道经营", category=CATEGORIES[0],
                                           grid_id=self.grid[who])
        heal(list(self.desks.values()))

    # ------------------------------------------------------------ helpers
    def _pick(self, d: Desk, table: str, n: int) -> str | None:
        ids = d.live_ids(table)
        return ids[n % len(ids)] if ids else None

    def _grid_for(self, who: str, n: int) -> str:
        """A grid the user would pick: theirs, or one of the grids their desktop holds."""
        if self.grid.get(who):
            return self.grid[who]
        held = [g for g in (self.org.ids["g1"], self.org.ids["g2"])
                if self.desks[who].row("org_units", g) is not None]
        return held[n % len(held)]

    # ------------------------------------------------------------ offline work
    @rule(who=st.sampled_from(WHO), n=st.integers(0, 99), name=st.sampled_from(NAMES))
    def create_resident(self, who, n, name):
        d = self.desks[who]
        d.roster().create_resident(resident_values(name + str(n)), grid_id=self._grid_for(who, n))

    @rule(who=st.sampled_from(WHO), n=st.integers(0, 7),
          field=st.sampled_from(sorted(VALUES)), v=st.integers(0, 3))
    def edit_resident(self, who, n, field, v):
        d = self.desks[who]
        rid = self._pick(d, "residents", n)
        if rid:
            values = VALUES[field]
            d.roster().update_resident(rid, {field: values[v % len(values)]})

    @rule(who=st.sampled_from(WHO), n=st.integers(0, 7))
    def delete_resident(self, who, n):
        d = self.desks[who]
        rid = self._pick(d, "residents", n)
        if rid:
            d.roster().delete_resident(rid)

    @rule(who=st.sampled_from(RESOLVERS), n=st.integers(0, 7), to=st.integers(0, 1))
    def move_resident(self, who, n, to):
        """A supervisor moves a resident into a household of the other grid: the
        resident (and its tags) leave one worker's scope and enter the other's; two
        supervisors offline may move one resident two ways."""
        d = self.desks[who]
        rid = self._pick(d, "residents", n)
        if rid and d.row("households", self.households[to])["deleted_at"] is None:
            d.roster().move_member(rid, self.households[to], "other")

    @rule(who=st.sampled_from(WHO), n=st.integers(0, 7), t=st.integers(0, 3))
    def add_tag(self, who, n, t):
        d = self.desks[who]
        rid = self._pick(d, "residents", n)
        tags = TAGS + (KEY_TAGS if who == "sup" else ())   # only 防 sees key groups
        if rid:
            d.roster().add_tag(rid, tags[t % len(tags)])

    @rule(who=st.sampled_from(WHO), n=st.integers(0, 99), c=st.sampled_from(CATEGORIES))
    def create_case(self, who, n, c):
        d = self.desks[who]
        d.cases().create(title=f"事件{n}", category=c, grid_id=self._grid_for(who, n))

    @rule(who=st.sampled_from(WHO), n=st.integers(0, 7), a=st.integers(0, 20))
    def act_on_case(self, who, n, a):
        d = self.desks[who]
        case_id = self._pick(d, "cases", n)
        if not case_id:
            return
        cases = d.cases()
        allowed = cases.allowed_actions(case_id) + ["note"]
        action = allowed[a % len(allowed)]
        case = cases.get(case_id)
        data = {"dispatch": {"unit": self.org.ids["dept"] if n % 2 else case["grid_id"]},
                "escalate": {"unit": self.org.ids["c1"]},
                "request_extension": {"days": 2}, "supervise": {"level": "yellow"},
                "evaluate": {"satisfaction": "satisfied"}}.get(action, {})
        try:
            cases.act(case_id, action, note="记一笔" if action == "note" else None, **data)
        except (workflow.TransitionError, ValidationError):
            pass   # the form would show why; nothing is written

    @rule(who=st.sampled_from(RESOLVERS), n=st.integers(0, 7), r=st.integers(0, 2))
    def resolve_conflict(self, who, n, r):
        """Either supervisor, offline, resolves any conflict every way the inbox offers
        (a move is taken whole); both may resolve the same one."""
        d = self.desks[who]
        open_ = d.open_conflicts()
        if not open_:
            return
        c = open_[n % len(open_)]
        choices = inbox.resolutions(c)
        if c["field"] not in EDITABLE:
            choices = tuple(x for x in choices if x != "edit")   # nothing sensible to type
        resolution = choices[r % len(choices)]
        try:
            inbox.resolve(d.store, d.actor, c["id"], resolution,
                          EDITABLE.get(c["field"]) if resolution == "edit" else None)
        except inbox.ResolveError:
            pass

    @rule(who=st.sampled_from(WHO), n=st.integers(0, 7))
    def try_again(self, who, n):
        """A person presses "try again" on a refused change."""
        d = self.desks[who]
        refused = outbox_view.outbox(d.store.conn, outbox_view.ATTENTION)
        if refused:
            outbox_view.retry(d.store, d.actor, refused[n % len(refused)]["op_id"])

    # ------------------------------------------------------------ the admin and the server
    @rule(widen=st.booleans(), head=st.booleans())
    def change_w2(self, widen, head):
        """The admin moves the grid-2 worker's scope (grid 2 <-> the community) and
        role (worker <-> grid head) while desktops are offline."""
        from server import auth
        code = self.org.codes["c1" if widen else "g2"]
        with CITY.db.write() as conn:
            auth.update_user(conn, CITY.settings, self.org.user("w2"),
                             role="grid_head" if head else "grid_worker", scope_code=code,
                             now=time.time())
        self.w2_wide = widen
        self.grid["w2"] = None if widen else self.org.ids["g2"]

    @rule()
    def a_year_passes(self):
        """The server prunes as if a year had passed: every desktop is behind the
        feed's retention, deleted rows are pruned and only their ids stay."""
        from server import admin, db
        old = "2000-01-01T00:00:00+08:00"
        with CITY.db.write() as conn:
            conn.execute(db.changes.update().values(at=old))
            for t in db.ENTITIES.values():
                conn.execute(t.update().where(t.c.deleted_at.is_not(None)).values(
                    deleted_at=old))
        admin.prune(CITY.db, 90, time.time())

    # ------------------------------------------------------------ the network
    @rule(who=st.sampled_from(WHO), seed=st.integers(0, 2**16),
          rate=st.sampled_from([0.0, 0.3, 0.6]))
    def sync(self, who, seed, rate):
        self.proxy.randomize(seed, rate)
        try:
            self.desks[who].try_sync()
        finally:
            self.proxy.heal()

    @rule(who=st.sampled_from(WHO), n=st.integers(0, 7), field=st.sampled_from(sorted(VALUES)),
          v=st.integers(0, 3), seed=st.integers(0, 2**16))
    def edit_while_syncing(self, who, n, field, v, seed):
        """The user edits on the GUI's own connection while the sync thread is between
        its push and its pull."""
        d = self.desks[who]
        gui = ConnectionStore(d.store.open_connection())
        done = []

        def edit(req):
            if done or not req.path.startswith("/sync/changes"):
                return
            done.append(True)
            rid = self._pick(d, "residents", n)
            if rid:
                values = VALUES[field]
                Roster(gui, d.actor).update_resident(rid, {field: values[v % len(values)]})
        self.proxy.randomize(seed, 0.2)
        self.proxy.on_request = edit
        try:
            d.try_sync()
        finally:
            self.proxy.on_request = None
            self.proxy.heal()
            gui.close()

    @rule(who=st.sampled_from(WHO), k=st.integers(1, 8), seed=st.integers(0, 2**16))
    def crash_mid_sync(self, who, k, seed):
        """Killed between two transactions of a sync, then started again."""
        d = self.desks[who]
        engine = d.engine
        engine.store = CrashingStore(d.store, k)
        self.proxy.randomize(seed, 0.2)
        try:
            engine.sync()
        except (SimulatedCrash, SyncError):
            pass
        finally:
            self.proxy.heal()
        d.reopen()

    # ------------------------------------------------------------ after healing
    def teardown(self):
        try:
            self.proxy.heal()
            desks = list(self.desks.values())
            heal(desks)
            inboxes = {r[0] for who in RESOLVERS
                       for r in self.desks[who].q("SELECT id FROM conflicts")}
            for d in desks:
                assert_outbox_settled(d)
                assert_one_effect(CITY, d)
                assert_equals_server(CITY, d)
                assert_in_scope(CITY, d)
                for o in d.outbox("conflict"):
                    assert o["conflict_id"] in inboxes, "a conflict nobody can act on"
            street = "/4101/410105/" + self.org.codes["street"] + "/"
            for case in CITY.rows("cases"):
                if case["scope_path"].startswith(street):
                    assert_case_history_valid(CITY, case["id"])
        finally:
            self._close()

    def _close(self):
        for d in self.desks.values():
            d.close()
        self.proxy.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


# CI runs the same 20 examples every time on SQLite and 8 on PostgreSQL (whose push
# takes its own fast path: rows read ahead under lock, written as JSON);
# GRIDDESK_SYNC_EXAMPLES=200 GRIDDESK_SYNC_RANDOM=1 explores new ones (a failure
# prints how to replay it); GRIDDESK_SYNC_DB=postgresql runs only that one.
EXAMPLES = int(os.environ.get("GRIDDESK_SYNC_EXAMPLES", "20"))
PG_EXAMPLES = int(os.environ.get("GRIDDESK_SYNC_PG_EXAMPLES", "8"))
RANDOM = bool(os.environ.get("GRIDDESK_SYNC_RANDOM"))
ONLY = os.environ.get("GRIDDESK_SYNC_DB")


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_random_offline_work_over_a_faulty_network_converges(database, request):
    global CITY
    if ONLY and ONLY != database:
        pytest.skip(f"GRIDDESK_SYNC_DB={ONLY}")
    CITY = request.getfixturevalue("city" if database == "sqlite" else "pg_city")
    examples = EXAMPLES if database == "sqlite" or ONLY else min(EXAMPLES, PG_EXAMPLES)
    run_state_machine_as_test(SyncMachine, settings=settings(
        max_examples=examples, stateful_step_count=30, deadline=None, derandomize=not RANDOM,
        database=None, suppress_health_check=list(HealthCheck), print_blob=True,
        **({"phases": [Phase.generate]} if os.environ.get("GRIDDESK_SYNC_NOSHRINK") else {})))
