"""The report: tables, PNG plots and one self-contained HTML page for a period.

Everything shown is built from `SuppressedFigures`, which holds weekly counts already passed
through bot.figures.suppress and nothing else: the stored rows are read once, summed per week
and suppressed, then dropped. Totals add shown counts only and shares need both counts shown,
so no output, derived or not, can reveal a count under the threshold. Nothing in the output
depends on the time it was made, so the same data always gives the same files.
"""
from __future__ import annotations

import datetime as dt
import html
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml

from bot.figures.store import FigureRow
from bot.figures.suppress import THRESHOLD, Shown, shown, suppress
from bot.figures.vocabulary import allowed, vocabulary

LABELS = Path(__file__).with_name("labels.yaml")
# Metrics with a plot, and its file name.
PLOTS = {"messages": "languages.png", "audience": "audience.png", "topic": "topics.png",
         "danger": "escalations.png", "search": "unanswered.png", "rating": "ratings.png"}


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def key_label(metric: str, key: str) -> str:
    if metric == "contact":
        return key
    return labels()["keys"].get(metric, {}).get(key, key)


@dataclass(frozen=True)
class Week:
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        return f"{self.start:%m-%d}–{self.end:%m-%d}"

    @property
    def short(self) -> str:
        return self.start.strftime("%m-%d")


def weeks(start: dt.date, end: dt.date) -> list[Week]:
    """Monday-to-Sunday weeks covering start..end, the first and last cut at the period."""
    out, day = [], start
    while day <= end:
        last = min(day + dt.timedelta(days=6 - day.weekday()), end)
        out.append(Week(day, last))
        day = last + dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class SuppressedFigures:
    """metric -> key -> one shown count per week. The only input of every output below."""
    start: dt.date
    end: dt.date
    weeks: tuple[Week, ...]
    cells: dict[str, dict[str, tuple[Shown, ...]]]


def suppressed_figures(rows: Iterable[FigureRow], start: dt.date, end: dt.date) -> SuppressedFigures:
    periods = weeks(start, end)
    index = {w.start + dt.timedelta(days=i): n for n, w in enumerate(periods)
             for i in range((w.end - w.start).days + 1)}
    raw: dict[tuple[int, str, str], int] = defaultdict(int)
    for row in rows:
        if row.day in index and allowed(row.metric, row.key):
            raw[(index[row.day], row.metric, row.key)] += row.count
    cells = {metric: {key: tuple(suppress(raw.get((n, metric, key), 0)) for n in range(len(periods)))
                      for key in keys}
             for metric, keys in vocabulary().items()}
    return SuppressedFigures(start, end, tuple(periods), cells)


def total(values: Iterable[Shown]) -> str:
    """The sum of the shown counts, marked when some were suppressed (so it is a floor)."""
    values = list(values)
    known = [v for v in values if v is not None]
    if len(known) == len(values):
        return str(sum(known))
    return f"≥ {sum(known)}" if known else "–"


def share(part: Shown, other: Shown) -> Optional[float]:
    """part / (part + other), only when both are shown."""
    if part is None or other is None or part + other == 0:
        return None
    return part / (part + other)


def percent(value: Optional[float]) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


@dataclass(frozen=True)
class Table:
    metric: str
    title: str
    text: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    notes: tuple[str, ...]


def tables(figures: SuppressedFigures) -> list[Table]:
    """Every table of the report, as strings: the HTML page and the printout show these."""
    ui = labels()
    out = []
    for metric, keys in figures.cells.items():
        section = ui["sections"][metric]
        rows = [(key_label(metric, key), (*map(shown, values), total(values)))
                for key, values in keys.items()]
        notes = [ui["total_partial_note"]]
        if metric in ("search", "rating"):
            a, b = ("unanswered", "answered") if metric == "search" else ("up", "down")
            name = ui["share_unanswered"] if metric == "search" else ui["share_up"]
            shares = [percent(share(x, y)) for x, y in zip(keys[a], keys[b])]
            both = [(x, y) for x, y in zip(keys[a], keys[b]) if x is not None and y is not None]
            overall = share(sum(x for x, _ in both), sum(y for _, y in both)) if both else None
            rows.append((name, (*shares, percent(overall))))
            notes.append(ui["share_note"])
        out.append(Table(metric, section["title"], section["text"],
                         (*(w.label for w in figures.weeks), ui["total"]), tuple(rows), tuple(notes)))
    return out


# ----------------------------------------------------------------------------------- text

def text_report(figures: SuppressedFigures) -> str:
    ui = labels()
    lines = [f"{ui['title']} {figures.start.isoformat()} – {figures.end.isoformat()}",
             ui["suppression"], ""]
    for table in tables(figures):
        width = max(len(label) for label, _ in table.rows)
        cols = [max(len(c), *(len(cells[i]) for _, cells in table.rows))
                for i, c in enumerate(table.columns)]
        lines.append(table.title)
        lines.append(" " * width + "  " + "  ".join(c.rjust(w) for c, w in zip(table.columns, cols)))
        for label, cells in table.rows:
            lines.append(label.ljust(width) + "  " + "  ".join(c.rjust(w) for c, w in zip(cells, cols)))
        lines.append("")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------- plots

def _series(values: Iterable[Shown]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def plots(figures: SuppressedFigures, out: Path) -> list[str]:
    """Writes the PNG plots into `out`; returns their file names."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ui = labels()
    x = list(range(len(figures.weeks)))
    ticks = [w.short for w in figures.weeks]
    band = dict(color="#e6e6e6", zorder=0, label=ui["under_threshold"])
    cells = figures.cells

    def finish(fig, ax, name: str, metric: str, axis_label: bool = True) -> None:
        ax.set_xticks(x, ticks)
        if axis_label:
            ax.set_xlabel(ui["week_axis"])
        fig.suptitle(ui["sections"][metric]["plot"])
        fig.tight_layout()
        fig.savefig(out / name, dpi=100, metadata={"Software": None})
        plt.close(fig)

    def lines(metric: str) -> None:
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.axhspan(0, THRESHOLD, **band)
        for key, values in cells[metric].items():
            ax.plot(x, _series(values), marker="o", label=key_label(metric, key))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1, 1))
        finish(fig, ax, PLOTS[metric], metric)

    def bars(metric: str) -> None:
        keys = list(cells[metric])
        width = 0.8 / len(keys)
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.axhspan(0, THRESHOLD, **band)
        for n, key in enumerate(keys):
            ax.bar([i + (n - (len(keys) - 1) / 2) * width for i in x], _series(cells[metric][key]),
                   width, label=key_label(metric, key))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1, 1))
        finish(fig, ax, PLOTS[metric], metric)

    lines("messages")
    lines("audience")
    bars("danger")
    bars("rating")

    topics = cells["topic"]
    fig, axes = plt.subplots(3, math.ceil(len(topics) / 3), figsize=(13, 7), sharex=True, sharey=True)
    for ax, (key, values) in zip(axes.flat, topics.items()):
        ax.axhspan(0, THRESHOLD, color=band["color"], zorder=0)
        ax.plot(x, _series(values), marker="o", color="#1f5f8b")
        ax.set_title(key_label("topic", key), fontsize="small")
        ax.set_ylim(bottom=0)
    for ax in axes.flat[len(topics):]:
        ax.axis("off")
    fig.text(0.01, 0.01, f"{ui['week_axis']}. Grey: {ui['under_threshold']}.", fontsize="small")
    finish(fig, axes.flat[0], PLOTS["topic"], "topic", axis_label=False)

    search = cells["search"]
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(x, [math.nan if s is None else 100 * s
                for s in map(share, search["unanswered"], search["answered"])], marker="o")
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    finish(fig, ax, PLOTS["search"], "search")
    return list(PLOTS.values())


# ----------------------------------------------------------------------------------- HTML

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
img { max-width: 100%; height: auto; }
.note { color: #555; font-size: 0.9rem; }
"""


def html_report(figures: SuppressedFigures, images: Iterable[str] = ()) -> str:
    ui = labels()
    e = html.escape
    period = f"{figures.start.isoformat()} – {figures.end.isoformat()}"
    images = set(images)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        f"<title>{e(ui['title'])} {e(period)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>{e(ui['title'])}</h1>", f"<p>{e(ui['period'])}: {e(period)}</p>",
        f"<p>{e(ui['intro'])}</p>", f"<p><strong>{e(ui['suppression'])}</strong></p>",
    ]
    for table in tables(figures):
        parts += [f'<section id="{e(table.metric)}">', f"<h2>{e(table.title)}</h2>",
                  f"<p>{e(table.text)}</p>"]
        image = PLOTS.get(table.metric)
        if image in images:
            alt = ui["sections"][table.metric]["plot"]
            parts.append(f'<p><img src="{e(image)}" alt="{e(alt)}"></p>')
        parts += ["<table>", "<thead><tr><th></th>"
                  + "".join(f'<th scope="col">{e(c)}</th>' for c in table.columns) + "</tr></thead>", "<tbody>"]
        for label, cells in table.rows:
            parts.append(f'<tr><th scope="row">{e(label)}</th>' + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        parts += ["</tbody>", "</table>", *(f'<p class="note">{e(n)}</p>' for n in table.notes), "</section>"]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_report(figures: SuppressedFigures, out: Path) -> Path:
    """index.html and the plots in `out`; returns the page's path."""
    out.mkdir(parents=True, exist_ok=True)
    images = plots(figures, out)
    page = out / "index.html"
    page.write_text(html_report(figures, images), encoding="utf-8")
    return page
