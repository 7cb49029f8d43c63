"""How tests/data/v1.db was made: a real schema-version-1 GridDesk database.

It is a saved fixture: tests/test_store.py copies it to a temporary folder and
opens it with the current app to prove that an old database still opens, is
migrated to the latest schema, and keeps every row and every pending outbox op.
Do not regenerate it casually: the point is that it was written by the v1 code
path. Run it again only if the v1 fixture itself must change:

    .venv/bin/python tests/data/make_v1_db.py

The file is encrypted like every GridDesk store. Its key is the fixed test key
below (never used for anything but this fixture):

    V1_KEY = b"griddesk-v1-fixture-key-0000001!"   (32 ASCII bytes, used as the raw key)

Contents (all written through the one write path, so each row has its outbox
op and audit record, all still 'pending'):
  org units   郑州市 4101 › 金水区 410105 › 花园路街道 410105003 ›
              经三路社区 410105003001 › 第一网格 410105003001001
  addresses   幸福小区 (001) › 3号楼 (003) › 2单元 (02) › 501室 (0501)
  household   H0001 in 501室
  residents   张三丰 11010519491231002X, phone 13812341234, head of H0001 (self)
              张翠山 410105197803120010, son, phone 13900005678
              殷素素 410105198006250044, no household, floating, in 第一网格
  tag         独居老人 (elderly_alone) on 张三丰
  patch       张翠山's phone changed once (13900005678 → 13900001111), still pending
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

# 32 bytes, documented above. Tests read this constant from this file.
V1_KEY = b"griddesk-v1-fixture-key-0000001!"
assert len(V1_KEY) == 32
V1_PATH = HERE / "v1.db"
TODAY = dt.date(2026, 11, 28)


def build(path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from app.models.domain import rules
    from app.models.roster.repository import Roster
    from app.models.store import migrations
    from app.models.store.database import Store
    from app.models.store.keys import StaticKeyProvider
    from app.models.write.unit import Actor, unit_of_work

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store(path, StaticKeyProvider(V1_KEY), migrate=False)
    assert migrations.migrate(store, target=1) == [1]
    assert store.schema_version == 1
    actor = Actor("worker-1", "王网格", "grid_worker")
    store.device_id  # noqa: B018  (a v1 store has its device id in meta)
    roster = Roster(store, actor, today=TODAY)

    # Org units, addresses and households do not touch the search index (added in v2).
    city = roster.create_org_unit("4101", "郑州市", "city")
    dist = roster.create_org_unit("410105", "金水区", "district", city["id"])
    st = roster.create_org_unit("410105003", "花园路街道", "street", dist["id"])
    com = roster.create_org_unit("410105003001", "经三路社区", "community", st["id"])
    grid = roster.create_org_unit("410105003001001", "第一网格", "grid", com["id"])
    estate = roster.create_address("estate", "001", "幸福小区", grid_id=grid["id"])
    bld = roster.create_address("building", "003", "3号楼", parent_id=estate["id"])
    unit = roster.create_address("unit", "02", "2单元", parent_id=bld["id"])
    room = roster.create_address("room", "0501", "501室", parent_id=unit["id"], floor=5)
    hh = roster.create_household("H0001", grid_id=grid["id"], room_id=room["id"])

    # Residents the way the v1 write path stored them: validated, one unit of work
    # each (row + outbox op + audit), no search index yet.
    def add_resident(values, *, household=None, relation=None):
        clean, issues = rules.validate_resident(values, TODAY)
        assert not rules.errors(issues), issues
        row = {k: v for k, v in clean.items()}
        row.update(grid_id=grid["id"], household_id=household["id"] if household else None,
                   relation=relation, path=household["path"] if household else grid["code"])
        with unit_of_work(store, actor) as w:
            created = w.create("residents", row)
            if relation == "self":
                w.patch("households", household["id"], {"head_id": created["id"]})
        return created

    zsf = add_resident({"name": "张三丰", "id_number": "11010519491231002x",
                        "phone": "13812341234", "residence_type": "registered"},
                       household=hh, relation="self")
    zcs = add_resident({"name": "张翠山", "id_number": "410105197803120010",
                        "phone": "13900005678", "residence_type": "registered"},
                       household=hh, relation="son")
    add_resident({"name": "殷素素", "id_number": "410105198006250044",
                  "residence_type": "floating"})
    roster.add_tag(zsf["id"], "elderly_alone", since="2025-01-01")
    with unit_of_work(store, actor) as w:
        w.patch("residents", zcs["id"], {"phone": "13900001111"})

    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    build(V1_PATH)
    print(f"wrote {V1_PATH}")
