"""Intent figures from held-out predictions: per language, overall, weakest intents, and a
confusion-matrix plot. Used by bot.eval.publish; the predictions come from
bot.eval.model_split.predict (Rasa's `rasa test nlu`)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import confusion_matrix, f1_score  # noqa: E402

from bot.eval.model_split import Prediction, scores  # noqa: E402


@dataclass(frozen=True)
class Row:
    examples: int
    accuracy: float
    macro_f1: float


@dataclass(frozen=True)
class Weak:
    intent: str
    f1: float
    support: int
    taken_for: str  # the wrong label it was most often given ("" when never wrong)


def per_language(predictions: dict[str, list[Prediction]]) -> dict[str, Row]:
    """language (and "all", over every language's examples) -> accuracy and macro-F1."""
    rows = {l: Row(len(p), *scores(p)) for l, p in predictions.items()}
    everything = [p for ps in predictions.values() for p in ps]
    rows["all"] = Row(len(everything), *scores(everything))
    return rows


def weakest(predictions: list[Prediction], count: int) -> list[Weak]:
    """The `count` true intents with the lowest F1 over all languages."""
    truth = [p.intent for p in predictions]
    intents = sorted(set(truth))
    f1s = f1_score(truth, [p.predicted for p in predictions], labels=intents, average=None, zero_division=0)
    support = Counter(truth)
    wrong = {i: Counter(p.predicted for p in predictions if p.intent == i and p.predicted != i) for i in intents}
    ranked = sorted(zip(intents, f1s), key=lambda pair: (pair[1], pair[0]))[:count]
    return [Weak(i, float(f), support[i], wrong[i].most_common(1)[0][0] if wrong[i] else "") for i, f in ranked]


def plot_confusion(predictions: list[Prediction], path: Path, title: str) -> Path:
    """Rows: true intents; columns: the same intents, then any other label predicted (the
    fallback, danger levels). Each row is normalised to its share of that intent's examples."""
    rows = sorted({p.intent for p in predictions})
    columns = rows + sorted({p.predicted for p in predictions} - set(rows))
    counts = confusion_matrix([p.intent for p in predictions], [p.predicted for p in predictions],
                              labels=columns)[: len(rows)]
    shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(3 + 0.32 * len(columns), 2.5 + 0.3 * len(rows)))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(columns)), columns, rotation=90, fontsize=8)
    ax.set_yticks(range(len(rows)), rows, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true intent")
    ax.set_title(title, fontsize=10)
    for r, c in zip(*np.nonzero(shares >= 0.05)):
        ax.text(c, r, f"{100 * shares[r, c]:.0f}", ha="center", va="center", fontsize=6,
                color="white" if shares[r, c] > 0.6 else "black")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)
    return path
