"""publish exactly once: the claim on an edition being published, and every delivery

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
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("publish_owner", sa.String(length=256), nullable=True))
        batch_op.add_column(
            sa.Column("publish_heartbeat", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "edition_deliveries",
        sa.Column("edition_id", sa.String(length=128), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message_id", sa.String(length=512), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["edition_id"], ["editions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("edition_id", "recipient"),
    )


def downgrade() -> None:
    op.drop_table("edition_deliveries")
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.drop_column("publish_heartbeat")
        batch_op.drop_column("publish_owner")
