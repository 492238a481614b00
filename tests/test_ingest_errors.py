"""Every bad input gives exactly one Skipped with a one-line reason, and the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.ingest import decode, ingest

GOOD_TEXT = "A fictional town council approved a new bus route on Monday."


def one_skip(path: Path | str) -> str:
    """Ingest a bad input next to a good one: the bad one yields exactly one reason, the good one its article."""
    good = Path(str(path)).parent / "zz-good-neighbour.txt"
    if Path(str(path)).parent.is_dir():
        good.write_text(GOOD_TEXT)
        result = ingest([path, good])
        assert [a.path for a in result.articles] == [str(good)]
    else:
        result = ingest([path])
        assert result.articles == []
    assert len(result.skipped) == 1, result.skipped
    [skip] = result.skipped
    assert skip.path == str(path)
    assert "\n" not in skip.reason
    return skip.reason


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert one_skip(path) == "binary file, not text"


def test_nul_bytes_in_otherwise_ascii_file(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"A fictional\x00 line\x00 with\x00\x00 NULs\x00 in\x00 it.\x00\x00\x00" * 4)
    assert one_skip(path) == "binary file, not text"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode()])
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".rss", ".jsonl", ".json"])
def test_empty_and_whitespace_only(tmp_path, content, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(content)
    assert one_skip(path) == "empty file"


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.txt"
    path.write_text("x" * 250)
    assert one_skip(path) == "file too large (250 bytes > 100 bytes)"


def test_too_large_in_megabytes(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (3 * 1024 * 1024 // 5 + 1))
    assert one_skip(path) == "file too large (3 MB > 1 MB)"


def test_default_limit_is_twenty_megabytes():
    assert decode.MAX_FILE_BYTES == 20 * 1024 * 1024


def test_unknown_extension(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 fictional")
    reason = one_skip(path)
    assert reason.startswith("unsupported file type '.pdf' (supported: .txt")
    assert ".html" in reason and ".jsonl" in reason


def test_no_extension(tmp_path):
    path = tmp_path / "README"
    path.write_text(GOOD_TEXT)
    assert one_skip(path).startswith("unsupported file type (no extension)")


def test_missing_path(tmp_path):
    path = tmp_path / "missing.txt"
    assert one_skip(path).startswith("cannot read file: no such file or directory")


def test_unreadable_file(tmp_path, monkeypatch):
    # chmod 000 does not stop root (CI may run as root), so the refusal is simulated at the read.
    path = tmp_path / "locked.txt"
    path.write_text(GOOD_TEXT + " Locked.")
    real_open = Path.open

    def refuse(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    assert one_skip(path) == "cannot read file: permission denied"


def test_html_without_article_text(tmp_path):
    path = tmp_path / "menu.html"
    # Truncated, unbalanced markup whose only content is a script: no article text.
    path.write_text(
        "<html><head><title>Broken page</title></head><body><script>var a = 1;</script><div></div"
    )
    assert one_skip(path) == "no article text found in HTML"


def test_malformed_feed(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></chan')
    reason = one_skip(path)
    assert reason.startswith("malformed feed (")


def test_malformed_feed_with_entries_is_kept(tmp_path):
    path = tmp_path / "truncated.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Tide Post</title>'
        "<item><title>Ok</title><description>A complete fictional entry.</description></item>"
        "<item><title>Cut"
    )
    result = ingest([path])
    assert [a.body for a in result.articles] == ["A complete fictional entry."]
    # The cut-off second entry is reported, not lost, and so is the fault that may have cost later entries.
    cut, fault = result.skipped
    assert (cut.path, cut.reason) == (f"{path}#entry-2", "feed entry cut off (the file ends inside it)")
    assert fault.path == str(path)
    assert fault.reason.startswith("malformed feed after entry 1 (no element found at line 1 column ")
    assert fault.reason.endswith("); later entries may be lost")


def test_xml_that_is_not_a_feed(tmp_path):
    path = tmp_path / "config.xml"
    path.write_text('<?xml version="1.0"?><settings><colour>blue</colour></settings>')
    assert one_skip(path) == "not an RSS/Atom feed"


def test_invalid_json_file(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"text": "unterminated')
    assert one_skip(path).startswith("invalid JSON (")


def test_json_record_problems_skip_only_that_record(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"text": "A good fictional record."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "No text at all"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Fine text.", "authors": {"who": "x"}}),
        json.dumps({"text": "   "}),
        "[" * 100_000,
    ]
    path.write_text("\n".join(lines))
    result = ingest([path])
    assert [a.body for a in result.articles] == ["A good fictional record."]
    reasons = {s.path.rsplit("#", 1)[1]: s.reason for s in result.skipped}
    assert reasons["line-2"] == "record is not a JSON object (got list)"
    assert reasons["line-3"] == "record has no 'text', 'body' or 'html' field"
    assert reasons["line-4"] == "field 'text' must be text, not int"
    assert reasons["line-5"].startswith("field 'authors' must be text or a list of names")
    assert reasons["line-6"] == "empty 'text' field"
    assert reasons["line-7"].startswith("invalid JSON (")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("data.json", json.dumps([{"id": n, "label": "x"} for n in range(50)])),
        ("data.jsonl", "\n".join(json.dumps({"id": n}) for n in range(50))),
    ],
)
def test_a_data_file_without_any_article_is_one_skip_not_fifty(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    reason = one_skip(path)
    assert reason.startswith("none of its 50 records is an article (")
    assert "record has no 'text', 'body' or 'html' field" in reason


def test_empty_json_array(tmp_path):
    path = tmp_path / "none.json"
    path.write_text("[]")
    assert one_skip(path) == "JSON array holds no records"


def test_invalid_front_matter(tmp_path):
    path = tmp_path / "fm.txt"
    path.write_text("---\ntitle: [unclosed\n---\nA fictional body.\n")
    assert one_skip(path).startswith("invalid YAML front matter (")


def test_rule_line_that_is_not_front_matter_stays_text(tmp_path):
    path = tmp_path / "rule.txt"
    path.write_text("---\nA fictional opening paragraph.\n---\nA second paragraph.\n")
    [article] = ingest([path]).articles
    assert "A fictional opening paragraph." in article.body


def test_broken_sidecar(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(GOOD_TEXT + " With sidecar.")
    (tmp_path / "s.meta.json").write_text("{nope")
    assert one_skip(path).startswith("cannot read metadata sidecar s.meta.json (")


def test_sidecar_given_explicitly_is_reported(tmp_path):
    path = tmp_path / "s.meta.json"
    path.write_text(json.dumps({"title": "x"}))
    assert one_skip(path).startswith("metadata sidecar, not an article")


def test_unparseable_date_becomes_none(tmp_path):
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"text": "A fictional body.", "date": "sometime soon"}))
    [article] = ingest([path]).articles
    assert article.published is None
    assert [(d.text, d.reason) for d in article.dropped] == [("sometime soon", "published value is not a date; ignored")]


def test_batch_continues_after_every_kind_of_bad_input(tmp_path):
    (tmp_path / "a.bin.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "b.txt").write_text("")
    (tmp_path / "c.xml").write_text("<root/>")
    (tmp_path / "d.json").write_text("{")
    (tmp_path / "e.doc").write_text("x")
    (tmp_path / "f.txt").write_text(GOOD_TEXT)
    result = ingest([tmp_path])
    assert [Path(a.path).name for a in result.articles] == ["f.txt"]
    assert [Path(s.path).name for s in result.skipped] == ["a.bin.txt", "b.txt", "c.xml", "d.json", "e.doc"]
