"""Unanswered questions for curators: only redacted text is kept, for a short time, grouped."""
from __future__ import annotations

import datetime as dt
import logging
import os
import random
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from bot.curation import store
from bot.curation.grouping import group
from bot.curation.guess import topic_guess
from bot.curation.record import note_unanswered
from bot.eval.rest import send
from bot.knowledge.answers import Answer, labels
from bot.privacy.redact import redact
from helpers import free_port, machine_postgres

ROOT = Path(__file__).resolve().parent.parent
PARAPHRASES = yaml.safe_load((ROOT / "tests/data/unanswered_paraphrases.yaml").read_text(encoding="utf-8"))
NOW = dt.datetime(2026, 11, 23, 18, 30)

# Said in the questions; none of it may reach the table (valid checksums, so redaction acts).
SECRETS = ["Amina", "811218-9876", "8112189876", "070-123 45 67", "0701234567",
           "amina.k@example.com", "Storgatan 12"]
QUESTION = ("Hej jag heter Amina, mitt personnummer är 811218-9876, ring 070-123 45 67 eller "
            "amina.k@example.com, jag bor på Storgatan 12. Hur deklarerar jag min skatt?")


@pytest.fixture()
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'operator.db'}"


def _dump(db: Path) -> str:
    """Everything in the SQLite file, as text: every row of every table and the raw bytes."""
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        rows = [" ".join(map(str, r)) for t in tables for r in conn.execute(f"select * from {t}")]
    return "\n".join(rows) + db.read_bytes().decode("utf-8", "replace")


def _unmissable(secret: str, dump: str) -> bool:
    digits = "".join(ch for ch in secret if ch.isdigit())
    long_number = len(digits) >= 7    # a person's number, also when written with other spacing
    return secret in dump or long_number and digits in "".join(ch for ch in dump if ch.isdigit())


# --- what is stored ------------------------------------------------------------------------

def test_only_redacted_clean_short_text_is_stored(url: str, tmp_path: Path) -> None:
    # A zero-width space inside the personnummer and terminal escapes: removed *before*
    # redaction, or the number would slip past it and reappear when they are removed.
    tricky = QUESTION.replace("811218-9876", "811218\u200b-9876") + "\x1b[31m\x07 tack\n\n" + "x" * 2000
    qid = store.record(url, tricky, "sv", "protection", now=NOW)
    [stored] = store.fetch(url)
    assert stored.id == qid and stored.language == "sv" and stored.topic_guess == "protection"
    assert stored.created_at == dt.datetime(2026, 11, 23, 18, 0)        # to the hour
    for placeholder in ("[NAME]", "[PERSONNUMMER]", "[PHONE]", "[EMAIL]", "[ADDRESS]"):
        assert placeholder in stored.text, placeholder
    assert len(stored.text) <= store.MAX_CHARS and stored.text.endswith("…")
    assert not any(ord(ch) < 32 or ch in "\u200b\x7f" for ch in stored.text)
    dump = _dump(tmp_path / "operator.db")
    for secret in SECRETS:
        assert not _unmissable(secret, dump), secret
    # No conversation id, ever: the table has exactly these columns.
    columns = {c["name"] for c in sa.inspect(sa.create_engine(url)).get_columns("unanswered")}
    assert columns == {"id", "created_at", "language", "topic_guess", "text"}


def test_only_the_own_table_is_created(url: str, tmp_path: Path) -> None:
    other = sa.Table("figures_daily", sa.MetaData(), sa.Column("day", sa.String(10)))
    other.create(sa.create_engine(url))
    store.record(url, "hur deklarerar jag min skatt", "sv", None)
    with sqlite3.connect(tmp_path / "operator.db") as conn:
        names = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert names == {"figures_daily", "unanswered"}



def test_the_actions_call_records_unanswered_only(url: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPERATOR_DB_URL", url)
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "topic_protection", "confidence": 0.38},
               {"name": "greet", "confidence": 0.2}]
    message = {"text": QUESTION, "intent_ranking": ranking}
    assert note_unanswered(Answer("an article", "protection.young", "protection"), message, "sv") is None
    assert note_unanswered(Answer("nothing fits", answered=False), {"text": "  "}, "sv") is None
    qid = note_unanswered(Answer("nothing fits", answered=False), message, "sv")
    [stored] = store.fetch(url)
    assert stored.id == qid and stored.topic_guess == "protection" and stored.language == "sv"
    assert "[PERSONNUMMER]" in stored.text and "Hur deklarerar jag min skatt?" in stored.text
    dump = _dump(tmp_path / "operator.db")
    assert not any(_unmissable(s, dump) for s in SECRETS)


def test_a_database_failure_never_breaks_the_answer_nor_logs_text(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    # A real connection refusal: nothing listens on this port.
    monkeypatch.setenv("OPERATOR_DB_URL", f"postgresql://postgres@127.0.0.1:{free_port()}/none")
    with caplog.at_level(logging.ERROR):
        assert note_unanswered(Answer("nothing fits", answered=False), {"text": QUESTION}, "sv") is None
    assert "not recorded: OperationalError" in caplog.text
    assert "deklarerar" not in caplog.text and not any(s in caplog.text for s in SECRETS)


# --- the topic guess ---------------------------------------------------------------------------

@pytest.mark.parametrize("ranking, topics, expected", [
    # The understanding layer's best topic, though not clearly ahead: its guess.
    ([{"name": "nlu_fallback", "confidence": 0.45}], [["school_role", 0.31], ["fgm", 0.28]], "school_role"),
    # Under that floor: DIET's topic intent, when it leaned to one.
    ([{"name": "nlu_fallback", "confidence": 0.45}, {"name": "topic_abroad", "confidence": 0.43}],
     [["protection", 0.2]], "abroad_before_trip"),
    ([{"name": "topic_lgbtq", "confidence": 0.9}], [], "lgbtq"),
    # Neither: no guess rather than a wrong one.
    ([{"name": "out_of_scope", "confidence": 0.4}, {"name": "topic_honour", "confidence": 0.15}],
     [["honour_violence", 0.12]], None),
    ([{"name": "greet", "confidence": 0.9}], None, None),
    (None, None, None),
])
def test_topic_guess(ranking, topics, expected) -> None:
    assert topic_guess(ranking, topics) == expected


# --- retention -----------------------------------------------------------------------------------

def _aged(url: str) -> dict[str, int]:
    ids = {}
    for name, days in [("today", 0), ("week", 7), ("fortnight", 13.9), ("old", 14.2), ("ancient", 60)]:
        ids[name] = store.record(url, f"fråga {name} om skatt", "sv", None, now=NOW - dt.timedelta(days=days))
    return ids


def test_purge_keeps_the_retention_period_on_sqlite(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _aged(url)
    monkeypatch.delenv("UNANSWERED_RETENTION_DAYS", raising=False)
    assert store.purge(url, now=NOW) == 2                    # default 14 days
    assert {q.id for q in store.fetch(url)} == {ids["today"], ids["week"], ids["fortnight"]}
    monkeypatch.setenv("UNANSWERED_RETENTION_DAYS", "5")
    assert store.purge(url, now=NOW) == 2
    assert [q.id for q in store.fetch(url)] == [ids["today"]]


def test_the_hourly_privacy_job_purges_unanswered_questions(tmp_path: Path, url: str) -> None:
    """`python -m bot.privacy purge` (scripts/run's hourly job) also clears old questions."""
    kept = store.record(url, "ny fråga om skatt", "sv", None)
    store.record(url, "gammal fråga om skatt", "sv", None, now=store.utcnow() - dt.timedelta(days=15))
    env = {**os.environ, "OPERATOR_DB_URL": url, "TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}"}
    env.pop("UNANSWERED_RETENTION_DAYS", None)
    out = subprocess.run([sys.executable, "-m", "bot.privacy", "purge"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "purged 1 unanswered question(s) older than 14 days" in out.stdout
    assert [q.id for q in store.fetch(url)] == [kept]


def test_purge_on_the_machines_postgresql() -> None:
    base = machine_postgres()
    admin = sa.create_engine(base)
    schema = f"curation_{uuid.uuid4().hex[:12]}"   # own schema: other runs use the same database
    with admin.begin() as conn:
        conn.execute(sa.text(f"create schema {schema}"))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    try:
        ids = _aged(url)
        assert store.fetch(url, days=10, now=NOW)[0].id == ids["today"]
        assert len(store.fetch(url, days=10, now=NOW)) == 2
        assert store.purge(url, days=14, now=NOW) == 2
        assert store.delete(url, [ids["week"], 999999]) == 1
        assert {q.id for q in store.fetch(url)} == {ids["today"], ids["fortnight"]}
        with admin.connect() as conn:
            found = conn.execute(sa.text("select count(*) from information_schema.tables "
                                         "where table_schema = :s and table_name = 'unanswered'"),
                                 {"s": schema}).scalar()
        assert found == 1
    finally:
        store.engine(url).dispose()
        with admin.begin() as conn:
            conn.execute(sa.text(f"drop schema {schema} cascade"))


# --- grouping --------------------------------------------------------------------------------------

def _paraphrase_items() -> list[tuple[str, str, str]]:
    items = [(gap, lang, text) for gap, langs in PARAPHRASES["gaps"].items()
             for lang, texts in langs.items() for text in texts]
    return items + [(f"one-off {i}", "-", text) for i, text in enumerate(PARAPHRASES["one_offs"])]


def _partition(groups: list[list[int]], texts: list[str]) -> set[frozenset[str]]:
    return {frozenset(texts[i] for i in g) for g in groups}


def test_paraphrases_group_together_and_unrelated_questions_do_not() -> None:
    items = _paraphrase_items()
    texts = [t for _, _, t in items]
    groups = group(texts)
    where = {i: n for n, g in enumerate(groups) for i in g}
    assert sorted(i for g in groups for i in g) == list(range(len(texts)))
    for gap, lang in {(g, l) for g, l, _ in items}:
        members = [i for i, it in enumerate(items) if it[:2] == (gap, lang)]
        assert len({where[i] for i in members}) == 1, f"{gap}/{lang} split: {[texts[i] for i in members]}"
    for g in groups:
        assert len({items[i][0] for i in g}) == 1, f"mixed: {[texts[i] for i in g]}"
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    # Swedish and Norwegian share n-grams: at least one gap meets across the two.
    assert any({items[i][1] for i in g} >= {"sv", "nb"} for g in groups)


def test_held_out_questions_of_different_gaps_never_share_a_group() -> None:
    """On a set written after the threshold was chosen: precision (a group is one gap)."""
    held_out = yaml.safe_load((ROOT / "tests/data/unanswered_holdout.yaml").read_text(encoding="utf-8"))
    items = [(gap, text) for gap, langs in held_out["gaps"].items() for texts in langs.values() for text in texts]
    items += [(f"one-off {i}", text) for i, text in enumerate(held_out["one_offs"])]
    groups = group([t for _, t in items])
    for g in groups:
        assert len({items[i][0] for i in g}) == 1, f"mixed: {[items[i][1] for i in g]}"
    # Most questions have company: at most a third of the gap questions stand alone.
    alone = sum(1 for g in groups if len(g) == 1 and not items[g[0]][0].startswith("one-off"))
    assert alone <= len(items) // 3


def test_grouping_does_not_depend_on_order() -> None:
    texts = [t for _, _, t in _paraphrase_items()]
    shuffled = texts[:]
    random.Random(7).shuffle(shuffled)
    assert _partition(group(texts), texts) == _partition(group(shuffled), shuffled)


def test_grouping_small_and_placeholder_only_inputs() -> None:
    assert group([]) == [] and group(["hej"]) == [[0]]
    # Placeholders are not likeness: two different questions with the same name in them.
    assert len(group(["jag heter [NAME], hur deklarerar jag", "jag heter [NAME], vem vann matchen"], 0.5)) == 2


# --- the command --------------------------------------------------------------------------------------

def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    out = subprocess.run([sys.executable, "-m", "bot.curation", *args, "--url", url], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    return out


def test_the_command_lists_groups_and_deletes_what_was_reviewed(url: str, tmp_path: Path) -> None:
    now = store.utcnow()
    tax = PARAPHRASES["gaps"]["tax_return"]["sv"]
    ids = [store.record(url, f"{t} jag heter Amina, 811218-9876", "sv", "social_services", now=now) for t in tax]
    pets = [store.record(url, t, "nb", "protection", now=now - dt.timedelta(days=3))
            for t in PARAPHRASES["gaps"]["pets_in_shelter"]["nb"]]
    lone = store.record(url, "what is the weather like tomorrow? mail amina.k@example.com", "en", None, now=now)
    old = store.record(url, "hur lagar man pannkakor", "sv", None, now=now - dt.timedelta(days=20))

    listing = _cli(url, "list")
    assert listing.returncode == 0, listing.stderr
    out = listing.stdout
    assert f"{len(ids) + len(pets) + 2} unanswered question(s)" in out and f"ids up to {old}" in out
    first_group = out.split("## group 1:")[1].split("## group 2:")[0]
    assert f"{len(tax)} question(s), topic guess: social_services" in first_group
    assert all(f"[{i}] sv" in first_group for i in ids)
    assert "topic guess: protection" in out and " 3 d" in out.split("## group 2:")[1]
    assert "[EMAIL]" in out and "[NAME]" in out and "[PERSONNUMMER]" in out
    assert not any(_unmissable(s, out) for s in SECRETS)

    only_nb = _cli(url, "list", "--language", "nb", "--days", "7").stdout
    assert f"{len(pets)} unanswered question(s) in 1 group(s)" in only_nb

    assert _cli(url, "reviewed", "--group", "1").returncode == 2       # needs --through
    done = _cli(url, "reviewed", "--group", "1", "--through", str(old))
    assert done.returncode == 0 and f"deleted {len(tax)} reviewed" in done.stdout
    assert _cli(url, "reviewed", str(lone), "424242").stdout.startswith("deleted 1 reviewed")
    assert {q.id for q in store.fetch(url)} == {*pets, old}

    purged = _cli(url, "purge")
    assert "purged 1 unanswered question(s) older than 14 days" in purged.stdout
    assert {q.id for q in store.fetch(url)} == set(pets)
    assert "no unanswered questions" in _cli(url, "list", "--language", "en").stdout


# --- through the real servers ---------------------------------------------------------------------------

# Unanswerable questions (the knowledge base has nothing on taxes) with personal data in them.
UNANSWERABLE = [
    ("sv", "hur deklarerar jag min skatt, mitt personnummer är 811218-9876"),
    ("sv", "hur deklarerar jag min skatt? mejla svaret till amina.k@example.com"),
    ("sv", "hur deklarerar jag min skatt? ring 070-123 45 67"),
    ("en", "when do I get my tax refund? my name is Amina, call 070-123 45 67"),
    ("en", "how much tax do I pay on my salary? email me at amina.k@example.com"),
]


def test_an_unanswerable_question_is_kept_redacted_with_its_language(servers) -> None:
    db = servers.workdir / "operator.db"
    from bot import responses

    not_found = {lang: labels()[lang]["not_found"].rstrip(":") for lang in ("sv", "nb", "en")}
    honest = []
    for lang, question in UNANSWERABLE:
        reply = send(servers.rest_url, f"t-{uuid.uuid4().hex}", question, {"language": lang})
        texts = [m.get("text") or "" for m in reply]
        if any(not_found[lang] in t or t == responses.text("utter_out_of_scope", lang) for t in texts):
            honest.append((lang, question))
    # The models decide which of these get "no good answer" or "outside what I cover"; both
    # keep the question, and at least one must come.
    assert honest, "no question reached the 'no good answer' or out-of-scope reply; pick others"
    stored = [(q.language, q.text) for q in store.fetch(f"sqlite:///{db}")]
    for lang, question in honest:
        assert (lang, redact(question)) in stored, question
    dump = _dump(db)
    for secret in SECRETS:
        assert not _unmissable(secret, dump), secret
