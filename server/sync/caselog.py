"""A case's event log and its projection (a mixin of ``Engine``): the case's derived
columns are replayed from its append-only events by the state machine the desktop
uses too (app.models.domain.workflow, case_projection)."""
from __future__ import annotations

import json

import sqlalchemy as sa

from app.models.domain import case_projection, workflow
from server import db
from server.sync.context import TX


class CaseLog:
    # ------------------------------------------------------------ cases
    def case_events(self, conn, case_id: str) -> list[dict]:
        tx = conn.info.get(TX)
        if tx is not None:
            self.flush(tx)      # a query, not a read by id: the held-back rows first
        t = db.ENTITIES["case_events"]
        return [dict(r) for r in conn.execute(
            sa.select(t).where(t.c.case_id == case_id, t.c.deleted_at.is_(None))
            .order_by(t.c.seq)).mappings()]

    @staticmethod
    def workflow_event(e: dict) -> workflow.Event:
        try:
            data = json.loads(e.get("data") or "{}")
        except ValueError:
            data = {}
        return workflow.Event(e["action"], e["role"], e.get("actor_id") or "",
                              data if isinstance(data, dict) else {}, e.get("device_time") or "")

    def self_handle_allowed(self, case: dict) -> bool:
        cat = self.categories.get(case.get("category"))
        return bool(cat and cat.self_handle)

    def project(self, case: dict, events: list[dict]) -> tuple[dict, workflow.CaseState]:
        """The case's derived columns from its event log (as app.models.cases does)."""
        _, categories, calendar = self._dicts    # one consistent pair, even mid-swap
        state = workflow.replay([self.workflow_event(e) for e in events],
                                self_handle_allowed=self.self_handle_allowed(case))
        return case_projection.project(case, state, categories, calendar), state

