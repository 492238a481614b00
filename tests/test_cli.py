"""End-to-end tests of the real ``newsfuse`` console script, run as a subprocess.

They go through the installed entry point (not ``typer.testing``) so that packaging, exit codes and the split
between stdout (JSON) and stderr (messages) are what a user gets.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "counteroffensive"
README = REPO / "README.md"

# A short fictional article: a headline, then paragraphs long enough to be real body text for the cleaner.
GOOD_ARTICLE = (
    "Flood barriers hold in Velmora after two days of rain\n\n"
    "Flood barriers held overnight in the river town of Velmora, the district council said on Tuesday.\n"
    "Engineers had raised the temporary walls by half a metre after two days of heavy rain upstream.\n"
    "\"The water came within a hand's width of the top, but it did not come over,\" said Ada Renquist, the "
    "council's flood officer.\n"
    "About 300 residents who left their homes on Monday were told they could return once the roads reopened.\n"
)


def _script() -> str:
    beside_python = Path(sys.executable).parent / "newsfuse"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("newsfuse")
    if found is None:
        pytest.fail("the newsfuse console script is not installed (pip install -e .)")
    return found


def run_cli(*args: str, stdin: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # Colourless output, and no COLUMNS: a message must stay on one line whatever the width of the pipe.
    env.update({"NO_COLOR": "1", "TERM": "dumb"})
    env.pop("COLUMNS", None)
    return subprocess.run(
        [_script(), *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=timeout,
        check=False,
    )


def _stderr_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.strip()]


# --------------------------------------------------------------------------- the example corpus


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("example-out")
    proc = run_cli("brief", str(EXAMPLE.relative_to(REPO)), "--out", str(out))
    return proc, out


@pytest.mark.slow
def test_brief_example_corpus_writes_three_files_and_exits_0(example_run):
    proc, out = example_run
    assert proc.returncode == 0, proc.stderr
    for name in ("briefing.json", "briefing.md", "briefing.html"):
        path = out / name
        assert path.is_file(), f"{name} not written; stderr:\n{proc.stderr}"
        assert path.stat().st_size > 0
        assert f"wrote {path}" in proc.stderr
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 5
    assert data["skipped"] == []
    assert proc.stdout == "", "without --json - nothing goes to stdout"


@pytest.mark.slow
def test_json_dash_prints_valid_json_on_stdout():
    proc = run_cli("brief", str(EXAMPLE / "eastern-ledger.jsonl"), "--json", "-")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["newsfuse_version"]
    assert [a["outlet"] for a in data["articles"]] == ["Eastern Ledger"]


@pytest.mark.slow
def test_format_json_only_writes_only_json(tmp_path):
    proc = run_cli("brief", str(EXAMPLE / "eastern-ledger.jsonl"), "--out", str(tmp_path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.json"]


# --------------------------------------------------------------------------- bad inputs in a batch


@pytest.mark.slow
def test_batch_with_binary_and_empty_files_exits_3_and_still_briefs_the_good_one(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = inbox / "velmora-floods.txt"
    good.write_text(GOOD_ARTICLE, encoding="utf-8")
    binary = inbox / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    empty = inbox / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"

    proc = run_cli("brief", str(good), str(binary), str(empty), "--out", str(out), "--json", "-")

    assert proc.returncode == 3, proc.stderr
    skipped_lines = [line for line in _stderr_lines(proc) if "skipped" in line]
    assert len(skipped_lines) == 2, proc.stderr
    assert sum(str(binary) in line for line in skipped_lines) == 1
    assert sum(str(empty) in line for line in skipped_lines) == 1
    assert not any(str(good) in line for line in skipped_lines)

    for data in (json.loads(proc.stdout), json.loads((out / "briefing.json").read_text(encoding="utf-8"))):
        assert [Path(a["path"]).name for a in data["articles"]] == ["velmora-floods.txt"]
        assert "Flood barriers held overnight" in data["articles"][0]["body"]
        skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
        assert set(skipped) == {"scan.txt", "empty.txt"}
        assert all(reason.strip() and "\n" not in reason for reason in skipped.values())
    assert (out / "briefing.html").is_file() and (out / "briefing.md").is_file()


@pytest.mark.slow
def test_only_bad_inputs_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run_cli("brief", str(empty), "--json", "-")
    assert proc.returncode == 1, proc.stderr
    assert any(str(empty) in line and "skipped" in line for line in _stderr_lines(proc))


# --------------------------------------------------------------------------- usage errors (no model load)


def test_unknown_format_exits_2_with_one_line(tmp_path):
    proc = run_cli("brief", str(EXAMPLE), "--out", str(tmp_path), "--format", "json,pdf")
    assert proc.returncode == 2
    lines = _stderr_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("newsfuse:") and "pdf" in lines[0]
    assert list(tmp_path.iterdir()) == [], "nothing is written on a usage error"


def test_bad_reference_date_exits_2_with_one_line(tmp_path):
    proc = run_cli("brief", str(EXAMPLE), "--out", str(tmp_path), "--reference-date", "21/11/2026")
    assert proc.returncode == 2
    lines = _stderr_lines(proc)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("newsfuse:") and "21/11/2026" in lines[0]


def test_missing_output_option_exits_2():
    proc = run_cli("brief", str(EXAMPLE))
    assert proc.returncode == 2
    assert len(_stderr_lines(proc)) == 1, proc.stderr


# --------------------------------------------------------------------------- stdin


@pytest.mark.slow
def test_stdin_dash_is_briefed_as_pasted_text():
    proc = run_cli("brief", "-", "--json", "-", stdin=GOOD_ARTICLE)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["articles"]) == 1
    body = data["articles"][0]["body"]
    assert "Flood barriers held overnight" in body
    assert "About 300 residents" in body


# --------------------------------------------------------------------------- commands and the README


def test_version_command_names_the_model_package():
    proc = run_cli("version")
    assert proc.returncode == 0, proc.stderr
    assert re.match(r"newsfuse \S+ \(model \S+==\S+\)", proc.stdout.strip())


def parse_help_commands(help_text: str) -> list[str]:
    """Command names from ``newsfuse --help``, in rich-boxed or plain click layout."""
    commands: list[str] = []
    in_section = False
    for line in help_text.splitlines():
        if re.search(r"\bCommands\b", line):
            in_section = True
            continue
        if not in_section:
            continue
        if re.match(r"^\s*(╰|\+-|$)", line) or re.search(r"\b(Options|Arguments)\b", line):
            if commands:
                break
            continue
        # A command line starts with the name right after the box edge (or after two spaces in plain
        # click output); wrapped description lines start with more indentation.
        match = re.match(r"^(?:[│|] |  )([a-z][\w-]*)(?:\s{2,}|\s*[│|]?$)", line)
        if match:
            commands.append(match.group(1))
    return commands


def test_parse_help_commands_reads_both_layouts():
    boxed = (
        "╭─ Commands ───╮\n│ brief    Build one briefing  │\n│          with --json -).   │\n"
        "│ version  Print the version │\n╰──────────────╯\n"
    )
    plain = "Usage: x\n\nCommands:\n  brief    Build one\n           briefing.\n  store-db  Keep things\n"
    assert parse_help_commands(boxed) == ["brief", "version"]
    assert parse_help_commands(plain) == ["brief", "store-db"]


def test_readme_documents_every_cli_command():
    proc = run_cli("--help")
    assert proc.returncode == 0, proc.stderr
    commands = parse_help_commands(proc.stdout)
    assert "brief" in commands and "version" in commands, proc.stdout
    readme = README.read_text(encoding="utf-8")
    missing = [c for c in commands if not re.search(rf"newsfuse {re.escape(c)}\b", readme)]
    assert missing == [], f"README.md does not show these commands as `newsfuse <command>`: {missing}"


def test_a_time_limit_that_is_not_a_positive_number_is_a_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli import app

    done = CliRunner().invoke(app, ["brief", str(tmp_path), "--out", str(tmp_path / "o"), "--time-limit", "0"])
    assert done.exit_code == 2


def test_a_briefing_over_its_time_limit_stops_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from typer.testing import CliRunner

    from newsfuse import pipeline
    from newsfuse.cli import app

    stalling = pipeline.Stage("stalling", (), (), lambda ws: time.sleep(1.2))
    never = pipeline.Stage("never", (), (), lambda ws: pytest.fail("ran past the time limit"))
    monkeypatch.setattr(pipeline, "STAGES", (stalling, never))
    (tmp_path / "note.txt").write_text("The ferry to Quillon Island resumed service on Tuesday after repairs.\n")
    done = CliRunner().invoke(app, ["brief", str(tmp_path / "note.txt"), "--out", str(tmp_path / "o"),
                                    "--time-limit", "1"])
    assert done.exit_code == 1
    assert "briefing stopped after 1 s, before the never stage" in done.output
