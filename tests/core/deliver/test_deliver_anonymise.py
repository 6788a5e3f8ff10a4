from __future__ import annotations

from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.context import RespondentRow


def test_labels_are_stable_and_descriptive(respondents):
    a = Anonymiser(respondents)
    b = Anonymiser(list(reversed(respondents)))
    for r in respondents:
        assert a.label(r) == b.label(r)
    margaret = respondents[0]
    label = a.label(margaret)
    # Four respondents, k = 5: no segment can be shown beside the pseudonym.
    assert label == f"Respondent {a.number(margaret)}"
    shown = Anonymiser(respondents, k=1).label(margaret)
    # Pseudonym and segment only: never the unit, the role or the name.
    assert shown == f"Respondent {a.number(margaret)} (internal customer)"
    assert "Margaret" not in shown and "Service desk lead" not in shown
    numbers = sorted(a.number(r) for r in respondents)
    assert numbers == [1, 2, 3, 4]
    assert a.label("R01") == label == a.label("margaret thornbury")
    assert a.label("somebody else") == "Respondent"


def test_scrub_full_names_tokens_and_codes(respondents):
    a = Anonymiser(respondents)
    n = a.number(respondents[0])
    text = (
        "Margaret  Thornbury said DEV was right; margaret's team, Patel and Ruiz-Cabello "
        "agreed, O'Neill too. R01 confirmed. Ana, Tom and Devon stayed."
    )
    out = a.scrub(text)
    for name in ("Thornbury", "Patel", "Ruiz", "Cabello", "O'Neill", "Neill", "R01"):
        assert name.lower() not in out.lower(), (name, out)
    # A capitalised name part is matched with its capital: "margaret's" is a word here.
    assert out.startswith(f"[Respondent {n}] said [name] was right; margaret's team")
    # Whole words only.
    assert "Devon" in out
    assert "Ana" not in out and "Tom" not in out
    assert a.scrub(42) == 42 and a.scrub("") == ""


def test_particles_are_not_scrubbed_on_their_own():
    a = Anonymiser([RespondentRow("X1", "Jan van der Berg")])
    assert (
        a.scrub("the van arrived; Berg and Jan left") == "the van arrived; [name] and [name] left"
    )
    assert a.scrub("Jan van der Berg") == "[Respondent 1]"
