"""Hand-written material for the demo: interview notes with the codes a consultant gave them,
answers to open questions, and evidence for observed sins of service."""

from __future__ import annotations

DIM = "Service quality dimensions"
SIN = "Seven sins of service"
MOT = "Moments of truth"
EMERGENT = "Emergent themes"

# Customer interview notes: (text, [(exact phrase in the text, code path), ...]).
CUSTOMER_NOTES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Logged a laptop fault on Monday and was told someone would call within four hours. "
        "Nobody called until Wednesday. The engineer who came was excellent and fixed it in "
        "twenty minutes, but two days without a laptop in month-end is hard to explain.",
        [
            ("Nobody called until Wednesday", f"{DIM}/Responsiveness"),
            ("told someone would call within four hours", f"{DIM}/Reliability"),
            ("The engineer who came was excellent", f"{DIM}/Assurance"),
        ],
    ),
    (
        "Every time I ring the desk I have to explain the whole history again. They pass me "
        "to hosting, hosting sends me back to the desk. I stopped ringing and now I ask a "
        "colleague who knows someone in IT.",
        [
            ("They pass me to hosting, hosting sends me back to the desk", f"{SIN}/Runaround"),
            ("I have to explain the whole history again", f"{DIM}/Empathy"),
            ("I ask a colleague who knows someone in IT", f"{EMERGENT}/Workarounds"),
        ],
    ),
    (
        "The monthly service report is forty pages of ticket counts. Nobody in our team reads "
        "it. What we want to know is whether the payroll system will be up on the 25th.",
        [
            ("forty pages of ticket counts", f"{DIM}/Tangibles"),
            ("whether the payroll system will be up on the 25th", f"{EMERGENT}/Business outcomes"),
        ],
    ),
    (
        "When the warehouse scanners failed the desk read from a script and asked whether we "
        "had tried restarting them. We had forty lorries waiting. It felt like talking to a machine.",
        [
            ("read from a script", f"{SIN}/Robotism"),
            ("It felt like talking to a machine", f"{SIN}/Robotism"),
            ("We had forty lorries waiting", f"{EMERGENT}/Business outcomes"),
        ],
    ),
    (
        "Change requests need a form, a CAB slot and two approvals even for adding a printer. "
        "I understand the reasons but nobody ever explains them, the answer is just 'that is "
        "the process'.",
        [
            ("the answer is just 'that is the process'", f"{SIN}/Rule book"),
            (
                "Change requests need a form, a CAB slot and two approvals",
                f"{EMERGENT}/Process burden",
            ),
        ],
    ),
    (
        "The new starter process is much better than last year: accounts and laptop ready on "
        "day one for the last three hires. Whoever fixed that deserves credit.",
        [
            ("accounts and laptop ready on day one", f"{DIM}/Reliability"),
            ("much better than last year", f"{EMERGENT}/Improvement noticed"),
        ],
    ),
    (
        "The engineers know their stuff. When Patrick explained the storage upgrade he made "
        "sure we understood the risk and the fallback, and it went exactly as he said.",
        [
            ("The engineers know their stuff", f"{DIM}/Assurance"),
            ("it went exactly as he said", f"{DIM}/Reliability"),
        ],
    ),
    (
        "We pay for a gold contract but I cannot tell what we get for the money compared "
        "with silver. The invoice is one line. I would like to see value, not volume.",
        [
            ("I cannot tell what we get for the money", f"{EMERGENT}/Value for money"),
            ("I would like to see value, not volume", f"{EMERGENT}/Value for money"),
        ],
    ),
    (
        "Updates on open tickets only come when I chase them. A short message saying 'still "
        "waiting for the supplier' would save me three phone calls a week.",
        [
            ("Updates on open tickets only come when I chase them", f"{DIM}/Responsiveness"),
            ("would save me three phone calls a week", f"{EMERGENT}/Customer effort"),
        ],
    ),
    (
        "I asked whether the team could help us move the admissions database before the "
        "September intake. I was told it was not in the catalogue and to raise a project "
        "request, which takes six weeks. Nobody offered an alternative.",
        [
            ("it was not in the catalogue and to raise a project request", f"{SIN}/Brush-off"),
            ("Nobody offered an alternative", f"{DIM}/Empathy"),
        ],
    ),
    (
        "The person on the phone sighed when I said I did not know my asset number, as if I "
        "should have known. I felt stupid for asking.",
        [
            ("sighed when I said I did not know my asset number", f"{SIN}/Condescension"),
            ("I felt stupid for asking", f"{SIN}/Condescension"),
        ],
    ),
    (
        "The portal is hard to find anything in. I gave up on the knowledge articles because "
        "half of them describe the old email system.",
        [
            ("The portal is hard to find anything in", f"{DIM}/Tangibles"),
            ("half of them describe the old email system", f"{EMERGENT}/Knowledge gaps"),
        ],
    ),
    (
        "Outages are announced after they start, not before. Last quarter the finance system "
        "went down for planned maintenance in the middle of our close.",
        [
            ("Outages are announced after they start, not before", f"{EMERGENT}/Communication"),
            ("planned maintenance in the middle of our close", f"{DIM}/Empathy"),
        ],
    ),
    (
        "Since the re-organisation in spring the desk calls back within the hour and tells "
        "us who owns the ticket. That has made a real difference to the plant.",
        [
            ("the desk calls back within the hour", f"{DIM}/Responsiveness"),
            ("That has made a real difference", f"{EMERGENT}/Improvement noticed"),
        ],
    ),
    (
        "Nobody seems to care whether the problem comes back. The same VPN fault has been "
        "'fixed' four times this year.",
        [
            ("Nobody seems to care whether the problem comes back", f"{SIN}/Apathy"),
            ("The same VPN fault has been 'fixed' four times", f"{DIM}/Reliability"),
        ],
    ),
    (
        "First contact is fine: the desk answers quickly and is friendly. It goes wrong "
        "afterwards, when the ticket disappears into second line.",
        [
            ("the desk answers quickly and is friendly", f"{MOT}/First contact"),
            ("when the ticket disappears into second line", f"{DIM}/Responsiveness"),
        ],
    ),
]

# Notes from interviews with the provider's staff and managers.
PROVIDER_NOTES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "We spend most of the day fixing the same incidents. There is no time for problem "
        "management, so nobody looks at why the VPN keeps failing.",
        [
            ("no time for problem management", f"{EMERGENT}/Reactive firefighting"),
            (
                "We spend most of the day fixing the same incidents",
                f"{EMERGENT}/Reactive firefighting",
            ),
        ],
    ),
    (
        "The service level targets were written by the contracts team and nobody on the desk "
        "has seen them. We measure what the tool measures: tickets closed.",
        [
            ("nobody on the desk has seen them", f"{EMERGENT}/Standards not shared"),
            (
                "We measure what the tool measures: tickets closed",
                f"{EMERGENT}/Standards not shared",
            ),
        ],
    ),
    (
        "Sales promised the schools trust same-day on-site support, which we have never "
        "resourced outside Halifax. We find out what was promised when the customer complains.",
        [
            (
                "Sales promised the schools trust same-day on-site support",
                f"{EMERGENT}/Over-promising",
            ),
            (
                "We find out what was promised when the customer complains",
                f"{EMERGENT}/Communication",
            ),
        ],
    ),
    (
        "Management thinks customers want faster ticket closure. In my experience they want "
        "to be told what is happening and when it will be fixed.",
        [
            ("Management thinks customers want faster ticket closure", f"{EMERGENT}/Listening gap"),
            ("they want to be told what is happening", f"{EMERGENT}/Communication"),
        ],
    ),
    (
        "The knowledge base is out of date because writing articles is nobody's job. New "
        "analysts learn by sitting next to Oliver.",
        [
            ("writing articles is nobody's job", f"{EMERGENT}/Knowledge gaps"),
        ],
    ),
    (
        "We do not know what a ticket costs us. When finance asks whether we are value for "
        "money we answer with headcount.",
        [
            ("We do not know what a ticket costs us", f"{EMERGENT}/Value for money"),
        ],
    ),
    (
        "Change management works for the big changes. The small ones go round it because the "
        "form takes longer than the change.",
        [
            ("the form takes longer than the change", f"{EMERGENT}/Process burden"),
        ],
    ),
    (
        "Since we started the weekly problem review the repeat incidents on the warehouse "
        "scanners dropped to almost nothing.",
        [
            ("weekly problem review", f"{EMERGENT}/Improvement noticed"),
        ],
    ),
]

# Evidence for observed sins of service, by sin tag.
SIN_EVIDENCE: dict[str, list[str]] = {
    "apathy": [
        "Analyst kept typing while the caller described the fault; no acknowledgement.",
        "Ticket left unassigned for two days; nobody picked it up from the queue.",
    ],
    "brush-off": [
        "Caller told to 'raise a ticket on the portal' and the call was ended.",
        "Request declined as 'not our team' with no hand-over to the right one.",
    ],
    "coldness": [
        "Curt reply by email: 'Closed. See KB.' with no greeting or explanation.",
        "Engineer on site did not introduce himself and left without a word.",
    ],
    "condescension": [
        "Analyst asked 'have you tried turning it on?' in a mocking tone.",
        "Customer told the problem was 'user error' before any diagnosis.",
    ],
    "robotism": [
        "Script read verbatim although the caller had already answered the questions.",
        "Same template reply sent three times to one customer in a day.",
    ],
    "rule-book": [
        "Urgent password reset refused because the form was not countersigned.",
        "Engineer would not swap a mouse without a change record.",
    ],
    "runaround": [
        "Caller transferred three times between desk, hosting and network.",
        "Ticket bounced between two resolver groups for nine days.",
    ],
}

# Answers to open questions of the stakeholder interview, by topic tag.
OPEN_ANSWERS: dict[str, list[str]] = {
    "needs": [
        "Systems available during our working hours, especially at month-end close.",
        "Someone who understands our business when something goes wrong.",
        "Devices that work and a quick swap when they do not.",
        "Help planning changes around our busy periods.",
    ],
    "expectations": [
        "A call back within the promised time and an honest estimate of the fix.",
        "To be told about planned work at least a week ahead.",
        "One person who owns my problem until it is solved.",
        "Reports in plain language about what matters to us.",
    ],
    "moments-of-truth": [
        "The first phone call: if it goes well I relax, if not I escalate straight away.",
        "When the engineer arrives on site and explains what they will do.",
        "The update when a fix is late: that is when trust is won or lost.",
        "Closing the ticket: whether anyone checks it is really fixed.",
    ],
    "pain-points": [
        "Being passed between teams and repeating the story each time.",
        "Chasing for updates on tickets that have gone quiet.",
        "Planned maintenance scheduled during our peak hours.",
        "Knowledge articles that describe systems we no longer use.",
    ],
    "good-looks-like": [
        "Problems that stop happening instead of being fixed quickly every time.",
        "A quarterly conversation about our plans, not a forty-page report.",
        "Being told before we notice that something is wrong.",
        "Knowing what we get for the money we pay.",
    ],
}

GENERIC_TEXT = [
    "Mostly e-mail, the portal and the service desk phone line.",
    "Daily use of the finance and payroll systems, occasional hardware requests.",
    "Desktop support, hosting of line-of-business systems and network services.",
]

# Hand-written differences of the second coder on double-coded notes: phrase → code path
# the second coder chose instead ("" means the second coder did not code the phrase).
SECOND_CODER_DIFFERENCES: dict[str, str] = {
    "told someone would call within four hours": f"{DIM}/Responsiveness",
    "I have to explain the whole history again": "",
    "forty pages of ticket counts": f"{EMERGENT}/Communication",
    "It felt like talking to a machine": f"{SIN}/Coldness",
    "Nobody offered an alternative": f"{SIN}/Brush-off",
}

ITSM = "ITSM practices/Service lifecycle"
# Practice codes the consultant added on a second pass through the notes: phrase → code.
PRACTICE_CODES: dict[str, str] = {
    "Logged a laptop fault on Monday": f"{ITSM}/Operation/Incident management",
    "no time for problem management": f"{ITSM}/Operation/Problem management",
    "weekly problem review": f"{ITSM}/Operation/Problem management",
    "The service level targets were written by the contracts team": f"{ITSM}/Design/Service level management",
    "The knowledge base is out of date": f"{ITSM}/Transition/Knowledge management",
    "We do not know what a ticket costs us": f"{ITSM}/Strategy/Financial management",
    "Change management works for the big changes": f"{ITSM}/Transition/Change management",
    "Change requests need a form, a CAB slot and two approvals": f"{ITSM}/Transition/Change management",
    "Updates on open tickets only come when I chase them": f"{MOT}/Updates",
    "Outages are announced after they start, not before": f"{ITSM}/Design/Availability management",
    "accounts and laptop ready on day one": f"{ITSM}/Operation/Request fulfilment",
    "the desk answers quickly and is friendly": f"{ITSM}/Operation/Service desk",
}
