"""Discovery of analysis plugins and the functions that run them.

Plugins are found through the ``workbench.analyses`` entry-point group (built-in and
third-party alike).  Discovery reads metadata only; a plugin's module is imported when
it is first loaded.  A plugin that fails to import, is not an :class:`Analysis`
subclass, cannot be instantiated or raises in ``check`` is recorded as a
:class:`BrokenPlugin` and skipped: it never takes the others down.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any, Protocol

from workbench.analysis.api import Analysis, Applicability, Cancelled, ParamError, TaskState
from workbench.analysis.numbers import decimals_of, settle
from workbench.analysis.result import AnalysisResult, Column, FigureSpec, Table

if TYPE_CHECKING:  # pandas loads when data does, not when the registry does
    from workbench.analysis.data import EngagementData

GROUP = "workbench.analyses"


class EntryPointLike(Protocol):
    name: str
    value: str

    def load(self) -> Any: ...


class NotApplicable(Exception):
    """The engagement lacks what the analysis needs; the message says what, for a consultant."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AnalysisFailed(Exception):
    """An analysis raised an unexpected error while checking or running."""

    def __init__(self, analysis_id: str, error: BaseException) -> None:
        super().__init__(f"{analysis_id} failed: {type(error).__name__}: {error}")
        self.analysis_id = analysis_id
        self.error = error


@dataclass(frozen=True)
class BrokenPlugin:
    name: str
    error: str


@dataclass(frozen=True)
class PluginInfo:
    """What discovery knows without importing: the entry-point name and its target."""

    name: str
    target: str


class Registry:
    def __init__(self, entry_points: Iterable[EntryPointLike]) -> None:
        self._eps = {ep.name: ep for ep in sorted(entry_points, key=lambda e: e.name)}
        self._loaded: dict[str, Analysis] = {}
        self._broken: dict[str, BrokenPlugin] = {}

    # -- metadata (no import) ---------------------------------------------------------
    def names(self) -> list[str]:
        return list(self._eps)

    def infos(self) -> list[PluginInfo]:
        return [PluginInfo(name, ep.value) for name, ep in self._eps.items()]

    # -- loading ------------------------------------------------------------------------
    def load(self, name: str) -> Analysis | None:
        """Import and instantiate one plugin; None (and recorded as broken) on failure."""
        if name in self._loaded:
            return self._loaded[name]
        if name in self._broken:
            return None
        ep = self._eps[name]
        try:
            cls = ep.load()
            if not (isinstance(cls, type) and issubclass(cls, Analysis)):
                raise TypeError(f"{ep.value} is not a subclass of workbench.analysis.api.Analysis")
            analysis = cls()
            if not analysis.id or not analysis.title:
                raise TypeError(f"{ep.value} has no id or title")
        except Exception as exc:  # noqa: BLE001 - any plugin error is reported, not raised
            self.mark_broken(name, exc)
            return None
        self._loaded[name] = analysis
        return analysis

    def mark_broken(self, name: str, error: BaseException | str) -> None:
        text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        self._loaded.pop(name, None)
        self._broken[name] = BrokenPlugin(name, text)

    def analyses(self) -> list[Analysis]:
        """Every plugin that loads, in entry-point name order."""
        for name in self._eps:
            self.load(name)
        return [self._loaded[n] for n in self._eps if n in self._loaded]

    @property
    def broken(self) -> list[BrokenPlugin]:
        self.analyses()
        return [self._broken[n] for n in self._eps if n in self._broken]

    def get(self, analysis_id: str) -> Analysis:
        """The analysis with this id (or entry-point name); KeyError if unknown or broken."""
        if analysis_id in self._eps:
            found = self.load(analysis_id)
            if found is not None:
                return found
        for analysis in self.analyses():
            if analysis.id == analysis_id:
                return analysis
        if analysis_id in self._broken:
            raise KeyError(f"analysis {analysis_id} is broken: {self._broken[analysis_id].error}")
        known = ", ".join(a.id for a in self.analyses()) or "none"
        raise KeyError(f"no analysis {analysis_id!r}; known: {known}")

    def _name_of(self, analysis: Analysis) -> str:
        for name, loaded in self._loaded.items():
            if loaded is analysis:
                return name
        return analysis.id

    def check_all(self, data: EngagementData) -> list[tuple[Analysis, Applicability]]:
        """Each loaded analysis with its applicability; one that raises becomes broken."""
        out = []
        for analysis in self.analyses():
            try:
                out.append((analysis, analysis.check(data.in_scope(analysis.check))))
            except Exception as exc:  # noqa: BLE001
                self.mark_broken(self._name_of(analysis), exc)
        return out


def discover(entry_points: Iterable[EntryPointLike] | None = None) -> Registry:
    """A registry over the installed ``workbench.analyses`` entry points (nothing imported)."""
    if entry_points is None:
        entry_points = metadata.entry_points(group=GROUP)
    return Registry(entry_points)


# -- running ------------------------------------------------------------------------------
def run_analysis(
    analysis: Analysis,
    data: EngagementData,
    params: dict[str, Any] | None = None,
    state: TaskState | None = None,
) -> AnalysisResult:
    """Resolve params, check, run; the result carries its params and scope.

    Raises :class:`ParamError` for bad params, :class:`NotApplicable` when the check
    fails, :class:`~workbench.analysis.api.Cancelled` when cancelled and
    :class:`AnalysisFailed` for any other error inside the plugin.
    """
    resolved = analysis.resolve_params(params)
    state = state or TaskState()
    try:
        # One wave (the latest with data unless chosen), or all waves with each person once.
        data = data.in_scope(analysis.check)
        applicable = analysis.check(data)
    except Exception as exc:  # noqa: BLE001
        raise AnalysisFailed(analysis.id, exc) from exc
    if not applicable.ok:
        raise NotApplicable(applicable.reason)
    try:
        result = analysis.run(data, resolved, state)
    except (Cancelled, NotApplicable, ParamError):
        raise
    except Exception as exc:  # noqa: BLE001
        raise AnalysisFailed(analysis.id, exc) from exc
    result.params = dict(resolved)
    result.scope = data.scope
    from workbench.analysis.data import ALL_WAVES  # loaded with the data already

    if data.wave_scope and data.wave_scope != ALL_WAVES:
        result.wave = data.wave_scope
        order = data.interviews["wave_order"].dropna()
        result.wave_order = int(order.min()) if len(order) else None
    result.method_notes = [*result.method_notes, *data.scope_notes]
    flag_small_samples(result, data)
    state.progress(1.0, "done")
    return result


#: A figure resting on fewer respondents than this is flagged (marked in every output).
SMALL_SAMPLE = 5
#: Cronbach's alpha on fewer complete cases than this is unstable.
ALPHA_CASES = 10


def flag_small_samples(result: AnalysisResult, data: EngagementData | None = None) -> None:
    """Flag the rows whose figures rest on too few respondents.

    A row of a table with an integer column ``n`` (its respondents) below
    :data:`SMALL_SAMPLE` is flagged; in a table with an ``alpha`` column, a row on fewer
    than :data:`ALPHA_CASES` cases carries the caveat that alpha is unstable.  When no
    figure of the result rests on 5 respondents or more, or when the interviews behind
    the whole result (its tables' evidence, with ``data``) come from fewer than 5
    people, the findings end with a caveat.  Flags an analysis set itself are kept.
    """
    most = None
    for table in result.tables:
        try:
            i = table.column_index("n")
        except KeyError:
            continue
        if table.columns[i].kind != "int":
            continue
        has_alpha = any(c.name == "alpha" for c in table.columns)
        for r, row in enumerate(table.rows):
            n = _number(row[i])
            if n is None:
                continue
            most = n if most is None else max(most, n)
            reasons = []
            if n < SMALL_SAMPLE:
                reasons.append(f"rests on fewer than {SMALL_SAMPLE} respondents")
            if has_alpha and n < ALPHA_CASES:
                reasons.append(f"Cronbach's alpha on fewer than {ALPHA_CASES} cases is unstable")
            if reasons and r not in table.flags:
                table.flags[r] = "; ".join(reasons)
    people = None
    if data is not None:
        ids = {i for t in result.tables for ev in t.evidence.values() for i in ev.interview_ids}
        if ids:
            people = data.people(ids)[0]
            result.respondents = int(people)
    few = (most is not None and most < SMALL_SAMPLE) or (
        people is not None and people < SMALL_SAMPLE
    )
    if few:
        caveat = (
            f"\u2020 Every figure here rests on fewer than {SMALL_SAMPLE} respondents: read "
            "it as an indication, not as a finding."
        )
        if caveat not in result.findings:
            result.findings.append(caveat)


@dataclass(frozen=True)
class RunFailure:
    analysis_id: str
    error: str
    not_applicable: bool = False


def run_many(
    analyses: Iterable[Analysis],
    data: EngagementData,
    params_by_id: dict[str, dict[str, Any]] | None = None,
    state: TaskState | None = None,
) -> tuple[list[AnalysisResult], list[RunFailure]]:
    """Run several analyses; one that is not applicable or fails never stops the others."""
    results, failures = [], []
    for analysis in analyses:
        try:
            results.append(
                run_analysis(analysis, data, (params_by_id or {}).get(analysis.id), state)
            )
        except Cancelled:
            raise
        except NotApplicable as exc:
            failures.append(RunFailure(analysis.id, exc.reason, not_applicable=True))
        except (AnalysisFailed, ParamError) as exc:
            failures.append(RunFailure(analysis.id, str(exc)))
    return results, failures


# -- wave comparison ------------------------------------------------------------------------
NUMERIC = ("int", "float", "percent")


def compare_waves(
    analysis: Analysis,
    data: EngagementData,
    wave_a: str,
    wave_b: str,
    params: dict[str, Any] | None = None,
    state: TaskState | None = None,
    test: str = "t",
    done: dict[str, AnalysisResult] | None = None,
) -> AnalysisResult:
    """Run ``analysis`` on two waves and show what changed from A to B.

    ``done`` maps a wave to a result of ``analysis`` already computed on exactly that
    wave with these ``params``; it is used instead of running the analysis again.

    An analysis with per-respondent scores (:meth:`Analysis.respondent_scores`) gets a
    ``changes`` table first: per measure the two means, the change, its 95% confidence
    interval, a paired test where the same respondents answered both waves (independent
    otherwise; ``test`` "t" or "rank") and an effect size (see
    :mod:`workbench.analysis.compare`).  Then, for every analysis, each source table gives
    a change table matched by its first text column: key, measure (column), A, B, change.
    """
    known = data.waves()
    for w in (wave_a, wave_b):
        if w not in known:
            raise NotApplicable(
                f"There is no wave '{w}'; the waves are: {', '.join(known) or 'none'}."
            )
    if wave_a == wave_b:
        raise NotApplicable(f"Choose two different waves to compare (both are '{wave_a}').")
    if test not in ("t", "rank"):
        raise ParamError(f"test must be t or rank, not {test!r}")
    results, subsets = [], []
    for w in (wave_a, wave_b):
        subset = data.filter(wave=w)
        if done and w in done:
            results.append(done[w])
            subsets.append(subset)
            continue
        try:
            results.append(run_analysis(analysis, subset, params, state))
        except NotApplicable as exc:
            raise NotApplicable(f"Wave '{w}': {exc.reason}") from None
        subsets.append(subset)
    res_a, res_b = results
    out = AnalysisResult(
        analysis.id,
        f"{analysis.title}: {wave_a} → {wave_b}",
        params=res_a.params,
        scope="; ".join(p for p in (data.scope, f"waves: {wave_a} → {wave_b}") if p),
    )
    try:
        scores = [analysis.respondent_scores(s, res_a.params) for s in subsets]
    except Exception as exc:  # noqa: BLE001 - a plugin error is reported, not raised
        raise AnalysisFailed(analysis.id, exc) from exc
    kinds_by_table = []
    for table_a in res_a.tables:
        try:
            table_b = res_b.table(table_a.name)
        except KeyError:
            continue
        built = _change_table(table_a, table_b, wave_a, wave_b)
        if built is not None:
            out.tables.append(built[0])
            kinds_by_table.append(built[1])
    out.findings = _change_findings(out.tables, kinds_by_table)
    out.method_notes = [
        "Each wave was analysed on its own "
        f"({analysis.describe_params(res_a.params, res_a.unused_params)}); "
        f"rows are matched by their first text column; change = {wave_b} − {wave_a}.",
        "Percentages are shown as percent; their change is in percentage points.",
    ]
    if out.tables:
        out.figures.append(_change_figure(out.tables[0], kinds_by_table[0]))
    if all(s is not None for s in scores):
        from workbench.analysis import compare

        changes = compare.compare_scores(scores[0], scores[1], test)
        if changes:
            for t in out.tables:  # whole-wave levels, not the paired change: say so
                t.title = t.title.replace(": change ", ": each wave's respondents, ")
                t.columns[4] = Column(
                    "change",
                    f"Difference of wave levels ({wave_b} − {wave_a})",
                    "float",
                    "+0.00;-0.00;0.00",
                    diverging=True,
                )
            out.tables.insert(0, compare.change_table(changes, wave_a, wave_b))
            out.findings = compare.change_findings(changes, wave_a, wave_b)
            out.method_notes = compare.change_notes(changes, test, wave_a, wave_b) + [
                "The change this analysis reports is the table 'What changed' alone. The "
                "tables headed \"each wave's respondents\" set each wave's own figures, on "
                "everyone measured in it, side by side: their difference of levels is not a "
                "change of the same people and can differ from it.",
                *out.method_notes,
            ]
            # The levels' chart is titled as its table now is (not a change).
            out.figures = (
                [_change_figure(out.tables[1], kinds_by_table[0])] if kinds_by_table else []
            )
            out.figures.insert(0, compare.change_figure(changes, wave_a, wave_b))
    return out


#: Statistics whose wave difference reads as a change but is none: an interval's bounds
#: (their difference is not an interval of the change) and the number of respondents.
NO_DIFFERENCE = frozenset({"ci_low", "ci_high", "n"})


def _change_table(
    a: Table, b: Table, wave_a: str, wave_b: str
) -> tuple[Table, list[tuple[str, bool]]] | None:
    """(change table, per row (column kind, diverging)) or None when nothing to compare."""
    texts = [i for i, c in enumerate(a.columns) if c.kind == "text"]
    numeric = [(i, c) for i, c in enumerate(a.columns) if c.kind in NUMERIC]
    b_names = {c.name: i for i, c in enumerate(b.columns)}
    texts = [i for i in texts if a.columns[i].name in b_names]
    if not texts or not numeric:
        return None
    # The first text column is the key; when it repeats (e.g. dimension × E/P/gap), the
    # next text columns join it until every row has its own key.
    width = 1
    while width < len(texts) and len({tuple(r[i] for i in texts[:width]) for r in a.rows}) < len(
        a.rows
    ):
        width += 1
    key_cols = texts[:width]
    b_key_cols = [b_names[a.columns[i].name] for i in key_cols]

    def key_of(row: list[Any], cols: list[int]) -> str:
        return " · ".join(str(row[i]) for i in cols)

    b_rows: dict[Any, list[Any]] = {}
    for row in b.rows:
        b_rows.setdefault(key_of(row, b_key_cols), row)
    rows, kinds = [], []
    formats: dict[int, dict[int, Column]] = {}
    a_rows = {}
    for row in a.rows:
        a_rows.setdefault(key_of(row, key_cols), row)
    for key in list(a_rows) + [k for k in b_rows if k not in a_rows]:
        row_a = a_rows.get(key)
        row_b = b_rows.get(key)
        for i, col in numeric:
            scale = 100.0 if col.kind == "percent" else 1.0
            va = _number(row_a[i]) if row_a is not None else None
            vb = (
                _number(row_b[b_names[col.name]])
                if row_b is not None and col.name in b_names
                else None
            )
            if scale != 1.0:  # a share as the percent shown (0.29 → 29, not 28.999999999999996)
                va = float(settle(va * scale)) if va is not None else None
                vb = float(settle(vb * scale)) if vb is not None else None
            diff = vb - va if va is not None and vb is not None else None
            if diff is not None and scale != 1.0:
                diff = float(settle(diff))
            if col.name in NO_DIFFERENCE:  # not a level whose change means anything
                diff = None
            label = f"{col.label} (%)" if col.kind == "percent" else col.label
            rows.append([key, label, va, vb, diff])
            kinds.append((col.kind, col.diverging))
            formats[len(rows) - 1] = _row_formats(col)
    columns = [
        Column("key", " · ".join(a.columns[i].label for i in key_cols), "text"),
        Column("measure", "Statistic", "text"),
        Column("a", wave_a, "float", "0.00"),
        Column("b", wave_b, "float", "0.00"),
        Column(
            "change", f"Change ({wave_b} − {wave_a})", "float", "+0.00;-0.00;0.00", diverging=True
        ),
    ]
    table = Table(f"{a.name}_change", f"{a.title}: change {wave_a} → {wave_b}", columns, rows)
    table.cell_formats = formats
    return table, kinds


def _row_formats(col: Column) -> dict[int, Column]:
    """How one statistic's row shows its two waves and its change: a count as a whole
    number, a share in percent (its change in percentage points), a mean to the decimals
    of the analysis's own table (alpha 0.730 stays 0.730)."""
    if col.kind == "int":
        level, change = "0", "+0;-0;0"
        kind = "int"
    elif col.kind == "percent":
        places = decimals_of(col.fmt, 0)
        head = "0" + ("." + "0" * places if places else "")
        level = f'{head}"%"'
        change = f'+{head}" pts";-{head}" pts";{head}" pts"'
        kind = "float"
    else:
        head = (col.fmt or "0.00").split(";")[0].lstrip("+-")
        level, change, kind = head, f"+{head};-{head};{head}", "float"
    return {
        2: Column("a", "", kind, level),
        3: Column("b", "", kind, level),
        4: Column("change", "", kind, change, diverging=True),
    }


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _change_findings(
    tables: list[Table], kinds_by_table: list[list[tuple[str, bool]]]
) -> list[str]:
    findings = []
    for t, kinds in zip(tables, kinds_by_table, strict=True):
        primary = _primary(t, kinds)
        pool = [
            (r, k)
            for r, k in zip(t.rows, kinds, strict=True)
            if r[1] == primary and r[4] not in (None, 0)
        ]
        if not pool:
            continue
        up = max(pool, key=lambda rk: rk[0][4])
        down = min(pool, key=lambda rk: rk[0][4])
        for (row, (kind, diverging)), word in ((up, "rise"), (down, "fall")):
            if (word == "rise") != (row[4] > 0):
                continue
            if diverging:
                word = "improvement" if row[4] > 0 else "decline"
            findings.append(
                f"{t.title.rsplit(': change ', 1)[0]}: biggest {word}: {row[0]}, {row[1]} "
                f"{_show(row[2], kind)} → {_show(row[3], kind)} ({_show(row[4], kind, True)})."
            )
    return findings


def _primary(table: Table, kinds: list[tuple[str, bool]]) -> str | None:
    """The statistic a table's findings rank on: its first gap column, else its first
    non-count column (a share or a mean), else its first column."""
    for wanted in (lambda k: k[1], lambda k: k[0] != "int", lambda k: True):
        for row, kind in zip(table.rows, kinds, strict=True):
            if wanted(kind):
                return row[1]
    return None


def _show(value: float | None, kind: str, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    sign = "+" if signed else ""
    if kind == "percent":
        return f"{value:{sign}.0f}{' pts' if signed else '%'}"
    if kind == "int":
        return f"{value:{sign}.0f}"
    return f"{value:{sign}.2f}"


def _change_figure(table: Table, kinds: list[tuple[str, bool]]) -> FigureSpec:
    """The first change table's chart, titled and labelled as its table is."""
    primary = _primary(table, kinds)
    axis = table.columns[4].label
    rows = [r for r in table.rows if r[4] is not None and r[1] == primary]
    labels = [f"{r[0]} · {r[1]}" for r in rows][:20]
    values = [r[4] for r in rows][:20]

    def draw(fig) -> None:
        ax = fig.add_subplot()
        colours = ["#27ae60" if v >= 0 else "#c0392b" for v in values]
        ax.barh(labels[::-1], values[::-1], color=colours[::-1])
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(axis)

    return FigureSpec("change", table.title, draw)


def form_problems(form: Any, registry: Registry | None = None) -> list[str]:
    """What the installed analyses find wrong with ``form``'s tags and keys (see
    :meth:`Analysis.form_problems`), each prefixed with the analysis id.

    A plugin that fails to load or raises is skipped: a broken plugin never blocks a form.
    """
    registry = registry or discover()
    problems: list[str] = []
    for name in registry.names():
        analysis = registry.load(name)
        if analysis is None:
            continue
        try:
            found = list(analysis.form_problems(form) or [])
        except Exception:  # noqa: BLE001 - a plugin's bug must not refuse a good form
            continue
        problems += [f"{analysis.id}: {p}" for p in found]
    return problems
