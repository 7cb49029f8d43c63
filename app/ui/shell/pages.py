"""Pages that are not built yet say honestly what will be there; the settings page."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from app.models.domain import rights
from app.models.store import settings


def place_pages(window) -> dict:
    """The 房屋 and 单位 pages (app/ui/places) as the main window's page factories:
    key -> (navigation text, make). Their data: the signed-in user's scope."""
    from app.models.places.repository import Places
    from app.ui.places.houses_page import HousesPage
    from app.ui.places.orgs_page import OrganizationsPage

    def places():
        return Places(window.store, window.actor)

    def make_houses():
        page = HousesPage(places(), path_prefix=window.actor.scope_code,
                          can_write=rights.writes_roster(window.actor.role))
        page.changed.connect(window.update_status)
        return page

    def make_orgs():
        page = OrganizationsPage(places(), window.cases, path_prefix=window.actor.scope_code,
                                 can_write=rights.writes_roster(window.actor.role))
        page.changed.connect(window.update_status)
        return page
    return {"houses": (QCoreApplication.translate("Places", "Houses"), make_houses),
            "organizations": (QCoreApplication.translate("Places", "Organizations"), make_orgs)}


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


ROLES = rights.ROLES        # every role of the one table, security included


class SettingsPage(QWidget):
    """Language, and (until sign-in exists) the current user stand-in: name, role
    and scope, so every role's view can be tried on one PC."""

    userChanged = Signal()

    switchUser = Signal()

    def __init__(self, store, roster, role_name, parent=None, *, account=None):
        super().__init__(parent)
        self.store = store
        self.account = account
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
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setSpecialValueText(self.tr("never"))
        self.idle.setValue(settings.get(conn, "security.idle_lock_minutes"))
        self.server_url = QLineEdit(settings.get(conn, "sync.server_url"))
        self.server_url.setPlaceholderText(self.tr("from IT's config.toml"))
        self.ca_bundle = QLineEdit(settings.get(conn, "sync.ca_bundle"))
        self.ca_bundle.setPlaceholderText(self.tr("the system's certificates"))
        self.proxy = QLineEdit(settings.get(conn, "sync.proxy"))
        self.proxy.setPlaceholderText(self.tr("none"))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Lock when idle for"), self.idle)
        if account is not None:
            # a signed-in person: who they are comes from the city server, not from here
            user_box = QGroupBox(self.tr("Signed in"))
            user_form = QFormLayout(user_box)
            user_form.addRow(self.tr("Name"), QLabel(account.display_name or account.username))
            user_form.addRow(self.tr("Role"), QLabel(role_name(account.role)))
            unit = roster.org_unit_by_code(account.scope_code) if account.scope_code else None
            user_form.addRow(self.tr("Scope"), QLabel(unit["name"] if unit else
                                                      account.scope_code or "—"))
            switch = QPushButton(self.tr("Switch user"))
            switch.setObjectName("switchUser")
            switch.clicked.connect(self.switchUser)
            user_form.addRow("", switch)
        else:
            user_box = QGroupBox(self.tr("Current user (this PC is not signed in to a server)"))
            user_form = QFormLayout(user_box)
            user_form.addRow(self.tr("Name"), self.user_name)
            user_form.addRow(self.tr("Role"), self.role)
            user_form.addRow(self.tr("Scope"), self.scope)
        server_box = QGroupBox(self.tr("City server (for IT)"))
        server_form = QFormLayout(server_box)
        server_form.addRow(self.tr("Server address"), self.server_url)
        server_form.addRow(self.tr("CA bundle"), self.ca_bundle)
        server_form.addRow(self.tr("Proxy"), self.proxy)
        diagnostics = QPushButton(self.tr("Export diagnostics…"))
        diagnostics.setObjectName("exportDiagnostics")
        diagnostics.clicked.connect(self.export_diagnostics)
        server_form.addRow("", diagnostics)
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
        column.addWidget(server_box)
        layout.addWidget(narrow)
        layout.addWidget(save, 0, Qt.AlignLeft)
        layout.addWidget(self.saved)
        layout.addWidget(info)
        layout.addStretch()

    def save(self) -> None:
        name = self.user_name.text().strip() or settings.REGISTRY["user.name"].default
        old_lang = settings.get(self.store.conn, "ui.language")
        settings.set(self.store, "ui.language", self.language.currentData())
        settings.set(self.store, "security.idle_lock_minutes", self.idle.value())
        for key, edit in (("sync.server_url", self.server_url), ("sync.ca_bundle", self.ca_bundle),
                          ("sync.proxy", self.proxy)):
            settings.set(self.store, key, edit.text().strip())
        if self.account is None:   # the stand-in user of a PC without a server
            settings.set(self.store, "user.name", name)
            settings.set(self.store, "user.id", "local:" + name)
            settings.set(self.store, "user.role", self.role.currentData())
            settings.set(self.store, "user.scope_code", self.scope.currentData())
        text = self.tr("Saved.")
        if self.language.currentData() != old_lang:
            text += " " + self.tr("The language changes the next time GridDesk starts.")
        self.saved.setText(text)
        self.userChanged.emit()

    def export_diagnostics(self) -> None:
        from app.ui.shell.diagnostics_export import export_diagnostics
        export_diagnostics(self, self.store.path.parent)
