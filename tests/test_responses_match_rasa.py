"""bot.responses must choose exactly what Rasa's own response generator chooses."""
import itertools

import pytest
from rasa.core.nlg.generator import ResponseVariationFilter

from bot.responses import load_responses, select


@pytest.mark.parametrize("name", sorted(load_responses()))
def test_same_variation_as_rasa(name: str) -> None:
    rasa_filter = ResponseVariationFilter(load_responses())
    for language, country, register in itertools.product(["sv", "nb", "en"], ["SE", "NO", None], ["plain", "easy"]):
        slots = {"language": language, "country": country, "register": register}
        rasa_choices = rasa_filter.responses_for_utter_action(name, "rest", slots)
        assert rasa_choices == [select(name, slots)]
