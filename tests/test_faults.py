"""Faults for real: a database (our own PostgreSQL, the tracker store) stopped mid-conversation.

The action server's fault is in test_rest_channel.py; Rasa's own fault is in tests/web.
"""
import uuid

import pytest
import sqlalchemy as sa

from bot import responses
from bot.safety import DangerLevel, escalation_text
from conftest import Servers, trained_model
from own_services import OwnPostgres


@pytest.fixture(scope="module")
def pg_servers(tmp_path_factory):
    model = trained_model()
    try:
        pg = OwnPostgres()
    except (RuntimeError, OSError) as error:
        pytest.skip(f"cannot start an own PostgreSQL: {error}")
    pg.start()
    srv = Servers(model=model, workdir=tmp_path_factory.mktemp("pg-servers"), tracker_store={
        "type": "bot.stores.redacting.RedactingSQLTrackerStore", "dialect": "postgresql", "url": "127.0.0.1", "port": pg.port,
        "db": "stodlotsen", "login_db": "postgres", "username": "postgres"})
    try:
        srv.start()
        yield srv, pg
    finally:
        srv.stop()
        pg.remove()



def stored_events(pg: OwnPostgres, sender: str) -> int:
    engine = sa.create_engine(pg.url.rsplit("/", 1)[0] + "/stodlotsen")
    with engine.connect() as connection:
        return connection.execute(
            sa.text("select count(*) from events where sender_id = :s"), {"s": sender}).scalar()


def test_tracker_database_down_escalation_unchanged_and_service_resumes(pg_servers) -> None:
    srv, pg = pg_servers
    sender = f"t-{uuid.uuid4().hex}"
    assert srv.texts(sender, "hej") == [responses.text("utter_greet", "sv")]
    before = stored_events(pg, sender)
    assert before > 0

    pg.stop()
    try:
        assert srv.texts(sender, "jag vill dö")[0] == escalation_text(DangerLevel.SELF_HARM, "sv", None)
        assert srv.texts(f"t-{uuid.uuid4().hex}", "he is going to kill me")[0] == escalation_text(
            DangerLevel.IMMEDIATE_DANGER, "en", None)
    finally:
        pg.start()

    # Back on its own: new turns are stored again, and what was stored before is intact.
    assert srv.texts(sender, "hej") == [responses.text("utter_greet", "sv")]
    assert stored_events(pg, sender) > before
