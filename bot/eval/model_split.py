"""One NLU model for sv+nb+en, or one per language? Train both on the same split and compare.

    python -m bot.eval.model_split [--holdout 0.2] [--seed 7]

Splits every intent's examples of each language 80/20 (seeded), trains (a) one model on all
three languages' 80 % and (b) one model per language on that language's 80 %, with the
project's config.yml, and tests each on the held-out 20 % with `rasa test nlu`. Prints intent
accuracy and macro-F1 per language, and training time. Takes several minutes on 2 cores.

The split, training and testing here are also what `python -m bot.eval.publish` uses.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import yaml
from sklearn.metrics import accuracy_score, f1_score

from bot.language import LANGUAGES
from bot.paths import ROOT

RASA = str(Path(sys.executable).parent / "rasa")
Examples = dict[str, list[str]]  # intent -> example texts


@dataclass(frozen=True)
class Prediction:
    text: str
    intent: str
    predicted: str


def split(holdout: float, seed: int, per_intent: Optional[int] = None) -> dict[str, tuple[Examples, Examples]]:
    """language -> (train, test). `per_intent` keeps only that many examples of each intent
    and language (a small fixture); None keeps all, with the same shuffles as always."""
    rng = random.Random(seed)
    result = {}
    for language in LANGUAGES:
        train: Examples = {}
        test: Examples = {}
        for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
            for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
                examples = [l.strip()[2:] for l in block["examples"].splitlines() if l.strip()]
                rng.shuffle(examples)
                if per_intent is not None:
                    examples = examples[:per_intent]
                cut = max(1, round(len(examples) * holdout))
                test.setdefault(block["intent"], []).extend(examples[:cut])
                train.setdefault(block["intent"], []).extend(examples[cut:])
        result[language] = (train, test)
    return result


def write_nlu(path: Path, parts: Iterable[Examples]) -> Path:
    merged: Examples = {}
    for part in parts:
        for intent, examples in part.items():
            merged.setdefault(intent, []).extend(examples)
    blocks = [{"intent": i, "examples": "".join(f"- {e}\n" for e in ex)} for i, ex in merged.items()]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True), encoding="utf-8")
    return path


def train(work: Path, name: str, nlu: Path, config: Path = ROOT / "config.yml",
          with_dialogue: bool = False) -> tuple[Path, float]:
    """Trains an NLU model (or, `with_dialogue`, a whole model with the project's domain, rules
    and stories) from `nlu`; returns the model file and the seconds it took."""
    start = time.monotonic()
    if with_dialogue:
        command = [RASA, "train", "--domain", str(ROOT / "domain.yml"),
                   "--data", str(nlu), str(ROOT / "data" / "rules"), str(ROOT / "data" / "stories")]
    else:
        command = [RASA, "train", "nlu", "--nlu", str(nlu)]
    subprocess.run(
        command + ["--quiet", "--config", str(config), "--out", str(work), "--fixed-model-name", name],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return work / f"{name}.tar.gz", time.monotonic() - start


def predict(work: Path, model: Path, tests: dict[str, Examples], name: str) -> dict[str, list[Prediction]]:
    """Runs `rasa test nlu` once on all languages' held-out examples and returns each
    language's predictions (Rasa drops duplicate examples; so does this, per language).
    Rasa's own reports stay in work/results-<name>/ (see rasa_report)."""
    nlu = write_nlu(work / f"test-{name}.yml", tests.values())
    out = work / f"results-{name}"
    subprocess.run(
        [RASA, "test", "nlu", "--quiet", "--model", str(model), "--nlu", str(nlu), "--out", str(out),
         "--successes", "--no-plot"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    found: dict[tuple[str, str], str] = {}
    for file in ("intent_successes.json", "intent_errors.json"):
        if (out / file).exists():
            for row in json.loads((out / file).read_text(encoding="utf-8")):
                found[(row["text"], row["intent"])] = row["intent_prediction"]["name"] or ""
    result: dict[str, list[Prediction]] = {}
    for language, examples in tests.items():
        unique = dict.fromkeys((text.strip(), intent) for intent, texts in examples.items() for text in texts)
        result[language] = [Prediction(t, i, found[(t, i)]) for t, i in unique]
    return result


def rasa_report(work: Path, name: str) -> dict:
    """Rasa's own intent_report.json of a `predict` run (per intent, and accuracy overall)."""
    return json.loads((work / f"results-{name}" / "intent_report.json").read_text(encoding="utf-8"))


def scores(predictions: list[Prediction]) -> tuple[float, float]:
    """(accuracy, macro-F1), computed the way Rasa's intent_report.json does: the mean F1 over
    the true intents (a label only ever predicted, such as nlu_fallback, is not averaged in)."""
    truth = [p.intent for p in predictions]
    guess = [p.predicted for p in predictions]
    labels = sorted(set(truth))
    return accuracy_score(truth, guess), f1_score(truth, guess, labels=labels, average="macro", zero_division=0)


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    parts = split(args.holdout, args.seed)
    tests = {l: parts[l][1] for l in LANGUAGES}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        joint, joint_time = train(work, "joint", write_nlu(work / "train-all.yml", [p[0] for p in parts.values()]))
        joint_predictions = predict(work, joint, tests, "joint")
        rows = []
        for language in LANGUAGES:
            own, own_time = train(work, f"only-{language}", write_nlu(work / f"train-{language}.yml", [parts[language][0]]))
            own_predictions = predict(work, own, {language: tests[language]}, f"own-{language}")
            rows.append((language, scores(joint_predictions[language]), scores(own_predictions[language]), own_time))
    print(f"Held-out {args.holdout:.0%} of each intent per language (seed {args.seed}).\n")
    print("| language | one model: accuracy / macro-F1 | own model: accuracy / macro-F1 | own model training |")
    print("|---|---|---|---|")
    for language, (ja, jf), (oa, of), t in rows:
        print(f"| {language} | {ja:.3f} / {jf:.3f} | {oa:.3f} / {of:.3f} | {t:.0f} s |")
    print(f"\nOne model for all three languages trained in {joint_time:.0f} s.")


if __name__ == "__main__":
    main()
