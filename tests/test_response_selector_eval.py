"""The ResponseSelector comparison (bot/eval/response_selector_items.py), without training Rasa."""
from __future__ import annotations

from pathlib import Path

import yaml

from bot.eval.response_selector_items import best_in_group, write_training
from bot.understanding.corpus import Example

PARSED = {"intent": {"name": "item"}, "response_selector": {"item": {"ranking": [
    {"intent_response_key": "item/no_adult_vo_linjen", "confidence": 0.6},
    {"intent_response_key": "item/se_adult_protected_address", "confidence": 0.3}]}}}


def test_the_best_item_is_the_best_ranked_of_the_askers_group() -> None:
    assert best_in_group(PARSED, ("se_adult_",)) == ("se_adult_protected_address", 0.3)
    assert best_in_group(PARSED, ("se_adult_", "no_adult_")) == ("no_adult_vo_linjen", 0.6)
    assert best_in_group(PARSED, ("se_professional_",)) == (None, 0.0)


def test_no_item_when_diet_says_the_question_is_another() -> None:
    assert best_in_group({**PARSED, "intent": {"name": "other"}}, ("no_adult_",)) == (None, 0.0)


def test_the_training_data_has_a_retrieval_intent_per_item_and_the_other_questions(tmp_path: Path) -> None:
    kept = [Example("Hva er VO-linjen?", "nb", "items", topic="close_violence", audience="adult",
                    item="no.adult.vo_linjen"),
            Example("hvordan sender jeg en bekymringsmelding", "nb", "corpus/x", topic="social_services",
                    danger="none")]
    nlu, domain, config = write_training(tmp_path, kept, epochs=5)
    intents = {block["intent"] for block in yaml.safe_load(nlu.read_text(encoding="utf-8"))["nlu"]}
    assert "item/no_adult_vo_linjen" in intents and "other" in intents
    assert "utter_item/no_adult_vo_linjen" in yaml.safe_load(domain.read_text(encoding="utf-8"))["responses"]
    pipeline = yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]
    assert pipeline[-1] == {"name": "ResponseSelector", "retrieval_intent": "item", "epochs": 5, "random_seed": 42}
