"""The main window's size and place: as the user left it, and never larger than the
screen it opens on (a 1366×768 office screen, or 150 % scaling, leaves little room:
the status bar and the buttons at the bottom must stay on screen)."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication

from app.ui.common import ui_state

DEFAULT_SIZE = QSize(1280, 800)


def available(window) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_into(window, area: QRect) -> None:
    """Shrink and move ``window`` (not maximised) so its frame lies inside ``area``."""
    frame = window.frameGeometry()
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    size = window.size().boundedTo(area.size() - extra)
    window.resize(size.expandedTo(window.minimumSizeHint().boundedTo(size)))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    window.move(max(x, area.left()), max(y, area.top()))


def show_placed(window) -> None:
    """Show ``window`` where it was left; the first time maximised on a screen smaller
    than the default size, else at the default size in the middle."""
    area = available(window)
    geometry = ui_state.load("window/geometry")
    if geometry is not None and window.restoreGeometry(geometry):
        if window.isMaximized() or window.isFullScreen():
            window.show()
            return
        window.show()
        fit_into(window, area)      # the screen may be smaller than where it was saved
        return
    if area.width() < DEFAULT_SIZE.width() or area.height() < DEFAULT_SIZE.height():
        window.resize(DEFAULT_SIZE.boundedTo(area.size()))
        window.showMaximized()
        return
    window.resize(DEFAULT_SIZE)
    rect = QRect(0, 0, DEFAULT_SIZE.width(), DEFAULT_SIZE.height())
    rect.moveCenter(area.center())
    window.move(rect.topLeft())
    window.show()


def remember(window) -> None:
    ui_state.save("window/geometry", window.saveGeometry())
