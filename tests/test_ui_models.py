"""Every item model of the UI under pytest-qt's ``qtmodeltester`` (Qt's
QAbstractItemModelTester: row and column counts, parents, data per role, the
signals around resets, inserts and lazy fetching), each with real rows from a real
store: the roster, the case lists (事件, 审核, a drill-down) and the address tree.
The import wizard's models (app/ui/io) are tested with the wizard.

A reset is checked on a model of its own: Qt's tester (6.11), still attached to a
model from an earlier check, fetches more rows from its own modelReset handler
before it has noted the reset as over, and then reports the rows it inserted itself
(a minimal lazy model shows the same)."""
from __future__ import annotations

import pytest

from app.models.cases.repository import CaseQuery, Cases
from app.models.roster import search
from app.ui.cases.case_model import CaseListModel, CaseReader, read_cases
from app.ui.reports.drilldown import CaseIdsModel
from app.ui.roster.address_tree import AddressTree
from app.ui.roster.roster_model import RosterModel, read_rows

IDS = ["11010519491231002X", "440524188001010014", "410105199003070026",
       "410105200001010017", "110105194912310011", "410105198506150031"]


@pytest.fixture
def residents(roster, street):
    made = []
    for i, id_number in enumerate(IDS):
        household = street["household1" if i % 2 else "household2"]
        made.append(roster.create_resident(
            dict(name=f"居民{i}号", id_number=id_number, phone=f"1381234{i:04d}",
                 residence_type="registered" if i % 3 else "floating"),
            household_id=household["id"], relation="self" if i < 2 else "son"))
    roster.add_tag(made[0]["id"], "elderly_alone")
    return made


@pytest.fixture
def cases(store, roster, street):
    repo = Cases(store, roster.actor)
    for i in range(7):
        repo.create(title=f"楼道堆物{i}", category="exposed_garbage",
                    grid_id=street["grid1"]["id"] if i % 2 else street["grid2"]["id"],
                    description="三楼楼道" if i % 3 else "")
    return repo


def test_roster_model(qtmodeltester, qtbot, store, residents):
    model = RosterModel(store.conn)
    model.page_size = 2            # several keyset pages: canFetchMore/fetchMore are used
    model.set_query(search.RosterQuery())
    assert model.rowCount() == 2 and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert sorted(model.data(model.index(r, RosterModel.NAME))
                  for r in range(model.rowCount())) == sorted(r["name"] for r in residents)
    # a reload read on another connection (as off the GUI thread) and swapped in
    conn = store.open_connection()
    try:
        rows = read_rows(conn, search.RosterQuery(residence_type="floating"), 1, page_size=1)
    finally:
        conn.close()
    reloaded = RosterModel(store.conn)
    reloaded.page_size = 1
    reloaded.swap(rows)
    assert reloaded.rowCount() == 1 and reloaded.canFetchMore()
    qtmodeltester.check(reloaded)
    while reloaded.canFetchMore():
        reloaded.fetchMore()
    assert sorted(reloaded.data(reloaded.index(r, RosterModel.NAME))
                  for r in range(reloaded.rowCount())) == ["居民0号", "居民3号"]


def test_case_list_model(qtmodeltester, store, cases):
    model = CaseListModel(cases, page=3)
    model.set_query(CaseQuery())
    assert model.rowCount() == 3 and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 7
    assert {model.data(model.index(r, CaseListModel.TITLE)) for r in range(7)} == \
        {f"楼道堆物{i}" for i in range(7)}
    # the 审核 queue, read on another connection as a page reloads it, and swapped in
    conn = store.open_connection()
    try:
        rows = read_cases(CaseReader.of(cases), CaseQuery(queue="to_accept"), 4, 3, conn)
    finally:
        conn.close()
    reloaded = CaseListModel(cases, page=3)
    reloaded.swap(rows)
    assert reloaded.rowCount() == 6 and reloaded.canFetchMore()   # two pages for 4 rows
    qtmodeltester.check(reloaded)
    while reloaded.canFetchMore():
        reloaded.fetchMore()
    assert reloaded.rowCount() == 7


def test_drill_down_model(qtmodeltester, cases):
    ids = [row["id"] for row in cases.list(CaseQuery(), None, 100)[0]][:5]
    model = CaseIdsModel(cases, ids, page=2)
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert [model.row(r)["id"] for r in range(model.rowCount())] == ids


def test_address_tree_model(qtmodeltester, qtbot, roster, street, residents):
    tree = AddressTree(roster)
    qtbot.addWidget(tree)
    model = tree.model()
    qtmodeltester.check(model)
    # open every level down to the rooms: children are read when a node is expanded
    node = model.index(0, 0)
    for name in ("经三路社区", "第一网格", "幸福小区", "3号楼", "2单元"):
        tree.expand(node)
        node = next(model.index(r, 0, node) for r in range(model.rowCount(node))
                    if model.index(r, 0, node).data() == name)
    tree.expand(node)
    assert sorted(model.index(r, 0, node).data() for r in range(model.rowCount(node))) == \
        ["501室", "502室"]
    qtmodeltester.check(model)
