"""Files in the database, background jobs, and revisions stored compressed.

A project of thousands of saves kept the whole document as text in every revision; zlib shrinks
each one about threefold. Existing revisions are converted in batches.

Revision ID: 0002
Revises: 0001
"""
import zlib

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rfpgen_blobs",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "rfpgen_jobs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("params", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(80), nullable=False),
        sa.Column("progress", sa.Integer, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("worker", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_rfpgen_jobs_project_id", "rfpgen_jobs", ["project_id"])

    with op.batch_alter_table("rfpgen_revisions") as batch:
        batch.add_column(sa.Column("packed", sa.LargeBinary, nullable=True))
    table = sa.table("rfpgen_revisions", sa.column("id", sa.Integer), sa.column("data", sa.Text),
                     sa.column("packed", sa.LargeBinary))
    bind, last = op.get_bind(), 0
    while True:
        rows = bind.execute(sa.select(table.c.id, table.c.data).where(table.c.id > last)
                            .order_by(table.c.id).limit(500)).all()
        if not rows:
            break
        for row_id, data in rows:
            bind.execute(table.update().where(table.c.id == row_id)
                         .values(packed=zlib.compress(data.encode("utf-8"), 6)))
        last = rows[-1][0]
    with op.batch_alter_table("rfpgen_revisions") as batch:
        batch.alter_column("packed", nullable=False)
        batch.drop_column("data")


def downgrade() -> None:
    with op.batch_alter_table("rfpgen_revisions") as batch:
        batch.add_column(sa.Column("data", sa.Text, nullable=True))
    table = sa.table("rfpgen_revisions", sa.column("id", sa.Integer), sa.column("data", sa.Text),
                     sa.column("packed", sa.LargeBinary))
    bind = op.get_bind()
    for row_id, packed in bind.execute(sa.select(table.c.id, table.c.packed)).all():
        bind.execute(table.update().where(table.c.id == row_id)
                     .values(data=zlib.decompress(packed).decode("utf-8")))
    with op.batch_alter_table("rfpgen_revisions") as batch:
        batch.alter_column("data", nullable=False)
        batch.drop_column("packed")
    op.drop_table("rfpgen_jobs")
    op.drop_table("rfpgen_blobs")
