"""The outbox: when a message was claimed for sending

A message claimed for sending ("sending") is put back in line when a notifier starts,
for one that stopped mid-send. A claim can also be lost while another notifier is the
active one (the sending process died or lost the election after the claim): the active
notifier now puts back claims older than a lease, which needs the time of the claim.

Revision ID: 0025
Revises: 0024
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("claimed_at")
