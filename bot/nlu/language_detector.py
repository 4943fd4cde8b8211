"""Puts the message's language (sv / nb / en, or an escalation language) into a `language`
entity, hence the slot, and the register chosen on the page (metadata `register`: easy
Swedish, or plain again) into a `register` entity.

The entity is anchored on the first word so that conversation tests can assert it with an
ordinary annotation, e.g. `[hej]{"entity": "language", "value": "sv"} där`.
The page's language choice arrives as message metadata and serves as the prior.
"""
from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.language import detect_language
from bot.language import warm_up as load_language_models
from bot.nlu._base import MessageComponent, add_entity, metadata_of, text_of

_FIRST_WORD = re.compile(r"\S+")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LanguageDetector(MessageComponent):
    def warm_up(self) -> None:
        load_language_models()

    def annotate(self, message: Message) -> None:
        text = text_of(message)
        guess = detect_language(text, prior=metadata_of(message).get("language"))
        first = _FIRST_WORD.search(text)
        start, end = (first.start(), first.end()) if first else (0, 0)
        add_entity(
            message,
            {
                "entity": "language",
                "value": guess.code,
                "start": start,
                "end": end,
                "confidence": round(guess.confidence, 3),
                "extractor": type(self).__name__,
            },
        )
        register = metadata_of(message).get("register")
        if register in ("easy", "plain"):
            add_entity(message, {"entity": "register", "value": register, "start": 0, "end": 0,
                                 "extractor": type(self).__name__})
