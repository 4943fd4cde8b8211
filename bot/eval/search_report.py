"""Hit rate of the knowledge-base search on the dev messages (no server needed).

    python -m bot.eval.search_report

For each dev message whose topic the knowledge base covers, search the articles of its
language: a hit when the best article's topic is one that answers it and its score clears
the threshold; "no answer" when nothing clears it (the bot then says so honestly). Messages
outside the covered topics count as right when the search declines to answer.
"""
from __future__ import annotations

from collections import defaultdict

import yaml

from bot.eval.dev_messages import DEFAULT_FILE, LANG, TOPIC_ANSWER
from bot.knowledge.answers import SEARCH_THRESHOLD
from bot.knowledge.files import read_articles
from bot.knowledge.search import ArticleIndex
from bot.paths import KNOWLEDGE


def main() -> None:
    articles = list(read_articles(KNOWLEDGE))
    indexes = {l: ArticleIndex(articles, l) for l in ("sv", "nb", "en")}
    rows: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for item in yaml.safe_load(DEFAULT_FILE.read_text(encoding="utf-8"))["items"]:
        lang = LANG[str(item["language"])]
        hits = indexes[lang].search(item["text"])
        answered = bool(hits) and hits[0].score >= SEARCH_THRESHOLD
        expected = TOPIC_ANSWER.get(item.get("topic"))
        if expected:
            cell = rows["covered topic: right article"][lang]
            cell[0] += answered and hits[0].article.topic in expected
            cell[1] += 1
            rows["covered topic: declined (honest no-answer)"][lang][0] += not answered
            rows["covered topic: declined (honest no-answer)"][lang][1] += 1
        else:
            cell = rows["other topic: declined"][lang]
            cell[0] += not answered
            cell[1] += 1
    langs = ["sv", "nb", "en"]
    print(f"Search hit rate on {DEFAULT_FILE.name} (threshold {SEARCH_THRESHOLD}):\n")
    print("| measure | " + " | ".join(langs) + " | all |")
    print("|---" * 5 + "|")
    for name, cells in rows.items():
        vals = [cells[l] for l in langs]
        tot = [sum(v[i] for v in vals) for i in (0, 1)]
        fmt = lambda h, n: f"{100 * h / n:.0f} % ({h}/{n})" if n else "–"
        print(f"| {name} | " + " | ".join(fmt(*v) for v in vals) + f" | {fmt(*tot)} |")


if __name__ == "__main__":
    main()
