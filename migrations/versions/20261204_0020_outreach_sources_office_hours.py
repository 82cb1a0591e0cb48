"""outreach: the source a complaint came from, the office's hours and WhatsApp number

A complaint filed after scanning an outreach poster keeps where it came from
(`complaints.source`, e.g. `poster:32.71.04.1003`; none for any other filing), so
the dashboard can count complaints by poster. The office's settings get the hours
printed on the posters and a WhatsApp number (empty until a WhatsApp channel
exists; a poster shows its QR code only when one is set).

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=32), nullable=True))
    with op.batch_alter_table("office_settings") as batch_op:
        batch_op.add_column(sa.Column("office_hours", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("whatsapp_number", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("office_settings") as batch_op:
        batch_op.drop_column("whatsapp_number")
        batch_op.drop_column("office_hours")
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.drop_column("source")
