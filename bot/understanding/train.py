"""Training the linear models with scikit-learn (Rasa's environment), and saving them for any
environment to read (bot.understanding.linear).

    python -m bot.understanding train        # builds models/understanding-<fingerprint>.json.gz

Tasks (each a multinomial logistic regression over bot.understanding.features):
- danger: none or one of the five levels, from every danger-labelled message;
- for_other: whether the person in danger is someone else than the writer;
- topic: the 15 topics, "none" (no topic: greetings, thanks, "I'm a teacher") and out_of_scope;
- audience: young, adult, relative, professional, unknown (the message does not say);
- item-<country>-<audience>: which question-and-answer item of that country and audience a
  question asks for, or "none" (a sample of the corpus's other questions), from the items' own
  examples; one model per group keeps each small and quick to train.
Features seen in fewer than MIN_DF messages are dropped, and so are weights too small to
matter, which keeps the saved models small and their reading fast.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from bot.understanding import corpus
from bot.understanding.corpus import Example
from bot.understanding.features import features
from bot.understanding.linear import LinearModel, save_model
from bot.paths import ROOT

MIN_DF = 2
MIN_WEIGHT = 0.01
MODELS = ROOT / "models"


@dataclass(frozen=True)
class Task:
    name: str
    label: Callable[[Example], Optional[str]]
    c: float                      # inverse regularisation strength
    balanced: bool = True
    min_weight: float = MIN_WEIGHT


def _bool(value: Optional[bool]) -> Optional[str]:
    return None if value is None else ("other" if value else "self")


TASKS = {
    "danger": Task("danger", lambda e: e.danger, c=2.0),
    "for_other": Task("for_other", lambda e: _bool(e.for_other) if e.danger not in (None, "none") else None, c=1.0),
    "topic": Task("topic", lambda e: e.topic, c=4.0),
    "audience": Task("audience", lambda e: e.audience, c=2.0),
}
ITEM_NEGATIVES = 800      # other questions each item model learns to answer "none" for


def item_groups(examples: Sequence[Example]) -> dict[str, list[Example]]:
    """item-<country>-<audience> -> its items' examples and a fixed sample of other questions."""
    groups: dict[str, list[Example]] = {}
    for example in examples:
        if example.item:
            country, audience = example.item.split(".")[:2]
            groups.setdefault(f"item-{country.upper()}-{audience}", []).append(example)
    others = [e for e in examples if e.source.startswith("corpus/") and e.topic not in (None, "none")
              and e.danger in (None, "none")]
    step = max(1, len(others) // ITEM_NEGATIVES)
    negatives = [Example(e.text, e.language, e.source, item="none") for e in others[::step][:ITEM_NEGATIVES]]
    return {name: group + [n for n in negatives if not _near_any(n.text, group)] for name, group in groups.items()}


NEAR = 0.5   # word overlap (Jaccard) from which a sampled question is taken for an item's own


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def _near_any(text: str, group: Sequence[Example]) -> bool:
    """A sampled "other question" that is nearly one of the group's item examples is that item's
    question, not "none" ("hva skjer med oppholdstillatelsen min hvis jeg skiller meg fra mannen
    min?" taught the Norwegian adults' model to refuse its own residence-permit item)."""
    words = _words(text)
    return any(len(words & w) / len(words | w) >= NEAR for w in (_words(e.text) for e in group) if words | w)


ITEM_TASK = Task("item", lambda e: e.item, c=4.0, balanced=False, min_weight=0.02)


def fit(task: Task, examples: Iterable[Example], c: Optional[float] = None) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for example in examples:
        label = task.label(example)
        if label is not None:
            rows.append(features(example.text))
            labels.append(label)
    df = Counter(f for row in rows for f in row)
    kept = [{f: 1 for f in row if df[f] >= MIN_DF} for row in rows]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(kept)
    model = LogisticRegression(C=c or task.c, max_iter=3000, class_weight="balanced" if task.balanced else None)
    model.fit(x, labels)
    classes = tuple(str(k) for k in model.classes_)
    coef = model.coef_ if len(classes) > 2 else [-model.coef_[0], model.coef_[0]]
    bias = tuple(float(b) for b in (model.intercept_ if len(classes) > 2 else [-model.intercept_[0], model.intercept_[0]]))
    weights = {}
    for j, name in enumerate(vectorizer.feature_names_):
        row = tuple(float(coef[k][j]) for k in range(len(classes)))
        if max(abs(w) for w in row) >= task.min_weight:
            weights[name] = row
    return LinearModel(task.name, classes, bias, weights)


def fingerprint(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in ("features.py", "corpus.py", "train.py", "linear.py"):   # what shapes the models
        digest.update((ROOT / "bot" / "understanding" / name).read_bytes())
    return digest.hexdigest()[:16]


def model_dir(print_: Optional[str] = None) -> Path:
    """models/understanding-<fingerprint>/: one file per model, read only by who needs it."""
    return MODELS / f"understanding-{print_ or fingerprint(corpus.files())}"


def train(folder: Optional[Path] = None) -> Path:
    folder = folder or model_dir()
    examples = corpus.examples()
    for name, task in TASKS.items():
        save_model(folder / f"{name}.json.gz", fit(task, examples))
    for name, group in item_groups(examples).items():
        save_model(folder / f"{name}.json.gz", fit(ITEM_TASK, group))
    (folder / "complete").write_text(f"{len(examples)} messages\n", encoding="utf-8")
    return folder
