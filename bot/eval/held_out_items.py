"""Which item the item models find for item questions they were not trained on, and how often
they find one for other questions.

    python -m bot.eval.held_out_items [--threshold 0.5] [--show]

Every fifth example of each item is held out, and so is every fifth of the other questions the
models could take for "none" (bot.understanding.train.item_groups). The item models are trained
on the rest and read the held-out questions as bot.knowledge.item_match does (whole message and
best sentence, the asker's own country and audience). A development figure, not evidence: the
held-out examples were written by the same writers as the trained ones.
"""
from __future__ import annotations

import argparse
from collections import Counter
from typing import Sequence

from bot.knowledge.schema import AUDIENCES
from bot.knowledge.item_match import ITEM_SURE, best_item, groups
from bot.understanding import corpus
from bot.understanding.corpus import Example
from bot.understanding.linear import LinearModel
from bot.understanding.train import ITEM_TASK, Task, fit, item_groups

HOLD = 5


def split(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """(kept, held out): every HOLD-th item example per item, every HOLD-th other question."""
    seen: Counter = Counter()
    kept, held = [], []
    for example in examples:
        key = example.item or ("other" if example.source.startswith("corpus/") else None)
        seen[key] += 1
        (held if key and seen[key] % HOLD == 0 else kept).append(example)
    return kept, held


def _groups(example: Example, models: dict[str, LinearModel]) -> list[str]:
    return [name for name in groups(example.language, example.audience or "") if name in models]


def measure(thresholds: Sequence[float], show: bool = False, task: Task = ITEM_TASK) -> dict[float, Counter]:
    kept, held = split(corpus.examples())
    models = {name: fit(task, group) for name, group in item_groups(kept, corpus.item_texts()).items()}
    negatives = {e.text for group in item_groups(held).values() for e in group if e.item == "none"}
    counts: dict[float, Counter] = {t: Counter() for t in thresholds}
    for example in held:
        if example.item:
            country, audience = example.item.split(".")[:2]
            found, p = best_item(models[f"item-{country.upper()}-{audience}"], example.text)
            for t in thresholds:
                verdict = "none" if p < t else ("right" if found == example.item else "wrong")
                counts[t][f"item: {verdict}"] += 1
                if show and verdict != "right" and t == thresholds[0]:
                    print(f"{verdict:5} {p:.2f} {example.item} -> {found}: {example.text[:100]}")
        elif example.text in negatives and example.audience in AUDIENCES:
            # read as the bot would: the asker's audience, the country of their language
            best = max((best_item(models[name], example.text)[1] for name in _groups(example, models)), default=0.0)
            for t in thresholds:
                counts[t]["other: n"] += 1
                counts[t]["other: given an item"] += best >= t
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, nargs="+", default=[ITEM_SURE])
    parser.add_argument("--show", action="store_true", help="print the item questions read wrong (at the first threshold)")
    args = parser.parse_args()
    for threshold, counts in measure(args.threshold, args.show).items():
        n = counts["item: right"] + counts["item: wrong"] + counts["item: none"]
        other = counts["other: n"]
        print(f"at {threshold}: item questions {n}: right {counts['item: right']} ({counts['item: right'] / max(n, 1):.0%}), "
              f"another item {counts['item: wrong']}, none {counts['item: none']}; "
              f"other questions {other}: given an item {counts['other: given an item']} "
              f"({counts['other: given an item'] / max(other, 1):.1%}; many rightly: they ask what an item answers)")


if __name__ == "__main__":
    main()
