"""Anonymous figures: counting on Rasa's own event dicts, the store on SQLite and PostgreSQL,
suppression in every output, the example report, and a conversation through a real server."""
from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
import sqlite3
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.actions.action import create_bot_utterance
from rasa.shared.core.events import (ActionExecuted, BotUttered, SessionStarted, SlotSet,
                                     UserUttered)
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.executor import CollectingDispatcher
from stdnum import luhn

from bot.eval.rest import send
from bot.safety.escalation import parse_response
from bot.figures.counting import Tally, increments
from bot.figures.report import suppressed_figures, tables, text_report, weeks, write_report
from bot.figures.simulate import simulate_month
from bot.figures.store import FiguresStore, FigureRow
from bot.figures.suppress import SUPPRESSED, shown, suppress
from bot.figures.vocabulary import vocabulary
from bot.knowledge.answers import Answer
from bot.paths import DOMAIN, ROOT
from bot.stores.figures_broker import FiguresEventBroker
from conftest import Servers, trained_model
from helpers import machine_postgres

DAY = dt.date(2026, 10, 1)
STAMP = dt.datetime(2026, 10, 1, 23, 30, tzinfo=dt.timezone.utc).timestamp()  # late: UTC matters
EXAMPLE = ROOT / "docs" / "report-example"


# ------------------------------------------------------------------- Rasa's own event dicts

def user(text: str, intent: str, language: str | None = "sv", **kw) -> dict:
    entities = [{"entity": "language", "value": language, "start": 0, "end": 3}] if language else []
    return UserUttered(text, {"name": intent, "confidence": 0.9}, entities,
                       parse_data={"intent": {"name": intent, "confidence": 0.9},
                                   "entities": entities, "text": text},
                       timestamp=STAMP, **kw).as_dict()


def bot_answer(answer: Answer) -> dict:
    """The BotUttered dict exactly as an answer of actions/knowledge.py `say` becomes one."""
    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(text=answer.text, figures=answer.figures())
    event = create_bot_utterance(dispatcher.messages[0])
    event.timestamp = STAMP
    return event.as_dict()


def action(name: str) -> dict:
    return ActionExecuted(name, timestamp=STAMP).as_dict()


def test_vocabularies_match_the_domain() -> None:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    assert vocabulary()["audience"] == tuple(domain["slots"]["audience"]["values"])
    # a helper's or professional's escalation counts as its level
    levels = {found[0].value for found in map(parse_response, domain["responses"]) if found}
    assert set(vocabulary()["danger"]) == levels
    assert len(vocabulary()["contact"]) == len(list((ROOT / "knowledge" / "contacts").glob("*.yaml")))


def test_counting_on_event_dicts() -> None:
    said = "jag heter Anna och undrar om tvångsäktenskap, ring 070-123 45 67"
    assert increments(SessionStarted(timestamp=STAMP).as_dict()) == Counter({(DAY, "conversations", "all"): 1})
    assert increments(user(said, "topic_forced_marriage")) == Counter(
        {(DAY, "messages", "sv"): 1, (DAY, "topic", "forced_marriage"): 1})
    # A button payload skips the NLU: the page's language from the metadata counts instead.
    assert increments(user("/self_young", "self_young", None, metadata={"language": "nb"})) == Counter(
        {(DAY, "messages", "nb"): 1})
    # Anything outside the vocabularies is dropped, whatever field it hides in.
    assert increments(user(said, "greet", language=said)) == Counter()
    assert increments(SlotSet("audience", said, timestamp=STAMP).as_dict()) == Counter()
    assert increments(SlotSet("audience", "young", timestamp=STAMP).as_dict()) == Counter(
        {(DAY, "audience", "young"): 1})
    # Rasa repeats carried-over slots after action_session_start: not a new statement.
    assert increments(SlotSet("audience", "young", timestamp=STAMP).as_dict(), "action_session_start") == Counter()
    assert increments(SlotSet("country", "SE", timestamp=STAMP).as_dict()) == Counter()
    assert increments(action("utter_danger_self_harm")) == Counter({(DAY, "danger", "self_harm"): 1})
    assert increments(action("utter_danger_professional_trip_abroad_soon")) == Counter(
        {(DAY, "danger", "trip_abroad_soon"): 1})
    assert increments(action("utter_danger_unknown")) == Counter()
    assert increments(action("utter_greet")) == Counter()
    assert increments(BotUttered("hej", timestamp=STAMP).as_dict()) == Counter()


def test_counting_answers_from_their_metadata() -> None:
    offered = Answer("text", "a1", "fgm", ("se_bris", "se_bris", "not_a_contact"), True)
    topic_event = bot_answer(offered)
    searched_event = bot_answer(Answer("text", "a1", "fgm", ("se_bris", "se_bris", "not_a_contact"),
                                       True, searched=True))
    assert topic_event["metadata"]["figures"]["contacts"] == ["se_bris", "se_bris", "not_a_contact"]
    # After the topic action: only the contacts (its topic was counted from the intent).
    assert increments(topic_event, "action_answer_topic") == Counter({(DAY, "contact", "se_bris"): 1})
    # The answer to free text: whether it fitted, and the topic it found.
    assert increments(searched_event, "action_answer_topic") == Counter(
        {(DAY, "contact", "se_bris"): 1, (DAY, "search", "answered"): 1, (DAY, "topic", "fgm"): 1})
    missed = bot_answer(Answer("nothing fitted", contacts=("no_dinutvei",), answered=False, searched=True))
    assert increments(missed, "action_answer_topic") == Counter(
        {(DAY, "contact", "no_dinutvei"): 1, (DAY, "search", "unanswered"): 1})
    sneaky = bot_answer(Answer("x", topic="my name is Anna", contacts=("070-123 45 67",), searched=True))
    assert increments(sneaky, "action_answer_topic") == Counter({(DAY, "search", "answered"): 1})


def test_tally_follows_each_conversation() -> None:
    tally = Tally()
    a, b = {"sender_id": "a"}, {"sender_id": "b"}
    stream = [
        {**a, **action("action_session_start")}, {**a, **SessionStarted(timestamp=STAMP).as_dict()},
        {**a, **SlotSet("audience", "relative", timestamp=STAMP).as_dict()},   # carried over
        {**a, **action("action_listen")}, {**a, **user("hmm?", "nlu_fallback")},
        {**a, **action("action_answer_topic")},
        {**b, **action("action_answer_topic")},                                 # another conversation
        {**a, **bot_answer(Answer("nothing", contacts=("se_umo",), answered=False, searched=True))},
        {**b, **bot_answer(Answer("article", "x", "fgm", ("se_umo",)))},
        {**b, **SlotSet("audience", "professional", timestamp=STAMP).as_dict()},
    ]
    for event in stream:
        tally.add(event)
    assert tally.take() == Counter({
        (DAY, "conversations", "all"): 1, (DAY, "messages", "sv"): 1,
        (DAY, "search", "unanswered"): 1, (DAY, "contact", "se_umo"): 2,
        (DAY, "audience", "professional"): 1})
    assert tally.take() == Counter()


# ------------------------------------------------------------------------------------ store

def _exercise_store(url: str) -> None:
    store = FiguresStore(url)
    store.add({(DAY, "rating", "up"): 1, (DAY, "topic", "fgm"): 3, (DAY, "topic", "Anna 070-1234567"): 2,
               (DAY + dt.timedelta(days=3), "danger", "self_harm"): 1})
    store.add({(DAY, "rating", "up"): 2, (DAY, "rating", "no way"): 1})
    FiguresStore(url).add({(DAY, "rating", "up"): 1})     # a second writer: the table exists
    assert store.rows(DAY, DAY) == [FigureRow(DAY, "rating", "up", 4), FigureRow(DAY, "topic", "fgm", 3)]
    assert len(store.rows(DAY, DAY + dt.timedelta(days=3))) == 3


def test_store_on_sqlite(tmp_path: Path) -> None:
    _exercise_store(f"sqlite:///{tmp_path / 'sub' / 'operator.db'}")


@pytest.fixture()
def pg_url():
    """A schema of its own in the machine's PostgreSQL database `test`, dropped afterwards."""
    url = machine_postgres()
    engine = sa.create_engine(url)
    schema = f"figures_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


def test_store_on_postgresql(pg_url: str) -> None:
    _exercise_store(pg_url)


def test_store_on_sqlalchemy_2_in_the_gateway_environment(tmp_path: Path) -> None:
    """The gateway (.venv-web, SQLAlchemy 2.0) adds the ratings through the same class."""
    python = ROOT / ".venv-web" / "bin" / "python"
    if not python.exists():
        pytest.skip("no .venv-web: scripts/setup creates it")
    url = f"sqlite:///{tmp_path / 'operator.db'}"
    code = ("import datetime as dt, sqlalchemy; from bot.figures.store import FiguresStore as S;"
            f"s = S({url!r}); d = dt.date(2026, 10, 1);"
            "s.add({(d, 'rating', 'up'): 1}); s.add({(d, 'rating', 'up'): 1, (d, 'rating', 'meh'): 1});"
            "print(sqlalchemy.__version__[0], s.rows(d, d)[0].count)")
    out = subprocess.run([str(python), "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "2"]


# ------------------------------------------------------------------------------ suppression

_DATES = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}-\d{2}–\d{2}-\d{2}")


def small_numbers(text: str) -> list[str]:
    """Integers under 5 in an output, other than in dates and percentages."""
    text = re.sub(r"\d+ %", "", _DATES.sub("", text))
    return [n for n in re.findall(r"(?<![\w<])\d+(?![\w.])", text) if int(n) < 5]


def test_suppress_is_the_threshold() -> None:
    assert [suppress(n) for n in range(7)] == [None] * 5 + [5, 6]
    assert shown(None) == SUPPRESSED == "<5" and shown(12) == "12"
    assert small_numbers("<5 12 3 2026-10-01 10-05–10-11 4 % ≥ 7") == ["3"]


def _fill(url: str, small: random.Random) -> None:
    """A simulated month in which every weekly count of 5 or more is the same every time and
    every weekly count under 5 (0 to 4, on any day of its week) is drawn from `small`."""
    counts = simulate_month(2026, 10, seed=3)
    periods = weeks(DAY, dt.date(2026, 10, 31))
    week_of = {w.start + dt.timedelta(days=i): n for n, w in enumerate(periods)
               for i in range((w.end - w.start).days + 1)}
    weekly: Counter = Counter()
    for (day, metric, key), n in counts.items():
        weekly[(week_of[day], metric, key)] += n
    # the first week: searches with no answer suppressed, answered shown (so no share)
    weekly[(0, "search", "unanswered")] = 0
    weekly[(0, "search", "answered")] = max(weekly[(0, "search", "answered")], 5)
    kept = Counter({(d, m, k): n for (d, m, k), n in counts.items() if weekly[(week_of[d], m, k)] >= 5})
    for n, week in enumerate(periods):
        for metric, keys in vocabulary().items():
            for key in keys:
                if weekly[(n, metric, key)] < 5:
                    day = week.start + dt.timedelta(days=small.randint(0, (week.end - week.start).days))
                    kept[(day, metric, key)] += small.randint(0, 4)
    FiguresStore(url).add(+kept)


def test_no_output_depends_on_a_count_under_5(tmp_path: Path) -> None:
    """Two databases that differ only in counts under 5 give byte-identical pages, plots and
    printouts: so no output path, total or share can reveal a suppressed count."""
    outputs = []
    for n in range(2):
        url = f"sqlite:///{tmp_path / f'db{n}.sqlite'}"
        _fill(url, random.Random(n))
        rows = FiguresStore(url).rows(DAY, dt.date(2026, 10, 31))
        figures = suppressed_figures(rows, DAY, dt.date(2026, 10, 31))
        out = tmp_path / f"out{n}"
        write_report(figures, out)
        outputs.append(({p.name: p.read_bytes() for p in sorted(out.iterdir())}, text_report(figures), rows))
    (files0, text0, rows0), (files1, text1, rows1) = outputs
    assert rows0 != rows1, "the two databases differ in their small counts"
    assert any(r.count < 5 for r in rows0)
    assert set(files0) == {"index.html", "languages.png", "audience.png", "topics.png",
                           "escalations.png", "unanswered.png", "ratings.png"}
    assert files0 == files1
    assert text0 == text1
    page = files0["index.html"].decode()
    body = re.sub(r"<[^>]+>", " ", page.split("<body>", 1)[1])
    assert "&lt;5" in body and SUPPRESSED in text0
    assert small_numbers(body) == [] and small_numbers(text0) == []
    search = next(t for t in tables(suppressed_figures(rows0, DAY, dt.date(2026, 10, 31))) if t.metric == "search")
    assert search.rows[-1][1][0] == "–", "no share where one count is suppressed"


def test_simulate_and_report_commands_give_the_committed_example(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'operator.db'}"
    run = lambda *args: subprocess.run([sys.executable, "-m", "bot.figures", *args], cwd=ROOT,
                                       capture_output=True, text=True)
    assert run("simulate", "--month", "2026-10", "--url", url, "--seed", "7").returncode == 0
    again = run("simulate", "--month", "2026-10", "--url", url, "--seed", "7")
    assert again.returncode == 1 and "already holds" in again.stderr
    report = run("report", "--from", "2026-10-01", "--to", "2026-10-31", "--out", str(tmp_path / "out"), "--url", url)
    assert report.returncode == 0, report.stderr
    assert small_numbers(report.stdout) == [] and SUPPRESSED in report.stdout
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert page == (EXAMPLE / "index.html").read_text(encoding="utf-8"), (
        "docs/report-example is stale: regenerate it with the commands in the README")
    for image in re.findall(r'src="([^"]+)"', page):
        assert (tmp_path / "out" / image).stat().st_size > 1000 and (EXAMPLE / image).exists()
    assert "<title>Figures 2026-10-01 – 2026-10-31</title>" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "nothing from another origin"


# ----------------------------------------------------------------------------------- broker

async def test_broker_counts_in_memory_and_flushes_on_close(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'operator.db'}"
    broker = await FiguresEventBroker.from_endpoint_config(EndpointConfig(url=url, flush_seconds=3600))
    for _ in range(6):
        broker.publish({"sender_id": "s1", **user("hej", "greet", "en")})
    assert not (tmp_path / "operator.db").exists(), "publish never touches the database"
    await broker.close()
    assert FiguresStore(url).rows(DAY, DAY) == [FigureRow(DAY, "messages", "en", 6)]


async def test_broker_flushes_periodically(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'operator.db'}"
    broker = await FiguresEventBroker.from_endpoint_config(EndpointConfig(url=url, flush_seconds=0.2))
    broker.publish(SessionStarted(timestamp=STAMP).as_dict())
    await asyncio.sleep(1.0)
    assert FiguresStore(url).rows(DAY, DAY) == [FigureRow(DAY, "conversations", "all", 1)]
    await broker.close()


async def test_broker_survives_a_database_that_is_down(tmp_path: Path, caplog) -> None:
    down = "postgresql://postgres@127.0.0.1:1/none"   # nothing listens on port 1
    broker = await FiguresEventBroker.from_endpoint_config(EndpointConfig(url=down, flush_seconds=3600))
    for _ in range(1000):
        broker.publish({"sender_id": "s1", **user("secret words here", "topic_fgm")})
    # publish only counts in memory: no store, so no connection, was even made on Rasa's loop.
    assert broker._store is None
    await broker.close()                                  # logs, does not raise
    assert "secret" not in caplog.text and "not written yet" in caplog.text
    broker.url = f"sqlite:///{tmp_path / 'operator.db'}"  # the database is back
    broker.flush()
    assert {(r.metric, r.key, r.count) for r in FiguresStore(broker.url).rows(DAY, DAY)} == {
        ("messages", "sv", 1000), ("topic", "fgm", 1000)}


# ------------------------------------------------------------------ through a real Rasa server

def personnummer() -> str:
    body = "811218987"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def test_figures_from_a_real_conversation_hold_no_ids_or_text(tmp_path: Path) -> None:
    """A scripted conversation through the real servers with the figures broker of
    endpoints.yml; after they stop (the broker flushes on close) the table is scanned."""
    db = tmp_path / "operator.db"
    servers = Servers(model=trained_model(), workdir=tmp_path, operator_db_url=f"sqlite:///{db}")
    sender = f"figures-{uuid.uuid4().hex}"
    number = personnummer()
    messages = [
        "hej", "ja", "jag heter Amina Lindqvist", f"mitt personnummer är {number}",
        "ring mig på 070-123 45 67", "vad är tvångsäktenskap?", "vem kan jag prata med?",
        "min pappa säger att han ska döda mig ikväll",
    ]
    try:
        servers.start()
        for message in messages:
            send(servers.rest_url, sender, message, {"language": "sv"})
        send(servers.rest_url, f"{sender}-en", "what is forced marriage?", {"language": "en"})
    finally:
        servers.stop()
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select day, metric, key, count from figures_daily").fetchall()
    assert rows
    words = {w.lower() for m in messages for w in re.findall(r"\w{4,}", m)}
    digits = re.sub(r"\D", "", number + "0701234567")
    for day, *cells in rows:
        dt.date.fromisoformat(day)            # the day cell is a date and nothing else
        for cell in map(str, [day, *cells]):
            assert sender not in cell and "figures-" not in cell
            # whole words: a contact id may hold a word by chance ("ring" in integreringsradgivere)
            assert not words & set(re.findall(r"[^\W_]+", cell.lower())), cell
        for cell in map(str, cells):
            assert not any(digits[i:i + 4] in cell for i in range(len(digits) - 3)), cell
    counts = {(metric, key): count for _, metric, key, count in rows}
    assert counts[("conversations", "all")] == 2
    assert counts[("messages", "sv")] == len(messages) and counts[("messages", "en")] == 1
    assert counts[("topic", "forced_marriage")] == 2
    assert counts[("danger", "immediate_danger")] == 1
    assert any(metric == "contact" for metric, _ in counts)
    assert all(key in vocabulary()[metric] for metric, key in counts)
    # The printout shows the 8 Swedish messages, and none of the small counts.
    report = subprocess.run([sys.executable, "-m", "bot.figures", "report", "--from", rows[0][0],
                             "--to", rows[0][0], "--out", str(tmp_path / "report"), "--url", f"sqlite:///{db}"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert small_numbers(report) == []
    assert re.search(rf"Swedish\s+{len(messages)}\s", report) and SUPPRESSED in report
