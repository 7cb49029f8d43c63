"""Guard against a Qt binding that mis-counts references to values returned
from Python overrides (PySide6 6.12.0 on CPython 3.11 aborts after a few
thousand calls of a model's data() returning None)."""
import sys

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, Qt

from app.ui.roster.roster_model import RosterModel


def test_model_overrides_keep_none_and_bools_alive(qtbot, store):
    model = RosterModel(store.conn)
    proxy = QIdentityProxyModel()
    proxy.setSourceModel(model)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(20000):
        proxy.headerData(0, Qt.Vertical)            # returns None from Python
        proxy.canFetchMore(QModelIndex())           # returns a bool from Python
    assert sys.getrefcount(None) > none_before - 1000
    assert sys.getrefcount(True) > true_before - 1000
