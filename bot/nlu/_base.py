"""The shared shape of our non-trainable, message-level components."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData


class MessageComponent(GraphComponent):
    """Runs `annotate` on every message at inference; leaves training data alone."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> GraphComponent:
        # Rasa builds the serving graph with `load`, when the model loads: warm up here, so that
        # the first person to write does not wait while rules compile and language models load
        # (1-2 s). Training passes data through `load` too and pays the same once.
        component = cls.create(config, model_storage, resource, execution_context)
        component.warm_up()
        return component

    def warm_up(self) -> None:
        """Loads what `annotate` needs ahead of the first message; nothing by default."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self.annotate(message)
        return messages

    def annotate(self, message: Message) -> None:
        raise NotImplementedError


def text_of(message: Message) -> str:
    return message.get(TEXT) or ""


def metadata_of(message: Message) -> Dict[Text, Any]:
    metadata = message.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def entity_value(message: Message, entity: str) -> Optional[str]:
    for item in message.get(ENTITIES, []) or []:
        if item.get("entity") == entity:
            return item.get("value")
    return None


def add_entity(message: Message, entity: Dict[Text, Any]) -> None:
    message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
