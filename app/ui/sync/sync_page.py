"""The 同步 page: connection and progress, 立即同步, and four lists — changes
waiting to be sent, changes that need attention (rejected, with the server's
reason, or failing again and again), conflicts to resolve, and the history of
sync runs. Plus the conflict inbox's resolve panel for supervisors.

Values in the conflict inbox are masked like the roster's; 显示全部 asks why (the
resident form's dialog) and the reveal goes to the audit log. Revealed values are
kept only while the page is on screen."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QLabel, QMessageBox, QProgressBar, QPushButton, QSplitter,
    QTableWidgetItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget,
)

from app.models.domain import calendar
from app.models.domain import rights
from app.models.domain.rules import redact_numbers
from app.models.roster.repository import ValidationError
from app.models.write.unit import ConnectionStore
from app.sync import audit_upload, inbox, session
from app.sync.engine import SyncEngine
from app.sync import conflicts as conflict_model
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import make_table
from app.ui.roster.resident_dialog import ask_reveal_reason

RESOLVER_ROLES = rights.CONFLICT_RESOLVERS     # the server's too (one table)


def _fmt_time(iso: str | None) -> str:
    return calendar.shown(iso)       # the city's time whatever the stored offset


def read_sync_page(conn) -> dict:
    """Everything the page lists (worker thread, the page's own connection)."""
    store = ConnectionStore(conn)
    return dict(waiting=inbox.outbox(conn, inbox.WAITING),
                attention=inbox.outbox(conn, inbox.ATTENTION),
                forwarded=inbox.outbox(conn, inbox.FORWARDED),
                conflicts=conflict_model.listing(conn, "open"),
                history=inbox.history(conn),
                session=session.load(store),
                refused=audit_upload.refusal(store),
                # what the status bar and this page show (no server is asked)
                engine=SyncEngine(store, None).status())


def _fmt_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class SyncPage(QWidget):
    syncRequested = Signal()
    signInRequested = Signal()
    changed = Signal()

    def __init__(self, store, actor_fn, parent=None):
        super().__init__(parent)
        self.store = store
        self.actor_fn = actor_fn
        self.entity_names = {
            "residents": self.tr("Resident"), "households": self.tr("Household"),
            "addresses": self.tr("Address"), "resident_tags": self.tr("Tag"),
            "visits": self.tr("Visit"), "cases": self.tr("Case"),
            "case_events": self.tr("Case step"), "case_residents": self.tr("Case resident"),
            "org_units": self.tr("Org unit"), "conflicts": self.tr("Conflict"),
            "houses": self.tr("House"), "house_tenants": self.tr("Tenant"),
            "organizations": self.tr("Organization"), "org_employees": self.tr("Employee"),
            "inspections": self.tr("Inspection")}
        self.field_names = {
            "name": self.tr("Name"), "id_number": self.tr("ID number"),
            "phone": self.tr("Phone"), "birth_date": self.tr("Birth date"),
            "gender": self.tr("Gender"), "status": self.tr("Status"),
            "residence_type": self.tr("Residence type"), "household_id": self.tr("Household"),
            "relation": self.tr("Relation to head"), "occupation": self.tr("Occupation"),
            "work_unit": self.tr("Work unit"), "notes": self.tr("Notes"),
            "tag": self.tr("Tag"), "until": self.tr("Tag ends"), "title": self.tr("Title"),
            "description": self.tr("Description"), "grid_id": self.tr("Grid"),
            "path": self.tr("Address"), "move": self.tr("Where the person lives")}
        self.op_names = {"create": self.tr("New"), "patch": self.tr("Edit"),
                         "delete": self.tr("Delete"), "transition": self.tr("Case step"),
                         "attach": self.tr("Photo")}

        title = QLabel(self.tr("Sync"))
        title.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.connection = QLabel()
        self.connection.setWordWrap(True)
        self.sync_now = QPushButton(self.tr("Sync now"))
        self.sync_now.clicked.connect(self.syncRequested)
        self.sign_in = QPushButton(self.tr("Sign in to the server…"))
        self.sign_in.clicked.connect(self.signInRequested)
        self.progress_label = QLabel()
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(320)
        self.bar.hide()

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.progress_label)
        head.addWidget(self.bar)
        head.addWidget(self.sign_in)
        head.addWidget(self.sync_now)

        self.tabs = QTabWidget()
        self.waiting = make_table([self.tr("Time"), self.tr("What"), self.tr("Change"),
                                   self.tr("Fields"), self.tr("Tries")], 1)
        self.attention = make_table([self.tr("Time"), self.tr("What"), self.tr("Change"),
                                     self.tr("Reason"), self.tr("Tries")], 3)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.clicked.connect(self.retry_selected)
        attention_box = QWidget()
        al = QVBoxLayout(attention_box)
        note = QLabel(self.tr("The server did not accept these changes. They are kept here "
                              "with the reason; nothing is dropped. Fix the cause (or ask "
                              "your supervisor) and try again."))
        note.setWordWrap(True)
        al.addWidget(note)
        al.addWidget(self.attention)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.retry_button)
        al.addLayout(row)

        self.forwarded = make_table([self.tr("Time"), self.tr("What"), self.tr("Change"),
                                     self.tr("Fields"), self.tr("Tries")], 1)
        forwarded_box = QWidget()
        fl = QVBoxLayout(forwarded_box)
        fnote = QLabel(self.tr("These records belong to another grid or community now (or "
                               "were made where you no longer work). Your changes were sent "
                               "to the people who hold them now; their supervisor decides. "
                               "Nothing is lost and nothing more is needed from you."))
        fnote.setWordWrap(True)
        fl.addWidget(fnote)
        fl.addWidget(self.forwarded)

        self.conflict_table = make_table([self.tr("Record"), self.tr("Field"),
                                          self.tr("Value kept"), self.tr("Other value"),
                                          self.tr("When")], 0)
        self.conflict_table.itemSelectionChanged.connect(self.show_conflict)
        self.conflict_detail = QTextBrowser()
        self.keep_button = QPushButton(self.tr("Keep current value"))
        self.take_button = QPushButton(self.tr("Take the other value"))
        self.edit_button = QPushButton(self.tr("Enter a value…"))
        self.keep_button.clicked.connect(self.resolve_keep)
        self.take_button.clicked.connect(self.resolve_take_other)
        self.edit_button.clicked.connect(self.resolve_edit)
        self.reveal_button = QPushButton(self.tr("Show full values…"))
        self.reveal_button.setObjectName("revealConflict")
        self.reveal_button.setToolTip(self.tr("Show the full ID numbers and phones of this "
                                              "conflict (you will be asked why; it is logged)"))
        self.reveal_button.clicked.connect(self._reveal_clicked)
        self.conflict_hint = QLabel()
        self.conflict_hint.setWordWrap(True)
        conflict_box = QWidget()
        cl = QVBoxLayout(conflict_box)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.conflict_table)
        split.addWidget(self.conflict_detail)
        split.setSizes([260, 200])
        cl.addWidget(split)
        buttons = QHBoxLayout()
        buttons.addWidget(self.conflict_hint, 1)
        for b in (self.reveal_button, self.keep_button, self.take_button, self.edit_button):
            buttons.addWidget(b)
        cl.addLayout(buttons)

        self.history = make_table([self.tr("Started"), self.tr("Finished"), self.tr("Sent"),
                                   self.tr("Received"), self.tr("Conflicts"),
                                   self.tr("Rejected"), self.tr("Result")], 6)
        self.tabs.addTab(self.waiting, "")
        self.tabs.addTab(attention_box, "")
        self.tabs.addTab(conflict_box, "")
        self.tabs.addTab(forwarded_box, "")
        self.tabs.addTab(self.history, self.tr("History"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.connection)
        layout.addWidget(self.tabs, 1)
        self._conflicts: list[dict] = []
        self._revealed: dict[str, dict] = {}   # conflict id -> full values, while shown
        self._attention: list[dict] = []
        self._data: dict | None = None
        self._stale = False
        self.status: dict = {}
        # the lists are read once as the page is built (the window is being made), and
        # from then on off the GUI thread on the page's own connection; a newer reload
        # (the next status, a pull) stops an older one
        self._lane = QueryLane(store.open_connection, warm=False)
        self._show(read_sync_page(store.conn))

    # ------------------------------------------------------------ data
    def refresh(self) -> None:
        """Read the lists again off the GUI thread, then show them; a page not on screen
        reads when it is next shown (every sync run reports its status here)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self._lane.submit(read_sync_page, self._show, self._failed)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def is_loading(self) -> bool:
        return self._lane.busy()

    def _failed(self, exc: Exception) -> None:
        self.connection.setText(self.tr("The sync lists could not be read: %1").replace(
            "%1", str(exc)))

    def _show(self, data: dict) -> None:
        self._data = data
        selected = self.selected_conflict()
        for table in (self.waiting, self.attention, self.forwarded, self.conflict_table,
                      self.history):
            table.setUpdatesEnabled(False)      # one repaint per table, not one per cell
        try:
            self._fill_ops(self.waiting, data["waiting"], reason=False)
            self._attention = data["attention"]
            self._fill_ops(self.attention, self._attention, reason=True)
            self._fill_ops(self.forwarded, data["forwarded"], reason=False)
            self._conflicts = data["conflicts"]
            self._fill_conflicts()
            if selected is not None:            # the same conflict stays selected
                row = next((i for i, c in enumerate(self._conflicts)
                            if c["id"] == selected["id"]), None)
                if row is not None:
                    self.conflict_table.selectRow(row)
            self._fill_history(data["history"])
        finally:
            for table in (self.waiting, self.attention, self.forwarded, self.conflict_table,
                          self.history):
                table.setUpdatesEnabled(True)
        self.tabs.setTabText(0, self.tr("Waiting to send (%1)").replace(
            "%1", str(len(data["waiting"]))))
        self.tabs.setTabText(1, self.tr("Needs attention (%1)").replace(
            "%1", str(len(self._attention))))
        self.tabs.setTabText(2, self.tr("Conflicts (%1)").replace("%1",
                                                                 str(len(self._conflicts))))
        self.tabs.setTabText(3, self.tr("Sent to the present holder (%1)").replace(
            "%1", str(len(data["forwarded"]))))
        self._update_connection()

    def _fill_ops(self, table, rows: list[dict], *, reason: bool) -> None:
        table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            what = f"{self.entity_names.get(r['entity'], r['entity'])} {r['label']}"
            change = self.op_names.get(r["op"], r["op"])
            if r.get("action"):
                change += f" · {r['action']}"
            # the server's reason may quote a value: masked like every list
            last = redact_numbers(r["last_error"] or "") if reason else \
                self.tr(", ").join(self.field_names.get(f, f) for f in r["fields"][:6])
            for col, text in enumerate((_fmt_time(r["created_at"]), what, change, last,
                                        str(r["attempts"]))):
                table.setItem(i, col, QTableWidgetItem(text))
        table.resizeColumnToContents(0)

    def _fill_conflicts(self) -> None:
        t = self.conflict_table
        t.setRowCount(len(self._conflicts))
        for i, c in enumerate(self._conflicts):
            record = f"{self.entity_names.get(c['entity'], c['entity'])} {c['label']}"
            field = self._field_label(c)
            kept, other = self._values(c)
            for col, text in enumerate((record, field, self._fmt(kept, c["field"]),
                                        self._fmt(other, c["field"]),
                                        _fmt_time(c["created_at"]))):
                t.setItem(i, col, QTableWidgetItem(text))
        self.show_conflict()

    def _field_label(self, c: dict) -> str:
        """What a conflict is about, as the table and the detail name it."""
        if c["kind"] == "edit_delete" and c["field"] == "pruned":
            return self.tr("edited, but deleted long ago")
        if c["kind"] == "edit_delete":
            return self.tr("edited, but deleted elsewhere")
        if c["kind"] == "moved" and c["field"] == "create":
            return self.tr("new, made by someone who no longer works here")
        if c["kind"] == "moved":
            return self.tr("changed by someone who no longer holds it")
        if c["kind"] == "delete_edit":
            return self.tr("deleted, but edited elsewhere")
        if c["kind"] == "transition":
            return self.tr("case step not allowed: %1").replace("%1", c["field"] or "")
        return self.field_names.get(c["field"] or "", c["field"] or "")

    def _fill_history(self, rows: list[dict]) -> None:
        t = self.history
        t.setRowCount(len(rows))
        for i, r in enumerate(rows):
            if r["error"]:
                result = self.tr("Failed: %1").replace("%1", r["error"])
            elif r["finished_at"] is None:
                result = self.tr("Running or interrupted")
            elif r["kind"] == "resync:retention":
                result = self.tr("Full download: this computer was offline longer than the "
                                 "server keeps changes; edits of records deleted meanwhile "
                                 "went to a supervisor")
            elif (r["kind"] or "").startswith("resync"):
                result = self.tr("Full download")
            elif r["kind"] == "verify":
                result = self.tr("Checked against the server: %1 repaired").replace(
                    "%1", str(r.get("repaired") or 0))
            else:
                result = self.tr("OK")
            for col, text in enumerate((_fmt_time(r["started_at"]), _fmt_time(r["finished_at"]),
                                        str(r["pushed"]), str(r["pulled"]), str(r["conflicts"]),
                                        str(r["rejected"]), result)):
                t.setItem(i, col, QTableWidgetItem(text))
        t.resizeColumnsToContents()     # times whole, as the other lists of the page

    def _update_connection(self) -> None:
        if self._data is None:
            return
        s = self._data["session"]
        signed_in = s is not None and s.tokens is not None
        self.sign_in.setVisible(not signed_in)
        self.sync_now.setEnabled(signed_in)
        if not signed_in:
            self.connection.setText(self.tr(
                "Not signed in to a city server: everything is kept on this computer and "
                "will be sent once you sign in."))
            return
        st = self.status
        online = st.get("online")
        state = self.tr("online") if online else (self.tr("offline") if online is False
                                                  else self.tr("connecting"))
        last = st.get("last_success_at") or self._data["engine"]["last_success_at"]
        text = (self.tr("%1 · signed in as %2 · %3 · last successful sync: %4")
                .replace("%1", s.server_url).replace("%2", s.username).replace("%3", state)
                .replace("%4", _fmt_time(last) or self.tr("never")))
        refused = self._data["refused"]
        if refused:
            text += "\n" + self.tr("The server refused this computer's audit log from record "
                                   "%1 on (%2): it is kept here; tell IT.").replace(
                "%1", str(refused.get("seq"))).replace("%2", str(refused.get("code")))
        self.connection.setText(text)

    # ------------------------------------------------------------ worker signals
    def on_status(self, status: dict) -> None:
        self.status = status
        if not status.get("running"):
            self.bar.hide()
            self.progress_label.clear()
        self._update_connection()       # online or not, at once; the lists follow
        self.refresh()

    def on_progress(self, phase: str, done: int, total: int, entity: str) -> None:
        self.bar.show()
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        texts = {"push": self.tr("Sending…"), "pull": self.tr("Receiving: %1"),
                 "snapshot": self.tr("Full download: %1 records"),
                 "photos": self.tr("Uploading photos…"), "done": self.tr("Done")}
        self.progress_label.setText(texts.get(phase, phase).replace("%1", f"{done:,}"))

    # ------------------------------------------------------------ actions
    def retry_selected(self) -> None:
        rows = {i.row() for i in self.attention.selectedItems()}
        if not rows:
            return
        actor = self.actor_fn()
        for r in rows:
            inbox.retry(self.store, actor, self._attention[r]["op_id"])
        self.refresh()
        self.syncRequested.emit()

    def selected_conflict(self) -> dict | None:
        rows = {i.row() for i in self.conflict_table.selectedItems()}
        return self._conflicts[min(rows)] if rows else None

    def _values(self, c: dict) -> tuple:
        """(kept, other) as shown: masked, unless revealed while the page is on screen."""
        full = self._revealed.get(c["id"])
        if full is not None:
            return full["kept_value"], full["other_value"]
        return c["kept_value"], c["other_value"]

    def _reveal_clicked(self) -> None:
        self.reveal_selected()

    def reveal_selected(self, reason: str | None = None) -> bool:
        """显示: ask why (the resident form's dialog), audit, then show the full values."""
        c = self.selected_conflict()
        if c is None or not c["masked"] or c["id"] in self._revealed:
            return False
        if reason is None:
            reason = ask_reveal_reason(self)
            if reason is None:
                return False
        try:
            self._revealed[c["id"]] = conflict_model.reveal(self.store, self.actor_fn(),
                                                            c["id"], reason)
        except (ValidationError, conflict_model.ResolveError):
            return False
        row = self._conflicts.index(c)
        self._fill_conflicts()
        self.conflict_table.selectRow(row)
        return True

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt name
        # revealed values do not outlive the moment they were asked for
        if self._revealed:
            self._revealed.clear()
            self._fill_conflicts()
        super().hideEvent(event)

    def show_conflict(self) -> None:
        c = self.selected_conflict()
        self.reveal_button.setEnabled(bool(c) and c["masked"] and c["id"] not in self._revealed)
        may = self.actor_fn().role in RESOLVER_ROLES
        allowed = conflict_model.resolutions(c) if c else ()
        self.keep_button.setEnabled(bool(c) and may and "keep" in allowed)
        self.take_button.setEnabled(bool(c) and may and "take_other" in allowed)
        self.edit_button.setEnabled(bool(c) and may and "edit" in allowed)
        self.conflict_hint.setText("" if may else self.tr(
            "Conflicts are resolved by a community supervisor or the center."))
        if not c:
            self.conflict_detail.setHtml(self.tr("<p>Select a conflict to see both sides.</p>")
                                         if self._conflicts else
                                         self.tr("<p>No conflicts: every change merged.</p>"))
            return
        self.conflict_detail.setHtml(self._conflict_html(c))

    def _conflict_html(self, c: dict) -> str:
        from html import escape
        t_kept, t_other = self.tr("Value kept (now on the server)"), self.tr("Other value")
        t_by, t_when = self.tr("By"), self.tr("When")
        t_timeline, t_not_allowed = self.tr("Case timeline"), self.tr("not allowed")
        kept_value, other_value = self._values(c)
        kept = escape(self._fmt(kept_value, c["field"]))
        other = escape(self._fmt(other_value, c["field"]))
        html = [f"<h3>{escape(self.entity_names.get(c['entity'], c['entity']))} "
                f"{escape(c['label'])}</h3>",
                "<table cellpadding='6' border='1' style='border-collapse: collapse'>",
                f"<tr><th></th><th>{t_kept}</th><th>{t_other}</th></tr>",
                f"<tr><td>{escape(self._field_label(c))}</td>"
                f"<td>{kept}</td><td>{other}</td></tr>",
                f"<tr><td>{t_by}</td><td>{escape(self._author(c, 'kept'))}</td>"
                f"<td>{escape(self._author(c, 'other'))}</td></tr>",
                f"<tr><td>{t_when}</td><td>{escape(_fmt_time(c['kept_at']))}</td>"
                f"<td>{escape(_fmt_time(c['other_at']))}</td></tr></table>"]
        if c["entity"] == "cases":
            events = self.store.conn.execute(
                "SELECT seq, action, actor_name, role, device_time, conflict FROM case_events "
                "WHERE case_id = ? AND deleted_at IS NULL ORDER BY seq",
                (c["entity_id"],)).fetchall()
            html.append(f"<h4>{t_timeline}</h4><ol>")
            for seq, action, actor, role, at, flagged in events:
                mark = f" <b style='color:#b42318'>{t_not_allowed}</b>" if flagged else ""
                html.append(f"<li>{escape(_fmt_time(at))} {escape(action)} · "
                            f"{escape(actor or role)}{mark}</li>")
            html.append("</ol>")
        return "".join(html)

    def _fmt(self, value, field: str | None = None) -> str:
        """A value as a person reads it: a move or a forwarded edit (several fields)
        as "field: value" pairs, grids and households by their names."""
        if isinstance(value, dict):
            pair, sep = self.tr("%1: %2"), self.tr("; ")
            return sep.join(pair.replace("%1", self.field_names.get(k, k))
                            .replace("%2", self._fmt(v, k))
                            # the address path is a code: grid and household say it
                            for k, v in value.items() if k not in ("id", "path"))
        if value is None:
            return "—"
        conn = self.store.conn
        if field == "grid_id":
            row = conn.execute("SELECT name FROM org_units WHERE id = ?", (value,)).fetchone()
            return row[0] if row else str(value)[:8]
        if field == "household_id":
            row = conn.execute("SELECT number FROM households WHERE id = ?", (value,)).fetchone()
            return row[0] if row else str(value)[:8]
        if field == "relation":
            from app.models.domain.choices import RELATIONS
            from app.ui.common.i18n import current_lang
            choice = RELATIONS.get(value)
            return choice.label(current_lang()) if choice else str(value)
        return _fmt_value(value)

    def _author(self, c: dict, side: str) -> str:
        name = c.get(f"{side}_author_name")
        if name:
            return name
        author = c.get(f"{side}_author") or ""
        me = self.actor_fn()
        return self.tr("you") if author == me.user_id else author[:8]

    def resolve_keep(self) -> None:
        self.resolve("keep")

    def resolve_take_other(self) -> None:
        self.resolve("take_other")

    def resolve_edit(self) -> None:
        self.resolve("edit")

    def resolve(self, resolution: str) -> None:
        c = self.selected_conflict()
        if c is None:
            return
        value = None
        if resolution == "edit":
            # start from the value kept, in full only when it was revealed: a masked
            # value must never be saved back as if it were the number
            start = "" if c["masked"] and c["id"] not in self._revealed else \
                _fmt_value(self._values(c)[0])
            value, ok = QInputDialog.getText(self, self.tr("Enter a value"),
                                             self.tr("Value for %1:").replace(
                                                 "%1", c["field"] or ""),
                                             text=start)
            if not ok:
                return
        try:
            conflict_model.resolve(self.store, self.actor_fn(), c["id"], resolution, value)
        except conflict_model.ResolveError as exc:
            if exc.issues:
                from app.ui.common.messages import message
                QMessageBox.warning(self, self.tr("Conflict"), message(exc.issues[0]))
                return
            texts = {"value_required": self.tr("Enter the value to keep."),
                     "resolved": self.tr("This conflict was already resolved."),
                     "bad_resolution": self.tr("That choice is not possible for this conflict."),
                     "not_found": self.tr("This conflict no longer exists.")}
            QMessageBox.warning(self, self.tr("Conflict"), texts.get(exc.code, exc.code))
            return
        self._revealed.pop(c["id"], None)
        # gone from the list at once; the lists are read again off the GUI thread
        self._conflicts = [x for x in self._conflicts if x["id"] != c["id"]]
        self._fill_conflicts()
        self.tabs.setTabText(2, self.tr("Conflicts (%1)").replace("%1",
                                                                 str(len(self._conflicts))))
        self.refresh()
        self.changed.emit()
        self.syncRequested.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._lane.close()
        super().closeEvent(event)
