"""Uploads for the selection: every file people upload (the evaluators' workbooks …), kept with what its check found.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rfpgen_uploads",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.Column("slot", sa.String(120), nullable=False),
        sa.Column("accepted", sa.Boolean, nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("file_key", sa.String(400), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_rfpgen_uploads_project_id", "rfpgen_uploads", ["project_id"])


def downgrade() -> None:
    op.drop_table("rfpgen_uploads")
