"""Limits on everything Workbench reads from outside: files, archives, YAML.

A file someone hands to Workbench may be hostile or simply broken: a FIFO that never
ends, a symlink loop, a zip that inflates to gigabytes, YAML whose aliases expand
without end.  Each reader checks its input here first and refuses it with an
:class:`InputLimitError` whose message names the file and the limit, quickly and in
bounded memory, before any heavy library sees the bytes.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "InputLimitError",
    "LimitedSafeLoader",
    "YamlLimitError",
    "check_input_file",
    "check_zip",
    "read_yaml_file",
    "safe_load_yaml",
]

# -- the limits ---------------------------------------------------------------------------
MAX_INPUT_BYTES = 2 * 1024**3  # any input file (a CSV of responses may be large)
MAX_ZIP_TOTAL = 200 * 1024**2  # declared uncompressed bytes of all members together
MAX_ZIP_MEMBER = 200 * 1024**2
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_RATIO = 100  # uncompressed / compressed, for members larger than ZIP_RATIO_FREE
ZIP_RATIO_FREE = 1024**2
MAX_YAML_BYTES = 5 * 1024**2
MAX_YAML_DEPTH = 64
MAX_YAML_NODES = 200_000  # nodes after every alias is expanded
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".docx", ".qdpx", ".zip")


class InputLimitError(ValueError):
    """An input refused because it breaks a limit or is not a readable file."""


# -- plain files --------------------------------------------------------------------------
def check_input_file(path: str | os.PathLike[str], what: str = "file") -> Path:
    """``path`` if it is a regular file Workbench may read; InputLimitError otherwise.

    Refuses what would hang or exhaust a reader: a FIFO, a device or a socket (opening
    one blocks or never ends), a folder, a symlink loop, a file over the size limit.
    """
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputLimitError(
                f"{path}: a symbolic link that points to itself (a loop)"
            ) from None
        if exc.errno == errno.ENOENT:
            raise InputLimitError(f"{path}: cannot read the {what}: no such file") from None
        raise InputLimitError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputLimitError(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
        )
        raise InputLimitError(f"{path}: is {kind}, not a regular {what}")
    if info.st_size > MAX_INPUT_BYTES:
        raise InputLimitError(
            f"{path}: the {what} is {_size(info.st_size)}; Workbench reads at most "
            f"{_size(MAX_INPUT_BYTES)}"
        )
    return path


def _size(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GB"  # pragma: no cover


# -- archives -----------------------------------------------------------------------------
def check_zip(path: str | os.PathLike[str], what: str = "file") -> Path:
    """Refuse a zip-based file (.xlsx, .ods, .docx, .qdpx) that would inflate too far.

    Reads only the central directory: each member's declared size, the total, the
    compression ratio, and (for deflated members) stops the actual inflation of any
    member at its declared size so a lying header cannot get past.  A file that is not
    a zip at all is left for the format's own reader to refuse.
    """
    path = check_input_file(path, what)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return path  # not an archive: the reader says what it is not
    except OSError as exc:
        raise InputLimitError(f"{path}: cannot read the {what}: {exc.strerror or exc}") from None
    with zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise InputLimitError(
                f"{path}: the {what} holds {len(members):,} parts; at most "
                f"{MAX_ZIP_MEMBERS:,} are read (is it a zip bomb?)"
            )
        total = 0
        for info in members:
            size, packed = info.file_size, max(info.compress_size, 1)
            total += size
            if size > MAX_ZIP_MEMBER or total > MAX_ZIP_TOTAL:
                raise InputLimitError(
                    f"{path}: the {what} would unpack to more than {_size(MAX_ZIP_TOTAL)} "
                    f"({info.filename!r} alone is {_size(size)}); refused (is it a zip bomb?)"
                )
            if size > ZIP_RATIO_FREE and size / packed > MAX_ZIP_RATIO:
                raise InputLimitError(
                    f"{path}: {info.filename!r} inflates {size / packed:,.0f} times "
                    f"({_size(packed)} to {_size(size)}); refused (is it a zip bomb?)"
                )
        for info in members:
            _inflate_within(zf, info, path, what)
    return path


def _inflate_within(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, what: str) -> None:
    """Inflate one member in chunks; refuse it if it yields more than it declares."""
    limit = info.file_size
    seen = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(1024 * 1024):
                seen += len(chunk)
                if seen > limit:
                    break
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputLimitError(f"{path}: the {what} is damaged ({info.filename!r}: {exc})") from None
    except Exception as exc:  # zlib.error and friends
        raise InputLimitError(f"{path}: the {what} is damaged ({info.filename!r}: {exc})") from None
    if seen > limit:
        raise InputLimitError(
            f"{path}: {info.filename!r} unpacks to more than the {_size(limit)} it declares; "
            "refused (is it a zip bomb?)"
        )


# -- YAML ---------------------------------------------------------------------------------
class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML document that breaks a limit; carries the position like a syntax error."""


class LimitedSafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with limits on nesting, alias expansion and self-reference.

    ``compose_node`` is recursive in PyYAML, so a 5,000-deep list would end in a
    RecursionError; here it stops at :data:`MAX_YAML_DEPTH`.  After composing, the
    document is measured with every alias expanded (memoised, so a billion-laughs file is
    measured in microseconds) and refused above :data:`MAX_YAML_NODES`; an alias that
    refers to a node containing it is refused too.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                event = self.peek_event()
                raise YamlLimitError(
                    problem=f"nested more than {MAX_YAML_DEPTH} levels deep",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> Any:
        node = super().compose_document()
        if node is not None:
            _measure(node)
        return node


def _measure(root: yaml.Node) -> None:
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise YamlLimitError(
                problem="an alias refers to the node that contains it (a recursive alias)",
                problem_mark=node.start_mark,
            )
        open_nodes.add(key)
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(v) for v in node.value)
        else:
            total = 1
        open_nodes.discard(key)
        if total > MAX_YAML_NODES:
            raise YamlLimitError(
                problem=f"expands to more than {MAX_YAML_NODES:,} values once its aliases "
                "are expanded (an alias bomb?)",
                problem_mark=node.start_mark,
            )
        sizes[key] = total
        return total

    size(root)


def check_yaml_text(text: str, source: str) -> None:
    if len(text) > MAX_YAML_BYTES:
        raise InputLimitError(
            f"{source}: the YAML file is {_size(len(text))}; at most {_size(MAX_YAML_BYTES)} is read"
        )


def safe_load_yaml(text: str, source: str = "<yaml>") -> Any:
    """``yaml.safe_load`` with limits; YAMLError (or InputLimitError for size) on refusal.

    Values YAML cannot build (an integer of more digits than Python converts) raise a
    YAMLError too, never a bare ValueError.
    """
    check_yaml_text(text, source)
    loader = LimitedSafeLoader(text)
    try:
        try:
            return loader.get_single_data()
        except (ValueError, OverflowError, RecursionError) as exc:
            raise yaml.YAMLError(f"a value cannot be read: {exc}") from None
    finally:
        loader.dispose()


def read_yaml_file(path: str | os.PathLike[str], what: str, error: type[Exception]) -> Any:
    """The data of the YAML file at ``path`` (a ``what``: "codebook", "rules file"), read
    within the limits; any refusal — a limit, not UTF-8, unreadable, not valid YAML — is
    raised as ``error`` with a message naming the file (and the line and column)."""
    path = Path(path)
    try:
        check_input_file(path, what)
        return safe_load_yaml(path.read_text(encoding="utf-8"), str(path))
    except InputLimitError as exc:
        raise error(str(exc)) from None
    except UnicodeDecodeError:
        raise error(f"{path}: is not UTF-8 text") from None
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise error(f"{path}:{at} is not valid YAML: {getattr(exc, 'problem', exc)}") from None
