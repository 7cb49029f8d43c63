"""Small shared widgets: a field with its error message beside it, choice combos."""
from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QDialogButtonBox, QHeaderView, QLabel,
    QMessageBox, QTableWidget, QVBoxLayout, QWidget,
)

from app.ui.common.i18n import label
from app.ui.common.tables import kit

ERROR_STYLE = "color: #b91c1c;"
WARNING_STYLE = "color: #b45309;"


class Field(QWidget):
    """An input with a message line under it; the message says what is wrong and what is expected."""

    def __init__(self, widget: QWidget, parent=None):
        super().__init__(parent)
        self.widget = widget
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.message.setObjectName("fieldMessage")
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(self.message)

    def show_message(self, text: str, *, warning: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        self.message.setVisible(bool(text))
        self.widget.setProperty("invalid", bool(text) and not warning)
        self.widget.setStyleSheet("" if warning or not text else "border: 1px solid #b91c1c;")

    def clear_message(self) -> None:
        self.show_message("")


class ChoiceCombo(QComboBox):
    """A combo over a code list; ``code()`` / ``set_code()`` speak in stored codes."""

    def __init__(self, choices: Mapping, *, blank: str | None = None, parent=None):
        super().__init__(parent)
        if blank is not None:
            self.addItem(blank, None)
        for code, choice in choices.items():
            self.addItem(label(choice), code)

    def code(self):
        return self.currentData()

    def set_code(self, code) -> None:
        index = self.findData(code)
        self.setCurrentIndex(index if index >= 0 else 0)


def make_table(headers: list[str], stretch_column: int | None = None, *,
               key: str | None = None, title: str = "") -> QTableWidget:
    """A read-only, row-selecting table for short lists (members, tags, visits), with
    the desktop basics of app.ui.common.tables (sorting, copy, print, Enter, widths kept
    under ``key``, by default its headers)."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    table.verticalHeader().hide()
    if stretch_column is not None:
        table.horizontalHeader().setSectionResizeMode(stretch_column, QHeaderView.Stretch)
    kit(table, key or "|".join(headers), title=title)
    return table


def form_with_buttons(dialog, form, on_ok, buttons=None) -> QDialogButtonBox:
    """Lay out ``form`` above OK/Cancel-style buttons; OK calls ``on_ok``, Cancel rejects."""
    box = QDialogButtonBox(buttons or (QDialogButtonBox.Save | QDialogButtonBox.Cancel))
    box.accepted.connect(on_ok)
    box.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(box)
    return box


def photo_pixmap(cases, sha: str, *, thumb: bool = True):
    """A stored photo as a QPixmap, decrypted in memory (the file on disk is sealed,
    app.models.store.photo_files); a null pixmap when it is not on this PC."""
    from PySide6.QtGui import QPixmap

    pixmap = QPixmap()
    data = cases.photo_bytes(sha, thumb=thumb)
    if data:
        pixmap.loadFromData(data, "JPEG")
    return pixmap


class DateField(QDateEdit):
    """A date picked from a calendar (or typed, section by section), which may also be
    left empty: the earliest date stands for "none" and shows ``placeholder``. Speaks
    ISO text like the line edit it replaces: ``text()`` is ``YYYY-MM-DD`` or "",
    ``setText()`` takes the same."""

    EMPTY = QDate(1900, 1, 1)
    returnPressed = Signal()

    def __init__(self, text: str = "", *, placeholder: str = " ", parent=None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(placeholder or " ")
        self.calendarWidget().setGridVisible(True)
        self.setText(text)

    def text(self) -> str:  # noqa: D401 - the line edit's name
        return "" if self.date() == self.EMPTY else self.date().toString("yyyy-MM-dd")

    def setText(self, text: str | None) -> None:  # noqa: N802 - the line edit's name
        date = QDate.fromString((text or "").strip()[:10], "yyyy-MM-dd")
        self.setDate(date if date.isValid() else self.EMPTY)

    def clear(self) -> None:
        self.setDate(self.EMPTY)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt name
        if event.key() == Qt.Key_Delete or (event.key() == Qt.Key_Backspace and
                                            self.lineEdit().selectedText() == self.lineEdit().text()):
            self.clear()                     # back to "none"
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.returnPressed.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt name
        # an empty field's calendar opens at today, not at the "none" date of 1900
        if self.date() == self.EMPTY and self.isEnabled() and not self.isReadOnly():
            self.setDate(QDate.currentDate())
        super().mousePressEvent(event)


def confirm(parent, title: str, text: str, yes: str) -> bool:
    """Ask before a step that is not undone with one click (批量受理, ending a tag,
    taking the other value of a conflict); the safe answer is the default."""
    box = QMessageBox(QMessageBox.Question, title, text, QMessageBox.NoButton, parent)
    box.setObjectName("confirm")
    go = box.addButton(yes, QMessageBox.AcceptRole)
    stay = box.addButton(QMessageBox.Cancel)
    box.setDefaultButton(stay)
    box.exec()
    return box.clickedButton() is go


def explain_disabled(*buttons) -> str:
    """Why a button shown greyed cannot be used: put beside it (and on its tooltip), so a
    role that sees a queue it cannot act on knows why instead of guessing."""
    from PySide6.QtCore import QCoreApplication
    reasons = []
    for button in buttons:
        shown = not button.isHidden()
        why = "" if button.isEnabled() or not shown else QCoreApplication.translate(
            "Widgets", "“%1” is not part of your role: you can see this queue but not "
            "act on it.").replace("%1", button.text().rstrip("…"))
        button.setToolTip(why)
        if why:
            reasons.append(why)
    return " ".join(reasons)
