"""Thumbs up / down under the bot's answers, in a real browser against the real gateway and Rasa:
what is sent, what is counted in the operator figures, and that an answer is rated once."""
from __future__ import annotations

import json

from playwright.sync_api import expect

from test_page import (BOT, BOT_TEXT, START_BUTTON, STRINGS, assert_left_cleanly, axe_violations,
                       first_line, send, stored)

RATING = "#log .rating"
NEUTRAL_START = "http://neutral.test/start"


def open_chat(page, stack, language: str) -> None:
    """test_page.open_chat, with time for the first answer of a Rasa just (re)started: this file runs
    after test_page.py, whose last test stops Rasa."""
    page.goto(stack.base_url + "/")
    page.get_by_role("button", name=START_BUTTON[language], exact=True).click()
    expect(page.locator(BOT)).to_have_count(1, timeout=60_000)
    expect(page.locator(BOT_TEXT).first).to_contain_text(first_line("utter_greet", language)[:30])
    expect(page.locator("#typing .typing-box")).to_be_hidden()


def answer(page, text: str) -> None:
    """Sends a message and checks Rasa answered it (not the gateway's stand-in, which has no rating)."""
    send(page, text)
    expect(page.locator("#log .msg-failed"), "Rasa did not answer in time").to_have_count(0)


def rate_requests(page) -> list[dict]:
    sent: list[dict] = []
    page.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/rate") else None)
    return sent


def test_thumbs_up_is_counted_once_and_the_buttons_disable(live, page, problems):
    sent = rate_requests(page)
    open_chat(page, live, "sv")
    expect(page.locator(RATING)).to_have_count(0)            # the greeting is not an answer
    answer(page, "Vem kan hjälpa mig?")
    expect(page.locator(RATING)).to_have_count(1)
    expect(page.locator(BOT).last.locator(".rating")).to_have_count(1)   # under the answer's last part

    sv = STRINGS["sv"]
    group = page.get_by_role("group", name=sv["rate_group"])
    up = group.get_by_role("button", name=sv["rate_up"], exact=True)
    down = group.get_by_role("button", name=sv["rate_down"], exact=True)
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(down).to_have_attribute("aria-pressed", "false")
    before = live.figures("rating")

    with page.expect_response("**/api/rate") as response:
        up.click()
    assert response.value.status == 204
    conversation_id = stored(page)["conversation_id"]
    assert sent == [{"conversation_id": conversation_id, "rating": "up"}]   # which answer: not sent
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    expect(up).to_be_disabled()
    expect(down).to_be_disabled()
    thanks = page.locator(f"{RATING} .rating-thanks")
    expect(thanks).to_have_text(sv["rate_thanks"])
    expect(thanks).to_be_focused()
    assert live.figures("rating") == {**before, "up": before.get("up", 0) + 1}

    # Once per answer, also after a reload (the tab's sessionStorage remembers it, nothing else).
    up.dispatch_event("click")
    page.reload()
    expect(page.locator(RATING)).to_have_count(1)
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up).to_be_disabled()
    expect(down).to_be_disabled()
    expect(thanks).to_have_text(sv["rate_thanks"])
    assert len(sent) == 1 and live.figures("rating")["up"] == before.get("up", 0) + 1
    assert stored(page)["messages"][-1]["rated"] == "up"
    assert page.evaluate("() => localStorage.length") == 0 and page.context.cookies() == []
    assert page.title() == "Chatt"

    # The next answer gets its own pair.
    answer(page, "tack")
    expect(page.locator(RATING)).to_have_count(2)
    expect(page.locator(RATING).last.locator("button:enabled")).to_have_count(2)
    assert problems == []


def test_keyboard_rating_and_labels_in_the_chosen_language(live, page, problems):
    open_chat(page, live, "nb")
    answer(page, "Hvem kan hjelpe meg?")
    nb, en = STRINGS["nb"], STRINGS["en"]
    expect(page.get_by_role("button", name=nb["rate_down"], exact=True)).to_be_visible()
    page.get_by_label(nb["language_label"], exact=True).select_option("en")
    expect(page.get_by_role("group", name=en["rate_group"])).to_be_visible()
    down = page.get_by_role("button", name=en["rate_down"], exact=True)
    before = live.figures("rating")

    up = page.get_by_role("button", name=en["rate_up"], exact=True)
    up.focus()
    page.keyboard.press("Tab")
    expect(down).to_be_focused()
    with page.expect_response("**/api/rate") as response:
        page.keyboard.press("Space")
    assert response.value.status == 204
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"{RATING} .rating-thanks")).to_be_focused()
    expect(page.locator(f"{RATING} .rating-thanks")).to_have_text(en["rate_thanks"])
    assert live.figures("rating").get("down", 0) == before.get("down", 0) + 1
    # Tab goes on from there: to the reply options, if any, then the message field.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('#log .quick-reply, #message-input')")
    assert problems == []


def test_stand_in_answers_have_no_rating(live, context, page):
    """The page's own and the gateway's answers (not delivered, or empty) are not the bot's."""
    open_chat(page, live, "en")
    context.route("**/api/message", lambda route: route.abort())
    send(page, "anything")
    context.unroute("**/api/message")
    stand_in = {"messages": [{"text": "The message was not delivered."}], "delivered": False}
    context.route("**/api/message", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(stand_in)))
    send(page, "anything else")
    context.unroute("**/api/message")
    context.route("**/api/message", lambda route: route.fulfill(
        status=200, content_type="application/json", body='{"messages": [], "delivered": true}'))
    send(page, "and more")
    expect(page.locator(BOT).last).to_contain_text(STRINGS["en"]["no_answer"].split("\n")[0])
    expect(page.locator(RATING)).to_have_count(0)


def test_rating_with_clear_and_quick_exit(live, context, page):
    page.goto(NEUTRAL_START)
    open_chat(page, live, "sv")
    answer(page, "Vem kan hjälpa mig?")
    sv = STRINGS["sv"]
    before = live.figures("rating")
    with page.expect_response("**/api/rate"):
        page.get_by_role("button", name=sv["rate_up"], exact=True).click()
    page.get_by_role("button", name="Rensa samtalet").click()
    expect(page.locator(RATING)).to_have_count(0)

    open_chat(page, live, "sv")                           # a new conversation rates afresh
    answer(page, "Vad kan du hjälpa till med?")
    with page.expect_response("**/api/rate") as response:
        page.get_by_role("button", name=sv["rate_down"], exact=True).click()
    assert response.value.status == 204
    after = live.figures("rating")
    assert after.get("up", 0) == before.get("up", 0) + 1
    assert after.get("down", 0) == before.get("down", 0) + 1

    conversation_id = stored(page)["conversation_id"]
    page.get_by_role("button", name="Lämna sidan snabbt").click()
    assert_left_cleanly(page, context, live, conversation_id)


def test_axe_finds_no_serious_violations_around_ratings(live, make_context, axe_source):
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        pg = make_context(bypass_csp=True, viewport=viewport).new_page()
        open_chat(pg, live, "sv")
        answer(pg, "Vem kan hjälpa mig?")
        answer(pg, "Vad är tvångsäktenskap?")
        found = axe_violations(pg, axe_source)                  # two unrated pairs
        pg.locator(f"{RATING} .rate-up").first.click()
        expect(pg.locator(f"{RATING} .rating-thanks")).to_have_count(1)
        found += axe_violations(pg, axe_source)                 # one rated, one not
        serious = [v for v in found if v["impact"] in ("serious", "critical")]
        assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
