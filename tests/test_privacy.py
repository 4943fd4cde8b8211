"""Personal data never reaches storage; conversations are deleted on time or at once."""
import datetime as dt
import sqlite3
import time
import uuid

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.no import fodselsnummer

from bot.eval.rest import send
from bot.privacy.redact import redact
from bot.privacy.retention import forget, purge_older_than
from helpers import machine_postgres

dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2025, 12, 31))


@st.composite
def personnummer(draw, coordination: bool = False) -> str:
    day = draw(dates)
    serial = draw(st.integers(0, 999))
    date = f"{day:%y%m}{day.day + (60 if coordination else 0):02d}"
    body = f"{date}{serial:03d}"
    digits = body + luhn.calc_check_digit(body)
    style = draw(st.sampled_from(["short-dash", "long-dash", "plain"]))
    if style == "short-dash":
        return f"{digits[:6]}-{digits[6:]}"
    if style == "long-dash":
        return f"{day:%Y}"[:2] + f"{digits[:6]}-{digits[6:]}"
    return digits


@st.composite
def fnr(draw, d_number: bool = False) -> str:
    while True:
        day = draw(dates)
        individual = draw(st.integers(0, 499)) if day.year < 2000 else draw(st.integers(500, 999))
        base = f"{day.day + (40 if d_number else 0):02d}{day:%m%y}{individual:03d}"
        d1 = fodselsnummer.calc_check_digit1(base)
        d2 = fodselsnummer.calc_check_digit2(base + d1)
        number = base + d1 + d2
        if len(number) == 11 and fodselsnummer.is_valid(number):
            return number


se_mobile = st.builds(lambda a, b, c, d: f"07{a} {b:03d} {c:02d} {d:02d}",
                      st.sampled_from(["0", "2", "3", "6"]), st.integers(100, 999),
                      st.integers(10, 99), st.integers(10, 99))
no_mobile = st.builds(lambda a, b: f"{a}{b:07d}", st.sampled_from(["4", "9"]), st.integers(1000000, 9999999))
emails = st.builds(lambda u, d: f"{u}@{d}.se", st.from_regex(r"[a-z]{3,10}\.[a-z]{2,8}", fullmatch=True),
                   st.from_regex(r"[a-z]{3,10}", fullmatch=True))


def _gone(raw: str, text: str) -> bool:
    digits = "".join(ch for ch in raw if ch.isdigit())
    return raw not in text and (not digits or digits not in "".join(ch for ch in text if ch.isdigit()))


@settings(max_examples=150, deadline=None)
@given(number=st.one_of(personnummer(), personnummer(coordination=True)))
def test_swedish_id_numbers_are_redacted(number: str) -> None:
    out = redact(f"mitt personnummer är {number} okej?")
    assert _gone(number, out) and "[PERSONNUMMER]" in out


@settings(max_examples=150, deadline=None)
@given(number=st.one_of(fnr(), fnr(d_number=True)))
def test_norwegian_id_numbers_are_redacted(number: str) -> None:
    out = redact(f"fødselsnummeret mitt er {number}")
    assert _gone(number, out)


@settings(max_examples=100, deadline=None)
@given(phone=st.one_of(se_mobile, no_mobile, st.builds(lambda n: "+46 " + n[1:], se_mobile)), mail=emails)
def test_phones_and_emails_are_redacted(phone: str, mail: str) -> None:
    out = redact(f"ring {phone} eller mejla {mail}")
    assert _gone(phone, out) and mail not in out


@pytest.mark.parametrize("text, name", [
    ("hej jag heter Amina och är 16", "Amina"),
    ("jeg heter Sara Khan", "Khan"),
    ("my name is john", "john"),
    ("Hi, my name's Layla.", "Layla"),
])
def test_introduced_names_are_redacted(text: str, name: str) -> None:
    assert name not in redact(text) and "[NAME]" in redact(text)


@pytest.mark.parametrize("text", ["jag bor på Storgatan 12B", "jeg bor i Karl Johans gate 5", "I live at 12 Baker Street"])
def test_street_addresses_are_redacted(text: str) -> None:
    assert "[ADDRESS]" in redact(text)


@pytest.mark.parametrize("text", [
    "ring 112 eller 116 111", "jag är 15 år", "det hände 2023", "min lillebror är 6",
    "klockan 21:30", "vi åker om 10 dagar", "jag heter inget på nätet",
])
def test_ordinary_numbers_and_words_stay(text: str) -> None:
    assert redact(text).replace("[NAME]", "inget") == text


def test_stored_conversation_holds_no_personal_data(servers) -> None:
    """A scripted conversation through the real Rasa server; then scan the database file."""
    sender = f"t-{uuid.uuid4().hex}"
    secrets_said = ["Amina", "811218-9876", "070-123 45 67", "amina.k@example.com", "Storgatan 12"]
    for message in ["hej", "jag heter Amina", "mitt personnummer är 811218-9876",
                    "ring mig på 070-123 45 67 eller amina.k@example.com", "jag bor på Storgatan 12"]:
        send(servers.rest_url, sender, message)
    db = servers.workdir / "tracker.db"
    with sqlite3.connect(db) as conn:
        rows = [r[0] for r in conn.execute("select data from events where sender_id = ?", (sender,))]
        dump = "\n".join(rows) + "\n".join("".join(map(str, r)) for r in conn.execute("select * from events"))
    assert len(rows) > 10, "the conversation was stored"
    for secret in secrets_said:
        assert secret not in dump, secret
    assert "[PERSONNUMMER]" in dump and "[NAME]" in dump


def test_forget_and_purge_on_sqlite(servers) -> None:
    url = f"sqlite:///{servers.workdir / 'tracker.db'}"
    sender = f"t-{uuid.uuid4().hex}"
    send(servers.rest_url, sender, "hej")
    assert forget(url, sender) > 0
    assert forget(url, sender) == 0
    send(servers.rest_url, sender, "hej")
    assert purge_older_than(url, hours=24) == 0             # fresh: kept
    assert purge_older_than(url, hours=24, now=time.time() + 25 * 3600) >= 1


def test_purge_on_the_machines_postgresql() -> None:
    url = machine_postgres()
    engine = sa.create_engine(url)
    table = sa.Table("events", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("sender_id", sa.String(255)), sa.Column("timestamp", sa.Float))
    with engine.begin() as conn:
        table.drop(conn, checkfirst=True)
        table.create(conn)
        now = time.time()
        conn.execute(table.insert(), [{"sender_id": "old", "timestamp": now - 30 * 3600},
                                      {"sender_id": "old", "timestamp": now - 26 * 3600},
                                      {"sender_id": "new", "timestamp": now - 30 * 3600},
                                      {"sender_id": "new", "timestamp": now - 60}])
    assert purge_older_than(url, hours=24, now=now) == 1
    assert forget(url, "new") == 2
    with engine.begin() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() == 0
        table.drop(conn)


def test_every_trick_in_the_pii_corpus_is_redacted() -> None:
    """tests/data/pii_corpus.yaml: names not introduced, postcodes with their town, lower-case
    streets, e-mail addresses written out, a right-to-left override or zero-width space inside a
    number. Each survived redaction before (bot.eval.pii_report measures both)."""
    from bot.eval.pii_report import corpus_items, survives
    from bot.privacy.storable import storable

    left = [(item["text"], s) for item in corpus_items() for s in item["secrets"]
            if survives(s, storable(item["text"]))]
    assert not left, left


@pytest.mark.parametrize("text", [
    "Mina föräldrar vill att jag gifter mig", "I will ask my teacher", "Stig inte på gräset",
    "jag var at school. No one knew", "vi flög från gate 7", "2019 Jag flyttade hit",
    "min kompis har det svårt", "Love you mum", "Röda Korset hjälpte oss",
])
def test_ordinary_words_are_not_taken_for_personal_data(text: str) -> None:
    from bot.privacy.storable import storable

    assert storable(text) == text
