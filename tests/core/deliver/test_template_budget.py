"""A Word template cannot make the report build exhaust memory: the render has a budget."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from workbench.deliver.safety import sandboxed_env
from workbench.deliver.word import ReportError, build_report

BOMBS = [
    "{{ 'x' * 1000000000 }}",
    "{{ 1000000000 * 'x' }}",
    "{{ ['x'] * 1000000000 }}",
    "{{ 'x'.ljust(1000000000) }}",
    "{{ 'x' | center(1000000000) }}",
    "{{ ('x' * 1000000) | replace('x', 'yy') }}",
    "{{ 2 ** 100000000 }}",
    "{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}",
]


@pytest.mark.parametrize("source", BOMBS)
def test_the_sandbox_refuses_huge_output_quickly(source: str) -> None:
    from jinja2.exceptions import SecurityError

    start = time.perf_counter()
    with pytest.raises(SecurityError, match="refused"):
        sandboxed_env().from_string(source).render(title="T")
    assert time.perf_counter() - start < 2


def test_ordinary_template_code_still_renders() -> None:
    env = sandboxed_env()
    text = env.from_string("{{ title|upper }}|{{ 'ab' * 3 }}|{{ 'x'|center(5) }}|{{ 2 ** 10 }}")
    assert text.render(title="Review") == "REVIEW|ababab|  x  |1024"


def test_a_report_template_with_a_bomb_is_refused(tmp_path: Path, context) -> None:
    from docx import Document

    template = tmp_path / "bomb.docx"
    d = Document()
    d.add_paragraph("{{ title }}{{ 'x' * 1000000000 }}")
    d.add_paragraph("{{p body }}")
    d.save(template)
    out = tmp_path / "report.docx"
    start = time.perf_counter()
    with pytest.raises(ReportError, match=r"bomb\.docx.*refused"):
        build_report(out, context, template=template)
    assert time.perf_counter() - start < 10
    assert not out.exists()
    assert zipfile.is_zipfile(template)


def test_a_zip_bombed_template_is_refused(tmp_path: Path, context) -> None:
    template = tmp_path / "inflated.docx"
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(250):
                fh.write(b" " * (1 << 20))
    with pytest.raises(ReportError, match=r"inflated\.docx.*zip bomb"):
        build_report(tmp_path / "r.docx", context, template=template)
