"""Who is writing, as the bot reads it (stated cues, then the learned guess), on the questions
of spent blind sets, with the audience model trained without the set being read.

    python -m bot.eval.held_out_audience [--set 2026-12-06-fifth ...] [--show]

A development figure, not evidence (see bot.eval.held_out_danger): it shows whether a change of
the cues, the features or the training data would have read a set's askers right, had that set
not been in training. Trains one audience model per set (about half a minute each).
"""
from __future__ import annotations

import argparse
from collections import Counter

from bot.eval.held_out_danger import models_without
from bot.knowledge.schema import AUDIENCES
from bot.understanding import corpus, read


def measure(name: str, show: bool = False) -> Counter:
    source = f"blind/{name}"
    held = [e for e in corpus.examples()
            if e.source == source and e.topic not in (None, corpus.OUT_OF_SCOPE) and e.audience in AUDIENCES]
    counts: Counter = Counter()
    with models_without(source, ("audience",)):
        for example in held:
            found = read.audience(example.text)
            verdict = "right" if found.value == example.audience else ("unknown" if found.value is None else "wrong")
            counts[f"{example.audience}: n"] += 1
            counts[f"{example.audience}: {verdict}"] += 1
            if show and verdict != "right":
                how = "stated" if found.explicit else f"p={found.confidence:.2f}"
                print(f"{example.audience:>12} -> {found.value or '?'} ({how}): {example.text[:120]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs="+", default=sorted(
        {e.source.split("/", 1)[1] for e in corpus.examples() if e.source.startswith("blind/")}),
        help="folders of tests/data/blind (default: every spent set)")
    parser.add_argument("--show", action="store_true", help="print the questions read wrong")
    args = parser.parse_args()
    total: Counter = Counter()
    for name in args.set:
        total += measure(name, args.show)
    for audience in AUDIENCES:
        n = total[f"{audience}: n"]
        if n:
            print(f"{audience:13} right {total[f'{audience}: right']:3}/{n:3} = {total[f'{audience}: right'] / n:.0%}"
                  f"   wrong {total[f'{audience}: wrong']:3}   unknown {total[f'{audience}: unknown']:3}")
    n = sum(total[f"{a}: n"] for a in AUDIENCES)
    right = sum(total[f"{a}: right"] for a in AUDIENCES)
    print(f"{'all':13} right {right:3}/{n:3} = {right / max(n, 1):.0%}")


if __name__ == "__main__":
    main()
