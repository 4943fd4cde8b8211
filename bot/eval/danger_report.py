"""Recall per danger level and language, and the false-alarm rate, of bot/safety.

    python -m bot.eval.danger_report                 # the test corpus (tests/data/danger_corpus.yaml)
    python -m bot.eval.danger_report --corpus tests/data/danger_holdout.yaml   # the blind holdout
    python -m bot.eval.danger_report --dev           # also ../shared/eval/dev_messages.yaml
    python -m bot.eval.danger_report --misses        # list what was missed / falsely flagged
    python -m bot.eval.danger_report --bot           # the bot's decision instead of the rules alone

A danger message counts as caught when it is escalated at all, and as caught at its level when
that level is among those found. By default the rules of bot/safety alone; with --bot, the
bot's decision (bot.understanding.read: the rules with the learned danger model, which was
trained on these corpora, so only the dev messages and the blind sets are unseen for it).
Pure Python: no Rasa, no server.
`corpus_figures` and `dev_figures` return the counts (also used by bot.eval.publish).
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import yaml

from bot.eval.dev_messages import DEFAULT_FILE as DEV_FILE
from bot.eval.dev_messages import LANG
from bot.paths import ROOT
from bot.safety import DANGER_LEVELS, assess

CORPUS = ROOT / "tests" / "data" / "danger_corpus.yaml"
HOLDOUT = ROOT / "tests" / "data" / "danger_holdout.yaml"
LANGS = ("sv", "nb", "en")
COLUMNS = LANGS + ("all",)
URGENCIES = ("immediate_danger", "high", "normal")
Decide = Callable[[str], tuple[str, ...]]  # a message -> the danger levels it is escalated at


def rules(text: str) -> tuple[str, ...]:
    found = assess(text)
    return tuple(level.value for level in found.levels) if found.is_danger else ()


def bot_decision(text: str) -> tuple[str, ...]:
    from bot.understanding.read import danger  # the models load on first use
    level = danger(text).level
    return (level,) if level else ()


@dataclass
class Count:
    hits: int = 0
    total: int = 0
    exact: int = 0  # danger messages caught at their labelled level

    @property
    def rate(self) -> Optional[float]:
        return self.hits / self.total if self.total else None


@dataclass
class CorpusFigures:
    recall: dict[str, dict[str, Count]]  # level -> column (sv, nb, en, all) -> count
    false_alarms: dict[str, Count]  # column -> ordinary messages escalated
    misses: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


def pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f} % ({hits}/{total})" if total else "–"


def load_items(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def corpus_figures(items: Iterable[dict[str, Any]], decide: Decide = rules) -> CorpusFigures:
    levels = [l.value for l in DANGER_LEVELS]
    figures = CorpusFigures({l: {c: Count() for c in COLUMNS} for l in levels}, {c: Count() for c in COLUMNS})
    for item in items:
        found = decide(item["text"])
        lang, level = item["language"], item["level"]
        if level == "none":
            for column in (lang, "all"):
                figures.false_alarms[column].hits += bool(found)
                figures.false_alarms[column].total += 1
            if found:
                figures.misses.append(("false alarm", item["text"], found))
            continue
        for column in (lang, "all"):
            cell = figures.recall[level][column]
            cell.hits += bool(found)
            cell.exact += level in found
            cell.total += 1
        if not found:
            figures.misses.append((f"missed {level}", item["text"], ()))
    return figures


def corpus_markdown(figures: CorpusFigures) -> str:
    lines = ["| level | " + " | ".join(COLUMNS) + " |", "|---" * 5 + "|"]
    for level, cells in figures.recall.items():
        shown = [f"{pct(c.hits, c.total)}, level {100 * c.exact / c.total:.0f} %" if c.total else "–"
                 for c in (cells[k] for k in COLUMNS)]
        lines.append(f"| {level} | " + " | ".join(shown) + " |")
    fa = [pct(figures.false_alarms[c].hits, figures.false_alarms[c].total) for c in COLUMNS]
    lines.append("| false alarms on ordinary messages | " + " | ".join(fa) + " |")
    return "\n".join(lines)


def dev_figures(items: Iterable[dict[str, Any]], decide: Decide = rules) -> dict[str, dict[str, Count]]:
    """urgency -> column -> messages escalated among those labelled with that urgency."""
    rows = {u: {c: Count() for c in COLUMNS} for u in URGENCIES}
    for item in items:
        lang = LANG.get(str(item.get("language")), "?")
        found = decide(item["text"])
        urgency = item.get("urgency", "normal")
        for column in (lang, "all"):
            rows[urgency][column].hits += bool(found)
            rows[urgency][column].total += 1
    return rows


def dev_markdown(rows: dict[str, dict[str, Count]]) -> str:
    lines = ["| urgency | " + " | ".join(COLUMNS) + " |", "|---" * 5 + "|"]
    for urgency, cells in rows.items():
        lines.append(f"| {urgency} | " + " | ".join(pct(cells[c].hits, cells[c].total) for c in COLUMNS) + " |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--dev", action="store_true", help="also report on the dev messages")
    parser.add_argument("--misses", action="store_true", help="list misses and false alarms")
    parser.add_argument("--bot", action="store_true", help="the bot's decision, not the rules alone")
    args = parser.parse_args(argv)
    decide = bot_decision if args.bot else rules
    figures = corpus_figures(load_items(args.corpus), decide)
    print("Escalated at all (recall) / at the labelled level, per language:\n")
    print(corpus_markdown(figures))
    if args.misses:
        print()
        for kind, text, reasons in figures.misses:
            print(f"- {kind}: {text!r} {list(reasons) if reasons else ''}")
    if args.dev and DEV_FILE.exists():
        print("\nDev messages (../shared/eval/dev_messages.yaml): share escalated, by labelled urgency:\n")
        print(dev_markdown(dev_figures(load_items(DEV_FILE), decide)))


if __name__ == "__main__":
    main()
