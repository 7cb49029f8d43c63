"""First run against a city server: server address (pre-seeded by IT's config, or
typed once) → sign in → device registration → initial sync with progress and
cancel. Everything network-bound runs off the GUI thread; the dialog shows the
reason beside the form when something fails, and a cancelled initial sync
resumes where it stopped next time."""
from __future__ import annotations

import functools
import platform
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout,
)

from app.sync.client import AuthError, Offline, ServerRefused, UpgradeRequired
from app.sync.engine import SyncEngine
from app.sync.progress import Cancelled
from app.sync import session
from app.ui.common.threads import run_task, to_main
from app.ui.shell.restore_dialog import offer_restore


class DamagedStore(Exception):
    """The password was right (so the key is), yet the person's store cannot be opened."""

    def __init__(self, path: Path, message: str):
        super().__init__(message)
        self.path = path


def failure(exc: Exception) -> tuple[str, str]:
    """(code, detail) of a failed sign-in, for ``SignInDialog.explain``."""
    from app.models.store.accounts import AccountError

    if isinstance(exc, Cancelled):
        return "cancelled", ""
    if isinstance(exc, DamagedStore):
        return "damaged", str(exc)
    if isinstance(exc, AccountError):
        return exc.code, str(exc.params.get("left") or exc.params.get("until") or "")
    if isinstance(exc, AuthError):
        if exc.code in ("rate_limited", "locked"):
            # the server's lock or limit: how long it lasts (Retry-After), not a time
            # on this PC's clock
            code = "rate_limited" if exc.code == "rate_limited" else "server_locked"
            return code, str(exc.detail.get("retry_after") or "")
        return exc.code or "auth", str(exc)
    if isinstance(exc, UpgradeRequired):
        return "upgrade_required", str(exc)
    if isinstance(exc, Offline):
        return "offline", str(exc)
    if isinstance(exc, ServerRefused):
        return exc.code, str(exc)
    return type(exc).__name__, str(exc)


def default_server_url() -> str:
    try:
        from app import config
        return config.load().server_url or ""
    except Exception:   # noqa: BLE001 - no config is a normal first run
        return ""


class SignInDialog(QDialog):
    """Two uses. With ``accounts`` (start-up on a PC with local accounts): a known user
    signs in offline against the local verifier and gets their own store; a new
    user signs in online, is enrolled, and gets a new store filled by the initial
    sync. Without (the Sync page of a local-only store): sign that store in.
    After ``exec()``: ``self.store`` (open) and ``self.account`` (or None)."""

    def __init__(self, store, data_dir, *, server_url: str | None = None,
                 username: str = "", accounts=None, parent=None):
        super().__init__(parent)
        self.store = store
        self.data_dir = data_dir
        self.accounts = accounts
        self.account = None
        self.setWindowTitle(self.tr("Sign in to GridDesk") if accounts is not None
                            else self.tr("Sign in to the city server"))
        self.setMinimumWidth(460)
        self.session = None
        self._cancel = threading.Event()
        self._busy = False

        intro = QLabel(self.tr(
            "Sign in once with the account your administrator gave you. GridDesk then "
            "keeps working offline and syncs whenever the server can be reached."))
        intro.setWordWrap(True)
        self.url = QLineEdit(server_url if server_url is not None else default_server_url())
        self.url.setPlaceholderText("https://griddesk.example.gov.cn")
        self.user = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        self.error.hide()
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.bar.hide()
        self.stage.hide()

        form = QFormLayout()
        self.url_label = QLabel(self.tr("Server address"))
        form.addRow(self.url_label, self.url)
        form.addRow(self.tr("User name"), self.user)
        form.addRow(self.tr("Password"), self.password)
        self.known = []
        if accounts is not None:
            self.known = accounts.list()
            if self.known:
                from PySide6.QtWidgets import QCompleter
                names = [a.username for a in self.known]
                self.user.setCompleter(QCompleter(names, self))
                if not username:
                    self.user.setText(names[0])
                intro.setText(self.tr("Users who have signed in on this computer: %1. They "
                                      "can sign in without a network. A new user signs in "
                                      "once online.").replace("%1", "、".join(
                                          a.display_name or a.username for a in self.known)))
            self.user.textChanged.connect(self._user_changed)
            self._user_changed()

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.Ok)
        self.ok.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.on_cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        (self.user if self.url.text() else self.url).setFocus()
        if (self.url.text() or self._known_user()) and self.user.text():
            self.password.setFocus()

    def _known_user(self):
        if self.accounts is None:
            return None
        return self.accounts.get(self.user.text()) if self.user.text().strip() else None

    def _user_changed(self) -> None:
        # a user known on this PC signs in offline: the server address is not needed
        known = self._known_user() is not None
        self.url.setVisible(not known)
        self.url_label.setVisible(not known)

    # ------------------------------------------------------------ flow
    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def start(self) -> None:
        url, user, password = self.url.text().strip(), self.user.text().strip(), \
            self.password.text()
        known = self._known_user()
        if known is not None:
            url = known.server_url or url
        if not url.startswith(("http://", "https://")) and known is None:
            self.show_error(self.tr("Enter the server address, starting with https://"))
            self.url.setFocus()
            return
        if not user or not password:
            self.show_error(self.tr("Enter your user name and password."))
            (self.user if not user else self.password).setFocus()
            return
        self.error.hide()
        self._set_busy(True)
        self.stage.setText(self.tr("Signing in…"))
        self._cancel.clear()
        # signing in and the initial sync run off the GUI thread; if the dialog is gone
        # before they end, their result is not delivered to it
        work = self._work if self.accounts is None else self._work_account
        run_task(functools.partial(work, url, user, password), self._on_done, self._on_error)

    def _report(self, p) -> None:
        """The engine's progress (worker thread), shown on the GUI thread."""
        to_main(self._on_progress, p.phase, p.done, -1 if p.total is None else p.total,
                p.entity or "")

    def _work(self, url: str, user: str, password: str):
        ws = self.store.worker_store()
        try:
            s = session.sign_in(ws, url, user, password,
                                device_name=platform.node() or "GridDesk")
            to_main(self._on_progress, "signed_in", 0, -1, "")
            engine = SyncEngine(ws, session.client_for(ws, s), data_dir=self.data_dir)
            engine.sync(progress=self._report, cancel=self._cancel.is_set)
            session.apply_user(ws, s.user)
            return s
        finally:
            ws.close()

    def _work_account(self, url: str, user: str, password: str):
        from app.models.store.accounts import AccountError
        from app.models.domain.ids import uuid7
        from app.models.store.keys import StaticKeyProvider
        from app.models.store.database import open_store

        from app.models.store.database import StoreError

        store = None
        try:
            try:
                account, key = self.accounts.sign_in_offline(user, password)
                try:
                    store = open_store(self.accounts.store_dir(account), StaticKeyProvider(key))
                except StoreError as exc:
                    # the password was right, so the key is: the file itself is damaged
                    raise DamagedStore(self.accounts.store_dir(account) / "griddesk.db",
                                       str(exc)) from None
                return store, account
            except AccountError as exc:
                if exc.code == "locked":
                    raise
                offline_error = exc if exc.code == "bad_password" else None
            # a new user on this PC, or a password changed on the server: ask the server
            known = self.accounts.get(user)
            # the store (and the device secret in it) cannot be opened before the
            # server has checked the password: a known user's device id goes without
            # its secret, and the server answers with a new device if it wants one
            device_id = known.device_id if known and known.device_id else uuid7()
            try:
                me, tokens, grant = session.login(url, user, password, device_id,
                                                  device_name=platform.node() or "GridDesk")
            except (Offline, AuthError) as exc:
                if offline_error is not None and exc.code != "rate_limited":
                    raise offline_error from None
                raise
            key = self.accounts.enrol(user, password, me, url, device_id=grant.device_id)
            account = self.accounts.get(user)
            store = open_store(self.accounts.store_dir(account), StaticKeyProvider(key))
            s = session.adopt(store, url, me, tokens, grant)
            to_main(self._on_progress, "signed_in", 0, -1, "")
            engine = SyncEngine(store, session.client_for(store, s),
                                data_dir=self.accounts.store_dir(account))
            try:
                engine.sync(progress=self._report, cancel=self._cancel.is_set)
            except Cancelled:
                pass   # signed in; the initial sync resumes from where it stopped
            session.apply_user(store, me)
            from app.models.store import settings
            self.accounts.update_profile(user, scope_code=settings.get(store.conn,
                                                                       "user.scope_code"))
            return store, account
        except AccountError:
            if store is not None:
                store.close()
            raise

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.url, self.user, self.password, self.ok):
            w.setEnabled(not busy)
        self.stage.setVisible(busy)
        self.bar.setVisible(busy)
        if busy:
            self.bar.setRange(0, 0)

    def _on_progress(self, phase: str, done: int, total: int, entity: str) -> None:
        if phase == "signed_in":
            self.stage.setText(self.tr("Signed in. Downloading your area's data…"))
            return
        if phase == "snapshot":
            text = self.tr("Downloading: %1 records").replace("%1", f"{done:,}")
        elif phase == "push":
            text = self.tr("Sending changes made on this computer…")
        elif phase == "photos":
            text = self.tr("Uploading photos…")
        else:
            text = self.tr("Receiving changes: %1").replace("%1", f"{done:,}")
        self.stage.setText(text)
        if total and total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def _on_done(self, s) -> None:
        if isinstance(s, tuple):
            self.store, self.account = s
            self.session = session.load(self.store)
        else:
            self.session = s
        self._set_busy(False)
        self.accept()

    def _on_error(self, exc: Exception) -> None:
        if isinstance(exc, DamagedStore):
            self._damaged = exc.path
        self._on_failed(*failure(exc))

    def _on_failed(self, code: str, message: str) -> None:
        self._set_busy(False)
        if code == "cancelled":
            if session.load(self.store) is not None:
                # signed in; the initial sync resumes from where it stopped next time
                self.session = session.load(self.store)
                self.accept()
            return
        if code == "damaged":
            offer_restore(self._damaged, message)
            self.show_error(self.tr("This user's local database was damaged. If a backup was "
                                    "restored, sign in again."))
            return
        self.show_error(self.explain(code, message))
        if code == "old_password_needed":
            self._ask_old_password()

    def _ask_old_password(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from app.models.store.accounts import AccountError
        old, ok = QInputDialog.getText(self, self.tr("Previous password"), self.tr(
            "Your previous password on this computer:"), QLineEdit.Password)
        if not ok or not old:
            return
        try:
            self.accounts.rewrap_with_old_password(self.user.text(), old, self.password.text())
        except AccountError:
            self.show_error(self.tr("That is not the previous password either."))
            return
        self.start()

    def explain(self, code: str, message: str) -> str:
        import datetime as dt
        if code == "bad_password":
            return self.tr("The password is wrong (%1 tries left before the account is "
                           "locked on this computer).").replace("%1", message)
        if code == "locked" and message:
            until = dt.datetime.fromtimestamp(float(message)).strftime("%H:%M")
            return self.tr("Too many wrong passwords: this account is locked on this "
                           "computer until %1.").replace("%1", until)
        if code in ("rate_limited", "server_locked"):
            # message: the server's Retry-After in seconds, shown in whole minutes
            minutes = str(max(1, -(-int(message) // 60))) if message.isdigit() else "15"
            if code == "server_locked":
                return self.tr("Too many wrong passwords: the account is locked. Try again "
                               "in %1 minute(s).").replace("%1", minutes)
            return self.tr("Too many failed sign-ins from this network. Try again in %1 "
                           "minute(s).").replace("%1", minutes)
        if code == "old_password_needed":
            return self.tr("Your password was changed on the server. Enter your previous "
                           "password once to unlock the data on this computer.")
        texts = {
            "bad_credentials": self.tr("The user name or password is wrong."),
            "invalid_credentials": self.tr("The user name or password is wrong."),
            "locked": self.tr("Too many wrong passwords: the account is locked for 15 minutes."),
            "account_locked": self.tr(
                "Too many wrong passwords: the account is locked for 15 minutes."),
            "disabled": self.tr("This account is disabled. Ask your administrator."),
            "device_revoked": self.tr("IT has removed this computer from the server. Ask them "
                                      "to register it again."),
            "offline": self.tr("The server cannot be reached. Check the address and the "
                               "network; GridDesk keeps working offline meanwhile."),
            "tls": self.tr("The server's certificate is not trusted. Ask IT for the "
                           "certificate bundle (ca_bundle in config.toml)."),
            "upgrade_required": self.tr("This GridDesk is too old for the server. Install "
                                        "the new version from IT."),
        }
        if code in texts:
            return texts[code]
        if code in ("unauthorized", "auth"):
            return texts["bad_credentials"]
        return self.tr("The server refused: %1").replace("%1", message or code)

    def on_cancel(self) -> None:
        if self._busy:
            self._cancel.set()
            self.stage.setText(self.tr("Stopping…"))
            return
        self.reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key_Escape and self._busy:
            self.on_cancel()
            return
        super().keyPressEvent(event)
