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
])
def test_malformed_requests_get_a_reason(body, reason) -> None:
    assert problem(body).startswith(reason)


@pytest.mark.parametrize("body", [
    {"sender": "a", "message": "hej"},
    {"sender": "a", "message": ""},          # empty text: Rasa answers it like any other
    {"sender": "a", "message": "hej", "metadata": None},
    {"sender": "x" * MAX_SENDER_CHARS, "message": "hej", "metadata": {"language": "sv"}},
])
def test_well_formed_requests_pass(body) -> None:
    assert problem(body) is None


def test_only_the_metadata_the_pipeline_reads_is_kept() -> None:
    body = {"metadata": {"language": "sv", "country": "SE", "audience": "young",
                         "name": "Amina", "phone": "secret", "language_list": ["sv"]}}
    assert kept_metadata(body) == {"language": "sv", "country": "SE", "audience": "young"}
    assert kept_metadata({"metadata": {"language": ["sv"]}}) == {}
    assert kept_metadata({}) == {}
