"""Ingestion hardening: the robustness review's findings, each pinned by a test that failed before its fix.

Reader bugs and odd JSON cost one input, not the batch; pipes and devices are refused before
any read; Western single-byte and mixed UTF-8/cp1252 files decode to the written text; feeds
with an XML fault say so; CJK and data-only texts get the right reason; link loops are named;
an article over the length cap is skipped in one line, whatever its format.  All texts are invented.
"""

from __future__ import annotations

import io
import json
import os
import threading
from pathlib import Path
from typing import Self

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsfuse.ingest as ingest_package
from newsfuse.ingest import articles, decode, ingest
from newsfuse.ingest.decode import decode_text
from newsfuse.ingest.language import DENSE_SCRIPT_WEIGHT, MIN_CHARS, evidence_chars, not_english_reason
from newsfuse.model import Article

GOOD_TEXT = "The fictional harbour board of Lindqvist Bay approved a new ferry timetable on Monday."
PARAGRAPH = (
    "The fictional town of Brackenford opened its rebuilt library on Saturday, the council said. "
    "About {n} residents attended, and the mayor, Ines Calloway, thanked the volunteers who moved the books."
)


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _reasons(result: ingest_package.IngestResult) -> dict[str, str]:
    return {s.path: s.reason for s in result.skipped}


# --------------------------------------------------------------------------- reader bugs and JSON


def test_a_reader_bug_costs_one_file_and_stays_visible(tmp_path, monkeypatch):
    def broken_reader(path: Path, shown: str) -> list:
        raise RuntimeError("fictional\nreader failure")

    monkeypatch.setitem(ingest_package.READERS, ".md", broken_reader)
    bad = _write(tmp_path / "a.md", GOOD_TEXT)
    good = _write(tmp_path / "b.txt", GOOD_TEXT)
    result = ingest([bad, good])
    assert [a.path for a in result.articles] == [str(good)]
    assert _reasons(result) == {
        str(bad): "internal error while reading (RuntimeError: fictional reader failure); please report"
    }


def test_a_bug_while_reading_stdin_is_reported(monkeypatch):
    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("fictional")

    monkeypatch.setattr(ingest_package, "pasted_article", broken)
    result = ingest(["-"], stdin=io.TextIOWrapper(io.BytesIO(GOOD_TEXT.encode())))
    assert _reasons(result) == {
        "<stdin>": "internal error while reading standard input (KeyError: 'fictional'); please report"
    }


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_json_integer_over_the_digit_limit_is_invalid_json(tmp_path, suffix):
    record = '{"text": "' + GOOD_TEXT + '", "views": ' + "7" * 4400 + "}"
    path = _write(tmp_path / f"records{suffix}", record + "\n")
    [skip] = ingest([path]).skipped
    assert skip.reason.startswith(
        "invalid JSON (Exceeds the limit (4300 digits) for integer string conversion"
    )
    assert "\n" not in skip.reason


def test_json_nested_too_deeply_is_invalid_json(tmp_path):
    path = _write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    assert _reasons(ingest([path])) == {str(path): "invalid JSON (nested too deeply)"}


# --------------------------------------------------------------------------- pipes, devices, growing files


def test_a_link_to_a_device_named_txt_is_not_read(tmp_path):
    # /dev/null, not /dev/zero: should the check ever go, the test fails ("empty file") instead of
    # reading an endless device into memory.
    link = tmp_path / "story.txt"
    os.symlink("/dev/null", link)
    assert _reasons(ingest([link])) == {
        str(link): "not a regular file (named pipe, socket or device); not read"
    }


def test_a_named_pipe_given_by_name_is_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    results: list[ingest_package.IngestResult] = []
    worker = threading.Thread(target=lambda: results.append(ingest([fifo])), daemon=True)
    worker.start()
    worker.join(timeout=3)
    if worker.is_alive():  # unblock the reader so no thread is left behind, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("ingesting a named pipe waited for a writer")
    assert _reasons(results[0]) == {str(fifo): "not a regular file (named pipe, socket or device); not read"}


def test_a_file_that_grew_past_the_limit_after_stat_is_not_read_whole(tmp_path, monkeypatch):
    # The size on disk passed (simulated by a check that lets it through); the read itself stops at the limit.
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(decode, "check_size", lambda n_bytes: None)
    path = _write(tmp_path / "growing.txt", "x" * 250)
    assert _reasons(ingest([path])) == {str(path): "file too large (over 100 bytes)"}


def test_read_bytes_reads_at_most_one_byte_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(decode, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(decode, "check_size", lambda n_bytes: None)
    sizes: list[int] = []
    real_open = Path.open

    class CountingHandle:
        def __init__(self, handle: io.BufferedReader) -> None:
            self.handle = handle

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def read(self, size: int = -1) -> bytes:
            data = self.handle.read(size)
            sizes.append(len(data))
            return data

    big = _write(tmp_path / "big.txt", "y" * 5000)
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: CountingHandle(real_open(self, *a, **k)))
    with pytest.raises(ingest_package.IngestError):
        decode.read_bytes(big)
    assert sizes == [101]


# --------------------------------------------------------------------------- encodings

WESTERN = [
    ("The fictional crêperie owner Zoë Müller said the façade in São Belém was repaired.", "latin-1"),
    ("The fictional crêperie owner Zoë Müller said the façade in São Belém was repaired.", "cp1252"),
    ("Señor Ibáñez, a naïve façade painter from Ålesund, won the 4,000-franc prize.", "latin-1"),
    ("Señor Ibáñez, a naïve façade painter from Ålesund, won the €4,000 prize.", "cp1252"),
    (
        "Smart quotes \u201clike these\u201d and an apostrophe \u2019 plus an en dash \u2013 from a fictional desk.",
        "cp1252",
    ),
]


@pytest.mark.parametrize(("text", "encoding"), WESTERN)
def test_western_single_byte_text_is_read_as_cp1252(text, encoding):
    assert decode_text(text.encode(encoding)) == text


# Real words (not letter soup, which no detector can place): English with French, German, Spanish names.
_WORDS = (
    *("the", "fictional", "council", "met", "on", "Monday", "and", "said", "repairs", "to", "bridge"),
    *("would", "cost", "more", "than", "planned", "café", "naïve", "façade", "Müller", "São", "crêpes"),
    *("Zoë", "René", "déjà", "über", "Ålesund", "señor", "Ibáñez", "Gödel", "Françoise", "résumé"),
    *("Köln", "Peña", "garçon", "fiancée", "Björn", "Dvořák"),
)
_CP1252_WORDS = [w for w in _WORDS if w.encode("cp1252", "ignore").decode("cp1252") == w]
# Distinct words: "déjà déjà déjà" is no sentence, and the mess measure rightly finds it odd.
_western_text = (
    st.lists(st.sampled_from(_CP1252_WORDS), min_size=8, max_size=40, unique=True)
    .map(" ".join)
    .filter(lambda text: any(ord(ch) > 127 for ch in text))
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_western_text)
def test_western_words_in_cp1252_round_trip(text):
    assert decode_text(text.encode("cp1252")) == text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(utf8_part=_western_text, cp1252_part=_western_text, utf8_first=st.booleans())
def test_mixed_utf8_and_cp1252_parts_both_read_right(utf8_part, cp1252_part, utf8_first):
    parts = [utf8_part.encode("utf-8"), cp1252_part.encode("cp1252")]
    data = b"\n".join(parts if utf8_first else parts[::-1])
    expected = "\n".join([utf8_part, cp1252_part] if utf8_first else [cp1252_part, utf8_part])
    assert decode_text(data) == expected


def test_mixed_file_with_a_byte_cp1252_leaves_undefined_shows_a_replacement_mark():
    data = "Zoë Ferrand said so.\n".encode() + b"The fictional caf\xe9 sign read \x81 today.\n"
    assert decode_text(data) == "Zoë Ferrand said so.\nThe fictional café sign read \ufffd today.\n"


NON_WESTERN = [
    (
        "架空の町、緑川町の議会は火曜日、新しい交通計画を承認した。工事は三月に始まる。町長は「安全な道路」と述べた。",
        "shift_jis",
    ),
    (
        "虚构城市青川市议会周二通过了一项新的交通计划。市长说：“我们希望街道更安全。”工程将于三月开始。",
        "gb18030",
    ),
    (
        "Городской совет вымышленного города Северск утвердил новый план движения. «Мы хотим безопасных улиц».",
        "cp1251",
    ),
    (
        "Το δημοτικό συμβούλιο της φανταστικής πόλης Ακρινή ενέκρινε νέο κυκλοφοριακό σχέδιο την Τρίτη.",
        "cp1253",
    ),
    ("מועצת העיר הבדיונית נווה גליל אישרה ביום שלישי תוכנית תנועה חדשה. העבודות יתחילו במרץ.", "cp1255"),
    ("وافق مجلس مدينة النخيل الخيالية يوم الثلاثاء على خطة مرور جديدة. وستبدأ الأعمال في مارس.", "cp1256"),
    ("가상의 도시 청하시 의회는 화요일 새로운 교통 계획을 승인했다. 공사는 삼월에 시작된다.", "euc_kr"),
    ("สภาเมืองสมมติแห่งหนึ่งอนุมัติแผนการจราจรใหม่เมื่อวันอังคาร งานจะเริ่มในเดือนมีนาคม", "cp874"),
]


@pytest.mark.parametrize(("text", "encoding"), NON_WESTERN, ids=[e for _, e in NON_WESTERN])
def test_other_legacy_encodings_are_not_mistaken_for_mixed_utf8(text, encoding):
    # Such bytes hold UTF-8-shaped sequences by accident; read as UTF-8 plus cp1252 they are gibberish.
    assert decode_text(text.encode(encoding)) == text


# --------------------------------------------------------------------------- languages


def test_dense_scripts_count_as_more_evidence_per_character():
    assert evidence_chars("  abc  ") == 3
    assert evidence_chars("市议会") == 3 * DENSE_SCRIPT_WEIGHT
    assert evidence_chars("ภาษาไทย") == 7 * DENSE_SCRIPT_WEIGHT
    assert (
        evidence_chars("ひらがなカタカナ한국어ภาษาไทยひらがなカタカナ") == MIN_CHARS
    )  # counting stops at the threshold


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=200))
def test_evidence_never_undercounts_characters(text):
    stripped = len(text.strip())
    assert (
        min(stripped, MIN_CHARS) <= evidence_chars(text) <= max(MIN_CHARS + DENSE_SCRIPT_WEIGHT, stripped * 3)
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("架空の町、緑川町の議会は火曜日、新しい交通計画を承認した。工事は三月に始まる。", "ja"),
        ("虚构城市青川市议会周二通过了一项新的交通计划。工程将于三月开始。", "zh"),
    ],
)
def test_short_cjk_article_is_reported_as_its_language(tmp_path, text, code):
    path = _write(tmp_path / f"{code}.txt", text)
    [skip] = ingest([path]).skipped
    assert skip.reason.startswith(f"text is in another language ('{code}'")


def test_pasted_cjk_on_stdin_is_reported_as_its_language():
    stdin = io.TextIOWrapper(
        io.BytesIO("虚构城市青川市议会周二通过了一项新的交通计划。工程将于三月开始。".encode())
    )
    [skip] = ingest(["-"], stdin=stdin).skipped
    assert skip.reason.startswith("text is in another language ('zh'")


def test_data_without_language_is_not_called_another_language(tmp_path):
    rows = "\n".join(f"Row {i} ok." for i in range(3000))
    assert not_english_reason(rows) == "no recognisable language (looks like data, not prose)"
    path = _write(tmp_path / "rows.txt", rows)
    assert _reasons(ingest([path])) == {str(path): "no recognisable language (looks like data, not prose)"}


# --------------------------------------------------------------------------- feeds


def _rss(items: str) -> str:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fictional Tide Post</title>{items}'


def _item(n: int) -> str:
    return f"<item><title>Story {n}</title><description>{PARAGRAPH.format(n=n * 10)}</description></item>"


def test_feed_cut_inside_an_entry_reports_that_entry_and_the_fault(tmp_path):
    feed = _rss(_item(1) + _item(2) + _item(3))
    path = _write(tmp_path / "cut.rss", feed[: feed.rindex("mayor")])
    result = ingest([path])
    assert [a.path for a in result.articles] == [f"{path}#entry-1", f"{path}#entry-2"]
    cut, fault = result.skipped
    assert (cut.path, cut.reason) == (f"{path}#entry-3", "feed entry cut off (the file ends inside it)")
    assert fault.path == str(path)
    assert fault.reason.startswith("malformed feed after entry 2 (no element found at line 1 column ")
    assert fault.reason.endswith("); later entries may be lost")


def test_atom_feed_cut_between_entries_keeps_every_entry(tmp_path):
    entries = "".join(
        f"<entry><title>Story {n}</title><id>urn:x:{n}</id><updated>2026-03-0{n}T10:00:00Z</updated>"
        f"<content>{PARAGRAPH.format(n=n)}</content></entry>"
        for n in (1, 2)
    )
    path = _write(
        tmp_path / "cut.atom", f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entries}'
    )
    result = ingest([path])
    assert len(result.articles) == 2
    [fault] = result.skipped
    assert fault.path == str(path) and fault.reason.startswith("malformed feed after entry 2 (")


def test_feed_cut_inside_its_only_entry_is_one_skip(tmp_path):
    path = _write(tmp_path / "stub.rss", _rss(_item(1))[:-40])
    [skip] = ingest([path]).skipped
    assert skip.path == str(path)
    assert skip.reason.startswith("malformed feed (no element found at line 1 column ")
    assert skip.reason.endswith("no usable entry (entry-1: feed entry cut off (the file ends inside it))")


def test_entry_made_only_of_an_undefined_entity_is_not_an_article(tmp_path):
    # An entity declared in the document type, which feedparser refuses to expand, is left as a bare reference.
    declared = '<!DOCTYPE rss [<!ENTITY wave "&#x1F30A;&other;">]>'
    feed = (
        f'<?xml version="1.0"?>{declared}<rss version="2.0"><channel><title>T</title>'
        f"<item><title>Wave</title><description>&wave;</description></item>{_item(2)}</channel></rss>"
    )
    result = ingest([_write(tmp_path / "entity.rss", feed)])
    reasons = _reasons(result)
    assert [a.path for a in result.articles] == [f"{tmp_path / 'entity.rss'}#entry-2"]
    assert reasons[f"{tmp_path / 'entity.rss'}#entry-1"].startswith(
        "feed entry text is only undefined entity"
    )
    assert reasons[str(tmp_path / "entity.rss")].startswith("malformed feed after entry 2 (undefined entity")


def test_encoding_override_alone_is_no_fault(tmp_path):
    # Declared UTF-8 but written in cp1252: feedparser notes it (bozo) and reads it right; nothing to report.
    feed = _rss(_item(1)).replace("library", "café") + "</channel></rss>"
    feed = feed.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>')
    result = ingest([_write(tmp_path / "override.rss", feed.encode("cp1252"))])
    assert result.skipped == [] and "café" in result.articles[0].body


# --------------------------------------------------------------------------- link loops


def test_link_loops_are_named_whatever_their_name(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_TEXT)
    os.symlink("loop", tmp_path / "loop")
    os.symlink("pong.json", tmp_path / "ping.json")
    os.symlink("ping.json", tmp_path / "pong.json")
    (tmp_path / "z.txt").write_text(GOOD_TEXT.replace("Monday", "Friday"))
    result = ingest([tmp_path])
    reason = "symbolic link loop (too many levels of symbolic links); not read"
    # Reported in walk order, between the files they sit between.
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(tmp_path / name), reason) for name in ("loop", "ping.json", "pong.json")
    ]
    assert _reasons(ingest([tmp_path / "loop"])) == {str(tmp_path / "loop"): reason}


# --------------------------------------------------------------------------- article length cap

LIMIT = 600


def _long_text(n_chars: int) -> str:
    paragraphs = [PARAGRAPH.format(n=n) for n in range(1 + n_chars // len(PARAGRAPH))]
    return "\n\n".join(paragraphs)


@pytest.fixture
def small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(articles, "MAX_ARTICLE_CHARS", LIMIT)


def _write_format(folder: Path, kind: str, text: str) -> tuple[Path, str]:
    """One input of the given format holding ``text``; returns (file, path shown for its article)."""
    one_line = " ".join(text.split())
    if kind == "txt":
        return _write(folder / "story.txt", text), str(folder / "story.txt")
    if kind == "md":
        return _write(folder / "story.md", "# Library\n\n" + text), str(folder / "story.md")
    if kind == "html":
        paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        page = f"<html><head><title>Library</title></head><body><article>{paragraphs}</article></body></html>"
        return _write(folder / "story.html", page), str(folder / "story.html")
    if kind == "rss":
        feed = (
            _rss(f"<item><title>Library</title><description>{one_line}</description></item>")
            + "</channel></rss>"
        )
        return _write(folder / "feed.rss", feed), f"{folder / 'feed.rss'}#entry-1"
    if kind == "jsonl":
        return _write(folder / "r.jsonl", json.dumps({"text": text}) + "\n"), f"{folder / 'r.jsonl'}#line-1"
    assert kind == "json"
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    page = f"<html><body><article>{paragraphs}</article></body></html>"
    return _write(folder / "r.json", json.dumps([{"html": page}])), f"{folder / 'r.json'}#record-1"


FORMATS = ["txt", "md", "html", "rss", "jsonl", "json"]


@pytest.mark.parametrize("kind", FORMATS)
def test_article_over_the_cap_is_skipped_in_every_format(tmp_path, small_cap, kind):
    path, shown = _write_format(tmp_path, kind, _long_text(3 * LIMIT))
    result = ingest([path])
    assert result.articles == []
    [(where, reason)] = _reasons(result).items()
    assert where == shown
    assert reason.startswith("article too long (") and reason.endswith(
        " of text > 600 characters); split it into articles"
    )


@pytest.mark.parametrize("kind", FORMATS)
def test_article_under_the_cap_is_kept_in_every_format(tmp_path, small_cap, kind):
    path, shown = _write_format(tmp_path, kind, _long_text(LIMIT // 2))
    result = ingest([path])
    assert [a.path for a in result.articles] == [shown] and result.skipped == []


def test_cap_applies_to_stdin_and_ready_made_articles(small_cap):
    stdin = io.TextIOWrapper(io.BytesIO(_long_text(2 * LIMIT).encode()))
    ready = Article(id="a1", path="given", body=_long_text(2 * LIMIT))
    result = ingest(["-", ready], stdin=stdin)
    assert result.articles == []
    assert [s.path for s in result.skipped] == ["<stdin>", "given"]
    assert all(s.reason.startswith("article too long (") for s in result.skipped)


def test_cap_boundary_is_inclusive(small_cap):
    assert articles.too_long_reason("x" * LIMIT) is None
    assert articles.too_long_reason("x" * (LIMIT + 1)) == (
        "article too long (601 characters of text > 600 characters); split it into articles"
    )


def test_default_cap_and_its_wording():
    assert articles.MAX_ARTICLE_CHARS == 300_000
    assert articles.too_long_reason("x" * 1_234_567) == (
        "article too long (1.2 MB of text > 300 kB); split it into articles"
    )
    assert (
        articles.too_long_reason("x" * 412_000)
        == "article too long (412 kB of text > 300 kB); split it into articles"
    )
    # Just over the limit both sides would round to "300 kB": exact counts instead.
    assert articles.too_long_reason("x" * 300_001) == (
        "article too long (300,001 characters of text > 300,000); split it into articles"
    )
