"""The page in a crisis, in a real browser against the real gateway and Rasa: crisis cards with
their call links, no rating under crisis and fallback messages, the chosen language holding, the
country (asked after the greeting, else taken from the language), and "try again" after a
message that did not get through (a rate limit among them)."""
from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from bot import responses
from bot.language import detect_language
from test_page import BOT, BOT_TEXT, STRINGS, USER, open_chat, send, stored

CARD = "#log .msg-crisis"
KNOWLEDGE_UI = {
    "sv": ("Här kan du få stöd", "Det har jag tyvärr", "Jag förstod inte"),
    "en": ("Where you can get support", "Sorry, I don't have", "I didn't quite understand"),
}


def plain_text(locator) -> str:
    """The text of a message outside its links (what would be left unlinked)."""
    return locator.evaluate(
        """el => { const c = el.cloneNode(true);
                   c.querySelectorAll('a, .visually-hidden').forEach(a => a.remove());
                   return c.textContent; }""")


def stub(context, body: dict, status: int = 200, headers: dict | None = None) -> None:
    context.route("**/api/message", lambda route: route.fulfill(
        status=status, content_type="application/json", body=json.dumps(body), headers=headers or {}))


# ------------------------------------------------------------------ crisis card

def test_crisis_card_on_a_danger_message(live, page, problems):
    open_chat(page, live, "sv")
    # The greeting's "I'm in danger now" gives a crisis card with 112 first...
    page.get_by_role("button", name="Jag är i fara nu").click()
    expect(page.locator(CARD)).to_have_count(1)
    expect(page.locator(f"{CARD} .call-link").first).to_have_attribute("href", "tel:112")
    # ...and so does a message saying it (the country SE taken from the language).
    with page.expect_request("**/api/message") as request:
        send(page, "Jag är i fara nu")
    assert request.value.post_data_json["country"] == "SE"
    expect(page.locator(CARD)).to_have_count(2)
    expect(page.locator(f'{CARD} [role="alert"]')).to_have_count(2)
    card = page.locator(CARD).last
    expected = responses.text("utter_danger_immediate_danger", "sv", "SE")
    expect(card).to_contain_text(expected.split("\n")[0])

    # Announced at once, and not a bubble like the others.
    expect(card.locator('.crisis-card[role="alert"]')).to_have_count(1)
    expect(card.locator(".crisis-label")).to_have_text(STRINGS["sv"]["crisis_label"])
    looks = card.locator(".crisis-card").evaluate(
        "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.borderLeftWidth]; }")
    bubble = page.locator(BOT_TEXT).first.evaluate(
        "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.borderLeftWidth]; }")
    assert looks != bubble and float(looks[1].rstrip("px")) >= 6

    # A big call link per number, 112 first; every number in the text is a tel: link too.
    calls = card.locator(".call-link")
    expect(calls.first).to_have_attribute("href", "tel:112")
    expect(calls.first).to_have_text("Ring 112")
    expect(card.locator('.call-link[href="tel:11414"]')).to_have_text("Ring 114 14")
    assert calls.first.bounding_box()["height"] >= 48
    for part in card.locator(".msg-text").all():
        assert not re.search(r"\d{3}", plain_text(part)), plain_text(part)
    assert card.locator('.msg-text a[href="tel:112"]').count() == expected.count("112")

    # "Can't talk?": the chat services, each in a new tab without a referrer.
    quiet = card.locator(".crisis-quiet")
    expect(quiet).to_contain_text(STRINGS["sv"]["cant_talk"])
    links = quiet.locator("a")
    assert links.count() >= 1
    for link in links.all():
        assert re.match(r"^https://[^\s]+$", link.get_attribute("href"))
        assert link.get_attribute("target") == "_blank"
        assert link.get_attribute("rel") == "noopener noreferrer"
    expect(card.locator(".rating")).to_have_count(0)
    assert stored(page)["messages"][-1]["kind"] == "crisis"

    # After a reload the card is there again, but not announced a second time.
    page.reload()
    expect(page.locator(CARD)).to_have_count(2)
    expect(page.locator(f'{CARD} [role="alert"]')).to_have_count(0)
    expect(page.locator(f"{CARD} .call-link").first).to_have_attribute("href", "tel:112")
    assert problems == []


def test_crisis_card_for_a_danger_message_in_free_text(live, page):
    open_chat(page, live, "en")
    send(page, "He is hitting me right now and I am scared he will kill me")
    card = page.locator(CARD).last
    expect(card).to_be_visible()
    expect(card.locator(".call-link").first).to_have_attribute("href", "tel:112")
    expect(page.locator("#log .rating")).to_have_count(0)


def test_crisis_card_takes_its_numbers_and_quiet_ways_from_the_server(live, context, page, problems):
    """A stubbed crisis message: an sms: link where the server says the number takes texts,
    chat links (https only) and text-message options under "Can't talk?"."""
    open_chat(page, live, "en")
    text = "Call 112 now.\n🙂 Under 18: 116 111, or text 116 111. Helpline 020-50 50 50."
    first, second = text.index("116 111"), text.rindex("116 111")
    third = text.index("020")
    cp = lambda i: len(text[:i])     # Python counts code points; the emoji is one  # noqa: E731
    stub(context, {"messages": [{
        "text": text, "kind": "crisis",
        "numbers": [{"start": 5, "end": 8, "tel": "112"},
                    {"start": cp(first), "end": cp(first) + 7, "tel": "116111", "sms": True},
                    {"start": cp(second), "end": cp(second) + 7, "tel": "116111", "sms": True},
                    {"start": cp(third), "end": cp(third) + 12, "tel": "020505050"}],
        "quiet": [{"name": "Helpline", "href": "https://help.example", "kind": "chat"},
                  {"name": "Old", "href": "http://old.example", "kind": "chat"},
                  {"name": "Helpline", "href": "sms:116111", "kind": "sms"}],
        "buttons": [{"title": "I'm safe now", "payload": "/affirm"}],
    }], "delivered": True})
    send(page, "help me")
    card = page.locator(CARD).last
    calls = card.locator(".call-links a")
    expect(calls).to_have_count(4)           # 112, 116 111 (call and text), 020-50 50 50
    assert [c.get_attribute("href") for c in calls.all()] == [
        "tel:112", "tel:116111", "sms:116111", "tel:020505050"]
    expect(card.locator('.crisis-text a[href="tel:116111"]')).to_have_count(2)
    expect(card.locator('.crisis-text a[href="tel:116111"]').first).to_have_text("116 111")
    quiet = card.locator(".crisis-quiet a")
    expect(quiet).to_have_count(2)           # not the http:// chat
    expect(quiet.first).to_have_attribute("href", "https://help.example")
    expect(quiet.nth(1)).to_have_attribute("href", "sms:116111")
    expect(card.get_by_role("button", name="I'm safe now")).to_be_visible()
    expect(page.locator("#log .rating")).to_have_count(0)
    assert problems == []


# ------------------------------------------------------------------ thumbs only under answers

def test_no_thumbs_under_crisis_or_fallback_messages(live, context, page):
    open_chat(page, live, "sv")
    send(page, "asdf qwerty zxcv")
    fallback = page.locator("#log .msg-fallback")
    expect(fallback).to_have_count(1)
    expect(fallback.locator(".rating")).to_have_count(0)
    page.get_by_role("textbox").fill("Jag är i fara nu")
    page.get_by_role("textbox").press("Enter")
    expect(page.locator(CARD)).to_have_count(1)
    expect(page.locator("#typing .typing-box")).to_be_hidden()
    expect(page.locator(f"{CARD} .rating")).to_have_count(0)
    # Only answers are rated: here at most the contact list after the fallback.
    for message in page.locator("#log .msg-bot:has(.rating)").all():
        expect(message).to_have_class(re.compile(r"\bmsg-answer\b"))

    stub(context, {"messages": [{"text": "I did not understand.", "kind": "fallback"},
                                {"text": "Notice.", "kind": "system"},
                                {"text": "Call 112.", "kind": "crisis"}], "delivered": True})
    before = page.locator("#log .rating").count()
    send(page, "anything")
    expect(page.locator(BOT).last).to_contain_text("Call 112.")
    expect(page.locator("#log .rating")).to_have_count(before)


# ------------------------------------------------------------------ the chosen language holds

def test_language_holds_through_a_one_word_switch(live, page, problems):
    open_chat(page, live, "sv")
    before = page.locator(BOT).count()
    with page.expect_request("**/api/message") as request:
        send(page, "help")
    assert request.value.post_data_json["language"] == "sv"
    replies = page.locator(BOT).all_inner_texts()[before:]
    assert replies
    said = "\n".join(replies)
    assert not any(marker in said for marker in KNOWLEDGE_UI["en"]), said
    assert detect_language(said).code == "sv", said    # whatever the bot answers, it answers in Swedish
    # The page itself never changes language because of a reply.
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Lämna sidan snabbt")).to_be_visible()
    expect(page.get_by_label("Språk", exact=True)).to_have_value("sv")
    assert page.title() == "Chatt"
    assert stored(page)["language"] == "sv"
    # An English message gets an English reply, and the page still stays Swedish.
    send(page, "What is forced marriage and who can I talk to about it?")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Lämna sidan snabbt")).to_be_visible()
    assert problems == []


# ------------------------------------------------------------------ country

def test_norwegian_user_gets_norwegian_contacts_first(live, page):
    open_chat(page, live, "nb")
    select = page.get_by_label("Land", exact=True)
    expect(select).to_have_value("NO")
    expect(select.locator("option")).to_have_text(["Norge", "Sverige", "Annet land", "Vil ikke si"])
    expect(page.locator("#country-choice button")).to_have_text(["Norge", "Sverige", "Annet land", "Vil ikke si"])
    with page.expect_request("**/api/message") as request:
        send(page, "Hvem kan hjelpe meg?")
    assert request.value.post_data_json["country"] == "NO"
    said = page.locator(BOT).last.inner_text()
    norwegian = [said.find(n) for n in ("Alarmtelefonen", "VO-linjen", "Røde Kors", "02800") if n in said]
    swedish = [said.find(n) for n in ("Bris", "Kvinnofridslinjen", "114 14") if n in said]
    assert norwegian, said
    assert not swedish or min(norwegian) < min(swedish), said


def test_country_follows_the_language_until_chosen(live, page):
    with page.expect_request("**/api/message") as greeting:
        open_chat(page, live, "sv")
    assert "country" not in greeting.value.post_data_json      # asked first, right after it
    page.get_by_role("button", name="Rensa samtalet").click()
    open_chat(page, live, "en")
    select = page.get_by_label("Country", exact=True)
    expect(select).to_have_value("none")
    expect(page.locator("#country-ask")).to_be_visible()
    with page.expect_request("**/api/message") as request:
        send(page, "Who can help me?")
    assert "country" not in request.value.post_data_json
    expect(page.locator("#country-ask")).to_be_hidden()         # asked once, early
    page.get_by_label("Language", exact=True).select_option("sv")
    expect(page.get_by_label("Land", exact=True)).to_have_value("SE")
    expect(page.get_by_label("Land", exact=True).locator("option").first).to_have_text("Sverige")
    with page.expect_request("**/api/message") as request:
        send(page, "Vem kan hjälpa mig?")
    assert request.value.post_data_json["country"] == "SE"
    page.get_by_label("Land", exact=True).select_option("none")
    with page.expect_request("**/api/message") as request:
        send(page, "tack")
    assert "country" not in request.value.post_data_json
    assert stored(page)["country"] == "none"
    assert page.evaluate("() => localStorage.length") == 0


def test_another_country_asks_for_the_embassy_route(live, page):
    open_chat(page, live, "sv")
    with page.expect_request("**/api/message") as request:
        page.locator("#country-choice").get_by_role("button", name="Annat land").click()
    assert request.value.post_data_json["text"] == "/inform_abroad"
    assert "country" not in request.value.post_data_json
    expect(page.locator(USER).last).to_have_text(re.compile("Annat land"))
    expect(page.locator(BOT)).to_have_count(2)
    answer = page.locator(BOT).last
    expect(answer).to_contain_text("ambassad")
    expect(answer.locator('a[href="tel:+4684055005"]')).to_have_text("+46 8 405 50 05")
    expect(answer.locator('a[href="tel:+4723950000"]')).to_have_text("+47 23 95 00 00")
    expect(page.get_by_label("Land", exact=True)).to_have_value("abroad")
    expect(page.locator("#country-ask")).to_be_hidden()


def test_choosing_a_country_after_the_greeting(live, page):
    open_chat(page, live, "sv")
    page.locator("#country-choice").get_by_role("button", name="Norge").click()
    expect(page.locator("#country-ask")).to_be_hidden()
    expect(page.locator("#announcer")).to_contain_text("Norge")
    expect(page.get_by_label("Land", exact=True)).to_have_value("NO")
    expect(page.locator(BOT)).to_have_count(1)                   # a page control: nothing sent
    with page.expect_request("**/api/message") as request:
        send(page, "Jag är i fara nu")
    assert request.value.post_data_json["country"] == "NO"
    card = page.locator(CARD)
    expect(card).to_have_count(1)
    expect(card.locator('.call-link[href="tel:02800"]')).to_have_count(1)    # the Norwegian police
    page.reload()
    expect(page.get_by_label("Land", exact=True)).to_have_value("NO")
    expect(page.locator("#country-ask")).to_be_hidden()


# ------------------------------------------------------------------ try again

def test_rate_limited_message_says_how_long_and_can_be_sent_again(live, context, page, problems):
    """The 429 (Chromium logs the refused request in the console: that line is expected)."""
    open_chat(page, live, "sv")
    stub(context, {"error": "too many messages", "retry_after": 17}, status=429, headers={"Retry-After": "17"})
    send(page, "Vem kan hjälpa mig?")
    notice = page.locator(BOT).last
    expect(notice).to_contain_text("Vänta 17 sekunder")
    expect(notice).to_contain_text("112 fungerar alltid")
    expect(notice.locator('a[href="tel:112"]')).to_have_count(1)
    expect(notice.locator(".rating")).to_have_count(0)
    failed = page.locator(f"{USER}.msg-failed")
    expect(failed).to_have_count(1)
    again = failed.get_by_role("button", name="Försök igen")
    expect(again).to_be_visible()

    # Still there after a reload; then it goes through.
    page.reload()
    context.unroute("**/api/message")
    with page.expect_request("**/api/message") as request:
        page.locator(f"{USER}.msg-failed").get_by_role("button", name="Försök igen").click()
    assert request.value.post_data_json["text"] == "Vem kan hjälpa mig?"
    expect(page.locator(f"{USER}.msg-failed")).to_have_count(0)
    expect(page.locator(USER)).to_have_count(1)
    expect(page.locator(USER).last).to_contain_text("Vem kan hjälpa mig?")
    page.wait_for_function("n => document.querySelectorAll('#log .msg-bot').length > n", arg=2)
    expect(page.locator("#typing .typing-box")).to_be_hidden()
    assert not any(m.get("failed") for m in stored(page)["messages"])
    assert [p for p in problems if "status of 429" not in p] == []


def test_a_quick_reply_is_sent_again_as_its_payload(live, context, page):
    open_chat(page, live, "en")
    stub(context, {"error": "too many messages", "retry_after": 90}, status=429)
    page.get_by_role("button", name="Who can help?").click()
    expect(page.locator(BOT).last).to_contain_text("Wait 2 minutes")
    expect(page.locator(BOT).last).to_contain_text("112 always works")
    context.unroute("**/api/message")
    with page.expect_request("**/api/message") as request:
        page.get_by_role("button", name="Try again").click()
    assert request.value.post_data_json["text"] == "/topic_find_help"
    expect(page.locator(f"{USER}.msg-failed")).to_have_count(0)
    expect(page.locator(USER).last).to_have_text(re.compile(re.escape("Who can help?")))


def test_busy_and_unreachable_say_so_with_112(live, context, page):
    open_chat(page, live, "nb")
    stub(context, {"error": "busy"}, status=503)
    send(page, "hei")
    expect(page.locator(BOT).last).to_contain_text(STRINGS["nb"]["busy"].split("\n")[0])
    expect(page.locator(BOT).last).to_contain_text("112 virker alltid")
    expect(page.get_by_role("button", name="Prøv igjen")).to_have_count(1)


def test_the_gateway_rate_limit_itself(live, page):
    """Thirteen messages in a moment from one conversation: the gateway's 429 and its wait."""
    open_chat(page, live, "sv")
    statuses = page.evaluate("""async () => {
        const id = JSON.parse(sessionStorage.getItem('chat')).conversation_id;
        const one = () => fetch('/api/message', {method: 'POST', headers: {'Content-Type': 'application/json'},
            body: JSON.stringify({conversation_id: id, text: 'tack', language: 'sv'})}).then(r => r.status);
        return Promise.all(Array.from({length: 12}, one));
    }""")
    assert 429 in statuses or len(statuses) == 12
    send(page, "Vem kan hjälpa mig?")
    notice = page.locator(BOT).last
    expect(notice).to_contain_text(re.compile(r"Vänta \d+ sekunder|Vänta 1 minut"))
    expect(notice).to_contain_text("112 fungerar alltid")
    expect(page.locator(f"{USER}.msg-failed").get_by_role("button", name="Försök igen")).to_be_visible()
