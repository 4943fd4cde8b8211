"""The published evaluation's pipeline, run on its small fixture (python -m bot.eval.publish
--fixture): every section present, figures in range and consistent with their sources, and
Rasa's own report agreeing with the figures computed from its predictions."""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib.image
import pytest
import yaml

from bot import responses
from bot.eval import blind_report, conversation_tests, danger_report, understanding_report
from bot.eval.dev_messages import DEFAULT_FILE as DEV_FILE
from bot.eval.model_split import split
from bot.eval.publish import FIXTURE, Evaluation, publish
from bot.paths import ROOT
from conftest import trained_model

SECTIONS = ["## Reproduce", "## Intent classification", "## Danger detection",
            "### Blind holdout corpus (the rules' honest figure)", "### Test corpus (spent)",
            "## Understanding", "## Blind sets: before and after", "## Conversation tests", "## Language detection",
            "## What these figures do not say"]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Evaluation, Path, str]:
    out = tmp_path_factory.mktemp("evaluation") / "evaluation.md"
    evaluation = publish(FIXTURE, out)
    return evaluation, out, out.read_text(encoding="utf-8")


def test_page_has_every_section_in_order(run) -> None:
    _, _, page = run
    positions = [page.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert re.search(r"on \d{4}-\d\d-\d\d \d\d:\d\d UTC, commit [0-9a-f]{7}", page)
    assert "python -m bot.eval.publish --fixture" in page


def test_intent_rows_per_language_in_range_and_on_the_page(run) -> None:
    evaluation, _, page = run
    assert list(evaluation.intents) == ["sv", "nb", "en", "all"]
    for language, row in evaluation.intents.items():
        assert row.examples > 0
        assert 0 <= row.accuracy <= 1 and 0 <= row.macro_f1 <= 1
        assert f"| {language} | {row.examples} | {row.accuracy:.3f} | {row.macro_f1:.3f} |" in page
    parts = split(FIXTURE.holdout, FIXTURE.seed, FIXTURE.per_intent)
    for language in ("sv", "nb", "en"):  # every distinct held-out example was predicted once
        held_out = {(t.strip(), i) for i, texts in parts[language][1].items() for t in texts}
        assert evaluation.intents[language].examples == len(held_out)
    assert evaluation.intents["all"].examples == sum(evaluation.intents[l].examples for l in ("sv", "nb", "en"))


def test_figures_agree_with_rasas_own_report(run) -> None:
    check = run[0].rasa_check
    assert check["accuracy"] == pytest.approx(check["rasa_accuracy"], abs=1e-9)
    assert check["macro_f1"] == pytest.approx(check["rasa_macro_f1"], abs=1e-9)


def test_weakest_intents_are_sorted_real_intents(run) -> None:
    evaluation, _, _ = run
    f1s = [w.f1 for w in evaluation.weakest]
    assert 0 < len(f1s) <= 6 and f1s == sorted(f1s) and all(0 <= f <= 1 for f in f1s)
    assert all(w.support > 0 and w.taken_for != w.intent for w in evaluation.weakest)


def test_confusion_plot_is_a_readable_png_linked_from_the_page(run) -> None:
    evaluation, out, page = run
    png = evaluation.confusion
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    height, width = matplotlib.image.imread(png).shape[:2]
    assert height > 500 and width > 500
    assert f"]({png.relative_to(out.parent).as_posix()})" in page
    assert (png.parent / "intent_report.json").is_file() and (png.parent / "story_report.json").is_file()


@pytest.mark.parametrize("corpus, which", [(danger_report.HOLDOUT, "holdout"), (danger_report.CORPUS, "spent")])
def test_danger_figures_count_every_corpus_message(run, corpus: Path, which: str) -> None:
    figures = getattr(run[0], which)
    items = yaml.safe_load(corpus.read_text(encoding="utf-8"))["items"]
    danger = [i for i in items if i["level"] != "none"]
    assert sum(cells["all"].total for cells in figures.recall.values()) == len(danger)
    assert figures.false_alarms["all"].total == len(items) - len(danger)
    for cells in list(figures.recall.values()) + [figures.false_alarms]:
        assert cells["all"].total == sum(cells[l].total for l in ("sv", "nb", "en"))
        assert 0 <= cells["all"].exact <= cells["all"].hits <= cells["all"].total
    assert danger_report.corpus_markdown(figures) in run[2]


def test_understanding_counts_every_development_item(run) -> None:
    evaluation, _, page = run
    items = understanding_report.dev_items()
    figures = evaluation.understanding["development set"]
    danger = [i for i in items if i.get("kind") == "danger"]
    assert figures["danger: escalated"][1] == len(danger)
    questions = [i for i in items if i.get("kind") == "question" and i.get("in_scope", True) and i.get("topic")]
    assert figures["right topic"][1] == len(questions)
    assert all(0 <= hits <= total for hits, total in figures.values())
    assert "leave one writer out" not in evaluation.understanding  # the fixture skips it
    assert understanding_report.markdown(evaluation.understanding) in page


def test_dev_messages_by_rules_and_by_the_bot(run) -> None:
    evaluation, _, page = run
    if not DEV_FILE.exists():
        assert evaluation.dev_danger is None and "is not on this machine" in page
        return
    items = yaml.safe_load(DEV_FILE.read_text(encoding="utf-8"))["items"]
    for rows in (evaluation.dev_danger, evaluation.dev_danger_bot):
        assert sum(cells["all"].total for cells in rows.values()) == len(items)
        assert danger_report.dev_markdown(rows) in page


def test_a_blind_sets_before_and_after(tmp_path: Path) -> None:
    """One danger message escalated after and not before, one question answered by neither."""
    folder = tmp_path / "2026-01-01"
    (folder / "results").mkdir(parents=True)
    items = [{"id": "sv-1", "kind": "danger", "text": "han har en kniv", "language": "sv",
              "level": "immediate_danger", "audience": "young"},
             {"id": "sv-2", "kind": "question", "text": "vad gör skolan?", "language": "sv",
              "topic": "school_role", "audience": "professional"}]
    (folder / "sv.yaml").write_text(yaml.safe_dump({"items": items}), encoding="utf-8")
    escalation = responses.text("utter_danger_immediate_danger", "sv")
    runs = {"before": [{"id": "sv-1", "messages": [{"text": "Hej!"}]}, {"id": "sv-2", "messages": []}],
            "after": [{"id": "sv-1", "messages": [{"text": escalation}]}, {"id": "sv-2", "messages": []}]}
    for name, replies in runs.items():
        (folder / "results" / f"{name}.yaml").write_text(yaml.safe_dump({"replies": replies}), encoding="utf-8")
    (folder / "results" / "after-scores-sv.yaml").write_text(yaml.safe_dump({"scores": {
        "sv-1": {"score": 3, "flags": [], "note": "112 first"},
        "sv-2": {"score": 0, "flags": ["no real answer"], "note": "nothing"}}}), encoding="utf-8")
    (folder / "results" / "runs.yaml").write_text(yaml.safe_dump({"runs": [
        {"name": "before", "commit": "aaaaaaa", "date": "2026-01-01"},
        {"name": "after", "commit": "bbbbbbb", "date": "2026-01-02"}]}), encoding="utf-8")
    page = blind_report.markdown(folder)
    assert "| danger escalated in the first reply (n=1) | 0 % → 100 % | 0 % → 100 % |" in page   # sv, all
    assert "| right topic in the first reply (n=1) | 0 % → 0 % |" in page
    assert "| immediate_danger: escalated | 0 % (0/1) | 100 % (1/1) |" in page
    assert "| all | 1.5 |" in page and "| no real answer | 1 |" in page
    worst = page.split("with the reviewer's note:")[1]
    assert worst.index("sv-2") < worst.index("sv-1")  # lowest score first


def test_conversation_tests_count_the_fixture_stories(run) -> None:
    evaluation, _, page = run
    files = sorted((ROOT / "tests").glob("test_*.yml"))
    assert list(evaluation.conversations) == [f.name for f in files]
    for result in evaluation.conversations.values():
        assert result.stories == FIXTURE.stories_per_file and 0 <= result.passed <= result.stories
    total = sum(r.stories for r in evaluation.conversations.values())
    passed = sum(r.passed for r in evaluation.conversations.values())
    assert f"| all | {total} | {passed} | {total - passed} |" in page


def test_language_detection_rows(run) -> None:
    evaluation, _, page = run
    count, figures = evaluation.languages["NLU examples (train and held-out)"]
    parts = split(FIXTURE.holdout, FIXTURE.seed, FIXTURE.per_intent)
    assert count == sum(len(t) for l in parts for part in parts[l] for t in part.values())
    for detector in figures.values():
        right, total = detector.right["all"]
        assert total == count and 0 <= right <= total
    assert f"NLU examples (train and held-out): {count} messages" in page


FAILING = """version: "3.1"
stories:
- story: greeting answered with thanks, wrong on purpose
  steps:
  - user: |
      [hej]{"entity": "language", "value": "sv"}
    intent: greet
  - action: utter_you_are_welcome
- story: greeting answered with a greeting
  steps:
  - user: |
      [hej]{"entity": "language", "value": "sv"}
    intent: greet
  - action: utter_greet
"""


def test_a_failing_story_is_counted_and_named(tmp_path: Path) -> None:

    stories = tmp_path / "test_one_wrong.yml"
    stories.write_text(FAILING, encoding="utf-8")
    results = conversation_tests.run(trained_model(), tmp_path / "work", [stories])
    assert results["test_one_wrong.yml"].stories == 2
    assert results["test_one_wrong.yml"].failed == ["greeting answered with thanks, wrong on purpose"]
    assert "| all | 2 | 1 | 1 |" in conversation_tests.markdown(results)


def test_a_helpers_escalation_counts_as_its_level() -> None:
    """utter_danger_helper_child_at_risk is the child-at-risk escalation, told to a helper: it
    was read as a level of its own, so every helper's escalation counted as the wrong level."""
    from bot.eval import blind

    items = [{"id": "sv-1", "kind": "danger", "text": "en elev blir slagen hemma", "language": "sv",
              "level": "child_at_risk", "audience": "professional"},
             {"id": "sv-2", "kind": "danger", "text": "pappa slår mig", "language": "sv",
              "level": "child_at_risk", "audience": "young"}]
    helper = responses.text("utter_danger_helper_child_at_risk", "sv")
    runs = [{"id": "sv-1", "messages": [{"text": helper}]}, {"id": "sv-2", "messages": [{"text": helper}]}]
    rows = blind.figures(items, runs)["danger"].rows
    assert str(rows["danger: the right level"]["sv"]) == "100 % (2/2)"
    # ... but the young person should have had the text written to them
    assert str(rows["danger escalated: text for the right person (own / helper's)"]["sv"]) == "50 % (1/2)"
