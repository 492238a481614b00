"""Stage: direct quotes and reported speech with their speakers.

Reads ``ParsedArticle`` and ``Briefing.entities``; writes ``Briefing.quotes``.

Direct quotes start from quotation marks matched on paragraph text
(:mod:`.quote_spans`).  Each quotation is given a *cue*, a speech verb outside
any quotation, tried in this order:

1. syntax: the quotation hangs (through its head chain) under a speech verb,
   as in ``X said his troops were "holding every position"`` or
   ``"...," X said`` when the parser links the two;
2. a *bare* attribution right after it (``"...," X said.`` / ``said X``), bare
   meaning the verb reports nothing else outside quotation marks;
3. a bare attribution right before it (``X said: "..."``), or the attribution
   of the previous quotation in the same paragraph (``"A," X said. "B"``);
4. a paragraph of pure quotation continues the previous paragraph's speaker.

Reported speech is the clausal complement (``ccomp``) of a speech verb, or the
clause an ``according to X`` phrase hangs on.  Speakers are resolved by
:mod:`.speakers`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...model import Entity, ParsedArticle, Quote, Token
from .spans import QuoteSpan, find_quote_spans, paragraphs, rebuild_body, span_text
from .speakers import ArticleView, Speaker, remember, resolve_subject

#: Lemmas of verbs that introduce a quotation.
SPEECH_LEMMAS = frozenset(
    {
        "say", "tell", "add", "post", "write", "warn", "insist", "stress", "confirm", "acknowledge", "claim",
        "deny", "announce", "state", "report", "explain", "note", "argue", "allege", "admit", "declare",
        "reply", "respond", "ask", "urge", "tweet", "comment", "predict", "promise", "vow", "caution",
        "testify", "assert", "maintain", "concede", "emphasise", "emphasize", "recall", "complain",
        "conclude", "agree", "reiterate", "suggest", "estimate", "continue",
    }
)
#: Speech verbs only when they stand next to a quotation (``X continued: "..."``);
#: as the head of a clause ("the strike would continue ...") they are not speech.
ADJACENT_ONLY_LEMMAS = frozenset({"continue"})
#: Verbs that attribute a quotation only when the quotation is inside their phrase
#: (``called the vote "a farce"``), never as a free-standing attribution.
NAMING_LEMMAS = frozenset({"call", "describe", "dub", "brand", "label", "term"})
#: Speech verbs whose clausal complement is reported speech (questions and requests are not claims).
REPORTING_LEMMAS = (
    SPEECH_LEMMAS - {"ask", "urge", "suggest", "post", "tweet", "respond", "reply"} - ADJACENT_ONLY_LEMMAS
)
#: Below this many words an unattributed quotation is a scare quote or a title, not a quote.
_MIN_UNATTRIBUTED_WORDS = 4
_MIN_REPORTED_TOKENS = 3
_SENTENCE_END = re.compile(r"[.!?]")
_CHANNEL_PREPS = frozenset({"in", "on", "via", "through", "to"})
_TIME_ENTS = frozenset({"DATE", "TIME"})


@dataclass(frozen=True)
class Cue:
    sentence: int
    token: Token

    @property
    def offset(self) -> int:
        return self.token.idx

    @property
    def key(self) -> tuple[int, int]:
        return self.sentence, self.token.i


@dataclass
class _Article:
    view: ArticleView
    text: str
    spans: list[QuoteSpan]

    def __post_init__(self) -> None:
        # Sorted bounds so that the per-token look-ups below are logarithmic: a long article has thousands of
        # tokens and hundreds of quotations, and a linear scan per token made the stage quadratic.
        ordered = sorted(self.spans, key=lambda s: s.open_at)
        self._opens = [s.open_at for s in ordered]
        self._ordered = ordered
        self._sentence_ends = [s.end for s in self.view.parsed.sentences]

    def in_quote(self, offset: int) -> bool:
        n = bisect.bisect_right(self._opens, offset) - 1
        # Quotations do not nest, but a closing mark may sit past the next opening one: look a few back.
        return any(s.contains(offset) for s in self._ordered[max(0, n - 2) : n + 1])

    def sentence_at(self, offset: int) -> int:
        n = bisect.bisect_right(self._sentence_ends, offset)
        sentences = self.view.parsed.sentences
        return sentences[min(n, len(sentences) - 1)].index


def extract_quotes(parsed: Sequence[ParsedArticle], entities: Sequence[Entity]) -> list[Quote]:
    quotes: list[Quote] = []
    for doc in parsed:
        quotes.extend(_article_quotes(doc, entities))
    return quotes


def _article_quotes(doc: ParsedArticle, entities: Sequence[Entity]) -> list[Quote]:
    if not doc.sentences:
        return []
    text = rebuild_body(doc.sentences)
    paras = paragraphs(doc.sentences)
    art = _Article(ArticleView(doc, entities), text, find_quote_spans(text, paras))
    cues = _all_cues(art)

    # (cue or None, quote without speaker yet, sort offset)
    pending: list[tuple[Cue | None, Quote, int]] = []
    span_cue: dict[int, Cue | None] = {}
    for n, span in enumerate(art.spans):
        cue = _syntactic_cue(art, span) or _trailing_cue(art, span, cues) or _leading_cue(art, span, cues, span_cue, n)
        span_cue[n] = cue
        quote_text = span_text(text, span)
        if cue is None and len(quote_text.split()) < _MIN_UNATTRIBUTED_WORDS:
            continue
        quote = Quote(speaker=None, text=quote_text, direct=True, article=doc.article,
                      sentence=art.sentence_at(span.start), cue=None)
        pending.append((cue, quote, span.open_at))
    for cue in cues:
        reported = _reported_clause(art, cue)
        if reported is not None:
            quote = Quote(speaker=None, text=reported, direct=False, article=doc.article, sentence=cue.sentence)
            pending.append((cue, quote, cue.offset))

    # Resolve speakers in reading order so pronouns see only what came before them.
    pending.sort(key=lambda item: (item[0].offset if item[0] else item[2], item[2]))
    resolved: dict[tuple[int, int], tuple[Speaker, str]] = {}
    for cue, quote, _ in pending:
        if cue is None:
            continue
        if cue.key not in resolved:
            resolved[cue.key] = (_speaker_of(art, cue), _cue_phrase(art, cue))
        speaker, phrase = resolved[cue.key]
        quote.speaker, quote.speaker_entity, quote.cue = speaker.name, speaker.entity, phrase
    _continue_pure_quotation(art, pending, span_cue)
    _join_interrupted(art, pending)
    return [quote for _, quote, _ in sorted(pending, key=lambda item: (item[1].sentence, item[2]))]


_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|St|Sen|Rep|Gov|Prof)\.")


def _join_interrupted(art: _Article, pending: list[tuple[Cue | None, Quote, int]]) -> None:
    """Join a quotation interrupted mid-sentence by its attribution: "A," said X, "b." is one quote.

    The two parts share a cue and the words between them end on a comma with no sentence end, so they are
    one sentence of speech; a new sentence after "X said." stays a quote of its own.
    """
    by_open = {item[2]: item for item in pending if item[1].direct}
    spans = {span.open_at: span for span in art.spans}
    for first_open in sorted(by_open):
        first = by_open.get(first_open)
        span = spans.get(first_open)
        if first is None or span is None or first[0] is None:
            continue
        later = [o for o in by_open if o > span.close_at and by_open[o][0] is not None]
        if not later:
            continue
        second = by_open[min(later)]
        gap = art.text[span.close_at + 1 : second[2]]
        if second[0] is None or second[0].key != first[0].key or "\n" in gap:
            continue
        if not gap.rstrip().endswith(",") or re.search(r"[.!?;:]", _ABBREVIATION.sub("", gap)):
            continue
        head, tail = first[1].text.rstrip(" ,"), second[1].text
        first[1].text = f"{head}, {tail}" if tail[:1].islower() else f"{head} {tail}"
        pending.remove(second)
        del by_open[second[2]]


# --------------------------------------------------------------------------- cues


def _is_cue_token(tok: Token) -> bool:
    if tok.lemma.casefold() in SPEECH_LEMMAS and tok.pos in {"VERB", "AUX"}:
        return True
    return _is_according(tok)


def _is_according(tok: Token) -> bool:
    return tok.text.casefold() == "according"


def _all_cues(art: _Article) -> list[Cue]:
    cues: list[Cue] = []
    for s in art.view.parsed.sentences:
        for tok in s.tokens:
            if _is_cue_token(tok) and not art.in_quote(tok.idx):
                if _is_according(tok) and not _according_object(art, s.index, tok):
                    continue
                cues.append(Cue(s.index, tok))
    return cues


def _according_object(art: _Article, sent: int, tok: Token) -> Token | None:
    for to in art.view.kids(sent, tok):
        if to.text.casefold() == "to":
            objs = [c for c in art.view.kids(sent, to) if c.dep == "pobj"]
            if objs:
                return objs[0]
    return None


def _content_children(art: _Article, sent: int, verb: Token) -> list[Token]:
    """Clausal complements of the verb that lie (mostly) outside quotation marks."""
    out = []
    for child in art.view.kids(sent, verb):
        if child.dep not in {"ccomp", "xcomp"}:
            continue
        tokens = [t for t in art.view.subtree(sent, child) if t.pos not in {"PUNCT", "SPACE"}]
        outside = [t for t in tokens if not art.in_quote(t.idx)]
        if len(outside) * 2 > len(tokens):
            out.append(child)
    return out


def _is_bare(art: _Article, cue: Cue) -> bool:
    """An attribution that reports nothing of its own outside quotation marks."""
    if _is_according(cue.token):
        head = art.view.sentence(cue.sentence).tokens[cue.token.head]
        return head.i == cue.token.i or art.in_quote(head.idx) or head.pos in {"PUNCT", "SPACE"}
    return not _content_children(art, cue.sentence, cue.token)


def _syntactic_cue(art: _Article, span: QuoteSpan) -> Cue | None:
    for s in art.view.parsed.sentences:
        if s.end <= span.open_at or s.start >= span.close_at:
            continue
        for tok in s.tokens:
            if not (span.start <= tok.idx < span.end):
                continue
            head = s.tokens[tok.head]
            if tok.head != tok.i and span.start <= head.idx < span.end:
                continue
            found = _cue_above(art, s.index, tok, span) or _cue_below(art, s.index, tok, span)
            if found is not None:
                return found
    return None


def _cue_above(art: _Article, sent: int, tok: Token, span: QuoteSpan) -> Cue | None:
    tokens = art.view.sentence(sent).tokens
    seen = {tok.i}
    cur = tok
    while cur.head != cur.i and cur.head not in seen:
        if cur.dep in {"nsubj", "nsubjpass", "csubj"}:
            # A quotation that is the subject ("“Chapter Three” explains ...") is a title, not speech.
            return None
        cur = tokens[cur.head]
        seen.add(cur.i)
        if art.in_quote(cur.idx):
            continue
        lemma = cur.lemma.casefold()
        if lemma in ADJACENT_ONLY_LEMMAS:
            continue
        if cur.pos in {"VERB", "AUX"} and (lemma in SPEECH_LEMMAS or lemma in NAMING_LEMMAS):
            return Cue(sent, cur)
    return None


def _cue_below(art: _Article, sent: int, root: Token, span: QuoteSpan) -> Cue | None:
    """The parser sometimes makes the quotation the root and the attribution its dependent."""
    for child in art.view.kids(sent, root):
        if art.in_quote(child.idx) or child.dep not in {"parataxis", "ccomp", "conj", "advcl", "prep"}:
            continue
        if _is_cue_token(child):
            cue = Cue(sent, child)
            if _is_bare(art, cue) and (not _is_according(child) or _according_object(art, sent, child)):
                return cue
    return None


def _trailing_cue(art: _Article, span: QuoteSpan, cues: Sequence[Cue]) -> Cue | None:
    para_end = _paragraph_end(art, span.close_at)
    limit = min((s.open_at for s in art.spans if s.open_at > span.close_at), default=para_end)
    for cue in cues:
        if span.close_at < cue.offset < min(limit, para_end):
            return cue if _is_bare(art, cue) else None
    return None


def _leading_cue(
    art: _Article, span: QuoteSpan, cues: Sequence[Cue], span_cue: dict[int, Cue | None], n: int
) -> Cue | None:
    para_start = _paragraph_start(art, span.open_at)
    prev = art.spans[n - 1] if n > 0 else None
    floor = max(para_start, prev.close_at if prev is not None else para_start)
    before = [c for c in cues if floor <= c.offset < span.open_at]
    if not before:
        return None
    cue = before[-1]
    gap = art.text[cue.offset : span.open_at]
    if not _SENTENCE_END.search(gap):
        return cue if _is_bare(art, cue) else None
    # Across a full stop only the split quotation continues: "A," X said. "B"
    previous_cue = span_cue.get(n - 1)
    if previous_cue is not None and previous_cue.key == cue.key:
        return cue
    return None


def _paragraph_start(art: _Article, offset: int) -> int:
    return art.text.rfind("\n", 0, offset) + 1


def _paragraph_end(art: _Article, offset: int) -> int:
    end = art.text.find("\n", offset)
    return len(art.text) if end < 0 else end


def _continue_pure_quotation(
    art: _Article, pending: list[tuple[Cue | None, Quote, int]], span_cue: dict[int, Cue | None]
) -> None:
    """A paragraph of nothing but quotation continues the previous paragraph's speaker.

    The previous paragraph may attribute a direct quote or reported speech ("X said the levee held." then
    a paragraph that is only "We were lucky."): news style gives both paragraphs to X.
    """
    by_open = {span.open_at: n for n, span in enumerate(art.spans)}
    last_speaker: Quote | None = None
    last_para_end = -1
    for cue, quote, offset in sorted(pending, key=lambda item: item[2]):
        if not quote.direct:
            if quote.speaker is not None:
                last_speaker, last_para_end = quote, _paragraph_end(art, offset)
            continue
        n = by_open.get(offset)
        span = art.spans[n] if n is not None else None
        if span is None:
            continue
        start = _paragraph_start(art, span.open_at)
        if cue is None and last_speaker is not None and _pure_quotation(art, start) and last_para_end + 1 >= start:
            quote.speaker, quote.speaker_entity, quote.cue = (
                last_speaker.speaker, last_speaker.speaker_entity, last_speaker.cue
            )
        if quote.speaker is not None:
            last_speaker = quote
        elif cue is not None:
            last_speaker = None
        last_para_end = _paragraph_end(art, span.close_at)


def _pure_quotation(art: _Article, para_start: int) -> bool:
    end = _paragraph_end(art, para_start)
    outside = [ch for i, ch in enumerate(art.text[para_start:end], para_start) if not art.in_quote(i)]
    return not any(ch.isalnum() for ch in outside)


# --------------------------------------------------------------------------- speakers and content


def _subject(art: _Article, cue: Cue) -> tuple[int, Token] | None:
    sent, verb = cue.sentence, cue.token
    tokens = art.view.sentence(sent).tokens
    if _is_according(verb):
        obj = _according_object(art, sent, verb)
        return (sent, obj) if obj is not None else None
    seen: set[int] = set()
    while verb.i not in seen:
        seen.add(verb.i)
        for child in art.view.kids(sent, verb):
            if child.dep == "nsubj" and not art.in_quote(child.idx):
                # "it" is a speaker only as the verb's own subject ("it said"), not in "it is fair to say".
                if child.text.casefold() == "it" and verb.i != cue.token.i:
                    return None
                return sent, child
            if child.dep == "agent":
                # Passive: "it was announced by the ministry"; the passive subject ("Judge X was told") listens.
                objs = [c for c in art.view.kids(sent, child) if c.dep == "pobj"]
                if objs:
                    return sent, objs[0]
        if any(c.dep == "nsubjpass" for c in art.view.kids(sent, verb)):
            return None
        if verb.dep in {"acl", "relcl"}:
            # "a spokesperson ..., posted on Telegram" / "Mr X, who said": the noun it modifies.
            return sent, tokens[verb.head]
        if verb.dep in {"conj", "xcomp", "advcl"} and verb.head != verb.i:
            verb = tokens[verb.head]
            continue
        break
    return None


def _speaker_of(art: _Article, cue: Cue) -> Speaker:
    found = _subject(art, cue)
    if found is None:
        return Speaker(None, None, None)
    sent, subj = found
    speaker = resolve_subject(art.view, sent, subj)
    remember(art.view, speaker, sent, subj)
    return speaker


def _cue_phrase(art: _Article, cue: Cue) -> str:
    if _is_according(cue.token):
        return "according to"
    sent = cue.sentence
    words = [cue.token]
    for child in art.view.kids(sent, cue.token):
        if child.i <= cue.token.i or art.in_quote(child.idx):
            continue
        if child.dep in {"dobj", "dative"} and cue.token.lemma.casefold() == "tell":
            words.extend(art.view.subtree(sent, child))
        elif child.dep == "prt":
            words.append(child)
        elif child.dep == "prep" and child.text.casefold() in _CHANNEL_PREPS:
            phrase = art.view.subtree(sent, child)
            if len(phrase) <= 4 and not any(t.ent_type in _TIME_ENTS for t in phrase):
                words.extend(phrase)
    words.sort(key=lambda t: t.i)
    return "".join(t.text + (" " if t.ws else "") for t in words).strip()


def _reported_clause(art: _Article, cue: Cue) -> str | None:
    sent, verb = cue.sentence, cue.token
    if _is_according(verb):
        return _according_clause(art, cue)
    if verb.lemma.casefold() not in REPORTING_LEMMAS:
        return None
    if verb.tag == "VB" and _subject(art, cue) is None:
        # A bare infinitive with no sayer ("it is fair to say that ...") reports nobody's speech.
        return None
    for child in _content_children(art, sent, verb):
        if child.dep != "ccomp":
            continue
        tokens = art.view.subtree(sent, child)
        if any(art.in_quote(t.idx) for t in tokens if t.pos not in {"PUNCT", "SPACE"}):
            # A clause carrying a partial quotation is reported by that direct quote.
            return None
        return _clause_text(art, tokens)
    return None


def _according_clause(art: _Article, cue: Cue) -> str | None:
    sent = cue.sentence
    tokens = art.view.sentence(sent).tokens
    if any(art.in_quote(t.idx) for t in tokens if t.pos not in {"PUNCT", "SPACE"}):
        return None
    phrase = {t.i for t in art.view.subtree(sent, cue.token)}
    return _clause_text(art, [t for t in tokens if t.i not in phrase])


def _leading_time_phrase(body: Sequence[Token]) -> int:
    """Length of a leading "on Monday" / "late on Saturday" phrase made only of a preposition and a date."""
    n = 0
    while n < len(body) and (body[n].ent_type in _TIME_ENTS or (n == 0 and body[n].dep == "prep")):
        n += 1
    has_time = any(t.ent_type in _TIME_ENTS for t in body[:n])
    # Only when a clause (with its own subject) follows; otherwise the date is the content.
    rest = body[n:]
    if has_time and rest and any(t.dep in {"nsubj", "nsubjpass", "expl"} for t in rest):
        return n
    return 0


def _clause_text(art: _Article, tokens: Sequence[Token]) -> str | None:
    body = [t for t in tokens if t.pos != "SPACE"]
    # "said on Monday they had ...": the parser may hang the time of the saying on the clause.
    lead = _leading_time_phrase(body)
    body = body[lead:]
    while body and (body[0].pos == "PUNCT" or (body[0].dep == "mark" and body[0].text.casefold() == "that")):
        body = body[1:]
    while body and body[-1].pos == "PUNCT":
        body = body[:-1]
    if len(body) < _MIN_REPORTED_TOKENS:
        return None
    pieces: list[str] = []
    for n, tok in enumerate(body):
        gap = n + 1 < len(body) and body[n + 1].i != tok.i + 1
        # Tokens removed from the middle (an "according to" phrase) leave one space, not none.
        pieces.append(tok.text + (" " if tok.ws or gap else ""))
    return " ".join("".join(pieces).split())
