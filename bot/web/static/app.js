/* Stödlotsen's chat page. Plain JavaScript, no dependencies, nothing from another origin.
 *
 * Privacy: the conversation lives only in this tab's sessionStorage (never localStorage, no
 * cookies). Quick exit (button, or Shift three times within a second) empties the page and
 * sessionStorage, tells the server to forget the conversation and replaces this page in the
 * history with a neutral one. Bot text is only ever put into the page with textContent and
 * DOM nodes, never as HTML. Thumbs up / down under an answer sends only "up" or "down" (with the
 * conversation id, which the server checks and does not keep); which answer it was is not sent.
 */
'use strict';

(function () {
  const STORE_KEY = 'chat';
  const LANGUAGES = ['sv', 'nb', 'en'];
  const COUNTRIES = ['', 'SE', 'NO'];
  const FALLBACK_EXIT_URL = 'https://www.yr.no/';
  const GREETINGS = { sv: 'hej', nb: 'hei', en: 'hello' };
  const SHIFT_PRESSES = 3;
  const SHIFT_WINDOW_MS = 1000;
  const RATINGS = ['up', 'down'];
  // A thumb drawn for this page (thumbs down is the same, turned by CSS).
  const THUMB_PATH = 'M2 10h4v11H2z M7 10l4-7c1.5 0 2.5 1 2.2 2.6L12.6 9H19a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.8 20H7z';
  // Web addresses and bare domains in bot text ("bris.se", "https://…").
  const LINK_RE = /\bhttps?:\/\/[^\s<>()]+|\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:se|no|com|org|net|nu|eu|info)\b(?:\/[^\s<>()]*)?/gi;

  let strings = {};
  let uiLang = 'sv';
  let state = blankState();
  let busy = false;
  let exiting = false;
  let generation = 0;          // bumped when the conversation is cleared: late replies are dropped
  let sessionRequest = null;
  let shiftTimes = [];

  function blankState() {
    return { conversation_id: null, exit_url: null, language: null, country: '', messages: [] };
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
      if (LANGUAGES.includes(saved.language)) s.language = saved.language;
      if (COUNTRIES.includes(saved.country)) s.country = saved.country;
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

  function t(key) {
    const table = strings[uiLang] || {};
    if (typeof table[key] === 'string') return table[key];
    const sv = strings.sv || {};
    return typeof sv[key] === 'string' ? sv[key] : '';
  }

  function browserLanguage() {
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    for (const tag of wanted) {
      const base = String(tag).toLowerCase().split('-')[0];
      if (base === 'sv') return 'sv';
      if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
      if (base === 'en') return 'en';
    }
    return 'sv';
  }

  function applyLanguage(lang) {
    uiLang = LANGUAGES.includes(lang) ? lang : 'sv';
    document.documentElement.lang = uiLang;
    if (t('title')) document.title = t('title');
    document.querySelectorAll('[data-i18n]').forEach((el) => {
      const text = t(el.getAttribute('data-i18n'));
      if (text) el.textContent = text;
    });
    document.querySelectorAll('[data-i18n-aria-label]').forEach((el) => {
      const text = t(el.getAttribute('data-i18n-aria-label'));
      if (text) el.setAttribute('aria-label', text);
    });
    $('language-select').value = uiLang;
  }

  // ------------------------------------------------------------------ rendering

  function appendWithLinks(parent, text) {
    let last = 0;
    for (const match of text.matchAll(LINK_RE)) {
      const shown = match[0].replace(/[.,;:!?'"”»]+$/, '');
      if (!shown) continue;
      parent.append(text.slice(last, match.index));
      const link = document.createElement('a');
      link.href = /^https?:\/\//i.test(shown) ? shown : 'https://' + shown;
      link.textContent = shown;
      link.rel = 'noopener noreferrer';
      link.target = '_blank';
      const hint = document.createElement('span');
      hint.className = 'visually-hidden';
      hint.setAttribute('data-i18n', 'new_tab');
      hint.textContent = ' ' + t('new_tab');
      link.append(hint);
      parent.append(link);
      last = match.index + shown.length;
    }
    parent.append(text.slice(last));
  }

  function speakerLabel(from) {
    const label = document.createElement('span');
    label.className = 'visually-hidden';
    label.setAttribute('data-i18n', from === 'user' ? 'you' : 'bot');
    label.textContent = t(from === 'user' ? 'you' : 'bot') + ' ';
    return label;
  }

  function markFailed(el) {
    if (el.classList.contains('msg-failed')) return;
    el.classList.add('msg-failed');
    const mark = document.createElement('span');
    mark.className = 'msg-status';
    const icon = document.createElement('span');
    icon.className = 'msg-status-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = '!';
    const text = document.createElement('span');
    text.setAttribute('data-i18n', 'not_delivered');
    text.textContent = t('not_delivered');
    mark.append(icon, text);
    el.append(mark);
  }

  function renderMessage(msg) {
    const el = document.createElement('div');
    el.className = 'msg ' + (msg.from === 'user' ? 'msg-user' : 'msg-bot');
    const body = document.createElement('p');
    body.className = 'msg-text';
    body.append(speakerLabel(msg.from));
    if (msg.from === 'bot') appendWithLinks(body, msg.text);
    else body.append(msg.text);
    el.append(body);
    if (msg.from === 'user' && msg.failed) markFailed(el);
    // Before the reply options, so that those stay one Shift+Tab back from the message field.
    if (msg.from === 'bot' && msg.rate === true) el.append(renderRating(msg));
    if (msg.from === 'bot' && Array.isArray(msg.buttons) && msg.buttons.length) {
      el.append(renderQuickReplies(msg.buttons));
    }
    $('log').append(el);
    return el;
  }

  // ------------------------------------------------------------------ rating an answer

  function thumbIcon() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', THUMB_PATH);
    svg.append(path);
    return svg;
  }

  function ratingThanks() {
    const thanks = document.createElement('span');
    thanks.className = 'rating-thanks';
    thanks.tabIndex = -1;
    thanks.setAttribute('data-i18n', 'rate_thanks');
    thanks.textContent = t('rate_thanks');
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
      button.append(thumbIcon());
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
      button.className = 'quick-reply';
      button.textContent = b.title;
      button.addEventListener('click', (event) => {
        if (busy) return;
        // Keyboard users go on in the message field; the new options are one Shift+Tab back.
        const byKeyboard = event.detail === 0;
        focusAfterQuickReply(byKeyboard);
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
      renderMessage(m);
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

  function ensureSession() {
    if (state.conversation_id) return Promise.resolve(state.conversation_id);
    if (!sessionRequest) {
      const gen = generation;
      sessionRequest = (async () => {
        const response = await postJSON('/api/session');
        if (!response.ok) throw new Error('session ' + response.status);
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

  function localAnswer(key) {
    return { messages: [{ text: t(key) }], delivered: false };
  }

  async function postMessage(text) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let response;
      try {
        const id = await ensureSession();
        const body = { conversation_id: id, text, language: state.language || uiLang };
        if (state.country) body.country = state.country;
        response = await postJSON('/api/message', body);
      } catch (e) {
        return localAnswer('network_error');
      }
      if (response.status === 401 && attempt === 0) {
        // The gateway no longer knows this conversation (restarted, or expired): start anew.
        state.conversation_id = null;
        continue;
      }
      if (response.status === 429) return localAnswer('rate_limited');
      if (!response.ok) return localAnswer('network_error');
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
      userMsg = { from: 'user', text: shown };
      state.messages.push(userMsg);
      userEl = renderMessage(userMsg);
      saveState();
      reveal(userEl, userEl);
    }
    showTyping(true);
    let result;
    try {
      result = await postMessage(text);
    } finally {
      if (gen === generation) {
        showTyping(false);
        busy = false;
      }
    }
    if (gen !== generation || exiting) return false;
    if (!result.delivered && userMsg) {
      userMsg.failed = true;
      markFailed(userEl);
    }
    let first = null;
    let last = null;
    const answers = result.messages.filter((m) => m && typeof m.text === 'string');
    // An answer from the bot to something the person sent can be rated (once, under its last
    // message); the greeting and the page's or gateway's own stand-in answers cannot.
    const rateable = result.delivered && shown !== null && answers.length > 0;
    // Never leave the person without an answer.
    if (!answers.length) answers.push({ text: t('no_answer') });
    for (const [i, m] of answers.entries()) {
      const msg = { from: 'bot', text: m.text };
      if (rateable && i === answers.length - 1) msg.rate = true;
      if (Array.isArray(m.buttons) && m.buttons.length) {
        msg.buttons = m.buttons
          .filter((b) => b && typeof b.title === 'string' && typeof b.payload === 'string')
          .map((b) => ({ title: b.title, payload: b.payload }));
      }
      state.messages.push(msg);
      last = renderMessage(msg);
      if (!first) first = last;
    }
    saveState();
    reveal(first, last);
    return result.delivered;
  }

  async function start(lang) {
    if (busy) return;
    state.language = lang;
    applyLanguage(lang);
    saveState();
    showScreen('chat');
    $('log').focus({ preventScroll: true });
    window.scrollTo(0, 0);
    await send(t('greeting') || GREETINGS[lang], null);
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
    $('country-select').value = '';
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
        start(button.getAttribute('data-start')).catch(() => {});
      });
    });
    $('language-select').addEventListener('change', (event) => {
      const lang = event.target.value;
      if (!LANGUAGES.includes(lang)) return;
      state.language = lang;
      applyLanguage(lang);
      saveState();
    });
    $('country-select').addEventListener('change', (event) => {
      const country = event.target.value;
      state.country = COUNTRIES.includes(country) ? country : '';
      saveState();
    });
    $('clear-button').addEventListener('click', clearConversation);
    $('composer').addEventListener('submit', onSubmit);
    $('message-input').addEventListener('keydown', onInputKey);
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
    wire();
    await loadStrings();
    if (exiting) return;
    applyLanguage(state.language || browserLanguage());
    $('country-select').value = state.country;
    if (state.language) {
      showScreen('chat');
      renderAll();
      const lastEl = $('log').lastElementChild;
      if (lastEl) reveal(lastEl, lastEl);
      // Reloaded before the greeting arrived: ask for it again.
      if (!state.messages.length) send(t('greeting') || GREETINGS[state.language], null);
    } else {
      showScreen('welcome');
    }
    ensureSession().catch(() => {});
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
