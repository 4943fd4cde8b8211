"""Which country a message is about (bot/country.py): a place it names, else a service or
authority that exists in one country only; both countries named means neither."""
from __future__ import annotations

import pytest

from bot.country import find_country


@pytest.mark.parametrize("text, country", [
    ("Youth worker at a fritidsklubb in Stovner: boys check their sisters phones", "NO"),
    ("I run a fritidsgård and some boys follow their sisters", "SE"),
    ("my friend in Tensta says her brothers hit her", "SE"),
    ("We live in Bergen and my sister is scared", "NO"),
    ("jag bor i Malmö", "SE"),
    ("How do I apply for sperret adresse?", "NO"),
    ("Will barnevernet take my children if I go to a krisesenter?", "NO"),
    ("can the kurator tell my parents what I said?", "SE"),
    ("how do I make an orosanmälan as a teacher", "SE"),
    ("I called Bris in Sweden and then Alarmtelefonen in Norway", None),   # both countries
    ("I live in Oslo but I called socialtjänsten in Sweden", "NO"),   # where one lives wins
    ("Jag är svensk men bor i Oslo. Vart kan hon vända sig?", "NO"),
    ("Jag flyttade till Norge förra året och skriver hellre på svenska", "NO"),
    ("Søsteren min bor i Malmö og jeg bor i Norge", None),           # two homes: neither
    ("Jeg har en kontaktlærer som forstår", "NO"),
    ("I live in Oslo and my cousin went to socialtjänsten", "NO"),    # a place wins over a service
    ("Bris or Alarmtelefonen, who should I call?", None),
    ("my parents check my phone", None),
    ("I navigate the city by bus", None),                            # "nav" only as a word
])
def test_the_country_a_message_is_about(text: str, country: str | None) -> None:
    found = find_country(text)
    assert (found[0] if found else None) == country
