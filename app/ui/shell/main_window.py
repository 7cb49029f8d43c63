"""The main window: a shell that composes pages behind a navigation list."""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
    QSizePolicy, QSystemTrayIcon, QToolButton, QWidget,
)

from app.models.domain.case_fields import shown_number
from app.models.domain import calendar
from app.models.domain import rights
from app.models.store import settings
from app.models.write import outbox
from app.models.cases.repository import Cases
from app.models.write.unit import Actor, ConnectionStore
from app.models.roster.repository import Roster
from app.ui.cases.case_model import CaseReader
from app.ui.cases.cases_page import CasesPage
from app.ui.common import printing, threads, ui_state
from app.ui.reports.home_page import HomePage
from app.ui.reports.map_page import MapPage
from app.ui.reports.party_page import PartyPage
from app.ui.reports.report_page import ReportPage
from app.ui.reports.stats_page import StatsPage
from app.ui.reports.stars_page import StarsPage
from app.ui.shell.pages import SettingsPage, place_pages
from app.sync import session
from app.sync.engine import SyncEngine
from app.ui.cases.review_page import ReviewPage
from app.ui.sync.sync_page import SyncPage
from app.ui.sync.sync_worker import SyncWorker
from app.ui.roster.roster_page import RosterPage
from app.ui.shell import placement
from app.ui.shell.page_stack import PageStack


# Roles holding 防 (prevent), who may see key-group tags (domain.md §2–§3).
PREVENT_ROLES = rights.KEY_GROUP_ROLES
# A pull lands in several sync runs in a row: the pages read again at most this often.
REFRESH_AFTER_SYNC_MS = 300
# What a page does to read its data again after a pull (off the GUI thread).
RELOADS = {"roster": "refresh", "cases": "reload", "review": "reload", "home": "refresh",
           "houses": "refresh", "organizations": "refresh"}
RELOADS["stars"] = "refresh"   # 五星创建: a submission or a review arrives by sync
# The window's layout (geometry, last page, column widths), next to the store.
LAYOUT_FILE = "layout.ini"


class MainWindow(QMainWindow):
    def __init__(self, store, *, demo: bool = False, start_sync: bool = True,
                 accounts=None, account=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.start_sync = start_sync
        # how this person left the window (size, page, column widths), beside their store
        ui_state.use(Path(store.path).parent / LAYOUT_FILE)
        printing.use(store, self)     # printouts watermarked and audited (held weakly)
        self._pending_seen: int | None = None      # changes waiting, at the last look
        self._scope_text = ""
        # the status bar's figures are read off the GUI thread, the newest look winning
        self._status_lane = threads.QueryLane(store.open_connection, warm=False)
        self.accounts = accounts
        self.account = account
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
        self.stack = PageStack()

        # Pages are made when a role that may open them first needs them: an admin's or
        # auditor's window never builds (or queries) the roster pages (rights.py).
        self._factories = {
            "home": (self.tr("Home"), self._make_home),
            "roster": (self.tr("Roster"), self._make_roster),
            "cases": (self.tr("Cases"), self._make_cases),
            "review": (self.tr("Review"), self._make_review),
            "map": (self.tr("Map"), self._make_map),
            "statistics": (self.tr("Statistics"), self._make_stats),
            "party": (self.tr("Party"), self._make_party),
            "stars": (self.tr("Five stars"), self._make_stars),
            "reports": (self.tr("Reports"), self._make_reports),
            "sync": (self.tr("Sync"), self._make_sync),
            "audit": (self.tr("Audit log"), self._make_audit),
            "settings": (self.tr("Settings"), self._make_settings),
            **place_pages(self),       # 房屋, 单位 (app/ui/places)
        }
        self._pages: dict[str, QWidget] = {}
        # pages that a pull changed while they were not on screen: read when shown
        self._stale: set[str] = set()
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(REFRESH_AFTER_SYNC_MS)
        self._refresh_soon.timeout.connect(self._refresh_due)
        self.sync_page = self.page("sync")
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(self._page_shown)
        self._build_nav(ui_state.load("window/page"))
        self.stack.currentChanged.connect(self._remember_page)

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
        self.sync_button = QToolButton()
        self.sync_button.setText(self.tr("Sync now"))
        self.sync_button.setAutoRaise(True)
        # on a narrow screen the user's name and scope give way first (whole in the
        # tooltip); online/offline, changes waiting and 立即同步 always show
        self.user_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.user_label.setMinimumWidth(80)
        self.statusBar().addWidget(self.user_label, 1)
        for w in (self.online_label, self.pending_label, self.sync_label, self.sync_button):
            self.statusBar().addPermanentWidget(w)

        # Sync: a worker off the GUI thread; the window only sends it wake-ups and
        # shows what it reports (architecture.md: UI ↔ worker by signals only).
        self.sync_status: dict = {}
        self.last_notice = ""
        # no Qt parent: the worker's threads hold it, so a sync still finishing after
        # the window closed emits into a live object whose receivers are gone
        self.sync_worker = SyncWorker(store, Path(store.path).parent)
        self.sync_worker.statusChanged.connect(self._on_sync_status)
        self.sync_worker.progress.connect(self.sync_page.on_progress)
        self.sync_worker.synced.connect(self._on_synced)
        self.sync_worker.failed.connect(self._on_sync_failed)
        self.sync_worker.newCases.connect(self._on_new_cases)
        self.sync_button.clicked.connect(self.sync_now)
        self.sync_page.syncRequested.connect(self.sync_now)
        self.sync_page.signInRequested.connect(self.sign_in)
        self.sync_page.changed.connect(self._cases_changed)
        self.tray = None

        self._status_timer = QTimer(self)
        self._status_timer.setInterval(2000)
        self._status_timer.timeout.connect(self.update_status)
        self._status_timer.start()
        self.update_status()
        if self.start_sync:
            self.sync_worker.start()

        # A shared office PC locks itself when left alone (needs a local account to
        # check the password against; a PC without a server has none).
        self.idle_lock = None
        if accounts is not None and account is not None:
            from app.ui.shell.lock import IdleLock
            self.idle_lock = IdleLock(self, accounts, account.username, account.display_name,
                                      settings.get(store.conn, "security.idle_lock_minutes"))
            self.idle_lock.panel.switchUser.connect(self.switch_user)

    # ------------------------------------------------------------ pages
    def page(self, key: str) -> QWidget:
        if key not in self._pages:
            self._pages[key] = self._factories[key][1]()
        return self._pages[key]

    def __getattr__(self, name: str):
        # roster_page, cases_page, … are made on first use (see _factories)
        keys = {"roster_page": "roster", "cases_page": "cases", "review_page": "review",
                "home_page": "home", "map_page": "map", "stats_page": "statistics",
                "party_page": "party", "report_page": "reports", "settings_page": "settings",
                "audit_page": "audit"}
        if name in keys and "_factories" in self.__dict__:
            return self.page(keys[name])
        raise AttributeError(name)

    def key_of(self, page) -> str | None:
        return next((k for k, p in self._pages.items() if p is page), None)

    def _remember_page(self, index: int) -> None:
        key = self.key_of(self.stack.widget(index))
        if key is not None:
            ui_state.save("window/page", key)

    def _built(self, key: str):
        return self._pages.get(key)

    def _build_nav(self, start: str | None = None) -> None:
        """The navigation for the current role; the same order for every role, so a
        page keeps its place. ``start``: the page to show first (the one left last time),
        when this role may open it."""
        current = self.stack.currentWidget()
        if current is None and start in rights.pages(self.actor.role):
            current = self.page(start)
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            self.stack.removeWidget(self.stack.widget(0))
        for key in rights.pages(self.actor.role):
            text, _make = self._factories[key]
            QListWidgetItem(text, self.nav)
            self.stack.addWidget(self.page(key))
        self.nav.blockSignals(False)
        index = self.stack.indexOf(current) if current is not None else -1
        if index < 0:
            first = "roster" if "roster" in rights.pages(self.actor.role) else \
                rights.pages(self.actor.role)[0]
            index = self.stack.indexOf(self.page(first))
        self.nav.setCurrentRow(index)
        self.stack.setCurrentIndex(index)

    def _make_home(self):
        page = HomePage(self.store, self.cases, self.roster, role_name=self.role_name,
                        prevent_roles=PREVENT_ROLES)
        page.changed.connect(self._cases_changed)
        return page

    def _make_roster(self):
        page = RosterPage(self.store, self.roster, cases=self.cases,
                          include_key_tags=rights.sees_key_groups(self.actor.role))
        page.dataChanged.connect(self.update_status)
        return page

    def _make_cases(self):
        page = CasesPage(self.cases, self.roster)
        page.changed.connect(self._cases_changed)
        return page

    def _make_review(self):
        page = ReviewPage(self.cases, self.roster)
        page.changed.connect(self._cases_changed)
        return page

    def _make_map(self):
        page = MapPage(self.store, self.cases, self.roster, prevent_roles=PREVENT_ROLES)
        page.changed.connect(self._cases_changed)
        return page

    def _make_stats(self):
        page = StatsPage(self.store, self.cases, self.roster)
        page.changed.connect(self._cases_changed)
        return page

    def _make_party(self):
        page = PartyPage(self.store, self.cases, self.roster)
        page.changed.connect(self._cases_changed)
        return page

    def _make_stars(self):
        page = StarsPage(self.store, self.cases, self.roster)
        page.changed.connect(self._cases_changed)
        return page

    def _make_reports(self):
        return ReportPage(self.store, self.cases, self.roster)

    def _make_sync(self):
        return SyncPage(self.store, lambda: self.actor)

    def _make_audit(self):
        from app.ui.audit.audit_page import AuditPage, LocalAuditSource, ServerAuditSource
        s = session.load(self.store)
        source = (ServerAuditSource(session.client_for(self.store, s))
                  if s is not None and s.tokens else LocalAuditSource(self.store))
        page = AuditPage(source)
        QTimer.singleShot(0, page.reload)
        return page

    def _make_settings(self):
        page = SettingsPage(self.store, self.roster, self.role_name, account=self.account)
        page.userChanged.connect(self.reload_user)
        page.switchUser.connect(self.switch_user)
        return page

    def switch_user(self) -> None:
        """Back to the sign-in screen: the event loop ends with SWITCH_USER and app.py
        closes and deletes this window (app.end_session) before the next person signs
        in. Closing it here, inside the loop, would let "last window closed" quit the
        loop with 0 instead."""
        from PySide6.QtWidgets import QApplication

        from app.ui.shell.exit_codes import SWITCH_USER
        self.hide()
        QApplication.instance().exit(SWITCH_USER)

    def _actor_from_settings(self) -> Actor:
        conn = self.store.conn
        return Actor(settings.get(conn, "user.id"), settings.get(conn, "user.name"),
                     settings.get(conn, "user.role"), settings.get(conn, "user.scope_code"))

    def reload_user(self) -> None:
        """The user (or the stand-in's role) changed: every page acts as the new user
        from now on, and the navigation follows the new role's rights."""
        self.actor = self._actor_from_settings()
        self.roster.actor = self.actor
        self.cases.actor = self.actor
        if self._built("roster"):
            self.roster_page.set_include_key_tags(rights.sees_key_groups(self.actor.role))
        if self._built("cases"):
            self.cases_page.apply()
        if self._built("review"):
            self.review_page.show_queue()
            self.review_page.refresh_counts()
        if self.idle_lock is not None:
            self.idle_lock.set_minutes(settings.get(self.store.conn,
                                                    "security.idle_lock_minutes"))
        self._build_nav()
        self.update_status()

    def _cases_changed(self) -> None:
        if self._built("review"):
            self.review_page.refresh_counts()
        self.update_status()

    def role_name(self, role: str) -> str:
        # one name per role of the table (rights.ROLES; tests/test_roles_parity.py)
        names = {rights.GRID_WORKER: self.tr("Grid worker"),
                 rights.GRID_HEAD: self.tr("Grid head"),
                 rights.COMMUNITY_SUPERVISOR: self.tr("Community supervisor"),
                 rights.CENTER_OPERATOR: self.tr("Center operator"),
                 rights.DEPT_HANDLER: self.tr("Department handler"),
                 rights.AUDITOR: self.tr("Auditor"),
                 rights.SECURITY: self.tr("Security officer"),
                 rights.ADMIN: self.tr("Administrator")}
        return names.get(role, role)

    def update_status(self) -> None:
        """The status bar: who and which role now; scope, changes waiting and the last
        sync once read off the GUI thread."""
        self.user_label.setText(self.tr("%1 (%2) · %3").replace("%1", self.actor.name)
                                .replace("%2", self.role_name(self.actor.role))
                                .replace("%3", self._scope_text or "…"))
        self._status_lane.submit(functools.partial(read_status, self.actor.scope_code),
                                 self._show_status)

    def _show_status(self, st: dict) -> None:
        self._scope_text = st["scope_name"] or self.tr("whole local database")
        self.user_label.setText(self.tr("%1 (%2) · %3").replace("%1", self.actor.name)
                                .replace("%2", self.role_name(self.actor.role))
                                .replace("%3", self._scope_text))
        self.user_label.setToolTip(self.user_label.text())
        pending = st["pending"]
        if self._pending_seen is not None and pending > self._pending_seen:
            self.sync_worker.request_sync()   # a local change: send it now
        self._pending_seen = pending
        state = self.sync_status.get("state") or self.sync_worker.state
        if not st["signed_in"]:
            online = self.tr("Not signed in: local only")
        elif state == "syncing":
            online = self.tr("Syncing…")
        elif state == "offline" or self.sync_worker.online is False:
            online = self.tr("Offline")
        elif state == "signed_out":
            online = self.tr("Sign in again")
        elif state == "upgrade":
            online = self.tr("Update GridDesk")
        elif self.sync_worker.online:
            online = self.tr("Online")
        else:
            online = self.tr("Connecting…")
        self.online_label.setText(online)
        self.pending_label.setText(self.tr("%n change(s) waiting to sync", "", pending))
        last = st["last_success_at"]
        self.sync_label.setText(self.tr("Last sync: %1").replace(
            "%1", calendar.shown(last) if last else self.tr("never")))

    # ------------------------------------------------------------ sync
    def sync_now(self) -> None:
        if session.load(self.store) is None:
            self.sign_in()
            return
        if not self.sync_worker.start():
            return
        self.sync_worker.request_sync()

    def sign_in(self) -> None:
        from app.ui.shell.signin_dialog import SignInDialog

        s = session.load(self.store)
        dialog = SignInDialog(self.store, Path(self.store.path).parent, parent=self,
                              server_url=s.server_url if s else None,
                              username=s.username if s else "")
        if dialog.exec():
            self.reload_user()
            self.refresh_after_sync()
            self.sync_worker.start()
            self.sync_worker.request_sync()

    def _on_sync_status(self, status: dict) -> None:
        self.sync_status = status
        self.sync_page.on_status(status)
        self.update_status()

    def _on_synced(self, summary: dict) -> None:
        if (summary.get("pulled") or summary.get("rejected")) and \
                not self._refresh_soon.isActive():
            self._refresh_soon.start()         # the runs of one pull: one refresh

    def refresh_after_sync(self) -> None:
        """Other people's changes arrived: the page on screen reads its data again off
        the GUI thread and swaps it in when it is read; the other pages built do so when
        they are next shown (open dialogs keep their own copy). The event loop goes on
        meanwhile, and a pull does not start every page's reads at once."""
        current = self.stack.currentWidget()
        for key in RELOADS:
            page = self._built(key)
            if page is None:
                continue
            if page is current:
                self._reload(key)
            else:
                self._stale.add(key)
        self.sync_page.refresh()               # reads now if on screen, else when shown
        self.update_status()

    def _refresh_due(self) -> None:
        self.refresh_after_sync()

    def _reload(self, key: str) -> None:
        self._stale.discard(key)
        getattr(self._pages[key], RELOADS[key])()

    def _page_shown(self, index: int) -> None:
        page = self.stack.widget(index)
        for key in list(self._stale):
            if self._pages.get(key) is page:
                self._reload(key)

    def _on_sync_failed(self, code: str, message: str) -> None:
        texts = {"offline": self.tr("The city server cannot be reached; working offline."),
                 "upgrade_required": self.tr("This GridDesk is too old for the server: "
                                             "install the update from IT."),
                 "token_expired": self.tr("Your session has ended: sign in again."),
                 "token_revoked": self.tr("Your session has ended: sign in again."),
                 "device_revoked": self.tr("IT has removed this computer from the server.")}
        text = texts.get(code, self.tr("Sync failed: %1").replace("%1", message or code))
        self.statusBar().showMessage(text, 10000)
        self.update_status()

    def _on_new_cases(self, case_ids: list) -> None:
        """Tell the user when a case lands in one of their queues: which ones are theirs
        is read off the GUI thread (a pull may bring thousands)."""
        threads.run_task(functools.partial(cases_for, CaseReader.of(self.cases), self.actor,
                                           list(case_ids), self.store.open_connection),
                         self._notify_new_cases)

    def _notify_new_cases(self, mine: list) -> None:
        if not mine:
            return
        if len(mine) == 1:
            text = self.tr("New case %1: %2").replace("%1", shown_number(mine[0])).replace(
                "%2", mine[0]["title"])
        else:
            text = self.tr("%n new case(s) in your queues", "", len(mine))
        self.notify(self.tr("New case"), text)

    def notify(self, title: str, text: str) -> None:
        self.last_notice = text
        if QSystemTrayIcon.isSystemTrayAvailable():
            if self.tray is None:
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
                self.tray.show()
            self.tray.showMessage(title, text, QSystemTrayIcon.Information, 8000)
        self.statusBar().showMessage(text, 15000)

    def go_to(self, row: int) -> None:
        self.nav.setCurrentRow(row)

    def release(self) -> None:
        """Let go of everything that holds this person's data (切换用户, exit): the sync
        worker and its connection, background tasks, every page's own connection.
        After this, the window and its pages hold no open connection and no thread
        holds them; app.end_session then deletes the window and closes the store."""
        placement.remember(self)
        self._status_timer.stop()
        self._refresh_soon.stop()
        self._status_lane.close()
        if self.idle_lock is not None:
            self.idle_lock.stop()
        if not self.sync_worker.shutdown():
            logging.getLogger("griddesk.sync").warning(
                "the sync thread is still busy; it closes its connection when it ends")
        for page in list(self._pages.values()):
            page.close()               # each page stops its reads, closes its connections
        if not threads.settle():       # what is left: one-off tasks (a photo, a notice)
            logging.getLogger("griddesk.startup").warning("a background task is still running")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.release()
        super().closeEvent(event)


def read_status(scope_code: str | None, conn) -> dict:
    """What the status bar shows (worker thread, the window's own connection)."""
    store = ConnectionStore(conn)
    unit = Roster(store, None).org_unit_by_code(scope_code) if scope_code else None
    return dict(scope_name=unit["name"] if unit else None,
                pending=outbox.pending_count(conn),
                signed_in=session.load(store) is not None,
                last_success_at=SyncEngine(store, None).state()["last_success_at"])


def cases_for(reader: CaseReader, actor, case_ids: list, open_connection) -> list[dict]:
    """Of the cases a pull brought, those in one of ``actor``'s queues (worker thread,
    on a connection of its own)."""
    conn = open_connection()
    try:
        cases = reader.on(conn)
        mine = []
        for case_id in case_ids:
            try:
                case = cases.get(case_id)
            except Exception:   # noqa: BLE001 - removed again meanwhile
                continue
            if cases.is_for(case, actor):
                mine.append(case)
        return mine
    finally:
        conn.close()
