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


@pytest.mark.parametrize("text", [
    "what does the word hedersförtryck mean and who can help?",
    "My Swedish is bad, how do I apply for föräldrapenning at the Försäkringskassan office?",
    "is it true that the kurator in Malmö has to tell my parents?",
    "Can my friend in Tromsø get help from the krisesenter there?",
])
def test_english_with_swedish_or_norwegian_terms_is_english(text: str) -> None:
    # lingua rules English out for any word with å, ä, ö, æ or ø
    assert detect_language(text).code == "en"
    assert detect_language(text, prior="en").code == "en"


@pytest.mark.parametrize("text, expected", [
    ("jag är rädd för att åka till Irak i sommar", "sv"),
    ("hur gör man en orosanmälan om en elev?", "sv"),
    ("jeg er redd for at de skal sende meg til Pakistan", "nb"),
    ("hvordan sender jeg en bekymringsmelding til barnevernet?", "nb"),
])
def test_swedish_and_norwegian_with_their_own_letters_stay_so(text: str, expected: str) -> None:
    assert detect_language(text).code == expected
    assert detect_language(text, prior="en").code == expected
