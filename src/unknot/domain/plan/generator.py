"""The plan generator: answers and triage in, a 4-week plan out, every choice with a reason.

Pure and deterministic: the same answers, triage result, library and dates always give the same
plan (``start`` and ``today`` are passed in; there is no clock, no I/O and no randomness).

How a day is built (:func:`build_day`):

1. Its phase: acute for the first 48 hours of the episode, then by the calendar and by what a
   weekly review set (:mod:`.phase`); a flare-up day uses the relief set.
2. Whether it is a strength day: 2 or 3 days a week, never two in a row (:mod:`.dosing`).
3. The needs of the phase and of each contributor, in priority order (:mod:`.selection`); each
   need takes the first exercises that suit the person's floor, equipment and phase.
4. Walking first, then items in priority order while they fit into the minutes a day; what did
   not fit is recorded and explained in the plan's notes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from unknot.domain.answers import Answers
from unknot.domain.contributors import Contributor, ContributorId
from unknot.domain.plan.dosing import (
    ACUTE_WALK_BOUTS,
    DEFAULT_MINUTES_PER_DAY,
    MIN_WALK_MINUTES,
    STRENGTH_DAY_PATTERNS,
    STRENGTH_DAYS_PER_WEEK,
    WALK_TARGET_MINUTES_PER_DAY,
    WalkingDose,
    fit_walk,
    grow_walk,
    item_minutes,
    starting_walk,
    walking_cap,
)
from unknot.domain.plan.library import (
    OPTIONAL_EQUIPMENT,
    Category,
    Dose,
    ExerciseSpec,
    Library,
    Position,
)
from unknot.domain.plan.model import (
    DAYS_PER_WEEK,
    WEEKS,
    Day,
    DayKind,
    Item,
    NoPlan,
    Plan,
    PlanContext,
    Progression,
    Relief,
    Session,
    Stop,
    WalkingBout,
    Week,
)
from unknot.domain.plan.phase import Phase
from unknot.domain.plan.selection import (
    ACUTE_EXCLUDED,
    CATEGORY_ORDER,
    CONTRIBUTOR_NEEDS,
    NERVE_TENSION_TARGETS,
    PHASE_NEEDS,
    RELIEF_NEEDS,
    SESSION_CATEGORIES,
    Need,
    movement_family,
)
from unknot.domain.triage import Level, TriageResult
from unknot.errors import InvalidInput

POSTURE_BREAK_EVERY_MINUTES = 30
"""[DESIGN] For people who sit a lot, a short movement break every 30 minutes of sitting. WHO
2020 advises limiting and breaking up sitting; 30 minutes is a practical interval, not a
tested rule (as the sitting-and-posture article says)."""

PAIN_RULE = (
    "Pain during exercise up to 5/10 is acceptable if it settles by the next morning "
    "(a pain-monitoring model from tendon rehabilitation, Silbernagel 2007, used here for back "
    "pain by extension). Log pain before and after each session and each morning, so that the "
    "weekly review can adjust the plan."
)

RULE_REFERENCES = (
    "nhs-back-pain",
    "nice-ng59",
    "acsm-2011",
    "bandy-1997",
    "walkback-2024",
    "cochrane-bed-rest",
    "cochrane-heat-cold",
    "silbernagel-2007",
    "owen-2020",
)
"""Sources of the plan's own rules (phases, dosing, walking, relief, pain monitoring)."""

HEAT_SPASM = Relief(
    "Heat",
    "A heat pack, a wrapped hot-water bottle or a warm bath can ease muscle spasm and "
    "stiffness; in a Cochrane review a heat wrap eased pain a little over the first days. Do not "
    "use heat on numb skin.",
    "cochrane-heat-cold",
)
HEAT_STIFFNESS = Relief(
    "Heat for stiffness",
    "A heat pack or a warm shower can ease stiffness before you move (NHS). Do not use heat on "
    "numb skin.",
    "nhs-back-pain",
)
POSITIONS_OF_RELIEF = Relief(
    "Positions of relief",
    "When the pain is bad, lie on your back with your knees bent and supported, or on your side "
    "with a pillow between your knees, whichever eases it most; then get moving again.",
    "nhs-back-pain",
)
STAY_ACTIVE = Relief(
    "Keep moving, avoid bed rest",
    "Staying active helps a little more than resting in bed (Cochrane): move gently, little and "
    "often.",
    "cochrane-bed-rest",
)
SLEEP_POSITION = Relief(
    "Sleeping position",
    "On your side, draw your knees up slightly with a pillow between them; on your back, put a "
    "pillow under your knees.",
    "mayo-sleep-positions",
)


@dataclass(frozen=True)
class Setup:
    """The person's circumstances, read once from the answers and the triage result."""

    minutes_per_day: int
    minutes_given: bool
    can_get_on_floor: bool
    equipment: frozenset[str]
    contributors: tuple[Contributor, ...]

    def has(self, contributor: ContributorId) -> Contributor | None:
        for found in self.contributors:
            if found.id == contributor:
                return found
        return None


def picks_for(ctx: PlanContext, progression: Progression) -> dict[object, tuple[Item, ...]]:
    """The items chosen so far for weeks of ``progression``'s doses, variants and pauses, by
    (phase, strength day), kept with the plan's context: :func:`_pick` depends on nothing else
    once the context is fixed, so a plan's weeks, and the weeks a review or a flare-up rebuilds,
    share them."""
    key = (
        "picks",
        frozenset(progression.doses.items()),
        frozenset(progression.variants.items()),
        progression.paused,
    )
    found: dict[object, tuple[Item, ...]] | None = ctx.derived.get(key)
    if found is None:
        found = ctx.derived[key] = {}
    return found


def setup_of(ctx: PlanContext) -> Setup:
    """The person's setup, worked out once per plan."""
    found: Setup | None = ctx.derived.get("setup")
    if found is None:
        prefs = ctx.answers.preferences
        minutes = prefs.minutes_per_day if prefs is not None else None
        found = ctx.derived["setup"] = Setup(
            minutes_per_day=minutes if minutes is not None else DEFAULT_MINUTES_PER_DAY,
            minutes_given=minutes is not None,
            can_get_on_floor=prefs.can_get_on_floor if prefs is not None else True,
            equipment=frozenset(prefs.equipment) if prefs is not None else frozenset(),
            contributors=ctx.triage.contributors,
        )
    return found


def _steps(answers: Answers) -> int | None:
    return answers.lifestyle.steps_per_day if answers.lifestyle is not None else None


def generate_plan(
    answers: Answers,
    triage_result: TriageResult,
    library: Library | Iterable[ExerciseSpec],
    start: dt.date,
    *,
    today: dt.date | None = None,
) -> Plan:
    """A 4-week plan starting on ``start`` for answers given on ``today`` (default: ``start``).

    Raises :class:`NoPlan` when the triage level is emergency or urgent, and
    :class:`InvalidInput` when ``start`` is before ``today``.
    """
    if not triage_result.plan_allowed:
        raise NoPlan(triage_result)
    assessed_on = today if today is not None else start
    if start < assessed_on:
        raise InvalidInput(
            "start", f"the plan cannot start ({start}) before the assessment ({assessed_on})"
        )
    lib = library if isinstance(library, Library) else Library(library)
    ctx = PlanContext(answers, triage_result, lib, assessed_on)
    walk, walk_why = starting_walk(_steps(answers))
    weeks = build_weeks(ctx, start, 1, Progression(walk, walking_why=walk_why), WEEKS)
    return assemble(ctx, start, weeks)


def assemble(
    ctx: PlanContext, start: dt.date, weeks: Sequence[Week], stopped: Stop | None = None
) -> Plan:
    """A plan from its weeks: the phase at the start, notes and references are derived."""
    setup = setup_of(ctx)
    first = ctx.phase_on(start)
    days = [day for week in weeks for day in week.days]
    return Plan(
        generated_for=start,
        generated_on=ctx.assessed_on,
        phase=first.phase,
        phase_why=first.why,
        triage_level=ctx.triage.level,
        minutes_per_day=setup.minutes_per_day,
        weeks=tuple(weeks),
        notes=tuple(plan_notes(ctx, setup, days)),
        safety_net=ctx.triage.safety_net,
        references=_references(ctx, days),
        context=ctx,
        stopped=stopped,
    )


def build_weeks(
    ctx: PlanContext,
    plan_start: dt.date,
    first_number: int,
    progression: Progression,
    count: int,
) -> list[Week]:
    """Weeks ``first_number`` .. ``first_number + count - 1``. The first uses ``progression``;
    later ones are provisional projections in which walks grow about 15% a week."""
    weeks = []
    current = progression
    for offset in range(count):
        number = first_number + offset
        start = plan_start + dt.timedelta(days=DAYS_PER_WEEK * (number - 1))
        weeks.append(build_week(ctx, current, number, start, provisional=offset > 0))
        grown = grow_walk(current.walking)
        if grown != current.walking:
            why = (
                f"Walks grow by about 15% a week while walking goes well: "
                f"{grown.in_words()} this week."
            )
        else:
            why = "You are at the walking goal: keep it up."
        current = replace(current, walking=grown, walking_why=why)
    return weeks


def build_week(
    ctx: PlanContext,
    progression: Progression,
    number: int,
    start: dt.date,
    *,
    provisional: bool = False,
) -> Week:
    """One week (its days' choices of exercises shared with the other weeks of the plan that
    have the same doses, variants and pauses: :func:`picks_for`)."""
    setup = setup_of(ctx)
    pattern = strength_pattern(ctx, progression, start)
    picks = picks_for(ctx, progression)
    alike: dict[tuple[object, ...], Day] = {}
    days = tuple(
        build_day(
            ctx,
            setup,
            progression,
            start + dt.timedelta(days=i),
            i in pattern,
            (number - 1) * DAYS_PER_WEEK + i + 1,
            picks,
            alike,
        )
        for i in range(DAYS_PER_WEEK)
    )
    return Week(
        number=number,
        start=start,
        goals=tuple(week_goals(setup, progression, days)),
        days=days,
        progression=progression,
        provisional=provisional,
    )


def day_phase(ctx: PlanContext, progression: Progression, date: dt.date) -> Phase:
    """The phase on ``date``: by the calendar, unless a review moved the plan on (never out of
    the first 48 hours)."""
    by_time = ctx.clock.phase(date)
    if progression.phase is not None and by_time is not Phase.ACUTE:
        return progression.phase
    return by_time


def strength_pattern(ctx: PlanContext, progression: Progression, start: dt.date) -> tuple[int, ...]:
    """The strength days of the week starting on ``start`` (0 = its first day), one pattern
    for the whole week, from the phase the week ends in (so that a week that moves on from
    acute or subacute still has 2-4 strength days, never two in a row)."""
    last = day_phase(ctx, progression, start + dt.timedelta(days=DAYS_PER_WEEK - 1))
    return STRENGTH_DAY_PATTERNS[STRENGTH_DAYS_PER_WEEK[last]]


def build_day(
    ctx: PlanContext,
    setup: Setup,
    progression: Progression,
    date: dt.date,
    strength_slot: bool,
    number: int,
    picks: dict[object, tuple[Item, ...]] | None = None,
    alike: dict[tuple[object, ...], Day] | None = None,
) -> Day:
    """One day of the plan (see the module docstring). ``strength_slot``: the week's pattern
    makes this a strength day (unless it is an acute or flare-up day). ``picks``: see
    :func:`picks_for`. ``alike`` keeps the days built for one progression: a day that differs
    from one of them only in its date and number is that day with its date and number."""
    phase = day_phase(ctx, progression, date)
    relief_why = progression.relief_days.get(date)
    relief_mode = relief_why is not None or phase is Phase.ACUTE
    strength = not relief_mode and strength_slot
    acute_why = ctx.phase_on(date).why if phase is Phase.ACUTE else None
    key = (phase, relief_why, strength, acute_why)
    if alike is not None and (same := alike.get(key)) is not None:
        return same.moved_to(date, number)

    walking, walk_capped = _walking(setup, progression, relief_mode)
    room = setup.minutes_per_day - sum(b.minutes for b in walking)
    pick_phase = Phase.ACUTE if relief_mode else phase
    chosen = None if picks is None else picks.get((pick_phase, strength))
    if chosen is None:
        chosen = tuple(_pick(ctx, setup, progression, pick_phase, strength))
        if picks is not None:
            picks[(pick_phase, strength)] = chosen
    items: list[Item] = []
    left_out: list[str] = []
    used = 0
    for item in chosen:
        if used + item.estimated_minutes <= room:
            items.append(item)
            used += item.estimated_minutes
        else:
            left_out.append(item.exercise)
    items.sort(key=lambda it: CATEGORY_ORDER.index(it.category))

    if relief_why is not None:
        kind, why, name = DayKind.RELIEF, relief_why, "Gentle movement and relief"
    elif acute_why is not None:
        kind, name, why = DayKind.PLAN, "Gentle movement and relief", acute_why
    elif strength and any(it.category is Category.STRENGTH for it in items):
        kind, name = DayKind.PLAN, "Strength and mobility"
        why = (
            "Strength day: strengthening is done on 2-4 days a week with a rest day between "
            "(ACSM); stretching and mobility are daily."
        )
    else:
        kind, name = DayKind.PLAN, "Mobility and stretching"
        why = (
            "Mobility and stretching day: stretching works best done often (ACSM), and the "
            "strengthened muscles rest until the next strength day."
        )
        if strength:
            why = (
                "A strength day, but no strengthening exercise suits your setup or fits your "
                "time, so it is a mobility and stretching day."
            )
    sessions: tuple[Session, ...] = ()
    if items:
        session_why = (
            "Chosen for this stage and for what adds to your back pain; each item says why."
        )
        sessions = (Session(name, tuple(items), session_why),)
    sitting = setup.has(ContributorId.PROLONGED_SITTING)
    posture_why = None
    if sitting is not None:
        posture_why = (
            f"{sitting.why} Get up and move for a minute or two every "
            f"{POSTURE_BREAK_EVERY_MINUTES} minutes of sitting (for example a stand-up break): "
            "the best posture is the next one (WHO 2020: break up long sitting). These breaks "
            "replace sitting time, so they are not counted in your exercise minutes."
        )
    day = Day(
        date=date,
        number=number,
        phase=phase,
        kind=kind,
        why=why,
        sessions=sessions,
        walking=walking,
        posture_break_every_minutes=POSTURE_BREAK_EVERY_MINUTES if sitting else None,
        posture_break_why=posture_why,
        relief=_relief(setup, relief_mode),
        strength_day=strength,
        left_out=tuple(left_out),
        walking_shortened=walk_capped,
    )
    if alike is not None:
        alike[key] = day
    return day


def _walking(
    setup: Setup, progression: Progression, relief_mode: bool
) -> tuple[tuple[WalkingBout, ...], bool]:
    if relief_mode:
        dose = WalkingDose(ACUTE_WALK_BOUTS, MIN_WALK_MINUTES)
        why = (
            "Short, easy walks often are better than one long walk when the back is sore; "
            "staying active helps more than bed rest (Cochrane)."
        )
    else:
        dose = progression.walking
        why = (
            f"{progression.walking_why} Walking, built up step by step, helped people stay free "
            "of back pain for longer in the WalkBack trial; the goal is about "
            f"{WALK_TARGET_MINUTES_PER_DAY} minutes on at least 5 days a week."
        )
    fitted = fit_walk(dose, walking_cap(setup.minutes_per_day))
    if fitted is None:
        return (), True
    capped = fitted != dose
    if capped:
        why += f" Shortened to fit your {setup.minutes_per_day} minutes a day."
    bouts = [WalkingBout(fitted.minutes, why)]
    for _ in range(fitted.bouts - 1):
        bouts.append(
            WalkingBout(
                fitted.minutes,
                "Another walk later in the day: walking spread out is "
                "easier on a sore back than one long walk.",
            )
        )
    return tuple(bouts), capped


def _relief(setup: Setup, relief_mode: bool) -> tuple[Relief, ...]:
    out = [HEAT_SPASM, POSITIONS_OF_RELIEF, STAY_ACTIVE] if relief_mode else [HEAT_STIFFNESS]
    if setup.has(ContributorId.SLEEP_POSITION):
        out.append(SLEEP_POSITION)
    return tuple(out)


def eligible(
    spec: ExerciseSpec,
    setup: Setup,
    phase: Phase,
    strength_day: bool,
) -> bool:
    """Whether ``spec`` may be on a day of ``phase``: its phases, the acute rule, strength days
    only, the person's floor and equipment, and nerve-root caution. (Paused exercises are left
    out by the caller.)"""
    if spec.category not in SESSION_CATEGORIES or phase not in spec.phases:
        return False
    if phase is Phase.ACUTE and spec.category in ACUTE_EXCLUDED:
        return False
    if spec.category is Category.STRENGTH and not strength_day:
        return False
    if spec.position is Position.FLOOR and not setup.can_get_on_floor:
        return False
    if not spec.needs() <= setup.equipment:
        return False
    if (
        setup.has(ContributorId.NERVE_ROOT)
        and spec.category is Category.STRETCH
        and spec.targets_any(NERVE_TENSION_TARGETS)
    ):
        return False
    return True


def _needs(setup: Setup, phase: Phase) -> list[tuple[Need, int | None]]:
    """The day's needs in priority order, each with the position of the contributor it is for
    (``None``: a need of the phase)."""
    base = RELIEF_NEEDS if phase is Phase.ACUTE else PHASE_NEEDS[phase]
    needs: list[tuple[Need, int | None]] = [(need, None) for need in base]
    for at, contributor in enumerate(setup.contributors):
        needs.extend((need, at) for need in CONTRIBUTOR_NEEDS[contributor.id])
    needs.sort(key=lambda pair: pair[0].priority)
    return needs


def _because(contributor: Contributor, need: Need) -> str:
    reason = contributor.why.rstrip(".")
    return f"{contributor.title}: {reason[:1].lower()}{reason[1:]}, so {need.why}"


def _pick(
    ctx: PlanContext,
    setup: Setup,
    progression: Progression,
    phase: Phase,
    strength_day: bool,
) -> list[Item]:
    """The day's items in priority order, before fitting them into the time: the exercises
    :func:`_selection` chose, with the reasons in the person's own words and their doses."""
    library = ctx.library
    selection = _selection(library, setup, progression, phase, strength_day)
    words = _in_words(ctx, setup, selection)
    return [
        _item(library, spec, progression, why, variant_of)
        for (spec, variant_of, _), why in zip(selection, words, strict=True)
    ]


def _in_words(ctx: PlanContext, setup: Setup, selection: Selection) -> tuple[str, ...]:
    """Why each exercise of ``selection`` was chosen, in the person's own words. Kept with the
    plan's context by the selection itself: a plan's weeks (and those a review rebuilds) differ
    in their doses more often than in their selections. (The selection is kept beside its
    words, so the ``id`` in the key cannot come to name another.)"""
    key = ("words", id(selection))
    kept: tuple[Selection, tuple[str, ...]] | None = ctx.derived.get(key)
    if kept is not None and kept[0] is selection:
        return kept[1]
    library = ctx.library
    out = []
    for spec, variant_of, reasons in selection:
        texts = []
        for need, who, also in reasons:
            contributor = None if who is None else setup.contributors[who]
            if also:
                assert contributor is not None
                because = _because(contributor, need).split(", so ")[0]
                texts.append(f"Also for {because[:1].lower()}{because[1:]}.")
                continue
            why = need.why if contributor is None else _because(contributor, need)
            if variant_of is not None:
                why += (
                    f" Your weekly review switched this to {spec.name} in place of "
                    f"{library.get(variant_of).name}."
                )
            texts.append(why)
        out.append(" ".join(texts))
    words = tuple(out)
    ctx.derived[key] = (selection, words)
    return words


Reason = tuple[Need, int | None, bool]
"""Why an exercise was chosen: the need it meets, the position of the contributor the need is
for in the setup's contributors (``None``: a need of the phase), and whether the exercise was
already chosen for an earlier need ("also for ...")."""

Selection = tuple[tuple[ExerciseSpec, str | None, tuple[Reason, ...]], ...]
"""The exercises of a day in priority order, each with the exercise it stands in for (a
review's variant) and its reasons."""

SELECTIONS_KEPT = 4096
"""[DESIGN] How many selections a library keeps (:func:`_selection`); past that the kept ones
are dropped and worked out again as asked. A selection depends on few things, so in practice
far fewer are made."""


def _selection(
    library: Library,
    setup: Setup,
    progression: Progression,
    phase: Phase,
    strength_day: bool,
) -> Selection:
    """Which exercises meet the day's needs, and why, kept with the library: the choice depends
    only on which contributors there are (not on their wording), the floor, the equipment, an
    irritated nerve root, the phase, the strength day and the review's variants and pauses, so
    people alike in those share it."""
    nerve = setup.has(ContributorId.NERVE_ROOT) is not None
    key = (
        tuple(c.id for c in setup.contributors),
        phase,
        strength_day,
        setup.can_get_on_floor,
        setup.equipment,
        nerve,
        frozenset(progression.variants.items()),
        progression.paused,
    )
    return library.keep(
        "selections",
        key,
        lambda: _select(library, setup, progression, phase, strength_day),
        SELECTIONS_KEPT,
    )


def _select(
    library: Library,
    setup: Setup,
    progression: Progression,
    phase: Phase,
    strength_day: bool,
) -> Selection:
    # (exercise, reasons, the exercise it stands in for): reasons grow when one exercise meets
    # several needs.
    chosen: list[tuple[ExerciseSpec, list[Reason], str | None]] = []
    used: set[str] = set()
    for need, who in _needs(setup, phase):
        got = 0
        # An item already chosen that meets this need counts toward it (one hip-flexor stretch
        # serves both tight hip flexors and long sitting), and carries both reasons.
        for spec, reasons, _ in chosen:
            if got == need.count:
                break
            if need.covers(spec):
                got += 1
                if who is not None:
                    reasons.append((need, who, True))
        for candidate in _eligible_candidates(library, need, setup, phase, strength_day):
            if got == need.count:
                break
            spec, variant_of = candidate, None
            swapped = progression.variants.get(candidate.id)
            if candidate.id in progression.paused or swapped in progression.paused:
                continue
            if swapped is not None and swapped in library:
                other = library.get(swapped)
                if eligible(other, setup, phase, strength_day):
                    spec, variant_of = other, candidate.id
            if movement_family(spec.id) in used:
                continue
            used.add(movement_family(spec.id))
            got += 1
            chosen.append((spec, [(need, who, False)], variant_of))
    return tuple((spec, variant_of, tuple(reasons)) for spec, reasons, variant_of in chosen)


def _eligible_candidates(
    library: Library, need: Need, setup: Setup, phase: Phase, strength_day: bool
) -> tuple[ExerciseSpec, ...]:
    """``need``'s candidates that are :func:`eligible`, kept with the library: eligibility
    depends on nothing of the person's but the floor, their equipment and an irritated nerve
    root, so there are few keys."""
    nerve = setup.has(ContributorId.NERVE_ROOT) is not None
    key = ("eligible", need, phase, strength_day, setup.can_get_on_floor, setup.equipment, nerve)
    found: tuple[ExerciseSpec, ...] | None = library.derived.get(key)
    if found is None:
        found = tuple(
            spec for spec in need.candidates(library) if eligible(spec, setup, phase, strength_day)
        )
        library.derived[key] = found
    return found


def _item(
    library: Library,
    spec: ExerciseSpec,
    progression: Progression,
    why: str,
    variant_of: str | None,
) -> Item:
    dose = progression.doses.get(spec.id, spec.dose)
    minutes, dose_text = _dosing(library, spec, dose)
    return Item(
        exercise=spec.id,
        name=spec.name,
        category=spec.category,
        dose=dose,
        estimated_minutes=minutes,
        why=why,
        dose_why=dose_text,
        variant_of=variant_of,
    )


DOSINGS_KEPT = 4096
"""[DESIGN] How many (exercise, dose) pairs a library keeps the minutes and words of
(:func:`_dosing`); past that they are dropped and worked out again as asked."""


def _dosing(library: Library, spec: ExerciseSpec, dose: Dose) -> tuple[int, str]:
    """The minutes ``dose`` of ``spec`` takes and why it is that dose, kept with the library:
    they depend on nothing else, and the same doses recur in nearly every plan."""
    return library.keep(
        "dosings", (spec.id, dose), lambda: (item_minutes(dose), dose_why(spec, dose)), DOSINGS_KEPT
    )


def dose_why(spec: ExerciseSpec, dose: Dose) -> str:
    """Why this dose, in plain words, citing clinical reference §6."""
    side = " on each side" if dose.per_side else ""
    if spec.category is Category.STRETCH and dose.hold_seconds is not None:
        text = (
            f"Hold about {dose.hold_seconds} s, {dose.sets} times{side}: stretches are held "
            "15-30 s and repeated 2-4 times, about 60 s in all (ACSM; Bandy 1997). Stretch to a "
            "mild pull, never to pain."
        )
    elif spec.category is Category.STRENGTH:
        text = (
            f"{dose.in_words()}: strengthening on 2-4 days a week with rest days between "
            "(ACSM). Pain up to 5/10 is acceptable if it settles by the next morning."
        )
    elif dose.minutes is not None:
        text = f"{dose.in_words()}, or as long as it helps."
    else:
        text = f"{dose.in_words()}, slow and easy, within a comfortable range."
    if dose != spec.dose:
        text += f" Your weekly review set this dose (the starting dose was {spec.dose.in_words()})."
    return text


def week_goals(setup: Setup, progression: Progression, days: Sequence[Day]) -> list[str]:
    phases = [day.phase for day in days]
    goals: list[str] = []
    if Phase.ACUTE in phases:
        goals.append(
            "First 48 hours: gentle movement, positions of relief, short walks and heat; then "
            "step up to gentle stretching and light strengthening."
        )
    strength_days = sum(1 for day in days if day.strength_day)
    if strength_days:
        goals.append(
            f"Strengthening on {strength_days} days this week, with a rest day between; "
            "mobility and stretching every day."
        )
    elif Phase.ACUTE not in phases:
        goals.append("Mobility and gentle stretching every day.")
    if any(day.kind is DayKind.RELIEF for day in days):
        goals.append("After the flare-up: the relief set for a day or two, then back to the plan.")
    goals.append(
        f"Walking: {progression.walking.in_words()} on most days, building toward about "
        f"{WALK_TARGET_MINUTES_PER_DAY} minutes on at least 5 days a week."
    )
    if setup.has(ContributorId.PROLONGED_SITTING):
        goals.append(f"Get up and move every {POSTURE_BREAK_EVERY_MINUTES} minutes of sitting.")
    goals.append(PAIN_RULE)
    return goals


def plan_notes(ctx: PlanContext, setup: Setup, days: Sequence[Day]) -> list[str]:
    """Plan-wide notes (``days``: all the plan's days): assumptions, what was left out and why,
    cautions."""
    notes: list[str] = []
    if ctx.triage.level is Level.SEE_CLINICIAN_SOON:
        notes.append(ctx.triage.headline)
    if not setup.minutes_given:
        notes.append(
            f"You did not say how many minutes a day you have, so the plan uses "
            f"{DEFAULT_MINUTES_PER_DAY}."
        )
    if not setup.can_get_on_floor:
        notes.append(
            "You cannot get down on the floor, so every exercise is done standing or on a chair."
        )
    elif not OPTIONAL_EQUIPMENT <= setup.equipment:
        notes.append(
            "You do not need a mat: floor exercises are fine on a carpet or a folded blanket."
        )
    if not setup.equipment - OPTIONAL_EQUIPMENT:
        notes.append(
            "You did not list any equipment, so the plan uses only exercises that need none; "
            "a chair, a towel or a pillow would widen the choice."
        )
    if setup.has(ContributorId.NERVE_ROOT):
        notes.append(
            "Because of the leg pain, strong hamstring stretches are left out: they also pull on "
            "the nerve. Stop any exercise that makes pain spread further down your leg, and "
            "follow the safety net if leg numbness or weakness gets worse."
        )
    left = sorted({ex for day in days for ex in day.left_out})
    if left:
        names = ", ".join(ctx.library.get(ex).name for ex in left)
        notes.append(
            f"Not enough time on some days for: {names}. The plan keeps the most important "
            f"items within your {setup.minutes_per_day} minutes a day; with more time these "
            "would be added."
        )
    if any(day.walking_shortened for day in days):
        notes.append(
            f"Walks are limited to {walking_cap(setup.minutes_per_day)} minutes a day so that "
            f"exercises fit into your {setup.minutes_per_day} minutes. The walking goal is "
            f"about {WALK_TARGET_MINUTES_PER_DAY} minutes a day: everyday walking (to the shops, "
            "to work) counts toward it."
        )
    strength_days = [day for day in days if day.strength_day and day.kind is DayKind.PLAN]
    has_strength = any(
        item.category is Category.STRENGTH for day in strength_days for item in day.items()
    )
    if strength_days and not has_strength:
        notes.append(
            "No strengthening exercise suits your setup (floor, equipment) or fits your time, "
            "so strength days hold mobility and stretching; a physiotherapist can suggest "
            "other options."
        )
    return notes


def _references(ctx: PlanContext, days: Sequence[Day]) -> tuple[str, ...]:
    """The sources of a plan of ``days``: the rules', and its exercises' and relief's."""
    refs = set(RULE_REFERENCES)
    exercises: set[str] = set()
    seen: set[int] = set()  # alike days share their sessions and relief
    for day in days:
        if id(day.sessions) not in seen:
            seen.add(id(day.sessions))
            exercises.update(item.exercise for s in day.sessions for item in s.items)
        if id(day.relief) not in seen:
            seen.add(id(day.relief))
            refs.update(r.source for r in day.relief)
        if day.posture_break_every_minutes is not None:
            refs.add("who-2020-physical-activity")
    for exercise in exercises:
        refs.update(ctx.library.get(exercise).references)
    if any(c.id is ContributorId.NERVE_ROOT for c in ctx.triage.contributors):
        refs.add("nhs-sciatica")
    return tuple(sorted(refs))
