"""Reading messages with a trained Rasa NLU model outside a server (for the evaluation scripts)."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Sequence


def parse_all(model: Path, texts: Sequence[str]) -> list[dict[str, Any]]:
    """Rasa's parse result (intent, ranking, response selector) for each text, in order."""
    from rasa.core.agent import Agent

    async def run() -> list[dict[str, Any]]:
        agent = Agent.load(str(model))
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(run())
