"""How a free-text question is answered once it has been read (bot/knowledge/answers.py): the
topic's article for who is asking, the question who is asking, or a clarifying question. The
readings are written by hand here, so these tests need no trained model."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.knowledge.answers import Situation, labels, question_answer
from bot.knowledge.db import KnowledgeBase, load
from bot.paths import KNOWLEDGE

NOW = dt.datetime(2026, 12, 7, 10, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    load(KNOWLEDGE, url)
    return KnowledgeBase(url)


def reading(audience: str | None, explicit: bool = False, topics=(("forced_marriage", 0.8),
                                                                   ("honour_violence", 0.1))) -> dict:
    return {"audience": {"value": audience, "explicit": explicit, "confidence": 0.6},
            "topics": [list(t) for t in topics]}


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_an_audience_said_outright_gets_its_article_without_asking_again(kb: KnowledgeBase, language: str) -> None:
    answer = question_answer(kb, reading("professional", explicit=True), Situation(language, NOW))
    assert answer.kind == "article" and answer.audience == "professional" and answer.topic == "forced_marriage"
    assert labels()[language]["ask_role"] not in answer.text


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_a_guessed_audience_gets_its_article_and_the_offer_to_fit_it(kb: KnowledgeBase, language: str) -> None:
    answer = question_answer(kb, reading("relative"), Situation(language, NOW))
    assert answer.kind == "article" and answer.audience == "relative"
    assert answer.text.endswith(labels()[language]["ask_role"])


def test_the_conversations_audience_is_not_a_guess(kb: KnowledgeBase) -> None:
    answer = question_answer(kb, reading("relative"), Situation("sv", NOW, audience="relative"))
    assert answer.audience == "relative" and labels()["sv"]["ask_role"] not in answer.text


def test_an_unknown_audience_gets_an_answer_and_the_question_who_asks_once(kb: KnowledgeBase) -> None:
    """Answer first, then ask (the blind reviewers scored the question alone "no real answer")."""
    first = question_answer(kb, reading(None), Situation("sv", NOW))
    assert first.kind == "article" and first.topic == "forced_marriage" and first.audience == "young"
    assert first.asks_audience and len(first.buttons) == 4 and first.contacts
    assert first.text.endswith(labels()["sv"]["ask_audience"])
    later = question_answer(kb, reading(None), Situation("sv", NOW, asked_audience=True))
    assert later.kind == "article" and not later.asks_audience and not later.buttons
    assert later.text.endswith(labels()["sv"]["ask_role"])


def test_an_unknown_audience_is_written_for_the_likeliest_reader(kb: KnowledgeBase) -> None:
    unsure = reading(None)
    unsure["audience"]["likely"] = "adult"
    answer = question_answer(kb, unsure, Situation("nb", NOW))
    assert answer.audience == "adult" and answer.asks_audience


def test_after_the_safety_check_nobody_is_asked_who_asks(kb: KnowledgeBase) -> None:
    answer = question_answer(kb, reading(None), Situation("en", NOW, after_safety_check=True))
    assert answer.kind == "article" and not answer.buttons and not answer.asks_audience


def test_two_weak_close_topics_get_one_clarifying_question(kb: KnowledgeBase) -> None:
    answer = question_answer(kb, reading("young", topics=(("forced_marriage", 0.25), ("abroad_before_trip", 0.22),
                                                          ("fgm", 0.05))), Situation("sv", NOW))
    assert answer.kind == "clarify"
    assert [payload for _, payload in answer.buttons] == ["/topic_forced_marriage", "/topic_abroad"]


def test_the_likelier_of_two_close_topics_is_answered_with_the_other_as_a_button(kb: KnowledgeBase) -> None:
    answer = question_answer(kb, reading(None, topics=(("forced_marriage", 0.35), ("abroad_before_trip", 0.33),
                                                       ("fgm", 0.05))), Situation("sv", NOW))
    assert answer.kind == "article" and answer.topic == "forced_marriage"
    assert [payload for _, payload in answer.buttons] == ["/topic_abroad"] and not answer.asks_audience
    assert answer.text.endswith(labels()["sv"]["clarify_others"])


def test_an_item_says_which_question_it_answers(kb: KnowledgeBase) -> None:
    """Items open with a bare "Nei." or "Yes." and are matched to questions worded otherwise:
    the reply begins with the item's own question."""
    from bot.knowledge.answers import item_answer

    item = kb.item("no.professional.taushetsplikt_opplysningsplikt")
    assert item is not None and item.text("nb").startswith("Nei.")
    answer = item_answer(kb, item, Situation("nb", NOW))
    assert answer.text.startswith(item.title["nb"] + "\nNei.")
