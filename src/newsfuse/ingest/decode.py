"""Reading an input's bytes and turning them into text (or a reason why not).

Encoding detection order: a byte-order mark, then strict UTF-8 (by far the most
common and almost never valid by accident for other encodings), then
charset-normalizer for the rest (cp1252, latin-1, BOM-less UTF-16 ...).
"""

from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer

from .errors import IngestError

#: Largest input file read, in bytes (20 MB).  A news article is a few tens of
#: kilobytes and even a large feed a few megabytes; anything bigger is almost
#: certainly the wrong file, and reading it whole would cost memory for nothing.
MAX_FILE_BYTES = 20 * 1024 * 1024

# Share of decoded characters that must be printable for the input to count as
# text.  Real text in any script is > 99 % printable; a binary blob that a
# single-byte code page happens to decode is full of control characters.
_MIN_PRINTABLE_RATIO = 0.95

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def describe_size(n_bytes: int) -> str:
    """``12.3 MB`` for large sizes, a byte count below one megabyte (so small limits read sensibly)."""
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{n_bytes} bytes"


def check_size(n_bytes: int) -> None:
    if n_bytes > MAX_FILE_BYTES:
        raise IngestError(f"file too large ({describe_size(n_bytes)} > {describe_size(MAX_FILE_BYTES)})")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, after checking its size on disk so that a huge file is never read whole."""
    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise IngestError(f"cannot read file: no such file or directory ({exc.filename})") from exc
    except PermissionError as exc:
        raise IngestError("cannot read file: permission denied") from exc
    except IsADirectoryError as exc:
        raise IngestError("cannot read file: it is a directory") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    check_size(len(data))  # the file may have grown since stat()
    return data


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t\f\v")
    return printable < _MIN_PRINTABLE_RATIO * len(text)


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
        pass
    else:
        # BOM-less UTF-16 of ASCII text is valid UTF-8 full of NULs: let the detector look at it.
        if "\x00" not in text:
            return text
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common on the web: fall back to detection
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise IngestError("binary file, not text")
    return str(best)


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
    if not text.strip():
        raise IngestError("empty file")
    return text
