"""personal data: identity mentions, correction requests, retention marks

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "correction_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "telegram", "web", "cli", "walk_in", name="channel", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("chat_id", sa.String(length=64), nullable=True),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("requested_value", sa.Text(), nullable=True),
        sa.Column("requested_identity_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "corrected",
                "refused",
                name="correctionstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_correction_requests_answered_by_staff_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_correction_requests_citizen_id_citizens")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction_requests")),
    )
    with op.batch_alter_table("correction_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_correction_requests_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_correction_requests_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_correction_requests_status"), ["status"], unique=False)

    op.create_table(
        "identity_mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=True),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("lookup", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_identity_mentions_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_identity_mentions_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity_mentions")),
    )
    with op.batch_alter_table("identity_mentions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_identity_mentions_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_identity_mentions_complaint_id"), ["complaint_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_identity_mentions_lookup"), ["lookup"], unique=False)

    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pseudonymised_at", sa.DateTime(timezone=True), nullable=True)
        )

    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pseudonymised_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_column("pseudonymised_at")

    with op.batch_alter_table("citizens", schema=None) as batch_op:
        batch_op.drop_column("pseudonymised_at")

    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("removed_at")

    with op.batch_alter_table("identity_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identity_mentions_lookup"))
        batch_op.drop_index(batch_op.f("ix_identity_mentions_complaint_id"))
        batch_op.drop_index(batch_op.f("ix_identity_mentions_citizen_id"))

    op.drop_table("identity_mentions")
    with op.batch_alter_table("correction_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_correction_requests_status"))
        batch_op.drop_index(batch_op.f("ix_correction_requests_created_at"))
        batch_op.drop_index(batch_op.f("ix_correction_requests_citizen_id"))

    op.drop_table("correction_requests")
