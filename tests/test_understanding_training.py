"""Training the understanding models (bot/understanding/train.py) without reading any trained model."""
from __future__ import annotations

from sklearn.feature_extraction import DictVectorizer

from bot.understanding.corpus import Example
from bot.understanding.features import features
from bot.understanding.train import ITEM_TASK, MIN_DF, _matrix, fit, item_groups

TEXTS = ["min pappa tog mitt pass", "pappa tog passet igår", "jeg er redd for sommerferien",
         "I am scared of the summer trip", "min mamma läser mina sms", "sommerferien i Pakistan"]


def test_the_matrix_is_the_one_scikit_learns_vectorizer_builds() -> None:
    rows = [features(t) for t in TEXTS]
    x, names = _matrix(rows)
    counts: dict[str, int] = {}
    for row in rows:
        for f in row:
            counts[f] = counts.get(f, 0) + 1
    expected = DictVectorizer().fit([{f: 1 for f in row if counts[f] >= MIN_DF} for row in rows])
    assert names == list(expected.feature_names_)
    assert (x != expected.transform([{f: 1 for f in row} for row in rows])).nnz == 0


def test_a_sampled_question_nearly_an_items_own_is_not_taught_as_none() -> None:
    own = "hva skjer med oppholdstillatelsen min hvis jeg skiller meg fra mannen min"
    item = [Example(own, "nb", "knowledge/items", item="no.adult.residence_permit_violence")]
    others = [Example(own + " nå", "nb", "corpus/x", topic="protection", danger="none"),
              Example("hvordan sender jeg en bekymringsmelding", "nb", "corpus/x", topic="social_services", danger="none")]
    groups = item_groups(item + others)
    assert [e.text for e in groups["item-NO-adult"] if e.item == "none"] == ["hvordan sender jeg en bekymringsmelding"]


def test_a_fitted_item_model_names_its_items_and_none() -> None:
    examples = [Example(t, "sv", "knowledge/items", item="se.adult.a" if i % 2 else "none") for i, t in enumerate(TEXTS * 2)]
    model = fit(ITEM_TASK, examples)
    assert set(model.classes) == {"none", "se.adult.a"}
    assert model.weights


def test_an_items_own_title_and_answer_train_its_model_but_not_the_others() -> None:
    from bot.understanding import corpus

    own = [e for e in corpus.item_texts() if e.item == "no.adult.vo_linjen"]
    texts = {e.text for e in own}
    assert {"Hva er VO-linjen?", "What is VO-linjen in Norway?"} <= texts
    assert any(t.startswith("Vold- og overgrepslinjen (VO-linjen) er en nasjonal hjelpelinje") for t in texts)
    assert all(e.audience == "adult" and e.topic == "close_violence" for e in own)
    assert not {e.text for e in corpus.examples()} & texts - {"Hva er VO-linjen?", "What is VO-linjen in Norway?",
                                                             "Vad är VO-linjen i Norge?"}   # titles are also examples
    assert texts <= {e.text for e in item_groups([], own)["item-NO-adult"]}


def test_the_held_out_split_holds_every_fifth_of_each_item_and_of_the_other_questions() -> None:
    from bot.eval.held_out_items import split

    examples = [Example(f"q{i}", "sv", "knowledge/items", item="se.adult.a") for i in range(10)]
    examples += [Example(f"o{i}", "sv", "corpus/x", topic="fgm", danger="none") for i in range(5)]
    kept, held = split(examples)
    assert [e.text for e in held] == ["q4", "q9", "o4"]
    assert len(kept) == 12 and not set(kept) & set(held)
