"""Rasa's ResponseSelector (a retrieval intent) against the project's item models, on the same
held-out split as bot.eval.held_out_items.

    python -m bot.eval.response_selector_items [--threshold 0.3 0.5 ...] [--epochs 60]

Trains one Rasa NLU model (the project's featurizers and DIET, then a ResponseSelector) on the
kept item examples and the items' own texts as the retrieval intent `item` (one response key
per item), and on the kept sample of other questions as the intent `other`. Each held-out
question is then read as the bot would read it: an item when DIET says `item` and the best
response among the items of the asker's country and audience is at least the threshold sure.
A development figure for choosing between the two matchers (several minutes of training).
"""
from __future__ import annotations

import argparse
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

import yaml

from bot.eval.held_out_items import split
from bot.eval.model_split import RASA
from bot.knowledge.schema import AUDIENCES
from bot.knowledge.item_match import groups
from bot.nlu.parse import parse_all
from bot.paths import ROOT
from bot.understanding import corpus
from bot.understanding.corpus import Example
from bot.understanding.train import item_groups

PIPELINE = [   # config.yml's featurizers and DIET, without the project's own components
    {"name": "WhitespaceTokenizer"},
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer", "min_df": 2},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 4, "min_df": 3,
     "max_features": 20000},
    {"name": "DIETClassifier", "epochs": 60, "number_of_transformer_layers": 0,
     "hidden_layers_sizes": {"text": [256, 128]}, "entity_recognition": False, "constrain_similarities": True,
     "random_seed": 42},
]


def _key(item_id: str) -> str:
    return item_id.replace(".", "_")


def _line(text: str) -> str:
    return " ".join(text.split())


def write_training(work: Path, kept: Sequence[Example], epochs: int) -> tuple[Path, Path, Path]:
    groups = item_groups(kept, corpus.item_texts())
    items: dict[str, list[str]] = {}
    others: list[str] = []
    for group in groups.values():
        for e in group:
            if e.item == "none":
                others.append(_line(e.text))
            else:
                items.setdefault(e.item or "", []).append(_line(e.text))
    blocks = [{"intent": f"item/{_key(i)}", "examples": "".join(f"- {t}\n" for t in dict.fromkeys(texts))}
              for i, texts in items.items()]
    blocks.append({"intent": "other", "examples": "".join(f"- {t}\n" for t in dict.fromkeys(others))})
    nlu = work / "nlu.yml"
    nlu.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True), encoding="utf-8")
    domain = work / "domain.yml"
    domain.write_text(yaml.safe_dump({"version": "3.1", "intents": ["item", "other"], "responses": {
        f"utter_item/{_key(i)}": [{"text": i}] for i in items}}, allow_unicode=True), encoding="utf-8")
    config = work / "config.yml"
    pipeline = PIPELINE + [{"name": "ResponseSelector", "retrieval_intent": "item", "epochs": epochs,
                            "random_seed": 42}]
    config.write_text(yaml.safe_dump({"recipe": "default.v1", "language": "xx", "pipeline": pipeline,
                                      "policies": []}), encoding="utf-8")
    return nlu, domain, config


def train(work: Path, kept: Sequence[Example], epochs: int) -> Path:
    nlu, domain, config = write_training(work, kept, epochs)
    subprocess.run([RASA, "train", "nlu", "--quiet", "--nlu", str(nlu), "--domain", str(domain), "--config",
                    str(config), "--out", str(work), "--fixed-model-name", "items"],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return work / "items.tar.gz"


def _group_keys(language: str, audience: str) -> tuple[str, ...]:
    """The response-key prefixes of the item groups the bot would ask ("item-SE-adult" -> "se_adult_")."""
    return tuple(f"{name.split('-')[1].lower()}_{audience}_" for name in groups(language, audience))


def best_in_group(parsed: dict[str, Any], prefixes: Sequence[str]) -> tuple[str | None, float]:
    """The best-ranked item response among the asker's group, when DIET's intent is `item`."""
    if (parsed.get("intent") or {}).get("name") != "item":
        return None, 0.0
    ranking = ((parsed.get("response_selector") or {}).get("item") or {}).get("ranking") or []
    for row in ranking:
        key = row["intent_response_key"].split("/", 1)[1]
        if key.startswith(tuple(prefixes)):
            return key, float(row["confidence"])
    return None, 0.0


def measure(thresholds: Sequence[float], epochs: int) -> dict[float, Counter]:
    kept, held = split(corpus.examples())
    negatives = {e.text for group in item_groups(held).values() for e in group if e.item == "none"}
    questions = []
    for e in held:
        if e.item:
            country, audience = e.item.split(".")[:2]
            questions.append((e, (f"{country}_{audience}_",)))
        elif e.text in negatives and e.audience in AUDIENCES:
            questions.append((e, _group_keys(e.language, e.audience)))
    with tempfile.TemporaryDirectory() as tmp:
        model = train(Path(tmp), kept, epochs)
        parsed = parse_all(model, [e.text for e, _ in questions])
    counts: dict[float, Counter] = {t: Counter() for t in thresholds}
    for (example, prefixes), reading in zip(questions, parsed):
        key, p = best_in_group(reading, prefixes)
        for t in thresholds:
            if example.item:
                verdict = "none" if key is None or p < t else ("right" if key == _key(example.item) else "wrong")
                counts[t][f"item: {verdict}"] += 1
            else:
                counts[t]["other: n"] += 1
                counts[t]["other: given an item"] += key is not None and p >= t
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.0, 0.3, 0.5, 0.7])
    parser.add_argument("--epochs", type=int, default=60)
    args = parser.parse_args()
    for threshold, counts in measure(args.threshold, args.epochs).items():
        n = counts["item: right"] + counts["item: wrong"] + counts["item: none"]
        print(f"at {threshold}: item questions {n}: right {counts['item: right']}, another item "
              f"{counts['item: wrong']}, none {counts['item: none']}; other questions {counts['other: n']}: "
              f"given an item {counts['other: given an item']}")


if __name__ == "__main__":
    main()
