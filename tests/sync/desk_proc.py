"""A desktop's sync as its own process, for the kill -9 tests.

    python tests/sync/desk_proc.py DATA_DIR MODE [GRID_ID]

The data dir holds a store already signed in by the test. MODE says where to
stop and wait to be killed (printing ``PAUSE <where>`` first, so the test
kills at exactly that point):

- ``after-push``: the server answered the first push; the answer is not recorded.
- ``mid-batch``: the first batch is recorded; the second is marked in flight
  and about to be sent.
- ``in-page``: a page of changes is applied inside its transaction; the cursor
  is not stored and nothing is committed.
- ``in-snapshot``: the third snapshot page is applied, not committed.
- ``loop``: no pause: edit and sync over and over (``SAVED <id>`` after each
  resident the roster reported as saved) until killed at a random moment.

``SYNC_PAGE`` in the environment makes snapshot and change pages that small.
"""
from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def pause(where: str) -> None:
    print(f"PAUSE {where}", flush=True)
    while True:
        time.sleep(60)


def main() -> int:
    data_dir, mode = Path(sys.argv[1]), sys.argv[2]
    from app.models.domain import rules
    from app.models.roster.repository import Roster
    from app.models.store import settings
    from app.models.store.database import open_store
    from app.models.write.unit import Actor
    from app.sync import apply, engine, session
    from app.sync.client import SyncError

    if os.environ.get("SYNC_PAGE"):
        engine.SNAPSHOT_LIMIT = engine.PULL_LIMIT = int(os.environ["SYNC_PAGE"])
    store = open_store(data_dir)
    s = session.load(store)
    client = session.client_for(store, s)
    eng = engine.SyncEngine(store, client, data_dir=data_dir)

    real_push = client.push
    pushes = {"n": 0}

    def push(ops):
        pushes["n"] += 1
        if mode == "mid-batch" and pushes["n"] == 2:
            pause("mid-batch")
        answer = real_push(ops)
        if mode == "after-push":
            pause("after-push")
        return answer
    client.push = push

    real_finish = apply.Applier.finish
    pages = {"snapshot": 0}

    def finish(self, *a, **kw):
        real_finish(self, *a, **kw)
        if mode == "in-page" and not self.force and self.count:
            pause("in-page")
        if mode == "in-snapshot" and self.force:    # snapshot pages are forced
            pages["snapshot"] += 1
            if pages["snapshot"] == 3:
                pause("in-snapshot")
    apply.Applier.finish = finish

    if mode != "loop":
        eng.sync()
        print("DONE", flush=True)
        return 0

    grid_id = sys.argv[3]
    c = store.conn
    actor = Actor(settings.get(c, "user.id"), settings.get(c, "user.name"),
                  settings.get(c, "user.role"), settings.get(c, "user.scope_code"))
    roster = Roster(store, actor)
    rnd = random.Random(os.getpid())
    n = 0
    while True:
        n += 1
        birth = f"19{60 + n % 40:02d}{1 + n % 12:02d}{1 + n % 28:02d}"
        first17 = f"410105{birth}{os.getpid() % 1000:03d}"
        row = roster.create_resident({"name": f"孔{n}", "id_type": "resident_id",
                                      "id_number": first17 + rules.id_check_char(first17),
                                      "residence_type": "registered"}, grid_id=grid_id)
        print(f"SAVED {row['id']}", flush=True)
        ids = [r[0] for r in c.execute("SELECT id FROM residents WHERE deleted_at IS NULL "
                                       "AND name LIKE '孔%'")]
        if ids and rnd.random() < 0.5:
            roster.update_resident(rnd.choice(ids), {"notes": f"第{n}次走访"})
        if rnd.random() < 0.6:
            try:
                eng.sync()
            except SyncError:
                pass
        print(f"TICK {n}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
