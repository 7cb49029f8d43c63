"""The demo street's houses and organizations (实有房屋, 实有单位;
docs/domain-houses.md), laid over the estates ``street.py`` made, plus one old
street in the first grid in the street shape (街路巷 › 门牌号 › 院 › rooms, and
shops facing the street) with its 九小场所 and their inspections.

Deterministic like the rest of the demo: every choice comes from the run's seeded
``Maker``, in a fixed order, and rows are read back in code order. Written as
server state (``roster.load_rows``: no outbox ops), inside the caller's
transaction. Houses are made for the rooms of the first ``GRIDS`` grids only: a
benchmark street of a million residents keeps its generation time."""
from __future__ import annotations

import datetime as dt
import json

from app.models.demo.people import Maker
from app.models.domain import addresses, credit_code, places

GRIDS = 3
ROAD = ("001", "经三路")
SHOPS = [  # (door number, organization, kind, 九小场所 category)
    (3, "老王烩面馆", "nine_small", "restaurant"),
    (5, "好邻居便利店", "nine_small", "shop"),
    (7, "丽人美发店", "nine_small", "beauty_bath"),
    (9, "星空网咖", "nine_small", "internet_cafe"),
    (11, "如家小旅馆", "nine_small", "hotel"),
    (13, "张记胡辣汤", "nine_small", "restaurant"),
    (15, "小太阳托管班", "nine_small", "school"),
    (17, "惠民诊所", "nine_small", "clinic"),
    (19, "金水五金加工部", "nine_small", "workshop"),
    (21, "经三路社区服务站", "public_body", None),
    (23, "郑州绿源物业管理有限公司", "enterprise", None),
    (25, "李姐裁缝铺", "individual", None),
]
YARD_DOOR, YARD_ROOMS = 8, 6


def _credit_code(st: Maker, kind: str) -> str:
    """A valid 统一社会信用代码: 9 (market regulation) + 1/2 (company/individual),
    the district's area code, a made-up organization code, the check character."""
    head = {"individual": "92", "public_body": "12"}.get(kind, "91") + "410105"
    body = head + "".join(st.rng.choice(credit_code.CHARSET[:10] + "ABCDEFGHJKLMN")
                          for _ in range(9))
    return body + credit_code.check_char(body)


def generate(conn, st: Maker, stamp: str) -> dict[str, list[dict]]:
    """The rows to load, by table, in load order."""
    today = st.today
    grids = [r[0] for r in conn.execute(
        "SELECT id FROM org_units WHERE kind = 'grid' AND deleted_at IS NULL ORDER BY code "
        f"LIMIT {GRIDS}")]
    out: dict[str, list[dict]] = {t: [] for t in (
        "addresses", "houses", "house_tenants", "organizations", "org_employees",
        "inspections")}
    if not grids:
        return out

    def day(days_ago: int) -> str:
        return (today - dt.timedelta(days=days_ago)).isoformat()

    def row(table: str, **values) -> dict:
        values.setdefault("id", st.new_id())
        values.update(version=1, deleted_at=None, updated_at=stamp)
        out[table].append(values)
        return values

    # houses for the estates' rooms: use from the household living there
    rooms = conn.execute(
        "SELECT a.id, a.grid_id, a.code, h.id, h.kind FROM addresses a LEFT JOIN households h "
        "ON h.room_id = a.id AND h.deleted_at IS NULL WHERE a.kind = 'room' AND a.grid_id IN "
        f"({','.join('?' * len(grids))}) ORDER BY a.code", grids).fetchall()
    members: dict[str, list[tuple]] = {}
    for rid, hh, moved in conn.execute(
            "SELECT id, household_id, moved_in_date FROM residents WHERE household_id IN "
            "(SELECT h.id FROM households h JOIN addresses a ON a.id = h.room_id WHERE "
            f"a.grid_id IN ({','.join('?' * len(grids))})) ORDER BY rid", grids):
        members.setdefault(hh, []).append((rid, moved))
    seen_rooms = set()
    for room_id, grid_id, code, hh_id, hh_kind in rooms:
        if room_id in seen_rooms:
            continue
        seen_rooms.add(room_id)
        r = st.rnd()
        if hh_id is None:
            use = "vacant" if r < 0.8 else "rental"          # a rental nobody registered
        elif hh_kind == "rental" or (hh_kind == "floating" and r < 0.7):
            use = "group_rental" if r < 0.06 else "rental"
        else:
            use = "own" if r < 0.97 else "business"
        rental = places.HOUSE_USES[use].rental
        house = row("houses", address_id=room_id, grid_id=grid_id, path=code, use=use,
                    property_type="commercial" if st.rnd() < 0.8 else "resettlement",
                    area=round(45 + st.rnd() * 90, 1), owner_id=None,
                    owner_name=st.name("M", 1965) if rental else None,
                    owner_phone=st.mobile() if rental else None, landlord_id=None,
                    landlord_name=None, landlord_phone=None,
                    registration_no=(f"ZZJS{len(out['houses']):06d}"
                                     if rental and st.rnd() < 0.85 else None),
                    registered_on=None, checked_on=None, notes=None)
        if house["registration_no"]:
            house["registered_on"] = day(30 + int(st.rnd() * 600))
            house["checked_on"] = day(int(st.rnd() * 25))
        if rental and hh_id:
            for rid, moved in members.get(hh_id, []):
                moved_in = moved if moved and len(moved) == 10 and moved <= today.isoformat() \
                    else day(60 + int(st.rnd() * 700))
                row("house_tenants", house_id=house["id"], resident_id=rid, moved_in=moved_in,
                    moved_out=None, notes=None)

    # the old street in the first grid: 经三路 with its yard and its shops
    grid_id = grids[0]
    grid_code = conn.execute("SELECT code FROM org_units WHERE id = ?", (grid_id,)).fetchone()[0]

    def address(kind, number, name, parent=None):
        seg = addresses.segment(kind, parent["kind"] if parent else None, number)
        code = (parent["code"] if parent else grid_code) + seg
        full = f"{parent['full_name']} {name}" if parent else name
        return row("addresses", parent_id=parent["id"] if parent else None, grid_id=grid_id,
                   kind=kind, code=code, name=name, floor=None, path=code, full_name=full)
    road = address("road", ROAD[0], ROAD[1])
    door = address("door", f"{YARD_DOOR:04d}", f"{YARD_DOOR}号", road)
    yard = address("yard", "01", "院", door)
    people = [r[0] for r in conn.execute(
        "SELECT id FROM residents WHERE grid_id = ? AND residence_type = 'floating' "
        "ORDER BY rid LIMIT 40", (grid_id,))]
    for n in range(1, YARD_ROOMS + 1):
        room = address("room", f"{n:04d}", f"{n}号房", yard)
        use = "group_rental" if n == 1 else "rental" if n <= 4 else "vacant"
        house = row("houses", address_id=room["id"], grid_id=grid_id, path=room["code"],
                    use=use, property_type="self_built", area=round(12 + st.rnd() * 20, 1),
                    owner_id=None, owner_name="刘大爷", owner_phone=st.mobile(),
                    landlord_id=None, landlord_name="刘大爷", landlord_phone=None,
                    registration_no=f"ZZJS9{n:05d}" if n in (2, 3) else None,
                    registered_on=day(200) if n in (2, 3) else None,
                    checked_on=day(20) if n in (2, 3) else None, notes=None)
        tenants = {1: 7, 2: 2, 3: 1}.get(n, 0)     # room 4: rented, nobody registered
        for _ in range(tenants):
            if people:
                row("house_tenants", house_id=house["id"], resident_id=people.pop(0),
                    moved_in=day(30 + int(st.rnd() * 300)), moved_out=None, notes=None)
    for i, (number, name, kind, category) in enumerate(SHOPS):
        shop = address("door", f"{number:04d}", f"{number}号", road)
        house = row("houses", address_id=shop["id"], grid_id=grid_id, path=shop["code"],
                    use="business", property_type="shop", area=round(20 + st.rnd() * 80, 1),
                    owner_id=None, owner_name=None, owner_phone=None, landlord_id=None,
                    landlord_name=None, landlord_phone=None, registration_no=None,
                    registered_on=None, checked_on=None, notes=None)
        org = row("organizations", name=name, kind=kind, category=category,
                  credit_code=_credit_code(st, kind) if i % 4 != 3 else None,
                  legal_rep=st.name("M" if i % 2 else "F", 1975), contact_name=None,
                  contact_phone=st.mobile(), house_id=house["id"], address_id=shop["id"],
                  grid_id=grid_id, path=shop["code"], notes=None)
        if people and i % 3 == 0:
            row("org_employees", organization_id=org["id"], resident_id=people.pop(0),
                job="店员", since=day(100), until=None)
        if kind != "nine_small" or i == 6:      # the 托管班 was never inspected: due
            continue
        items = places.checklist_for(category)
        hazard = {0: "escape_routes", 3: "ebike_charging", 4: "extinguishers"}.get(i)
        inspected = 100 if i == 8 else 10 + i * 5          # the workshop: overdue
        results = {k: ("hazard" if k == hazard else "ok") for k in items}
        next_due = (dt.date.fromisoformat(day(inspected)) + dt.timedelta(
            days=places.REINSPECT_DAYS["hazard" if hazard else "ok"])).isoformat()
        row("inspections", organization_id=org["id"], inspected_on=day(inspected),
            inspector="网格员1", checklist=json.dumps(results, ensure_ascii=False,
                                                   sort_keys=True),
            findings=({"escape_routes": "后门通道堆放纸箱杂物", "ebike_charging":
                       "店内有电动车充电", "extinguishers": "灭火器过期"}.get(hazard)),
            photos="[]", next_due=next_due, case_id=None)
    return out
