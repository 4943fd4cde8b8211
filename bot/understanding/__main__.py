"""python -m bot.understanding train: build the models of the current corpus (if not built)."""
from __future__ import annotations

import sys

from bot.understanding import corpus
from bot.understanding.train import fingerprint, model_dir, train


def main(argv: list[str]) -> int:
    if argv[:1] != ["train"]:
        print(__doc__, file=sys.stderr)
        return 2
    path = model_dir(fingerprint(corpus.files()))
    if (path / "complete").exists():
        print(f"Understanding models are current: {path.name}", file=sys.stderr)
    else:
        print(f"Training the understanding models ({len(corpus.examples())} messages)...", file=sys.stderr)
        train(path)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
