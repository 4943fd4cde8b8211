"""What the page gets with each message (bot/web/annotate.py): the kind that decides a crisis
card and the rating, every phone number with its tel: link, and quiet ways to reach help."""
import pytest

from bot import responses
from bot.safety import DANGER_LEVELS, escalation_text
from bot.web.annotate import annotate, kind_of, numbers, quiet_options


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
@pytest.mark.parametrize("country", ["SE", "NO", None])
def test_every_escalation_is_a_crisis_card_with_every_number_tappable(language, country) -> None:
    for level in DANGER_LEVELS:
        text = escalation_text(level, language, country)
        message = annotate({"text": text}, language, country)
        assert message["kind"] == "crisis", (level, language, country)
        tels = {n["tel"] for n in message["numbers"]}
        # The emergency step is a link: 112 (113 for a medical emergency in Norway), or abroad the ministry.
        assert tels & {"112", "113", "+4684055005", "+4723950000"}, (level, text)
        for n in message["numbers"]:
            assert text[n["start"]:n["end"]].replace(" ", "").replace("-", "").lstrip("+") == n["tel"].lstrip("+")


def test_kinds() -> None:
    assert kind_of(responses.text("utter_ask_safe_now", "sv")) == "crisis"
    assert kind_of(responses.text("utter_default", "en")) == "fallback"
    assert kind_of(responses.text("utter_greet", "nb")) == "answer"
    assert kind_of("Ett svar från kunskapsbanken.") == "answer"


def test_numbers_are_found_with_their_country_and_nothing_else() -> None:
    text = "Polisen 02800, Røde Kors-telefonen 815 55 201, UD +47 23 95 00 00, år 2024 kl 09:00-12:00, 5 barn"
    found = {text[n["start"]:n["end"]]: n["tel"] for n in numbers(text)}
    assert found == {"02800": "02800", "815 55 201": "81555201", "+47 23 95 00 00": "+4723950000"}


def test_quiet_options_are_verified_chat_services_of_the_country() -> None:
    swedish = quiet_options("SE", "sv")
    assert swedish and all(o["href"].startswith(("https://", "sms:")) for o in swedish)
    assert {o["name"] for o in swedish} >= {"Bris"}
    assert all(o["name"] != "Bris" for o in quiet_options("NO", "nb"))


def test_quiet_options_follow_the_danger_level() -> None:
    """A suicide line only where self-harm is the danger; Norway's chat lines for Norway."""
    def names(level: str, country=None) -> set[str]:
        return {o["name"] for o in quiet_options(country, "sv", level)}
    assert "Självmordslinjen (Mind)" in names("self_harm", "SE")
    assert "Självmordslinjen (Mind)" not in names("trip_abroad_soon", "SE") | names("default")
    assert {o["href"] for o in quiet_options("NO", "nb", "immediate_danger")} == {
        "https://116111.no", "https://volinjen.no"}
    card = annotate({"text": responses.text("utter_danger_helper_self_harm", "sv", "SE")}, "sv", "SE")
    assert "Självmordslinjen (Mind)" in {o["name"] for o in card["quiet"]}
