"""``workbench qdpx import|export`` (REFI-QDA projects) and ``workbench transcript import``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from workbench.commands import Refused, open_engagement_for, warn_of_astray_passages


def _qdpx_import(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.coding.qdpx import ProjectError, read_project
    from workbench.coding.qdpx_import import import_as_new_engagement, import_project

    try:
        project = read_project(args.project)
    except ProjectError as exc:
        raise Refused(str(exc)) from None
    target = Path(args.output)
    try:
        if not target.exists():
            report = import_as_new_engagement(
                project,
                target,
                client=args.client or "",
                interviewer=args.interviewer or "",
                complete=args.complete,
            )
        else:
            with open_engagement_for(str(target), write=True) as store:
                report = import_project(
                    store,
                    project,
                    interviewer=args.interviewer or "",
                    wave=args.wave,
                    complete=args.complete,
                )
    except ProjectError as exc:
        raise Refused(str(exc)) from None
    print(f"Imported {project.name} ({project.origin or 'REFI-QDA'}) into {target}:", file=out)
    for line in report.lines():
        print(line, file=out)
    return 0


def _qdpx_export(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.coding.qdpx_export import export_project

    with open_engagement_for(args.file) as store:
        warn_of_astray_passages(store, args.file)  # their offsets mark other words there
        report = export_project(store, args.output)
    print(f"Wrote {args.output}:", file=out)
    for line in report.lines():
        print(line, file=out)
    return 0


def register_qdpx(sub: Any) -> None:
    p = sub.add_parser("qdpx", help="import or export a REFI-QDA project (.qdpx)")
    qsub = p.add_subparsers(dest="qdpx_command", metavar="ACTION", required=True)
    q = qsub.add_parser(
        "import",
        help="a .qdpx from NVivo, ATLAS.ti, MAXQDA or QualCoder into an engagement "
        "(created when it does not exist)",
    )
    q.add_argument("project", help="the .qdpx file")
    q.add_argument("-o", "--output", required=True, help="the engagement file")
    q.add_argument("--client", help="client name of a new engagement (default: the project's)")
    q.add_argument("--interviewer", help="interviewer of sources that name no user")
    q.add_argument(
        "--wave",
        help="the wave of the interviews of sources that name none (made when new; default: "
        "the engagement's latest wave); they are drafts until answered",
    )
    q.add_argument(
        "--complete",
        action="store_true",
        help="mark the interviews of another tool's sources complete, so that their coding "
        "counts in the analyses and the report at once (default: drafts)",
    )
    q.set_defaults(func=_qdpx_import)
    q = qsub.add_parser("export", help="write an engagement as a .qdpx project")
    q.add_argument("file")
    q.add_argument("-o", "--output", required=True)
    q.set_defaults(func=_qdpx_export)


# -- transcripts ------------------------------------------------------------------------------
def _transcript_import(args: argparse.Namespace, out: TextIO) -> int:
    from datetime import date

    from workbench.coding.transcripts import (
        TranscriptError,
        already_imported_message,
        check_roles,
        elsewhere_message,
        heading_report,
        import_transcript,
        interviewer_note,
        join_interviewers,
        propose_roles,
        read_transcript,
        role_of,
        role_reasons,
        role_warnings,
        same_transcript_elsewhere,
        turns_already_there,
    )

    try:
        transcript = read_transcript(args.transcript)
    except TranscriptError as exc:
        raise Refused(str(exc)) from None
    try:
        given_day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        raise Refused(f"--date {args.date!r}: not a date; write it as YYYY-MM-DD") from None
    with open_engagement_for(args.file, write=not args.dry_run) as store:
        interview_id, respondent = _transcript_target(store, args)
        wave_id, wave_said = _transcript_wave(store, args, new=not interview_id)
        if args.segment is not None:
            from workbench.store.models import SEGMENTS

            if respondent is not None:
                raise Refused(
                    f"--segment is for a respondent --new-respondent adds; {respondent.name} "
                    "keeps theirs (change it on the Respondents page). Nothing was imported"
                )
            if args.segment not in SEGMENTS:
                raise Refused(
                    f"--segment {args.segment!r}: not a segment (one of: {', '.join(SEGMENTS)}). "
                    "Nothing was imported"
                )
        existing = store.interview(interview_id) if interview_id else None
        turns = 0
        if existing is not None:
            same, turns = turns_already_there(store, interview_id, transcript)
            if same:
                raise Refused(already_imported_message(transcript))
        elif respondent is not None:  # a new interview: not the same transcript again
            for row in store.interview_rows(progress=False):
                if (
                    row.respondent_id == respondent.id
                    and turns_already_there(store, row.id, transcript)[0]
                ):
                    raise Refused(
                        already_imported_message(transcript).replace(
                            "this interview", f"interview {row.id}"
                        )
                    )
        named = join_interviewers(args.interviewer or [])
        consultants = list(store.engagement().consultants or [])
        interviewers = [*named.split(", "), *consultants]
        if existing is not None:
            interviewers += existing.interviewer.split(", ")
        # the respondent's name as recorded, or as --respondent gives it for a new one
        respondent_name = respondent.name if respondent is not None else args.respondent or ""
        roles = propose_roles(transcript, respondent_name, interviewers)
        reasons = role_reasons(transcript, roles, respondent_name, interviewers)
        for given in args.speaker or []:
            name, _, role = given.rpartition("=")
            if name not in roles:
                raise Refused(
                    f"--speaker {given!r}: the transcript has no speaker {name!r} "
                    f"(it has {', '.join(repr(s) for s in transcript.speakers if s)})"
                )
            roles[name] = f"{role.strip()}:{name}" if role.strip() else ""
            reasons[name] = "--speaker"
        try:
            check_roles(transcript, roles)
        except TranscriptError as exc:
            raise Refused(str(exc)) from None
        kept = existing.date if existing is not None else None
        # the transcript's day over the interview's while the interview has no answers yet
        answered = existing is not None and any(
            v not in (None, "", []) for v in store.answers(interview_id).values()
        )
        use_kept = kept is not None and (answered or transcript.date is None)
        day = given_day or (kept if use_kept else transcript.date)
        said = "--date" if given_day else "the interview" if use_kept else transcript.date_from
        words = transcript.words()
        print(f"{transcript.source}: {transcript.kind}, {len(transcript.turns)} turns", file=out)
        for sp in transcript.speakers:
            role = roles[sp].split(":", 1)[0] if roles[sp] else "(no speaker)"
            why = f" ({reasons[sp]})" if reasons.get(sp) else ""
            print(f"  {sp or '(before any speaker)'}: {role}{why}, {words.get(sp, 0)} words",
                  file=out)  # fmt: skip
        heading = heading_report(transcript, existing is None or not existing.source_ref)
        if heading:
            print(heading, file=out)
        speaking = join_interviewers(
            [sp for sp in transcript.speakers if sp and role_of(roles[sp]) == "interviewer"]
        )
        interviewer, whence = (
            (named, "") if named
            else (speaking, " (the speakers mapped to interviewer)") if speaking
            else (existing.interviewer if existing is not None else "", "")
        )  # fmt: skip
        recorded = existing.interviewer if existing is not None else ""
        kept_note = interviewer_note(recorded, interviewer)
        if recorded.strip():  # an interviewer recorded is kept, the transcript's shown beside
            interviewer, whence = recorded, " (the interview's)"
        print(
            f"Interviewer(s): {interviewer + whence if interviewer else '(none given: --interviewer NAME)'}",
            file=out,
        )
        if kept_note:
            print(kept_note, file=out)
        print(f"Date: {day.isoformat() + f' (from {said})' if day else '(not known)'}", file=out)
        if not interview_id:
            print(f"Wave: {wave_said}", file=out)
            for warning in _new_interview_warnings(store, args, respondent, wave_id, day):
                print(f"Warning: {warning}", file=out)
        for other, whose in ((transcript.date, f"The transcript ({transcript.date_from})"),
                             (kept, "The interview")):  # fmt: skip
            if other and day and other != day:
                print(f"{whose} says {other.isoformat()}; give --date {other} to use it", file=out)
        warnings = role_warnings(transcript, roles, respondent_name)
        elsewhere = same_transcript_elsewhere(store, interview_id, transcript)
        if elsewhere:
            print(f"Warning: {elsewhere_message(transcript, elsewhere)}", file=out)
        held = (
            f"interview {interview_id} already holds {turns} transcript turns (another "
            "transcript of the same conversation?)"
        )
        if turns:
            print(f"Warning: {held}", file=out)
        for warning in warnings:
            print(f"Warning: {warning}", file=out)
        if args.dry_run:
            print("Nothing imported (--dry-run)", file=out)
            return 0
        if elsewhere and not args.add_anyway:
            raise Refused(
                f"{elsewhere_message(transcript, elsewhere)}; give --add-anyway to add it to "
                "this interview too. Nothing was imported"
            )
        if turns and not args.add_anyway:
            raise Refused(f"{held}; give --add-anyway to add these too. Nothing was imported")
        if warnings and warnings[0].startswith("No turn") and not args.no_respondent:
            raise Refused(
                f"{transcript.source}: {warnings[0]} Map the respondent with --speaker "
                '"NAME=respondent", or give --no-respondent to import it so. Nothing was imported'
            )
        if day is None:
            raise Refused(
                f"{transcript.source}: the transcript does not say when the interview took "
                "place; give --date YYYY-MM-DD. Nothing was imported"
            )
        if respondent is None:
            segment = args.segment or "external customer"
            respondent = store.add_respondent(" ".join(args.respondent.split()), segment=segment)
            whence = "" if args.segment else " (the default; give --segment to choose)"
            print(f"New respondent: {respondent.name}, segment {segment}{whence}", file=out)
        if not interview_id:
            from workbench.forms.library import builtin_form

            try:
                form = builtin_form(args.form)
            except KeyError:
                raise Refused(f"--form {args.form!r}: no such built-in form") from None
            interview_id = store.new_interview(
                respondent.id, form, interviewer=interviewer, wave_id=wave_id
            ).id
        try:
            ids = import_transcript(
                store, interview_id, transcript, roles,
                interviewer=interviewer if named or speaking else None, day=day,
            )  # fmt: skip
        except TranscriptError as exc:
            raise Refused(str(exc)) from None
    print(f"Added {len(ids)} notes to interview {interview_id} ({respondent.name})", file=out)
    return 0


def _new_interview_warnings(
    store: Any, args: argparse.Namespace, respondent: Any, wave_id: str | None, day: Any
) -> list[str]:
    """What to know about the interview the import creates: the respondent already has
    one on the form in the wave; its date is outside the engagement's dates."""
    from workbench.store.same_interview import already_has, outside_dates, same_interviews

    said = []
    if respondent is not None:
        same = same_interviews(store, respondent.id, args.form, wave_id)
        if same:
            said.append(
                f"{already_has(respondent.name, same)} This creates another; give "
                f"--interview {same[0].id} to add the transcript to that one instead"
            )
    outside = outside_dates(store.engagement(), day)
    if outside:
        said.append(outside)
    return said


def _transcript_wave(store: Any, args: argparse.Namespace, new: bool) -> tuple[str | None, str]:
    """(the new interview's wave id, how it was chosen): --wave, else the latest wave."""
    waves = store.waves()
    if args.wave is not None and not new:
        raise Refused(
            "--wave is for a new interview (--respondent); the interview given keeps its "
            "wave (change it in the window). Nothing was imported"
        )
    if args.wave is not None:
        wanted = " ".join(args.wave.split()).lower()
        found = [w for w in waves if " ".join(w.name.split()).lower() == wanted]
        if not found:
            known = ", ".join(repr(w.name) for w in waves) or "none"
            raise Refused(
                f"--wave {args.wave!r}: no such wave (the engagement's waves: {known}). "
                "Nothing was imported"
            )
        return found[0].id, f"{found[0].name} (from --wave)"
    if not waves:
        return None, "(none: the engagement has no waves)"
    return waves[-1].id, f"{waves[-1].name} (the latest; give --wave NAME to choose)"


def _transcript_target(store: Any, args: argparse.Namespace) -> tuple[str, Any]:
    """(the interview's id or "" for a new one, its respondent — None for a respondent
    --new-respondent adds)."""
    if args.interview:
        try:
            iv = store.interview(args.interview)
        except KeyError:
            raise Refused(f"--interview {args.interview!r}: no such interview") from None
        return iv.id, store.respondent(iv.respondent_id)
    wanted = " ".join(args.respondent.split()).lower()
    found = [r for r in store.respondents() if " ".join(r.name.split()).lower() == wanted]
    if not found and args.new_respondent and wanted:
        return "", None
    if len(found) != 1:
        raise Refused(
            f"--respondent {args.respondent!r}: "
            + (
                "no respondent of that name; add --new-respondent to create one, or give "
                "--interview ID"
                if not found else f"{len(found)} respondents share it; give --interview ID"
            )
        )  # fmt: skip
    return "", found[0]


def register_transcript(sub: Any) -> None:
    p = sub.add_parser(
        "transcript", help="import an interview transcript (.vtt, .srt, .docx, .txt)"
    )
    tsub = p.add_subparsers(dest="transcript_command", metavar="ACTION", required=True)
    q = tsub.add_parser(
        "import",
        help="add a Teams, Zoom or other transcript to an interview's notes, one note per turn",
    )
    q.add_argument("file", help="the engagement file")
    q.add_argument("transcript")
    target = q.add_mutually_exclusive_group(required=True)
    target.add_argument("--interview", help="the interview's id")
    target.add_argument("--respondent", help="a new interview of this respondent (by name)")
    q.add_argument(
        "--new-respondent",
        action="store_true",
        help="with --respondent: create the respondent when none has that name",
    )
    q.add_argument(
        "--segment",
        help="with --new-respondent: the new respondent's segment (default: external customer, "
        "and the import says so)",
    )
    q.add_argument("--form", default="stakeholder-interview", help="the new interview's form")
    q.add_argument(
        "--wave",
        metavar="NAME",
        help="with --respondent: the new interview's wave (default: the engagement's latest)",
    )
    q.add_argument(
        "--interviewer",
        action="append",
        metavar="NAME",
        help="an interviewer's name (repeatable; default: the speakers mapped to interviewer, "
        "else the interview's)",
    )
    q.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the interview's date (default: the interview's, or the one the transcript or "
        "its file name gives; the import is refused when none of them says)",
    )
    q.add_argument(
        "--speaker",
        action="append",
        metavar="NAME=ROLE",
        help="set a speaker's role: respondent, interviewer or other (repeatable)",
    )
    q.add_argument(
        "--no-respondent",
        action="store_true",
        help="import even though no turn is mapped to the respondent (the interview is then "
        "left out of the respondents' words and code frequency)",
    )
    q.add_argument(
        "--add-anyway",
        action="store_true",
        help="add the turns even though the interview already holds another transcript's, "
        "or another interview of the engagement holds this one",
    )
    q.add_argument("--dry-run", action="store_true", help="show the speakers and roles only")
    q.set_defaults(func=_transcript_import)
