// Boot and routing: the shell (tabs, corpus panel, messages, player), then one chapter at a time.
import { chapters } from './chapters/index.js';
import { CorpusPanel } from './corpus-panel.js';
import { h } from './dom.js';
import { defaultLang, getLang, setLang, t, translate } from './i18n.js';
import { EXAMPLE_FIELDS, examplesFor } from './examples.js';
import { Messages } from './messages.js';
import { Player } from './player.js';
import { applyHash, defaultOf, onState, readHash, setState, state, syncHash, toHash } from './state.js';
import { WorkerClient } from './worker-client.js';

const $ = (sel) => document.querySelector(sel);

readHash();
setLang(state.lang || defaultLang());

const messages = new Messages($('#messages'));
const player = new Player($('#player'));
const worker = new WorkerClient();
worker.onfatal = (err) => messages.show('error', t('app.loadFailed', { error: err.message }), 'fatal');

let current = null; // {chapter, instance}
let corpusInfo = null;

/** What a chapter gets. Its messages carry its id: they leave with it, and a late reply from a
 * chapter that was already left shows nothing. */
function contextFor(ch) {
  const mine = () => current?.chapter === ch;
  return {
    worker,
    player,
    state,
    setState,
    t,
    message: (kind, text, key) => { if (mine()) messages.show(kind, text, key, ch.id); },
    clearMessage: (key) => messages.clear(key),
    corpus: () => corpusInfo,
    /** The example words of the current text (examples.js): never English on a Korean text. */
    examples: () => examplesFor(corpusInfo, getLang()),
    /** Opens another chapter (a button that leads on, e.g. the Transformer's "open in the pretrained chapter"). */
    go: (id) => show(id, { focus: true }),
  };
}

function chapterIndex(id) {
  const i = chapters.findIndex((c) => c.id === id);
  return i < 0 ? 0 : i;
}

// A tab links to its chapter with every setting (a link copied from a tab, or opened in a new tab,
// is a complete shared link); the hrefs follow the state.
const tabHref = (id) => toHash({ ...state, chapter: id });

function renderTabs() {
  const ol = $('#chapter-tabs');
  ol.replaceChildren(...chapters.map((ch, i) => h('li', h('a', {
    href: tabHref(ch.id),
    'aria-current': ch.id === current?.chapter.id ? 'page' : null,
    dataset: { chapter: ch.id },
    title: t('nav.keys'), // ← and → also move between chapters
  }, h('span.num', String(i + 1)), ch.title[state.lang] ?? ch.title.en))));
}

function show(id, { focus = false } = {}) {
  const ch = chapters[chapterIndex(id)];
  if (current?.chapter === ch) return;
  if (current) {
    player.unbind();
    try { current.instance?.unmount?.(); } catch (err) { console.error(err); }
    messages.clearOwner(current.chapter.id);
  }
  const root = $('#chapter');
  root.replaceChildren();
  root.dataset.chapter = ch.id;
  current = { chapter: ch, instance: null };
  if (state.chapter !== ch.id) setState({ chapter: ch.id });
  current.instance = ch.mount(root, contextFor(ch));
  if (corpusInfo) current.instance?.onCorpus?.(corpusInfo);
  renderTabs();
  document.title = `${ch.title[state.lang] ?? ch.title.en} · ${t('app.title')}`;
  if (focus) root.focus({ preventScroll: true });
}

/** Mounts the chapter the state names afresh (after a language or settings change). */
function remount() {
  const id = state.chapter;
  current && player.unbind();
  try { current?.instance?.unmount?.(); } catch (err) { console.error(err); }
  if (current) messages.clearOwner(current.chapter.id);
  current = null;
  show(id);
}

/** Switches the interface language (the chapter must be remounted to show it). */
function applyLanguage(lang) {
  setLang(lang);
  setState({ lang });
  translate();
  player.retranslate();
  panel.render();
  markLang();
}

function setLanguage(lang) {
  applyLanguage(lang);
  remount();
}

/** The pressed language button is the language the page shows (on a first visit: the browser's). */
function markLang() {
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === getLang()));
}

/** The '#…' part of a URL ('' when it has none). */
function hashOf(url) {
  const i = String(url ?? '').indexOf('#');
  return i < 0 ? '' : String(url).slice(i);
}

function isEditable(el) {
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

document.addEventListener('keydown', (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || isEditable(e.target)) return;
  const i = chapterIndex(current?.chapter.id);
  if (e.key === 'ArrowRight' && i < chapters.length - 1) { show(chapters[i + 1].id, { focus: true }); e.preventDefault(); }
  else if (e.key === 'ArrowLeft' && i > 0) { show(chapters[i - 1].id, { focus: true }); e.preventDefault(); }
  else if (player.key(e)) e.preventDefault();
});

// A changed hash (a pasted or clicked link, a tab, back/forward) is applied: the page shows what
// its URL says. The page's own URL updates use history.replaceState, which fires no hashchange —
// but one may run between the navigation and its (queued) hashchange event, e.g. a state change
// made by a click or a worker reply in between, and rewrite location.hash back to the old state.
// So the link applied is the event's own newURL, never location.hash read late.
window.addEventListener('hashchange', (e) => {
  const before = applyHash(hashOf(e.newURL));
  const same = (k) => JSON.stringify(before[k]) === JSON.stringify(state[k]);
  const lang = state.lang || defaultLang();
  const langChanged = lang !== getLang();
  if (langChanged) applyLanguage(lang);
  if (!same('ui')) showPanel(state.ui.panel !== false);
  if (!same('corpus')) panel.follow(before.corpus);
  const settings = Object.keys(state).filter((k) => !['chapter', 'lang', 'corpus', 'ui'].includes(k));
  if (langChanged || !settings.every(same)) remount();
  else if (state.chapter !== current?.chapter.id) show(state.chapter);
  syncHash(); // the URL names every setting again, in the page's own order
});

for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLanguage(b.dataset.lang));
markLang();

const panelEl = $('#corpus-panel');
const toggle = $('#toggle-corpus');
function showPanel(open) {
  panelEl.hidden = !open;
  toggle.setAttribute('aria-expanded', String(open));
}
toggle.addEventListener('click', () => {
  setState({ ui: { panel: panelEl.hidden } });
  showPanel(state.ui.panel);
});
showPanel(state.ui.panel !== false);

const panel = new CorpusPanel(panelEl, {
  worker,
  messages,
  onCorpus: (info) => {
    // Another text (not the same one tokenised otherwise): example fields follow the new text.
    if (corpusInfo && corpusInfo.key !== info.key) {
      setState(Object.fromEntries(Object.entries(EXAMPLE_FIELDS).map(([sec, keys]) => [sec, Object.fromEntries(keys.map((k) => [k, defaultOf(sec, k)]))])));
    }
    corpusInfo = info;
    current?.instance?.onCorpus?.(info);
  },
  onBusy: (busy) => document.body.classList.toggle('busy', busy),
});

onState((s, patch) => {
  if ('lang' in patch) document.documentElement.lang = s.lang;
  for (const a of document.querySelectorAll('#chapter-tabs a')) a.setAttribute('href', tabHref(a.dataset.chapter));
});

setState({ lang: state.lang || defaultLang() });
translate();
show(state.chapter);
panel.init().then(() => {
  document.body.dataset.ready = 'true';
  // The offline copy (www/sw.js): registered once the page works, so it never delays the first view.
  if ('serviceWorker' in navigator && window.isSecureContext) navigator.serviceWorker.register('sw.js').catch(() => {});
}, (err) => messages.show('error', t('app.loadFailed', { error: err.message }), 'fatal'));
