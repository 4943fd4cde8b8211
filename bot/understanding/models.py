"""The trained models of this project's data, each loaded once per process when first needed.

`python -m bot.understanding train` (run by scripts/train) writes them to
models/understanding-<fingerprint>/; the fingerprint covers the training files and the code
that turns text into features, so a changed corpus is never read with an old model. Rasa's
process trains them if they are missing (it has scikit-learn); the gateway, which has not,
goes on with the rules alone and says so in its log.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Optional

from bot.understanding import corpus
from bot.understanding.linear import LinearModel, load_model

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def folder() -> Optional[Path]:
    """The current models' folder, trained here if missing and this environment can."""
    from bot.understanding.train import fingerprint, model_dir, train

    found = model_dir(fingerprint(corpus.files()))
    if not (found / "complete").exists():
        try:
            train(found)
        except ImportError:   # no scikit-learn here (the gateway)
            log.warning("no understanding models at %s: danger by the rules alone", found.name)
            return None
    return found


@lru_cache(maxsize=None)
def model(name: str) -> Optional[LinearModel]:
    """The model called `name`, or None (not trained here, or no such model: an item group
    without items)."""
    where = folder()
    path = where / f"{name}.json.gz" if where else None
    return load_model(path) if path and path.exists() else None


def warm_up(*names: str) -> None:
    for name in names:
        model(name)
