"""Grouping unanswered questions by similarity, so a curator reads one kind of gap at a time.

Character n-grams (3-5, within words) weighted by TF-IDF, cosine similarity, and average-linkage
agglomerative clustering cut at a similarity threshold. Why this and not tokens:
- Swedish and Norwegian write the same words a little differently ("tvångsäktenskap",
  "tvangsekteskap") and build compounds ("skatteåterbäring" vs "skatt"); character n-grams
  of Nordic-folded text meet across both, whole tokens (Jaccard) do not.
- Chat messages are short and misspelt; n-grams tolerate a typo, tokens lose the whole word.
- Average linkage does not chain (single linkage would join A-B-C when only A-B and B-C are
  alike) and, unlike greedy assignment, does not depend on the order the questions came in.
English and the Nordic languages do not share n-grams, so an English paraphrase forms its own
group; that is fine: the curator writes each language's article anyway.
Document frequencies come from the NLU training examples plus the listed questions, so that
everyday words weigh little even when only a handful of questions are listed.
The threshold was chosen on tests/data/unanswered_paraphrases.yaml (4 gaps x 3 languages and
6 one-offs): 0.12-0.32 keep every gap's same-language paraphrases together and mix no gaps,
0.11 mixes; lower joins more Swedish with Norwegian, so 0.18 (1 of 4 gaps joined across them).
Run once on tests/data/unanswered_holdout.yaml, written afterwards: no group mixed two gaps and
every one-off stayed alone; 6 of 9 gap-language sets stayed whole, the passport questions paired
Swedish with Norwegian by wording instead, and slang ("ta lappen") stood alone.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

import yaml

from bot.paths import ROOT
from bot.privacy.redact import PLACEHOLDERS
from bot.text import fold

THRESHOLD = 0.18  # cosine similarity (average over the pairs of two groups) to join them
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


@lru_cache(maxsize=1)
def background() -> tuple[str, ...]:
    """The NLU training examples of all three languages, folded: chat-style questions whose
    document frequencies say which n-grams are everyday words ("jag", "hvordan", "how do i")
    however few questions are listed (fitted on a handful, every n-gram looks rare)."""
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*/*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            texts += [_normal(line.strip()[2:]) for line in str(block.get("examples", "")).splitlines()
                      if line.strip().startswith("- ")]
    return tuple(texts)


def _normal(text: str) -> str:
    # Placeholders say nothing about the question ("[NAME]" in two texts is no likeness).
    return fold(_PLACEHOLDER.sub(" ", text))


def group(texts: Sequence[str], threshold: float = THRESHOLD) -> list[list[int]]:
    """Indices of `texts` in groups: largest group first, then by first index; within a group
    in index order. Every text is in exactly one group (a group of one when nothing is alike)."""
    if len(texts) < 2:
        return [[i] for i in range(len(texts))]
    # Imported here: only the listing command groups, and these are heavy.
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    normal = [_normal(t) for t in texts]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vectors = vectorizer.fit([*background(), *normal]).transform(normal)
    distance = (1.0 - cosine_similarity(vectors)).clip(min=0.0)
    distance = (distance + distance.T) / 2   # exactly symmetric for squareform
    for i in range(len(texts)):
        distance[i, i] = 0.0
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))
