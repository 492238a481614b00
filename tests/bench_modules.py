"""Load a ``bench/`` evaluation script as a module, so that tests pin floors on the figures it prints."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_bench(name: str) -> ModuleType:
    """``bench/NAME.py`` as the module ``NAME`` (registered, so dataclasses and pickling see it)."""
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def require_data(path: Path, what: str) -> None:
    """Skip when evaluation data is absent, except in CI (``CI=true``), where its absence is a failure."""
    if path.exists():
        return
    import os

    import pytest

    message = f"{what} absent ({path})"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
