"""Reads every message with bot/understanding and tells the dialogue what it found.

It sits last in the pipeline, so whatever DIET or the fallback classifier said:
- danger found (bot/understanding/read.py: the rules of bot/safety and the learned model)
  becomes the intent `danger_<level>`, or `danger_helper_<level>` when a relative or friend
  tells of someone else's danger (`danger_professional_<level>` when the one telling meets it
  at work), and rules (data/rules/safety.yml) escalate it; possible but unclear danger becomes
  `danger_check` ("are you safe right now?");
- a message with content (a question or a story) becomes the intent `question`, which the
  knowledge action answers from the reading (topic, who is asking, a specific item);
- who is writing, when the message says it outright, becomes the `audience` entity (hence slot).
The reading itself (labels and numbers, no text) goes with the message as `understanding`.
DIET's guess stays in the ranking for the record. A button's typed intent ("/topic_fgm") is
taken as given, except that danger is still looked for in every text someone typed.
"""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from bot.nlu._base import MessageComponent, add_entity, entity_value, metadata_of, text_of
from bot.safety import Context
from bot.safety import warm_up as compile_safety_rules
from bot.understanding.models import warm_up as load_models
from bot.understanding.read import Reading, read
from bot.understanding.route import intent_for


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class Understanding(MessageComponent):
    def warm_up(self) -> None:
        compile_safety_rules()
        load_models("danger", "for_other", "topic", "audience")

    def annotate(self, message: Message) -> None:
        text = text_of(message)
        if not text or text.startswith("/"):
            return
        metadata = metadata_of(message)
        context = Context(
            language=entity_value(message, "language"),
            country=entity_value(message, "country") or metadata.get("country"),
            audience=metadata.get("audience"),
            age=metadata.get("age") if isinstance(metadata.get("age"), int) else None,
        )
        reading = read(text, context)
        message.set("understanding", reading.as_dict(), add_to_output=True)
        if reading.audience.explicit and reading.audience.value:
            add_entity(message, {"entity": "audience", "value": reading.audience.value,
                                 "start": 0, "end": 0, "extractor": type(self).__name__})
        diet = message.get(INTENT) or {}
        name = intent_for(reading, diet.get("name"), float(diet.get("confidence") or 0.0), text)
        if name and name != diet.get("name"):
            self._override(message, name, reading)

    @staticmethod
    def _override(message: Message, name: str, reading: Reading) -> None:
        intent = {"name": name, "confidence": 1.0}
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent, *(message.get(INTENT_RANKING_KEY) or [])], add_to_output=True)
        if reading.danger.escalate:
            message.set("danger", {"levels": [reading.danger.level], "rules": list(reading.danger.rules)},
                        add_to_output=True)
