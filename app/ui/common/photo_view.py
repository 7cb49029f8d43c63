"""A photo enlarged: click a thumbnail, see the whole photo in a dialog of its own
(fitted to the screen, at most its own size)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout


class PhotoDialog(QDialog):
    def __init__(self, pixmap, title: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("photoDialog")
        self.setWindowTitle(title or self.tr("Photo"))
        self.pixmap = pixmap
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignCenter)
        screen = (parent.screen() if parent is not None else None) or \
            QGuiApplication.primaryScreen()
        room = screen.availableGeometry().size() * 0.85
        shown = pixmap if pixmap.width() <= room.width() and pixmap.height() <= room.height() \
            else pixmap.scaled(room, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        self.picture.setPixmap(shown)
        area = QScrollArea()
        area.setWidget(self.picture)
        area.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(area)
        layout.addWidget(buttons)
        self.resize(min(shown.width() + 40, int(room.width())),
                    min(shown.height() + 90, int(room.height())))


class _Enlarge(QObject):
    def __init__(self, label, full, title):
        super().__init__(label)
        self.label, self.full, self.title = label, full, title

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.MouseButtonRelease and event.button() == Qt.LeftButton:
            pixmap = self.full()
            if pixmap is None or pixmap.isNull():
                pixmap = self.label.pixmap()    # the full photo is not on this PC yet
            if pixmap is not None and not pixmap.isNull():
                PhotoDialog(pixmap, self.title, self.label.window()).exec()
            return True
        return False


def enlarge_on_click(label, full, title: str = "") -> None:
    """Clicking ``label`` (a thumbnail) shows ``full()`` (a QPixmap) in a dialog."""
    label.setCursor(Qt.PointingHandCursor)
    label.installEventFilter(_Enlarge(label, full, title))
