"""Restored plans kept in memory, so that showing today's session does not rebuild the plan.

Restoring a stored plan (:func:`unknot.services.plans.active_plan`) rebuilds it from its
answers and checks it against the stored JSON, which takes milliseconds; a web server shows
the same plan many times a day. A stored plan never changes (a review or a flare-up stores a
new one), so a restored plan can be kept, keyed by its person and record id, and used again
while the stored record is the same: either its JSON is equal to the one it was restored from,
or (cheaper, without reading the JSON) its creation time is the same, to the microsecond. Either
way an id used again after an erasure cannot bring back someone else's plan; and an erasure
drops the person's plans from this process's cache at once (:meth:`PlanCache.forget`).

One cache per process, shared by its threads; the least recently used plans are dropped first.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Final

from unknot.domain.plan import Day, Library, Plan
from unknot.services.plans import (
    ActivePlan,
    DayStatus,
    DayView,
    NoPlanYet,
    active_plan,
)
from unknot.services.unit_of_work import UnitOfWork

PlanKey = tuple[int, dt.datetime]
"""A stored plan's record id and creation time."""


class Unknown:
    """No plan key was read: the cache reads the stored record itself."""


UNKNOWN: Final = Unknown()


@dataclass(frozen=True)
class PlanDay:
    """A date in the person's active plan: where it falls and the plan's day then."""

    date: dt.date
    active: ActivePlan
    status: DayStatus
    day: Day | None

    @property
    def plan(self) -> Plan:
        return self.active.plan

    @property
    def stopped(self) -> bool:
        """True when a new red flag stopped the plan on or before this day's date."""
        stop = self.active.plan.stopped
        return stop is not None and stop.date <= self.date


DEFAULT_SIZE: Final = 512
"""[DESIGN] Plans kept per process: a plan's objects take tens of kilobytes, so this is a
few tens of megabytes at most."""


class PlanCache:
    """Active plans restored once and used again while unchanged."""

    def __init__(self, size: int = DEFAULT_SIZE, library: Library | None = None) -> None:
        if size < 1:
            raise ValueError("the cache must hold at least one plan")
        self._size = size
        self._library = library
        self._plans: OrderedDict[tuple[int, int], ActivePlan] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._plans)

    def active(
        self, uow: UnitOfWork, person_id: int, key: PlanKey | None | Unknown = UNKNOWN
    ) -> ActivePlan | None:
        """The person's active plan (as :func:`~unknot.services.plans.active_plan`).

        ``key`` is the active plan's id and creation time when the caller has read them
        (a light query, :class:`unknot.adapters.journey_reads.SqlJourneyReads`): a kept plan
        with that key is used without reading the stored JSON at all; ``None`` means there is
        no active plan. Without a key the stored record is read and its JSON compared with the
        one kept."""
        if key is None:
            return None
        if not isinstance(key, Unknown):
            kept = self.kept(person_id, key)
            return kept if kept is not None else self._restore(uow, person_id)
        record = uow.plans.active(person_id)
        if record is None or record.id is None:
            return None
        with self._lock:
            kept = self._plans.get((person_id, record.id))
            if kept is not None and kept.record.plan == record.plan:
                self._plans.move_to_end((person_id, record.id))
                self.hits += 1
                return ActivePlan(record, kept.plan, kept.assessment, kept.answers)
        return self._restore(uow, person_id)

    def kept(self, person_id: int, key: PlanKey) -> ActivePlan | None:
        """The person's plan with this key if it is kept here (no database needed), else
        ``None``: then ask :meth:`active` with a unit of work."""
        with self._lock:
            kept = self._plans.get((person_id, key[0]))
            if kept is None or kept.record.created_at != key[1]:
                return None
            self._plans.move_to_end((person_id, key[0]))
            self.hits += 1
            return kept

    def _restore(self, uow: UnitOfWork, person_id: int) -> ActivePlan | None:
        found = active_plan(uow, person_id, library=self._library)
        if found is None or found.record.id is None:
            return found
        with self._lock:
            self.misses += 1
            self._plans[(person_id, found.record.id)] = found
            self._plans.move_to_end((person_id, found.record.id))
            while len(self._plans) > self._size:
                self._plans.popitem(last=False)
        return found

    def forget(self, person_id: int) -> None:
        """Drop every plan of the person (after they erase their data)."""
        with self._lock:
            for key in [key for key in self._plans if key[0] == person_id]:
                del self._plans[key]

    def plan_day(
        self,
        uow: UnitOfWork,
        person_id: int,
        date: dt.date,
        key: PlanKey | None | Unknown = UNKNOWN,
    ) -> PlanDay:
        """Where ``date`` falls in the person's plan, and the plan's day then (``None``
        outside the plan); :class:`NoPlanYet` without a plan. ``key`` as for :meth:`active`."""
        active = self.active(uow, person_id, key)
        if active is None:
            raise NoPlanYet(person_id)
        return self.day_of(active, date)

    @staticmethod
    def day_of(active: ActivePlan, date: dt.date) -> PlanDay:
        """Where ``date`` falls in ``active``, and the plan's day then."""
        plan = active.plan
        if date < plan.generated_for:
            return PlanDay(date, active, DayStatus.BEFORE_START, None)
        if date > plan.end:
            return PlanDay(date, active, DayStatus.AFTER_END, None)
        return PlanDay(date, active, DayStatus.IN_PLAN, plan.day(date))

    def day_view(
        self,
        uow: UnitOfWork,
        person_id: int,
        date: dt.date,
        key: PlanKey | None | Unknown = UNKNOWN,
    ) -> DayView:
        """The person's plan on ``date`` and what they logged then (as
        :func:`~unknot.services.plans.day_view`); :class:`NoPlanYet` without a plan. ``key``
        as for :meth:`active`."""
        found = self.plan_day(uow, person_id, date, key)
        logged = uow.diary.day(person_id, date)
        return DayView(date, found.active, found.status, found.day, logged)
