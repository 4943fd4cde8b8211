"""Rasa's conversation tests (tests/test_*.yml) run with `rasa test core`, counted per file.

    python -m bot.eval.conversation_tests [--model models/stodlotsen-….tar.gz]

Prints stories passed and failed per file, and the names of the failed ones. The test command
(scripts/test) runs the same files with --fail-on-prediction-errors; this only counts.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import yaml

from bot.eval.model_split import RASA
from bot.paths import ROOT

TEST_FILES = sorted((ROOT / "tests").glob("test_*.yml"))


@dataclass
class FileResult:
    stories: int
    failed: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return self.stories - len(self.failed)


def current_model() -> Path:
    """The project's model for the current config, domain and data (scripts/train trains it
    only when it is missing)."""
    done = subprocess.run([str(ROOT / "scripts" / "train")], check=True, cwd=ROOT,
                          stdout=subprocess.PIPE, text=True)
    return Path(done.stdout.strip().splitlines()[-1])


def run(model: Path, work: Path, files: list[Path] = TEST_FILES,
        stories_per_file: Optional[int] = None) -> dict[str, FileResult]:
    """file name -> stories and failed story names. `stories_per_file` keeps only the first
    few stories of each file (a small fixture). All files go through one `rasa test core`."""
    stories_dir = work / "conversation-tests"
    stories_dir.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    results: dict[str, FileResult] = {}
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        stories = data["stories"][:stories_per_file] if stories_per_file else data["stories"]
        (stories_dir / path.name).write_text(
            yaml.safe_dump({**data, "stories": stories}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        results[path.name] = FileResult(len(stories))
        names.update({s["story"]: path.name for s in stories})
    out = work / "conversation-results"
    subprocess.run(
        [RASA, "test", "core", "--quiet", "--model", str(model), "--stories", str(stories_dir),
         "--out", str(out), "--no-plot"],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    failed = yaml.safe_load((out / "failed_test_stories.yml").read_text(encoding="utf-8")) or {}
    for story in failed.get("stories") or []:
        # Rasa names a failed story "<name> (<file it came from>)"
        name, _, source = story["story"].rpartition(" (")
        if source.endswith(")") and Path(source[:-1]).name in results:
            results[Path(source[:-1]).name].failed.append(name)
        else:
            results[names[story["story"]]].failed.append(story["story"])
    # Rasa's own conversation count must agree with the per-file one.
    report = json.loads((out / "story_report.json").read_text(encoding="utf-8"))["conversation_accuracy"]
    counted = (sum(r.stories for r in results.values()), sum(r.passed for r in results.values()))
    if (report["total"], report["correct"]) != counted:
        raise RuntimeError(f"Rasa counted {report}, the failed-stories file gives {counted}")
    return results


def markdown(results: dict[str, FileResult]) -> str:
    lines = ["| file | stories | passed | failed |", "|---|---|---|---|"]
    for name, r in results.items():
        lines.append(f"| tests/{name} | {r.stories} | {r.passed} | {len(r.failed)} |")
    total = sum(r.stories for r in results.values())
    passed = sum(r.passed for r in results.values())
    lines.append(f"| all | {total} | {passed} | {total - passed} |")
    failed = [f"- {name}: {story}" for name, r in results.items() for story in r.failed]
    return "\n".join(lines + ([""] + ["Failed stories:", ""] + failed if failed else []))


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="default: the current model (scripts/train)")
    parser.add_argument("--out", type=Path, help="keep Rasa's results here (default: a temporary folder)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a story failed (the test command)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        results = run(args.model or current_model(), args.out or Path(tmp))
    print(markdown(results))
    if args.strict and any(r.failed for r in results.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
