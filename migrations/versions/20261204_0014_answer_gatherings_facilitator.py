"""answer gatherings: the facilitator who answers on a household's behalf, if any

An answer a facilitator gathers is passed on with the facilitator as its actor and
the quiet-period news goes to the facilitator's chat; a citizen's own answer keeps
the column empty (every gathering open at upgrade time is a citizen's).

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("answer_gatherings") as batch_op:
        batch_op.add_column(sa.Column("facilitator_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_answer_gatherings_facilitator_id_facilitators"),
            "facilitators",
            ["facilitator_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("answer_gatherings") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_answer_gatherings_facilitator_id_facilitators"), type_="foreignkey"
        )
        batch_op.drop_column("facilitator_id")
