"""Plan states: what rebuilding a stored plan needs, kept beside its full JSON so that the
weekly review of everyone reads a few kilobytes a person instead of a few hundred. Plans stored
before this revision have no state; they are restored from their JSON as before.

Revision: 0004, after 0003.

A frozen snapshot of ``PlanStateRow`` in :mod:`unknot.adapters.orm` at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "plan_states",
        sa.Column("plan_id", ID, nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_states_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", name=op.f("pk_plan_states")),
    )


def downgrade() -> None:
    op.drop_table("plan_states")
