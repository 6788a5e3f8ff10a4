"""Interview transcripts: Teams and Zoom WebVTT, SubRip, Teams' Word export, text."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest

from workbench.analysis.loader import load_engagement_data
from workbench.cli import main
from workbench.coding import respondent_words
from workbench.coding.retrieval import RetrievalFilter, retrieve
from workbench.coding.transcripts import (
    Transcript,
    TranscriptError,
    Turn,
    find_date,
    import_transcript,
    parse_cues,
    parse_lines,
    propose_roles,
    read_transcript,
    stamp,
)
from workbench.forms.library import builtin_form
from workbench.store import create_engagement

DATA = Path(__file__).resolve().parents[2] / "data" / "transcripts"


@pytest.mark.parametrize(
    "name, kind, speakers, first",
    [
        ("teams-meeting.vtt", "teams-vtt", ["Jo Smith", "Alice Kent (Guest)"], "00:00:03.219"),
        ("zoom-recording.vtt", "zoom-vtt", ["Jo Smith", "Alice Kent"], "00:00:02.580"),
        ("interview.srt", "srt", ["Jo Smith", "Alice Kent"], "00:00:02.580"),
        ("teams-transcript.docx", "teams-docx", ["Jo Smith", "Alice Kent"], "00:00:03"),
        ("teams-transcript-2021.docx", "teams-docx", ["Jo Smith", "Alice Kent"], "00:00:03.219"),
        ("otter-export.txt", "txt", ["Jo Smith", "Alice Kent"], "00:00:02"),
    ],
)
def test_formats(name, kind, speakers, first):
    t = read_transcript(DATA / name)
    assert t.kind == kind
    assert t.speakers == speakers
    assert t.turns[0].start == first
    assert all(turn.text for turn in t.turns)


def test_teams_vtt_turns_joined_and_unescaped():
    t = read_transcript(DATA / "teams-meeting.vtt")
    assert [(x.speaker, x.start) for x in t.turns] == [
        ("Jo Smith", "00:00:03.219"),
        ("Alice Kent (Guest)", "00:00:08.510"),  # two cues of one speaker, one turn
        ("Jo Smith", "00:00:20.030"),
        ("Alice Kent (Guest)", "00:00:23.480"),
    ]
    assert t.turns[1].text.endswith("tickets wait three days before anybody calls back.")
    assert "logged twice & we work it twice" in t.turns[3].text
    assert t.words()["Alice Kent (Guest)"] == 46


def test_srt_cue_without_a_name_stays_with_its_speaker():
    t = read_transcript(DATA / "interview.srt")
    assert t.turns[-1] == Turn(
        "Alice Kent",
        "Most of them come in by e-mail. Someone on the desk logs them.",
        "00:00:06.900",
    )


def test_teams_docx_heading_is_no_turn_but_the_interviews_source(tmp_path):
    t = read_transcript(DATA / "teams-transcript.docx")
    assert t.heading == ("Service desk interview-20251103_100312-Meeting Recording "
                         "November 3, 2025, 9:03AM 12m 41s")  # fmt: skip
    assert t.date == date(2025, 11, 3)  # read from the heading
    assert [turn.speaker for turn in t.turns] == ["Jo Smith", "Alice Kent"] * 2
    assert not any("Meeting Recording" in turn.text for turn in t.turns)
    roles = propose_roles(t, "Alice Kent", ["Jo Smith"])
    assert roles == {"Jo Smith": "interviewer:Jo Smith", "Alice Kent": "respondent:Alice Kent"}
    store = create_engagement(tmp_path / "h.wbk", client="Acme", title="Review")
    iv = store.new_interview(store.add_respondent("Alice Kent").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    assert len(import_transcript(store, iv.id, t, roles)) == 4
    assert store.interview(iv.id).source_ref == f"transcript:teams-transcript.docx — {t.heading}"
    assert [n.speaker for n in store.notes(iv.id)][0] == "interviewer:Jo Smith"
    store.close()


def test_a_text_transcript_without_a_heading_keeps_its_first_turn():
    t = read_transcript(DATA / "interview.srt")
    assert t.heading == "" and t.turns[0].speaker == "Jo Smith"
    lines = ["Some words before anybody is named", "Jo Smith: Hello", "Alice Kent: Hi"]
    t = parse_lines(lines, "x.txt", "txt")  # no layout of a meeting tool: the words stay
    assert t.heading == "" and t.turns[0].text == "Some words before anybody is named"


def test_the_speaker_named_as_the_new_respondent_is_the_respondent(tmp_path):
    path = tmp_path / "n.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    code, out, err = _cli(path, DATA / "teams-transcript.docx",
                          "--respondent", " alice   KENT ", "--new-respondent")  # fmt: skip
    assert code == 0, err
    assert "Alice Kent: respondent (name matches the respondent, alice KENT)" in out
    assert "Jo Smith: interviewer (the other of the two speakers)" in out
    assert "Heading 'Service desk interview-20251103_100312-Meeting Recording" in out
    assert "kept as the interview's source" in out
    assert "No turn is mapped" not in out + err
    from workbench.store import open_engagement

    with open_engagement(path) as again:
        [iv] = again.interview_rows(progress=False)
        assert again.respondent(again.interview(iv.id).respondent_id).name == "alice KENT"
        assert [n.speaker for n in again.notes(iv.id)] == [
            "interviewer:Jo Smith", "respondent:Alice Kent"] * 2  # fmt: skip
        assert again.interview(iv.id).source_ref.startswith("transcript:teams-transcript.docx")


@pytest.mark.parametrize(
    "text, expected",
    [("0:0:4.79", "00:00:04.790"), ("00:01:10,500", "00:01:10.500"), ("1:03", "00:01:03"),
     ("1:02:03.9", "01:02:03.900"), ("00:01:02.345", "00:01:02.345"),
     ("00:00:59.9996", "00:01:00.000")],
)  # fmt: skip
def test_stamp(text, expected):
    assert stamp(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("Service desk interview-20251103_100312-Meeting Recording", "2025-11-03"),
     ("GMT20240501-101112_Recording.transcript", "2024-05-01"),
     ("November 3, 2025, 9:03AM", "2025-11-03"), ("Nov. 3 2025", "2025-11-03"),
     ("3rd March 2024", "2024-03-03"), ("NOTE recorded 2024/02/29", "2024-02-29"),
     ("2024-02-30 then 2024-03-01", "2024-03-01"), ("no date 12:30", None),
     ("2024/13/01", None)],
)  # fmt: skip
def test_find_date(text, expected):
    found = find_date(text)
    assert (found.isoformat() if found else None) == expected


def test_the_day_of_a_transcript(tmp_path):
    teams = read_transcript(DATA / "teams-transcript.docx")
    assert (teams.date.isoformat(), teams.date_from) == ("2025-11-03", "the transcript's heading")
    # python-docx's template date (2013-12-23) says nothing about the conversation
    assert read_transcript(DATA / "teams-transcript-2021.docx").date is None
    assert read_transcript(DATA / "teams-meeting.vtt").date is None
    zoom = tmp_path / "GMT20240501-101112_Recording.transcript.vtt"
    zoom.write_bytes((DATA / "zoom-recording.vtt").read_bytes())
    t = read_transcript(zoom)
    assert (t.date.isoformat(), t.date_from) == ("2024-05-01", "the file name")
    noted = tmp_path / "x.vtt"
    noted.write_text(
        "WEBVTT\n\nNOTE Meeting on 2023-07-12\n\n00:00:01.000 --> 00:00:02.000\nA: hi\n"
    )
    assert read_transcript(noted).date.isoformat() == "2023-07-12"


def test_roles_proposed_from_names():
    t = Transcript("x", "vtt", [Turn("ALICE KENT (Guest)", "a"), Turn("Smith, Jo", "b"),
                                Turn("Printer", "c")])  # fmt: skip
    roles = propose_roles(t, "Alice Kent", ["Jo Smith"])
    assert roles["ALICE KENT (Guest)"].startswith("respondent:")
    assert roles["Smith, Jo"].startswith("interviewer:")
    assert roles["Printer"] == "other:Printer"
    # two speakers, one known: the other takes the other role
    two = Transcript("x", "vtt", [Turn("Speaker 1", "a"), Turn("Jo Smith", "b")])
    assert propose_roles(two, "Alice Kent", ["Jo Smith"])["Speaker 1"] == "respondent:Speaker 1"


def test_bad_files(tmp_path):
    with pytest.raises(TranscriptError, match="starts with WEBVTT"):
        parse_cues("1\n00:00:01.000 --> 00:00:02.000\nhi\n", "a.vtt", "vtt")
    with pytest.raises(TranscriptError, match="no cues"):
        parse_cues("WEBVTT\n\njust text\n", "a.vtt", "vtt")
    with pytest.raises(TranscriptError, match="holds no text"):
        parse_lines(["", "  "], "a.txt", "txt")
    bad = tmp_path / "x.docx"
    bad.write_text("not a zip")
    with pytest.raises(TranscriptError, match="not a Word document"):
        read_transcript(bad)
    with pytest.raises(TranscriptError, match="must be"):
        read_transcript(tmp_path / "x.pdf")


# -- into the engagement: notes with speakers, filters, counts ------------------------------
@pytest.fixture
def engagement(tmp_path):
    store = create_engagement(tmp_path / "t.wbk", client="Acme", title="Review")
    alice = store.add_respondent("Alice Kent")
    iv = store.new_interview(alice.id, builtin_form("stakeholder-interview"),
                             interviewer="Jo Smith")  # fmt: skip
    store.update_interview(iv.id, status="complete")
    store.add_note(iv.id, "My own note: the desk is overloaded.")
    t = read_transcript(DATA / "teams-meeting.vtt")
    ids = import_transcript(store, iv.id, t, propose_roles(t, "Alice Kent", ["Jo Smith"]))
    return store, iv.id, ids


def test_turns_become_notes_with_time_marks_and_speakers(engagement):
    store, iv, ids = engagement
    notes = store.notes(iv)
    assert [n.position for n in notes] == [0, 1, 2, 3, 4]
    assert [n.id for n in notes[1:]] == ids
    assert [(n.stamp, n.speaker) for n in notes] == [
        ("", ""),
        ("00:00:03.219", "interviewer:Jo Smith"),
        ("00:00:08.510", "respondent:Alice Kent (Guest)"),
        ("00:00:20.030", "interviewer:Jo Smith"),
        ("00:00:23.480", "respondent:Alice Kent (Guest)"),
    ]
    with pytest.raises(TranscriptError, match="has no role"):
        import_transcript(store, iv, read_transcript(DATA / "zoom-recording.vtt"), {})
    assert len(store.notes(iv)) == 5  # refused: nothing added


def test_speaker_filters_retrieval_and_code_frequency(engagement):
    store, iv, _ = engagement
    notes = store.notes(iv)
    code = store.add_code("Waiting")
    # the consultant's own note, an interviewer's turn and two of the respondent's turns
    store.code_segment(code.id, "note", notes[0].id, 0, 11)
    store.code_segment(code.id, "note", notes[1].id, 0, 6)
    store.code_segment(code.id, "note", notes[2].id, 0, 9)
    store.code_segment(code.id, "note", notes[4].id, 0, 12)
    everyone = retrieve(store, [code.id])
    theirs = retrieve(store, [code.id], filters=RetrievalFilter(speaker="respondent"))
    ours = retrieve(store, [code.id], filters=RetrievalFilter(speaker="interviewer"))
    assert len(everyone) == 4 and len(theirs) == 2 and len(ours) == 1
    assert {r.speaker for r in theirs} == {"respondent:Alice Kent (Guest)"}

    data = load_engagement_data(store)
    assert len(respondent_words(data.segments)) == 2
    from analyses.code_frequency import CodeFrequency
    from workbench.analysis.api import TaskState

    analysis = CodeFrequency()

    def count(words):
        result = analysis.run(data, {"words": words}, TaskState())
        row = next(r for r in result.tables[0].rows if r[0] == "Waiting")
        assert ("Only the respondents' words count" in " ".join(result.method_notes)) == (
            words == "respondent"
        )
        return row[1]

    assert (count("all"), count("respondent")) == (4, 2)


def test_cli(engagement, tmp_path):
    store, iv, _ = engagement
    path = store.path
    store.close()
    out = io.StringIO()
    assert main(["transcript", "import", str(path), str(DATA / "zoom-recording.vtt"),
                 "--interview", iv, "--dry-run"], out=out) == 0  # fmt: skip
    assert ("Alice Kent: respondent (name matches the respondent, Alice Kent), 27 words"
            in out.getvalue())  # fmt: skip
    assert "Nothing imported" in out.getvalue()
    # the text says no date: asked for, nothing imported
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["transcript", "import", str(path), str(DATA / "otter-export.txt"),
                     "--respondent", "alice kent"], out=io.StringIO()) == 1  # fmt: skip
    assert "does not say when" in err.getvalue() and "--date YYYY-MM-DD" in err.getvalue()
    out = io.StringIO()
    assert main(["transcript", "import", str(path), str(DATA / "otter-export.txt"),
                 "--respondent", "alice kent", "--speaker", "Jo Smith=other",
                 "--interviewer", "Sam Lee", "--interviewer", "Jo Smith",
                 "--date", "2026-03-02"], out=out) == 0  # fmt: skip
    assert "Jo Smith: other" in out.getvalue() and "Added 3 notes" in out.getvalue()
    assert "Interviewer(s): Sam Lee, Jo Smith" in out.getvalue()
    assert "Date: 2026-03-02 (from --date)" in out.getvalue()
    from datetime import date

    from workbench.store import open_engagement

    with open_engagement(path) as again:
        (new,) = [r for r in again.interview_rows(progress=False) if r.id != iv]
        made = again.interview(new.id)
        assert (made.interviewer, made.date) == ("Sam Lee, Jo Smith", date(2026, 3, 2))
    # Teams' Word download says the day in its heading
    out = io.StringIO()
    assert main(["transcript", "import", str(path), str(DATA / "teams-transcript.docx"),
                 "--interview", iv, "--interviewer", "Jo Smith", "--add-anyway"],
                out=out) == 0  # fmt: skip
    assert "Date: 2025-11-03 (from the transcript's heading)" in out.getvalue()
    with open_engagement(path) as again:
        assert again.interview(iv).date == date(2025, 11, 3)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["transcript", "import", str(path), str(DATA / "interview.srt"),
                     "--interview", iv, "--date", "3/2/26"], out=io.StringIO()) == 1  # fmt: skip
    assert "--date '3/2/26': not a date" in err.getvalue()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["transcript", "import", str(path), str(DATA / "interview.srt"),
                     "--respondent", "Nobody"], out=io.StringIO()) == 1  # fmt: skip
    assert "no respondent of that name" in err.getvalue()


def test_pseudonymising_renames_the_respondents_turns(tmp_path):
    path = tmp_path / "p.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    ada = store.add_respondent("Ada Quibblethwaite")
    iv = store.new_interview(ada.id, builtin_form("stakeholder-interview"), interviewer="Jo")
    t = Transcript("x.vtt", "teams-vtt", [Turn("Jo", "How was it?", "00:00:01"),
                                          Turn("Ada Quibblethwaite (Guest)", "Slow.", "00:00:04")])  # fmt: skip
    import_transcript(store, iv.id, t, propose_roles(t, ada.name, ["Jo"]))
    store.close()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["erase", str(path), "--respondent", ada.name, "--pseudonymise", "--yes"],
                    out=io.StringIO()) == 0  # fmt: skip
    data = path.read_bytes()
    assert b"quibblethwaite" not in data.lower()
    from workbench.store import open_engagement

    with open_engagement(path, backup=False) as store:
        assert [n.speaker for n in store.notes(iv.id)] == [
            "interviewer:Jo", "respondent:Respondent 1",
        ]  # fmt: skip


def test_a_deleted_turn_comes_back_with_its_speaker(engagement):
    store, iv, ids = engagement
    deleted = store.delete_note(ids[1])
    store.undelete_note(deleted)
    (back,) = [n for n in store.notes(iv) if n.id == ids[1]]
    assert back.speaker == "respondent:Alice Kent (Guest)"


def test_rules_can_keep_to_the_respondents_words(engagement):
    from workbench.coding.rules import Rule, RuleSet
    from workbench.coding.service import preview_rules

    store, _iv, _ = engagement
    store.add_code("Tickets")
    rules = RuleSet([Rule("Tickets", "regex", "ticket")])
    everyone, missing = preview_rules(store, rules)
    theirs, _ = preview_rules(store, rules, speaker="respondent")
    assert (len(everyone), len(theirs), missing) == (3, 1, [])
    assert theirs[0].text == "ticket" and "three days" in theirs[0].snippet
    group = store.add_code("Group", codable=False)
    store.add_code("Inner", parent_id=group.id)
    _p, missing = preview_rules(store, RuleSet([Rule("Group", "regex", "ticket")]))
    assert _p == [] and missing == ["Group (a category)"]


def test_what_the_speaker_filter_and_drafts_leave_out_is_said(engagement):
    store, iv, _ = engagement
    notes = store.notes(iv)
    code = store.add_code("Waiting")
    store.code_segment(code.id, "note", notes[0].id, 0, 11)  # the consultant's own note
    store.code_segment(code.id, "note", notes[1].id, 0, 6)  # the interviewer's turn
    store.code_segment(code.id, "note", notes[2].id, 0, 9)  # the respondent's
    theirs = retrieve(store, [code.id], filters=RetrievalFilter(speaker="respondent"))
    assert len(theirs) == 1
    assert theirs.left_out_note().startswith(
        "2 coded segments left out: 1 in notes with no speaker (the consultant's own notes"
    )
    assert "; 1 in turns of other speakers" in theirs.left_out_note()
    assert retrieve(store, [code.id]).left_out_note() == ""
    # a draft interview's coding is not counted, and the notes say so
    draft = store.new_interview(store.add_respondent("Bo Lane").id,
                                builtin_form("stakeholder-interview"))  # fmt: skip
    note = store.add_note(draft.id, "Waiting again.")
    store.code_segment(code.id, "note", note.id, 0, 7)
    from analyses.code_frequency import CodeFrequency
    from workbench.analysis.api import TaskState

    data = load_engagement_data(store)
    for words, expected in (("all", 3), ("respondent", 1)):
        result = CodeFrequency().run(data, {"words": words}, TaskState())
        row = next(r for r in result.tables[0].rows if r[0] == "Waiting")
        assert row[1] == expected
        notes_text = " ".join(result.method_notes)
        assert "1 coded segment in 1 interview not yet marked complete is left out" in notes_text
    assert "(1 in other speakers' turns; 1 in notes with no speaker)." in notes_text


def test_co_occurrence_and_the_framework_leave_drafts_out_too(engagement):
    from analyses.code_cooccurrence import CodeCooccurrence
    from analyses.framework_matrix import FrameworkMatrix
    from workbench.analysis.api import TaskState

    store, iv, _ = engagement
    notes = store.notes(iv)
    a, b = store.add_code("Waiting"), store.add_code("Blame")
    for code in (a, b):
        store.code_segment(code.id, "note", notes[2].id, 0, 9)
    draft = store.new_interview(store.add_respondent("Bo Lane").id,
                                builtin_form("stakeholder-interview"))  # fmt: skip
    note = store.add_note(draft.id, "Waiting again.")
    for code in (a, b):
        store.code_segment(code.id, "note", note.id, 0, 7)
    data = load_engagement_data(store)
    pairs = CodeCooccurrence().run(data, {"overlap": "same"}, TaskState())
    matrix = {row[0]: row[1:] for row in pairs.tables[0].rows}
    assert matrix["Waiting"] == [1, 1]  # its own segment, and one pair with Blame: not 2
    note_text = "1 interview not yet marked complete are left out"
    assert any(note_text in n for n in pairs.method_notes)
    framework = FrameworkMatrix().run(data, {"cells": "count"}, TaskState())
    people = [row[0] for row in framework.tables[0].rows]
    assert "Bo Lane" not in people and len(people) == 1
    assert any(note_text in n for n in framework.method_notes)


def _cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["transcript", "import", *map(str, args)], out=out)
    return code, out.getvalue(), err.getvalue()


def test_the_same_transcript_twice_is_refused(engagement):
    store, iv, _ = engagement
    # the same turns again, straight into the store: refused, nothing added
    with pytest.raises(TranscriptError, match="already imported into this interview"):
        t = read_transcript(DATA / "teams-meeting.vtt")
        import_transcript(store, iv, t, propose_roles(t, "Alice Kent", ["Jo Smith"]))
    assert len(store.notes(iv)) == 5
    path = store.path
    store.close()
    srt = DATA / "interview.srt"
    fresh = create_engagement(path.parent / "again.wbk", client="Acme", title="Again")
    alice = fresh.add_respondent("Alice Kent")
    new = fresh.new_interview(alice.id, builtin_form("stakeholder-interview")).id
    fresh.close()
    other = path.parent / "again.wbk"
    code, out, _ = _cli(other, srt, "--interview", new, "--interviewer", "Jo Smith",
                        "--date", "2026-03-02")  # fmt: skip
    assert code == 0 and "Added 2 notes" in out
    code, out, err = _cli(other, srt, "--interview", new, "--interviewer", "Jo Smith")
    assert code == 1 and "already imported into this interview" in err
    assert "nothing added" in err and "Added" not in out
    # another transcript of the same conversation: refused unless --add-anyway
    code, _, err = _cli(other, DATA / "zoom-recording.vtt", "--interview", new)
    assert code == 1 and "already holds 2 transcript turns" in err and "--add-anyway" in err
    # through --respondent, a second interview of the same transcript is refused too
    code, _, err = _cli(other, srt, "--respondent", "Alice Kent", "--date", "2026-03-02")
    assert code == 1 and f"already imported into interview {new}" in err
    code, out, _ = _cli(other, DATA / "zoom-recording.vtt", "--interview", new, "--add-anyway")
    assert code == 0 and "Added" in out
    from workbench.store import open_engagement

    with open_engagement(other) as again:
        assert len(again.notes(new)) == 2 + len(read_transcript(DATA / "zoom-recording.vtt").turns)


def test_a_speaker_named_as_the_respondent_is_the_respondent():
    t = Transcript("x", "txt", [Turn("Experimenter", "Hello there."), Turn("G3P1", "Hi."),
                                Turn("G3P2", "Hello.")])  # fmt: skip
    roles = propose_roles(t, "g3p1", ["Lee"])
    assert roles["G3P1"] == "respondent:G3P1"
    assert roles["G3P2"] == "other:G3P2" and roles["Experimenter"] == "other:Experimenter"
    assert propose_roles(t, "Alice", [])["G3P1"] == "other:G3P1"


def test_roles_warned_about():
    from workbench.coding.transcripts import role_warnings

    t = Transcript("x", "txt", [Turn("A", "one two"), Turn("B", "three"), Turn("C", "four")])
    nobody = role_warnings(t, {"A": "interviewer:A", "B": "other:B", "C": "other:C"})
    assert len(nobody) == 1 and "No turn is mapped to the respondent" in nobody[0]
    assert role_warnings(t, {"A": "interviewer:A", "B": "respondent:B", "C": "other:C"}) == []
    two = role_warnings(t, {"A": "interviewer:A", "B": "respondent:B", "C": "respondent:C"})
    assert len(two) == 1 and "'B', 'C'" in two[0] and "count as one person's" in two[0]


def test_cli_without_a_respondent_turn_refuses(tmp_path):
    store = create_engagement(tmp_path / "r.wbk", client="Acme", title="Review")
    who = store.add_respondent("Pat Doe")
    iv = store.new_interview(who.id, builtin_form("stakeholder-interview")).id
    store.close()
    path = tmp_path / "r.wbk"
    srt = DATA / "interview.srt"
    code, out, err = _cli(path, srt, "--interview", iv, "--date", "2026-03-02")
    assert code == 1 and "No turn is mapped to the respondent" in err
    assert "--no-respondent" in err and "Added" not in out
    # without --interviewer, the speakers mapped to interviewer are the interviewers
    code, out, err = _cli(path, srt, "--interview", iv, "--date", "2026-03-02",
                          "--speaker", "Jo Smith=interviewer", "--no-respondent")  # fmt: skip
    assert code == 0, err
    assert "Interviewer(s): Jo Smith (the speakers mapped to interviewer)" in out
    from workbench.store import open_engagement

    with open_engagement(path) as again:
        assert again.interview(iv).interviewer == "Jo Smith"


def test_cli_respondent_created_on_request(tmp_path):
    store = create_engagement(tmp_path / "n.wbk", client="Acme", title="Review")
    store.close()
    path = tmp_path / "n.wbk"
    vtt = DATA / "teams-meeting.vtt"
    code, _, err = _cli(path, vtt, "--respondent", "Alice Kent", "--date", "2026-03-02")
    assert code == 1 and "no respondent of that name; add --new-respondent" in err
    code, out, err = _cli(path, vtt, "--respondent", "Alice Kent", "--new-respondent",
                          "--interviewer", "Jo Smith", "--date", "2026-03-02")  # fmt: skip
    assert code == 0, err
    assert "New respondent: Alice Kent" in out and "Added 4 notes" in out
    from workbench.store import open_engagement

    with open_engagement(path) as again:
        assert [r.name for r in again.respondents()] == ["Alice Kent"]


def test_cli_the_transcripts_date_while_the_interview_has_no_answers(tmp_path):
    from datetime import date

    from workbench.store import open_engagement

    store = create_engagement(tmp_path / "d.wbk", client="Acme", title="Review")
    alice = store.add_respondent("Alice Kent")
    form = builtin_form("stakeholder-interview")
    fresh = store.new_interview(alice.id, form, date=date(2026, 3, 2)).id
    answered = store.new_interview(alice.id, form, date=date(2026, 3, 2)).id
    key = next(q.key for q in form.iter_questions() if q.type in ("text", "long_text"))
    store.set_answer(answered, key, "The desk never calls back.")
    store.close()
    path, docx = tmp_path / "d.wbk", DATA / "teams-transcript.docx"
    code, out, err = _cli(path, docx, "--interview", fresh, "--interviewer", "Jo Smith")
    assert code == 0, err
    assert "Date: 2025-11-03 (from the transcript's heading)" in out
    assert "The interview says 2026-03-02; give --date 2026-03-02 to use it" in out
    # (the same transcript in a second interview: added only with --add-anyway)
    code, out, err = _cli(path, docx, "--interview", answered, "--interviewer", "Jo Smith",
                          "--add-anyway")  # fmt: skip
    assert code == 0, err
    assert "Date: 2026-03-02 (from the interview)" in out
    assert "The transcript (the transcript's heading) says 2025-11-03; give --date " in out
    with open_engagement(path) as again:
        assert again.interview(fresh).date == date(2025, 11, 3)
        assert again.interview(answered).date == date(2026, 3, 2)


RUSSIAN = (
    "Иван Петров  0:02\r\n"
    "Спасибо, что нашли время. Как заявка попадает в вашу команду?\r\n\r\n"
    "Ольга Смирнова  0:07\r\n"
    "Чаще всего по электронной почте. Кто-то на линии поддержки регистрирует её, "
    "и на это может уйти целый день.\r\n"
)


@pytest.mark.parametrize(
    "encoding, bom",
    [("cp1251", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""), ("utf-16-be", b"")],
)
def test_a_transcript_in_another_encoding_is_read_as_written(tmp_path, encoding, bom):
    # Windows-1251 is recognised as the survey importer recognises it (charset-normalizer),
    # never read as Windows-1252; UTF-16 with or without its byte-order mark
    path = tmp_path / "interview.txt"
    path.write_bytes(bom + RUSSIAN.encode(encoding))
    t = read_transcript(path)
    assert t.speakers == ["Иван Петров", "Ольга Смирнова"]
    assert t.turns[1].text.startswith("Чаще всего по электронной почте.")
    assert t.turns[1].start == "00:00:07"


def test_a_transcript_in_no_text_encoding_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "interview.txt"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(TranscriptError, match="encoding cannot be recognised"):
        read_transcript(path)


def test_a_recorded_interviewer_is_never_replaced(engagement, tmp_path):
    store, iv, _ = engagement
    t = read_transcript(DATA / "interview.srt")
    import_transcript(store, iv, t, propose_roles(t, "Alice Kent", []), interviewer="Sam Lee")
    assert store.interview(iv).interviewer == "Jo Smith"
    # an interview with none takes the transcript's
    bo = store.new_interview(store.add_respondent("Bo Lane").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    import_transcript(store, bo.id, t, propose_roles(t, "Bo Lane", []), interviewer="Sam Lee")
    assert store.interview(bo.id).interviewer == "Sam Lee"
    path = store.path
    store.close()
    # the command shows the transcript's beside the interview's, and keeps the interview's
    code, out, _ = _cli(path, DATA / "zoom-recording.vtt", "--interview", iv,
                        "--speaker", "Jo Smith=interviewer", "--interviewer", "Tess Tester",
                        "--add-anyway", "--date", "2026-03-02")  # fmt: skip
    assert code == 0, out
    assert "Interviewer(s): Jo Smith (the interview's)" in out
    assert "The transcript's interviewer(s): Tess Tester; the interview's: Jo Smith (kept" in out
    from workbench.store import open_engagement

    with open_engagement(path) as again:
        assert again.interview(iv).interviewer == "Jo Smith"


def test_the_same_transcript_in_another_interview_is_refused_unless_asked(tmp_path):
    from workbench.coding.transcripts import same_transcript_elsewhere
    from workbench.store import open_engagement

    path = tmp_path / "s.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    form = builtin_form("stakeholder-interview")
    zoe = store.new_interview(store.add_respondent("Zoe Turner").id, form).id
    ben = store.new_interview(store.add_respondent("Ben Harrow").id, form).id
    vtt = DATA / "zoom-recording.vtt"
    t = read_transcript(vtt)
    assert same_transcript_elsewhere(store, ben, t) == []
    store.close()
    code, out, err = _cli(path, vtt, "--interview", zoe, "--speaker", "Alice Kent=respondent",
                          "--date", "2026-09-30")  # fmt: skip
    assert code == 0, err
    # the same file for another respondent: refused, naming the interview that holds it
    code, out, err = _cli(path, vtt, "--interview", ben, "--speaker", "Alice Kent=respondent",
                          "--date", "2026-09-30")  # fmt: skip
    assert code == 1 and "Added" not in out
    assert (
        f"zoom-recording.vtt: the same transcript (all its 4 turns) is already in Zoe "
        f"Turner's interview {zoe} of 2026-09-30; give --add-anyway" in err
    )
    with open_engagement(path) as again:
        assert again.notes(ben) == []
        found = same_transcript_elsewhere(again, ben, t)
        assert [(f[0], f[1]) for f in found] == [(zoe, "Zoe Turner")]
        assert same_transcript_elsewhere(again, zoe, t) == []  # its own is not "another"
    code, out, err = _cli(path, vtt, "--interview", ben, "--speaker", "Alice Kent=respondent",
                          "--date", "2026-09-30", "--add-anyway")  # fmt: skip
    assert code == 0 and "Warning: zoom-recording.vtt: the same transcript" in out
    # the speaker marked as the respondent is not the interview's respondent: said
    assert (
        "Warning: 'Alice Kent' is mapped to the respondent, but this interview is with "
        "Ben Harrow: is it the right interview?" in out
    )


def test_a_respondents_speaker_of_another_name_is_said():
    from workbench.coding.transcripts import role_warnings

    t = Transcript("x", "txt", [Turn("Jo Smith", "How is it?"), Turn("Alice Kent", "Slow."),
                                Turn("Speaker 2", "Agreed.")])  # fmt: skip
    roles = {"Jo Smith": "interviewer:Jo Smith", "Alice Kent": "respondent:Alice Kent",
             "Speaker 2": "other:Speaker 2"}  # fmt: skip
    assert role_warnings(t, roles, "Alice Kent (Guest)") == []
    assert role_warnings(t, roles, "Patrick Walsh") == [
        "'Alice Kent' is mapped to the respondent, but this interview is with Patrick Walsh: "
        "is it the right interview?"
    ]
    # a speaker named by place only ("Speaker 2") says nothing about who it is
    roles["Alice Kent"] = "other:Alice Kent"
    roles["Speaker 2"] = "respondent:Speaker 2"
    assert role_warnings(t, roles, "Patrick Walsh") == []


def test_a_heading_naming_the_respondent_is_pseudonymised_with_them(tmp_path):
    from workbench.store.erasure import plan_erasure, pseudonymise

    store = create_engagement(tmp_path / "p.wbk", client="Acme", title="Review")
    ada = store.add_respondent("Ada Quibblethwaite")
    iv = store.new_interview(ada.id, builtin_form("stakeholder-interview"), interviewer="Jo")
    t = parse_lines(["Interview with Ada Quibblethwaite-20251103_100312-Meeting Recording",
                     "Jo   0:03", "How was it?", "Ada Quibblethwaite   0:05", "Slow."],
                    "ada.docx", "docx")  # fmt: skip
    assert t.heading.startswith("Interview with Ada Quibblethwaite")
    import_transcript(store, iv.id, t, propose_roles(t, ada.name, ["Jo"]))
    assert "Quibblethwaite" in store.interview(iv.id).source_ref
    pseudonym, _ = pseudonymise(store, plan_erasure(store, ada.id, ada.name))
    ref = store.interview(iv.id).source_ref
    assert "Quibblethwaite" not in ref and ref.startswith("transcript:ada.docx — Interview with")
    store.close()
