"""One pasted page: find the article among the furniture, by line shape, position and a fitted model.

The page is read in passes.  First the line rules:

1. every line gets a context-free verdict (:func:`furniture.classify_line`);
2. a comment/moderation footer ends the article: everything after it goes, unless
   the cut would drop most of the page's prose (a comment-count toolbar above the article);
3. lines that follow a "Related" / "Most read" marker and look like headlines go;
4. the title is the first substantial headline-shaped line (or the caller's hint),
   and every later line that repeats it goes;
5. the *top block* (before the first real paragraph) is where bylines, outlet
   names, datelines, timestamps and menus live: short lines there go;
6. the *tail block* (after the last sentence of the body) holds tags and
   headline lists: headline-shaped and label-shaped lines there go.

Then, on a page of a dozen lines or more, the fitted models (:mod:`.article`, :mod:`.headline`):

7. the article span is located and what lies outside it goes (unless that would lose the
   article); lines the rules dropped only for their position may come back inside it;
8. the headline is chosen near the span, the standfirst under it stays;
9. a run-together copy of the article goes, and verbatim repeats whose first copy lies outside
   the article;
10. authors and date are read from the lines around the headline (:mod:`.credits`).

Lines that none of this claims stay in the body, in order: keeping a junk line
is better than losing a sentence of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..model import DroppedLine
from . import article, copies, credits, dates, headline, outlet
from . import byline as bylines
from . import furniture as F
from .features import dense_run, is_prose, teaser_cards
from .shape import (
    comparable,
    ends_sentence,
    ends_with_full_stop,
    is_all_caps,
    is_headline_shaped,
    is_paragraph,
    is_sentence_like,
    is_short_label,
    normalise_line,
    words,
)

_DATELINE_OUTLET_RE = re.compile(
    r"^[A-Z][A-Z .'’\-]+(?:,[^()]{0,60})?\((?P<outlet>[A-Z][\w .&'’\-]{1,40})\)\s*[-–—:]"
)
_TITLE_SUFFIX_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s*:\s+")
#: The category a related-post card prints under its date: 'In "Harbour news"'.
_CARD_CATEGORY_RE = re.compile(r"^in\s+[\"“][^\"”]{1,40}[\"”]$", re.IGNORECASE)
#: Labels printed on headline cards inside a related block ("Live", "Video", "2 hours ago").
_CARD_LABEL_MAX_WORDS = 3
#: A footer cut that drops most of the page's prose must leave at least this many prose lines above it.
_MIN_PROSE_ABOVE_A_CUT = 3
#: Fewer words than this under a headline are a label or a kicker, not a standfirst.
_STANDFIRST_MIN_WORDS = 6
#: A page this short is an article pasted on its own: the line model (fitted on whole pages) stays out.
_MIN_LINES_FOR_THE_MODEL = 12
#: Lines the rules dropped that the span may be widened across (an advert, a "Read more" link).
_MAX_GAP_IN_THE_ARTICLE = 6
#: A headline this close under the span start opens the article (what is above it is page header).
_HEADLINE_NEAR_SPAN_START = 4
#: What follows a name in a signature line ("Jane Roe — 2027-03-09", "Jane Roe, 9 March").
_SIGNATURE_MARKS = frozenset({"—", "–", "-", ",", "|", "·", "•"})
#: Lines above the article span where the lead picture's caption may sit.
_LEAD_CAPTION_ABOVE = 1
_POSITION_REASONS = frozenset({F.BEFORE_ARTICLE, F.AFTER_ARTICLE})


@dataclass
class PageResult:
    body: list[str]
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    dropped: list[DroppedLine] = field(default_factory=list)


class _Page:
    def __init__(self, raw: str, title_hint: str | None) -> None:
        self.lines = [normalise_line(line) for line in raw.splitlines()]
        self.lines = [line for line in self.lines if line]
        self.reasons: list[str | None] = [None] * len(self.lines)
        self.title_hint = normalise_line(title_hint) if title_hint else None
        self.title: str | None = self.title_hint or None
        self.title_index: int | None = None
        self.title_fixed = False
        self.outlet: str | None = None
        #: (line, name) of name lines above the article that may be the outlet or a section label.
        self.outlet_lines: list[tuple[int, str]] = []
        self.authors: list[str] = []
        #: (line index, names, from a "Reporting by" credit line) for every line the rules read names from.
        self.author_lines: list[tuple[int, list[str], bool]] = []
        self.stamps: list[tuple[int, str]] = []
        self.span: tuple[int, int] | None = None
        self.rule_reasons: list[str | None] = []
        #: Lines the rules dropped for where they sit (not for what they are): the model may keep them.
        self.by_position: set[int] = set()

    # ------------------------------------------------------------------ helpers

    def _free(self, i: int) -> bool:
        return self.reasons[i] is None and i != self.title_index

    def _add_authors(self, names: list[str], line: int, credit: bool = False) -> None:
        self.author_lines.append((line, names, credit))
        for name in names:
            if name not in self.authors:
                self.authors.append(name)

    def _set_outlet(self, outlet: str | None) -> None:
        if outlet and self.outlet is None:
            self.outlet = outlet

    def _first_paragraph(self) -> int:
        for i in range(len(self.lines)):
            if self._free(i) and is_paragraph(self.lines[i]):
                return i
        for i in range(len(self.lines)):
            if self._free(i) and is_sentence_like(self.lines[i]):
                return i
        return len(self.lines)

    def _last_body_line(self, start: int, end: int) -> int:
        for i in range(end - 1, start - 1, -1):
            if self._free(i) and is_sentence_like(self.lines[i]):
                return i
        return start - 1

    # ------------------------------------------------------------------ passes

    def classify(self) -> None:
        for i, line in enumerate(self.lines):
            self.reasons[i] = F.classify_line(line)
            if self.reasons[i] == F.BYLINE:
                credit = bylines.parse_credit_line(line)
                parsed = credit or bylines.parse_by_line(line)
                if parsed is not None:
                    self._add_authors(parsed.authors, i, credit is not None)
                    self._set_outlet(parsed.outlet)

    def cut_comment_footer(self, first_paragraph: int) -> int:
        """Index where a comment/moderation footer starts (len(lines) when there is none)."""
        n = len(self.lines)
        for i in range(first_paragraph + 1, n):
            line = self.lines[i]
            strong = F.is_comment_marker(line, strong_only=True)
            weak = not strong and F.is_comment_marker(line)
            if weak:
                # A bare "Comments" heading only counts when a comment form follows closely.
                follow = self.lines[i + 1 : i + 4]
                weak = any(F.is_comment_marker(x, strong_only=True) or F.is_form_field(x) for x in follow)
            if not strong and F.is_comment_author(line):
                # One "NAME says:" may be a heading; two close together are a thread.
                strong = any(F.is_comment_author(x) for x in self.lines[i + 1 : i + 40])
            if (strong or weak) and not self._cut_keeps_the_article(i):
                # A comment-count toolbar above the article ("12 Comments"): not the start of the thread.
                self.reasons[i] = F.COMMENTS
                continue
            if strong or weak:
                for j in range(i, n):
                    if self.reasons[j] in (None, F.RELATED) or F.is_form_field(self.lines[j]):
                        self.reasons[j] = F.COMMENTS
                return i
        return n

    def _cut_keeps_the_article(self, cut: int) -> bool:
        """A cut at ``cut`` is refused when it would drop most prose lines and keep fewer than three."""
        kept = sum(1 for line in self.lines[:cut] if is_prose(line))
        dropped = sum(1 for line in self.lines[cut:] if is_prose(line))
        return kept >= dropped or kept >= _MIN_PROSE_ABOVE_A_CUT

    def mark_related_blocks(self) -> None:
        in_block = False
        for i, line in enumerate(self.lines):
            if F.is_related_marker(line):
                in_block = True
                self.reasons[i] = self.reasons[i] or F.RELATED
                continue
            if not in_block:
                continue
            reason = self.reasons[i]
            headline = is_headline_shaped(line) or is_short_label(line, _CARD_LABEL_MAX_WORDS)
            card = self._card_summary(i) or bool(_CARD_CATEGORY_RE.match(line))
            if reason in (F.TIMESTAMP, F.RELATED) or (reason is None and (headline or card)):
                if reason is None:
                    self.by_position.add(i)
                self.reasons[i] = F.RELATED
            elif reason is None or ends_sentence(line):
                in_block = False

    def _card_summary(self, i: int) -> bool:
        """In a related block, the sentence under a card's headline with the card's date under it."""
        if self.reasons[i] is not None or i == 0 or i + 1 >= len(self.lines):
            return False
        above, below = self.lines[i - 1], self.lines[i + 1]
        return (
            self.reasons[i - 1] == F.RELATED
            and not F.is_related_marker(above)
            and F.classify_line(below) == F.TIMESTAMP
        )

    def find_title(self) -> None:
        tagged = headline.above_tagline(self.lines) if self.title_hint is None else None
        if tagged is not None:
            self.title_index, self.title_fixed, self.title = tagged, True, self.lines[tagged]
            self.reasons[tagged] = None
        if self.title_hint is None and not self.title_fixed:
            for i, line in enumerate(self.lines):
                if self.reasons[i] is not None:
                    continue
                if is_paragraph(line):
                    break
                if self._title_candidate(line):
                    self.title_index = i
                    self.title = line
                    break
                if ends_with_full_stop(line):
                    # A sentence before any headline: the page starts with its body.
                    break
        if self.title is None:
            return
        for i, line in enumerate(self.lines):
            if i != self.title_index and self._repeats_title(line):
                self.reasons[i] = F.REPEATED_TITLE

    def _title_candidate(self, line: str) -> bool:
        toks = words(line)
        if not 3 <= len(toks) <= 30 or len(line) > 250:
            return False
        if bylines.is_outlet_name(line) or bylines.parse_name_line(line) or bylines.is_role_line(line):
            return False
        # Truncated headlines end with an ellipsis; shouted ones sometimes with a full stop.
        return not ends_with_full_stop(line) or line.endswith(("...", "…")) or is_all_caps(line)

    def _repeats_title(self, line: str) -> bool:
        assert self.title is not None
        title, cand = comparable(self.title), comparable(line)
        if not title or not cand:
            return False
        if cand == title:
            return True
        if ends_with_full_stop(line) or len(words(self.title)) < 3:
            return False
        if fuzz.ratio(title, cand) >= 92:
            return True
        # "Title | Outlet" / "Title - Outlet": the title, a separator, a few words.
        parts = _TITLE_SUFFIX_SEPARATORS.split(line, maxsplit=1)
        if len(parts) == 2 and len(words(parts[1])) <= 4 and fuzz.ratio(title, comparable(parts[0])) >= 92:
            self._set_outlet(parts[1].strip() if bylines.is_outlet_name(parts[1]) else None)
            return True
        return False

    def read_top_block(self, first_paragraph: int) -> None:
        top = [i for i in range(first_paragraph) if self._free(i)]
        for i in top:
            line = self.lines[i]
            nxt = self.lines[i + 1] if i + 1 < len(self.lines) else ""
            parsed = bylines.parse_name_line(line)
            if parsed is not None:
                self.reasons[i] = F.BYLINE
                self._add_authors(parsed.authors, i)
                self._set_outlet(parsed.outlet)
            elif bylines.is_role_line(line):
                self.reasons[i] = F.BYLINE
            elif bylines.name_line(line) and bylines.is_role_line(nxt):
                self.reasons[i] = F.BYLINE
                self._add_authors([bylines.name_line(line) or line], i)
            elif bylines.is_outlet_name(line):
                self.reasons[i] = F.OUTLET
                self.outlet_lines.append((i, bylines.outlet_display(line)))
            elif (
                is_short_label(line)
                and self.title_index is not None
                and i < self.title_index
                or is_short_label(line, 2)
                and not ends_sentence(line)
            ):
                self.reasons[i] = F.NAVIGATION
                self.by_position.add(i)

    def read_tail_block(self, last_body: int, footer: int) -> None:
        for i in range(last_body + 1, footer):
            if not self._free(i):
                continue
            line = self.lines[i]
            if is_short_label(line) or bylines.is_outlet_name(line):
                self.reasons[i] = F.NAVIGATION
                self.by_position.add(i)
            elif is_headline_shaped(line):
                self.reasons[i] = F.RELATED
                self.by_position.add(i)

    def drop_repeated_body_lines(self) -> None:
        first_seen: dict[str, int] = {}
        for i, line in enumerate(self.lines):
            # Verbatim repeats only (case aside): punctuation can be all that tells two lines apart.
            key = line.casefold()
            first = first_seen.setdefault(key, i)
            if first == i or not self._free(i):
                continue
            # Inside the article, a repeat is a table row or a line of code ("Breakfast", "return x"),
            # unless its first copy sits outside the article (a menu label printed again).
            if self.span is not None and self.span[0] <= first < self.span[1]:
                continue
            self.reasons[i] = F.REPEATED_LINE

    def read_metadata(self, first_paragraph: int, below: int | None = None) -> str | None:
        """Outlet from a dateline if none was found (copyright lines: :meth:`choose_outlet`); the date."""
        if first_paragraph < len(self.lines):
            dateline = _DATELINE_OUTLET_RE.match(self.lines[first_paragraph])
            if dateline:
                self._set_outlet(dateline.group("outlet").strip())
        stamped = [
            (i, line)
            for i, line in enumerate(self.lines)
            if self.reasons[i] in (F.TIMESTAMP, F.READ_TIME, F.BYLINE, F.SHARE)
            and (below is None or i < below)
        ]
        top = [s for s in stamped if s[0] < first_paragraph] or stamped
        dated = [(line, d) for _, line in top if (d := dates.absolute_date(line))]
        for line, day in dated:
            if not dates.is_update_stamp(line):
                return day
        return dated[0][1] if dated else None

    def rule_passes(self) -> int:
        """The line rules; returns the index of the first paragraph."""
        self.classify()
        self.mark_related_blocks()
        self.find_title()
        first = self._first_paragraph()
        footer = self.cut_comment_footer(first)
        self.read_top_block(first)
        last = self._last_body_line(first, footer)
        self.read_tail_block(max(last, first - 1), footer)
        return first

    def locate_article(self) -> None:
        """Drop what lies outside the span the line model finds, unless that span would lose the article."""
        if len(self.lines) < _MIN_LINES_FOR_THE_MODEL:
            return
        model = article.load_model()
        furniture, positional = self.rule_flags()
        probabilities = article.line_probabilities(self.lines, furniture, positional)
        span = article.article_span(self.lines, probabilities, model.span_threshold)
        if span is None or not article.keeps_the_article(self.lines, span):
            return
        span = self._extend_over_sentences(span)
        self.span = span
        standfirst = self._standfirst(span[0])
        for i in self.by_position:
            if span[0] <= i < span[1] and probabilities[i] >= model.rescue_threshold:
                self.reasons[i] = None
        for i in range(len(self.lines)):
            if not self._free(i) or i == standfirst:
                continue
            if i < span[0]:
                self.reasons[i] = F.BEFORE_ARTICLE
            elif i >= span[1]:
                self.reasons[i] = F.AFTER_ARTICLE

    def rule_flags(self) -> tuple[list[bool], list[bool]]:
        """Per line: dropped by the rules for what it is; dropped by them for where it sits."""
        positional = [i in self.by_position for i in range(len(self.lines))]
        furniture = [
            (r is not None and not positional[i]) or i == self.title_index for i, r in enumerate(self.reasons)
        ]
        return furniture, positional

    def _extend_over_sentences(self, span: tuple[int, int]) -> tuple[int, int]:
        """Widen the span over body sentences next to it, across at most a few lines the rules dropped.

        The model is weakest at the article's edges (a short closing sentence after an advert); a sentence
        there is article unless an unclaimed non-sentence line (a teaser headline, a widget) comes first.
        """
        start, end = span
        cards = teaser_cards(self.lines)
        for step, edge in ((1, end), (-1, start - 1)):
            gap, i = 0, edge
            while 0 <= i < len(self.lines) and gap <= _MAX_GAP_IN_THE_ARTICLE:
                if not self._free(i):
                    gap += 1
                elif is_sentence_like(self.lines[i]) and ends_with_full_stop(self.lines[i]) and not cards[i]:
                    gap = 0
                    if step == 1:
                        end = i + 1
                    else:
                        start = i
                else:
                    break
                i += step
        return start, end

    def _standfirst(self, start: int) -> int | None:
        """The line right under the headline, above the article span: the article's own summary."""
        if self.title_index is None or self.title_index >= start:
            return None
        for i in range(self.title_index + 1, start):
            if self._free(i):
                return i if len(words(self.lines[i])) >= _STANDFIRST_MIN_WORDS else None
        return None

    def choose_headline(self) -> None:
        """Replace the rules' title by the fitted headline scorer's pick near the article span."""
        model = article.load_title_model()
        if model is None or self.title_hint is not None or self.title_fixed or len(self.lines) < _MIN_LINES_FOR_THE_MODEL:
            return
        # Where the model kept the whole page, the densest run of prose stands in for the article.
        span = self.span or dense_run(self.lines)
        if span[0] >= span[1]:
            return
        indices = headline.candidates(self.lines, span)
        rows = headline.title_features(self.lines, span, self.rule_reasons, self.title_index, indices)
        scored = [(model.probability(row), i) for row, i in zip(rows, indices, strict=True)]
        if not scored:
            return
        best_p, best = max(scored)
        # With no headline from the rules, the likeliest candidate whose words open the article names its
        # topic ("Tidewater clockwork" over "A tidewater clockwork is ..."), however unlikely its shape.
        named = self.title_index is None and headline.named_in_opening(rows[indices.index(best)])
        if (best_p < model.span_threshold and not named) or best == self.title_index:
            return
        if self.title_index is not None and self.title_index in indices and best == self.title_index + 1:
            return  # the line right under the rules' headline is its standfirst
        old = self.title_index
        if old is not None:
            self.reasons[old] = F.BEFORE_ARTICLE if old < span[0] else None
        self.title_index, self.title = best, self.lines[best]
        self.reasons[best] = None
        for i, line in enumerate(self.lines):
            if (
                i != best
                and (self._free(i) or self.reasons[i] in _POSITION_REASONS)
                and self._repeats_title(line)
            ):
                self.reasons[i] = F.REPEATED_TITLE

    def start_at_headline(self) -> None:
        """The article starts under its headline: span lines just above a headline near its top are header."""
        if self.span is None or self.title_index is None:
            return
        start, end = self.span
        if not start < self.title_index < min(end, start + _HEADLINE_NEAR_SPAN_START):
            return
        for i in range(start, self.title_index):
            if self._free(i):
                self.reasons[i] = F.BEFORE_ARTICLE
        self.span = (self.title_index + 1, end)

    def keep_standfirst(self) -> None:
        """The line right under the chosen headline, if the span left it out, is the article's summary."""
        below = self.title_index + 1 if self.title_index is not None else len(self.lines)
        if (
            below < len(self.lines)
            and self.reasons[below] == F.BEFORE_ARTICLE
            and len(words(self.lines[below])) >= _STANDFIRST_MIN_WORDS
        ):
            self.reasons[below] = None

    def drop_galleries(self) -> None:
        """Numbered picture-gallery slides go, unless that would keep fewer than three prose lines of a page
        whose prose is mostly in the slides (then the gallery is the page's own content); so do a chart's labels."""
        slides = F.gallery_lines(self.lines)
        kept = sum(1 for i, line in enumerate(self.lines) if self._free(i) and i not in slides and is_prose(line))
        dropped = sum(1 for i in slides if self._free(i) and is_prose(self.lines[i]))
        if dropped > kept and kept < _MIN_PROSE_ABOVE_A_CUT:
            return
        for i in sorted(slides):
            if self._free(i):
                self.reasons[i] = F.GALLERY
        for i in F.chart_lines(self.lines):
            if self._free(i):
                self.reasons[i] = F.CHART

    def keep_captions(self) -> None:
        """A picture's caption or credit inside the article span (or right above it: the lead picture's) is part
        of the article, as publishers print it; widget labels ("View image in full screen", "Open gallery") are not captions and still go."""
        if self.span is None:
            return
        for i in range(max(0, self.span[0] - _LEAD_CAPTION_ABOVE), self.span[1]):
            if self.reasons[i] == F.CAPTION and F.is_caption_text(self.lines[i]):
                self.reasons[i] = None

    def drop_copies(self) -> None:
        for i in copies.copy_lines(self.lines):
            if self._free(i):
                self.reasons[i] = F.PAGE_COPY

    def read_credits(self) -> str | None:
        """Authors and date from the lines near the headline (None: no date there)."""
        found = credits.read_near_headline(self.lines, self.title_index, self.span, self.author_lines)
        if found is None:
            return None
        for i in found.byline_lines:
            if self._free(i) or self.reasons[i] in _POSITION_REASONS:
                self.reasons[i] = F.BYLINE
        if found.authors is not None:
            self.authors = found.authors
        return found.published

    def choose_outlet(self) -> str | None:
        """A byline, dateline, title suffix or copyright outlet; else the name the page's furniture repeats.

        A name line above the article counts only when it carries a press word and does not sit in a run of
        menu labels, or when the page repeats it: "The Goods" or "Financial Services" are section labels.
        """
        if self.outlet is not None:
            return self.outlet
        article_lines = self.span or (
            dense_run(self.lines) if len(self.lines) >= _MIN_LINES_FOR_THE_MODEL else None
        )
        copyright_lines = [i for i, r in enumerate(self.reasons) if r == F.COPYRIGHT]
        repeated = outlet.page_outlet(self.lines, article_lines, copyright_lines)
        if repeated is not None:
            return repeated
        for i, name in self.outlet_lines:
            if bylines.has_press_word(name) and not credits.among_labels(self.lines, i):
                return name
        return None

    def site_owner(self, site: str | None) -> list[str]:
        """On a personal site with no byline, its owner: the site is a person's name, signed on the page.

        The name must also stand on a line of its own or open a signature line ("Jane Roe - 2027-03-09 - in
        Code"), so that a magazine whose name looks like a person's does not become the author.
        """
        if site is None or not bylines.is_name(site) or bylines.has_press_word(site):
            return []
        signed = any(
            line == site
            or (line.startswith(site) and line[len(site) : len(site) + 3].strip()[:1] in _SIGNATURE_MARKS)
            for i, line in enumerate(self.lines)
            if self.reasons[i] != F.COPYRIGHT
        )
        return [site] if signed else []

    def run(self) -> PageResult:
        first = self.rule_passes()
        self.rule_reasons = list(self.reasons)
        self.locate_article()
        self.choose_headline()
        self.start_at_headline()
        self.keep_standfirst()
        self.keep_captions()
        self.drop_copies()
        self.drop_galleries()
        self.drop_repeated_body_lines()
        near_headline = self.read_credits()
        below = self.span[0] + credits.INTO_SPAN if self.span is not None else None
        published = (
            dates.structured_published(self.lines) or near_headline or self.read_metadata(first, below)
        )
        site = self.choose_outlet()
        authors = self.authors or self.site_owner(site)
        result = PageResult(body=[], title=self.title, outlet=site, authors=authors, published=published)
        for i, line in enumerate(self.lines):
            reason = self.reasons[i]
            if i == self.title_index:
                continue
            if reason is None:
                result.body.append(line)
            else:
                result.dropped.append(DroppedLine(text=line, reason=reason))
        return result


def title_inputs(raw: str) -> tuple[list[str], tuple[int, int] | None, list[str | None], int | None]:
    """Lines, the span the headline is looked for above, rule verdicts and the rules' title (for fitting)."""
    page = _Page(raw, None)
    page.rule_passes()
    page.rule_reasons = list(page.reasons)
    page.locate_article()
    span = page.span or (dense_run(page.lines) if len(page.lines) >= _MIN_LINES_FOR_THE_MODEL else None)
    return page.lines, span, page.rule_reasons, page.title_index


def rule_verdicts(raw: str) -> tuple[list[str], list[str | None], list[bool], list[bool]]:
    """Lines and what the rules alone make of them: reasons, furniture and position flags (for fitting)."""
    page = _Page(raw, None)
    page.rule_passes()
    furniture, positional = page.rule_flags()
    return page.lines, page.reasons, furniture, positional


def clean_page(raw: str, title_hint: str | None = None) -> PageResult:
    return _Page(raw, title_hint).run()
