"""Issue 17 (cases): a case made offline has a provisional number people can read
(临-…); its first sync brings the city's number (…-00001), both find the case, and
the stores still equal the server by content (SQLite and PostgreSQL servers)."""
from __future__ import annotations

from app.models.cases.repository import CaseQuery
from app.models.domain import case_fields
from synchelpers import assert_equals_server, heal


def test_the_citys_number_replaces_the_provisional_one_on_first_sync(any_city, any_org, desk):
    w1 = desk(any_city.url, any_org.user("w1"))
    sup = desk(any_city.url, any_org.user("sup"))
    made = [w1.cases().create(title=f"井盖缺失{i}", category="manhole_cover",
                              grid_id=any_org.ids["g1"], description="路口井盖没了")
            for i in range(2)]
    provisional = [c["provisional_no"] for c in made]
    assert all(case_fields.PROVISIONAL_RE.match(n) and len(n) <= 16 for n in provisional)
    assert len(set(provisional)) == 2 and all(c["short_no"] is None for c in made)
    heal([w1, sup])
    for d in (w1, sup):
        assert_equals_server(any_city, d)
        cases = d.cases()
        rows = [cases.get(c["id"]) for c in made]
        city_numbers = [r["short_no"] for r in rows]
        assert all(case_fields.CITY_NO_RE.match(n) and len(n) <= 16 for n in city_numbers)
        assert city_numbers[1].rsplit("-", 1)[1] == "%05d" % (
            int(city_numbers[0].rsplit("-", 1)[1]) + 1)
        assert [r["provisional_no"] for r in rows] == provisional
        for row in rows:       # either number finds the case, as does the long one
            for number in (row["short_no"], row["provisional_no"], row["number"]):
                found, _ = cases.list(CaseQuery(text=number))
                assert [f["id"] for f in found] == [row["id"]], number
                assert cases.by_number(number)["id"] == row["id"]
