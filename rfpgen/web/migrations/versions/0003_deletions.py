"""Deletion requests: a project asked to be deleted stays reachable for a grace period.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rfpgen_deletions",
        sa.Column("project_id", sa.Integer, sa.ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rfpgen_deletions")
