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
The threshold was chosen on tests/data/unanswered_paraphrases.yaml (4 gaps x 3 languages and
6 one-offs): 0.15-0.25 keep every gap's same-language paraphrases together and mix no gaps;
0.1 mixes two gaps, 0.3 splits one; 0.2 is the middle. A set that was tuned on, not held out.
"""
from __future__ import annotations

import re
from typing import Sequence

from bot.privacy.redact import PLACEHOLDERS
from bot.text import fold

THRESHOLD = 0.2   # cosine similarity (average over the pairs of two groups) to join them
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


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
    if not any(n.strip() for n in normal):
        return [list(range(len(texts)))]
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
                              min_df=1).fit_transform(normal)
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
