/* The page on covering one's tracks: its language (the chat's, else the browser's, else the
 * person's choice here) and the same quick exit as the chat. Nothing is stored: the chat's state
 * in this tab's sessionStorage is only read, and quick exit clears it. */
'use strict';

(function () {
  const STORE_KEY = 'chat';
  const LANGUAGES = ['sv', 'nb', 'en'];
  const FALLBACK_EXIT_URL = 'https://www.yr.no/';
  const SHIFT_PRESSES = 3;
  const SHIFT_WINDOW_MS = 1000;

  let strings = {};
  let lang = 'sv';
  let exiting = false;
  let shiftTimes = [];

  const $ = (id) => document.getElementById(id);

  function chatState() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
      return saved && typeof saved === 'object' ? saved : {};
    } catch (e) {
      return {};
    }
  }

  // ------------------------------------------------------------------ quick exit

  function quickExit() {
    if (exiting) return;
    exiting = true;
    const saved = chatState();
    const id = typeof saved.conversation_id === 'string' ? saved.conversation_id : null;
    const url = typeof saved.exit_url === 'string' && /^https?:\/\//i.test(saved.exit_url)
      ? saved.exit_url : FALLBACK_EXIT_URL;
    try { sessionStorage.clear(); } catch (e) { /* storage unavailable */ }
    document.title = '';
    document.body.replaceChildren();
    if (id) forgetOnServer(id);
    window.location.replace(url);
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

  // ------------------------------------------------------------------ language

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

  function t(key) {
    const table = strings[lang] || {};
    return typeof table[key] === 'string' ? table[key] : '';
  }

  function show(chosen, moveFocus) {
    lang = LANGUAGES.includes(chosen) ? chosen : 'sv';
    document.documentElement.lang = lang;
    document.title = t('title') || (lang === 'sv' ? 'Chatt' : 'Chat');
    document.querySelectorAll('[data-i18n]').forEach((el) => {
      const text = t(el.getAttribute('data-i18n'));
      if (text) el.textContent = text;
    });
    document.querySelectorAll('[data-i18n-aria-label]').forEach((el) => {
      const text = t(el.getAttribute('data-i18n-aria-label'));
      if (text) el.setAttribute('aria-label', text);
    });
    document.querySelectorAll('[data-text]').forEach((el) => {
      el.hidden = el.getAttribute('data-text') !== lang;
    });
    document.querySelectorAll('[data-lang]').forEach((el) => {
      el.setAttribute('aria-pressed', String(el.getAttribute('data-lang') === lang));
    });
    if (moveFocus) {
      const heading = document.querySelector(`[data-text="${lang}"] h1`);
      if (heading) heading.focus();
    }
  }

  // ------------------------------------------------------------------ start

  async function init() {
    $('exit-button').addEventListener('click', quickExit);
    window.addEventListener('keydown', onKeyDown, true);
    // Back to the chat in this page's place in the history: quick exit replaces one entry.
    $('back-link').addEventListener('click', (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      window.location.replace($('back-link').getAttribute('href'));
    });
    // A language pressed before the page's texts have loaded still wins once they have.
    let picked = null;
    document.querySelectorAll('[data-lang]').forEach((button) => {
      button.addEventListener('click', () => {
        picked = button.getAttribute('data-lang');
        show(picked, true);
      });
    });
    try {
      const response = await fetch('/static/i18n.json', { credentials: 'omit' });
      if (response.ok) strings = await response.json();
    } catch (e) { /* the page keeps the texts it was served with */ }
    if (exiting) return;
    const saved = chatState();
    show(picked || (LANGUAGES.includes(saved.language) ? saved.language : browserLanguage()), false);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
