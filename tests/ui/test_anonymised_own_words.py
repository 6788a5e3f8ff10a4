"""The preview's word list marks a surname that is also a word of the engagement's forms
("Price" the measure) as a possible name, saying why where the pointer rests on it."""

from __future__ import annotations

from pathlib import Path

from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.context import RespondentRow


def test_a_form_word_is_marked_possible_name_in_the_window(qtbot, tmp_path):
    from workbench.ui.anonymised_export import AnonymisationPreview

    people = [
        RespondentRow("R01", "Helen Price", "", "", "staff"),
        RespondentRow("R02", "Sam Quill", "", "", "staff"),
    ]
    a = Anonymiser(people, own_words={"price"})
    a.scrub("They told us Price rose again; I asked Quill about it.")
    dialog = AnonymisationPreview("report", Path("r.docx"), a.log)
    qtbot.addWidget(dialog)
    words = dialog.words
    notes = {words.item(r, 0).text(): words.item(r, 2).text() for r in range(words.rowCount())}
    assert notes == {"Price": "possible name", "Quill": ""}
    tips = {words.item(r, 0).text(): words.item(r, 2).toolTip() for r in range(words.rowCount())}
    assert tips["Price"] == "Possible name: a word of the forms or the codebook"
    dialog.show()
    dialog.grab().save(str(tmp_path / "own-words.png"))
