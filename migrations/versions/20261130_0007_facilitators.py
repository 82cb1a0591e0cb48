"""facilitators: invitations, assisted filings, household links, relays

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "facilitator_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_chat", sa.String(length=80), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_facilitator_invitations_created_by_staff_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitators.id"],
            name=op.f("fk_facilitator_invitations_facilitator_id_facilitators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilitator_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_facilitator_invitations_token_hash")),
    )
    op.create_index(
        "ix_facilitator_invitations_facilitator_id",
        "facilitator_invitations",
        ["facilitator_id"],
        unique=False,
    )
    op.create_table(
        "assisted_filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column(
            "reach",
            sa.Enum(
                "telegram",
                "phone",
                "facilitator",
                name="householdreach",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("visit_on", sa.Date(), nullable=False),
        sa.Column("consent_in_person_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_assisted_filings_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitators.id"],
            name=op.f("fk_assisted_filings_facilitator_id_facilitators"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assisted_filings")),
        sa.UniqueConstraint("complaint_id", name=op.f("uq_assisted_filings_complaint_id")),
    )
    op.create_index(
        "ix_assisted_filings_facilitator_id", "assisted_filings", ["facilitator_id"], unique=False
    )
    op.create_table(
        "household_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_household_links_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_household_links_token_hash")),
    )
    op.create_index(
        "ix_household_links_complaint_id", "household_links", ["complaint_id"], unique=False
    )
    op.create_table(
        "relays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=True),
        sa.Column("status_event_id", sa.Integer(), nullable=True),
        sa.Column("complaint_message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_facilitator_id", sa.Integer(), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["complaint_id"], ["complaints.id"], name=op.f("fk_relays_complaint_id_complaints")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_message_id"],
            ["complaint_messages.id"],
            name=op.f("fk_relays_complaint_message_id_complaint_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_facilitator_id"],
            ["facilitators.id"],
            name=op.f("fk_relays_confirmed_by_facilitator_id_facilitators"),
        ),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["facilitators.id"],
            name=op.f("fk_relays_facilitator_id_facilitators"),
        ),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_relays_outbox_message_id_outbox_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["status_event_id"],
            ["status_events.id"],
            name=op.f("fk_relays_status_event_id_status_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relays")),
    )
    op.create_index("ix_relays_complaint_id", "relays", ["complaint_id"], unique=False)
    op.create_index("ix_relays_facilitator_id", "relays", ["facilitator_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_relays_facilitator_id", table_name="relays")
    op.drop_index("ix_relays_complaint_id", table_name="relays")
    op.drop_table("relays")
    op.drop_index("ix_household_links_complaint_id", table_name="household_links")
    op.drop_table("household_links")
    op.drop_index("ix_assisted_filings_facilitator_id", table_name="assisted_filings")
    op.drop_table("assisted_filings")
    op.drop_index("ix_facilitator_invitations_facilitator_id", table_name="facilitator_invitations")
    op.drop_table("facilitator_invitations")
