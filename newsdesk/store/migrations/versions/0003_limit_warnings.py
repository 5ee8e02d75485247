"""resource-limit warnings on sources, fetches and articles

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
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_warning", sa.Text(), nullable=True))
    with op.batch_alter_table("fetches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warning", sa.Text(), nullable=True))
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("text_note")
    with op.batch_alter_table("fetches", schema=None) as batch_op:
        batch_op.drop_column("warning")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("last_warning")
