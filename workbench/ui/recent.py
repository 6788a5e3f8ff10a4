"""How a recently opened engagement is named in File → Open Recent: its file name and the
folder it is in, enough of the folder that two files of the same name can be told apart."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_ROOM = 48  # characters of folder shown before it is cut to its last parts


def _folder_parts(path: Path, home: Path) -> tuple[str, ...]:
    folder = path.parent
    try:
        return ("~", *folder.relative_to(home).parts)
    except ValueError:
        return folder.parts


def _tail(parts: tuple[str, ...], depth: int) -> str:
    if depth >= len(parts):
        head, *rest = parts
        return os.path.join(head, *rest) if rest else head
    return os.path.join("…", *parts[-depth:])


def recent_labels(files: list[str], home: Path | None = None) -> list[str]:
    """``name · folder`` for each of ``files``: the whole folder (the home folder as ``~``)
    when it is short, else its last two parts after "…"; files of the same name show as
    many of their folders' last parts as it takes to tell them apart."""
    home = Path.home() if home is None else home
    paths = [Path(f) for f in files]
    parts = [_folder_parts(p, home) for p in paths]
    depth = [len(ps) if len(_tail(ps, len(ps))) <= FOLDER_ROOM else 2 for ps in parts]
    by_name: dict[str, list[int]] = {}
    for i, p in enumerate(paths):
        by_name.setdefault(p.name, []).append(i)
    for same in by_name.values():
        while len(same) > 1 and len({_tail(parts[i], depth[i]) for i in same}) < len(same):
            grown = [i for i in same if depth[i] < len(parts[i])]
            if not grown:
                break
            for i in grown:
                depth[i] += 1
    return [f"{p.name}   ·   {_tail(ps, d)}" for p, ps, d in zip(paths, parts, depth, strict=True)]
