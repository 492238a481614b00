"""Expanding the user's inputs (files, directories) into the files to read, in a stable order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .text import is_sidecar


@dataclass(frozen=True)
class WalkError:
    """A directory (or entry) the walk could not read; reported as a skipped input."""

    path: str
    reason: str


def _hidden(name: str) -> bool:
    return name.startswith(".")


def walk_directory(root: Path) -> list[Path | WalkError]:
    """Every file under ``root``, recursively, sorted by path; hidden files/folders and sidecars left out.

    Symbolic links to directories are not followed, so a link loop cannot make the walk endless.
    """
    files: list[Path] = []
    errors: list[Path | WalkError] = []

    def on_error(exc: OSError) -> None:
        where = exc.filename if exc.filename is not None else str(root)
        errors.append(WalkError(str(where), f"cannot read directory: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        # Pruning in place keeps os.walk out of hidden folders (.git, .cache ...); sorting makes runs repeatable.
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for name in sorted(filenames):
            if _hidden(name) or is_sidecar(Path(name)):
                continue
            files.append(Path(dirpath) / name)
    # Sorted by path components, so "b/c.txt" sits between "a.txt" and "z.txt" as a reader expects.
    files.sort(key=lambda p: p.parts)
    return [*files, *errors]
