"""The journey's services on real databases (SQLite, and PostgreSQL when reachable): a plan
survives the JSON round trip, every write is committed before the service returns, and a whole
journey ends in an export that holds everything and an erasure that leaves nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from tests.unit.test_services_profile import ANSWERS, at, on
from unknot.adapters.orm import PERSON_TABLES, PersonRow
from unknot.domain.plan import DayKind
from unknot.domain.records import EXPORT_SECTIONS, Effort, ExerciseDone
from unknot.domain.triage import Level
from unknot.services.diary import (
    log_pain,
    log_sitting,
    log_sleep,
    log_spasm,
    log_steps,
    report_symptoms,
)
from unknot.services.export import delete_my_data, export_csv, export_json
from unknot.services.plans import active_plan, day_view
from unknot.services.profile import local_profile, start
from unknot.services.progress import progress_report
from unknot.services.review import run_reviews
from unknot.services.scores import record_score
from unknot.services.sessions import log_session, walk_done
from unknot.services.unit_of_work import SqlUnitOfWork, UnitOfWork


def begin(engine: Engine) -> int:
    with SqlUnitOfWork(engine) as uow:
        person_id = local_profile(uow, at(on(0)))
        start(uow, person_id, ANSWERS, today=on(0), now=at(on(0)))
    return person_id


def test_a_stored_plan_restores_after_the_database_round_trip(engine: Engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        person_id = local_profile(uow, at(on(0)))
        started = start(uow, person_id, ANSWERS, today=on(0), now=at(on(0)))
    with SqlUnitOfWork(engine, read_only=True) as uow:
        active = active_plan(uow, person_id)
    assert active is not None and started.plan is not None
    assert active.plan.as_json() == started.plan.as_json()


class Boom(Exception):
    pass


WRITES: list[tuple[str, Callable[[UnitOfWork, int], Any], Callable[[dict[str, Any]], int]]] = [
    (
        "pain",
        lambda uow, p: log_pain(uow, p, pain=4, today=on(1), now=at(on(1))),
        lambda doc: len(doc["pain_entries"]),
    ),
    (
        "spasm",
        lambda uow, p: log_spasm(
            uow, p, severity=8, minutes=10, started_at=at(on(1)), today=on(1), now=at(on(1))
        ),
        lambda doc: len(doc["spasm_episodes"]) + len(doc["plans"]) - 1,
    ),
    ("steps", lambda uow, p: log_steps(uow, p, steps=5000, today=on(1)), lambda d: len(d["steps"])),
    (
        "sitting",
        lambda uow, p: log_sitting(uow, p, hours=6, today=on(1)),
        lambda doc: len(doc["sitting_entries"]),
    ),
    (
        "sleep",
        lambda uow, p: log_sleep(uow, p, hours=6, today=on(1)),
        lambda doc: len(doc["sleep_entries"]),
    ),
    (
        "session",
        lambda uow, p: log_session(
            uow,
            p,
            {"date": on(1), "exercises": [walk_done(10)], "pain_before": 3, "pain_after": 3,
             "effort": "about_right"},
            today=on(1),
        ),
        lambda doc: len(doc["session_logs"]),
    ),
    (
        "score",
        lambda uow, p: record_score(uow, p, "rmdq", {"ticked": [1]}, taken_on=on(1), today=on(1)),
        lambda doc: len(doc["questionnaire_scores"]),
    ),
    (
        "review",
        lambda uow, p: run_reviews(uow, p, today=on(7), now=at(on(7))),
        lambda doc: len(doc["reviews"]),
    ),
    (
        "symptoms",
        lambda uow, p: report_symptoms(
            uow, p, {"red_flags": {"new_bowel_change": True}}, today=on(2), now=at(on(2))
        ),
        lambda doc: len(doc["assessments"]) - 1 + len(doc["plans"]) - 1,
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "write", "kept"), WRITES, ids=[w[0] for w in WRITES])
def test_a_write_is_committed_before_the_service_returns(
    engine: Engine,
    name: str,
    write: Callable[[UnitOfWork, int], Any],
    kept: Callable[[dict[str, Any]], int],
) -> None:
    person_id = begin(engine)
    with pytest.raises(Boom), SqlUnitOfWork(engine) as uow:
        write(uow, person_id)
        raise Boom  # whatever fails after the service returns cannot undo what it saved
    with SqlUnitOfWork(engine, read_only=True) as uow:
        document = export_json(uow, person_id)
    expected = 2 if name in ("spasm", "symptoms") else 1
    assert kept(document) == expected, name


def test_a_whole_journey_then_export_and_erasure(engine: Engine) -> None:
    person_id = begin(engine)
    for n in range(8):
        with SqlUnitOfWork(engine) as uow:
            log_pain(uow, person_id, pain=2, today=on(n), now=at(on(n)))
            day = day_view(uow, person_id, on(n)).day
            assert day is not None
            done = [
                ExerciseDone(exercise_id=i.exercise, sets_done=i.dose.sets) for i in day.items()
            ]
            log_session(
                uow,
                person_id,
                {"date": on(n), "exercises": [*done, walk_done(day.walking_minutes)],
                 "pain_before": 2, "pain_after": 3, "effort": Effort.TOO_EASY},
                today=on(n),
            )  # fmt: skip
    with SqlUnitOfWork(engine) as uow:
        log_steps(uow, person_id, steps=6000, today=on(7))
        log_sitting(uow, person_id, hours=7.5, today=on(7))
        log_sleep(uow, person_id, hours=7, quality=6, today=on(7))
        log_spasm(
            uow, person_id, severity=3, minutes=5, started_at=at(on(7)), today=on(7), now=at(on(7))
        )
        record_score(uow, person_id, "rmdq", {"ticked": list(range(1, 11))}, taken_on=on(0),
                     today=on(7))  # fmt: skip
        record_score(uow, person_id, "rmdq", {"ticked": [1, 2, 3, 4]}, taken_on=on(7), today=on(7))
        report = run_reviews(uow, person_id, today=on(7), now=at(on(7), 20))
    (done_review,) = report.reviews
    assert {c.kind for c in done_review.review.changes} >= {"progress", "walking"}
    with SqlUnitOfWork(engine) as uow:
        flare = log_pain(uow, person_id, pain=7, today=on(9), now=at(on(9)))
    assert flare.flare is not None
    with SqlUnitOfWork(engine) as uow:
        stopped = report_symptoms(
            uow,
            person_id,
            {"legs": {"pain_or_numbness": "both_legs"}},
            today=on(12),
            now=at(on(12)),
        )
    assert stopped.triage is not None and stopped.triage.level is Level.EMERGENCY
    with SqlUnitOfWork(engine, read_only=True) as uow:
        active = active_plan(uow, person_id)
        progress = progress_report(uow, person_id, today=on(12))
        document = export_json(uow, person_id)
        csv_text = export_csv(uow, person_id)
    assert active is not None
    kinds = [active.plan.day(on(n)).kind for n in (8, 9, 10, 11, 12, 13)]
    assert (
        kinds
        == [DayKind.PLAN, DayKind.RELIEF, DayKind.RELIEF, DayKind.PLAN] + [DayKind.STOPPED] * 2
    )
    assert any("improved by 6 points" in m.text for m in progress.meanings)
    assert all(document[name] for name in EXPORT_SECTIONS)
    assert len(document["plans"]) == 4  # start, review, flare-up, stop
    assert csv_text.count("\n") > 1000

    with SqlUnitOfWork(engine) as uow:
        deleted = delete_my_data(uow, person_id)
    assert deleted["people"] == 1
    with engine.connect() as connection:
        left = {
            table.__tablename__: connection.scalar(select(func.count()).select_from(table))
            for table in (*PERSON_TABLES, PersonRow)
        }
    assert set(left.values()) == {0}, left
