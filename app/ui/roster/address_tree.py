"""The address tree (grid › estate › building › unit › room) that filters the roster.
Children are read when a node is first expanded, so a street with tens of
thousands of rooms opens instantly."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView

KindRole = Qt.UserRole + 1
IdRole = Qt.UserRole + 2
CodeRole = Qt.UserRole + 3
LoadedRole = Qt.UserRole + 4


class AddressTree(QTreeView):
    """Emits ``pathSelected(code or '')`` when the user picks a node ('' = everything)."""

    pathSelected = Signal(str)

    def __init__(self, roster, parent=None):
        super().__init__(parent)
        self.roster = roster
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QTreeView.NoEditTriggers)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.expanded.connect(self._on_expanded)
        self.selectionModel().currentChanged.connect(self._on_current)
        self.reload()

    def reload(self) -> None:
        self._model.clear()
        root = QStandardItem(self.tr("All addresses"))
        root.setData("all", KindRole)
        root.setData("", CodeRole)
        root.setData(True, LoadedRole)
        self._model.appendRow(root)
        # Communities group their grids: grid names repeat across communities.
        communities: dict[str, QStandardItem] = {}
        for grid in self.roster.grids():
            parent = self.roster.org_unit(grid["parent_id"]) if grid["parent_id"] else None
            holder = root
            if parent is not None:
                holder = communities.get(parent["id"])
                if holder is None:
                    holder = QStandardItem(parent["name"])
                    holder.setData("community", KindRole)
                    holder.setData(parent["id"], IdRole)
                    holder.setData(parent["code"], CodeRole)
                    holder.setData(True, LoadedRole)
                    holder.setToolTip(parent["code"])
                    communities[parent["id"]] = holder
                    root.appendRow(holder)
            holder.appendRow(self._item(grid["name"], "grid", grid["id"], grid["code"]))
        self.expand(self._model.indexFromItem(root))

    def _item(self, text: str, kind: str, row_id: str, code: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setData(kind, KindRole)
        item.setData(row_id, IdRole)
        item.setData(code, CodeRole)
        item.setToolTip(code)
        if kind != "room":
            item.setData(False, LoadedRole)
            item.appendRow(QStandardItem("…"))  # placeholder so the node shows an arrow
        else:
            item.setData(True, LoadedRole)
        return item

    def _on_expanded(self, index) -> None:
        item = self._model.itemFromIndex(index)
        if item is None or item.data(LoadedRole):
            return
        item.removeRows(0, item.rowCount())
        kind, row_id = item.data(KindRole), item.data(IdRole)
        if kind == "grid":
            children = self.roster.address_children(grid_id=row_id)
        else:
            children = self.roster.address_children(parent_id=row_id)
        for child in children:
            item.appendRow(self._item(child["name"], child["kind"], child["id"], child["code"]))
        item.setData(True, LoadedRole)

    def _on_current(self, current, _previous) -> None:
        if current.isValid():
            self.pathSelected.emit(current.data(CodeRole) or "")

    def current_node(self) -> tuple[str, str | None, str]:
        """(kind, id, code) of the selected node; ('all', None, '') if none."""
        index = self.currentIndex()
        if not index.isValid():
            return "all", None, ""
        return index.data(KindRole), index.data(IdRole), index.data(CodeRole) or ""
