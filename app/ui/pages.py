"""Pages that are not built yet say honestly what will be there; the settings page."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.models import settings


class PlaceholderPage(QWidget):
    def __init__(self, title: str, description: str, parent=None):
        super().__init__(parent)
        heading = QLabel(title)
        heading.setObjectName("placeholderTitle")
        heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        body = QLabel(description)
        body.setWordWrap(True)
        body.setObjectName("placeholderBody")
        note = QLabel(self.tr("This page is not built yet."))
        note.setStyleSheet("color: #6b7280;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(note)
        layout.addStretch()


class SettingsPage(QWidget):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.language = QComboBox()
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(
            settings.get(store.conn, "ui.language"))))
        self.saved = QLabel()
        save = QPushButton(self.tr("Save"))
        save.clicked.connect(self.save)
        heading = QLabel(self.tr("Settings"))
        heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        info = QLabel(self.tr("Data folder: %1").replace("%1", str(store.path.parent)))
        info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(save, 0, Qt.AlignLeft)
        layout.addWidget(self.saved)
        layout.addWidget(info)
        layout.addStretch()

    def save(self) -> None:
        settings.set(self.store, "ui.language", self.language.currentData())
        self.saved.setText(self.tr("Saved. The language changes the next time GridDesk starts."))
