/* Stödlotsen's chat page. Plain JavaScript, no dependencies, nothing from another origin.
 *
 * Privacy: the conversation lives only in this tab's sessionStorage (never localStorage, no
 * cookies). Quick exit (button, or Shift three times within a second) empties the page and
 * sessionStorage, tells the server to forget the conversation and replaces this page in the
 * history with a neutral one. Bot text is only ever put into the page with textContent and
 * DOM nodes, never as HTML. Thumbs up / down under an answer sends only "up" or "down" (with the
 * conversation id, which the server checks and does not keep); which answer it was is not sent.
 *
 * Each message from the server says its kind: "crisis" is shown as a crisis card (announced at
 * once, a big call link per phone number, the quiet ways to reach help), "answer" can be rated,
 * "fallback" and "system" cannot. Phone numbers become tel: links only where the server says
 * they are (`numbers`); the page never looks for numbers in text itself.
 *
 * The page's language changes only when the person chooses one, never because of a reply: a
 * start button, the menu, or a reply option that names a language (the buttons under the answer
 * in a language the bot answers only in danger: `/greet{"language": "sv"}`). Those languages
 * (ar, so, fa, ti, ckb: knowledge/languages.yaml, read from /api/config) are chosen under "Other
 * languages": the page then sends "/other_language" in that language, and the page turns right to
 * left for ar, fa and ckb. Each bot message carries its own lang and dir; phone numbers and web
 * addresses stay left to right inside a right-to-left text.
 */
'use strict';

(function () {
  const STORE_KEY = 'chat';
  // The languages the bot answers fully (the page's own texts are written in them); easy Swedish
  // is Swedish in the register "easy", sent with every message while it is chosen.
  const FULL_LANGUAGES = ['sv', 'nb', 'en'];
  const EASY = 'easy';
  const PLAIN = 'plain';
  // The languages the bot answers only in danger and with the way to help. Their one home is
  // knowledge/languages.yaml (GET /api/config); this copy only when the config cannot be read.
  const FALLBACK_OTHER_LANGUAGES = [
    { code: 'ar', name: 'العربية', direction: 'rtl' },
    { code: 'so', name: 'Soomaali', direction: 'ltr' },
    { code: 'fa', name: 'فارسی (دری)', direction: 'rtl' },
    { code: 'ti', name: 'ትግርኛ', direction: 'ltr' },
    { code: 'ckb', name: 'کوردی (سۆرانی)', direction: 'rtl' },
  ];
  const OTHER_LANGUAGE_PAYLOAD = '/other_language';
  // '' = not chosen (the country then follows the language), 'abroad' and 'none' send none.
  const COUNTRIES = ['', 'SE', 'NO', 'abroad', 'none'];
  const KINDS = ['crisis', 'fallback', 'system', 'answer'];
  const COUNTRY_OF_LANGUAGE = { sv: 'SE', nb: 'NO', en: null };
  const COUNTRY_ORDER = { sv: ['SE', 'NO', 'abroad', 'none'], nb: ['NO', 'SE', 'abroad', 'none'],
    en: ['SE', 'NO', 'abroad', 'none'] };
  const ABROAD_PAYLOAD = '/inform_abroad';
  const FALLBACK_EXIT_URL = 'https://www.yr.no/';
  const GREETINGS = { sv: 'hej', nb: 'hei', en: 'hello' };
  const SHIFT_PRESSES = 3;
  const SHIFT_WINDOW_MS = 1000;
  const DEFAULT_WAIT_S = 30;
  const RATINGS = ['up', 'down'];
  const SVG_NS = 'http://www.w3.org/2000/svg';
  // A thumb drawn for this page (thumbs down is the same, turned by CSS).
  const THUMB_PATH = 'M2 10h4v11H2z M7 10l4-7c1.5 0 2.5 1 2.2 2.6L12.6 9H19a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.8 20H7z';
  // A handset for the call links, and a speech bubble for the chat links.
  const PHONE_PATH = 'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z';
  const BUBBLE_PATH = 'M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H9l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z';
  // Web addresses and bare domains in bot text ("bris.se", "https://…"). http:// addresses are
  // matched only so that they stay text: the page links https only.
  const LINK_RE = /\bhttps?:\/\/[^\s<>()"]+|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:se|no|com|org|net|nu|eu|info)\b(?:\/[^\s<>()"]*)?/gi;
  const TEL_RE = /^\+?[0-9]{2,16}$/;
  // A date is never a phone number (the server once marked "2026-12-06" in a sources list).
  const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

  let strings = {};
  let uiLang = 'sv';
  let otherLanguages = FALLBACK_OTHER_LANGUAGES;
  let state = blankState();
  let busy = false;
  let exiting = false;
  let generation = 0;          // bumped when the conversation is cleared: late replies are dropped
  let sessionRequest = null;
  let shiftTimes = [];

  function blankState() {
    return { conversation_id: null, exit_url: null, language: null, register: null, country: '',
      country_asked: false, messages: [] };
  }

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ quick exit (first)

  function quickExit() {
    if (exiting) return;
    exiting = true;
    const id = state.conversation_id;
    const url = state.exit_url || FALLBACK_EXIT_URL;
    state = blankState();
    try { sessionStorage.clear(); } catch (e) { /* storage unavailable */ }
    document.title = '';
    document.body.replaceChildren();
    if (id) forgetOnServer(id);
    window.location.replace(url);
  }

  function onKeyDown(event) {
    if (event.key !== 'Shift') {
      shiftTimes = [];
      return;
    }
    if (event.repeat) return;
    const now = Date.now();
    shiftTimes = shiftTimes.filter((t) => now - t < SHIFT_WINDOW_MS);
    shiftTimes.push(now);
    if (shiftTimes.length >= SHIFT_PRESSES) {
      shiftTimes = [];
      quickExit();
    }
  }

  function forgetOnServer(id) {
    const body = JSON.stringify({ conversation_id: id });
    let queued = false;
    try {
      queued = typeof navigator.sendBeacon === 'function' &&
        navigator.sendBeacon('/api/forget', new Blob([body], { type: 'application/json' }));
    } catch (e) { queued = false; }
    if (!queued) {
      fetch('/api/forget', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body, keepalive: true,
      }).catch(() => {});
    }
  }

  // ------------------------------------------------------------------ storage

  function loadState() {
    try {
      const raw = sessionStorage.getItem(STORE_KEY);
      if (!raw) return;
      const saved = JSON.parse(raw);
      if (!saved || typeof saved !== 'object') return;
      const s = blankState();
      if (typeof saved.conversation_id === 'string') s.conversation_id = saved.conversation_id;
      if (typeof saved.exit_url === 'string' && /^https?:\/\//i.test(saved.exit_url)) s.exit_url = saved.exit_url;
      if (knownLanguage(saved.language)) s.language = saved.language;
      if (saved.register === EASY && s.language === 'sv') s.register = EASY;
      if (COUNTRIES.includes(saved.country)) s.country = saved.country;
      s.country_asked = saved.country_asked === true;
      if (Array.isArray(saved.messages)) {
        s.messages = saved.messages.filter((m) => m && typeof m.text === 'string' &&
          (m.from === 'user' || m.from === 'bot'));
      }
      state = s;
    } catch (e) { /* unreadable: start afresh */ }
  }

  function saveState() {
    if (exiting) return;
    try { sessionStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* full or off */ }
  }

  // ------------------------------------------------------------------ language

  /* A text of the page in its language; one not written in an escalation language yet is shown
   * in English, any other in Swedish. */
  function t(key) {
    const order = [uiLang, FULL_LANGUAGES.includes(uiLang) ? 'sv' : 'en', 'sv'];
    for (const code of order) {
      const table = strings[code] || {};
      if (typeof table[key] === 'string') return table[key];
    }
    return '';
  }

  function otherLanguage(code) {
    return otherLanguages.find((l) => l.code === code) || null;
  }

  function knownLanguage(code) {
    return FULL_LANGUAGES.includes(code) || otherLanguage(code) !== null;
  }

  function directionOf(code) {
    const other = otherLanguage(code);
    return other ? other.direction : 'ltr';
  }

  /* The language messages are sent in: the person's choice, else the page's. */
  function chatLanguage() {
    return state.language || uiLang;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  }

  function browserLanguage() {
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    for (const tag of wanted) {
      const base = String(tag).toLowerCase().split('-')[0];
      if (base === 'sv') return 'sv';
      if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
      if (base === 'en') return 'en';
      if (otherLanguage(base)) return base;
    }
    return 'sv';
  }

  /* Only ever called for the person's own choice (a start button, the language menu, a reply
   * option naming a language), or on opening the page. The whole document turns with the
   * language: right to left for ar, fa and ckb. The tab title stays the neutral "Chat". */
  function applyLanguage(lang) {
    uiLang = knownLanguage(lang) ? lang : 'sv';
    document.documentElement.lang = uiLang;
    document.documentElement.dir = directionOf(uiLang);
    if (t('title')) document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((el) => {
      const text = t(el.getAttribute('data-i18n'));
      if (text) el.textContent = text;
    });
    document.querySelectorAll('[data-i18n-aria-label]').forEach((el) => {
      const text = t(el.getAttribute('data-i18n-aria-label'));
      if (text) el.setAttribute('aria-label', text);
    });
    showChosenLanguage();
    orderCountries();
  }

  /* The person chose a language (and for Swedish perhaps easy Swedish). */
  function chooseLanguage(lang, register) {
    const wasEasy = state.register === EASY;
    state.language = lang;
    // Leaving easy Swedish: the next message says so once ("plain"), so the bot stops too.
    state.register = register === EASY && lang === 'sv' ? EASY : (wasEasy ? PLAIN : null);
    applyLanguage(lang);
    saveState();
  }

  /* The menu's value: the language, "sv:easy" for easy Swedish. */
  function menuValue(lang, register) {
    return lang === 'sv' && register === EASY ? 'sv:' + EASY : lang;
  }

  function languageOption(other) {
    const option = document.createElement('option');
    option.value = other.code;
    option.lang = other.code;
    option.dir = other.direction;
    option.textContent = other.name;
    return option;
  }

  /* The menu shows the language the chat is in: a language from "Other languages" as an option of
   * its own while it is chosen (it is chosen with its button, which sends the request for it). */
  function showChosenLanguage() {
    const select = $('language-select');
    select.querySelectorAll('option[data-other]').forEach((option) => option.remove());
    const lang = chatLanguage();
    const other = otherLanguage(lang);
    if (other) {
      const option = languageOption(other);
      option.setAttribute('data-other', '');
      select.append(option);
    }
    select.value = menuValue(lang, state.register);
  }

  /* The person picked in the menu: a full language (or easy Swedish) changes what the next
   * messages are sent in, nothing is sent now (as before). */
  function onLanguageMenu(value) {
    const [lang, register] = String(value).split(':');
    if (!FULL_LANGUAGES.includes(lang) && !otherLanguage(lang)) return;
    chooseLanguage(lang, register);
  }

  // ------------------------------------------------------------------ other languages

  /* The buttons under "Other languages" (on the first screen and in the chat), each in its own
   * name and script, with its lang and dir. */
  function renderOtherLanguages() {
    document.querySelectorAll('[data-other-languages]').forEach((panel) => {
      panel.querySelectorAll('.other-language-list').forEach((el) => el.remove());
      const list = document.createElement('div');
      list.className = 'other-language-list';
      for (const other of otherLanguages) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'other-language';
        button.lang = other.code;
        button.dir = other.direction;
        button.setAttribute('data-language', other.code);
        button.textContent = other.name;
        list.append(button);
      }
      panel.append(list);
    });
  }

  function showOtherLanguages(toggle, on) {
    toggle.setAttribute('aria-expanded', String(on));
    $(toggle.getAttribute('aria-controls')).hidden = !on;
  }

  function closeOtherLanguages() {
    document.querySelectorAll('.other-toggle').forEach((toggle) => showOtherLanguages(toggle, false));
  }

  /* In the chat: the page goes on in that language and asks the bot who it is and the way to help,
   * in it (its answer offers the full languages as reply options). */
  function chooseOtherLanguage(lang, byKeyboard) {
    if (busy || exiting || !otherLanguage(lang)) return;
    chooseLanguage(lang, null);
    closeOtherLanguages();
    focusAfterQuickReply(byKeyboard);
    send(OTHER_LANGUAGE_PAYLOAD, null);
  }

  /* A reply option that names a language (`/greet{"language": "sv", "register": "easy"}`): the
   * language and register it names, else null. */
  function payloadLanguage(payload) {
    const brace = payload.indexOf('{');
    if (!payload.startsWith('/') || brace < 0) return null;
    try {
      const entities = JSON.parse(payload.slice(brace));
      if (entities && knownLanguage(entities.language)) {
        return { language: entities.language, register: entities.register === EASY ? EASY : null };
      }
    } catch (e) { /* not entities */ }
    return null;
  }

  /* The escalation languages from the server (knowledge/languages.yaml); the copy above stays
   * when the config cannot be read or names none. */
  async function loadConfig() {
    try {
      const response = await fetch('/api/config', { credentials: 'omit', cache: 'no-store' });
      if (!response.ok) return;
      const data = await response.json();
      const listed = data && Array.isArray(data.languages) ? data.languages : [];
      const found = listed.map(otherLanguageOf).filter(Boolean);
      if (found.length) otherLanguages = found;
    } catch (e) { /* the copy above */ }
  }

  function otherLanguageOf(l) {
    if (!l || l.content !== 'escalation' || typeof l.code !== 'string' || !/^[a-z]{2,3}$/.test(l.code)) return null;
    if (FULL_LANGUAGES.includes(l.code) || typeof l.name !== 'string' || !l.name.trim() || l.name.length > 60) return null;
    return { code: l.code, name: l.name.trim(), direction: l.direction === 'rtl' ? 'rtl' : 'ltr' };
  }

  // ------------------------------------------------------------------ country

  /* What the server gets: the person's choice, else the language's country (none for English). */
  function sentCountry() {
    if (state.country === 'SE' || state.country === 'NO') return state.country;
    if (state.country === 'abroad' || state.country === 'none') return null;
    return COUNTRY_OF_LANGUAGE[chatLanguage()] || null;
  }

  /* What the country menu shows: the choice, else what the language implies. */
  function shownCountry() {
    if (state.country) return state.country;
    return COUNTRY_OF_LANGUAGE[chatLanguage()] || 'none';
  }

  /* The language's own country first, in the menu and in the question after the greeting. */
  function orderCountries() {
    const order = COUNTRY_ORDER[uiLang] || COUNTRY_ORDER.sv;
    const select = $('country-select');
    for (const value of order) {
      const option = select.querySelector(`option[value="${value}"]`);
      if (option) select.append(option);
    }
    select.value = shownCountry();
    const ask = $('country-choice');
    for (const value of order) {
      const button = ask.querySelector(`[data-country="${value}"]`);
      if (button) ask.append(button);
    }
  }

  function showCountryQuestion(on) {
    $('country-ask').hidden = !on;
  }

  /* The person answered the question after the greeting, or used the menu. */
  function chooseCountry(value, byKeyboard) {
    if (!COUNTRIES.includes(value) || !value) return;
    state.country = value;
    state.country_asked = true;
    $('country-select').value = value;
    showCountryQuestion(false);
    saveState();
    if (value === 'abroad') {
      if (byKeyboard !== undefined) focusAfterQuickReply(byKeyboard);
      send(ABROAD_PAYLOAD, t('country_abroad'));
      return;
    }
    const name = $('country-select').selectedOptions[0];
    announce(fill(t('country_set'), { country: name ? name.textContent : '' }));
    if (byKeyboard !== undefined) focusAfterQuickReply(byKeyboard);
  }

  // ------------------------------------------------------------------ rendering text

  /* Code point offsets (the server's) to UTF-16 offsets (JavaScript's). */
  function unitOffsets(text) {
    const map = [0];
    let unit = 0;
    for (const ch of text) {
      unit += ch.length;
      map.push(unit);
    }
    return map;
  }

  /* The server's phone numbers in `text` as [{start, end, tel, sms}] in UTF-16 offsets, checked:
   * in order, not overlapping, each a span with digits and a plain number to dial. */
  function phoneNumbers(text, numbers) {
    if (!Array.isArray(numbers)) return [];
    const map = unitOffsets(text);
    const found = [];
    let after = 0;
    const sorted = numbers.filter((n) => n && Number.isInteger(n.start) && Number.isInteger(n.end))
      .slice().sort((a, b) => a.start - b.start);
    for (const n of sorted) {
      if (n.start < 0 || n.end <= n.start || n.end >= map.length) continue;
      const start = map[n.start];
      const end = map[n.end];
      const shown = text.slice(start, end);
      const tel = String(n.tel || '');
      if (start < after || !/\d/.test(shown) || !TEL_RE.test(tel) || DATE_RE.test(shown.trim())) continue;
      found.push({ start, end, tel, sms: n.sms === true, shown });
      after = end;
    }
    return found;
  }

  function newTabHint() {
    const hint = document.createElement('span');
    hint.className = 'visually-hidden';
    hint.setAttribute('data-i18n', 'new_tab');
    hint.textContent = ' ' + t('new_tab');
    return hint;
  }

  function externalLink(href, text) {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = text;
    link.rel = 'noopener noreferrer';
    link.target = '_blank';
    link.append(newTabHint());
    return link;
  }

  function appendWithLinks(parent, text) {
    let last = 0;
    for (const match of text.matchAll(LINK_RE)) {
      const before = match.index > 0 ? text[match.index - 1] : '';
      const shown = match[0].replace(/[.,;:!?'"”»]+$/, '');
      // Part of an e-mail address or a longer word, or an http:// address: stays text.
      if (!shown || /[@\w.\-/]/.test(before) || /^http:/i.test(shown)) continue;
      parent.append(text.slice(last, match.index));
      const link = externalLink(/^https:\/\//i.test(shown) ? shown : 'https://' + shown, shown);
      link.dir = 'ltr';                 // an address reads left to right in any text
      parent.append(link);
      last = match.index + shown.length;
    }
    parent.append(text.slice(last));
  }

  function telLink(number, className) {
    const link = document.createElement('a');
    link.href = 'tel:' + number.tel;
    link.className = className || 'tel-link';
    link.dir = 'ltr';                   // "020-50 50 50" keeps its order in a right-to-left text
    link.textContent = number.shown;
    return link;
  }

  /* A page text with {name} filled in by `values`, each value isolated from the text around it
   * (<bdi>, left to right for a phone number): a number or a name in another script keeps its
   * own order inside a right-to-left sentence. One <span>: one piece of text in a flex link. */
  function fillIsolated(template, values, ltr) {
    const out = document.createElement('span');
    let last = 0;
    for (const match of template.matchAll(/\{(\w+)\}/g)) {
      if (!(match[1] in values)) continue;
      out.append(template.slice(last, match.index));
      const value = document.createElement('bdi');
      if (ltr) value.dir = 'ltr';
      value.textContent = String(values[match[1]]);
      out.append(value);
      last = match.index + match[0].length;
    }
    out.append(template.slice(last));
    return out;
  }

  /* Text with its phone numbers as tel: links and its https addresses as links. */
  function appendRich(parent, text, numbers) {
    let last = 0;
    for (const n of numbers) {
      appendWithLinks(parent, text.slice(last, n.start));
      parent.append(telLink(n));
      last = n.end;
    }
    appendWithLinks(parent, text.slice(last));
  }

  function icon(path, className) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    if (className) svg.setAttribute('class', className);
    const p = document.createElementNS(SVG_NS, 'path');
    p.setAttribute('d', path);
    svg.append(p);
    return svg;
  }

  function speakerLabel(from) {
    const label = document.createElement('span');
    label.className = 'visually-hidden';
    label.setAttribute('data-i18n', from === 'user' ? 'you' : 'bot');
    label.textContent = t(from === 'user' ? 'you' : 'bot') + ' ';
    return label;
  }

  function i18nText(tag, key, className) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    el.setAttribute('data-i18n', key);
    el.textContent = t(key);
    return el;
  }

  // ------------------------------------------------------------------ messages

  function markFailed(el, msg) {
    if (el.classList.contains('msg-failed')) return;
    el.classList.add('msg-failed');
    const mark = document.createElement('div');
    mark.className = 'msg-status';
    const icon = document.createElement('span');
    icon.className = 'msg-status-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = '!';
    mark.append(icon, i18nText('span', 'not_delivered'));
    const again = i18nText('button', 'retry', 'retry-button');
    again.type = 'button';
    again.addEventListener('click', (event) => retry(msg, el, event.detail === 0));
    mark.append(again);
    el.append(mark);
  }

  function kindOf(msg) {
    return KINDS.includes(msg.kind) ? msg.kind : 'answer';
  }

  /* A bot message in its own language and direction; when its language is not known (an answer
   * to a message sent in a language the bot answers only in danger, not one of its own texts),
   * "unknown" and the direction of its first letters. */
  function setLanguageOf(el, lang) {
    if (knownLanguage(lang)) {
      el.lang = lang;
      el.dir = directionOf(lang);
    } else {
      el.lang = '';
      el.dir = 'auto';
    }
  }

  /* `fresh`: just arrived (a crisis card is announced at once); not when the log is rebuilt. */
  function renderMessage(msg, fresh) {
    const el = document.createElement('div');
    if (msg.from === 'user') {
      el.className = 'msg msg-user';
      const body = document.createElement('p');
      body.className = 'msg-text';
      body.dir = 'auto';                 // what the person wrote, in whatever script
      body.append(speakerLabel('user'), msg.text);
      el.append(body);
      if (msg.failed) markFailed(el, msg);
    } else if (kindOf(msg) === 'crisis') {
      setLanguageOf(el, msg.lang);
      el.className = 'msg msg-bot msg-crisis';
      el.append(renderCrisisCard(msg, fresh));
    } else {
      setLanguageOf(el, msg.lang);
      el.className = 'msg msg-bot msg-' + kindOf(msg);
      const body = document.createElement('p');
      body.className = 'msg-text';
      body.append(speakerLabel('bot'));
      appendRich(body, msg.text, phoneNumbers(msg.text, msg.numbers));
      el.append(body);
    }
    // Thumbs only under answers; before the reply options, so that those stay one Shift+Tab
    // back from the message field.
    if (msg.from === 'bot' && msg.rate === true && kindOf(msg) === 'answer') el.append(renderRating(msg));
    if (msg.from === 'bot' && Array.isArray(msg.buttons) && msg.buttons.length) {
      el.append(renderQuickReplies(msg.buttons));
    }
    $('log').append(el);
    return el;
  }

  // ------------------------------------------------------------------ the crisis card

  /* The first line large, a big call link per number right under it, the rest of the text, and
   * the quiet ways (chat, text message) for someone who cannot talk. Announced at once when new
   * (role="alert"); a card restored after a reload is not announced again. */
  function renderCrisisCard(msg, fresh) {
    const card = document.createElement('div');
    card.className = 'crisis-card';
    if (fresh) card.setAttribute('role', 'alert');
    const label = document.createElement('p');
    label.className = 'crisis-label';
    label.append(icon('M12 2 1 21h22L12 2zm1 15h-2v2h2v-2zm0-7h-2v5h2v-5z', 'crisis-icon'),
      i18nText('span', 'crisis_label'));
    card.append(label);

    const numbers = phoneNumbers(msg.text, msg.numbers);
    const cut = msg.text.indexOf('\n');
    const leadEnd = cut > 0 ? cut : msg.text.length;
    const lead = document.createElement('p');
    lead.className = 'msg-text crisis-lead';
    lead.append(speakerLabel('bot'));
    appendRich(lead, msg.text.slice(0, leadEnd), numbers.filter((n) => n.end <= leadEnd));
    card.append(lead);

    const calls = callLinks(numbers);
    if (calls) card.append(calls);

    if (leadEnd < msg.text.length) {
      const rest = document.createElement('p');
      rest.className = 'msg-text crisis-text';
      const from = leadEnd + 1;
      appendRich(rest, msg.text.slice(from), numbers.filter((n) => n.start >= from)
        .map((n) => ({ ...n, start: n.start - from, end: n.end - from })));
      card.append(rest);
    }

    const quiet = quietOptions(msg.quiet);
    if (quiet) card.append(quiet);
    return card;
  }

  /* One big tel: link per number (each once, in the order they come), and an sms: link where the
   * server says the number takes text messages. */
  function callLinks(numbers) {
    const seen = new Set();
    const list = document.createElement('ul');
    list.className = 'call-links';
    for (const n of numbers) {
      if (seen.has(n.tel)) continue;
      seen.add(n.tel);
      const item = document.createElement('li');
      const call = document.createElement('a');
      call.href = 'tel:' + n.tel;
      call.className = 'call-link' + (seen.size === 1 ? ' call-link-first' : '');
      call.append(icon(PHONE_PATH, 'call-icon'), fillIsolated(t('call'), { number: n.shown }, true));
      item.append(call);
      if (n.sms) {
        const sms = document.createElement('a');
        sms.href = 'sms:' + n.tel;
        sms.className = 'call-link sms-link';
        sms.append(icon(BUBBLE_PATH, 'call-icon'), fillIsolated(t('sms_number'), { number: n.shown }, true));
        item.append(sms);
      }
      list.append(item);
    }
    return list.childElementCount ? list : null;
  }

  function quietOptions(quiet) {
    if (!Array.isArray(quiet)) return null;
    const items = [];
    for (const q of quiet) {
      if (!q || typeof q.name !== 'string' || typeof q.href !== 'string') continue;
      const item = document.createElement('li');
      if (q.kind === 'chat' && /^https:\/\/[^\s]+$/i.test(q.href)) {
        const link = externalLink(q.href, '');
        link.prepend(fillIsolated(t('quiet_chat'), { name: q.name }));
        link.className = 'quiet-link';
        link.prepend(icon(BUBBLE_PATH, 'quiet-icon'));
        item.append(link);
      } else if (q.kind === 'sms' && /^sms:\+?[0-9 ()-]{2,20}$/.test(q.href)) {
        const link = document.createElement('a');
        link.href = 'sms:' + q.href.slice(4).replace(/[^0-9+]/g, '');
        link.className = 'quiet-link';
        link.append(icon(BUBBLE_PATH, 'quiet-icon'), fillIsolated(t('quiet_sms'), { name: q.name }));
        item.append(link);
      } else {
        continue;
      }
      items.push(item);
    }
    if (!items.length) return null;
    const part = document.createElement('div');
    part.className = 'crisis-quiet';
    const heading = i18nText('p', 'cant_talk', 'crisis-quiet-heading');
    const list = document.createElement('ul');
    list.className = 'quiet-links';
    list.append(...items);
    part.append(heading, list);
    return part;
  }

  // ------------------------------------------------------------------ rating an answer

  function ratingThanks() {
    const thanks = i18nText('span', 'rate_thanks', 'rating-thanks');
    thanks.tabIndex = -1;
    return thanks;
  }

  /* A group of buttons with a label that follows the page's language. */
  function labelledGroup(className, labelKey) {
    const group = document.createElement('div');
    group.className = className;
    group.setAttribute('role', 'group');
    group.setAttribute('data-i18n-aria-label', labelKey);
    group.setAttribute('aria-label', t(labelKey));
    return group;
  }

  /* Two toggle buttons under an answer. Once one is pressed both are disabled and a short thanks
   * takes the focus: an answer is rated once. */
  function renderRating(msg) {
    const group = labelledGroup('rating', 'rate_group');
    const rated = RATINGS.includes(msg.rated) ? msg.rated : null;
    const buttons = RATINGS.map((value) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'rate-button rate-' + value;
      button.setAttribute('data-i18n-aria-label', 'rate_' + value);
      button.setAttribute('aria-label', t('rate_' + value));
      button.setAttribute('aria-pressed', String(rated === value));
      button.disabled = rated !== null;
      button.append(icon(THUMB_PATH));
      group.append(button);
      return button;
    });
    if (rated) {
      group.append(ratingThanks());
      return group;
    }
    buttons.forEach((button, i) => {
      button.addEventListener('click', () => {
        if (msg.rated || exiting) return;
        const hadFocus = document.activeElement === button;
        msg.rated = RATINGS[i];
        saveState();
        button.setAttribute('aria-pressed', 'true');
        buttons.forEach((b) => { b.disabled = true; });
        const thanks = ratingThanks();
        group.append(thanks);
        if (hadFocus) thanks.focus({ preventScroll: true });
        sendRating(RATINGS[i]);
      });
    });
    return group;
  }

  /* Fire and forget: whatever the server says, the person has already been thanked. */
  function sendRating(value) {
    const id = state.conversation_id;
    if (!id) return;
    postJSON('/api/rate', { conversation_id: id, rating: value }).catch(() => {});
  }

  // ------------------------------------------------------------------ reply options

  function renderQuickReplies(buttons) {
    const group = labelledGroup('quick-replies', 'quick_replies');
    for (const b of buttons) {
      if (!b || typeof b.title !== 'string' || typeof b.payload !== 'string') continue;
      const button = document.createElement('button');
      button.type = 'button';
      // "I'm in danger now" and the like stand out from the topics.
      button.className = 'quick-reply' + (b.payload.startsWith('/danger_') ? ' quick-reply-danger' : '');
      button.dir = 'auto';               // "Svenska" under an Arabic answer reads left to right
      button.textContent = b.title;
      button.addEventListener('click', (event) => {
        if (busy) return;
        // "Svenska" under the answer in another language: the page goes on in Swedish.
        const chosen = payloadLanguage(b.payload);
        if (chosen) chooseLanguage(chosen.language, chosen.register);
        // Keyboard users go on in the message field; the new options are one Shift+Tab back.
        focusAfterQuickReply(event.detail === 0);
        send(b.payload, b.title);
      });
      group.append(button);
    }
    return group;
  }

  function focusAfterQuickReply(byKeyboard) {
    if (byKeyboard) $('message-input').focus();
    else $('log').focus({ preventScroll: true });
  }

  function clearQuickReplies() {
    document.querySelectorAll('#log .quick-replies').forEach((el) => el.remove());
    for (const m of state.messages) delete m.buttons;
  }

  function renderAll() {
    $('log').replaceChildren();
    let lastUser = -1;
    state.messages.forEach((m, i) => { if (m.from === 'user') lastUser = i; });
    state.messages.forEach((m, i) => {
      // Reply options only for the bot's latest turn.
      if (m.buttons && i < lastUser) delete m.buttons;
      renderMessage(m, false);
    });
  }

  /* Scrolls the page so that `last` ends above the message field, without pushing the start of
   * `first` under the top bar: a long answer is shown from its beginning. */
  function reveal(first, last) {
    if (!last) return;
    const top = document.querySelector('.topbar').getBoundingClientRect().bottom + 8;
    const composer = $('composer');
    const sticky = window.getComputedStyle(composer).position === 'sticky';
    const bottom = window.innerHeight - (sticky ? composer.offsetHeight : 0) - 8;
    let delta = Math.max(0, last.getBoundingClientRect().bottom - bottom);
    const firstTop = (first || last).getBoundingClientRect().top;
    if (firstTop - delta < top) delta = firstTop - top;
    if (delta !== 0) window.scrollBy(0, delta);
  }

  function showTyping(on) {
    const box = document.querySelector('#typing .typing-box');
    box.hidden = !on;
    if (on) reveal(box, box);
  }

  function showScreen(name) {
    $('welcome').hidden = name !== 'welcome';
    $('chat').hidden = name !== 'chat';
  }

  function announce(text) {
    const el = $('announcer');
    el.textContent = '';
    window.setTimeout(() => { el.textContent = text; }, 50);
  }

  // ------------------------------------------------------------------ server

  async function postJSON(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body || {}),
      credentials: 'omit',
      cache: 'no-store',
    });
  }

  /* A refused request: its status and, for a 429, how many seconds to wait. */
  class Refused extends Error {
    constructor(status, waitS) {
      super('refused ' + status);
      this.status = status;
      this.waitS = waitS;
    }
  }

  async function refusal(response) {
    let wait = parseInt(response.headers.get('Retry-After') || '', 10);
    try {
      const data = await response.json();
      if (data && Number.isFinite(data.retry_after)) wait = Math.ceil(data.retry_after);
    } catch (e) { /* no body */ }
    return new Refused(response.status, Number.isFinite(wait) && wait > 0 ? wait : DEFAULT_WAIT_S);
  }

  function ensureSession() {
    if (state.conversation_id) return Promise.resolve(state.conversation_id);
    if (!sessionRequest) {
      const gen = generation;
      sessionRequest = (async () => {
        const response = await postJSON('/api/session');
        if (!response.ok) throw await refusal(response);
        const data = await response.json();
        if (gen !== generation || exiting) throw new Error('stale');
        state.conversation_id = data.conversation_id;
        if (typeof data.exit_url === 'string' && /^https?:\/\//i.test(data.exit_url)) {
          state.exit_url = data.exit_url;
        }
        saveState();
        return state.conversation_id;
      })().finally(() => { sessionRequest = null; });
    }
    return sessionRequest;
  }

  function waitText(seconds) {
    if (seconds < 60) return fill(t(seconds === 1 ? 'second' : 'seconds'), { n: seconds });
    const minutes = Math.ceil(seconds / 60);
    return fill(t(minutes === 1 ? 'minute' : 'minutes'), { n: minutes });
  }

  /* The page's own answer when a message did not get through. */
  function localAnswer(key, values) {
    return { messages: [{ text: fill(t(key), values || {}), kind: 'system', local: key, values }], delivered: false };
  }

  function answerFor(error) {
    if (error instanceof Refused && error.status === 429) return localAnswer('rate_limited', { wait: waitText(error.waitS) });
    if (error instanceof Refused && error.status === 503) return localAnswer('busy');
    return localAnswer('network_error');
  }

  /* `withCountry` is false for the greeting: the bot keeps a country it was once told, so the
   * country question after the greeting comes before the first country is sent. */
  async function postMessage(text, withCountry) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let response;
      try {
        const id = await ensureSession();
        const language = chatLanguage();
        const body = { conversation_id: id, text, language };
        if (language === 'sv' && state.register === EASY) body.register = EASY;
        if (state.register === PLAIN) body.register = PLAIN;
        const country = withCountry ? sentCountry() : null;
        if (country) body.country = country;
        response = await postJSON('/api/message', body);
      } catch (e) {
        return answerFor(e);
      }
      if (response.status === 401 && attempt === 0) {
        // The gateway no longer knows this conversation (restarted, or expired): start anew.
        state.conversation_id = null;
        continue;
      }
      if (!response.ok) return answerFor(await refusal(response));
      if (state.register === PLAIN) {   // said once; the bot holds it
        state.register = null;
        saveState();
      }
      try {
        const data = await response.json();
        return {
          messages: Array.isArray(data.messages) ? data.messages : [],
          delivered: data.delivered === true,
        };
      } catch (e) {
        return localAnswer('network_error');
      }
    }
    return localAnswer('network_error');
  }

  // ------------------------------------------------------------------ conversation

  /* The page's own texts name only 112, which the page knows: a tel: link for each. */
  function localNumbers(text) {
    const found = [];
    const cps = Array.from(text);
    for (let i = 0; i + 3 <= cps.length; i += 1) {
      if (cps.slice(i, i + 3).join('') === '112' && !/\d/.test(cps[i - 1] || '') && !/\d/.test(cps[i + 3] || '')) {
        found.push({ start: i, end: i + 3, tel: '112' });
      }
    }
    return found;
  }

  /* `sentIn`: the language the message it answers was sent in. The server names the language of
   * the bot's own texts; other answers to a message in a full language are in it (the bot follows
   * the page's choice), and an answer's language is left unknown otherwise. */
  function botMessage(m, sentIn) {
    const msg = { from: 'bot', text: m.text, kind: KINDS.includes(m.kind) ? m.kind : 'answer' };
    if (m.local) msg.lang = uiLang;
    else if (knownLanguage(m.language)) msg.lang = m.language;
    else if (FULL_LANGUAGES.includes(sentIn)) msg.lang = sentIn;
    if (m.local) msg.numbers = localNumbers(m.text);
    else if (Array.isArray(m.numbers)) msg.numbers = m.numbers;
    if (msg.kind === 'crisis' && Array.isArray(m.quiet)) msg.quiet = m.quiet;
    if (Array.isArray(m.buttons) && m.buttons.length) {
      msg.buttons = m.buttons
        .filter((b) => b && typeof b.title === 'string' && typeof b.payload === 'string')
        .map((b) => ({ title: b.title, payload: b.payload }));
    }
    return msg;
  }

  /* Sends `text` (typed, or a button's payload). `shown` is what the user's bubble says; null for
   * the greeting sent on the person's behalf when they pick a language. */
  async function send(text, shown) {
    if (busy || exiting) return false;
    busy = true;
    const gen = generation;
    clearQuickReplies();
    let userMsg = null;
    let userEl = null;
    if (shown !== null) {
      // The country question is asked once, before the first message; after that, the menu.
      if (!state.country_asked) {
        state.country_asked = true;
        showCountryQuestion(false);
      }
      userMsg = { from: 'user', text: shown };
      if (text !== shown) userMsg.send = text;
      state.messages.push(userMsg);
      userEl = renderMessage(userMsg, true);
      saveState();
      reveal(userEl, userEl);
    }
    showTyping(true);
    const sentIn = chatLanguage();
    let result;
    try {
      result = await postMessage(text, shown !== null);
    } finally {
      if (gen === generation) {
        showTyping(false);
        busy = false;
      }
    }
    if (gen !== generation || exiting) return false;
    if (!result.delivered && userMsg) {
      userMsg.failed = true;
      markFailed(userEl, userMsg);
    }
    let first = null;
    let last = null;
    const answers = result.messages.filter((m) => m && typeof m.text === 'string');
    // Never leave the person without an answer.
    if (!answers.length) answers.push({ text: t('no_answer'), kind: 'system', local: 'no_answer' });
    const said = answers.map((m) => botMessage(m, sentIn));
    // An answer from the bot to something the person sent can be rated (once, under the turn's
    // last answer); crisis cards, fallbacks, the greeting and stand-in answers cannot.
    if (result.delivered && shown !== null) {
      const rateable = said.filter((m) => m.kind === 'answer');
      if (rateable.length) rateable[rateable.length - 1].rate = true;
    }
    for (const msg of said) {
      state.messages.push(msg);
      last = renderMessage(msg, true);
      if (!first) first = last;
    }
    if (shown === null && !state.country_asked && !otherLanguage(sentIn)) showCountryQuestion(true);
    saveState();
    reveal(first, last);
    return result.delivered;
  }

  /* "Try again" on a message that did not get through: it is sent again, as the newest. */
  function retry(msg, el, byKeyboard) {
    if (busy || exiting) return;
    const i = state.messages.indexOf(msg);
    if (i >= 0) state.messages.splice(i, 1);
    el.remove();
    focusAfterQuickReply(byKeyboard);
    send(typeof msg.send === 'string' ? msg.send : msg.text, msg.text);
  }

  /* What is sent for the person when they pick a language: a greeting, or in a language the bot
   * answers only in danger, the request for who it is and the way to help, in that language. */
  function openingText(lang) {
    if (otherLanguage(lang)) return OTHER_LANGUAGE_PAYLOAD;
    return t('greeting') || GREETINGS[lang] || GREETINGS.sv;
  }

  async function start(lang, register) {
    if (busy || !knownLanguage(lang)) return;
    chooseLanguage(lang, register);
    closeOtherLanguages();
    showScreen('chat');
    $('log').focus({ preventScroll: true });
    window.scrollTo(0, 0);
    await send(openingText(lang), null);
  }

  function clearConversation() {
    const id = state.conversation_id;
    generation += 1;
    busy = false;
    showTyping(false);
    sessionRequest = null;
    if (id) forgetOnServer(id);
    const exitUrl = state.exit_url;
    state = blankState();
    state.exit_url = exitUrl;
    try { sessionStorage.removeItem(STORE_KEY); } catch (e) { /* storage unavailable */ }
    $('log').replaceChildren();
    $('message-input').value = '';
    showCountryQuestion(false);
    closeOtherLanguages();
    orderCountries();
    showScreen('welcome');
    window.scrollTo(0, 0);
    $('welcome-heading').focus();
    announce(t('cleared'));
    ensureSession().catch(() => {});
  }

  // ------------------------------------------------------------------ wiring

  function onSubmit(event) {
    event.preventDefault();
    const input = $('message-input');
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    send(text, text);
  }

  function onInputKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      const form = $('composer');
      if (typeof form.requestSubmit === 'function') form.requestSubmit();
      else form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  }

  function wire() {
    document.querySelectorAll('[data-start]').forEach((button) => {
      button.addEventListener('click', () => {
        start(button.getAttribute('data-start'), button.getAttribute('data-register')).catch(() => {});
      });
    });
    $('language-select').addEventListener('change', (event) => onLanguageMenu(event.target.value));
    wireOtherLanguages();
    $('country-select').addEventListener('change', (event) => {
      chooseCountry(event.target.value);
    });
    document.querySelectorAll('[data-country]').forEach((button) => {
      button.addEventListener('click', (event) => {
        if (busy) return;
        chooseCountry(button.getAttribute('data-country'), event.detail === 0);
      });
    });
    $('clear-button').addEventListener('click', clearConversation);
    // To the note on quick exit without a "#…" entry in the history (quick exit replaces one
    // entry only: Back must not lead to this page).
    $('exit-note-link').addEventListener('click', (event) => {
      event.preventDefault();
      const heading = $('exit-note-heading');
      heading.scrollIntoView({ block: 'start' });
      heading.focus({ preventScroll: true });
    });
    // The page on covering tracks takes this page's place in the history, for the same reason.
    document.querySelectorAll('a[data-replace]').forEach((link) => {
      link.addEventListener('click', (event) => {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        saveState();
        window.location.replace(link.getAttribute('href'));
      });
    });
    $('composer').addEventListener('submit', onSubmit);
    $('message-input').addEventListener('keydown', onInputKey);
  }

  /* "Other languages": a button that shows and hides its list (Escape closes it); a language in
   * it starts the chat on the first screen, and goes on in it in the chat. */
  function wireOtherLanguages() {
    document.querySelectorAll('.other-toggle').forEach((toggle) => {
      toggle.addEventListener('click', () => {
        showOtherLanguages(toggle, toggle.getAttribute('aria-expanded') !== 'true');
      });
    });
    document.querySelectorAll('[data-other-languages]').forEach((panel) => {
      const toggle = document.querySelector(`.other-toggle[aria-controls="${panel.id}"]`);
      panel.addEventListener('click', (event) => {
        const button = event.target.closest('[data-language]');
        if (!button) return;
        const lang = button.getAttribute('data-language');
        if (panel.closest('#welcome')) start(lang, null).catch(() => {});
        else chooseOtherLanguage(lang, event.detail === 0);
      });
      panel.addEventListener('keydown', (event) => {
        if (event.key !== 'Escape') return;
        showOtherLanguages(toggle, false);
        toggle.focus();
      });
    });
  }

  async function loadStrings() {
    try {
      const response = await fetch('/static/i18n.json', { credentials: 'omit' });
      if (response.ok) strings = await response.json();
    } catch (e) { /* the page keeps the Swedish texts it was served with */ }
  }

  async function init() {
    // Quick exit works from the first moment, before anything else has loaded.
    $('exit-button').addEventListener('click', quickExit);
    window.addEventListener('keydown', onKeyDown, true);
    loadState();
    renderOtherLanguages();
    wire();
    await Promise.all([loadStrings(), loadConfig()]);
    if (exiting) return;
    renderOtherLanguages();
    applyLanguage(state.language || browserLanguage());
    if (state.language) {
      showScreen('chat');
      renderAll();
      showCountryQuestion(!state.country_asked && state.messages.length > 0 && !otherLanguage(state.language));
      const lastEl = $('log').lastElementChild;
      if (lastEl) reveal(lastEl, lastEl);
      // Reloaded before the greeting arrived: ask for it again.
      if (!state.messages.length) send(openingText(state.language), null);
    } else {
      showScreen('welcome');
    }
    ensureSession().catch(() => {});
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
