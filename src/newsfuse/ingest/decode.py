"""Reading an input's bytes and turning them into text (or a reason why not).

Encoding detection order: a byte-order mark, then strict UTF-8 (by far the most
common and almost never valid by accident for other encodings), then the page's
declared charset or charset-normalizer for the rest (cp1252, latin-1, BOM-less
UTF-16 ...).  Two corrections to plain detection:

* Western single-byte text is ambiguous between cp1250, cp1252 and their cousins
  (the accented letters sit at the same bytes); charset-normalizer often ranks
  cp1250 first, giving "cręperie" for "crêperie", and reads a lone accented letter
  in English text as a CJK double-byte character.  Western news is far more often
  cp1252, so cp1252 wins whenever its reading passes the detector's own bar for
  text (mess ratio under 0.2) or reads no worse than the first match.  Text in
  other scripts read as cp1252 is a soup of accented capitals, far above the bar.
* A file pieced together from UTF-8 and cp1252 parts (a paragraph pasted from an
  old page) is not valid UTF-8, yet decoding it whole as a code page garbles its
  UTF-8 parts.  When it holds valid UTF-8 multi-byte sequences, it is decoded as
  UTF-8 with each invalid byte run read as cp1252, provided that the result reads
  as text by charset-normalizer's mess measure (Shift-JIS or cp1251 text holds
  such sequences by accident, and reads as gibberish this way).

"Reads as text" means: under charset-normalizer's own bar (mess ratio 0.2), or no
messier than the declared or detected reading.
"""

from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

import charset_normalizer
from charset_normalizer.md import mess_ratio

from .errors import IngestError
from .safety import safe_text

#: Largest input file read, in bytes (20 MB).  A news article is a few tens of
#: kilobytes and even a large feed a few megabytes; anything bigger is almost
#: certainly the wrong file, and reading it whole would cost memory for nothing.
MAX_FILE_BYTES = 20 * 1024 * 1024

# Share of decoded characters that must be printable for the input to count as
# text.  Real text in any script is > 99 % printable; a binary blob that a
# single-byte code page happens to decode is full of control characters.
_MIN_PRINTABLE_RATIO = 0.95
# Share of characters that may be U+FFFD in a text read as UTF-8 with replacement (see _utf8_with_replacement).
# Binary data read so is about half replacement characters (and fails the printable check besides);
# a feed whose one bad entry holds a run of broken sequences is far below.
_MAX_REPLACED_RATIO = 0.25
#: NUL characters a text may hold before it counts as binary whatever its length (see ``_looks_binary``).
_STRAY_NULS = 2

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: The code page assumed for bytes that are not UTF-8 in a file that otherwise is.
_FALLBACK_CODEPAGE = "cp1252"
_UTF8_WITH_CODEPAGE_RUNS = "newsfuse-utf8-cp1252-runs"
# charset-normalizer's default bar: a decoding whose mess ratio reaches it is not taken for text.
_MAX_MESS = 0.2
# One well-formed UTF-8 multi-byte sequence (RFC 3629 table: no overlong forms, surrogates or values > U+10FFFF).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def _codepage_run(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes UTF-8 rejected as cp1252 and go on after them.

    The five bytes cp1252 leaves undefined become U+FFFD, visible in the text rather than dropped.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode(_FALLBACK_CODEPAGE, errors="replace"), error.end


codecs.register_error(_UTF8_WITH_CODEPAGE_RUNS, _codepage_run)


def describe_size(n_bytes: int) -> str:
    """``12.3 MB`` for large sizes, a byte count below one megabyte (so small limits read sensibly)."""
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{n_bytes} bytes"


def check_size(n_bytes: int) -> None:
    if n_bytes > MAX_FILE_BYTES:
        raise IngestError(f"file too large ({describe_size(n_bytes)} > {describe_size(MAX_FILE_BYTES)})")


def check_read_size(data: bytes) -> None:
    """For data read with a cap of ``MAX_FILE_BYTES + 1``: its true size is unknown, only that it is over."""
    if len(data) > MAX_FILE_BYTES:
        raise IngestError(f"file too large (over {describe_size(MAX_FILE_BYTES)})")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, after checking its size on disk so that a huge file is never read whole.

    Only regular files are read: a named pipe would block until some writer came, and a
    device such as /dev/zero (or a ``story.txt`` link to it) never ends.
    """
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise IngestError("cannot read file: it is a directory")
        if not stat.S_ISREG(status.st_mode):
            raise IngestError("not a regular file (named pipe, socket or device); not read")
        check_size(status.st_size)
        with path.open("rb") as handle:
            # One byte over the limit is enough to tell that the file grew past it since stat().
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise IngestError("cannot read file: no such file or directory") from exc
    except PermissionError as exc:
        raise IngestError("cannot read file: permission denied") from exc
    except IsADirectoryError as exc:
        raise IngestError("cannot read file: it is a directory") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    check_read_size(data)  # the file may have grown since stat()
    return data


def _is_text_char(char: str) -> bool:
    """Anything but a control character (other than whitespace) or a lone surrogate: what text is made of.

    ``str.isprintable`` calls every space but the ASCII one unprintable, which made English spaced
    with no-break, ideographic or zero-width spaces "binary"; it also refuses private-use characters
    and those newer than Python's Unicode tables (a recent emoji).  Binary data decoded as a code
    page is told by its control characters, which no text holds in number.
    """
    if char.isprintable() or char.isspace():
        return True
    return unicodedata.category(char) not in ("Cc", "Cs")


def _many_nuls(text: str) -> bool:
    return text.count("\x00") > max(_STRAY_NULS, len(text) // 1000)


def _looks_binary(text: str) -> bool:
    # NULs mark binary data (and UTF-16 read as a single-byte code), but a stray one or two in a
    # long text are a copying accident: they are stripped later, and the rest of the text is kept.
    if _many_nuls(text):
        return True
    printable = sum(1 for ch in text if _is_text_char(ch))
    return printable < _MIN_PRINTABLE_RATIO * len(text)


def _utf8_with_codepage_runs(data: bytes) -> str | None:
    """The text read as UTF-8 with its invalid byte runs as cp1252, when the data holds UTF-8 at all."""
    if b"\x00" in data or not _UTF8_MULTIBYTE.search(data):
        return None
    return data.decode("utf-8", errors=_UTF8_WITH_CODEPAGE_RUNS)


def _mess(text: str) -> float:
    # A threshold of 1.0 makes mess_ratio measure the whole text instead of stopping at its default 0.2.
    return float(mess_ratio(text, maximum_threshold=1.0))


def _prefer(candidate: str, alternative: Callable[[], str]) -> str:
    """``candidate`` when it passes charset-normalizer's bar for text or reads no worse than the alternative.

    The bar alone would misjudge short texts, on which the measure wavers ("déjà déjà" scores above
    it); the comparison alone would let a detector's nonsense reading of a short text win.  The
    alternative is only computed when the bar is not met.
    """
    mess = _mess(candidate)
    if mess < _MAX_MESS:
        return candidate
    other = alternative()
    return candidate if mess <= _mess(other) else other


def _detected(data: bytes) -> str:
    """charset-normalizer's reading of the data, or cp1252's when that reads as text.

    cp1252 is not always among the detector's matches (a lone accented letter in English text
    can come back as Big5 or GB18030), so it is tried directly and measured the same way.
    """
    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return _utf8_with_replacement(data)
    first = str(matches[0])
    if b"\x00" in data:
        return first  # no text in a single-byte code page holds NULs; UTF-16 does
    try:
        western = data.decode(_FALLBACK_CODEPAGE)
    except UnicodeDecodeError:
        return first  # bytes cp1252 leaves undefined: not cp1252
    return first if western == first else _prefer(western, lambda: first)


def _utf8_with_replacement(data: bytes) -> str:
    """The data as UTF-8 with U+FFFD for what is not, when the detector finds no reading at all.

    Text with a few broken sequences (a lone surrogate written out, a cut multi-byte character)
    and a control character or two can leave charset-normalizer without a single candidate; it is
    still text.  Binary data read this way is mostly replacement characters, and is refused.
    """
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > _MAX_REPLACED_RATIO * len(text):
        raise IngestError("binary file, not text")
    return text


def _detect(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    f"binary file, not text (broken {encoding} after its byte-order mark)"
                ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # UTF-8 with some code-page bytes: unless that reads as a mess (then the bytes were another
        # encoding's), it wins over a declared charset or a detector, which would garble its UTF-8 parts.
        mixed = _utf8_with_codepage_runs(data)
    else:
        # BOM-less UTF-16 of ASCII text is valid UTF-8 full of NULs: let the detector look at it.
        if not _many_nuls(text):
            return text
        mixed = None
    if mixed is not None:
        return _prefer(mixed, lambda: _declared_or_detected(data, declared))
    return _declared_or_detected(data, declared)


def _declared_or_detected(data: bytes, declared: str | None) -> str:
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common on the web: fall back to detection
    return _detected(data)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode an input's bytes; reject binary and empty inputs with the reason users see.

    ``declared`` is the encoding the document names for itself (an HTML ``<meta charset>``),
    tried after a BOM and UTF-8 and before statistical detection.
    """
    if not data.strip():
        raise IngestError("empty file")
    text = _detect(data, declared)
    if _looks_binary(text):
        raise IngestError("binary file, not text")
    text = safe_text(text)
    if not text.strip():
        raise IngestError("empty file")
    return text
