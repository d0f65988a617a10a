"""Restored plans kept in memory, so that showing today's session does not rebuild the plan.

Restoring a stored plan (:func:`unknot.services.plans.active_plan`) rebuilds it from its
answers and checks it against the stored JSON, which takes milliseconds; a web server shows
the same plan many times a day. A stored plan never changes (a review or a flare-up stores a
new one), so a restored plan can be kept, keyed by its person and record id, and used again
while the stored JSON is still equal to the one it was restored from (so that an id reused
after an erasure can never bring back someone else's plan).

One cache per process, shared by its threads; the least recently used plans are dropped first.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from typing import Final

from unknot.domain.plan import Library
from unknot.services.plans import (
    ActivePlan,
    DayStatus,
    DayView,
    NoPlanYet,
    active_plan,
)
from unknot.services.unit_of_work import UnitOfWork

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

    def active(self, uow: UnitOfWork, person_id: int) -> ActivePlan | None:
        """The person's active plan (as :func:`~unknot.services.plans.active_plan`)."""
        record = uow.plans.active(person_id)
        if record is None or record.id is None:
            return None
        key = (person_id, record.id)
        with self._lock:
            kept = self._plans.get(key)
            if kept is not None and kept.record.plan == record.plan:
                self._plans.move_to_end(key)
                self.hits += 1
                return ActivePlan(record, kept.plan, kept.assessment, kept.answers)
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

    def day_view(self, uow: UnitOfWork, person_id: int, date: dt.date) -> DayView:
        """The person's plan on ``date`` and what they logged then (as
        :func:`~unknot.services.plans.day_view`); :class:`NoPlanYet` without a plan."""
        active = self.active(uow, person_id)
        if active is None:
            raise NoPlanYet(person_id)
        plan = active.plan
        if date < plan.generated_for:
            status, day = DayStatus.BEFORE_START, None
        elif date > plan.end:
            status, day = DayStatus.AFTER_END, None
        else:
            status, day = DayStatus.IN_PLAN, plan.day(date)
        return DayView(date, active, status, day, uow.diary.day(person_id, date))
