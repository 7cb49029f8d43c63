"""The main window: a shell that composes pages behind a navigation list."""
from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget,
)

from app.models import outbox, settings
from app.models.cases import Cases
from app.models.repository import Actor
from app.models.roster import Roster
from app.ui.cases_page import CasesPage
from app.ui.pages import PlaceholderPage, SettingsPage
from app.ui.review_page import ReviewPage
from app.ui.roster_page import RosterPage


# Roles holding 防 (prevent), who may see key-group tags (domain.md §2–§3).
PREVENT_ROLES = frozenset({"community_supervisor", "center_operator"})


class MainWindow(QMainWindow):
    def __init__(self, store, *, demo: bool = False, parent=None):
        super().__init__(parent)
        self.store = store
        self.actor = self._actor_from_settings()
        self.roster = Roster(store, self.actor)
        self.cases = Cases(store, self.actor)
        title = self.tr("GridDesk")
        self.setWindowTitle(title + (" — " + self.tr("Demo") if demo else ""))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(132)
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: #1f3a5f; color: #e5edf7; border: none;"
            " font-size: 15px; padding-top: 8px; }"
            "QListWidget#navigation::item { padding: 11px 16px; }"
            "QListWidget#navigation::item:selected { background: #2f5d8f; color: white; }")
        self.stack = QStackedWidget()

        self.roster_page = RosterPage(store, self.roster, cases=self.cases,
                                      include_key_tags=self.actor.role in PREVENT_ROLES)
        self.roster_page.dataChanged.connect(self.update_status)
        self.cases_page = CasesPage(self.cases, self.roster)
        self.cases_page.changed.connect(self._cases_changed)
        self.review_page = ReviewPage(self.cases, self.roster)
        self.review_page.changed.connect(self._cases_changed)
        self.settings_page = SettingsPage(store, self.roster, self.role_name)
        self.settings_page.userChanged.connect(self.reload_user)
        pages = [
            (self.tr("Home"), PlaceholderPage(self.tr("Home"), self.tr(
                "Your day at a glance: cases to handle, overdue and nearly overdue cases, "
                "visits due for residents with care or key-group tags, conflicts to resolve, "
                "and a quick-report button."))),
            (self.tr("Roster"), self.roster_page),
            (self.tr("Cases"), self.cases_page),
            (self.tr("Review"), self.review_page),
            (self.tr("Map"), PlaceholderPage(self.tr("Map"), self.tr(
                "An offline map of grid boundaries, estates and buildings with case pins and "
                "tagged-resident density."))),
            (self.tr("Statistics"), PlaceholderPage(self.tr("Statistics"), self.tr(
                "Indicators by org unit, worker and period: closure rate, on-time closure, "
                "satisfaction, online handling rate, with charts and drill-down."))),
            (self.tr("Sync"), PlaceholderPage(self.tr("Sync"), self.tr(
                "Sync with the city server: history, the outbox of changes waiting to be sent, "
                "conflicts to resolve. Until the server is connected, everything is kept "
                "locally and nothing is lost."))),
            (self.tr("Settings"), self.settings_page),
        ]
        for text, page in pages:
            QListWidgetItem(text, self.nav)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(1)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack)
        self.setCentralWidget(body)

        self.user_label = QLabel()
        self.online_label = QLabel()
        self.pending_label = QLabel()
        self.sync_label = QLabel()
        for w in (self.user_label, self.online_label, self.pending_label, self.sync_label):
            self.statusBar().addPermanentWidget(w)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(5000)
        self._status_timer.timeout.connect(self.update_status)
        self._status_timer.start()
        self.update_status()

    def _actor_from_settings(self) -> Actor:
        conn = self.store.conn
        return Actor(settings.get(conn, "user.id"), settings.get(conn, "user.name"),
                     settings.get(conn, "user.role"), settings.get(conn, "user.scope_code"))

    def reload_user(self) -> None:
        """The stand-in user changed: every page acts as the new user from now on."""
        self.actor = self._actor_from_settings()
        self.roster.actor = self.actor
        self.cases.actor = self.actor
        self.roster_page.set_include_key_tags(self.actor.role in PREVENT_ROLES)
        self.cases_page.apply()
        self.review_page.show_queue()
        self.review_page.refresh_counts()
        self.update_status()

    def _cases_changed(self) -> None:
        self.review_page.refresh_counts()
        self.update_status()

    def role_name(self, role: str) -> str:
        names = {"grid_worker": self.tr("Grid worker"), "grid_head": self.tr("Grid head"),
                 "community_supervisor": self.tr("Community supervisor"),
                 "center_operator": self.tr("Center operator"),
                 "dept_handler": self.tr("Department handler"),
                 "auditor": self.tr("Auditor"), "admin": self.tr("Administrator")}
        return names.get(role, role)

    def update_status(self) -> None:
        conn = self.store.conn
        scope = self.actor.scope_code
        unit = self.roster.org_unit_by_code(scope) if scope else None
        scope_text = unit["name"] if unit else self.tr("whole local database")
        self.user_label.setText(self.tr("%1 (%2) · %3").replace("%1", self.actor.name)
                                .replace("%2", self.role_name(self.actor.role))
                                .replace("%3", scope_text))
        self.online_label.setText(self.tr("Offline: local only"))
        self.pending_label.setText(self.tr("%n change(s) waiting to sync", "",
                                           outbox.pending_count(conn)))
        last = conn.execute("SELECT last_success_at FROM sync_state").fetchone()[0]
        self.sync_label.setText(self.tr("Last sync: %1").replace("%1", last or self.tr("never")))

    def go_to(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._status_timer.stop()
        self.roster_page.close()
        super().closeEvent(event)
