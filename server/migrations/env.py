"""Alembic's entry: migrations run on the connection the caller hands over
(server/migrations/__init__.py ``migrate``), inside its transaction."""
from alembic import context

from server import db

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=db.metadata,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
