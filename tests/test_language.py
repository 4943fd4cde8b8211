import pytest

from bot.language import detect_language


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hej", "sv"),
        ("hei", "nb"),
        ("hello", "en"),
        ("hjälp mig", "sv"),
        ("hjelp meg", "nb"),
        ("jag vet inte vad jag ska göra", "sv"),
        ("jeg vet ikke hva jeg skal gjøre", "nb"),
        ("what should i do", "en"),
        ("min pappa tar min mobil varje kväll", "sv"),
        ("faren min tar mobilen min hver kveld", "nb"),
        ("hur gör jag en orosanmälan", "sv"),
        ("hvordan sender jeg en bekymringsmelding", "nb"),
        ("vad ar hedersfortryck", "sv"),
        ("hva er negativ sosial kontroll", "nb"),
    ],
)
def test_detects_short_messages(text: str, expected: str) -> None:
    assert detect_language(text).code == expected


def test_prior_decides_when_the_message_says_nothing() -> None:
    assert detect_language("ok", prior="nb").code == "nb"
    assert detect_language("", prior="en") == detect_language("   ", prior="en")
    assert detect_language("", prior="en").code == "en"


def test_no_prior_and_no_words_falls_back_to_swedish() -> None:
    assert detect_language("!!! 123").code == "sv"


def test_prior_does_not_override_a_clear_message() -> None:
    assert detect_language("I do not understand what you mean", prior="sv").code == "en"
