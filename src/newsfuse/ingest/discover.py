"""Expanding the user's inputs (files, directories) into the files to read, in a stable order."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

from .text import is_sidecar


@dataclass(frozen=True)
class WalkError:
    """A directory (or entry) the walk could not read; reported as a skipped input."""

    path: str
    reason: str


#: Reason given for a symbolic link that leads back to itself (directly or through other links).
LINK_LOOP_REASON = "symbolic link loop (too many levels of symbolic links); not read"


def _hidden(name: str) -> bool:
    return name.startswith(".")


def is_link_loop(path: Path) -> bool:
    """True for a symbolic link whose target chain never ends; checked before the name, which says nothing then."""
    if not path.is_symlink():
        return False
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def walk_directory(root: Path) -> list[Path | WalkError]:
    """Every file under ``root``, recursively, sorted by path; hidden files/folders and sidecars left out.

    Symbolic links to directories are not followed, so a link loop cannot make the walk endless;
    a link that loops onto itself (``os.walk`` lists it as a file) is reported as such.
    """
    files: list[Path | WalkError] = []
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
            found = Path(dirpath) / name
            # A looping link keeps its place among the files, so reports follow the walk's order.
            files.append(WalkError(str(found), LINK_LOOP_REASON) if is_link_loop(found) else found)
    # Sorted by path components, so "b/c.txt" sits between "a.txt" and "z.txt" as a reader expects.
    files.sort(key=lambda f: Path(f.path).parts if isinstance(f, WalkError) else f.parts)
    return [*files, *errors]
