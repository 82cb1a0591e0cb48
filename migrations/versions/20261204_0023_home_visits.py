"""home visits asked for on a complaint, taken and recorded by a facilitator

A home visit (kunjungan rumah) is requested by staff with a reason and a due date,
taken by one facilitator of the household's kelurahan and recorded by them: the day,
who was met, the findings and, optionally, where. Its photos and voice notes are
attachments of the complaint that name the visit.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "home_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=False),
        sa.Column("requested_by_staff_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "requested",
                "taken",
                "done",
                "cancelled",
                name="visitstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("taken_by_facilitator_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("visited_on", sa.Date(), nullable=True),
        sa.Column("met", sa.String(length=200), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_home_visits_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(
            ["kelurahan_code"],
            ["kelurahan.code"],
            name=op.f("fk_home_visits_kelurahan_code_kelurahan"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_home_visits_requested_by_staff_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["taken_by_facilitator_id"],
            ["facilitators.id"],
            name=op.f("fk_home_visits_taken_by_facilitator_id_facilitators"),
        ),
        sa.ForeignKeyConstraint(
            ["cancelled_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_home_visits_cancelled_by_staff_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_visits")),
    )
    op.create_index(
        op.f("ix_home_visits_complaint_id"), "home_visits", ["complaint_id"], unique=False
    )
    op.create_index(
        op.f("ix_home_visits_kelurahan_code"), "home_visits", ["kelurahan_code"], unique=False
    )
    op.create_index(op.f("ix_home_visits_state"), "home_visits", ["state"], unique=False)
    op.create_index(
        op.f("ix_home_visits_taken_by_facilitator_id"),
        "home_visits",
        ["taken_by_facilitator_id"],
        unique=False,
    )
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.add_column(sa.Column("home_visit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_attachments_home_visit_id_home_visits"),
            "home_visits",
            ["home_visit_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_attachments_home_visit_id_home_visits"), type_="foreignkey"
        )
        batch_op.drop_column("home_visit_id")
    op.drop_index(op.f("ix_home_visits_taken_by_facilitator_id"), table_name="home_visits")
    op.drop_index(op.f("ix_home_visits_state"), table_name="home_visits")
    op.drop_index(op.f("ix_home_visits_kelurahan_code"), table_name="home_visits")
    op.drop_index(op.f("ix_home_visits_complaint_id"), table_name="home_visits")
    op.drop_table("home_visits")
