"""web chat transcript

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column(
            "direction",
            sa.Enum("in", "out", name="direction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("buttons", sa.JSON(), nullable=False),
        sa.Column("keyboard", sa.JSON(), nullable=False),
        sa.Column("request_contact", sa.String(length=120), nullable=True),
        sa.Column("remove_keyboard", sa.Boolean(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_web_chat_messages_outbox_message_id_outbox_messages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_chat_messages")),
    )
    op.create_index(
        "ix_web_chat_messages_chat_id_id", "web_chat_messages", ["chat_id", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_web_chat_messages_chat_id_id", table_name="web_chat_messages")
    op.drop_table("web_chat_messages")
