import os

# Offscreen Qt by default: tests must run on machines with no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("GRIDDESK_LANG", "zh_CN")

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from app.models.write.unit import Actor  # noqa: E402
from app.models.roster.repository import Roster  # noqa: E402
from app.models.store.database import open_store  # noqa: E402

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def _gc_on_the_gui_thread(request):
    """As in the app (app/ui/shell/gc_guard.py): widgets left in reference cycles by a test
    are freed on the GUI thread, not by a collection that a worker thread of a
    later test happens to trigger."""
    qt = "qtbot" in request.fixturenames or "qapp" in request.fixturenames
    if qt:
        from PySide6.QtWidgets import QApplication
        from app.ui.shell import gc_guard
        gc_guard.install(QApplication.instance() or request.getfixturevalue("qapp"))
    yield
    import gc
    if not gc.isenabled():
        # everything a Qt test left behind, here and now on the GUI thread; after other
        # tests the young generations are enough (a full collection each time costs
        # minutes over the suite)
        gc.collect() if qt else gc.collect(1)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    s = open_store(data_dir)
    yield s
    s.close()


@pytest.fixture
def actor():
    return Actor("worker-1", "王网格", "grid_worker")


@pytest.fixture
def roster(store, actor):
    return Roster(store, actor, today=TODAY)


@pytest.fixture
def street(roster):
    """A small street: one community, two grids, one estate with rooms and two households."""
    city = roster.create_org_unit("4101", "郑州市", "city")
    dist = roster.create_org_unit("410105", "金水区", "district", city["id"])
    st = roster.create_org_unit("410105003", "花园路街道", "street", dist["id"])
    com = roster.create_org_unit("410105003001", "经三路社区", "community", st["id"])
    g1 = roster.create_org_unit("410105003001001", "第一网格", "grid", com["id"])
    g2 = roster.create_org_unit("410105003001002", "第二网格", "grid", com["id"])
    estate = roster.create_address("estate", "001", "幸福小区", grid_id=g1["id"])
    bld = roster.create_address("building", "003", "3号楼", parent_id=estate["id"])
    unit = roster.create_address("unit", "02", "2单元", parent_id=bld["id"])
    r501 = roster.create_address("room", "0501", "501室", parent_id=unit["id"], floor=5)
    r502 = roster.create_address("room", "0502", "502室", parent_id=unit["id"], floor=5)
    h1 = roster.create_household("H0001", grid_id=g1["id"], room_id=r501["id"])
    h2 = roster.create_household("H0002", grid_id=g1["id"], room_id=r502["id"], kind="rental")
    return dict(city=city, district=dist, street=st, community=com, grid1=g1, grid2=g2,
                estate=estate, building=bld, unit=unit, room501=r501, room502=r502,
                household1=h1, household2=h2)
