"""Synthetic houses (实有房屋) and organizations (实有单位) for ``./dev bench roster``:
one grid of a demo street gets ``houses`` houses and ``organizations`` organizations on
street-shaped addresses (roads › doors › rooms), written as server state, the way a
first sync brings a city's rows (the search index is kept by the store's triggers).
Deterministic per seed. Every id starts with ``bench-`` so a different size replaces
exactly what an earlier run added."""
from __future__ import annotations

import datetime as dt
import random

from app.models.demo.people import Maker
from app.models.domain import credit_code
from app.models.roster.repository import load_rows

ROADS = ["经三路", "经五路", "纬五路", "农科路", "丰产路", "红专路", "东风路", "文化路", "花园路",
         "政七街", "金水路", "黄河路", "健康路", "南阳路", "北三环", "姚砦路", "优胜路", "索凌路"]
ORG_PREFIXES = ["老王", "张记", "李家", "好邻居", "红星", "惠民", "金水", "如家", "小太阳", "丽人",
                "星空", "绿源", "刘姐", "大众", "顺心", "福满", "鑫源", "百姓", "同仁", "阳光"]
ORG_KINDS = [  # (name ending, kind, 九小场所 category)
    ("烩面馆", "nine_small", "restaurant"), ("便利店", "nine_small", "shop"),
    ("美发店", "nine_small", "beauty_bath"), ("网咖", "nine_small", "internet_cafe"),
    ("小旅馆", "nine_small", "hotel"), ("胡辣汤", "nine_small", "restaurant"),
    ("托管班", "nine_small", "school"), ("诊所", "nine_small", "clinic"),
    ("五金加工部", "nine_small", "workshop"), ("物业管理有限公司", "enterprise", None),
    ("裁缝铺", "individual", None), ("商贸有限公司", "enterprise", None)]
USES = ["own"] * 6 + ["rental"] * 3 + ["vacant", "group_rental", "business"]
ROOMS_PER_DOOR = 9          # and the door itself (a shop or a 平房 yard's front)
DOORS_PER_ROAD = 9000


def meta_key() -> str:
    return "bench.places"


def add_places(store, houses: int, organizations: int, seed: int = 1) -> dict:
    conn = store.conn
    grid_id, grid_code = conn.execute(
        "SELECT id, code FROM org_units WHERE kind = 'grid' AND deleted_at IS NULL "
        "ORDER BY code LIMIT 1").fetchone()
    rng = random.Random(f"bench-places:{seed}")
    st = Maker(rng, dt.date(2026, 12, 6), "2026-12-05T20:00:00+08:00")
    stamp = st.stamp
    addresses, house_rows, org_rows = [], [], []
    n = 0

    def address(kind, code, name, parent):
        row = dict(id=f"bench-a{len(addresses)}", parent_id=parent and parent["id"],
                   grid_id=grid_id, kind=kind, code=code, name=name, floor=None, path=code,
                   full_name=f"{parent['full_name']} {name}" if parent else name,
                   version=1, deleted_at=None, updated_at=stamp)
        addresses.append(row)
        return row

    road = door = None
    places = []         # (address row) of every house, in order
    while len(places) < houses:
        if door is None or n % (ROOMS_PER_DOOR + 1) == 0:
            number = (n // (ROOMS_PER_DOOR + 1)) % DOORS_PER_ROAD
            if number == 0:
                r = n // ((ROOMS_PER_DOOR + 1) * DOORS_PER_ROAD)
                road = address("road", f"{grid_code}R{r + 100:03d}",
                               ROADS[r % len(ROADS)] + ("" if r < len(ROADS) else
                                                        f"{r // len(ROADS) + 1}段"), None)
            door = address("door", f"{road['code']}D{number + 1:04d}", f"{number + 1}号", road)
            places.append(door)
        else:
            k = n % (ROOMS_PER_DOOR + 1)
            places.append(address("room", f"{door['code']}H{k:04d}", f"{k}号房", door))
        n += 1
    for i, place in enumerate(places):
        use = "business" if place["kind"] == "door" else USES[rng.randrange(len(USES))]
        rental = use in ("rental", "group_rental")
        house_rows.append(dict(
            id=f"bench-h{i}", address_id=place["id"], grid_id=grid_id, path=place["code"],
            use=use, property_type="self_built", area=round(20 + rng.random() * 100, 1),
            owner_id=None, owner_name=st.name("M" if i % 2 else "F", 1960 + i % 40),
            owner_phone=st.mobile(), landlord_id=None,
            landlord_name=st.name("M", 1970) if rental and i % 3 == 0 else None,
            landlord_phone=None, registration_no=f"ZZB{i:07d}" if rental and i % 5 else None,
            registered_on=None, checked_on=None, notes=None,
            version=1, deleted_at=None, updated_at=stamp))
    step = max(1, len(places) // max(organizations, 1))
    for j in range(organizations):
        place = places[(j * step) % len(places)]
        ending, kind, category = ORG_KINDS[rng.randrange(len(ORG_KINDS))]
        name = ORG_PREFIXES[rng.randrange(len(ORG_PREFIXES))] + ending
        head = {"individual": "92", "public_body": "12"}.get(kind, "91") + "410105"
        body = head + "".join(rng.choice(credit_code.CHARSET) for _ in range(9))
        org_rows.append(dict(
            id=f"bench-o{j}", name=name, credit_code=body + credit_code.check_char(body)
            if j % 4 != 3 else None, kind=kind, category=category,
            legal_rep=st.name("F", 1975), contact_name=None, contact_phone=st.mobile(),
            house_id=f"bench-h{(j * step) % len(places)}", address_id=place["id"],
            grid_id=grid_id, path=place["code"], notes=None,
            version=1, deleted_at=None, updated_at=stamp))
    with store.transaction():
        for table in ("organizations", "houses", "addresses"):
            conn.execute(f"DELETE FROM {table} WHERE id LIKE 'bench-%'")
        load_rows(store, "addresses", addresses)
        load_rows(store, "houses", house_rows)
        load_rows(store, "organizations", org_rows)
        store.set_meta(meta_key(), f"{houses}/{organizations}/{seed}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    return {"addresses": len(addresses), "houses": len(house_rows),
            "organizations": len(org_rows)}
