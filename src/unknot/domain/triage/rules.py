"""Every triage rule of clinical reference section 1, as data plus one small check each.

A rule's check reads the answers (and the questionnaire screens) and returns the plain-language
reason it fired, or ``None``. Its metadata (question wording, level, source) is what
``docs/clinical-rules.md`` is generated from, so the docs cannot drift from the code.

Safety first: where the answers leave a rule in doubt, the check fires (never under-triage).
Every such choice is marked [DESIGN] in the rule's ``design`` note.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from unknot.domain.answers import Answers, Legs, Sex, Trend, Trigger
from unknot.domain.screens import Screens
from unknot.domain.triage.levels import Level

FEVER_TEMPERATURE_C = 38.0
"""A high temperature is 38 °C or more (NHS back pain: "back pain and a high temperature")."""

FRAGILITY_AGE = 65
"""Older age as a fracture risk: Downie 2013 (BMJ) found older age informative (>65 for men,
>75 for women). [DESIGN] unknot uses 65 for everyone: osteoporosis is often undiagnosed in
older women, and a missed fracture is worse than an early check."""

NG12_AGE = 60
"""NICE NG12: age 60 or over with back pain and weight loss: consider urgent direct-access CT
(pancreatic cancer); persistent back pain at 60 or over should prompt tests for myeloma."""

NEW_ONSET_AGE = 50
"""CKS lists new onset over 50 among the warning features (clinical reference S-AGE-NEW-ONSET).
Downie 2013: age alone predicts poorly, so this rule alone only asks for a routine check."""

LONG_STANDING_DAYS = 91
"""Pain for more than 3 months is chronic (NICE NG59; the ASAS and NG65 criteria use >3 months)."""

FEW_WEEKS_DAYS = 21
"""NHS: see a GP if the pain does not improve after "a few weeks" of self-care, and sciatica
that has not improved after a few weeks. [DESIGN] unknot reads "a few weeks" as 3 weeks."""

MINOR_TRAUMA_TRIGGERS = frozenset(
    {Trigger.LIFTING, Trigger.COUGHING_OR_SNEEZING, Trigger.MINOR_FALL_OR_BUMP}
)
"""Spec: minor trauma is pain that began suddenly after a minor fall, bump, lift, cough or
sneeze."""

MAJOR_TRAUMA_TRIGGERS = frozenset({Trigger.ROAD_TRAFFIC_COLLISION, Trigger.FALL_FROM_HEIGHT})
"""NHS 999 list: back pain after a serious accident, such as a car crash or a fall from height."""


Check = Callable[[Answers, Screens], str | None]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    title: str
    question: str
    fields: tuple[str, ...]
    source: str
    check: Check
    design: str = ""


RULES: list[Rule] = []


def rule(
    id: str,
    level: Level,
    title: str,
    question: str,
    fields: tuple[str, ...],
    source: str,
    design: str = "",
) -> Callable[[Check], Check]:
    """Register a check under its rule id (the registry of STYLE point 3)."""

    def register(check: Check) -> Check:
        RULES.append(Rule(id, level, title, question, fields, source, check, design))
        return check

    return register


def has_fever(a: Answers) -> bool:
    temperature = a.red.temperature_c
    return a.red.fever or (temperature is not None and temperature >= FEVER_TEMPERATURE_C)


def minor_trauma(a: Answers) -> bool:
    ep = a.ep
    return (
        a.red.minor_trauma
        or ep.trigger == Trigger.MINOR_FALL_OR_BUMP
        or (
            ep.onset is not None
            and ep.onset.value == "sudden"
            and ep.trigger in MINOR_TRAUMA_TRIGGERS
        )
    )


def checked_and_unchanged(a: Answers) -> bool:
    """Long-standing pain, not getting worse, that a clinician has already assessed.

    Only this lifts the history-based rules (cancer, infection risk); anything unknown counts
    as new pain.
    """
    ep = a.ep
    return (
        ep.duration_days is not None
        and ep.duration_days >= LONG_STANDING_DAYS
        and ep.trend in (Trend.IMPROVING, Trend.SAME)
        and ep.previously_assessed_by_clinician
    )


def sciatica(a: Answers) -> bool:
    return a.leg.pain_or_numbness == Legs.ONE_LEG or a.leg.below_knee


# --- Emergency (section 1.2) -------------------------------------------------------------

_CES_SOURCE = (
    "NHS back pain and sciatica pages (secondary copies); NICE CKS (NHS Gloucestershire copy); "
    "BASS 2018 cauda equina standards"
)


@rule(
    "E-CES-BLADDER",
    Level.EMERGENCY,
    "New bladder problems (possible cauda equina syndrome)",
    "Since the back pain started, do you have new difficulty starting to pee, can't pee, "
    "can't control when you pee, or can't feel your bladder filling (and this isn't normal "
    "for you)?",
    ("red_flags.new_bladder_change",),
    _CES_SOURCE,
)
def _ces_bladder(a: Answers, s: Screens) -> str | None:
    if a.red.new_bladder_change:
        return "You have new problems with peeing or bladder control since the back pain began."
    return None


@rule(
    "E-CES-BOWEL",
    Level.EMERGENCY,
    "New bowel problems (possible cauda equina syndrome)",
    "Since the back pain started, have you lost control of your bowel, or not noticed when "
    "you need to poo (and this isn't normal for you)?",
    ("red_flags.new_bowel_change",),
    _CES_SOURCE,
)
def _ces_bowel(a: Answers, s: Screens) -> str | None:
    if a.red.new_bowel_change:
        return "You have new problems with bowel control since the back pain began."
    return None


@rule(
    "E-CES-SADDLE",
    Level.EMERGENCY,
    "Numbness around the genitals or bottom (possible cauda equina syndrome)",
    "Do you have numbness, tingling or pins and needles around your genitals, buttocks, anus "
    "or inner thighs, or can't you feel the toilet paper when you wipe?",
    ("red_flags.saddle_numbness",),
    _CES_SOURCE,
)
def _ces_saddle(a: Answers, s: Screens) -> str | None:
    if a.red.saddle_numbness:
        return "You have numbness or tingling around your genitals, bottom or inner thighs."
    return None


@rule(
    "E-CES-BILATERAL-LEG",
    Level.EMERGENCY,
    "Symptoms in both legs or trouble walking (possible cauda equina syndrome)",
    "Do you have pain (sciatica) in both legs, numbness or weakness in both legs, or are your "
    "legs weak or unsteady ('like jelly') so that walking is hard?",
    ("legs.pain_or_numbness", "legs.weakness", "legs.difficulty_walking"),
    "NHS (sciatica on both sides; weakness or numbness in both legs that is severe or getting "
    "worse); CKS (severe or progressive neurological deficit in the legs, or gait disturbance)",
    design="Fires on any of the three answers without asking how severe: the app cannot "
    "examine, and both-leg symptoms need an emergency assessment.",
)
def _ces_bilateral(a: Answers, s: Screens) -> str | None:
    legs = a.leg
    found = []
    if legs.pain_or_numbness == Legs.BOTH_LEGS:
        found.append("pain or numbness in both legs")
    if legs.weakness == Legs.BOTH_LEGS:
        found.append("weakness in both legs")
    if legs.difficulty_walking:
        found.append("legs that are weak or unsteady, making walking hard")
    if found:
        return "You have " + " and ".join(found) + "."
    return None


@rule(
    "E-CES-SEXUAL",
    Level.EMERGENCY,
    "New sexual problems (possible cauda equina syndrome)",
    "Since the back pain started, have you had new loss of erection or ejaculation, or "
    "changed feeling in your genitals during sex?",
    ("red_flags.new_sexual_dysfunction",),
    "BASS 2018; NHS trust pages (Norfolk & Waveney; Sheffield copy of the NHS list). Not on "
    "every national list.",
)
def _ces_sexual(a: Answers, s: Screens) -> str | None:
    if a.red.new_sexual_dysfunction:
        return "You have new changes in sexual function or genital feeling since the pain began."
    return None


@rule(
    "E-TRAUMA-MAJOR",
    Level.EMERGENCY,
    "Pain after a serious accident",
    "Did the pain start after a serious accident, such as a car crash or a fall from a height?",
    ("red_flags.major_trauma", "episode.trigger"),
    "NHS 999 list (secondary copies)",
)
def _trauma_major(a: Answers, s: Screens) -> str | None:
    if a.red.major_trauma or a.ep.trigger in MAJOR_TRAUMA_TRIGGERS:
        return "Your pain started after a serious accident."
    return None


@rule(
    "E-CHEST-PAIN",
    Level.EMERGENCY,
    "Chest pain with back pain",
    "Do you also have chest pain?",
    ("red_flags.chest_pain",),
    "NHS 999 list (secondary copies)",
)
def _chest_pain(a: Answers, s: Screens) -> str | None:
    if a.red.chest_pain:
        return "You have chest pain as well as back pain."
    return None


@rule(
    "E-AAA",
    Level.EMERGENCY,
    "Sudden severe back and tummy pain, or collapse (possible aortic aneurysm)",
    "Have you had sudden, severe back and tummy pain, or fainted, collapsed, or felt pale, "
    "clammy and sweaty?",
    ("red_flags.sudden_severe_back_and_abdominal_pain", "red_flags.collapse_or_fainting"),
    "NICE NG156: think about ruptured AAA in people with new abdominal and/or back pain, "
    "cardiovascular collapse, or loss of consciousness",
    design="Either answer alone fires: NG156 says abdominal and/or back pain, and the app "
    "cannot tell a faint from shock. Higher risk (men 65 and over, smokers) is named in the "
    "reason.",
)
def _aaa(a: Answers, s: Screens) -> str | None:
    red = a.red
    if not (red.sudden_severe_back_and_abdominal_pain or red.collapse_or_fainting):
        return None
    parts = []
    if red.sudden_severe_back_and_abdominal_pain:
        parts.append("sudden, severe back and tummy pain")
    if red.collapse_or_fainting:
        parts.append("fainting or collapse")
    reason = "You have " + " and ".join(parts) + "."
    risks = []
    if a.sex == Sex.MALE and a.age >= 65:
        risks.append("being a man aged 65 or over")
    if a.hist.smoker:
        risks.append("smoking")
    if risks:
        reason += " " + " and ".join(risks).capitalize() + " raise the risk of an aortic aneurysm."
    return reason


@rule(
    "E-SEPSIS",
    Level.EMERGENCY,
    "Fever and feeling very unwell (possible sepsis)",
    "Do you have a fever and feel very unwell, confused, very drowsy or breathless?",
    ("red_flags.fever", "red_flags.temperature_c", "red_flags.feels_very_unwell"),
    "redflagsymptoms.co.uk (NHS-derived): symptoms of sepsis go to the emergency department",
)
def _sepsis(a: Answers, s: Screens) -> str | None:
    if has_fever(a) and a.red.feels_very_unwell:
        return "You have a fever and feel very unwell."
    return None


# --- Urgent, same day (section 1.3) -------------------------------------------------------


@rule(
    "U-FEVER",
    Level.URGENT,
    "Back pain with a high temperature",
    "Do you have a high temperature (38 °C or more) or feel hot and shivery?",
    ("red_flags.fever", "red_flags.temperature_c"),
    "NHS: urgent GP or 111 for back pain and a high temperature; CKS infection flags "
    "(fevers, chills, rigors)",
)
def _fever(a: Answers, s: Screens) -> str | None:
    if has_fever(a):
        t = a.red.temperature_c
        measured = f" ({t:g} °C)" if t is not None and t >= FEVER_TEMPERATURE_C else ""
        return f"You have a high temperature{measured} as well as back pain."
    return None


@rule(
    "U-INFECTION-RISK",
    Level.URGENT,
    "A raised risk of spinal infection",
    "Do you inject drugs, take medicine that weakens your immune system (or chemotherapy), or "
    "have you had a recent bacterial infection or a wound that went deep into the skin?",
    (
        "history.injects_drugs",
        "history.immunosuppressed",
        "history.recent_bacterial_infection",
        "episode",
    ),
    "CKS infection flags (IV drug use, immunosuppression, recent bacterial infection, "
    "penetrating wound); local pathway: suspected spinal infection is urgent, same day",
    design="The risk factor plus new, changing or unknown-duration pain, or fever, fires. "
    "It is lifted only for long-standing, unchanged pain a clinician has already assessed.",
)
def _infection_risk(a: Answers, s: Screens) -> str | None:
    h = a.hist
    risks = []
    if h.injects_drugs:
        risks.append("you inject drugs")
    if h.immunosuppressed:
        risks.append("your immune system is weakened by illness or medicine")
    if h.recent_bacterial_infection:
        risks.append("you recently had a bacterial infection or deep wound")
    if not risks:
        return None
    if has_fever(a) or not checked_and_unchanged(a):
        return (
            "Your back pain is new or changing, and "
            + " and ".join(risks)
            + ": together these raise the risk of a spinal infection."
        )
    return None


@rule(
    "U-WEIGHT-LOSS",
    Level.URGENT,
    "Weight loss without trying",
    "Have you lost weight without trying?",
    ("red_flags.unexplained_weight_loss",),
    "NHS urgent list; CKS (secondary copies)",
)
def _weight_loss(a: Answers, s: Screens) -> str | None:
    if a.red.unexplained_weight_loss:
        return "You have lost weight without trying."
    return None


@rule(
    "U-NG12-AGE60-WEIGHTLOSS",
    Level.URGENT,
    "Aged 60 or over with back pain and weight loss",
    "(From your age and the weight-loss question.)",
    ("age", "red_flags.unexplained_weight_loss"),
    "NICE NG12: consider urgent direct-access CT within 2 weeks (pancreatic cancer) at 60 or "
    "over with weight loss and back pain",
)
def _ng12(a: Answers, s: Screens) -> str | None:
    if a.age >= NG12_AGE and a.red.unexplained_weight_loss:
        return f"You are {a.age} and have lost weight without trying, with back pain."
    return None


@rule(
    "U-LUMP-DEFORMITY",
    Level.URGENT,
    "A lump, swelling or change in the shape of your back",
    "Is there a lump or swelling in your back, or has its shape changed?",
    ("red_flags.lump_or_change_in_shape",),
    "NHS; CKS structural deformity (secondary copies)",
)
def _lump(a: Answers, s: Screens) -> str | None:
    if a.red.lump_or_change_in_shape:
        return "You have a lump or swelling in your back, or its shape has changed."
    return None


@rule(
    "U-NIGHT-REST-PAIN",
    Level.URGENT,
    "Pain that rest does not ease, or much worse at night",
    "Does the pain fail to improve with rest or lying down, or is it much worse at night "
    "whatever position you are in?",
    ("red_flags.night_pain_not_eased_by_rest",),
    "NHS urgent list; CKS persistent night pain unrelieved by change in position",
)
def _night_pain(a: Answers, s: Screens) -> str | None:
    if a.red.night_pain_not_eased_by_rest:
        return "Your pain does not ease with rest, or is much worse at night."
    return None


@rule(
    "U-CANCER-HISTORY",
    Level.URGENT,
    "Back pain after cancer",
    "Have you ever had cancer?",
    ("history.cancer", "episode"),
    "CKS (history of cancer with new back pain); Downie 2013 (BMJ): a history of malignancy "
    "raises the likelihood of spinal malignancy. Urgent level [DESIGN]; local pathway: "
    "suspected spinal tumour, urgent MRI",
    design="Lifted only for long-standing, unchanged pain that a clinician has already "
    "assessed; unknown duration counts as new.",
)
def _cancer(a: Answers, s: Screens) -> str | None:
    if a.hist.cancer and not checked_and_unchanged(a):
        return "You have had cancer, and this back pain is new or has not been checked."
    return None


@rule(
    "U-FRACTURE-FRAGILITY",
    Level.URGENT,
    "Sudden pain after a minor knock or strain, with weaker bones (possible fracture)",
    "Did the pain start suddenly after a minor fall, lift, cough, sneeze or bump, and do you "
    "have osteoporosis (thin bones), take steroid tablets long-term, or are you 65 or over?",
    (
        "red_flags.minor_trauma",
        "episode.onset",
        "episode.trigger",
        "history.osteoporosis",
        "history.long_term_steroids",
        "age",
    ),
    "CKS: sudden onset after minor trauma with osteoporosis or corticosteroids; Downie 2013: "
    "older age, prolonged corticosteroid use",
    design="Older age is 65 or over for everyone (see FRAGILITY_AGE).",
)
def _fragility(a: Answers, s: Screens) -> str | None:
    if not minor_trauma(a):
        return None
    risks = []
    if a.hist.osteoporosis:
        risks.append("osteoporosis")
    if a.hist.long_term_steroids:
        risks.append("long-term steroid tablets")
    if a.age >= FRAGILITY_AGE:
        risks.append(f"being {a.age}")
    if risks:
        return (
            "Your pain began suddenly after a minor strain or knock, and "
            + " and ".join(risks)
            + " can make bones easier to break."
        )
    return None


@rule(
    "U-NEURO-UNILATERAL-PROGRESSIVE",
    Level.URGENT,
    "Weakness in one leg or foot",
    "Do you have new or worsening weakness in one leg or foot (for example your foot slaps "
    "down, or you can't lift your toes)?",
    ("legs.weakness", "legs.weakness_getting_worse"),
    "Local pathway: new or progressive neurological deficit, urgent same day; ACP/APS 2007 "
    "recommendation 3 (severe or progressive neurologic deficits)",
    design="Any one-leg weakness fires (the assessment asks about this episode, so it is new). "
    "'Getting worse' with no side given also fires. Both legs: E-CES-BILATERAL-LEG.",
)
def _neuro_unilateral(a: Answers, s: Screens) -> str | None:
    legs = a.leg
    if legs.weakness == Legs.ONE_LEG or (
        legs.weakness_getting_worse and legs.weakness != Legs.BOTH_LEGS
    ):
        worse = " and it is getting worse" if legs.weakness_getting_worse else ""
        return f"You have weakness in a leg or foot{worse}."
    return None


@rule(
    "U-THORACIC",
    Level.URGENT,
    "Pain between the shoulder blades",
    "Is the pain between your shoulder blades rather than in your lower back?",
    ("pain.between_shoulder_blades",),
    "NHS urgent list (secondary copies)",
)
def _thoracic(a: Answers, s: Screens) -> str | None:
    if a.pain is not None and a.pain.between_shoulder_blades:
        return "Your pain is between your shoulder blades (upper back), not only the lower back."
    return None


# --- See a clinician soon (section 1.4) ---------------------------------------------------


@rule(
    "S-NOT-IMPROVING",
    Level.SEE_CLINICIAN_SOON,
    "Not improving, getting worse, or stopping daily life",
    "Is the pain getting worse, not improving after a few weeks, or stopping you doing your "
    "normal day-to-day activities? Are you very worried and finding it hard to cope?",
    (
        "episode.trend",
        "episode.duration_days",
        "episode.stopping_daily_activities",
        "startback.q6",
        "startback.q7",
    ),
    "NHS: see a GP if the pain is not improving after a few weeks, is severe or getting "
    "worse, stops day-to-day activities, or you are worried and struggling to cope",
    design="'A few weeks' is 3 weeks (FEW_WEEKS_DAYS). 'Worried and not coping' is read from "
    "STarT Back items 6 (worrying thoughts) and 7 (it will never get better) both agreed.",
)
def _not_improving(a: Answers, s: Screens) -> str | None:
    ep = a.ep
    reasons = []
    if ep.trend == Trend.WORSE:
        reasons.append("your pain is getting worse")
    elif (
        ep.duration_days is not None
        and ep.duration_days >= FEW_WEEKS_DAYS
        and ep.trend == Trend.SAME
    ):
        reasons.append(f"your pain has not improved after {ep.duration_days} days")
    if ep.stopping_daily_activities:
        reasons.append("it is stopping your day-to-day activities")
    sb = a.startback
    if sb is not None and sb.q6 == "agree" and sb.q7 == "agree":
        reasons.append("you are very worried about it and finding it hard to cope")
    if reasons:
        return "A clinician should check how you are doing: " + "; ".join(reasons) + "."
    return None


@rule(
    "S-SCIATICA-NOT-IMPROVING",
    Level.SEE_CLINICIAN_SOON,
    "Sciatica not improving",
    "Has pain down your leg (sciatica) not improved after a few weeks, got worse, or stopped "
    "your normal activities?",
    (
        "legs.pain_or_numbness",
        "legs.below_knee",
        "episode.duration_days",
        "episode.trend",
        "episode.stopping_daily_activities",
    ),
    "NHS sciatica: see a GP if it has not improved after a few weeks, is getting worse, or "
    "stops normal activities; it usually settles in 4 to 6 weeks",
)
def _sciatica(a: Answers, s: Screens) -> str | None:
    if not sciatica(a):
        return None
    ep = a.ep
    not_better = (
        ep.duration_days is not None
        and ep.duration_days >= FEW_WEEKS_DAYS
        and ep.trend != Trend.IMPROVING
    )
    if not_better or ep.trend == Trend.WORSE or ep.stopping_daily_activities:
        return "You have pain down one leg that is not settling, getting worse, or stopping you."
    return None


@rule(
    "S-AXSPA",
    Level.SEE_CLINICIAN_SOON,
    "A pattern that may be inflammatory back pain (axial spondyloarthritis)",
    "(From the inflammatory questions: morning stiffness, waking in the night, buttock pain, "
    "what eases the pain, family history, psoriasis.)",
    ("inflammatory", "history", "episode", "age"),
    "NICE NG65 (back pain that began before 45 and has lasted more than 3 months: refer with 4 "
    "or more features; with exactly 3, test HLA-B27); ASAS inflammatory back pain criteria "
    "(Sieper 2009). Non-urgent referral",
    design="NG65 with exactly 3 features also fires: the HLA-B27 test needs a clinician.",
)
def _axspa(a: Answers, s: Screens) -> str | None:
    infl = s.inflammatory
    if infl is None:
        return None
    found = []
    if infl.ng65_recommendation in ("refer", "test-hla-b27"):
        found.append(f"{infl.ng65_criteria} of the NICE NG65 features")
    if infl.asas_fulfilled:
        found.append(f"{infl.asas_positive} of 5 ASAS inflammatory back pain features")
    if found:
        return (
            "Your answers show "
            + " and ".join(found)
            + ". A doctor should check for an inflammatory cause (axial spondyloarthritis)."
        )
    return None


@rule(
    "S-STARTBACK-HIGH",
    Level.SEE_CLINICIAN_SOON,
    "High risk of persisting problems (STarT Back)",
    "(From the nine STarT Back questions.)",
    ("startback",),
    "NICE NG59 1.1.3: higher risk, more intensive clinician-supported care. Level [DESIGN]",
)
def _startback_high(a: Answers, s: Screens) -> str | None:
    sb = s.startback
    if sb is not None and sb.risk == "high":
        return (
            f"Your STarT Back score is high risk ({sb.total} of 9, {sb.psychosocial} of 5 on "
            "worry and mood): people like you do better with a clinician's support."
        )
    return None


@rule(
    "S-AGE-NEW-ONSET",
    Level.SEE_CLINICIAN_SOON,
    "First back pain after 50",
    "Is this the first time you have had back pain like this? (with your age)",
    ("age", "episode.first_episode", "episode.age_at_first_onset"),
    "CKS: new onset over 50 and failure to improve after one month; Downie 2013: age alone "
    "predicts poorly. [DESIGN]",
    design="Self-manage with the safety net now, and see a clinician if not clearly better "
    "within about 4 weeks.",
)
def _age_new_onset(a: Answers, s: Screens) -> str | None:
    ep = a.ep
    began_this_year = ep.age_at_first_onset is not None and ep.age_at_first_onset >= a.age - 1
    if a.age > NEW_ONSET_AGE and (ep.first_episode or began_this_year):
        return (
            "This is new back pain after the age of 50. It is usually not serious, but book to "
            "see a clinician if it is not clearly better within about 4 weeks."
        )
    return None


SM_NONE = "SM-NONE"
"""The id reported when no emergency, urgent or see-soon rule fired: self-manage."""


def rule_ids() -> list[str]:
    return [r.id for r in RULES]
