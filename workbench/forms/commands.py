"""What the ``workbench forms ...`` commands do; the CLI wires these into argparse.

Each function writes to the given streams and returns the process exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from workbench.forms.loader import FormError, load_form
from workbench.forms.schema import (
    AllocationQuestion,
    ChecklistQuestion,
    FormDefinition,
    MatrixQuestion,
    MultiQuestion,
    NpsQuestion,
    NumberQuestion,
    PairQuestion,
    QuestionBase,
    ScaleQuestion,
    SingleQuestion,
)

__all__ = ["analysis_problems", "check_files", "list_forms", "show_form"]


def _expand(paths: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            files.append(path)
    return files


def check_files(paths: Sequence[str], out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Validate form files (YAML, or XLSForm .xlsx); 0 if all are good, 1 otherwise."""
    failed = False
    files = _expand(paths)
    if not files:
        print("no form files given", file=err)
        return 1
    for path in files:
        try:
            if path.suffix.lower() in (".xlsx", ".xls"):
                from workbench.forms.xlsform import import_xlsform

                form, warnings = import_xlsform(path)
                for warning in warnings:
                    print(f"{path}: warning: {warning}", file=err)
            else:
                form = load_form(path)
        except FormError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=err)
            continue
        mismatches = analysis_problems(form, path)
        if mismatches:
            failed = True
            for problem in mismatches:
                print(problem, file=err)
            continue
        n = form.question_count()
        print(f"OK {path} ({n} question{'s' if n != 1 else ''})", file=out)
    return 1 if failed else 0


def analysis_problems(form: FormDefinition, path: str | Path) -> list[str]:
    """``path: form 'id' …`` for every tag an installed analysis reads that names no key."""
    from workbench.analysis.registry import form_problems

    return [f"{path}: form '{form.id}', {p}" for p in form_problems(form)]


def _catalogue(extra: Iterable[FormDefinition]) -> dict[str, tuple[FormDefinition, str]]:
    from workbench.forms.library import builtin_forms

    forms = {fid: (form, "builtin") for fid, form in builtin_forms().items()}
    for form in extra:
        forms[form.id] = (form, "engagement")
    return forms


def list_forms(extra: Iterable[FormDefinition] = (), out: TextIO = sys.stdout) -> int:
    """A table of the available forms: id, version, title, question count, source."""
    rows = [
        (fid, str(form.version), form.title, str(form.question_count()), source)
        for fid, (form, source) in sorted(_catalogue(extra).items())
    ]
    header = ("id", "version", "title", "questions", "source")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(), file=out
        )
    return 0


def show_form(
    form_id: str,
    as_json: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
    extra: Iterable[FormDefinition] = (),
) -> int:
    """Print one form (by id, or a path to a YAML file) as JSON or as a readable outline."""
    catalogue = _catalogue(extra)
    if form_id in catalogue:
        form = catalogue[form_id][0]
    elif Path(form_id).suffix in (".yaml", ".yml") and Path(form_id).exists():
        try:
            form = load_form(form_id)
        except FormError as exc:
            for problem in exc.problems:
                print(problem, file=err)
            return 1
    else:
        print(f"no form {form_id!r}; known forms: {', '.join(sorted(catalogue))}", file=err)
        return 1
    if as_json:
        print(form.model_dump_json(indent=2), file=out)
    else:
        out.write(outline(form))
    return 0


def _describe(q: QuestionBase) -> str:
    match q:
        case ScaleQuestion() | PairQuestion() | MatrixQuestion():
            ends = " – ".join(x for x in (q.min_label, q.max_label) if x)
            text = f"{q.min}–{q.max}" + (f" ({ends})" if ends else "")
            return text + (", n/a allowed" if getattr(q, "allow_na", False) else "")
        case NpsQuestion():
            return "0–10"
        case NumberQuestion():
            bounds = [
                f"≥ {q.minimum:g}" if q.minimum is not None else "",
                f"≤ {q.maximum:g}" if q.maximum is not None else "",
            ]
            return " ".join(b for b in [*bounds, q.unit] if b)
        case AllocationQuestion():
            return f"{q.total} points"
        case ChecklistQuestion():
            return ", ".join(q.touchpoints)
    return ""


def outline(form: FormDefinition) -> str:
    lines = [f"{form.title}  [{form.id} v{form.version}, {form.question_count()} questions]"]
    if form.description:
        lines.append(f"  {form.description.strip()}")
    for section in form.sections:
        lines.append("")
        lines.append(f"## {section.title}  [{section.key}]")
        for q in section.questions:
            flags = " *" if q.required else ""
            detail = _describe(q)
            lines.append(f"  {q.key} ({q.type}{': ' + detail if detail else ''}){flags}  {q.label}")  # type: ignore[attr-defined]
            if q.tags:
                lines.append("      tags: " + ", ".join(f"{k}={v}" for k, v in q.tags.items()))
            if q.relevant:
                lines.append(f"      only if: {q.relevant}")
            if isinstance(q, SingleQuestion | MultiQuestion):
                for c in q.choices:
                    score = f" [{c.score:g}]" if c.score is not None else ""
                    lines.append(f"      - {c.value}: {c.label}{score}")
            elif isinstance(q, MatrixQuestion):
                lines.extend(f"      - {r.key}: {r.label}" for r in q.rows)
            elif isinstance(q, AllocationQuestion):
                lines.extend(f"      - {o.key}: {o.label}" for o in q.options)
    return "\n".join(lines) + "\n"
