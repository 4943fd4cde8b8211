"""One NLU model for sv+nb+en, or one per language? Train both on the same split and compare.

    python -m bot.eval.model_split [--holdout 0.2] [--seed 7]

Splits every intent's examples of each language 80/20 (seeded), trains (a) one model on all
three languages' 80 % and (b) one model per language on that language's 80 %, with the
project's config.yml, and tests each on the held-out 20 % with `rasa test nlu`. Prints intent
accuracy and macro-F1 per language, and training time. Takes several minutes on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import yaml

from bot.language import LANGUAGES
from bot.paths import ROOT

RASA = str(Path(sys.executable).parent / "rasa")


def split(holdout: float, seed: int) -> dict[str, tuple[dict, dict]]:
    """language -> (train {intent: [examples]}, test {intent: [examples]})."""
    rng = random.Random(seed)
    result = {}
    for language in LANGUAGES:
        train: dict[str, list[str]] = {}
        test: dict[str, list[str]] = {}
        for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")):
            for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
                examples = [l.strip()[2:] for l in block["examples"].splitlines() if l.strip()]
                rng.shuffle(examples)
                cut = max(1, round(len(examples) * holdout))
                test.setdefault(block["intent"], []).extend(examples[:cut])
                train.setdefault(block["intent"], []).extend(examples[cut:])
        result[language] = (train, test)
    return result


def write_nlu(path: Path, parts: list[dict[str, list[str]]]) -> Path:
    merged: dict[str, list[str]] = {}
    for part in parts:
        for intent, examples in part.items():
            merged.setdefault(intent, []).extend(examples)
    blocks = [{"intent": i, "examples": "".join(f"- {e}\n" for e in ex)} for i, ex in merged.items()]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True))
    return path


def train(work: Path, name: str, nlu: Path) -> tuple[Path, float]:
    start = time.monotonic()
    subprocess.run(
        [RASA, "train", "nlu", "--quiet", "--config", str(ROOT / "config.yml"), "--nlu", str(nlu),
         "--out", str(work), "--fixed-model-name", name],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return work / f"{name}.tar.gz", time.monotonic() - start


def test(work: Path, model: Path, nlu: Path, name: str) -> tuple[float, float]:
    out = work / f"results-{name}"
    subprocess.run(
        [RASA, "test", "nlu", "--quiet", "--model", str(model), "--nlu", str(nlu), "--out", str(out)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report = json.loads((out / "intent_report.json").read_text())
    return report["accuracy"], report["macro avg"]["f1-score"]


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    parts = split(args.holdout, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tests = {l: write_nlu(work / f"test-{l}.yml", [parts[l][1]]) for l in LANGUAGES}
        joint, joint_time = train(work, "joint", write_nlu(work / "train-all.yml", [p[0] for p in parts.values()]))
        rows = []
        for language in LANGUAGES:
            own, own_time = train(work, f"only-{language}", write_nlu(work / f"train-{language}.yml", [parts[language][0]]))
            rows.append((language, test(work, joint, tests[language], f"joint-{language}"),
                         test(work, own, tests[language], f"own-{language}"), own_time))
    print(f"Held-out {args.holdout:.0%} of each intent per language (seed {args.seed}).\n")
    print("| language | one model: accuracy / macro-F1 | own model: accuracy / macro-F1 | own model training |")
    print("|---|---|---|---|")
    for language, (ja, jf), (oa, of), t in rows:
        print(f"| {language} | {ja:.3f} / {jf:.3f} | {oa:.3f} / {of:.3f} | {t:.0f} s |")
    print(f"\nOne model for all three languages trained in {joint_time:.0f} s.")


if __name__ == "__main__":
    main()
