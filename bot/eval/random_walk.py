"""Random-walk conversations: no path may trap a conversation or lose a danger message.

    python -m bot.eval.random_walk --url http://127.0.0.1:5005/webhooks/rest/webhook \
        [--conversations 200] [--turns 12] [--seed 1]

A seeded walker mixes what people do in the chat: pressing the buttons the bot just offered,
yes and no in each language, greetings, questions, saying who they are, danger messages,
nonsense, emoji and other languages, switching language and starting again. After every turn
it checks the bot's reply (bot.eval.replies): between one and three messages, no text twice in
one reply, never nothing ("not delivered"), and every danger message escalated, at any point
of any conversation. It prints how many conversations and turns it tried and every problem
with the conversation that led to it.
"""
from __future__ import annotations

import argparse
import random
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Optional

import yaml

from bot.eval.replies import read_reply

PHRASES = Path(__file__).with_name("walk_phrases.yaml")
LANGS = ("sv", "nb", "en")
MIN_MESSAGES, MAX_MESSAGES = 1, 3

# What a person does next, and how often (weights).
MOVES = {
    "button": 30, "yes": 8, "no": 6, "greeting": 5, "question": 14, "who": 6, "other": 8,
    "thanks": 3, "goodbye": 2, "danger": 7, "noise": 6, "switch_language": 3, "restart": 2,
}

# (conversation id, text, metadata) -> the bot's messages, or None when nothing was delivered.
Send = Callable[[str, str, dict[str, Any]], Optional[list[dict[str, Any]]]]


@dataclass
class Turn:
    move: str
    language: str
    text: str
    messages: Optional[list[dict[str, Any]]]


@dataclass
class Problem:
    what: str
    turns: list[Turn]

    def __str__(self) -> str:
        lines = [self.what]
        for t in self.turns:
            said = " | ".join(m.get("text", "")[:60].replace("\n", " ") for m in t.messages or [])
            lines.append(f"  [{t.language}] {t.move}: {t.text!r} -> {len(t.messages or [])} message(s): {said}")
        return "\n".join(lines)


@dataclass
class WalkFigures:
    conversations: int = 0
    turns: int = 0
    danger_turns: int = 0
    problems: list[Problem] = field(default_factory=list)


@lru_cache(maxsize=1)
def phrases() -> dict[str, Any]:
    return yaml.safe_load(PHRASES.read_text(encoding="utf-8"))


def problems_in(turn: Turn) -> list[str]:
    """What is wrong with one turn's reply (the messages a person sees), if anything."""
    shown = [m for m in turn.messages or [] if m.get("text")]
    if not shown:
        return ["nothing delivered"]
    found = []
    if not MIN_MESSAGES <= len(shown) <= MAX_MESSAGES:
        found.append(f"{len(shown)} messages in one reply")
    texts = [m.get("text") for m in shown]
    if len(texts) != len(set(texts)):
        found.append("the same text twice in one reply")
    if turn.move == "danger" and not read_reply(turn.messages).escalated:
        found.append("a danger message was not escalated")
    return found


def _next_move(rng: random.Random, last: Optional[list[dict[str, Any]]]) -> str:
    moves = dict(MOVES)
    if not any(m.get("buttons") for m in last or []):
        moves.pop("button")
    names = list(moves)
    return rng.choices(names, weights=[moves[n] for n in names])[0]


def _text(rng: random.Random, move: str, language: str, last: Optional[list[dict[str, Any]]]) -> str:
    table = phrases()
    if move == "button":
        buttons = [b for m in last or [] for b in m.get("buttons") or []]
        return str(rng.choice(buttons)["payload"])
    if move == "noise":
        return rng.choice(table["noise"])
    key = {"yes": "affirm", "no": "deny", "greeting": "greetings", "question": "questions",
           "who": "who_is_writing", "other": "other", "thanks": "thanks", "goodbye": "goodbye",
           "danger": "danger"}[move]
    return rng.choice(table[key][language])


def walk(send: Send, rng: random.Random, turns: int, figures: WalkFigures) -> None:
    """One conversation of `turns` turns; its problems are added to `figures`."""
    conversation = f"walk-{uuid.UUID(int=rng.getrandbits(128)).hex}"
    language = rng.choice(LANGS)
    history: list[Turn] = []
    last: Optional[list[dict[str, Any]]] = None
    figures.conversations += 1
    for _ in range(turns):
        move = _next_move(rng, last)
        if move == "restart":
            conversation, history, last = f"walk-{uuid.UUID(int=rng.getrandbits(128)).hex}", [], None
            figures.conversations += 1
            continue
        if move == "switch_language":
            language = rng.choice([lang for lang in LANGS if lang != language])
            move = "question"
        text = _text(rng, move, language, last)
        messages = send(conversation, text, {"language": language})
        turn = Turn(move, language, text, messages)
        history.append(turn)
        figures.turns += 1
        figures.danger_turns += move == "danger"
        for what in problems_in(turn):
            figures.problems.append(Problem(what, list(history[-6:])))
        last = messages


def run(send: Send, conversations: int, turns: int, seed: int) -> WalkFigures:
    rng = random.Random(seed)
    figures = WalkFigures()
    for _ in range(conversations):
        walk(send, rng, turns, figures)
    return figures


def rest_sender(url: str) -> Send:
    from bot.eval.rest import send as post

    def send(conversation: str, text: str, metadata: dict[str, Any]) -> Optional[list[dict[str, Any]]]:
        try:
            return post(url, conversation, text, metadata)
        except OSError:
            return None

    return send


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/rest/webhook")
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    figures = run(rest_sender(args.url), args.conversations, args.turns, args.seed)
    print(f"random walk: {figures.conversations} conversations, {figures.turns} turns "
          f"({figures.danger_turns} danger messages), {len(figures.problems)} problems")
    for problem in figures.problems[:20]:
        print(problem)
    raise SystemExit(1 if figures.problems else 0)


if __name__ == "__main__":
    main()
