"""The folder where newsfuse keeps what it builds once from its pinned packages and then only reads.

``$NEWSFUSE_CACHE``, by default ``~/.cache/newsfuse``: the gazetteer index (:mod:`.gazetteer.store`) and the
quantized sentence encoder (:mod:`.encoder`).  Every file there can be deleted at any time; it is built again
on next use.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    env = os.environ.get("NEWSFUSE_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "newsfuse"


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place: a reader in another process
    sees the old file or the whole new one, never half of it.  Raises OSError when the folder is not writable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
