"""Issue 13: random ops from a grid worker never change anything outside their scope
or rights (Hypothesis, against the real server application on SQLite and
PostgreSQL).

A street holds residents, households, care and key-group tags, visits, cases and
an open conflict in the worker's grid, the neighbour grid and another community.
The worker then pushes random ops — every entity and op kind, ids of rows they
may and may not see, moves into other grids, key-group tags, case steps of every
kind, conflict resolutions, gaps and duplicates in device_seq, junk values — and
after every batch:

- every row outside the worker's grid (and every key-group tag, every org unit)
  is exactly as it was, and no new row appeared outside the grid;
- the worker resolved no conflict and took no case step its role may never take;
- every answer is a 200 with one result per op (never a 5xx).
"""
from __future__ import annotations

import json
import os
import uuid

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.models.domain import workflow
from app.models.domain.choices import TAG_TYPES
from server import db
from srvhelpers import resident

G1, G2, G3 = "410105003001001", "410105003001002", "410105003002001"
KEY_TAGS = sorted(c for c, t in TAG_TYPES.items() if t.group == "key")
CARE_TAGS = sorted(c for c, t in TAG_TYPES.items() if t.group == "care")
TABLES = list(db.ENTITIES) + ["conflicts"]
WORKER_STEPS = {a for a, (_s, roles, _t) in workflow.TRANSITIONS.items()
                if "grid_worker" in roles} | set(workflow.ADD_ONLY)


def _table(name):
    return db.conflicts if name == "conflicts" else db.ENTITIES[name]


def protected(store, grid_path: str) -> dict:
    """Everything the worker may not change: rows outside their grid, key-group tags
    anywhere, the org tree."""
    out = {}
    with store.read() as conn:
        for name in TABLES:
            t = _table(name)
            for r in conn.execute(sa.select(t)).mappings():
                r = dict(r)
                inside = (r["scope_path"] or "").startswith(grid_path) or (
                    r.get("scope_path2") or "").startswith(grid_path)
                if name == "org_units" or not inside or (
                        name == "resident_tags" and r["tag"] in KEY_TAGS):
                    out[(name, r["id"])] = json.dumps(r, sort_keys=True, default=str)
    return out


def build_street(device, units):
    """Rows in G1 (the worker's), G2 (neighbour grid), G3 (another community)."""
    sup, center = device("sup"), device("center")
    ids = {"residents": {}, "households": {}, "cases": {}, "tags": {}, "visits": {},
           "events": {}}
    for grid, who in ((G1, sup), (G2, sup), (G3, center)):
        hh = who.op("households", "create", dict(number=f"H{grid[-3:]}", grid_id=units[grid],
                                                 kind="registered", path=grid))
        r = who.op("residents", "create", resident(units[grid], "居民" + grid[-1], path=grid,
                                                  phone="13800000001"))
        key = who.op("resident_tags", "create", {"resident_id": r["entity_id"],
                                                 "tag": KEY_TAGS[0]})
        care = who.op("resident_tags", "create", {"resident_id": r["entity_id"],
                                                  "tag": CARE_TAGS[0]})
        visit = who.op("visits", "create", dict(resident_id=r["entity_id"], grid_id=units[grid],
                                                visited_on="2026-11-01", kind="routine"))
        case_id = str(uuid.uuid4())
        case = who.op("cases", "create", dict(
            number=f"{grid}-20261128-fz-{uuid.uuid4().hex[:6]}", grid_id=units[grid],
            path=grid, title="测试", category="exposed_garbage", source="patrol"),
            entity_id=case_id)
        report = who.op("case_events", "transition", dict(
            case_id=case_id, action="report", data=json.dumps({"unit": units[grid]}),
            photos="[]"))
        res = who.push(hh, r, key, care, visit, case, report)
        assert all(x["status"] == "applied" for x in res), res
        ids["households"][grid] = hh["entity_id"]
        ids["residents"][grid] = r["entity_id"]
        ids["tags"][grid] = (key["entity_id"], care["entity_id"])
        ids["visits"][grid] = visit["entity_id"]
        ids["cases"][grid] = case_id
        ids["events"][grid] = report["entity_id"]
    # an open conflict in the neighbour grid and one in the worker's grid
    w2, sup2 = device("w2"), device("sup")
    for who, grid in ((w2, G2), (sup2, G1)):
        for phone in ("13900000002", "13700000003"):
            other = device(who.username)
            other.push(other.op("residents", "patch", {"phone": phone},
                                entity_id=ids["residents"][grid],
                                base_values={"phone": "13800000001"}))
    return ids


def op_strategy(units, ids):
    grids = [G1, G2, G3]
    pool = ([*ids["residents"].values(), *ids["households"].values(),
             *ids["cases"].values(), *ids["visits"].values(), *ids["events"].values()]
            + [t for pair in ids["tags"].values() for t in pair])
    id_value = st.one_of(st.sampled_from(pool), st.uuids().map(str))
    unit = st.sampled_from([units[g] for g in grids] + [units["410105D01"],
                                                         units["410105003001"]])
    text = st.one_of(st.text(max_size=8), st.sampled_from(["", "13800000001", "\x00"]))
    scalar = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), text, id_value, unit,
                       st.floats(allow_nan=True, allow_infinity=True),
                       st.sampled_from(grids + KEY_TAGS + CARE_TAGS + list(workflow.ACTIONS)))
    keys = st.sampled_from(["name", "phone", "grid_id", "household_id", "path", "relation",
                            "resident_id", "tag", "case_id", "action", "data", "photos",
                            "resolution", "value", "deleted_at", "id", "notes", "title",
                            "category", "source", "state", "kind", "number", "visited_on",
                            "id_number", "id_type", "residence_type", "lon", "lat",
                            "holder_unit_id", "code", "parent_id"])
    def changed_for(entity):
        cols = sorted(db.COLUMNS.get(entity, {}))
        good = st.sampled_from(cols) if cols else keys
        return st.dictionaries(st.one_of(good, good, good, keys), scalar, max_size=5)

    @st.composite
    def one(draw):
        entity = draw(st.sampled_from(TABLES + ["users", "nope"]))
        kind = draw(st.sampled_from(["create", "patch", "delete", "transition", "attach",
                                     "resolve"]))
        body = draw(changed_for(entity if entity in db.COLUMNS else "residents"))
        if kind == "transition":
            entity = "case_events"
            body.update(case_id=draw(st.sampled_from(list(ids["cases"].values()))),
                        action=draw(st.sampled_from(list(workflow.ACTIONS))),
                        data=json.dumps({"unit": draw(unit), "days": 2, "level": "red",
                                         "satisfaction": "satisfied"}))
        if kind == "resolve":
            entity, kind = "conflicts", "patch"
            body["resolution"] = draw(st.sampled_from(["keep", "take_other", "edit"]))
        if kind == "create" and entity == "residents" and draw(st.booleans()):
            grid = draw(st.sampled_from(grids))
            body = {**resident(units[grid], "新人", path=grid), **body}
        if kind in ("patch", "delete") and draw(st.booleans()):
            body = {k: v for k, v in body.items() if k in ("name", "phone", "grid_id",
                                                          "household_id", "path", "tag",
                                                          "notes")}
        if kind == "attach":
            body["photos"] = [draw(st.sampled_from(["a" * 64, "b" * 64]))]
        return {"entity": entity, "op": kind, "entity_id": draw(id_value), "changed": body,
                "base_values": draw(st.dictionaries(keys, scalar, max_size=2)),
                "seq_step": draw(st.sampled_from([1, 1, 1, 0, 2]))}
    return one()


def test_random_worker_ops_never_reach_outside_scope_or_rights(device, units, store):
    ids = build_street(device, units)
    with store.read() as conn:
        grid_path = conn.execute(sa.select(db.ENTITIES["org_units"].c.path).where(
            db.ENTITIES["org_units"].c.code == G1)).scalar_one()
        w1_id = conn.execute(sa.select(db.users.c.id).where(db.users.c.username == "w1")
                             ).scalar_one()
    before = protected(store, grid_path)
    w1 = device("w1")

    @settings(max_examples=int(os.environ.get("GRIDDESK_FUZZ_EXAMPLES", "100")), deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(op_strategy(units, ids), min_size=1, max_size=10))
    def run(ops):
        batch = []
        for o in ops:
            w1.seq += o.pop("seq_step")
            batch.append({"op_id": str(uuid.uuid4()), "device_seq": max(w1.seq, 1),
                          "tx_id": str(uuid.uuid4()), **o})
        # then fill every gap with a harmless op, so the held ops run too
        with store.read() as conn:
            last = conn.execute(sa.select(db.devices.c.last_seq).where(
                db.devices.c.id == w1.device_id)).scalar_one()
        top = max([o["device_seq"] for o in batch] + [last])
        filler = [{"op_id": str(uuid.uuid4()), "device_seq": n, "tx_id": str(uuid.uuid4()),
                   "entity": "residents", "op": "patch", "entity_id": ids["residents"][G1],
                   "changed": {"notes": f"补{n}"}, "base_values": {}}
                  for n in range(last + 1, top + 1)
                  if n not in {o["device_seq"] for o in batch}]
        w1.seq = top
        body = json.dumps({"ops": batch + filler}, allow_nan=True, default=str)
        r = w1.client.post("/sync/push", content=body.encode("utf-8", "surrogatepass"),
                           headers={**w1.headers, "Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        assert len(r.json()["results"]) == len(batch + filler)
        after = protected(store, grid_path)
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert not changed, f"the worker changed rows outside their rights: {sorted(changed)}"
        with store.read() as conn:
            c = db.conflicts
            assert not conn.execute(sa.select(c.c.id).where(c.c.resolved_by == w1_id)).first()
            e = db.ENTITIES["case_events"]
            steps = {a for (a,) in conn.execute(sa.select(e.c.action).where(
                e.c.actor_id == w1_id))}
            assert steps <= WORKER_STEPS, steps - WORKER_STEPS
    run()

