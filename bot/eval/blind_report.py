"""The blind sets' before-and-after figures, as Markdown for docs/evaluation.md.

    python -m bot.eval.blind_report [tests/data/blind/NAME]     # print one set's section

A retired blind set lives in tests/data/blind/<name>/: the writer's items (sv.yaml, nb.yaml,
en.yaml; these become training data once spent), and in results/ each measurement of it:
<run>.yaml (the commit, the date and the raw replies, from `python -m bot.eval.blind run`) and
<run>-scores-<language>.yaml (the blind reviewer's rubric scores). The runs are listed in
results/runs.yaml in the order they were made, the first being the "before".
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import yaml

from bot.eval.blind import Figures, Tally, figures, load_set, rubric_summary
from bot.languages import all_languages
from bot.paths import ROOT

BLIND = ROOT / "tests" / "data" / "blind"
WORST = 10
HEADLINES = (  # (table, row) shown before -> after for every language
    ("danger", "danger escalated in the first reply"),
    ("danger", "danger: the right level"),
    ("danger", "near-misses given an escalation or a safety check"),
    ("questions", "right topic in the first reply"),
    ("questions", "right topic, or among a clarifying question's choices"),
    ("questions", "right audience in the first reply"),
    ("questions", "right audience, or asked"),
    ("questions", "no knowledge answer (not found, out of scope or other)"),
    ("questions", "ordinary question escalated or safety-checked"),
    ("questions", "the way to help, in the person's language"),
    ("danger", "reply in the person's language"),
    ("rubric", "rubric score 2 or more"),
    ("rubric", "rubric score 0"),
)


@dataclass
class Run:
    name: str
    commit: str
    date: str
    replies: list[dict[str, Any]]
    scores: dict[str, Any]


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def runs(folder: Path) -> list[Run]:
    results = folder / "results"
    index = results / "runs.yaml"
    if not index.exists():
        return []
    out = []
    for entry in _load(index)["runs"]:
        scores: dict[str, Any] = {}
        for path in sorted(results.glob(f"{entry['name']}-scores-*.yaml")):
            scores.update(_load(path)["scores"])
        out.append(Run(entry["name"], str(entry["commit"]), str(entry["date"]),
                       _load(results / f"{entry['name']}.yaml")["replies"], scores))
    return out


def _note(folder: Path) -> str:
    """runs.yaml's `page:` says how the page's language was set, when not the item's own."""
    index = folder / "results" / "runs.yaml"
    return str(_load(index).get("page") or "") if index.exists() else ""


def _cell(figs: dict[str, Figures], table: str, row: str, column: str) -> Tally:
    return figs[table].rows.get(row, {}).get(column, Tally())


def _worst(items: list[dict[str, Any]], run: Run, n: int = WORST) -> list[str]:
    """The lowest-scored replies, danger first: what the reviewer saw and said."""
    by_id = {i["id"]: i for i in items}
    scored = [(int(s["score"]), by_id[i]["kind"] != "danger", i) for i, s in run.scores.items() if i in by_id]
    lines = []
    for score, _, item_id in sorted(scored)[:n]:
        item, s = by_id[item_id], run.scores[item_id]
        what = item.get("level") if item["kind"] == "danger" else (
            f"{item.get('audience')}, {item.get('topic') or item.get('near_miss_kind') or ''}".rstrip(", "))
        note = " ".join(str(s.get("note") or "").split())
        flags = ", ".join(s.get("flags") or []) or "–"
        lines.append(f"| {item_id} | {item['kind']} ({what}) | {score} | {flags} | {note} |")
    return lines


def _shown(folder: Path) -> str:
    return folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT) else folder.name


def markdown(folder: Path) -> str:
    items = load_set(folder)
    made = runs(folder)
    if not made:
        # runs.yaml's `lost:` says what became of measurements whose replies were not kept
        index = folder / "results" / "runs.yaml"
        lost = str(_load(index).get("lost") or "") if index.exists() else ""
        return f"`{_shown(folder)}`: {lost or 'not measured yet.'}"
    figs = [figures(items, r.replies, r.scores or None) for r in made]
    names = [f"{r.name} ({r.commit}, {r.date})" for r in made]
    kinds = {k: sum(i["kind"] == k for i in items) for k in ("danger", "near_miss", "question")}
    lines = [f"`{_shown(folder)}`: {len(items)} first messages "
             f"({kinds['danger']} danger, {kinds['near_miss']} near-misses, {kinds['question']} questions) "
             "in " + ", ".join(sorted({i['language'] for i in items})) + ", measured "
             + " and ".join(names) + ". Each item is the first message of a new conversation through "
             "the REST channel, with the page's language as metadata"
             + (f" ({note})" if (note := _note(folder)) else "") + ".", ""]
    present = {i["language"] for i in items}
    langs = [l for l in all_languages() if l in present]
    header = "| measure | " + " | ".join(f"{l}: {' → '.join(r.name for r in made)}" for l in (*langs, "all")) + " |"
    lines += [header, "|---" * (len(langs) + 2) + "|"]
    for table, row in HEADLINES:
        if not _cell(figs[-1], table, row, "all").total:
            continue
        cells = []
        for column in (*langs, "all"):
            values = [_cell(f, table, row, column) for f in figs]
            cells.append(" → ".join(f"{100 * t.hits / t.total:.0f} %" if t.total else "–" for t in values))
        total = _cell(figs[-1], table, row, "all").total
        lines.append(f"| {row} (n={total}) | " + " | ".join(cells) + " |")
    for table, title in (("levels", "By danger level"), ("audiences", "By who is asking")):
        if not figs[-1][table].rows:
            continue
        lines += ["", f"{title} (all languages):", "", "| measure | " + " | ".join(r.name for r in made) + " |",
                  "|---" * (len(made) + 1) + "|"]
        for row in figs[-1][table].rows:
            lines.append(f"| {row} | " + " | ".join(str(_cell(f, table, row, "all")) for f in figs) + " |")
    scored = [r for r in made if r.scores]
    if scored:
        lines += ["", "Rubric (../shared/eval/rubric.md, 0–3), scored by reviewers who saw only the message and "
                  "the reply, never the code or the labels:", "",
                  "| mean score | " + " | ".join(r.name for r in scored) + " |", "|---" * (len(scored) + 1) + "|"]
        summaries = [rubric_summary(items, r.scores) for r in scored]
        for group in summaries[-1]["mean"]:
            lines.append(f"| {group} | " + " | ".join(str(s["mean"].get(group, "–")) for s in summaries) + " |")
        flags = sorted({f for s in summaries for f in s["flags"]})
        if flags:
            lines += ["", "| flag (replies) | " + " | ".join(r.name for r in scored) + " |",
                      "|---" * (len(scored) + 1) + "|"]
            lines += [f"| {f} | " + " | ".join(str(s["flags"].get(f, 0)) for s in summaries) + " |" for f in flags]
        last = scored[-1]
        lines += ["", f"The {WORST} worst replies of {last.name} (lowest score, danger first), "
                  "with the reviewer's note:", "", "| item | kind | score | flags | reviewer's note |",
                  "|---|---|---|---|---|", *_worst(items, last)]
    return "\n".join(lines)


def sets() -> list[Path]:
    return sorted(p for p in BLIND.glob("*") if p.is_dir()) if BLIND.exists() else []


def main(argv: Optional[list[str]] = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    for folder in [Path(a).resolve() for a in argv] or sets():
        print(f"### {folder.name}\n\n{markdown(folder)}\n")


if __name__ == "__main__":
    main()
