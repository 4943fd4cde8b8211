"""The chat page in a real browser, against the real gateway and a real Rasa server.

The test that stops Rasa is the last one in this file; the `live` fixture starts Rasa again for
any test that needs it, so the order is a matter of speed only.
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bot import responses
from bot.web.fallback import fallback_messages

ROOT = Path(__file__).resolve().parent.parent.parent
STRINGS = json.loads((ROOT / "bot/web/static/i18n.json").read_text(encoding="utf-8"))
START_BUTTON = {"sv": "Svenska", "nb": "Norsk", "en": "English"}
NEUTRAL_START = "http://neutral.test/start"
SCREENSHOTS = ROOT / "docs" / "screenshots"

BOT = "#log .msg-bot"
BOT_TEXT = "#log .msg-bot .msg-text"
USER = "#log .msg-user"


# ------------------------------------------------------------------ helpers

def first_line(name: str, language: str, country=None) -> str:
    return responses.text(name, language, country).split("\n")[0]


def open_chat(page, stack, language: str = "sv") -> None:
    """Opens the page, picks the language and waits for the bot's greeting."""
    page.goto(stack.base_url + "/")
    page.get_by_role("button", name=START_BUTTON[language], exact=True).click()
    expect(page.locator(BOT)).to_have_count(1)
    expect(page.locator(BOT_TEXT).first).to_contain_text(first_line("utter_greet", language)[:30])
    expect(page.locator("#typing .typing-box")).to_be_hidden()


def send(page, text: str) -> None:
    """Types a message, sends it with Enter and waits for at least one new bot message."""
    before = page.locator(BOT).count()
    box = page.get_by_role("textbox")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('#log .msg-bot').length > n", arg=before)
    expect(page.locator("#typing .typing-box")).to_be_hidden()


def stored(page) -> dict:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('chat') || 'null')")


def message_status(stack, conversation_id: str) -> int:
    body = json.dumps({"conversation_id": conversation_id, "text": "?", "language": "sv"}).encode()
    request = urllib.request.Request(f"{stack.base_url}/api/message", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def assert_forgotten(stack, conversation_id: str, timeout: float = 15.0) -> None:
    """The gateway got /api/forget: Rasa's stored conversation is gone and the id no longer works.

    Polls the tracker database (not the API, which would add to the conversation while it lives)."""
    deadline = time.monotonic() + timeout
    while stack.stored_events(conversation_id) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stack.stored_events(conversation_id) == 0, "the tracker store still holds the conversation"
    while message_status(stack, conversation_id) != 401 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert message_status(stack, conversation_id) == 401, "the conversation id still works"


def assert_left_cleanly(page, context, stack, conversation_id: str) -> None:
    page.wait_for_url(stack.exit_url)
    expect(page.get_by_role("heading", name="Weather")).to_be_visible()
    # The chat page was replaced in the history: Back goes to what came before it.
    page.go_back()
    assert page.url == NEUTRAL_START
    expect(page.locator("#log")).to_have_count(0)
    # Back on the chat's origin in the same tab, on a page that runs no script: nothing kept.
    page.goto(stack.base_url + "/api/health")
    assert page.evaluate("() => [sessionStorage.length, localStorage.length]") == [0, 0]
    assert context.cookies() == []
    assert_forgotten(stack, conversation_id)


def axe_violations(page, axe_source: str) -> list[dict]:
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )


# ------------------------------------------------------------------ the page itself

def test_first_screen_is_neutral_and_says_what_this_is(live, page, problems):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live.base_url + "/")
    assert page.title() == "Chatt"
    assert page.locator("link[rel=icon]").get_attribute("href") == "/static/icon.svg"
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stödlotsen")
    # The topics in one line, then three short facts.
    for topic in ("hedersförtryck", "tvångs- och barnäktenskap", "könsstympning", "utomlands",
                  "våld i nära relationer"):
        expect(page.locator(".lead")).to_contain_text(topic)
    facts = page.locator(".facts")
    expect(facts).to_contain_text(STRINGS["sv"]["fact_bot"])
    expect(facts).to_contain_text(STRINGS["sv"]["fact_anonymous"])
    expect(facts).to_contain_text(STRINGS["sv"]["fact_emergency"])
    expect(page.locator(".emergency")).to_contain_text("Akut fara?")
    expect(page.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    expect(page.get_by_role("button", name="Lämna sidan snabbt")).to_be_visible()
    expect(page.locator(".exit-note")).to_contain_text("historik")
    expect(page.locator(".exit-note").get_by_role("link", name=STRINGS["sv"]["tracks_link"])).to_have_attribute(
        "href", "/static/tracks.html")
    for name in START_BUTTON.values():
        expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
    page.wait_for_function("() => JSON.parse(sessionStorage.getItem('chat') || '{}').conversation_id")
    assert all(url.startswith(live.base_url + "/") for url in requests), requests
    assert problems == []


def test_send_a_message_and_see_the_answer(live, page, problems):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_chat(page, live, "sv")
    greeting = responses.select("utter_greet", {"language": "sv"})
    # The topics at once, with "I'm in danger now" and "someone can read along" beside them.
    buttons = page.locator("#log .quick-reply")
    expect(buttons).to_have_text([b["title"] for b in greeting["buttons"]])
    expect(page.locator("#log .quick-reply-danger")).to_have_text(
        [b["title"] for b in greeting["buttons"] if b["payload"].startswith("/danger_")])
    expect(page.locator(".emergency")).to_be_visible()
    # The greeting says "ring 112": a tel: link, as the server marked it.
    expect(page.locator(BOT).first.locator('a[href="tel:112"]')).to_have_count(1)

    # A quick reply: the bubble shows its title, the bot answers the topic.
    page.get_by_role("button", name=greeting["buttons"][0]["title"]).click()
    expect(page.locator(USER).last).to_contain_text(greeting["buttons"][0]["title"])
    page.wait_for_function("() => document.querySelectorAll('#log .msg-bot').length >= 2")
    expect(page.locator("#typing .typing-box")).to_be_hidden()
    expect(page.locator("#log .msg-bot").first.locator(".quick-replies")).to_have_count(0)

    # Typed text is shown as text, never as HTML.
    typed = 'Vem kan hjälpa mig? <img src=x onerror="document.title=1">'
    send(page, typed)
    expect(page.locator(USER).last.locator(".msg-text")).to_contain_text(typed)
    expect(page.locator("#log img")).to_have_count(0)
    assert page.locator(BOT).count() >= 3
    expect(page.locator("#log .msg-failed")).to_have_count(0)

    # Links in bot text are built with DOM APIs: https ones open safely in a new tab, and
    # phone numbers are tel: links.
    for link in page.locator("#log a").all():
        href = link.get_attribute("href")
        if href.startswith("tel:"):
            assert re.match(r"^tel:\+?[0-9]+$", href), href
            continue
        assert re.match(r"^https://", href), href
        assert link.get_attribute("rel") == "noopener noreferrer"
        assert link.get_attribute("target") == "_blank"

    assert page.title() == "Chatt"
    assert all(url.startswith(live.base_url + "/") for url in requests), requests
    assert page.evaluate("() => localStorage.length") == 0
    assert page.context.cookies() == []
    assert problems == []


def test_domains_in_real_answers_become_links(live, page):
    """Through the buttons to a topic; every web address the bot writes is a safe link."""
    open_chat(page, live, "sv")
    page.locator("#log .quick-reply").first.click()               # the first topic
    page.wait_for_function("() => document.querySelectorAll('#log .msg-bot').length >= 2")
    expect(page.locator("#typing .typing-box")).to_be_hidden()
    # Nobody has said who is asking: the bot asks once; the answer follows the choice.
    before = page.locator(BOT).count()
    page.locator("#log .quick-reply", has_text="Mig själv – under 18").last.click()
    page.wait_for_function(f"() => document.querySelectorAll('#log .msg-bot').length > {before}")
    expect(page.locator("#typing .typing-box")).to_be_hidden()
    send(page, "Var kommer det ifrån?")                           # the sources: "title (org): url"
    expect(page.locator(BOT_TEXT).last).to_contain_text("https://")
    for message in page.locator(BOT).all():
        text = message.locator(".msg-text").evaluate(
            "el => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(' ')")
        assert not re.search(r"\b[a-z0-9-]+\.(?:se|no|com|org)\b", text), f"unlinked address in {text!r}"
        for link in message.locator("a:not([href^='tel:'])").all():
            href = link.get_attribute("href")
            assert re.match(r"^https://[^\s]+$", href), href
            assert href.endswith(link.evaluate("a => a.firstChild.data").removeprefix("https://").removeprefix("http://"))
            assert link.get_attribute("rel") == "noopener noreferrer"
            assert link.get_attribute("target") == "_blank"
    white_space = page.locator(BOT_TEXT).last.evaluate("el => getComputedStyle(el).whiteSpace")
    assert white_space == "pre-line"


def test_rendering_of_bot_text_buttons_and_typing_indicator(live, context, page, problems):
    """A stubbed answer (through a route) pins down how bot text is put on the page."""
    open_chat(page, live, "sv")
    held = []
    context.route("**/api/message", lambda route: held.append(route))
    box = page.get_by_role("textbox")
    box.fill("test")
    box.press("Enter")
    expect(page.locator("#typing .typing-box")).to_be_visible()
    deadline = time.monotonic() + 10
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)             # lets Playwright hand the request to the route
    assert held, "the message request did not reach the route"
    text = ("Läs mer på bris.se eller https://example.org/a?b=1.\nRad två <img src=x> & <b>fet</b>"
            "\nGammal: http://example.com/x 🙂 ring 020-50 50 50 eller info@bris.se")
    number = text.index("020")
    stub = {
        "messages": [{
            "text": text, "kind": "answer",
            "buttons": [{"title": "<b>Ja</b>", "payload": "/affirm"}],
            # Offsets in code points, as Python counts them: the emoji before is one, not two.
            "numbers": [{"start": number, "end": number + len("020-50 50 50"), "tel": "020505050"}],
        }],
        "delivered": True,
    }
    held[0].fulfill(status=200, content_type="application/json", body=json.dumps(stub))
    last = page.locator(BOT).last
    expect(last).to_contain_text("Rad två <img src=x> & <b>fet</b>")
    expect(page.locator("#typing .typing-box")).to_be_hidden()
    expect(page.locator("#log img, #log b")).to_have_count(0)
    links = last.locator("a")
    expect(links).to_have_count(3)            # not the http:// address, not the e-mail's domain
    assert links.nth(0).get_attribute("href") == "https://bris.se"
    assert links.nth(1).get_attribute("href") == "https://example.org/a?b=1"
    expect(links.nth(2)).to_have_text("020-50 50 50")
    assert links.nth(2).get_attribute("href") == "tel:020505050"
    expect(last).to_contain_text("http://example.com/x")
    text = last.locator(".msg-text").evaluate("el => el.textContent")
    assert "b=1" + " " + STRINGS["sv"]["new_tab"] + ".\nRad två" in text
    expect(last.get_by_role("button", name="<b>Ja</b>")).to_be_visible()
    assert problems == []


def test_an_empty_answer_still_says_something(live, context, page):
    open_chat(page, live, "en")
    context.route("**/api/message", lambda route: route.fulfill(
        status=200, content_type="application/json", body='{"messages": [], "delivered": true}'))
    send(page, "anything")
    expect(page.locator(BOT_TEXT).last).to_contain_text(STRINGS["en"]["no_answer"].split("\n")[0])
    expect(page.locator("#log .msg-failed")).to_have_count(0)


def test_switch_language_changes_the_page_and_the_answers(live, page, problems):
    open_chat(page, live, "nb")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("button", name="Forlat siden raskt")).to_be_visible()
    expect(page.get_by_role("button", name="Tøm samtalen")).to_be_visible()
    assert page.title() == "Chat"

    page.get_by_label(STRINGS["nb"]["language_label"], exact=True).select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    expect(page.get_by_role("button", name="Clear conversation")).to_be_visible()
    expect(page.get_by_label("Write your message")).to_be_visible()
    expect(page.locator(".emergency")).to_contain_text("In danger now?")
    expect(page.locator(".exit-note")).to_contain_text("private window")
    assert page.title() == "Chat"

    with page.expect_request("**/api/message") as request:
        send(page, "hello")
    assert request.value.post_data_json["language"] == "en"
    expect(page.locator(BOT_TEXT).last).to_contain_text(first_line("utter_greet", "en")[:30])
    assert stored(page)["language"] == "en"

    page.get_by_label("Language", exact=True).select_option("sv")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Lämna sidan snabbt")).to_be_visible()
    assert page.title() == "Chatt"
    assert problems == []


def test_country_choice_is_sent(live, page):
    open_chat(page, live, "sv")
    expect(page.get_by_label("Land", exact=True)).to_have_value("SE")     # from the language
    page.get_by_label("Land", exact=True).select_option("NO")
    with page.expect_request("**/api/message") as request:
        send(page, "Kan jag prata med en människa?")
    assert request.value.post_data_json["country"] == "NO"
    assert stored(page)["country"] == "NO"


# ------------------------------------------------------------------ quick exit

def test_quick_exit_button_leaves_nothing(live, context, page):
    page.goto(NEUTRAL_START)
    open_chat(page, live, "sv")
    send(page, "Vem kan hjälpa mig?")
    saved = stored(page)
    assert saved["conversation_id"] and len(saved["messages"]) >= 2
    assert live.stored_events(saved["conversation_id"]) > 0
    page.get_by_role("button", name="Lämna sidan snabbt").click()
    assert_left_cleanly(page, context, live, saved["conversation_id"])


def test_quick_exit_by_pressing_shift_three_times(live, context, page):
    page.goto(NEUTRAL_START)
    open_chat(page, live, "en")
    send(page, "Who can help me?")
    saved = stored(page)
    box = page.get_by_role("textbox")
    box.focus()
    # Shift used for typing (another key in between) does not exit.
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.type("A")
    expect(box).to_have_value("A")
    assert page.url.startswith(live.base_url)
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_cleanly(page, context, live, saved["conversation_id"])


def test_quick_exit_on_the_first_screen(live, context, page):
    page.goto(NEUTRAL_START)
    page.goto(live.base_url + "/")
    page.wait_for_function("() => JSON.parse(sessionStorage.getItem('chat') || '{}').conversation_id")
    conversation_id = stored(page)["conversation_id"]
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_cleanly(page, context, live, conversation_id)


# ------------------------------------------------------------------ keeping and clearing

def test_reload_keeps_the_conversation_in_this_tab_only(live, context, page, problems):
    open_chat(page, live, "sv")
    page.get_by_label("Land", exact=True).select_option("SE")
    send(page, "Vem kan hjälpa mig?")
    before = page.locator("#log .msg").all_inner_texts()
    saved = stored(page)
    page.reload()
    expect(page.locator("#chat")).to_be_visible()
    expect(page.locator("#welcome")).to_be_hidden()
    expect(page.locator("#log .msg")).to_have_count(len(before))
    assert page.locator("#log .msg").all_inner_texts() == before
    assert stored(page)["conversation_id"] == saved["conversation_id"]
    expect(page.get_by_label("Land", exact=True)).to_have_value("SE")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    send(page, "tack")                         # and it goes on in the same conversation
    assert stored(page)["conversation_id"] == saved["conversation_id"]

    other = context.new_page()                 # another tab starts empty
    other.goto(live.base_url + "/")
    expect(other.locator("#welcome")).to_be_visible()
    expect(other.locator("#log .msg")).to_have_count(0)
    other.close()
    assert problems == []


def test_clear_conversation(live, page, problems):
    open_chat(page, live, "sv")
    send(page, "Vem kan hjälpa mig?")
    old_id = stored(page)["conversation_id"]
    page.get_by_role("button", name="Rensa samtalet").click()
    expect(page.locator("#welcome")).to_be_visible()
    expect(page.locator("#chat")).to_be_hidden()
    expect(page.locator("#log .msg")).to_have_count(0)
    expect(page.locator("#announcer")).to_have_text(STRINGS["sv"]["cleared"])
    expect(page.get_by_role("heading", level=1, name="Stödlotsen")).to_be_focused()
    page.wait_for_function(
        "old => { const s = JSON.parse(sessionStorage.getItem('chat') || 'null');"
        " return s && s.conversation_id && s.conversation_id !== old; }", arg=old_id)
    saved = stored(page)
    assert saved["messages"] == [] and saved["language"] is None
    assert_forgotten(live, old_id)
    # A fresh start works in the new conversation.
    open_chat(page, live, "en")
    assert stored(page)["conversation_id"] == saved["conversation_id"]
    assert problems == []


# ------------------------------------------------------------------ accessibility

def test_keyboard_only_from_start_to_answer(live, page):
    page.goto(live.base_url + "/")
    page.wait_for_function("() => JSON.parse(sessionStorage.getItem('chat') || '{}').conversation_id")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "tel:112"
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Lämna sidan snabbt")).to_be_focused()

    def tab_to(selector: str, key: str = "Tab", limit: int = 25) -> None:
        for _ in range(limit):
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                break
            page.keyboard.press(key)
        assert page.evaluate("s => document.activeElement.matches(s)", selector), selector
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {selector}"

    tab_to('[data-start="sv"]')
    page.keyboard.press("Enter")
    expect(page.locator(BOT)).to_have_count(1)
    # The country question after the greeting: Enter on "Norge" sets it and goes on in the field.
    tab_to('#country-choice [data-country="NO"]', limit=40)
    page.keyboard.press("Enter")
    expect(page.locator("#country-ask")).to_be_hidden()
    expect(page.get_by_role("textbox")).to_be_focused()
    expect(page.get_by_label("Land", exact=True)).to_have_value("NO")
    # The greeting's reply options are one Shift+Tab back from the message field.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('quick-reply')")
    page.keyboard.press("Enter")                       # "someone can read along"
    expect(page.locator(BOT)).to_have_count(2)
    expect(page.get_by_role("textbox")).to_be_focused()
    page.keyboard.type("Vad kan du hjälpa till med?")
    with page.expect_request("**/api/message") as request:
        page.keyboard.press("Enter")
    assert request.value.post_data_json["country"] == "NO"
    expect(page.locator(BOT)).to_have_count(3)
    expect(page.get_by_role("textbox")).to_have_value("")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('quick-reply')")

    # A message that does not get through: "Try again" is reachable and works from the keyboard.
    page.context.route("**/api/message", lambda route: route.abort())
    tab_to("#message-input")
    page.keyboard.type("Vem kan hjälpa mig?")
    page.keyboard.press("Enter")
    expect(page.locator("#log .msg-failed")).to_have_count(1)
    page.context.unroute("**/api/message")
    tab_to("#log .retry-button", key="Shift+Tab", limit=40)
    page.keyboard.press("Enter")
    expect(page.locator("#log .msg-failed")).to_have_count(0)
    expect(page.locator(USER).last).to_contain_text("Vem kan hjälpa mig?")
    expect(page.get_by_role("textbox")).to_be_focused()

    # The note on quick exit, from beside the message field, without leaving the page.
    tab_to("#exit-note-link")
    url = page.url
    page.keyboard.press("Enter")
    expect(page.locator("#exit-note-heading")).to_be_focused()
    assert page.url == url
    tab_to(".exit-note a[href='/static/tracks.html']")
    tab_to("#clear-button", key="Shift+Tab", limit=80)


def test_axe_finds_no_serious_violations(live, make_context, axe_source):
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        ctx = make_context(bypass_csp=True, viewport=viewport)
        pg = ctx.new_page()
        pg.goto(live.base_url + "/")
        pg.wait_for_function("() => JSON.parse(sessionStorage.getItem('chat') || '{}').conversation_id")
        found = axe_violations(pg, axe_source)
        open_chat(pg, live, "sv")
        expect(pg.locator("#country-ask")).to_be_visible()
        found += axe_violations(pg, axe_source)            # the greeting and the country question
        pg.locator("#log .quick-reply").first.click()
        pg.wait_for_function("() => document.querySelectorAll('#log .msg-bot').length >= 2")
        expect(pg.locator("#typing .typing-box")).to_be_hidden()
        # A message that does not get through, for the "not delivered" mark.
        ctx.route("**/api/message", lambda route: route.abort())
        send(pg, "Hej")
        expect(pg.locator("#log .msg-failed")).to_have_count(1)
        ctx.unroute("**/api/message")
        found += axe_violations(pg, axe_source)
        # The chat with a crisis card and the country question answered.
        send(pg, "Jag är i fara nu")
        expect(pg.locator("#log .msg-crisis")).to_have_count(1)
        found += axe_violations(pg, axe_source)
        serious = [v for v in found if v["impact"] in ("serious", "critical")]
        assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("viewport", [
    {"width": 640, "height": 400},     # 1280 x 800 at 200 % zoom
    {"width": 320, "height": 256},     # 1280 x 1024 at 400 % zoom (WCAG reflow)
], ids=["200pct", "400pct"])
def test_zoomed_page_reflows_and_keeps_112_and_exit(live, make_context, viewport):
    pg = make_context(viewport=viewport).new_page()
    pg.goto(live.base_url + "/")
    assert_reflows(pg, viewport)
    open_chat(pg, live, "sv")
    assert_reflows(pg, viewport)                       # the greeting and the country question
    pg.get_by_role("button", name="Annat land").click()  # the embassies' long numbers
    expect(pg.locator(BOT)).to_have_count(2)
    send(pg, "Jag är i fara nu")
    expect(pg.locator("#log .msg-crisis")).to_have_count(1)
    assert_reflows(pg, viewport)
    pg.get_by_role("textbox").scroll_into_view_if_needed()
    expect(pg.get_by_role("textbox")).to_be_in_viewport()


def assert_reflows(pg, viewport) -> None:
    for target in (pg.locator(".emergency-number"), pg.get_by_role("button", name="Lämna sidan snabbt")):
        box = target.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    overflow = pg.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"horizontal scrolling needed ({overflow}px)"


# ------------------------------------------------------------------ screenshots for docs/

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def screenshot_page(make_context, viewport: dict, tmp_path: Path):
    """(a page of that size, shoot(name)): shoot writes <name>.png into docs/screenshots/ with
    UPDATE_SCREENSHOTS=1, else into tmp_path, without focus ring or hover in the picture."""
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    pg = make_context(viewport=viewport, device_scale_factor=1).new_page()

    def shoot(name: str) -> None:
        pg.evaluate("() => document.activeElement && document.activeElement.blur()")
        pg.mouse.move(viewport["width"] - 2, viewport["height"] - 2)
        path = folder / f"{name}.png"
        pg.screenshot(path=str(path), animations="disabled")
        assert path.stat().st_size > 10_000

    return pg, shoot


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_screenshots(live, make_context, tmp_path, device):
    """With UPDATE_SCREENSHOTS=1 writes docs/screenshots/: <device>-first-screen.png (the page as
    it opens), <device>.png (the chat after the greeting: topics and the country question) and
    <device>-crisis.png (a crisis card); else into a tmp folder."""
    pg, shoot = screenshot_page(make_context, VIEWPORTS[device], tmp_path)
    pg.goto(live.base_url + "/")
    pg.wait_for_function("() => JSON.parse(sessionStorage.getItem('chat') || '{}').conversation_id")
    shoot(f"{device}-first-screen")
    open_chat(pg, live, "sv")
    expect(pg.locator("#country-ask")).to_be_visible()
    shoot(device)
    send(pg, "Jag är i fara nu")
    expect(pg.locator("#log .msg-crisis")).to_have_count(1)
    pg.evaluate("() => { const u = [...document.querySelectorAll('#log .msg-user')].pop();"
                " window.scrollBy(0, u.getBoundingClientRect().top"
                " - document.querySelector('.topbar').getBoundingClientRect().bottom - 12); }")
    shoot(f"{device}-crisis")


# ------------------------------------------------------------------ failures (Rasa stopped: last)

def test_gateway_unreachable_marks_the_message(live, context, page):
    open_chat(page, live, "sv")
    context.route("**/api/message", lambda route: route.abort())
    send(page, "Hej")
    expect(page.locator(BOT_TEXT).last).to_contain_text(STRINGS["sv"]["network_error"].split("\n")[0])
    expect(page.locator(BOT).last.locator('a[href="tel:112"]')).to_have_count(1)
    expect(page.locator(BOT).last.locator(".rating")).to_have_count(0)
    failed = page.locator(f"{USER}.msg-failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text(STRINGS["sv"]["not_delivered"])
    expect(failed.get_by_role("button", name="Försök igen")).to_be_visible()
    assert stored(page)["messages"][-2]["failed"] is True


def test_rasa_stopped_gives_the_fallback_answer(live, page):
    open_chat(page, live, "sv")
    live.stop_rasa()
    assert not live.rasa_running()
    send(page, "Hej igen")
    expect(page.locator(BOT_TEXT).last).to_contain_text(first_line("utter_service_unavailable", "sv"))
    failed = page.locator(f"{USER}.msg-failed")
    expect(failed).to_have_count(1)
    expect(failed).to_contain_text(STRINGS["sv"]["not_delivered"])

    danger = "Han slår mig just nu, jag är rädd att han dödar mig"
    send(page, danger)
    expected = fallback_messages(danger, "sv", "SE")
    assert len(expected) == 2, "the safety rules should flag this message"
    texts = page.locator(BOT).all_inner_texts()[-len(expected):]
    for said, want in zip(texts, expected):
        assert want.split("\n")[0] in said
    # The gateway's own escalation is a crisis card too, with its numbers to call; no thumbs.
    card = page.locator(BOT).nth(page.locator(BOT).count() - 2)
    expect(card).to_have_class(re.compile(r"\bmsg-crisis\b"))
    expect(card.locator('.crisis-card[role="alert"]')).to_have_count(1)
    expect(card.locator('.call-link[href="tel:112"]')).to_have_count(1)
    expect(page.locator("#log .rating")).to_have_count(0)
    expect(page.locator(f"{USER}.msg-failed")).to_have_count(2)
    expect(page.locator(f"{USER}.msg-failed .retry-button")).to_have_count(2)
    # After a reload the marks are still there.
    page.reload()
    expect(page.locator(f"{USER}.msg-failed")).to_have_count(2)
