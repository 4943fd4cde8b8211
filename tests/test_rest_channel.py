"""Against a real Rasa server and action server, over the REST channel."""
import uuid

import pytest

from bot import responses
from bot.eval.rest import send
from bot.knowledge.answers import labels
from bot.safety import DangerLevel, escalation_text


def talk(servers, text: str, sender: str = "", metadata=None) -> list[str]:
    replies = send(servers.rest_url, sender or f"t-{uuid.uuid4().hex}", text, metadata)
    # (the knowledge action's account of what it answered comes as a message without text)
    return [r["text"] for r in replies if "text" in r]


@pytest.mark.parametrize("greeting, language", [("hej", "sv"), ("hei hei", "nb"), ("hello", "en")])
def test_greeting_answered_in_its_language(servers, greeting: str, language: str) -> None:
    assert talk(servers, greeting) == [responses.text("utter_greet", language)]


@pytest.mark.parametrize(
    "text, language, level",
    [
        ("he is going to kill me", "en", DangerLevel.IMMEDIATE_DANGER),
        ("jag vill dö", "sv", DangerLevel.SELF_HARM),
        ("de tar mig till flygplatsen i morgon", "sv", DangerLevel.IMMEDIATE_DANGER),
        ("jeg vil ikke leve mer", "nb", DangerLevel.SELF_HARM),
    ],
)
def test_danger_leads_with_the_emergency_step(servers, text, language, level) -> None:
    assert talk(servers, text)[0] == escalation_text(level, language, None)


def test_country_named_earlier_picks_that_countrys_numbers(servers) -> None:
    sender = f"t-{uuid.uuid4().hex}"
    talk(servers, "jeg bor i Norge", sender)
    assert talk(servers, "jeg vil ikke leve mer", sender)[0] == escalation_text(
        DangerLevel.SELF_HARM, "nb", "NO"
    )


def test_conversation_goes_on_after_escalation(servers) -> None:
    sender = f"t-{uuid.uuid4().hex}"
    talk(servers, "he is going to kill me", sender)
    reply = talk(servers, "who can i call for help", sender)
    assert reply and reply[0].startswith(labels()["en"]["contacts_heading"])


def test_page_language_is_the_prior_for_a_short_message(servers) -> None:
    for language in ("sv", "nb", "en"):
        reply = talk(servers, "ok", metadata={"language": language})[0]
        assert responses.identify(reply)[1]["language"] == language


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "asdfgh qwerty zxcv", "<script>alert(1)</script>"])
def test_empty_and_nonsense_do_not_crash(servers, text: str) -> None:
    replies = talk(servers, text)
    assert replies and all(r.strip() for r in replies)


def test_danger_answer_does_not_need_the_action_server(servers) -> None:
    """Fault: the action server is stopped for real; the escalation text stays the same."""
    servers.stop_actions()
    try:
        assert talk(servers, "jag vill dö")[0] == escalation_text(DangerLevel.SELF_HARM, "sv", None)
        assert talk(servers, "hello") == [responses.text("utter_greet", "en")]
    finally:
        servers.start_actions()


@pytest.mark.parametrize(
    "audience, language, question, topic",
    [
        ("young", "sv", "vad räknas som tvångsäktenskap?", "forced_marriage"),
        ("adult", "nb", "hvordan får jeg sperret adresse", "protection"),
        ("relative", "en", "my friend is scared her parents will take her abroad this summer", None),
        ("professional", "sv", "hur gör jag en orosanmälan om en elev", "social_services"),
    ],
)
def test_each_audience_gets_an_article_with_sourced_contacts(servers, audience, language, question, topic) -> None:
    """The topic's article for the audience, or one of its specific question-and-answer items."""
    from bot.knowledge.files import read_articles, read_contacts, read_items
    from bot.paths import KNOWLEDGE
    from bot.phone import canonical, find_numbers

    sender = f"t-{uuid.uuid4().hex}"
    talk(servers, f"/self_{audience}", sender, metadata={"language": language})
    reply = "\n".join(talk(servers, question, sender, metadata={"language": language}))
    if topic:
        article = next(a for a in read_articles(KNOWLEDGE)
                       if a.topic == topic and a.audience == audience and a.language == language)
        items = [i for i in read_items(KNOWLEDGE) if i.topic == topic and i.audience == audience]
        answered = next((x for x in [article, *items] if reply.startswith(
            x.text if x is article else x.shown(language))), None)
        assert answered is not None, reply
    sourced = {canonical(p): c for c in read_contacts(KNOWLEDGE) for p in c.phone if c.sources}
    numbers = [canonical(n) for n in find_numbers(reply)]
    assert numbers and all(n in sourced for n in numbers), reply
    if topic:
        source_reply = "\n".join(talk(servers, "var kommer det här ifrån?" if language == "sv" else
                                      "hvor kommer dette fra?" if language == "nb" else
                                      "where does this come from?", sender))
        assert answered.sources[0].title in source_reply and answered.reviewed in source_reply
