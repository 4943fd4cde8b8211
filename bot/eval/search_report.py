"""Hit rate of the knowledge-base search on the dev messages (no server needed).

    python -m bot.eval.search_report            # report on ../shared/eval/dev_messages.yaml
    python -m bot.eval.search_report --tune     # choose stem length and threshold on NLU data

Report: for each dev message whose topic the knowledge base covers, a hit when the best
topic answers it and its score clears the threshold; messages outside the covered topics
count as right when the search declines (the bot then says so honestly and offers contacts).
Tuning never looks at the dev messages: it indexes 80 % of each topic's NLU examples and
scores the other 20 % (answer) and the out_of_scope examples (decline). `figures` returns the
counts (also used by bot.eval.publish).
"""
from __future__ import annotations

import argparse
import random
from collections import defaultdict
from pathlib import Path
from typing import Optional

import yaml

from bot.eval.dev_messages import DEFAULT_FILE, LANG, TOPIC_ANSWER
from bot.knowledge.answers import SEARCH_THRESHOLD
from bot.knowledge.files import read_articles, read_topic_examples
from bot.knowledge.search import STEM, ArticleIndex
from bot.paths import KNOWLEDGE, ROOT

LANGS = ("sv", "nb", "en")


def _examples_by_language() -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {l: defaultdict(list) for l in LANGS}
    for topic, language, text in read_topic_examples():
        found[language][topic].append(text)
    return found


def _out_of_scope(language: str) -> list[str]:
    data = yaml.safe_load((ROOT / "data" / "nlu" / language / "core.yml").read_text(encoding="utf-8"))
    block = next(b for b in data["nlu"] if b["intent"] == "out_of_scope")
    return [l.strip()[2:] for l in block["examples"].splitlines() if l.strip()]


def tune(seed: int = 3) -> None:
    articles = list(read_articles(KNOWLEDGE))
    rng = random.Random(seed)
    splits = {}
    for language, by_topic in _examples_by_language().items():
        train, test = {}, []
        for topic, lines in by_topic.items():
            lines = lines[:]
            rng.shuffle(lines)
            cut = len(lines) // 5
            test += [(line, topic) for line in lines[:cut]]
            train[topic] = lines[cut:]
        splits[language] = (train, test, _out_of_scope(language))
    print("| stem | threshold | right answer (held-out topic examples) | declined (out of scope) |")
    print("|---|---|---|---|")
    for stem in (4, 5, 6, 7):
        indexes = {l: ArticleIndex(articles, l, splits[l][0], stem=stem) for l in LANGS}
        scored_pos = [(indexes[l].scores(t)[0], topic) for l in LANGS for t, topic in splits[l][1]]
        scored_neg = [indexes[l].scores(t)[0][0] for l in LANGS for t in splits[l][2]]
        for threshold in (1.0, 2.0, 3.0, 4.0, 5.0, 6.0):
            right = sum(s >= threshold and t == topic for (s, t), topic in scored_pos)
            declined = sum(s < threshold for s in scored_neg)
            print(f"| {stem} | {threshold} | {100 * right / len(scored_pos):.0f} % | "
                  f"{100 * declined / len(scored_neg):.0f} % |")


SEARCH_MEASURES = ("covered topic: right article", "covered topic: declined (honest no-answer)",
                   "other topic: declined")


def figures(dev_file: Path = DEFAULT_FILE) -> dict[str, dict[str, tuple[int, int]]]:
    """measure -> column (sv, nb, en, all) -> (hits, total) of the search on the dev messages."""
    articles = list(read_articles(KNOWLEDGE))
    examples = _examples_by_language()
    indexes = {l: ArticleIndex(articles, l, examples[l]) for l in LANGS}
    rows = {m: {l: [0, 0] for l in LANGS} for m in SEARCH_MEASURES}
    for item in yaml.safe_load(dev_file.read_text(encoding="utf-8"))["items"]:
        lang = LANG[str(item["language"])]
        hits = indexes[lang].search(item["text"])
        answered = bool(hits) and hits[0].score >= SEARCH_THRESHOLD
        expected = TOPIC_ANSWER.get(item.get("topic"))
        if expected:
            rows[SEARCH_MEASURES[0]][lang][0] += answered and hits[0].article.topic in expected
            rows[SEARCH_MEASURES[0]][lang][1] += 1
            rows[SEARCH_MEASURES[1]][lang][0] += not answered
            rows[SEARCH_MEASURES[1]][lang][1] += 1
        else:
            rows[SEARCH_MEASURES[2]][lang][0] += not answered
            rows[SEARCH_MEASURES[2]][lang][1] += 1
    result = {}
    for name, cells in rows.items():
        result[name] = {l: (cells[l][0], cells[l][1]) for l in LANGS}
        result[name]["all"] = (sum(c[0] for c in cells.values()), sum(c[1] for c in cells.values()))
    return result


def markdown(rows: dict[str, dict[str, tuple[int, int]]]) -> str:
    fmt = lambda h, n: f"{100 * h / n:.0f} % ({h}/{n})" if n else "–"
    columns = LANGS + ("all",)
    lines = ["| measure | " + " | ".join(columns) + " |", "|---" * 5 + "|"]
    for name, cells in rows.items():
        if any(cells[c][1] for c in columns):  # as before: a measure with no messages is left out
            lines.append(f"| {name} | " + " | ".join(fmt(*cells[c]) for c in columns) + " |")
    return "\n".join(lines)


def report() -> None:
    print(f"Search on {DEFAULT_FILE.name} (stem {STEM}, threshold {SEARCH_THRESHOLD}):\n")
    print(markdown(figures()))


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true")
    args = parser.parse_args(argv)
    tune() if args.tune else report()


if __name__ == "__main__":
    main()
