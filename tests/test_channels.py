"""The checked REST channel's rules (bot/channels/requests.py), without Rasa."""
import pytest

from bot.channels.requests import MAX_SENDER_CHARS, kept_metadata, problem


@pytest.mark.parametrize("body, reason", [
    (None, "expected an object"),
    ([{"sender": "a", "message": "hej"}], "expected an object"),
    ("hej", "expected an object"),
    ({"message": "hej"}, "sender must be"),
    ({"sender": "", "message": "hej"}, "sender must be"),
    ({"sender": "   ", "message": "hej"}, "sender must be"),
    ({"sender": ["a"], "message": "hej"}, "sender must be"),
    ({"sender": "x" * (MAX_SENDER_CHARS + 1), "message": "hej"}, "sender must be"),
    ({"sender": "a"}, "message must be a string"),
    ({"sender": "a", "message": 5}, "message must be a string"),
    ({"sender": "a", "message": {"$gt": ""}}, "message must be a string"),
    ({"sender": "a", "message": "hej", "metadata": "sv"}, "metadata must be an object"),
    ({"sender": "a", "message": "hej", "metadata": ["sv"]}, "metadata must be an object"),
    # Every field Rasa stores: text it can store, from the vocabulary the pipeline reads.
    ({"sender": "x\ud800", "message": "hej"}, "sender must be printable"),
    ({"sender": "' OR '1'='1' --", "message": "hej"}, "sender must be printable"),
    ({"sender": "a\x00b", "message": "hej"}, "sender must be printable"),
    ({"sender": "a", "message": "hej \udfff"}, "message must be valid text"),
    ({"sender": "a", "message": "x" * 20_001}, "message must be at most"),
    ({"sender": "a", "message": "hej", "metadata": {"language": ["sv"]}}, "metadata language"),
    ({"sender": "a", "message": "hej", "metadata": {"language": "de"}}, "metadata language"),
    ({"sender": "a", "message": "hej", "metadata": {"audience": "Amina 0701234584"}}, "metadata audience"),
    ({"sender": "a", "message": "hej", "metadata": {"country": "<script>"}}, "metadata country"),
    ({"sender": "a", "message": '/inform_country{"country": "Amina 0701234584"}'}, "entity country"),
    ({"sender": "a", "message": '/greet{"name": "Amina"}'}, "a typed intent may carry only"),
    ({"sender": "a", "message": '/greet{"language": "sv"'}, "a typed intent's entities"),
    ({"sender": "a", "message": '/greet["sv"]'}, None),   # not entities at all: Rasa reads it as text
])
def test_malformed_requests_get_a_reason(body, reason) -> None:
    if reason is None:
        assert problem(body) is None
    else:
        assert problem(body).startswith(reason)


@pytest.mark.parametrize("body", [
    {"sender": "a", "message": "hej"},
    {"sender": "a", "message": ""},          # empty text: Rasa answers it like any other
    {"sender": "a", "message": "hej", "metadata": None},
    {"sender": "x" * MAX_SENDER_CHARS, "message": "hej", "metadata": {"language": "sv"}},
    {"sender": "a", "message": '/inform_country{"country": "NO"}', "metadata": {"audience": "young"}},
    {"sender": "a", "message": "سلام، حالت چطوره؟ \u202e 😢👨\u200d👩\u200d👧"},
])
def test_well_formed_requests_pass(body) -> None:
    assert problem(body) is None


def test_only_the_metadata_the_pipeline_reads_is_kept() -> None:
    body = {"metadata": {"language": "sv", "country": "SE", "audience": "young",
                         "name": "Amina", "phone": "secret", "language_list": ["sv"]}}
    assert problem({"sender": "a", "message": "hej", **body}) is None
    assert kept_metadata(body) == {"language": "sv", "country": "SE", "audience": "young"}
    assert kept_metadata({"metadata": {"language": None}}) == {}
    assert kept_metadata({}) == {}
