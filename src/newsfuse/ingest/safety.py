"""Making text safe at the door: every string that enters an ``Article`` or a skip passes through here.

Three kinds of string reach ingestion that would break something later:

* lone surrogates (``"\\ud800"`` from a JSON or YAML escape, ``\\udcff`` that Python uses for a file
  name byte that is not UTF-8): they cannot be encoded, so the briefing would fail to serialise at
  the very end and take every other input with it;
* control characters (``ESC ] 0; ... BEL`` retitles a terminal, ``ESC [2J`` clears it): no news text
  needs them, and they would reach terminals and reports;
* invisible spacing (zero-width spaces, a byte-order mark in the middle of a text) that splits or
  glues words unpredictably for the later stages.

Text keeps its line breaks and tabs (paragraphs are lines); one-line values (titles, names, URLs,
skip reasons) have every run of whitespace collapsed to one space.  File names are shown, not
cleaned: a byte that is not UTF-8 appears as ``\\xff`` and a newline as ``\\n``, so the user can
still tell which file is meant.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

# Line breaks other than \n (CR LF, CR, form feed, vertical tab, NEL, line/paragraph separators).
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x1c-\x1e\x85\u2028\u2029]")
# Terminal escape sequences as a whole (CSI "ESC [ ... final", OSC "ESC ] ... BEL or ESC \\", and
# two-character escapes): removing only the ESC would leave "]0;title" or "[2J" in the text.
_ESCAPE_SEQUENCES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]{0,256}(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")
# C0 and C1 control characters and DEL, except the tab and newline that text needs.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that carry nothing in news text: byte-order mark / zero-width no-break
# space, word joiner, soft hyphen.  (Zero-width joiners stay: emoji and Persian need them.)
_INVISIBLE = re.compile(r"[\ufeff\u2060\u00ad]")
_ZERO_WIDTH_SPACE = "\u200b"
# For display: any control character, or a character of the separator/format classes a terminal
# may act on; shown as an escape instead.
_SHOWN_AS_ESCAPE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates removed; a valid surrogate pair becomes the character it encodes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # UTF-16 has a meaning for surrogate pairs: round-tripping through it joins the pairs and
        # drops what is left over (the lone halves), which UTF-8 cannot represent at all.
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return text


def _zero_width_spaces(text: str) -> str:
    """A zero-width space is a space where the text uses it in place of spaces, else nothing.

    Text typed with zero-width spaces between its words would otherwise read as one long word;
    an odd one inside ordinary text (a line-break hint) only hides a word boundary from matching.
    """
    count = text.count(_ZERO_WIDTH_SPACE)
    if not count:
        return text
    replacement = " " if count > text.count(" ") else ""
    return text.replace(_ZERO_WIDTH_SPACE, replacement)


def safe_text(text: str) -> str:
    """Text with lines: no lone surrogates, no control characters but ``\\n`` and ``\\t``, NFC."""
    text = without_surrogates(text)
    text = _LINE_BREAKS.sub("\n", text)
    if "\x1b" in text:
        text = _ESCAPE_SEQUENCES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _zero_width_spaces(text)
    return unicodedata.normalize("NFC", text)


def safe_line(text: str) -> str:
    """A one-line value (title, name, URL, reason): :func:`safe_text` with whitespace runs as one space."""
    return " ".join(safe_text(text).split())


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` for one line of a terminal or report: control characters shown as ``\\n``, ``\\x1b`` ...

    Lone surrogates (a file name byte that is not UTF-8) are shown as ``\\xff`` / ``\\ud800``.
    """
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        text = "".join(
            f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF
            else f"\\u{ord(ch):04x}" if 0xD800 <= ord(ch) <= 0xDFFF else ch
            for ch in without_surrogate_pairs(text)
        )
    return _SHOWN_AS_ESCAPE.sub(_escape_char, text)


def without_surrogate_pairs(text: str) -> str:
    """Valid surrogate pairs joined into their character; lone halves left for the caller to show."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def reason_line(text: str) -> str:
    """A skip reason or message quoting an input: one line, control characters shown, encodable."""
    return safe_line(escape_controls(text))


def display_path(path: str | Path) -> str:
    """How an input's path is shown (in ``Article.path``, skips and reports): readable, one line, encodable.

    ``os.fsdecode`` turns a file name byte that is not UTF-8 into a lone surrogate; it is shown as
    ``\\xff``, and control characters (a newline in a file name) as escapes.
    """
    return escape_controls(os.fspath(path))
