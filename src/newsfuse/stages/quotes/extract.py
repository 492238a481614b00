"""Stage: who said what — direct quotes, partial quotes and reported speech with their speakers.

Reads ``ParsedArticle`` and ``Briefing.entities``; writes ``Briefing.quotes``.

Each attribution is a source, a cue and a content (:mod:`.cues`, :mod:`.content`):

* reported speech (``kind="indirect"``) is the whole clause a cue reports: "X said (that) ...", "..., X said",
  "according to X, ...", "X's claim that ...";
* a reported clause holding a quotation is one attribution (``kind="partial"``): its content is the whole
  clause, and the quotation inside keeps the clause's speaker;
* a direct quote (``kind="direct"``) starts from quotation marks matched on paragraph text (:mod:`.spans`) and
  takes its cue, a speech verb outside any quotation, in this order:

  1. syntax: the quotation hangs (through its head chain) under a speech or naming verb;
  2. a *bare* attribution right after it (``"...," X said.`` / ``said X``), bare meaning the verb reports nothing
     else outside quotation marks, or a short attribution paragraph of its own right after it;
  3. a bare attribution right before it (``X said: "..."``), or the attribution of the previous quotation in
     the same paragraph (``"A," X said. "B"``);
  4. a paragraph of pure quotation continues the previous paragraph's speaker.

Speakers are resolved by :mod:`.speakers` to canonical entities where there is one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Entity, ParsedArticle, Quote, Token
from .article import QuoteArticle
from .content import reported_clauses
from .cues import (
    Cue,
    according_object,
    all_cues,
    cue_above,
    cue_phrase,
    document_owner,
    is_according,
    is_bare,
    is_cue_token,
    lemma,
    negated,
    passive_without_agent,
    subject_of,
)
from .lexicon import NAMING_LEMMAS
from .spans import QuoteSpan, find_quote_spans, paragraphs, rebuild_body, span_text
from .speakers import ArticleView, EntityIndex, Speaker, remember, resolve_subject

#: Below this many words an unattributed quotation is a scare quote or a title, not a quote.
_MIN_UNATTRIBUTED_WORDS = 4
#: A paragraph this short after a quotation, holding only a bare cue ("said Jane Doe, the mayor."), attributes it.
_ATTRIBUTION_PARAGRAPH_WORDS = 14
_SENTENCE_END = re.compile(r"[.!?]")
_SMALL_WORDS = frozenset({"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with"})

#: (cue or None, quote, sort offset): a quote waiting for its speaker.
Pending = tuple[Cue | None, Quote, int]


def extract_quotes(parsed: Sequence[ParsedArticle], entities: Sequence[Entity]) -> list[Quote]:
    quotes: list[Quote] = []
    index = EntityIndex.build(entities)
    acronyms = _organisations_by_initials(entities)
    for doc in parsed:
        quotes.extend(_article_quotes(doc, entities, index, acronyms.get(doc.article, {})))
    return quotes


def _article_quotes(
    doc: ParsedArticle, entities: Sequence[Entity], index: EntityIndex, acronyms: dict[str, Entity]
) -> list[Quote]:
    if not doc.sentences:
        return []
    text = rebuild_body(doc.sentences)
    paras = paragraphs(doc.sentences)
    art = QuoteArticle(ArticleView(doc, entities, index), text, find_quote_spans(text, paras))
    cues = all_cues(art)
    speech_cues = [c for c in cues if c.speech and not passive_without_agent(art, c.sentence, c.token)]
    reported = reported_clauses(art, cues)
    partial_ranges = [(r.start, r.end, r.cue) for r in reported if r.kind == "partial"]

    pending: list[Pending] = []
    owners: dict[int, Token] = {}  # id(quote) -> the noun of a noun cue, whose owner is the source
    span_cue: dict[int, Cue | None] = {}
    for n, span in enumerate(art.spans):
        holder = next((c for a, b, c in partial_ranges if a <= span.open_at and span.close_at < b), None)
        if holder is not None:
            # A partial quotation: the reported clause around it carries it, with its speaker.
            span_cue[n] = holder
            continue
        cue = (
            _syntactic_cue(art, span)
            or _trailing_cue(art, span, speech_cues)
            or _leading_cue(art, span, speech_cues, span_cue, n)
        )
        span_cue[n] = cue
        quote_text = span_text(text, span)
        if cue is None and (len(quote_text.split()) < _MIN_UNATTRIBUTED_WORDS or _title_like(quote_text)):
            continue
        quote = Quote(speaker=None, text=quote_text, direct=True, article=doc.article,
                      sentence=art.sentence_at(span.start), cue=None, kind="direct")
        pending.append((cue, quote, span.open_at))
    used = {c.key for c, _, _ in pending if c is not None}
    for r in reported:
        quote = Quote(speaker=None, text=r.text, direct=False, article=doc.article, sentence=r.cue.sentence,
                      kind=r.kind)
        if r.source_token is not None:
            owners[id(quote)] = r.source_token
        pending.append((r.cue, quote, r.start))
        used.add(r.cue.key)
    # Speech without content of its own ("X commented on the falls.") still names who speaks next.
    events = [
        (c, Quote(speaker=None, text="", direct=False, article=doc.article, sentence=c.sentence), c.offset)
        for c in speech_cues if c.key not in used and not is_according(c.token) and lemma(c.token) not in NAMING_LEMMAS
    ]
    pending.extend(events)

    # Resolve speakers in reading order so pronouns see only what came before them.
    pending.sort(key=lambda item: (item[0].offset if item[0] else item[2], item[2]))
    resolved: dict[tuple[int, int], tuple[Speaker, str]] = {}
    for cue, quote, _ in pending:
        if cue is None:
            continue
        owner = owners.get(id(quote))
        if cue.key not in resolved:
            speaker = _noun_cue_speaker(art, cue, owner) if owner is not None else _speaker_of(art, cue)
            phrase = owner.text if owner is not None else cue_phrase(art, cue)
            resolved[cue.key] = (speaker, phrase)
        speaker, phrase = resolved[cue.key]
        quote.speaker, quote.speaker_entity, quote.cue = speaker.name, speaker.entity, phrase
    _expand_acronyms(acronyms, [q for _, q, _ in pending])
    _continue_pure_quotation(art, pending, span_cue)
    event_ids = {id(q) for _, q, _ in events}
    pending = [item for item in pending if id(item[1]) not in event_ids]
    _join_interrupted(art, pending)
    return [quote for _, quote, _ in sorted(pending, key=lambda item: (item[1].sentence, item[2]))]


def _organisations_by_initials(entities: Sequence[Entity]) -> dict[str, dict[str, Entity]]:
    """Per article, the organisations it names by their initials ("GM" -> General Motors)."""
    found: dict[str, dict[str, Entity]] = {}
    for e in entities:
        words = [w for w in e.name.split() if w[:1].isupper()]
        if e.type != "org" or len(words) < 2:
            continue
        initials = "".join(w[0] for w in words)
        for article in {m.article for m in e.mentions}:
            found.setdefault(article, {}).setdefault(initials, e)
    return found


def _expand_acronyms(by_initials: dict[str, Entity], quotes: Sequence[Quote]) -> None:
    """One speaker per organisation: "GM" is General Motors when the article names General Motors."""
    for q in quotes:
        name = (q.speaker or "").replace(".", "")
        if re.fullmatch(r"[A-Z]{2,6}", name) and name in by_initials:
            q.speaker, q.speaker_entity = by_initials[name].name, by_initials[name].id


def _title_like(text: str) -> bool:
    """ "Back to the Mac": every word capitalised (small words aside) names a title or an event, not speech."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    content = [w for w in words if w.casefold() not in _SMALL_WORDS]
    return bool(content) and len(words) <= 6 and all(w[:1].isupper() for w in content)


_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|St|Sen|Rep|Gov|Prof)\.")


def _join_interrupted(art: QuoteArticle, pending: list[Pending]) -> None:
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
        if not (tail[:1].islower() or tail.startswith("I ")):
            continue  # '"A," X said, "New sentence."': a new sentence is a quote of its own
        first[1].text = f"{head}, {tail}" if tail[:1].islower() else f"{head} {tail}"
        pending.remove(second)
        del by_open[second[2]]


# --------------------------------------------------------------------------- cues of direct quotes


def _syntactic_cue(art: QuoteArticle, span: QuoteSpan) -> Cue | None:
    for s in art.view.parsed.sentences:
        if s.end <= span.open_at or s.start >= span.close_at:
            continue
        for tok in s.tokens:
            if not (span.start <= tok.idx < span.end):
                continue
            head = s.tokens[tok.head]
            if tok.head != tok.i and span.start <= head.idx < span.end:
                continue
            found = cue_above(art, s.index, tok) or _cue_below(art, s.index, tok)
            if found is not None:
                return found
    return None


def _cue_below(art: QuoteArticle, sent: int, root: Token) -> Cue | None:
    """The parser sometimes makes the quotation the root and the attribution its dependent."""
    for child in art.view.kids(sent, root):
        if art.quoted(child) or child.dep not in {"parataxis", "ccomp", "conj", "advcl", "prep"}:
            continue
        if is_cue_token(child) and not negated(art, sent, child):
            cue = Cue(sent, child)
            if is_bare(art, cue) and (not is_according(child) or according_object(art, sent, child)):
                return cue
    return None


def _subject_holds(art: QuoteArticle, cue: Cue, span: QuoteSpan) -> bool:
    """The quotation sits inside the cue's subject ("the text “...” states"): it is a title there, not speech."""
    for child in art.view.kids(cue.sentence, cue.token):
        if child.dep in {"nsubj", "nsubjpass"}:
            tokens = art.view.subtree(cue.sentence, child)
            if tokens and tokens[0].idx <= span.open_at and span.close_at < tokens[-1].idx + len(tokens[-1].text):
                return True
    return False


def _trailing_cue(art: QuoteArticle, span: QuoteSpan, cues: Sequence[Cue]) -> Cue | None:
    para_end = art.paragraph_end(span.close_at)
    limit = min((s.open_at for s in art.spans if s.open_at > span.close_at), default=para_end)
    for cue in cues:
        if span.close_at < cue.offset < min(limit, para_end):
            return cue if is_bare(art, cue) and not _subject_holds(art, cue, span) else None
    return _next_paragraph_cue(art, span, cues, para_end)


def _next_paragraph_cue(art: QuoteArticle, span: QuoteSpan, cues: Sequence[Cue], para_end: int) -> Cue | None:
    """ "“... collapse.”" then a paragraph "said Jane Doe, the mayor.": a short paragraph that only attributes."""
    if art.text[span.close_at + 1 : para_end].strip(" .,\u201d\"") or para_end >= len(art.text):
        return None
    start = para_end + 1
    end = art.paragraph_end(start)
    if any(start <= s.open_at < end for s in art.spans):
        return None
    if len(art.text[start:end].split()) > _ATTRIBUTION_PARAGRAPH_WORDS:
        return None
    for cue in cues:
        if start <= cue.offset < end:
            return cue if is_bare(art, cue) and subject_of(art, cue) is not None else None
    return None


def _leading_cue(
    art: QuoteArticle, span: QuoteSpan, cues: Sequence[Cue], span_cue: dict[int, Cue | None], n: int
) -> Cue | None:
    para_start = art.paragraph_start(span.open_at)
    prev = art.spans[n - 1] if n > 0 else None
    floor = max(para_start, prev.close_at if prev is not None else para_start)
    before = [c for c in cues if floor <= c.offset < span.open_at]
    if not before:
        return None
    cue = before[-1]
    gap = art.text[cue.offset : span.open_at]
    if not _SENTENCE_END.search(gap):
        return cue if is_bare(art, cue) else None
    # Across a full stop only the split quotation continues: "A," X said. "B"
    previous_cue = span_cue.get(n - 1)
    if previous_cue is not None and previous_cue.key == cue.key:
        return cue
    return None


def _continue_pure_quotation(art: QuoteArticle, pending: list[Pending], span_cue: dict[int, Cue | None]) -> None:
    """A paragraph of nothing but quotation continues the previous paragraph's speaker.

    The previous paragraph may attribute a direct quote or reported speech ("X said the levee held." then
    a paragraph that is only "We were lucky."), or only say that someone spoke ("X commented on the falls."):
    news style gives the quotation paragraph to X.
    """
    by_open = {span.open_at: n for n, span in enumerate(art.spans)}
    last_speaker: Quote | None = None
    last_para_end = -1
    for cue, quote, offset in sorted(pending, key=lambda item: item[2]):
        if not quote.direct:
            if quote.speaker is not None:
                last_speaker, last_para_end = quote, art.paragraph_end(offset)
            continue
        n = by_open.get(offset)
        span = art.spans[n] if n is not None else None
        if span is None:
            continue
        start = art.paragraph_start(span.open_at)
        if cue is None and last_speaker is not None and _pure_quotation(art, start) and last_para_end + 1 >= start:
            quote.speaker, quote.speaker_entity, quote.cue = (
                last_speaker.speaker, last_speaker.speaker_entity, last_speaker.cue
            )
        if quote.speaker is not None:
            last_speaker = quote
        elif cue is not None:
            last_speaker = None
        last_para_end = art.paragraph_end(span.close_at)


def _pure_quotation(art: QuoteArticle, para_start: int) -> bool:
    end = art.paragraph_end(para_start)
    outside = [ch for i, ch in enumerate(art.text[para_start:end], para_start) if not art.in_quote(i)]
    return not any(ch.isalnum() for ch in outside)


# --------------------------------------------------------------------------- speakers


def _speaker_of(art: QuoteArticle, cue: Cue) -> Speaker:
    subj = subject_of(art, cue)
    if subj is None:
        return Speaker(None, None, None)
    speaker = resolve_subject(art.view, cue.sentence, subj)
    remember(art.view, speaker, cue.sentence, subj)
    return speaker


def _noun_cue_speaker(art: QuoteArticle, cue: Cue, noun: Token) -> Speaker:
    """ "X's claim that", "a statement by X that", "X has hopes that": the owner, else the subject of the verb."""
    owner = document_owner(art, cue.sentence, noun)
    if owner is None and noun.dep in {"dobj", "attr"}:
        head = art.view.sentence(cue.sentence).tokens[noun.head]
        owner = subject_of(art, Cue(cue.sentence, head))
    if owner is None:
        return Speaker(None, None, None)
    speaker = resolve_subject(art.view, cue.sentence, owner)
    remember(art.view, speaker, cue.sentence, owner)
    return speaker
