"""The published evaluation: trains, tests and writes docs/evaluation.md with its plot.

    python -m bot.eval.publish [--out docs/evaluation.md]     # the real figures (several minutes)
    python -m bot.eval.publish --fixture [--out DIR/evaluation.md]   # small fixture, ~1 minute

One page from the project's own measuring scripts, each of which also has its own command:
intent accuracy and macro-F1 per language on a seeded held-out 20 % (bot.eval.model_split,
bot.eval.intents), danger recall and false alarms (bot.eval.danger_report), the understanding
models (bot.eval.understanding_report), the blind sets before and after (bot.eval.blind_report),
the conversation tests (bot.eval.conversation_tests) and language detection
(bot.eval.language_report). `--fixture` runs the same steps on a small
subset (few examples per intent, few epochs, a few stories; one small model trained with
the dialogue data serves both the NLU and the conversation tests; no leave-one-writer-out) so
the test command can check the pipeline; its figures say nothing about the bot.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from bot.eval import (blind_report, conversation_tests, danger_report, intents, language_report, model_split,
                      understanding_report)
from bot.eval.dev_messages import DEFAULT_FILE as DEV_FILE
from bot.language import LANGUAGES, detect_language
from bot.paths import ROOT


@dataclass(frozen=True)
class Mode:
    name: str
    per_intent: Optional[int] = None  # examples kept per intent and language; None: all
    epochs: dict[str, int] = field(default_factory=dict)  # component name -> epochs override
    stories_per_file: Optional[int] = None
    writers: bool = True  # leave one writer out (about nine minutes)
    holdout: float = 0.2
    seed: int = 7


FULL = Mode("full")
FIXTURE = Mode("fixture", per_intent=10, epochs={"DIETClassifier": 20, "TEDPolicy": 5}, stories_per_file=2,
               writers=False)
WEAKEST = 6


@dataclass
class Evaluation:
    mode: Mode
    intents: dict[str, intents.Row]
    rasa_check: dict[str, float]  # Rasa's own report vs sklearn on the same unique examples
    weakest: list[intents.Weak]
    confusion: Path
    holdout: danger_report.CorpusFigures
    spent: danger_report.CorpusFigures
    dev_danger: Optional[dict]        # the rules alone
    dev_danger_bot: Optional[dict]    # the bot's decision (rules and learned model)
    understanding: dict[str, dict[str, tuple[int, int]]]  # "development set"/"leave one writer out" -> figures
    blind: dict[str, str]             # set name -> its Markdown section
    conversations: dict[str, conversation_tests.FileResult]
    languages: dict[str, tuple[int, dict]]  # set name -> (messages, detector figures)
    seconds: dict[str, float]
    run_at: str
    commit: str


def _overrides(mode: Mode) -> dict[str, int]:
    """The mode's epochs for the components config.yml actually has."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    names = {part["name"] for part in config["pipeline"] + (config.get("policies") or [])}
    return {name: epochs for name, epochs in mode.epochs.items() if name in names}


def _config(work: Path, mode: Mode) -> Path:
    """config.yml, with the mode's epochs (the project file itself is never changed)."""
    if not mode.epochs:
        return ROOT / "config.yml"
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    overrides = _overrides(mode)
    for part in config["pipeline"] + (config.get("policies") or []):
        if part["name"] in overrides:
            part["epochs"] = overrides[part["name"]]
    path = work / "config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    # only what the figures depend on (the gateway's files, say, do not change them)
    changed = git("status", "--porcelain", "--", "config.yml", "domain.yml", "data", "knowledge", "tests/data",
                  "tests/test_*.yml", "bot/eval", "bot/nlu", "bot/safety", "bot/language", "bot/knowledge")
    return commit + (" (with uncommitted changes to the evaluated files)" if changed else "")


def evaluate(mode: Mode, work: Path, assets: Path) -> Evaluation:
    seconds: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        seconds[name] = time.monotonic() - clock
        clock = time.monotonic()

    parts = model_split.split(mode.holdout, mode.seed, mode.per_intent)
    tests = {l: parts[l][1] for l in LANGUAGES}
    train_nlu = model_split.write_nlu(work / "train.yml", [p[0] for p in parts.values()])
    config = _config(work, mode)
    fixture = mode is not FULL
    model, _ = model_split.train(work, "split", train_nlu, config, with_dialogue=fixture)
    lap("training on the split")
    predictions = model_split.predict(work, model, tests, "split")
    rasa = model_split.rasa_report(work, "split")
    unique = list({(p.text, p.intent): p for ps in predictions.values() for p in ps}.values())
    accuracy, macro_f1 = model_split.scores(unique)
    rasa_check = {"examples": len(unique), "rasa_accuracy": rasa["accuracy"], "accuracy": accuracy,
                  "rasa_macro_f1": rasa["macro avg"]["f1-score"], "macro_f1": macro_f1}
    shutil.copy(work / "results-split" / "intent_report.json", assets / "intent_report.json")
    everything = [p for ps in predictions.values() for p in ps]
    confusion = intents.plot_confusion(
        everything, assets / "confusion.png",
        f"Held-out intents, sv+nb+en ({len(everything)} examples); row-normalised, %")
    lap("testing the NLU")

    conversation_model = model if fixture else conversation_tests.current_model()
    conversations = conversation_tests.run(conversation_model, work, stories_per_file=mode.stories_per_file)
    shutil.copy(work / "conversation-results" / "story_report.json", assets / "story_report.json")
    lap("conversation tests")

    holdout = danger_report.corpus_figures(danger_report.load_items(danger_report.HOLDOUT))
    spent = danger_report.corpus_figures(danger_report.load_items(danger_report.CORPUS))
    dev = danger_report.load_items(DEV_FILE) if DEV_FILE.exists() else None
    dev_danger = danger_report.dev_figures(dev) if dev else None
    dev_danger_bot = danger_report.dev_figures(dev, danger_report.bot_decision) if dev else None
    lap("danger")
    understanding = {"development set": understanding_report.dev_figures()}
    if mode.writers:
        understanding["leave one writer out"] = understanding_report.writer_figures()
    blind = {folder.name: blind_report.markdown(folder) for folder in blind_report.sets()}
    lap("understanding and blind sets")

    detect_language("warm up the models")
    sets = {"NLU examples (train and held-out)": [(t, l) for l in LANGUAGES for part in parts[l]
                                                  for texts in part.values() for t in texts]}
    if dev:
        sets["Dev messages"] = list(language_report.dev_examples())
    languages = {name: (len(ex), language_report.figures(ex, language_report.DETECTORS)) for name, ex in sets.items()}
    lap("language detection")

    return Evaluation(mode, intents.per_language(predictions), rasa_check, intents.weakest(everything, WEAKEST),
                      confusion, holdout, spent, dev_danger, dev_danger_bot, understanding, blind,
                      conversations, languages, seconds,
                      dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), _commit())


def _headline(ev: Evaluation) -> dict[str, Any]:
    passed = sum(r.passed for r in ev.conversations.values())
    total = sum(r.stories for r in ev.conversations.values())
    return {"stories": f"{passed}/{total}"}


def page(ev: Evaluation, out: Path) -> str:
    mode = ev.mode
    fixture = mode is not FULL
    command = "python -m bot.eval.publish" + (" --fixture" if fixture else "")
    rel = lambda p: p.relative_to(out.parent).as_posix()  # noqa: E731
    total = sum(ev.seconds.values())
    lines = [
        "# Evaluation" + (" (fixture: checks the pipeline, says nothing about the bot)" if fixture else ""),
        "",
        f"Generated by `{command}` on {ev.run_at}, commit {ev.commit}, in {total:.0f} s on this machine "
        "(" + ", ".join(f"{k} {v:.0f} s" for k, v in ev.seconds.items()) + ").",
    ]
    if fixture:
        lines += ["", f"Fixture: {mode.per_intent} examples per intent and language, epochs "
                  + ", ".join(f"{k} {v}" for k, v in _overrides(mode).items())
                  + f", the first {mode.stories_per_file} stories of each conversation-test file; one small model "
                  "trained with the dialogue data serves both the NLU and the conversation tests."]
    lines += [
        "", "## Reproduce", "", "```bash", "source .venv/bin/activate",
        f"{command}            # this page",
        f"python -m bot.eval.model_split --holdout {mode.holdout} --seed {mode.seed}   # one model vs one per language, same split",
        "python -m bot.eval.danger_report --corpus tests/data/danger_holdout.yaml --dev [--bot]",
        "python -m bot.eval.understanding_report --writers", "python -m bot.eval.blind_report",
        "python -m bot.eval.conversation_tests", "python -m bot.eval.language_report",
        "```", "",
        "## Intent classification", "",
        f"Every intent's examples in each language split {1 - mode.holdout:.0%} / {mode.holdout:.0%} (seed {mode.seed}); "
        f"a model trained on the {1 - mode.holdout:.0%} with the project's `config.yml`"
        + (" (fixture epochs)" if fixture else "") + ", tested on the held-out "
        f"{mode.holdout:.0%} with `rasa test nlu`. The pipeline includes the fallback classifier and the "
        "understanding layer, so a held-out example answered with `nlu_fallback`, `question` or a `danger_*` "
        "level counts as wrong here. Accuracy and macro-F1 (the mean F1 over the true intents, each weighing the same) "
        "computed from Rasa's predictions with scikit-learn.", "",
        "| language | held-out examples | accuracy | macro-F1 |", "|---|---|---|---|",
    ]
    for language, row in ev.intents.items():
        lines.append(f"| {language} | {row.examples} | {row.accuracy:.3f} | {row.macro_f1:.3f} |")
    c = ev.rasa_check
    lines += [
        "", f"Rasa's own report on the same run ({c['examples']} distinct examples, "
        f"[intent_report.json]({rel(ev.confusion.parent / 'intent_report.json')})): accuracy {c['rasa_accuracy']:.3f}, "
        f"macro-F1 {c['rasa_macro_f1']:.3f} (scikit-learn on the same examples: {c['accuracy']:.3f}, {c['macro_f1']:.3f}).",
        "", f"Weakest {len(ev.weakest)} intents (all languages):", "",
        "| intent | F1 | held-out examples | most often taken for |", "|---|---|---|---|",
    ]
    lines += [f"| {w.intent} | {w.f1:.2f} | {w.support} | {w.taken_for or '–'} |" for w in ev.weakest]
    lines += ["", f"![Confusion matrix of the held-out intents]({rel(ev.confusion)})", "",
              "## Danger detection", "",
              "bot/safety's rules alone (pure Python, the same in every mode). Recall = share of danger messages "
              "escalated at all; \"level\" = escalated at the labelled level. Figures per message language. "
              "The bot decides with these rules and the learned danger model together; that model was trained "
              "on both corpora below, so the bot's own figures on unseen wording are the blind sets' "
              "(further down).", "",
              "### Blind holdout corpus (the rules' honest figure)", "",
              "`tests/data/danger_holdout.yaml`: written blind after the rules were last fixed, by someone "
              "who writes no rules; nobody tunes rules on it (this page lists no misses on purpose).", "",
              danger_report.corpus_markdown(ev.holdout), "",
              "### Test corpus (spent)", "",
              "`tests/data/danger_corpus.yaml`: measured blind once, then the rules were fixed on its misses, "
              "so these figures are no longer a measure of unseen wording.", "",
              danger_report.corpus_markdown(ev.spent), ""]
    if ev.dev_danger and ev.dev_danger_bot:
        lines += ["### Dev messages", "", f"`{DEV_FILE.name}` (labelled by urgency, not by our levels; never "
                  "trained on): share escalated, by the rules alone and by the bot's decision.", "",
                  "Rules alone:", "", danger_report.dev_markdown(ev.dev_danger), "",
                  "The bot's decision (rules and learned model):", "", danger_report.dev_markdown(ev.dev_danger_bot), ""]
    else:
        lines += ["### Dev messages", "", f"Not measured: {DEV_FILE} is not on this machine.", ""]
    lines += ["## Understanding", "",
              "The learned models of bot/understanding (danger, topic, who is writing) alone, without the rules "
              "or the dialogue. *Leave one writer out*: each file of `data/corpus` was written by another "
              "writer in another voice; a model trained without that file is measured on it. *Development "
              "set*: `tests/data/understanding_dev.yaml`, by yet another writer, with the models trained on "
              "everything; the thresholds were chosen on it, so it is not evidence either.", ""]
    lines += understanding_report.markdown(ev.understanding).splitlines() + [""]
    lines += ["## Blind sets: before and after", "",
              "Written by writers who had not seen `data/`, `bot/safety` or `knowledge/`, measured once before "
              "a change and once after through the whole bot, then spent (they become training data).", ""]
    if ev.blind:
        for name, section in ev.blind.items():
            lines += [f"### {name}", "", section, ""]
    else:
        lines += ["No retired blind set in `tests/data/blind/`.", ""]
    lines += ["## Conversation tests", "",
              "`rasa test core` on `tests/test_*.yml` (real user text through the whole pipeline), with "
              + ("the fixture's model." if fixture else "the project's model (`models/stodlotsen-*.tar.gz`, trained on all the data)."),
              "", conversation_tests.markdown(ev.conversations), "",
              "## Language detection", "",
              "bot/language on the message language (NLU examples labelled by their folder).", ""]
    for name, (count, figures) in ev.languages.items():
        lines += [f"{name}: {count} messages", "", language_report.markdown(figures), ""]
    dev_count = ev.languages.get("Dev messages", (0, None))[0]
    lines += [
        "## What these figures do not say", "",
        "- The held-out intent examples were written by the same people, in the same style and the same "
        "sitting, as the training examples; real messages are longer, messier and mix languages, so real "
        "accuracy will be lower. It is one split with one seed and no cross-validation, with a handful of "
        "held-out examples per intent and language: one example moves an intent's figure by many points.",
        "- The conversation tests were written with the stories and rules they test and run against the model "
        "trained on all the data; they show the dialogue does what was designed, not that it helps anyone.",
        "- The danger test corpus is spent; the holdout corpus is the figure to quote, and it is small "
        "(10 messages per level and language), so a 10-point difference is one message.",
        f"- The dev messages are few ({dev_count} in all) and were never used for training or tuning.",
        "- A blind set is written by other writers in the same sitting, in the voices the brief asked for; real "
        "messages differ again. Its before-and-after is one measurement each, with a few dozen items per cell.",
        "- Language labels of the NLU examples come from their folder, and writers mixed languages on purpose; "
        "the detector's word list was extended after looking at its errors on those examples.",
        "- Nothing here measures real users, whether an answer was understood or helped, or harm from a "
        "wrong answer. These are the project's own tests, not an independent review.",
        "",
    ]
    return "\n".join(lines)


def publish(mode: Mode, out: Path) -> Evaluation:
    out = out.resolve()
    assets = out.parent / out.stem
    assets.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        evaluation = evaluate(mode, Path(tmp), assets)
    out.write_text(page(evaluation, out), encoding="utf-8")
    return evaluation


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="default: docs/evaluation.md (with --fixture: a temp dir)")
    parser.add_argument("--fixture", action="store_true", help="a small fixture, for the test command")
    args = parser.parse_args(argv)
    out = args.out or (Path(tempfile.mkdtemp(prefix="evaluation-")) / "evaluation.md" if args.fixture
                       else ROOT / "docs" / "evaluation.md")
    publish(FIXTURE if args.fixture else FULL, out)
    print(out)


if __name__ == "__main__":
    main()
