from pathlib import Path

import pytest
import yaml

from bot.safety import DANGER_LEVELS, Context, DangerLevel, Writer, assess, escalation_text
from bot.phone import find_numbers
from bot.safety.escalation import ADULT_LEVELS, intent_name, parse_response, response_name

CORPUS = Path(__file__).parent / "data" / "danger_corpus.yaml"
L = DangerLevel


@pytest.mark.parametrize(
    "text, level",
    [
        # the examples
        ("he is going to kill me", L.IMMEDIATE_DANGER),
        ("jag vill dö", L.SELF_HARM),
        ("de tar mig till flygplatsen i morgon", L.IMMEDIATE_DANGER),
        ("I am not safe", L.IMMEDIATE_DANGER),
        ("mamma har tagit mitt pass", L.TRIP_ABROAD_SOON),
        ("pappa sa att jag ska gifte meg i sommer", L.TRIP_ABROAD_SOON),
        ("they say summer holiday but I think they'll leave me there", L.TRIP_ABROAD_SOON),
        # missing diacritics and misspellings
        ("jag vill do", L.SELF_HARM),
        ("jeg vil do", L.SELF_HARM),
        ("han ska doda mig", L.IMMEDIATE_DANGER),
        ("jeg er innelast pa rommet", L.IMMEDIATE_DANGER),
        ("jeg er fast i pakistan og de har tatt passet mitt", L.ALREADY_ABROAD),
        ("jag är 14 och pappa slår mig", L.CHILD_AT_RISK),
    ],
)
def test_danger_is_found(text: str, level: DangerLevel) -> None:
    assert assess(text).level is level


@pytest.mark.parametrize(
    "text",
    [
        "my mum will kill me if I fail the test",
        "jag dör av skratt",
        "dødslei",
        "what is honour-related violence",
        "hur gör jag en orosanmälan",
        "I'm going on holiday to Spain next week, so excited",
        "jag är inte säker på vad jag ska göra",
        "",
    ],
)
def test_near_misses_do_not_escalate(text: str) -> None:
    assert assess(text).level is L.NONE


def test_known_age_makes_a_child_at_risk() -> None:
    assert assess("pappa slår mig", Context(age=13)).level is L.CHILD_AT_RISK
    assert assess("pappa slår mig", Context(age=30)).level is L.NONE


def test_reasons_name_the_rule() -> None:
    assessment = assess("I want to kill myself")
    assert assessment.levels == (L.SELF_HARM,)
    assert any(r.startswith("self_harm:") for r in assessment.reasons)


@pytest.mark.parametrize("level", [l for l in DangerLevel if l is not L.NONE])
@pytest.mark.parametrize("language", ["sv", "nb", "en"])
@pytest.mark.parametrize("country", ["SE", "NO", None])
@pytest.mark.parametrize("writer", list(Writer))
def test_every_escalation_exists_and_leads_with_an_emergency_step(level, language, country, writer) -> None:
    first_line = escalation_text(level, language, country, writer).splitlines()[0]
    steps = {
        L.IMMEDIATE_DANGER: ["112"],
        L.SELF_HARM: ["112", "113"],
        L.CHILD_AT_RISK: ["112"],
        L.TRIP_ABROAD_SOON: ["114 14", "02800"],
        L.ALREADY_ABROAD: ["+46 8 405 50 05", "+47 23 95 00 00"],
    }[level]
    assert any(step in first_line for step in steps), first_line


@pytest.mark.parametrize("level", DANGER_LEVELS)
@pytest.mark.parametrize("writer", list(Writer))
def test_an_escalations_name_gives_back_its_level_and_writer(level, writer) -> None:
    # an adult's own escalation is the person's where the steps do not differ by age
    same = Writer.SELF if writer is Writer.ADULT and level not in ADULT_LEVELS else writer
    assert parse_response(response_name(level, writer)) == (level, same)
    assert intent_name(level, writer) == response_name(level, writer).removeprefix("utter_")


def test_other_names_are_no_escalation() -> None:
    for name in ("utter_danger_none", "utter_danger_helper_", "utter_danger_professional_x", "utter_greet",
                 "action_answer_topic"):
        assert parse_response(name) is None


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
@pytest.mark.parametrize("country", ["SE", "NO", None])
def test_only_the_professionals_escalation_speaks_of_a_duty_to_report(language, country) -> None:
    """A parent or a young friend reporting a child's danger is told that anyone may report, not
    what people at work must do (the tenth blind set's reviewers flagged it as the wrong audience)."""
    duty = {"sv": ("skyldig", "plikt", "måste du anmäla", "Då måste du"), "nb": ("plikt",),
            "en": ("you must", "duty", "must report")}[language]
    for level in DANGER_LEVELS:
        for register in (("plain", "easy") if language == "sv" else ("plain",)):
            helper = escalation_text(level, language, country, Writer.HELPER, register)
            assert not any(word in helper for word in duty), (level, register, helper)
    professional = " ".join(escalation_text(level, language, country, Writer.PROFESSIONAL)
                            for level in (L.CHILD_AT_RISK, L.SELF_HARM, L.TRIP_ABROAD_SOON))
    assert any(word in professional for word in duty)


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
@pytest.mark.parametrize("country", ["SE", "NO"])
def test_an_adults_own_escalation_names_no_help_for_children_only(language, country) -> None:
    """Adults of 19 to 24 before a trip were sent to barnevernet and the school (tenth blind set)."""
    for level in ADULT_LEVELS:
        text = escalation_text(level, language, country, Writer.ADULT)
        assert "barnevern" not in text and "skola" not in text and "skole" not in text and "school" not in text, text
        # the same emergency step leads
        own = escalation_text(level, language, country).splitlines()[0]
        assert set(find_numbers(own)) <= set(find_numbers(text.splitlines()[0])), text


def _corpus() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["items"]


@pytest.mark.parametrize("level", [L.IMMEDIATE_DANGER, L.SELF_HARM])
def test_no_life_threatening_message_of_the_corpus_goes_unescalated(level: DangerLevel) -> None:
    """The target is 100 % recall on these two levels: any escalation counts as caught."""
    missed = [i["text"] for i in _corpus() if i["level"] == level.value and not assess(i["text"]).is_danger]
    assert missed == []


# --- added with the rule rewrite (bot/safety/patterns.yaml): general phrasings per level -------

@pytest.mark.parametrize(
    "text, level",
    [
        # inflected Norwegian/Swedish, third person, indirect
        ("de har låst meg inne på rommet", L.IMMEDIATE_DANGER),
        ("jeg er stengt inne i kjelleren", L.IMMEDIATE_DANGER),
        ("de låser døra utenfra", L.IMMEDIATE_DANGER),
        ("familien har bestemt at jeg må dø", L.IMMEDIATE_DANGER),
        ("dom kör mig till arlanda nu", L.IMMEDIATE_DANGER),
        ("han slår mej just nu", L.IMMEDIATE_DANGER),
        ("han tog strypgrepp på mig igår", L.IMMEDIATE_DANGER),
        ("my brothers are outside my school waiting for me", L.IMMEDIATE_DANGER),
        ("I need to hide now", L.IMMEDIATE_DANGER),
        ("det vore bättre för alla om jag inte fanns", L.SELF_HARM),
        ("want to disappear forever, nobody would miss me", L.SELF_HARM),
        ("har skrevet avskjedsbrev", L.SELF_HARM),
        ("standing on the bridge thinking of jumping", L.SELF_HARM),
        ("kms", L.SELF_HARM),
        ("started cutting again", L.SELF_HARM),
        ("my friend says she's going to kill herself", L.SELF_HARM),
        ("eg vil døy", L.SELF_HARM),
        ("been in turkey 3 months, they say I stay until married", L.ALREADY_ABROAD),
        ("they left me with grandma in somalia", L.ALREADY_ABROAD),
        ("in somalia rn cant talk long", L.ALREADY_ABROAD),
        ("finner ikke passet mitt her", L.ALREADY_ABROAD),
        ("en elev kom inte tillbaka efter sommarlovet, hon är kvar i hemlandet", L.ALREADY_ABROAD),
        ("they bought me a one-way ticket", L.TRIP_ABROAD_SOON),
        ("mamma sa att jag inte behöver mina skolböcker, jag kommer inte tillbaka", L.TRIP_ABROAD_SOON),
        ("de vil sende meg til hjemlandet så jeg blir normal", L.TRIP_ABROAD_SOON),
        ("dad applied for my passport in secret", L.TRIP_ABROAD_SOON),
        ("can they force me to go? the trip is in 10 days", L.TRIP_ABROAD_SOON),
        ("jag går i åk 7 och pappa slår mig", L.CHILD_AT_RISK),
        ("eleven min i 10. klasse har blåmerker", L.CHILD_AT_RISK),
        ("my little brother is 6 and mum hits him", L.CHILD_AT_RISK),
        ("de vil at søstera mi på 9 skal renses", L.CHILD_AT_RISK),
        ("they want to get my little sister purified", L.CHILD_AT_RISK),
        ("mormor säger att det ska göras på min dotter när hon fyller sju", L.CHILD_AT_RISK),
        ("moren sa at hun skal få datteren på 2 år «gjort ferdig» før jul", L.CHILD_AT_RISK),
        ("the mother of a two-week-old girl asked if she could get her daughter 'done' at a clinic", L.CHILD_AT_RISK),
    ],
)
def test_danger_is_found_at_its_level(text: str, level: DangerLevel) -> None:
    assert level in assess(text).levels, assess(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "orkar inte mer idag efter träningen",
        "var inlåst på skoltoan i tio minuter lol",
        "mamma tog mitt pass till polisen för att förnya det",
        "mamma dreper meg hvis jeg stryker på prøven",
        "jeg kunne drept for en pizza",
        "søstera mi skal gifte seg i sommer og jeg skal være brudepike!",
        "I want to die of embarrassment",
        "this maths homework is killing me",
        "driving to the airport tonight to pick up my aunt",
        "skar mig i fingret när jag skar lök",
        "vi spilte fortnite og han drepte meg fem ganger",
        "min katt rymde igår och vi letar överallt",
        "I'm in turkey on holiday with my family, so hot here",
        "my dad is strict but he's never hurt me",
        "in sweden, can a 16 year old get married?",
        "i need to hide my new address",
        "my parents keep my passport in a drawer",
        'the girls will be "done" with their swimming badges by Christmas',
        "could FGM be done on adults?",
    ],
)
def test_figures_of_speech_and_ordinary_life_do_not_escalate(text: str) -> None:
    assert assess(text).level is L.NONE, assess(text).reasons


def test_a_real_threat_next_to_a_figure_of_speech_still_escalates() -> None:
    assert assess("mum will kill me if I fail the test. and my dad has a knife").is_danger
    assert assess("mamma dreper meg hvis hun finner ut om kjæresten min").is_danger


def test_tuning_set_figures() -> None:
    """bot/safety/tuning_corpus.yaml (our own tuning set, not the held-out test set)."""
    tuning = Path(__file__).parents[1] / "bot" / "safety" / "tuning_corpus.yaml"
    items = yaml.safe_load(tuning.read_text(encoding="utf-8"))["items"]
    urgent = {L.IMMEDIATE_DANGER.value, L.SELF_HARM.value}
    unescalated = [i["text"] for i in items if i["level"] in urgent and not assess(i["text"]).is_danger]
    assert unescalated == []
    others = [i for i in items if i["level"] not in urgent | {"none"}]
    off_level = [i["text"] for i in others if L(i["level"]) not in assess(i["text"]).levels]
    assert len(off_level) <= 0.05 * len(others), off_level
    ordinary = [i["text"] for i in items if i["level"] == "none"]
    false_alarms = [t for t in ordinary if assess(t).is_danger]
    assert len(false_alarms) <= 0.02 * len(ordinary), false_alarms
