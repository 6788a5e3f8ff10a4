"""The headless commands: list, print (JSON and text), run."""

from __future__ import annotations

import io
import json

from _analysis_builders import fake_registry

from workbench.analysis.commands import list_analyses, parse_params, print_result, run_command
from workbench.analysis.registry import run_analysis


def test_list_analyses_shows_broken_plugins():
    out = io.StringIO()
    assert list_analyses(out, fake_registry()) == 0
    lines = out.getvalue().splitlines()
    assert any(line.startswith("fine") and line.endswith("Fine") for line in lines)
    assert any(line.startswith("missing") and "BROKEN: ImportError" in line for line in lines)


def test_list_installed():
    out = io.StringIO()
    list_analyses(out)
    assert "servqual" in out.getvalue() and "itsm-maturity" in out.getvalue()


def test_json_shape(sq_builder):
    from analyses.servqual import Servqual

    result = run_analysis(Servqual(), sq_builder.build(), {})
    out = io.StringIO()
    print_result(result, True, out)
    doc = json.loads(out.getvalue())
    assert doc["id"] == "servqual" and doc["title"] == result.title
    assert all(isinstance(f, str) for f in doc["findings"])
    dims = next(t for t in doc["tables"] if t["name"] == "dimensions")
    assert dims["columns"][:3] == ["dimension", "items", "n"]
    assert isinstance(dims["rows"][0][1], int) and isinstance(dims["rows"][0][5], float)
    segs = next(t for t in doc["tables"] if t["name"] == "segments")
    assert None in segs["rows"][0] + segs["rows"][1]  # NaN becomes null


def test_text_rendering(sq_builder):
    from analyses.servqual import Servqual

    result = run_analysis(Servqual(), sq_builder.build(), {})
    out = io.StringIO()
    print_result(result, False, out)
    text = out.getvalue()
    assert text.startswith(result.title + "\n")
    assert f"  • {result.findings[0]}" in text
    assert "Tangibles" in text and "-1.17" in text


def test_run_command_exit_codes(builder):
    registry = fake_registry()
    data = builder.build()
    out, err = io.StringIO(), io.StringIO()
    assert run_command(registry, "fine", data, parse_params(["n=4"]), out, err, as_json=True) == 0
    assert json.loads(out.getvalue())["findings"] == ["n is 4"]
    assert run_command(registry, "never", data, {}, out, err) == 1
    assert "Never applies." in err.getvalue()
    assert run_command(registry, "nope", data, {}, out, err) == 2
    assert run_command(registry, "fine", data, {"zz": 1}, out, err) == 2
    assert run_command(registry, "boom", data, {}, out, err) == 1
    assert "kaput" in err.getvalue()
