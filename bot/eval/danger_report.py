"""Recall per danger level and language, and the false-alarm rate, of bot/safety.

    python -m bot.eval.danger_report                 # the test corpus (tests/data/danger_corpus.yaml)
    python -m bot.eval.danger_report --dev           # also ../shared/eval/dev_messages.yaml
    python -m bot.eval.danger_report --misses        # list what was missed / falsely flagged

A danger message counts as caught when bot/safety escalates it at all, and as caught at its
level when that level is among those found. Pure Python: no Rasa, no server.
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from bot.eval.dev_messages import DEFAULT_FILE as DEV_FILE
from bot.eval.dev_messages import LANG
from bot.paths import ROOT
from bot.safety import DANGER_LEVELS, assess

CORPUS = ROOT / "tests" / "data" / "danger_corpus.yaml"


def pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f} % ({hits}/{total})" if total else "–"


def corpus_table(items: list[dict[str, Any]], show_misses: bool) -> None:
    caught: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    false_alarms: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for item in items:
        found = assess(item["text"])
        lang, level = item["language"], item["level"]
        if level == "none":
            false_alarms[lang][0] += found.is_danger
            false_alarms[lang][1] += 1
            if found.is_danger:
                misses.append(("false alarm", item["text"], found.reasons))
            continue
        cell = caught[(level, lang)]
        cell[0] += found.is_danger
        cell[1] += level in {l.value for l in found.levels}
        cell[2] += 1
        if not found.is_danger:
            misses.append((f"missed {level}", item["text"], ()))
    langs = ["sv", "nb", "en"]
    print("Escalated at all (recall) / at the labelled level, per language:\n")
    print("| level | " + " | ".join(langs) + " | all |")
    print("|---" * 5 + "|")
    for level in [l.value for l in DANGER_LEVELS]:
        cells = []
        for lang in langs:
            hit, exact, n = caught[(level, lang)]
            cells.append(f"{pct(hit, n)}, level {100 * exact / n:.0f} %" if n else "–")
        tot = [sum(caught[(level, l)][i] for l in langs) for i in range(3)]
        cells.append(f"{pct(tot[0], tot[2])}, level {100 * tot[1] / tot[2]:.0f} %" if tot[2] else "–")
        print(f"| {level} | " + " | ".join(cells) + " |")
    fa = [pct(*false_alarms[l]) for l in langs]
    all_fa = [sum(false_alarms[l][i] for l in langs) for i in (0, 1)]
    print("| false alarms on ordinary messages | " + " | ".join(fa) + f" | {pct(*all_fa)} |")
    if show_misses:
        print()
        for kind, text, reasons in misses:
            print(f"- {kind}: {text!r} {list(reasons) if reasons else ''}")


def dev_table(items: Iterable[dict[str, Any]]) -> None:
    rows: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for item in items:
        lang = LANG.get(str(item.get("language")), "?")
        found = assess(item["text"])
        urgency = item.get("urgency", "normal")
        rows[urgency][lang][0] += found.is_danger
        rows[urgency][lang][1] += 1
    langs = ["sv", "nb", "en"]
    print("\nDev messages (../shared/eval/dev_messages.yaml): share escalated, by labelled urgency:\n")
    print("| urgency | " + " | ".join(langs) + " | all |")
    print("|---" * 5 + "|")
    for urgency in ("immediate_danger", "high", "normal"):
        cells = [pct(*rows[urgency][l]) for l in langs]
        tot = [sum(rows[urgency][l][i] for l in langs) for i in (0, 1)]
        print(f"| {urgency} | " + " | ".join(cells) + f" | {pct(*tot)} |")


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--dev", action="store_true", help="also report on the dev messages")
    parser.add_argument("--misses", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    corpus_table(yaml.safe_load(args.corpus.read_text(encoding="utf-8"))["items"], args.misses)
    if args.dev and DEV_FILE.exists():
        dev_table(yaml.safe_load(DEV_FILE.read_text(encoding="utf-8"))["items"])


if __name__ == "__main__":
    main()
