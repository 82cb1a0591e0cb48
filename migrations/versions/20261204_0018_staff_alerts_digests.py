"""staff alerts (email or Telegram, a one-time Telegram link) and the morning digests

A staff member chooses where digests and alerts go and may bind their Telegram
through a one-time deep link (only the token's SHA-256 is kept); each morning's
digest is one `digest_deliveries` row per person and day, whose unique key keeps
it to one however many processes look.

Revision ID: 0018
Revises: 0017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHANNEL = sa.Enum("email", "telegram", name="alertchannel", native_enum=False, length=32)


def upgrade() -> None:
    op.create_table(
        "staff_alert_preferences",
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("channel", _CHANNEL, nullable=False),
        sa.Column("new_complaints", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("telegram_identity_id", sa.Integer(), nullable=True),
        sa.Column("telegram_linked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_staff_alert_preferences_staff_user_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["telegram_identity_id"],
            ["channel_identities.id"],
            name=op.f("fk_staff_alert_preferences_telegram_identity_id_channel_identities"),
        ),
        sa.PrimaryKeyConstraint("staff_user_id", name=op.f("pk_staff_alert_preferences")),
    )
    op.create_index(
        op.f("ix_staff_alert_preferences_telegram_identity_id"),
        "staff_alert_preferences",
        ["telegram_identity_id"],
        unique=False,
    )
    op.create_table(
        "staff_telegram_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_chat", sa.String(length=80), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_staff_telegram_links_staff_user_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_telegram_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_telegram_links_token_hash")),
    )
    op.create_index(
        op.f("ix_staff_telegram_links_staff_user_id"),
        "staff_telegram_links",
        ["staff_user_id"],
        unique=False,
    )
    op.create_table(
        "digest_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("digest_on", sa.Date(), nullable=False),
        sa.Column("channel", _CHANNEL, nullable=True),
        sa.Column("item_count", sa.Integer(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("outgoing_email_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_digest_deliveries_outbox_message_id_outbox_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["outgoing_email_id"],
            ["outgoing_emails.id"],
            name=op.f("fk_digest_deliveries_outgoing_email_id_outgoing_emails"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_digest_deliveries_staff_user_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_deliveries")),
        sa.UniqueConstraint(
            "staff_user_id", "digest_on", name=op.f("uq_digest_deliveries_staff_user_id_digest_on")
        ),
    )
    op.create_index(
        op.f("ix_digest_deliveries_staff_user_id"),
        "digest_deliveries",
        ["staff_user_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_digest_deliveries_staff_user_id"), table_name="digest_deliveries")
    op.drop_table("digest_deliveries")
    op.drop_index(op.f("ix_staff_telegram_links_staff_user_id"), table_name="staff_telegram_links")
    op.drop_table("staff_telegram_links")
    op.drop_index(
        op.f("ix_staff_alert_preferences_telegram_identity_id"),
        table_name="staff_alert_preferences",
    )
    op.drop_table("staff_alert_preferences")
