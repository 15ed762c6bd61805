"""Alembic environment: run on the connection taizhang hands over (see store.schema.upgrade)."""

from alembic import context

from generator.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
