"""Issue 14: nothing a user gives is lost.  A catalogue of hostile inputs, each generated here.

Every case failed on main before the fix: one input crashed the batch at serialisation, was called
"binary" or "internal error", or cost a whole feed.  Each now becomes an article or a one-line skip
with a specific reason, and the briefing of the rest serialises.  All texts are invented.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from newsfuse.ingest import IngestResult, ingest
from newsfuse.ingest.feeds import feed_articles
from newsfuse.ingest.language import not_english_reason
from newsfuse.model import Article, Briefing, Skipped

STORY = (
    "The ferry council of Marrowby Sound voted on Thursday to add a night crossing to Quillan Isle. "
    "Captain Odile Fenwick said the larger boat would carry forty cars and run until the spring."
)


def _story(tag: str) -> str:
    return f"{STORY} The change was first proposed by the {tag} committee after a public meeting."


def _serialises(result: IngestResult) -> None:
    """The test that failed on main: the briefing of everything read must encode as JSON."""
    Briefing(newsfuse_version="test", articles=result.articles, skipped=result.skipped).model_dump_json()
    for skip in result.skipped:
        assert skip.reason.strip() and "\n" not in skip.reason and "internal error" not in skip.reason


def _only_article(result: IngestResult) -> Article:
    assert not result.skipped, result.skipped
    (article,) = result.articles
    return article


# --------------------------------------------------------------------------- strings made safe at the door


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(os.fsencode(tmp_path) + b"/harbour\xffnotes.txt")
    Path(name).write_text(_story("harbour"), encoding="utf-8")
    (tmp_path / "other.txt").write_text(_story("other"), encoding="utf-8")
    result = ingest([tmp_path])
    _serialises(result)
    assert sorted(Path(a.path).name for a in result.articles) == ["harbour\\xffnotes.txt", "other.txt"]


def test_lone_surrogates_from_json_escapes_are_dropped(tmp_path: Path) -> None:
    fields = '"title": "Night \\ud800crossing", "author": "Ann \\udfff Vey"'
    record = "{" + fields + ', "text": ' + json.dumps(_story("j")) + "}"
    (tmp_path / "record.json").write_text(record, encoding="utf-8")
    article = _only_article(ingest([tmp_path / "record.json"]))
    assert article.title == "Night crossing" and article.authors == ["Ann Vey"]
    _serialises(ingest([tmp_path / "record.json"]))


def test_a_lone_surrogate_in_yaml_front_matter_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text('---\ntitle: "Quillan \\ud800 timetable"\n---\n' + _story("yaml"), encoding="utf-8")
    result = ingest([path])
    _serialises(result)
    assert _only_article(result).title == "Quillan timetable"


def test_control_characters_are_stripped_and_lines_kept(tmp_path: Path) -> None:
    path = tmp_path / "console.txt"
    path.write_text("\x1b]0;owned\x07\x1b[2J" + _story("ctl") + "\n\x01Second\x7f paragraph\x1b[31m here.", "utf-8")
    article = _only_article(ingest([path]))
    assert "\x1b" not in article.body and "owned" not in article.body and "[2J" not in article.body
    assert article.body.splitlines()[-1] == "Second paragraph here."


def test_stdin_with_a_lone_surrogate_becomes_an_article() -> None:
    class Stream(io.StringIO):
        buffer = None

    result = ingest(["-"], stdin=Stream(_story("stdin") + " \ud800 End."))
    _serialises(result)
    assert "\ud800" not in _only_article(result).body


@pytest.mark.parametrize("space", ["\u00a0", "\u200b", "\u3000", "\u202f"])
def test_text_spaced_with_unusual_spaces_is_not_binary(tmp_path: Path, space: str) -> None:
    path = tmp_path / "spaced.txt"
    path.write_text(_story("spacing").replace(" ", space), encoding="utf-8")
    article = _only_article(ingest([path]))
    assert "Marrowby Sound voted" in article.body  # read as words, whatever space separated them


def test_a_249_character_file_name_is_read(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 245 + ".txt")  # its sidecar's name would be over the 255-byte limit
    path.write_text(_story("long name"), encoding="utf-8")
    _only_article(ingest([path]))


def test_an_impossible_front_matter_date_keeps_the_article(tmp_path: Path) -> None:
    path = tmp_path / "dated.md"
    path.write_text("---\npublished: 2026-02-30\ntitle: Ferry vote\n---\n" + _story("dated"), encoding="utf-8")
    article = _only_article(ingest([path]))
    assert article.published is None and article.title == "Ferry vote"
    assert [d.text for d in article.dropped if "not a date" in d.reason] == ["2026-02-30"]


def test_a_real_front_matter_date_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "dated.md"
    path.write_text("---\npublished: 2026-02-27\n---\n" + _story("dated"), encoding="utf-8")
    assert _only_article(ingest([path])).published == "2026-02-27"


def test_a_mistyped_folder_is_no_such_file(tmp_path: Path) -> None:
    (skip,) = ingest([tmp_path / "artciles"]).skipped
    assert skip.reason == "cannot read file: no such file or directory"


def test_a_newline_in_a_file_name_keeps_the_skip_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad\nname.pdf"
    path.write_bytes(b"%PDF")
    (skip,) = ingest([path]).skipped
    assert skip.path.endswith("bad\\nname.pdf") and "\n" not in skip.path + skip.reason


def test_the_model_refuses_a_string_json_cannot_hold() -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        Article(id="a1", path="x.txt", body="text \ud800")
    with pytest.raises(ValueError, match="lone surrogate"):
        Skipped(path="bad\udcff.txt", reason="r")


def test_safety_helpers() -> None:
    from newsfuse.ingest.safety import display_path, escape_controls, safe_line, safe_text

    assert safe_text("a\r\nb\rc\x0cd\x85e") == "a\nb\nc\nd\ne"
    assert safe_text("tab\tkept\x00\x1f\x9f") == "tab\tkept"
    assert safe_text("pair \ud83d\ude00 lone \udc80") == "pair \U0001f600 lone "
    assert safe_text("cafe\u0301") == "caf\u00e9"
    assert safe_line(" one\n two\t three ") == "one two three"
    assert display_path("dir/bad\udcffname\n.txt") == "dir/bad\\xffname\\n.txt"
    assert escape_controls("\x1b]0;t\x07") == "\\x1b]0;t\\x07"


# --------------------------------------------------------------------------- feeds


def _item(n: int, extra: str = "") -> str:
    return f"<item><title>Crossing {n}</title><description>{_story(f'feed {n}')}{extra}</description></item>"


@pytest.mark.parametrize("reference", ["&#1114112;", "&#xD800;", "&#xdfff;", "&#99999999999999999999;"])
def test_one_bad_character_reference_costs_nothing_else(reference: str) -> None:
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Sound Post</title>'
    feed += _item(1) + _item(2, reference) + _item(3) + "</channel></rss>"
    outcomes = feed_articles("sound.rss", feed.encode())
    assert [o.path for o in outcomes if isinstance(o, Article)] == [f"sound.rss#entry-{n}" for n in (1, 2, 3)]


def test_broken_utf8_in_one_entry_does_not_make_the_feed_binary(tmp_path: Path) -> None:
    # Found by the fuzzing campaign: lone surrogates written out as bytes (not UTF-8) next to a
    # terminal escape left the encoding detector without a reading, and the whole feed was "binary".
    broken = "\x1b]0;t\x07" + "\ud800" * 8
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Sound Post</title>'
    feed += _item(1) + f"<item><title>{broken}</title><description>{broken}</description></item></channel></rss>"
    path = tmp_path / "sound.rss"
    path.write_bytes(feed.encode("utf-8", errors="surrogatepass"))
    result = ingest([path])
    assert result.articles[0].path == f"{path}#entry-1"  # the broken entry is read as mojibake or skipped
    _serialises(result)


def test_a_body_of_only_undecodable_characters_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"text": "\ufffd\ufffd \ufffd!"}) + "\n" + json.dumps({"text": _story("j")}), "utf-8")
    result = ingest([path])
    assert [s.reason for s in result.skipped] == ["no readable text (only symbols or undecodable characters)"]
    assert len(result.articles) == 1


def test_character_references_to_real_characters_are_kept() -> None:
    from newsfuse.ingest.feeds import valid_character_references

    assert valid_character_references(b"&#233; &#x41; &#x10FFFF;") == b"&#233; &#x41; &#x10FFFF;"
    assert valid_character_references(b"&#x110000;") == b"&#xFFFD;"


def test_a_feedparser_crash_costs_only_its_entry() -> None:
    # A closing tag feedparser never saw open makes it raise KeyError on its own bookkeeping.
    broken = "<item><title>Crossing 2</title></creativeCommons:license><link></title></item>"
    feed = f'<rss version="2.0"><channel><title>Sound Post</title>{_item(1)}{broken}{_item(3)}</channel></rss>'
    outcomes = feed_articles("sound.rss", feed.encode())
    kinds = {o.path: type(o).__name__ for o in outcomes}
    assert kinds["sound.rss#entry-1"] == "Article" and kinds["sound.rss#entry-3"] == "Article"
    (skip,) = [o for o in outcomes if isinstance(o, Skipped)]
    assert skip.path == "sound.rss#entry-2" and "feed parser failed" in skip.reason


def test_an_entry_without_links_is_read() -> None:
    feed = f'<rss version="2.0"><channel><title>Sound Post</title>{_item(1)}</channel></rss>'
    (article,) = feed_articles("sound.rss", feed.encode())
    assert isinstance(article, Article) and article.url is None


# --------------------------------------------------------------------------- language gate


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("أعلن مجلس الميناء يوم الخميس أن العبّارة الليلية ستبدأ رحلاتها في الربيع بعد تأخير.", "ar"),
        ("Lučko vijeće u četvrtak je odlučilo da će noćni trajekt ploviti do proljeća nakon kašnjenja.", "hr"),
        ("Majlis daerah meluluskan belanjawan baharu untuk membaiki jalan raya dan longkang di pekan kecil itu.", "ms"),
    ],
)
def test_short_texts_in_close_languages_are_not_taken_for_english(text: str, code: str) -> None:
    reason = not_english_reason(text)
    assert reason is not None and reason.startswith(f"text is in another language ('{code}'")


def test_a_csv_is_called_data_not_a_language(tmp_path: Path) -> None:
    rows = "crossing,boat,cars,departs\n" + "".join(f"{n},Heron {n},{n * 4},0{n}:15\n" for n in range(1, 9))
    assert not_english_reason(rows) == "no recognisable language (looks like a table of data, not prose)"


def test_paragraphs_with_one_comma_each_are_not_a_table() -> None:
    text = "\n".join(
        f"The {n} crossing left Marrowby Sound at dawn, and the crew reported calm water all the way across."
        for n in ("first", "second", "third", "fourth")
    )
    assert not_english_reason(text) is None


def test_english_full_of_unfamiliar_names_is_still_english() -> None:
    text = "Kvarnholm, Tzerovac and Ulvsunda: Radomir Szczepanik met Oksana Wrzesniewska in Tjornvik today."
    assert not_english_reason(text) is None


def test_an_english_report_quoting_a_foreign_paragraph_is_kept() -> None:
    quote = "Lučko vijeće u četvrtak je odlučilo da će noćni trajekt ploviti do proljeća nakon kašnjenja."
    text = "\n".join([_story("a"), _story("b"), quote, _story("c")])
    assert not_english_reason(text) is None
