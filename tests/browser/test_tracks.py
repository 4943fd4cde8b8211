"""The page on covering one's tracks (bot/web/static/tracks.html): three languages, reached from
the chat's note on quick exit, its own quick exit, the same Content-Security-Policy as the chat
(nothing inline, nothing from another origin), keyboard use and axe at phone and desktop size."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bot.web.security import HEADERS
from test_page import (NEUTRAL_START, STRINGS, assert_forgotten, assert_left_cleanly, axe_violations,
                       open_chat, send, stored)

ROOT = Path(__file__).resolve().parent.parent.parent
TRACKS = "/static/tracks.html"
HEADINGS = {"sv": "Dölj dina spår", "nb": "Skjul sporene dine", "en": "Cover your tracks"}
TITLES = {"sv": "Chatt", "nb": "Chat", "en": "Chat"}
BUTTONS = {"sv": "Svenska", "nb": "Norsk", "en": "English"}
# What each language's text must cover (words of that language).
COVERS = {
    "sv": ("privat fönster", "Ta bort bara den här sidan", "Att radera kan märkas", "Wifi-routern",
           "arbetsgivarens", "synkas", "Flikvyn", "enhet som familjen inte kontrollerar"),
    "nb": ("privat vindu", "Slett bare denne siden", "Å slette kan bli lagt merke til", "Wifi-ruteren",
           "arbeidsgiverens", "synkroniseres", "Fanevisningen", "enhet familien ikke sjekker"),
    "en": ("private window", "Delete only this site", "Deleting can be noticed", "wifi router",
           "employer's", "sync", "tab overview", "device your family does not check"),
}
BROWSERS = ("Chrome", "Safari på iPhone", "Samsung Internet", "Firefox", "Edge")
YR = "https://www.yr.no/**"


def visible_text(page) -> str:
    return page.locator("article:not([hidden])").inner_text()


def test_three_languages(live, page, problems):
    page.goto(live.base_url + TRACKS)                       # locale sv-SE, no chat yet
    for lang in ("sv", "nb", "en"):
        if lang != "sv":
            page.get_by_role("button", name=BUTTONS[lang], exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[lang])
        expect(page.get_by_role("button", name=BUTTONS[lang], exact=True)).to_have_attribute("aria-pressed", "true")
        assert page.title() == TITLES[lang]
        expect(page.locator("#exit-button")).to_have_text(STRINGS[lang]["exit"])
        expect(page.locator("#back-link")).to_have_text(STRINGS[lang]["back_to_chat"])
        text = visible_text(page)
        for browser in BROWSERS:
            name = browser if lang == "sv" else browser.replace(" på ", " on " if lang == "en" else " på ")
            assert name in text, (lang, name)
        for words in COVERS[lang]:
            assert words in text, (lang, words)
        assert page.locator("article:not([hidden])").count() == 1
    expect(page.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    assert page.evaluate("() => [localStorage.length, sessionStorage.length]") == [0, 0]
    assert problems == []


def test_follows_the_chat_language_and_leads_back(live, page, problems):
    page.goto(NEUTRAL_START)
    open_chat(page, live, "nb")
    send(page, "Hvem kan hjelpe meg?")
    before = page.locator("#log .msg").count()
    page.locator(".exit-note").get_by_role("link", name=STRINGS["nb"]["tracks_link"]).click()
    page.wait_for_url("**" + TRACKS)
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["nb"])
    assert page.title() == "Chat"
    # The chat page was replaced in the history: Back does not lead to it.
    page.get_by_role("link", name=STRINGS["nb"]["back_to_chat"]).click()
    page.wait_for_url(live.base_url + "/")
    expect(page.locator("#log .msg")).to_have_count(before)     # the conversation is still there
    page.go_back()
    assert page.url == NEUTRAL_START
    assert problems == []


def test_quick_exit_from_the_tracks_page(live, context, page):
    page.goto(NEUTRAL_START)
    open_chat(page, live, "sv")
    send(page, "Vem kan hjälpa mig?")
    conversation_id = stored(page)["conversation_id"]
    page.locator(".exit-note a[href='/static/tracks.html']").click()
    page.wait_for_url("**" + TRACKS)
    page.get_by_role("button", name="Lämna sidan snabbt").click()
    assert_left_cleanly(page, context, live, conversation_id)


def test_shift_three_times_on_the_tracks_page(live, context, page):
    """Opened on its own (no chat in this tab): Shift three times goes to the default neutral site."""
    context.route(YR, lambda route: route.fulfill(status=200, content_type="text/html",
                                                  body="<!doctype html><title>Weather</title><h1>Weather</h1>"))
    page.goto(NEUTRAL_START)
    page.goto(live.base_url + TRACKS)
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["sv"])
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(YR)
    page.go_back()
    assert page.url == NEUTRAL_START


def test_quick_exit_forgets_the_conversation_from_the_tracks_page(live, context, page):
    open_chat(page, live, "en")
    conversation_id = stored(page)["conversation_id"]
    page.goto(live.base_url + TRACKS)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(live.exit_url)
    assert_forgotten(live, conversation_id)


def test_same_security_headers_and_nothing_inline(live, page, problems):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(live.base_url + TRACKS)
    assert response.status == 200
    for name, value in HEADERS.items():
        if value:
            assert response.headers.get(name.lower()) == value, name
    assert "script-src 'self'" in response.headers["content-security-policy"]
    script = page.request.get(live.base_url + "/static/tracks.js")
    assert script.ok and script.headers.get("content-security-policy") == HEADERS["Content-Security-Policy"]
    html = (ROOT / "bot/web/static/tracks.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), "inline style or handler"
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(live.base_url + "/") for url in requests), requests
    assert problems == []                       # no CSP violation in the console


def test_keyboard_on_the_tracks_page(live, page):
    page.goto(live.base_url + TRACKS)
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["sv"])
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "tel:112"
    page.keyboard.press("Tab")
    expect(page.locator("#exit-button")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#back-link")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Norsk")).to_be_focused()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS["nb"])
    expect(page.get_by_role("heading", level=1)).to_be_focused()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}],
                         ids=["phone", "desktop"])
def test_axe_on_the_tracks_page(live, make_context, axe_source, viewport):
    pg = make_context(bypass_csp=True, viewport=viewport).new_page()
    pg.goto(live.base_url + TRACKS)
    found = []
    for lang in ("sv", "nb", "en"):
        pg.get_by_role("button", name=BUTTONS[lang], exact=True).click()
        expect(pg.locator("html")).to_have_attribute("lang", lang)
        found += axe_violations(pg, axe_source)
    overflow = pg.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1, ensure_ascii=False)
