"""The first schema: people, their assessments, plans, diary, questionnaire scores and reviews.

Revision: 0001, the first.

A migration is a frozen snapshot: it spells out its columns and imports nothing from
``unknot.adapters.orm``, which keeps changing after it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | tuple[str, ...] | None = None
depends_on: str | tuple[str, ...] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

DIARY_TABLES = (
    "session_logs",
    "pain_entries",
    "spasm_episodes",
    "sitting_entries",
    "sleep_entries",
)


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, nullable=False)


def _owned_by_person(table: str) -> list[SchemaItem]:
    """``person_id``, its foreign key (rows go with the person) and the primary key."""
    return [
        sa.Column("person_id", ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f(f"fk_{table}_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _score_check(table: str, column: str, *, nullable: bool = False) -> sa.CheckConstraint:
    condition = f"{column} >= 0 AND {column} <= 10"
    if nullable:
        condition = f"{column} IS NULL OR ({condition})"
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{column}_0_to_10"))


def _hours_check(table: str) -> sa.CheckConstraint:
    return sa.CheckConstraint("hours >= 0 AND hours <= 24", name=op.f(f"ck_{table}_hours_0_to_24"))


def upgrade() -> None:
    op.create_table(
        "people",
        _id(),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("is_local_profile", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email", name=op.f("uq_people_email")),
    )
    op.create_index(
        "uq_people_one_local_profile",
        "people",
        ["is_local_profile"],
        unique=True,
        sqlite_where=sa.text("is_local_profile"),
        postgresql_where=sa.text("is_local_profile"),
    )

    op.create_table(
        "assessments",
        _id(),
        *_owned_by_person("assessments"),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("triage", sa.JSON(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
    )
    op.create_index(
        op.f("ix_assessments_person_id_taken_at"), "assessments", ["person_id", "taken_at"]
    )

    op.create_table(
        "plans",
        _id(),
        *_owned_by_person("plans"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("phase", sa.String(length=32), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_index(op.f("ix_plans_person_id_created_at"), "plans", ["person_id", "created_at"])
    op.create_index(
        "uq_plans_one_active_per_person",
        "plans",
        ["person_id"],
        unique=True,
        sqlite_where=sa.text("active"),
        postgresql_where=sa.text("active"),
    )

    op.create_table(
        "session_logs",
        _id(),
        *_owned_by_person("session_logs"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("plan_day", sa.Integer(), nullable=True),
        sa.Column("exercises", sa.JSON(), nullable=False),
        sa.Column("pain_before", sa.Integer(), nullable=False),
        sa.Column("pain_after", sa.Integer(), nullable=False),
        sa.Column("effort", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        _score_check("session_logs", "pain_before"),
        _score_check("session_logs", "pain_after"),
    )
    op.create_table(
        "pain_entries",
        _id(),
        *_owned_by_person("pain_entries"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("stiffness", sa.Integer(), nullable=True),
        _score_check("pain_entries", "pain"),
        _score_check("pain_entries", "stiffness", nullable=True),
    )
    op.create_table(
        "spasm_episodes",
        _id(),
        *_owned_by_person("spasm_episodes"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=200), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.CheckConstraint("minutes > 0", name=op.f("ck_spasm_episodes_minutes_positive")),
        _score_check("spasm_episodes", "severity"),
    )
    op.create_table(
        "sitting_entries",
        _id(),
        *_owned_by_person("sitting_entries"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        _hours_check("sitting_entries"),
    )
    op.create_table(
        "sleep_entries",
        _id(),
        *_owned_by_person("sleep_entries"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("woken_by_pain", sa.Boolean(), nullable=False),
        _hours_check("sleep_entries"),
        _score_check("sleep_entries", "quality", nullable=True),
    )
    for table in DIARY_TABLES:
        op.create_index(op.f(f"ix_{table}_person_id_day"), table, ["person_id", "day"])

    op.create_table(
        "steps",
        _id(),
        *_owned_by_person("steps"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.CheckConstraint("steps >= 0 AND steps <= 200000", name=op.f("ck_steps_steps_range")),
        sa.UniqueConstraint(
            "person_id", "day", "source", name=op.f("uq_steps_person_id_day_source")
        ),
    )

    op.create_table(
        "questionnaire_scores",
        _id(),
        *_owned_by_person("questionnaire_scores"),
        sa.Column("instrument", sa.String(length=32), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
    )
    op.create_index(
        op.f("ix_questionnaire_scores_person_id_taken_on"),
        "questionnaire_scores",
        ["person_id", "taken_on"],
    )

    op.create_table(
        "reviews",
        _id(),
        *_owned_by_person("reviews"),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.UniqueConstraint(
            "person_id", "week_start", name=op.f("uq_reviews_person_id_week_start")
        ),
    )


def downgrade() -> None:
    # Indexes go with their tables; children before ``people``, which they reference.
    for table in (
        "reviews",
        "questionnaire_scores",
        "steps",
        *DIARY_TABLES,
        "plans",
        "assessments",
    ):
        op.drop_table(table)
    op.drop_table("people")
