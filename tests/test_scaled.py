"""The scaled set-up for real: two Rasa processes, one PostgreSQL tracker store (the machine's),
one Redis lock store; plus a Redis of our own that is stopped mid-conversation.

Skips with a reason where the machine has no PostgreSQL or Redis; the rest of the suite runs.
"""
import concurrent.futures
import os
import uuid

import pytest
import sqlalchemy as sa

from bot import responses
from bot.eval.rest import send
from bot.safety import DangerLevel, escalation_text
from bot.web.rasa_client import RasaClient
from conftest import ROOT, Gateway, Servers, trained_model
from helpers import MACHINE_REDIS, machine_redis
from own_services import OwnRedis

PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = MACHINE_REDIS
DB = "stodlotsen_scaled_test"


def _require_services() -> None:
    try:
        sa.create_engine(PG_URL).connect().close()
    except Exception as error:
        pytest.skip(f"no PostgreSQL at {PG_URL.split('@')[-1]}: {type(error).__name__}")
    machine_redis()


def _tracker_store() -> dict:
    host_port = PG_URL.split("@")[-1].split("/")[0]
    host, port = host_port.split(":")
    return {"type": "bot.stores.redacting.RedactingSQLTrackerStore", "dialect": "postgresql",
            "url": host, "port": int(port), "db": DB, "login_db": "postgres", "username": "postgres"}


def _lock_store(port: int, db: int) -> dict:
    return {"type": "bot.stores.locks.AtomicRedisLockStore", "url": REDIS[0], "port": port, "db": db, "key_prefix": f"t{uuid.uuid4().hex[:6]}"}


def _scaled_env() -> dict:
    """endpoints.scaled.yml's variables for the machine's PostgreSQL and Redis (db 2)."""
    host_port = PG_URL.split("@")[-1].split("/")[0]
    host, port = host_port.split(":")
    return {"PG_HOST": host, "PG_PORT": port, "PG_DB": DB, "PG_USER": "postgres",
            "REDIS_HOST": REDIS[0], "REDIS_PORT": str(REDIS[1]), "REDIS_DB": "2"}


def test_scaled_endpoints_are_filled_from_the_environment(monkeypatch) -> None:
    # Rasa fills ${...} only in unquoted values; a quoted one reached PostgreSQL as "${pg_host}".
    from rasa.core.utils import read_endpoints_from_path
    for name, value in {**_scaled_env(), "ACTION_PORT": "5055", "ACTION_SERVER_TOKEN": "t"}.items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(str(ROOT / "endpoints.scaled.yml"))
    for config in (endpoints.action, endpoints.tracker_store, endpoints.lock_store, endpoints.event_broker):
        assert "${" not in repr((config.url, config.kwargs)), config.type


@pytest.fixture(scope="module")
def two_rasas(tmp_path_factory):
    """Two Rasa processes on the shipped endpoints.scaled.yml, sharing one action server."""
    _require_services()
    model = trained_model()
    work = tmp_path_factory.mktemp("scaled")
    a = Servers(model=model, workdir=work / "a", scaled_env=_scaled_env())
    b = Servers(model=model, workdir=work / "b", scaled_env=_scaled_env(), action_port=a.action_port,
                operator_db_url=f"sqlite:///{work / 'a' / 'operator.db'}")
    for s in (a, b):
        s.workdir.mkdir()
    try:
        a.start()
        b.start_rasa()  # shares a's action server
        yield a, b
    finally:
        b.stop()
        a.stop()



def test_conversation_moves_between_processes_and_keeps_its_state(two_rasas) -> None:
    a, b = two_rasas
    sender = f"t-{uuid.uuid4().hex}"
    assert a.texts(sender, "hej") == [responses.text("utter_greet", "sv")]
    # The rule "safe to chat → ask who you are" needs the greeting that process A said
    # (the button's payload, so that only the carried-over state decides the answer).
    assert b.texts(sender, "/affirm") == [responses.text("utter_ask_audience", "sv")]


@pytest.mark.parametrize("attempt", range(5))
def test_two_messages_at_once_keep_their_order(two_rasas, attempt) -> None:
    a, b = two_rasas
    sender = f"t-{uuid.uuid4().hex}"
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda args: send(*args), [(a.rest_url, sender, "hej"), (b.rest_url, sender, "tack")]))
    engine = sa.create_engine(PG_URL.rsplit("/", 1)[0] + f"/{DB}")
    with engine.connect() as conn:
        kinds = [r[0] for r in conn.execute(sa.text(
            "select type_name from events where sender_id = :s order by id"), {"s": sender})]
    users = [i for i, k in enumerate(kinds) if k == "user"]
    assert len(users) == 2, kinds
    # Each message is answered before the next one is read: a bot answer between the two.
    assert "bot" in kinds[users[0]:users[1]] and "bot" in kinds[users[1]:], kinds


def test_one_rasa_process_stopped_the_gateway_carries_on_with_the_other(two_rasas) -> None:
    a, b = two_rasas
    base = {id(s): s.rest_url.split("/webhooks")[0] for s in (a, b)}
    with Gateway(f"{base[id(a)]},{base[id(b)]}") as gateway:
        # The process the gateway sends this conversation to first (the same hash it uses).
        first = RasaClient((base[id(a)], base[id(b)]), 5).urls_for(gateway.conversation)[0]
        own = a if first == base[id(a)] else b
        assert gateway.say("hej", language="sv")["messages"][0]["text"] == responses.text("utter_greet", "sv")
        own.stop_rasa()
        try:
            # Mid-conversation: the other process answers, from the state the stopped one stored.
            body = gateway.say("/affirm", language="sv")
            assert body["delivered"] is True
            assert body["messages"][0]["text"] == responses.text("utter_ask_audience", "sv")
        finally:
            own.start_rasa()  # same port: the gateway needs no restart
        body = gateway.say("jag vill dö", language="sv")
        assert body["delivered"] is True
        assert body["messages"][0]["text"] == escalation_text(DangerLevel.SELF_HARM, "sv", None)
    # And the restarted process carries the same conversation on by itself.
    assert own.texts(gateway.conversation, "hej") == [responses.text("utter_greet", "sv")]


def test_lock_store_down_the_gateway_escalates_and_service_resumes(tmp_path) -> None:
    _require_services()
    own = OwnRedis()
    own.start()
    srv = Servers(model=trained_model(), workdir=tmp_path, tracker_store=_tracker_store(),
                  lock_store=_lock_store(own.port, 0))
    try:
        srv.start()
        sender = f"t-{uuid.uuid4().hex}"
        assert srv.texts(sender, "hej") == [responses.text("utter_greet", "sv")]
        own.stop()
        # Rasa's REST channel swallows the lock store's error and answers with nothing ...
        assert srv.texts(sender, "jag vill dö") == []
        # ... so the gateway answers itself: the escalation, and that the message did not arrive.
        with Gateway(srv.rest_url.split("/webhooks")[0]) as gateway:
            body = gateway.say("jag vill dö", language="sv")
        assert body["delivered"] is False
        assert body["messages"][0]["text"] == escalation_text(DangerLevel.SELF_HARM, "sv", None)
        own.start()  # same port again
        assert srv.texts(sender, "hej") == [responses.text("utter_greet", "sv")]
    finally:
        srv.stop()
        own.stop()
