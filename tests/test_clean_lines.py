"""Unit tests of the single-line tests: shape, dates, bylines, furniture."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.clean import dates
from newsfuse.clean.byline import parse_by_line, parse_credit_line, parse_name_line
from newsfuse.clean.furniture import classify_line
from newsfuse.clean.shape import glue_points, glued_segments, is_paragraph, normalise_line


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Updated2 hours agoShareSave articleCopy linkFacebookX", "share widget"),
        ("ShareSave", "share widget"),
        ("Share this article", "share widget"),
        ("·2-min read", "read time"),
        ("4 min read", "read time"),
        ("Reading time: 3 minutes", "read time"),
        ("Published 21 November 2026", "timestamp"),
        ("Updated 2 hours ago", "timestamp"),
        ("Sat 21 Nov 2026 14.05 GMT", "timestamp"),
        ("Photo: AFP", "image caption"),
        ("Image credit, Getty Images", "image caption"),
        ("Image caption, Residents queue for water in Izium", "image caption"),
        ("A soldier walks past a destroyed tank near Balakliia. Photograph: Jane Doe/AP", "image caption"),
        ("Troops ride a tank in Kharkiv region on Sunday. (AP Photo/Jane Doe)", "image caption"),
        (
            (
                "Ukraine retakes 20 villages in surprise pushRussian troops flee Izium as front collapses"
                "What we know about the counter-offensive"
            ),
            "related headlines",
        ),
        ("More on this story", "related headlines"),
        ("Read more: Ukraine says 4,000 sq km retaken", "related headlines"),
        ("Post a comment", "comment form"),
        ("Comments are moderated and may take time to appear", "comment form"),
        ("Sign up for our newsletter", "newsletter"),
        ("We use cookies to give you the best experience on our website.", "cookie notice"),
        ("Skip to main content", "navigation"),
        ("Advertisement", "advertisement"),
        ("Follow us on Instagram", "social links"),
        ("By ANNA KOVALENKO", "byline"),
        ("Reporting by Anna Kovalenko; Editing by John Smith", "byline"),
        ("© 2026 Fictional Media Group. All rights reserved.", "copyright"),
    ],
)
def test_furniture_lines(line: str, reason: str) -> None:
    assert classify_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "By the end of the week, the cooperative expects to ask the council for emergency aid.",
        "Photographs shared by residents showed the bridge had collapsed into the river.",
        "The ministry said it would publish the figures in its weekly newsletter.",
        "Advertisements for seasonal workers have been withdrawn.",
        "The governor shared a video of the flag being raised, the ministry said.",
        "\u201cWe will not stop until every village is free.\u201d",
        "The bridge held.",
        "Of the 1,250 residents, 430 left on 3 May, 210 on 4 May and 95 by 9 May.",
        "Comments by the minister on Tuesday drew criticism from the opposition.",
        "Most read newspapers in the region carried the story on their front pages.",
        "Reuters could not independently verify the report.",
        "12 comments were posted on the ministry's page before it was taken down, officials said.",
        "Join the conversation about the future of the town centre, the council urged residents in a letter.",
    ],
)
def test_body_sentences_are_not_furniture(line: str) -> None:
    assert classify_line(line) is None


def test_glue_detection_splits_widget_text() -> None:
    assert glue_points("ShareSave") == 1
    assert glued_segments("surprise pushRussian troops flee") == ["surprise push", "Russian troops flee"]
    # Camel-case names with a short lowercase run are not glue.
    assert glue_points("MacArthur met YouTube and TikTok staff") == 0


def test_paragraph_shape() -> None:
    assert is_paragraph(
        "Ukrainian troops have entered the eastern city of Izium, the regional governor said."
    )
    assert not is_paragraph("Ukraine retakes Izium as Russian lines collapse in the east")
    assert not is_paragraph("Short sentence.")


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Published 21 November 2026", "2026-11-21"),
        ("Sat 21 Nov 2026 14.05 GMT", "2026-11-21"),
        ("Posted Nov 3, 2027 at 6:15 PM", "2027-11-03"),
        ("November 21, 20264:12 PM GMT+2Updated 3 hours ago", "2026-11-21"),
        ("2026-11-21T14:05", "2026-11-21"),
        ("Updated 2 hours ago", None),
    ],
)
def test_absolute_dates(line: str, day: str | None) -> None:
    assert dates.absolute_date(line) == day


def test_bylines() -> None:
    by = parse_by_line("By Anna Kovalenko in Kharkiv and John Smith in London")
    assert by is not None and by.authors == ["Anna Kovalenko", "John Smith"]
    by = parse_by_line("By ANNA KOVALENKO, Reuters")
    assert by is not None and by.authors == ["Anna Kovalenko"] and by.outlet == "Reuters"
    assert parse_by_line("By the end of the week, the army had withdrawn.") is None
    credit = parse_credit_line(
        "Reporting by Anna Kovalenko in Kyiv; Additional reporting by Jan Ek; Editing by Tom Ray"
    )
    assert credit is not None and credit.authors == ["Anna Kovalenko", "Jan Ek"]
    named = parse_name_line("Anna Kovalenko, Reuters")
    assert named is not None and named.authors == ["Anna Kovalenko"] and named.outlet == "Reuters"


_line_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120)


@given(_line_text)
def test_line_tests_never_raise(line: str) -> None:
    line = normalise_line(line)
    classify_line(line)
    dates.absolute_date(line)
    parse_name_line(line)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_written_dates_round_trip(day: dt.date) -> None:
    written = (
        f"Published {day.day} {day:%B %Y}",
        f"{day:%a %d %b %Y} 14.05 GMT",
        f"Updated {day:%b} {day.day}, {day.year}",
    )
    for text in written:
        assert dates.is_timestamp(text)
        assert dates.absolute_date(text) == day.isoformat()
