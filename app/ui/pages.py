"""Pages that are not built yet say honestly what will be there; the settings page."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

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


ROLES = ("grid_worker", "grid_head", "community_supervisor", "center_operator", "dept_handler",
         "auditor", "admin")


class SettingsPage(QWidget):
    """Language, and (until sign-in exists) the current user stand-in: name, role
    and scope, so every role's view can be tried on one PC."""

    userChanged = Signal()

    def __init__(self, store, roster, role_name, parent=None):
        super().__init__(parent)
        self.store = store
        conn = store.conn
        self.language = QComboBox()
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(
            settings.get(conn, "ui.language"))))
        self.user_name = QLineEdit(settings.get(conn, "user.name"))
        self.user_name.setObjectName("userName")
        self.role = QComboBox()
        self.role.setObjectName("userRole")
        for role in ROLES:
            self.role.addItem(role_name(role), role)
        self.role.setCurrentIndex(max(0, self.role.findData(settings.get(conn, "user.role"))))
        self.scope = QComboBox()
        self.scope.setObjectName("userScope")
        self.scope.addItem(self.tr("Everything on this PC"), "")
        units = conn.execute("SELECT code, name, kind FROM org_units WHERE deleted_at IS NULL "
                             "AND kind != 'micro_grid' ORDER BY code").fetchall()
        for code, name, _kind in units:
            self.scope.addItem(f"{name}  {code}", code)
        self.scope.setCurrentIndex(max(0, self.scope.findData(settings.get(conn, "user.scope_code"))))
        self.saved = QLabel()
        save = QPushButton(self.tr("Save"))
        save.setObjectName("saveSettings")
        save.clicked.connect(self.save)
        heading = QLabel(self.tr("Settings"))
        heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        user_box = QGroupBox(self.tr("Current user (until sign-in exists)"))
        user_form = QFormLayout(user_box)
        user_form.addRow(self.tr("Name"), self.user_name)
        user_form.addRow(self.tr("Role"), self.role)
        user_form.addRow(self.tr("Scope"), self.scope)
        info = QLabel(self.tr("Data folder: %1").replace("%1", str(store.path.parent)))
        info.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.addWidget(heading)
        narrow = QWidget()   # forms read better at a bounded width than across a wide screen
        narrow.setMaximumWidth(620)
        column = QVBoxLayout(narrow)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(form)
        column.addWidget(user_box)
        layout.addWidget(narrow)
        layout.addWidget(save, 0, Qt.AlignLeft)
        layout.addWidget(self.saved)
        layout.addWidget(info)
        layout.addStretch()

    def save(self) -> None:
        name = self.user_name.text().strip() or settings.REGISTRY["user.name"].default
        old_lang = settings.get(self.store.conn, "ui.language")
        settings.set(self.store, "ui.language", self.language.currentData())
        settings.set(self.store, "user.name", name)
        settings.set(self.store, "user.id", "local:" + name)
        settings.set(self.store, "user.role", self.role.currentData())
        settings.set(self.store, "user.scope_code", self.scope.currentData())
        text = self.tr("Saved.")
        if self.language.currentData() != old_lang:
            text += " " + self.tr("The language changes the next time GridDesk starts.")
        self.saved.setText(text)
        self.userChanged.emit()
