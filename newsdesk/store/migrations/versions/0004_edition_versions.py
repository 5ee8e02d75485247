"""edition versions: every saved draft and editor's edit of an edition, kept whole

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
        "edition_versions",
        sa.Column("edition_id", sa.String(length=128), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("edition_id", "version"),
    )
    # Editions stored before this revision keep their latest version as their history.
    op.execute(
        "INSERT INTO edition_versions (edition_id, version, origin, created_at, content) "
        "SELECT id, version, 'roundup', updated_at, content FROM editions"
    )


def downgrade() -> None:
    op.drop_table("edition_versions")
