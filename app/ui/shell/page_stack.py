"""The pages behind the navigation, each in a scroll area: a page taller or wider than
a small screen (1366×768, or 150 % scaling) scrolls inside the window instead of
pushing the window, its status bar and its bottom buttons off the screen.

The stack speaks in pages, not in their scroll areas: ``indexOf(page)``,
``widget(i)`` and ``currentWidget()`` give and take the pages themselves."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget


class PageStack(QStackedWidget):
    def addWidget(self, page) -> int:  # noqa: N802 - Qt name
        area = QScrollArea()
        area.setObjectName("pageScroll")
        area.setFrameShape(QFrame.NoFrame)
        area.setWidgetResizable(True)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        area.setWidget(page)
        return super().addWidget(area)

    def _area(self, page):
        for i in range(self.count()):
            area = super().widget(i)
            if area is page or area.widget() is page:
                return area
        return None

    def indexOf(self, page) -> int:  # noqa: N802 - Qt name
        area = self._area(page)
        return super().indexOf(area) if area is not None else -1

    def widget(self, index: int):
        area = super().widget(index)
        return area.widget() if isinstance(area, QScrollArea) else area

    def currentWidget(self):  # noqa: N802 - Qt name
        return self.widget(self.currentIndex())

    def setCurrentWidget(self, page) -> None:  # noqa: N802 - Qt name
        self.setCurrentIndex(self.indexOf(page))

    def removeWidget(self, page) -> None:  # noqa: N802 - Qt name
        area = self._area(page)
        if area is None:
            return
        area.takeWidget()            # the page lives on (pages are kept, made once)
        super().removeWidget(area)
        area.deleteLater()
