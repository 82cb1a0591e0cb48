"""agency answers through a referral's answer link, and the files sent with them

Each answer an agency's officer gives on the answer page (accepted, in progress,
done, not our program) is a row the complaint's timeline shows; a file sent with
it is an attachment that names the answer.

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "accepted",
                "in_progress",
                "done",
                "not_our_program",
                name="agencyanswerkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("officer_name", sa.String(length=120), nullable=True),
        sa.Column("status_event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_agency_answers_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_agency_answers_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["status_event_id"],
            ["status_events.id"],
            name=op.f("fk_agency_answers_status_event_id_status_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_answers")),
    )
    op.create_index(
        op.f("ix_agency_answers_complaint_id"), "agency_answers", ["complaint_id"], unique=False
    )
    op.create_index(
        op.f("ix_agency_answers_referral_id"), "agency_answers", ["referral_id"], unique=False
    )
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.add_column(sa.Column("agency_answer_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_attachments_agency_answer_id_agency_answers"),
            "agency_answers",
            ["agency_answer_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_attachments_agency_answer_id_agency_answers"), type_="foreignkey"
        )
        batch_op.drop_column("agency_answer_id")
    op.drop_index(op.f("ix_agency_answers_referral_id"), table_name="agency_answers")
    op.drop_index(op.f("ix_agency_answers_complaint_id"), table_name="agency_answers")
    op.drop_table("agency_answers")
