"""How much easier easy Swedish (lättläst) is to read: LIX of each plain text and its easy one.

    python -m bot.eval.readability_report

Texts: every domain response with an easy Swedish variation (same country), and every article
with an `easy:` text. LIX: bot/readability.py (under 30 very easy, 30-40 easy, 40-50 plain).
"""
from __future__ import annotations

from statistics import mean
from typing import Optional

from bot.knowledge.files import read_articles
from bot.paths import KNOWLEDGE
from bot.readability import lix
from bot.responses import load_responses

Pair = tuple[str, float, float]   # name, LIX plain, LIX easy


def response_pairs() -> list[Pair]:
    pairs = []
    for name, variations in load_responses().items():
        def conditions(v: dict) -> dict:
            return {c["name"]: c["value"] for c in v.get("condition") or []}
        sv = [v for v in variations if conditions(v).get("language") == "sv"]
        for easy in (v for v in sv if conditions(v).get("register") == "easy"):
            country = conditions(easy).get("country")
            plain = next(v for v in sv if conditions(v).get("register") == "plain"
                         and conditions(v).get("country") == country)
            pairs.append((f"{name} ({country or 'no country'})", lix(plain["text"]), lix(easy["text"])))
    return pairs


def article_pairs() -> list[Pair]:
    return [(a.id, lix(a.text), lix(a.easy)) for a in read_articles(KNOWLEDGE) if a.easy]


def markdown(pairs: list[Pair], title: str) -> str:
    lines = [f"| {title} | LIX plain | LIX easy |", "|---|---|---|"]
    lines += [f"| {n} | {p:.0f} | {e:.0f} |" for n, p, e in pairs]
    if pairs:
        lines.append(f"| **mean of {len(pairs)}** | **{mean(p for _, p, _ in pairs):.0f}** | "
                     f"**{mean(e for _, _, e in pairs):.0f}** |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> None:
    print(markdown(response_pairs(), "response"))
    print()
    print(markdown(article_pairs(), "article (young, sv)"))


if __name__ == "__main__":
    main()
