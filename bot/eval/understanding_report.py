"""How well the understanding models do on messages they have not seen.

    python -m bot.eval.understanding_report [--task danger|topic|audience|all] [--writers]

Two measurements, both on messages the models were not trained on:
- leave one writer out: each file of data/corpus was written by another writer in another
  voice; a model trained without one file is measured on that file (a new writer's words);
- the development set (tests/data/understanding_dev.yaml, written by yet another writer),
  measured with models trained on everything. Its figures chose the thresholds in
  bot/understanding/read.py, so they are not evidence of how the bot does on unseen wording:
  the blind sets are (bot.eval.blind).
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from bot.paths import ROOT
from bot.understanding import corpus
from bot.understanding.features import features
from bot.understanding.linear import LinearModel
from bot.understanding.train import TASKS, fit

DEV = ROOT / "tests" / "data" / "understanding_dev.yaml"
LEVELS = ("immediate_danger", "self_harm", "child_at_risk", "trip_abroad_soon", "already_abroad")


def dev_items(path: Path = DEV) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def _best(p: dict[str, float]) -> str:
    return max(p, key=p.get)


def danger_figures(model: LinearModel, items: Iterable[dict[str, Any]], threshold: float = 0.5) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        kind = item.get("kind")
        level = item.get("level") or item.get("danger")
        p = model.probabilities(features(item["text"]))
        escalated = 1 - p["none"] >= threshold
        top = max((k for k in p if k != "none"), key=p.get)
        if kind == "danger" or (kind is None and level not in (None, "none")):
            for key in ("danger: escalated", f"{level}: escalated"):
                counts[key][0] += escalated
                counts[key][1] += 1
            counts["danger: right level"][0] += escalated and (top == level or top in (item.get("also") or []))
            counts["danger: right level"][1] += 1
        elif kind == "near_miss":
            counts["near-miss: escalated"][0] += escalated
            counts["near-miss: escalated"][1] += 1
        elif kind == "question" and item.get("in_scope", True):
            counts["question: escalated"][0] += escalated
            counts["question: escalated"][1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def label_figures(model: LinearModel, items: Iterable[dict[str, Any]], field: str,
                  also: Optional[str] = None) -> tuple[int, int]:
    right = total = 0
    for item in items:
        if item.get("kind") != "question" or not item.get("in_scope", True) or not item.get(field):
            continue
        best = _best(model.probabilities(features(item["text"])))
        right += best == item[field] or best in (item.get(also) or [] if also else [])
        total += 1
    return right, total


def leave_one_writer_out(task: str) -> dict[str, Any]:
    """Train without one writer's file of data/corpus, measure on that file; summed over files."""
    examples = corpus.examples()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in sorted(corpus.CORPUS.glob("*.yaml")):
        writer = f"corpus/{path.stem}"
        model = fit(TASKS[task], [e for e in examples if e.source != writer])
        held = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
        for item in held:
            item["level"] = item.get("danger")
        if task == "danger":
            found = danger_figures(model, held)
        else:
            found = {task: label_figures(model, [i for i in held if i.get(task) not in (None, "unknown", "none")], task)}
        for key, (hits, n) in found.items():
            totals[key][0] += hits
            totals[key][1] += n
    return {k: (v[0], v[1]) for k, v in totals.items()}


def pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.1f} % ({hits}/{total})" if total else "–"


Figures = dict[str, tuple[int, int]]  # measure -> (hits, total)


def _task_figures(task: str, model: LinearModel, items: list[dict[str, Any]]) -> Figures:
    if task == "danger":
        return danger_figures(model, items)
    also = "also_topics" if task == "topic" else None
    return {f"right {task}": label_figures(model, items, task, also)}


def dev_figures(tasks: Iterable[str] = ("danger", "topic", "audience")) -> Figures:
    """Every task on the development set, models trained on everything."""
    examples, items = corpus.examples(), dev_items()
    out: Figures = {}
    for task in tasks:
        out.update(_task_figures(task, fit(TASKS[task], examples), items))
    return out


def writer_figures(tasks: Iterable[str] = ("danger", "topic", "audience")) -> Figures:
    out: Figures = {}
    for task in tasks:
        found = leave_one_writer_out(task)
        out.update({f"right {task}": found[task]} if task in found else found)
    return out


def markdown(sets: dict[str, Figures]) -> str:
    names = list(sets)
    rows = list(dict.fromkeys(k for figures in sets.values() for k in figures))
    lines = ["| measure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for row in rows:
        lines.append(f"| {row} | " + " | ".join(pct(*sets[n][row]) if row in sets[n] else "–" for n in names) + " |")
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="all", choices=["danger", "topic", "audience", "all"])
    parser.add_argument("--writers", action="store_true", help="also leave one writer out (slow)")
    args = parser.parse_args(argv)
    tasks = ["danger", "topic", "audience"] if args.task == "all" else [args.task]
    examples = corpus.examples()
    items = dev_items()
    for task in tasks:
        model = fit(TASKS[task], examples)
        print(f"\n## {task}: development set ({len(items)} messages), models trained on {len(examples)}\n")
        if task == "danger":
            for key, value in danger_figures(model, items).items():
                print(f"- {key}: {pct(*value)}")
        else:
            print(f"- right {task}: {pct(*label_figures(model, items, task, 'also_topics' if task == 'topic' else None))}")
        if args.writers:
            print(f"\n{task}, leave one writer out (data/corpus):")
            for key, value in leave_one_writer_out(task).items():
                print(f"- {key}: {pct(*value)}")


if __name__ == "__main__":
    main()
