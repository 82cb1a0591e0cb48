"""social registry import and inclusion proposals

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("imported_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("inserted", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("ignored_columns", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["imported_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_registry_imports_imported_by_staff_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_imports")),
    )
    op.create_table(
        "registry_import_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("masked_nik", sa.String(length=40), nullable=False),
        sa.Column("rejected", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["registry_imports.id"],
            name=op.f("fk_registry_import_problems_import_id_registry_imports"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_import_problems")),
    )
    op.create_index(
        op.f("ix_registry_import_problems_import_id"),
        "registry_import_problems",
        ["import_id"],
        unique=False,
    )
    op.create_table(
        "inclusion_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "verified",
                "returned",
                "included",
                name="proposalstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_by_staff_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"], ["citizens.id"], name=op.f("fk_inclusion_proposals_citizen_id_citizens")
        ),
        sa.ForeignKeyConstraint(
            ["status_changed_by_staff_id"],
            ["staff_users.id"],
            name=op.f("fk_inclusion_proposals_status_changed_by_staff_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inclusion_proposals")),
        sa.UniqueConstraint("citizen_id", name=op.f("uq_inclusion_proposals_citizen_id")),
    )
    op.create_table(
        "inclusion_proposal_complaints",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_inclusion_proposal_complaints_complaint_id_complaints"),
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["inclusion_proposals.id"],
            name=op.f("fk_inclusion_proposal_complaints_proposal_id_inclusion_proposals"),
        ),
        sa.PrimaryKeyConstraint(
            "proposal_id", "complaint_id", name=op.f("pk_inclusion_proposal_complaints")
        ),
    )
    op.create_index(
        op.f("ix_inclusion_proposal_complaints_complaint_id"),
        "inclusion_proposal_complaints",
        ["complaint_id"],
        unique=False,
    )
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.add_column(sa.Column("registry_programs", sa.JSON(), nullable=True))
    with op.batch_alter_table("registry_records") as batch_op:
        batch_op.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_registry_records_import_id_registry_imports"),
            "registry_imports",
            ["import_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("registry_records") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_registry_records_import_id_registry_imports"), type_="foreignkey"
        )
        batch_op.drop_column("updated_at")
        batch_op.drop_column("import_id")
        batch_op.drop_column("content_hash")
    with op.batch_alter_table("complaints") as batch_op:
        batch_op.drop_column("registry_programs")
    op.drop_index(
        op.f("ix_inclusion_proposal_complaints_complaint_id"),
        table_name="inclusion_proposal_complaints",
    )
    op.drop_table("inclusion_proposal_complaints")
    op.drop_table("inclusion_proposals")
    op.drop_index(
        op.f("ix_registry_import_problems_import_id"), table_name="registry_import_problems"
    )
    op.drop_table("registry_import_problems")
    op.drop_table("registry_imports")
