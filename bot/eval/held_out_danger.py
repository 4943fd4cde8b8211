"""The bot's whole danger decision (rules, learned model, framing, the safety check) on one spent
blind set, with the models trained without that set.

    python -m bot.eval.held_out_danger [--set 2026-12-06-fourth] [--show]

A development figure, not evidence: a spent set was written by writers the project had not
seen, but once it is used to choose between changes it is tuned on. The blind sets are what
show how the bot does (bot.eval.blind). What it answers: would this change of the decision, the
features or the training data have let that set's near-misses be and its danger be escalated,
had the set not been in training. Trains the danger and for_other models (about a minute).
"""
from __future__ import annotations

import argparse
from collections import Counter
from contextlib import contextmanager
from typing import Iterator

from bot.safety import Context
from bot.understanding import corpus, read
from bot.understanding.train import TASKS, fit

LEVELS = ("immediate_danger", "self_harm", "child_at_risk", "trip_abroad_soon", "already_abroad")


@contextmanager
def models_without(source: str, names: tuple[str, ...] = ("danger", "for_other")) -> Iterator[None]:
    """bot.understanding.read with the named models trained without `source`'s examples."""
    kept = [e for e in corpus.examples() if e.source != source]
    trained = {name: fit(TASKS[name], kept) for name in names}
    original = read.model
    read.model = lambda name: trained.get(name) or original(name)   # type: ignore[assignment]
    try:
        yield
    finally:
        read.model = original   # type: ignore[assignment]


def measure(name: str, show: bool = False) -> Counter:
    source = f"blind/{name}"
    held = [e for e in corpus.examples() if e.source == source and e.danger is not None]
    counts: Counter = Counter()
    with models_without(source):
        for example in held:
            found = read.danger(example.text, Context(language=example.language))
            alarm = found.escalate or found.check
            if example.danger == "none":
                kind = "near-miss" if example.near_miss else "question"
                counts[f"{kind}: n"] += 1
                counts[f"{kind}: alarmed"] += alarm
                counts[f"{kind}: escalated"] += found.escalate
                if show and alarm:
                    print(f"ALARM {found.level or 'check'} p={found.probability:.2f} rules={found.rules}: {example.text[:110]}")
            else:
                counts[f"{example.danger}: n"] += 1
                counts[f"{example.danger}: escalated"] += found.escalate
                counts["danger: n"] += 1
                counts["danger: escalated"] += found.escalate
                counts["danger: only a safety check"] += found.check and not found.escalate
                counts["danger: right level"] += found.level == example.danger
                if show and not found.escalate:
                    print(f"MISS {example.danger} check={found.check} p={found.probability:.2f}: {example.text[:110]}")
                elif show and found.level != example.danger:
                    print(f"LEVEL {example.danger} -> {found.level} rules={found.rules}: {example.text[:110]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="2026-12-06-fourth", help="a folder of tests/data/blind")
    parser.add_argument("--show", action="store_true", help="print the alarms, the misses and the wrong levels")
    args = parser.parse_args()
    counts = measure(args.set, args.show)
    for key in ("danger", *LEVELS):
        n = counts[f"{key}: n"]
        if n:
            print(f"{key:18} escalated {counts[f'{key}: escalated']:3}/{n:3} = {counts[f'{key}: escalated'] / n:.0%}")
    n = counts["danger: n"]
    print(f"{'only a check':18}          {counts['danger: only a safety check']:3}/{n:3}")
    print(f"{'right level':18} {counts['danger: right level']:3}/{n:3} = {counts['danger: right level'] / max(n, 1):.0%}")
    for kind in ("near-miss", "question"):
        n = counts[f"{kind}: n"]
        print(f"{kind:18} alarmed {counts[f'{kind}: alarmed']:3}/{n:3} = {counts[f'{kind}: alarmed'] / max(n, 1):.0%}"
              f" (escalated {counts[f'{kind}: escalated']})")


if __name__ == "__main__":
    main()
