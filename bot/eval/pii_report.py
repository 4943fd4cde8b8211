"""How much personal data redaction finds, and what it takes that is not personal data.

    python -m bot.eval.pii_report [--show]

Recall: on tests/data/pii_corpus.yaml (every trick that hid data from the old redaction), the
share of items none of whose secrets survive `bot.privacy.storable`, per kind. Wrong
redactions: on the NLU training examples (ordinary messages, none with real personal data),
the share of messages in which a placeholder appears, and the words it took. Each name mode of
bot/privacy/redact.py is measured, so the README can say why the default is what it is.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from typing import Any, Iterable, Optional

import yaml

from bot.paths import ROOT
from bot.privacy import redact as redaction
from bot.privacy.sanitize import cut, visible

CORPUS = ROOT / "tests" / "data" / "pii_corpus.yaml"
_PLACEHOLDER = re.compile(r"\[(?:PERSONNUMMER|FODSELSNUMMER|PHONE|EMAIL|ADDRESS|NAME)\]")


def _digits(text: str) -> str:
    return "".join(ch for ch in visible(text) if ch.isdigit())


def survives(secret: str, stored: str) -> bool:
    """A secret survives when it is still there, or (for 7+ digits) its digits are."""
    digits = _digits(secret)
    if len(digits) >= 7:
        return digits in _digits(stored)
    return secret.lower() in stored.lower() or visible(secret).lower() in stored.lower()


def corpus_items() -> list[dict[str, Any]]:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["items"]


def ordinary_messages() -> list[str]:
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*/*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.append(line.strip()[2:])
    return texts


def stored(text: str, mode: str) -> str:
    return cut(redaction.redact(visible(text), names=mode))


def recall(items: Iterable[dict[str, Any]], mode: str) -> dict[str, tuple[int, int]]:
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        out = stored(item["text"], mode)
        whole = not any(survives(s, out) for s in item["secrets"])
        for kind in (item["kind"], "all"):
            found[kind][0] += whole
            found[kind][1] += 1
    return {k: (v[0], v[1]) for k, v in found.items()}


def wrong(messages: list[str], mode: str) -> tuple[int, Counter]:
    changed, taken = 0, Counter()
    for text in messages:
        out = stored(text, mode)
        if _PLACEHOLDER.search(out):
            changed += 1
            for word in set(re.findall(r"[^\W\d_]+", text.lower())) - set(re.findall(r"[^\W\d_]+", out.lower())):
                taken[word] += 1
    return changed, taken


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the words taken from ordinary messages")
    args = parser.parse_args(argv)
    items, messages = corpus_items(), ordinary_messages()
    kinds = sorted({i["kind"] for i in items}) + ["all"]
    print(f"PII corpus: {len(items)} items; ordinary messages: {len(messages)} (NLU examples)\n")
    print("| name mode | " + " | ".join(kinds) + " | ordinary messages with a placeholder |")
    print("|---" * (len(kinds) + 2) + "|")
    for mode in redaction.NAME_MODES:
        found = recall(items, mode)
        changed, taken = wrong(messages, mode)
        cells = [f"{found[k][0]}/{found[k][1]}" for k in kinds]
        default = " (default)" if mode == redaction.NAME_MODE else ""
        print(f"| {mode}{default} | " + " | ".join(cells) + f" | {changed} ({100 * changed / len(messages):.1f} %) |")
        if args.show:
            print("   taken: " + ", ".join(f"{w} {n}" for w, n in taken.most_common(40)))


if __name__ == "__main__":
    main()
