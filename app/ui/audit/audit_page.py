"""The auditor's view of the audit log (domain.md §6): who viewed, changed,
exported or revealed what and when, with filters, and whether every chain is
intact. Signed in to the city server, the auditor reads the whole city's log
(every desktop uploads its own); otherwise this PC's log."""
from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.models.domain import calendar
from app.models.reports import audit_words
from app.models.write import audit
from app.models.domain.rules import clean_query_text
from app.ui.cases.case_labels import action_label
from app.ui.common.i18n import label
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import DateField, make_table
from app.ui.common.words import entity_label, field_label, joined, refusal_text, role_label

RAW_COLUMN = 6

ACTIONS = ("", "reveal", "export", "export_report", "print", "import", "create", "update",
           "delete", "conflict.resolve", "sync.rejected", "sync.retry", "demo_data")


class LocalAuditSource:
    """This PC's own log (read on the page's own connection, off the GUI thread)."""
    label = "local"

    def __init__(self, store):
        self.store = store
        self.open_connection = store.open_connection
        from app.models.store import settings
        # the signed-in person's id reads better as their name
        self.names = {settings.get(store.conn, "user.id"): settings.get(store.conn, "user.name")}

    def records(self, conn, *, user="", action="", entity_id="", since="", until="",
                limit=1000):
        where, params = [], []
        for col, value in (("actor", user), ("action", action), ("entity_id", entity_id)):
            if value:
                where.append(f"{col} = ?")
                params.append(value)
        if since:
            where.append("at >= ?")
            params.append(since)
        if until:
            where.append("at < ?")
            params.append(until + "T99")
        cur = conn.execute(
            "SELECT seq, at, actor, action, entity, entity_id, detail FROM audit_log"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY seq DESC LIMIT ?", [*params, limit])
        rows = [dict(zip([c[0] for c in cur.description], r)) for r in cur.fetchall()]
        broken = audit.verify_chain(conn)
        count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        for r in rows:
            r["device"] = ""
        chains = [{"device_id": "", "device_name": "", "count": count, "broken_at": broken}]
        names, roles = audit_words.local_people(conn)
        names.update({k: v for k, v in self.names.items() if k and v})
        labels = audit_words.local_labels(conn, rows)
        entries = [audit_words.describe(r, names=names, roles=roles, labels=labels)
                   for r in rows]
        return rows, chains, entries, labels


class ServerAuditSource:
    """The city's log on the server (the auditor only: rights.AUDIT_READERS)."""
    label = "server"
    open_connection = None      # HTTP: no database connection to read on

    def __init__(self, client):
        self.client = client

    def records(self, _conn, **filters):
        rows = self.client.audit_records(**filters)
        # the server names the people; the auditor's PC holds no roster, so a record
        # written before records carried their own words is named by kind and id
        return rows, self.client.audit_chains(), [audit_words.describe(r) for r in rows], {}


class AuditPage(QWidget):
    def __init__(self, source, parent=None):
        super().__init__(parent)
        self.source = source
        # one read at a time, the newest winning (filters typed while one still runs)
        self._lane = QueryLane(source.open_connection, warm=False)
        title = QLabel(self.tr("Audit log"))
        title.setStyleSheet("font-size: 20px; font-weight: 600;")
        where = QLabel(self.tr("The whole city's log, as uploaded by every desktop")
                       if source.label == "server" else self.tr("This computer's log"))
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        # its whole height, whatever the table would take (a wrapped label was squeezed)
        self.chain.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("User id"))
        # what was done, as a verb phrase (查看、修改、新增、受理、派遣…); a case step is
        # named by the case screens' own words (case_labels.action_label)
        self.action_names = {
            "reveal": self.tr("Full value shown"), "export": self.tr("Roster exported"),
            "export_report": self.tr("Report exported"), "import": self.tr("Roster imported"),
            "print": self.tr("Printed"),
            "create": self.tr("Created"), "update": self.tr("Changed"),
            "delete": self.tr("Deleted"), "conflict.resolve": self.tr("Conflict resolved"),
            "sync.rejected": self.tr("Change refused by the server"),
            "sync.retry": self.tr("Refused change sent again"),
            "sync.verify": self.tr("Checked against the server"),
            "dictionary.update": self.tr("Dictionary updated"),
            "dictionary.load": self.tr("Dictionary loaded"),
            "outbox.prune": self.tr("Answered changes tidied away"),
            "demo_data": self.tr("Demo data written"),
            # 五星支部 (app/models/reports/star_workflow.py)
            "stars.save": self.tr("Star evidence saved"),
            "stars.submit": self.tr("Star self-assessment submitted"),
            "stars.review": self.tr("Star assessment reviewed"),
            "stars.return": self.tr("Star assessment returned"),
            "stars.confirm": self.tr("Star assessment confirmed"),
            "stars.send_back": self.tr("Star assessment sent back"),
            "login": self.tr("Signed in"), "logout": self.tr("Signed out"),
            "login.fail": self.tr("Sign-in failed"),
            "login.locked": self.tr("Account locked after failed sign-ins"),
            "login.throttled": self.tr("Sign-in slowed down after failures"),
            "user.create": self.tr("User created"), "user.update": self.tr("User changed"),
            "device.register": self.tr("Computer registered"),
            "device.revoke": self.tr("Computer withdrawn"),
            "device.secret": self.tr("Computer's key renewed"),
            "token.reuse": self.tr("Stolen sign-in detected"),
            "roster.export": self.tr("Roster exported on the server"),
            "audit.refused": self.tr("Audit log upload refused"),
            "audit.rewritten": self.tr("Audit log rewritten on a computer"),
            "intake.create": self.tr("Case received from a channel"),
            "retention.prune": self.tr("Old changes removed on the server"),
            "org.import": self.tr("Org units imported"),
            "server.new_epoch": self.tr("Server restored from a backup")}
        self.automatic_names = {"sync": self.tr("Sync (automatic)"),
                                "system": self.tr("GridDesk (automatic)"),
                                "demo_data": self.tr("Demo data")}
        self.action = QComboBox()
        for code in ACTIONS:
            self.action.addItem(self.action_names.get(code, code) if code
                                else self.tr("All actions"), code)
        self.entity = QLineEdit()
        self.entity.setPlaceholderText(self.tr("Resident or record id"))
        self.since = DateField(placeholder=self.tr("From"))     # calendar popups
        self.until = DateField(placeholder=self.tr("To"))
        self.search = QPushButton(self.tr("Search"))
        self.search.setDefault(True)
        self.search.clicked.connect(self.reload)
        for edit in (self.user, self.entity, self.since, self.until):
            edit.returnPressed.connect(self.reload)
        filters = QHBoxLayout()
        for w in (self.user, self.action, self.entity, self.since, self.until, self.search):
            filters.addWidget(w)
        # IT reads the record as stored (ids, codes, the detail's JSON) beside the words
        self.raw = QCheckBox(self.tr("Show raw details"))
        self.raw.toggled.connect(self._show_raw)
        filters.addWidget(self.raw)
        self.status = QLabel()
        self.table = make_table([self.tr("Time"), self.tr("Device"), self.tr("User"),
                                 self.tr("Action"), self.tr("Record"), self.tr("Details"),
                                 self.tr("As stored")], 5)
        self.table.setWordWrap(True)
        self.table.setColumnHidden(RAW_COLUMN, True)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addWidget(where)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(self.chain)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.rows: list[dict] = []
        self.entries: list[audit_words.Entry] = []
        self.chains: list[dict] = []
        self._value_names: dict = {}
        self.names: dict[str, str] = getattr(source, "names", {})

    # -------------------------------------------------------------- words
    def who_text(self, e: audit_words.Entry) -> str:
        """李书记（社区书记/综治专干）, or the program: 同步（自动）."""
        if e.automatic and not e.who:
            return self.automatic_names.get(e.automatic, self.tr("GridDesk (automatic)"))
        role = role_label(e.role)
        return self.tr("%1 (%2)").replace("%1", e.who).replace("%2", role) if role else e.who

    def action_text(self, e: audit_words.Entry) -> str:
        if e.step:
            return action_label(e.step)
        return self.action_names.get(e.action, self.tr("Other action"))

    def record_text(self, e: audit_words.Entry) -> str:
        """居民 张三 4101**********002X; an unnamed record by its kind and short id."""
        kind = entity_label(e.entity)
        words = e.record or (e.record_id[:8] if e.record_id else "")
        return self.tr("%1 %2").replace("%1", kind).replace("%2", words).strip() if kind \
            else words

    def value_text(self, field_name: str, value) -> str:
        if value is None or value == "":
            return self.tr("(empty)")
        if isinstance(value, bool):
            return self.tr("yes") if value else self.tr("no")
        choice = audit_words.choice_of(field_name, value)
        if choice is not None:
            return label(choice)
        if field_name in audit_words.ID_FIELDS:
            table = audit_words.ID_FIELDS[field_name]
            return self._value_names.get((table, value)) or str(value)[:8]
        return str(value)

    def detail_lines(self, e: audit_words.Entry) -> list[str]:
        """"字段：旧值 → 新值" per change, then what else the record notes."""
        lines = [self.tr("%1: %2 → %3").replace("%1", field_label(c.field))
                 .replace("%2", self.value_text(c.field, c.old))
                 .replace("%3", self.value_text(c.field, c.new)) for c in e.changes]
        if e.fields:
            lines.append(self.tr("Changed: %1").replace("%1", joined(
                field_label(f) for f in e.fields)))
        for key, value in e.facts:
            if key == "code":       # the server's refusal, in words
                key, value = "reason", refusal_text(str(value))
            elif key == "field":
                value = field_label(str(value))
            elif isinstance(value, (list, tuple)):
                value = joined(field_label(v) if key == "fields" else v for v in value)
            elif isinstance(value, bool):
                value = self.tr("yes") if value else self.tr("no")
            lines.append(self.tr("%1: %2").replace("%1", field_label(key))
                         .replace("%2", str(value)))
        return lines

    def raw_text(self, e: audit_words.Entry) -> str:
        src = e.source
        return " ".join(x for x in (src.get("actor") or "", src.get("action") or "",
                                    src.get("entity") or "", src.get("entity_id") or "",
                                    e.raw) if x)

    def _show_raw(self, on: bool) -> None:
        self.table.setColumnHidden(RAW_COLUMN, not on)
        self.table.resizeColumnsToContents()

    def filters(self) -> dict:
        # typed filters: NUL or a lone surrogate never reach SQLite or the URL
        return dict(user=clean_query_text(self.user.text()),
                    action=self.action.currentData() or "",
                    entity_id=clean_query_text(self.entity.text()),
                    since=clean_query_text(self.since.text()),
                    until=clean_query_text(self.until.text()))

    def reload(self) -> None:
        self.status.setText(self.tr("Loading…"))
        self.search.setEnabled(False)
        self._lane.submit(functools.partial(read_records, self.source, self.filters()),
                          self._show, self._failed)

    def is_loading(self) -> bool:
        return self._lane.busy()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._lane.close()
        super().closeEvent(event)

    def _failed(self, exc: Exception) -> None:
        self.search.setEnabled(True)
        self.status.setText(self.tr("The log could not be read: %1").replace("%1", str(exc)))

    def _show(self, result) -> None:
        self.search.setEnabled(True)
        self.rows, self.chains, self.entries, self._value_names = result
        t = self.table
        t.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            details = self.detail_lines(e)
            cells = (calendar.shown(e.at, seconds=True), e.device, self.who_text(e),
                     self.action_text(e), self.record_text(e), self.tr("; ").join(details),
                     self.raw_text(e))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 5 and details:
                    item.setToolTip("\n".join(details))
                t.setItem(i, col, item)
        t.resizeColumnsToContents()
        broken = [c for c in self.chains if c.get("broken_at")]
        if broken:
            parts = [self.tr("%1: broken at record %2").replace(
                "%1", c.get("device_name") or c.get("device_id") or self.tr("this computer"))
                .replace("%2", str(c["broken_at"])) for c in broken]
            self.chain.setText(self.tr("The audit chain is broken — records were changed or "
                                       "removed: %1").replace("%1", "; ".join(parts)))
            self.chain.setStyleSheet("color: white; background: #b42318; padding: 6px;")
        else:
            n = sum(int(c.get("count") or 0) for c in self.chains)
            self.chain.setText(self.tr("Every chain is intact (%1 records checked).")
                               .replace("%1", f"{n:,}"))
            self.chain.setStyleSheet("color: #05603a; background: #ecfdf3; padding: 6px;")
        self.chain.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.status.setText(self.tr("%n record(s)", "", len(self.rows)))


def read_records(source, filters: dict, conn):
    """(records, chains) from the source (worker thread; the lane's connection last)."""
    return source.records(conn, **filters)
