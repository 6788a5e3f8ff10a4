"""On the demo, no output — `analyze --json`, the Word report, the Excel workbook — claims
more respondents than the distinct people who answered.

Pooling the baseline and the re-audit once made SERVQUAL say "over 40 respondents" when
24 people had answered, and ITSM maturity 20 where 12 had."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main

# The forms each built-in analysis reads.
FORMS = {
    "servqual": ["servqual"],
    "importance-performance": ["servqual"],
    "total-customer-service": ["total-customer-service"],
    "satisfaction-loyalty": ["satisfaction-loyalty"],
    "itsm-maturity": ["itsm-maturity"],
    "gaps-model": ["provider-gaps", "servqual"],
    "seven-sins": ["seven-sins"],
}
CLAIM = re.compile(r"(?<!fewer than )\b(\d+) respondents?\b")


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def _people(path: Path, forms: list[str] | None = None, wave: str | None = None) -> int:
    """Distinct people with a completed interview (of ``forms``, in ``wave``)."""
    con = sqlite3.connect(path)
    sql = """SELECT COUNT(DISTINCT i.respondent_id) FROM interview i
             JOIN form_version fv ON fv.id = i.form_version_id
             LEFT JOIN wave w ON w.id = i.wave_id
             WHERE i.status = 'complete' AND i.deleted_at IS NULL"""
    args: list[str] = []
    if forms:
        sql += f" AND fv.form_id IN ({','.join('?' * len(forms))})"
        args += forms
    if wave:
        sql += " AND w.name = ?"
        args.append(wave)
    return con.execute(sql, args).fetchone()[0]


def _claims(result: dict) -> list[int]:
    """Every count of respondents in a result: sentences and 'Respondents' columns."""
    out = [
        int(m) for text in result["findings"] + result["method_notes"] for m in CLAIM.findall(text)
    ]
    for table in result["tables"]:
        for i, name in enumerate(table["columns"]):
            if name in ("n", "n_a", "n_b", "n_paired"):
                out += [int(row[i]) for row in table["rows"] if isinstance(row[i], int | float)]
    return out


@pytest.mark.parametrize("analysis", sorted(FORMS))
@pytest.mark.parametrize("scope", [(), ("--all-waves",)])
def test_analyze_json_never_claims_more_respondents(demo_file: Path, analysis, scope) -> None:
    code, out = _run("analyze", str(demo_file), analysis, "--json", *scope)
    assert code == 0
    result = json.loads(out)
    wave = None
    if not scope:
        wave = result["scope"].removeprefix("wave: ").split(";")[0]
        assert result["scope"].startswith("wave: ")  # one wave, never pooled
    bound = _people(demo_file, FORMS[analysis], wave)
    claims = _claims(result)
    assert claims or analysis == "seven-sins"  # the audits count checklists, not people
    assert all(c <= bound for c in claims), (analysis, scope, claims, bound)


def test_servqual_and_itsm_count_people_not_interviews(demo_file: Path) -> None:
    _code, out = _run("analyze", str(demo_file), "servqual", "--all-waves", "--json")
    servqual = json.loads(out)
    assert "over 24 respondents" in servqual["findings"][0]
    assert _people(demo_file, ["servqual"]) == 24
    _code, out = _run("analyze", str(demo_file), "itsm-maturity", "--all-waves", "--json")
    itsm = json.loads(out)
    assert "over 12 respondents" in itsm["findings"][0]
    stages = next(t for t in itsm["tables"] if t["name"] == "stages")
    assert max(r[stages["columns"].index("n")] for r in stages["rows"]) == 12


def test_report_and_workbook_never_claim_more_respondents(demo_file: Path, tmp_path: Path) -> None:
    import docx
    from openpyxl import load_workbook

    everyone = _people(demo_file)
    per_analysis = {}
    for analysis, forms in FORMS.items():
        _code, out = _run("analyze", str(demo_file), analysis, "--json")
        result = json.loads(out)
        wave = result["scope"].removeprefix("wave: ").split(";")[0]
        per_analysis[result["title"]] = _people(demo_file, forms, wave)

    path = tmp_path / "report.docx"
    assert _run("report", str(demo_file), "-o", str(path))[0] == 0
    doc = docx.Document(path)
    section = None
    checked = 0
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            title = re.sub(r"^\d+\s+", "", p.text)
            section = per_analysis.get(title)
        for n in CLAIM.findall(p.text):
            assert int(n) <= (section or everyone), p.text
            checked += 1
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        for i, label in enumerate(header):
            if label.startswith("Respondents"):
                for row in table.rows[1:]:
                    text = row.cells[i].text.replace("†", "").strip()
                    if text.isdigit():
                        assert int(text) <= everyone
                        checked += 1
    assert checked > 20
    with zipfile.ZipFile(path) as z:
        assert b"over 40 respondents" not in z.read("word/document.xml")

    xlsx = tmp_path / "tables.xlsx"
    assert _run("export", str(demo_file), "-o", str(xlsx))[0] == 0
    wb = load_workbook(xlsx, read_only=True)
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        if not rows or not isinstance(rows[0][0], str):
            continue
        title = rows[0][0].split(" — ")[0]
        # a comparison's sheet counts each wave's people: bounded by everyone
        bound = everyone if "→" in rows[0][0] else per_analysis.get(title, everyone)
        for r, row in enumerate(rows):
            if any(isinstance(c, str) and c.startswith("Respondents") for c in row):
                cols = [
                    i
                    for i, c in enumerate(row)
                    if isinstance(c, str) and c.startswith("Respondents")
                ]
                for later in rows[r + 1 :]:
                    for i in cols:
                        if i < len(later) and isinstance(later[i], int):
                            assert later[i] <= bound, (ws.title, later)
                break
            for c in row:
                if isinstance(c, str):
                    for n in CLAIM.findall(c):
                        assert int(n) <= bound, (ws.title, c)
