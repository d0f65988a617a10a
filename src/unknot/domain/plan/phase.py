"""The stage of a back-pain episode, and why the plan is at that stage.

Four phases, as the exercise library's ``phases`` uses them:

    acute       the first 48 hours of a spasm: gentle movement, positions of relief, heat
    subacute    after 48 hours and up to 12 weeks: stretching and gentle strengthening start
                ([DESIGN] guidelines call the first 4 weeks acute and 4-12 weeks subacute;
                unknot's own "acute" is only the first 48 hours of a spasm)
    chronic     more than 12 weeks, or an episode that has come back (recurrent)
    prevention  pain is low and improving: keep strong and active so it stays away

The phase is worked out from the answers and the date, so that a plan moves on by itself:
an acute plan steps up to subacute on the day the 48 hours are over, and a subacute plan
becomes chronic when the episode passes 12 weeks. A weekly review may move a plan on to
prevention (pain of 2 or less for a week, see :mod:`unknot.domain.plan.review`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from unknot.domain.answers import Answers, Trend


class Phase(StrEnum):
    """Stage of an episode (values as in the exercise library)."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"
    PREVENTION = "prevention"


ACUTE_DAYS = 2
"""The acute phase is the first 48 hours of a spasm: days 0 and 1 of the episode (``duration_days``
0 or 1). Clinical reference §5-6 and issue 4: in the first 24-48 h, gentle movement, positions of
relief, short walks and heat; no strengthening and no strong stretching; step up after."""

CHRONIC_AFTER_DAYS = 84
"""Pain lasting more than 12 weeks (84 days) is chronic: the definition used by NICE NG59 and
WHO 2023 (chronic primary low back pain) and by ACP 2017 (acute under 4 weeks, subacute 4-12
weeks, chronic over 12 weeks)."""

PREVENTION_MAX_PAIN = 2
"""[DESIGN] Pain of 2/10 or less that is improving (or no pain at all) moves the plan to
prevention: a 2-point change is the smallest that matters on the 0-10 scale (clinical reference
§3.3, Farrar 2001; Ostelo 2008), so 2 or less is close to no pain. The same threshold moves a plan
to prevention at a weekly review when every pain entry of the week is 2 or less."""


@dataclass(frozen=True)
class PhaseChoice:
    """The phase on one date and the plain-language reason for it."""

    phase: Phase
    why: str


def episode_start(answers: Answers, assessed_on: dt.date) -> dt.date | None:
    """The date the episode began (``assessed_on`` minus ``episode.duration_days``), if known."""
    days = answers.ep.duration_days
    if days is None:
        return None
    return assessed_on - dt.timedelta(days=days)


def is_recurrent(answers: Answers) -> bool:
    """An episode that has happened before: the episode block was answered and
    ``first_episode`` is false (a missing block is "not asked", never "recurrent")."""
    return answers.episode is not None and not answers.episode.first_episode


def is_low_and_improving(answers: Answers) -> bool:
    """Pain now of :data:`PREVENTION_MAX_PAIN` or less and improving, or no pain at all."""
    pain = answers.pain.now if answers.pain is not None else None
    if pain is None:
        return False
    return pain == 0 or (pain <= PREVENTION_MAX_PAIN and answers.ep.trend == Trend.IMPROVING)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def phase_on(answers: Answers, day: dt.date, assessed_on: dt.date) -> PhaseChoice:
    """The phase of the episode on ``day``, from the answers given on ``assessed_on``.

    Order: acute (first 48 hours) wins, then prevention (low and improving), then chronic
    (more than 12 weeks, or recurrent), else subacute. When the duration is not known the plan
    does not guess an acute spasm: it starts at subacute and says so.
    """
    return PhaseClock.of(answers, assessed_on).on(day)


@dataclass(frozen=True)
class PhaseClock:
    """What :func:`phase_on` reads from the answers, read once: a plan asks about every one of
    its dates."""

    start: dt.date | None
    """The date the episode began, if known."""
    low_and_improving: bool
    pain_now: int | None
    recurrent: bool

    @classmethod
    def of(cls, answers: Answers, assessed_on: dt.date) -> PhaseClock:
        return cls(
            start=episode_start(answers, assessed_on),
            low_and_improving=is_low_and_improving(answers),
            pain_now=answers.pain.now if answers.pain is not None else None,
            recurrent=is_recurrent(answers),
        )

    def phase(self, day: dt.date) -> Phase:
        """The phase on ``day``, without its reason in words (a plan asks for the phase of
        every date, and for the reason of a few: :meth:`on`)."""
        age = (day - self.start).days if self.start is not None else None
        if age is not None and age < ACUTE_DAYS:
            return Phase.ACUTE
        if self.low_and_improving:
            return Phase.PREVENTION
        if (age is not None and age > CHRONIC_AFTER_DAYS) or self.recurrent:
            return Phase.CHRONIC
        return Phase.SUBACUTE

    def on(self, day: dt.date) -> PhaseChoice:
        """The phase on ``day`` (see :func:`phase_on`), with its reason in words."""
        phase = self.phase(day)
        age = (day - self.start).days if self.start is not None else None
        if phase is Phase.ACUTE:
            began = "today" if age is None or age <= 0 else f"{_days(age)} ago"
            return PhaseChoice(
                phase,
                f"The pain began {began}: the first 48 hours of a spasm are for gentle movement, "
                "positions of relief, short walks and heat, with no strengthening or strong "
                "stretching yet. The plan steps up after 48 hours.",
            )
        if phase is Phase.PREVENTION:
            return PhaseChoice(
                phase,
                f"Your pain is {self.pain_now}/10 and settling, so the plan works on keeping "
                "your back strong and active to help stop it coming back.",
            )
        if phase is Phase.CHRONIC:
            if age is not None and age > CHRONIC_AFTER_DAYS:
                return PhaseChoice(
                    phase,
                    f"The pain has lasted about {age // 7} weeks, more than 12, so the plan "
                    "builds strength and fitness step by step, with daily walking.",
                )
            return PhaseChoice(phase, RECURRENT_WHY)
        if age is None:
            return PhaseChoice(phase, UNKNOWN_DURATION_WHY)
        return PhaseChoice(
            phase,
            f"The pain began {_days(age)} ago, past the first 48 hours, so gentle stretching and "
            "light strengthening can start alongside walking.",
        )


RECURRENT_WHY = (
    "You have had back pain like this before, so the plan treats it as recurrent: it "
    "builds strength and regular walking, which helps keep it from coming back."
)
UNKNOWN_DURATION_WHY = (
    "You did not say how long the pain has lasted, so the plan starts at the settling "
    "(subacute) stage: gentle stretching and light strengthening, never forced."
)
