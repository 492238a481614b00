"""Context-free furniture tests: what a single line is, whatever its position.

Each test looks at the shape of the line first (length, sentence punctuation,
glued words, separators) and uses a small vocabulary of interface words only
where shape alone is ambiguous.  A line that reads like a body sentence is
only dropped by the tests that are specific enough to be safe on prose
(cookie banners, captions ending with a photo credit, credit lines).
"""

from __future__ import annotations

import re

from . import dates
from .byline import parse_by_line, parse_credit_line
from .shape import (
    ends_sentence,
    ends_with_full_stop,
    glue_points,
    glued_segments,
    has_inner_sentence_break,
    is_sentence_like,
    unglue,
    words,
)

# Reasons recorded in DroppedLine.reason.
REPEATED_TITLE = "repeated title"
BYLINE = "byline"
OUTLET = "outlet line"
READ_TIME = "read time"
TIMESTAMP = "timestamp"
SHARE = "share widget"
CAPTION = "image caption"
RELATED = "related headlines"
NEWSLETTER = "newsletter"
COMMENTS = "comment form"
COOKIES = "cookie notice"
NAVIGATION = "navigation"
ADVERTISEMENT = "advertisement"
SOCIAL = "social links"
COPYRIGHT = "copyright"
REPEATED_LINE = "repeated line"
ACROSS_ARTICLES = "repeated across articles"
DONATION = "donation appeal"
BEFORE_ARTICLE = "page header"
AFTER_ARTICLE = "page footer"
PAGE_COPY = "copy of the article"
GALLERY = "picture gallery"
CHART = "chart labels"

#: Interface words of share bars and article toolbars ("ShareSave articleCopy linkFacebookX").
_UI_CORE = frozenset(
    [
        "share",
        "save",
        "copy",
        "facebook",
        "twitter",
        "whatsapp",
        "email",
        "e-mail",
        "print",
        "messenger",
        "telegram",
        "linkedin",
        "reddit",
        "pinterest",
        "bluesky",
        "flipboard",
        "tweet",
        "gift",
        "listen",
        "bookmark",
        "sms",
        "mastodon",
        "threads",
    ]
)
_UI_FILLER = frozenset(
    [
        "link",
        "article",
        "story",
        "page",
        "this",
        "on",
        "to",
        "the",
        "via",
        "x",
        "comments",
        "comment",
        "font",
        "size",
        "text",
        "a",
        "an",
        "close",
        "more",
        "options",
        "sharing",
        "copied",
        "url",
        "your",
        "friend",
        "gift",
        "share",
        "save",
    ]
)
_CAPTION_MAX_WORDS = 40
_CAPTION_PROSE_WORDS = 15
_CAPTION_START_RE = re.compile(
    r"^(?:(?:image|photo|picture|media|video)\s+(?:source|caption|credit)s?\s*[,:]"
    r"|(?:photo|photograph|picture|image|illustration|credit|caption|photo\s+credit|image\s+credit)s?\s*:"
    r"|(?:photo|photograph|picture)s?\s+by\s+[A-Z]"
    r"|view\s+image\s+in\s+full\s*screen$|(?:enlarge|expand)\s+(?:this\s+)?image$"
    r"|(?:open|view)\s+(?:image\s+)?gallery\b)",
    re.IGNORECASE,
)
# A credit closing the line, with no full stop after it: "... Balakliia. Photograph: Jane Doe/AP".
_CREDIT_NAME = r"[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,4}"
_CAPTION_END_RE = re.compile(
    r"(?:^|[\s.;,])(?:photograph|photo|picture|image|illustration|credit|photos|pictures)\s*:\s*[^.:]{2,80}$"
    rf"|\(\s*(?:[A-Z]+\s+)?photo(?:graph)?\b[^()]*\)\.?$"
    r"|\(\s*(?:source|credit|picture|image)s?\s*:\s*[^()]{1,60}\)\.?$"
    rf"|(?:^|\s){_CREDIT_NAME}(?:/{_CREDIT_NAME})+\)?$"
    r"|\bvia\s+getty\s+images\)?$|\bgetty\s+images\)?$",
    re.IGNORECASE,
)
# An appeal to readers: it starts with the call ("Support ...", "Donate ...") and names what it asks for.
_DONATION_START_RE = re.compile(
    r"^(?:please\s+)?(?:support|donate|give|help|become|make|join|contribute|chip\s+in|keep)\b", re.IGNORECASE
)
_DONATION_ASK_RE = re.compile(
    r"\b(?:donat\w*|journalism|contribut\w*|members?hip|patrons?|supporters?|one-off\s+gift|monthly\s+gift)\b",
    re.IGNORECASE,
)
#: asks that news sentences use too ("Support among supporters fell", "Help contributors file claims"): an appeal
#: with one of these also speaks to the reader or of the outlet
_DONATION_WEAK_ASK_RE = re.compile(r"^(?:contribut\w*|members?hip|supporters?)$", re.IGNORECASE)
_DONATION_ADDRESS_RE = re.compile(r"\b(?:you|your|our|us|we|today|now|please)\b", re.IGNORECASE)
_DONATION_MAX_WORDS = 60
_TRAILING_LINK_RE = re.compile(r"(?:https?://|www\.|\b[a-z0-9-]+\.(?:com|org|net|co|ly|me|io)/)\S*$", re.IGNORECASE)
_RELATED_MARKER_RE = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|content|coverage|news|reading|links))?|more\s+on\s+this\s+(?:story|topic)"
    r"|read\s+(?:more|next|also)|see\s+also|also\s+read|recommended(?:\s+for\s+you|(?:\s+related)?\s+(?:news|stories|articles|reading))?"
    r"|you\s+(?:may|might)\s+also\s+like"
    r"|most\s+(?:read|popular|viewed|shared|watched|commented)|top\s+stories|latest\s+(?:stories|news|headlines)"
    r"|more\s+(?:stories|news|headlines)|editor'?s?’?\s+picks|trending(?:\s+now)?|what\s+to\s+read\s+next|up\s+next"
    r"|more\s+from\s+\S.{0,40}|don'?t\s+miss|in\s+other\s+news|elsewhere\s+on\s+\S.{0,30}|popular\s+now"
    # Sponsored-link widgets: "Sponsored Links", "by Taboola", "Promoted By Zergnet", "We Recommend".
    r"|sponsored(?:\s+(?:links|content|stories|posts))?|(?:promoted\s+)?by\s+(?:taboola|outbrain|zergnet|revcontent)"
    r"|promoted(?:\s+(?:links|content|stories))?|we\s+recommend|trending\s+(?:articles|stories|posts)"
    r"|read\s+more\s+stories\s+about|around\s+the\s+web|from\s+(?:around\s+)?the\s+web|paid\s+content)\s*:?$",
    re.IGNORECASE,
)
_RELATED_INLINE_RE = re.compile(
    r"^(?:read\s+more|read\s+also|also\s+read|see\s+also|related|watch|listen|read\s+next|more|explainer|analysis)"
    r"\s*[:|–—]\s*\S",
    re.IGNORECASE,
)
_TAGLINE = r"from\s+[\w.\-]+,\s+the\s+(?:\w+\s+){0,3}(?:encyclop(?:a)?edia|wiki|dictionary|reference\s+work)"
_TAGLINE_RE = re.compile(rf"^{_TAGLINE}\s*$", re.IGNORECASE)


def is_reference_tagline(line: str) -> bool:
    """A reference site's tagline, printed right under each page's title."""
    return bool(_TAGLINE_RE.match(line))


_NAVIGATION_RE = re.compile(
    r"^(?:(?:skip|jump)\s+to\b.*|(?:main\s+)?menu|search|sign\s+(?:in|out|up)|log\s*(?:in|out)|register|my\s+account|account"
    r"|back\s+to\s+top|(?:load|show|see|view)\s+(?:more|all|less)(?:\s+\w+)?|(?:show\s+)?key\s+events(?:\s+only)?"
    r"|(?:please\s+)?(?:turn\s+on|enable)\s+javascript\b.*|topics|tags|related\s+topics|explore\s+more\s+on\s+these\s+topics"
    r"|more\s+on\s+these\s+topics|reuse\s+this\s+content|our\s+standards\b.*|terms\s+(?:of\s+(?:use|service)|and\s+conditions)"
    r"|privacy\s+(?:policy|notice)|contact\s+us|about\s+us|accessibility(?:\s+help)?|print\s+subscriptions?"
    r"|subscribe(?:\s+now)?|subscriptions?|search\s+jobs|e-?edition|home|(?:local|world|latest|top|breaking)\s+news"
    r"|previous|next|pinned\s+post|filter|close|open|hide|expand|collapse|live)\s*:?$"
    # Search boxes, menu toggles and calls to action as their labels paste ("// Press enter to search").
    r"|^[/|•·>\s]*(?:search\s+(?:this|the)\s+(?:site|blog|website)(?:\s+search)?|press\s+enter\s+to\s+search"
    r"|(?:expand|open|close|toggle|show|hide)\s+(?:the\s+)?(?:search(?:\s+form|\s+bar)?|menu|navigation|sidebar)"
    r"|search\s+(?:form|for|here)|powered\s+by\s+\S+(?:\s+\S+)?|buy\s+now|shop\s+now|get\s+more\s+info"
    r"|continue\s+reading\s+the\s+main\s+story\s+share\s+this\s+page"
    # A reference site's tagline under every page's title ("From Quaypedia, the open reference work").
    rf"|{_TAGLINE})"
    r"\s*[.:…]*$",
    re.IGNORECASE,
)
_NAV_SEPARATOR_RE = re.compile(r"\s+(?:/|>|»|›|\|)\s+|\s*[|•·]\s*")
_COMMENT_STRONG_RE = re.compile(
    r"^(?:(?:post|leave|add|write|submit)\s+(?:a\s+|your\s+)?comment|comments?\s+(?:are|is)\s+(?:moderated|closed)"
    r"|join\s+the\s+(?:conversation|discussion|debate)|share\s+your\s+thoughts|you\s+must\s+be\s+(?:logged|signed)\s+in"
    r"|(?:log|sign)\s+in\s+to\s+(?:comment|reply)|your\s+email\s+address\s+will\s+not\s+be\s+published"
    r"|required\s+fields\s+are\s+marked|community\s+(?:guidelines|standards)|report\s+(?:abuse|this\s+comment)"
    r"|(?:(?:show|view|load|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments(?:\s*\(\d+\))?|comments\s*\(\d+\)|\d+\s+comments?)\s*$"
    r"|leave\s+a\s+(?:reply|comment)\s*$|there\s+(?:are|is)\s+(?:\d+|no)\s+comments?\b"
    r"|(?:\d+|one|two|three)\s+(?:responses?|repl(?:y|ies)|thoughts?|comments?)\s+(?:to|on)\s+\S)",
    re.IGNORECASE,
)
# The notice a WordPress anti-spam plugin prints under a comment form (a sentence, so searched, not matched).
_COMMENT_NOTICE_RE = re.compile(r"\blearn\s+how\s+your\s+comment\s+data\s+is\s+processed\b", re.IGNORECASE)
#: "Dana Pirrow says:" - the header of one comment in a WordPress thread.
_COMMENT_AUTHOR_RE = re.compile(r"^\S.{0,50}?\s+says\s*:?$", re.IGNORECASE)
_COMMENT_MARKER_MAX_WORDS = 12
_COMMENT_WEAK_RE = re.compile(
    r"^(?:comments?|discussion|reader\s+comments|conversation)\s*:?$", re.IGNORECASE
)
_FORM_FIELD_RE = re.compile(
    r"^(?:name|e-?mail(?:\s+address)?|website|submit|send|post|reply|cancel|comment|sort\s+by|newest|oldest"
    r"|most\s+liked|upvote|downvote|like|dislike|report)\s*\*?:?$",
    re.IGNORECASE,
)
_NEWSLETTER_START_RE = re.compile(
    r"^(?:sign\s*up|subscribe|get|receive|join|enter\s+your|want|don'?t\s+miss|never\s+miss|privacy\s+notice"
    r"|after\s+newsletter|newsletter|email\s+updates|free\s+daily)\b",
    re.IGNORECASE,
)
_COOKIE_PROSE_RE = re.compile(
    r"\b(?:we\s+use\s+cookies|(?:site|website|partners)\s+uses?\s+cookies|use\s+of\s+cookies"
    r"|cookies?\s+(?:policy|settings|preferences|notice|consent)|accept\s+(?:all\s+)?cookies"
    r"|store\s+and(?:/or)?\s+access\s+information\s+on\s+(?:a|your)\s+device"
    # Consent banners: "... would like to process and share personal data ... using cookies and similar tools",
    # "By clicking “accept” below, you ... grant your consent".
    r"|(?:using|uses?\s+of)\s+cookies\s+and\s+similar|by\s+clicking\s+[“\"'‘]?(?:accept|agree|ok|continue)\w*[”\"'’]?"
    r"|would\s+like\s+to\s+(?:collect|process|store|use)(?:\s+and\s+share)?\s+(?:your\s+)?personal\s+data)\b",
    re.IGNORECASE,
)
_COOKIE_BUTTON_RE = re.compile(
    r"^(?:accept(?:\s+all)?(?:\s+cookies)?|reject(?:\s+all)?(?:\s+cookies)?|manage\s+(?:preferences|cookies|settings|options)"
    r"|cookie\s+settings|privacy\s+settings|we\s+value\s+your\s+privacy|your\s+privacy\s+choices|i\s+agree"
    r"|agree\s+(?:and|&)\s+(?:close|continue)|(?:got\s+it|ok|okay)|more\s+options|consent)\s*!?$",
    re.IGNORECASE,
)
_ADVERT_RE = re.compile(
    r"^(?:advertisement|advert|ad|ads|sponsored(?:\s+content)?|promoted(?:\s+content)?|paid\s+(?:content|post)"
    r"|partner\s+content|(?:the\s+)?(?:story|article)\s+continues\s+(?:below|after)(?:\s+(?:this|the))?(?:\s+advert(?:isement)?)?"
    r"|continue\s+reading\s+(?:below|the\s+main\s+story)|scroll\s+to\s+continue(?:\s+with\s+content)?"
    r"|advertisement\s*[·\-–—]\s*scroll\s+to\s+continue)\s*[.:]?$",
    re.IGNORECASE,
)
_SOCIAL_RE = re.compile(
    r"^(?:follow\s+(?:us|\S.{0,40}?)\s+on\s+|(?:download|get)\s+(?:our|the)\s+(?:free\s+)?app\b|join\s+us\s+on\s+"
    r"|like\s+us\s+on\s+|find\s+us\s+on\s+|click\s+here\b)",
    re.IGNORECASE,
)
_SOCIAL_NETWORKS_RE = re.compile(
    r"\b(?:facebook|twitter|x|instagram|telegram|whatsapp|youtube|tiktok|linkedin|threads|bluesky|app|google\s+news)\b",
    re.IGNORECASE,
)
# "Copyright" only counts when a symbol or a year follows: "Copyright lawyers said ..." is prose.
_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)\s*\d{4})|^copyright\s*(?:©|\(c\)|\d{4})|\ball\s+rights\s+reserved\b", re.IGNORECASE
)


# A blog's share bar as its buttons paste: "Click to share on Pinboard (Opens in new window)", "Like this:".
_SHARE_BUTTON_RE = re.compile(
    r"^(?:click\s+to\s+(?:share|email|print|tweet|pin)\b.{0,60}|like\s+this\s*:|share\s+this\s*:)"
    r"\s*(?:\(opens\s+in\s+(?:a\s+)?new\s+window\))?$",
    re.IGNORECASE,
)


def is_share_widget(line: str) -> bool:
    """Toolbar text: only interface words, or glued words with several interface words in a short line."""
    if len(line) > 140:
        return False
    if _SHARE_BUTTON_RE.match(line):
        return True
    if ends_with_full_stop(line):
        return False
    toks = [t.casefold() for t in words(unglue(line))]
    if not toks:
        return False
    core = sum(1 for t in toks if t in _UI_CORE)
    if core == 0:
        return False
    stamp_words = {
        "updated",
        "published",
        "ago",
        "hours",
        "hour",
        "minutes",
        "mins",
        "min",
        "days",
        "read",
        "h",
        "m",
    }
    if all(t in _UI_CORE or t in _UI_FILLER or t in stamp_words for t in toks):
        return True
    return glue_points(line) >= 1 and core >= 2


def is_glued_headlines(line: str) -> bool:
    """Several headlines pasted into one line with no punctuation between them."""
    if ends_with_full_stop(line) or has_inner_sentence_break(line) or len(line) > 400:
        return False
    segments = glued_segments(line)
    if len(segments) < 2:
        return False
    sizes = [len(words(s)) for s in segments]
    if len(segments) >= 3:
        return sum(1 for n in sizes if n >= 3) >= 2 and min(sizes) >= 1
    # Two pieces only: both must be headline-long, or "easyJet"-style names would split a headline.
    return min(sizes) >= 4


def is_caption(line: str) -> bool:
    # A long line that starts like a caption is a caption pasted onto the first paragraph:
    # keeping the caption is better than losing the paragraph.
    # A long caption-led line ending in a full stop has body text glued on after the credit.
    if _CAPTION_START_RE.match(line):
        size = len(words(line))
        return size <= _CAPTION_MAX_WORDS and (not ends_with_full_stop(line) or size <= _CAPTION_PROSE_WORDS)
    # A link closing the line ("... pic.twitter.com/Ab12") is an embedded post, not a "Name/Agency" credit.
    if _TRAILING_LINK_RE.search(line):
        return False
    return len(line) <= 300 and not ends_with_full_stop(line) and bool(_CAPTION_END_RE.search(line))


#: A caption under this many words is a label, not a picture's description or credit.
_CAPTION_TEXT_MIN_WORDS = 2


def is_caption_text(line: str) -> bool:
    """A picture's description or its bare credit ("Jane Roe/Agency"), which an article keeps with the picture.

    Lines led by a label ("Image caption, ...", "Photograph: ...", "View image in fullscreen") are the page's
    picture widget (screen-reader labels and buttons pasted as text) and are not.
    """
    return not _CAPTION_START_RE.match(line) and len(words(line)) >= _CAPTION_TEXT_MIN_WORDS


def is_newsletter(line: str) -> bool:
    folded = line.casefold()
    if "newsletter" not in folded and "inbox" not in folded and not re.match(r"^sign\s*up\b", folded):
        return False
    if _NEWSLETTER_START_RE.match(line):
        return True
    return not ends_sentence(line) and len(words(line)) <= 12


def is_donation_appeal(line: str) -> bool:
    start = _DONATION_START_RE.match(line)
    if start is None or len(words(line)) > _DONATION_MAX_WORDS:
        return False
    # the ask comes after the opening verb: "Donate blood at the depot on Friday" opens with one and asks nothing
    asks = [m.group(0) for m in _DONATION_ASK_RE.finditer(line, start.end())]
    if not asks:
        return False
    return any(not _DONATION_WEAK_ASK_RE.match(a) for a in asks) or bool(_DONATION_ADDRESS_RE.search(line))


def is_cookie_notice(line: str) -> bool:
    return bool(_COOKIE_PROSE_RE.search(line) or _COOKIE_BUTTON_RE.match(line))


def is_social(line: str) -> bool:
    return len(line) <= 140 and bool(_SOCIAL_RE.match(line)) and bool(_SOCIAL_NETWORKS_RE.search(line))


def is_separated_menu(line: str) -> bool:
    """'Home / News / Ukraine', 'Terms of Service | Privacy Policy | Contact Us': short items between separators."""
    if ends_with_full_stop(line) or len(line) > 200:
        return False
    items = [i for i in _NAV_SEPARATOR_RE.split(line) if i.strip()]
    if len(items) < 3:
        return False
    return all(len(words(i)) <= 4 and not ends_sentence(i) for i in items)


def is_related_marker(line: str) -> bool:
    return bool(_RELATED_MARKER_RE.match(line))


def is_comment_marker(line: str, strong_only: bool = False) -> bool:
    # The marker cuts off the rest of the page, so it must be a short line, never a body sentence.
    if len(words(line)) <= 25 and _COMMENT_NOTICE_RE.search(line):
        return True
    if len(words(line)) > _COMMENT_MARKER_MAX_WORDS:
        return False
    if _COMMENT_STRONG_RE.match(line):
        return True
    return not strong_only and bool(_COMMENT_WEAK_RE.match(line))


def is_comment_author(line: str) -> bool:
    return len(words(line)) <= 8 and bool(_COMMENT_AUTHOR_RE.match(line))


def is_form_field(line: str) -> bool:
    return bool(_FORM_FIELD_RE.match(line))


def classify_line(line: str) -> str | None:
    """The furniture reason for a line on its own, or None when the line may be body text."""
    if is_cookie_notice(line):
        return COOKIES
    if _COPYRIGHT_RE.search(line) and len(line) <= 200:
        return COPYRIGHT
    if _ADVERT_RE.match(line):
        return ADVERTISEMENT
    if is_caption(line):
        return CAPTION
    if is_newsletter(line):
        return NEWSLETTER
    if is_donation_appeal(line):
        return DONATION
    if is_social(line):
        return SOCIAL
    if is_comment_marker(line, strong_only=True):
        return COMMENTS
    if _NAVIGATION_RE.match(line) or is_separated_menu(line):
        return NAVIGATION
    if is_related_marker(line):
        return RELATED
    if _RELATED_INLINE_RE.match(line) and not is_sentence_like(line):
        return RELATED
    if parse_credit_line(line) is not None or parse_by_line(line) is not None:
        return BYLINE
    if dates.is_read_time(line):
        return READ_TIME
    if dates.is_timestamp(line):
        return TIMESTAMP
    if is_share_widget(line):
        return SHARE
    if is_glued_headlines(line):
        return RELATED
    return None


# "7/50 Kicking up a skink": the counter of a picture gallery's slide, with the slide's title after it.
_SLIDE_COUNTER_RE = re.compile(r"^(?P<k>\d{1,3})\s*/\s*(?P<n>\d{1,3})\b")
#: Slides of one gallery in order before the run counts as a gallery (not a "24/7" in a sentence).
_MIN_SLIDES = 3
#: Lines a slide's caption and credit may take after its counter.
_SLIDE_LINES = 3


def gallery_lines(lines: list[str]) -> set[int]:
    """Lines of picture galleries pasted as text: numbered slides "k/N", each with a caption and a credit.

    A gallery is at least three slides of the same N counted up in order; it runs from the first counter
    to the caption and credit after the last one (at most a few lines, and never past a line that is
    itself a long paragraph of more than one sentence after the last slide).
    """
    found: set[int] = set()
    slides = [(i, m) for i, line in enumerate(lines) if (m := _SLIDE_COUNTER_RE.match(line))]
    run: list[int] = []
    for n, (i, match) in enumerate(slides):
        total, k = int(match.group("n")), int(match.group("k"))
        previous = slides[n - 1] if n else None
        follows = (
            previous is not None
            and int(previous[1].group("n")) == total
            and int(previous[1].group("k")) == k - 1
            and i - previous[0] <= _SLIDE_LINES + 1
        )
        if not follows:
            run = []
        if k <= total:
            run.append(i)
        if len(run) >= _MIN_SLIDES:
            last = min(len(lines), run[-1] + _SLIDE_LINES)
            found.update(range(run[0], last))
    return found


#: A chart pasted as text: its axis ticks and values one per line ("$915", "billion", "600", "’17").
_TICK_MAX_CHARS = 16
_CHART_MIN_TICKS = 8
#: Share of a chart's tick lines that are bare numbers (no letters): a table's cells carry words and units.
_CHART_NUMBER_SHARE = 0.6


def _is_tick(line: str) -> bool:
    return len(line) <= _TICK_MAX_CHARS and len(words(line)) <= 2 and not line.rstrip().endswith((".", "?", "!"))


def chart_lines(lines: list[str]) -> set[int]:
    """Runs of at least eight tick-sized lines, most of them bare numbers: a chart's labels, not prose."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line and _is_tick(line):
            run.append(i)
            continue
        numbers = sum(1 for j in run if not any(c.isalpha() for c in lines[j]))
        if len(run) >= _CHART_MIN_TICKS and numbers >= _CHART_NUMBER_SHARE * len(run):
            found.update(run)
        run = []
    return found
