"""Type checking and linting are part of the suite, so that neither can be switched off quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_mypy_finds_no_type_errors() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False,
                          timeout=600)
    assert done.returncode == 0, done.stdout[-4000:]


def test_ruff_finds_nothing() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "bench"], cwd=REPO,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:]


def test_no_module_over_600_lines() -> None:
    long = {str(p.relative_to(REPO)): n for p in (REPO / "src").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600}
    assert not long, long


def test_spacy_is_imported_in_one_module_only() -> None:
    importers = sorted(str(p.relative_to(REPO / "src")) for p in (REPO / "src").rglob("*.py")
                       if "import spacy" in p.read_text(encoding="utf-8"))
    assert importers == ["newsfuse/nlp.py"]
