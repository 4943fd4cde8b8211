"""A message that marks itself as a joke (bot/understanding/joking.py), and one that says it is not."""
from __future__ import annotations

import pytest

from bot.understanding.joking import joking


@pytest.mark.parametrize("text", ["bro says he'll sell me on ebay 😂", "mamma dreper meg hvis jeg kommer sent lol",
                                  "pappa dödar mig haha", "if I fail maths he'll murder me jk", "(tuller)"])
def test_marked_jokes(text: str) -> None:
    assert joking(text)


@pytest.mark.parametrize("text", ["han skämtar inte, han har slagit henne förut 😂",
                                  "nationella prov nästa vecka lol men seriöst jag är rädd",
                                  "dette er ingen spøk, haha, jeg er redd", "he locked me in, not kidding",
                                  "he locked me in and took my phone", "I laughed at the lollipop"])
def test_not_jokes(text: str) -> None:
    assert not joking(text)
