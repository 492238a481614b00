"""Stage: resolve date expressions and build the timeline.

Reads ``ParsedArticle``, ``Article.published`` and the run's reference date;
writes ``Briefing.timeline``.

Each sentence that carries a resolvable date expression becomes one entry per
distinct resolved date (and precision), ordered by date, then article, then
sentence.  Sentences without a date expression are left out: stamping them with
the publication date would invent a chronology the text does not give.

The anchor for relative expressions is the article's publication date, else the
reference date; with neither, only expressions that carry a year resolve.
Choices (why):

* Pure publication metadata lines ("Published 3 March 2026 10:42 GMT", a bare
  dateline) are skipped: they date the page, not an event.
* Near-duplicate copies (``Article.duplicate_of``) are skipped: they would
  repeat the original's entries under another outlet's name.
* Within a sentence, a coarse date right next to a finer one inside it is
  dropped ("earlier this month, on 3 November" gives 3 November, not also
  November); apart, both stay ("earlier this week ... last night").
* A sentence is dated by the expression attached to the clause of the event it
  reports (:func:`event_clause_dates`): a date inside a clause that describes a
  noun ("a campaign that began earlier this month") gives way to a date of the
  main clause ("... retook the port on Saturday"), and the date of a speech verb
  ("said on Tuesday") to a date inside what was said ("... that troops crossed
  the river on Sunday").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ...model import Article, Claim, FusedEvent, ParsedArticle, ParsedSentence, TimelineEntry, TimelineSource
from ..syntax import SPEECH_LEMMAS, ancestors
from .dates import DateExpression, ResolvedDate, explain, find_date_expressions

# Words that, together with dates, times and names, make up a metadata line.
_METADATA_WORDS = frozenset(
    {
        "published", "updated", "posted", "last", "first", "modified", "on", "at", "date", "by",
        "am", "pm", "a.m.", "p.m.", "gmt", "utc", "bst", "cet", "cest", "est", "edt", "et", "pt", "pst",
        "pdt", "local", "time", "hrs", "h",
    }
)  # fmt: skip
_TIME_OF_DAY = re.compile(r"^\d{1,2}([:.]\d{2})?([ap]\.?m\.?)?$", re.IGNORECASE)


def article_anchor(article: Article | None, reference_date: dt.date | None) -> dt.date | None:
    """The date relative expressions in an article count from."""
    if article is None or article.published is None:
        return reference_date
    try:
        return dt.date.fromisoformat(article.published[:10])
    except ValueError as exc:
        raise ValueError(f"article {article.id}: published {article.published!r} is not YYYY-MM-DD") from exc


def is_metadata_line(sentence: ParsedSentence, expressions: Sequence[DateExpression]) -> bool:
    """True for a line that only dates the page: dates, times, names and words like "Published"."""
    if not expressions:
        return False
    in_expression = {n for e in expressions for n in range(e.first_token, e.end_token)}
    for token in sentence.tokens:
        if token.i in in_expression or token.pos in ("PUNCT", "SYM", "SPACE", "PROPN", "NUM"):
            continue
        if token.text.lower() in _METADATA_WORDS or _TIME_OF_DAY.match(token.text) or token.like_num:
            continue
        return False
    return True


# Two date expressions this close restate one date ("earlier this month, on 3 November").
_APPOSITION_GAP = 3


def _restates(coarse: tuple[DateExpression, ResolvedDate], fine: tuple[DateExpression, ResolvedDate]) -> bool:
    (coarse_expr, coarse_date), (fine_expr, fine_date) = coarse, fine
    gap = max(fine_expr.first_token - coarse_expr.end_token, coarse_expr.first_token - fine_expr.end_token)
    contained = coarse_date.date <= fine_date.date <= coarse_date.last_day()
    finer = coarse_date.precision != fine_date.precision and fine_date.last_day() <= coarse_date.last_day()
    return contained and finer and gap <= _APPOSITION_GAP


def sentence_dates(sentence: ParsedSentence, anchor: dt.date | None) -> list[ResolvedDate]:
    """The distinct dates a sentence refers to (none for a metadata line)."""
    expressions = find_date_expressions(sentence)
    if is_metadata_line(sentence, expressions):
        return []
    resolved: dict[tuple[dt.date, str], tuple[DateExpression, ResolvedDate]] = {}
    for expression in expressions:
        result = explain(expression.text, anchor, future=expression.future)
        if isinstance(result, ResolvedDate):
            resolved.setdefault((result.date, result.precision), (expression, result))
    pairs = list(resolved.values())
    pairs = [pair for pair in pairs if not any(_restates(pair, other) for other in pairs if other is not pair)]
    return [pair[1] for pair in event_clause_dates(sentence, pairs)]


#: clauses that describe a noun ("a campaign that began ...", "the talks held in May"): not the reported event
_DESCRIPTIVE_DEPS = frozenset({"relcl", "acl"})
#: clauses holding what a speech verb reports ("said that troops crossed ...")
_REPORTED_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})


def _expression_root(sentence: ParsedSentence, expression: DateExpression) -> int:
    tokens = sentence.tokens
    inside = range(expression.first_token, expression.end_token)
    roots = [n for n in inside if n < len(tokens) and (tokens[n].head not in inside or tokens[n].head == n)]
    return roots[0] if roots else expression.first_token


def _clause_role(sentence: ParsedSentence, expression: DateExpression) -> tuple[bool, bool]:
    """(inside a clause describing a noun, on a speech verb that reports another clause) for one expression."""
    tokens = sentence.tokens
    root = _expression_root(sentence, expression)
    if not 0 <= root < len(tokens):
        return False, False
    above = ancestors(tokens, root, limit=len(tokens))
    descriptive = any(tokens[a].dep in _DESCRIPTIVE_DEPS and tokens[a].pos in ("VERB", "AUX") for a in [root, *above])
    verb = next((a for a in above if tokens[a].pos in ("VERB", "AUX") and tokens[a].dep != "aux"), None)
    speech = verb is not None and tokens[verb].lemma.lower() in SPEECH_LEMMAS and any(
        t.head == verb and t.i != verb and t.dep in _REPORTED_DEPS for t in tokens)
    return descriptive, speech


def event_clause_dates(
    sentence: ParsedSentence, pairs: list[tuple[DateExpression, ResolvedDate]]
) -> list[tuple[DateExpression, ResolvedDate]]:
    """The dates of the clause of the event a sentence reports, when its expressions date different clauses.

    A date in a clause describing a noun gives way to one that is not; then a date hung on a speech verb gives
    way to one inside the clause it reports.  With one expression, or all of one kind, all stay.
    """
    if len(pairs) < 2:
        return pairs
    roles = [_clause_role(sentence, expression) for expression, _ in pairs]
    if any(not descriptive for descriptive, _ in roles):
        kept = [(pair, role) for pair, role in zip(pairs, roles, strict=True) if not role[0]]
    else:
        kept = list(zip(pairs, roles, strict=True))
    if any(not speech for _, (_, speech) in kept) and any(speech for _, (_, speech) in kept):
        kept = [(pair, role) for pair, role in kept if not role[1]]
    return [pair for pair, _ in kept]


def build_timeline(
    parsed: Sequence[ParsedArticle], articles: Sequence[Article], reference_date: dt.date | None
) -> list[TimelineEntry]:
    by_id = {a.id: a for a in articles}
    order = {a.id: n for n, a in enumerate(articles)}
    keyed: list[tuple[tuple[str, int, str, int], TimelineEntry]] = []
    for parsed_article in parsed:
        article = by_id.get(parsed_article.article)
        if article is not None and article.duplicate_of is not None:
            continue
        anchor = article_anchor(article, reference_date)
        position = order.get(parsed_article.article, len(order))
        for sentence in parsed_article.sentences:
            for date in sentence_dates(sentence, anchor):
                entry = TimelineEntry(
                    date=date.iso(),
                    precision=date.precision,
                    text=sentence.text,
                    article=parsed_article.article,
                    sentence=sentence.index,
                    expression=date.expression,
                )
                keyed.append(((entry.date, position, parsed_article.article, sentence.index), entry))
    keyed.sort(key=lambda pair: pair[0])
    return [entry for _, entry in keyed]


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _event_routes(
    fused_events: Sequence[FusedEvent], claim_ids: set[str]
) -> tuple[dict[tuple[str, int, str], str], dict[str, str | None]]:
    """Which fused event dates each (article, sentence, date), and the one claim each event's entries join.

    An event whose sentences are in exactly one multi-sentence claim is that claim's fact: its entries join the
    claim's entry, so the fact and the event are one line of the timeline, not two.
    """
    event_at: dict[tuple[str, int, str], str] = {}
    claim_for: dict[str, str | None] = {}
    for fused in fused_events:
        for src in fused.sources:
            if src.event is not None and src.date is not None:
                event_at.setdefault((src.article, src.sentence, src.date), fused.id)
        own = [c for c in fused.claims if c in claim_ids]
        claim_for[fused.id] = own[0] if len(own) == 1 else None
    return event_at, claim_for


def fuse_timeline(
    timeline: Sequence[TimelineEntry],
    claims: Sequence[Claim],
    articles: Sequence[Article],
    fused_events: Sequence[FusedEvent] = (),
) -> list[TimelineEntry]:
    """One entry per fact or event: the dated sentences of one claim, or of one fused event, become one entry.

    The entry takes the date most of its articles give (then the finer precision, then the earlier date) and
    lists every dating sentence with the date it gives, so a disputed date stays visible.  A sentence of a
    multi-sentence claim goes with its claim; otherwise a sentence dating a fused event (at the date the event
    takes from it) goes with that event.  Other entries stay as they are.
    """
    outlet_of = {a.id: a.outlet for a in articles}
    claim_of: dict[tuple[str, int], Claim] = {}
    for claim in claims:
        if len(claim.sentences) > 1:
            for ref in claim.sentences:
                claim_of[(ref.article, ref.sentence)] = claim
    claims_by_id = {c.id: c for c in claims}
    events_by_id = {f.id: f for f in fused_events}
    event_at, claim_for = _event_routes(fused_events, set(claims_by_id) & {c.id for c in claim_of.values()})
    groups: dict[tuple[str, str], list[TimelineEntry]] = defaultdict(list)
    joined_events: dict[str, list[str]] = defaultdict(list)
    out: list[TimelineEntry] = []
    for entry in timeline:
        owner = claim_of.get((entry.article, entry.sentence))
        event = event_at.get((entry.article, entry.sentence, entry.date))
        if owner is not None:
            groups[("claim", owner.id)].append(entry)
        elif event is not None and claim_for.get(event) is not None:
            groups[("claim", claim_for[event] or "")].append(entry)
        elif event is not None:
            groups[("event", event)].append(entry)
        else:
            out.append(entry)
            continue
        if event is not None:
            joined_events[owner.id if owner is not None else claim_for.get(event) or event].append(event)
    for (kind, key), entries in groups.items():
        votes = Counter({(e.date, e.precision): 0 for e in entries})
        for vote in {(e.article, e.date, e.precision) for e in entries}:
            votes[(vote[1], vote[2])] += 1
        (date, precision), _ = min(
            votes.items(), key=lambda kv: (-kv[1], _PRECISION_RANK.get(kv[0][1], 9), kv[0][0])
        )
        chosen = [e for e in entries if (e.date, e.precision) == (date, precision)]
        group_claim = claims_by_id.get(key) if kind == "claim" else None
        representative = next((e for e in chosen if group_claim is not None and e.text == group_claim.text), chosen[0])
        sources = list({
            (e.article, e.sentence, e.date): TimelineSource(
                article=e.article, sentence=e.sentence, outlet=outlet_of.get(e.article), date=e.date
            )
            for e in entries
        }.values())
        found = Counter(joined_events.get(key, []))
        event_id = key if kind == "event" else (found.most_common(1)[0][0] if found else None)
        outlets = list(group_claim.outlets) if group_claim is not None else []
        if event_id is not None and event_id in events_by_id:
            outlets += [o for o in events_by_id[event_id].outlets if o not in outlets]
        out.append(representative.model_copy(update={
            "claim": group_claim.id if group_claim is not None else None, "sources": sources, "outlets": outlets,
            "event": event_id,
        }))
    order = {a.id: n for n, a in enumerate(articles)}
    out.sort(key=lambda e: (e.date, order.get(e.article, len(order)), e.article, e.sentence))
    return out
