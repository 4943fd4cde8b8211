"""The page's languages, in a real browser against the real gateway and Rasa: the language menu
(Svenska, Norsk, English, Lättläst svenska, and "Other languages" with the languages the bot
answers only in danger, from /api/config), the request for who the bot is in such a language
("/other_language"), right to left for Arabic with phone numbers left to right, the way back to
Swedish from the answer's buttons, easy Swedish sent as a register, axe, quick exit, screenshots."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from bot import responses
from bot.languages import escalation_languages, languages
from test_page import (BOT, NEUTRAL_START, STRINGS, USER, VIEWPORTS, assert_left_cleanly,
                       axe_violations, first_line, screenshot_page, send, stored)

OTHER = list(escalation_languages())                     # knowledge/languages.yaml, in its order
NAMES = {code: languages()[code].name for code in OTHER}
RTL = {code for code in OTHER if languages()[code].direction == "rtl"}
START_MENU = "#other-start"
CHAT_MENU = "#other-chat"


# ------------------------------------------------------------------ helpers

def wait_for_session(page) -> None:
    page.wait_for_function("() => JSON.parse(sessionStorage.getItem('chat') || '{}').conversation_id")


def wait_for_answer(page, count: int) -> None:
    expect(page.locator(BOT)).to_have_count(count, timeout=60_000)
    expect(page.locator("#typing .typing-box")).to_be_hidden()


def start_in(page, stack, code: str) -> dict:
    """Opens the page, chooses the language under "Other languages" and waits for the answer;
    returns what the page sent."""
    page.goto(stack.base_url + "/")
    page.locator("#welcome").get_by_role("button", name=STRINGS["sv"]["other_languages"]).click()
    with page.expect_request("**/api/message") as request:
        page.locator(START_MENU).get_by_role("button", name=NAMES[code], exact=True).click()
    wait_for_answer(page, 1)
    return request.value.post_data_json


def reads_left_to_right(link) -> bool:
    """The first character of the link's text is drawn left of its last one."""
    return link.evaluate("""a => {
        const node = a.firstChild, range = document.createRange();
        range.setStart(node, 0); range.setEnd(node, 1);
        const first = range.getBoundingClientRect().left;
        range.setStart(node, node.length - 1); range.setEnd(node, node.length);
        return first < range.getBoundingClientRect().left; }""")


def other_language_text(code: str) -> str:
    return responses.text("utter_other_language", code)


# ------------------------------------------------------------------ the menu

def test_the_menu_lists_the_languages_from_the_config_each_in_its_own_script(live, page, problems):
    page.goto(live.base_url + "/")
    choice = page.locator("#welcome .start-button")
    expect(choice).to_have_text(["Svenska", "Norsk", "English", "Lättläst svenska"])
    toggle = page.locator("#welcome .other-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator(START_MENU)).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    buttons = page.locator(f"{START_MENU} .other-language")
    expect(buttons).to_have_text([NAMES[c] for c in OTHER])
    for code, button in zip(OTHER, buttons.all()):
        expect(button).to_have_attribute("lang", code)
        expect(button).to_have_attribute("dir", "rtl" if code in RTL else "ltr")
    # Compact on a phone: the whole menu, open, fits on the first screen above the note on exit.
    bottom = buttons.last.bounding_box()
    assert bottom["y"] + bottom["height"] <= 844
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert problems == []


def test_an_arabic_browser_gets_the_first_screen_in_arabic(live, make_context):
    pg = make_context(locale="ar").new_page()
    pg.goto(live.base_url + "/")
    wait_for_session(pg)
    expect(pg.locator("html")).to_have_attribute("lang", "ar")
    expect(pg.locator("html")).to_have_attribute("dir", "rtl")
    ar = STRINGS["ar"]
    expect(pg.locator("#welcome .lead")).to_have_text(ar["intro"])
    expect(pg.locator("#welcome .facts li")).to_have_text([ar["fact_bot"], ar["fact_anonymous"], ar["fact_emergency"]])
    expect(pg.locator("#exit-button")).to_have_text(ar["exit"])
    assert pg.title() == "Chat"
    assert stored(pg)["language"] is None                   # nothing chosen, nothing sent


def test_the_config_names_the_languages_and_a_copy_stands_in_when_it_fails(live, make_context):
    renamed = {"exit_url": live.exit_url, "languages": [
        {"code": "sv", "name": "Svenska", "direction": "ltr", "content": "full"},
        {"code": "ar", "name": "العربية (test)", "direction": "rtl", "content": "escalation"},
        {"code": "so", "name": "Soomaali (test)", "direction": "ltr", "content": "escalation"}]}
    ctx = make_context()
    ctx.route("**/api/config", lambda route: route.fulfill(status=200, content_type="application/json",
                                                           body=json.dumps(renamed, ensure_ascii=False)))
    pg = ctx.new_page()
    pg.goto(live.base_url + "/")
    pg.locator("#welcome .other-toggle").click()
    expect(pg.locator(f"{START_MENU} .other-language")).to_have_text(["العربية (test)", "Soomaali (test)"])

    broken = make_context()
    broken.route("**/api/config", lambda route: route.fulfill(status=500, body="no"))
    pg = broken.new_page()
    pg.goto(live.base_url + "/")
    pg.locator("#welcome .other-toggle").click()
    expect(pg.locator(f"{START_MENU} .other-language")).to_have_text([NAMES[c] for c in OTHER])


def test_the_menu_by_keyboard_alone(live, page):
    page.goto(live.base_url + "/")
    wait_for_session(page)

    def tab_to(selector: str, key: str = "Tab", limit: int = 30) -> None:
        for _ in range(limit):
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                break
            page.keyboard.press(key)
        assert page.evaluate("s => document.activeElement.matches(s)", selector), selector
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"no visible focus on {selector}"

    tab_to('[data-start="sv"][data-register="easy"]')
    page.keyboard.press("Tab")
    toggle = page.locator("#welcome .other-toggle")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    tab_to(f'{START_MENU} [data-language="{OTHER[0]}"]', limit=3)
    page.keyboard.press("Escape")                      # closes it, back on its button
    expect(page.locator(START_MENU)).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(START_MENU)).to_be_visible()
    tab_to(f'{START_MENU} [data-language="so"]', limit=len(OTHER) + 1)
    with page.expect_request("**/api/message") as request:
        page.keyboard.press("Enter")
    assert request.value.post_data_json["text"] == "/other_language"
    assert request.value.post_data_json["language"] == "so"
    wait_for_answer(page, 1)
    expect(page.locator("html")).to_have_attribute("lang", "so")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator(BOT).first).to_have_attribute("lang", "so")
    expect(page.locator(BOT).first).to_contain_text(other_language_text("so")[:30])

    # In the chat the same menu sits beside the language choice: on to Arabic, keyboard only.
    tab_to(".toolbar .other-toggle", key="Shift+Tab", limit=40)
    page.keyboard.press("Enter")
    tab_to(f'{CHAT_MENU} [data-language="ar"]', limit=len(OTHER) + 4)
    with page.expect_request("**/api/message") as request:
        page.keyboard.press("Enter")
    assert request.value.post_data_json["text"] == "/other_language"
    assert request.value.post_data_json["language"] == "ar"
    wait_for_answer(page, 2)
    expect(page.locator(CHAT_MENU)).to_be_hidden()
    expect(page.get_by_role("textbox")).to_be_focused()          # goes on in the message field
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(BOT).last).to_have_attribute("lang", "ar")


# ------------------------------------------------------------------ Arabic, right to left

def test_arabic_is_right_to_left_with_its_numbers_left_to_right(live, page, problems):
    sent = start_in(page, live, "ar")
    assert sent["text"] == "/other_language" and sent["language"] == "ar"
    assert "register" not in sent and "country" not in sent
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.title() == "Chat"                          # neutral in every language
    ar = STRINGS["ar"]
    expect(page.locator("#exit-button")).to_have_text(ar["exit"])
    expect(page.get_by_label(ar["input_label"])).to_be_visible()
    expect(page.locator("#send-button")).to_have_text(ar["send"])
    expect(page.locator("#country-ask")).to_be_hidden()     # its numbers do not depend on it

    answer = page.locator(BOT).first
    expect(answer).to_have_attribute("lang", "ar")
    expect(answer).to_have_attribute("dir", "rtl")
    expect(answer).to_contain_text(other_language_text("ar")[:40])
    assert answer.locator(".msg-text").evaluate("el => getComputedStyle(el).direction") == "rtl"
    # The bubble sits on the right, the bot's side mirrored.
    log = page.locator("#log").bounding_box()
    bubble = answer.bounding_box()
    assert abs((log["x"] + log["width"]) - (bubble["x"] + bubble["width"])) < 2
    assert bubble["x"] > log["x"] + 10
    # Every number a tel: link that reads left to right.
    number = answer.locator('a[href="tel:020505050"]')
    expect(number).to_have_text("020-50 50 50")
    expect(number).to_have_attribute("dir", "ltr")
    assert number.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert reads_left_to_right(number)
    expect(answer.locator('a[href="tel:112"]')).to_have_count(1)
    expect(answer.locator(".rating")).to_have_count(0)       # not an answer to something sent
    titles = ["Svenska", "Norsk", "English", "Lättläst svenska"]
    expect(answer.locator(".quick-reply")).to_have_text(titles)
    expect(page.get_by_label(ar["language_label"], exact=True)).to_have_value("ar")
    assert stored(page)["language"] == "ar"

    # What the person writes next goes in Arabic too.
    with page.expect_request("**/api/message") as request:
        send(page, "مرحبا")
    assert request.value.post_data_json["language"] == "ar"
    expect(page.locator(USER).last.locator(".msg-text")).to_have_attribute("dir", "auto")

    # After a reload the page is still right to left, and the answer still Arabic.
    page.reload()
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator(BOT).first).to_have_attribute("lang", "ar")
    assert reads_left_to_right(page.locator(BOT).first.locator('a[href="tel:020505050"]'))
    assert problems == []


def test_the_svenska_button_goes_back_to_swedish(live, page, problems):
    start_in(page, live, "ar")
    with page.expect_request("**/api/message") as request:
        page.locator(BOT).first.get_by_role("button", name="Svenska", exact=True).click()
    assert request.value.post_data_json["text"] == '/greet{"language": "sv"}'
    assert request.value.post_data_json["language"] == "sv"
    assert "register" not in request.value.post_data_json
    wait_for_answer(page, 2)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "sv")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("button", name="Lämna sidan snabbt")).to_be_visible()
    expect(page.get_by_label("Språk", exact=True)).to_have_value("sv")
    expect(page.locator(USER).last).to_contain_text("Svenska")
    greeting = page.locator(BOT).last
    expect(greeting).to_have_attribute("lang", "sv")
    expect(greeting).to_have_attribute("dir", "ltr")
    expect(greeting).to_contain_text(first_line("utter_greet", "sv")[:30])
    # The Arabic answer above keeps its own language and direction.
    expect(page.locator(BOT).first).to_have_attribute("lang", "ar")
    expect(page.locator(BOT).first).to_have_attribute("dir", "rtl")
    assert stored(page)["language"] == "sv"
    with page.expect_request("**/api/message") as request:
        send(page, "Vem kan hjälpa mig?")
    assert request.value.post_data_json["language"] == "sv"
    assert problems == []


def test_easy_swedish_is_sent_as_a_register(live, page):
    page.goto(live.base_url + "/")
    with page.expect_request("**/api/message") as request:
        page.get_by_role("button", name="Lättläst svenska", exact=True).click()
    assert request.value.post_data_json["language"] == "sv"
    assert request.value.post_data_json["register"] == "easy"
    wait_for_answer(page, 1)
    easy = responses.text("utter_greet", "sv", register="easy")
    expect(page.locator(BOT).first).to_contain_text(easy.split("\n")[0][:30])
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    menu = page.get_by_label("Språk", exact=True)
    expect(menu).to_have_value("sv:easy")
    with page.expect_request("**/api/message") as request:
        send(page, "Vem kan hjälpa mig?")
    assert request.value.post_data_json["register"] == "easy"
    assert stored(page)["register"] == "easy"
    # Plain Swedish from the menu: "plain" once, so that the bot leaves easy Swedish too, then
    # no register any more.
    menu.select_option("sv")
    with page.expect_request("**/api/message") as request:
        send(page, "hej")
    assert request.value.post_data_json["register"] == "plain"
    expect(page.locator(BOT).last).to_contain_text(responses.text("utter_greet", "sv")[:40], timeout=60_000)
    with page.expect_request("**/api/message") as request:
        send(page, "tack")
    assert "register" not in request.value.post_data_json

    # The "Lättläst svenska" button under the answer in another language does the same.
    page.get_by_role("button", name="Rensa samtalet").click()
    start_in(page, live, "ti")
    with page.expect_request("**/api/message") as request:
        page.locator(BOT).first.get_by_role("button", name="Lättläst svenska").click()
    assert request.value.post_data_json["text"] == '/greet{"language": "sv", "register": "easy"}'
    assert request.value.post_data_json["language"] == "sv"
    assert request.value.post_data_json["register"] == "easy"
    wait_for_answer(page, 2)
    expect(page.locator(BOT).last).to_contain_text(easy.split("\n")[0][:30])
    expect(menu).to_have_value("sv:easy")


# ------------------------------------------------------------------ accessibility, quick exit

@pytest.mark.parametrize("viewport", [VIEWPORTS["phone"], VIEWPORTS["desktop"]], ids=["phone", "desktop"])
def test_axe_with_arabic_and_with_the_other_languages_open(live, make_context, axe_source, viewport):
    pg = make_context(bypass_csp=True, viewport=viewport).new_page()
    pg.goto(live.base_url + "/")
    wait_for_session(pg)
    pg.locator("#welcome .other-toggle").click()
    expect(pg.locator(START_MENU)).to_be_visible()
    found = axe_violations(pg, axe_source)                  # the first screen, menu open
    with pg.expect_request("**/api/message"):
        pg.locator(START_MENU).get_by_role("button", name=NAMES["ar"], exact=True).click()
    wait_for_answer(pg, 1)
    found += axe_violations(pg, axe_source)                 # Arabic, right to left, after the answer
    pg.locator(".toolbar .other-toggle").click()
    expect(pg.locator(CHAT_MENU)).to_be_visible()
    found += axe_violations(pg, axe_source)                 # the chat's menu open, in Arabic
    overflow = pg.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"horizontal scrolling needed ({overflow}px)"
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)


def test_quick_exit_from_a_right_to_left_page(live, context, page):
    page.goto(NEUTRAL_START)
    start_in(page, live, "fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    conversation_id = stored(page)["conversation_id"]
    exit_button = page.get_by_role("button", name=STRINGS["fa"]["exit"])
    box = exit_button.bounding_box()
    assert box["x"] + box["width"] <= VIEWPORTS["phone"]["width"] / 2 + 1   # mirrored: on the left
    exit_button.click()
    assert_left_cleanly(page, context, live, conversation_id)


def test_shift_three_times_on_a_right_to_left_page(live, context, page):
    page.goto(NEUTRAL_START)
    start_in(page, live, "ckb")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    conversation_id = stored(page)["conversation_id"]
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_left_cleanly(page, context, live, conversation_id)


# ------------------------------------------------------------------ screenshots for docs/

def test_language_screenshots(live, make_context, tmp_path):
    """With UPDATE_SCREENSHOTS=1 writes docs/screenshots/phone-languages.png (the first screen with
    "Other languages" open) and phone-arabic.png (the page in Arabic after the answer); else into
    a tmp folder."""
    pg, shoot = screenshot_page(make_context, VIEWPORTS["phone"], tmp_path)
    pg.goto(live.base_url + "/")
    wait_for_session(pg)
    pg.locator("#welcome .other-toggle").click()
    expect(pg.locator(START_MENU)).to_be_visible()
    pg.locator(".choose-heading").scroll_into_view_if_needed()
    shoot("phone-languages")
    pg.locator(START_MENU).get_by_role("button", name=NAMES["ar"], exact=True).click()
    wait_for_answer(pg, 1)
    pg.evaluate("() => window.scrollTo(0, 0)")
    expect(pg.locator("html")).to_have_attribute("dir", re.compile("^rtl$"))
    shoot("phone-arabic")
