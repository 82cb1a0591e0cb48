"""delivery attempts, relays, phone-call flag, rating

Revision ID: 0003
Revises: 0002
Created: 2026-11-28 17:56:22.004432
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "result",
            sa.Enum(
                "sent",
                "rate_limited",
                "unavailable",
                "blocked",
                "rejected",
                "error",
                name="attemptresult",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_delivery_attempts_outbox_message_id_outbox_messages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_attempts")),
    )
    op.create_index(
        op.f("ix_delivery_attempts_outbox_message_id"),
        "delivery_attempts",
        ["outbox_message_id"],
        unique=False,
    )
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.add_column(
            sa.Column("needs_phone_call_since", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("citizen_rating", sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.add_column(sa.Column("provider_message_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("relay_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("complaint_message_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_outbox_messages_relay_of_id_outbox_messages"),
            "outbox_messages",
            ["relay_of_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            op.f("fk_outbox_messages_complaint_message_id_complaint_messages"),
            "complaint_messages",
            ["complaint_message_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_outbox_messages_complaint_message_id_complaint_messages"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            op.f("fk_outbox_messages_relay_of_id_outbox_messages"), type_="foreignkey"
        )
        batch_op.drop_column("complaint_message_id")
        batch_op.drop_column("relay_of_id")
        batch_op.drop_column("provider_message_id")
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.drop_column("rated_at")
        batch_op.drop_column("citizen_rating")
        batch_op.drop_column("needs_phone_call_since")
    op.drop_index(op.f("ix_delivery_attempts_outbox_message_id"), table_name="delivery_attempts")
    op.drop_table("delivery_attempts")
