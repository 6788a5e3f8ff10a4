"""Codebooks as plain data: entries, hierarchy, YAML and spreadsheet exchange.

A :class:`Codebook` is a named list of :class:`CodeEntry` objects.  The hierarchy is
expressed by name paths: an entry's ``parent`` is the path of its parent
(``"Service lifecycle/Operation"``) and its own path appends its name
(``"Service lifecycle/Operation/Incident management"``).  Names therefore never contain
``/``.

Field names follow the store's ``code`` table: ``description`` is the short definition,
``definition`` the full one.

Formats:

* YAML (the built-in codebooks): nested ``children`` lists, or flat entries carrying
  ``parent:``; both load, :func:`codebook_to_yaml` writes the nested form.
* Sheets (.xlsx, .csv): one row per code with the columns ``path, colour, definition,
  when_to_use, when_not_to_use, example`` (optionally ``description``, ``origin``,
  ``key``).  Parents a sheet leaves out are created, empty, from the paths.

Bad input raises :class:`CodebookError` naming the file and the entry, row or column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

import yaml

Origin = Literal["deductive", "inductive"]
SEP = "/"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The colour the window shows a code in when its codebook gave it none (a REFI-QDA code
# without a ``color``): the code keeps "" so that an export leaves the colour out again.
NEUTRAL_COLOUR = "#888888"


def shown_colour(colour: str | None) -> str:
    """The colour to draw a code in: its own, or :data:`NEUTRAL_COLOUR` when it has none."""
    return colour or NEUTRAL_COLOUR


# Tableau 20 plus a few: the colours given to entries that come without one.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6",
    "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
)  # fmt: skip



def next_colour(used: Iterable[str | None]) -> str:
    """The colour for a new code: the palette's first colour used least among ``used`` (the
    colours of the codes there are), so codes made one after the other look different."""
    counts: dict[str, int] = {}
    for colour in used:
        if colour:
            counts[colour.lower()] = counts.get(colour.lower(), 0) + 1
    return min(PALETTE, key=lambda c: counts.get(c, 0))  # (min keeps the first of a tie)


SHEET_COLUMNS = ("path", "colour", "definition", "when_to_use", "when_not_to_use", "example")
_OPTIONAL_SHEET_COLUMNS = ("description", "origin", "key")
_TEXT_FIELDS = ("description", "definition", "when_to_use", "when_not_to_use", "example")


class CodebookError(ValueError):
    """A codebook file or sheet that cannot be read; the message says where."""


def slug(text: str) -> str:
    """``"Service lifecycle/Operation"`` -> ``"service-lifecycle.operation"``."""
    parts = [re.sub(r"[^0-9a-z]+", "-", p.lower()).strip("-") for p in text.split(SEP)]
    return ".".join(p for p in parts if p)


def split_path(path: str) -> list[str]:
    return [p.strip() for p in path.split(SEP) if p.strip()]


def join_path(parts: Iterable[str]) -> str:
    return SEP.join(parts)


@dataclass
class CodeEntry:
    """One code of a codebook.

    ``key`` is a stable identifier (defaults to a slug of the path); ``parent`` is the
    parent's path, ``""`` for a top-level code.
    """

    name: str
    parent: str = ""
    key: str = ""
    colour: str = ""
    description: str = ""  # the short definition
    definition: str = ""  # the full definition
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    origin: Origin = "deductive"
    guid: str = ""  # the REFI-QDA GUID it came with (or the stored code's id), kept on export
    codable: bool = True  # False for a category that only groups codes

    def __post_init__(self) -> None:
        self.name = self.name.strip()
        self.parent = join_path(split_path(self.parent))
        if self.colour:
            self.colour = self.colour.strip().lower()
        if not self.key:
            self.key = slug(self.path)

    @property
    def path(self) -> str:
        return f"{self.parent}{SEP}{self.name}" if self.parent else self.name

    @property
    def label(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return len(split_path(self.parent))

    def problems(self) -> list[str]:
        out = []
        if not self.name:
            out.append("the code has no name")
        if SEP in self.name:
            out.append(f"the name {self.name!r} contains '{SEP}', which separates levels of a path")
        if self.colour and not _COLOUR.match(self.colour):
            out.append(f"colour {self.colour!r} is not of the form #rrggbb")
        if self.origin not in ("deductive", "inductive"):
            out.append(f"origin {self.origin!r} must be 'deductive' or 'inductive'")
        return out


@dataclass
class Codebook:
    name: str
    description: str = ""
    codes: list[CodeEntry] = field(default_factory=list)
    # REFI-QDA code sets: {"guid", "name", "description", "codes": [code paths]}
    sets: list[dict[str, Any]] = field(default_factory=list)

    # -- hierarchy ---------------------------------------------------------------------
    def by_path(self) -> dict[str, CodeEntry]:
        return {c.path: c for c in self.codes}

    def get(self, path: str) -> CodeEntry:
        path = join_path(split_path(path))
        for c in self.codes:
            if c.path == path:
                return c
        raise KeyError(path)

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and join_path(split_path(path)) in self.by_path()

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[CodeEntry]:
        return iter(self.codes)

    def paths(self) -> list[str]:
        return [c.path for c in self.codes]

    def roots(self) -> list[CodeEntry]:
        return [c for c in self.codes if not c.parent]

    def children(self, path: str = "") -> list[CodeEntry]:
        path = join_path(split_path(path))
        return [c for c in self.codes if c.parent == path]

    def descendants(self, path: str) -> list[CodeEntry]:
        prefix = join_path(split_path(path)) + SEP
        return [c for c in self.codes if c.path.startswith(prefix)]

    def ancestors(self, path: str) -> list[CodeEntry]:
        parts = split_path(path)
        index = self.by_path()
        return [
            index[join_path(parts[:i])]
            for i in range(1, len(parts))
            if join_path(parts[:i]) in index
        ]

    def leaves(self) -> list[CodeEntry]:
        parents = {c.parent for c in self.codes}
        return [c for c in self.codes if c.path not in parents]

    def walk(self) -> Iterator[CodeEntry]:
        """Depth first, parents before children, siblings in their listed order."""

        def visit(parent: str) -> Iterator[CodeEntry]:
            for c in self.children(parent):
                yield c
                yield from visit(c.path)

        yield from visit("")

    def add(self, entry: CodeEntry) -> CodeEntry:
        if entry.path in self:
            raise CodebookError(f"{self.name}: there is already a code {entry.path!r}")
        if entry.parent and entry.parent not in self:
            raise CodebookError(f"{self.name}: {entry.path!r} has no parent {entry.parent!r}")
        self.codes.append(entry)
        return entry

    def ensure_path(self, path: str, **values: Any) -> CodeEntry:
        """The entry at ``path``, created with its missing ancestors if absent."""
        parts = split_path(path)
        entry = None
        for i in range(1, len(parts) + 1):
            here = join_path(parts[:i])
            if here in self:
                entry = self.get(here)
            else:
                entry = self.add(
                    CodeEntry(name=parts[i - 1], parent=join_path(parts[: i - 1]), **values)
                )
        if entry is None:
            raise CodebookError(f"{self.name}: empty code path")
        return entry

    def problems(self) -> list[str]:
        """Everything wrong with the codebook, in words (empty when it is fine)."""
        out: list[str] = []
        seen_paths: set[str] = set()
        seen_keys: dict[str, str] = {}
        for c in self.codes:
            out += [f"{c.path or '(unnamed)'}: {p}" for p in c.problems()]
            if c.path in seen_paths:
                out.append(f"{c.path}: appears twice")
            seen_paths.add(c.path)
            if c.key in seen_keys and seen_keys[c.key] != c.path:
                out.append(f"{c.path}: key {c.key!r} is also used by {seen_keys[c.key]!r}")
            seen_keys.setdefault(c.key, c.path)
        for c in self.codes:
            if c.parent and c.parent not in seen_paths:
                out.append(f"{c.path}: its parent {c.parent!r} is not in the codebook")
        return out

    def fill_colours(self) -> None:
        """Give every entry without a colour one from :data:`PALETTE` not used yet."""
        used = {c.colour for c in self.codes if c.colour}
        free = [p for p in PALETTE if p not in used] or list(PALETTE)
        i = 0
        for c in self.codes:
            if not c.colour:
                c.colour = free[i % len(free)]
                i += 1


# -- YAML ------------------------------------------------------------------------------
_ENTRY_KEYS = {f.name for f in fields(CodeEntry)} | {
    "children",
    "short",
    "short_definition",
    "color",
    "id",
    "label",
}


def _entry_from_mapping(raw: Any, parent: str, where: str) -> tuple[CodeEntry, list[Any]]:
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, dict):
        raise CodebookError(f"{where}: expected a mapping with at least 'name', got {raw!r}")
    unknown = sorted(set(raw) - _ENTRY_KEYS)
    if unknown:
        raise CodebookError(
            f"{where}: unknown field(s) {', '.join(unknown)}; "
            f"known: name, parent, key, colour, description, definition, when_to_use, "
            f"when_not_to_use, example, origin, children"
        )
    name = raw.get("name", raw.get("label"))
    if not isinstance(name, str) or not name.strip():
        raise CodebookError(f"{where}: the code has no 'name'")
    values: dict[str, Any] = {"name": name, "parent": str(raw.get("parent", parent) or "")}
    values["key"] = str(raw.get("key", raw.get("id", "")) or "")
    values["colour"] = str(raw.get("colour", raw.get("color", "")) or "")
    values["description"] = raw.get(
        "description", raw.get("short", raw.get("short_definition", ""))
    )
    for f in _TEXT_FIELDS[1:]:
        values[f] = raw.get(f, "")
    for f in _TEXT_FIELDS:
        v = values[f]
        if v is None:
            values[f] = ""
        elif not isinstance(v, str):
            raise CodebookError(f"{where} ({name}): {f} must be text, got {v!r}")
        else:
            values[f] = v.strip()
    values["origin"] = str(raw.get("origin", "deductive") or "deductive")
    entry = CodeEntry(**values)
    problems = entry.problems()
    if problems:
        raise CodebookError(f"{where} ({entry.path}): {'; '.join(problems)}")
    children = raw.get("children") or []
    if not isinstance(children, list):
        raise CodebookError(f"{where} ({entry.path}): 'children' must be a list")
    return entry, children


def codebook_from_mapping(raw: Any, source: str = "<codebook>") -> Codebook:
    if not isinstance(raw, dict):
        raise CodebookError(f"{source}: a codebook is a mapping with 'name' and 'codes'")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CodebookError(f"{source}: the codebook has no 'name'")
    codes = raw.get("codes")
    if not isinstance(codes, list) or not codes:
        raise CodebookError(f"{source}: 'codes' must be a non-empty list")
    book = Codebook(name=name.strip(), description=str(raw.get("description", "") or "").strip())

    def visit(items: list[Any], parent: str, where: str) -> None:
        for i, item in enumerate(items):
            here = f"{where}[{i}]"
            entry, children = _entry_from_mapping(item, parent, f"{source}: {here}")
            try:
                book.add(entry)
            except CodebookError as exc:
                raise CodebookError(f"{source}: {here}: {str(exc).split(': ', 1)[1]}") from None
            visit(children, entry.path, f"{here}.children")

    visit(codes, "", "codes")
    problems = book.problems()
    if problems:
        raise CodebookError(f"{source}: " + "; ".join(problems))
    book.fill_colours()
    return book


def load_codebook_yaml(path: str | Path) -> Codebook:
    from workbench.limits import read_yaml_file

    return codebook_from_mapping(read_yaml_file(path, "codebook", CodebookError), str(path))


def codebook_to_mapping(book: Codebook) -> dict[str, Any]:
    def entry(c: CodeEntry) -> dict[str, Any]:
        out: dict[str, Any] = {"name": c.name}
        if c.key != slug(c.path):
            out["key"] = c.key
        if c.colour:
            out["colour"] = c.colour
        for f in _TEXT_FIELDS:
            if getattr(c, f):
                out[f] = getattr(c, f)
        out["origin"] = c.origin
        kids = [entry(k) for k in book.children(c.path)]
        if kids:
            out["children"] = kids
        return out

    out: dict[str, Any] = {"name": book.name}
    if book.description:
        out["description"] = book.description
    out["codes"] = [entry(c) for c in book.roots()]
    return out


def codebook_to_yaml(book: Codebook, path: str | Path | None = None) -> str:
    text = yaml.safe_dump(codebook_to_mapping(book), sort_keys=False, allow_unicode=True, width=88)
    if path is not None:
        from workbench.paths import atomic_path

        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return text


# -- sheets ----------------------------------------------------------------------------
def codebook_to_rows(book: Codebook) -> list[list[str]]:
    header = [*SHEET_COLUMNS, *_OPTIONAL_SHEET_COLUMNS]
    rows = [header]
    for c in book.walk():
        rows.append(
            [c.path, c.colour, c.definition, c.when_to_use, c.when_not_to_use, c.example,
             c.description, c.origin, c.key]
        )  # fmt: skip
    return rows


def write_codebook_sheet(book: Codebook, path: str | Path) -> None:
    """Write ``.xlsx`` (openpyxl) or ``.csv`` (UTF-8 with BOM, so Excel reads it).

    Formula-looking text (a code named ``=1+1``) is kept as text in both, and the file
    is written beside the target and moved into place whole.
    """
    from workbench.deliver.safety import csv_row, set_cell
    from workbench.paths import atomic_path

    path = Path(path)
    rows = codebook_to_rows(book)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerows(csv_row(row) for row in rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        wb = Workbook()
        ws = wb.active
        ws.title = "Codebook"[:31]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                set_cell(ws.cell(row=r, column=c), value)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r, c in enumerate(book.walk(), start=2):
            if c.colour:
                ws.cell(row=r, column=2).fill = PatternFill("solid", fgColor=c.colour[1:].upper())
        ws.freeze_panes = "A2"
        for col, width in zip("ABCDEFGHI", (40, 10, 50, 40, 40, 40, 40, 12, 30), strict=True):
            ws.column_dimensions[col].width = width
        wb.properties.title = book.name
        wb.properties.subject = book.description
        with atomic_path(path) as tmp:
            wb.save(str(tmp))
    else:
        raise CodebookError(f"{path}: a codebook sheet must be .xlsx or .csv")


def _read_rows(path: Path) -> list[list[Any]]:
    from workbench.limits import InputLimitError, check_input_file, check_zip

    suffix = path.suffix.lower()
    try:
        check_input_file(path, "codebook")
        if suffix == ".csv":
            from workbench.deliver.safety import csv_unquote

            with path.open(encoding="utf-8-sig", newline="") as fh:
                return [[csv_unquote(v) for v in row] for row in csv.reader(fh)]
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            from python_calamine import CalamineWorkbook

            check_zip(path, "codebook")
            wb = CalamineWorkbook.from_path(str(path))
            try:
                return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
            finally:
                wb.close()
    except InputLimitError as exc:
        raise CodebookError(str(exc)) from None
    except OSError as exc:
        raise CodebookError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CodebookError(f"{path}: is not UTF-8 text; save the sheet as CSV UTF-8") from None
    except Exception as exc:  # calamine raises its own error types
        raise CodebookError(f"{path}: cannot read the sheet: {exc}") from None
    raise CodebookError(f"{path}: a codebook sheet must be .xlsx, .ods or .csv")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def load_codebook_sheet(path: str | Path, name: str | None = None) -> Codebook:
    """Read a codebook from the first sheet of ``path`` (header row first)."""
    from workbench.deliver.sheet_files import column_letter

    path = Path(path)
    rows = [[_cell_text(v) for v in row] for row in _read_rows(path)]
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise CodebookError(f"{path}: the sheet is empty")
    header = [h.lower().replace(" ", "_").replace("-", "_") for h in rows[0]]
    header = ["colour" if h == "color" else h for h in header]
    missing = [c for c in ("path",) if c not in header]
    if missing:
        raise CodebookError(
            f"{path}: row 1 needs a 'path' column; found {', '.join(h for h in rows[0] if h) or 'nothing'}"
        )
    known = set(SHEET_COLUMNS) | set(_OPTIONAL_SHEET_COLUMNS)
    unknown = [(i, h) for i, h in enumerate(header) if h and h not in known]
    if unknown:
        i, h = unknown[0]
        raise CodebookError(
            f"{path}: row 1, column {column_letter(i)} ({rows[0][i]!r}) is not a codebook column; "
            f"use {', '.join(SHEET_COLUMNS + _OPTIONAL_SHEET_COLUMNS)}"
        )
    col = {h: i for i, h in enumerate(header) if h}
    book = Codebook(name=name or path.stem)
    for r, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue

        def get(column: str, row: list[str] = row) -> str:
            i = col.get(column)
            return row[i] if i is not None and i < len(row) else ""

        full = get("path")
        if not full:
            raise CodebookError(
                f"{path}: row {r}, column {column_letter(col['path'])} (path) is empty"
            )
        parts = split_path(full)
        colour = get("colour").lower()
        if colour and not colour.startswith("#"):
            colour = "#" + colour
        if colour and not _COLOUR.match(colour):
            raise CodebookError(
                f"{path}: row {r}, column {column_letter(col['colour'])} (colour): "
                f"{get('colour')!r} is not of the form #rrggbb"
            )
        origin = get("origin").lower() or "deductive"
        if origin not in ("deductive", "inductive"):
            raise CodebookError(
                f"{path}: row {r}, column {column_letter(col['origin'])} (origin): "
                f"{origin!r} must be deductive or inductive"
            )
        values = dict(
            colour=colour,
            description=get("description"),
            definition=get("definition"),
            when_to_use=get("when_to_use"),
            when_not_to_use=get("when_not_to_use"),
            example=get("example"),
            origin=origin,
        )
        here = join_path(parts)
        if here in book:
            existing = book.get(here)
            if any(getattr(existing, f) for f in _TEXT_FIELDS):
                raise CodebookError(f"{path}: row {r}: the code {here!r} appears twice")
            for k, v in values.items():  # a parent created earlier, now described
                setattr(existing, k, v)
        else:
            parent = join_path(parts[:-1])
            if parent:
                book.ensure_path(parent)
            book.add(CodeEntry(name=parts[-1], parent=parent, key=get("key"), **values))
    if not book.codes:
        raise CodebookError(f"{path}: the sheet has a header but no codes")
    problems = book.problems()
    if problems:
        raise CodebookError(f"{path}: " + "; ".join(problems))
    book.fill_colours()
    return book


def codebook_to_csv(book: Codebook) -> str:
    from workbench.deliver.safety import csv_row

    buf = io.StringIO()
    csv.writer(buf).writerows(csv_row(row) for row in codebook_to_rows(book))
    return buf.getvalue()


# -- built-ins -------------------------------------------------------------------------
def builtin_codebooks() -> dict[str, Codebook]:
    """The codebooks shipped in ``resources/codebooks``, keyed by file stem."""
    from workbench.paths import resources_dir

    folder = resources_dir() / "codebooks"
    return {p.stem: load_codebook_yaml(p) for p in sorted(folder.glob("*.yaml"))}


def load_codebook(path: str | Path) -> Codebook:
    """Any supported codebook file, by extension: .yaml/.yml, .xlsx/.ods/.csv, .qdc."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_codebook_yaml(path)
    if suffix == ".qdc":
        from workbench.coding.qdc import import_qdc

        return import_qdc(path)
    return load_codebook_sheet(path)


def copy_codebook(book: Codebook) -> Codebook:
    return Codebook(
        book.name,
        book.description,
        [replace(c) for c in book.codes],
        [{**cs, "codes": list(cs.get("codes", []))} for cs in book.sets],
    )
