"""Open311 GeoReport v2: integrating systems' API keys, Open311 filings; LAPOR! numbers

An admin issues each integrating system its own key (only the key's SHA-256 is
kept) and may revoke it; each complaint filed through Open311 records the key that
filed it and, when the filer gave an email, where its status news go. A complaint
staff registered from LAPOR!-SP4N carries its tracking number, indexed for search.
The channel `open311` needs no DDL (channels are stored as VARCHAR).

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "open311_api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system_name", sa.String(length=120), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("key_prefix", sa.String(length=16), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_users.id"],
            name=op.f("fk_open311_api_keys_created_by_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_id"],
            ["staff_users.id"],
            name=op.f("fk_open311_api_keys_revoked_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open311_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_open311_api_keys_key_hash")),
    )
    op.create_table(
        "open311_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=False),
        sa.Column("contact_chat_id", sa.String(length=64), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["api_key_id"],
            ["open311_api_keys.id"],
            name=op.f("fk_open311_requests_api_key_id_open311_api_keys"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_open311_requests_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open311_requests")),
        sa.UniqueConstraint("complaint_id", name=op.f("uq_open311_requests_complaint_id")),
        sa.UniqueConstraint("contact_chat_id", name=op.f("uq_open311_requests_contact_chat_id")),
    )
    op.create_index(
        op.f("ix_open311_requests_api_key_id"), "open311_requests", ["api_key_id"], unique=False
    )
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.add_column(sa.Column("lapor_number", sa.String(length=20), nullable=True))
    op.create_index(
        op.f("ix_complaints_lapor_number"), "complaints", ["lapor_number"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_complaints_lapor_number"), table_name="complaints")
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.drop_column("lapor_number")
    op.drop_index(op.f("ix_open311_requests_api_key_id"), table_name="open311_requests")
    op.drop_table("open311_requests")
    op.drop_table("open311_api_keys")
