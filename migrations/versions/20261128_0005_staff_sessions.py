"""staff sessions and API tokens; indexes of the staff queue

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("session", "api_token", name="credentialkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_secret", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=32), nullable=True),
        sa.Column("ip_address", sa.String(length=45), nullable=True),
        sa.Column("user_agent", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_staff_sessions_staff_user_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_sessions_token_hash")),
    )
    op.create_index(
        op.f("ix_staff_sessions_staff_user_id"), "staff_sessions", ["staff_user_id"], unique=False
    )
    # The staff queue: keyset paging by deadline, within an assignee, newest first,
    # and the counts per status from the index alone.
    op.create_index(
        "ix_complaints_assignee_id_due_on_id_status",
        "complaints",
        ["assignee_id", "due_on", "id", "status"],
        unique=False,
    )
    op.create_index("ix_complaints_created_at_id", "complaints", ["created_at", "id"], unique=False)
    op.create_index("ix_complaints_due_on_id", "complaints", ["due_on", "id"], unique=False)
    op.create_index(
        "ix_complaints_status_counts",
        "complaints",
        [
            "status",
            "kelurahan_code",
            "category_id",
            "channel",
            "assignee_id",
            "due_on",
            "created_at",
        ],
        unique=False,
    )
    if op.get_bind().dialect.name == "postgresql":
        # Substring search of names; pg_trgm is a trusted extension (PostgreSQL 13+),
        # so the database owner may create it without superuser rights.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # A GIN trigram index on PostgreSQL, a plain one on SQLite.
    op.create_index(
        "ix_citizens_full_name_trgm",
        "citizens",
        ["full_name"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"full_name": "gin_trgm_ops"},
    )


def downgrade() -> None:
    # The pg_trgm extension stays: other objects may have come to use it.
    op.drop_index("ix_citizens_full_name_trgm", table_name="citizens")
    op.drop_index("ix_complaints_status_counts", table_name="complaints")
    op.drop_index("ix_complaints_due_on_id", table_name="complaints")
    op.drop_index("ix_complaints_created_at_id", table_name="complaints")
    op.drop_index("ix_complaints_assignee_id_due_on_id_status", table_name="complaints")
    op.drop_index(op.f("ix_staff_sessions_staff_user_id"), table_name="staff_sessions")
    op.drop_table("staff_sessions")
