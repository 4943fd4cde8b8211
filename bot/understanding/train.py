"""Training the linear models with scikit-learn (Rasa's environment), and saving them for any
environment to read (bot.understanding.linear).

    python -m bot.understanding train        # builds models/understanding-<fingerprint>.json.gz

Tasks (each a multinomial logistic regression over bot.understanding.features):
- danger: none or one of the five levels, from every danger-labelled message;
- for_other: whether the person in danger is someone else than the writer;
- topic: the 15 topics, "none" (no topic: greetings, thanks, "I'm a teacher") and out_of_scope;
- audience: young, adult, relative, professional, unknown (the message does not say);
- joke: among messages the writer marks as a joke ("lol", "😂"; framing.joking), whether the danger
  is real ("lol dad is hitting mom in the kitchen rn") or the joke is ("mamma dödar mig om jag
  kommer hem sent lol"): the danger model, trained on all messages, learned that a laugh means
  none;
- item-<country>-<audience>: which question-and-answer item of that country and audience a
  question asks for, or "none" (a sample of the corpus's other questions), from the items' own
  examples; one model per group keeps each small and quick to train.
Features seen in fewer than MIN_DF messages are dropped, and so are weights too small to
matter, which keeps the saved models small and their reading fast.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

from bot.understanding import corpus
from bot.understanding.corpus import Example
from bot.understanding.features import features
from bot.understanding.jokes import joking
from bot.understanding.linear import LinearModel, save_model
from bot.paths import ROOT

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

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


def _joke(example: Example) -> Optional[str]:
    if example.danger is None or not joking(example.text):
        return None
    return "joke" if example.danger == "none" else "real"


TASKS = {
    "danger": Task("danger", lambda e: e.danger, c=2.0),
    "for_other": Task("for_other", lambda e: _bool(e.for_other) if e.danger not in (None, "none") else None, c=1.0),
    "topic": Task("topic", lambda e: e.topic, c=4.0),
    "audience": Task("audience", lambda e: e.audience, c=2.0),
    "joke": Task("joke", _joke, c=4.0),
}
ITEM_NEGATIVES = 800      # other questions each item model learns to answer "none" for


def item_groups(examples: Sequence[Example], own: Iterable[Example] = ()) -> dict[str, list[Example]]:
    """item-<country>-<audience> -> its items' examples (and their own texts, `own`:
    corpus.item_texts) and a fixed sample of other questions."""
    groups: dict[str, list[Example]] = {}
    for example in [*examples, *own]:
        if example.item:
            country, audience = example.item.split(".")[:2]
            groups.setdefault(f"item-{country.upper()}-{audience}", []).append(example)
    others = [e for e in examples if e.source.startswith("corpus/") and e.topic not in (None, "none")
              and e.danger in (None, "none")]
    step = max(1, len(others) // ITEM_NEGATIVES)
    negatives = [Example(e.text, e.language, e.source, item="none") for e in others[::step][:ITEM_NEGATIVES]]
    kept = {}
    for name, group in groups.items():
        own = [_words(e.text) for e in group]
        kept[name] = group + [n for n in negatives if not _near_any(n.text, own)]
    return kept


NEAR = 0.5   # word overlap (Jaccard) from which a sampled question is taken for an item's own


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", text.lower()))


def _near_any(text: str, group: Sequence[frozenset[str]]) -> bool:
    """A sampled "other question" that is nearly one of the group's item examples (given as
    their words) is that item's question, not "none" ("hva skjer med oppholdstillatelsen min
    hvis jeg skiller meg fra mannen min?" taught the Norwegian adults' model to refuse its own
    residence-permit item)."""
    words = _words(text)
    return any(len(words & w) / len(words | w) >= NEAR for w in group if words | w)


# Balanced: each item weighs as much as the many "none" questions; with the threshold
# bot.knowledge.item_match.ITEM_SURE, that found more held-out item questions and fewer wrong
# items than the unbalanced models (python -m bot.eval.held_out_items).
ITEM_TASK = Task("item", lambda e: e.item, c=4.0, balanced=True, min_weight=0.02)


def _matrix(rows: Sequence[frozenset[str]]) -> tuple["csr_matrix", list[str]]:
    """The rows as a 0/1 matrix over the features seen in at least MIN_DF of them, columns in
    name order (as scikit-learn's DictVectorizer builds it, at a tenth of its time)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    df = Counter(f for row in rows for f in row)
    names = sorted(f for f, n in df.items() if n >= MIN_DF)
    column = {f: j for j, f in enumerate(names)}
    indices: list[int] = []
    indptr = [0]
    for row in rows:
        indices.extend(sorted(column[f] for f in row if f in column))
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int32)),
                   shape=(len(rows), len(names)))
    return x, names


def fit(task: Task, examples: Iterable[Example], c: Optional[float] = None) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for example in examples:
        label = task.label(example)
        if label is not None:
            rows.append(features(example.text))
            labels.append(label)
    x, names = _matrix(rows)
    model = LogisticRegression(C=c or task.c, max_iter=3000, class_weight="balanced" if task.balanced else None)
    model.fit(x, labels)
    classes = tuple(str(k) for k in model.classes_)
    coef = model.coef_ if len(classes) > 2 else [-model.coef_[0], model.coef_[0]]
    bias = tuple(float(b) for b in (model.intercept_ if len(classes) > 2 else [-model.intercept_[0], model.intercept_[0]]))
    kept = (abs(coef) >= task.min_weight).any(axis=0) if len(classes) > 2 else abs(coef[1]) >= task.min_weight
    weights = {names[j]: tuple(float(coef[k][j]) for k in range(len(classes))) for j in kept.nonzero()[0]}
    return LinearModel(task.name, classes, bias, weights)


def fingerprint(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in ("features.py", "corpus.py", "train.py", "linear.py", "jokes.py"):   # what shapes the models
        digest.update((ROOT / "bot" / "understanding" / name).read_bytes())
    return digest.hexdigest()[:16]


def model_dir(print_: Optional[str] = None) -> Path:
    """models/understanding-<fingerprint>/: one file per model, read only by who needs it."""
    return MODELS / f"understanding-{print_ or fingerprint(corpus.files())}"


def _cost(task: Task, examples: Sequence[Example]) -> int:
    """A fit's time grows with its messages times its classes (topic: 127 s of 357 in all)."""
    labels = [task.label(e) for e in examples]
    return sum(1 for label in labels if label is not None) * len(set(labels))


def _fit_and_save(task_name: str, examples: Sequence[Example], path: Path) -> None:
    from threadpoolctl import threadpool_limits   # scikit-learn's own dependency

    with threadpool_limits(1):   # one thread per fit: the fits run side by side, one per core
        save_model(path, fit(TASKS.get(task_name, ITEM_TASK), examples))


def train(folder: Optional[Path] = None) -> Path:
    """Each model in its own process, as many at once as there are cores (the fits are
    independent and each runs on one core)."""
    folder = folder or model_dir()
    examples = corpus.examples()
    jobs = [(name, examples) for name in TASKS] + list(item_groups(examples, corpus.item_texts()).items())
    jobs.sort(key=lambda job: -_cost(TASKS.get(job[0], ITEM_TASK), job[1]))   # longest first: the last to finish is short
    # "spawn": Rasa's process, which may train here, runs threads that a forked child must not inherit
    with ProcessPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1), mp_context=get_context("spawn")) as pool:
        for done in [pool.submit(_fit_and_save, name, group, folder / f"{name}.json.gz") for name, group in jobs]:
            done.result()
    (folder / "complete").write_text(f"{len(examples)} messages\n", encoding="utf-8")
    return folder
