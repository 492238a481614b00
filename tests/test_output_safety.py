"""Issue 14, output side: the terminal and briefing.md show what inputs hold without obeying it.

On main, ``newsfuse stories`` sent a title's ``ESC ] 0; ... BEL ESC [2J`` to the terminal
(retitling the window and clearing the screen), a newline in a file name split its skip line,
``add`` to a busy store failed after a minute, and ``[x](javascript:...)`` in an article became a
link in briefing.md.  Texts are invented.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from newsfuse import cli
from newsfuse.ingest.articles import article_id
from newsfuse.model import Article, Briefing, Sentence, Skipped
from newsfuse.report import markdown
from newsfuse.store import Store, writer
from newsfuse.store.synthetic import light_parser

HOSTILE_TITLE = "\x1b]0;owned\x07\x1b[2J[bold]Weir[/bold] reopens"
BODY = (
    "The weir at the fictional town of Ashcombe reopened on Friday after a month of repairs, the river trust said.\n"
    "Anglers had asked for the fish pass to be widened, and the trust said that work would follow in summer."
)


@pytest.fixture
def light(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "spacy_parser", light_parser)


def _no_terminal_control(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text


def test_stories_table_escapes_control_characters_and_markup(tmp_path: Path, light: None) -> None:
    db = str(tmp_path / "s.db")
    with Store(db, parser=light_parser) as store:  # an API caller's own Article is not cleaned by ingestion
        store.add([Article(id=article_id(BODY), path="api", title=HOSTILE_TITLE, outlet="Ash\x1b[31mcombe", body=BODY)])
    result = CliRunner().invoke(cli.app, ["stories", "--db", db])
    assert result.exit_code == 0, result.output
    _no_terminal_control(result.stdout)
    assert "\\x1b]0;owned\\x07\\x1b[2J[bold]Weir[/bold] reopens" in result.stdout  # shown, and not markup
    assert "Ash\\x1b[31mcombe" in result.stdout


def test_a_newline_in_a_file_name_keeps_the_skip_on_one_line(tmp_path: Path, light: None) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "weir\nnotes.pdf").write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(cli.app, ["add", str(tmp_path / "in"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 3, result.output
    (line,) = [ln for ln in result.stderr.splitlines() if "skipped" in ln]
    assert "weir\\nnotes.pdf" in line and "unsupported file type '.pdf'" in line


def test_a_mistyped_folder_is_no_such_file(tmp_path: Path, light: None) -> None:
    result = CliRunner().invoke(cli.app, ["add", str(tmp_path / "artcles"), "--db", str(tmp_path / "s.db")])
    assert "cannot read file: no such file or directory" in result.stderr


def test_add_waits_for_a_busy_store_with_a_progress_line(tmp_path: Path, light: None) -> None:
    db = str(tmp_path / "s.db")
    (tmp_path / "weir.txt").write_text(BODY, encoding="utf-8")
    with Store(db, parser=light_parser) as other:
        holder = other.lock.hold()
        holder.__enter__()
        release = threading.Timer(2.5, lambda: holder.__exit__(None, None, None))
        release.start()
        result = CliRunner().invoke(cli.app, ["add", str(tmp_path / "weir.txt"), "--db", db])
        release.join()
    assert result.exit_code == 0, result.output
    assert "the store is busy (another newsfuse process is writing to it); waiting" in result.stderr
    assert "/s.db.lock" not in result.stderr
    assert "1 added" in result.stdout


def _briefing(sentence: str, path: str = "weir.txt") -> Briefing:
    body = f"{sentence}\n{BODY}"
    article = Article(
        id="a1", path=path, title="Weir", url="javascript:alert(1)", body=body,
        sentences=[Sentence(index=0, text=sentence, start=0, end=len(sentence))],
    )
    return Briefing(newsfuse_version="t", articles=[article], skipped=[Skipped(path="odd`](javascript:x)`.txt", reason="r")])


def _link_targets(md: str) -> list[str]:
    # markdown-it refuses javascript: links itself; many renderers do not, so the check here is
    # made with a parser that accepts every target.
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    targets = []
    for token in parser.parse(md):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                targets.append(str(child.attrs.get("href", child.attrs.get("src", ""))))
    return targets


@pytest.mark.parametrize(
    "sentence",
    [
        "Read [the notice](javascript:alert(document.cookie)) before fishing.",
        "Photos ![x](data:text/html;base64,PHNjcmlwdD4=) and [a][ref] link.\n[ref]: javascript:alert(2)",
        "An <javascript:alert(3)> autolink and <a href='javascript:alert(4)'>html</a>.",
    ],
)
def test_markdown_links_only_to_anchors_and_the_web(sentence: str) -> None:
    md = markdown.render(_briefing(sentence))
    targets = _link_targets(md)
    assert targets and all(t.startswith(("#", "http://", "https://")) for t in targets), targets
    assert "javascript:alert(" in md  # still shown, as text


def test_markdown_code_spans_hold_backticks_and_controls() -> None:
    md = markdown.render(_briefing("Plain sentence.", path="we`ir\x1b[2J.txt"))
    assert "\x1b" not in md and "``` we`ir\\x1b[2J.txt ```" not in md
    assert "`` we`ir\\x1b[2J.txt ``" in md
    assert all(t.startswith(("#", "http://", "https://")) for t in _link_targets(md))


def test_add_keeps_every_other_input_when_one_is_hostile(tmp_path: Path, light: None) -> None:
    import json
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    Path(os.fsdecode(os.fsencode(folder) + b"/weir\xffnotes.txt")).write_text(BODY, encoding="utf-8")
    record = {"title": "Fish pass", "text": BODY.replace("Ashcombe", "Bramwick")}
    (folder / "pass.json").write_text(json.dumps(record).replace("Fish pass", "Fish \\ud800pass"), encoding="utf-8")
    (folder / "dated.md").write_text("---\npublished: 2026-02-30\n---\n" + BODY.replace("Ashcombe", "Coldharbour"))
    result = CliRunner().invoke(cli.app, ["add", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output  # on main: a traceback and nothing stored
    assert "3 added" in result.stdout
