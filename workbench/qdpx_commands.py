"""``workbench qdpx import|export`` (REFI-QDA projects) and ``workbench transcript import``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from workbench.commands import Refused, open_engagement_for


def _qdpx_import(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.coding.qdpx import ProjectError, import_project, read_project
    from workbench.store import create_engagement

    try:
        project = read_project(args.project)
    except ProjectError as exc:
        raise Refused(str(exc)) from None
    target = Path(args.output)
    created = not target.exists()
    try:
        if created:
            store = create_engagement(
                target,
                client=args.client or project.name,
                title=project.name,
                scope=project.description,
            )
        else:
            store = open_engagement_for(str(target), write=True)
        with store:
            report = import_project(
                store, project, interviewer=args.interviewer or "", description_memo=not created
            )
    except ProjectError as exc:
        _remove_new(target, created)
        raise Refused(str(exc)) from None
    except BaseException:
        _remove_new(target, created)
        raise
    print(f"Imported {project.name} ({project.origin or 'REFI-QDA'}) into {target}:", file=out)
    for line in report.lines():
        print(line, file=out)
    return 0


def _remove_new(target: Path, created: bool) -> None:
    """A file this command created for an import that failed goes again (all or nothing)."""
    if not created:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _qdpx_export(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.coding.qdpx_export import export_project

    with open_engagement_for(args.file) as store:
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
    q.set_defaults(func=_qdpx_import)
    q = qsub.add_parser("export", help="write an engagement as a .qdpx project")
    q.add_argument("file")
    q.add_argument("-o", "--output", required=True)
    q.set_defaults(func=_qdpx_export)
