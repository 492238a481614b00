"""Resolve news date expressions ("on Friday", "last month", "12 November") to calendar dates.

A pure module: :func:`resolve` / :func:`explain` turn one expression and an
anchor date (the article's publication date, else the run's reference date)
into a :class:`ResolvedDate` with a precision, or an :class:`Unresolved` with
the reason.  :func:`find_date_expressions` finds the expressions in a parsed
sentence (NER DATE spans plus regular-expression fallbacks) and tells whether
their verb is future tense.

dateparser parses the absolute calendar forms (ordinals, abbreviations, many
layouts); the year of a year-less date and every relative form are decided
here, because dateparser's choices do not fit news (see ``notes/dependencies``):
it sends a weekday equal to the publication day a week back, returns nothing for
"earlier this week" and reads "2 days" as "2 days ago".

Conventions (why):

* A resolved date is the *start* of its period: month -> the 1st, week -> the
  ISO Monday, year -> 1 January, so that dates sort and compare as strings.
* Past by default: news reports what happened, so a year-less "12 November" or
  "in April" is the most recent one not after the anchor.  With ``future=True``
  (the sentence's verb is future: "will", "is expected to") it is the next one
  not before the anchor.
* A bare weekday equal to the anchor's weekday ("on Saturday" in Saturday's
  paper) is the anchor day itself: a report about an event a week earlier says
  "last Saturday" or gives the date.  "last Saturday" goes back a full week.
* Windows ("in the past 24 hours", "the last few days"), durations ("two
  days"), seasons without a year, decades and vague amounts ("a few weeks
  ago") are not dates: they stay unresolved with a reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from dateparser.date import DateDataParser

from ...model import Precision
from .spans import DateExpression, find_date_expressions

__all__ = [
    "DateExpression",
    "Resolution",
    "ResolvedDate",
    "Unresolved",
    "explain",
    "find_date_expressions",
    "resolve",
]

UnresolvedKind = Literal["unresolved", "window"]

_PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression pinned to the calendar: ``date`` is the first day of the period."""

    date: dt.date
    precision: Precision
    expression: str

    def iso(self) -> str:
        return self.date.isoformat()

    def last_day(self) -> dt.date:
        """The last day of the period the date stands for."""
        if self.precision == "day":
            return self.date
        if self.precision == "week":
            return self.date + dt.timedelta(days=6)
        if self.precision == "month":
            return add_months(self.date, 1) - dt.timedelta(days=1)
        return dt.date(self.date.year, 12, 31)


@dataclass(frozen=True)
class Unresolved:
    """A date expression that names no single calendar period, and why.

    ``kind == "window"`` marks a span of time ("the past 24 hours"), not a date at all.
    """

    expression: str
    reason: str
    kind: UnresolvedKind = "unresolved"


Resolution = ResolvedDate | Unresolved

NO_ANCHOR = "no publication or reference date to count from"

# --------------------------------------------------------------------------- vocabulary

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30,
}  # fmt: skip
_VAGUE_AMOUNTS = ("few", "several", "couple", "many", "some", "number of", "dozen", "coupla")

_WEEKDAY_RE = "|".join(WEEKDAYS)
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_UNIT_RE = r"(?P<unit>day|week|month|year|fortnight)s?"
_AMOUNT_RE = r"(?P<amount>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(?:1[6-9]\d\d|2\d\d\d)(?!\d)|'\d\d\b")
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_RE})\b\.?")

# Leading words that only tie the expression into the sentence.
_LEADING = re.compile(
    r"^(?:(?:on|in|at|by|since|from|until|till|through|throughout|during|as of|of|around|about|"
    r"before|after|between|for|starting|beginning|over|earlier on|as early as|as recently as)\s+)+"
)
_EARLY_LATE = re.compile(r"^(?:(?:early|late|mid|the end of|the beginning of|the start of|the middle of)[\s-]+)")

_TODAY = re.compile(
    r"^(?:(?:earlier |later )?today|tonight|this (?:morning|afternoon|evening)|earlier in the day)$"
)
_YESTERDAY = re.compile(r"^(?:yesterday" + _PART_OF_DAY + r"|last night)$")
_TOMORROW = re.compile(r"^tomorrow" + _PART_OF_DAY + "$")
_WEEKDAY = re.compile(
    rf"^(?P<mod>last|this past|past|this coming|coming|this|next)?\s*(?P<wd>{_WEEKDAY_RE})(?:'s)?"
    + _PART_OF_DAY + "$"
)
_CALENDAR_REF = re.compile(
    r"^(?P<mod>(?:earlier |later |early |late )?this|earlier in the|later in the|last|past|next|coming)"
    r"\s+(?P<unit>week|weekend|month|year)$"
)
_AGO = re.compile(rf"^{_AMOUNT_RE}\s+{_UNIT_RE}\s+ago$")
_VAGUE_AGO = re.compile(r"^(?:a |the )?(?:" + "|".join(_VAGUE_AMOUNTS) + r")\b.*\bago$")
_SUB_DAY_AGO = re.compile(r"\b(?:hours?|minutes?|seconds?|moments?)\s+ago$")
_WINDOW_UNITS = r"(?:hours?|days?|weeks?|fortnight|months?|years?|decades?)"
_WINDOW_AMOUNT = r"(?:\d+|few|several|couple of|" + "|".join(NUMBER_WORDS) + r")"
# "the past week", "in the last 24 hours", "past few days", "the next two weeks": spans of time.
# A bare "last week" / "next month" is a calendar reference and is handled by _CALENDAR_REF.
_WINDOW = re.compile(
    r"^(?:(?:over |in |within |for |during )?the\s+(?:past|last|previous|next|coming|recent)\s+"
    rf"(?:{_WINDOW_AMOUNT}\s+)?{_WINDOW_UNITS}"
    rf"|(?:past|recent)\s+(?:{_WINDOW_AMOUNT}\s+)?{_WINDOW_UNITS}"
    rf"|(?:last|next|coming)\s+{_WINDOW_AMOUNT}\s+{_WINDOW_UNITS})$"
)
_WINDOW_OTHER = re.compile(r"^(?:recent (?:days|weeks|months|years)|(?:a )?(?:few|several) (?:days|weeks))$")
_DURATION = re.compile(rf"^(?:about |some |nearly |almost |more than |over )?{_AMOUNT_RE}\s+{_UNIT_RE}$")
_OFFSET = re.compile(
    rf"^{_AMOUNT_RE}\s+{_UNIT_RE}\s+(?P<dir>after|before|later than|earlier than|following|prior to)\s+"
    r"(?P<rest>.+)$"
)
_NARRATIVE_OFFSET = re.compile(
    rf"^(?:{_AMOUNT_RE}\s+{_UNIT_RE}\s+(?:later|earlier|before|after)"
    r"|(?:the )?(?:following|previous|preceding|same) (?:day|morning|afternoon|evening|night|week|month|year)"
    r"|(?:the )?next (?:day|morning|afternoon|evening|night))$"
)
_MONTH_OF_YEAR = re.compile(
    rf"^(?:the month of )?(?:early |late |mid-?)?(?P<m>{_MONTH_RE})\.?,?\s+(?:of\s+)?(?P<mod>this|last|next)\s+year$"
)
_WEEK_OF = re.compile(r"^(?:the )?week of (?P<rest>.+)$")
_NUMERIC = re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<y>\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$")
_YEAR = re.compile(r"^(?:the year |the )?(?P<y>1[6-9]\d\d|2\d\d\d)$")
_DECADE = re.compile(r"^(?:the )?(?:(?:early |late |mid-?)?)(?:\d{2,4}|'\d\d)s$")
_SEASON = re.compile(
    r"^(?:the )?(?:early |late |mid-?)?(?P<mod>this |last |next |the )?"
    r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<y>\d{4}))?$"
)
_MONTH_ONLY = re.compile(
    rf"^(?P<mod>last |this |next |this past |this coming )?(?P<m>{_MONTH_RE})\.?(?:'s)?(?:,?\s+(?:of\s+)?(?P<y>\d{{4}}))?$"
)


# --------------------------------------------------------------------------- date arithmetic


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_day_in_year(month: int, day: int, anchor: dt.date, future: bool) -> dt.date | None:
    """The (month, day) nearest the anchor on the given side; 29 February looks for a leap year."""
    step = 1 if future else -1
    year = anchor.year
    for _ in range(9):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            year += step
            continue
        if (candidate >= anchor) if future else (candidate <= anchor):
            return candidate
        year += step
    return None


def _month_in_year(month: int, anchor: dt.date, future: bool, strictly: bool = False) -> dt.date:
    """The 1st of the most recent (or, when ``future``, next) such month relative to the anchor's month."""
    this_year = dt.date(anchor.year, month, 1)
    anchor_month = anchor.replace(day=1)
    if future:
        if this_year > anchor_month or (this_year == anchor_month and not strictly):
            return this_year
        return this_year.replace(year=anchor.year + 1)
    if this_year < anchor_month or (this_year == anchor_month and not strictly):
        return this_year
    return this_year.replace(year=anchor.year - 1)


def _amount(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _period_start(day: dt.date, precision: Precision) -> dt.date:
    if precision == "week":
        return week_start(day)
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return dt.date(day.year, 1, 1)
    return day


def _shift(base: ResolvedDate, amount: int, unit: str, expression: str) -> Resolution:
    """Move a resolved date by an amount of units; the unit must not be finer than the date's precision.

    "a week after 3 March" is 10 March, but "a week after February" is no particular week.
    """
    unit_precision = "week" if unit == "fortnight" else unit
    if _PRECISION_RANK[unit_precision] < _PRECISION_RANK[base.precision]:
        return Unresolved(expression, f"an offset in {unit}s from a {base.precision}-precision date")
    if unit in ("day", "week", "fortnight"):
        days = amount * {"day": 1, "week": 7, "fortnight": 14}[unit]
        moved = base.date + dt.timedelta(days=days)
    else:
        month_start = add_months(base.date, amount * (12 if unit == "year" else 1))
        month_end = add_months(month_start, 1) - dt.timedelta(days=1)
        moved = month_start.replace(day=min(base.date.day, month_end.day))
    return ResolvedDate(_period_start(moved, base.precision), base.precision, expression)


# --------------------------------------------------------------------------- dateparser


@functools.lru_cache(maxsize=1)
def _calendar_parser() -> DateDataParser:
    # Built once: constructing a parser is the slow part of dateparser.  The base
    # year 2000 is a leap year so that "29 February" parses; the year of a
    # year-less date is decided by _month_day_in_year, never by dateparser.
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime(2000, 1, 1),
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["month"],
            "RETURN_TIME_AS_PERIOD": False,
        },
    )


def _calendar(text: str, expression: str, anchor: dt.date | None, future: bool) -> Resolution:
    """An absolute calendar date that names a month ("12 November", "Nov. 12, 2025", "March 2026")."""
    data = _calendar_parser().get_date_data(text)
    if data.date_obj is None and "," in text and _MONTH_WORD.search(text.split(",")[0]):
        # "June 17, two days after the vote": the date is the part before the comma.
        text = text.split(",")[0]
        data = _calendar_parser().get_date_data(text)
    if data.date_obj is None:
        return Unresolved(expression, "names a month but dateparser could not read it as a date")
    parsed = data.date_obj.date()
    has_year = _YEAR_IN_TEXT.search(text) is not None
    precision: Precision = "day" if data.period in ("day", "time") else "month"
    if data.period == "week":
        return ResolvedDate(week_start(parsed), "week", expression)
    if has_year:
        return ResolvedDate(parsed if precision == "day" else parsed.replace(day=1), precision, expression)
    if anchor is None:
        return Unresolved(expression, "no year: " + NO_ANCHOR)
    if precision == "month":
        return ResolvedDate(_month_in_year(parsed.month, anchor, future), "month", expression)
    resolved = _month_day_in_year(parsed.month, parsed.day, anchor, future)
    if resolved is None:
        return Unresolved(expression, "day of month does not exist near the anchor year")
    return ResolvedDate(resolved, "day", expression)


# --------------------------------------------------------------------------- resolution


def normalise(expression: str) -> str:
    """Lower-case, straighten quotes, collapse spaces, drop trailing punctuation."""
    text = expression.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = " ".join(text.lower().split())
    return text.strip(" ,;:!?()\"")


def resolve(expression: str, anchor: dt.date | None, *, future: bool = False) -> ResolvedDate | None:
    """The calendar date an expression refers to, or None when it names no single period.

    Use :func:`explain` to learn why an expression stayed unresolved.
    """
    result = explain(expression, anchor, future=future)
    return result if isinstance(result, ResolvedDate) else None


def explain(expression: str, anchor: dt.date | None, *, future: bool = False) -> Resolution:
    """Resolve an expression, or say why it cannot be resolved.  Results are cached."""
    return _explain_cached(expression, anchor, future)


@functools.lru_cache(maxsize=8192)
def _explain_cached(expression: str, anchor: dt.date | None, future: bool) -> Resolution:
    text = normalise(expression)
    if not text:
        return Unresolved(expression, "empty expression")
    if len(text) > 80:
        return Unresolved(expression, "too long to be one date expression")
    if _WINDOW.match(text) or _WINDOW_OTHER.match(text):
        return Unresolved(expression, "a window of time, not a date", "window")
    text = _LEADING.sub("", text)
    if _WINDOW.match(text):
        return Unresolved(expression, "a window of time, not a date", "window")
    # Articles and possessives do not change the date ("the following week", "February's").
    text = re.sub(r"'s$", "", text)
    try:
        return _absolute(text, expression, anchor, future) or _relative(text, expression, anchor, future)
    except (ValueError, OverflowError) as exc:
        # Arithmetic past year 1 or 9999 ("999 years ago" in an old anchor): say so.
        return Unresolved(expression, f"outside the calendar's range ({exc})")


def _absolute(text: str, expression: str, anchor: dt.date | None, future: bool) -> Resolution | None:
    """Forms that carry their own date, or that are not dates whatever the anchor."""
    if match := _ISO.match(text):
        try:
            return ResolvedDate(dt.date(int(match["y"]), int(match["m"]), int(match["d"])), "day", expression)
        except ValueError:
            return Unresolved(expression, "not a real calendar date")
    if match := _NUMERIC.match(text):
        return _numeric(match, expression, anchor, future)
    if match := _YEAR.match(text):
        return ResolvedDate(dt.date(int(match["y"]), 1, 1), "year", expression)
    if _DECADE.match(text):
        return Unresolved(expression, "a decade, coarser than a year")
    if match := _SEASON.match(text):
        if match["y"] and match["season"] != "winter":
            return ResolvedDate(dt.date(int(match["y"]), 1, 1), "year", expression)
        return Unresolved(expression, "a season: no single month, and it depends on the hemisphere")
    if _DURATION.match(text):
        return Unresolved(expression, "a duration, not a date")
    if _VAGUE_AGO.match(text):
        return Unresolved(expression, "a vague amount of time ago")
    if _SUB_DAY_AGO.search(text):
        return Unresolved(expression, "hours or minutes ago: a time of day, not a date expression")
    if match := _OFFSET.match(text):
        return _offset(match, expression, anchor, future)
    if match := _WEEK_OF.match(text):
        inner = explain(match["rest"], anchor, future=future)
        if isinstance(inner, ResolvedDate) and inner.precision in ("day", "week"):
            return ResolvedDate(week_start(inner.date), "week", expression)
        return Unresolved(expression, "the week of something that is not a day")
    if _NARRATIVE_OFFSET.match(text):
        return Unresolved(expression, "an offset from an event in the story, not from the calendar")
    return None


def _numeric(match: re.Match[str], expression: str, anchor: dt.date | None, future: bool) -> Resolution:
    first, second = int(match["a"]), int(match["b"])
    if first <= 12 and second <= 12 and first != second:
        return Unresolved(expression, "day/month order is ambiguous")
    day, month = (first, second) if first > 12 else (second, first)
    if month > 12 or day > 31:
        return Unresolved(expression, "not a real calendar date")
    if match["y"] is None:
        if anchor is None:
            return Unresolved(expression, "no year: " + NO_ANCHOR)
        found = _month_day_in_year(month, day, anchor, future)
        if found is None:
            return Unresolved(expression, "not a real calendar date")
        return ResolvedDate(found, "day", expression)
    year = int(match["y"])
    if year < 100:
        year += 2000
    try:
        return ResolvedDate(dt.date(year, month, day), "day", expression)
    except ValueError:
        return Unresolved(expression, "not a real calendar date")


def _offset(match: re.Match[str], expression: str, anchor: dt.date | None, future: bool) -> Resolution:
    # "a week after February's invasion": the date is the longest leading part of
    # what follows "after" that resolves ("February"); the event noun is dropped.
    words = match["rest"].split()
    base: Resolution = Unresolved(expression, "no date after the offset")
    for end in range(len(words), 0, -1):
        base = explain(re.sub(r"'s$", "", " ".join(words[:end])), anchor, future=future)
        if isinstance(base, ResolvedDate):
            break
    if isinstance(base, Unresolved):
        return Unresolved(expression, "an offset from an event without a date")
    amount = _amount(match["amount"])
    if match["dir"] in ("before", "earlier than", "prior to"):
        amount = -amount
    return _shift(base, amount, match["unit"], expression)


def _relative(text: str, expression: str, anchor: dt.date | None, future: bool) -> Resolution:
    """Forms that need the anchor, then month names handed to dateparser."""
    if match := _MONTH_OF_YEAR.match(text):
        # "September of this year", "January next year", "April of last year".
        step = {"this": 0, "last": -1, "next": 1}[match["mod"]]
        if anchor is None:
            return Unresolved(expression, "relative expression: " + NO_ANCHOR)
        return ResolvedDate(dt.date(anchor.year + step, MONTHS[match["m"]], 1), "month", expression)
    text = re.sub(r"^the month of ", "", text)
    month_only = _MONTH_ONLY.match(_EARLY_LATE.sub("", text))
    if month_only and month_only["y"]:
        return ResolvedDate(dt.date(int(month_only["y"]), MONTHS[month_only["m"]], 1), "month", expression)
    if _MONTH_WORD.search(text) and not month_only:
        return _calendar(_EARLY_LATE.sub("", text), expression, anchor, future)
    if anchor is None:
        return Unresolved(expression, "relative expression: " + NO_ANCHOR)
    if month_only:
        mod = (month_only["mod"] or "").strip()
        month = MONTHS[month_only["m"]]
        if mod in ("next", "this coming"):
            return ResolvedDate(_month_in_year(month, anchor, True, strictly=True), "month", expression)
        if mod in ("last", "this past"):
            return ResolvedDate(_month_in_year(month, anchor, False, strictly=True), "month", expression)
        if mod == "this":
            return ResolvedDate(dt.date(anchor.year, month, 1), "month", expression)
        return ResolvedDate(_month_in_year(month, anchor, future), "month", expression)
    if _TODAY.match(text):
        return ResolvedDate(anchor, "day", expression)
    if _YESTERDAY.match(text):
        return ResolvedDate(anchor - dt.timedelta(days=1), "day", expression)
    if _TOMORROW.match(text):
        return ResolvedDate(anchor + dt.timedelta(days=1), "day", expression)
    if text == "the day before yesterday":
        return ResolvedDate(anchor - dt.timedelta(days=2), "day", expression)
    if text == "the day after tomorrow":
        return ResolvedDate(anchor + dt.timedelta(days=2), "day", expression)
    if match := _WEEKDAY.match(text):
        return ResolvedDate(_weekday(WEEKDAYS[match["wd"]], match["mod"] or "", anchor, future), "day", expression)
    if match := _CALENDAR_REF.match(text):
        return _calendar_ref(match["mod"], match["unit"], anchor, expression)
    if match := _AGO.match(text):
        return _ago(_amount(match["amount"]), match["unit"], anchor, expression)
    if text in ("the weekend", "weekend"):
        return _calendar_ref("last" if anchor.weekday() < 5 else "this", "weekend", anchor, expression)
    return Unresolved(expression, "no calendar reference")


def _weekday(weekday: int, modifier: str, anchor: dt.date, future: bool) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if modifier in ("last", "this past", "past"):
        return anchor - dt.timedelta(days=back or 7)
    if modifier in ("next", "this coming", "coming"):
        return anchor + dt.timedelta(days=ahead or 7)
    # A bare (or "this") weekday equal to the anchor's is the anchor day: see the module docstring.
    return anchor + dt.timedelta(days=ahead) if future else anchor - dt.timedelta(days=back)


def _calendar_ref(modifier: str, unit: str, anchor: dt.date, expression: str) -> ResolvedDate:
    step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(modifier, 0)
    if unit in ("week", "weekend"):
        return ResolvedDate(week_start(anchor) + dt.timedelta(weeks=step), "week", expression)
    if unit == "month":
        return ResolvedDate(add_months(anchor, step), "month", expression)
    return ResolvedDate(dt.date(anchor.year + step, 1, 1), "year", expression)


def _ago(amount: int, unit: str, anchor: dt.date, expression: str) -> ResolvedDate:
    if unit == "day":
        return ResolvedDate(anchor - dt.timedelta(days=amount), "day", expression)
    if unit in ("week", "fortnight"):
        days = amount * (14 if unit == "fortnight" else 7)
        return ResolvedDate(week_start(anchor - dt.timedelta(days=days)), "week", expression)
    if unit == "month":
        return ResolvedDate(add_months(anchor, -amount), "month", expression)
    return ResolvedDate(dt.date(anchor.year - amount, 1, 1), "year", expression)
