"""Whole pasted pages, hand-written (fictional town, outlet and people): the article is found and kept.

Each test builds a page as select-all + copy gives it: site furniture above, the headline, the article,
furniture below; one kind of furniture from issue 11 at a time.  The article must come out whole and in
order, and the furniture must be in ``dropped`` with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from newsfuse.clean import CleanedText, clean_pasted
from newsfuse.clean.furniture import chart_lines, is_donation_appeal
from newsfuse.clean.shape import normalise_line

HEADLINE = "Marrowby lighthouse keepers relight the old lamp after a decade of darkness"
STANDFIRST = "Volunteers spent three winters rebuilding the lantern room with salvaged brass and donated glass"
ARTICLE = [
    ("The lamp at Marrowby Point shone across the bay again on Thursday night, ten years after the harbour "
    "trust switched it off to save money and left the tower to the gulls."),
    ("A crowd of about four hundred people stood on the shingle below the tower as Edda Quillfeather, who led "
    "the restoration group, turned the brass key that starts the clockwork."),
    ('"We were told the lens could not be repaired, that the parts no longer existed," Quillfeather said. '
    '"So we made the parts ourselves, one winter at a time."'),
    ("The group of retired fitters, two glaziers and a schoolteacher raised the money through jumble sales, a "
    "sponsored swim around the headland and a raffle for a rowing boat."),
    ("Harbour trust chair Bastian Orrell said the light would not return to official charts, because ships now "
    "navigate by satellite, but called the evening a gift to the town."),
    ("Fishing crews who work the shallow banks off the point welcomed the news, saying the light gives them a "
    "familiar mark when fog rolls in faster than the forecasts predict."),
    ("The restoration cost a little under eighty thousand crowns, according to the group's accounts, which are "
    "pinned to the noticeboard of the chandlery on Quay Lane."),
    ("The lamp will burn from dusk until midnight each evening through the winter months, and the group plans "
    "to open the tower to visitors on the first Sunday of every month."),
]
MENU = ["Skip to content", "Cliffside Courier", "News", "Sport", "Weather", "Obituaries", "Subscribe", "Sign in"]
FOOTER = ["About us", "Contact us", "© 2027 Cliffside Courier Ltd. All rights reserved."]


def build(
    top: Sequence[str] = MENU,
    bottom: Sequence[str] = FOOTER,
    *,
    article: Sequence[str] = ARTICLE,
    under_headline: Sequence[str] = ("By Ilse Varrow",),
    standfirst: str | None = STANDFIRST,
) -> str:
    lines = [*top, HEADLINE, *([standfirst] if standfirst else []), *under_headline, *article, *bottom]
    return "\n".join(lines)


def assert_article_kept(cleaned: CleanedText, article: Sequence[str] = ARTICLE) -> None:
    body = cleaned.body.splitlines()
    missing = [line for line in article if line not in body]
    assert not missing, f"article lines lost: {missing}"
    positions = [body.index(line) for line in article]
    assert positions == sorted(positions)


def assert_dropped(cleaned: CleanedText, lines: Sequence[str]) -> None:
    body = cleaned.body.splitlines()
    dropped = {d.text: d.reason for d in cleaned.dropped}
    for line in lines:
        assert line not in body, f"furniture kept: {line!r}"
        assert dropped.get(line), f"{line!r} not recorded in dropped"


def assert_accounted(raw: str, cleaned: CleanedText) -> None:
    placed = cleaned.body.splitlines() + [d.text for d in cleaned.dropped] + [cleaned.title or ""]
    inputs = [line for line in (normalise_line(x) for x in raw.splitlines()) if line]
    assert sorted(x for x in placed if x) == sorted(inputs)
    assert all(d.reason for d in cleaned.dropped)


# ------------------------------------------------------------------------------------ furniture after the article

TEASER_CARDS = [
    "More stories",
    "Ferry timetable changes for the spring season",
    "Two extra sailings will run on Saturdays from April.",
    "Harbour market returns with forty stalls",
    "Traders from across the county will set up on the quay.",
    "Cliff path reopens after landslip repairs",
    "Walkers can again use the upper route to the cove.",
]
POPULAR_BLOCKS = [
    "Trending News",
    "Council votes to keep the night bus",
    "Most Popular Videos",
    "Watch: seals return to the sandbar at low tide",
]
COMMENT_THREAD = [
    "3 responses to \u201cMarrowby lighthouse keepers relight the old lamp\u201d",
    "Perrin Lodestone says:",
    "March 5, 2027 at 8:02 am",
    "I remember the light from when I was a boy, and I cried when I saw it turning again last night.",
    "Reply",
    "Gwenna Tarrow says:",
    "March 5, 2027 at 9:40 am",
    "Well done to every volunteer who gave up their weekends for this, the whole coast owes you a pint.",
    "Reply",
]
LEGAL_AND_DONATION = [
    "Support independent local journalism. Donate today to keep our reporters on the coast.",
    "Terms of Service | Privacy Policy | Cookie Settings | Contact",
    "© 2027 Cliffside Courier Ltd. All rights reserved.",
]
COMMENT_FORM = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Comment *",
    "Name *",
    "Email *",
    "Website",
    "Post Comment",
    "This site uses a filter to reduce spam. Learn how your comment data is processed.",
]


@pytest.mark.parametrize(
    "bottom",
    [TEASER_CARDS, POPULAR_BLOCKS, COMMENT_THREAD, LEGAL_AND_DONATION, COMMENT_FORM],
    ids=["teaser-cards", "popular-and-trending", "comment-thread-without-form", "legal-and-donation", "comment-form"],
)
def test_furniture_after_the_article_goes(bottom: list[str]) -> None:
    raw = build(bottom=bottom)
    cleaned = clean_pasted(raw)
    assert_article_kept(cleaned)
    assert_dropped(cleaned, bottom)
    assert_accounted(raw, cleaned)


def test_comment_thread_is_dropped_as_comments() -> None:
    cleaned = clean_pasted(build(bottom=COMMENT_THREAD))
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert reasons[COMMENT_THREAD[0]] == "comment form"
    assert reasons["Perrin Lodestone says:"] == "comment form"
    assert reasons[COMMENT_THREAD[3]] == "comment form"


def test_comment_form_footer_and_its_spam_notice_are_comments() -> None:
    cleaned = clean_pasted(build(bottom=COMMENT_FORM))
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert reasons["Leave a Reply"] == "comment form"
    assert reasons[COMMENT_FORM[-1]] == "comment form"


# ------------------------------------------------------------------------------------ furniture before the article

MEGA_MENU = [
    "Skip to content",
    "Cliffside Courier",
    "News",
    "Local Sports",
    "Big Data / PC Gaming",
    "Harbour & Coast",
    "Business",
    "Markets",
    "Opinion",
    "Letters",
    "Weather",
    "Subscribe",
]
TICKER = ["FTSE 7,412.3 \u25b2 0.4%", "DAX 15,903.1 \u25bc 0.2%", "Brent $81.20 \u25b2 1.1%", "EUR/GBP 0.8612"]
DISCLAIMER = ["This page contains affiliate links. We may earn a commission at no extra cost to you."]


@pytest.mark.parametrize(
    "top",
    [MEGA_MENU, MEGA_MENU + TICKER, MENU + DISCLAIMER],
    ids=["mega-menu", "market-ticker", "header-disclaimer"],
)
def test_furniture_before_the_article_goes(top: list[str]) -> None:
    raw = build(top=top)
    cleaned = clean_pasted(raw)
    assert_article_kept(cleaned)
    assert_dropped(cleaned, [line for line in top if line != "Cliffside Courier"])
    assert cleaned.title == HEADLINE
    assert_accounted(raw, cleaned)


def test_glued_first_block_of_stamp_share_and_image_labels_goes() -> None:
    glued = (
        "Published4 hours agoShareSaveImage source, Quayside AgencyImage caption, "
        "Edda Quillfeather turns the brass key at dusk"
    )
    cleaned = clean_pasted(build(under_headline=[glued]))
    assert_article_kept(cleaned)
    assert_dropped(cleaned, [glued])


# ------------------------------------------------------------------------------------ body that must stay


def test_comment_count_toolbar_above_the_article_does_not_cut_it() -> None:
    # The teaser paragraph above the toolbar looks like a first paragraph; the toolbar looks like the start
    # of the comments.  Cutting there would drop the whole article: the cut is refused.
    teaser = (
        "Teasers from the harbour desk arrive every weekday morning with the tide tables and the ferry times "
        "for the coming week."
    )
    raw = build(
        top=["Cliffside Courier", "News", "Sport", teaser],
        under_headline=["By Ilse Varrow", "12 Comments", "Share", "Save"],
        bottom=["Post a comment", "Name", "Email", "Submit"],
    )
    cleaned = clean_pasted(raw)
    assert_article_kept(cleaned)
    assert_dropped(cleaned, ["12 Comments", "Post a comment", "Submit"])
    assert_accounted(raw, cleaned)


def test_embedded_post_with_a_picture_link_is_not_a_photo_credit() -> None:
    post = [
        "The beam is back over Marrowby bay tonight and it is glorious pic.twitter.com/Qw7rT2mLp",
        "\u2014 Harbour Watch (@harbourwatchmb) March 4, 2027",
    ]
    article = [*ARTICLE[:3], *post, *ARTICLE[3:]]
    cleaned = clean_pasted(build(article=article))
    assert_article_kept(cleaned, article)
    assert cleaned.authors == ["Ilse Varrow"]


def test_table_with_repeated_cells_inside_the_article_stays() -> None:
    table = [
        "Day",
        "Breakfast",
        "Lunch",
        "Supper",
        "Monday",
        "Porridge with pears",
        "Lentil soup",
        "Baked cod",
        "Tuesday",
        "Porridge with pears",
        "Lentil soup",
        "Bean stew",
        "Wednesday",
        "Rye toast",
        "Lentil soup",
        "Baked cod",
    ]
    intro = "The keepers' weekly menu during the final push was pinned to the tower door:"
    article = [*ARTICLE[:4], intro, *table, *ARTICLE[4:]]
    cleaned = clean_pasted(build(article=article))
    body = cleaned.body.splitlines()
    for line in set(table):
        assert body.count(line) == table.count(line), line


def test_a_page_that_is_only_the_article_is_left_alone() -> None:
    text = "\n".join(ARTICLE)
    cleaned = clean_pasted(text)
    assert cleaned.body == text
    assert cleaned.dropped == []


def test_lines_with_camel_case_names_and_identifiers_are_not_glued_headlines() -> None:
    # Technical writing joins words without spaces on purpose; these are article lines, not headline lists.
    lines = [
        "The keepers logged each beam rotation with a small script called LanternClockWatcher.py on a spare laptop",
        "Edda patched the TideTableParser so that it no longer skipped the spring equinox",
        "Bastian moved the readings into a QuayLedgerJS dashboard that the harbour office can open",
    ]
    article = [*ARTICLE[:3], *lines, *ARTICLE[3:]]
    cleaned = clean_pasted(build(article=article))
    assert_article_kept(cleaned, article)


GALLERY = [
    "Harbour life in pictures",
    "1/24 Nets drying on the quay",
    "Crews hang the mended nets along the railings before the autumn gales arrive on the coast.",
    "Quayside Agency",
    "2/24 Gulls over the slipway",
    "A flock circles the returning boats, hoping for scraps from the morning's sorting tables.",
    "Quayside Agency",
    "3/24 Paint for the ferry",
    "Volunteers repaint the hull of the island ferry in the dry dock behind the chandlery.",
    "Quayside Agency",
    "4/24 Lantern room at dusk",
    "The restored lens throws its first beam over the water as the sun drops behind the headland.",
]


def test_picture_gallery_after_the_article_goes() -> None:
    raw = build(bottom=[*GALLERY, *FOOTER])
    cleaned = clean_pasted(raw)
    assert_article_kept(cleaned)
    assert_dropped(cleaned, GALLERY[1:])
    assert_accounted(raw, cleaned)


def test_a_page_that_is_only_a_gallery_keeps_its_captions() -> None:
    # Safety: with no article prose beside it, the slides are the page's content and stay.
    slides = GALLERY[1:10]
    raw = "\n".join(["Home", "Harbour life in pictures", *slides])
    cleaned = clean_pasted(raw)
    body = cleaned.body.splitlines()
    assert [line for line in slides if line in body] == slides


def test_a_pictures_caption_inside_the_article_is_kept_and_its_widget_labels_go() -> None:
    described = "Edda Quillfeather winds the clockwork on Thursday evening. Photograph: Orla Penhallow/Quay Pictures"
    bare_credit = "Tamsin Ruddle/Cliffside Courier/Gull Images"
    label = "Photograph: Orla Penhallow/Quay Pictures"
    widget = "View image in fullscreen"
    article = [*ARTICLE[:3], widget, described, label, *ARTICLE[3:6], bare_credit, *ARTICLE[6:]]
    cleaned = clean_pasted(build(article=article))
    assert_article_kept(cleaned, [*ARTICLE[:3], described, *ARTICLE[3:6], bare_credit, *ARTICLE[6:]])
    dropped = {d.text: d.reason for d in cleaned.dropped}
    assert dropped[widget] == "image caption"
    assert dropped[label] == "image caption"


def test_a_caption_among_the_teasers_after_the_article_still_goes() -> None:
    teaser_caption = "Gulls over the Quay Lane chandlery at dawn. Photograph: Orla Penhallow/Quay Pictures"
    bottom = [
        "More from the Courier",
        "Ferry timetable changes for the spring crossing season",
        teaser_caption,
        "Quay Lane market moves indoors for the winter months",
        *FOOTER,
    ]
    cleaned = clean_pasted(build(bottom=bottom))
    assert_article_kept(cleaned)
    assert teaser_caption not in cleaned.body


def test_a_consent_banner_above_the_menus_is_not_taken_for_the_article() -> None:
    banner = [
        "Welcome to the Cliffside Courier",
        ("Quayside Media Group would like to process and share personal data (such as a device identifier) with "
         "its advertising partners using cookies and similar tracking tools in order to tailor offers to you."),
        "Quayside Media Group runs this site from Marrowby and keeps what you give it on servers in the harbour town.",
        ("By clicking “Accept” below, you agree to these uses of your data until you change your mind in the "
         "settings page of your reader account."),
    ]
    menu = [f"Harbour desk {n}" for n in range(40)]
    cleaned = clean_pasted(build(top=[*banner, *menu]))
    assert_article_kept(cleaned)
    assert cleaned.title == HEADLINE
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert reasons[banner[1]] == "cookie notice"
    assert reasons[banner[3]] == "cookie notice"


def test_the_name_over_a_date_nearest_the_article_is_its_byline_not_a_teaser_cards_writer() -> None:
    top = [
        *MENU,
        HEADLINE,
        "You may also like",
        "Quay Lane market moves indoors for the winter months",
        "Corwin Haldane",
        "Today 7:30AM",
        "Ferry timetable changes for the spring crossing season",
        "Perpetua Vosk",
        "Yesterday 12:35PM",
        "Subscribe to the Courier",
        "Ilse Varrow",
        "9/11/27 10:00AM",
    ]
    raw = "\n".join([*top, *ARTICLE, *FOOTER])
    cleaned = clean_pasted(raw)
    assert_article_kept(cleaned)
    assert cleaned.authors == ["Ilse Varrow"]


def test_a_sponsored_links_widget_after_the_article_goes() -> None:
    bottom = [
        "Sponsored Links",
        "by Gullfeed",
        "We Recommend",
        "Brass Lanterns Are Selling Out Across The Coast",
        "lanternshop-example.net",
        "Keepers Hate This One Weird Trick For Foggy Nights",
        "FogDaily.net",
        *FOOTER,
    ]
    cleaned = clean_pasted(build(bottom=bottom))
    assert_article_kept(cleaned)
    reasons = {d.text: d.reason for d in cleaned.dropped}
    for line in ("Sponsored Links", "by Gullfeed", "We Recommend"):
        assert reasons[line] == "related headlines"
    assert "Brass Lanterns Are Selling Out Across The Coast" not in cleaned.body


def test_a_blog_share_bar_and_its_related_post_cards_go() -> None:
    bottom = [
        "Share this:",
        "Click to share on Gullbook (Opens in new window)",
        "Click to email this to a friend (Opens in new window)",
        "Like this:",
        "Related",
        "Quay Lane chandlery reopens after the storm",
        "The chandlery's owners spent the autumn replacing the flooded floor and the rotten shelves.",
        "March 3, 2027",
        'In "Harbour news"',
        "Ferry crossing season opens early",
        "The first crossing of the year left Marrowby on a calm morning with sixty passengers aboard.",
        "April 9, 2027",
        'In "Harbour news"',
        *FOOTER,
    ]
    cleaned = clean_pasted(build(bottom=bottom))
    assert_article_kept(cleaned)
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert reasons["Click to share on Gullbook (Opens in new window)"] == "share widget"
    assert reasons["Like this:"] == "share widget"
    for line in bottom[5:13]:
        assert line not in cleaned.body.splitlines()


def test_a_charts_axis_labels_go_and_a_table_of_words_and_units_stays() -> None:
    chart = ["Lamp oil bought by the trust", "4,000", "litres", "3,000", "2,000", "1,000", "0", "’19", "’20", "’21",
             "’22", "’23"]
    table = ["Lantern room", "12.5 kg", "Brass drum", "8.1 kg", "Lens frame", "30.2 kg", "Clock weight", "44 kg",
             "Wick holder", "0.4 kg"]
    cleaned = clean_pasted(build(article=[*ARTICLE[:3], *chart, *ARTICLE[3:]]))
    assert_article_kept(cleaned)
    reasons = {d.text: d.reason for d in cleaned.dropped}
    assert reasons["3,000"] == "chart labels"
    assert reasons["’21"] == "chart labels"
    # A table pasted one cell a line carries words and units: not a chart.
    assert chart_lines(["Harbour lamps of the north coast", *table, ARTICLE[0]]) == set()
    assert chart_lines(chart) == set(range(1, len(chart)))


def test_a_blog_platforms_name_over_a_glued_date_and_reading_time_is_the_byline() -> None:
    from newsfuse.clean.credits import read_near_headline

    lines = [
        "Ready to publish?",
        "Sign in / Sign up",
        "Ilse Varrow",
        "on Nov 2311 min",
        "Next story",
        "The writer chose to keep this story unlisted, so only people with its link can read it here.",
        HEADLINE,
        *ARTICLE,
    ]
    found = read_near_headline(lines, 6, (5, len(lines)), [])
    assert found is not None
    assert found.authors == ["Ilse Varrow"]
    assert {2, 3} <= set(found.byline_lines)


def test_a_sentence_opening_with_a_giving_verb_is_not_an_appeal() -> None:
    assert not is_donation_appeal("Donate blood at the Harlow Street depot on Friday, the health board urged.")
    assert not is_donation_appeal("Donate aa aa aa.")  # the opening verb alone is no ask (found by hypothesis)
    assert is_donation_appeal("Donate today to keep our reporters on the coast and our journalism free.")
    assert is_donation_appeal("Support independent local journalism.")


def test_a_news_sentence_about_supporters_or_members_is_not_an_appeal() -> None:
    assert not is_donation_appeal("Support among supporters of the ferry levy fell to a third in the spring poll.")
    assert not is_donation_appeal("Make membership of the harbour board elected, the fishers' guild demanded.")
    assert not is_donation_appeal("Help contributors to the pension fund claim before March, the ombudsman said.")
    # the same words asked of the reader, or for the outlet, are an appeal
    assert is_donation_appeal("Become a supporter today.")
    assert is_donation_appeal("Join our membership scheme for the price of a coffee a week.")
