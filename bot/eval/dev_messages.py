"""Send ../shared/eval/dev_messages.yaml through the REST channel and print per-language figures.

    python -m bot.eval.dev_messages --url http://127.0.0.1:5005/webhooks/rest/webhook

Each message opens a fresh conversation. Which answer came back (and in which language) is
read from the reply text itself (a domain response, a knowledge article, or contact points),
so the script needs nothing but the public REST channel. The dev messages are for measuring only, never for training.
"""
from __future__ import annotations

import argparse
import uuid
from functools import lru_cache
from collections import defaultdict
from pathlib import Path
from typing import Any, Optional

import yaml

from bot.eval.rest import send
from bot.paths import KNOWLEDGE, ROOT
from bot.responses import identify

DEFAULT_FILE = ROOT.parent / "shared" / "eval" / "dev_messages.yaml"
LANG = {"sv": "sv", "no": "nb", "nb": "nb", "en": "en"}

# The dev set's topics and the knowledge-base topics that answer them.
TOPIC_ANSWER = {
    "honour_control_general": {"honour_violence"},
    "forced_marriage": {"forced_marriage"},
    "child_marriage": {"child_marriage"},
    "fgm": {"fgm"},
    "taken_abroad": {"abroad_before_trip", "abroad_already"},
    "violence_threat": {"close_violence"},
    "protected_identity_or_shelter": {"protection"},
    "social_services_and_reporting_duty": {"social_services"},
    "digital_control_phone": {"digital_control"},
    "lgbtq_honour": {"lgbtq"},
    "school_role": {"school_role"},
    "healthcare": {"healthcare"},
}


@lru_cache(maxsize=1)
def _articles() -> list:
    from bot.knowledge.files import read_articles  # not needed by the scripts that import LANG

    return list(read_articles(KNOWLEDGE))


def identify_reply(text: str) -> Optional[tuple[str, Optional[str]]]:
    """(what was answered, language): a domain response, `article:<topic>`, or `contacts`."""
    found = identify(text)
    if found:
        return found[0], found[1].get("language")
    for article in _articles():
        if text.startswith(article.text):
            return f"article:{article.topic}", article.language
    from bot.knowledge.answers import labels

    for language, ui in labels().items():
        if ui["contacts_heading"] in text or ui["not_found"].rstrip(":") in text:
            return "contacts", language
    return None


def load_items(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def classify(url: str, text: str) -> tuple[list[str], Optional[str]]:
    """Names of the answers given and the language they were given in."""
    names, language = [], None
    for reply in send(url, f"eval-{uuid.uuid4().hex}", text):
        found = identify_reply(reply.get("text", ""))
        if found:
            names.append(found[0])
            language = language or found[1]
    return names, language


def pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.0f} % ({hits}/{total})" if total else "–"


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005/webhooks/rest/webhook")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args(argv)

    stats: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for item in load_items(args.file):
        lang = LANG.get(str(item.get("language")), "?")
        names, said_in = classify(args.url, item["text"])
        escalated = any(n.startswith("utter_danger_") for n in names)
        s = stats[lang]
        s["language"][0] += said_in == lang
        s["language"][1] += 1
        urgency = item.get("urgency")
        if urgency == "immediate_danger":
            s["immediate danger escalated (recall)"][0] += "utter_danger_immediate_danger" in names
            s["immediate danger escalated (recall)"][1] += 1
        elif urgency == "high":
            s["high urgency escalated"][0] += escalated
            s["high urgency escalated"][1] += 1
        else:
            s["normal urgency escalated (false alarm)"][0] += escalated
            s["normal urgency escalated (false alarm)"][1] += 1
        expected = TOPIC_ANSWER.get(item.get("topic"))
        if expected and not escalated:
            s["topic answered right (not escalated)"][0] += any(
                n.split(":", 1)[-1] in expected for n in names if n.startswith("article:"))
            s["topic answered right (not escalated)"][1] += 1

    measures = sorted({m for s in stats.values() for m in s})
    langs = [l for l in ("sv", "nb", "en") if l in stats]
    print("| measure | " + " | ".join(langs) + " | all |")
    print("|---" * (len(langs) + 2) + "|")
    for m in measures:
        cells = [pct(*stats[l][m]) for l in langs]
        total = [sum(stats[l][m][i] for l in langs) for i in (0, 1)]
        print(f"| {m} | " + " | ".join(cells) + f" | {pct(*total)} |")


if __name__ == "__main__":
    main()
