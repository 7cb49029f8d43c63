"""Case detail: its fields, the event timeline with photos, and only the actions
the current role may take."""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QFrame, QGridLayout,
    QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout,
    QWidget,
)

from app.models.domain import calendar
from app.models.domain import workflow
from app.models.roster.repository import ValidationError
from app.models.domain.rules import mask_phone
from app.models.domain.case_fields import shown_number
from app.ui.cases.case_labels import (LEVEL_COLORS, action_label, band_color, countdown_text,
    level_label, satisfaction_label, state_label, supervision_label, transition_error)
from app.ui.common.i18n import current_lang, label
from app.ui.common.messages import message
from app.ui.cases.quick_report import IMAGE_FILTER, PhotoDropList
from app.ui.common.photo_view import enlarge_on_click
from app.ui.common.widgets import Field, photo_pixmap
from app.ui.common.words import joined
from app.ui.cases import case_sheet


def category_name(cat) -> str:
    if cat is None:
        return ""
    if current_lang() == "en":
        return getattr(cat, "name_en", None) or cat.name
    return cat.name


class ActionDialog(QDialog):
    """One step on a case: a note, photos, and what the step needs (target, days, …)."""

    def __init__(self, cases, roster, case: dict, action: str, parent=None):
        super().__init__(parent)
        self.cases, self.roster, self.case, self.action = cases, roster, case, action
        self.photos: list[str] = []
        self.setWindowTitle(action_label(action) + " — " + shown_number(case))
        form = QFormLayout()
        self.extra: dict[str, QWidget] = {}
        if action == "dispatch":
            target = QComboBox()
            suggested = cases.suggest_department(case["id"])
            if suggested is None:
                # no unit of the category's department: the user chooses, nothing is
                # preselected (the first department would be a guess)
                target.addItem(self.tr("Choose who handles the case…"), None)
            for dept in roster.departments():
                target.addItem(dept["name"], dept["id"])
            if case.get("grid_id"):
                grid = roster.org_unit(case["grid_id"])
                if grid:
                    target.addItem(self.tr("%1 (grid worker)").replace("%1", grid["name"]),
                                   grid["id"])
            if suggested is not None:
                target.setCurrentIndex(max(0, target.findData(suggested["id"])))
            self.extra["unit"] = target
            form.addRow(self.tr("Handled by"), target)
        elif action == "escalate":
            level = QComboBox()
            start = case.get("level_unit_id") or case.get("grid_id")
            for unit in roster.ancestors(start) if start else []:
                if unit["kind"] in ("street", "district", "city"):
                    level.addItem(unit["name"], unit["id"])
            self.extra["unit"] = level
            form.addRow(self.tr("Escalate to"), level)
        elif action == "request_extension":
            days = QSpinBox()
            days.setRange(1, 30)
            days.setValue(3)
            days.setSuffix(self.tr(" working days"))
            self.extra["days"] = days
            form.addRow(self.tr("Extra time"), days)
        elif action == "supervise":
            level = QComboBox()
            level.addItem(supervision_label("yellow"), "yellow")
            level.addItem(supervision_label("red"), "red")
            self.extra["level"] = level
            form.addRow(self.tr("Card"), level)
        elif action == "evaluate":
            sat = QComboBox()
            for value in workflow.SATISFACTION:
                sat.addItem(satisfaction_label(value), value)
            self.extra["satisfaction"] = sat
            form.addRow(self.tr("Resident's view"), sat)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        form.addRow(self.tr("Note"), self.note)
        self.photo_list = PhotoDropList()
        self.photo_list.setMinimumHeight(110)
        self.photo_list.filesDropped.connect(self.add_photos)
        self.photo_field = Field(self.photo_list)
        pick = QPushButton(self.tr("Choose photos…"))
        pick.setAutoDefault(False)
        pick.clicked.connect(self._pick)
        form.addRow(self.tr("Photos"), self.photo_field)
        form.addRow("", pick)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b91c1c;")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(action_label(action))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _pick(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Choose photos"), "",
                                                self.tr("Images (%1)").replace("%1", IMAGE_FILTER))
        self.add_photos([Path(f) for f in files])

    def add_photos(self, paths) -> None:
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QListWidgetItem
        for path in paths:
            try:
                sha = self.cases.add_photo(path)
            except ValidationError as exc:
                self.photo_field.show_message(f"{Path(path).name}: {message(exc.issues[0])}")
                continue
            if sha not in self.photos:
                self.photos.append(sha)
                self.photo_list.addItem(QListWidgetItem(
                    QIcon(photo_pixmap(self.cases, sha)), ""))

    def data(self) -> dict:
        out = {}
        for key, widget in self.extra.items():
            out[key] = widget.value() if isinstance(widget, QSpinBox) else widget.currentData()
        return out

    def submit(self) -> None:
        try:
            self.cases.act(self.case["id"], self.action, note=self.note.toPlainText() or None,
                           photos=self.photos, **self.data())
        except workflow.TransitionError as exc:
            self.error.setText(transition_error(exc.code))
            self.error.setVisible(True)
            return
        except ValidationError as exc:
            self.error.setText(message(exc.issues[0]))
            self.error.setVisible(True)
            return
        self.accept()


class CaseDetailDialog(QDialog):
    changed = Signal()

    def __init__(self, cases, roster, case_id: str, parent=None):
        super().__init__(parent)
        self.cases, self.roster, self.case_id = cases, roster, case_id
        self.header = QLabel()
        self.header.setTextFormat(Qt.RichText)
        self.header.setWordWrap(True)
        # the number people say, selectable and with a copy button (the long one and
        # the provisional one are in its tooltip)
        self.number_label = QLabel()
        self.number_label.setObjectName("caseNumber")
        self.number_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.number_label.setStyleSheet("color: #374151; font-size: 14px;")
        self.copy_number_button = QPushButton(self.tr("Copy number"))
        self.copy_number_button.setAutoDefault(False)
        self.copy_number_button.clicked.connect(self.copy_number)
        number_row = QHBoxLayout()
        number_row.addWidget(self.number_label)
        number_row.addWidget(self.copy_number_button)
        number_row.addStretch(1)
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(16)
        facts_box = QWidget()
        facts_box.setLayout(self.facts)
        self.timeline = QVBoxLayout()
        self.timeline.setAlignment(Qt.AlignTop)
        tl_widget = QWidget()
        tl_widget.setLayout(self.timeline)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(tl_widget)
        self.actions_row = QHBoxLayout()
        close = QDialogButtonBox(QDialogButtonBox.Close)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addLayout(self.actions_row)
        bottom.addStretch()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("printCase")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(lambda: case_sheet.print_case(self))
        bottom.addWidget(self.print_button)
        bottom.addWidget(close)
        timeline_title = QLabel(self.tr("Timeline"))
        timeline_title.setStyleSheet("font-weight: bold; margin-top: 6px;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(number_row)
        layout.addWidget(facts_box)
        layout.addWidget(timeline_title)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.action_buttons: dict[str, QPushButton] = {}
        self.resize(900, 680)
        self.reload()

    def copy_number(self) -> None:
        from PySide6.QtGui import QGuiApplication
        QGuiApplication.clipboard().setText(self.number_label.text())

    def _clear(self, layout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
            elif item.layout():
                self._clear(item.layout())

    def reload(self) -> None:
        case = self.cases.get(self.case_id)
        self.case = case
        self.setWindowTitle(self.tr("Case %1").replace("%1", shown_number(case)))
        level = self.cases.level(case)
        color = LEVEL_COLORS.get(level).name()
        if case["state"] in ("closed", "evaluated", "rejected"):
            timing = level_label(level) if case.get("deadline") else ""
        else:
            left = self.cases.countdown(case)
            timing = countdown_text(left)
            color = (band_color(left) or LEVEL_COLORS["normal"]).name()
        self.header.setText(
            f"<span style='font-size:18px;font-weight:bold'>{_esc(case['title'])}</span>"
            f"&nbsp;&nbsp;<span style='background:#1f3a5f;color:white;padding:2px 6px'>"
            f"&nbsp;{state_label(case['state'])}&nbsp;</span>&nbsp;&nbsp;"
            f"<span style='color:{color};font-weight:bold'>{_esc(timing)}</span>")
        self.number_label.setText(shown_number(case))
        self.number_label.setToolTip("\n".join(
            n for n in (case.get("short_no"), case.get("provisional_no"), case["number"]) if n))
        self._clear(self.facts)
        from app.models.domain.case_fields import SOURCES, URGENCY
        unit = self.roster.org_unit(case["holder_unit_id"]) if case.get("holder_unit_id") else None
        grid = self.roster.org_unit(case["grid_id"])
        place = ""
        if case.get("address_id"):
            addr = self.roster.address(case["address_id"])
            place = addr["full_name"] if addr else ""
        place = " ".join(x for x in (place, case.get("location_text") or "") if x)
        residents = joined(r["name"] for r in self.cases.residents(self.case_id))
        facts = [
            (self.tr("Category"), category_name(self.cases.categories.get(case["category"]))),
            (self.tr("Source"), label(SOURCES.get(case["source"]))),
            (self.tr("Urgency"), label(URGENCY.get(case["urgency"]))),
            (self.tr("Grid"), grid["name"] if grid else ""),
            (self.tr("Place"), place),
            (self.tr("Reporter"), " ".join(x for x in (case.get("reporter_name") or "",
                                                       mask_phone(case.get("reporter_phone")))
                                           if x)),
            (self.tr("Held by"), unit["name"] if unit else ""),
            (self.tr("Deadline"), calendar.shown(case.get("deadline"))),
            (self.tr("Supervision"), supervision_label(case["supervision"])),
            (self.tr("Rework"), str(case["rework_count"])),
            (self.tr("Residents involved"), residents),
            (self.tr("Description"), case.get("description") or ""),
        ]
        for i, (name, value) in enumerate(facts):
            row, col = divmod(i, 2)
            key = QLabel(name)
            key.setStyleSheet("color: #6b7280;")
            val = QLabel(value)
            # residents' own words (the 随手拍 page is open to anyone): shown as typed,
            # never rendered as rich text (a link, an image)
            val.setTextFormat(Qt.PlainText)
            val.setWordWrap(True)
            val.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.facts.addWidget(key, row, col * 2, Qt.AlignTop)
            self.facts.addWidget(val, row, col * 2 + 1, Qt.AlignTop)
        self.facts.setColumnStretch(1, 1)
        self.facts.setColumnStretch(3, 1)

        self._clear(self.timeline)
        for event in self.cases.events(self.case_id):
            self.timeline.addWidget(self._event_widget(event))
        self._clear(self.actions_row)
        self.action_buttons = {}
        for action in self.cases.allowed_actions(self.case_id) + ["note"]:
            button = QPushButton(action_label(action))
            button.setObjectName(f"action_{action}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            self.actions_row.addWidget(button)
            self.action_buttons[action] = button

    def _event_widget(self, event: dict) -> QWidget:
        frame = QFrame()
        frame.setObjectName("event")
        bar = "#b91c1c" if event.get("conflict") else "#2f5d8f"
        frame.setStyleSheet(f"QFrame#event {{ background: #f8fafc; border: 1px solid #e2e8f0;"
                            f" border-left: 4px solid {bar}; }}")
        lay = QVBoxLayout(frame)
        lay.setContentsMargins(10, 6, 10, 6)
        when = calendar.shown(event.get("device_time"))
        who = event.get("actor_name") or event.get("actor_id") or ""
        title = QLabel(f"<b>{action_label(event['action'])}</b>&nbsp;&nbsp;{_esc(who)}"
                       f"&nbsp;&nbsp;<span style='color:#6b7280'>{when}</span>"
                       + (f"&nbsp;&nbsp;<span style='color:#b91c1c'>{self.tr('conflict')}</span>"
                          if event.get("conflict") else ""))
        lay.addWidget(title)
        detail = self._event_detail(event)
        if detail:
            lay.addWidget(QLabel(detail))
        if event.get("note"):
            note = QLabel(event["note"])
            note.setTextFormat(Qt.PlainText)
            note.setWordWrap(True)
            lay.addWidget(note)
        photos = event.get("photos") or []
        if photos:
            row = QHBoxLayout()
            for sha in photos:
                row.addWidget(self._photo(sha))
            row.addStretch()
            lay.addLayout(row)
        return frame

    def _photo(self, sha: str) -> QLabel:
        pic = QLabel()
        pic.setToolTip(sha[:12])
        cases = self.cases

        def show(path) -> None:
            if not shiboken6.isValid(pic):
                return   # the case was closed before the download finished
            pixmap = photo_pixmap(cases, sha) if path is not None else QPixmap()
            if pixmap.isNull():
                pic.setText(self.tr("Photo not downloaded yet"))
                return
            pic.setPixmap(pixmap.scaled(120, 120, Qt.KeepAspectRatio,
                                        Qt.SmoothTransformation))
            enlarge_on_click(pic, lambda: photo_pixmap(cases, sha, thumb=False), sha[:12])
        if cases.has_photo(sha, thumb=True):
            show(cases.photo_path(sha, thumb=True))
        else:
            # taken on another desktop: fetch it once from the city server, off the GUI thread
            from app.ui.cases.photo_fetch import fetch_photo
            pic.setText(self.tr("Downloading photo…"))
            pic.setMinimumSize(120, 40)
            fetch_photo(self.cases.store, self.cases.data_dir, sha, show,
                        lambda _exc: show(None))
        return pic

    def _event_detail(self, event: dict) -> str:
        data = event.get("data") or {}
        if event["action"] in ("dispatch", "escalate") and data.get("unit"):
            unit = self.roster.org_unit(data["unit"])
            return self.tr("→ %1").replace("%1", unit["name"] if unit else data["unit"])
        if event["action"] == "request_extension" and data.get("days"):
            return self.tr("%1 working days").replace("%1", str(data["days"]))
        if event["action"] == "supervise" and data.get("level"):
            return supervision_label(data["level"])
        if event["action"] == "evaluate" and data.get("satisfaction"):
            return satisfaction_label(data["satisfaction"])
        return ""

    def run_action(self, action: str) -> None:
        dlg = ActionDialog(self.cases, self.roster, self.case, action, self)
        if dlg.exec() == QDialog.Accepted:
            self.reload()
            self.changed.emit()


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
