"""POST /api/rate: thumbs up / down counted per day in the operator figures, and nothing else.

Rasa is down here (nothing listens on its port), so no answer is ever delivered; `answered` gives a
conversation the answers Rasa would have given. tests/browser rates a real answer end to end.
"""
import datetime
import logging
import re
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from bot.web.app import CONVERSATIONS, create_app


@pytest.fixture
def operator_db(tmp_path) -> Path:
    return tmp_path / "operator.db"


@pytest.fixture
async def client(aiohttp_client, settings, operator_db):
    return await aiohttp_client(create_app(replace(settings, operator_db_url=f"sqlite:///{operator_db}")))


def answered(client, conversation: str, answers: int = 1) -> None:
    """As if Rasa had answered `answers` messages of the conversation."""
    client.server.app[CONVERSATIONS].get(conversation).answers += answers


async def rate(client, conversation, rating):
    return await client.post("/api/rate", json={"conversation_id": conversation, "rating": rating})


def utc_today() -> str:
    return datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def figures(db: Path) -> list[tuple]:
    if not db.exists():
        return []
    with closing(sqlite3.connect(db)) as con:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'figures_daily'").fetchone():
            return []
        return con.execute("SELECT day, metric, key, count FROM figures_daily ORDER BY key").fetchall()


async def test_up_and_down_are_counted_for_today(client, conversation, operator_db) -> None:
    answered(client, conversation, 3)
    for rating in ("up", "down", "up"):
        response = await rate(client, conversation, rating)
        assert response.status == 204
        assert await response.read() == b""
    today = utc_today()
    assert figures(operator_db) == [(today, "rating", "down", 1), (today, "rating", "up", 2)]


async def test_nothing_but_day_metric_key_and_count_is_stored(client, conversation, operator_db) -> None:
    answered(client, conversation)
    assert (await rate(client, conversation, "down")).status == 204
    with closing(sqlite3.connect(operator_db)) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
    assert {t: r for t, r in rows.items() if r and t != "figures_daily"} == {}, "written elsewhere"
    assert figures(operator_db) == [(utc_today(), "rating", "down", 1)]
    raw = operator_db.read_bytes()
    assert conversation.encode() not in raw
    assert conversation[:12].encode() not in raw


async def test_a_conversation_cannot_rate_more_answers_than_it_got(client, conversation, operator_db) -> None:
    # Rasa is down: the message gets the gateway's own answer, which is not a rateable answer.
    await client.post("/api/message", json={"conversation_id": conversation, "text": "hej"})
    assert (await rate(client, conversation, "up")).status == 204
    assert figures(operator_db) == []
    answered(client, conversation, 2)
    statuses = [(await rate(client, conversation, "up")).status for _ in range(3)]  # within the rate limit
    assert statuses == [204] * 3, "the page must never see an error for a rating"
    assert [row[2:] for row in figures(operator_db)] == [("up", 2)]


@pytest.mark.parametrize("conversation_id", ["forged", "", None, 123, ["x"]])
async def test_forged_or_missing_conversation_is_refused(client, conversation_id, operator_db) -> None:
    assert (await rate(client, conversation_id, "up")).status == 401
    assert (await client.post("/api/rate", json={"rating": "up"})).status == 401
    assert figures(operator_db) == []


async def test_a_forgotten_conversation_cannot_rate(client, conversation, operator_db) -> None:
    answered(client, conversation)
    assert (await client.post("/api/forget", json={"conversation_id": conversation})).status == 204
    assert (await rate(client, conversation, "up")).status == 401
    assert figures(operator_db) == []


@pytest.mark.parametrize("rating", ["UP", "good", "", None, 1, True, ["up"], {"up": 1}])
async def test_anything_but_up_or_down_is_a_400(client, conversation, rating, operator_db) -> None:
    answered(client, conversation)
    assert (await rate(client, conversation, rating)).status == 400
    assert (await client.post("/api/rate", json={"conversation_id": conversation})).status == 400
    assert figures(operator_db) == []


@pytest.mark.parametrize("body", [b"not json", b"[1,2]", b"\xff\xfe", b'"up"'])
async def test_bad_json_is_a_clean_400(client, body) -> None:
    response = await client.post("/api/rate", data=body, headers={"Content-Type": "application/json"})
    assert response.status == 400


async def test_ratings_count_against_the_rate_limit(client, conversation) -> None:
    answered(client, conversation, 10)
    statuses = [(await rate(client, conversation, "up")).status for _ in range(7)]
    assert statuses[:5] == [204] * 5 and set(statuses[5:]) == {429}     # 5 per window here
    message = await client.post("/api/message", json={"conversation_id": conversation, "text": "hej"})
    assert message.status == 429


@pytest.mark.parametrize("url", [
    "sqlite:///{tmp}/a-file/operator.db",                             # a folder that cannot be made
    "postgresql+psycopg2://postgres@127.0.0.1:1/nothing",             # nothing listens on port 1
], ids=["sqlite-unwritable", "postgres-refused"])
async def test_database_unreachable_still_answers_204(aiohttp_client, settings, tmp_path, url, caplog) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    url = url.format(tmp=tmp_path)
    client = await aiohttp_client(create_app(replace(settings, operator_db_url=url)))
    conversation = (await (await client.post("/api/session")).json())["conversation_id"]
    answered(client, conversation)
    with caplog.at_level(logging.INFO, logger="stodlotsen.web"):
        response = await rate(client, conversation, "up")
    assert response.status == 204
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and re.fullmatch(r"could not count a rating \(\w+\)", warnings[0]), warnings
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert conversation not in logged and "a-file" not in logged and "postgres" not in logged


async def test_no_operator_database_configured_is_not_an_error(aiohttp_client, settings) -> None:
    client = await aiohttp_client(create_app(replace(settings, operator_db_url="")))
    conversation = (await (await client.post("/api/session")).json())["conversation_id"]
    answered(client, conversation)
    assert (await rate(client, conversation, "up")).status == 204
