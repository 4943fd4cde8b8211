from pathlib import Path

import pytest
import yaml

from bot.safety import Context, DangerLevel, assess, escalation_text

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
def test_every_escalation_exists_and_leads_with_an_emergency_step(level, language, country) -> None:
    first_line = escalation_text(level, language, country).splitlines()[0]
    steps = {
        L.IMMEDIATE_DANGER: ["112"],
        L.SELF_HARM: ["112", "113"],
        L.CHILD_AT_RISK: ["112"],
        L.TRIP_ABROAD_SOON: ["114 14", "02800"],
        L.ALREADY_ABROAD: ["+46 8 405 50 05", "+47 23 95 00 00"],
    }[level]
    assert any(step in first_line for step in steps), first_line


def _corpus() -> list[dict]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["items"]


@pytest.mark.parametrize("level", [L.IMMEDIATE_DANGER, L.SELF_HARM])
def test_no_life_threatening_message_of_the_corpus_goes_unescalated(level: DangerLevel) -> None:
    """The target is 100 % recall on these two levels: any escalation counts as caught."""
    missed = [i["text"] for i in _corpus() if i["level"] == level.value and not assess(i["text"]).is_danger]
    assert missed == []
