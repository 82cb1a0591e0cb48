"""staff areas: an account limited to kecamatan or kelurahan of the shared region data

One row per area: a whole kecamatan or one kelurahan (exactly one of the two
codes, each a foreign key to its region table). An account without rows works
for the whole city.

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=True),
        sa.Column("kelurahan_code", sa.String(length=13), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(kecamatan_code IS NULL) <> (kelurahan_code IS NULL)",
            name=op.f("ck_staff_areas_one_kind_of_area"),
        ),
        sa.ForeignKeyConstraint(
            ["kecamatan_code"],
            ["kecamatan.code"],
            name=op.f("fk_staff_areas_kecamatan_code_kecamatan"),
        ),
        sa.ForeignKeyConstraint(
            ["kelurahan_code"],
            ["kelurahan.code"],
            name=op.f("fk_staff_areas_kelurahan_code_kelurahan"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_user_id"],
            ["staff_users.id"],
            name=op.f("fk_staff_areas_staff_user_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_areas")),
        sa.UniqueConstraint(
            "staff_user_id",
            "kecamatan_code",
            name=op.f("uq_staff_areas_staff_user_id_kecamatan_code"),
        ),
        sa.UniqueConstraint(
            "staff_user_id",
            "kelurahan_code",
            name=op.f("uq_staff_areas_staff_user_id_kelurahan_code"),
        ),
    )
    op.create_index(
        op.f("ix_staff_areas_staff_user_id"), "staff_areas", ["staff_user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_areas_staff_user_id"), table_name="staff_areas")
    op.drop_table("staff_areas")
