"""Drafts and their revisions, as the wizard first made them.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rfpgen_projects",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("title", sa.String(2000), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rfpgen_projects_token", "rfpgen_projects", ["token"], unique=True)
    op.create_table(
        "rfpgen_revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=True),
        sa.Column("base", sa.Integer, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rfpgen_revisions_project_id", "rfpgen_revisions", ["project_id"])


def downgrade() -> None:
    op.drop_table("rfpgen_revisions")
    op.drop_table("rfpgen_projects")
