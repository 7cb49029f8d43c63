"""Idle lock for a shared office PC (domain.md §6: idle lock, session timeout).

After the configured minutes without a key press or mouse use, an opaque panel
covers the window (the data behind it is hidden, the pages disabled) and only
the signed-in user's password opens it again, checked against the local
verifier with the same lockout as a sign-in. "Switch user" goes back to the
sign-in screen; nothing typed is lost, since every change is saved as it is
made.
"""
from __future__ import annotations

import functools

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.ui.common.threads import run_task

INPUT_EVENTS = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel,
                QEvent.TouchBegin}


def check_password(accounts, username: str, password: str) -> tuple[bool, str]:
    """(right, why not) against the local verifier, with its lockout (worker thread:
    argon2 takes a moment)."""
    from app.models.store.accounts import AccountError
    try:
        return accounts.verify(username, password), ""
    except AccountError as exc:
        return False, exc.code


class LockPanel(QWidget):
    unlocked = Signal()
    switchUser = Signal()

    def __init__(self, window, accounts, username: str, display_name: str):
        super().__init__(window)
        self.window_ = window
        self.accounts = accounts
        self.username = username
        self.setObjectName("lockPanel")
        self.setAttribute(Qt.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#lockPanel { background: #1f3a5f; }"
                           "QLabel { color: white; }")
        title = QLabel(self.tr("GridDesk is locked"))
        title.setStyleSheet("font-size: 22px; font-weight: 600; color: white;")
        who = QLabel(self.tr("Signed in: %1").replace("%1", display_name or username))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setFixedWidth(260)
        self.password.returnPressed.connect(self.try_unlock)
        self.error = QLabel()
        self.error.setStyleSheet("color: #fecaca;")
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self.try_unlock)
        self.switch_button = QPushButton(self.tr("Switch user"))
        self.switch_button.clicked.connect(self.switchUser)
        box = QVBoxLayout()
        box.setAlignment(Qt.AlignCenter)
        for w in (title, who, self.password, self.error):
            box.addWidget(w, 0, Qt.AlignHCenter)
        row = QHBoxLayout()
        row.addWidget(self.unlock_button)
        row.addWidget(self.switch_button)
        box.addLayout(row)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(box)
        outer.addStretch(2)

    def cover(self) -> None:
        self.setGeometry(self.window_.rect())
        self.raise_()
        self.show()
        self.password.clear()
        self.error.clear()
        self.password.setFocus()

    def try_unlock(self) -> None:
        password = self.password.text()
        if not password:
            self.error.setText(self.tr("Enter your password."))
            return
        self.unlock_button.setEnabled(False)
        # a check still running when the window goes is not delivered to the panel
        run_task(functools.partial(check_password, self.accounts, self.username, password),
                 self._checked, self._check_failed)

    def _check_failed(self, exc: Exception) -> None:
        self.unlock_button.setEnabled(True)
        self.error.setText(self.tr("The password could not be checked: %1").replace(
            "%1", str(exc)))

    def _checked(self, result: tuple[bool, str]) -> None:
        ok, code = result
        self.unlock_button.setEnabled(True)
        if ok:
            self.hide()
            self.unlocked.emit()
            return
        self.password.clear()
        self.error.setText(self.tr("Too many wrong passwords: the account is locked for 15 "
                                   "minutes. Another user can sign in with Switch user.")
                           if code == "locked" else self.tr("The password is wrong."))


class IdleLock(QObject):
    """Watches input application-wide and covers ``window`` when idle."""
    lockedChanged = Signal(bool)

    def __init__(self, window, accounts, username: str, display_name: str, minutes: int):
        super().__init__(window)
        self.window = window
        self.panel = LockPanel(window, accounts, username, display_name)
        self.panel.hide()
        self.panel.unlocked.connect(self._unlocked)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)
        window.installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.panel.isVisible()

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, int(minutes))
        if self.minutes:
            self.timer.start(self.minutes * 60 * 1000)
        else:
            self.timer.stop()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if obj is self.window and event.type() == QEvent.Resize and self.is_locked:
            self.panel.setGeometry(self.window.rect())
        if event.type() in INPUT_EVENTS and not self.is_locked and self.minutes:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.is_locked:
            return
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(False)
            central.hide()   # nothing readable behind the panel
        self.panel.cover()
        self.lockedChanged.emit(True)

    def _unlocked(self) -> None:
        central = self.window.centralWidget()
        if central is not None:
            central.show()
            central.setEnabled(True)
        if self.minutes:
            self.timer.start()
        self.lockedChanged.emit(False)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
