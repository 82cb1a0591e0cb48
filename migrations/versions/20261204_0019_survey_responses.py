"""survey responses: the citizens' IKM survey (PermenPAN-RB 14/2017), one per complaint

Nine nullable scores (1-4, NULL where skipped), an optional comment, and the
complaint's channel and category copied when submitted, so the IKM report reads
this table alone. The unique complaint id keeps it to one survey per complaint.

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHANNEL = sa.Enum(
    "telegram", "web", "cli", "walk_in", name="channel", native_enum=False, length=32
)
_ELEMENTS = (
    "requirements", "procedure", "turnaround", "cost", "product", "competence", "conduct",
    "complaint_handling", "facilities",
)  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "survey_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("channel", _CHANNEL, nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        *(sa.Column(element, sa.SmallInteger(), nullable=True) for element in _ELEMENTS),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name=op.f("fk_survey_responses_category_id_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_survey_responses_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_responses")),
        sa.UniqueConstraint("complaint_id", name=op.f("uq_survey_responses_complaint_id")),
    )
    op.create_index(
        op.f("ix_survey_responses_category_id"), "survey_responses", ["category_id"], unique=False
    )
    op.create_index(
        "ix_survey_responses_submitted_at_id", "survey_responses", ["submitted_at", "id"],
        unique=False,
    )  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_survey_responses_submitted_at_id", table_name="survey_responses")
    op.drop_index(op.f("ix_survey_responses_category_id"), table_name="survey_responses")
    op.drop_table("survey_responses")
