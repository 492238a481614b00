"""HTML: whole pages through trafilatura, feed/JSON fragments through lxml.

trafilatura finds the main text of a page and its metadata, but on a bare
fragment (a feed entry's ``<p>``s) its boilerplate heuristics drop text, so
fragments, which hold nothing but the article, are converted to text directly.
Nothing here touches the network: trafilatura is given the markup, never a URL to fetch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import Document, set_date_params

from ..model import DroppedLine
from .articles import drop_leading_title
from .errors import IngestError
from .normalise import Metadata, normalise_authors, normalise_date, normalise_whitespace
from .safety import without_surrogates

# Elements that start a new line of text; everything else is inline.
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure"}
    | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre"}
    | {"section", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul"}
)
_INVISIBLE_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "button", "form"}
)
# Characters lxml refuses in text (XML 1.0 forbids them); real pages do not need them.
_XML_INCOMPATIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# lxml refuses a str that starts with an encoding declaration; the text is decoded already, so it says nothing.
_XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass
class ExtractedPage:
    body: str
    meta: Metadata
    dropped: list[DroppedLine]


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def extract_page(markup: str) -> ExtractedPage:
    """Main text and metadata of one HTML page; raises when the page holds no article text."""
    try:
        doc = trafilatura.bare_extraction(
            _XML_DECLARATION.sub("", _XML_INCOMPATIBLE.sub("", without_surrogates(markup))),
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=set_date_params(extensive=False),
        )
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:
        raise IngestError(f"cannot parse HTML ({exc})") from exc
    if not isinstance(doc, Document) or not doc.text or not doc.text.strip():
        raise IngestError("no article text found in HTML")
    meta = Metadata(
        title=" ".join(doc.title.split()) if doc.title else None,
        outlet=doc.sitename or (doc.hostname.removeprefix("www.") if doc.hostname else None),
        authors=normalise_authors(doc.author),
        published=normalise_date(doc.date),
        url=doc.url,
    )
    body, dropped = drop_leading_title(normalise_whitespace(doc.text), meta.title)
    return ExtractedPage(body=body, meta=meta, dropped=dropped)


def _append_text(element: lxml.etree._Element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""  # comments and PIs have no string tag
    if tag and tag.lower() not in _INVISIBLE_TAGS:
        block = tag.lower() in _BLOCK_TAGS
        if block:
            out.append("\n")
        if element.text:
            out.append(element.text)
        for child in element:
            _append_text(child, out)
        if block:
            out.append("\n")
    if element.tail:
        out.append(element.tail)


def fragment_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment, one block (paragraph, list item, heading) per line."""
    # lxml refuses a lone surrogate (from a JSON escape or a feed's character reference) with an error.
    cleaned = _XML_DECLARATION.sub("", _XML_INCOMPATIBLE.sub("", without_surrogates(fragment)))
    if not cleaned.strip():
        return ""
    try:
        # A whole-document parse: libxml2 wraps a fragment in <html><body> itself and, unlike
        # fragment_fromstring, copes with fragments that carry their own <html>/<body> tags.
        root = lxml.html.document_fromstring(cleaned)
    except lxml.etree.ParserError:
        return ""  # "Document is empty": markup with no elements or text at all
    except (ValueError, lxml.etree.LxmlError) as exc:
        raise IngestError(f"cannot parse HTML ({exc})") from exc
    out: list[str] = []
    _append_text(root, out)
    return normalise_whitespace("".join(out))
