"""The cache of restored plans: a plan is restored once and used again while its stored JSON is
unchanged; a new plan, a changed one or another person's never comes from the cache."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.test_services_profile import ANSWERS, EMERGENCY, at, on, started
from unknot.domain.records import PainEntry, Person
from unknot.errors import InvalidInput
from unknot.services.diary import log_pain
from unknot.services.fakes import FakeStore, FakeUnitOfWork
from unknot.services.plan_cache import PlanCache
from unknot.services.plans import DayStatus, NoPlanYet, day_view
from unknot.services.profile import start


def test_a_plan_is_restored_once_and_then_reused() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        first = cache.active(uow, person_id)
        second = cache.active(uow, person_id)
    assert first is not None and second is not None
    assert second.plan is first.plan
    assert (cache.misses, cache.hits) == (1, 1)


def test_a_new_plan_is_restored_afresh() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        before = cache.active(uow, person_id)
        start(uow, person_id, ANSWERS, today=on(1), now=on_time(1), start_on=on(1))
        after = cache.active(uow, person_id)
    assert before is not None and after is not None
    assert after.plan.generated_for == on(1) != before.plan.generated_for
    assert cache.misses == 2


def test_a_flare_up_that_stores_a_changed_plan_is_seen_at_once() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        cache.active(uow, person_id)
        uow.diary.add_pain(person_id, PainEntry(date=on(0), pain=3))
        uow.commit()
        logged = log_pain(uow, person_id, pain=9, today=on(1), now=on_time(1))
        assert logged.flare is not None
        now_active = cache.active(uow, person_id)
    assert now_active is not None
    assert now_active.plan.as_json() == logged.flare.plan.as_json()


def test_a_stored_plan_whose_json_differs_is_not_taken_from_the_cache() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        assert cache.active(uow, person_id) is not None
        record = uow.plans.active(person_id)
        assert record is not None
        # The same person and record id with other JSON (as if an id were used again after an
        # erasure): the cache restores it afresh, which finds it does not match its answers.
        changed = record.model_copy(update={"plan": {**record.plan, "minutes_per_day": 90}})
        uow.plans.active = lambda _: changed  # type: ignore[method-assign]
        with pytest.raises(InvalidInput):
            cache.active(uow, person_id)
    assert cache.misses == 1 and cache.hits == 0


def test_each_person_gets_their_own_plan() -> None:
    store = FakeStore()
    first = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        second = uow.people.add(Person(created_at=on_time(0), email="b@example.org"))
        uow.commit()
        start(uow, second, ANSWERS, today=on(2), now=on_time(2))
        one, two = cache.active(uow, first), cache.active(uow, second)
    assert one is not None and two is not None
    assert one.plan.generated_for == on(0) and two.plan.generated_for == on(2)


def test_the_least_recently_used_plan_is_dropped_when_full() -> None:
    store = FakeStore()
    first = started(store).person_id
    cache = PlanCache(size=1)
    with FakeUnitOfWork(store) as uow:
        second = uow.people.add(Person(created_at=on_time(0), email="b@example.org"))
        uow.commit()
        start(uow, second, ANSWERS, today=on(0), now=on_time(0))
        cache.active(uow, first)
        cache.active(uow, second)
        assert len(cache) == 1
        cache.active(uow, first)
    assert cache.misses == 3


def test_forgetting_a_person_drops_their_plans() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        cache.active(uow, person_id)
        cache.forget(person_id)
        assert len(cache) == 0
        cache.active(uow, person_id)
    assert cache.misses == 2


@pytest.mark.parametrize("offset", [-1, 0, 13, 27, 28])
def test_the_day_view_is_the_same_as_the_services(offset: int) -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        uow.diary.add_pain(person_id, PainEntry(date=on(offset), pain=4))
        uow.commit()
        cached = PlanCache().day_view(uow, person_id, on(offset))
        plain = day_view(uow, person_id, on(offset))
    assert (cached.status, cached.day, cached.logged) == (plain.status, plain.day, plain.logged)


def test_without_a_plan_the_day_view_says_so() -> None:
    store = FakeStore()
    with FakeUnitOfWork(store) as uow:
        person_id = uow.people.add(Person(created_at=on_time(0)))
        uow.commit()
        with pytest.raises(NoPlanYet):
            PlanCache().day_view(uow, person_id, on(0))


def on_time(offset: int) -> dt.datetime:
    return at(on(offset))


class NoRecordReads:
    """A unit of work whose stored plan must not be read (a cache hit needs no JSON)."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.diary = uow.diary

        class Plans:
            def active(self, _: int) -> None:
                raise AssertionError("the stored plan was read")

        self.plans = Plans()


def test_a_kept_plan_with_the_same_key_is_used_without_reading_the_stored_json() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        kept = cache.active(uow, person_id)
        assert kept is not None and kept.record.id is not None
        key = (kept.record.id, kept.record.created_at)
        again = cache.active(NoRecordReads(uow), person_id, key)  # type: ignore[arg-type]
    assert again is kept
    assert (cache.misses, cache.hits) == (1, 1)


def test_a_key_with_another_creation_time_restores_the_plan_afresh() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        kept = cache.active(uow, person_id)
        assert kept is not None and kept.record.id is not None
        other = (kept.record.id, kept.record.created_at + dt.timedelta(microseconds=1))
        cache.active(uow, person_id, other)
    assert cache.misses == 2


def test_only_a_plan_kept_with_the_same_key_is_found_without_a_unit_of_work() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    cache = PlanCache()
    with FakeUnitOfWork(store) as uow:
        other_id = uow.people.add(Person(created_at=on_time(0), email="b@example.org"))
        uow.commit()
        record = uow.plans.active(person_id)
        assert record is not None and record.id is not None
        key = (record.id, record.created_at)
        assert cache.kept(person_id, key) is None
        restored = cache.active(uow, person_id, key)
    assert cache.kept(person_id, key) is restored
    later = (record.id, record.created_at + dt.timedelta(microseconds=1))
    assert cache.kept(person_id, later) is None
    assert cache.kept(other_id, key) is None
    assert restored is not None
    with FakeUnitOfWork(store) as uow:
        assert cache.day_of(restored, on(3)) == cache.plan_day(uow, person_id, on(3), key)


def test_no_key_means_no_plan() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        assert PlanCache().active(uow, person_id, None) is None


@pytest.mark.parametrize(
    ("offset", "status", "has_day"),
    [(-1, DayStatus.BEFORE_START, False), (0, DayStatus.IN_PLAN, True),
     (27, DayStatus.IN_PLAN, True), (28, DayStatus.AFTER_END, False)],
)  # fmt: skip
def test_a_plan_day_says_where_the_date_falls(
    offset: int, status: DayStatus, has_day: bool
) -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        found = PlanCache().plan_day(uow, person_id, on(offset))
    assert found.status is status
    assert (found.day is not None) == has_day
    assert not found.stopped


def test_a_plan_day_from_the_stop_on_is_stopped() -> None:
    store = FakeStore()
    person_id = started(store).person_id
    with FakeUnitOfWork(store) as uow:
        start(uow, person_id, EMERGENCY, today=on(3), now=on_time(3))
        cache = PlanCache()
        assert not cache.plan_day(uow, person_id, on(2)).stopped
        assert cache.plan_day(uow, person_id, on(3)).stopped
        assert cache.plan_day(uow, person_id, on(40)).stopped
