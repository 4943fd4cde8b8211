"""Accuracy of the language detector on labelled messages, overall and on short ones.

    python -m bot.eval.language_report

Sets: every NLU training example (the detector does not learn from them: it is lingua plus a
short word list), split by its folder's language, and ../shared/eval/dev_messages.yaml.
Compares lingua alone with the project's detector, without and with a correct prior (the
language of earlier turns or the page's choice). `figures` returns the counts (also used by
bot.eval.publish).
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

import yaml

from bot.eval.dev_messages import DEFAULT_FILE as DEV_FILE
from bot.eval.dev_messages import LANG
from bot.language import LANGUAGES, detect_language
from bot.language.detector import _lingua_scores
from bot.paths import ROOT

Detector = Callable[[str, str], str]


def nlu_examples() -> Iterable[tuple[str, str]]:
    for language in LANGUAGES:
        for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
            for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
                for line in block["examples"].splitlines():
                    text = line.strip()[2:].strip()
                    if text:
                        yield text, language


def dev_examples() -> Iterable[tuple[str, str]]:
    if DEV_FILE.exists():
        for item in yaml.safe_load(DEV_FILE.read_text(encoding="utf-8"))["items"]:
            yield item["text"], LANG[str(item["language"])]


def lingua_only(text: str, _: str) -> str:
    scores = _lingua_scores(text)
    return max(scores, key=scores.get)


def project(text: str, _: str) -> str:
    return detect_language(text).code


def project_with_prior(text: str, truth: str) -> str:
    return detect_language(text, prior=truth).code


COLUMNS = ("sv", "nb", "en", "all", "short")  # short: messages of at most three words


@dataclass
class DetectorFigures:
    right: dict[str, tuple[int, int]]  # column -> (right, total)
    ms_per_message: float


def figures(examples: list[tuple[str, str]], detectors: dict[str, Detector]) -> dict[str, DetectorFigures]:
    """detector label -> share detected right per language, overall, on short messages, and speed."""
    result = {}
    for label, detect in detectors.items():
        right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        start = time.perf_counter()
        for text, truth in examples:
            ok = detect(text, truth) == truth
            for key in (truth, "all") + (("short",) if len(text.split()) <= 3 else ()):
                right[key][0] += ok
                right[key][1] += 1
        ms = 1000 * (time.perf_counter() - start) / len(examples)
        result[label] = DetectorFigures({k: (right[k][0], right[k][1]) for k in COLUMNS}, ms)
    return result


def markdown(found: dict[str, DetectorFigures]) -> str:
    lines = ["| detector | sv | nb | en | all | ≤ 3 words | ms/message |", "|---|---|---|---|---|---|---|"]
    for label, fig in found.items():
        cells = [f"{100 * h / n:.1f} %" if n else "–" for h, n in (fig.right[k] for k in COLUMNS)]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {fig.ms_per_message:.2f} |")
    return "\n".join(lines)


def report(name: str, examples: list[tuple[str, str]], detectors: dict[str, Detector]) -> None:
    print(f"\n{name}: {len(examples)} messages, {sum(len(t.split()) <= 3 for t, _ in examples)} of them ≤ 3 words\n")
    print(markdown(figures(examples, detectors)))


DETECTORS: dict[str, Detector] = {"lingua alone (high accuracy)": lingua_only, "project detector": project,
                                  "project detector + prior": project_with_prior}


SWITCH_FILE = ROOT / "tests" / "data" / "language_switch.yaml"


def switch_figures(path=SWITCH_FILE) -> dict[str, tuple[int, int]]:
    """Does the chosen language hold through short and mixed messages, and switch on a whole
    message in another language? kind -> (right, total); kind is "holds" or "switches"."""
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
        kind = "holds" if item["expect"] == item["prior"] else "switches"
        right[kind][0] += detect_language(item["text"], prior=item["prior"]).code == item["expect"]
        right[kind][1] += 1
    return {k: (v[0], v[1]) for k, v in right.items()}


def escalation_language_figures(prior: str = "sv") -> dict[str, tuple[int, int, dict[str, int]]]:
    """Per language of the retired blind sets that hold escalation languages: (right, total,
    what it was taken for), with the page left in `prior`. Latin-letter Arabic, Persian,
    Tigrinya and Sorani count as their language, which the detector does not claim to know."""
    from bot.eval.blind import load_set
    from bot.eval.blind_report import sets
    from bot.languages import escalation_languages

    found: dict[str, list] = defaultdict(lambda: [0, 0, defaultdict(int)])
    for folder in sets():
        items = load_set(folder)
        if not any(i["language"] in escalation_languages() for i in items):
            continue
        for item in items:
            guess = detect_language(item["text"], prior=prior).code
            cell = found[item["language"]]
            cell[0] += guess == item["language"]
            cell[1] += 1
            cell[2][guess] += 1
    return {l: (r, t, dict(taken)) for l, (r, t, taken) in found.items()}


def main(argv: Optional[list[str]] = None) -> None:
    detect_language("warm up the models")
    print("\nThe escalation languages' blind set (tests/data/blind/*), the page left in Swedish:\n")
    print("| language | right | taken for |\n|---|---|---|")
    for language, (right, total, taken) in escalation_language_figures().items():
        others = ", ".join(f"{k} {v}" for k, v in sorted(taken.items()) if k != language) or "–"
        print(f"| {language} | {100 * right / total:.0f} % ({right}/{total}) | {others} |")
    report("NLU examples", list(nlu_examples()), DETECTORS)
    report("Dev messages", list(dev_examples()), DETECTORS)
    print("\nThe chosen language through short and mixed messages (tests/data/language_switch.yaml):\n")
    print("| message | right |\n|---|---|")
    labels = {"holds": "one word, an emoji or a borrowed word: the language holds",
              "switches": "a whole message in another language: it switches"}
    for kind, (hits, total) in switch_figures().items():
        print(f"| {labels[kind]} | {100 * hits / total:.0f} % ({hits}/{total}) |")


if __name__ == "__main__":
    main()
