"""Export (JSON and CSV: everything kept) and erasure (nothing left)."""

from __future__ import annotations

import csv
import io

from tests.unit.test_services_diary import pain
from tests.unit.test_services_profile import at, on, started
from unknot.domain.records import EXPORT_SECTIONS
from unknot.services.diary import log_sitting, log_sleep, log_spasm, log_steps, report_symptoms
from unknot.services.export import CSV_COLUMNS, csv_rows, delete_my_data, export_csv, export_json
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.review import run_reviews
from unknot.services.scores import record_score
from unknot.services.sessions import log_session, walk_done


def full_history(store: FakeStore) -> int:
    """A person with something in every section: a start, a flare-up and a review make three
    plans; new symptoms a second assessment."""
    person_id = started(store).person_id
    pain(store, person_id, 3, on(0))
    pain(store, person_id, 8, on(1))  # a flare-up: a second plan
    with FakeUnitOfWork(store) as uow:
        log_spasm(
            uow, person_id, severity=4, minutes=5, started_at=at(on(1)), today=on(1), now=at(on(1))
        )
        log_steps(uow, person_id, steps=3000, today=on(1))
        log_sleep(uow, person_id, hours=6.5, quality=5, woken_by_pain=True, today=on(1))
        log_sitting(uow, person_id, hours=7, today=on(1))
        log_session(
            uow,
            person_id,
            {
                "date": on(1),
                "exercises": [walk_done(10)],
                "pain_before": 3,
                "pain_after": 3,
                "effort": "about_right",
            },
            today=on(1),
        )
        record_score(uow, person_id, "rmdq", {"ticked": [1, 2]}, taken_on=on(1), today=on(1))
        run_reviews(uow, person_id, today=on(7), now=at(on(7)))
        report_symptoms(uow, person_id, {"legs": {"below_knee": True}}, today=on(8), now=at(on(8)))
    return person_id


def test_the_json_export_holds_every_section_and_every_record() -> None:
    store = FakeStore()
    person_id = full_history(store)
    with FakeUnitOfWork(store) as uow:
        document = export_json(uow, person_id)
    assert document["format"] == "unknot.export/v1"
    counts = {name: len(document[name]) for name in EXPORT_SECTIONS}
    assert counts == {
        "assessments": 2,
        "plans": 3,
        "questionnaire_scores": 1,
        "reviews": 1,
        "session_logs": 1,
        "pain_entries": 2,
        "spasm_episodes": 1,
        "steps": 1,
        "sitting_entries": 1,
        "sleep_entries": 1,
    }


def test_the_csv_export_spells_out_every_field_of_every_record() -> None:
    store = FakeStore()
    person_id = full_history(store)
    with FakeUnitOfWork(store) as uow:
        text = export_csv(uow, person_id)
        document = export_json(uow, person_id)
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = rows[1:]
    assert [tuple(r) for r in body] == [tuple(r) for r in csv_rows(document)]
    by = {(r[0], r[3]): r for r in body}
    assert by[("sleep_entries", "woken_by_pain")][4] == "true"
    assert by[("sleep_entries", "hours")][4] == "6.5"
    assert by[("pain_entries", "stiffness")][4] == ""
    assert by[("questionnaire_scores", "result.score")][4] == "2"
    assert by[("session_logs", "exercises[0].exercise_id")][4] == "walking"
    assert by[("session_logs", "exercises[0].exercise_id")][2] == on(1).isoformat()
    assert ("plans", "plan.weeks[0].days[0].why") in by
    assert ("assessments", "answers.legs.below_knee") in by
    sections = {r[0] for r in body}
    assert sections == {"format", "person", *EXPORT_SECTIONS}


def test_every_value_of_the_json_is_in_the_csv() -> None:
    store = FakeStore()
    person_id = full_history(store)
    with FakeUnitOfWork(store) as uow:
        document = export_json(uow, person_id)
    rows = list(csv_rows(document))
    sleep = document["sleep_entries"][0]
    fields = {r[3]: r[4] for r in rows if r[0] == "sleep_entries"}
    assert set(fields) == set(sleep) - {"id"}
    plan_rows = [r for r in rows if r[0] == "plans" and r[1] == str(document["plans"][0]["id"])]
    assert len(plan_rows) > 1000  # a plan is spelled out, not squeezed into one cell
    assert max(len(r[4]) for r in rows) < 2000


def test_deleting_my_data_leaves_nothing() -> None:
    store = FakeStore()
    person_id = full_history(store)
    with FakeUnitOfWork(store) as uow:
        deleted = delete_my_data(uow, person_id)
    assert deleted["people"] == 1 and deleted["plans"] == 3 and deleted["assessments"] == 2
    assert all(not rows for rows in store.tables.rows.values())
    assert store.tables.people == {}
