"""domain.yml is the one source of the bot's words: check its promises without Rasa."""
import itertools
import re
from pathlib import Path

import pytest
import yaml

from bot.paths import CONTACTS, DOMAIN
from bot.phone import canonical, find_numbers
from bot.responses import load_responses, matching_variations

LANGUAGES = ["sv", "nb", "en"]
COUNTRIES = ["SE", "NO", None]
REGISTERS = ["plain", "easy"]   # easy Swedish (lättläst)


def contact_numbers() -> set[str]:
    numbers = set()
    for path in CONTACTS.glob("*.yaml"):
        for phone in yaml.safe_load(path.read_text(encoding="utf-8")).get("phone", []):
            numbers.add(canonical(str(phone)))
    return numbers


@pytest.mark.parametrize("name", sorted(load_responses()))
def test_exactly_one_variation_per_language_and_country(name: str) -> None:
    for language, country, register in itertools.product(LANGUAGES, COUNTRIES, REGISTERS):
        found = matching_variations(name, {"language": language, "country": country, "register": register})
        assert len(found) == 1, (name, language, country, register, len(found))


@pytest.mark.parametrize("name", sorted(n for n in load_responses() if n.startswith("utter_danger_")))
def test_every_escalation_has_an_easy_swedish_text_with_the_same_numbers(name: str) -> None:
    for country in COUNTRIES:
        plain = matching_variations(name, {"language": "sv", "country": country, "register": "plain"})[0]["text"]
        easy = matching_variations(name, {"language": "sv", "country": country, "register": "easy"})[0]["text"]
        assert easy != plain
        # The same numbers, and the emergency step still comes first (its number within the
        # first two short lines of the easy text).
        assert set(map(canonical, find_numbers(plain))) == set(map(canonical, find_numbers(easy))), name
        first = set(map(canonical, find_numbers(plain.split("\n")[0])))
        assert first & set(map(canonical, find_numbers("\n".join(easy.split("\n")[:2])))), (name, country)


@pytest.mark.parametrize("name", sorted(load_responses()))
def test_every_number_said_is_a_sourced_contact(name: str) -> None:
    known = contact_numbers()
    for variation in load_responses()[name]:
        for number in find_numbers(variation["text"]):
            assert canonical(number) in known, (name, number)


@pytest.mark.parametrize("path", sorted(CONTACTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_contact_files_carry_sources_and_review(path: Path) -> None:
    contact = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert contact["id"] == path.stem
    assert contact["sources"] and all(s["url"].startswith("https://") and s["title"] and s["organisation"]
                                      for s in contact["sources"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(contact["reviewed"]))
    assert contact["owner"]
    assert set(contact["names"]) == set(LANGUAGES)


def test_contact_numbers_come_from_the_verified_reference() -> None:
    reference = DOMAIN.parent.parent / "shared" / "reference" / "contacts.yaml"
    if not reference.exists():
        pytest.skip("../shared/reference is not beside this checkout")
    verified = {canonical(n) for n in find_numbers(reference.read_text(encoding="utf-8"))}
    assert contact_numbers() - verified == set()


ESCALATION_LANGUAGES = ["ar", "so", "fa", "ti", "ckb"]
EVERY_ESCALATION_LANGUAGE = sorted(n for n in load_responses() if n.startswith("utter_danger_")) + [
    "utter_other_language", "utter_service_unavailable"]


@pytest.mark.parametrize("name", EVERY_ESCALATION_LANGUAGE)
def test_escalations_in_every_escalation_language_with_the_english_numbers(name: str) -> None:
    """One text per language for both countries; it names the numbers the English text for
    an unknown country names, and leads with the same emergency step."""
    english = matching_variations(name, {"language": "en", "country": None, "register": "plain"})[0]["text"]
    for language in ESCALATION_LANGUAGES:
        for country in COUNTRIES:
            found = matching_variations(name, {"language": language, "country": country, "register": "plain"})
            assert len(found) == 1, (name, language, country)
        text = found[0]["text"]
        assert set(map(canonical, find_numbers(text))) == set(map(canonical, find_numbers(english))), (name, language)
        first = set(map(canonical, find_numbers(english.split("\n")[0])))
        assert first <= set(map(canonical, find_numbers(text.split("\n")[0]))), (name, language)


def test_the_other_language_answer_offers_the_full_languages() -> None:
    for language in LANGUAGES + ESCALATION_LANGUAGES:
        variation = matching_variations("utter_other_language", {"language": language, "country": None,
                                                                 "register": "plain"})[0]
        payloads = [b["payload"] for b in variation["buttons"]]
        assert payloads == ['/greet{"language": "sv"}', '/greet{"language": "nb"}', '/greet{"language": "en"}',
                            '/greet{"language": "sv", "register": "easy"}']


def test_easy_swedish_is_easier_to_read() -> None:
    """The readability report runs; on average the easy texts read more easily, and each one
    either does or is very easy already (LIX under 25: on a text of two lines LIX moves a lot)."""
    from statistics import mean

    from bot.eval.readability_report import article_pairs, response_pairs
    pairs = response_pairs() + article_pairs()
    assert len(pairs) >= 45
    assert mean(e for _, _, e in pairs) < mean(p for _, p, _ in pairs)
    assert [name for name, plain, easy in pairs if easy > plain and easy >= 25] == []
