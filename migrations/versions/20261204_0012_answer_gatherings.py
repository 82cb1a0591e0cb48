"""answers to staff questions gathered piece by piece until the person is done

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answer_gatherings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("identity_id", sa.Integer(), nullable=False),
        sa.Column("pieces", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_piece_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_answer_gatherings_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["channel_identities.id"],
            name=op.f("fk_answer_gatherings_identity_id_channel_identities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_gatherings")),
        sa.UniqueConstraint("complaint_id", name=op.f("uq_answer_gatherings_complaint_id")),
    )
    op.create_index(
        op.f("ix_answer_gatherings_last_piece_at"),
        "answer_gatherings",
        ["last_piece_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_answer_gatherings_last_piece_at"), table_name="answer_gatherings")
    op.drop_table("answer_gatherings")
