"""The understanding layer through the real servers: who is writing is taken from the first
message, a report of someone else's danger gets the escalation for who reports it (a relative
or friend, or a professional), and professionals' and adults'
specific questions get their question-and-answer item. Each reply says what it was in a message
of its own (`custom.answer`, which the gateway never passes to the page)."""
from __future__ import annotations

import uuid

import pytest

from bot import responses
from bot.eval.rest import send
from bot.knowledge.files import read_items
from bot.paths import KNOWLEDGE


def answer(servers, text: str, language: str, country: str | None = None) -> tuple[dict, list[dict]]:
    metadata = {"language": language, **({"country": country} if country else {})}
    replies = send(servers.rest_url, f"u-{uuid.uuid4().hex}", text, metadata)
    found = [m["custom"]["answer"] for m in replies if isinstance(m.get("custom"), dict) and "answer" in m["custom"]]
    return (found[0] if found else {}), replies


def first_said(servers, text: str, language: str) -> tuple[str, str]:
    """The domain response the first reply bubble is, and the bubble's start (for a failure)."""
    _, replies = answer(servers, text, language)
    said = responses.identify(replies[0]["text"])
    return (said[0] if said else ""), replies[0]["text"][:80]


@pytest.mark.parametrize("language, text, audience", [
    ("sv", "Jag jobbar som kurator. Vad ska jag tänka på när en elev är orolig inför sommarlovet?", "professional"),
    ("nb", "Jeg jobber som helsesykepleier. Hva bør jeg gjøre når en elev forteller om streng kontroll hjemme?", "professional"),
    ("en", "I work as a school counsellor. What should I think about when a pupil is worried about the summer holidays?", "professional"),
    ("sv", "jag är 16 och mina föräldrar läser alla mina meddelanden, vad kan jag göra?", "young"),
    ("nb", "jeg er 15 og foreldrene mine sjekker mobilen min hver kveld, hva kan jeg gjøre?", "young"),
    ("en", "i'm 16 and my parents read all my messages, what can i do?", "young"),
    ("sv", "Min dotter får inte träffa sina kompisar efter skolan för sin pappa. Vad kan jag göra som mamma?", "relative"),
    ("nb", "Jeg er bekymret for ei venninne som ikke får gå ut etter skolen. Hva kan jeg gjøre?", "relative"),
    ("en", "I'm worried about my friend whose brothers control everything she does. How can I help her?", "relative"),
    ("sv", "Jag är 38 år och min man bestämmer över våra pengar och vilka jag får träffa. Vart kan jag vända mig?", "adult"),
    ("en", "I'm 36 and my husband controls our money and who I see. Where can I get help?", "adult"),
])
def test_who_is_writing_is_read_from_the_first_message(servers, language, text, audience) -> None:
    found, _ = answer(servers, text, language)
    # An answer for that audience, or a clarifying question about the topic that keeps it
    # (the topic of "orolig inför sommarlovet" is an inference the topic model may not make);
    # never "who is asking?", which would mean the audience was not read. "Where can I get
    # help?" may get that audience's contact points.
    assert found.get("audience") == audience and found.get("kind") in ("article", "item", "clarify", "contacts"), found


@pytest.mark.parametrize("language, text, writer", [
    ("nb", "Jeg er 23 og bor hjemme. Familien har bestilt tur til Bangladesh i august, og de har funnet en mann til meg "
           "der. De har passet mitt og jeg vil ikke dra.", "adult"),
    ("en", "I'm 24. My cousins are outside my flat right now ringing the bell, my father said tonight I will learn. "
           "I've locked myself in the bathroom.", "adult"),
])
def test_an_adult_in_danger_gets_the_adults_escalation(servers, language, text, writer) -> None:
    said, start = first_said(servers, text, language)
    assert said.startswith(f"utter_danger_{writer}_"), start


@pytest.mark.parametrize("language, text, writer", [
    ("sv", "Jag är lärare och en elev berättade nyss att hennes pappa slog henne igår och att hon inte vågar gå hem.",
     "professional"),
    ("nb", "Jeg er lærer, og en elev fortalte nettopp at faren slo henne i går og at hun ikke tør å gå hjem.",
     "professional"),
    ("en", "I'm a teacher and a pupil just told me her father hit her yesterday and she is afraid to go home.",
     "professional"),
    ("en", "I'm a school nurse. A 15-year-old told me today she will be taken to Somalia next week to be cut.",
     "professional"),
    ("sv", "min kompis skrev att hon sitter fast i Irak och att de har tagit hennes pass", "helper"),
    ("sv", "Min svärmor vill ta med min dotter, 7 år, till Sudan i jul för att hon ska 'göras ren'. Min man tar passen.",
     "helper"),
    ("nb", "bestevenninna mi sier at hun skal sendes til Pakistan om to uker og gifte seg der. vi går i 9. klasse",
     "helper"),
    ("en", "my little brother is 9 and my stepdad locks him in the shed without food when he wets himself", "helper"),
])
def test_someone_elses_danger_gets_the_escalation_for_who_reports_it(servers, language, text, writer) -> None:
    """A professional gets their duty and where to get advice; a parent or friend gets what they
    can do, without a duty that is not theirs (the tenth blind set's parents and young friends
    were told what professionals must do)."""
    said, start = first_said(servers, text, language)
    assert said.startswith(f"utter_danger_{writer}_"), start


def test_the_middle_band_asks_whether_the_person_is_safe(servers) -> None:
    _, replies = answer(servers, "/danger_check", "nb", "NO")
    assert replies[0]["text"] == responses.text("utter_ask_safe_now", "nb")
    assert {b["payload"] for b in replies[0]["buttons"]} >= {"/affirm", "/danger_immediate_danger"}


def test_after_the_safety_check_the_question_still_gets_its_answer(servers) -> None:
    """A calm question with one alarming sentence: the check first, then the article (it was
    the check alone); never a question back, whose buttons would compete with the check's."""
    _, replies = answer(servers, "ibland orkar jag inte leva. familjen tjatar om att jag ska gifta mig "
                                 "med min kusin, vad har jag för rättigheter om jag säger nej?", "sv")
    assert replies[0]["text"] == responses.text("utter_ask_safe_now", "sv")
    given = [m["custom"]["answer"] for m in replies if isinstance(m.get("custom"), dict)]
    assert given and given[0]["kind"] in ("article", "item") and given[0]["topic"] == "forced_marriage"
    assert len([m for m in replies if m.get("text")]) <= 3
    assert all(not m.get("buttons") for m in replies[1:])


def test_nobody_knows_who_asks_so_the_bot_answers_and_asks_once(servers) -> None:
    sender = f"u-{uuid.uuid4().hex}"
    first = send(servers.rest_url, sender, "vad är könsstympning", {"language": "sv"})
    asked = [m["custom"]["answer"] for m in first if isinstance(m.get("custom"), dict)][0]
    assert asked["kind"] == "article" and asked["topic"] == "fgm"
    assert "/self_professional" in {b["payload"] for m in first for b in m.get("buttons") or []}
    then = send(servers.rest_url, sender, "/self_professional", {"language": "sv"})
    answered = [m["custom"]["answer"] for m in then if isinstance(m.get("custom"), dict)][0]
    assert answered["kind"] == "article" and answered["id"] == "fgm.professional"
    again = send(servers.rest_url, sender, "vad säger lagen om tvångsäktenskap", {"language": "sv"})
    assert not any(m.get("buttons") for m in again)


@pytest.mark.parametrize("language, text", [
    ("sv", "mamma kommer döda mig när hon ser hur mitt rum ser ut lol"),
    ("nb", "broren min dreper meg hvis han finner ut at jeg har brukt laderen hans 😂"),
    ("en", "my sister is literally going to murder me, i spilled juice on her new hoodie lmao"),
])
def test_a_joke_gets_what_the_bot_is_for_not_an_article_on_violence(servers, language, text) -> None:
    said, start = first_said(servers, text, language)
    assert said == "utter_out_of_scope_joke", start


CUE = {"professional": {"sv": "Jag jobbar som lärare. ", "nb": "Jeg jobber som lærer. ", "en": "I work as a teacher. "},
       "adult": {"sv": "Jag är 34 år. ", "nb": "Jeg er 34 år. ", "en": "I am 34 years old. "},
       "young": {"sv": "Jag är 15. ", "nb": "Jeg er 15. ", "en": "I'm 15. "},
       "relative": {"sv": "Jag frågar för min kompis. ", "nb": "Jeg spør for ei venninne. ", "en": "I'm asking for a friend. "}}
# About ten professional and five adult questions per language (Sweden and Norway), and the
# young people's and relatives' items, each asked as its item's own title would be, after
# saying who asks. Not here: "Jeg er 15. Kan foreldrene mine bestemme hvem jeg skal gifte meg
# med ...?" is escalated as a child at risk (the Norwegian danger model reads a 15-year-old and
# marriage as danger; the Swedish question is not), se.adult.after_it_is_over in English
# stands at 0.42 behind "I am 34 years old." (0.64 without it), and two pairs whose titles stand
# near the item threshold in one language behind the cue: "my friend made me promise not to
# tell" (Sweden, English 0.49; Norway, bokmål 0.58) and "I had a nikah - am I married?" (young
# people, 0.52-0.63). "I can't call, can I chat instead?" (young people) is a request for
# contacts to DIET, and gets the contact points. "They took my passport and I'm afraid of a trip"
# (young people) is escalated as a trip abroad soon, which it is; "I was held abroad but I'm back
# now" (adults) and "a child in our family may be cut or taken abroad" (relatives, in English)
# get the safety check before their items.
ITEMS = [
    "se.professional.before_summer_holidays", "se.professional.how_to_report_concern", "se.professional.fgm_law",
    "se.professional.booking_an_interpreter", "se.professional.protected_data_school", "no.professional.avvergingsplikt",
    "no.professional.opplysningsplikt_barnevernet", "no.professional.kompetanseteamet",
    "no.professional.family_interpreter", "no.professional.statens_barnehus",
    "se.adult.how_to_divorce", "se.adult.where_to_find_shelter", "no.adult.divorce", "no.adult.where_shelter",
    "no.adult.residence_permit_violence", "se.young.testify_against_family", "no.young.testify_against_family",
    "no.young.school_nurse_confidentiality", "se.young.contact_social_services", "no.young.contact_barnevernet",
    "se.young.virginity_certificate",
    "no.young.virginity_certificate", "se.relative.tell_about_a_friend", "no.relative.tell_about_a_friend",
    "se.relative.strict_family_social_services", "no.relative.strict_family_social_services",
    "no.adult.after_it_is_over", "se.adult.report_years_later", "no.adult.report_years_later",
    "se.adult.want_to_help_others", "no.adult.want_to_help_others", "se.professional.midwife_fgm_documentation",
    "no.professional.midwife_fgm_documentation", "se.professional.deinfibulation_referral",
    "no.professional.deinfibulation_referral",
    "no.adult.mediation_when_violence", "no.adult.religious_or_unregistered_marriage",
    "se.adult.family_counselling_after_violence", "se.adult.religious_or_unregistered_marriage",
    "no.professional.besoksforbud_for_client", "no.professional.care_after_18",
    "no.professional.consular_help_dual_citizen", "no.professional.explaining_the_hymen_myth",
    "se.professional.consular_help_dual_citizen", "se.professional.contact_ban_for_client",
    "se.professional.explaining_the_hymen_myth", "se.professional.lvu_at_18",
    "no.relative.contact_someone_with_protected_address", "no.relative.parent_of_lgbtq_child",
    "no.relative.support_someone_controlled", "se.relative.contact_someone_with_protected_address",
    "se.relative.parent_of_lgbtq_child", "se.relative.support_someone_controlled",
    "se.adult.shelter_with_children", "no.adult.krisesenter_with_children", "se.adult.pregnant_after_fgm",
    "no.adult.pregnant_after_fgm", "se.young.school_nurse_confidentiality",
    "se.professional.disclosure_to_interpreter", "no.professional.disclosure_to_interpreter",
    "se.professional.guardians_access_to_records", "no.professional.parents_access_to_health_records",
    "se.young.can_i_get_shelter_at_16", "no.young.can_i_get_shelter_at_16", "se.young.will_they_know_i_reported",
    "no.young.will_they_know_i_reported", "se.professional.placing_a_young_person_protected",
    "se.relative.neighbour_or_colleague_worried", "no.relative.neighbour_or_colleague_worried",
    "no.professional.nav_economic_control", "se.professional.economic_control_client",
    "se.professional.victim_withdraws_statement", "no.professional.victim_withdraws_statement",
    "se.adult.children_when_leaving", "no.adult.children_when_leaving", "se.adult.support_years_later",
    "no.adult.support_years_later", "se.adult.deaf_or_cannot_call", "no.adult.deaf_or_cannot_call",
    "se.professional.pupil_does_not_want_a_report", "no.professional.pupil_does_not_want_bekymringsmelding",
    "se.professional.fgm_questions_in_health_talks", "se.professional.preschool_signs",
    "no.professional.omvendt_voldsalarm", "no.professional.barnehage_signs",
    "se.adult.money_when_leaving", "no.adult.money_when_leaving", "se.adult.children_visiting_violent_parent",
    "no.adult.children_visiting_violent_parent", "se.young.parents_check_my_phone", "no.young.parents_check_my_phone",
    "se.adult.economic_control_is_violence", "se.relative.talk_with_relatives_who_defend_fgm",
    "se.professional.held_abroad_social_services_and_ud", "no.professional.interpreter_duty_to_avert",
    "no.professional.documenting_injuries_partner_violence", "no.adult.fgm_reconstruction_and_care",
    "se.professional.adult_client_controlled", "no.professional.adult_client_controlled",
    "se.professional.religious_leader_and_marriage", "no.professional.religious_leader_and_marriage",
    "se.professional.fgm_talk_with_parents_small_children", "no.professional.fgm_talk_with_parents_helsestasjon",
    "se.professional.interpreter_pressure_and_support", "no.professional.interpreter_pressure_and_support",
    "se.adult.partner_tracks_me", "no.adult.partner_tracks_me", "se.adult.man_abused_by_partner",
    "no.adult.man_abused_by_partner", "no.adult.will_barnevernet_take_my_children",
    "se.young.lgbtq_afraid_family_finds_out", "no.young.lgbtq_afraid_family_finds_out",
    "se.young.is_this_honour_control", "no.young.is_this_negative_social_control", "se.young.was_i_cut_health",
    "no.young.was_i_cut_health", "se.young.afraid_of_being_cut", "no.young.afraid_of_being_cut",
    "se.relative.sibling_afraid_of_trip", "no.relative.sibling_afraid_of_trip", "se.relative.someone_held_abroad",
    "no.relative.someone_held_abroad", "se.relative.partners_family_threatens_us",
    "no.relative.partners_family_threatens_us", "se.adult.withdraw_police_report", "no.adult.withdraw_police_report",
    "se.professional.coach_or_leisure_leader", "no.professional.coach_or_leisure_leader",
]


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
@pytest.mark.parametrize("item_id", ITEMS)
def test_a_specific_question_gets_its_item(servers, item_id, language) -> None:
    item = next(i for i in read_items(KNOWLEDGE) if i.id == item_id)
    found, _ = answer(servers, CUE[item.audience][language] + item.title[language], language, item.country)
    assert found.get("kind") == "item" and found.get("id") == item_id, found


@pytest.mark.parametrize("page, text, language, response", [
    ("sv", "مرحبا، هل يمكنني الحصول على مساعدة؟", "ar", "utter_other_language"),
    ("sv", "ابي يريد يقتلني الان", "ar", "utter_danger_immediate_danger"),
    ("nb", "aabahay wuu i dilayaa hadda", "so", "utter_danger_immediate_danger"),
    ("ti", "/other_language", "ti", "utter_other_language"),
    ("ar", "/topic_fgm", "en", None),     # a button in such a conversation: the content fallback
])
def test_a_message_in_an_escalation_language_is_answered_in_it(servers, page, text, language, response) -> None:
    """Whatever the page's language; the buttons go on in Swedish, Norwegian or English."""
    _, replies = answer(servers, text, page)
    said = [m for m in replies if m.get("text")]
    assert said, replies
    found = responses.identify(said[0]["text"])
    if response is None:        # the article, in English
        from bot.eval.replies import read_reply
        assert read_reply(replies).language == language, said
        return
    assert found and found[0] == response and found[1]["language"] == language, said[0]["text"][:200]
    if response == "utter_other_language":
        assert [b["payload"] for b in said[0]["buttons"]][0] == '/greet{"language": "sv"}'


@pytest.mark.parametrize("text, language", [
    ("Jag är 34, man, och min fru kontrollerar våra pengar och vem jag träffar. Vart kan jag vända mig?", "sv"),
    ("I'm a guy, 24, living in Malmö. My family keeps pushing me to marry a cousin. Who can I talk to?", "en"),
])
def test_a_man_asking_for_himself_is_not_given_a_line_for_women(servers, text, language) -> None:
    """The lines for women stay in the contact points a woman or someone asking for her gets."""
    found, replies = answer(servers, text, language, "SE")
    said = " ".join(m.get("text") or "" for m in replies)
    assert found.get("kind") in ("article", "item", "clarify"), said[:300]
    assert "Kvinnofridslinjen" not in said and "Terrafem" not in said and "Roks" not in said, said[-300:]
