"""Extraction on short texts written for these tests, in the styles real sources use."""

from __future__ import annotations

import pytest

from eujapan.extract import extract_document
from eujapan.extract.dates import find_dates
from eujapan.extract.quantities import find_quantities, parse_number


def facts(text: str):
    result = extract_document("t", text)
    for group in (result.mentions, result.milestones, result.deliverables):
        for fact in group:
            assert text[fact.char_start : fact.char_end] == fact.quote
    return result


def org_names(result) -> set[str]:
    return {o.name for o in result.organisations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("signed on 1 February 2019 in Brussels", (2019, 2, 1)),
        ("Tokyo, July 3, 2023 — the agencies", (2023, 7, 3)),
        ("an MoU signed on 27.4.2018 in Tokyo", (2018, 4, 27)),
        ("launched in May 2020 by the Centre", (2020, 5, None)),
        ("published 2019-04-27", (2019, 4, 27)),
        ("established in 1987", (1987, None, None)),
    ],
)
def test_date_expressions(text: str, expected: tuple) -> None:
    dates = find_dates(text)
    assert [(d.year, d.month, d.day) for d in dates] == [expected]


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,500", 1500), ("2 700", 2700), ("25,000", 25000), ("1.5", 1.5), ("12", 12)],
)
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    ("phrase", "quantity", "quantity_max", "qualifier", "unit"),
    [
        ("1,500 executives took part", 1500, None, "exact", "executives"),
        ("about 2 700 participants", 2700, None, "approx", "participants"),
        ("ca 20,000 recipients", 20000, None, "approx", "recipients"),
        ("over 100 partnership agreements", 100, None, "at_least", "agreements"),
        ("more than 60 companies", 60, None, "at_least", "companies"),
        ("800 to 1,000 applicants", 800, 1000, "range", "applicants"),
        ("up to 30 start-ups", 30, None, "at_most", "start-ups"),
        ("900 EU and Japanese engineering students", 900, None, "exact", "students"),
    ],
)
def test_quantity_phrases(phrase, quantity, quantity_max, qualifier, unit) -> None:
    (q,) = find_quantities(phrase, 0, len(phrase))
    assert (q.quantity, q.quantity_max, q.qualifier, q.unit) == (
        quantity,
        quantity_max,
        qualifier,
        unit,
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "a 5-day mission",
        "for over 40 years",
        "under Horizon 2020",
        "5G networks",
        "the 160th anniversary",
        "worth €1 billion",
        "99% of tariffs",
        "in 2019",
        "on 1 February 2019",
    ],
)
def test_not_deliverables(phrase: str) -> None:
    text = f"## Deliverables\n\n* {phrase} and more\n"
    assert facts(text).deliverables == []


def test_acronym_defined_in_parentheses_and_reused() -> None:
    text = (
        "The Japan Science and Technology Agency (JST) and the Academy of Finland signed a "
        "memorandum of understanding on 27.4.2018. JST will fund Japanese teams."
    )
    result = facts(text)
    jst = next(o for o in result.organisations if o.acronym == "JST")
    assert jst.name == "Japan Science and Technology Agency"
    assert org_names(result) >= {"Japan Science and Technology Agency", "Academy of Finland"}
    quotes = [m.quote for m in result.mentions if m.org_key == jst.key]
    assert quotes == ["Japan Science and Technology Agency", "JST", "JST"]
    (milestone,) = result.milestones
    assert (milestone.year, milestone.month, milestone.day, milestone.kind) == (
        2018,
        4,
        27,
        "agreement",
    )


def test_acronym_first_then_long_form() -> None:
    text = "JETRO, or the Japan External Trade Organization, is a government-related organization."
    result = facts(text)
    assert [(o.name, o.acronym) for o in result.organisations] == [
        ("Japan External Trade Organization", "JETRO")
    ]


def test_misspelt_acronym_is_an_alias() -> None:
    text = (
        "N-SIDE works with the Japan Electric Power Exchange (JEPX) on the day-ahead market. "
        "With this tool, JPEX can form prices efficiently."
    )
    result = facts(text)
    jepx = next(o for o in result.organisations if o.acronym == "JEPX")
    assert "JPEX" in jepx.forms
    assert "N-SIDE" in org_names(result)


def test_centre_and_center_are_one_organisation_across_sources() -> None:
    from eujapan.sources import SourceDocument
    from eujapan.tables import build_tables

    texts = {
        "a": "The EU-Japan Centre for Industrial Cooperation opened in 1987.",
        "b": "The EU-Japan Center for Industrial Cooperation hosted a seminar in 2020.",
    }
    docs = [
        SourceDocument(
            k, f"{k}.txt", "0" * 64, len(v), v, k, None, None, "x", None, "en", None, False
        )
        for k, v in texts.items()
    ]
    tables = build_tables(docs, [extract_document(k, v) for k, v in texts.items()])
    orgs = tables["organisations"]
    assert len(orgs) == 1
    assert sorted(orgs.iloc[0]["source_ids"]) == ["a", "b"]


def test_offsets_are_code_points_past_cjk_text() -> None:
    text = (
        "日本貿易振興機構（ジェトロ）は協力を発表しました。\n"
        "The Japan External Trade Organization (JETRO) opened an office in Brussels in 1959."
    )
    result = facts(text)
    jetro = [m for m in result.mentions if m.quote == "Japan External Trade Organization"]
    assert jetro and jetro[0].char_start == text.index("Japan External Trade Organization")
    assert len(text.encode("utf-8")) > len(text)  # the test really crosses multi-byte characters
    (milestone,) = result.milestones
    assert milestone.year == 1959
    assert milestone.char_start > text.index("\n")


def test_table_cell_with_four_launches_is_four_milestones() -> None:
    text = (
        "## History\n\n"
        "| 2014 | * **Launch** of **Keys to Japan** * **Launch** of a Help-desk "
        "* **Launch** of a portal * **Launch** of webinars |\n"
        "| --- | --- |\n"
    )
    result = facts(text)
    assert [(m.year, m.kind) for m in result.milestones] == [(2014, "launch")] * 4
    assert len({m.char_start for m in result.milestones}) == 4


def test_event_repeated_in_title_and_body_is_one_milestone() -> None:
    text = (
        "Trade agreement will enter into force on 1 February 2019\n\n"
        "The economic partnership agreement will enter into force on 1 February 2019, "
        "the Council said."
    )
    result = facts(text)
    assert len(result.milestones) == 1
    assert (result.milestones[0].year, result.milestones[0].month) == (2019, 2)


def test_bullet_with_two_counts_gives_two_deliverables() -> None:
    text = "## Results\n\n* 120 companies and 35 clusters took part in matchmaking missions\n"
    result = facts(text)
    assert [(d.quantity, d.unit) for d in result.deliverables] == [
        (120, "companies"),
        (35, "clusters"),
    ]


def test_programmes_agreements_events_and_places_are_not_organisations() -> None:
    text = (
        "The Vulcanus in Japan programme, the Economic Partnership Agreement (EPA), Expo 2025 "
        "in Osaka and Horizon Europe involve Japan and Belgium. Kozo Saiki spoke at the "
        "EU-Japan summit."
    )
    assert org_names(facts(text)) == set()


def test_dateline_dates_undated_news_events() -> None:
    text = (
        "Hydrogen agencies agree on testing\n\n"
        "Tokyo, July 3, 2023 — The agencies met in Tokyo.\n\n"
        "On the fringes of the event, Hydrogen Europe and the Japan Hydrogen Association "
        "(JH2A) announced a memorandum of understanding."
    )
    result = facts(text)
    mou = [m for m in result.milestones if m.kind == "agreement"]
    assert [(m.year, m.month) for m in mou] == [(2023, 7)]


def test_hedged_future_is_not_a_milestone() -> None:
    text = "The association agreement was expected to be signed in 2026."
    assert facts(text).milestones == []


def test_sentence_with_two_dated_events_gives_two_milestones() -> None:
    text = "The first joint call was opened in 2019, and a call on quantum technologies followed in 2021."
    result = facts(text)
    assert [m.year for m in result.milestones] == [2019, 2021]


def test_crlf_and_bom_free_offsets() -> None:
    text = "## Deliverables\r\n\r\n* 1,500 executives trained\r\n* over 100 agreements signed\r\n"
    result = facts(text)
    assert [(d.quantity, d.qualifier) for d in result.deliverables] == [
        (1500, "exact"),
        (100, "at_least"),
    ]
