"""Puts the country a message names (SE / NO) into a `country` entity, hence the slot."""
from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.country import find_country
from bot.nlu._base import MessageComponent, add_entity, metadata_of, text_of


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class CountryExtractor(MessageComponent):
    def annotate(self, message: Message) -> None:
        text = text_of(message)
        mention = find_country(text)
        if mention:
            code, start, end = mention
        elif metadata_of(message).get("country") in ("SE", "NO"):
            code, start, end = metadata_of(message)["country"], 0, 0
        else:
            return
        add_entity(
            message,
            {
                "entity": "country",
                "value": code,
                "start": start,
                "end": end,
                "extractor": type(self).__name__,
            },
        )
