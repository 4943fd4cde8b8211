"""The escalation languages (Arabic, Somali, Persian/Dari, Tigrinya, Sorani) and easy Swedish,
without Rasa: which language a message is in, danger in it, the intent the dialogue gets, the
page's buttons in such a conversation, the gateway's own answer, and easy articles.

The messages here are written for these tests; the figures on unseen messages come from the
blind set (README, "Escalation languages")."""
from __future__ import annotations

import datetime as dt

import pytest

from bot import responses
from bot.channels.requests import with_page_context
from bot.knowledge.answers import Situation, topic_answer
from bot.knowledge.db import KnowledgeBase, load
from bot.language import detect_language
from bot.language.community import community_language
from bot.languages import content_language, escalation_languages, full_languages
from bot.paths import KNOWLEDGE
from bot.safety import assess
from bot.understanding import corpus
from bot.understanding.read import Context, read
from bot.understanding.route import intent_for
from bot.web.fallback import fallback_messages

WRITTEN_IN = [
    ("ar", "مرحبا، هل يمكنني التحدث مع أحد؟"),
    ("ar", "ابوي قال راح يزوجني غصب"),
    ("fa", "سلام، من کمک می‌خواهم"),
    ("fa", "پدرم گفت باید ازدواج کنم"),
    ("ckb", "سڵاو، من یارمەتیم دەوێت"),
    ("ti", "ሰላም፣ ሓገዝ የድልየኒ ኣሎ"),
    ("so", "waxaan u baahanahay caawimaad"),
    ("so", "aabahay wuxuu igu qasbayaa guur"),
]


@pytest.mark.parametrize("language, text", WRITTEN_IN)
def test_the_language_of_a_message_in_an_escalation_language(language: str, text: str) -> None:
    assert community_language(text) == language
    assert detect_language(text, prior="sv").code == language


def test_no_swedish_norwegian_or_english_training_message_is_taken_for_another_language() -> None:
    taken = [e.text for e in corpus.examples() if e.language in full_languages() and community_language(e.text)]
    assert taken == []


def test_a_language_chosen_on_the_page_holds_for_a_word_but_not_for_a_whole_swedish_message() -> None:
    assert detect_language("ok", prior="so").code == "so"
    assert detect_language("jag vill hellre skriva på svenska nu", prior="so").code == "sv"


@pytest.mark.parametrize("language, text, level", [
    ("ar", "ابي يريد يقتلني الان", "immediate_danger"),
    ("so", "aabahay wuu i dilayaa hadda", "immediate_danger"),
    ("fa", "می‌خواهم خودکشی کنم", "self_harm"),
])
def test_danger_in_an_escalation_language_escalates_in_it(language: str, text: str, level: str) -> None:
    assert level in {l.value for l in assess(text).levels}
    reading = read(text, Context(language=language))
    assert reading.escalation_language and reading.danger.level == level
    assert intent_for(reading, "greet", 0.9, text) == f"danger_{level}"


@pytest.mark.parametrize("language, text", [(l, t) for l, t in WRITTEN_IN if "?" in t or "کمک" in t or "ሓገዝ" in t])
def test_anything_else_in_an_escalation_language_gets_the_way_to_help(language: str, text: str) -> None:
    reading = read(text, Context(language=language))
    assert not reading.danger.escalate and not reading.danger.check
    assert intent_for(reading, "topic_find_help", 0.9, text) == "other_language"


def test_a_button_in_such_a_conversation_is_answered_in_the_content_fallback_language() -> None:
    assert content_language("ar") in full_languages() and content_language("nb") == "nb"
    fallback = content_language("ar")
    assert with_page_context("/topic_fgm", {"language": "ar"}) == f'/topic_fgm{{"language": "{fallback}"}}'
    assert with_page_context("/other_language", {"language": "ar"}) == '/other_language{"language": "ar"}'
    assert with_page_context('/greet{"language": "sv"}', {"language": "ti"}) == '/greet{"language": "sv"}'
    assert with_page_context("/danger_self_harm", {"language": "so"}) == '/danger_self_harm{"language": "so"}'


@pytest.mark.parametrize("language", escalation_languages())
def test_the_gateway_answers_in_the_persons_language_when_rasa_is_down(language: str) -> None:
    text = {"ar": "ابي يريد يقتلني الان", "so": "aabahay wuu i dilayaa hadda"}.get(language)
    if text is None:
        greeting = {"ti": "ሰላም", "fa": "سلام، چطوری؟", "ckb": "سڵاو"}[language]
        said = fallback_messages(greeting, language, None)
        assert said == [responses.text("utter_service_unavailable", language)]
        return
    said = fallback_messages(text, "sv", "SE")
    assert said[0] == responses.text("utter_danger_immediate_danger", language)
    assert said[-1] == responses.text("utter_service_unavailable", language)


# ------------------------------------------------------------------ easy Swedish

@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    load(KNOWLEDGE, url)
    return KnowledgeBase(url)


def test_easy_swedish_gets_the_articles_easy_text(kb: KnowledgeBase) -> None:
    now = dt.datetime(2026, 12, 7, 10, tzinfo=dt.timezone.utc)
    article = kb.article("fgm", "young", "sv")
    assert article is not None and article.easy
    plain = topic_answer(kb, "fgm", Situation("sv", now, audience="young"), "young")
    easy = topic_answer(kb, "fgm", Situation("sv", now, audience="young", register="easy"), "young")
    assert plain.text.startswith(article.text) and easy.text.startswith(article.easy)
    # the contacts are the same, and an article without an easy text stays as it is
    assert plain.text.split("\n\n")[1] == easy.text.split("\n\n")[1]
    adult = topic_answer(kb, "fgm", Situation("sv", now, audience="adult", register="easy"), "adult")
    assert adult.text.startswith(kb.article("fgm", "adult", "sv").text)


def test_no_escalation_language_rule_fires_on_swedish_norwegian_or_english() -> None:
    """Every rule runs on every message: the Somali ones (Latin letters) must never fire on
    the Swedish, Norwegian and English training messages, danger or not."""
    from bot.safety import community

    fired = [(e.text, community.find(e.text)) for e in corpus.examples() if e.language in full_languages()]
    assert [f for f in fired if f[1]] == []
