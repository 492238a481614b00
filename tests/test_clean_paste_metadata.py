"""Headline, authors and date of hand-written pasted pages (fictional names), one metadata shape per test."""

from __future__ import annotations

import pytest

from newsfuse.clean import clean_pasted
from newsfuse.clean.credits import bare_name, byline_names, read_near_headline
from newsfuse.clean.dates import date_start
from test_clean_paste_pages import ARTICLE, HEADLINE, MEGA_MENU, MENU, build


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By ORSOLYA BRENNICK MAR. 13, 2027", ["Orsolya Brennick"]),
        ("by Tamsin Okafor-Lyle July 10, 2027", ["Tamsin Okafor-Lyle"]),
        ("// By Ilse Varrow \u2022 Nov 11, 2027", ["Ilse Varrow"]),
        ("Ilse Varrow - Nov 19, 2027, 10:31 pm CST", ["Ilse Varrow"]),
        ("Posted on Tuesday 15 October 2027 by Ilse Varrow", ["Ilse Varrow"]),
        ("Written by Ilse Varrow", ["Ilse Varrow"]),
        ("By Ilse Varrow@ivarrow Updated Jul 24, 2027, 2:15pm EDT", ["Ilse Varrow"]),
        ("By Ilse Varrow, Senior Staff Writer, Coastal Affairs Desk", ["Ilse Varrow"]),
        ("By Ilse Varrow, MA", ["Ilse Varrow"]),
        ("by Ilse Varrow (reporting) and Joss Pennick (photography)", ["Ilse Varrow"]),
        ("By ILSE VARROW and JOSS PENNICK Staff Writers", ["Ilse Varrow", "Joss Pennick"]),
        ("Reporting by Ilse Varrow in Marrowby; Editing by Joss Pennick", ["Ilse Varrow"]),
        ("Reviewed by Joss Pennick", []),
        ("Local Sports", []),
        ("Big Data / PC Gaming", []),
        ("Friday 25 December 2027", []),
        ("By the end of the week, the harbour trust had voted.", []),
        ("Harbour Trust today approved the budget for the tower.", []),
        ("\u2014 Harbour Watch (@harbourwatchmb) March 4, 2027", []),
    ],
)
def test_byline_shapes(line: str, names: list[str]) -> None:
    assert byline_names(line) == names


def test_bare_names() -> None:
    assert bare_name("Ilse Varrow") == "Ilse Varrow"
    assert bare_name("The Lantern Room") is None
    assert bare_name("Follow Followed") is None


def test_date_start_takes_the_weekday_with_it() -> None:
    line = "Posted Tuesday, 15 October 2027"
    start = date_start(line)
    assert start is not None and line[start:].startswith("Tuesday")
    assert date_start("No date here") is None


def test_headline_is_the_line_above_the_article_not_a_menu_label() -> None:
    cleaned = clean_pasted(build(top=MEGA_MENU))
    assert cleaned.title == HEADLINE
    assert HEADLINE not in cleaned.body


def test_menu_items_never_become_authors() -> None:
    cleaned = clean_pasted(build(top=MEGA_MENU, under_headline=[]))
    assert cleaned.authors == []


def test_name_dash_date_line_gives_author_and_date() -> None:
    cleaned = clean_pasted(build(under_headline=["Ilse Varrow - Nov 19, 2027, 10:31 pm CST"]))
    assert cleaned.authors == ["Ilse Varrow"]
    assert cleaned.published == "2027-11-19"
    assert "Ilse Varrow - Nov 19, 2027, 10:31 pm CST" not in cleaned.body


def test_shouted_published_line_with_glued_time_gives_the_date() -> None:
    stamp = "PUBLISHED THU, NOV 18 20279:15 PM EST"
    cleaned = clean_pasted(build(under_headline=["By Ilse Varrow", stamp]))
    assert cleaned.published == "2027-11-18"
    assert stamp not in cleaned.body
    assert cleaned.authors == ["Ilse Varrow"]


def test_by_name_date_line() -> None:
    cleaned = clean_pasted(build(under_headline=["by Tamsin Okafor-Lyle July 10, 2027"]))
    assert cleaned.authors == ["Tamsin Okafor-Lyle"]
    assert cleaned.published == "2027-07-10"


def test_bare_name_under_the_headline_is_the_author() -> None:
    cleaned = clean_pasted(build(under_headline=["Ilse Varrow", "Friday 25 December 2026"]))
    assert cleaned.authors == ["Ilse Varrow"]
    assert cleaned.published == "2026-12-25"


def test_names_in_related_cards_are_not_authors() -> None:
    cards = ["Related", "Ferry timetable changes for spring", "By Joss Pennick", "Harbour market returns", "By Nell Aske"]
    cleaned = clean_pasted(build(bottom=cards))
    assert cleaned.authors == ["Ilse Varrow"]


def test_closing_reporting_credit_adds_authors_but_not_editors() -> None:
    credit = "Reporting by Joss Pennick in Marrowby; Editing by Nell Aske"
    cleaned = clean_pasted(build(article=[*ARTICLE, credit]))
    assert cleaned.authors == ["Ilse Varrow", "Joss Pennick"]


def test_outlet_from_the_page_name_line() -> None:
    cleaned = clean_pasted(build(top=MENU))
    assert cleaned.outlet == "Cliffside Courier"


def test_by_line_inside_the_article_when_the_headline_was_missed() -> None:
    lines = [f"Menu item {n}" for n in range(20)] + ARTICLE[:4] + ["By ILSE VARROW MAR. 3, 2027"] + ARTICLE[4:]
    found = read_near_headline(lines, None, (20, len(lines)), [])
    assert found is not None
    assert found.authors == ["Ilse Varrow"]
    assert found.published == "2027-03-03"
    assert found.byline_lines == [24]


def test_a_shouted_widget_label_is_neither_headline_nor_author() -> None:
    assert bare_name("SIGN UP FOR OUR NEWSLETTER") is None
    cleaned = clean_pasted(build(under_headline=["SIGN UP FOR OUR NEWSLETTER"]))
    assert cleaned.title == HEADLINE
    assert cleaned.authors == []


# ------------------------------------------------------------------------------------ outlet, owner, structured date

SITE_MENU = ["Tidewrack", "Harbour", "Boats", "The Shoals", "Weather"]
SITE_FOOTER = ["About Tidewrack", "Write for Tidewrack", "\u00a9 2027 Tidewrack Media Ltd. All rights reserved."]


def test_outlet_is_the_name_the_page_repeats_not_a_section_label() -> None:
    cleaned = clean_pasted(build(top=SITE_MENU, bottom=SITE_FOOTER))
    assert cleaned.outlet == "Tidewrack"


def test_a_section_label_alone_is_no_outlet() -> None:
    # "The Shoals" has the shape of "The Atlantic", but nothing else on the page names it.
    cleaned = clean_pasted(build(top=["Harbour", "Boats", "The Shoals", "Weather"], bottom=["About us", "Contact us"]))
    assert cleaned.outlet is None


def test_copyright_line_names_the_outlet() -> None:
    cleaned = clean_pasted(build(top=["Harbour", "Boats", "Weather"], bottom=["\u00a9 2027 Brinemark. All rights reserved."]))
    assert cleaned.outlet == "Brinemark"


def test_the_signed_owner_of_a_personal_site_is_its_author() -> None:
    raw = build(
        top=["Orla Fenwick", "About", "Archive", "Lighthouses", "Ferries", "Tides", "Notes", "Contact"],
        under_headline=[],
        bottom=["Orla Fenwick \u2014 in Lighthouses \u2014 Permalink", "\u00a9 2027 Orla Fenwick"],
    )
    cleaned = clean_pasted(raw)
    assert cleaned.authors == ["Orla Fenwick"]


def test_a_magazine_named_like_a_person_is_not_its_author() -> None:
    # The site's name looks like a person's, but no line of the page signs with it.
    raw = build(top=["Harbour", "Boats"], under_headline=[], bottom=["About Hollis Grange", "\u00a9 2027 Hollis Grange"])
    cleaned = clean_pasted(raw)
    assert cleaned.authors == []


def test_structured_data_pasted_with_the_page_gives_the_date() -> None:
    script = ['{"@type": "NewsArticle",', '"datePublished": "2027-02-11T06:30:00Z",', '"headline": "Lamp"}']
    cleaned = clean_pasted(build(under_headline=["By Ilse Varrow"], bottom=[*FOOTER_FOR_SCRIPT, *script]))
    assert cleaned.published == "2027-02-11"


FOOTER_FOR_SCRIPT = ["About us", "Contact us"]


# ------------------------------------------------------------------------------------ lines that are never the headline


@pytest.mark.parametrize(
    "widget",
    [
        "// Press enter to search",
        "Search this site Search",
        "Expand Search Form",
        "Powered by Quillpress",
        "Buy Now",
        "Continue reading the main story Share This Page",
        "window._quaysideAds = window._quaysideAds || [];",
        "[Print] [txt|pdf] [Archive] [Feed]",
    ],
)
def test_search_boxes_calls_to_action_and_script_text_are_not_the_headline(widget: str) -> None:
    cleaned = clean_pasted(build(top=[*MENU, widget]))
    assert cleaned.title == HEADLINE
    assert widget not in cleaned.body


def test_a_reference_page_title_is_the_topic_its_first_sentence_names() -> None:
    from newsfuse.clean import clean_pasted

    opening = (
        "A tidewater clockwork is a spring-driven mechanism that turns a harbour lamp's lens at a steady pace "
        "through the night, wound by the keeper at dusk."
    )
    rest = [
        f"The {word} clockworks of the northern coast were built in the workshops of Marrowby, where fitters "
        "cut the brass wheels by hand and tested each drum for a full week before it was shipped."
        for word in ("early", "later", "largest", "smallest", "last", "restored", "surviving", "museum")
    ]
    raw = "\n".join(
        [
            "Tidewater clockwork",
            "From Quaypedia, the open reference work",
            "Jump to navigation Jump to search",
            opening,
            *rest,
            "Retrieved from the Quaypedia archive",
        ]
    )
    cleaned = clean_pasted(raw)
    assert cleaned.title == "Tidewater clockwork"
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert reasons["From Quaypedia, the open reference work"] == "navigation"
    assert reasons["Jump to navigation Jump to search"] == "navigation"
    assert cleaned.body.splitlines()[0] == opening


def test_headline_features_mark_a_topic_phrase_and_a_teaser_card_with_its_writer() -> None:
    from newsfuse.clean.headline import TITLE_FEATURES, title_features

    lines = [
        "Why the ferry fares went up again this spring Corwin Haldane",
        "Tidewater clockwork",
        "Harbour lamps of the north coast",
        "A tidewater clockwork is a spring-driven mechanism that turns a harbour lamp's lens through the night.",
        "Keepers wound the drum at dusk and again at midnight on the longest nights of the winter.",
    ]
    rows = title_features(lines, (3, 5), [None] * len(lines), None, [0, 1, 2])
    phrase = TITLE_FEATURES.index("phrase_in_opening")
    card = TITLE_FEATURES.index("ends_with_name")
    assert [row[phrase] for row in rows] == [0.0, 1.0, 0.0]
    assert [row[card] for row in rows] == [1.0, 0.0, 0.0]


def test_a_reference_pages_title_sits_right_above_its_tagline_unless_that_is_a_menu() -> None:
    from newsfuse.clean import clean_pasted

    infobox = [f"Harbour {n} lamp count {n * 3}" for n in range(45)]
    text = [
        (
            "Marrowby is a fishing town on the north coast, known for its lighthouse and its clockwork lamp, which "
            "keepers have wound by hand since the harbour was built."
        ),
        *[
            f"The {word} quarter of Marrowby grew up around the quay, where the fish market and the chandlery "
            "stood side by side for two hundred years before the railway came."
            for word in ("old", "new", "northern", "southern", "eastern", "western")
        ],
    ]
    tagline = "From Quaypedia, the open reference work"
    page = ["Main menu", "Marrowby", tagline, "Jump to navigation Jump to search", "Marrowby harbour", *infobox, *text]
    assert clean_pasted("\n".join(page)).title == "Marrowby"
    menu_above = ["Main menu", "Tools", tagline, "Jump to navigation Jump to search", *infobox, *text]
    assert clean_pasted("\n".join(menu_above)).title != "Tools"
