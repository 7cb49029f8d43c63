"""The auditor's view of the audit log (domain.md §6): who viewed, changed,
exported or revealed what and when, with filters, and whether every chain is
intact. Signed in to the city server, the auditor reads the whole city's log
(every desktop uploads its own); otherwise this PC's log."""
from __future__ import annotations

import functools
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from app.models.domain import calendar
from app.models.write import audit
from app.models.domain.rules import clean_query_text, redact_numbers
from app.ui.common.threads import QueryLane
from app.ui.common.widgets import DateField, make_table

ACTIONS = ("", "reveal", "export", "export_report", "print", "import", "create", "update", "delete",
           "conflict.resolve", "sync.rejected", "sync.retry")


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
        return rows, [{"device_id": "", "device_name": "", "count": count, "broken_at": broken}]


class ServerAuditSource:
    """The city's log on the server (the auditor only: rights.AUDIT_READERS)."""
    label = "server"
    open_connection = None      # HTTP: no database connection to read on

    def __init__(self, client):
        self.client = client

    def records(self, _conn, **filters):
        rows = self.client.audit_records(**filters)
        return rows, self.client.audit_chains()


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
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("User id"))
        self.action_names = {
            "reveal": self.tr("Full value shown"), "export": self.tr("Roster exported"),
            "export_report": self.tr("Report exported"), "import": self.tr("Roster imported"),
            "print": self.tr("Printed"),
            "create": self.tr("Created"), "update": self.tr("Changed"),
            "delete": self.tr("Deleted"), "conflict.resolve": self.tr("Conflict resolved"),
            "sync.rejected": self.tr("Change refused by the server"),
            "sync.retry": self.tr("Refused change sent again")}
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
        self.status = QLabel()
        self.table = make_table([self.tr("Time"), self.tr("Device"), self.tr("User"),
                                 self.tr("Action"), self.tr("Record"), self.tr("Details")], 5)
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
        self.chains: list[dict] = []
        self.names: dict[str, str] = getattr(source, "names", {})

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
        self.rows, self.chains = result
        t = self.table
        t.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            detail = r.get("detail")
            if isinstance(detail, str):
                try:
                    detail = json.loads(detail)
                except ValueError:
                    pass
            # masked like every list (a record written before issue 13 may quote a number)
            detail_text = redact_numbers(json.dumps(detail, ensure_ascii=False) if isinstance(
                detail, (dict, list)) else str(detail or ""))
            record = " ".join(x for x in (r.get("entity") or "", r.get("entity_id") or "") if x)
            action = r.get("action") or ""
            if action.startswith("case."):
                action_text = self.tr("Case step: %1").replace("%1", action[5:])
            else:
                action_text = self.action_names.get(action, action)
            actor = r.get("actor_name") or self.names.get(r.get("actor") or "", r.get("actor"))
            for col, text in enumerate((calendar.shown(r.get("at"), seconds=True),
                                        r.get("device_name") or r.get("device") or "",
                                        actor or "", action_text, record, detail_text)):
                t.setItem(i, col, QTableWidgetItem(text))
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
