"""The web app's reminder settings: a person's time zone and the times of their sessions and
walks (for the calendar file).

Revision: 0003, after 0002.

A frozen snapshot of :mod:`unknot.adapters.reminders_orm` at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "reminder_settings",
        sa.Column("person_id", ID, nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("session_time", sa.String(length=5), nullable=False),
        sa.Column("walk_times", sa.String(length=32), nullable=False),
        sa.Column("alarm_minutes", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_reminder_settings_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_reminder_settings")),
    )


def downgrade() -> None:
    op.drop_table("reminder_settings")
