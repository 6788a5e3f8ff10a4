"""A large engagement for the benchmarks, generated deterministically through the Store.

``large_engagement("large")`` is the size a busy consultant reaches: 500 respondents,
2,000 interviews over the seven built-in forms (about 67,000 answer cells), about 20,000
coded segments and about 5 MB of interview notes.  ``"quick"`` is a quarter of that.

The engagement, its waves, form snapshots and codebook go through the Store's own edit
methods; the bulk rows (respondents, interviews, answer cells, notes, segments) are written
through the Store's session in one transaction, with cells encoded by
``workbench.forms.answers.to_cells`` exactly as the Store encodes them.  The file is cached
in the temporary folder, keyed by the generator's version, the schema and the size.
"""

from __future__ import annotations

import os
import random
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

#: Bump whenever the generated content changes: cached files of other versions are ignored.
GENERATOR_VERSION = 3
SEED = 16_2026

SIZES = {
    "large": {"respondents": 500, "interviews": 2000},
    "quick": {"respondents": 125, "interviews": 500},
}
# How often each form is used (servqual and TCS are the long ones).
FORM_WEIGHTS = {
    "servqual": 40,
    "total-customer-service": 15,
    "itsm-maturity": 15,
    "seven-sins": 10,
    "stakeholder-interview": 10,
    "satisfaction-loyalty": 5,
    "provider-gaps": 5,
}
CUSTOMER_FORMS = {"servqual", "total-customer-service", "satisfaction-loyalty"}
PROVIDER_FORMS = {"itsm-maturity", "seven-sins", "provider-gaps"}
SEGMENT_WEIGHTS = {
    "external customer": 35,
    "internal customer": 25,
    "staff": 28,
    "management": 12,
}
NOTES_PER_INTERVIEW = 4
PASSAGES_PER_NOTE = 4
WAVES = (("baseline", date(2026, 3, 2)), ("re-audit", date(2026, 9, 7)))
CODERS = ("Jo Whitfield", "Sam Patel")
FIRST = ["Amara", "Tomasz", "Priya", "Gareth", "Lena", "Joanna", "Andrew", "Catherine", "Ravi",
         "Olu", "Mei", "Hannah", "Pedro", "Ines", "Karl", "Sofia", "Dylan", "Aisha", "Marek",
         "Ruth"]  # fmt: skip
LAST = ["Okafor", "Nowak", "Raman", "Hughes", "Berg", "Kowalska", "Mills", "Price", "Shah",
        "Adeyemi", "Chen", "Walsh", "Silva", "Costa", "Weber", "Rossi", "Evans", "Khan",
        "Novak", "Cohen", "Moreau", "Byrne", "Larsen", "Ito", "Dubois"]  # fmt: skip
ROLES = ["Operations director", "IT coordinator", "Practice manager", "Service desk analyst",
         "Field engineer", "Team leader", "Finance manager", "Head of service"]  # fmt: skip
UNITS = ["Harbourside Logistics", "Fenwick & Rowe", "Finance", "HR", "Service desk",
         "Field support", "Hosting", "Sales"]  # fmt: skip
SITES = ["Bristol", "Leeds", "Cardiff", "Glasgow"]


def cache_dir() -> Path:
    root = (
        os.environ.get("WORKBENCH_BENCH_CACHE") or Path(tempfile.gettempdir()) / "workbench-bench"
    )
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


def large_engagement(size: str = "large", *, refresh: bool = False) -> Path:
    """The path of the cached engagement file of ``size``, generated on first use (again
    for a new generator or a new schema)."""
    import hashlib

    from workbench.store import schema_check
    from workbench.store.database import SCHEMA_HEAD

    # the schema's exact objects are part of the key: a file made under other trigger
    # text would be refused as foreign
    objects = hashlib.sha1(Path(schema_check.__file__).read_bytes()).hexdigest()[:8]
    name = f"large-{size}-v{GENERATOR_VERSION}-schema{SCHEMA_HEAD}-{objects}.wbk"
    path = cache_dir() / name
    if refresh or not path.exists():
        from workbench.paths import atomic_path

        with atomic_path(path) as tmp:
            build(tmp, size)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def build(path: Path, size: str = "large") -> dict[str, int]:
    """Write the engagement of ``size`` to ``path``; returns what was written."""
    from workbench.coding.codebook import builtin_codebooks
    from workbench.forms.library import builtin_forms
    from workbench.store import create_engagement

    counts = SIZES[size]
    rng = random.Random(SEED)
    forms = builtin_forms()
    store = create_engagement(
        path,
        client="Harbour Group",
        title="Service quality review at scale",
        consultants=list(CODERS),
        start_date=WAVES[0][1],
        end_date=WAVES[1][1] + timedelta(days=30),
        waves=tuple(name for name, _ in WAVES),
        overwrite=True,
    )
    try:
        waves = {w.name: w.id for w in store.waves()}
        versions = {fid: store.ensure_form_version(form).id for fid, form in forms.items()}
        books = builtin_codebooks()
        for key in (
            "service-quality-dimensions",
            "seven-sins",
            "moments-of-truth",
            "itsm-practices",
        ):
            if key in books:
                store.load_codebook(books[key], under=books[key].name)
        from workbench.demo.texts import CUSTOMER_NOTES, PRACTICE_CODES, PROVIDER_NOTES

        bank = CUSTOMER_NOTES + PROVIDER_NOTES
        paths = {p for _text, codes in bank for _ph, p in codes} | set(PRACTICE_CODES.values())
        code_ids = {p: store.ensure_code_path(p) for p in sorted(paths)}
        rows = _rows(rng, counts, forms, versions, waves, bank, code_ids)
        _write(store, rows)
    finally:
        store.close()
    return {name: len(value) for name, value in rows.items()}


def _rows(
    rng: random.Random,
    counts: dict[str, int],
    forms: dict[str, Any],
    versions: dict[str, str],
    waves: dict[str, str],
    bank: list,
    code_ids: dict[str, str],
) -> dict[str, list[dict[str, Any]]]:
    from workbench.demo.answers import Persona, answer_form
    from workbench.demo.texts import PRACTICE_CODES
    from workbench.forms.answers import to_cells
    from workbench.store.models import new_id

    now = datetime(2026, 10, 1, 12, 0)
    respondents, people = [], []
    segments = list(SEGMENT_WEIGHTS)
    for i in range(counts["respondents"]):
        segment = rng.choices(segments, weights=list(SEGMENT_WEIGHTS.values()))[0]
        rid = new_id()
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i // 500 or ''}".strip()
        role = rng.choice(ROLES)
        respondents.append(
            {
                "id": rid,
                "name": name,
                "role": role,
                "org_unit": rng.choice(UNITS),
                "segment": segment,
                "email": "",
                "attributes": {
                    "site": rng.choice(SITES),
                    "contract": rng.choice(["gold", "silver"]),
                },
                "consent_given": True,
                "consent_at": now,
                "created_at": now,
                "modified_at": now,
                "deleted_at": None,
            }
        )
        people.append((rid, segment, role, rng.gauss(0.0, 0.6)))
    customers = [p for p in people if "customer" in p[1]]
    providers = [p for p in people if "customer" not in p[1]]

    interviews, answers, notes, coded = [], [], [], []
    form_ids = list(FORM_WEIGHTS)
    for i in range(counts["interviews"]):
        form_id = rng.choices(form_ids, weights=list(FORM_WEIGHTS.values()))[0]
        pool = (
            customers
            if form_id in CUSTOMER_FORMS
            else providers
            if form_id in PROVIDER_FORMS
            else people
        )
        rid, segment, role, mood = pool[i % len(pool)] if i < len(pool) else rng.choice(pool)
        wave_name = "re-audit" if rng.random() < 0.3 else "baseline"
        when = dict(WAVES)[wave_name] + timedelta(days=rng.randint(0, 40))
        iid = new_id()
        interviews.append(
            {
                "id": iid,
                "respondent_id": rid,
                "form_version_id": versions[form_id],
                "wave_id": waves[wave_name],
                "interviewer": CODERS[i % 2],
                "date": when,
                "place": "",
                "status": "draft" if rng.random() < 0.05 else "complete",
                "created_at": now,
                "modified_at": now,
                "deleted_at": None,
            }
        )
        form = forms[form_id]
        persona = Persona(
            rng=rng,
            mood=mood,
            loyal_bias=0.3 if segment == "internal customer" else 0.0,
            reaudit=wave_name == "re-audit",
            interview_date=when,
            role=role,
        )
        for key, value in answer_form(form, persona).items():
            for cell in to_cells(form.question(key), value):
                answers.append(
                    {
                        "id": new_id(),
                        "interview_id": iid,
                        "question_key": key,
                        "item": cell.item,
                        "value": cell.value,
                        "num": cell.num,
                        "text": cell.text,
                        "created_at": now,
                        "modified_at": now,
                    }
                )
        for position in range(NOTES_PER_INTERVIEW):
            passages = [bank[rng.randrange(len(bank))] for _ in range(PASSAGES_PER_NOTE)]
            nid = new_id()
            body, offset = [], 0
            for n, (text, codes) in enumerate(passages):
                # The first passage of each note is coded by the first consultant, every
                # tenth also by the second (for the agreement analysis).
                if n == 0:
                    extra = [(ph, p) for ph, p in PRACTICE_CODES.items() if ph in text]
                    for phrase, cpath in codes[:2] + extra[:1]:
                        start = offset + text.index(phrase)
                        for coder in CODERS[: 2 if i % 10 == 0 else 1]:
                            coded.append(
                                {
                                    "id": new_id(),
                                    "code_id": code_ids[cpath],
                                    "interview_id": iid,
                                    "source_kind": "note",
                                    "source_id": nid,
                                    "start": start,
                                    "end": start + len(phrase),
                                    "text": phrase,
                                    "coder": coder,
                                    "automatic": False,
                                    "status": "accepted",
                                    "created_at": now,
                                    "modified_at": now,
                                    "deleted_at": None,
                                }
                            )
                body.append(text)
                offset += len(text) + 1
            notes.append(
                {
                    "id": nid,
                    "interview_id": iid,
                    "body": " ".join(body),
                    "stamp": f"00:{rng.randint(3, 55):02d}:00",
                    "position": position,
                    "created_at": now,
                    "modified_at": now,
                }
            )
    return {
        "respondents": respondents,
        "interviews": interviews,
        "answers": answers,
        "notes": notes,
        "segments": coded,
    }


def _write(store: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    from sqlalchemy import insert

    from workbench.store.models import Answer, CodedSegment, Interview, Note, Respondent

    tables = (
        ("respondents", Respondent),
        ("interviews", Interview),
        ("answers", Answer),
        ("notes", Note),
        ("segments", CodedSegment),
    )
    with store.writing() as s:
        for name, model in tables:
            if rows[name]:
                s.execute(insert(model.__table__), rows[name])


if __name__ == "__main__":
    import sys
    import time

    size = sys.argv[1] if len(sys.argv) > 1 else "quick"
    start = time.perf_counter()
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else cache_dir() / f"try-{size}.wbk"
    print(build(out, size), f"{time.perf_counter() - start:.1f} s", out.stat().st_size)
