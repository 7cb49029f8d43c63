"""The baseline revision, run outside Alembic's bookkeeping: the old ladder's step 1
creates the baseline schema with it (server/migrations/legacy.py), so that step
stays frozen as the revisions move on."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa

BASELINE = "0008"
HERE = Path(__file__).resolve().parent


def run_baseline(conn: sa.Connection) -> None:
    """Create the baseline schema on ``conn`` (the old ladder's step 1 uses it, so that
    step stays frozen too), leaving no Alembic record behind."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations
    spec = importlib.util.spec_from_file_location(
        "griddesk_baseline", HERE / "versions" / f"{BASELINE}_baseline.py")
    module = importlib.util.module_from_spec(spec)
    ctx = MigrationContext.configure(conn)
    with Operations.context(ctx):
        spec.loader.exec_module(module)
        module.upgrade()


