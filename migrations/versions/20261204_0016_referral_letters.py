"""referral letters and their yearly numbering

A referral letter (surat rujukan) is issued with each referral: a row with its
number, the date the agency is asked to answer by, and the letterhead and signatory
as they were; the PDF is drawn from it on each download. `letter_sequences` keeps
the last number taken in each year.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "letter_sequences",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_letter_sequences")),
    )
    op.create_table(
        "referral_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("letterhead_government", sa.String(length=160), nullable=False),
        sa.Column("office_name", sa.String(length=160), nullable=False),
        sa.Column("office_address", sa.Text(), nullable=True),
        sa.Column("signatory_name", sa.String(length=120), nullable=True),
        sa.Column("signatory_title", sa.String(length=160), nullable=True),
        sa.Column("signatory_nip", sa.String(length=24), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_referral_letters_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"],
            ["staff_users.id"],
            name=op.f("fk_referral_letters_issued_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referrals.id"],
            name=op.f("fk_referral_letters_referral_id_referrals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_letters")),
        sa.UniqueConstraint("number", name=op.f("uq_referral_letters_number")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_referral_letters_referral_id")),
        sa.UniqueConstraint("year", "sequence", name=op.f("uq_referral_letters_year_sequence")),
    )
    op.create_index(
        op.f("ix_referral_letters_complaint_id"), "referral_letters", ["complaint_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_letters_complaint_id"), table_name="referral_letters")
    op.drop_table("referral_letters")
    op.drop_table("letter_sequences")
