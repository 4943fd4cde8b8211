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
REGISTERS = [None, "easy"]      # easy Swedish (lättläst)


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
        plain = matching_variations(name, {"language": "sv", "country": country, "register": None})[0]["text"]
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
