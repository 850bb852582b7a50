"""Milestones of a document (milestones.py), read through extract_document."""

from __future__ import annotations

from tests.support import extract_grounded


def test_table_cell_with_four_launches_is_four_milestones() -> None:
    text = (
        "## History\n\n"
        "| 2014 | * **Launch** of **Keys to Japan** * **Launch** of a Help-desk "
        "* **Launch** of a portal * **Launch** of webinars |\n"
        "| --- | --- |\n"
    )
    result = extract_grounded(text)
    assert [(m.year, m.kind) for m in result.milestones] == [(2014, "launch")] * 4
    assert len({m.char_start for m in result.milestones}) == 4


def test_event_repeated_in_title_and_body_is_one_milestone() -> None:
    text = (
        "Trade agreement will enter into force on 1 February 2019\n\n"
        "The economic partnership agreement will enter into force on 1 February 2019, "
        "the Council said."
    )
    result = extract_grounded(text)
    assert len(result.milestones) == 1
    assert (result.milestones[0].year, result.milestones[0].month) == (2019, 2)


def test_dateline_dates_only_what_happened_today_or_yesterday() -> None:
    text = (
        "Hydrogen agencies agree on testing\n\n"
        "Tokyo, July 3, 2023 — The agencies met in Tokyo.\n\n"
        "Today Hydrogen Europe and the Japan Hydrogen Association (JH2A) signed a memorandum "
        "of understanding.\n\n"
        "Hydrogen Europe and the Japan Hydrogen Association have signed several agreements."
    )
    result = extract_grounded(text)
    mou = [m for m in result.milestones if m.kind == "agreement"]
    # The dateline dates the sentence that says "today"; the undated background one gets no
    # date from the page's own dateline (issue 13: a dateline on its own dates no event).
    assert [(m.year, m.month) for m in mou] == [(2023, 7)]
    assert "Today" in mou[0].quote


def test_hedged_future_is_not_a_milestone() -> None:
    text = "The association agreement was expected to be signed in 2026."
    assert extract_grounded(text).milestones == []


def test_sentence_with_two_dated_events_gives_two_milestones() -> None:
    text = "The first joint call was opened in 2019, and a call on quantum technologies followed in 2021."
    result = extract_grounded(text)
    assert [m.year for m in result.milestones] == [2019, 2021]


def test_relative_dates_are_read_against_the_dateline() -> None:
    text = (
        "Agencies sign a memorandum\n\n"
        "Tokyo, July 3, 2023 — The agencies met in Tokyo.\n\n"
        "The network was launched this May by the two agencies.\n\n"
        "The first office was opened three years ago in Osaka."
    )
    dated = {(m.kind, m.year, m.month) for m in extract_grounded(text).milestones}
    assert ("launch", 2023, 5) in dated
    assert ("opening", 2020, None) in dated


def test_meeting_that_frames_an_act_is_an_event_of_its_own() -> None:
    text = (
        "At the 5th Nordic-Asian Summit held on 8 December 2001 in Oslo, a Joint Work Plan "
        "was adopted, which listed measures to be taken."
    )
    found = {(m.kind, m.title) for m in extract_grounded(text).milestones}
    assert ("meeting", "5th Nordic-Asian Summit held in Oslo") in found
    assert ("decision", "Joint Work Plan was adopted") in found


def test_leading_date_dates_the_first_event_after_it() -> None:
    text = (
        "In April 1600, the ship arrived on the coast of Bungo, the only ship remaining of the "
        "five vessels that departed from Rotterdam in 1598."
    )
    assert [(m.kind, m.year, m.month) for m in extract_grounded(text).milestones] == [
        ("visit", 1600, 4)
    ]


def test_act_named_by_its_date_is_a_decision() -> None:
    result = extract_grounded("Amended by:\n\nCouncil Decision of 8 October 2002\n")
    assert [(m.kind, m.year, m.title) for m in result.milestones] == [
        ("decision", 2002, "Council Decision of 8 October 2002")
    ]


def test_dateline_year_does_not_date_a_day_in_a_sentence_naming_another_year() -> None:
    text = (
        "Fairs\n\nTokyo, 21 December 2018 — The agencies met.\n\n"
        "The Education Fair Japan 2021 Online opened on 29 October in Tokyo."
    )
    assert (2018, 10) not in {(m.year, m.month) for m in extract_grounded(text).milestones}


def test_a_meeting_report_dates_what_the_summit_did() -> None:
    text = (
        "3rd Nordic-Asian Summit\n\nMarch 9, 2003\n\n"
        "The 3rd Nordic-Asian Summit was held on March 8, 2003, in Oslo.\n\n"
        "The Summit meeting was concluded by issuing a joint declaration on trade.\n\n"
        "At the conclusion of the Summit, the leaders concurred that the talks had been useful."
    )
    found = [(m.kind, m.year, m.month) for m in extract_grounded(text).milestones]
    assert ("decision", 2003, 3) in found
    assert len(found) == 2  # the end of the Summit is no agreement


def test_an_undated_act_outside_a_meeting_report_stays_out() -> None:
    text = "The meeting was concluded by issuing a joint declaration on trade."
    assert extract_grounded(text).milestones == []


def test_two_events_joined_by_and_are_two_milestones() -> None:
    text = (
        "The Prime Minister paid a visit to the Kingdom of Norway and on 8 December held the "
        "3rd Nordic-Asian Summit meeting with the Prime Minister of Norway in 2003."
    )
    found = [(m.kind, m.title) for m in extract_grounded(text).milestones]
    assert [kind for kind, _title in found] == ["visit", "meeting"]
    # The second event takes the subject of the first: a title is not a bare verb phrase.
    assert found[1][1].startswith("Prime Minister held the 3rd Nordic-Asian Summit")


def test_a_question_reports_no_event() -> None:
    text = "As we mark 160 years of relations in 2026, what is your vision for business ties?"
    assert extract_grounded(text).milestones == []


def test_agreeing_to_do_something_is_no_agreement() -> None:
    text = "The European Union and Japan agreed on 12 March 2024 to deepen cooperation on chips."
    assert [m.kind for m in extract_grounded(text).milestones] != ["agreement"]


def test_a_listed_event_is_titled_without_its_leading_date() -> None:
    text = "Events\n\n- 23 November 2023 – Business white paper launch, Tokyo\n"
    titles = [m.title for m in extract_grounded(text).milestones]
    assert titles == ["Business white paper launch, Tokyo"]


def test_the_sentence_beats_a_label_and_its_date() -> None:
    text = (
        "Nordic Trade Centre\n\n- Established: June 1987\n\n"
        "The Nordic Trade Centre was set up in June 1987, at a time of trade friction."
    )
    (founding,) = extract_grounded(text).milestones
    assert founding.title != "Established: June 1987"


def test_a_title_cut_after_an_earlier_date_keeps_its_short_subject() -> None:
    text = (
        "After aligning with Britain in 1902, the Empire of Japan declared war on the German "
        "Empire in 1914, one month into the war."
    )
    titles = {m.year: m.title for m in extract_grounded(text).milestones}
    assert titles[1914] == "Empire of Japan declared war on the German Empire"


def test_a_date_run_into_the_title_line_is_the_page_date() -> None:
    text = (
        "Press Conference Following the 3rd Nordic-Asian Summit MeetingJune 22, 2004\n"
        "This is the 3rd Summit, and the first since the Nordic Council (NC) enlarged to "
        "nine members this May."
    )
    found = {(m.kind, m.year, m.month): m.title for m in extract_grounded(text).milestones}
    assert found[("membership", 2004, 5)] == "Nordic Council (NC) enlarged to nine members"
    assert found[("meeting", 2004, None)].endswith("Summit Meeting")


def test_a_dated_sentence_completed_by_a_list_gives_an_event_per_item() -> None:
    text = (
        "Two landmark agreements were concluded in 2018:\n\n"
        "  • The Nordic Trade Agreement (NTA) which covers goods\n"
        '  • "Nordic Security Pact" (NSP) which covers defence\n'
    )
    found = [(m.kind, m.year, m.title) for m in extract_grounded(text).milestones]
    assert ("agreement", 2018, "Nordic Trade Agreement (NTA) concluded") in found
    assert ("agreement", 2018, '"Nordic Security Pact" (NSP) concluded') in found


def test_in_the_same_month_dates_the_next_clause() -> None:
    text = (
        "The Nordic Trade Agreement entered into force on 1 February 2019, and in the same month "
        "the Nordic Centre set up a Trade Helpdesk."
    )
    found = {(m.kind, m.year, m.month) for m in extract_grounded(text).milestones}
    assert {("entry_into_force", 2019, 2), ("founding", 2019, 2)} <= found


def test_two_acts_both_signed_are_two_events() -> None:
    text = (
        "- **2018**: Nordic Trade Agreement and Nordic Security Pact both signed in Oslo on "
        "17 July.\n"
    )
    titles = sorted(m.title for m in extract_grounded(text).milestones)
    assert titles == [
        "Nordic Security Pact signed in Oslo",
        "Nordic Trade Agreement signed in Oslo",
    ]


def test_a_signing_told_before_a_later_date_is_titled_by_what_was_signed() -> None:
    text = (
        "1. The Agreement on Cooperation in Science and Technology between Norway and the "
        "European Community was signed on 30 November 2009 and entered into force on "
        "29 March 2011."
    )
    titles = {m.year: m.title for m in extract_grounded(text).milestones}
    assert titles[2009] == (
        "Agreement on Cooperation in Science and Technology between Norway and the European "
        "Community was signed"
    )
    # The second verb shares the subject.
    assert titles[2011] == (
        "Agreement on Cooperation in Science and Technology between Norway and the European "
        "Community entered into force"
    )


def test_a_listed_event_is_titled_without_its_leading_year() -> None:
    titles = [
        m.title for m in extract_grounded("- **2019**: Oslo liaison desk opened.\n").milestones
    ]
    assert titles == ["Oslo liaison desk opened"]


def test_a_short_event_cell_is_named_with_its_place() -> None:
    text = (
        "## Events\n\n| Date | Event | Venue |\n| --- | --- | --- |\n"
        "| 12 March 2021 | Kick-off meeting | online |\n"
        "| 28 February 2024 | Closing conference | Oslo |\n"
    )
    titles = [m.title for m in extract_grounded(text).milestones]
    assert titles == ["Kick-off meeting (online)", "Closing conference in Oslo"]


def test_a_glued_page_date_the_month_does_not_have_is_no_page_date() -> None:
    text = "News item31 February 2020Trade\n\nToday the agency signed an agreement."
    assert extract_grounded(text).milestones == []


def test_every_entry_of_a_timeline_list_is_an_event() -> None:
    text = (
        "## Our work\n\n"
        "- **2014**: Workshop at the Nordic Energy Institute in Oslo brings together 40 "
        "European and Japanese experts on hydrogen supply chains.\n"
        "- **2016**: Second workshop in Kobe.\n"
    )
    found = [(m.year, m.kind) for m in extract_grounded(text).milestones]
    assert found == [(2014, "meeting"), (2016, "meeting")]


def test_a_day_in_a_sentence_that_dates_another_event_fully_takes_the_page_year() -> None:
    text = (
        "Agencies review cooperation\n\nHelsinki, 16 May 2023 – The agencies met.\n\n"
        "Five years after the two agencies signed a memorandum on 27.4.2018 in Tokyo, their "
        "heads met in Helsinki on 15 May."
    )
    dated = {(m.kind, m.year, m.month) for m in extract_grounded(text).milestones}
    assert ("meeting", 2023, 5) in dated and ("agreement", 2018, 4) in dated
