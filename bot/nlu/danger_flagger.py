"""Runs bot/safety on every message and, on danger, overrides the intent.

It sits last in the pipeline, so whatever DIET or the fallback classifier said, a message
that bot/safety finds dangerous arrives at the dialogue as `danger_<level>`, and rules
(data/rules/safety.yml) escalate it. DIET's guess stays in the ranking for the record.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu._base import MessageComponent, entity_value, metadata_of, text_of
from bot.safety import Context, assess
from bot.safety import warm_up as compile_safety_rules


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class DangerFlagger(MessageComponent):
    def warm_up(self) -> None:
        compile_safety_rules()

    def annotate(self, message: Message) -> None:
        metadata = metadata_of(message)
        context = Context(
            language=entity_value(message, "language"),
            country=entity_value(message, "country") or metadata.get("country"),
            audience=metadata.get("audience"),
            age=metadata.get("age") if isinstance(metadata.get("age"), int) else None,
        )
        assessment = assess(text_of(message), context)
        if not assessment.is_danger:
            return
        intent = {"name": f"danger_{assessment.level.value}", "confidence": 1.0}
        ranking = [intent, *(message.get(INTENT_RANKING_KEY) or [])]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        message.set("danger", {"levels": [lvl.value for lvl in assessment.levels],
                               "reasons": list(assessment.reasons)}, add_to_output=True)
