"""One identity rule on the server too (issue 18, item 2): a 15-digit legacy resident ID
is the same person as its 18-digit form. The server stores the canonical 18-digit form
(a desktop that pushes 15 digits does not create a second person) and judges
uniqueness in a scope on it, whichever form either row holds. Runs on SQLite and
PostgreSQL (db_url)."""
from __future__ import annotations

import sqlalchemy as sa

from app.models.domain import rules
from server import db
from srvhelpers import resident

G1 = "410105003001001"


def upgraded(area: str, yymmdd: str, seq: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    first17 = f"{area}19{yymmdd}{seq}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


HU_15, HU_18 = "410105660202031", upgraded("410105", "660202", "031")
LI_15, LI_18 = "410105720315022", upgraded("410105", "720315", "022")
WU_15, WU_18 = "410105580707015", upgraded("410105", "580707", "015")


def stored(store, row_id):
    r = db.ENTITIES["residents"]
    with store.read() as conn:
        return conn.execute(sa.select(r.c.id_number).where(r.c.id == row_id)).scalar_one()


def outcomes(results):
    return [(r["status"], r.get("message")) for r in results]


def test_a_15_digit_id_of_a_stored_18_digit_person_is_a_duplicate(device, units, store):
    w1 = device("w1")
    hu = w1.op("residents", "create", resident(units[G1], "胡大海", id_number=HU_18))
    assert w1.push(hu)[0]["status"] == "applied"
    # a later push, and the same push as the 18-digit person (the fast path's read-ahead)
    twin = w1.op("residents", "create", resident(units[G1], "胡大海", id_number=HU_15))
    assert outcomes(w1.push(twin)) == [("rejected", "id_number: id.duplicate")]
    li = w1.op("residents", "create", resident(units[G1], "李霞", id_number=LI_18))
    li_twin = w1.op("residents", "create", resident(units[G1], "李霞", id_number=LI_15))
    assert outcomes(w1.push(li, li_twin)) == [
        ("applied", None), ("rejected", "id_number: id.duplicate")]
    # and the other way round, and pasted with invisible characters
    wu = w1.op("residents", "create", resident(units[G1], "吴", id_number=WU_15))
    wu_twin = w1.op("residents", "create", resident(
        units[G1], "吴", id_number="\u202d" + WU_18[:6] + "\u200b" + WU_18[6:] + "\u202c"))
    assert outcomes(w1.push(wu, wu_twin)) == [
        ("applied", None), ("rejected", "id_number: id.duplicate")]
    # a patch that sets another person's legacy number is refused the same way
    fix = w1.op("residents", "patch", {"id_number": HU_15}, entity_id=li["entity_id"],
                base_values={"id_number": LI_18})
    assert outcomes(w1.push(fix)) == [("rejected", "id_number: id.duplicate")]
    r = db.ENTITIES["residents"]
    with store.read() as conn:
        numbers = conn.execute(sa.select(r.c.id_number).where(
            r.c.name.in_(["胡大海", "李霞", "吴"]))).scalars().all()
    assert sorted(numbers) == sorted([HU_18, LI_18, WU_18])


def test_a_lone_15_digit_id_is_stored_as_its_18_digit_form(device, units, store):
    w1 = device("w1")
    hu = w1.op("residents", "create", resident(units[G1], "胡大海", id_number=HU_15))
    assert w1.push(hu)[0]["status"] == "applied"
    assert stored(store, hu["entity_id"]) == HU_18
    # what every desktop pulls is the 18-digit form too
    seen, _ = w1.pull_all()
    assert [c["data"]["id_number"] for c in seen if c["id"] == hu["entity_id"]] == [HU_18]
    # a patch to a legacy number (with a zero-width space) is stored upgraded as well
    fix = w1.op("residents", "patch", {"id_number": LI_15[:4] + "\u200b" + LI_15[4:]},
                entity_id=hu["entity_id"], base_values={"id_number": HU_18})
    assert w1.push(fix)[0]["status"] == "applied"
    assert stored(store, hu["entity_id"]) == LI_18


def test_a_row_stored_with_15_digits_before_the_rule_still_counts(device, units, store):
    """Server rows from before the rule may hold the 15-digit form: an 18-digit push
    of the same person is refused all the same."""
    w1 = device("w1")
    li = w1.op("residents", "create", resident(units[G1], "李霞", id_number=LI_18))
    assert w1.push(li)[0]["status"] == "applied"
    r = db.ENTITIES["residents"]
    with store.engine.begin() as conn:      # the legacy row as an old server stored it
        conn.execute(r.update().where(r.c.id == li["entity_id"]).values(id_number=LI_15))
    assert rules.canonical_id_number(stored(store, li["entity_id"])) == LI_18
    twin = w1.op("residents", "create", resident(units[G1], "李霞", id_number=LI_18))
    assert outcomes(w1.push(twin)) == [("rejected", "id_number: id.duplicate")]
    twin15 = w1.op("residents", "create", resident(units[G1], "李霞", id_number=LI_15))
    assert outcomes(w1.push(twin15)) == [("rejected", "id_number: id.duplicate")]
