"""What every table of the app does, as people expect of desktop software: click a
header to sort (Chinese by pinyin, deadlines by time, not by the text shown), right-click
to copy a cell, a row or the selected rows (tab-separated, for Excel or a paper ledger)
or to print the list as shown, Ctrl+C, Enter opens the row as a double-click does, Down
from the search box goes into the results, and column widths are remembered per table.

``kit(view, key)`` adds all of it to a table; one call per table.

Sorting: a table over its own model (QTableView) gets a QSortFilterProxyModel; the
model may give a raw value to sort by under ``SORT_ROLE`` (a deadline's time, a count).
A QTableWidget is sorted by moving its rows on screen (the vertical header's sections):
its rows keep their numbers, so a page that finds its record by ``index.row()`` still
finds the right one."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, QTimer, SIGNAL
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QTableView, QTableWidget

from app.models.roster.pinyin import sort_key as text_key
from app.ui.common import ui_state

SORT_ROLE = Qt.UserRole + 64
# Prints a table as shown (set by app.ui.common.printing when the app loads it).
list_printer = None
# A lazy list (the roster, the case lists) is sorted whole or not at all: up to this many
# rows are read in for a sort; a longer list asks to be narrowed first.
SORT_LIMIT = 3000


def sort_key(value) -> tuple:
    """Numbers first by value, then text by pinyin, empty cells last."""
    if value is None or value == "":
        return (3,)
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, float)):
        return (0, value)
    text = str(value)
    try:
        return (0, float(text))
    except ValueError:
        return (1, text_key(text))


def cell_value(index):
    value = index.data(SORT_ROLE)
    return value if value is not None else index.data(Qt.DisplayRole)


class SortProxy(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` where the model gives it, else by the text, pinyin-aware."""

    def lessThan(self, left, right) -> bool:  # noqa: N802 - Qt name
        return sort_key(cell_value(left)) < sort_key(cell_value(right))


# -- rows as shown -----------------------------------------------------------------

def shown_columns(view) -> list[int]:
    header = view.horizontalHeader()
    cols = (header.logicalIndex(v) for v in range(header.count()))
    return [c for c in cols if not view.isColumnHidden(c)]


def shown_rows(view) -> list[int]:
    """The model's rows in the order they are on screen (sorted, rows hidden left out)."""
    header = view.verticalHeader()
    rows = (header.logicalIndex(v) for v in range(view.model().rowCount()))
    return [r for r in rows if not view.isRowHidden(r)]


def headers(view) -> list[str]:
    model = view.model()
    return [str(model.headerData(c, Qt.Horizontal) or "") for c in shown_columns(view)]


def row_texts(view, row: int) -> list[str]:
    model = view.model()
    return [_text(model.index(row, c).data(Qt.DisplayRole)) for c in shown_columns(view)]


def _text(value) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\n", " ")


def selected_rows(view) -> list[int]:
    """The selected rows (view rows), in the order they are on screen."""
    chosen = {i.row() for i in view.selectionModel().selectedIndexes()}
    return [r for r in shown_rows(view) if r in chosen]


def source_row(view, row: int) -> int:
    """The row of the view's own data model behind view row ``row``."""
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        return model.mapToSource(model.index(row, 0)).row()
    return row


def source_rows(view) -> list[int]:
    return [source_row(view, r) for r in selected_rows(view)]


def source_index(view, index):
    model = view.model()
    if isinstance(model, QSortFilterProxyModel) and index.model() is model:
        return model.mapToSource(index)
    return index


def select_source_row(view, row: int) -> None:
    """Select (and show) the row of the data model ``row``, wherever the sort put it."""
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        row = model.mapFromSource(model.sourceModel().index(row, 0)).row()
    if row >= 0:
        view.selectRow(row)
        view.scrollTo(view.model().index(row, 0))


_DOUBLE_CLICKS = ("doubleClicked(QModelIndex)", "cellDoubleClicked(int,int)",
                  "itemDoubleClicked(QTableWidgetItem*)")
_baseline: dict[type, int] = {}


def _listeners(view) -> int:
    return sum(view.receivers(SIGNAL(s)) for s in _DOUBLE_CLICKS
               if view.metaObject().indexOfSignal(s) >= 0)


def opens_rows(view) -> bool:
    """Whether the page opens a row on double-click (then Enter does the same; where
    it does not, Enter is left to the dialog's default button, e.g. a wizard's Next)."""
    kind = QTableWidget if isinstance(view, QTableWidget) else QTableView
    if kind not in _baseline:
        _baseline[kind] = _listeners(kind())     # Qt's own connections inside the class
    return _listeners(view) > _baseline[kind]


# -- the kit ----------------------------------------------------------------------

class TableKit(QObject):
    def __init__(self, view, key: str, *, search=None, title: str = ""):
        super().__init__(view)
        self.view, self.key, self.title = view, key, title
        self._sorting = False
        self._resort = QTimer(self)
        self._resort.setSingleShot(True)
        self._resort.setInterval(0)
        self._resort.timeout.connect(self._sort_widget)
        self._save = QTimer(self)
        self._save.setSingleShot(True)
        self._save.setInterval(300)
        self._save.timeout.connect(self.save_widths)
        view.setContextMenuPolicy(Qt.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu)
        copy = QShortcut(QKeySequence.Copy, view, activated=self.copy_selection)
        copy.setContext(Qt.WidgetWithChildrenShortcut)
        view.installEventFilter(self)
        if search is not None:
            self.follow(search)
        # deferred work runs on the kit's own timers: a free singleShot would still fire
        # after a short-lived table (a dialog's, a page's in a test) is deleted
        self._load = QTimer(self)
        self._load.setSingleShot(True)
        self._load.setInterval(0)
        self._load.timeout.connect(self._load_whole)
        self._setup_sorting()
        # after the page has set its own widths: the user's win
        restore = QTimer(self)
        restore.setSingleShot(True)
        restore.setInterval(0)
        restore.timeout.connect(self._restore_then_follow)
        restore.start()

    def _restore_then_follow(self) -> None:
        self.restore_widths()
        self.view.horizontalHeader().sectionResized.connect(
            lambda _col, _old, _new: self._save.start())

    # sorting
    def _setup_sorting(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.AscendingOrder)     # as the page lists them
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        if isinstance(view, QTableWidget):
            header.sortIndicatorChanged.connect(lambda *_: self._sort_widget())
            model = view.model()
            for signal in (model.rowsInserted, model.modelReset, model.dataChanged):
                signal.connect(self._model_changed)
            return
        source = view.model()
        proxy = SortProxy(view)
        proxy.setSourceModel(source)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda *_: self._load_whole())
        source.modelReset.connect(self._load.start)

    def _load_whole(self) -> None:
        """A lazy list is read in whole before it is sorted (up to SORT_LIMIT rows)."""
        if not shiboken6.isValid(self.view):     # the page went while the timer ran
            return
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() < 0:
            return
        source = self.view.model().sourceModel()
        while source.canFetchMore() and source.rowCount() < SORT_LIMIT:
            source.fetchMore()
        if source.canFetchMore():
            header.setSortIndicator(-1, Qt.AscendingOrder)
            self.view.setToolTip(self.tr(
                "The list is too long to sort: narrow it with the search or the filters "
                "first (at most %1 rows).").replace("%1", str(SORT_LIMIT)))
        else:
            self.view.setToolTip("")

    def _model_changed(self, *_args) -> None:
        if not shiboken6.isValid(self.view):     # the table is being taken down
            return
        if not self._sorting and self.view.horizontalHeader().sortIndicatorSection() >= 0:
            self._resort.start()

    def _sort_widget(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        rows = view.verticalHeader()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        model = view.model()
        self._sorting = True
        try:
            if column < 0:
                order_rows = list(range(model.rowCount()))
            else:
                keyed = [(sort_key(cell_value(model.index(r, column))), r)
                         for r in range(model.rowCount())]
                keyed.sort(reverse=order == Qt.DescendingOrder)
                order_rows = [r for _k, r in keyed]
            for visual, logical in enumerate(order_rows):
                at = rows.visualIndex(logical)
                if at != visual:
                    rows.moveSection(at, visual)
        finally:
            self._sorting = False

    # copying
    def copy_cell(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            QGuiApplication.clipboard().setText(_text(index.data(Qt.DisplayRole)))

    def copy_rows(self, rows: list[int]) -> None:
        QGuiApplication.clipboard().setText(
            "\n".join("\t".join(row_texts(self.view, r)) for r in rows))

    def copy_row(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.copy_rows([index.row()])

    def copy_selection(self) -> None:
        rows = selected_rows(self.view)
        if self.view.selectionBehavior() != self.view.SelectionBehavior.SelectRows and \
                len(self.view.selectionModel().selectedIndexes()) == 1:
            self.copy_cell()               # a table of figures: the one figure chosen
        elif rows:
            self.copy_rows(rows)

    def _menu(self, pos) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        menu = QMenu(self.view)
        menu.setObjectName("tableMenu")
        has_row = self.view.currentIndex().isValid()
        for text, slot, enabled in (
                (self.tr("Copy cell"), self.copy_cell, has_row),
                (self.tr("Copy row"), self.copy_row, has_row),
                (self.tr("Copy selected rows"), self.copy_selection,
                 bool(selected_rows(self.view))),
                (self.tr("Copy the whole list"), self.copy_all, self.view.model().rowCount() > 0)):
            action = menu.addAction(text, slot)
            action.setEnabled(enabled)
        if list_printer is not None:
            menu.addSeparator()
            menu.addAction(self.tr("Print the list…"), lambda: list_printer(self))
        self.last_menu = menu
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(
            ["\t".join(headers(self.view))] +
            ["\t".join(row_texts(self.view, r)) for r in shown_rows(self.view)]))

    # keys
    def follow(self, search) -> None:
        """Down in ``search`` moves into the results (the first row when none is chosen)."""
        self._search = search
        search.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if event.type() != QEvent.KeyPress:
            return False
        key = event.key()
        if obj is self.view and key in (Qt.Key_Return, Qt.Key_Enter) and \
                not event.modifiers() & ~Qt.KeypadModifier and opens_rows(self.view):
            index = self.view.currentIndex()
            if index.isValid():
                self.view.doubleClicked.emit(index)   # the page opens it as on double-click
                return True
        if obj is getattr(self, "_search", None) and key == Qt.Key_Down:
            self.view.setFocus(Qt.OtherFocusReason)
            if not self.view.currentIndex().isValid() and self.view.model().rowCount():
                rows = shown_rows(self.view)
                self.view.setCurrentIndex(self.view.model().index(rows[0], 0))
            return True
        return False

    # widths
    def save_widths(self) -> None:
        header = self.view.horizontalHeader()
        ui_state.save(f"tables/{self.key}/widths",
                      ",".join(str(header.sectionSize(c)) for c in range(header.count())))

    def restore_widths(self) -> None:
        saved = ui_state.load(f"tables/{self.key}/widths")
        header = self.view.horizontalHeader()
        if not saved:
            return
        try:
            widths = [int(w) for w in str(saved).split(",")]
        except ValueError:
            return
        if len(widths) != header.count():     # the table changed its columns since
            return
        for col, width in enumerate(widths):
            if width > 0 and header.sectionResizeMode(col) == header.ResizeMode.Interactive:
                header.resizeSection(col, width)


def kit(view, key: str, *, search=None, title: str = "") -> TableKit:
    """Sorting, copying, printing, Enter, Down from ``search`` and remembered widths for
    ``view``; ``key`` names the table in the saved layout, ``title`` heads its printout."""
    existing = getattr(view, "table_kit", None)
    if existing is not None:
        return existing
    view.table_kit = TableKit(view, key, search=search, title=title)
    return view.table_kit
