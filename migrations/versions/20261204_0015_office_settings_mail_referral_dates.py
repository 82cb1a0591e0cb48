"""office settings, outgoing email, an agency's email, a referral's due date and answer link

The office's settings (letterhead, signatory, letter numbering, SMTP, digest hour)
live in one row an administrator edits; emails wait in `outgoing_emails` until the
mail sender hands them to SMTP; a referral gets the date the agency is asked to
answer by, when it was reminded, and the nonce and expiry of its answer link.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "office_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letterhead_government", sa.String(length=160), nullable=False),
        sa.Column("office_name", sa.String(length=160), nullable=False),
        sa.Column("office_address", sa.Text(), nullable=True),
        sa.Column("signatory_name", sa.String(length=120), nullable=True),
        sa.Column("signatory_title", sa.String(length=160), nullable=True),
        sa.Column("signatory_nip", sa.String(length=24), nullable=True),
        sa.Column("letter_code", sa.String(length=20), nullable=False),
        sa.Column("smtp_host", sa.String(length=255), nullable=True),
        sa.Column("smtp_port", sa.Integer(), nullable=False),
        sa.Column(
            "smtp_security",
            sa.Enum("starttls", "tls", "none", name="smtpsecurity", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("smtp_username", sa.String(length=255), nullable=True),
        sa.Column("smtp_password", sa.LargeBinary(), nullable=True),
        sa.Column("smtp_from", sa.String(length=254), nullable=True),
        sa.Column("referral_due_working_days", sa.Integer(), nullable=False),
        sa.Column("digest_hour", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_settings")),
    )
    op.create_table(
        "outgoing_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("staff_user_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("pending", "sent", "failed", name="emailstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["referral_id"], ["referrals.id"], name=op.f("fk_outgoing_emails_referral_id_referrals")
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_outgoing_emails_staff_user_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_emails")),
    )
    op.create_index(
        op.f("ix_outgoing_emails_referral_id"), "outgoing_emails", ["referral_id"], unique=False
    )
    op.create_index(
        op.f("ix_outgoing_emails_staff_user_id"), "outgoing_emails", ["staff_user_id"], unique=False
    )
    op.create_index(
        "ix_outgoing_emails_status_next_attempt_at",
        "outgoing_emails",
        ["status", "next_attempt_at"],
        unique=False,
    )
    with op.batch_alter_table("agencies") as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
    with op.batch_alter_table("referrals") as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("answer_link_nonce", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("answer_link_expires_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals") as batch_op:
        batch_op.drop_column("answer_link_expires_at")
        batch_op.drop_column("answer_link_nonce")
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("due_on")
    with op.batch_alter_table("agencies") as batch_op:
        batch_op.drop_column("email")
    op.drop_index("ix_outgoing_emails_status_next_attempt_at", table_name="outgoing_emails")
    op.drop_index(op.f("ix_outgoing_emails_staff_user_id"), table_name="outgoing_emails")
    op.drop_index(op.f("ix_outgoing_emails_referral_id"), table_name="outgoing_emails")
    op.drop_table("outgoing_emails")
    op.drop_table("office_settings")
