"""The analysis plugin API.

An analysis is a class with metadata (``id``, ``title``, ``description``), a declared
list of parameters (so the window renders them without knowing the plugin), a
``check`` that says in a consultant's words whether the engagement has what it needs,
and a pure ``run(data, params, state)`` that returns an :class:`AnalysisResult`.

Analyses never import Qt and never touch the store: they receive an
:class:`~workbench.analysis.data.EngagementData` snapshot.  Progress and cancellation
go through a small :class:`TaskState` object.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

if TYPE_CHECKING:
    from workbench.analysis.data import EngagementData
    from workbench.analysis.result import AnalysisResult

ParamKind = Literal["choice", "number", "int", "bool", "text"]


class Cancelled(Exception):
    """Raised inside a run when the user cancelled it."""


class ParamError(ValueError):
    """A parameter value that does not fit its declaration."""


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: ParamKind
    default: Any
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for kind="choice"
    minimum: float | None = None
    maximum: float | None = None
    help: str = ""

    def coerce(self, raw: Any) -> Any:
        """Turn a value from the command line (a string) or the window into the declared type."""
        try:
            if self.kind == "bool":
                if isinstance(raw, str):
                    low = raw.strip().lower()
                    if low in ("1", "true", "yes", "on"):
                        return True
                    if low in ("0", "false", "no", "off"):
                        return False
                    raise ValueError(raw)
                return bool(raw)
            if self.kind in ("number", "int"):
                value: float | int = int(raw) if self.kind == "int" else float(raw)
                if self.minimum is not None and value < self.minimum:
                    raise ParamError(f"{self.name} must be at least {self.minimum:g}")
                if self.maximum is not None and value > self.maximum:
                    raise ParamError(f"{self.name} must be at most {self.maximum:g}")
                return value
            if self.kind == "choice":
                value_s = str(raw)
                allowed = [c[0] for c in self.choices]
                if value_s not in allowed:
                    raise ParamError(f"{self.name} must be one of: {', '.join(allowed)}")
                return value_s
            return str(raw)
        except ParamError:
            raise
        except (TypeError, ValueError):
            raise ParamError(f"{self.name}: {raw!r} is not a valid {self.kind}") from None


@dataclass(frozen=True)
class Applicability:
    ok: bool
    reason: str = ""

    @classmethod
    def yes(cls) -> Applicability:
        return cls(True, "")

    @classmethod
    def no(cls, reason: str) -> Applicability:
        return cls(False, reason)


@dataclass
class TaskState:
    """Progress reporting and cancellation for a running analysis.

    ``on_progress`` is called with (fraction 0..1, message); in the window it emits a
    signal, it never touches a widget directly.
    """

    on_progress: Callable[[float, str], None] | None = None
    cancelled: bool = False
    _last: float = field(default=0.0, repr=False)

    def progress(self, fraction: float, message: str = "") -> None:
        if self.cancelled:
            raise Cancelled()
        self._last = fraction
        if self.on_progress is not None:
            self.on_progress(max(0.0, min(1.0, fraction)), message)

    def check_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled()

    def cancel(self) -> None:
        self.cancelled = True


class Analysis:
    """Base class for analysis plugins (subclass it and set the class attributes)."""

    id: ClassVar[str] = ""
    title: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    #: The measures (labels of :meth:`respondent_scores`) a deliverable's executive summary
    #: shows, in this order; empty (the default): its overall ones, else its first four.
    headline_measures: ClassVar[tuple[str, ...]] = ()

    def check(self, data: EngagementData) -> Applicability:
        return Applicability.yes()

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        raise NotImplementedError

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> Any:
        """Each respondent's score on each measure, for comparing waves (or None).

        A long pandas DataFrame with columns ``respondent_id``, ``measure`` (the measure's
        label as shown, e.g. "Reliability gap (P − E)") and ``score``, optionally
        ``better`` ("higher" or "lower": which direction is an improvement, default
        higher).  ``data`` is one wave's snapshot and ``params`` are resolved.  The
        registry's wave comparison does the statistics (change, 95% interval, paired or
        independent test, effect size).  None, the default, means the analysis has no
        per-respondent score: its waves are compared table by table only.
        """
        return None

    def unused_params(self, data: EngagementData, params: dict[str, Any]) -> tuple[str, ...]:
        """The parameters that set nothing on ``data``: they shape a part the data does not
        let the analysis show (a matrix whose questions the form lacks).  The window
        leaves them out of its options, and a run names them in its result's
        ``unused_params`` so that its parameters do not list them.  ``params`` are
        resolved.  Optional: the default is none."""
        return ()

    def form_problems(self, form: Any) -> list[str]:
        """Mismatches between the tags this analysis reads in ``form`` and the keys they name.

        ``form`` is a :class:`~workbench.forms.schema.FormDefinition`.  Each problem is one
        sentence naming the question and the key (e.g. a matrix row that rates no measure).
        ``workbench form check`` and form import refuse a form with problems.  Optional:
        the default finds none.
        """
        return []

    # -- helpers shared by every plugin ---------------------------------------------
    def resolve_params(self, given: dict[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with ``given`` (coerced); unknown names are an error."""
        given = dict(given or {})
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ParamError(
                f"{self.id} has no parameter {', '.join(unknown)}; "
                f"it takes: {', '.join(known) or 'none'}"
            )
        return {
            name: (p.coerce(given[name]) if name in given else p.default)
            for name, p in known.items()
        }

    def describe_params(self, params: dict[str, Any], unused: Collection[str] = ()) -> str:
        """The parameters as "Label: value; …", without those named in ``unused`` (a
        run's :attr:`~workbench.analysis.result.AnalysisResult.unused_params`: what sets
        a part the data did not let it show)."""
        labels = []
        for p in self.params:
            if p.name in unused:
                continue
            value = params.get(p.name, p.default)
            if p.kind == "choice":
                value = dict(p.choices).get(value, value)
            elif isinstance(value, bool):
                value = "Yes" if value else "No"
            elif isinstance(value, float):
                # as the method notes write a number set ("≥ 5"): the window's 5.0 is 5
                value = f"{value:g}"
            elif value is None or (isinstance(value, str) and not value.strip()):
                value = "automatic"  # an empty option leaves the choice to the analysis
            labels.append(f"{p.label}: {value}")
        return "; ".join(labels)
