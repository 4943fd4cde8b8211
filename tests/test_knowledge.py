"""Knowledge files: validation, loading (SQLite and the machine's PostgreSQL), routing, search."""
import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.knowledge.db import KnowledgeBase, load
from bot.knowledge.files import read_contacts
from bot.knowledge.hours import is_open, next_opening
from bot.knowledge.routing import route
from bot.knowledge.validate import validate
from bot.paths import KNOWLEDGE, ROOT
from helpers import machine_postgres

BROKEN = Path(__file__).parent / "data" / "knowledge_broken"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = dt.date(2026, 12, 6)


def test_the_knowledge_base_validates() -> None:
    # today's date: a page read today is not "in the future" (a fixed date failed the day after
    # it, on every source read that day); an old review is only a warning, so this stays stable
    errors = [p for p in validate(KNOWLEDGE, dt.date.today()) if p.severity == "error"]
    assert errors == []


def test_broken_fixtures_fail_with_a_message_per_file() -> None:
    messages = [str(p) for p in validate(BROKEN, TODAY)]
    expected = [
        ("no_fields.yaml", "missing field 'purpose'"),
        ("bad_phone.yaml", "phone '020-5' is not a valid SE number"),
        ("bad_phone.yaml", "source 'not a url' is a bare URL"),
        ("bad_phone.yaml", "is in the future"),
        ("bad_phone.yaml", "unknown day 'someday'"),
        ("bad_phone.yaml", "'9-12' is not HH:MM-HH:MM"),
        ("old_review.yaml", "more than 12 months ago"),
        ("young.sv.md", "unknown contact 'no_such_contact'"),
        ("young.sv.md", "phone-like '020-50 50 50' in the text"),
        ("dancing/young.sv.md", "unknown topic 'dancing'"),
        ("dancing/young.sv.md", "unknown audience 'teenager'"),
        ("adult.en.md", "no front matter"),
        ("forced_marriage", "lacks language(s) en"),
        # Sources are shown as titles with the organisation's name, over https, with the day read.
        ("untitled_source.yaml", "is a bare URL"),
        ("untitled_source.yaml", "lacks title"),
        ("untitled_source.yaml", "use https"),
        # Someone abroad cannot dial a short number.
        ("abroad_already/young.sv.md", "contact 'short_only' has a number that cannot be dialled from abroad"),
        # A legal claim carries its source; the other language's words; an owner in English.
        ("fgm/adult.sv.md", "the text states the law"),
        ("fgm/adult.sv.md", "'melda' is not a word of the text's language (sv)"),
        ("fgm/adult.sv.md", "'grunn til å tro' is not a word"),
        ("fgm/adult.sv.md", "owner: a name"),
        # Easy Swedish: Swedish only, no numbers, and easier to read than the text.
        ("forced_marriage/young.sv.md", "phone-like '020-50 50 50' in easy:"),
        ("forced_marriage/young.sv.md", "easy: is not easier to read"),
        ("forced_marriage/young.nb.md", "only a Swedish article has one"),
        # Question-and-answer items.
        ("bad_item.yaml", "phone-like '020-50 50 50' in title or answer (sv)"),
        ("bad_item.yaml", "examples.sv: at least 6"),
        ("bad_item.yaml", "translation.nb must be one of"),
        ("bad_item.yaml", "unknown contact 'no_such_contact'"),
        ("bad_item.yaml", "claim source 'https://example.org/not-a-source-of-this-item' is not one of the file's sources"),
    ]
    for where, what in expected:
        assert any(where in m and what in m for m in messages), (where, what, messages)
    assert any(m.startswith("WARNING") and "old_review" in m for m in messages)


def test_validate_command_exit_codes() -> None:
    run = lambda d: subprocess.run([sys.executable, "-m", "bot.knowledge", "validate", str(d)],
                                   cwd=ROOT, capture_output=True, text=True)
    bad = run(BROKEN)
    assert bad.returncode == 1 and "ERROR" in bad.stdout
    assert run(KNOWLEDGE).returncode == 0


def _count(url: str) -> tuple[int, int]:
    with sa.create_engine(url).connect() as c:
        return (c.execute(sa.text("select count(*) from kb_contacts")).scalar(),
                c.execute(sa.text("select count(*) from kb_articles")).scalar())


def test_load_is_idempotent_on_sqlite(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    assert load(KNOWLEDGE, url) is True
    first = _count(url)
    assert load(KNOWLEDGE, url) is False
    assert _count(url) == first and first[0] == len(list(read_contacts(KNOWLEDGE)))


def test_load_on_the_machines_postgresql() -> None:
    url = machine_postgres()
    with sa.create_engine(url).begin() as c:
        for table in ("kb_articles", "kb_contacts", "kb_load"):
            c.execute(sa.text(f"drop table if exists {table}"))
    assert load(KNOWLEDGE, url) is True
    assert load(KNOWLEDGE, url) is False
    kb = KnowledgeBase(url)
    assert {c.id for c in kb.contacts()} == {c.id for c in read_contacts(KNOWLEDGE)}


# Fixed clocks: a weekday morning, a Saturday night, a Swedish public holiday (Christmas Day).
WEEKDAY_MORNING = dt.datetime(2026, 11, 25, 10, 0, tzinfo=STOCKHOLM)   # Wednesday
SATURDAY_NIGHT = dt.datetime(2026, 11, 28, 23, 30, tzinfo=STOCKHOLM)
CHRISTMAS_DAY = dt.datetime(2026, 12, 25, 10, 0, tzinfo=STOCKHOLM)     # a Friday


@pytest.fixture(scope="module")
def contacts():
    return {c.id: c for c in read_contacts(KNOWLEDGE)}


def test_weekly_hours_weekday_morning(contacts) -> None:
    nch = contacts["se_nch_stodtelefon"]   # Mon, Wed, Fri 09-12
    assert is_open(nch.hours, "SE", WEEKDAY_MORNING) is True


def test_weekly_hours_saturday_night_opens_monday(contacts) -> None:
    nch = contacts["se_nch_stodtelefon"]
    assert is_open(nch.hours, "SE", SATURDAY_NIGHT) is False
    assert next_opening(nch.hours, "SE", SATURDAY_NIGHT) == dt.datetime(2026, 11, 30, 9, 0, tzinfo=STOCKHOLM)


def test_public_holiday_closes_a_weekday_line(contacts) -> None:
    nch = contacts["se_nch_stodtelefon"]
    assert is_open(nch.hours, "SE", CHRISTMAS_DAY) is False
    # Christmas Day is a Friday; Monday 28 December is the next opening.
    assert next_opening(nch.hours, "SE", CHRISTMAS_DAY).date() == dt.date(2026, 12, 28)


def test_always_open_and_unknown_hours(contacts) -> None:
    assert is_open(contacts["se_bris"].hours, "SE", CHRISTMAS_DAY) is True
    assert contacts["no_rode_kors_telefonen"].hours is None   # sources disagree: not stated
    assert is_open(contacts["no_rode_kors_telefonen"].hours, "NO", SATURDAY_NIGHT) is None


def test_routing_professional_weekday_morning_gets_the_professional_line_open(contacts) -> None:
    routes = route(contacts.values(), now=WEEKDAY_MORNING, country="SE", audience="professional",
                   topic="social_services", preferred=("se_nch_stodtelefon",))
    assert routes[0].contact.id == "se_nch_stodtelefon" and routes[0].open_now is True


def test_routing_saturday_night_puts_open_lines_first(contacts) -> None:
    routes = route(contacts.values(), now=SATURDAY_NIGHT, country="SE", audience="professional",
                   preferred=("se_nch_stodtelefon",), limit=5)
    opens = [r.open_now for r in routes]
    closed = [r for r in routes if r.contact.id == "se_nch_stodtelefon"]
    assert closed and closed[0].opens_at is not None
    assert any(o is True for o in opens)


def test_a_man_asking_for_himself_is_not_offered_a_line_for_women(contacts) -> None:
    preferred = ("se_kvinnofridslinjen", "se_terrafem", "se_socialtjanst_socialjour")
    women = {c.id for c in contacts.values() if c.women_only}
    assert {"se_kvinnofridslinjen", "se_terrafem"} <= women
    for_him = route(contacts.values(), now=WEEKDAY_MORNING, country="SE", audience="adult", preferred=preferred,
                    limit=10, man=True)
    assert for_him and not {r.contact.id for r in for_him} & women
    # asking for his sister, or with nothing said of who he is, the line is there
    for_her = route(contacts.values(), now=WEEKDAY_MORNING, country="SE", audience="relative", preferred=preferred,
                    man=True)
    anyone = route(contacts.values(), now=WEEKDAY_MORNING, country="SE", audience="adult", preferred=preferred)
    assert "se_kvinnofridslinjen" in {r.contact.id for r in for_her} & {r.contact.id for r in anyone}


def test_routing_respects_country_age_and_emergency(contacts) -> None:
    young_no = route(contacts.values(), now=SATURDAY_NIGHT, country="NO", audience="young", age=15)
    assert young_no and all(r.contact.country == "NO" for r in young_no)
    assert "no_alarmtelefonen" in {r.contact.id for r in young_no}
    adult = route(contacts.values(), now=SATURDAY_NIGHT, country="SE", audience="young", age=22)
    assert "se_bris" not in {r.contact.id for r in adult}
    assert all(not r.contact.emergency for r in route(contacts.values(), now=WEEKDAY_MORNING, limit=50))
