"""Rebuild the attribution set's JSON files from annotations.txt and the MEANTIME CoNLL file.

Usage: python tests/data/attributions/build_set.py [path/to/meantime.conll]
(default: ../shared/eval-data/meantime-en/meantime.conll, seen from the repository root).
The JSON files are committed, so tests never need the CoNLL file; this script documents how they were made.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CONLL = HERE.parents[2] / ".." / "shared" / "eval-data" / "meantime-en" / "meantime.conll"
_NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}”’]|'s|'S|'|n't|'re|'ve|'ll|'d|'m|\.\.\.)$")
_NO_SPACE_AFTER = frozenset({"“", "(", "[", "$", "‘"})


def read_conll(path: Path) -> dict[str, list[list[str]]]:
    docs: dict[str, dict[int, list[str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        doc, sent, _, token = line.split("\t")[:4]
        docs.setdefault(doc, {}).setdefault(int(sent), []).append(token)
    return {doc: [sents[k] for k in sorted(sents)] for doc, sents in docs.items()}


def detokenise(tokens: list[str]) -> str:
    """Tokens back to text; PTB quotes become curly quotes (a leading '' opens a continued quotation)."""
    out = ""
    quote_open = False
    prev: str | None = None
    for n, tok in enumerate(tokens):
        if tok == "``":
            tok = "“"
        elif tok == "''":
            tok = "“" if (not quote_open and n == 0 and len(tokens) > 1) else "”"
        elif tok == '"':
            tok = "”" if quote_open else "“"
        if tok == "“":
            quote_open = True
        if tok == "”":
            quote_open = False
        space = bool(out) and not _NO_SPACE_BEFORE.match(tok) and prev not in _NO_SPACE_AFTER
        space = space and not (prev is not None and prev.endswith("$"))
        out += (" " if space else "") + tok
        prev = tok
    out = re.sub(r"(\w)' (ll|s|re|ve|d|m)\b", r"\1'\2", out)
    return re.sub(r"’ s\b", "’s", out)


def paragraphs(sentences: list[str]) -> list[str]:
    """One paragraph per sentence, except that an open quotation carries on into the next sentence."""
    paras: list[str] = []
    current: list[str] = []
    depth = 0
    for s in sentences:
        current.append(s)
        depth += s.count("“") - s.count("”")
        if depth <= 0:
            paras.append(" ".join(current))
            current, depth = [], 0
    if current:
        paras.append(" ".join(current))
    return paras


def locate(body: str, pattern: str, near: int | None = None) -> tuple[int, int] | None:
    """Offsets of ``pattern`` in ``body``: ``A ~ B`` runs from A to the next B, ``A ~~`` to the closing mark."""
    pattern = pattern.strip()
    head, tail = pattern, None
    if pattern.endswith("~~"):
        head = pattern[:-2].strip()
    elif " ~ " in pattern:
        head, tail = pattern.split(" ~ ", 1)
    starts = [m.start() for m in re.finditer(re.escape(head), body)]
    if not starts:
        return None
    start = min(starts, key=lambda x: abs(x - near)) if near is not None else starts[0]
    if pattern.endswith("~~"):
        return start, body.find("”", start + len(head))
    if tail is not None:
        end = body.find(tail, start + len(head))
        return None if end < 0 else (start, end + len(tail))
    return start, start + len(head)


def split_of(doc: str) -> str:
    return "heldout" if int(hashlib.md5(doc.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def build(conll: Path) -> None:
    docs = read_conll(conll)
    by_doc: dict[str, list[list[str]]] = {}
    for n, line in enumerate((HERE / "annotations.txt").read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split("|")
        if len(fields) != 6:
            raise SystemExit(f"annotations.txt:{n}: expected 6 fields")
        by_doc.setdefault(fields[0], []).append(fields[1:] + [str(n)])
    for doc, rows in by_doc.items():
        key = "corpus_" + doc
        sentences = [detokenise(t) for t in docs[key]]
        paras = paragraphs(sentences[2:])
        body = "\n".join(paras)
        attributions = []
        for kind, source, cue, content, speaker, line_no in rows:
            found = locate(body, content)
            if found is None:
                raise SystemExit(f"annotations.txt:{line_no}: content not found")
            start, end = found
            trailing = ' ,.”"' if kind == "direct" else " ,."
            leading = ' “"' if kind == "direct" else " "
            while end > start and body[end - 1] in trailing:
                end -= 1
            while start < end and body[start] in leading:
                start += 1
            item: dict[str, object] = {"kind": kind, "content": [start, end], "content_text": body[start:end]}
            for name, pattern in (("source", source), ("cue", cue)):
                span = locate(body, pattern, near=start) if pattern.strip() else None
                if pattern.strip() and span is None:
                    raise SystemExit(f"annotations.txt:{line_no}: {name} not found")
                item[name] = list(span) if span else None
                item[name + "_text"] = body[span[0] : span[1]] if span else None
            item["speaker"] = [s.strip() for s in speaker.split(";") if s.strip()] or None
            attributions.append(item)
        attributions.sort(key=lambda a: a["content"][0])  # type: ignore[index]
        record = {"id": doc.replace("/", "-"), "meantime_doc": key, "split": split_of(key), "title": sentences[0],
                  "date": sentences[1], "paragraphs": paras, "attributions": attributions}
        text = json.dumps(record, ensure_ascii=False, indent=1)
        (HERE / f"{record['id']}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CONLL)
