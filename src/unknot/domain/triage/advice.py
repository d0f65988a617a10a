"""What unknot says at each triage level: a headline, what to do, and the safety net.

Wording follows the NHS split of urgency (call 999 or go to A&E; urgent GP or 111; see a GP
if...) quoted in clinical reference section 1.1, with international emergency numbers.
"""

from __future__ import annotations

from unknot.domain.triage.levels import Level

EMERGENCY_CALL = "call your local emergency number (999, 112, 911)"

HEADLINES: dict[Level, str] = {
    Level.EMERGENCY: (
        "Your answers include a warning sign that needs emergency care now. "
        f"Please {EMERGENCY_CALL} or go to the emergency department."
    ),
    Level.URGENT: ("Your answers include a warning sign that needs a doctor to check you today."),
    Level.SEE_CLINICIAN_SOON: (
        "Your answers suggest you should see a GP or physiotherapist in the next few days to "
        "two weeks. Meanwhile, keep moving gently."
    ),
    Level.SELF_MANAGE: (
        "Your answers suggest a common, non-serious back problem that usually settles with "
        "staying active."
    ),
}

ACTIONS: dict[Level, list[str]] = {
    Level.EMERGENCY: [
        f"Now: {EMERGENCY_CALL}, or go to the emergency department (A&E or ED). "
        "Do not drive yourself.",
        "Tell them what you told unknot (the reasons are listed below).",
        "Do not start exercises or wait to see if it settles.",
    ],
    Level.URGENT: [
        "Today: ask your GP surgery for an urgent same-day appointment, call NHS 111 (UK), "
        "or go to an urgent care centre.",
        f"If you cannot be seen today, or things get worse, {EMERGENCY_CALL} or go to the "
        "emergency department.",
        "Hold off on new exercises until a clinician has checked you.",
    ],
    Level.SEE_CLINICIAN_SOON: [
        "Book an appointment with your GP or a physiotherapist within the next few days to "
        "two weeks.",
        "Until then, keep moving gently: short walks and the gentle exercises in your plan.",
        "Take your unknot summary with you.",
    ],
    Level.SELF_MANAGE: [
        "Keep moving: gentle activity and short walks help more than bed rest.",
        "Heat (a warm pack or bath) can ease muscle spasm and stiffness.",
        "Follow your unknot plan and go at your own pace; most back pain improves within a "
        "few weeks.",
    ],
}

RULE_ACTIONS: dict[str, str] = {
    "E-CES-BLADDER": "Say that you are worried about cauda equina syndrome: it needs a scan "
    "and a specialist quickly.",
    "E-CES-BOWEL": "Say that you are worried about cauda equina syndrome: it needs a scan and "
    "a specialist quickly.",
    "E-CES-SADDLE": "Say that you are worried about cauda equina syndrome: it needs a scan and "
    "a specialist quickly.",
    "E-CES-BILATERAL-LEG": "Say that you are worried about cauda equina syndrome: it needs a "
    "scan and a specialist quickly.",
    "E-CES-SEXUAL": "Say that you are worried about cauda equina syndrome: it needs a scan and "
    "a specialist quickly.",
    "E-CHEST-PAIN": "Chest pain can come from the heart: do not wait.",
    "E-AAA": "Lie down while you wait for help, if you can.",
    "S-AXSPA": "Ask whether you need a referral to a rheumatologist (NICE NG65).",
    "S-STARTBACK-HIGH": "Ask about a physiotherapy programme with extra support; worry and "
    "low mood are part of back pain and can be helped.",
    "S-AGE-NEW-ONSET": "If you are not clearly better within about 4 weeks, book to see a "
    "clinician.",
    "S-SCIATICA-NOT-IMPROVING": "Sciatica usually settles within 4 to 6 weeks; a clinician "
    "can check the nerve and plan what comes next.",
}

SAFETY_NET: list[str] = [
    "Call an ambulance on your local emergency number (999, 112, 911) or go to the emergency "
    "department now if you lose "
    "control of your bladder or bowel, cannot pee, or get numbness or tingling around your "
    "genitals, bottom or inner thighs.",
    f"Also {EMERGENCY_CALL} now for: weakness, numbness or pain in both legs, or legs that "
    "give way; new changes in sexual function; chest pain; sudden severe back and tummy pain, "
    "or fainting; a fever with feeling very unwell or confused.",
    "Get a same-day appointment (urgent GP, NHS 111 or urgent care) for: a high temperature; "
    "new weakness in one leg or foot; pain that rest does not ease or that is much worse at "
    "night; weight loss without trying; a lump or change in the shape of your back; pain "
    "between the shoulder blades; sudden pain after a fall or knock if you have thin bones or "
    "take steroid tablets.",
    "See a GP or physiotherapist if the pain is not improving after a few weeks, gets worse, "
    "or stops your day-to-day activities.",
]
