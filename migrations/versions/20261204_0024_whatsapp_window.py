"""WhatsApp: when each chat last wrote (the 24-hour window), longer provider message ids

WhatsApp lets a business write freely only within 24 hours of the person's last
message; `channel_identities.last_inbound_at` tells the notifier whether a status
message may go as text or must go as an approved template. WhatsApp's message ids
(wamid.…) run past 64 characters, and a delivery failure comes later as a status
naming that id, so the outbox keeps up to 128 and finds a message by it.

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channel_identities") as batch:
        batch.add_column(sa.Column("last_inbound_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox_messages") as batch:
        batch.alter_column("provider_message_id", type_=sa.String(128), existing_type=sa.String(64))
        batch.create_index("ix_outbox_messages_provider_message_id", ["provider_message_id"])


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_index("ix_outbox_messages_provider_message_id")
        batch.alter_column("provider_message_id", type_=sa.String(64), existing_type=sa.String(128))
    with op.batch_alter_table("channel_identities") as batch:
        batch.drop_column("last_inbound_at")
