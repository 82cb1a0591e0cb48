"""dialog state, complaint messages, info pages

Revision ID: 0002
Revises: 0001
Created: 2026-11-28 12:59:03.823525
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "info_pages",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["staff_users.id"],
            name=op.f("fk_info_pages_updated_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("key", "language", name=op.f("pk_info_pages")),
    )
    op.create_table(
        "complaint_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("inbound", "outbound", name="messagedirection", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("author_role", sa.String(length=32), nullable=False),
        sa.Column("author_staff_id", sa.Integer(), nullable=True),
        sa.Column("identity_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_complaint_messages_author_staff_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_complaint_messages_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["channel_identities.id"],
            name=op.f("fk_complaint_messages_identity_id_channel_identities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaint_messages")),
    )
    op.create_index(
        op.f("ix_complaint_messages_complaint_id"),
        "complaint_messages",
        ["complaint_id"],
        unique=False,
    )
    # Batch mode: SQLite can add a foreign key only by rebuilding the table.
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_attachments_message_id_complaint_messages"),
            "complaint_messages",
            ["message_id"],
            ["id"],
        )
    with op.batch_alter_table("conversations") as batch_op:
        # Existing conversations start with an empty list of seen events.
        batch_op.add_column(
            sa.Column("recent_event_ids", sa.JSON(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.alter_column("recent_event_ids", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.drop_column("recent_event_ids")
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_attachments_message_id_complaint_messages"), type_="foreignkey"
        )
        batch_op.drop_column("message_id")
    op.drop_index(op.f("ix_complaint_messages_complaint_id"), table_name="complaint_messages")
    op.drop_table("complaint_messages")
    op.drop_table("info_pages")
