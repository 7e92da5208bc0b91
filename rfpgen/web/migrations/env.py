"""Alembic environment: migrations run on the connection rfpgen.web.database.upgrade passes in,
inside its lock and transaction."""
from alembic import context

from rfpgen.web.database import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters tables by copying them
with context.begin_transaction():
    context.run_migrations()
