"""The selection's audit log: append-only events per project (who, when, what, which file).

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rfpgen_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("file_key", sa.String(400), nullable=True),
    )
    op.create_index("ix_rfpgen_events_project_id", "rfpgen_events", ["project_id"])


def downgrade() -> None:
    op.drop_table("rfpgen_events")
